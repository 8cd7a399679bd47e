/**
 * Accounts: registration of natural persons and legal persons (with real-name verification through the
 * IdentityVerifier driver and an SMS code), availability checks, login by login name, USCC or phone with
 * lockout after 5 failures, and logout (here or everywhere). Every state change is one transaction with its
 * audit record; identity and phone numbers never reach the audit log or the logs in clear.
 */
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { isValidMobile, isValidUscc, maskPhone } from '@kexiao/rules';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AccountKind, Database, RealNameStatus, StaffRole } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import type { IdentityVerifier } from '../../platform/identity-verifier.js';
import { notifyAccount } from '../../platform/notifications/inbox.js';
import { DatabaseRateLimiter, type RateLimiter } from '../../platform/rate-limit.js';
import { createSession, revokeAllSessions, revokeSession } from '../../platform/sessions.js';
import { getRegion } from '../regions/repository.js';
import { isValidOn, todayInChina } from '../regions/service.js';
import { loginSmsCheck } from '../recovery/login-sms.js';
import type { VerificationService } from '../verification/service.js';
import { Checker, UNIT_TYPES } from './validation.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

/** argon2id (algorithm 2 in @node-rs/argon2's const enum), OWASP's minimum profile: 19 MiB, 2 passes. */
export const HASH_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface SessionMeta {
  ip: string;
  userAgent?: string;
}

export interface AccountView {
  id: number;
  kind: AccountKind;
  loginName: string;
  displayName: string;
  /** masked */
  phone: string | null;
  realNameStatus: RealNameStatus;
  enterprise: { uscc: string; name: string; regionCode: string } | null;
  roles: Actor['roles'];
}

function conflict(fields: FieldProblem[]): AppError {
  return new AppError(409, 'conflict', fields.map((f) => f.message).join('；'), fields);
}

export class AccountsService {
  #dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly verification: VerificationService,
    private readonly identity: IdentityVerifier,
    private readonly clock: () => Date = () => new Date(),
    private readonly limiter: RateLimiter = new DatabaseRateLimiter(db),
  ) {}

  private today(): string {
    return this.clock().toISOString().slice(0, 10);
  }

  /** "检查是否已存在": which of the given identifiers are already taken. */
  async checkAvailability(query: { loginName?: string; uscc?: string; unitName?: string; phone?: string }) {
    const out: Record<string, { available: boolean; message: string }> = {};
    if (query.loginName) {
      const taken = await this.db
        .selectFrom('account')
        .select('id')
        .where('login_name_key', '=', query.loginName.toLowerCase())
        .executeTakeFirst();
      out.loginName = { available: !taken, message: taken ? '该登录名已被注册' : '该登录名可以使用' };
    }
    if (query.uscc) {
      const taken = await this.db
        .selectFrom('enterprise')
        .select('id')
        .where('uscc', '=', query.uscc.trim())
        .executeTakeFirst();
      out.uscc = {
        available: !taken,
        message: taken ? '该统一社会信用代码已注册法人账号，可通过"账号检索"找回' : '该统一社会信用代码尚未注册',
      };
    }
    if (query.unitName) {
      const taken = await this.db
        .selectFrom('enterprise')
        .select('id')
        .where('name', '=', query.unitName.trim())
        .executeTakeFirst();
      out.unitName = { available: !taken, message: taken ? '单位名称已存在' : '该单位名称尚未注册' };
    }
    if (query.phone) {
      const taken = await this.db
        .selectFrom('account')
        .select('id')
        .where('kind', '=', 'person')
        .where('phone', '=', query.phone.trim())
        .executeTakeFirst();
      out.phone = { available: !taken, message: taken ? '该手机号码已注册自然人账号' : '该手机号码可以使用' };
    }
    return out;
  }

  private async limitRegistration(ip: string): Promise<void> {
    const limit = await this.limiter.hit(`register:client:${ip}`, { limit: 20, windowSeconds: 3600 }, this.clock());
    if (!limit.allowed)
      throw new AppError(429, 'rate_limited', `注册请求过于频繁，请${limit.retryAfterSeconds}秒后再试`);
  }

  /** Register a natural-person (自然人) account. */
  async registerPerson(body: Record<string, unknown>, meta: SessionMeta): Promise<AccountView> {
    const c = new Checker(body);
    const loginName = c.loginName();
    const name = c.personName('name', '姓名');
    const idNumber = c.idNumber('idNumber', '身份证号码');
    const idValidTo = c.validTo('idValidTo', '身份证有效期至', this.today());
    const phone = c.mobile('phone', '手机号码');
    const password = c.password([loginName, phone]);
    const smsCode = c.code();
    c.agreed('agreement', '《用户注册协议》');
    if (c.problems.length > 0) throw invalidInput(c.problems);
    await this.limitRegistration(meta.ip);

    const taken = await this.checkAvailability({ loginName, phone });
    const conflicts: FieldProblem[] = [];
    if (!taken.loginName?.available) conflicts.push({ path: 'loginName', message: '登录名：该登录名已被注册' });
    if (!taken.phone?.available)
      conflicts.push({ path: 'phone', message: '手机号码：该号码已注册自然人账号，可使用"忘记密码"找回' });
    if (conflicts.length > 0) throw conflict(conflicts);

    await this.verification.consumeCode({ phone, purpose: 'register', code: smsCode });
    const check = await this.identity.verifyPerson({ name, idNumber });
    const passwordHash = await argonHash(password, HASH_OPTIONS);
    const id = await this.insertUnique(async (trx) => {
      const account = await trx
        .insertInto('account')
        .values({
          kind: 'person',
          login_name: loginName,
          login_name_key: loginName.toLowerCase(),
          password_hash: passwordHash,
          phone,
          display_name: name,
          real_name_status: check.verified ? 'verified' : 'rejected',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('person')
        .values({ account_id: account.id, name, id_number: idNumber, id_valid_to: idValidTo })
        .execute();
      await writeAudit(trx, {
        actor: `account:${account.id}`,
        action: 'accounts.registeredPerson',
        subject: `account:${account.id}`,
        detail: {
          realName: check.verified ? 'verified' : 'rejected',
          reason: check.reason ?? null,
          verifier: this.identity.name,
        },
      });
      await notifyAccount(trx, Number(account.id), {
        category: 'welcome',
        title: '欢迎注册科小平台',
        body: check.verified
          ? '您的账号已开通，实名认证已通过。可在"我的账号"查看实名认证状态。'
          : '您的账号已开通，但自动实名核验未通过。请在"实名认证"页查看状态，并上传身份证照片申请人工核验。',
        link: check.verified ? '/account' : '/account/real-name',
      });
      return Number(account.id);
    });
    return this.view(id);
  }

  /** Register a legal-person (法人) account for a unit, with its legal representative and main agent. */
  async registerLegalPerson(body: Record<string, unknown>, meta: SessionMeta): Promise<AccountView> {
    const c = new Checker(body);
    const today = this.today();
    const loginName = c.loginName();
    const unitName = c.text('unitName', '单位名称', { min: 2, max: 100 });
    const unitType = c.oneOf('unitType', '单位类型', UNIT_TYPES);
    const uscc = c.uscc();
    const regionCode = c.regionCode();
    const legalRepName = c.personName('legalRepName', '法定代表人姓名');
    const legalRepIdNumber = c.idNumber('legalRepIdNumber', '法定代表人身份证号码');
    const legalRepIdValidTo = c.validTo('legalRepIdValidTo', '法定代表人身份证有效期至', today);
    const agentName = c.personName('agentName', '主代办人姓名');
    const agentIdNumber = c.idNumber('agentIdNumber', '主代办人身份证号码');
    const agentIdValidTo = c.validTo('agentIdValidTo', '主代办人身份证有效期至', today);
    const agentPhone = c.mobile('agentPhone', '主代办人手机号码');
    const password = c.password([loginName, agentPhone, uscc]);
    const smsCode = c.code();
    c.agreed('agreement', '《法人实名认证协议》');
    if (regionCode && !c.problems.some((p) => p.path === 'regionCode')) {
      const region = await getRegion(this.db, regionCode);
      if (!region || !isValidOn(region, todayInChina(this.clock())) || region.kind === 'province') {
        c.problems.push({ path: 'regionCode', message: '注册地：请选择现行有效的区县或功能区' });
      }
    }
    if (c.problems.length > 0) throw invalidInput(c.problems);
    await this.limitRegistration(meta.ip);

    const taken = await this.checkAvailability({ loginName, uscc, unitName });
    const conflicts: FieldProblem[] = [];
    if (!taken.loginName?.available) conflicts.push({ path: 'loginName', message: '登录名：该登录名已被注册' });
    if (!taken.uscc?.available) {
      conflicts.push({ path: 'uscc', message: '统一社会信用代码：该代码已注册法人账号，可通过"账号检索"找回原账号' });
    }
    if (!taken.unitName?.available) conflicts.push({ path: 'unitName', message: '单位名称：单位名称已存在' });
    if (conflicts.length > 0) throw conflict(conflicts);

    await this.verification.consumeCode({ phone: agentPhone, purpose: 'register', code: smsCode });
    const unit = await this.identity.verifyEnterprise({ uscc, name: unitName, legalRepName });
    const agent = await this.identity.verifyPerson({ name: agentName, idNumber: agentIdNumber });
    const verified = unit.verified && agent.verified;
    const passwordHash = await argonHash(password, HASH_OPTIONS);
    const id = await this.insertUnique(async (trx) => {
      const account = await trx
        .insertInto('account')
        .values({
          kind: 'legalPerson',
          login_name: loginName,
          login_name_key: loginName.toLowerCase(),
          password_hash: passwordHash,
          phone: agentPhone,
          display_name: unitName,
          real_name_status: verified ? 'verified' : 'rejected',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('enterprise')
        .values({
          account_id: account.id,
          uscc,
          name: unitName,
          unit_type: unitType,
          region_code: regionCode,
          legal_rep_name: legalRepName,
          legal_rep_id_number: legalRepIdNumber,
          legal_rep_id_valid_to: legalRepIdValidTo,
          agent_name: agentName,
          agent_id_number: agentIdNumber,
          agent_id_valid_to: agentIdValidTo,
          agent_phone: agentPhone,
        })
        .execute();
      await writeAudit(trx, {
        actor: `account:${account.id}`,
        action: 'accounts.registeredLegalPerson',
        subject: `enterprise:${uscc}`,
        detail: {
          realName: verified ? 'verified' : 'rejected',
          reason: [unit.reason, agent.reason].filter(Boolean).join('；') || null,
          verifier: this.identity.name,
        },
      });
      await notifyAccount(trx, Number(account.id), {
        category: 'welcome',
        title: '欢迎注册科小平台',
        body: verified
          ? '单位账号已开通，实名认证已通过。下一步：请在"企业信息"页完善企业信息。'
          : '单位账号已开通，但自动实名核验未通过。请在"实名认证"页上传证件申请人工核验，并在"企业信息"页完善企业信息。',
        link: verified ? '/enterprise' : '/account/real-name',
      });
      return Number(account.id);
    });
    return this.view(id);
  }

  /** Insert inside a transaction; a unique-constraint race (two registrations at once) becomes a 409. */
  private async insertUnique(work: (trx: Transaction<Database>) => Promise<number>): Promise<number> {
    try {
      return await this.db.transaction().execute(work);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw conflict([
          { path: 'loginName', message: '账号信息已被同时注册，请检查登录名、统一社会信用代码或单位名称' },
        ]);
      }
      throw error;
    }
  }

  /**
   * Create a staff account (no self-registration for staff: administrators create them). Roles carry their
   * data scope: a province for province administrators, an agency for reviewers and agency heads.
   */
  async createStaffAccount(
    input: {
      loginName: string;
      password: string;
      displayName: string;
      phone: string;
      roles: { role: StaffRole; provinceCode: string | null; agencyId: number | null }[];
    },
    actor: string,
  ): Promise<AccountView> {
    const c = new Checker(input as unknown as Record<string, unknown>);
    c.loginName();
    c.text('displayName', '姓名', { min: 2, max: 30 });
    c.mobile('phone', '手机号码');
    c.password([input.loginName, input.phone]);
    if (input.roles.length === 0) c.problems.push({ path: 'roles', message: '角色：至少指定一个角色' });
    for (const [i, r] of input.roles.entries()) {
      if (r.role === 'provinceAdmin' && !r.provinceCode) {
        c.problems.push({ path: `roles.${i}.provinceCode`, message: '省级管理员：须指定所管辖的省份' });
      }
      if ((r.role === 'agencyReviewer' || r.role === 'agencyHead') && r.agencyId === null) {
        c.problems.push({ path: `roles.${i}.agencyId`, message: '评价工作机构人员：须指定所属评价工作机构' });
      }
    }
    if (c.problems.length > 0) throw invalidInput(c.problems);
    const passwordHash = await argonHash(input.password, HASH_OPTIONS);
    const id = await this.insertUnique(async (trx) => {
      const account = await trx
        .insertInto('account')
        .values({
          kind: 'staff',
          login_name: input.loginName,
          login_name_key: input.loginName.toLowerCase(),
          password_hash: passwordHash,
          phone: input.phone,
          display_name: input.displayName,
          real_name_status: 'verified',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('staff_role')
        .values(
          input.roles.map((r) => ({
            account_id: account.id,
            role: r.role,
            province_code: r.provinceCode,
            agency_id: r.agencyId,
          })),
        )
        .execute();
      await writeAudit(trx, {
        actor,
        action: 'accounts.staffCreated',
        subject: `account:${account.id}`,
        detail: { roles: input.roles },
      });
      return Number(account.id);
    });
    return this.view(id);
  }

  /** Login by login name, USCC or mobile number. Returns the session to set as a cookie. */
  async login(body: Record<string, unknown>, meta: SessionMeta) {
    const identifier = typeof body.identifier === 'string' ? body.identifier.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const problems: FieldProblem[] = [];
    if (!identifier) problems.push({ path: 'identifier', message: '账号：请填写登录名、统一社会信用代码或手机号码' });
    if (!password) problems.push({ path: 'password', message: '密码：请填写' });
    if (problems.length > 0) throw invalidInput(problems);
    const now = this.clock();
    const perClient = await this.limiter.hit(`login:client:${meta.ip}`, { limit: 30, windowSeconds: 60 }, now);
    if (!perClient.allowed)
      throw new AppError(429, 'rate_limited', `登录尝试过于频繁，请${perClient.retryAfterSeconds}秒后再试`);

    const account = await this.findForLogin(identifier);
    if (!account) {
      // Same work as a real check, so timing does not tell whether the account exists.
      await argonVerify(await this.dummyHash(), password).catch(() => false);
      throw new AppError(401, 'invalid_credentials', '账号或密码错误');
    }
    if (account.status !== 'active') throw new AppError(403, 'account_disabled', '账号已停用，请联系评价工作机构');
    if (account.locked_until !== null && new Date(account.locked_until).getTime() > now.getTime()) {
      const minutes = Math.ceil((new Date(account.locked_until).getTime() - now.getTime()) / 60000);
      throw new AppError(
        423,
        'account_locked',
        `密码连续错误${MAX_FAILED_LOGINS}次，账号已锁定，请${minutes}分钟后再试或找回密码`,
      );
    }
    const ok = await argonVerify(account.password_hash, password).catch(() => false);
    const id = Number(account.id);
    // 短信验证登录 (an account setting): after a correct password, a code to the bound phone; a wrong code counts
    // as a failed login.
    const smsProblem = ok ? await loginSmsCheck(this.verification, account, body, meta.ip) : null;
    if (!ok || smsProblem !== null) {
      const failures = account.failed_logins + 1;
      const lock = failures >= MAX_FAILED_LOGINS;
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('account')
          .set({
            failed_logins: lock ? 0 : failures,
            locked_until: lock
              ? new Date(now.getTime() + LOCKOUT_MINUTES * 60000).toISOString()
              : account.locked_until === null
                ? null
                : new Date(account.locked_until).toISOString(),
          })
          .where('id', '=', id)
          .execute();
        await writeAudit(trx, {
          actor: `client:${meta.ip}`,
          action: lock ? 'accounts.locked' : 'accounts.loginFailed',
          subject: `account:${id}`,
          detail: { failures },
        });
      });
      if (lock)
        throw new AppError(
          423,
          'account_locked',
          `密码连续错误${MAX_FAILED_LOGINS}次，账号已锁定${LOCKOUT_MINUTES}分钟`,
        );
      const remaining = `（再错${MAX_FAILED_LOGINS - failures}次将锁定账号${LOCKOUT_MINUTES}分钟）`;
      if (smsProblem !== null) throw new AppError(401, 'invalid_sms_code', `短信验证码：${smsProblem}${remaining}`);
      throw new AppError(401, 'invalid_credentials', `账号或密码错误${remaining}`);
    }
    const session = await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('account').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
      const created = await createSession(trx, id, meta, now);
      await writeAudit(trx, {
        actor: `account:${id}`,
        action: 'accounts.loggedIn',
        subject: `account:${id}`,
        detail: { ip: meta.ip },
      });
      return created;
    });
    return { ...session, account: await this.view(id) };
  }

  private async findForLogin(identifier: string) {
    const base = this.db
      .selectFrom('account')
      .select([
        'account.id',
        'account.password_hash',
        'account.status',
        'account.locked_until',
        'account.failed_logins',
        'account.login_sms_required',
        'account.phone',
      ]);
    if (isValidUscc(identifier)) {
      return base
        .innerJoin('enterprise', 'enterprise.account_id', 'account.id')
        .where('enterprise.uscc', '=', identifier)
        .executeTakeFirst();
    }
    if (isValidMobile(identifier)) {
      // A phone identifies the natural-person account first, then a legal person whose main agent it is.
      return base
        .where('account.phone', '=', identifier)
        .where('account.kind', '<>', 'staff')
        .orderBy(sql`case when account.kind = 'person' then 0 else 1 end`)
        .limit(1)
        .executeTakeFirst();
    }
    return base.where('account.login_name_key', '=', identifier.toLowerCase()).executeTakeFirst();
  }

  private dummyHash(): Promise<string> {
    this.#dummyHash ??= argonHash('kexiao-timing-equaliser', HASH_OPTIONS);
    return this.#dummyHash;
  }

  async logout(actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await revokeSession(trx, actor.sessionToken, this.clock());
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'accounts.loggedOut',
        subject: `account:${actor.accountId}`,
      });
    });
  }

  /** Log out everywhere: every session of the account, this one included. */
  async logoutEverywhere(actor: Actor): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const count = await revokeAllSessions(trx, actor.accountId, this.clock());
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'accounts.loggedOutEverywhere',
        subject: `account:${actor.accountId}`,
        detail: { sessions: count },
      });
      return count;
    });
  }

  /** The account as its owner sees it (phone masked). */
  async view(accountId: number): Promise<AccountView> {
    const a = await this.db
      .selectFrom('account')
      .select(['id', 'kind', 'login_name', 'display_name', 'phone', 'real_name_status'])
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const e = await this.db
      .selectFrom('enterprise')
      .select(['uscc', 'name', 'region_code'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const roles = await this.db
      .selectFrom('staff_role')
      .select(['role', 'province_code', 'agency_id'])
      .where('account_id', '=', accountId)
      .execute();
    return {
      id: Number(a.id),
      kind: a.kind,
      loginName: a.login_name,
      displayName: a.display_name,
      phone: a.phone === null ? null : maskPhone(a.phone),
      realNameStatus: a.real_name_status,
      enterprise: e ? { uscc: e.uscc, name: e.name, regionCode: e.region_code } : null,
      roles: roles.map((r) => ({
        role: r.role,
        provinceCode: r.province_code,
        agencyId: r.agency_id === null ? null : Number(r.agency_id),
      })),
    };
  }
}
