'use strict';
// `npm pack` / `npm publish` guard (the packages' "prepack" script), so a package can never be
// made without its native binary:
//   node scripts/prepack.js main       in bindings-node: the Linux x64 platform package next to it
//                                      (npm/linux-x64-gnu) must hold a release, stripped binary, and
//                                      every platform package under npm/ must have this version;
//                                      they become the packed package.json's optionalDependencies
//                                      (napi-rs's layout: npm installs the one for the user's
//                                      platform). The committed package.json lists none, so that
//                                      `npm ci` in a checkout never looks for unpublished packages;
//   node scripts/prepack.js restore    (postpack) puts the committed package.json back.
//   node scripts/prepack.js refuse-publish   (prepublishOnly) refuses `npm publish` of a directory:
//                                      publish the packed tarballs instead (see README).
//   node scripts/prepack.js platform   in npm/<platform>: its binary ("main") must exist and be a
//                                      release, stripped build.
// Both copy the repository's LICENSE into the package (npm does not follow a symlink to it).
const fs = require('node:fs');
const path = require('node:path');
const { inspectBinary } = require('./binary.js');

const root = path.resolve(__dirname, '..');
const repoLicense = path.resolve(root, '..', 'LICENSE');

function fail(message) {
  console.error(`prepack: ${message}`);
  process.exit(1);
}

function checkPlatform(dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = path.join(dir, pkg.main);
  if (!fs.existsSync(file)) {
    fail(`${pkg.name}: ${pkg.main} is missing. Build it first: (cd bindings-node && npm run build:platform)`);
  }
  const problems = inspectBinary(file);
  if (problems.length) fail(`${pkg.name}: ${pkg.main} ${problems.join('; ')}. Rebuild with npm run build:platform`);
  return pkg;
}

function copyLicense(dir) {
  if (!fs.existsSync(repoLicense)) fail(`no LICENSE at ${repoLicense}`);
  fs.copyFileSync(repoLicense, path.join(dir, 'LICENSE'));
}

const mode = process.argv[2];
if (mode === 'platform') {
  checkPlatform(process.cwd());
  copyLicense(process.cwd());
} else if (mode === 'main') {
  const manifest = path.join(root, 'package.json');
  const saved = path.join(root, '.package.json.prepack');
  // A pack that failed before postpack left the manifest with optionalDependencies: start clean.
  if (fs.existsSync(saved)) fs.copyFileSync(saved, manifest);
  const main = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  if (main.optionalDependencies) fail('package.json must not list optionalDependencies: prepack adds them');
  checkPlatform(path.join(root, 'npm', 'linux-x64-gnu'));
  const optional = {};
  for (const dir of fs.readdirSync(path.join(root, 'npm')).sort()) {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'npm', dir, 'package.json'), 'utf8'));
    if (pkg.name !== `${main.name}-${dir}`) fail(`npm/${dir} is named ${pkg.name}, not ${main.name}-${dir}`);
    if (pkg.version !== main.version) fail(`${pkg.name} is ${pkg.version}, ${main.name} is ${main.version}`);
    optional[pkg.name] = pkg.version;
  }
  copyLicense(root);
  fs.copyFileSync(manifest, saved);
  fs.writeFileSync(manifest, `${JSON.stringify({ ...main, optionalDependencies: optional }, null, 2)}\n`);
} else if (mode === 'refuse-publish') {
  // npm publish from a directory sends the registry the package.json it reads after postpack,
  // i.e. without the optionalDependencies prepack put in the tarball: users would get no addon.
  fail('publish the tarballs made by `npm pack`, not the directory: ' +
    '(cd npm/linux-x64-gnu && npm pack) && npm pack && npm publish ./govuk-notify-linux-x64-gnu-<version>.tgz ' +
    '&& npm publish ./govuk-notify-<version>.tgz');
} else if (mode === 'restore') {
  const saved = path.join(root, '.package.json.prepack');
  if (fs.existsSync(saved)) {
    fs.copyFileSync(saved, path.join(root, 'package.json'));
    fs.rmSync(saved);
  }
} else {
  fail('usage: node scripts/prepack.js main|platform|restore|refuse-publish');
}
