'use strict';
// `npm run build:platform`: the Linux x64 (glibc) platform package's binary, as published — a
// release build linked against glibc 2.17's symbols, so it loads on every Linux that napi-rs's
// linux-x64-gnu packages support (RHEL/CentOS 7 and newer, Amazon Linux 2, Debian, Ubuntu), not
// only on the build machine's glibc. It uses cargo-zigbuild with zig (the same way the Python
// wheel is built with maturin --zig): `cargo zigbuild --release --target
// x86_64-unknown-linux-gnu.2.17`, then strips the symbol table (binutils' strip), copies the
// library into npm/linux-x64-gnu/ as the .node file and runs the prepack guard's inspection.
//
// Needs: cargo-zigbuild on PATH (`cargo install cargo-zigbuild`) and zig, either on PATH or as the
// PyPI package (`pip install ziglang`, found through python3 -m ziglang).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { inspectBinary } = require('./binary.js');

const root = path.resolve(__dirname, '..');
const name = 'govuk-notify.linux-x64-gnu.node';
const target = 'x86_64-unknown-linux-gnu';

function fail(message) {
  console.error(`build:platform: ${message}`);
  process.exit(1);
}

try {
  execFileSync('cargo-zigbuild', ['--version'], { stdio: 'ignore' });
} catch {
  fail('cargo-zigbuild is not on PATH: cargo install cargo-zigbuild --locked');
}
execFileSync('cargo', ['zigbuild', '--release', '-p', 'govuk-notify-node', '--target', `${target}.2.17`], {
  cwd: root,
  stdio: 'inherit',
});
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, '..', 'target');
const built = path.join(targetDir, target, 'release', 'libgovuk_notify_node.so');
const dest = path.join(root, 'npm', 'linux-x64-gnu', name);
fs.copyFileSync(built, dest);
execFileSync('strip', ['--strip-all', dest], { stdio: 'inherit' });
const problems = inspectBinary(dest);
if (problems.length) {
  fs.rmSync(dest);
  fail(`${name} ${problems.join('; ')}`);
}
console.log(`${path.relative(root, dest)}: ${(fs.statSync(dest).size / 1048576).toFixed(1)} MiB, release, stripped, glibc 2.17`);
