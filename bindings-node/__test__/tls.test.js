'use strict';
// TLS and proxies (issue #14, items 1, 3 and 4): `caBundlePem` (and `caCertificates`) against
// loopback HTTPS servers with a private CA (a CA-signed and a self-signed certificate) and
// through a TLS-inspecting proxy; SOCKS5 proxies; a body nested 1,000 deep. The certificates and
// servers come from tests/tls/tlsrig.py (made at run time with the openssl CLI), forwarding to
// this file's simulator.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');
const { NotifyClient, NotifyError } = require('govuk-notify');
const { ROOT, startSimulator } = require('./helpers.js');

let sim;
let rig;
let rigChild;
let T;

async function startRig(target) {
  const python = process.env.PYTHON || 'python3';
  rigChild = spawn(python, [path.join(ROOT, 'tests', 'tls', 'tlsrig.py'), target], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: rigChild.stdout });
  const first = await new Promise((resolve, reject) => {
    rigChild.once('error', reject);
    rigChild.once('exit', (code) => reject(new Error(`tlsrig.py exited early (${code})`)));
    lines.once('line', resolve);
  });
  return JSON.parse(first);
}

/** The connection counts of the rig's servers. */
function counts() {
  return new Promise((resolve, reject) => {
    const s = net.connect(rig.control_port, '127.0.0.1', () => s.write('counts\n'));
    let data = '';
    s.on('data', (d) => {
      data += d;
      if (data.includes('\n')) {
        s.end();
        resolve(JSON.parse(data));
      }
    });
    s.on('error', reject);
  });
}

test.before(async () => {
  sim = await startSimulator();
  T = sim.info.templates;
  rig = await startRig(new URL(sim.baseUrl).host);
});
test.after(async () => {
  if (rigChild && rigChild.exitCode === null) {
    const exited = new Promise((resolve) => rigChild.once('exit', resolve));
    rigChild.stdin.end(); // the rig stops when its standard input closes
    await exited;
  }
  await sim.stop();
});

async function rejected(promise) {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (e) => e,
  );
}

test('caBundlePem trusts a server whose certificate a private CA signed', async () => {
  for (const pem of [rig.ca_pem, Buffer.from(rig.ca_pem)]) {
    const c = new NotifyClient(`https://localhost:${rig.https_ca_port}`, sim.key, { caBundlePem: pem });
    const res = await c.getTemplateById(T.sms);
    assert.equal(res.data.id, T.sms);
  }
  // The older option name takes the same bundle.
  const c = new NotifyClient(`https://127.0.0.1:${rig.https_ca_port}`, sim.key, { caCertificates: [rig.ca_pem] });
  assert.equal((await c.getTemplateById(T.sms)).data.id, T.sms);
});

test('caBundlePem trusts a self-signed server certificate', async () => {
  const c = new NotifyClient(`https://127.0.0.1:${rig.https_self_port}`, sim.key, { caBundlePem: rig.self_signed_pem });
  assert.equal((await c.getTemplateById(T.sms)).data.id, T.sms);
});

test('an untrusted certificate is a transport error that says why and was never sent', async () => {
  for (const options of [{}, { caBundlePem: rig.self_signed_pem }]) {
    const c = new NotifyClient(`https://localhost:${rig.https_ca_port}`, sim.key, { ...options, retry: false });
    const e = await rejected(c.getTemplateById(T.sms));
    assert.ok(e instanceof NotifyError);
    assert.equal(e.code, 'transport');
    assert.match(e.message, /certificate/i);
    assert.equal(e.mayHaveReachedServer, false);
    assert.ok(!e.message.includes(sim.key.slice(-36)));
  }
});

test('a TLS-inspecting proxy is trusted with its CA in caBundlePem', async () => {
  const before = (await counts()).inspecting_proxy;
  const proxy = `http://127.0.0.1:${rig.inspecting_proxy_port}`;
  const c = new NotifyClient('https://notify.test', sim.key, { proxy, caBundlePem: rig.inspection_ca_pem });
  assert.equal((await c.getTemplateById(T.sms)).data.id, T.sms);
  assert.ok((await counts()).inspecting_proxy > before);
  const refused = new NotifyClient('https://notify.test', sim.key, { proxy, caBundlePem: rig.ca_pem, retry: false });
  const e = await rejected(refused.getTemplateById(T.sms));
  assert.equal(e.code, 'transport');
  assert.match(e.message, /certificate/i);
});

test('socks5:// and socks5h:// proxies carry the requests', async () => {
  for (const [scheme, host] of [
    ['socks5', 'localhost'],
    ['socks5h', 'notify.test'],
  ]) {
    const before = (await counts()).socks5;
    const c = new NotifyClient(`https://${host}:${rig.https_ca_port}`, sim.key, {
      proxy: `${scheme}://127.0.0.1:${rig.socks5_port}`,
      caBundlePem: rig.ca_pem,
    });
    assert.equal((await c.getTemplateById(T.sms)).data.id, T.sms);
    assert.ok((await counts()).socks5 > before, scheme);
  }
});

test('a proxy scheme the client cannot use is refused as an argument error', async () => {
  const c = new NotifyClient(sim.baseUrl, sim.key, { proxy: 'gopher://127.0.0.1:1080' });
  const e = await rejected(c.getTemplateById(T.sms));
  assert.equal(e.code, 'argument');
  assert.match(e.message, /gopher/);
});

test('a body nested 1,000 deep: invalid_response on 200, text (not parsed) on 400 and 500', async () => {
  const deep = '{"a":' + '['.repeat(999) + ']'.repeat(999) + '}';
  const c = new NotifyClient(sim.baseUrl, sim.key, { retry: false });
  await sim.fault({ path_prefix: '/v2/', status: 200, body: deep, times: 1 });
  assert.equal((await rejected(c.getTemplateById(T.sms))).code, 'invalid_response');
  for (const [status, code] of [
    [400, 'validation'],
    [500, 'server'],
  ]) {
    await sim.fault({ path_prefix: '/v2/', status, body: deep, times: 1 });
    const e = await rejected(c.getTemplateById(T.sms));
    assert.equal(e.code, code);
    assert.equal(e.response.data, deep, 'the core says it is not JSON, so it is not parsed');
  }
});
