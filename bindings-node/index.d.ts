/// <reference types="node" />
// Types for govuk-notify, a drop-in replacement for notifications-node-client 8.4.0.
//
// Response shapes follow what the Notify server sends (wire spec §6), which corrects the official
// client's types: notifications carry `postcode` (there is no `line_7`) and
// `one_click_unsubscribe_url` (not `one_click_unsubscribe`); nullable fields are `| null`;
// precompiled postage is only first/second/economy.

/** `sms`, `email` or `letter`. */
export type NotificationType = 'sms' | 'email' | 'letter';

/** Postage of a letter notification (international letters are `europe` or `rest-of-world`). */
export type PostageType = 'first' | 'second' | 'economy' | 'europe' | 'rest-of-world';

/** Postage a precompiled letter may ask for. */
export type PrecompiledPostage = 'first' | 'second' | 'economy';

/** Statuses the list endpoint filters on (`failed` means every failure status). */
export type NotificationStatus =
  | 'cancelled'
  | 'created'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'pending'
  | 'failed'
  | 'technical-failure'
  | 'temporary-failure'
  | 'permanent-failure'
  | 'pending-virus-check'
  | 'validation-failed'
  | 'virus-scan-failed'
  | 'returned-letter'
  | 'accepted'
  | 'received';

/** The stable `NotifyError#code` values (the core's error taxonomy). */
export type NotifyErrorCode =
  | 'argument'
  | 'auth'
  | 'validation'
  | 'not_found'
  | 'rate_limited'
  | 'daily_limit'
  | 'server'
  | 'http'
  | 'transport'
  | 'timeout'
  | 'invalid_response'
  | 'internal'
  /** `CallbackAuthError`: a callback request without the expected bearer token. */
  | 'callback_auth';

/** Template personalisation: placeholder name → value (or a `prepareUpload()` file object). */
export type Personalisation = Record<string, unknown>;

export interface TemplateRef {
  id: string;
  version: number;
  /** `{api root}/services/{service_id}/templates/{template_id}` in send responses. */
  uri: string;
}

/** `POST /v2/notifications/sms` (201). */
export interface SmsResponse {
  id: string;
  reference: string | null;
  content: { body: string; from_number: string };
  uri: string;
  template: TemplateRef;
  scheduled_for: string | null;
}

/** `POST /v2/notifications/email` (201). */
export interface EmailResponse {
  id: string;
  reference: string | null;
  content: {
    from_email: string;
    body: string;
    subject: string;
    one_click_unsubscribe_url: string | null;
  };
  uri: string;
  template: TemplateRef;
  scheduled_for: string | null;
  /** `{}` when nothing was sanitised. */
  sanitised_content: Record<string, { unsanitised: string; sanitised: string }>;
}

/** `POST /v2/notifications/letter` (201). */
export interface LetterResponse {
  id: string;
  reference: string | null;
  content: { body: string; subject: string };
  uri: string;
  template: TemplateRef;
  scheduled_for: string | null;
}

/** `POST /v2/notifications/letter` with a PDF (201). */
export interface PrecompiledLetterResponse {
  id: string;
  reference: string;
  postage: PrecompiledPostage;
}

export interface SmsCostDetails {
  billable_sms_fragments: number;
  international_rate_multiplier: number;
  sms_rate: number;
}

export interface LetterCostDetails {
  billable_sheets_of_paper: number;
  postage: PostageType;
}

/** `GET /v2/notifications/{id}` (200), and each item of a notification list. */
export interface Notification {
  id: string;
  reference: string | null;
  email_address: string | null;
  phone_number: string | null;
  line_1: string | null;
  line_2: string | null;
  line_3: string | null;
  line_4: string | null;
  line_5: string | null;
  line_6: string | null;
  /** The last address line (there is no `line_7`). */
  postcode: string | null;
  postage: PostageType | null;
  type: NotificationType;
  status: NotificationStatus | (string & {});
  template: TemplateRef;
  body: string;
  subject: string | null;
  created_at: string;
  created_by_name: string | null;
  sent_at: string | null;
  completed_at: string | null;
  scheduled_for: string | null;
  one_click_unsubscribe_url: string | null;
  /** Letters only. */
  estimated_delivery?: string;
  is_cost_data_ready: boolean;
  cost_in_pounds: number | null;
  /** `{}` for email, or while cost data is not ready. */
  cost_details: SmsCostDetails | LetterCostDetails | Record<string, never>;
}

export interface PageLinks {
  current: string;
  /** Present when the page is not empty. */
  next?: string;
}

/** `GET /v2/notifications` (200). */
export interface NotificationList {
  notifications: Notification[];
  links: PageLinks;
}

/** `GET /v2/template/{id}[/version/{v}]` (200), and each item of `getAllTemplates`. */
export interface Template {
  id: string;
  name: string;
  type: NotificationType;
  created_at: string;
  updated_at: string | null;
  /** The creator's email address. */
  created_by: string;
  version: number;
  /** The raw template with `((placeholders))`. */
  body: string;
  subject: string | null;
  personalisation: Record<string, { required: boolean }>;
  postage: PostageType | null;
  letter_contact_block: string | null;
}

/** `GET /v2/templates` (200). */
export interface TemplateList {
  templates: Template[];
}

/** `POST /v2/template/{id}/preview` (200). */
export interface TemplatePreview {
  id: string;
  type: NotificationType;
  version: number;
  body: string;
  /** Email only. */
  html: string | null;
  subject: string | null;
  postage: PostageType | null;
}

/** One text message sent to the service's number. */
export interface ReceivedText {
  id: string;
  user_number: string;
  notify_number: string;
  created_at: string;
  service_id: string;
  content: string;
}

/** `GET /v2/received-text-messages` (200). */
export interface ReceivedTextList {
  received_text_messages: ReceivedText[];
  links: PageLinks;
}

/** The value from `prepareUpload()`, to put in personalisation. */
export interface FileUpload {
  file: string;
  filename: string | null;
  confirm_email_before_download: boolean | null;
  retention_period: string | null;
}

/** What every promise resolves to: the server's JSON in `data`, as the official client's axios response. */
export interface NotifyResponse<T> {
  status: number;
  statusText: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  data: T;
}

/** An axios-style proxy configuration, as `setProxy` accepts in the official client. */
export interface ProxyConfig {
  host: string;
  port?: number;
  protocol?: string;
  auth?: { username: string; password?: string };
}

/** Retry policy; unset fields keep the defaults. Sends are never retried when Notify may have acted on them, unless `retrySends`. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 disables retrying. */
  maxRetries?: number;
  /** Backoff before the first retry, in ms. Default 250. */
  initialBackoff?: number;
  /** Upper bound of any single wait, in ms. Default 5000. */
  maxBackoff?: number;
  /** Growth of the backoff per retry. Default 2. */
  backoffMultiplier?: number;
  /** Randomise each wait. Default true. */
  jitter?: boolean;
  /** Also retry sends after 5xx, timeouts and resets (may send twice). Default false. */
  retrySends?: boolean;
}

/** The options object that may end any constructor form. */
export interface NotifyClientOptions {
  /** The API key, when no positional arguments are given: `new NotifyClient({apiKey})`. */
  apiKey?: string;
  /** Default `https://api.notifications.service.gov.uk`. */
  baseUrl?: string;
  /** One deadline for the whole call, in ms: connecting, reading the body, retries and their waits. Default 30000. */
  timeout?: number;
  /** Time allowed to connect, in ms. Default 10000. */
  connectTimeout?: number;
  /** `false` (or 0) disables retries; a number sets `maxRetries`. Default: 2 retries of transient errors. */
  retry?: boolean | number | RetryOptions;
  /** A proxy URL or axios-style config; `false` ignores `HTTPS_PROXY` and friends. */
  proxy?: string | ProxyConfig | false;
  /** Appended to the User-Agent, e.g. your service's name. */
  userAgentSuffix?: string;
  /**
   * A PEM bundle of extra certificates to trust in addition to the system store (e.g. a
   * TLS-inspecting proxy's CA); the name of C's `ca_bundle_pem` and Python's `ca_bundle_pem`.
   * Prefer it to `SSL_CERT_FILE`, which replaces the system store.
   */
  caBundlePem?: string | Buffer;
  /** Extra PEM certificates to trust, as `caBundlePem`, also as a list of bundles. */
  caCertificates?: string | Buffer | Array<string | Buffer>;
  /** Allow plain http to a non-loopback host (private test rigs only). */
  allowInsecureHttp?: boolean;
  /** Largest response body accepted, in bytes. Default 32 MiB. */
  maxResponseBytes?: number;
  /**
   * Queue sends to stay under Notify's rate limit, across every call sharing the client:
   * `true` for Notify's 3,000 a minute, a number of sends a minute, or `{limit, windowMs}`.
   * Sends are spaced evenly; only sends are paced. Queueing time is not part of `timeout`.
   * Default: no pacing.
   */
  pace?: boolean | number | PaceOptions;
}

/** Pacing: at most `limit` sends per `windowMs` (default 60000), spaced evenly. */
export interface PaceOptions {
  limit: number;
  windowMs?: number;
}

export interface WaitForStatusOptions {
  /** The statuses to wait for. Default: any final status. */
  until?: NotificationStatus | NotificationStatus[];
  /** How long to wait in all, in ms. Default 300000. */
  timeout?: number;
  /** The wait before the second poll, in ms (each later wait is 1.5 times the last). Default 1000. */
  pollInterval?: number;
  /** The longest wait between polls, in ms. Default 30000. */
  maxPollInterval?: number;
  /** Aborting it ends the wait: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
}

export interface SendEmailOptions {
  personalisation?: Personalisation;
  reference?: string;
  emailReplyToId?: string;
  oneClickUnsubscribeURL?: string;
  sanitiseContentFor?: string[];
}

export interface SendSmsOptions {
  personalisation?: Personalisation;
  reference?: string;
  smsSenderId?: string;
}

export interface SendLetterOptions {
  /** Must include the address: `address_line_1`, `address_line_2`, ... and `postcode`. */
  personalisation?: Personalisation;
  reference?: string;
}

export interface PrepareUploadOptions {
  filename?: string;
  confirmEmailBeforeDownload?: boolean;
  /** e.g. `"4 weeks"` (1 to 78 weeks). */
  retentionPeriod?: string;
}

export interface NotificationFilter {
  templateType?: NotificationType;
  status?: NotificationStatus | NotificationStatus[];
  reference?: string;
  olderThan?: string;
  /** Also include notifications sent by uploading a spreadsheet. */
  includeJobs?: boolean;
}

export interface ReceivedTextFilter {
  olderThan?: string;
}

/**
 * Every failure: `code` is stable (match on it, not on the message). When the server answered,
 * `statusCode`, `errors` and `response` (`{status, data}` as notifications-node-client's axios
 * errors had it) are set; for transport errors and timeouts `statusCode` is null and `response`
 * is undefined.
 */
export declare class NotifyError extends Error {
  name: 'NotifyError';
  code: NotifyErrorCode;
  /** The HTTP status, or null when no response arrived. */
  statusCode: number | null;
  /** Notify's `errors` list (`[]` when the body had none). */
  errors: Array<{ error: string; message: string; [extra: string]: unknown }>;
  /** Whether the same request may succeed later (rate limits, 5xx, transport errors, timeouts). */
  retryable: boolean;
  /** False when the request certainly never reached Notify (so repeating a send is safe). */
  mayHaveReachedServer: boolean;
  /**
   * True for `argument` errors: refused before anything was sent. When Notify itself rejects that
   * input, `statusCode` is 400 and `response` the answer Notify would have given.
   */
  refusedBeforeSending: boolean;
  /** For `argument` errors: the offending field or option. */
  field?: string;
  /** The server's Retry-After, in ms. */
  retryAfter?: number;
  /** For clock-skew auth errors: this machine's clock minus the server's, in seconds. */
  clockSkewSeconds?: number;
  response?: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    /** The error body: Notify's JSON envelope, or the raw text when it is not JSON. */
    data: { status_code?: number; errors?: Array<{ error: string; message: string }>; [k: string]: unknown } | string;
  };
  toJSON(): {
    name: string;
    code: NotifyErrorCode;
    message: string;
    statusCode: number | null;
    errors: Array<{ error: string; message: string }>;
    retryable: boolean;
  };
}

export declare class NotifyClient {
  constructor(apiKey: string, options?: NotifyClientOptions);
  constructor(baseUrl: string, apiKey: string, options?: NotifyClientOptions);
  /** Legacy: a separate service id and a key whose last 36 characters are the secret. */
  constructor(baseUrl: string, serviceId: string, apiKey: string, options?: NotifyClientOptions);
  constructor(options: NotifyClientOptions & { apiKey: string });

  /** The User-Agent sent with every request (undefined while the configuration is invalid). */
  readonly userAgent: string | undefined;
  /** The timeout in ms: one deadline for the whole call, retries included (default 30000; undefined while the configuration is invalid). */
  readonly timeout: number | undefined;

  sendEmail(templateId: string, emailAddress: string, options?: SendEmailOptions): Promise<NotifyResponse<EmailResponse>>;
  sendSms(templateId: string, phoneNumber: string, options?: SendSmsOptions): Promise<NotifyResponse<SmsResponse>>;
  sendLetter(templateId: string, options?: SendLetterOptions): Promise<NotifyResponse<LetterResponse>>;
  sendPrecompiledLetter(
    reference: string,
    pdfFile: Buffer | Uint8Array | ArrayBuffer | string,
    postage?: PrecompiledPostage,
  ): Promise<NotifyResponse<PrecompiledLetterResponse>>;
  getNotificationById(notificationId: string): Promise<NotifyResponse<Notification>>;
  /**
   * Polls until the notification's status is one of `until` (default: any final status) and
   * resolves to what `getNotificationById` resolves to. Rejects with a `NotifyError` with
   * `code === 'timeout'` when `timeout` passes first, and with `signal.reason` on abort.
   * Not in the official client.
   */
  waitForStatus(notificationId: string, options?: WaitForStatusOptions): Promise<NotifyResponse<Notification>>;
  /** The pacing in force, or undefined when sends are not paced. */
  readonly pace: PaceOptions | undefined;
  /** One page of up to 250 notifications, newest first. */
  getNotifications(
    templateType?: NotificationType | '' | null,
    status?: NotificationStatus | NotificationStatus[] | '' | null,
    reference?: string | null,
    olderThanId?: string | null,
  ): Promise<NotifyResponse<NotificationList>>;
  /** The letter's PDF. Rejects with a `validation` error whose `errors[0].error` is `PDFNotReadyError` until it is generated. */
  getPdfForLetterNotification(notificationId: string): Promise<Buffer>;
  getTemplateById(templateId: string): Promise<NotifyResponse<Template>>;
  getTemplateByIdAndVersion(templateId: string, version: number): Promise<NotifyResponse<Template>>;
  getAllTemplates(templateType?: NotificationType): Promise<NotifyResponse<TemplateList>>;
  previewTemplateById(templateId: string, personalisation?: Personalisation): Promise<NotifyResponse<TemplatePreview>>;
  /** One page of up to 250 received text messages, newest first. */
  getReceivedTexts(olderThan?: string): Promise<NotifyResponse<ReceivedTextList>>;

  /** Every notification matching the filter, fetching pages as you iterate. */
  notifications(filter?: NotificationFilter): AsyncGenerator<Notification, void, undefined>;
  /** Every received text message, fetching pages as you iterate. */
  receivedTexts(filter?: ReceivedTextFilter | string): AsyncGenerator<ReceivedText, void, undefined>;

  /** Synchronous; throws a `NotifyError` (code `argument`) for a file over 2 MB. */
  prepareUpload(fileData: Buffer | Uint8Array | ArrayBuffer | string, options?: PrepareUploadOptions): FileUpload;
  setProxy(proxyConfig: ProxyConfig | string | false): void;
  /**
   * Takes `timeout` and `proxy` from an axios instance (`axios.create({timeout: 5000})`); throws a
   * `NotifyError` (code `argument`) for what cannot be honoured: interceptors, a custom adapter,
   * `httpAgent`/`httpsAgent`, extra headers. `baseURL` is ignored, as by the official client.
   */
  setClient(client: { defaults: object; interceptors?: object }): void;
}

/** Every `NotifyError#code` value. */
export declare const ERROR_CODES: readonly NotifyErrorCode[];
/** The package (and Rust core) version. */
export declare const VERSION: string;

// ---- Receiving callbacks (callbacks.js) ----------------------------------------------------------

/** The body of a delivery-receipt callback, as Notify sends it. */
export interface DeliveryReceipt {
  /** The notification id (as returned when it was sent). */
  id: string;
  /** Your reference, or null. */
  reference: string | null;
  /** The recipient's email address or phone number. */
  to: string;
  status: 'delivered' | 'permanent-failure' | 'temporary-failure' | 'technical-failure' | (string & {});
  created_at: string;
  completed_at: string | null;
  sent_at: string | null;
  notification_type: 'email' | 'sms' | (string & {});
  template_id: string;
  template_version: number;
}

/** The body of a received-text callback (a text sent to the service's number). */
export interface ReceivedTextCallback {
  id: string;
  /** The sender's number, e.g. `447700912345`. */
  source_number: string;
  /** The service's number. */
  destination_number: string;
  message: string;
  date_received: string;
}

/** A callback body that is not the payload expected: `code` 'argument', `field` 'body', `status` 400. */
export declare class InvalidCallbackError extends NotifyError {
  field: 'body';
  /** The status to answer the callback request with (400). */
  status: 400;
}

/** A callback request without the expected bearer token: `code` 'callback_auth', `status` 401. */
export declare class CallbackAuthError extends NotifyError {
  /** The status to answer the callback request with (401). */
  status: 401;
}

/** The request body as received. */
export type CallbackBody = Buffer | Uint8Array | ArrayBuffer | string;

/** Parses a delivery-receipt callback body; throws `InvalidCallbackError` for anything else. */
export declare function parseDeliveryReceipt(body: CallbackBody): DeliveryReceipt;
/** Parses a received-text callback body; throws `InvalidCallbackError` for anything else. */
export declare function parseReceivedText(body: CallbackBody): ReceivedTextCallback;
/**
 * Whether an `Authorization` header value (`Bearer <token>`, scheme in any case) carries the
 * expected token, compared in constant time. Never throws; non-strings give false.
 */
export declare function verifyBearerToken(authorizationHeader: string | null | undefined, expectedToken: string | null | undefined): boolean;
/** Throws `CallbackAuthError` unless `verifyBearerToken` accepts the header. */
export declare function checkBearerToken(authorizationHeader: string | null | undefined, expectedToken: string | null | undefined): void;

/** What `callbackHandler` reads from the request (Node's `IncomingMessage`, or Express's `req`). */
export interface CallbackRequest extends NodeJS.ReadableStream {
  headers: { authorization?: string; [name: string]: string | string[] | undefined };
  /** Set by a body parser that ran first (Buffer, string or parsed JSON). */
  body?: unknown;
  /** Set by the handler: the parsed payload. */
  notifyCallback?: DeliveryReceipt | ReceivedTextCallback;
}

/** What `callbackHandler` writes to (Node's `ServerResponse`, or Express's `res`). */
export interface CallbackResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * An Express-style middleware for one callback URL (also usable with `http.createServer`): it
 * answers 401 for a wrong token and 400 for a body that is not the payload; otherwise it sets
 * `req.notifyCallback` and calls `next()`.
 */
export declare function callbackHandler(options: {
  token: string;
  type?: 'deliveryReceipt' | 'receivedText';
}): (req: CallbackRequest, res: CallbackResponse, next: (err?: unknown) => void) => void;
