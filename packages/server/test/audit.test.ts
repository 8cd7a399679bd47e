import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import {
  AuditChainLinker,
  auditHash,
  canonicalJson,
  linkAllAuditRows,
  linkAuditChain,
  verifyAuditChain,
  writeAudit,
} from '../src/platform/audit.js';
import { describeEachDatabase } from './helpers/databases.js';

const BIN = fileURLToPath(new URL('../bin/kexiao.js', import.meta.url));
const verifyCli = (env: Record<string, string>) => {
  const r = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('canonical JSON and hashes', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    const content = {
      occurredAt: '2026-01-01T00:00:00.000Z',
      actor: 'a',
      onBehalfOf: null,
      action: 'x',
      subject: 's',
      detail: {},
      prevHash: null,
    };
    expect(auditHash(content)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...content, actor: 'b' })).not.toBe(auditHash(content));
  });
});

describeEachDatabase('audit chain', (ctx) => {
  const write = (action: string, detail: Record<string, unknown> = {}) =>
    ctx.handle.db
      .transaction()
      .execute((trx) =>
        writeAudit(trx, { actor: 'user:1', onBehalfOf: 'enterprise:9', action, subject: 'thing:1', detail }),
      );

  it('an intact chain verifies, whatever the order of keys in the details', async () => {
    await write('a.one', { z: 1, a: { y: [1, 2], b: '中文' } });
    await write('a.two');
    await write('a.three', { n: 12.5 });
    const result = await verifyAuditChain(ctx.handle.db);
    expect(result).toMatchObject({ ok: true, checked: 3, problem: null });
  });

  it('concurrent writers keep one linear chain; a rollback takes its row with it', async () => {
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => write(`b.${i}`)),
      ctx.handle.db
        .transaction()
        .execute(async (trx) => {
          await writeAudit(trx, { actor: 'user:1', action: 'b.rolledBack', subject: 'thing:1' });
          throw new Error('abort');
        })
        .catch(() => undefined),
    ]);
    const result = await verifyAuditChain(ctx.handle.db, 7);
    expect(result).toMatchObject({ ok: true, checked: 23 });
    const rolled = await ctx.handle.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'b.rolledBack')
      .execute();
    expect(rolled).toEqual([]);
  });

  it('finds the first altered entry', async () => {
    const target = await ctx.handle.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'a.two')
      .executeTakeFirstOrThrow();
    await sql`update audit_event set detail = '{"forged": true}'::jsonb where seq = ${target.seq}`.execute(
      ctx.handle.db,
    );
    const result = await verifyAuditChain(ctx.handle.db);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatchObject({ kind: 'altered', seq: Number(target.seq) });
    expect(result.checked).toBe(1);
  });

  it('finds a missing entry (deleted from the middle), by the CLI too', async () => {
    // Repair the altered row's content first, then delete one in the middle.
    const rows = await ctx.handle.db.selectFrom('audit_event').select(['seq', 'action']).orderBy('seq').execute();
    await sql`update audit_event set detail = '{}'::jsonb where action = 'a.two'`.execute(ctx.handle.db);
    expect((await verifyAuditChain(ctx.handle.db)).ok).toBe(true);
    const victim = rows[5];
    const next = rows[6];
    await sql`delete from audit_event where seq = ${victim?.seq}`.execute(ctx.handle.db);
    const result = await verifyAuditChain(ctx.handle.db);
    expect(result.problem).toMatchObject({ kind: 'missing', seq: Number(next?.seq) });
    if (ctx.url) {
      const cli = verifyCli({ DATABASE_URL: ctx.url });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`第${next?.seq}条之前有记录缺失`);
    }
  });
});

describe('kexiao audit verify on PGlite', () => {
  it('reports an intact chain (exit 0) and a tampered one (exit 1)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kexiao-audit-')), 'data');
    const handle = await createDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrateToLatest(handle.db);
    for (const action of ['x.1', 'x.2', 'x.3']) {
      await handle.db.transaction().execute((trx) => writeAudit(trx, { actor: 'cli:test', action, subject: 's:1' }));
    }
    await handle.close();
    const ok = verifyCli({ DATA_DIR: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('审计日志完整：共3条');

    const again = await createDatabase({ databaseUrl: undefined, dataDir: dir });
    await sql`update audit_event set actor = 'someone-else' where action = 'x.2'`.execute(again.db);
    await again.close();
    const bad = verifyCli({ DATA_DIR: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('第2条记录的内容被改动');
  });

  it('a bad configuration is a usage error (exit 2)', () => {
    const r = verifyCli({ DATABASE_URL: 'mysql://nope' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL');
  });
});

describeEachDatabase('audit chain: linked after commit', (ctx) => {
  const write = (action: string) =>
    ctx.handle.db.transaction().execute((trx) => writeAudit(trx, { actor: 'user:1', action, subject: 'thing:2' }));
  const linkState = (action: string) =>
    ctx.handle.db
      .selectFrom('audit_event')
      .select(['seq', 'chain_seq', 'prev_hash', 'hash'])
      .where('action', '=', action)
      .executeTakeFirstOrThrow();

  it('a row is stored unlinked by its transaction and linked by the linker, once', async () => {
    await write('c.one');
    expect(await linkState('c.one')).toMatchObject({ chain_seq: null, prev_hash: null, hash: null });
    expect(await linkAuditChain(ctx.handle.db)).toBe(1);
    const linked = await linkState('c.one');
    expect(linked.chain_seq).toBe(1);
    expect(linked.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await linkAuditChain(ctx.handle.db)).toBe(0);
    expect(await linkState('c.one')).toEqual(linked);
  });

  it('the background linker links what is pending, and links once more when stopped', async () => {
    const errors: unknown[] = [];
    const linker = new AuditChainLinker(ctx.handle.db, (e) => errors.push(e), 20);
    linker.start();
    await write('c.two');
    await expect.poll(async () => (await linkState('c.two')).chain_seq, { timeout: 5000 }).not.toBeNull();
    await write('c.three');
    await linker.stop();
    expect((await linkState('c.three')).chain_seq).not.toBeNull();
    expect(errors).toEqual([]);
    expect(await verifyAuditChain(ctx.handle.db)).toMatchObject({ ok: true, checked: 3 });
  });

  it('a row committed after a newer one is linked after it: the chain follows commit order, and verifies', async () => {
    if (!ctx.url) return; // PGlite runs one transaction at a time: no interleaving to test there.
    const other = await createDatabase({ databaseUrl: ctx.url, dataDir: 'memory://' });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wroteOld = new Promise<void>((r) => (written = r));
      const old = other.db.transaction().execute(async (trx) => {
        await writeAudit(trx, { actor: 'user:1', action: 'c.older', subject: 'thing:2' });
        written();
        await held; // still open: its row is not committed
      });
      await wroteOld;
      await write('c.newer');
      expect(await linkAuditChain(ctx.handle.db)).toBe(1); // only the committed one
      release();
      await old;
      expect(await linkAuditChain(ctx.handle.db)).toBe(1);
      const older = await linkState('c.older');
      const newer = await linkState('c.newer');
      expect(older.seq).toBeLessThan(newer.seq);
      expect(Number(older.chain_seq)).toBe(Number(newer.chain_seq) + 1);
      expect(older.prev_hash).toBe(newer.hash);
      expect(await verifyAuditChain(ctx.handle.db)).toMatchObject({ ok: true, checked: 5 });
    } finally {
      await other.close();
    }
  });

  it('linkers in two processes at once, with writers: every row linked exactly once, one unbroken chain', async () => {
    const other = ctx.url ? await createDatabase({ databaseUrl: ctx.url, dataDir: 'memory://' }) : null;
    try {
      const dbs = [ctx.handle.db, other?.db ?? ctx.handle.db];
      await Promise.all([
        ...Array.from({ length: 40 }, (_, i) => write(`d.${i}`)),
        ...Array.from({ length: 10 }, (_, i) => linkAuditChain(dbs[i % 2]!, 7)),
      ]);
      await linkAllAuditRows(ctx.handle.db);
      const rows = await ctx.handle.db.selectFrom('audit_event').select(['chain_seq']).orderBy('chain_seq').execute();
      expect(rows.map((r) => Number(r.chain_seq))).toEqual(rows.map((_, i) => i + 1));
      expect(await verifyAuditChain(ctx.handle.db)).toMatchObject({ ok: true, checked: rows.length });
    } finally {
      await other?.close();
    }
  });
});
