'use strict';
// The compatibility contract: the same calls through the official notifications-node-client 8.4.0
// and through govuk-notify, against one simulator, send the same requests (method, path, parsed
// query, JSON body; the token and User-Agent are ignored) and resolve the same values (.status,
// .data with ids and timestamps masked) or reject with the same err.response.
const test = require('node:test');
const assert = require('node:assert/strict');
const Official = require('notifications-node-client').NotifyClient;
const { NotifyClient: Ours } = require('govuk-notify');
const { startSimulator, PDF, ADDRESS } = require('./helpers.js');

let sim;
let T;
const ctx = {};

test.before(async () => {
  sim = await startSimulator();
  T = sim.info.templates;
  const setup = new Ours(sim.baseUrl, sim.key);
  ctx.smsId = (await setup.sendSms(T.sms, '07700900123', { personalisation: { name: 'ctx' }, reference: 'ctx ref & co' })).data.id;
  ctx.letterId = (await setup.sendLetter(T.letter, { personalisation: { ...ADDRESS, name: 'ctx' } })).data.id;
  const seeded = await sim.control('POST', '/received-texts', { count: 3 });
  ctx.textId = seeded.received_text_messages[0].id;
});
test.after(() => sim.stop());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;

/** Masks the values that differ between two otherwise identical calls. */
function mask(v) {
  if (typeof v === 'string') {
    return v.replace(UUID, '<uuid>').replace(TIMESTAMP, '<ts>').replace(/key=[\w-]+/g, 'key=<key>');
  }
  if (Array.isArray(v)) return v.map(mask);
  if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)]));
  }
  return v;
}

function requestView(r) {
  const query = {};
  for (const [k, v] of new URLSearchParams(r.query)) (query[k] ||= []).push(v);
  return { method: r.method, path: r.path, query, body: r.body ? JSON.parse(r.body) : null };
}

async function settle(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Runs `call` with each client in turn and returns what each sent and how it settled. */
async function both(call, clients) {
  const out = {};
  for (const [name, client] of Object.entries(clients)) {
    await sim.clearRequests();
    const result = await settle(() => call(client));
    out[name] = { result, requests: (await sim.requests()).map(requestView) };
  }
  return out;
}

function clientsFor(key = sim.key) {
  return { official: new Official(sim.baseUrl, key), ours: new Ours(sim.baseUrl, key) };
}

function assertSameRequests(o, n, adjust = (x) => x) {
  assert.ok(o.requests.length >= 1, 'the official client sent a request');
  assert.deepEqual(n.requests.map(adjust), o.requests.map(adjust));
}

function assertSameResolution(o, n) {
  assert.equal(n.result.ok, o.result.ok, `official ${o.result.ok ? 'resolved' : 'rejected: ' + o.result.error}, ours ${n.result.ok ? 'resolved' : 'rejected: ' + n.result.error}`);
  if (o.result.ok) {
    const a = o.result.value;
    const b = n.result.value;
    if (Buffer.isBuffer(a)) {
      assert.ok(Buffer.isBuffer(b));
      assert.ok(a.equals(b), 'the same PDF bytes');
      return;
    }
    assert.equal(b.status, a.status);
    assert.deepEqual(mask(b.data), mask(a.data));
    assert.equal(b.headers['content-type'], a.headers['content-type']);
  } else {
    assert.ok(o.result.error.response, `official error has a response: ${o.result.error}`);
    assert.equal(n.result.error.response.status, o.result.error.response.status);
    assert.deepEqual(mask(n.result.error.response.data), mask(o.result.error.response.data));
    assert.equal(n.result.error.statusCode, o.result.error.response.status);
  }
}

// [name, call]; each call gets a client and must use only the official surface.
const CASES = [
  ['sendSms with every option', (c) => c.sendSms(T.sms, '07700900123', { personalisation: { name: 'Amala', n: 3 }, reference: 'r 1&2', smsSenderId: sim.info.sms_sender_id })],
  ['sendSms with personalisation only', (c) => c.sendSms(T.sms, '07700900123', { personalisation: { name: 'x' } })],
  ['sendSms to a temporary-failure number', (c) => c.sendSms(T.sms, '07700900003', { personalisation: { name: 'x' } })],
  ['sendEmail with every option', (c) => c.sendEmail(T.email, 'amala@example.com', { personalisation: { name: 'Amala [x](https://e.example)' }, reference: 'e1', emailReplyToId: sim.info.email_reply_to_id, oneClickUnsubscribeURL: 'https://example.com/u?a=1', sanitiseContentFor: ['name'] })],
  ['sendEmail with a file from prepareUpload', (c) => c.sendEmail(T.email_file, 'amala@example.com', { personalisation: { link_to_file: c.prepareUpload(Buffer.from('a,b\n1,2\n'), { filename: 'r.csv', confirmEmailBeforeDownload: true, retentionPeriod: '10 weeks' }) } })],
  ['sendEmail with a default prepareUpload', (c) => c.sendEmail(T.email_file, 'amala@example.com', { personalisation: { link_to_file: c.prepareUpload('plain text') } })],
  ['sendLetter', (c) => c.sendLetter(T.letter, { personalisation: { ...ADDRESS, name: 'Amala' }, reference: 'l1' })],
  ['sendPrecompiledLetter with postage', (c) => c.sendPrecompiledLetter('pre 1', PDF, 'first')],
  ['sendPrecompiledLetter without postage', (c) => c.sendPrecompiledLetter('pre-2', PDF)],
  ['getNotificationById (sms)', (c) => c.getNotificationById(ctx.smsId)],
  ['getNotificationById (letter)', (c) => c.getNotificationById(ctx.letterId)],
  ['getNotifications()', (c) => c.getNotifications()],
  ['getNotifications(type, status, reference)', (c) => c.getNotifications('sms', 'delivered', 'ctx ref & co')],
  ['getNotifications(olderThan)', (c) => c.getNotifications(undefined, undefined, undefined, ctx.smsId)],
  ['getNotifications(letter)', (c) => c.getNotifications('letter')],
  ['getPdfForLetterNotification', (c) => c.getPdfForLetterNotification(ctx.letterId)],
  ['getTemplateById', (c) => c.getTemplateById(T.email)],
  ['getTemplateByIdAndVersion', (c) => c.getTemplateByIdAndVersion(T.sms_versioned, 2)],
  ['getAllTemplates()', (c) => c.getAllTemplates()],
  ['getAllTemplates(email)', (c) => c.getAllTemplates('email')],
  ['previewTemplateById with personalisation', (c) => c.previewTemplateById(T.email, { name: 'Amala' })],
  ['getReceivedTexts()', (c) => c.getReceivedTexts()],
  ['getReceivedTexts(olderThan)', (c) => c.getReceivedTexts(ctx.textId)],
  // Server-side errors: the same err.response.
  ['404 for an unknown notification', (c) => c.getNotificationById('0f0e0d0c-0b0a-4909-8807-060504030201')],
  ['400 for an unknown template', (c) => c.sendSms('0f0e0d0c-0b0a-4909-8807-060504030201', '07700900123', { personalisation: { name: 'x' } })],
  ['400 for missing personalisation', (c) => c.sendEmail(T.email, 'amala@example.com')],
  ['400 for an invalid phone number', (c) => c.sendSms(T.sms, '12345', { personalisation: { name: 'x' } })],
  ['404 for the PDF of an unknown notification (JSON error body)', (c) => c.getPdfForLetterNotification('0f0e0d0c-0b0a-4909-8807-060504030201')],
  ['400 for the PDF of a text message', (c) => c.getPdfForLetterNotification(ctx.smsId)],
];

for (const [name, call] of CASES) {
  test(`same request and result: ${name}`, async () => {
    const { official, ours } = await both(call, clientsFor());
    assertSameRequests(official, ours);
    assertSameResolution(official, ours);
  });
}

test('same request and result: 403 for a letter sent with a team key', async () => {
  const { official, ours } = await both(
    (c) => c.sendLetter(T.letter, { personalisation: { ...ADDRESS, name: 'x' } }),
    clientsFor(sim.info.keys.team),
  );
  assertSameRequests(official, ours);
  assertSameResolution(official, ours);
  assert.equal(ours.result.error.code, 'auth');
});

test('same request and result: the legacy (baseUrl, serviceId, apiKey) constructor', async () => {
  const secret = sim.key.slice(-36);
  const clients = {
    official: new Official(sim.baseUrl, sim.info.service_id, secret),
    ours: new Ours(sim.baseUrl, sim.info.service_id, secret),
  };
  const { official, ours } = await both((c) => c.getTemplateById(T.sms), clients);
  assertSameRequests(official, ours);
  assertSameResolution(official, ours);
});

test('known difference: preview without personalisation sends {"personalisation": {}} (same server result)', async () => {
  const { official, ours } = await both((c) => c.previewTemplateById(T.sms_versioned), clientsFor());
  assert.deepEqual(official.requests[0].body, {});
  assert.deepEqual(ours.requests[0].body, { personalisation: {} });
  assertSameRequests(official, ours, (r) => ({ ...r, body: { personalisation: {}, ...r.body } }));
  assertSameResolution(official, ours);
});

test('same rejection for unknown option keys, and nothing sent by either', async () => {
  for (const call of [
    (c) => c.sendSms(T.sms, '07700900123', { personalisation: { name: 'x' }, smsSender: 'x' }),
    (c) => c.sendEmail(T.email, 'a@example.com', { emailReplyTo: 'x' }),
    (c) => c.sendLetter(T.letter, { personalisation: {}, postage: 'first' }),
  ]) {
    const { official, ours } = await both(call, clientsFor());
    assert.equal(official.result.ok, false);
    assert.equal(ours.result.ok, false);
    assert.equal(ours.result.error.message, official.result.error.message);
    assert.ok(ours.result.error instanceof Error);
    assert.equal(official.requests.length, 0);
    assert.equal(ours.requests.length, 0);
  }
});

test('prepareUpload returns the same object for every option combination', () => {
  const official = new Official(sim.key);
  const ours = new Ours(sim.key);
  const files = [Buffer.from('a,b\n'), 'text', Buffer.alloc(2 * 1024 * 1024, 1)];
  const options = [
    undefined,
    {},
    { filename: 'x.csv' },
    { confirmEmailBeforeDownload: false },
    { confirmEmailBeforeDownload: true, retentionPeriod: '52 weeks' },
    { filename: '', retentionPeriod: '' },
    { filename: 'report.pdf', confirmEmailBeforeDownload: false, retentionPeriod: 'bad string' },
  ];
  for (const f of files) {
    for (const o of options) assert.deepEqual(ours.prepareUpload(f, o), official.prepareUpload(f, o));
  }
});

// Input Notify itself answers with a 400: the official client sends it and rejects with the
// AxiosError for Notify's 400; ours refuses it unsent with the same err.response.
const REFUSED = [
  ['a template id that is not a UUID', (c) => c.sendSms('not-a-uuid', '07700900123', { personalisation: { name: 'x' } })],
  ['an sms sender id that is not a UUID', (c) => c.sendSms(T.sms, '07700900123', { personalisation: { name: 'x' }, smsSenderId: 'nope' })],
  ['an http unsubscribe URL', (c) => c.sendEmail(T.email, 'a@example.com', { personalisation: { name: 'x' }, oneClickUnsubscribeURL: 'http://example.gov.uk/u' })],
  ['a reply-to id that is not a UUID', (c) => c.sendEmail(T.email, 'a@example.com', { personalisation: { name: 'x' }, emailReplyToId: 'nope' })],
  ['a postage Notify does not know', (c) => c.sendPrecompiledLetter('ref', PDF, 'europe')],
  ['a notification id that is not a UUID', (c) => c.getNotificationById('not-a-uuid')],
  ['a PDF for an id that is not a UUID', (c) => c.getPdfForLetterNotification('not-a-uuid')],
  ['a template id that is not a UUID (get)', (c) => c.getTemplateById('not-a-uuid')],
  ['template version 0', (c) => c.getTemplateByIdAndVersion(T.sms, 0)],
  ['a preview of a template id that is not a UUID', (c) => c.previewTemplateById('not-a-uuid', { name: 'x' })],
  ['an unknown template type (templates)', (c) => c.getAllTemplates('fax')],
  ['an unknown template type filter', (c) => c.getNotifications('fax')],
  ['an unknown status filter', (c) => c.getNotifications(undefined, 'posted')],
  ['an older_than that is not a UUID', (c) => c.getNotifications(undefined, undefined, undefined, 'nope')],
  ['every bad filter at once', (c) => c.getNotifications('fax', 'posted', 'r', 'nope')],
  ['a received-texts older_than that is not a UUID', (c) => c.getReceivedTexts('nope')],
];

for (const [name, call] of REFUSED) {
  test(`refused unsent with Notify's 400: ${name}`, async () => {
    const { official, ours } = await both(call, clientsFor());
    assert.equal(official.requests.length, 1, 'the official client sends it');
    assert.equal(ours.requests.length, 0, 'ours sends nothing');
    assert.equal(official.result.ok, false);
    assert.equal(official.result.error.response.status, 400);
    assertSameResolution(official, ours);
    const e = ours.result.error;
    // What code written for the official client reads.
    assert.equal(e.response.status, 400);
    assert.deepEqual(e.response.data, official.result.error.response.data);
    assert.deepEqual(e.response.data.errors, official.result.error.response.data.errors);
    // And ours on top.
    assert.equal(e.name, 'NotifyError');
    assert.equal(e.code, 'argument');
    assert.equal(e.statusCode, 400);
    assert.deepEqual(e.errors, official.result.error.response.data.errors);
    assert.equal(e.refusedBeforeSending, true);
    assert.equal(e.mayHaveReachedServer, false);
    assert.equal(e.retryable, false);
    assert.ok(e.field);
  });
}

test('list filters go in the official client\'s order, so links.current is the same', async () => {
  const { official, ours } = await both((c) => c.getNotifications('sms', 'delivered', 'ctx ref & co', ctx.smsId), clientsFor());
  const raw = async (c) => {
    await sim.clearRequests();
    const res = await c.getNotifications('sms', 'delivered', 'ctx ref & co');
    return { query: (await sim.requests())[0].query, current: res.data.links.current };
  };
  const { official: o, ours: n } = clientsFor();
  const a = await raw(o);
  const b = await raw(n);
  assert.equal(a.query.split('&').map((p) => p.split('=')[0]).join(','), 'template_type,status,reference');
  assert.equal(b.query.split('&').map((p) => p.split('=')[0]).join(','), 'template_type,status,reference');
  assert.equal(b.current, a.current);
  assertSameRequests(official, ours);
  assertSameResolution(official, ours);
});

test('setClient(axios.create({timeout})) is honoured as the official client honours it', async () => {
  const axios = require('axios');
  const { official, ours } = clientsFor();
  official.setClient(axios.create({ timeout: 200 }));
  ours.setClient(axios.create({ timeout: 200 }));
  assert.equal(ours.timeout, 200);
  await sim.fault({ path_prefix: '/v2/templates', action: 'delay', delay_ms: 1000 });
  try {
    const theirs = await settle(() => official.getAllTemplates());
    const mine = await settle(() => ours.getAllTemplates());
    assert.equal(theirs.ok, false);
    assert.equal(theirs.error.code, 'ECONNABORTED');
    assert.equal(mine.ok, false);
    assert.equal(mine.error.code, 'timeout');
  } finally {
    await sim.clearFaults();
  }
  // A usable client afterwards, with the same results as the official one.
  const after = await both((c) => c.getAllTemplates('sms'), { official, ours });
  assertSameRequests(after.official, after.ours);
  assertSameResolution(after.official, after.ours);
  // axios's defaults (Accept, baseURL, a built-in adapter) and a proxy: false are accepted.
  ours.setClient(axios.create({ baseURL: 'https://elsewhere.example', proxy: false, headers: { Accept: 'application/json' } }));
  assert.equal((await ours.getAllTemplates('sms')).status, 200, 'baseURL is ignored, as by the official client');
});

test('setClient refuses, with a clear message, what it cannot honour', () => {
  const axios = require('axios');
  const { ours } = clientsFor();
  const intercepted = axios.create();
  intercepted.interceptors.request.use((config) => config);
  assert.throws(() => ours.setClient(intercepted), { name: 'NotifyError', code: 'argument', field: 'client', message: /cannot honour request interceptors/ });
  assert.throws(() => ours.setClient(axios.create({ adapter: async () => ({}) })), { code: 'argument', message: /a custom adapter/ });
  assert.throws(() => ours.setClient(axios.create({ headers: { 'X-Trace': '1' } })), { code: 'argument', message: /headers \["X-Trace"\]/ });
  assert.throws(() => ours.setClient(axios.create({ httpsAgent: {} })), { code: 'argument', message: /httpsAgent/ });
  assert.throws(() => ours.setClient({}), { code: 'argument', message: /axios instance/ });
});
