'use strict';
// Every method of the official client's surface, against the simulator: what is sent and what
// resolves.
const test = require('node:test');
const assert = require('node:assert/strict');
const util = require('node:util');
const { NotifyClient, NotifyError, VERSION } = require('govuk-notify');
const { startSimulator, PDF, ADDRESS } = require('./helpers.js');

let sim;
let client;
let T;

test.before(async () => {
  sim = await startSimulator();
  T = sim.info.templates;
  client = new NotifyClient(sim.baseUrl, sim.key);
});
test.after(() => sim.stop());
test.beforeEach(() => sim.clearRequests());

async function lastRequest() {
  const reqs = await sim.requests();
  assert.ok(reqs.length >= 1, 'a request was recorded');
  const r = reqs[reqs.length - 1];
  return { ...r, json: r.body ? JSON.parse(r.body) : undefined, params: new URLSearchParams(r.query) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('sendSms sends the body the official client sends and resolves {status, data, headers}', async () => {
  const res = await client.sendSms(T.sms, '07700900123', {
    personalisation: { name: 'Amala' },
    reference: 'ref-1',
    smsSenderId: sim.info.sms_sender_id,
  });
  assert.equal(res.status, 201);
  assert.equal(res.statusText, 'Created');
  assert.match(res.headers['content-type'], /application\/json/);
  assert.match(res.data.id, UUID);
  assert.equal(res.data.reference, 'ref-1');
  assert.equal(res.data.content.body, 'Hello Amala, this is a test text message from the Notify simulator.');
  const req = await lastRequest();
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/v2/notifications/sms');
  assert.deepEqual(req.json, {
    phone_number: '07700900123',
    template_id: T.sms,
    personalisation: { name: 'Amala' },
    reference: 'ref-1',
    sms_sender_id: sim.info.sms_sender_id,
  });
  assert.match(req.headers.authorization, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(req.headers['user-agent'], `govuk-notify/${VERSION} (node/${process.version})`);
});

test('sendSms without options omits every optional field', async () => {
  const res = await client.sendSms(T.sms, '07700900123', { personalisation: { name: 'x' } });
  assert.equal(res.status, 201);
  assert.deepEqual(Object.keys((await lastRequest()).json), ['phone_number', 'template_id', 'personalisation']);
});

test('sendEmail with every option', async () => {
  const res = await client.sendEmail(T.email, 'amala@example.com', {
    personalisation: { name: 'Amala [click](https://evil.example)' },
    reference: 'ref-2',
    emailReplyToId: sim.info.email_reply_to_id,
    oneClickUnsubscribeURL: 'https://example.com/unsubscribe',
    sanitiseContentFor: ['name'],
  });
  assert.equal(res.status, 201);
  assert.equal(res.data.content.one_click_unsubscribe_url, 'https://example.com/unsubscribe');
  assert.equal(typeof res.data.sanitised_content, 'object');
  assert.ok(res.data.sanitised_content.name, 'the sanitised value is reported');
  assert.deepEqual((await lastRequest()).json, {
    email_address: 'amala@example.com',
    template_id: T.email,
    personalisation: { name: 'Amala [click](https://evil.example)' },
    reference: 'ref-2',
    email_reply_to_id: sim.info.email_reply_to_id,
    one_click_unsubscribe_url: 'https://example.com/unsubscribe',
    sanitise_content_for: ['name'],
  });
});

test('sendEmail with a file from prepareUpload', async () => {
  const file = client.prepareUpload(Buffer.from('name,score\n'), {
    filename: 'scores.csv',
    confirmEmailBeforeDownload: false,
    retentionPeriod: '4 weeks',
  });
  assert.deepEqual(file, {
    file: 'bmFtZSxzY29yZQo=',
    filename: 'scores.csv',
    confirm_email_before_download: false,
    retention_period: '4 weeks',
  });
  const res = await client.sendEmail(T.email_file, 'amala@example.com', { personalisation: { link_to_file: file } });
  assert.equal(res.status, 201);
  assert.match(res.data.content.body, /https:\/\//);
  assert.deepEqual((await lastRequest()).json.personalisation.link_to_file, file);
});

test('prepareUpload: defaults are explicit nulls; strings and Uint8Arrays are accepted', () => {
  assert.deepEqual(client.prepareUpload('name,score\n'), {
    file: 'bmFtZSxzY29yZQo=',
    filename: null,
    confirm_email_before_download: null,
    retention_period: null,
  });
  assert.equal(client.prepareUpload(new Uint8Array([1, 2, 3])).file, 'AQID');
  assert.equal(client.prepareUpload(Buffer.alloc(2 * 1024 * 1024)).file.length, 2796204);
});

test('prepareUpload over 2 MB throws a typed NotifyError (a rejection inside async code)', async () => {
  const big = Buffer.alloc(2 * 1024 * 1024 + 1);
  assert.throws(() => client.prepareUpload(big), (e) => {
    assert.ok(e instanceof NotifyError);
    assert.ok(e instanceof Error);
    assert.equal(e.code, 'argument');
    assert.equal(e.message, 'File is larger than 2MB');
    assert.equal(e.statusCode, null);
    return true;
  });
  const send = async () =>
    client.sendEmail(T.email_file, 'amala@example.com', { personalisation: { f: client.prepareUpload(big) } });
  await assert.rejects(send(), { name: 'NotifyError', code: 'argument' });
  assert.equal((await sim.requests()).length, 0, 'nothing was sent');
});

test('sendLetter and getNotificationById (postcode, not line_7)', async () => {
  const res = await client.sendLetter(T.letter, {
    personalisation: { ...ADDRESS, name: 'Amala' },
    reference: 'letter-1',
  });
  assert.equal(res.status, 201);
  assert.equal(res.data.content.subject, 'Letter for Amala');
  assert.deepEqual((await lastRequest()).json, {
    template_id: T.letter,
    personalisation: { ...ADDRESS, name: 'Amala' },
    reference: 'letter-1',
  });
  const got = await client.getNotificationById(res.data.id);
  assert.equal(got.status, 200);
  assert.equal(got.data.type, 'letter');
  assert.equal(got.data.postcode, 'SW14 6BF');
  assert.equal(got.data.line_1, 'Amala Bird');
  assert.ok(!('line_7' in got.data));
  assert.equal((await lastRequest()).path, `/v2/notifications/${res.data.id}`);
});

test('sendPrecompiledLetter: base64 body, postage optional', async () => {
  const res = await client.sendPrecompiledLetter('pre-1', PDF, 'first');
  assert.equal(res.status, 201);
  assert.deepEqual(res.data, { id: res.data.id, reference: 'pre-1', postage: 'first' });
  assert.deepEqual((await lastRequest()).json, { reference: 'pre-1', content: PDF.toString('base64'), postage: 'first' });
  const second = await client.sendPrecompiledLetter('pre-2', PDF.toString('latin1'));
  assert.equal(second.status, 201);
  assert.deepEqual(Object.keys((await lastRequest()).json), ['reference', 'content']);
});

test('getPdfForLetterNotification resolves a Buffer holding the PDF', async () => {
  const sent = await client.sendLetter(T.letter, { personalisation: { ...ADDRESS, name: 'x' } });
  const pdf = await client.getPdfForLetterNotification(sent.data.id);
  assert.ok(Buffer.isBuffer(pdf));
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const req = await lastRequest();
  assert.equal(req.path, `/v2/notifications/${sent.data.id}/pdf`);
});

test('getNotifications: the four positional filters become the query', async () => {
  const sent = await client.sendSms(T.sms, '07700900123', { personalisation: { name: 'q' }, reference: 'find-me' });
  const res = await client.getNotifications('sms', 'delivered', 'find-me');
  assert.equal(res.status, 200);
  assert.deepEqual(res.data.notifications.map((n) => n.id), [sent.data.id]);
  assert.ok(res.data.links.current);
  const req = await lastRequest();
  assert.equal(req.path, '/v2/notifications');
  assert.equal(req.query, 'template_type=sms&status=delivered&reference=find-me');
  await client.getNotifications(undefined, undefined, undefined, sent.data.id);
  assert.equal((await lastRequest()).query, `older_than=${sent.data.id}`);
  await client.getNotifications();
  assert.equal((await lastRequest()).query, '');
  await client.getNotifications('', ['delivered', 'failed']);
  assert.equal((await lastRequest()).query, 'status=delivered&status=failed');
});

test('templates: by id, by id and version, all, by type, preview', async () => {
  const one = await client.getTemplateById(T.sms);
  assert.equal(one.status, 200);
  assert.equal(one.data.id, T.sms);
  assert.deepEqual(one.data.personalisation, { name: { required: true } });
  assert.equal((await lastRequest()).path, `/v2/template/${T.sms}`);

  const v1 = await client.getTemplateByIdAndVersion(T.sms_versioned, 1);
  const v2 = await client.getTemplateByIdAndVersion(T.sms_versioned, '2');
  assert.equal(v1.data.version, 1);
  assert.equal(v2.data.version, 2);
  assert.notEqual(v1.data.body, v2.data.body);
  assert.equal((await lastRequest()).path, `/v2/template/${T.sms_versioned}/version/2`);

  const all = await client.getAllTemplates();
  assert.ok(all.data.templates.length >= 5);
  assert.equal((await lastRequest()).query, '');
  const letters = await client.getAllTemplates('letter');
  assert.deepEqual(new Set(letters.data.templates.map((t) => t.type)), new Set(['letter']));
  assert.equal((await lastRequest()).query, 'type=letter');

  const preview = await client.previewTemplateById(T.email, { name: 'Amala' });
  assert.equal(preview.status, 200);
  assert.equal(preview.data.subject, 'Hello Amala');
  assert.equal(typeof preview.data.html, 'string');
  const req = await lastRequest();
  assert.equal(req.path, `/v2/template/${T.email}/preview`);
  assert.deepEqual(req.json, { personalisation: { name: 'Amala' } });
});

test('getReceivedTexts with and without olderThan', async () => {
  await sim.control('POST', '/received-texts', { count: 2 });
  const res = await client.getReceivedTexts();
  assert.equal(res.status, 200);
  assert.equal(res.data.received_text_messages.length, 2);
  const [newest, oldest] = res.data.received_text_messages;
  assert.deepEqual(Object.keys(newest).sort(), ['content', 'created_at', 'id', 'notify_number', 'service_id', 'user_number']);
  const older = await client.getReceivedTexts(newest.id);
  assert.deepEqual(older.data.received_text_messages.map((t) => t.id), [oldest.id]);
  assert.equal((await lastRequest()).query, `older_than=${newest.id}`);
});

test('unknown option keys are rejected with the official message, nothing sent', async () => {
  const msg = (keys) =>
    `NotifyClient now uses an options configuration object. Options ${JSON.stringify(keys)} not recognised. ` +
    'Please refer to the README.md for more information on method signatures.';
  await assert.rejects(client.sendSms(T.sms, '07700900123', { personalisation: {}, foo: 1 }), {
    name: 'NotifyError',
    code: 'argument',
    message: msg(['foo']),
  });
  await assert.rejects(client.sendEmail(T.email, 'a@example.com', { replyToId: 'x', bar: 2 }), { message: msg(['replyToId', 'bar']) });
  await assert.rejects(client.sendLetter(T.letter, { postage: 'first' }), { message: msg(['postage']) });
  assert.equal((await sim.requests()).length, 0);
});

test('constructor forms: (apiKey, {baseUrl}), (baseUrl, apiKey), (serviceId, apiKey), (baseUrl, serviceId, apiKey), ({apiKey})', async () => {
  const secretOnly = 'anything-' + sim.key.slice(-36);
  const forms = [
    new NotifyClient(sim.key, { baseUrl: sim.baseUrl }),
    new NotifyClient(sim.baseUrl, sim.key),
    new NotifyClient(sim.baseUrl, sim.info.service_id, secretOnly),
    new NotifyClient(sim.baseUrl, sim.info.service_id, sim.key.slice(-36), { timeout: 5000 }),
    new NotifyClient({ apiKey: sim.key, baseUrl: sim.baseUrl }),
    // A key with ':' separators, as in the official client's tests.
    new NotifyClient(sim.baseUrl, sim.key.replace(/-(?=[^-]{36}$)/, ':')),
  ];
  for (const c of forms) {
    const res = await c.getTemplateById(T.sms);
    assert.equal(res.status, 200);
  }
  // (serviceId, apiKey) talks to production by default; check the key it builds is accepted locally.
  const legacy = new NotifyClient(sim.info.service_id, secretOnly, { baseUrl: sim.baseUrl });
  assert.equal((await legacy.getTemplateById(T.sms)).status, 200);
  assert.equal(new NotifyClient(sim.key).timeout, 30000, 'default timeout is 30 s');
  assert.equal(forms[3].timeout, 5000);
});

test('a bad key or base URL never throws from the constructor; every call rejects with code argument', async () => {
  const c = new NotifyClient('not-a-key');
  await assert.rejects(c.getTemplateById(T.sms), { code: 'argument', field: 'api_key' });
  await assert.rejects(c.sendSms(T.sms, '07700900123'), { code: 'argument' });
  const iter = c.notifications();
  await assert.rejects(iter.next(), { code: 'argument' });
  // Plain http to a non-loopback host would send the token in clear: refused by the core.
  const cleartext = new NotifyClient('http://example.com', sim.key);
  await assert.rejects(cleartext.getAllTemplates(), { code: 'argument', field: 'baseUrl' });
  const bad = new NotifyClient(sim.key, { timeot: 5 });
  await assert.rejects(bad.getAllTemplates(), { code: 'argument', field: 'client' });
  const zero = new NotifyClient(sim.key, { timeout: 0 });
  await assert.rejects(zero.getAllTemplates(), { code: 'argument', field: 'timeout' });
  const nan = new NotifyClient(sim.key, { timeout: NaN });
  await assert.rejects(nan.getAllTemplates(), { code: 'argument', field: 'timeout' });
  const tooMany = new NotifyClient('a', 'b', 'c', 'd');
  await assert.rejects(tooMany.getAllTemplates(), { code: 'argument' });
});

test('client-side validation from the core: nothing is sent', async () => {
  await assert.rejects(client.sendSms('not-a-uuid', '07700900123'), { code: 'argument', field: 'template_id' });
  await assert.rejects(client.sendSms(T.sms, undefined), { code: 'argument', field: 'phone_number' });
  await assert.rejects(client.getNotificationById(''), { code: 'argument', field: 'notification_id' });
  await assert.rejects(client.getTemplateByIdAndVersion(T.sms, 0), { code: 'argument', field: 'version' });
  await assert.rejects(client.sendPrecompiledLetter('r', PDF, 'europe'), { code: 'argument', field: 'postage' });
  await assert.rejects(client.sendLetter(T.letter, { personalisation: { name: 'no address' } }), {
    code: 'argument',
    field: 'personalisation',
  });
  await assert.rejects(client.sendSms(T.sms, '07700900123', { personalisation: { big: 10n } }), {
    code: 'argument',
    field: 'arguments',
  });
  assert.equal((await sim.requests()).length, 0);
});

test('setProxy routes requests through an axios-style proxy config', async () => {
  const http = require('node:http');
  const seen = [];
  // A forward proxy for plain http: relays absolute-URI requests.
  const proxy = http.createServer((req, res) => {
    seen.push({ url: req.url, auth: req.headers['proxy-authorization'] });
    const target = req.url.replace('//notify.invalid:', '//127.0.0.1:');
    const up = http.request(target, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  try {
    // Loopback base URLs bypass environment proxies, not explicit ones; use a non-loopback name.
    const c = new NotifyClient(sim.baseUrl.replace('127.0.0.1', 'notify.invalid'), sim.key, { allowInsecureHttp: true });
    c.setProxy({ protocol: 'http', host: '127.0.0.1', port: proxy.address().port, auth: { username: 'u', password: 'p w' } });
    const res = await c.getTemplateById(T.sms);
    assert.equal(res.status, 200);
    assert.equal(seen.length, 1);
    assert.match(seen[0].url, /^http:\/\/notify\.invalid:\d+\/v2\/template\//);
    assert.equal(seen[0].auth, 'Basic ' + Buffer.from('u:p w').toString('base64'));
  } finally {
    proxy.close();
  }
});

test('setClient without an axios instance is refused and says what to use instead', () => {
  assert.throws(() => client.setClient({}), { name: 'NotifyError', code: 'argument', message: /constructor/ });
});

test('the key secret never shows in inspect, JSON or errors', async () => {
  const secret = sim.key.slice(-36);
  const c = new NotifyClient(sim.baseUrl, sim.key);
  assert.ok(!util.inspect(c, { showHidden: true, depth: 5 }).includes(secret));
  assert.ok(!JSON.stringify(c).includes(secret));
  const bad = new NotifyClient(sim.baseUrl, 'x'.repeat(37) + secret);
  const err = await bad.getAllTemplates().catch((e) => e);
  assert.ok(err instanceof NotifyError);
  assert.ok(!util.inspect(err, { depth: 5 }).includes(secret));
});
