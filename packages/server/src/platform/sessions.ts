/**
 * Server-side sessions in the database: the browser holds a random token in an HttpOnly, SameSite cookie; the
 * database holds only its SHA-256. Idle timeout 30 minutes, absolute lifetime 12 hours, "log out everywhere".
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export const SESSION_COOKIE = 'kx_session';
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often (fewer writes on busy sessions). */
const TOUCH_EVERY_MS = 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionInfo {
  accountId: number;
  csrfToken: string;
  expiresAt: Date;
  /** The enterprise a natural person chose to act for (the actor checks the grant is still live). */
  actingForEnterpriseId: number | null;
}

export async function createSession(
  trx: Transaction<Database>,
  accountId: number,
  meta: { ip?: string; userAgent?: string },
  now = new Date(),
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await trx
    .insertInto('session')
    .values({
      id_hash: hashToken(token),
      account_id: accountId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** A session row as read with the request's actor (platform/access.ts). */
export interface SessionRow {
  account_id: number | string;
  csrf_token: string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  acting_for_enterprise_id: number | string | null;
  /** The account's status. */
  status: string;
}

/** The SHA-256 a token is stored as; null for a token of impossible length (never looked up). */
export function sessionIdHash(token: string): string | null {
  return token.length < 20 || token.length > 100 ? null : hashToken(token);
}

/**
 * The live session of a row, or null (revoked, account not active, idle too long, or past its absolute lifetime);
 * `touch`: its last_seen_at is due to be written (`touchSession`).
 */
export function liveSession(row: SessionRow | undefined, now = new Date()): (SessionInfo & { touch: boolean }) | null {
  if (!row || row.revoked_at !== null || row.status !== 'active') return null;
  const t = now.getTime();
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at).getTime() <= t || lastSeen + SESSION_IDLE_MS <= t) return null;
  return {
    accountId: Number(row.account_id),
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at),
    actingForEnterpriseId: row.acting_for_enterprise_id === null ? null : Number(row.acting_for_enterprise_id),
    touch: t - lastSeen >= TOUCH_EVERY_MS,
  };
}

export async function touchSession(db: Kysely<Database>, idHash: string, now = new Date()): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', idHash).execute();
}

/** Record which enterprise this session acts for (null: the person acts as themselves). */
export async function setSessionActingFor(
  trx: Transaction<Database>,
  token: string,
  enterpriseId: number | null,
): Promise<void> {
  await trx
    .updateTable('session')
    .set({ acting_for_enterprise_id: enterpriseId })
    .where('id_hash', '=', hashToken(token))
    .execute();
}

export async function revokeSession(trx: Transaction<Database>, token: string, now = new Date()): Promise<void> {
  await trx
    .updateTable('session')
    .set({ revoked_at: now.toISOString() })
    .where('id_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .execute();
}

/** Log out everywhere: revoke every live session of the account. Returns how many were revoked. */
export async function revokeAllSessions(
  trx: Transaction<Database>,
  accountId: number,
  now = new Date(),
): Promise<number> {
  const result = await trx
    .updateTable('session')
    .set({ revoked_at: now.toISOString() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
