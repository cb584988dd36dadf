'use strict';
// The committed index.d.ts covers the whole API: `tsc --noEmit` over typed usage (CommonJS and
// ESM consumers, with @ts-expect-error lines that must fail), and it declares what index.js exports.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const PKG = path.resolve(__dirname, '..');

test('tsc --noEmit accepts the typed usage and rejects the @ts-expect-error lines', () => {
  const tsc = path.join(PKG, 'node_modules', 'typescript', 'bin', 'tsc');
  let out = '';
  try {
    out = execFileSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types', 'tsconfig.json')], {
      cwd: PKG,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  assert.equal(out.trim(), '');
});

test('index.d.ts declares every runtime export and every NotifyClient method', () => {
  const dts = fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8');
  const pkg = require('govuk-notify');
  for (const name of Object.keys(pkg)) {
    assert.match(dts, new RegExp(`export declare (class|const|function) ${name}\\b`), `${name} is declared`);
  }
  const methods = Object.getOwnPropertyNames(pkg.NotifyClient.prototype).filter((m) => m !== 'constructor');
  assert.ok(methods.length >= 17, methods.join());
  for (const m of methods) {
    assert.match(dts, new RegExp(`\\n  (readonly )?${m}[(:]`), `NotifyClient.${m} is declared`);
  }
  for (const code of pkg.ERROR_CODES) assert.ok(dts.includes(`'${code}'`), `error code ${code} is in NotifyErrorCode`);
});
