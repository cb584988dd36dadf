'use strict';
/**
 * Benchmark driver for the Node clients.
 *
 * Usage: node bench.js <column> <scenario> <n> <warmup> <concurrency>
 *
 * Columns: official (notifications-node-client 8.4.0 from ./node_modules), ours (the govuk-notify
 * addon at $BENCH_OURS_NODE, default ../../bindings-node; the harness points
 * NAPI_RS_NATIVE_LIBRARY_PATH at a release build of the addon), bare (nothing loaded).
 * Scenarios: seq, conc, page, jwt, rss, decode, cold, none. `decode` (column ours only) times the
 * page body in $BENCH_PAGE_FILE as our client decodes it on the JS thread (the addon's text for a
 * body it holds, `_ReceivedBody.text()`, then JSON.parse) against JSON.parse on the same string. Server and key from the environment
 * (BENCH_BASE_URL, BENCH_API_KEY, BENCH_TEMPLATE_ID, BENCH_PHONE). Prints one JSON line (for
 * cold/none only the peak RSS). Client CPU is process.cpuUsage() (all threads) around the timed part only.
 */

const path = require('node:path');

const BASE_URL = process.env.BENCH_BASE_URL || '';
const API_KEY = process.env.BENCH_API_KEY || '';
const TEMPLATE_ID = process.env.BENCH_TEMPLATE_ID || '';
const PHONE = process.env.BENCH_PHONE || '07700900111';
const OPTIONS = { personalisation: { name: 'Amala' } };

function makeClient(column) {
  if (column === 'official') {
    const { NotifyClient } = require('notifications-node-client');
    return new NotifyClient(BASE_URL, API_KEY);
  }
  if (column === 'ours') {
    const where = process.env.BENCH_OURS_NODE || path.join(__dirname, '..', '..', 'bindings-node');
    const { NotifyClient } = require(where);
    return new NotifyClient(BASE_URL, API_KEY);
  }
  if (column === 'bare') return null;
  throw new Error(`unknown column ${column}`);
}

/** VmHWM of this process (not maxRSS, which on Linux includes the parent's RSS at fork). */
function peakRssKb() {
  const m = /VmHWM:\s+(\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : -1;
}

function cpuSeconds(since) {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/**
 * CPU µs per decode of the page body: ours (the addon turns the response bytes it holds into a JS
 * string, as for every response, and the facade JSON.parses it) and JSON.parse alone on the same
 * string; median over 5 rounds of `n`, in alternating order. The body is copied into the addon
 * once, as a received response's is already there.
 */
function measureDecode(n, warmup) {
  const fs = require('node:fs');
  const where = process.env.BENCH_OURS_NODE || path.join(__dirname, '..', '..', 'bindings-node');
  const native = require(path.join(where, 'native.js'));
  const bytes = fs.readFileSync(process.env.BENCH_PAGE_FILE);
  const text = bytes.toString('utf8');
  const received = new native._ReceivedBody(bytes);
  const fns = {
    ours: () => JSON.parse(received.text()),
    json_parse: () => JSON.parse(text),
    text_only: () => received.text(),
  };
  const expected = JSON.stringify(JSON.parse(text));
  for (const [name, f] of Object.entries(fns)) {
    if (name !== 'text_only' && JSON.stringify(f()) !== expected) throw new Error(`${name} decoded differently`);
    for (let i = 0; i < Math.max(1, warmup); i++) f();
  }
  const names = Object.keys(fns);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < 5; r++) {
    const order = names.slice(r % names.length).concat(names.slice(0, r % names.length));
    for (const name of order) {
      const f = fns[name];
      const c0 = process.cpuUsage();
      for (let i = 0; i < n; i++) f();
      times[name].push((cpuSeconds(c0) / n) * 1e6);
    }
  }
  const median = (v) => {
    const s = [...v].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  return {
    ours_us: median(times.ours),
    json_parse_us: median(times.json_parse),
    text_us: median(times.text_only),
    bytes: bytes.length,
  };
}

async function main() {
  const [column, scenario] = process.argv.slice(2, 4);
  const num = (i, d) => (process.argv[i] !== undefined ? Number(process.argv[i]) : d);
  const n = num(4, 1000);
  const warmup = num(5, 100);
  const conc = Math.max(1, num(6, 1));
  if (scenario === 'none' || scenario === 'cold') {
    if (scenario === 'cold') makeClient(column);
    console.log(`{"ok": true, "maxrss_kb": ${peakRssKb()}}`);
    return;
  }

  let out;
  if (scenario === 'decode') {
    if (column !== 'ours') {
      console.log(JSON.stringify({ ok: false, unavailable: true, error: 'page decoding is measured in the ours column' }));
      return;
    }
    out = measureDecode(n, warmup);
  } else if (scenario === 'jwt') {
    if (column !== 'official') {
      console.log(JSON.stringify({
        ok: false,
        unavailable: true,
        error: "the binding does not expose token creation (it uses the core's; see the core column)",
      }));
      return;
    }
    const create = require('notifications-node-client/client/authentication.js');
    const secret = API_KEY.slice(-36);
    const serviceId = API_KEY.slice(-73, -37);
    for (let i = 0; i < warmup; i++) create('POST', '/v2/notifications/sms', secret, serviceId);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) create('POST', '/v2/notifications/sms', secret, serviceId);
    out = { wall_s: Number(process.hrtime.bigint() - t0) / 1e9, cpu_s: cpuSeconds(c0) };
  } else {
    const client = makeClient(column);
    const send = () => client.sendSms(TEMPLATE_ID, PHONE, OPTIONS);
    if (scenario === 'page') {
      let page;
      for (let i = 0; i < Math.max(1, warmup); i++) page = (await client.getNotifications()).data;
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await client.getNotifications();
      out = {
        wall_s: Number(process.hrtime.bigint() - t0) / 1e9,
        cpu_s: cpuSeconds(c0),
        items: page.notifications.length,
      };
    } else if (scenario === 'seq' || scenario === 'rss') {
      for (let i = 0; i < warmup; i++) await send();
      const lat = new Float64Array(n);
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const t = process.hrtime.bigint();
        await send();
        lat[i] = Number(process.hrtime.bigint() - t) / 1e3;
      }
      out = { wall_s: Number(process.hrtime.bigint() - t0) / 1e9, cpu_s: cpuSeconds(c0) };
      if (scenario === 'seq') {
        lat.sort();
        out.lat_mean_us = lat.reduce((a, b) => a + b, 0) / n;
        out.lat_p50_us = lat[Math.round((n - 1) * 0.5)];
        out.lat_p99_us = lat[Math.round((n - 1) * 0.99)];
      }
    } else if (scenario === 'conc') {
      for (let i = 0; i < warmup; i++) await send();
      const worker = async (share) => {
        for (let i = 0; i < share; i++) await send();
      };
      const shares = Array.from({ length: conc }, (_, w) => Math.floor(n / conc) + (w < n % conc ? 1 : 0));
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await Promise.all(shares.map(worker));
      out = { wall_s: Number(process.hrtime.bigint() - t0) / 1e9, cpu_s: cpuSeconds(c0) };
    } else {
      throw new Error(`unknown scenario ${scenario}`);
    }
  }
  out.ok = true;
  out.n = n;
  out.maxrss_kb = peakRssKb();
  console.log(JSON.stringify(out));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.log(JSON.stringify({ ok: false, error: String((e && e.stack) || e).split('\n')[0] }));
    process.exit(1);
  },
);
