// Type test (CommonJS consumer): `tsc -p __test__/types` must pass. Every method, the response
// shapes of wire spec §6, the errors, and lines that must NOT compile (@ts-expect-error).
import { NotifyClient, NotifyError, ERROR_CODES, VERSION } from 'govuk-notify';
import type {
  EmailResponse,
  FileUpload,
  Notification,
  NotifyErrorCode,
  NotifyResponse,
  ReceivedText,
  Template,
} from 'govuk-notify';

declare const key: string;

async function everyMethod(): Promise<void> {
  const c1 = new NotifyClient(key);
  const c2 = new NotifyClient('https://api.notifications.service.gov.uk', key);
  const c3 = new NotifyClient('https://example', 'service-id', key);
  const c4 = new NotifyClient(key, { timeout: 10_000, retry: { maxRetries: 3, retrySends: false }, proxy: false });
  const c5 = new NotifyClient({ apiKey: key, baseUrl: 'https://example', retry: false });
  const c6 = new NotifyClient('https://example', key, { proxy: { host: 'proxy', port: 3128, auth: { username: 'u', password: 'p' } } });
  void [c2, c3, c4, c5, c6];
  const ua: string | undefined = c1.userAgent;
  const timeout: number | undefined = c1.timeout;
  void [ua, timeout];

  const sms = await c1.sendSms('t', '07700900123', { personalisation: { name: 'x', n: 1 }, reference: 'r', smsSenderId: 's' });
  const smsStatus: number = sms.status;
  const from: string = sms.data.content.from_number;
  const ref: string | null = sms.data.reference;
  void [smsStatus, from, ref];

  const email: NotifyResponse<EmailResponse> = await c1.sendEmail('t', 'a@b.c', {
    personalisation: { file: c1.prepareUpload(Buffer.from('x'), { filename: 'a.csv', confirmEmailBeforeDownload: false, retentionPeriod: '4 weeks' }) },
    reference: 'r',
    emailReplyToId: 'id',
    oneClickUnsubscribeURL: 'https://u',
    sanitiseContentFor: ['name'],
  });
  const unsub: string | null = email.data.content.one_click_unsubscribe_url;
  const sanitised: string | undefined = email.data.sanitised_content['name']?.sanitised;
  void [unsub, sanitised];

  const letter = await c1.sendLetter('t', { personalisation: { address_line_1: 'a', postcode: 'p' }, reference: 'r' });
  const subject: string = letter.data.content.subject;
  const pre = await c1.sendPrecompiledLetter('ref', Buffer.from('%PDF'), 'economy');
  const postage: 'first' | 'second' | 'economy' = pre.data.postage;
  void [subject, postage];

  const n = await c1.getNotificationById('id');
  const postcode: string | null = n.data.postcode;
  const oneClick: string | null = n.data.one_click_unsubscribe_url;
  const cost: number | null = n.data.cost_in_pounds;
  const delivery: string | undefined = n.data.estimated_delivery;
  void [postcode, oneClick, cost, delivery];

  const page = await c1.getNotifications('sms', 'delivered', 'ref', 'older');
  const items: Notification[] = page.data.notifications;
  const next: string | undefined = page.data.links.next;
  await c1.getNotifications(undefined, ['delivered', 'failed']);
  void [items, next];

  const pdf: Buffer = await c1.getPdfForLetterNotification('id');
  const t: Template = (await c1.getTemplateById('t')).data;
  const required: boolean | undefined = t.personalisation['name']?.required;
  const tv = await c1.getTemplateByIdAndVersion('t', 2);
  const all: Template[] = (await c1.getAllTemplates('letter')).data.templates;
  const preview = await c1.previewTemplateById('t', { name: 'x' });
  const html: string | null = preview.data.html;
  const texts: ReceivedText[] = (await c1.getReceivedTexts('older')).data.received_text_messages;
  void [pdf, required, tv, all, html, texts];

  for await (const item of c1.notifications({ templateType: 'email', status: ['delivered'], reference: 'r', olderThan: 'id', includeJobs: true })) {
    const id: string = item.id;
    void id;
  }
  for await (const text of c1.receivedTexts({ olderThan: 'id' })) {
    const content: string = text.content;
    void content;
  }
  const upload: FileUpload = c1.prepareUpload('text');
  void upload;
  c1.setProxy({ host: 'proxy', port: 8080 });
  c1.setProxy('http://proxy:8080');
  c1.setProxy(false);
}

async function errors(c: NotifyClient): Promise<void> {
  try {
    await c.getTemplateById('t');
  } catch (e) {
    if (e instanceof NotifyError) {
      const code: NotifyErrorCode = e.code;
      const status: number | null = e.statusCode;
      const retryable: boolean = e.retryable;
      const first: string | undefined = e.errors[0]?.error;
      // Code written for the official client's axios errors still type-checks.
      const legacyStatus: number | undefined = e.response?.status;
      const data = e.response?.data;
      if (data && typeof data === 'object') {
        const msgs = data.errors?.map((x) => x.message);
        void msgs;
      }
      if (e.code === 'rate_limited') {
        const wait: number | undefined = e.retryAfter;
        void wait;
      }
      void [code, status, retryable, first, legacyStatus];
    }
  }
  const codes: readonly NotifyErrorCode[] = ERROR_CODES;
  const version: string = VERSION;
  void [codes, version];
}

async function mustNotCompile(c: NotifyClient): Promise<void> {
  const n = (await c.getNotificationById('id')).data;
  // @ts-expect-error the server never sends line_7 (the official types were wrong)
  void n.line_7;
  // @ts-expect-error the field is one_click_unsubscribe_url (the official types were wrong)
  void n.one_click_unsubscribe;
  // @ts-expect-error precompiled letters take only first, second or economy
  await c.sendPrecompiledLetter('r', Buffer.from(''), 'europe');
  // @ts-expect-error options are an object, not positional
  await c.sendSms('t', '0770', { name: 'x' }, 'ref');
  // @ts-expect-error unknown option key
  await c.sendEmail('t', 'a@b.c', { replyToId: 'x' });
  // @ts-expect-error version is a number
  await c.getTemplateByIdAndVersion('t');
  // @ts-expect-error template types are sms, email or letter
  await c.getAllTemplates('fax');
  // @ts-expect-error the PDF resolves a Buffer, not a response
  void (await c.getPdfForLetterNotification('id')).data;
  // @ts-expect-error error codes are a closed set
  const code: NotifyErrorCode = 'teapot';
  void code;
  // @ts-expect-error unknown constructor option
  void new NotifyClient('k', { timeot: 1 });
}

void [everyMethod, errors, mustNotCompile];
