'use strict';
// `npm run build:platform`: the Linux x64 (glibc) platform package's binary, as published —
// a release build (napi build --release) into a scratch directory, stripped of its symbol table
// (binutils' strip: napi's own --strip leaves .symtab in place), copied into npm/linux-x64-gnu/
// and checked with the same inspection the prepack guard runs.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { inspectBinary } = require('./binary.js');

const root = path.resolve(__dirname, '..');
const name = 'govuk-notify.linux-x64-gnu.node';
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'govuk-notify-platform-'));
try {
  const napi = path.join(root, 'node_modules', '.bin', 'napi');
  execFileSync(napi, ['build', '--platform', '--release', '--no-js', '--output-dir', out], { cwd: root, stdio: 'inherit' });
  const built = path.join(out, name);
  execFileSync('strip', ['--strip-all', built], { stdio: 'inherit' });
  const problems = inspectBinary(built);
  if (problems.length) throw new Error(`${name} ${problems.join('; ')}`);
  const dest = path.join(root, 'npm', 'linux-x64-gnu', name);
  fs.copyFileSync(built, dest);
  console.log(`${path.relative(root, dest)}: ${(fs.statSync(dest).size / 1048576).toFixed(1)} MiB, release, stripped`);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
