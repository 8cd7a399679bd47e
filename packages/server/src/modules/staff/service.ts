/**
 * Staff administration: administrators create staff accounts, list them (phones masked), disable and enable
 * them (disabling ends their sessions), and reset their passwords (a temporary password, shown once to the
 * administrator, never stored or logged in clear). Nobody grants a role outside their own scope: a national
 * administrator creates national and province administrators; a province administrator creates the reviewers
 * and heads of its province's agencies (another province's agency → 403). An account outside one's scope is
 * answered 404.
 */
import { randomInt } from 'node:crypto';
import { checkPassword, maskPhone } from '@kexiao/rules';
import { hash as argonHash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database, StaffRole } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { canManageAgency, staffScope } from '../../platform/scope.js';
import { revokeAllSessions } from '../../platform/sessions.js';
import { type AccountsService, HASH_OPTIONS } from '../accounts/service.js';
import { Checker } from '../accounts/validation.js';
import { getAgency } from '../agencies/repository.js';
import { getRegion } from '../regions/repository.js';
import {
  getStaffAccount,
  listStaffAccounts,
  rolesOf,
  type StaffAccountRow,
  type StaffRoleRow,
  setAccountStatus,
  setPasswordHash,
  takenIdentifiers,
} from './repository.js';

export const STAFF_NOT_FOUND = '未找到该工作人员账号，或不在您的管辖范围内';
export const ROLE_LABELS: Record<StaffRole, string> = {
  nationalAdmin: '全国管理员',
  provinceAdmin: '省级管理员',
  agencyHead: '评价工作机构负责人',
  agencyReviewer: '评价工作机构审核员',
};
const ROLES = Object.keys(ROLE_LABELS) as StaffRole[];
const AGENCY_ROLES: StaffRole[] = ['agencyReviewer', 'agencyHead'];

export interface StaffAccountView {
  id: number;
  loginName: string;
  displayName: string;
  /** masked */
  phone: string | null;
  status: 'active' | 'disabled';
  createdAt: string;
  roles: {
    role: StaffRole;
    roleLabel: string;
    provinceCode: string | null;
    agencyId: number | null;
    agencyName: string | null;
  }[];
}

const who = (actor: Actor) => `account:${actor.accountId}`;

/** A temporary password that meets the password policy: 12 characters of all four classes, no look-alikes. */
export function temporaryPassword(context: string[] = []): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#@%+=!?'];
  const all = sets.join('');
  for (;;) {
    const chars = sets.map((s) => s[randomInt(s.length)] as string);
    while (chars.length < 12) chars.push(all[randomInt(all.length)] as string);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    const candidate = chars.join('');
    if (checkPassword(candidate, context).ok) return candidate;
  }
}

function view(row: StaffAccountRow, roles: StaffRoleRow[]): StaffAccountView {
  return {
    id: row.id,
    loginName: row.login_name,
    displayName: row.display_name,
    phone: row.phone === null ? null : maskPhone(row.phone),
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    roles: roles
      .filter((r) => r.account_id === row.id)
      .map((r) => ({
        role: r.role,
        roleLabel: ROLE_LABELS[r.role],
        provinceCode: r.province_code ?? r.agency_province_code,
        agencyId: r.agency_id,
        agencyName: r.agency_name,
      })),
  };
}

export class StaffAdministration {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether the actor manages the account with these roles: national any; a province its agencies' staff. */
  private manages(actor: Actor, roles: StaffRoleRow[]): boolean {
    const scope = staffScope(actor);
    if (scope.all) return true;
    return (
      roles.length > 0 &&
      roles.every(
        (r) =>
          AGENCY_ROLES.includes(r.role) &&
          r.agency_province_code !== null &&
          scope.provinceCodes.includes(r.agency_province_code),
      )
    );
  }

  /** Staff accounts the actor manages; `agencyId` narrows to one agency (outside the scope → 404). */
  async list(actor: Actor, agencyIdText?: string): Promise<StaffAccountView[]> {
    const scope = staffScope(actor);
    let agencyId: number | undefined;
    if (agencyIdText !== undefined && agencyIdText !== '') {
      if (!/^\d{1,15}$/.test(agencyIdText)) {
        throw invalidInput([{ path: 'agencyId', message: '评价工作机构：应为机构编号' }]);
      }
      agencyId = Number(agencyIdText);
      const agency = await getAgency(this.db, agencyId);
      if (agency === undefined || !canManageAgency(actor, { id: agencyId, provinceCode: agency.province_code })) {
        throw new AppError(404, 'not_found', '未找到该评价工作机构，或不在您的管辖范围内');
      }
    }
    const rows = await listStaffAccounts(this.db, { all: scope.all, agencyProvinces: scope.provinceCodes, agencyId });
    const roles = await rolesOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => view(r, roles));
  }

  private async target(actor: Actor, idText: string): Promise<{ row: StaffAccountRow; roles: StaffRoleRow[] }> {
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : -1;
    const row = id > 0 ? await getStaffAccount(this.db, id) : undefined;
    const roles = row === undefined ? [] : await rolesOf(this.db, [id]);
    if (row === undefined || !this.manages(actor, roles)) throw new AppError(404, 'not_found', STAFF_NOT_FOUND);
    return { row, roles };
  }

  async get(actor: Actor, idText: string): Promise<StaffAccountView> {
    const { row, roles } = await this.target(actor, idText);
    return view(row, roles);
  }

  /**
   * Create a staff account with one role. The initial password is generated and returned once (the
   * administrator hands it over; the audit log never holds it).
   */
  async create(actor: Actor, body: unknown): Promise<{ account: StaffAccountView; temporaryPassword: string }> {
    const b = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const c = new Checker(b);
    const loginName = c.loginName();
    const displayName = c.text('displayName', '姓名', { min: 2, max: 30 });
    const phone = c.mobile('phone', '手机号码');
    const role = c.oneOf('role', '角色', ROLES);
    let provinceCode: string | null = null;
    let agencyId: number | null = null;
    let agencyProvince: string | null = null;
    const problems: FieldProblem[] = c.problems;
    if (role === 'provinceAdmin') {
      const p = typeof b.provinceCode === 'string' ? b.provinceCode.trim() : '';
      const region = /^\d{2}0000$/.test(p) ? await getRegion(this.db, p) : undefined;
      if (region === undefined || region.kind !== 'province') {
        problems.push({ path: 'provinceCode', message: '所辖省份：请选择省份' });
      } else provinceCode = p;
    }
    if (role === 'agencyReviewer' || role === 'agencyHead') {
      const raw = b.agencyId;
      const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
      const agency = Number.isSafeInteger(id) && id > 0 ? await getAgency(this.db, id) : undefined;
      if (agency === undefined) problems.push({ path: 'agencyId', message: '所属评价工作机构：请选择评价工作机构' });
      else {
        agencyId = id;
        agencyProvince = agency.province_code;
        provinceCode = agency.province_code;
      }
    }
    if (problems.length > 0) throw invalidInput(problems);

    // Nobody grants beyond their own scope.
    const scope = staffScope(actor);
    if ((role === 'nationalAdmin' || role === 'provinceAdmin') && !scope.all) {
      throw new AppError(403, 'forbidden', `只有全国管理员可以创建${ROLE_LABELS[role]}账号`);
    }
    if (agencyId !== null && !canManageAgency(actor, { id: agencyId, provinceCode: agencyProvince as string })) {
      throw new AppError(403, 'forbidden', '无权为其他省份的评价工作机构创建账号');
    }

    const taken = await takenIdentifiers(this.db, loginName, phone);
    const conflicts: FieldProblem[] = [];
    if (taken.loginName) conflicts.push({ path: 'loginName', message: '登录名：该登录名已被使用' });
    if (taken.phone) conflicts.push({ path: 'phone', message: '手机号码：已有工作人员账号使用该号码' });
    if (conflicts.length > 0) {
      throw new AppError(409, 'conflict', conflicts.map((p) => p.message).join('；'), conflicts);
    }
    const password = temporaryPassword([loginName, phone]);
    const created = await this.accounts.createStaffAccount(
      { loginName, password, displayName, phone, roles: [{ role, provinceCode, agencyId }] },
      who(actor),
    );
    return { account: await this.get(actor, String(created.id)), temporaryPassword: password };
  }

  /** Disable (ending every session of the account) or enable a staff account. */
  async setStatus(actor: Actor, idText: string, status: 'active' | 'disabled'): Promise<StaffAccountView> {
    const { row } = await this.target(actor, idText);
    if (row.id === actor.accountId) {
      throw invalidInput([{ path: 'id', message: '账号：不能停用或启用自己的账号' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await setAccountStatus(trx, row.id, status);
      const revoked = status === 'disabled' ? await revokeAllSessions(trx, row.id, this.clock()) : 0;
      await writeAudit(trx, {
        actor: who(actor),
        action: status === 'disabled' ? 'staff.disabled' : 'staff.enabled',
        subject: `account:${row.id}`,
        detail: { sessionsRevoked: revoked },
      });
    });
    return this.get(actor, String(row.id));
  }

  /**
   * Reset a staff account's password to a temporary one, returned once; lockout cleared and every session
   * ended. The audit records who reset whose password, never the password.
   */
  async resetPassword(actor: Actor, idText: string): Promise<{ temporaryPassword: string }> {
    const { row } = await this.target(actor, idText);
    if (row.id === actor.accountId) {
      throw invalidInput([{ path: 'id', message: '账号：请通过“修改密码”更改自己的密码' }]);
    }
    const password = temporaryPassword([row.login_name, row.phone ?? '']);
    const passwordHash = await argonHash(password, HASH_OPTIONS);
    await this.db.transaction().execute(async (trx) => {
      await setPasswordHash(trx, row.id, passwordHash);
      const revoked = await revokeAllSessions(trx, row.id, this.clock());
      await writeAudit(trx, {
        actor: who(actor),
        action: 'staff.passwordReset',
        subject: `account:${row.id}`,
        detail: { sessionsRevoked: revoked, delivery: 'shownOnce' },
      });
    });
    return { temporaryPassword: password };
  }
}
