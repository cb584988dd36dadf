// Type test for the callback helpers (callbacks.js): `tsc -p __test__/types` must pass.
import * as http from 'node:http';
import {
  CallbackAuthError,
  InvalidCallbackError,
  NotifyError,
  callbackHandler,
  checkBearerToken,
  parseDeliveryReceipt,
  parseReceivedText,
  verifyBearerToken,
} from 'govuk-notify';
import type { DeliveryReceipt, ReceivedTextCallback } from 'govuk-notify';

declare const body: Buffer;

const receipt: DeliveryReceipt = parseDeliveryReceipt(body);
const status: string = receipt.status;
const version: number = receipt.template_version;
const reference: string | null = receipt.reference;
const text: ReceivedTextCallback = parseReceivedText('{"id":"x"}');
const message: string = text.message;
const ok: boolean = verifyBearerToken(undefined, 'token');
checkBearerToken('Bearer token', 'token');
void [status, version, reference, message, ok];

try {
  parseDeliveryReceipt(new Uint8Array(2));
} catch (e) {
  if (e instanceof InvalidCallbackError) {
    const s: 400 = e.status;
    const field: 'body' = e.field;
    void [s, field];
  } else if (e instanceof CallbackAuthError) {
    const s: 401 = e.status;
    const n: NotifyError = e;
    void [s, n];
  }
}

const onReceipt = callbackHandler({ token: 'token' });
const onText = callbackHandler({ token: 'token', type: 'receivedText' });
http.createServer((req, res) => {
  onReceipt(req, res, () => {
    const cb = (req as http.IncomingMessage & { notifyCallback?: DeliveryReceipt }).notifyCallback;
    res.end(cb ? cb.id : '');
  });
  onText(req, res, (err) => void err);
});

// @ts-expect-error: the type must be one of the two callbacks
callbackHandler({ token: 'token', type: 'letter' });
// @ts-expect-error: a token is required
callbackHandler({});
// @ts-expect-error: a number is not a callback body
parseDeliveryReceipt(42);
