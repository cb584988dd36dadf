// Type test (ES module consumer): named and default imports resolve to the same declarations.
import pkg, { NotifyClient, NotifyError } from 'govuk-notify';
import type { SmsResponse, NotifyResponse } from 'govuk-notify';

async function esm(key: string): Promise<void> {
  const client = new NotifyClient(key, { timeout: 5000 });
  const res: NotifyResponse<SmsResponse> = await client.sendSms('t', '07700900123');
  const viaDefault = new pkg.NotifyClient(key);
  const err: unknown = await viaDefault.getAllTemplates().catch((e: unknown) => e);
  if (err instanceof NotifyError && err.code === 'timeout') {
    const none: null = err.statusCode === null ? null : null;
    void none;
  }
  void res;
}

void esm;
