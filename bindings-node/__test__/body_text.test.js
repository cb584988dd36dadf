'use strict';
// Response bodies reach JS as strings. A large ASCII body (128 KiB or more) is handed to V8
// without a copy, as an external string that keeps the response's bytes until V8 collects it;
// anything else is copied. Both must give exactly the text of the body, and the external
// strings' bytes must be freed when the strings are collected (V8 is told of them, so it collects
// as often as it would for copies: without that, this loop grew to 900 MB).
const test = require('node:test');
const assert = require('node:assert/strict');
const { NotifyClient } = require('govuk-notify');
const native = require('../native.js');
const { startSimulator } = require('./helpers.js');

const BIG = 300 * 1024;

function jsonOfLength(n, filler) {
  const head = '{"text":"';
  const tail = '"}';
  const count = Math.ceil((n - head.length - tail.length) / Buffer.byteLength(filler));
  return head + filler.repeat(count) + tail;
}

test('a large ASCII body becomes the same string', () => {
  const text = jsonOfLength(BIG, 'abc\\n\\"x');
  assert.equal(native._responseBody(Buffer.from(text)), text);
  assert.deepEqual(JSON.parse(native._responseBody(Buffer.from(text))), JSON.parse(text));
});

test('a large ASCII body is not copied onto the V8 heap: it is external memory', () => {
  const body = Buffer.from(jsonOfLength(BIG, 'abcdefgh'));
  const before = process.memoryUsage().external;
  const held = [native._responseBody(body), native._responseBody(body)];
  const grown = process.memoryUsage().external - before;
  assert.equal(held[1].length, body.length);
  assert.ok(grown >= 2 * body.length, `external memory grew by ${grown} bytes`);
});

test('a large body with non-ASCII text is decoded as UTF-8, not Latin-1', () => {
  const text = jsonOfLength(BIG, 'Ŵ£ 😀 ');
  assert.equal(native._responseBody(Buffer.from(text, 'utf8')), text);
});

test('small bodies and bodies just either side of 128 KiB are the same string', () => {
  for (const n of [0, 2, 1000, 128 * 1024 - 1, 128 * 1024, 128 * 1024 + 1]) {
    const text = 'a'.repeat(n);
    assert.equal(native._responseBody(Buffer.from(text)), text, `length ${n}`);
  }
});

test('a body that is not UTF-8 comes back as bytes', () => {
  const bytes = Buffer.alloc(BIG, 0x61);
  bytes[1000] = 0xff;
  const out = native._responseBody(bytes);
  assert.ok(Buffer.isBuffer(out));
  assert.ok(out.equals(bytes));
});

test('collected large bodies are freed (3,000 bodies of 300 KiB stay far below their 900 MB)', () => {
  const body = Buffer.from(jsonOfLength(BIG, 'abcdefgh'));
  const before = process.memoryUsage().rss;
  let total = 0;
  for (let i = 0; i < 3000; i += 1) total += native._responseBody(body).length;
  const grown = process.memoryUsage().rss - before;
  assert.equal(total, 3000 * body.length);
  assert.ok(grown < 300 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1048576)} MiB`);
});

test('a 250-item page (over 128 KiB) is read through the client intact', async (t) => {
  const sim = await startSimulator(['--page-size', '250']);
  t.after(() => sim.stop());
  const client = new NotifyClient(sim.baseUrl, sim.key);
  const ids = [];
  for (let i = 0; i < 250; i += 1) {
    const r = await client.sendSms(sim.info.templates.sms, '07700900123', {
      personalisation: { name: `name ${i}` },
      reference: `ref-${i}`,
    });
    ids.push(r.data.id);
  }
  const page = await client.getNotifications();
  assert.ok(JSON.stringify(page.data).length >= 128 * 1024, 'the page is large enough to be external');
  assert.equal(page.data.notifications.length, 250);
  assert.deepEqual(page.data.notifications.map((n) => n.id), ids.reverse());
  assert.equal(page.data.notifications[0].reference, 'ref-249');
});
