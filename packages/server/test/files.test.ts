import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDirectoryFileStore, loadFile, sha256Hex, sniffFileKind, storeFile } from '../src/platform/files.js';
import { describeEachDatabase } from './helpers/databases.js';

export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

describe('sniffFileKind', () => {
  it('reads the kind from the bytes, not the name', () => {
    expect(sniffFileKind(PNG)).toBe('png');
    expect(sniffFileKind(JPEG)).toBe('jpeg');
    expect(sniffFileKind(PDF)).toBe('pdf');
    expect(sniffFileKind(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffFileKind(Buffer.from('<html>%PDF-'))).toBeNull();
    expect(sniffFileKind(Buffer.alloc(0))).toBeNull();
    expect(sniffFileKind(PNG.subarray(0, 7))).toBeNull();
  });
});

describe('LocalDirectoryFileStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kexiao-files-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores by SHA-256, idempotently, with no temporary files left', async () => {
    const store = new LocalDirectoryFileStore(dir);
    const sha = sha256Hex(PNG);
    await store.put(sha, PNG);
    await store.put(sha, PNG);
    expect((await store.get(sha))?.equals(PNG)).toBe(true);
    expect(await readdir(join(dir, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.get('../etc/passwd')).toBeNull();
    await expect(store.put('../x', PNG)).rejects.toThrow();
  });
});

describeEachDatabase('stored files', (ctx) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kexiao-files-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records each file once and loads it back with its type', async () => {
    const store = new LocalDirectoryFileStore(dir);
    const db = ctx.handle.db;
    const first = await db.transaction().execute((trx) => storeFile(trx, store, PDF, 'pdf'));
    const again = await db.transaction().execute((trx) => storeFile(trx, store, PDF, 'pdf'));
    expect(again).toEqual(first);
    expect(first).toEqual({ sha256: sha256Hex(PDF), byteSize: PDF.length, mediaType: 'application/pdf' });
    const rows = await db.selectFrom('stored_file').selectAll().where('sha256', '=', first.sha256).execute();
    expect(rows).toHaveLength(1);
    const loaded = await loadFile(db, store, first.sha256);
    expect(loaded?.mediaType).toBe('application/pdf');
    expect(loaded?.bytes.equals(PDF)).toBe(true);
    expect(await loadFile(db, store, sha256Hex(PNG))).toBeNull();
  });

  it('a rolled-back change leaves no row', async () => {
    const store = new LocalDirectoryFileStore(dir);
    const db = ctx.handle.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await storeFile(trx, store, JPEG, 'jpeg');
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await loadFile(db, store, sha256Hex(JPEG))).toBeNull();
  });
});
