/**
 * Agencies as staff administer them: the AgencyService's operations behind the data scopes. A province
 * administrator manages its province's agencies, a national administrator any; an agency's own staff may read
 * it. An agency outside one's scope is answered 404 (as if absent); a province outside it, 403.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { canManageAgency, canSeeAgency, staffScope } from '../../platform/scope.js';
import { getRegion } from '../regions/repository.js';
import { todayInChina } from '../regions/service.js';
import { type Agency, type AgencyInput, AgencyService, type ImportReport } from './service.js';

export const AGENCY_NOT_FOUND = '未找到该评价工作机构，或不在您的管辖范围内';
const PROVINCE = /^\d{2}0000$/;
const TEXT_FIELDS: Record<string, string> = {
  name: '评价工作机构名称',
  level: '级别',
  regionCode: '对应行政区划',
  address: '地址',
  contactName: '联系人',
  contactPhone: '办公电话',
  contactMobile: '手机',
  email: '电子邮箱',
};

const who = (actor: Actor) => `account:${actor.accountId}`;

/** A JSON body → AgencyInput; wrong types are reported by field (the service checks the content). */
export function agencyInputFrom(body: unknown): AgencyInput {
  const b = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const [key, label] of Object.entries(TEXT_FIELDS)) {
    const v = b[key];
    if (v !== undefined && v !== null && typeof v !== 'string')
      problems.push({ path: key, message: `${label}：应为文本` });
  }
  const j = b.jurisdiction;
  if (j !== undefined && (!Array.isArray(j) || j.some((c) => typeof c !== 'string'))) {
    problems.push({ path: 'jurisdiction', message: '管辖范围：应为行政区划代码的列表' });
  }
  if (problems.length > 0) throw invalidInput(problems);
  const text = (key: string) => (typeof b[key] === 'string' ? (b[key] as string) : '');
  const optional = (key: string) => (typeof b[key] === 'string' ? (b[key] as string) : null);
  return {
    name: text('name'),
    level: text('level'),
    regionCode: text('regionCode'),
    address: optional('address'),
    contactName: optional('contactName'),
    contactPhone: optional('contactPhone'),
    contactMobile: optional('contactMobile'),
    email: optional('email'),
    jurisdiction: Array.isArray(j) ? (j as string[]) : [],
  };
}

/** CSV bytes as the browser sends the file: UTF-8 (with or without BOM), or GB18030 as Excel saves it in zh-CN. */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export class AgencyAdministration {
  constructor(
    private readonly db: Kysely<Database>,
    readonly agencies: AgencyService = new AgencyService(db),
  ) {}

  /**
   * The province an administrator's request is about: the one named (which must be in scope: else 403), or
   * the actor's own when it has exactly one. `required` = a national administrator must name one.
   */
  private async province(actor: Actor, requested: string | undefined, required: boolean): Promise<string | null> {
    const scope = staffScope(actor);
    const code = requested?.trim() ?? '';
    if (code === '') {
      if (!scope.all && scope.provinceCodes.length === 1) return scope.provinceCodes[0] as string;
      if (required) throw invalidInput([{ path: 'province', message: '省份：请选择省份' }]);
      return null;
    }
    const region = PROVINCE.test(code) ? await getRegion(this.db, code) : undefined;
    if (region === undefined || region.kind !== 'province') {
      throw invalidInput([{ path: 'province', message: `省份：${code} 不是省级行政区划代码` }]);
    }
    if (!scope.all && !scope.provinceCodes.includes(code)) {
      throw new AppError(403, 'forbidden', `无权管理${region.name}的评价工作机构`);
    }
    return code;
  }

  /**
   * The agencies the actor may see: a province's (administrators; national without a province: every
   * province's), or an agency's staff their own agency.
   */
  async list(actor: Actor, provinceCode?: string): Promise<Agency[]> {
    const scope = staffScope(actor);
    if (!scope.all && scope.provinceCodes.length === 0) {
      const own: Agency[] = [];
      for (const id of scope.agencyIds) {
        const agency = await this.agencies.agency(id);
        if (agency !== null && (!provinceCode || agency.provinceCode === provinceCode)) own.push(agency);
      }
      return own;
    }
    const province = await this.province(actor, provinceCode, false);
    if (province !== null) return this.agencies.listAgencies(province);
    const provinces = await this.db
      .selectFrom('agency')
      .select('province_code')
      .distinct()
      .orderBy('province_code')
      .execute();
    const all: Agency[] = [];
    for (const p of provinces) all.push(...(await this.agencies.listAgencies(p.province_code)));
    return all;
  }

  /** One agency with its jurisdiction; unknown or outside the actor's scope → 404. */
  async get(actor: Actor, id: number): Promise<Agency> {
    const agency = Number.isSafeInteger(id) && id > 0 ? await this.agencies.agency(id) : null;
    if (agency === null || !canSeeAgency(actor, agency)) throw new AppError(404, 'not_found', AGENCY_NOT_FOUND);
    return agency;
  }

  async create(actor: Actor, provinceCode: string | undefined, body: unknown): Promise<Agency> {
    const input = agencyInputFrom(body);
    const province = (await this.province(actor, provinceCode, true)) as string;
    return this.agencies.createAgency(province, input, who(actor));
  }

  /** Change an agency; one the actor may not manage → 404 (its own staff included: they may only read it). */
  async update(actor: Actor, id: number, body: unknown): Promise<Agency> {
    const agency = Number.isSafeInteger(id) && id > 0 ? await this.agencies.agency(id) : null;
    if (agency === null || !canManageAgency(actor, agency)) throw new AppError(404, 'not_found', AGENCY_NOT_FOUND);
    return this.agencies.updateAgency(id, agencyInputFrom(body), who(actor));
  }

  /** CSV import (all or nothing, with the per-row report). */
  async import(actor: Actor, provinceCode: string | undefined, bytes: Buffer): Promise<ImportReport> {
    const province = (await this.province(actor, provinceCode, true)) as string;
    if (bytes.length === 0) throw invalidInput([{ path: 'file', message: '文件：内容为空，请选择 CSV 文件' }]);
    return this.agencies.importAgencies(province, decodeCsv(bytes), who(actor));
  }

  /** The province's agency table as xlsx (MOST 2021 shape); the export itself is recorded in the audit log. */
  async export(actor: Actor, provinceCode: string | undefined): Promise<{ filename: string; body: Buffer }> {
    const province = (await this.province(actor, provinceCode, true)) as string;
    const body = await this.agencies.exportAgencies(province);
    const region = await getRegion(this.db, province);
    await this.db.transaction().execute((trx) =>
      writeAudit(trx, {
        actor: who(actor),
        action: 'agency.exported',
        subject: `province:${province}`,
        detail: { bytes: body.length },
      }),
    );
    return { filename: `${region?.name ?? province}科技型中小企业评价工作组织机构信息表-${todayInChina()}.xlsx`, body };
  }
}
