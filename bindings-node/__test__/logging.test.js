'use strict';
// Request logging the Node way: NODE_DEBUG=govuk-notify (util.debuglog) and the diagnostics channel
// `govuk-notify:request`, with the Python logger's redaction: method, path (no query), status and
// Notify's error class names — never the key, a token, a recipient, personalisation or a reference.
const test = require('node:test');
const assert = require('node:assert/strict');
const diagnosticsChannel = require('node:diagnostics_channel');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { NotifyClient } = require('govuk-notify');
const { startSimulator } = require('./helpers.js');

const run = promisify(execFile);
const PHONE = '07700900123';
const SECRET_NAME = 'Zanzibar-personalisation';
const REFERENCE = 'ref-Quokka-42';

let sim;
test.before(async () => {
  sim = await startSimulator();
});
test.after(() => sim.stop());

function secretsIn(text) {
  const secret = sim.key.slice(-36);
  return [secret, PHONE, SECRET_NAME, REFERENCE, 'Bearer', 'eyJ'].filter((s) => text.includes(s));
}

test('the diagnostics channel gets one message per request, with nothing secret', async () => {
  const seen = [];
  const listener = (message) => seen.push(message);
  diagnosticsChannel.subscribe('govuk-notify:request', listener);
  try {
    const client = new NotifyClient(sim.baseUrl, sim.key, { retry: false });
    await client.sendSms(sim.info.templates.sms, PHONE, { personalisation: { name: SECRET_NAME }, reference: REFERENCE });
    await assert.rejects(client.getNotificationById('0f0e0d0c-0b0a-4909-8807-060504030201'));
    let n = 0;
    for await (const _ of client.notifications({ reference: REFERENCE })) n += 1;
    assert.equal(n, 1);
  } finally {
    diagnosticsChannel.unsubscribe('govuk-notify:request', listener);
  }
  assert.deepEqual(seen.map((m) => [m.method, m.path, m.status]), [
    ['POST', '/v2/notifications/sms', 201],
    ['GET', '/v2/notifications/0f0e0d0c-0b0a-4909-8807-060504030201', 404],
    ['GET', '/v2/notifications', 200],
    ['GET', '/v2/notifications', 200],
  ]);
  assert.equal(seen[1].code, 'not_found');
  assert.equal(seen[1].summary, 'NoResultFound');
  for (const m of seen) assert.ok(m.durationMs >= 0);
  assert.deepEqual(secretsIn(JSON.stringify(seen)), []);
});

test('an argument refused before sending logs nothing (no request was made)', async () => {
  const seen = [];
  const listener = (message) => seen.push(message);
  diagnosticsChannel.subscribe('govuk-notify:request', listener);
  try {
    const client = new NotifyClient(sim.baseUrl, sim.key);
    await assert.rejects(client.sendSms('not-a-uuid', PHONE), { code: 'argument' });
  } finally {
    diagnosticsChannel.unsubscribe('govuk-notify:request', listener);
  }
  assert.deepEqual(seen, []);
});

test('NODE_DEBUG=govuk-notify prints the Python logger\'s lines to stderr, with nothing secret', async () => {
  const script = `
    const { NotifyClient } = require(${JSON.stringify(path.join(__dirname, '..'))});
    const client = new NotifyClient(process.env.BASE, process.env.KEY, { retry: false });
    (async () => {
      await client.sendSms(process.env.TPL, ${JSON.stringify(PHONE)}, { personalisation: { name: ${JSON.stringify(SECRET_NAME)} }, reference: ${JSON.stringify(REFERENCE)} });
      await client.getNotificationById('0f0e0d0c-0b0a-4909-8807-060504030201').catch(() => {});
    })();`;
  const env = { ...process.env, NODE_DEBUG: 'govuk-notify', BASE: sim.baseUrl, KEY: sim.key, TPL: sim.info.templates.sms };
  const { stderr } = await run(process.execPath, ['-e', script], { env });
  const lines = stderr.split('\n').filter((l) => l.includes('GOVUK-NOTIFY'));
  assert.equal(lines.length, 2, stderr);
  assert.match(lines[0], /API POST request on \/v2\/notifications\/sms finished with 201 in \d+\.\d{3}s/);
  assert.match(lines[1], /API GET request on \/v2\/notifications\/0f0e0d0c-\S+ failed with 404 'NoResultFound' after \d+\.\d{3}s/);
  assert.deepEqual(secretsIn(stderr), []);
  const quiet = await run(process.execPath, ['-e', script], { env: { ...env, NODE_DEBUG: '' } });
  assert.equal(quiet.stderr, '');
});
