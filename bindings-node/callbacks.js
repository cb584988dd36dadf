'use strict';
/**
 * Receiving Notify's callbacks: the JSON Notify POSTs to your service (a delivery receipt when a
 * message reaches its final status, a received text when someone texts your number), each with
 * `Authorization: Bearer <the token you configured>`.
 *
 * The parsing and the constant-time token comparison are the Rust core's (through the native
 * addon); this file only converts arguments and errors, and adds an Express-style middleware.
 * `index.js` builds it with its addon and `NotifyError` and re-exports everything.
 */

/**
 * @param {{native: object, NotifyError: Function, toBuffer: Function}} deps
 */
module.exports = function makeCallbacks({ native, NotifyError, toBuffer }) {
  /**
   * The body is not the callback payload expected (not JSON, a field missing or of the wrong
   * type): a `NotifyError` with `code` `'argument'`, `field` `'body'` and `status` 400 (the
   * status to answer the request with, as Express error handlers read it).
   */
  class InvalidCallbackError extends NotifyError {
    constructor(nativeError) {
      super({ ...nativeError, code: 'argument', field: 'body', statusCode: null });
      this.status = 400;
    }
  }

  /**
   * The request's `Authorization` header is missing or does not carry the expected bearer token:
   * a `NotifyError` with `code` `'callback_auth'` and `status` 401. The message never quotes
   * either token.
   */
  class CallbackAuthError extends NotifyError {
    constructor(message) {
      super({ code: 'callback_auth', message, statusCode: null, retryable: false });
      this.status = 401;
    }
  }

  function parse(fn, body) {
    let data;
    try {
      data = toBuffer(body, 'body');
    } catch (e) {
      throw new InvalidCallbackError({ message: e.message });
    }
    const outcome = fn(data);
    if (outcome.error) throw new InvalidCallbackError(outcome.error);
    return outcome.payload;
  }

  /**
   * Parses a delivery-receipt callback body.
   * @param {Buffer | Uint8Array | ArrayBuffer | string} body the request body as received
   * @returns the receipt: `{id, reference, to, status, created_at, completed_at, sent_at,
   *   notification_type, template_id, template_version}`
   * @throws {InvalidCallbackError} when the body is not a delivery receipt
   */
  function parseDeliveryReceipt(body) {
    return parse(native.callbackParseDeliveryReceipt, body);
  }

  /**
   * Parses a received-text callback body.
   * @param {Buffer | Uint8Array | ArrayBuffer | string} body the request body as received
   * @returns the text: `{id, source_number, destination_number, message, date_received}`
   * @throws {InvalidCallbackError} when the body is not a received text message
   */
  function parseReceivedText(body) {
    return parse(native.callbackParseReceivedText, body);
  }

  /**
   * Whether an `Authorization` header value carries the bearer token you configured in Notify.
   * The scheme must be `Bearer` (any case); the token is compared in constant time. Anything but
   * two strings, or an empty expected token, gives false. Never throws.
   * @param {string | undefined | null} authorizationHeader e.g. `req.headers.authorization`
   * @param {string | undefined | null} expectedToken
   * @returns {boolean}
   */
  function verifyBearerToken(authorizationHeader, expectedToken) {
    const str = (v) => (typeof v === 'string' && !v.includes('\0') ? v : null);
    return native.callbackVerifyBearerToken(str(authorizationHeader), str(expectedToken));
  }

  /**
   * Throws `CallbackAuthError` unless `verifyBearerToken` accepts the header.
   * @param {string | undefined | null} authorizationHeader
   * @param {string | undefined | null} expectedToken
   */
  function checkBearerToken(authorizationHeader, expectedToken) {
    if (verifyBearerToken(authorizationHeader, expectedToken)) return;
    if (!expectedToken) {
      throw new CallbackAuthError('no expected callback token is configured, so every callback is refused');
    }
    if (!authorizationHeader) throw new CallbackAuthError('the callback request has no Authorization header');
    throw new CallbackAuthError("the callback request's Authorization header does not carry the expected bearer token");
  }

  const MAX_BODY = 1 << 20; // callbacks are a few hundred bytes

  function readBody(req) {
    // A body parser that ran first (express.raw / express.text / express.json) already consumed
    // the stream.
    if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return Promise.resolve(req.body);
    if (req.body && typeof req.body === 'object') return Promise.resolve(JSON.stringify(req.body));
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk); // beyond that, drain and refuse at the end
      });
      req.on('end', () => {
        if (size > MAX_BODY) {
          reject(new InvalidCallbackError({ message: 'body is larger than a callback payload can be' }));
        } else {
          resolve(Buffer.concat(chunks));
        }
      });
      req.on('error', reject);
    });
  }

  /**
   * An Express-style middleware `(req, res, next)` for one callback URL; it also works with a
   * plain `http` server (`handler(req, res, () => ...)`). It answers 401 itself when the token is
   * wrong and 400 when the body is not the payload, without calling `next`; otherwise it sets
   * `req.notifyCallback` to the parsed payload and calls `next()`.
   * @param {{token: string, type?: 'deliveryReceipt' | 'receivedText'}} options `type` defaults
   *   to `'deliveryReceipt'`
   */
  function callbackHandler(options) {
    const { token, type = 'deliveryReceipt' } = options || {};
    const parser = { deliveryReceipt: parseDeliveryReceipt, receivedText: parseReceivedText }[type];
    if (!parser) throw new TypeError("type must be 'deliveryReceipt' or 'receivedText'");
    if (typeof token !== 'string' || token === '') throw new TypeError('token must be a non-empty string');
    return function notifyCallbackHandler(req, res, next) {
      const refuse = (e) => {
        res.statusCode = e.status || 500;
        res.setHeader('content-type', 'text/plain');
        res.end(e.status === 400 ? e.message : '');
      };
      try {
        checkBearerToken(req.headers.authorization, token);
      } catch (e) {
        refuse(e);
        return;
      }
      readBody(req).then(
        (body) => {
          try {
            req.notifyCallback = parser(body);
          } catch (e) {
            refuse(e);
            return;
          }
          next();
        },
        (e) => (e instanceof NotifyError ? refuse(e) : next(e)),
      );
    };
  }

  return {
    InvalidCallbackError,
    CallbackAuthError,
    parseDeliveryReceipt,
    parseReceivedText,
    verifyBearerToken,
    checkBearerToken,
    callbackHandler,
  };
};
