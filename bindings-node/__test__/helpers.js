'use strict';
// Test helpers: start and stop the workspace's Notify simulator, talk to its control API.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const net = require('node:net');

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const SIMULATOR = process.env.GOVUK_NOTIFY_SIMULATOR || path.join(TARGET, 'debug', 'govuk-notify-simulator');

/**
 * Starts a simulator on a free 127.0.0.1 port. Statuses and PDFs are ready at once unless the
 * caller passes its own flags. Returns {info, control(method, path, body), requests(), stop()}.
 */
async function startSimulator(extraArgs = []) {
  const args = ['--port', '0', '--json', '--status-delay-ms', '0', '--pdf-delay-ms', '0', ...extraArgs];
  const child = spawn(SIMULATOR, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
    lines.once('line', resolve);
  });
  lines.on('line', () => {}); // keep draining stdout
  const info = JSON.parse(first);

  async function control(method, p, body) {
    const res = await fetch(info.control_url + p, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator control ${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    info,
    baseUrl: info.base_url,
    key: info.keys.test,
    control,
    /** Recorded /v2 requests since the last clear. */
    requests: () => control('GET', '/requests'),
    clearRequests: () => control('DELETE', '/requests'),
    fault: (f) => control('POST', '/faults', f),
    clearFaults: () => control('DELETE', '/faults'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A 127.0.0.1 port with nothing listening on it (bound, then released). */
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

/** A minimal PDF. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const ADDRESS = {
  address_line_1: 'Amala Bird',
  address_line_2: '123 High Street',
  postcode: 'SW14 6BF',
};

module.exports = { ROOT, startSimulator, closedPort, PDF, ADDRESS };
