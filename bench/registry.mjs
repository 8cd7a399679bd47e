/**
 * The `lookup` suite of `npm run bench` (bench/run.mjs): the public look-up of a registration number,
 * GET /api/v1/public/registrations/:registrationNo, on PostgreSQL, against bare Fastify + pg running the same
 * point look-up (bench/bare-lookup-server.mjs: the same SQL on the same table and index) — measured in the same
 * run, on the same database, alternated bare / kexiao like the `http` suite.
 *
 * A fresh database (kexiao_bench_<pid>_lookup, migrated and seeded by booting the server once) gets
 * BENCH_LOOKUP_REGISTRATIONS (default 200,000) registrations loaded in SQL: as many enterprises of 河南 (with
 * their accounts) and registered filings, announced by 40 announcements of this year, 2 % of the numbers revoked;
 * then VACUUM ANALYZE. Every request asks for a random number of them (autocannon, BENCH_CONNECTIONS, default 50).
 *
 * A third server, the bare one counting each hit in `rate_limit_counter` first (RATE_LIMIT=database), measures what
 * a database-counted limit per request would cost the look-up: why kexiao limits public reads with an in-process
 * token bucket (platform/token-bucket.ts). kexiao runs with PUBLIC_LOOKUP_PER_MINUTE high enough never to refuse
 * the bench's single client (the bucket is still taken on every request).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cannon, createUsccFunction, measureCpu, percentile, prepared } from './filings.mjs';

const log = (s) => process.stderr.write(`${s}\n`);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const load1 = () => loadavg().map((x) => x.toFixed(2));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const N = Number(process.env.BENCH_LOOKUP_REGISTRATIONS ?? 200_000);
const ANNOUNCEMENTS = 40;

export const lookupNumber = (year, seq) => `${year}410000${String(seq).padStart(6, '0')}`;

async function loadRegistrations(client, n, year) {
  const step = async (label, text, params = []) => {
    const t = Date.now();
    const r = await client.query(text, params);
    log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query(`select setseed(0.2025)`);
  await createUsccFunction(client);
  const admin = await client.query(
    `insert into account (kind, login_name, login_name_key, password_hash, phone, display_name, real_name_status)
     values ('staff', 'bench_admin', 'bench_admin', '!', '13700000000', '河南省科技厅', 'verified') returning id`,
  );
  const adminId = admin.rows[0].id;
  const agency = await client.query(
    `insert into agency (province_code, name, level, region_code) values ('410000', '郑州市科学技术局', 'city', '410100')
     returning id`,
  );
  const agencyId = agency.rows[0].id;
  const campaign = await client.query(
    `insert into campaign (province_code, evaluation_year, rule_set_id, window_opens_on, window_closes_on,
       review_working_days, publicity_deadline, batch_cadence, created_by)
     values ('410000', $1, $2, $3, $4, 5, $4, 'monthly', $5) returning id`,
    [year, String(year), `${year}-01-01`, `${year}-12-31`, adminId],
  );
  const campaignId = campaign.rows[0].id;
  // Counties of 河南 the enterprises are spread over.
  const regions = (
    await client.query(`select code from region where kind = 'county' and code like '41%' order by code limit 100`)
  ).rows.map((r) => r.code);
  if (regions.length < 10) throw new Error('regions of 河南 are missing');
  const ACCOUNT0 = 10_000_000;
  await step(
    `${fmt(n)} legal-person accounts`,
    `insert into account (id, kind, login_name, login_name_key, password_hash, phone, display_name, real_name_status)
     select $1::bigint + i, 'legalPerson', 'bl_ent_' || i, 'bl_ent_' || i, '!', '15' || lpad(i::text, 9, '0'),
       '企业账号' || i, 'verified'
     from generate_series(1, $2::int) i`,
    [ACCOUNT0, n],
  );
  await step(
    `${fmt(n)} enterprises`,
    `insert into enterprise (id, account_id, uscc, name, unit_type, region_code, legal_rep_name, legal_rep_id_number,
       agent_name, agent_id_number, agent_phone)
     select i, $1::bigint + i, bench_uscc('91' || substr(rc, 1, 6) || 'MA' || lpad(i::text, 7, '0')),
       r.name || '基准' || i || '号科技有限公司', 'enterpriseLegalPerson', rc, '王建国',
       '410105198001011234', '李晓梅', '410105199001011234', '15' || lpad(i::text, 9, '0')
     from (select i, ($3::text[])[1 + (i % array_length($3::text[], 1))] as rc from generate_series(1, $2::int) i) g
     join region r on r.code = g.rc`,
    [ACCOUNT0, n, regions],
  );
  await step(
    `${fmt(n)} registered filings`,
    `insert into filing (id, enterprise_id, campaign_id, evaluation_year, province_code, status, agency_id,
       version_no, review_round, submitted_at)
     select i, i, $2::bigint, $3::int, '410000', 'registered', $4::bigint, 1, 1, make_date($3::int, 4, 1)
     from generate_series(1, $1::int) i`,
    [n, campaignId, year, agencyId],
  );
  await client.query(`select setval(pg_get_serial_sequence('enterprise', 'id'), $1::bigint)`, [n]);
  await client.query(`select setval(pg_get_serial_sequence('filing', 'id'), $1::bigint)`, [n]);
  await client.query(`select setval(pg_get_serial_sequence('account', 'id'), $1::bigint)`, [ACCOUNT0 + n]);
  await client.query(
    `insert into publicity_batch (id, campaign_id, province_code, evaluation_year, batch_no, status, entry_count,
       created_by, published_by, published_at, published_on, ends_on)
     select k, $1::bigint, '410000', $2::int, k, 'published', $3::int / $4::int, $5::bigint, $5::bigint,
       make_date($2::int, 5, 1) + k * 3, make_date($2::int, 5, 1) + k * 3, make_date($2::int, 5, 15) + k * 3
     from generate_series(1, $4::int) k`,
    [campaignId, year, n, ANNOUNCEMENTS, adminId],
  );
  await client.query(
    `insert into announcement (id, batch_id, province_code, evaluation_year, announcement_no, announced_on,
       announced_at, announced_by, registered_count)
     select k, k, '410000', $1::int, k, make_date($1::int, 5, 20) + k * 3, make_date($1::int, 5, 20) + k * 3,
       $2::bigint, $3::int / $4::int
     from generate_series(1, $4::int) k`,
    [year, adminId, n, ANNOUNCEMENTS],
  );
  await step(
    `${fmt(n)} registrations`,
    `insert into registration (registration_no, province_code, evaluation_year, seq, enterprise_id, filing_id,
       announcement_id, enterprise_name, uscc, region_code, status, revoked_at, issued_at)
     select $1::text || '410000' || lpad(e.id::text, 6, '0'), '410000', $1::int, e.id, e.id, e.id,
       1 + (e.id - 1) * $3::int / $2::int, e.name, e.uscc, e.region_code,
       case when random() < 0.02 then 'revoked' else 'valid' end, null, make_date($1::int, 6, 1)
     from enterprise e order by e.id`,
    [String(year), n, ANNOUNCEMENTS],
  );
  await client.query(`update registration set revoked_at = make_date($1::int, 9, 1) where status = 'revoked'`, [year]);
  await client.query(
    `insert into registration_counter (province_code, evaluation_year, last_seq) values ('410000', $1::int, $2::int)`,
    [year, n],
  );
  await step('vacuum analyze', `vacuum analyze account, enterprise, filing, announcement, registration`);
  const size = await client.query(
    `select pg_size_pretty(pg_total_relation_size('registration')) as registration,
            pg_size_pretty(pg_relation_size('registration_number_idx')) as number_idx,
            (select count(*)::int from registration) as registrations,
            (select count(*)::int from registration where status = 'revoked') as revoked`,
  );
  const plan = await client.query(`explain select r.registration_no from registration r where r.registration_no = $1`, [
    lookupNumber(year, 1),
  ]);
  return { ...size.rows[0], plan: plan.rows.map((r) => r['QUERY PLAN']).join(' / ') };
}

function startBare(root, port, dbUrl, rateLimit) {
  const child = spawn(process.execPath, [join(root, 'bench/bare-lookup-server.mjs')], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: dbUrl, RATE_LIMIT: rateLimit },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`bare lookup server exited with ${code}`)));
  });
  return { child, ready, url: `http://127.0.0.1:${port}` };
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export async function lookupSuite({ root, seconds }) {
  const year = new Date().getUTCFullYear();
  const db = await prepared(root, 'lookup', 3921);
  const bares = [];
  try {
    const client = new pg.Client({ connectionString: db.dbUrl });
    await client.connect();
    const t0 = Date.now();
    let size;
    try {
      log(`• lookup: loading ${fmt(N)} registrations …`);
      size = await loadRegistrations(client, N, year);
    } finally {
      await client.end();
    }
    const setupSeconds = (Date.now() - t0) / 1000;
    db.server.env.PUBLIC_LOOKUP_PER_MINUTE = '100000000';
    await db.server.start();
    const bare = startBare(root, 3922, db.dbUrl, 'none');
    const bareDb = startBare(root, 3923, db.dbUrl, 'database');
    bares.push(bare.child, bareDb.child);
    await Promise.all([bare.ready, bareDb.ready]);

    const path = (seq) => `/api/v1/public/registrations/${lookupNumber(year, seq)}`;
    // The same row from both: kexiao's answer names what the bare row holds.
    const probe = await (await fetch(`${db.server.url}${path(12345)}`)).json();
    const bareRow = await (await fetch(`${bare.url}${path(12345)}`)).json();
    if (probe.registrationNo !== bareRow.registration_no || probe.uscc !== bareRow.uscc) {
      throw new Error(`kexiao and the bare server disagree: ${JSON.stringify(probe)} / ${JSON.stringify(bareRow)}`);
    }
    const randomRequest = [
      { method: 'GET', setupRequest: (req) => ({ ...req, path: path(1 + Math.floor(Math.random() * N)) }) },
    ];
    const run = async (url, pid, label, duration = seconds) => {
      const load = load1();
      const { out, cpu } = await measureCpu(
        db.dbUrl,
        db.dbName,
        pid,
        () => cannon({ url, connections: CONNECTIONS, duration, requests: randomRequest }).done,
      );
      const { result, latencies, statuses } = out;
      const ok = latencies.length;
      const r = {
        label,
        load,
        rps: ok / (result.duration || duration),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies[latencies.length - 1] ?? NaN,
        ok,
        non2xx: result.non2xx,
        errors: result.errors,
        statuses,
        cpuPerRequestMs: {
          server: cpu.server === null ? null : (cpu.server * 1000) / Math.max(ok, 1),
          postgres: cpu.postgres === null ? null : (cpu.postgres * 1000) / Math.max(ok, 1),
        },
      };
      log(
        `  ${label}: ${fmt(r.rps)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, non-2xx ${r.non2xx}, errors ${r.errors} (load ${load[0]})`,
      );
      return r;
    };
    log('• lookup: warm-up …');
    await run(bare.url, bare.child.pid, 'warm-up bare', 2);
    await run(db.server.url, db.server.pid, 'warm-up kexiao', 2);
    await run(bareDb.url, bareDb.child.pid, 'warm-up bare + database limit', 2);
    const runs = { bare: [], app: [], bareDbLimit: [] };
    for (let round = 0; round < 2; round++) {
      log(`• lookup round ${round + 1}`);
      runs.bare.push(await run(bare.url, bare.child.pid, 'bare Fastify + pg'));
      runs.app.push(await run(db.server.url, db.server.pid, 'kexiao'));
      runs.bareDbLimit.push(await run(bareDb.url, bareDb.child.pid, 'bare + database-counted limit'));
    }
    const avg = (xs) => ({
      rps: xs.reduce((s, x) => s + x.rps, 0) / xs.length,
      p50: xs.reduce((s, x) => s + x.p50, 0) / xs.length,
      p99: xs.reduce((s, x) => s + x.p99, 0) / xs.length,
      non2xx: xs.reduce((s, x) => s + x.non2xx, 0),
      errors: xs.reduce((s, x) => s + x.errors, 0),
      cpuPerRequestMs: {
        server: xs.some((x) => x.cpuPerRequestMs.server === null)
          ? null
          : xs.reduce((s, x) => s + x.cpuPerRequestMs.server, 0) / xs.length,
        postgres: xs.some((x) => x.cpuPerRequestMs.postgres === null)
          ? null
          : xs.reduce((s, x) => s + x.cpuPerRequestMs.postgres, 0) / xs.length,
      },
      loads: xs.map((x) => x.load[0]),
    });
    return {
      n: N,
      setupSeconds,
      size,
      connections: CONNECTIONS,
      seconds,
      bare: avg(runs.bare),
      app: avg(runs.app),
      bareDbLimit: avg(runs.bareDbLimit),
      runs,
    };
  } finally {
    for (const child of bares) await stopChild(child);
    await db.cleanup();
  }
}
