// ESM entry point: re-exports the CommonJS facade, so both module systems share one class
// (an error thrown under `import` is `instanceof` the same NotifyError as under `require`).
import cjs from './index.js';

export const { NotifyClient, NotifyError, ERROR_CODES, VERSION } = cjs;
export const {
  parseDeliveryReceipt,
  parseReceivedText,
  verifyBearerToken,
  checkBearerToken,
  callbackHandler,
  InvalidCallbackError,
  CallbackAuthError,
} = cjs;
export default cjs;
