/**
 * Agents (代办人): a legal-person account authorises registered, real-name-verified natural persons to act for
 * its enterprise, and revokes them; a natural person chooses, per session, which enterprise it acts for. Only
 * the legal-person account itself manages grants (an agent cannot pass the authority on). Every change is one
 * transaction with its audit record and the person's notification (in-app and SMS).
 */
import { isValidMobile, maskPhone } from '@kexiao/rules';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type Actor, auditActor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import type { NotificationBatch, Notifier } from '../../platform/notifications/notifier.js';
import { DatabaseRateLimiter, type RateLimiter } from '../../platform/rate-limit.js';
import { setSessionActingFor } from '../../platform/sessions.js';
import * as repo from './repository.js';

export interface AgentView {
  id: number;
  name: string;
  /** masked */
  phone: string | null;
  note: string | null;
  grantedAt: string;
  /** The account that granted it (its display name). */
  grantedBy: string;
}

export interface ActingForView {
  id: number;
  uscc: string;
  name: string;
}

export interface GrantingEnterprise {
  id: number;
  uscc: string;
  name: string;
}

/** Grant attempts per enterprise and hour: a bound on probing which login names belong to which names. */
export const GRANT_ATTEMPTS_PER_HOUR = 30;

const NO_MATCH =
  '代办人：未找到与所填登录名（或手机号码）和姓名相符、且已实名认证的自然人账号。请核对，或请其先注册自然人账号并完成实名认证';

export function agentView(row: repo.GrantRow): AgentView {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone === null ? null : maskPhone(row.phone),
    note: row.note,
    grantedAt: new Date(row.granted_at).toISOString(),
    grantedBy: row.granted_by_name,
  };
}

/** The enterprise the actor manages as its legal-person account; 403 for anyone else (agents included). */
export function ownEnterprise(actor: Actor): GrantingEnterprise {
  if (actor.kind !== 'legalPerson' || actor.enterprise === null || (actor.onBehalfOf ?? null) !== null) {
    throw new AppError(403, 'forbidden', '只有单位的法人账号可以进行此操作，代办人不能办理');
  }
  return actor.enterprise;
}

/** The enterprise the actor acts as (legal person or agent acting for it); 404 when none. */
export function actingEnterprise(actor: Actor): NonNullable<Actor['enterprise']> {
  if (actor.enterprise === null) {
    throw new AppError(
      404,
      'no_enterprise',
      actor.kind === 'person' ? '当前未代表企业办理：请先在"代表企业办理"中选择企业' : '当前账号未关联企业',
    );
  }
  return actor.enterprise;
}

export class AgentsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly notifier: Notifier,
    private readonly clock: () => Date = () => new Date(),
    private readonly limiter: RateLimiter = new DatabaseRateLimiter(db),
  ) {}

  /** The live agents of the enterprise the actor acts as. */
  async list(actor: Actor): Promise<AgentView[]> {
    const enterprise = actingEnterprise(actor);
    return (await repo.listLiveGrants(this.db, enterprise.id)).map(agentView);
  }

  /** The legal-person account authorises a natural person (by login name or phone, and name). */
  async grant(actor: Actor, body: Record<string, unknown>): Promise<AgentView> {
    const enterprise = ownEnterprise(actor);
    return this.grantFor(enterprise, actor.accountId, body, auditActor(actor));
  }

  /**
   * Grant on behalf of the enterprise's account `grantedBy` (the route above, and the development demo seed).
   * The person must exist, be active and real-name verified, and the name must match; any mismatch gets the
   * same refusal, so the form does not tell who is registered.
   */
  async grantFor(
    enterprise: GrantingEnterprise,
    grantedBy: number,
    body: Record<string, unknown>,
    audit: { actor: string; onBehalfOf?: string },
  ): Promise<AgentView> {
    const problems: FieldProblem[] = [];
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
    const loginName = text('loginName');
    const phone = text('phone');
    const name = text('name');
    const note = text('note');
    if (body.note !== undefined && body.note !== null && typeof body.note !== 'string') {
      problems.push({ path: 'note', message: '备注：应为文字' });
    }
    if (loginName === '' && phone === '') {
      problems.push({ path: 'loginName', message: '登录名或手机号码：请填写代办人的登录名或手机号码（其一）' });
    } else if (loginName === '' && !isValidMobile(phone)) {
      problems.push({ path: 'phone', message: '手机号码：应为11位中国大陆手机号码' });
    } else if (loginName.length > 50) {
      problems.push({ path: 'loginName', message: '登录名：过长' });
    }
    if (name === '') problems.push({ path: 'name', message: '姓名：请填写代办人的姓名（须与其实名认证的姓名一致）' });
    else if ([...name].length > 30) problems.push({ path: 'name', message: '姓名：不超过30个字' });
    if ([...note].length > 200) problems.push({ path: 'note', message: '备注：不超过200个字' });
    if (problems.length > 0) throw invalidInput(problems);

    const now = this.clock();
    const limit = await this.limiter.hit(
      `agents:grant:${enterprise.id}`,
      { limit: GRANT_ATTEMPTS_PER_HOUR, windowSeconds: 3600 },
      now,
    );
    if (!limit.allowed) {
      throw new AppError(429, 'rate_limited', `授权尝试过于频繁，请${limit.retryAfterSeconds}秒后再试`);
    }
    const person = await repo.findPerson(this.db, loginName !== '' ? { loginName } : { phone });
    if (!person || person.status !== 'active' || person.real_name_status !== 'verified' || person.name !== name) {
      throw invalidInput([{ path: 'name', message: NO_MATCH }]);
    }
    const personId = Number(person.id);
    const duplicate = () =>
      new AppError(409, 'conflict', '该自然人已是本单位的代办人', [
        { path: 'loginName', message: '代办人：该自然人已是本单位的代办人' },
      ]);
    if (await repo.findLiveGrant(this.db, enterprise.id, personId)) throw duplicate();

    const batch = this.notifier.batch();
    try {
      const grantId = await this.db.transaction().execute(async (trx) => {
        const id = await repo.insertGrant(trx, {
          enterpriseId: enterprise.id,
          accountId: personId,
          grantedBy,
          note: note === '' ? null : note,
          at: now,
        });
        await writeAudit(trx, {
          ...audit,
          action: 'agents.granted',
          subject: `agentGrant:${id}`,
          detail: { enterprise: `enterprise:${enterprise.uscc}`, agent: `account:${personId}` },
        });
        await notify(batch, trx, personId, person.phone, {
          title: '您已被授权为企业代办人',
          body: `${enterprise.name}已授权您作为代办人，代表该单位办理科技型中小企业评价相关事项。登录后在"代表企业办理"中选择该单位即可办理。`,
          link: '/account',
        });
        return id;
      });
      await batch.send();
      const [row] = await repo.listLiveGrants(this.db, enterprise.id, grantId);
      return agentView(row as repo.GrantRow);
    } catch (error) {
      // Two grants of the same person at once: the partial unique index lets one through.
      if ((error as { code?: string }).code === '23505') throw duplicate();
      throw error;
    }
  }

  /** The legal-person account revokes a grant; the agent's next request no longer acts for the enterprise. */
  async revoke(actor: Actor, grantId: unknown): Promise<void> {
    const enterprise = ownEnterprise(actor);
    const id = typeof grantId === 'string' && /^[1-9]\d{0,15}$/.test(grantId) ? Number(grantId) : null;
    if (id === null) throw invalidInput([{ path: 'grantId', message: '授权编号：应为正整数' }]);
    const now = this.clock();
    const batch = this.notifier.batch();
    const revoked = await this.db.transaction().execute(async (trx) => {
      const personId = await repo.revokeGrant(trx, {
        enterpriseId: enterprise.id,
        grantId: id,
        revokedBy: actor.accountId,
        at: now,
      });
      if (personId === null) return false;
      await repo.clearActingFor(trx, personId, enterprise.id);
      await writeAudit(trx, {
        ...auditActor(actor),
        action: 'agents.revoked',
        subject: `agentGrant:${id}`,
        detail: { enterprise: `enterprise:${enterprise.uscc}`, agent: `account:${personId}` },
      });
      const person = await trx.selectFrom('account').select('phone').where('id', '=', personId).executeTakeFirst();
      await notify(batch, trx, personId, person?.phone ?? null, {
        title: '企业代办人授权已撤销',
        body: `${enterprise.name}已撤销对您的代办人授权，您不能再代表该单位办理。`,
        link: '/account',
      });
      return true;
    });
    if (!revoked) throw new AppError(404, 'not_found', '未找到该代办人授权，或已撤销');
    await batch.send();
  }

  /** The enterprises the natural person may act for. */
  async enterprisesFor(actor: Actor): Promise<(ActingForView & { regionCode: string; grantedAt: string })[]> {
    return (await repo.enterprisesForAgent(this.db, actor.accountId)).map((e) => ({
      id: e.id,
      uscc: e.uscc,
      name: e.name,
      regionCode: e.region_code,
      grantedAt: new Date(e.granted_at).toISOString(),
    }));
  }

  /** Choose the enterprise this session acts for (null: act as oneself). */
  async chooseActingFor(actor: Actor, body: Record<string, unknown>): Promise<{ actingFor: ActingForView | null }> {
    if (actor.kind !== 'person') throw new AppError(403, 'forbidden', '只有自然人账号可以代表企业办理');
    const raw = body.enterpriseId;
    if (raw !== null && !(typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0)) {
      throw invalidInput([{ path: 'enterpriseId', message: '企业：应为企业编号，或为空（以本人身份办理）' }]);
    }
    const enterpriseId = raw as number | null;
    let chosen: ActingForView | null = null;
    if (enterpriseId !== null) {
      const [row] = await repo.enterprisesForAgent(this.db, actor.accountId, enterpriseId);
      if (!row) throw new AppError(404, 'not_found', '未找到该企业，或您未获该企业授权为代办人');
      chosen = { id: row.id, uscc: row.uscc, name: row.name };
    }
    await this.db.transaction().execute(async (trx) => {
      await setSessionActingFor(trx, actor.sessionToken, enterpriseId);
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        ...(chosen ? { onBehalfOf: `enterprise:${chosen.uscc}` } : {}),
        action: chosen ? 'agents.actingForChosen' : 'agents.actingForCleared',
        subject: `account:${actor.accountId}`,
      });
    });
    return { actingFor: chosen };
  }
}

/** In-app message in the change's transaction; the SMS copy after the commit (Notifier). */
function notify(
  batch: NotificationBatch,
  trx: Transaction<Database>,
  accountId: number,
  phone: string | null,
  message: { title: string; body: string; link: string },
): Promise<void> {
  return batch.notify(trx, accountId, { category: 'agent', ...message }, { sms: phone });
}
