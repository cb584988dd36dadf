'use strict';
// Many concurrent calls through one NotifyClient: all succeed, share one connection pool, and the
// JS thread stays free while they are in flight. (Ordering checks only; no timing assertions.)
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { NotifyClient } = require('govuk-notify');
const { startSimulator } = require('./helpers.js');

const N = 200;

test('200 concurrent sends through one client all succeed', async () => {
  const sim = await startSimulator();
  try {
    const client = new NotifyClient(sim.baseUrl, sim.key);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        client.sendSms(sim.info.templates.sms, '07700900123', { personalisation: { name: `c${i}` }, reference: `c${i}` }),
      ),
    );
    assert.equal(results.length, N);
    assert.ok(results.every((r) => r.status === 201));
    assert.equal(new Set(results.map((r) => r.data.id)).size, N);
    assert.deepEqual(
      results.map((r) => r.data.reference),
      Array.from({ length: N }, (_, i) => `c${i}`),
      'each promise resolves with its own response',
    );
    const recorded = await sim.requests();
    assert.equal(recorded.filter((r) => r.path === '/v2/notifications/sms').length, N);
  } finally {
    await sim.stop();
  }
});

test('the event loop keeps running while 200 slow requests are in flight', async () => {
  const sim = await startSimulator();
  try {
    await sim.fault({ path_prefix: '/v2/templates', action: 'delay', delay_ms: 500 });
    const client = new NotifyClient(sim.baseUrl, sim.key);
    let settled = 0;
    const calls = Array.from({ length: N }, () => client.getAllTemplates().finally(() => (settled += 1)));
    // If any call blocked the JS thread until its response, these turns could not run first.
    let turns = 0;
    for (let i = 0; i < 5; i += 1) {
      await new Promise((r) => setImmediate(r));
      turns += 1;
    }
    assert.equal(turns, 5);
    assert.equal(settled, 0, 'no call had finished while the loop was turning');
    const results = await Promise.all(calls);
    assert.equal(settled, N);
    assert.ok(results.every((r) => r.status === 200));
  } finally {
    await sim.stop();
  }
});

test('one client = one connection pool: a second burst reuses the first burst\'s connections', async () => {
  let connections = 0;
  const server = http.createServer((req, res) => {
    // Hold each response briefly so the burst really is concurrent.
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"templates": []}');
    }, 50);
  });
  server.keepAliveTimeout = 60000;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const key = 'key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    const client = new NotifyClient(`http://127.0.0.1:${server.address().port}`, key);
    await Promise.all(Array.from({ length: 50 }, () => client.getAllTemplates()));
    const afterFirst = connections;
    assert.ok(afterFirst >= 1 && afterFirst <= 50, `${afterFirst} connections for the first burst`);
    for (let i = 0; i < 20; i += 1) await client.getAllTemplates();
    assert.equal(connections, afterFirst, 'sequential calls reuse pooled connections');
    await Promise.all(Array.from({ length: 50 }, () => client.getAllTemplates()));
    assert.ok(connections - afterFirst < 50, `the second burst opened ${connections - afterFirst} new connections`);

    // A second client has its own pool.
    const other = new NotifyClient(`http://127.0.0.1:${server.address().port}`, key);
    const before = connections;
    await other.getAllTemplates();
    assert.equal(connections, before + 1);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('clients dropped while their requests are in flight are kept alive until they settle', async () => {
  const v8 = require('node:v8');
  const vm = require('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const sim = await startSimulator();
  try {
    await sim.fault({ path_prefix: '/v2/templates', action: 'delay', delay_ms: 300 });
    // No reference to any client survives this expression.
    const calls = Array.from({ length: 50 }, () => new NotifyClient(sim.baseUrl, sim.key).getAllTemplates());
    for (let i = 0; i < 5; i += 1) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    const results = await Promise.all(calls);
    assert.ok(results.every((r) => r.status === 200));
    gc();
  } finally {
    await sim.stop();
  }
});
