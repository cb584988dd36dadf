'use strict';
// Secret hygiene sweep (issue #8) for the Node binding: every operation and every error path, with
// every debug switch on, and the API key's secret and every issued token must never appear in
// anything a program could print or log.
//
// The calls run in a child process (this file again, with GN_SWEEP_CHILD set) whose stdout and
// stderr are captured whole, with NODE_DEBUG=* (Node's own debuglog for http, net, fetch...),
// DEBUG=* (the `debug` package convention), RUST_LOG=trace and RUST_BACKTRACE=full (the addon has
// no Rust log subscriber, so these must change nothing; set in case one is ever added). The child
// prints, for the client, every response and every error: util.inspect with showHidden and
// unlimited depth, String(), JSON.stringify, error.stack, error.response (inspected and as JSON),
// and console.error/console.warn/console.debug of the error itself. The parent then takes every
// token the simulator received (its recorded Authorization headers) and searches the child's whole
// output for each key's secret (with and without dashes, and its first half), each full key, each
// token and each token's signature.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const util = require('node:util');
const { spawn } = require('node:child_process');

const HELPERS = path.join(__dirname, '..', '..', 'bindings-node', '__test__', 'helpers.js');
const { ROOT, startSimulator, closedPort, PDF, ADDRESS } = require(HELPERS);

const WRONG_SECRET = '0badc0de-5ec2-4e7a-9d1b-c0ffee123456';
const RATE_LIMIT = JSON.stringify({
  status_code: 429,
  errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type TEST of 3000 requests per 60 seconds' }],
});

function forbiddenForKey(key) {
  const secret = key.slice(-36);
  return [key, secret, secret.replace(/-/g, ''), secret.slice(0, 18)];
}

// ---- the child: make the calls and print everything ---------------------------------------------

async function child() {
  const { NotifyClient, NotifyError } = require(path.join(ROOT, 'bindings-node'));
  const info = JSON.parse(process.env.GN_SWEEP_SIM);
  const key = info.keys.test;
  const t = info.templates;
  const control = async (method, p, body) => {
    const res = await fetch(info.control_url + p, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`control ${method} ${p}: ${res.status}`);
  };
  const fault = (f) => control('POST', '/faults', { times: 1, ...f });
  const out = (label, value) => {
    console.log(`== ${label}`);
    console.log(util.inspect(value, { showHidden: true, depth: Infinity, getters: true }));
    try {
      console.log(JSON.stringify(value));
    } catch (e) {
      console.log(`(not JSON: ${e.message})`);
    }
    console.log(String(value));
  };
  const make = (k, options = {}) => new NotifyClient(k, { baseUrl: info.base_url, retry: false, ...options });
  const tally = { calls: 0, errors: {} };

  async function ok(label, fn) {
    tally.calls++;
    const r = await fn();
    out(label, r);
    return r;
  }
  async function fails(label, code, fn) {
    tally.calls++;
    let caught;
    try {
      await fn();
    } catch (e) {
      caught = e;
    }
    if (!(caught instanceof NotifyError) || caught.code !== code) {
      console.log(`UNEXPECTED ${label}: wanted ${code}, got ${util.inspect(caught)}`);
      process.exitCode = 3;
      return;
    }
    tally.errors[code] = (tally.errors[code] || 0) + 1;
    out(label, caught);
    console.log(caught.stack);
    console.log(caught.message);
    if (caught.response) out(`${label} response`, caught.response);
    console.error(caught);
    console.warn(`${label}:`, caught);
    console.debug(util.format('%o', caught));
  }

  // Every operation.
  const c = make(key);
  out('client', c);
  const sms = await ok('sendSms', () => c.sendSms(t.sms, '07700900123', { personalisation: { name: 'A' }, reference: 'r1' }));
  await ok('sendEmail', () => c.sendEmail(t.email, 'amala@example.com', { personalisation: { name: 'A' } }));
  const upload = c.prepareUpload(Buffer.from('a,b\n1,2\n'), { filename: 'f.csv' });
  out('prepareUpload', upload);
  await ok('sendEmail file', () => c.sendEmail(t.email_file, 'amala@example.com', { personalisation: { link_to_file: upload } }));
  const letter = await ok('sendLetter', () => c.sendLetter(t.letter, { personalisation: { ...ADDRESS, name: 'A' } }));
  await ok('sendPrecompiledLetter', () => c.sendPrecompiledLetter('pre-1', PDF, 'first'));
  await ok('getNotificationById', () => c.getNotificationById(sms.data.id));
  await ok('getNotifications', () => c.getNotifications('sms', 'sending'));
  await ok('getPdfForLetterNotification', () => c.getPdfForLetterNotification(letter.data.id));
  await ok('getTemplateById', () => c.getTemplateById(t.sms));
  await ok('getTemplateByIdAndVersion', () => c.getTemplateByIdAndVersion(t.sms_versioned, 1));
  await ok('getAllTemplates', () => c.getAllTemplates('sms'));
  await ok('previewTemplateById', () => c.previewTemplateById(t.sms, { name: 'A' }));
  await control('POST', '/received-texts', { count: 4 });
  await ok('getReceivedTexts', () => c.getReceivedTexts());
  await ok('notifications()', async () => {
    const all = [];
    for await (const n of c.notifications({})) all.push(n);
    return all;
  });
  await ok('receivedTexts()', async () => {
    const all = [];
    for await (const n of c.receivedTexts({})) all.push(n);
    return all;
  });

  // Every error path.
  const wrong = make(key.slice(0, -36) + WRONG_SECRET);
  await fails('auth (wrong secret)', 'auth', () => wrong.getTemplateById(t.sms));
  await fails('auth (wrong secret, send)', 'auth', () => wrong.sendSms(t.sms, '07700900123', { personalisation: { name: 'A' } }));
  await control('POST', '/clock', { offset_secs: 45 });
  await fails('auth (clock skew)', 'auth', () => c.getTemplateById(t.sms));
  await control('POST', '/clock', { offset_secs: 0 });
  await fails('validation', 'validation', () => c.sendSms(t.sms, 'not a phone', { personalisation: { name: 'A' } }));
  await fails('not found', 'not_found', () => c.getNotificationById('8fef167e-9229-481d-97bb-59e41a2dbc60'));
  await fault({ method: 'POST', status: 429, body: RATE_LIMIT });
  await fails('429', 'rate_limited', () => c.sendSms(t.sms, '07700900123', { personalisation: { name: 'A' } }));
  await fault({ status: 500 });
  await fails('500', 'server', () => c.getTemplateById(t.sms));
  await fault({ status: 503, body: '', content_type: 'text/plain' });
  await fails('503 empty', 'server', () => c.getAllTemplates());
  await fault({ action: 'hang', delay_ms: 5000 });
  const quick = make(key, { timeout: 500 });
  await fails('timeout', 'timeout', () => quick.getTemplateById(t.sms));
  await control('DELETE', '/faults');
  const refused = new NotifyClient(key, { baseUrl: `http://127.0.0.1:${process.env.GN_SWEEP_CLOSED_PORT}`, retry: false });
  await fails('connection refused', 'transport', () => refused.sendSms(t.sms, '07700900123', { personalisation: { name: 'A' } }));
  await fault({ status: 200, body: '{not json', content_type: 'application/json' });
  await fails('invalid JSON response', 'invalid_response', () => c.getTemplateById(t.sms));
  await fault({ action: 'reset_mid_body' });
  await fails('reset mid-body', 'transport', () => c.getTemplateById(t.sms));
  await fault({ action: 'huge_body', body_bytes: 40 * 1024 * 1024, chunked: true });
  await fails('huge chunked body', 'invalid_response', () => c.getTemplateById(t.sms));
  await fails('argument (bad id)', 'argument', () => c.getNotificationById('nope'));
  await fails('argument (bad key)', 'argument', async () => make(key.slice(0, -1) + 'z').getTemplateById(t.sms));
  await fails('argument (short key)', 'argument', async () => make(key.slice(-36)).getTemplateById(t.sms));
  for (const [label, client] of Object.entries({ c, wrong, quick, refused })) out(`client ${label}`, client);
  console.log(`TALLY ${JSON.stringify(tally)}`);
}

// ---- the parent: run the child, collect the tokens, search ---------------------------------------

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.once('error', reject);
    p.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

if (process.env.GN_SWEEP_CHILD) {
  child().catch((e) => {
    console.log(`CHILD FAILED ${e && e.stack}`);
    process.exitCode = 2;
  });
} else {
  test('no secret or token in any output, log, inspection or error', { timeout: 120_000 }, async () => {
    const sim = await startSimulator();
    try {
      const env = {
        ...process.env,
        GN_SWEEP_CHILD: '1',
        GN_SWEEP_SIM: JSON.stringify(sim.info),
        GN_SWEEP_CLOSED_PORT: String(await closedPort()),
        NODE_DEBUG: '*',
        DEBUG: '*',
        RUST_LOG: 'trace',
        RUST_BACKTRACE: 'full',
      };
      const child = await run(process.execPath, [__filename], env);
      const output = `${child.stdout}\n${child.stderr}`;
      assert.equal(child.code, 0, `the sweep child failed (${child.code} ${child.signal}):\n${output.slice(-4000)}`);
      const tallyLine = child.stdout.split('\n').find((l) => l.startsWith('TALLY '));
      assert.ok(tallyLine, 'the child printed no tally');
      const tally = JSON.parse(tallyLine.slice('TALLY '.length));
      for (const code of ['auth', 'validation', 'not_found', 'rate_limited', 'server', 'timeout', 'transport', 'invalid_response', 'argument']) {
        assert.ok(tally.errors[code] > 0, `no ${code} error was exercised: ${tallyLine}`);
      }
      // NODE_DEBUG really is on: Node's own debug lines are in the output.
      assert.match(child.stderr, /^[A-Z_]+ \d+: /m, 'NODE_DEBUG produced no output');

      const recorded = await sim.requests();
      const requests = Array.isArray(recorded) ? recorded : recorded.requests;
      const tokens = [
        ...new Set(
          requests
            .map((r) => r.headers.authorization || '')
            .filter((a) => a.startsWith('Bearer '))
            .map((a) => a.slice('Bearer '.length)),
        ),
      ];
      assert.ok(requests.length >= 25 && tokens.length >= 2, `${requests.length} requests, ${tokens.length} distinct tokens`);
      const forbidden = [
        ...forbiddenForKey(sim.info.keys.test),
        ...forbiddenForKey(sim.info.keys.test.slice(0, -36) + WRONG_SECRET),
        ...tokens,
        ...tokens.map((tok) => tok.split('.').pop()),
      ];
      for (const f of forbidden) {
        assert.ok(!output.includes(f), `a secret or token (${f.slice(0, 6)}…) appears in the child's output`);
      }
      console.log(
        `secret sweep: ${tally.calls} calls, ${requests.length} recorded requests, ${tokens.length} distinct tokens, ` +
          `${Object.values(tally.errors).reduce((a, b) => a + b, 0)} errors, ${output.length} characters searched`,
      );
    } finally {
      await sim.stop();
    }
  });
}
