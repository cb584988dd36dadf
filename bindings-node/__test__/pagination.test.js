'use strict';
// The async iterators walk every page (simulator page size 3), keep the caller's filters and stop
// fetching when the caller stops iterating.
const test = require('node:test');
const assert = require('node:assert/strict');
const { NotifyClient } = require('govuk-notify');
const { startSimulator } = require('./helpers.js');

let sim;
let client;
const sent = [];

test.before(async () => {
  sim = await startSimulator(['--page-size', '3']);
  client = new NotifyClient(sim.baseUrl, sim.key);
  for (let i = 0; i < 7; i += 1) {
    const r = await client.sendSms(sim.info.templates.sms, '07700900123', {
      personalisation: { name: `n${i}` },
      reference: i % 2 === 0 ? 'even' : 'odd',
    });
    sent.push(r.data.id);
  }
  await client.sendEmail(sim.info.templates.email, 'a@example.com', { personalisation: { name: 'e' } });
  await sim.control('POST', '/received-texts', { count: 8 });
});
test.after(() => sim.stop());
test.beforeEach(() => sim.clearRequests());

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test('notifications() yields every matching notification across pages, newest first', async () => {
  const items = await collect(client.notifications({ templateType: 'sms' }));
  assert.deepEqual(items.map((n) => n.id), [...sent].reverse());
  const reqs = await sim.requests();
  // 3 + 3 + 1, then one request that returns the empty page.
  assert.equal(reqs.length, 4);
  const queries = reqs.map((r) => Object.fromEntries(new URLSearchParams(r.query)));
  assert.deepEqual(queries[0], { template_type: 'sms' });
  for (let i = 1; i < 4; i += 1) {
    assert.equal(queries[i].template_type, 'sms', 'filters are kept on every page');
    assert.equal(queries[i].older_than, items[Math.min(i * 3, items.length) - 1].id, 'each page starts after the last id');
  }
});

test('notifications() with status, reference and olderThan filters', async () => {
  const even = await collect(client.notifications({ reference: 'even', status: ['delivered'] }));
  assert.deepEqual(even.map((n) => n.reference), ['even', 'even', 'even', 'even']);
  const q = new URLSearchParams((await sim.requests())[0].query);
  assert.equal(q.get('reference'), 'even');
  assert.deepEqual(q.getAll('status'), ['delivered']);

  const older = await collect(client.notifications({ templateType: 'sms', olderThan: sent[3] }));
  assert.deepEqual(older.map((n) => n.id), [sent[2], sent[1], sent[0]]);
  const all = await collect(client.notifications());
  assert.equal(all.length, 8);
});

test('includeJobs is sent as include_jobs', async () => {
  await collect(client.notifications({ includeJobs: true, templateType: 'email' }));
  const q = new URLSearchParams((await sim.requests())[0].query);
  assert.match(q.get('include_jobs'), /^true$/i);
});

test('breaking out of the loop stops fetching pages', async () => {
  let seen = 0;
  for await (const n of client.notifications({ templateType: 'sms' })) {
    assert.ok(n.id);
    seen += 1;
    if (seen === 2) break;
  }
  assert.equal((await sim.requests()).length, 1);
});

test('receivedTexts() walks every page; accepts {olderThan} or a string', async () => {
  const texts = await collect(client.receivedTexts());
  assert.equal(texts.length, 8);
  assert.equal(new Set(texts.map((t) => t.id)).size, 8);
  assert.equal((await sim.requests()).length, 4); // 3 + 3 + 2 + empty
  const rest = await collect(client.receivedTexts({ olderThan: texts[4].id }));
  assert.deepEqual(rest.map((t) => t.id), texts.slice(5).map((t) => t.id));
  const same = await collect(client.receivedTexts(texts[4].id));
  assert.deepEqual(same, rest);
});

test('a bad filter rejects the first next() with a typed error and sends nothing', async () => {
  await assert.rejects(client.notifications({ status: 'posted' }).next(), { name: 'NotifyError', code: 'argument', field: 'status' });
  await assert.rejects(client.notifications({ templateType: 'fax' }).next(), { code: 'argument', field: 'template_type' });
  await assert.rejects(client.notifications({ olderThen: 'x' }).next(), { code: 'argument', field: 'notifications' });
  await assert.rejects(client.receivedTexts({ olderThan: 'nope' }).next(), { code: 'argument', field: 'older_than' });
  assert.equal((await sim.requests()).length, 0);
});

test('an error on a later page rejects the iteration with the server error', async () => {
  await sim.fault({ method: 'GET', path_prefix: '/v2/notifications', status: 403, times: 1, body: JSON.stringify({ status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: API key revoked' }] }) });
  const c = new NotifyClient(sim.baseUrl, sim.key, { retry: false });
  await assert.rejects(collect(c.notifications()), (e) => {
    assert.equal(e.code, 'auth');
    assert.equal(e.statusCode, 403);
    assert.equal(e.errors[0].message, 'Invalid token: API key revoked');
    return true;
  });
  await sim.clearFaults();
});

test('the one-page methods still return links for callers who page themselves', async () => {
  const page = await client.getNotifications('sms');
  assert.equal(page.data.notifications.length, 3);
  assert.match(page.data.links.next, /older_than=/);
});
