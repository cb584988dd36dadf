'use strict';
// What the packaging checks need to know about a built addon, read from the file itself: an ELF
// shared object for x86-64 that is stripped (no .symtab, no DWARF), and that reports a release
// build (BUILD_PROFILE, compiled in by build.rs) when it can be loaded here.
const fs = require('node:fs');

/** The section names of an ELF64 little-endian file, or null when it is not one. */
function elfSections(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) return null;
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  if (shoff + shnum * shentsize > buf.length || shstrndx >= shnum) return null;
  const header = (i) => shoff + i * shentsize;
  const strtab = Number(buf.readBigUInt64LE(header(shstrndx) + 0x18));
  const names = [];
  for (let i = 0; i < shnum; i++) {
    const start = strtab + buf.readUInt32LE(header(i));
    const end = buf.indexOf(0, start);
    names.push(buf.toString('latin1', start, end));
  }
  return { machine: buf.readUInt16LE(0x12), names };
}

/** The oldest glibc the linux-x64-gnu package supports, as napi-rs's own packages do (manylinux2014). */
const GLIBC_FLOOR = '2.17';

function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
  }
  return 0;
}

/**
 * The newest GLIBC_x.y symbol version the file refers to (the version names sit in .dynstr as
 * plain strings), or null when it names none.
 */
function newestGlibc(buf) {
  let newest = null;
  for (const m of buf.toString('latin1').matchAll(/GLIBC_(\d+\.\d+(?:\.\d+)?)\0/g)) {
    if (!newest || compareVersions(m[1], newest) > 0) newest = m[1];
  }
  return newest;
}

/** The problems with a built addon (an empty list when it is fit to ship). */
function inspectBinary(file) {
  const problems = [];
  const sections = elfSections(fs.readFileSync(file));
  if (!sections) return ['is not an ELF64 shared object'];
  if (sections.machine !== 0x3e) problems.push('is not built for x86-64');
  if (sections.names.includes('.symtab')) problems.push('is not stripped (it has a .symtab)');
  if (sections.names.some((n) => n.startsWith('.debug_'))) problems.push('carries debug information');
  const glibc = newestGlibc(fs.readFileSync(file));
  if (glibc && compareVersions(glibc, GLIBC_FLOOR) > 0) {
    problems.push(`needs GLIBC_${glibc}, newer than ${GLIBC_FLOOR} (build it with npm run build:platform)`);
  }
  if (process.platform === 'linux' && process.arch === 'x64') {
    let profile;
    try {
      profile = require(file).BUILD_PROFILE;
    } catch (e) {
      problems.push(`cannot be loaded: ${e.message}`);
    }
    if (profile !== undefined && profile !== 'release') problems.push(`is a ${profile} build, not a release build`);
  }
  return problems;
}

module.exports = { elfSections, inspectBinary, newestGlibc };
