'use strict';
/**
 * govuk-notify: a GOV.UK Notify client for Node.js, and a drop-in replacement for
 * notifications-node-client 8.4.0 (same class, method names, argument orders and resolved
 * `{status, data, headers}` values).
 *
 * This file is a thin facade over the native addon (`native.js`, built from `src/lib.rs`). It
 * owns only what is JavaScript-specific: the official client's signatures and option-key checks,
 * turning arguments into the core's request parameters (JSON text), and turning native outcomes
 * into responses and `NotifyError`s. Every protocol rule (key parsing, tokens, validation,
 * bodies, retries, pagination, the upload size limit) lives in the Rust core; do not add one here.
 */

const { STATUS_CODES } = require('node:http');
const diagnosticsChannel = require('node:diagnostics_channel');
const util = require('node:util');
const native = loadNative();

/**
 * Loads the native addon: `./govuk-notify.<platform>.node` in a source checkout, else the
 * platform package (`govuk-notify-linux-x64-gnu`, ...) that npm installed as an optional
 * dependency. When neither is there, says which package this platform needs and how to get it,
 * instead of napi's generic "Cannot find native binding".
 */
function loadNative() {
  try {
    return require('./native.js');
  } catch (e) {
    let libc = '';
    if (process.platform === 'linux') {
      if (process.report) process.report.excludeNetwork = true;
      const glibc = process.report && process.report.getReport().header.glibcVersionRuntime;
      libc = glibc ? '-gnu' : '-musl';
    }
    const platform = `${process.platform}-${process.arch}${libc}`;
    const pkg = `govuk-notify-${platform}`;
    // What each place the loader tried said (napi chains them through `cause`).
    const reasons = [];
    for (let c = e.cause; c && reasons.length < 4; c = c.cause) reasons.push(c.message);
    let installed = false;
    try {
      require.resolve(`${pkg}/package.json`);
      installed = true;
    } catch {
      // not installed
    }
    const message = installed
      ? `govuk-notify: the native addon package ${pkg} is installed but could not be loaded ` +
        `(for linux-x64-gnu it needs glibc 2.17 or newer): ${reasons.join('; ') || e.message}`
      : `govuk-notify: no native addon for this platform (${platform}). It comes in the package ` +
        `${pkg}, which npm installs as an optional dependency of govuk-notify: reinstall without ` +
        '--omit=optional / --no-optional (and, if a lock file was made on another platform, delete ' +
        'node_modules and the lock file first). Platforms with a published addon: linux-x64-gnu. ' +
        'In a source checkout, build it with `npm run build:debug`.';
    const error = new Error(message);
    error.code = 'ERR_GOVUK_NOTIFY_NATIVE_MISSING';
    error.cause = e;
    throw error;
  }
}

/**
 * Request logging, the Node way: `NODE_DEBUG=govuk-notify` prints a line per request to stderr
 * (util.debuglog), and subscribers of the diagnostics channel `govuk-notify:request` receive
 * `{method, path, status, code, summary, durationMs}` for every request. Both carry only what the
 * Python binding's `govuk_notify` logger does: the method, the path without its query (which can
 * hold a reference), the status, and the core's log-safe summary of a failure (Notify's error class
 * names, never its messages, which can echo a recipient or personalisation) — never the key, a
 * token, a recipient or personalisation.
 */
const debuglog = util.debuglog('govuk-notify');
const requestChannel = diagnosticsChannel.channel('govuk-notify:request');

/** Logs a finished request (no-op unless NODE_DEBUG names govuk-notify or the channel has subscribers). */
function logRequest(outcome, started) {
  if (!outcome.method || !(debuglog.enabled || requestChannel.hasSubscribers)) return;
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  const error = outcome.error;
  const status = error ? (error.statusCode === null || error.statusCode === undefined ? null : error.statusCode)
    : (outcome.response ? outcome.response.status : 200);
  if (requestChannel.hasSubscribers) {
    requestChannel.publish({
      method: outcome.method,
      path: outcome.path,
      status,
      code: error ? error.code : null,
      summary: error ? error.logSummary : null,
      durationMs,
    });
  }
  if (debuglog.enabled) {
    const secs = (durationMs / 1000).toFixed(3);
    if (error) {
      debuglog('API %s request on %s failed with %s \'%s\' after %ss', outcome.method, outcome.path,
        status === null ? error.code : status, error.logSummary, secs);
    } else {
      debuglog('API %s request on %s finished with %s in %ss', outcome.method, outcome.path, status, secs);
    }
  }
}

/** Calls the native addon and logs the request it made. */
async function traced(call) {
  const started = process.hrtime.bigint();
  const outcome = await call();
  logRequest(outcome, started);
  return outcome;
}

/** The version of this package and of the Rust core it is built from. */
const VERSION = native.CORE_VERSION;

/**
 * Every value `NotifyError#code` can take: the core's `ErrorKind::ALL` by name, and
 * `callback_auth` (CallbackAuthError from callbacks.js: a callback request without the right token).
 */
const ERROR_CODES = Object.freeze([...native.errorKinds(), 'callback_auth']);

/** Headers as a plain object with lower-case names (repeated headers joined with ", "). */
function headersObject(list) {
  const out = {};
  for (const { name, value } of list || []) {
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/**
 * The error body as axios would have exposed it: parsed JSON when it is JSON, else the text.
 * Whether it is JSON is the core's call (`isJson`), so a body nested deeper than the core accepts
 * is text here as in every other language.
 */
function parseBody(text, isJson) {
  if (text === undefined || text === null) return undefined;
  if (isJson === false) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The one error type: an `Error` with a stable string `code` (see `ERROR_CODES`), the HTTP
 * `statusCode` (null when no response arrived), Notify's `errors` list, `retryable`, and — for
 * code written against notifications-node-client — `response = {status, statusText, headers, data}`
 * whenever the server answered.
 */
class NotifyError extends Error {
  constructor(nativeError) {
    super(nativeError.message);
    this.name = 'NotifyError';
    this.code = nativeError.code;
    this.statusCode = nativeError.statusCode ?? null;
    this.errors = Array.isArray(nativeError.errors) ? nativeError.errors : [];
    this.retryable = Boolean(nativeError.retryable);
    this.mayHaveReachedServer = Boolean(nativeError.mayHaveReachedServer);
    // Refused by this library before anything was sent; with a `statusCode` (400) when Notify
    // itself rejects that input, so `response` is then the answer Notify would have given.
    this.refusedBeforeSending = this.code === 'argument';
    if (nativeError.field != null) this.field = nativeError.field;
    if (nativeError.retryAfterMs != null) this.retryAfter = nativeError.retryAfterMs;
    if (nativeError.clockSkewSeconds != null) this.clockSkewSeconds = nativeError.clockSkewSeconds;
    if (this.statusCode !== null) {
      this.response = {
        status: this.statusCode,
        statusText: STATUS_CODES[this.statusCode] || '',
        headers: headersObject(nativeError.headers),
        data: parseBody(nativeError.body, nativeError.bodyIsJson),
      };
    }
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      statusCode: this.statusCode,
      errors: this.errors,
      retryable: this.retryable,
    };
  }
}

/** An argument error raised by the facade itself (wrong arity, unknown option keys, bad types). */
function argumentError(message, field) {
  return new NotifyError({
    code: 'argument',
    message,
    field,
    retryable: false,
    mayHaveReachedServer: false,
    headers: [],
  });
}

/** The official client's check, with its exact message. */
function checkOptionsKeys(allowedKeys, options) {
  const invalidKeys = Object.keys(options).filter((k) => !allowedKeys.includes(k));
  if (invalidKeys.length) {
    throw argumentError(
      'NotifyClient now uses an options configuration object. Options ' +
        JSON.stringify(invalidKeys) +
        ' not recognised. Please refer to the README.md for more information on method signatures.',
      'options',
    );
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** A required string the core validates; null/undefined become "" so the core names the field. */
function req(v) {
  return v === undefined || v === null ? '' : v;
}

/** An optional value; falsy values are unset, as in the official client (`x || undefined`). */
function opt(v) {
  return v || undefined;
}

function toBuffer(data, field) {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw argumentError(`${field} must be a Buffer, Uint8Array, ArrayBuffer or string`, field);
}

/** axios-style proxy config (or a URL string, or false) → proxy URL / env-proxy switch. */
function proxySettings(proxy) {
  if (proxy === undefined || proxy === null) return {};
  if (proxy === false) return { useEnvProxy: false };
  if (typeof proxy === 'string') return { proxy };
  if (isPlainObject(proxy) && proxy.host) {
    const protocol = String(proxy.protocol || 'http').replace(/:$/, '');
    let auth = '';
    if (proxy.auth && proxy.auth.username !== undefined) {
      auth =
        encodeURIComponent(proxy.auth.username) +
        (proxy.auth.password !== undefined ? ':' + encodeURIComponent(proxy.auth.password) : '') +
        '@';
    }
    const port = proxy.port !== undefined && proxy.port !== null ? `:${proxy.port}` : '';
    return { proxy: `${protocol}://${auth}${proxy.host}${port}` };
  }
  throw argumentError(
    'proxy must be a URL string, an axios-style {protocol, host, port, auth} object, or false',
    'proxy',
  );
}

/**
 * A number of milliseconds. Only the type is checked here: what values are allowed (a timeout
 * above 0 — unlike axios, 0 does not mean "none" —, a backoff not negative) is the core's rule,
 * the same in every language.
 */
function millis(v, field) {
  if (typeof v !== 'number') throw argumentError(`${field} must be a number of milliseconds`, field);
  return v;
}

function retrySettings(retry) {
  if (retry === undefined || retry === null || retry === true) return undefined;
  if (retry === false) return { maxRetries: 0 };
  if (typeof retry === 'number') return { maxRetries: retry };
  if (!isPlainObject(retry)) {
    throw argumentError('retry must be false, a number of retries, or an options object', 'retry');
  }
  const allowed = ['maxRetries', 'initialBackoff', 'maxBackoff', 'backoffMultiplier', 'jitter', 'retrySends'];
  checkClientKeys(allowed, retry, 'retry');
  const out = {};
  if (retry.maxRetries !== undefined) out.maxRetries = retry.maxRetries;
  if (retry.initialBackoff !== undefined) out.initialBackoffMs = millis(retry.initialBackoff, 'retry.initialBackoff');
  if (retry.maxBackoff !== undefined) out.maxBackoffMs = millis(retry.maxBackoff, 'retry.maxBackoff');
  if (retry.backoffMultiplier !== undefined) out.backoffMultiplier = retry.backoffMultiplier;
  if (retry.jitter !== undefined) out.jitter = Boolean(retry.jitter);
  if (retry.retrySends !== undefined) out.retrySends = Boolean(retry.retrySends);
  return out;
}

function checkClientKeys(allowed, obj, what) {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw argumentError(
      `${what} option(s) ${JSON.stringify(unknown)} not recognised (expected some of ${allowed.join(', ')})`,
      what,
    );
  }
}

const CLIENT_OPTION_KEYS = [
  'apiKey',
  'baseUrl',
  'timeout',
  'connectTimeout',
  'retry',
  'proxy',
  'userAgentSuffix',
  'caCertificates',
  'caBundlePem',
  'allowInsecureHttp',
  'maxResponseBytes',
  'pace',
];

/** The native client settings from the constructor's options object. */
function nativeSettings(options) {
  checkClientKeys(CLIENT_OPTION_KEYS, options, 'client');
  const s = { binding: `node/${process.version}` };
  if (options.baseUrl !== undefined) s.baseUrl = options.baseUrl;
  if (options.timeout !== undefined) s.timeoutMs = millis(options.timeout, 'timeout');
  if (options.connectTimeout !== undefined) {
    s.connectTimeoutMs = millis(options.connectTimeout, 'connectTimeout');
  }
  const retry = retrySettings(options.retry);
  if (retry) s.retry = retry;
  Object.assign(s, proxySettings(options.proxy));
  if (options.userAgentSuffix !== undefined) s.userAgentSuffix = String(options.userAgentSuffix);
  // caBundlePem: the C option's name (ca_bundle_pem) and Python's, one PEM bundle;
  // caCertificates: the same, also as a list of bundles.
  const bundles = [];
  for (const value of [options.caBundlePem, options.caCertificates]) {
    if (value === undefined) continue;
    for (const c of Array.isArray(value) ? value : [value]) {
      bundles.push(Buffer.isBuffer(c) ? c.toString('utf8') : String(c));
    }
  }
  if (bundles.length > 0) s.caCertificates = bundles;
  if (options.allowInsecureHttp !== undefined) s.allowInsecureHttp = Boolean(options.allowInsecureHttp);
  if (options.maxResponseBytes !== undefined) s.maxResponseBytes = options.maxResponseBytes;
  const pace = paceSettings(options.pace);
  if (pace) s.pace = pace;
  return s;
}

/**
 * The `pace` option: `true` (Notify's 3,000 a minute), a number of sends a minute, or
 * `{limit, windowMs}`; `false`/`undefined` for none. The core checks the values.
 */
function paceSettings(pace) {
  if (pace === undefined || pace === null || pace === false) return null;
  if (pace === true) return { limit: 3000 };
  if (typeof pace === 'number') return { limit: pace };
  if (isPlainObject(pace)) {
    checkClientKeys(['limit', 'windowMs'], pace, 'pace');
    if (typeof pace.limit !== 'number') throw argumentError('pace.limit must be a number', 'pace');
    const s = { limit: pace.limit };
    if (pace.windowMs !== undefined) s.windowMs = millis(pace.windowMs, 'pace');
    return s;
  }
  throw argumentError('pace must be true, a number of sends a minute, or {limit, windowMs}', 'pace');
}

const WAIT_OPTION_KEYS = ['until', 'timeout', 'pollInterval', 'maxPollInterval', 'signal'];

/** An AbortSignal's reason, as fetch() rejects with it. */
function abortReason(signal) {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}

/** The legacy separate-service-id forms: the core combines them by its own key rule. */
function combinedKey(serviceId, apiKey) {
  return native.combineKey(String(serviceId), String(req(apiKey)));
}

/** A JSON response's body as text (the addon sends text; bytes only when it is not UTF-8). */
function responseText(native) {
  return typeof native.text === 'string' ? native.text : native.body.toString('utf8');
}

/** The successful resolved value, shaped like the axios response the official client returns. */
function responseObject(native) {
  const text = responseText(native);
  return {
    status: native.status,
    statusText: STATUS_CODES[native.status] || '',
    headers: headersObject(native.headers),
    data: JSON.parse(text),
  };
}

/**
 * A GOV.UK Notify client. Construct it as the official client:
 * `new NotifyClient(apiKey)`, `new NotifyClient(baseUrl, apiKey)`, or the legacy
 * `new NotifyClient(serviceId, apiKey)` / `new NotifyClient(baseUrl, serviceId, apiKey)`;
 * any of these may take a trailing options object:
 * `new NotifyClient(apiKey, {timeout: 10000, retry: false, baseUrl, proxy})`.
 *
 * The constructor never throws for a bad key or URL (the official one does not either): the
 * problem is reported as a rejected promise, with `code === 'argument'`, by every call.
 */
class NotifyClient {
  #apiKey;
  #settings;
  #native = null;
  #configError = null;

  constructor(...args) {
    let options = {};
    if (args.length >= 1 && isPlainObject(args[args.length - 1])) options = args.pop();
    try {
      if (args.length === 0 && options.apiKey !== undefined) args = [options.apiKey];
      let baseUrl;
      let apiKey;
      if (args.length === 1) {
        apiKey = args[0];
      } else if (args.length === 2) {
        if (typeof args[0] === 'string' && args[0].startsWith('http')) {
          [baseUrl, apiKey] = args;
        } else {
          apiKey = combinedKey(args[0], args[1]);
        }
      } else if (args.length === 3) {
        baseUrl = args[0];
        apiKey = combinedKey(args[1], args[2]);
      } else {
        throw argumentError(
          `NotifyClient takes (apiKey), (baseUrl, apiKey), (serviceId, apiKey) or (baseUrl, serviceId, apiKey), optionally followed by an options object; got ${args.length} arguments`,
          'arguments',
        );
      }
      if (baseUrl !== undefined && options.baseUrl !== undefined && baseUrl !== options.baseUrl) {
        throw argumentError('baseUrl was given both as an argument and as an option', 'baseUrl');
      }
      const settings = nativeSettings(options);
      if (baseUrl !== undefined) settings.baseUrl = baseUrl;
      this.#apiKey = typeof apiKey === 'string' ? apiKey : String(req(apiKey));
      this.#settings = settings;
      this.#rebuild();
    } catch (e) {
      if (!(e instanceof NotifyError)) throw e;
      this.#configError = e;
    }
  }

  #rebuild() {
    const made = native.createClient(this.#apiKey, this.#settings);
    if (made instanceof native.NativeClient) {
      this.#native = made;
      this.#configError = null;
    } else {
      this.#native = null;
      this.#configError = new NotifyError(made);
    }
  }

  #client() {
    if (this.#configError) {
      // A fresh error per call, so each rejection has its own stack.
      const e = this.#configError;
      const copy = new NotifyError({
        code: e.code,
        message: e.message,
        field: e.field,
        retryable: false,
        mayHaveReachedServer: false,
        headers: [],
      });
      throw copy;
    }
    return this.#native;
  }

  async #execute(operation, params) {
    const client = this.#client();
    let json;
    try {
      json = JSON.stringify(params);
    } catch (e) {
      throw argumentError(`arguments cannot be encoded as JSON: ${e.message}`, 'arguments');
    }
    const outcome = await traced(() => client.execute(operation, json));
    if (outcome.error) throw new NotifyError(outcome.error);
    return outcome.response;
  }

  /** The User-Agent sent with each request (undefined while the configuration is invalid). */
  get userAgent() {
    return this.#native ? this.#native.userAgent : undefined;
  }

  /** The timeout in milliseconds (default 30000): one deadline for the whole call, retries included. */
  get timeout() {
    return this.#native ? this.#native.timeoutMs : undefined;
  }

  /**
   * Sends an email. Resolves to `{status: 201, data, headers}`.
   * @param {string} templateId
   * @param {string} emailAddress
   * @param {{personalisation?: object, reference?: string, emailReplyToId?: string, oneClickUnsubscribeURL?: string, sanitiseContentFor?: string[]}} [options]
   */
  async sendEmail(templateId, emailAddress, options) {
    options = options || {};
    checkOptionsKeys(
      ['personalisation', 'reference', 'emailReplyToId', 'oneClickUnsubscribeURL', 'sanitiseContentFor'],
      options,
    );
    const res = await this.#execute('send_email', {
      email_address: req(emailAddress),
      template_id: req(templateId),
      personalisation: opt(options.personalisation),
      reference: opt(options.reference),
      email_reply_to_id: opt(options.emailReplyToId),
      one_click_unsubscribe_url: opt(options.oneClickUnsubscribeURL),
      sanitise_content_for: opt(options.sanitiseContentFor),
    });
    return responseObject(res);
  }

  /**
   * Sends a text message. Resolves to `{status: 201, data, headers}`.
   * @param {string} templateId
   * @param {string} phoneNumber
   * @param {{personalisation?: object, reference?: string, smsSenderId?: string}} [options]
   */
  async sendSms(templateId, phoneNumber, options) {
    options = options || {};
    checkOptionsKeys(['personalisation', 'reference', 'smsSenderId'], options);
    const res = await this.#execute('send_sms', {
      phone_number: req(phoneNumber),
      template_id: req(templateId),
      personalisation: opt(options.personalisation),
      reference: opt(options.reference),
      sms_sender_id: opt(options.smsSenderId),
    });
    return responseObject(res);
  }

  /**
   * Sends a letter from a template; `personalisation` must hold the address lines.
   * @param {string} templateId
   * @param {{personalisation?: object, reference?: string}} [options]
   */
  async sendLetter(templateId, options) {
    options = options || {};
    checkOptionsKeys(['personalisation', 'reference'], options);
    const res = await this.#execute('send_letter', {
      template_id: req(templateId),
      personalisation: options.personalisation || {},
      reference: opt(options.reference),
    });
    return responseObject(res);
  }

  /**
   * Sends a precompiled PDF letter.
   * @param {string} reference
   * @param {Buffer | Uint8Array | string} pdfFile
   * @param {"first" | "second" | "economy"} [postage]
   */
  async sendPrecompiledLetter(reference, pdfFile, postage) {
    const client = this.#client();
    const pdf = toBuffer(pdfFile, 'pdf_file');
    if (reference !== undefined && reference !== null && typeof reference !== 'string') {
      throw argumentError('reference must be a string', 'reference');
    }
    if (postage && typeof postage !== 'string') throw argumentError('postage must be a string', 'postage');
    const outcome = await traced(() => client.sendPrecompiledLetter(req(reference), pdf, postage || null));
    if (outcome.error) throw new NotifyError(outcome.error);
    return responseObject(outcome.response);
  }

  /**
   * Polls a notification until its status is one of `until` (default: any final status:
   * delivered, sent, received, permanent-failure, temporary-failure, technical-failure, failed,
   * cancelled, returned-letter, validation-failed, virus-scan-failed). Resolves to what
   * `getNotificationById` resolves to. Polls at once, then after `pollInterval` ms (default
   * 1000), each wait 1.5 times the last, up to `maxPollInterval` (default 30000). Rejects with a
   * `NotifyError` with `code === 'timeout'` when `timeout` ms (default 300000) pass first, with
   * the poll's error when it is not transient (e.g. 404), and with `signal.reason` (an
   * `AbortError`) when `signal` aborts. Not in the official client.
   * @param {string} notificationId
   * @param {{until?: string | string[], timeout?: number, pollInterval?: number, maxPollInterval?: number, signal?: AbortSignal}} [options]
   */
  async waitForStatus(notificationId, options) {
    const o = options === undefined ? {} : options;
    if (!isPlainObject(o)) throw argumentError('options must be an object', 'options');
    checkClientKeys(WAIT_OPTION_KEYS, o, 'waitForStatus');
    const client = this.#client();
    const { signal } = o;
    if (signal !== undefined && (signal === null || typeof signal.aborted !== 'boolean')) {
      throw argumentError('signal must be an AbortSignal', 'signal');
    }
    const settings = {};
    if (o.until !== undefined && o.until !== null) {
      settings.until = (Array.isArray(o.until) ? o.until : [o.until]).map(String);
      if (settings.until.length === 0) throw argumentError('until must name at least one status', 'until');
    }
    if (o.timeout !== undefined) settings.timeoutMs = millis(o.timeout, 'timeout');
    if (o.pollInterval !== undefined) settings.pollIntervalMs = millis(o.pollInterval, 'pollInterval');
    if (o.maxPollInterval !== undefined) settings.maxPollIntervalMs = millis(o.maxPollInterval, 'maxPollInterval');
    const wait = client.waitForStatus(String(req(notificationId)), settings);
    if (!(wait instanceof native.NativeWait)) throw new NotifyError(wait);
    if (signal && signal.aborted) throw abortReason(signal);
    const onAbort = () => wait.cancel();
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    let outcome;
    try {
      outcome = await wait.run();
    } finally {
      if (signal) signal.removeEventListener('abort', onAbort);
    }
    if (signal && signal.aborted) throw abortReason(signal);
    if (outcome.error) throw new NotifyError(outcome.error);
    return responseObject(outcome.response);
  }

  /** The pacing in force: `{limit, windowMs}`, or `undefined` when sends are not paced. */
  get pace() {
    const p = this.#native ? this.#native.pace : null;
    return p ? { limit: p.limit, windowMs: p.windowMs } : undefined;
  }

  /** @param {string} notificationId */
  async getNotificationById(notificationId) {
    return responseObject(await this.#execute('get_notification', { notification_id: req(notificationId) }));
  }

  /**
   * One page (up to 250, newest first) of notifications; see `notifications()` for every page.
   * @param {string} [templateType]
   * @param {string | string[]} [status]
   * @param {string} [reference]
   * @param {string} [olderThanId]
   */
  async getNotifications(templateType, status, reference, olderThanId) {
    const res = await this.#execute('list_notifications', {
      template_type: opt(templateType),
      status: opt(status),
      reference: opt(reference),
      older_than: opt(olderThanId),
    });
    return responseObject(res);
  }

  /**
   * The PDF of a letter, as a Buffer.
   * @param {string} notificationId
   * @returns {Promise<Buffer>}
   */
  async getPdfForLetterNotification(notificationId) {
    const res = await this.#execute('get_pdf_for_letter', { notification_id: req(notificationId) });
    return res.body;
  }

  /** @param {string} templateId */
  async getTemplateById(templateId) {
    return responseObject(await this.#execute('get_template', { template_id: req(templateId) }));
  }

  /**
   * @param {string} templateId
   * @param {number} version
   */
  async getTemplateByIdAndVersion(templateId, version) {
    const v = typeof version === 'string' && /^\d+$/.test(version) ? Number(version) : version;
    const res = await this.#execute('get_template_version', { template_id: req(templateId), version: v });
    return responseObject(res);
  }

  /** @param {"sms" | "email" | "letter"} [templateType] */
  async getAllTemplates(templateType) {
    return responseObject(await this.#execute('list_templates', { template_type: opt(templateType) }));
  }

  /**
   * @param {string} templateId
   * @param {object} [personalisation]
   */
  async previewTemplateById(templateId, personalisation) {
    const res = await this.#execute('preview_template', {
      template_id: req(templateId),
      personalisation: opt(personalisation),
    });
    return responseObject(res);
  }

  /** @param {string} [olderThan] */
  async getReceivedTexts(olderThan) {
    return responseObject(await this.#execute('list_received_texts', { older_than: opt(olderThan) }));
  }

  /**
   * Every notification matching the filters, newest first, fetching pages as you iterate:
   * `for await (const n of client.notifications({status: 'delivered'})) { ... }`.
   * @param {{templateType?: string, status?: string | string[], reference?: string, olderThan?: string, includeJobs?: boolean}} [filter]
   */
  notifications(filter) {
    const self = this;
    return (async function* walkNotifications() {
      const f = filter || {};
      checkClientKeys(['templateType', 'status', 'reference', 'olderThan', 'includeJobs'], f, 'notifications');
      const json = JSON.stringify({
        template_type: opt(f.templateType),
        status: opt(f.status),
        reference: opt(f.reference),
        older_than: opt(f.olderThan),
        include_jobs: f.includeJobs ? true : undefined,
      });
      yield* walk(self.#client().notifications(json));
    })();
  }

  /**
   * Every received text message, newest first, fetching pages as you iterate.
   * @param {{olderThan?: string} | string} [filter]
   */
  receivedTexts(filter) {
    const self = this;
    return (async function* walkReceivedTexts() {
      const f = typeof filter === 'string' ? { olderThan: filter } : filter || {};
      checkClientKeys(['olderThan'], f, 'receivedTexts');
      yield* walk(self.#client().receivedTexts(opt(f.olderThan) || null));
    })();
  }

  /**
   * The personalisation value that sends a file by email. Synchronous, like the official client;
   * a file over 2 MB throws a `NotifyError` with `code === 'argument'` (inside an async function
   * that is a rejected promise).
   * @param {Buffer | Uint8Array | string} fileData
   * @param {{filename?: string, confirmEmailBeforeDownload?: boolean, retentionPeriod?: string}} [options]
   */
  prepareUpload(fileData, options) {
    const data = toBuffer(fileData, 'fileData');
    const o = options || {};
    const confirm = o.confirmEmailBeforeDownload;
    if (confirm !== undefined && confirm !== null && typeof confirm !== 'boolean') {
      throw argumentError('confirmEmailBeforeDownload must be a boolean', 'confirmEmailBeforeDownload');
    }
    const made = native.prepareUpload(
      data,
      o.filename || null,
      confirm === undefined ? null : confirm,
      o.retentionPeriod || null,
    );
    if (made.error) throw new NotifyError(made.error);
    return made.upload;
  }

  /**
   * Routes every request through a proxy: an axios-style `{protocol, host, port, auth}` object
   * (as the official client takes), a URL string, or `false` to ignore proxy environment variables.
   * Replaces the connection pool.
   */
  setProxy(proxyConfig) {
    if (this.#configError && !this.#settings) return;
    try {
      const settings = { ...this.#settings };
      delete settings.proxy;
      delete settings.useEnvProxy;
      Object.assign(settings, proxySettings(proxyConfig));
      this.#settings = settings;
      this.#rebuild();
    } catch (e) {
      if (!(e instanceof NotifyError)) throw e;
      this.#configError = e;
    }
  }

  /**
   * Takes the settings of an axios instance, as the official client's `setClient(restClient)`
   * takes the instance itself (e.g. `client.setClient(axios.create({timeout: 5000}))`).
   * govuk-notify does not send requests through axios, so what maps onto its own options is
   * honoured — `timeout` (milliseconds; 0, axios's "none", keeps the current timeout) and `proxy`
   * (as `setProxy`) — and what cannot be honoured is refused with an `argument` error: request or
   * response interceptors, a custom `adapter`, `httpAgent`/`httpsAgent` (use the `caCertificates`
   * and `proxy` constructor options) and extra headers. `Accept`, `Content-Type`, `User-Agent` and
   * `Authorization` are accepted and ignored (the client sets them itself, as the official one
   * does). `baseURL` is ignored, as with the official client, which always passes axios the
   * absolute URL built from the `NotifyClient`'s base URL. Replaces the connection pool.
   */
  setClient(restClient) {
    const defaults = restClient && restClient.defaults;
    if (!defaults || typeof defaults !== 'object') {
      throw argumentError(
        'setClient() takes an axios instance (for example axios.create({timeout: 5000})); ' +
          'or pass {timeout, retry, proxy, caCertificates} as the last constructor argument',
        'client',
      );
    }
    const refused = [];
    const interceptors = restClient.interceptors || {};
    for (const kind of ['request', 'response']) {
      const handlers = (interceptors[kind] && interceptors[kind].handlers) || [];
      if (handlers.some(Boolean)) refused.push(`${kind} interceptors`);
    }
    const adapter = defaults.adapter;
    const builtIn = (a) => a === 'http' || a === 'xhr' || a === 'fetch';
    if (adapter !== undefined && adapter !== null
      && !(Array.isArray(adapter) ? adapter.every(builtIn) : builtIn(adapter))) {
      refused.push('a custom adapter');
    }
    for (const agent of ['httpAgent', 'httpsAgent']) {
      if (defaults[agent]) refused.push(`${agent} (use the caCertificates and proxy options)`);
    }
    const extraHeaders = customHeaderNames(defaults.headers);
    if (extraHeaders.length) refused.push(`headers ${JSON.stringify(extraHeaders)}`);
    if (refused.length) {
      throw argumentError(
        `setClient(): govuk-notify does not send requests through axios, so it cannot honour ${refused.join(', ')}; ` +
          'timeout and proxy are taken from the instance, or pass {timeout, retry, proxy, caCertificates} ' +
          'as the last constructor argument',
        'client',
      );
    }
    if (this.#configError && !this.#settings) return;
    try {
      const settings = { ...this.#settings };
      if (defaults.timeout) settings.timeoutMs = millis(defaults.timeout, 'timeout');
      if (defaults.proxy !== undefined) {
        delete settings.proxy;
        delete settings.useEnvProxy;
        Object.assign(settings, proxySettings(defaults.proxy));
      }
      this.#settings = settings;
      this.#rebuild();
    } catch (e) {
      if (!(e instanceof NotifyError)) throw e;
      this.#configError = e;
    }
  }
}

/** Headers the client sets itself (as the official client and axios do), so an axios instance's
 * values for them change nothing. */
const OWN_HEADERS = ['accept', 'content-type', 'user-agent', 'authorization'];

/** The names of the headers in an axios `defaults.headers` that the client would have to add. */
function customHeaderNames(headers) {
  if (!headers || typeof headers !== 'object') return [];
  const names = new Set();
  const add = (obj) => {
    for (const [name, value] of Object.entries(obj || {})) {
      // Objects are axios's per-method groups; only those the client's GETs and POSTs use count.
      if (value === undefined || value === null || typeof value === 'object' || typeof value === 'function') continue;
      if (!OWN_HEADERS.includes(name.toLowerCase())) names.add(name);
    }
  };
  add(headers);
  for (const group of ['common', 'get', 'post']) add(headers[group]);
  return [...names];
}

/** Yields every item of every page; the item list's key is the core's (`pager.itemsKey`). */
async function* walk(pager) {
  for (;;) {
    const outcome = await traced(() => pager.nextPage());
    if (outcome.error) throw new NotifyError(outcome.error);
    if (!outcome.response) return;
    const page = JSON.parse(responseText(outcome.response));
    yield* page[pager.itemsKey];
  }
}

// Receiving callbacks (callbacks.js): parseDeliveryReceipt, parseReceivedText, verifyBearerToken, ...
const callbacks = require('./callbacks.js')({ native, NotifyError, toBuffer });

module.exports = { NotifyClient, NotifyError, ERROR_CODES, VERSION, ...callbacks };
