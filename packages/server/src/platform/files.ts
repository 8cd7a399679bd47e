/**
 * Stored files: content-addressed storage behind the FileStore interface (the SHA-256 of the bytes is the key,
 * so the same file uploaded twice is stored once), the local-directory driver, and content sniffing — a file's
 * type is read from its bytes, never trusted from its name or the browser's Content-Type.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Database, StoredMediaType } from '../db/schema.js';

export interface FileStore {
  /** A name for logs and the audit trail. */
  readonly name: string;
  /** Store the bytes durably under their SHA-256 (hex); idempotent. Resolves only once they are safe. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes stored under this SHA-256, or null. */
  get(sha256: string): Promise<Buffer | null>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Files in a local directory, as `<dir>/ab/cd/<sha256>`. Written to a temporary file, fsynced, renamed into
 * place and the directory fsynced: a file acknowledged is on disk, and a crash never leaves a partial file under
 * a real name.
 */
export class LocalDirectoryFileStore implements FileStore {
  readonly name: string;

  constructor(private readonly dir: string) {
    this.name = `local:${dir}`;
  }

  private pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(sha256);
    const existing = await readFile(target).catch(() => null);
    if (existing !== null && existing.length === bytes.length) return;
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const dirHandle = await open(dirname(target), 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    return readFile(this.pathOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  }
}

export type FileKind = 'pdf' | 'jpeg' | 'png';

export const MEDIA_TYPES: Readonly<Record<FileKind, StoredMediaType>> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export const KIND_LABELS: Readonly<Record<FileKind, string>> = { pdf: 'PDF', jpeg: 'JPG', png: 'PNG' };

/** The kind of file these bytes are, by their signature (magic number), or null for anything else. */
export function sniffFileKind(bytes: Buffer): FileKind | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  return null;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface StoredFile {
  sha256: string;
  byteSize: number;
  mediaType: StoredMediaType;
}

/**
 * Put the bytes in the store (first, durably), then record them in the transaction of the change that uses
 * them. A rolled-back change leaves at most an unreferenced file in the store, never a row without its bytes.
 */
export async function storeFile(
  trx: Transaction<Database> | Kysely<Database>,
  store: FileStore,
  bytes: Buffer,
  kind: FileKind,
): Promise<StoredFile> {
  const sha256 = sha256Hex(bytes);
  await store.put(sha256, bytes);
  const mediaType = MEDIA_TYPES[kind];
  await trx
    .insertInto('stored_file')
    .values({ sha256, byte_size: bytes.length, media_type: mediaType })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return { sha256, byteSize: bytes.length, mediaType };
}

/** A stored file's bytes and type, or null if unknown. */
export async function loadFile(
  db: Kysely<Database>,
  store: FileStore,
  sha256: string,
): Promise<{ bytes: Buffer; mediaType: StoredMediaType } | null> {
  if (!SHA256_HEX.test(sha256)) return null;
  const row = await db.selectFrom('stored_file').select('media_type').where('sha256', '=', sha256).executeTakeFirst();
  if (!row) return null;
  const bytes = await store.get(sha256);
  return bytes === null ? null : { bytes, mediaType: row.media_type };
}
