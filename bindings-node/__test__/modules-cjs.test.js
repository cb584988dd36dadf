'use strict';
// CommonJS consumers: require('govuk-notify') as the official client is required.
const test = require('node:test');
const assert = require('node:assert/strict');

test('require() gives the facade with the official export name', () => {
  const pkg = require('govuk-notify');
  assert.equal(typeof pkg.NotifyClient, 'function');
  assert.equal(typeof pkg.NotifyError, 'function');
  assert.ok(Object.isFrozen(pkg.ERROR_CODES));
  assert.match(pkg.VERSION, /^\d+\.\d+\.\d+/);
  // The official client's idiom.
  const NotifyClient = require('govuk-notify').NotifyClient;
  assert.equal(NotifyClient, pkg.NotifyClient);
  assert.equal(require.resolve('govuk-notify'), require.resolve('../index.js'));
});

test('require() and import() share one class, so instanceof works across module systems', async () => {
  const cjs = require('govuk-notify');
  const esm = await import('govuk-notify');
  assert.equal(esm.NotifyClient, cjs.NotifyClient);
  assert.equal(esm.NotifyError, cjs.NotifyError);
  assert.equal(esm.default, cjs);
});
