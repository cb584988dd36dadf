'use strict';
// Concurrency soak for the Node binding: ONE NotifyClient, SOAK_WAVES waves (default 10) of
// SOAK_PROMISES concurrent promises (default 500); each promise sends a text message and reads
// the notification back (2 calls). Prints one line
//   SOAK_RESULT {"lang":"node","test":"promises",...,"calls":N,"errors":N,"wall_s":S,"peak_rss_kib":K}
// and exits 0 only if every call succeeded and the peak RSS (process.resourceUsage().maxRSS) is
// under SOAK_RSS_LIMIT_MIB (default 300). SOAK_WATCHDOG_S (default 300) bounds the run: exit 3.
// Environment from tests/soak/run.sh: GN_BASE_URL, GN_KEY_TEST, GN_TPL_SMS.
const { NotifyClient } = require('../../bindings-node');

const promises = Number(process.env.SOAK_PROMISES || 500);
const waves = Number(process.env.SOAK_WAVES || 10);
const rssLimitKib = Number(process.env.SOAK_RSS_LIMIT_MIB || 300) * 1024;
const watchdogMs = Number(process.env.SOAK_WATCHDOG_S || 300) * 1000;
const template = process.env.GN_TPL_SMS;

const watchdog = setTimeout(() => {
  console.error(`soak watchdog: not finished after ${watchdogMs} ms (deadlock?)`);
  process.exit(3);
}, watchdogMs);

async function main() {
  const client = new NotifyClient(process.env.GN_KEY_TEST, { baseUrl: process.env.GN_BASE_URL });
  let calls = 0;
  const errors = [];
  const note = (e) => {
    errors.push(e);
    if (errors.length <= 5) console.error(String(e && e.stack ? e.stack : e));
  };
  const one = async (i) => {
    try {
      const sent = await client.sendSms(template, '07700900123', {
        personalisation: { name: 'Soak' },
        reference: `soak-node-${i}`,
      });
      calls += 1;
      try {
        const got = await client.getNotificationById(sent.data.id);
        if (got.data.id !== sent.data.id) note(new Error(`read back ${got.data.id} for ${sent.data.id}`));
      } catch (e) {
        note(e);
      }
      calls += 1;
    } catch (e) {
      calls += 1;
      note(e);
    }
  };
  const rssAfterWave = [];
  const started = process.hrtime.bigint();
  for (let w = 0; w < waves; w++) {
    await Promise.all(Array.from({ length: promises }, (_, i) => one(w * promises + i)));
    rssAfterWave.push(Math.round(process.memoryUsage().rss / 1024));
  }
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  clearTimeout(watchdog);
  const peak = process.resourceUsage().maxRSS;
  const result = {
    lang: 'node',
    test: 'promises',
    concurrent_promises: promises,
    waves,
    calls,
    errors: errors.length,
    wall_s: Math.round(wallS * 100) / 100,
    peak_rss_kib: peak,
    rss_after_first_wave_kib: rssAfterWave[0],
    rss_after_last_wave_kib: rssAfterWave[rssAfterWave.length - 1],
  };
  console.log('SOAK_RESULT ' + JSON.stringify(result));
  const ok = calls === promises * waves * 2 && errors.length === 0 && peak < rssLimitKib;
  if (!ok) console.error('soak failed', result);
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
