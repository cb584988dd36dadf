'use strict';
// Every error kind of the core taxonomy reaches JS as a NotifyError with a stable code, the HTTP
// status (or null), Notify's errors list, retryable, and the official client's err.response.
const test = require('node:test');
const assert = require('node:assert/strict');
const { NotifyClient, NotifyError, ERROR_CODES } = require('govuk-notify');
const native = require('../native.js');
const { startSimulator, closedPort } = require('./helpers.js');

let sim;
let client; // no retries, so each fault is seen exactly once
let T;

test.before(async () => {
  sim = await startSimulator();
  T = sim.info.templates;
  client = new NotifyClient(sim.baseUrl, sim.key, { retry: false });
});
test.after(() => sim.stop());
test.afterEach(async () => {
  await sim.clearFaults();
  await sim.control('POST', '/clock', { offset_secs: 0 });
});

const seen = new Set();

/** Awaits a rejection and checks the fields every NotifyError has. */
async function failure(promise, code) {
  const err = await promise.then(
    () => assert.fail(`expected a ${code} error`),
    (e) => e,
  );
  assert.ok(err instanceof NotifyError, `a NotifyError, got ${err}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'NotifyError');
  assert.equal(err.code, code, err.message);
  assert.ok(ERROR_CODES.includes(err.code));
  assert.equal(typeof err.message, 'string');
  assert.equal(typeof err.retryable, 'boolean');
  assert.ok(Array.isArray(err.errors));
  assert.equal(typeof err.stack, 'string');
  if (err.statusCode === null) {
    assert.equal(err.response, undefined);
  } else {
    assert.equal(err.response.status, err.statusCode);
  }
  assert.deepEqual(Object.keys(err.toJSON()), ['name', 'code', 'message', 'statusCode', 'errors', 'retryable']);
  seen.add(code);
  return err;
}

function envelope(status, error, message) {
  return JSON.stringify({ status_code: status, errors: [{ error, message }] });
}

test('argument: caught before sending; input Notify rejects carries its 400', async () => {
  const e = await failure(client.getTemplateById('nope'), 'argument');
  assert.equal(e.statusCode, 400);
  assert.deepEqual(e.response.data, { status_code: 400, errors: [{ error: 'ValidationError', message: 'id is not a valid UUID' }] });
  assert.deepEqual(e.errors, e.response.data.errors);
  assert.equal(e.field, 'template_id');
  assert.equal(e.retryable, false);
  assert.equal(e.mayHaveReachedServer, false);
  assert.equal(e.refusedBeforeSending, true);
  const plain = await failure(new NotifyClient(sim.baseUrl, 'not-a-key').getTemplateById(T.sms), 'argument');
  assert.equal(plain.statusCode, null);
  assert.equal(plain.field, 'api_key');
  assert.equal(plain.refusedBeforeSending, true);
});

test('auth: wrong secret (403 from the server), with err.response.data.errors as the official client had it', async () => {
  const wrong = sim.key.slice(0, -36) + '00000000-0000-4000-8000-000000000000';
  const e = await failure(new NotifyClient(sim.baseUrl, wrong).getTemplateById(T.sms), 'auth');
  assert.equal(e.statusCode, 403);
  assert.equal(e.response.status, 403);
  assert.equal(e.response.data.errors[0].error, 'AuthError');
  assert.deepEqual(e.errors, e.response.data.errors);
  assert.equal(e.retryable, false);
  assert.match(e.message, /^HTTP 403: AuthError: /);
});

test('auth: clock skew (simulator clock offset 45 s) reports the skew', async () => {
  await sim.control('POST', '/clock', { offset_secs: 45 });
  const e = await failure(client.getTemplateById(T.sms), 'auth');
  assert.equal(e.statusCode, 403);
  assert.match(e.errors[0].message, /system clock/);
  assert.ok(Math.abs(e.clockSkewSeconds + 45) <= 2, `skew ${e.clockSkewSeconds}`);
  assert.match(e.message, /45 s behind/);
});

test('auth: team key sending a letter (403)', async () => {
  const team = new NotifyClient(sim.baseUrl, sim.info.keys.team, { retry: false });
  const e = await failure(
    team.sendLetter(T.letter, { personalisation: { address_line_1: 'a', address_line_2: 'b', postcode: 'SW1A 1AA', name: 'x' } }),
    'auth',
  );
  assert.equal(e.statusCode, 403);
});

test('validation: 400 from the server', async () => {
  const e = await failure(client.sendSms(T.sms, '07700900123'), 'validation');
  assert.equal(e.statusCode, 400);
  assert.match(e.errors[0].message, /Missing personalisation/);
  assert.equal(e.retryable, false);
  assert.equal(e.mayHaveReachedServer, true);
});

test('validation: PDF not ready yet', async () => {
  const slow = await startSimulator(['--pdf-delay-ms', '600000']);
  try {
    const c = new NotifyClient(slow.baseUrl, slow.key);
    const sent = await c.sendLetter(slow.info.templates.letter, {
      personalisation: { address_line_1: 'a', address_line_2: 'b', postcode: 'SW1A 1AA', name: 'x' },
    });
    const e = await failure(c.getPdfForLetterNotification(sent.data.id), 'validation');
    assert.equal(e.errors[0].error, 'PDFNotReadyError');
    assert.equal(e.response.data.errors[0].error, 'PDFNotReadyError', 'error body parsed as JSON, as the official client does');
  } finally {
    await slow.stop();
  }
});

test('not_found: 404', async () => {
  const e = await failure(client.getNotificationById('8e0b1f4c-0d5a-4b6e-9f7a-1b2c3d4e5f60'), 'not_found');
  assert.equal(e.statusCode, 404);
  assert.equal(e.errors[0].error, 'NoResultFound');
});

test('rate_limited: 429 RateLimitError is retryable and carries Retry-After', async () => {
  await sim.fault({
    path_prefix: '/v2/',
    status: 429,
    body: envelope(429, 'RateLimitError', 'Exceeded rate limit for key type TEST of 3000 requests per 60 seconds'),
    headers: { 'retry-after': '7' },
    times: 1,
  });
  const e = await failure(client.getAllTemplates(), 'rate_limited');
  assert.equal(e.statusCode, 429);
  assert.equal(e.retryable, true);
  assert.equal(e.retryAfter, 7000);
});

test('daily_limit: 429 TooManyRequestsError is not retryable', async () => {
  await sim.fault({
    path_prefix: '/v2/notifications/sms',
    status: 429,
    body: envelope(429, 'TooManyRequestsError', 'Exceeded send limits (sms: 250000) for today'),
    times: 1,
  });
  const e = await failure(client.sendSms(T.sms, '07700900123', { personalisation: { name: 'x' } }), 'daily_limit');
  assert.equal(e.retryable, false);
});

test('server: 500 and an HTML 502 from a proxy', async () => {
  await sim.fault({ path_prefix: '/v2/', status: 500, times: 1 });
  const e = await failure(client.getAllTemplates(), 'server');
  assert.equal(e.statusCode, 500);
  assert.equal(e.retryable, true);
  await sim.fault({ path_prefix: '/v2/', status: 502, body: '<html>Bad gateway</html>', content_type: 'text/html', times: 1 });
  const html = await failure(client.getAllTemplates(), 'server');
  assert.equal(html.response.data, '<html>Bad gateway</html>', 'a non-JSON body is kept as text');
  assert.deepEqual(html.errors, []);
});

test('http: any other status (405)', async () => {
  await sim.fault({ path_prefix: '/v2/', status: 405, body: JSON.stringify({ result: 'error', message: 'Method not allowed' }), times: 1 });
  const e = await failure(client.getAllTemplates(), 'http');
  assert.equal(e.statusCode, 405);
  assert.equal(e.response.data.message, 'Method not allowed');
});

test('transport: a closed port (never reached the server) and a dropped connection', async () => {
  const port = await closedPort();
  const refused = await failure(new NotifyClient(`http://127.0.0.1:${port}`, sim.key, { retry: false }).getAllTemplates(), 'transport');
  assert.equal(refused.statusCode, null);
  assert.equal(refused.response, undefined);
  assert.equal(refused.retryable, true);
  assert.equal(refused.mayHaveReachedServer, false);

  await sim.fault({ path_prefix: '/v2/', action: 'drop', times: 1 });
  const dropped = await failure(client.getAllTemplates(), 'transport');
  assert.equal(dropped.statusCode, null);

  await sim.fault({ path_prefix: '/v2/', action: 'reset_mid_body', status: 200, body: '{"templates": [', times: 1 });
  await failure(client.getAllTemplates(), 'transport');
});

test('timeout: a hanging server and a short timeout', async () => {
  await sim.fault({ path_prefix: '/v2/', action: 'hang', delay_ms: 60000, times: 1 });
  const c = new NotifyClient(sim.baseUrl, sim.key, { timeout: 300, retry: false });
  const e = await failure(c.getAllTemplates(), 'timeout');
  assert.equal(e.statusCode, null);
  assert.equal(e.retryable, true);
  assert.match(e.message, /300 ms/);
});

test('invalid_response: a 200 that is not JSON, and a body over the size limit', async () => {
  await sim.fault({ path_prefix: '/v2/', status: 200, body: 'OK', content_type: 'text/plain', times: 1 });
  const e = await failure(client.getAllTemplates(), 'invalid_response');
  assert.equal(e.statusCode, 200);
  await sim.fault({ path_prefix: '/v2/', action: 'huge_body', body_bytes: 4 * 1024 * 1024, times: 1 });
  const small = new NotifyClient(sim.baseUrl, sim.key, { retry: false, maxResponseBytes: 1024 * 1024 });
  await failure(small.getAllTemplates(), 'invalid_response');
});

test('internal: a bug reported by the native layer is still a typed error', async () => {
  const made = native.createClient(sim.key, { baseUrl: sim.baseUrl });
  const outcome = await made.execute('no_such_operation', '{}');
  const e = new NotifyError(outcome.error);
  assert.equal(e.code, 'internal');
  seen.add(e.code);
});

test('retries: GETs are retried after a 5xx by default, sends are not', async () => {
  const retrying = new NotifyClient(sim.baseUrl, sim.key, { retry: { maxRetries: 2, initialBackoff: 1, jitter: false } });
  await sim.fault({ method: 'GET', path_prefix: '/v2/templates', status: 503, times: 2 });
  await sim.clearRequests();
  const ok = await retrying.getAllTemplates();
  assert.equal(ok.status, 200);
  assert.deepEqual((await sim.requests()).map((r) => r.status), [503, 503, 200]);

  await sim.fault({ method: 'POST', path_prefix: '/v2/notifications/sms', status: 500, times: 1 });
  await sim.clearRequests();
  await failure(retrying.sendSms(T.sms, '07700900123', { personalisation: { name: 'x' } }), 'server');
  assert.equal((await sim.requests()).length, 1, 'a send that may have reached Notify is not repeated');
});

test('callback_auth: a callback request without the expected token (callbacks.js)', () => {
  const { checkBearerToken, CallbackAuthError } = require('govuk-notify');
  assert.throws(
    () => checkBearerToken('Bearer wrong', 'right'),
    (err) => {
      assert.ok(err instanceof CallbackAuthError && err instanceof NotifyError);
      assert.equal(err.code, 'callback_auth');
      seen.add(err.code);
      return true;
    },
  );
});

test('every error kind was produced', () => {
  assert.deepEqual([...seen].sort(), [...ERROR_CODES].sort());
});
