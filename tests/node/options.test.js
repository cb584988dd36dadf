'use strict';
// The cross-language table of bad client options (tests/options/cases.json): each gives the same
// error kind in every language, naming the option as Node spells it. The rules are the core's
// (govuk_notify::options); the same table runs for Rust, the C ABI and Python.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { NotifyClient, NotifyError, ERROR_CODES } = require(path.join(__dirname, '..', '..', 'bindings-node'));

const KEY = 'k-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'options', 'cases.json'), 'utf8'));

test('the table has cases', () => {
  assert.ok(cases.length >= 10);
});

for (const c of cases) {
  test(`bad option: ${c.name}`, async () => {
    // The constructor never throws for a bad setting (as the official client): every call rejects.
    const client = new NotifyClient(KEY, c.node);
    await assert.rejects(client.getAllTemplates(), (e) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.code, c.kind, c.name);
      assert.equal(e.field, c.field.node, c.name);
      return true;
    });
  });
}

test('ERROR_CODES is the core list, plus the callback helpers\' callback_auth', () => {
  for (const c of cases) assert.ok(ERROR_CODES.includes(c.kind));
  assert.deepEqual([...ERROR_CODES].sort(), [
    'argument', 'auth', 'callback_auth', 'daily_limit', 'http', 'internal', 'invalid_response',
    'not_found', 'rate_limited', 'server', 'timeout', 'transport', 'validation',
  ]);
});
