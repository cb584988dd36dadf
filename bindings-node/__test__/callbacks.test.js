'use strict';
// The callback helpers (callbacks.js): parsing both payloads, the bearer-token check and its
// errors, the Express-style handler; and examples/node/callbacks_http.js driven end to end by the
// simulator's callbacks (a message sent through NotifyClient comes back as a verified, parsed
// delivery receipt with the same id and status; a received text likewise; a wrong token gets 401).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { PassThrough } = require('node:stream');
const {
  NotifyClient,
  NotifyError,
  ERROR_CODES,
  parseDeliveryReceipt,
  parseReceivedText,
  verifyBearerToken,
  checkBearerToken,
  callbackHandler,
  InvalidCallbackError,
  CallbackAuthError,
} = require('govuk-notify');
const { ROOT, startSimulator } = require('./helpers.js');

const RECEIPT = {
  id: '740e5834-3a29-46b4-9a6f-16142fde533a',
  reference: null,
  to: '07700900123',
  status: 'delivered',
  created_at: '2017-05-14T12:15:30.000000Z',
  completed_at: '2017-05-14T12:15:30.000000Z',
  sent_at: null,
  notification_type: 'sms',
  template_id: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
  template_version: 3,
};
const TEXT = {
  id: 'b51f638b-4295-46e0-a06e-cd41eee7c33b',
  source_number: '447700912345',
  destination_number: '07700987654',
  message: 'Hello Notify!',
  date_received: '2017-05-14T12:15:30.000000Z',
};
const TOKEN = 'cb-token-0123456789abcdef';

test('parses a delivery receipt from every body type', () => {
  const raw = JSON.stringify(RECEIPT);
  const bytes = Buffer.from(raw);
  for (const body of [raw, bytes, new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)]) {
    assert.deepEqual(parseDeliveryReceipt(body), RECEIPT);
  }
  assert.deepEqual(parseReceivedText(JSON.stringify(TEXT)), TEXT);
});

test('other bodies throw InvalidCallbackError (a NotifyError naming the body)', () => {
  for (const body of ['', 'not json', '{}', JSON.stringify(TEXT), Buffer.from([0xff, 0xfe]), 42]) {
    assert.throws(
      () => parseDeliveryReceipt(body),
      (e) => {
        assert.ok(e instanceof InvalidCallbackError && e instanceof NotifyError && !(e instanceof CallbackAuthError));
        assert.equal(e.code, 'argument');
        assert.equal(e.field, 'body');
        assert.equal(e.status, 400);
        assert.equal(e.statusCode, null);
        return true;
      },
    );
  }
  assert.throws(() => parseReceivedText(JSON.stringify(RECEIPT)), InvalidCallbackError);
  assert.throws(() => parseDeliveryReceipt(JSON.stringify({ ...RECEIPT, template_version: '3' })), /template_version|invalid type/);
});

test('verifyBearerToken: scheme in any case, exact token, never throws', () => {
  assert.equal(verifyBearerToken(`Bearer ${TOKEN}`, TOKEN), true);
  assert.equal(verifyBearerToken(`bearer ${TOKEN}`, TOKEN), true);
  assert.equal(verifyBearerToken(`Bearer ${TOKEN}x`, TOKEN), false);
  assert.equal(verifyBearerToken(`Bearer ${TOKEN.slice(0, -1)}X`, TOKEN), false);
  assert.equal(verifyBearerToken(`Basic ${TOKEN}`, TOKEN), false);
  assert.equal(verifyBearerToken(TOKEN, TOKEN), false);
  assert.equal(verifyBearerToken('Bearer ', ''), false);
  assert.equal(verifyBearerToken(undefined, TOKEN), false);
  assert.equal(verifyBearerToken(`Bearer ${TOKEN}`, null), false);
  assert.equal(verifyBearerToken(['Bearer x'], 'x'), false);
  assert.equal(verifyBearerToken('Bearer a\0', 'a\0'), false);
});

test('checkBearerToken throws CallbackAuthError without quoting either token', () => {
  const cases = [
    [undefined, TOKEN, /no Authorization header/],
    ['Bearer wrong-token-value', TOKEN, /does not carry the expected bearer token/],
    [`Bearer ${TOKEN}`, '', /no expected callback token/],
  ];
  for (const [header, expected, says] of cases) {
    assert.throws(
      () => checkBearerToken(header, expected),
      (e) => {
        assert.ok(e instanceof CallbackAuthError && e instanceof NotifyError);
        assert.equal(e.code, 'callback_auth');
        assert.ok(ERROR_CODES.includes(e.code));
        assert.equal(e.status, 401);
        assert.match(e.message, says);
        for (const text of [e.message, e.stack, JSON.stringify(e), require('node:util').inspect(e)]) {
          assert.ok(!text.includes(TOKEN) && !text.includes('wrong-token-value'), text);
        }
        return true;
      },
    );
  }
  checkBearerToken(`Bearer ${TOKEN}`, TOKEN);
});

/** A fake request/response pair for the handler. */
function exchange(handler, { authorization, body, parsed }) {
  const req = new PassThrough();
  req.headers = authorization === undefined ? {} : { authorization };
  if (parsed !== undefined) req.body = parsed;
  const res = { statusCode: 200, headers: {}, setHeader(k, v) { this.headers[k] = v; } };
  return new Promise((resolve) => {
    res.end = (text) => resolve({ status: res.statusCode, text, next: false });
    handler(req, res, (err) => resolve({ status: null, err, next: true, payload: req.notifyCallback }));
    if (parsed === undefined) req.end(body);
  });
}

test('callbackHandler: next() with the payload, 401 and 400 answered itself', async () => {
  const receipts = callbackHandler({ token: TOKEN });
  const texts = callbackHandler({ token: TOKEN, type: 'receivedText' });
  let r = await exchange(receipts, { authorization: `Bearer ${TOKEN}`, body: JSON.stringify(RECEIPT) });
  assert.deepEqual([r.next, r.err, r.payload], [true, undefined, RECEIPT]);
  r = await exchange(texts, { authorization: `Bearer ${TOKEN}`, body: JSON.stringify(TEXT) });
  assert.deepEqual(r.payload, TEXT);
  // After express.json() or express.raw() ran.
  r = await exchange(receipts, { authorization: `Bearer ${TOKEN}`, parsed: RECEIPT });
  assert.deepEqual(r.payload, RECEIPT);
  r = await exchange(receipts, { authorization: `Bearer ${TOKEN}`, parsed: Buffer.from(JSON.stringify(RECEIPT)) });
  assert.deepEqual(r.payload, RECEIPT);
  r = await exchange(receipts, { authorization: 'Bearer nope', body: JSON.stringify(RECEIPT) });
  assert.deepEqual([r.next, r.status, r.text], [false, 401, '']);
  r = await exchange(receipts, { body: JSON.stringify(RECEIPT) });
  assert.equal(r.status, 401);
  r = await exchange(texts, { authorization: `Bearer ${TOKEN}`, body: JSON.stringify(RECEIPT) });
  assert.equal(r.status, 400);
  assert.match(r.text, /callback payload/);
  assert.throws(() => callbackHandler({ token: '' }), TypeError);
  assert.throws(() => callbackHandler({ token: TOKEN, type: 'letter' }), TypeError);
});

// ---- examples/node/callbacks_http.js, end to end -----------------------------------------------

async function startExample() {
  const child = spawn(process.execPath, [path.join(ROOT, 'examples', 'node', 'callbacks_http.js'), '0'], {
    env: { ...process.env, NOTIFY_CALLBACK_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const waiting = [];
  const lines = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  const nextLine = () =>
    lines.length
      ? Promise.resolve(lines.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('the example printed nothing within 30 s')), 30_000);
          waiting.push((line) => {
            clearTimeout(timer);
            resolve(line);
          });
        });
  const first = await nextLine();
  assert.match(first, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
  return {
    url: first.slice('listening on '.length),
    nextCallback: async () => JSON.parse(await nextLine()),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

test('examples/node/callbacks_http.js receives the simulator callbacks', async (t) => {
  const example = await startExample();
  t.after(() => example.stop());
  const sim = await startSimulator([
    '--callback-url', `${example.url}/notify/delivery-receipts`,
    '--inbound-callback-url', `${example.url}/notify/received-texts`,
    '--callback-token', TOKEN,
    '--callback-backoff-ms', '50',
  ]);
  t.after(() => sim.stop());
  const client = new NotifyClient(sim.baseUrl, sim.key, { retry: false });
  const template = sim.info.templates.sms;

  // Delivery receipts: with a test key, 07700900002 ends in permanent-failure, others delivered.
  const sent = {};
  for (const [number, status] of [['07700900002', 'permanent-failure'], ['07700900123', 'delivered']]) {
    const r = await client.sendSms(template, number, { personalisation: { name: 'Ada' }, reference: `ref-${status}` });
    sent[r.data.id] = status;
  }
  for (let i = 0; i < 2; i++) {
    const cb = await example.nextCallback();
    assert.equal(cb.kind, 'delivery_receipt');
    assert.equal(cb.status, sent[cb.id], `receipt for ${cb.id}`);
    assert.equal(cb.reference, `ref-${cb.status}`);
    assert.equal(cb.template_id, template);
    assert.equal(cb.status, (await client.getNotificationById(cb.id)).data.status);
    delete sent[cb.id];
  }
  assert.deepEqual(sent, {});

  // A received text.
  const created = await sim.control('POST', '/received-texts', [{ user_number: '447700900111', content: 'Hi from a phone' }]);
  const cb = await example.nextCallback();
  assert.deepEqual(
    [cb.kind, cb.id, cb.message, cb.source_number],
    ['received_text', created.received_text_messages[0].id, 'Hi from a phone', '447700900111'],
  );

  // A wrong token (directly, and from the simulator configured with another one) is refused.
  const post = (p, body, authorization) =>
    fetch(example.url + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    }).then((r) => r.status);
  assert.equal(await post('/notify/delivery-receipts', JSON.stringify(RECEIPT), 'Bearer not-the-token'), 401);
  assert.equal(await post('/notify/delivery-receipts', JSON.stringify(RECEIPT)), 401);
  assert.equal(await post('/notify/delivery-receipts', '{}', `Bearer ${TOKEN}`), 400);
  await sim.control('POST', '/callbacks', { url: `${example.url}/notify/delivery-receipts`, token: 'not-the-token' });
  const id = (await client.sendSms(template, '07700900123', { personalisation: { name: 'Ada' } })).data.id;
  let record;
  for (let i = 0; i < 600 && !record; i++) {
    const log = await sim.control('GET', '/callbacks/log');
    record = log.find((r) => r.payload.id === id && r.finished);
    if (!record) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(record, "the simulator's callback finished");
  assert.deepEqual([record.last_status, record.delivered, record.attempts], [401, false, 1]);
  // The example accepted nothing since: the next line is this good request's.
  assert.equal(await post('/notify/delivery-receipts', JSON.stringify(RECEIPT), `Bearer ${TOKEN}`), 200);
  assert.equal((await example.nextCallback()).id, RECEIPT.id);
});
