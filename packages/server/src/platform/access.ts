/**
 * Access control: every route declares its policy in `config.policy` (registration fails without one), the
 * session cookie is resolved to an actor, and the policy is enforced before the handler runs. State-changing
 * requests of a signed-in actor must carry the session's CSRF token in `X-CSRF-Token`.
 */
import { parse as parseCookie } from 'cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccountKind, Database, StaffRole } from '../db/schema.js';
import { AppError } from './errors.js';
import { resolveSession, SESSION_COOKIE } from './sessions.js';

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
    if (token !== null) request.actor = await loadActor(db, token);
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

async function loadActor(db: Kysely<Database>, token: string): Promise<Actor | null> {
  const session = await resolveSession(db, token);
  if (!session) return null;
  const account = await db
    .selectFrom('account')
    .leftJoin('enterprise', 'enterprise.account_id', 'account.id')
    .select([
      'account.id',
      'account.kind',
      'account.login_name',
      'account.display_name',
      'enterprise.id as enterprise_id',
      'enterprise.uscc',
      'enterprise.name as enterprise_name',
      'enterprise.region_code',
    ])
    .where('account.id', '=', session.accountId)
    .executeTakeFirst();
  if (!account) return null;
  let enterprise: Actor['enterprise'] =
    account.enterprise_id === null
      ? null
      : {
          id: Number(account.enterprise_id),
          uscc: account.uscc as string,
          name: account.enterprise_name as string,
          regionCode: account.region_code as string,
        };
  let onBehalfOf: string | null = null;
  if (account.kind === 'person' && session.actingForEnterpriseId !== null) {
    // Checked on every request: a revoked grant (or a disabled enterprise account) stops it at once.
    const acting = await db
      .selectFrom('agent_grant')
      .innerJoin('enterprise', 'enterprise.id', 'agent_grant.enterprise_id')
      .innerJoin('account as owner', 'owner.id', 'enterprise.account_id')
      .select(['enterprise.id', 'enterprise.uscc', 'enterprise.name', 'enterprise.region_code'])
      .where('agent_grant.account_id', '=', session.accountId)
      .where('agent_grant.enterprise_id', '=', session.actingForEnterpriseId)
      .where('agent_grant.revoked_at', 'is', null)
      .where('owner.status', '=', 'active')
      .executeTakeFirst();
    if (acting) {
      enterprise = { id: Number(acting.id), uscc: acting.uscc, name: acting.name, regionCode: acting.region_code };
      onBehalfOf = `enterprise:${acting.uscc}`;
    }
  }
  const roles = await db
    .selectFrom('staff_role')
    .select(['role', 'province_code', 'agency_id'])
    .where('account_id', '=', session.accountId)
    .execute();
  return {
    accountId: Number(account.id),
    kind: account.kind,
    loginName: account.login_name,
    displayName: account.display_name,
    roles: roles.map((r) => ({
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
