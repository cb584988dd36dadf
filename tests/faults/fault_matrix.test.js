'use strict';
// The fault matrix for the Node binding: every cell of tests/faults/cells.json (one injected
// fault, one call) against the simulator. Checks the NotifyError `code`, `statusCode`,
// `retryable`, `clockSkewSeconds`, the number of requests the simulator saw, and (for the hang
// cells) that the call settled within timeout * 1.1 + 0.25 s. With FAULTS_RESULTS set, one JSON
// line per cell is appended to that file (for the README table). Run by tests/faults/run.sh.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const { NotifyClient, NotifyError } = require('../../bindings-node');

const ROOT = path.resolve(__dirname, '..', '..');
const SIMULATOR =
  process.env.GOVUK_NOTIFY_SIMULATOR || path.join(ROOT, 'target', 'debug', 'govuk-notify-simulator');
const SPEC = JSON.parse(fs.readFileSync(path.join(__dirname, 'cells.json'), 'utf8'));
const CELLS = SPEC.cells.filter((c) => (c.only || ['node']).includes('node'));
const WATCHDOG_MS = Number(process.env.FAULTS_WATCHDOG_S || 300) * 1000;

let sim;
let child;

async function startSimulator() {
  child = spawn(SIMULATOR, ['--port', '0', '--json', '--status-delay-ms', '0', '--pdf-delay-ms', '0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
    lines.once('line', resolve);
  });
  lines.on('line', () => {});
  return JSON.parse(first);
}

async function control(method, p, body) {
  const res = await fetch(sim.control_url + p, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator control ${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function closedPort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// A 127.0.0.1 port that accepts TCP connections and never answers: a TLS handshake to it never
// completes. Connections are held open until the server is closed.
function silentTlsPort() {
  return new Promise((resolve, reject) => {
    const sockets = [];
    const srv = net.createServer((s) => sockets.push(s));
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      resolve({
        url: `https://127.0.0.1:${srv.address().port}`,
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise((done) => srv.close(done));
        },
      });
    });
  });
}

function record(result) {
  if (process.env.FAULTS_RESULTS) fs.appendFileSync(process.env.FAULTS_RESULTS, JSON.stringify(result) + '\n');
}

// The overall watchdog: a deadlock fails the run instead of blocking it.
const watchdog = setTimeout(() => {
  console.error(`fault matrix watchdog: still running after ${WATCHDOG_MS} ms`);
  process.exit(3);
}, WATCHDOG_MS);

before(async () => {
  sim = await startSimulator();
});

after(async () => {
  clearTimeout(watchdog);
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

for (const cell of CELLS) {
  test(`${cell.fault} / ${cell.op}`, { timeout: 60_000 }, async () => {
    await control('POST', '/reset', {});
    if (cell.inject) await control('POST', '/faults', { ...cell.inject, times: null });
    if (cell.clock_offset_s) await control('POST', '/clock', { offset_secs: cell.clock_offset_s });
    const timeoutS = cell.timeout_s ?? SPEC.timeout_s;
    const silent = cell.silent_tls_port ? await silentTlsPort() : null;
    let baseUrl = sim.base_url;
    if (cell.closed_port) baseUrl = `http://127.0.0.1:${await closedPort()}`;
    else if (silent) baseUrl = silent.url;
    const options = { baseUrl, timeout: timeoutS * 1000 };
    if (cell.retry_sends) options.retry = { retrySends: true };
    if (cell.max_response_bytes) options.maxResponseBytes = cell.max_response_bytes;
    const client = new NotifyClient(sim.keys.test, options);

    let err = null;
    const started = process.hrtime.bigint();
    try {
      if (cell.op === 'send') await client.sendSms(sim.templates.sms, SPEC.phone_number);
      else if (cell.op === 'list') await client.getNotifications(undefined, undefined, 'r'.repeat(cell.reference_chars));
      else await client.getTemplateById(sim.templates.sms);
    } catch (e) {
      err = e;
    } finally {
      if (silent) await silent.close();
    }
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    const seen = (await control('GET', '/requests')).length;
    record({
      lang: 'node',
      fault: cell.fault,
      op: cell.op,
      kind: err ? err.code : null,
      class: err ? err.name : null,
      status: err ? err.statusCode : null,
      elapsed_ms: Math.round(elapsedS * 10000) / 10,
      requests: seen,
      timeout_s: timeoutS,
    });

    assert.ok(err, 'the call succeeded');
    assert.ok(err instanceof NotifyError, String(err));
    assert.equal(err.code, cell.kind, err.message);
    assert.equal(err.statusCode, cell.status);
    if (cell.status === null) assert.equal(err.response, undefined);
    else assert.equal(err.response.status, cell.status);
    assert.equal(err.retryable, cell.retryable);
    assert.ok(typeof err.message === 'string' && err.message.length > 0 && String(err));
    if (cell.reached !== undefined) assert.equal(err.mayHaveReachedServer, cell.reached);
    if (cell.kind === 'argument') assert.ok(err.field, 'an argument error names the field');
    assert.equal(seen, cell.requests, `the simulator saw ${seen} requests`);
    if (cell.clock_skew_s !== undefined) {
      assert.ok(Math.abs(err.clockSkewSeconds - cell.clock_skew_s) <= 3, `clockSkewSeconds ${err.clockSkewSeconds}`);
    }
    if (cell.timed) {
      assert.ok(elapsedS <= timeoutS * 1.1 + 0.25, `took ${elapsedS.toFixed(3)} s`);
    }
  });
}
