/**
 * Account recovery and login hardening (河南省科技型中小企业评价 用户手册：密码找回、账号检索、申诉找回):
 * password reset by login name and SMS code (no account enumeration), account lookup by USCC or phone (masked
 * hints only), appeals for a lost phone or a forgotten login name (decided by the province's administrator),
 * the "login with an SMS code" setting, and changing the password. Every state change is one transaction with its
 * audit record; identity and phone numbers never reach the audit log or anyone but their owner in clear.
 */
import { createHmac } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { checkPassword, isSmsCodeFormat, isValidMobile, isValidUscc, maskIdCard, maskPhone } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { AccountAppealStatus, Database } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { type FileStore, loadFile, storeFile } from '../../platform/files.js';
import { notifyAccount } from '../../platform/notifications/inbox.js';
import type { SmsGateway } from '../../platform/notifications/sms.js';
import { DatabaseRateLimiter, type RateLimiter } from '../../platform/rate-limit.js';
import { staffScope } from '../../platform/scope.js';
import { revokeAllSessions } from '../../platform/sessions.js';
import type { FileFieldSpec, MultipartForm } from '../../platform/uploads.js';
import { HASH_OPTIONS } from '../accounts/service.js';
import { Checker } from '../accounts/validation.js';
import type { VerificationService } from '../verification/service.js';
import * as repo from './repository.js';

/** 'dengye' → 'de***ye': enough to recognise one's own login name, not enough to learn someone else's. */
export function maskLoginName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0] ?? ''}***`;
  if (chars.length <= 4) return `${chars[0]}***${chars[chars.length - 1]}`;
  return `${chars.slice(0, 2).join('')}***${chars.slice(-2).join('')}`;
}

/** The appeal form's files: ID photos (≤ 1 MB), and for a legal person the sealed letter and the licence. */
export const APPEAL_FILES = {
  idFront: { label: '身份证人像面', kinds: ['jpeg', 'png'], maxBytes: 1024 * 1024, required: true },
  idBack: { label: '身份证国徽面', kinds: ['jpeg', 'png'], maxBytes: 1024 * 1024, required: true },
  letter: { label: '申诉函（加盖公章）', kinds: ['pdf', 'jpeg', 'png'], maxBytes: 5 * 1024 * 1024, required: false },
  licence: { label: '营业执照', kinds: ['pdf', 'jpeg', 'png'], maxBytes: 5 * 1024 * 1024, required: false },
} as const satisfies Record<string, FileFieldSpec>;
export type AppealFileField = keyof typeof APPEAL_FILES;

const STATUS_LABELS: Readonly<Record<AccountAppealStatus, string>> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
};

const MISMATCH =
  '申诉信息与平台中的账号信息不一致，无法受理。请核对所填信息（与注册时一致）；如确认无误，请联系所在地评价工作机构。';

function tooMany(what: string, retryAfterSeconds: number): AppError {
  return new AppError(429, 'rate_limited', `${what}过于频繁，请${retryAfterSeconds}秒后再试`);
}

/** The SMS code's field problems carry the path 'code'; the recovery forms call it smsCode. */
async function consumeAs(
  verification: VerificationService,
  input: Parameters<VerificationService['consumeCode']>[0],
  path = 'smsCode',
): Promise<void> {
  try {
    await verification.consumeCode(input);
  } catch (error) {
    if (error instanceof AppError && error.fields) {
      throw invalidInput(
        error.fields.map((f) => ({
          path: f.path === 'code' ? path : f.path,
          message: f.message.replace(/^验证码：/, '短信验证码：'),
        })),
      );
    }
    throw error;
  }
}

export class RecoveryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly verification: VerificationService,
    private readonly sms: SmsGateway,
    private readonly files: FileStore,
    private readonly clock: () => Date = () => new Date(),
    private readonly limiter: RateLimiter = new DatabaseRateLimiter(db),
  ) {}

  private async limit(bucket: string, limit: number, windowSeconds: number, what: string): Promise<void> {
    const result = await this.limiter.hit(bucket, { limit, windowSeconds }, this.clock());
    if (!result.allowed) throw tooMany(what, result.retryAfterSeconds);
  }

  /** A stable, plausible masked phone for a login name that has no account (so the answer tells nothing). */
  private async decoyPhone(loginName: string): Promise<string> {
    const h = createHmac('sha256', await repo.decoySecret(this.db))
      .update(loginName.toLowerCase())
      .digest();
    const second = [3, 5, 7, 8, 9][(h[0] as number) % 5];
    const digits = [...h.subarray(1, 6)].map((b) => b % 10).join('');
    return maskPhone(`1${second}${digits.slice(0, 1)}0000${digits.slice(1, 5)}`);
  }

  // ——— 忘记密码 ———

  /** Step 1: send a code to the account's phone. Unknown login names get the same answer, and nothing is sent. */
  async startPasswordReset(body: Record<string, unknown>, client: string) {
    const loginName = typeof body.loginName === 'string' ? body.loginName.trim() : '';
    if (loginName === '' || loginName.length > 64) {
      throw invalidInput([{ path: 'loginName', message: '登录名：请填写注册时设置的登录名' }]);
    }
    await this.limit(`reset:client:${client}`, 20, 3600, '找回密码请求');
    await this.limit(`reset:name:${loginName.toLowerCase()}`, 1, 60, '验证码发送');
    await this.limit(`reset:name-day:${loginName.toLowerCase()}`, 10, 86_400, '验证码发送');
    const account = await repo.accountByLoginName(this.db, loginName);
    let masked: string;
    if (account && account.phone !== null && account.status === 'active') {
      masked = maskPhone(account.phone);
      try {
        await this.verification.requestCode({ phone: account.phone, purpose: 'resetPassword', client });
      } catch (error) {
        if (error instanceof AppError && error.statusCode === 429) {
          throw new AppError(429, 'rate_limited', '验证码发送过于频繁，请稍后再试');
        }
        throw error;
      }
    } else {
      masked = await this.decoyPhone(loginName);
    }
    return {
      phone: masked,
      message: `若该登录名已注册，验证码已发送至绑定的手机号码 ${masked}（法人账号为主代办人手机），5分钟内有效`,
    };
  }

  /** Step 2: the code and a new password. Clears lockout, ends every session, notifies by message and SMS. */
  async resetPassword(body: Record<string, unknown>, client: string) {
    const loginName = typeof body.loginName === 'string' ? body.loginName.trim() : '';
    const problems: FieldProblem[] = [];
    if (loginName === '' || loginName.length > 64) {
      problems.push({ path: 'loginName', message: '登录名：请填写注册时设置的登录名' });
    }
    const code = body.smsCode;
    if (typeof code !== 'string' || !isSmsCodeFormat(code)) {
      problems.push({ path: 'smsCode', message: '短信验证码：应为6位数字' });
    }
    const newPassword = typeof body.newPassword === 'string' ? body.newPassword : '';
    const policy = checkPassword(newPassword, [loginName]);
    if (!policy.ok) problems.push({ path: 'newPassword', message: `新密码：${policy.problems.join('；')}` });
    if (problems.length > 0) throw invalidInput(problems);
    await this.limit(`reset-complete:client:${client}`, 30, 3600, '重置密码请求');

    const account = await repo.accountByLoginName(this.db, loginName);
    if (!account || account.phone === null || account.status !== 'active') {
      throw invalidInput([{ path: 'smsCode', message: '短信验证码：请先获取验证码' }]);
    }
    const phone = account.phone;
    const context = checkPassword(newPassword, [loginName, phone]);
    if (!context.ok) {
      throw invalidInput([{ path: 'newPassword', message: `新密码：${context.problems.join('；')}` }]);
    }
    // The code first: otherwise "new password equals the old" would tell a stranger the current password.
    await consumeAs(this.verification, { phone, purpose: 'resetPassword', code: code as string });
    if (await argonVerify(account.passwordHash, newPassword).catch(() => false)) {
      throw invalidInput([
        { path: 'newPassword', message: '新密码：不能与原密码相同（本次验证码已使用，请重新获取）' },
      ]);
    }
    const passwordHash = await argonHash(newPassword, HASH_OPTIONS);
    const now = this.clock();
    const revoked = await this.db.transaction().execute(async (trx) => {
      await repo.setPassword(trx, account.id, passwordHash);
      const count = await revokeAllSessions(trx, account.id, now);
      await notifyAccount(trx, account.id, {
        category: 'security',
        title: '您的密码已重置',
        body: `您的密码已于${now.toISOString().slice(0, 16).replace('T', ' ')}（UTC）通过短信验证码重置，所有设备已退出登录。如非本人操作，请立即通过"申诉"找回账号。`,
        link: '/account/security',
      });
      await this.sms.send(
        phone,
        '【科小】您的密码已重置，所有设备已退出登录。如非本人操作，请立即通过"忘记密码"或"申诉"找回账号。',
        trx,
      );
      await writeAudit(trx, {
        actor: `client:${client}`,
        action: 'recovery.passwordReset',
        subject: `account:${account.id}`,
        detail: { sessionsRevoked: count, phone: maskPhone(phone) },
      });
      return count;
    });
    return { message: '密码已重置，请使用新密码登录', sessionsRevoked: revoked };
  }

  // ——— 账号检索 ———

  async lookup(body: Record<string, unknown>, client: string) {
    const uscc = typeof body.uscc === 'string' ? body.uscc.trim() : undefined;
    const phone = typeof body.phone === 'string' ? body.phone.trim() : undefined;
    if ((uscc === undefined) === (phone === undefined)) {
      throw invalidInput([{ path: 'uscc', message: '检索条件：请填写统一社会信用代码或手机号码（二选一）' }]);
    }
    if (uscc !== undefined && !isValidUscc(uscc)) {
      throw invalidInput([{ path: 'uscc', message: '统一社会信用代码：应为18位，且校验位正确（字母须大写）' }]);
    }
    if (phone !== undefined && !isValidMobile(phone)) {
      throw invalidInput([{ path: 'phone', message: '手机号码：应为11位中国大陆手机号码' }]);
    }
    await this.limit(`lookup:client:${client}`, 20, 3600, '账号检索');
    if (uscc !== undefined) {
      const found = await repo.legalPersonByUscc(this.db, uscc);
      return {
        by: 'uscc' as const,
        legalPerson: found
          ? {
              loginName: maskLoginName(found.loginName),
              unitName: found.unitName,
              agentPhone: maskPhone(found.agentPhone),
              realNameStatus: found.realNameStatus,
            }
          : null,
        message: found ? '该统一社会信用代码已注册法人账号' : '该统一社会信用代码尚未注册法人账号，可前往注册',
      };
    }
    const person = await repo.personByPhone(this.db, phone as string);
    const units = await repo.unitsByAgentPhone(this.db, phone as string);
    return {
      by: 'phone' as const,
      person: person ? { loginName: maskLoginName(person.loginName), realNameStatus: person.realNameStatus } : null,
      legalPersons: units.map((unitName) => ({ unitName })),
      message:
        person || units.length > 0
          ? '找到与该手机号码关联的账号'
          : '该手机号码未注册自然人账号，也不是任何法人账号的主代办人手机',
    };
  }

  // ——— 申诉 ———

  async submitAppeal(form: MultipartForm, client: string) {
    const f = form.fields;
    const c = new Checker(f);
    const kind = c.oneOf('accountKind', '账号类型', ['person', 'legalPerson'] as const);
    const legal = kind === 'legalPerson';
    const name = c.personName('name', legal ? '申请人姓名' : '姓名');
    const idNumber = c.idNumber('idNumber', legal ? '申请人身份证号码' : '身份证号码');
    const unitName = legal ? c.text('unitName', '单位名称', { min: 2, max: 100 }) : null;
    const uscc = legal ? c.uscc('uscc') : null;
    const newPhone = c.mobile('newPhone', '新手机号码');
    const code = c.code('smsCode');
    const reason = c.text('reason', '申诉原因', { min: 5, max: 500 });
    for (const field of ['idFront', 'idBack', ...(legal ? ['letter', 'licence'] : [])] as AppealFileField[]) {
      if (!form.files[field]) c.problems.push({ path: field, message: `${APPEAL_FILES[field].label}：请上传文件` });
    }
    if (c.problems.length > 0) throw invalidInput(c.problems);
    await this.limit(`appeal:client:${client}`, 10, 3600, '申诉提交');

    // The identity must match the account; the refusal never says which stored field differs.
    let accountId: number;
    let provinceCode: string;
    if (legal) {
      const found = await repo.legalPersonByUscc(this.db, uscc as string);
      if (!found || found.unitName !== unitName) throw new AppError(422, 'identity_mismatch', MISMATCH);
      accountId = Number(found.accountId);
      provinceCode = (await repo.provinceOfRegion(this.db, found.regionCode)) ?? `${found.regionCode.slice(0, 2)}0000`;
    } else {
      const found = await repo.personByIdNumber(this.db, idNumber);
      if (!found || found.name !== name) throw new AppError(422, 'identity_mismatch', MISMATCH);
      accountId = Number(found.accountId);
      provinceCode = `${idNumber.slice(0, 2)}0000`;
    }
    const accountKind = legal ? 'legalPerson' : 'person';
    if (await repo.phoneTakenByOther(this.db, accountKind, newPhone, accountId)) {
      throw invalidInput([
        {
          path: 'newPhone',
          message: legal
            ? '新手机号码：该号码已是其他法人账号的主代办人手机，请更换'
            : '新手机号码：该号码已注册其他自然人账号，请更换',
        },
      ]);
    }
    const pending = await this.db
      .selectFrom('account_appeal')
      .select('id')
      .where('account_id', '=', accountId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending) {
      throw new AppError(409, 'conflict', '该账号已有待审核的申诉，请凭受理编号查询进度，审核完成后再提交');
    }
    await consumeAs(this.verification, { phone: newPhone, purpose: 'appeal', code });

    const now = this.clock();
    const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    return this.db.transaction().execute(async (trx) => {
      const stored: Partial<Record<AppealFileField, { sha256: string; name: string }>> = {};
      for (const [field, file] of Object.entries(form.files) as [AppealFileField, MultipartForm['files'][string]][]) {
        if (!(field in APPEAL_FILES) || (!legal && (field === 'letter' || field === 'licence'))) continue;
        const saved = await storeFile(trx, this.files, file.bytes, file.kind);
        stored[field] = { sha256: saved.sha256, name: file.fileName };
      }
      const receipt = `SS${day}${String(await repo.nextReceiptNumber(trx)).padStart(5, '0')}`;
      const id = await repo.insertAppeal(trx, {
        receipt,
        account_id: accountId,
        account_kind: accountKind,
        province_code: provinceCode,
        applicant_name: name,
        applicant_id_number: idNumber,
        unit_name: unitName,
        uscc,
        new_phone: newPhone,
        reason,
        id_front_sha256: stored.idFront?.sha256 as string,
        id_front_name: stored.idFront?.name as string,
        id_back_sha256: stored.idBack?.sha256 as string,
        id_back_name: stored.idBack?.name as string,
        letter_sha256: stored.letter?.sha256 ?? null,
        letter_name: stored.letter?.name ?? null,
        licence_sha256: stored.licence?.sha256 ?? null,
        licence_name: stored.licence?.name ?? null,
      });
      await writeAudit(trx, {
        actor: `client:${client}`,
        action: 'recovery.appealSubmitted',
        subject: `appeal:${id}`,
        detail: { receipt, account: accountId, kind: accountKind, newPhone: maskPhone(newPhone) },
      });
      return {
        receipt,
        status: 'pending' as const,
        message: `申诉已提交，受理编号 ${receipt}。审核结果将以短信通知 ${maskPhone(newPhone)}，也可凭受理编号和该手机号码查询进度。`,
      };
    });
  }

  /** 申诉进度: by receipt and the new phone given in the appeal; status and decision reason only. */
  async appealStatus(receipt: string, phone: unknown, client: string) {
    await this.limit(`appeal-status:client:${client}`, 30, 3600, '申诉进度查询');
    const notFound = new AppError(404, 'not_found', '未找到该申诉：请核对受理编号与申诉时填写的新手机号码');
    if (typeof phone !== 'string' || !/^SS\d{13,}$/.test(receipt)) throw notFound;
    const appeal = await repo.appealByReceipt(this.db, receipt);
    if (!appeal || appeal.new_phone !== phone.trim()) throw notFound;
    return {
      receipt: appeal.receipt,
      status: appeal.status,
      statusLabel: STATUS_LABELS[appeal.status],
      submittedAt: new Date(appeal.submitted_at).toISOString(),
      decidedAt: appeal.decided_at === null ? null : new Date(appeal.decided_at).toISOString(),
      reason: appeal.decision_reason,
    };
  }

  private provincesOf(actor: Actor): 'all' | string[] {
    const scope = staffScope(actor);
    return scope.all ? 'all' : scope.provinceCodes;
  }

  private async appealInScope(actor: Actor, id: number) {
    const appeal = Number.isSafeInteger(id) && id > 0 ? await repo.appealById(this.db, id) : undefined;
    const provinces = this.provincesOf(actor);
    if (!appeal || (provinces !== 'all' && !provinces.includes(appeal.province_code))) {
      throw new AppError(404, 'not_found', '未找到该申诉，或不在您的管辖范围内');
    }
    return appeal;
  }

  private staffView(a: Awaited<ReturnType<typeof repo.appealById>> & object) {
    const files = (Object.keys(APPEAL_FILES) as AppealFileField[])
      .map((field) => ({ field, label: APPEAL_FILES[field].label as string, name: a[`${fileColumn(field)}_name`] }))
      .filter((x): x is { field: AppealFileField; label: string; name: string } => x.name !== null);
    return {
      id: Number(a.id),
      receipt: a.receipt,
      accountKind: a.account_kind,
      loginName: a.login_name,
      applicantName: a.applicant_name,
      applicantIdNumber: maskIdCard(a.applicant_id_number),
      unitName: a.unit_name,
      uscc: a.uscc,
      newPhone: maskPhone(a.new_phone),
      reason: a.reason,
      provinceCode: a.province_code,
      status: a.status,
      statusLabel: STATUS_LABELS[a.status],
      submittedAt: new Date(a.submitted_at).toISOString(),
      decidedAt: a.decided_at === null ? null : new Date(a.decided_at).toISOString(),
      decisionReason: a.decision_reason,
      files,
    };
  }

  async listAppeals(actor: Actor, query: { status?: unknown; page?: unknown }) {
    const status =
      typeof query.status === 'string' && query.status in STATUS_LABELS
        ? (query.status as AccountAppealStatus)
        : undefined;
    const page = Math.max(1, Math.min(1000, Number(query.page) || 1));
    const pageSize = 20;
    const { items, total } = await repo.listAppeals(this.db, {
      provinces: this.provincesOf(actor),
      status,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: items.map((a) => this.staffView(a)), total, page, pageSize };
  }

  async appealFile(actor: Actor, id: number, field: string) {
    const appeal = await this.appealInScope(actor, id);
    if (!(field in APPEAL_FILES)) throw new AppError(404, 'not_found', '未找到该文件');
    const column = fileColumn(field as AppealFileField);
    const sha = appeal[`${column}_sha256`];
    const name = appeal[`${column}_name`];
    const file = sha === null ? null : await loadFile(this.db, this.files, sha);
    if (file === null || name === null) throw new AppError(404, 'not_found', '未找到该文件');
    return { ...file, fileName: name };
  }

  async decideAppeal(actor: Actor, id: number, body: Record<string, unknown>) {
    const decision = body.decision;
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    const problems: FieldProblem[] = [];
    if (decision !== 'approve' && decision !== 'reject') {
      problems.push({ path: 'decision', message: '审核结论：只能是 approve（通过）或 reject（不通过）' });
    }
    if (decision === 'reject' && [...reason].length < 2) {
      problems.push({ path: 'reason', message: '不通过理由：请填写（将告知申诉人）' });
    }
    if ([...reason].length > 200) problems.push({ path: 'reason', message: '理由：不超过200个字符' });
    if (problems.length > 0) throw invalidInput(problems);
    const appeal = await this.appealInScope(actor, id);
    const approve = decision === 'approve';
    const now = this.clock();
    const alreadyDecided = () => new AppError(409, 'conflict', '该申诉已处理，请刷新列表查看结果');
    if (appeal.status !== 'pending') throw alreadyDecided();
    try {
      await this.db.transaction().execute(async (trx) => {
        const decided = await repo.decideAppeal(trx, appeal.id, {
          status: approve ? 'approved' : 'rejected',
          by: actor.accountId,
          reason: reason === '' ? null : reason,
          at: now,
        });
        if (!decided) throw alreadyDecided();
        const accountId = Number(decided.account_id);
        let sessions = 0;
        if (approve) {
          if (await repo.phoneTakenByOther(trx, decided.account_kind, decided.new_phone, accountId)) {
            throw new AppError(409, 'conflict', '新手机号码已被其他同类账号使用，无法通过，请以"不通过"告知申诉人');
          }
          await repo.rebindPhone(trx, accountId, decided.account_kind, decided.new_phone);
          sessions = await revokeAllSessions(trx, accountId, now);
          await this.sms.send(
            decided.new_phone,
            `【科小】您的账号申诉（受理编号${decided.receipt}）已通过，账号已绑定本手机号码。登录名：${appeal.login_name}。请在登录页点击"忘记密码"，通过短信验证码重置密码后登录。`,
            trx,
          );
        } else {
          await this.sms.send(
            decided.new_phone,
            `【科小】您的账号申诉（受理编号${decided.receipt}）未通过，理由：${reason}。可补正材料后重新申诉。`,
            trx,
          );
        }
        await notifyAccount(trx, accountId, {
          category: 'security',
          title: approve ? '账号申诉已通过' : '账号申诉未通过',
          body: approve
            ? `账号申诉（受理编号${decided.receipt}）已通过：账号绑定的手机号码已变更为 ${maskPhone(decided.new_phone)}，所有设备已退出登录。`
            : `账号申诉（受理编号${decided.receipt}）未通过，理由：${reason}`,
          link: '/account/security',
        });
        await writeAudit(trx, {
          actor: `user:${actor.accountId}`,
          action: approve ? 'recovery.appealApproved' : 'recovery.appealRejected',
          subject: `appeal:${appeal.id}`,
          detail: {
            receipt: decided.receipt,
            account: accountId,
            reason: reason === '' ? null : reason,
            ...(approve ? { newPhone: maskPhone(decided.new_phone), sessionsRevoked: sessions } : {}),
          },
        });
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new AppError(409, 'conflict', '新手机号码已被其他同类账号使用，无法通过，请以"不通过"告知申诉人');
      }
      throw error;
    }
    return this.staffView(await this.appealInScope(actor, id));
  }

  // ——— 账号安全 ———

  async securityView(actor: Actor) {
    const account = await repo.accountById(this.db, actor.accountId);
    if (!account) throw new AppError(404, 'not_found', '账号不存在');
    return {
      loginSmsRequired: account.loginSmsRequired,
      phone: account.phone === null ? null : maskPhone(account.phone),
    };
  }

  private async checkCurrentPassword(actor: Actor, password: unknown, path: string) {
    await this.limit(`security:account:${actor.accountId}`, 10, 900, '操作');
    const account = await repo.accountById(this.db, actor.accountId);
    if (!account) throw new AppError(404, 'not_found', '账号不存在');
    const ok =
      typeof password === 'string' &&
      password !== '' &&
      (await argonVerify(account.passwordHash, password).catch(() => false));
    if (!ok) throw invalidInput([{ path, message: '当前密码：不正确' }]);
    return account;
  }

  async setSecurity(actor: Actor, body: Record<string, unknown>) {
    const problems: FieldProblem[] = [];
    if (typeof body.loginSmsRequired !== 'boolean') {
      problems.push({ path: 'loginSmsRequired', message: '短信验证登录：应为开启（true）或关闭（false）' });
    }
    if (typeof body.password !== 'string' || body.password === '') {
      problems.push({ path: 'password', message: '当前密码：请填写' });
    }
    if (problems.length > 0) throw invalidInput(problems);
    const account = await this.checkCurrentPassword(actor, body.password, 'password');
    const on = body.loginSmsRequired as boolean;
    if (on && account.phone === null) {
      throw invalidInput([{ path: 'loginSmsRequired', message: '短信验证登录：账号未绑定手机号码，无法开启' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await repo.setLoginSmsRequired(trx, actor.accountId, on);
      await notifyAccount(trx, actor.accountId, {
        category: 'security',
        title: on ? '已开启短信验证登录' : '已关闭短信验证登录',
        body: on
          ? '此后登录时，除密码外还须输入发送到绑定手机的短信验证码。'
          : '此后登录只需密码。如非本人操作，请立即修改密码。',
        link: '/account/security',
      });
      await writeAudit(trx, {
        actor: `user:${actor.accountId}`,
        action: 'recovery.loginSmsSet',
        subject: `account:${actor.accountId}`,
        detail: { loginSmsRequired: on },
      });
    });
    return this.securityView(actor);
  }

  /** 修改密码: the current password, a new one under the policy; every other session ends. */
  async changePassword(actor: Actor, body: Record<string, unknown>) {
    const problems: FieldProblem[] = [];
    if (typeof body.currentPassword !== 'string' || body.currentPassword === '') {
      problems.push({ path: 'currentPassword', message: '当前密码：请填写' });
    }
    const newPassword = typeof body.newPassword === 'string' ? body.newPassword : '';
    const policy = checkPassword(newPassword, [actor.loginName]);
    if (!policy.ok) problems.push({ path: 'newPassword', message: `新密码：${policy.problems.join('；')}` });
    if (problems.length > 0) throw invalidInput(problems);
    const account = await this.checkCurrentPassword(actor, body.currentPassword, 'currentPassword');
    const context = checkPassword(newPassword, [actor.loginName, account.phone ?? '']);
    if (!context.ok) {
      throw invalidInput([{ path: 'newPassword', message: `新密码：${context.problems.join('；')}` }]);
    }
    if (newPassword === body.currentPassword) {
      throw invalidInput([{ path: 'newPassword', message: '新密码：不能与当前密码相同' }]);
    }
    const passwordHash = await argonHash(newPassword, HASH_OPTIONS);
    const now = this.clock();
    const revoked = await this.db.transaction().execute(async (trx) => {
      await repo.setPassword(trx, actor.accountId, passwordHash);
      const count = await repo.revokeOtherSessions(trx, actor.accountId, actor.sessionToken, now);
      await notifyAccount(trx, actor.accountId, {
        category: 'security',
        title: '您的密码已修改',
        body: '您的登录密码已修改，其他设备已退出登录。如非本人操作，请立即通过"忘记密码"重置。',
        link: '/account/security',
      });
      await writeAudit(trx, {
        actor: `user:${actor.accountId}`,
        action: 'recovery.passwordChanged',
        subject: `account:${actor.accountId}`,
        detail: { otherSessionsRevoked: count },
      });
      return count;
    });
    return { message: '密码已修改，其他设备已退出登录', otherSessionsRevoked: revoked };
  }
}

function fileColumn(field: AppealFileField): 'id_front' | 'id_back' | 'letter' | 'licence' {
  return field === 'idFront' ? 'id_front' : field === 'idBack' ? 'id_back' : field;
}
