/**
 * Access control: every route declares its policy in `config.policy` (registration fails without one), the
 * session cookie is resolved to an actor, and the policy is enforced before the handler runs. State-changing
 * requests of a signed-in actor must carry the session's CSRF token in `X-CSRF-Token`.
 */
import { parse as parseCookie } from 'cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { AccountKind, Database, StaffRole } from '../db/schema.js';
import { BatchLoader } from './batch-loader.js';
import { AppError } from './errors.js';
import { liveSession, SESSION_COOKIE, type SessionRow, sessionIdHash, touchSession } from './sessions.js';

export type RoutePolicy =
  /** Anyone, signed in or not. `why` says why the route is public. */
  | { access: 'public'; why: string }
  /** A signed-in account, optionally of these kinds. */
  | { access: 'signedIn'; kinds?: AccountKind[] }
  /** Staff holding one of these roles. */
  | { access: 'staff'; roles: StaffRole[] };

export interface Actor {
  accountId: number;
  kind: AccountKind;
  loginName: string;
  displayName: string;
  roles: { role: StaffRole; provinceCode: string | null; agencyId: number | null }[];
  /**
   * The enterprise this actor acts as: a legal person's own, or the one a natural person chose to act for
   * (while the agent grant is live).
   */
  enterprise: { id: number; uscc: string; name: string; regionCode: string } | null;
  /**
   * 'enterprise:<uscc>' when a natural person acts for an enterprise as its agent (代办人); null otherwise.
   * Always set by the session; optional only so hand-built actors (tests, jobs) need not spell it out.
   */
  onBehalfOf?: string | null;
  csrfToken: string;
  sessionToken: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes outside /api/ (the web app's pages and assets, the API documentation) are public by design; every
 * /api/ route must declare its own policy.
 */
function defaultPolicy(url: string): RoutePolicy | null {
  return url.startsWith('/api/') ? null : { access: 'public', why: '网站页面、静态资源与接口文档公开' };
}

export interface RouteRecord {
  method: string;
  url: string;
  policy: RoutePolicy;
}

/** Install access control; returns the list of every route registered afterwards, with its policy. */
export function registerAccessControl(app: FastifyInstance, db: Kysely<Database>): RouteRecord[] {
  const registeredRoutes: RouteRecord[] = [];
  app.decorateRequest('actor', null);
  // Concurrent requests' sessions are read together (platform/batch-loader.ts).
  const sessions = new BatchLoader<string, ActorRow>((idHashes) => readActorRows(db, idHashes));

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { policy?: RoutePolicy };
    const policy = config.policy ?? defaultPolicy(route.url);
    if (!policy) throw new Error(`路由 ${String(route.method)} ${route.url} 未声明访问策略（config.policy）`);
    route.config = { ...config, policy } as typeof route.config;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      registeredRoutes.push({ method, url: route.url, policy });
    }
  });

  app.addHook('preHandler', async (request) => {
    const policy = request.routeOptions.config.policy;
    // Public routes never need the actor: no session lookup for them (the self-assessment stays cheap).
    if (!policy || policy.access === 'public') return;
    const token = sessionToken(request);
    if (token !== null) request.actor = await loadActor(db, sessions, token);
    const actor = request.actor;
    if (actor === null) throw new AppError(401, 'unauthenticated', '请先登录');
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new AppError(403, 'csrf', '请求缺少有效的安全校验令牌（X-CSRF-Token），请刷新页面后重试');
    }
    if (policy.access === 'signedIn' && policy.kinds && !policy.kinds.includes(actor.kind)) {
      throw new AppError(403, 'forbidden', '当前账号类型无权进行此操作');
    }
    if (policy.access === 'staff' && !actor.roles.some((r) => policy.roles.includes(r.role))) {
      throw new AppError(403, 'forbidden', '无权进行此操作');
    }
  });
  return registeredRoutes;
}

function sessionToken(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header || !header.includes(SESSION_COOKIE)) return null;
  return parseCookie(header)[SESSION_COOKIE] ?? null;
}

/** A session with everything the actor needs (`readActorRows`). */
type ActorRow = SessionRow & {
  id_hash: string;
  kind: AccountKind;
  login_name: string;
  display_name: string;
  enterprise_id: number | string | null;
  uscc: string | null;
  enterprise_name: string | null;
  region_code: string | null;
  acting_id: number | string | null;
  acting_uscc: string | null;
  acting_name: string | null;
  acting_region_code: string | null;
  roles: { role: StaffRole; province_code: string | null; agency_id: number | null }[];
};

/**
 * Sessions by their hashes in one statement, each with its account, the account's own enterprise, the enterprise
 * an agent acts for (the grant checked on every request: a revoked grant or a disabled enterprise account stops
 * it at once) and the staff roles. The hashes go through a sub-select, so the statement's cached plan serves any
 * number of them (see filings' `filingContexts`).
 */
async function readActorRows(db: Kysely<Database>, idHashes: string[]): Promise<Map<string, ActorRow>> {
  const result = await sql<ActorRow>`
    select s.id_hash, s.account_id, s.csrf_token, s.last_seen_at, s.expires_at, s.revoked_at,
           s.acting_for_enterprise_id, a.status, a.kind, a.login_name, a.display_name,
           e.id as enterprise_id, e.uscc, e.name as enterprise_name, e.region_code,
           g.id as acting_id, g.uscc as acting_uscc, g.name as acting_name, g.region_code as acting_region_code,
           coalesce((select json_agg(json_build_object('role', r.role, 'province_code', r.province_code,
                                                       'agency_id', r.agency_id))
                     from staff_role r where r.account_id = s.account_id), '[]'::json) as roles
    from session s
    join account a on a.id = s.account_id
    left join enterprise e on e.account_id = a.id
    left join lateral (
      select ge.id, ge.uscc, ge.name, ge.region_code
      from agent_grant ag
      join enterprise ge on ge.id = ag.enterprise_id
      join account owner on owner.id = ge.account_id
      where a.kind = 'person' and ag.account_id = s.account_id and ag.enterprise_id = s.acting_for_enterprise_id
        and ag.revoked_at is null and owner.status = 'active'
      limit 1
    ) g on true
    where s.id_hash = any((select ${idHashes}::text[])::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.id_hash, row]));
}

/** The request's actor: its session read with others' (one round trip), or null when it is not live. */
async function loadActor(
  db: Kysely<Database>,
  sessions: BatchLoader<string, ActorRow>,
  token: string,
): Promise<Actor | null> {
  const idHash = sessionIdHash(token);
  if (idHash === null) return null;
  const row = await sessions.load(idHash);
  const now = new Date();
  const session = liveSession(row, now);
  if (!row || !session) return null;
  if (session.touch) await touchSession(db, idHash, now);
  let enterprise: Actor['enterprise'] =
    row.enterprise_id === null
      ? null
      : {
          id: Number(row.enterprise_id),
          uscc: row.uscc as string,
          name: row.enterprise_name as string,
          regionCode: row.region_code as string,
        };
  let onBehalfOf: string | null = null;
  if (row.acting_id !== null) {
    enterprise = {
      id: Number(row.acting_id),
      uscc: row.acting_uscc as string,
      name: row.acting_name as string,
      regionCode: row.acting_region_code as string,
    };
    onBehalfOf = `enterprise:${row.acting_uscc}`;
  }
  return {
    accountId: session.accountId,
    kind: row.kind,
    loginName: row.login_name,
    displayName: row.display_name,
    roles: row.roles.map((r) => ({
      role: r.role,
      provinceCode: r.province_code,
      agencyId: r.agency_id === null ? null : Number(r.agency_id),
    })),
    enterprise,
    onBehalfOf,
    csrfToken: session.csrfToken,
    sessionToken: token,
  };
}

/** Who acted, for `writeAudit`: the account, and the enterprise it acted for when acting as an agent. */
export function auditActor(actor: Actor): { actor: string; onBehalfOf?: string } {
  const onBehalfOf = actor.onBehalfOf ?? null;
  return onBehalfOf === null
    ? { actor: `account:${actor.accountId}` }
    : { actor: `account:${actor.accountId}`, onBehalfOf };
}
