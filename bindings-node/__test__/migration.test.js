'use strict';
// Migration: a program written for notifications-node-client runs unchanged except for its
// require(), and prints the same thing.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { startSimulator } = require('./helpers.js');

const run = promisify(execFile);
const ORIGINAL = path.join(__dirname, 'fixtures', 'legacy-app.js');
// Inside the package, so require('govuk-notify') resolves to this package by self-reference.
const MIGRATED = path.join(__dirname, 'fixtures', `.migrated-legacy-app-${process.pid}.js`);

test('a notifications-node-client program works with only its require() changed', async () => {
  const source = fs.readFileSync(ORIGINAL, 'utf8');
  const migrated = source.replace("require('notifications-node-client')", "require('govuk-notify')");
  assert.notEqual(migrated, source);
  assert.equal(migrated.split('\n').length, source.split('\n').length, 'only one line changes');
  fs.writeFileSync(MIGRATED, migrated);
  const sim = await startSimulator();
  try {
    const env = {
      ...process.env,
      NOTIFY_BASE_URL: sim.baseUrl,
      NOTIFY_API_KEY: sim.key,
      NOTIFY_TEMPLATES: JSON.stringify(sim.info.templates),
    };
    // Each run starts from the same simulator state.
    const fresh = async () => {
      await sim.control('POST', '/reset');
      await sim.control('POST', '/received-texts', { count: 2 });
    };
    await fresh();
    const before = await run(process.execPath, [ORIGINAL], { env });
    const officialUa = (await sim.requests()).map((r) => r.headers['user-agent']);
    await fresh();
    await sim.clearRequests();
    const after = await run(process.execPath, [MIGRATED], { env });
    const oursUa = (await sim.requests()).map((r) => r.headers['user-agent']);
    assert.match(before.stdout, /\ndone\n$/);
    assert.equal(after.stdout, before.stdout);
    assert.match(after.stdout, /no personalisation failed 400 /);
    assert.match(after.stdout, /unknown id failed 404 NoResultFound: No result found/);
    assert.match(after.stdout, /options error NotifyClient now uses an options configuration object/);
    assert.equal(after.stderr, '');

    assert.ok(officialUa.length > 0 && officialUa.every((u) => u.startsWith('NOTIFY-API-NODE-CLIENT/')));
    assert.equal(oursUa.length, officialUa.length, 'the same number of requests');
    assert.ok(oursUa.every((u) => u.startsWith('govuk-notify/')), 'the migrated run really used govuk-notify');
  } finally {
    fs.rmSync(MIGRATED, { force: true });
    await sim.stop();
  }
});
