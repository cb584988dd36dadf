// ES module consumers: named and default imports of 'govuk-notify'.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import defaultExport, { NotifyClient, NotifyError, ERROR_CODES, VERSION } from 'govuk-notify';
import * as namespace from 'govuk-notify';

const require = createRequire(import.meta.url);

test('named imports', () => {
  assert.equal(typeof NotifyClient, 'function');
  assert.equal(typeof NotifyError, 'function');
  assert.ok(ERROR_CODES.includes('rate_limited'));
  assert.equal(typeof VERSION, 'string');
});

test('the default export is the CommonJS module object', () => {
  assert.equal(defaultExport.NotifyClient, NotifyClient);
  // Every CommonJS export is also a named ESM export.
  assert.deepEqual(Object.keys(namespace).sort(), [...Object.keys(require('govuk-notify')), 'default'].sort());
});

test('import resolves to index.mjs, require to index.js, one class', () => {
  assert.equal(fileURLToPath(import.meta.resolve('govuk-notify')), fileURLToPath(new URL('../index.mjs', import.meta.url)));
  assert.equal(require('govuk-notify').NotifyClient, NotifyClient);
});

test('an ESM caller gets typed rejections', async () => {
  const client = new NotifyClient('not-a-key');
  await assert.rejects(client.getAllTemplates(), (e) => e instanceof NotifyError && e.code === 'argument');
});
