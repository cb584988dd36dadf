'use strict';
// Pacing (`pace` option) against the simulator's rate limit, and waitForStatus with AbortSignal.
// The pacing test shortens the simulator's window to 1 s (100 sends a second) and paces the
// client with the same limit and window. The achieved rate is (sends - 1) / (time from the start
// of the burst to the last completed send): the first send goes at once, the last one
// (sends - 1) intervals later.

const test = require('node:test');
const assert = require('node:assert/strict');
const { NotifyClient, NotifyError } = require('..');
const { startSimulator } = require('./helpers');

const LIMIT = 100;

function achieved(started, done) {
  return ((done.length - 1) * 1000) / (Math.max(...done) - started);
}

test('pacing', async (t) => {
  const sim = await startSimulator(['--rate-limit', String(LIMIT), '--rate-limit-window-secs', '1']);
  t.after(() => sim.stop());
  const sms = (c) => c.sendSms(sim.info.templates.sms, '07700900123', { personalisation: { name: 'Amala' } });

  await t.test('the option reaches the core', async () => {
    assert.equal(new NotifyClient(sim.baseUrl, sim.key).pace, undefined);
    assert.deepEqual(new NotifyClient(sim.baseUrl, sim.key, { pace: true }).pace, { limit: 3000, windowMs: 60000 });
    assert.deepEqual(new NotifyClient(sim.baseUrl, sim.key, { pace: 1200 }).pace, { limit: 1200, windowMs: 60000 });
    assert.deepEqual(new NotifyClient(sim.baseUrl, sim.key, { pace: { limit: 10, windowMs: 500 } }).pace, {
      limit: 10,
      windowMs: 500,
    });
    for (const bad of [0, 'fast', { limit: 10, window: 1 }, { limit: 1.5e10 }]) {
      const c = new NotifyClient(sim.baseUrl, sim.key, { pace: bad });
      await assert.rejects(sms(c), (e) => e instanceof NotifyError && e.code === 'argument');
    }
  });

  await t.test('500 promises stay under the limit', async () => {
    await sim.control('POST', '/reset', {});
    const paced = new NotifyClient(sim.baseUrl, sim.key, { retry: false, pace: { limit: LIMIT, windowMs: 1000 } });
    const started = performance.now();
    const done = await Promise.all(Array.from({ length: 500 }, () => sms(paced).then(() => performance.now())));
    const rate = achieved(started, done);
    console.log(`node, 500 promises: achieved ${rate.toFixed(1)}/s, limit ${LIMIT}/s`);
    assert.ok(Math.abs(rate - LIMIT) <= LIMIT * 0.05, `${rate}/s is not within 5% of ${LIMIT}/s`);

    // The same burst unpaced is refused in part: the test does go past the limit.
    await sim.control('POST', '/reset', {});
    const unpaced = new NotifyClient(sim.baseUrl, sim.key, { retry: false });
    const results = await Promise.allSettled(Array.from({ length: 300 }, () => sms(unpaced)));
    assert.ok(results.some((r) => r.status === 'rejected' && r.reason.code === 'rate_limited'));
  });
});

test('waitForStatus', async (t) => {
  // created, then sending after 100 ms, then final after 200 ms.
  const sim = await startSimulator(['--status-delay-ms', '100']);
  t.after(() => sim.stop());
  const client = new NotifyClient(sim.baseUrl, sim.key);
  const send = async (number) =>
    (await client.sendSms(sim.info.templates.sms, number, { personalisation: { name: 'Amala' } })).data.id;

  await t.test('resolves with the notification once final', async () => {
    const id = await send('07700900003');
    const res = await client.waitForStatus(id, { pollInterval: 20, timeout: 10000 });
    assert.equal(res.status, 200);
    assert.equal(res.data.id, id);
    assert.equal(res.data.status, 'temporary-failure');
    const again = await client.waitForStatus(id, { until: 'temporary-failure' });
    assert.equal(again.data.status, 'temporary-failure');
  });

  await t.test('rejects with a timeout error naming the last status', async () => {
    const id = await send('07700900002');
    await assert.rejects(client.waitForStatus(id, { until: ['delivered'], timeout: 600, pollInterval: 20 }), (e) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.code, 'timeout');
      assert.match(e.message, new RegExp(`notification ${id} did not reach delivered within 600 ms`));
      assert.match(e.message, /last status: permanent-failure/);
      return true;
    });
  });

  await t.test('an AbortSignal ends the wait', async () => {
    const id = await send('07700900002');
    const started = Date.now();
    await assert.rejects(
      client.waitForStatus(id, { until: 'delivered', timeout: 60000, signal: AbortSignal.timeout(300) }),
      (e) => e.name === 'TimeoutError',
    );
    assert.ok(Date.now() - started < 5000);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client.waitForStatus(id, { signal: controller.signal }), (e) => e.name === 'AbortError');
  });

  await t.test('refuses bad arguments before polling', async () => {
    await assert.rejects(client.waitForStatus('not-a-uuid'), (e) => e.code === 'argument');
    await assert.rejects(
      client.waitForStatus('c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e', { until: 'deliverd' }),
      (e) => e.code === 'argument' && e.field === 'until',
    );
    await assert.rejects(
      client.waitForStatus('c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e', { timeout: 5000 }),
      (e) => e.code === 'not_found',
    );
  });
});
