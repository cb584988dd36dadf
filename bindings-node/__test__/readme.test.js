'use strict';
// The README's code blocks run as written against the simulator (docs examples are tests).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { startSimulator } = require('./helpers.js');

const run = promisify(execFile);
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const BLOCKS = [...README.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

let sim;
test.before(async () => {
  sim = await startSimulator(['--page-size', '2']);
  await sim.control('POST', '/received-texts', { count: 3 });
});
test.after(() => sim.stop());

test('the README has code blocks', () => {
  assert.ok(BLOCKS.length >= 3);
});

BLOCKS.forEach((code, i) => {
  test(`README block ${i + 1} runs`, async () => {
    const esm = /^import /m.test(code);
    // Inside the package, so 'govuk-notify' resolves by self-reference; top-level await needs ESM.
    const file = path.join(__dirname, 'fixtures', `.migrated-readme-${process.pid}-${i}.${esm ? 'mjs' : 'cjs'}`);
    const body = esm ? code : `(async () => {\n${code}\n})().catch((e) => { console.error(e); process.exit(1); });\n`;
    fs.writeFileSync(file, body);
    try {
      const { stdout } = await run(process.execPath, [file], {
        env: { ...process.env, NOTIFY_API_KEY: sim.key, NOTIFY_BASE_URL: sim.baseUrl },
      });
      assert.notEqual(stdout.trim(), '', 'the example printed something');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
