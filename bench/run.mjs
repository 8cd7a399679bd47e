/**
 * `npm run bench`: measures what the issues set targets for, in one run, and writes bench/results.md.
 * Suites: in-process assess; `kexiao assess --jsonl` on 1,000,000 lines; HTTP POST /api/v1/assessments
 * against a bare Fastify route returning a constant (each server in its own process, load from this one).
 * Options (env): BENCH_LINES (default 1000000), BENCH_SECONDS per HTTP run (default 10), BENCH_CONNECTIONS (default 50).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assess } from '@kexiao/rules';
import autocannon from 'autocannon';
import { inputs } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TMP = join(ROOT, 'bench', 'tmp');
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
mkdirSync(TMP, { recursive: true });

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const log = (s) => process.stderr.write(`${s}\n`);

async function inProcess() {
  log('• in-process assess …');
  const pool = [...inputs(10_000, 7)];
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    let i = 0;
    let sink = 0;
    const n = 2_000_000;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < n; k++) {
      sink += assess(pool[i]).score.total;
      i = i + 1 === pool.length ? 0 : i + 1;
    }
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (sink < 0) throw new Error('unreachable');
    rounds.push(n / dt);
  }
  rounds.sort((a, b) => a - b);
  return { median: rounds[2], best: rounds[4], worst: rounds[0] };
}

async function cliJsonl() {
  const file = join(TMP, `inputs-${LINES}.jsonl`);
  let exists = false;
  try {
    exists = statSync(file).size > 0;
  } catch {
    exists = false; // not generated yet
  }
  if (!exists) {
    log(`• generating ${fmt(LINES)} lines …`);
    const out = createWriteStream(file);
    let buf = '';
    for (const input of inputs(LINES, 11)) {
      buf += `${JSON.stringify(input)}\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
  }
  log('• kexiao assess --jsonl …');
  const resultFile = join(TMP, 'results.jsonl');
  const fd = openSync(resultFile, 'w');
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT, 'packages/server/bin/kexiao.js'), 'assess', '--jsonl', file], {
    stdio: ['ignore', fd, 'inherit'],
  });
  const [code] = await once(child, 'exit');
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(fd);
  const outLines = readFileSync(resultFile, 'utf8').split('\n').length - 1;
  if (code !== 0 || outLines !== LINES) throw new Error(`kexiao exited ${code} with ${outLines} lines`);
  return { lines: LINES, seconds: dt, perSecond: LINES / dt, bytes: statSync(file).size };
}

function startServer(args, env) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return child;
}

async function waitFor(url) {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${url}`);
}

async function load(url, body) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

async function http() {
  const body = JSON.stringify([...inputs(1, 3)][0]);
  const bare = startServer([join(ROOT, 'bench/bare-server.mjs')], { PORT: '3901' });
  const app = startServer([join(ROOT, 'packages/server/dist/main.js')], {
    PORT: '3902',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  try {
    await waitFor('http://127.0.0.1:3901/');
    await waitFor('http://127.0.0.1:3902/healthz');
    const appUrl = 'http://127.0.0.1:3902/api/v1/assessments';
    const bareUrl = 'http://127.0.0.1:3901/api/v1/assessments';
    const check = await fetch(appUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (check.status !== 200) throw new Error(`POST /api/v1/assessments answered ${check.status}`);
    log('• HTTP warm-up …');
    await autocannon({
      url: bareUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: 10,
      duration: 2,
    });
    await autocannon({
      url: appUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: 10,
      duration: 2,
    });
    // Alternate to even out drift: bare, app, bare, app.
    const runs = { bare: [], app: [] };
    for (let round = 0; round < 2; round++) {
      log(`• HTTP round ${round + 1}: bare Fastify …`);
      runs.bare.push(await load(bareUrl, body));
      log(`• HTTP round ${round + 1}: kexiao …`);
      runs.app.push(await load(appUrl, body));
    }
    const avg = (xs, k) => xs.reduce((s, x) => s + x[k], 0) / xs.length;
    return {
      bare: { rps: avg(runs.bare, 'rps'), p50: avg(runs.bare, 'p50'), p99: avg(runs.bare, 'p99') },
      app: { rps: avg(runs.app, 'rps'), p50: avg(runs.app, 'p50'), p99: avg(runs.app, 'p99') },
      bodyBytes: body.length,
    };
  } finally {
    bare.kill('SIGTERM');
    app.kill('SIGTERM');
  }
}

const started = new Date();
const ip = await inProcess();
const cli = await cliJsonl();
const h = await http();
const ratio = h.app.rps / h.bare.rps;
const verdict = (ok) => (ok ? '✅ met' : '❌ not met');

const md = `# Benchmark results

Written by \`npm run bench\` (bench/run.mjs) on ${started.toISOString()}.
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. One run; figures are this machine's.

| what | result | target | |
| --- | --- | --- | --- |
| \`assess\` in-process, one core (median of 5 × 2,000,000 calls over 10,000 varied inputs) | **${fmt(ip.median)} /s** (worst ${fmt(ip.worst)}, best ${fmt(ip.best)}) | ≥ 1,000,000 /s | ${verdict(ip.median >= 1_000_000)} |
| \`kexiao assess --jsonl\`, ${fmt(cli.lines)} lines (${fmt(cli.bytes / 1e6)} MB) in, results to a file | **${fmt(cli.perSecond)} lines/s** (${cli.seconds.toFixed(2)} s, process start included) | ≥ 100,000 /s | ${verdict(cli.perSecond >= 100_000)} |
| HTTP \`POST /api/v1/assessments\` (kexiao, PGlite in memory, production mode) | **${fmt(h.app.rps)} req/s**, p50 ${h.app.p50} ms, p99 ${h.app.p99} ms | | |
| HTTP bare Fastify route returning a constant, same body | ${fmt(h.bare.rps)} req/s, p50 ${h.bare.p50} ms, p99 ${h.bare.p99} ms | | |
| kexiao ÷ bare | **${(ratio * 100).toFixed(1)} %** | ≥ 60 % | ${verdict(ratio >= 0.6)} |

HTTP: autocannon from the bench process, ${CONNECTIONS} connections, ${SECONDS} s per run, bare and kexiao alternated twice
after a warm-up (averages shown); each server in its own process on 127.0.0.1; request body ${h.bodyBytes} bytes.
The generator (bench/generate.mjs) is seeded, so every run measures the same inputs.
`;
writeFileSync(join(ROOT, 'bench', 'results.md'), md);
process.stdout.write(md);
