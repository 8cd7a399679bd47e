/**
 * Evaluation agencies (评价工作机构) of a province: name, level (地市/区县), contacts and jurisdiction — a set of
 * regions, functional zones included. A region belongs to at most one agency; the database's unique constraint
 * decides between concurrent claims. An enterprise is routed to the agency holding its region or the nearest
 * ancestor of it. Province administrators import the agency table from CSV and export it as the MOST 2021
 * notice's 《科技型中小企业评价工作组织机构信息表》.
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { isValidMobile } from '@kexiao/rules';
import ExcelJS from 'exceljs';
import type { Kysely, Transaction } from 'kysely';
import type { AgencyLevel, Database } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { getRegion, insertRegion, type RegionRow, subtree } from '../regions/repository.js';
import { isValidOn, RegionService, todayInChina } from '../regions/service.js';
import { type CsvRecord, CsvSyntaxError, parseCsv } from './csv.js';
import {
  type AgencyRow,
  type AgencyValues,
  countAgencies,
  findAgencyByName,
  getAgency,
  insertAgency,
  jurisdictionsOf,
  listAgencies,
  nearestAgency,
  ownersOf,
  replaceJurisdiction,
  updateAgencyRow,
} from './repository.js';

export interface AgencyInput {
  name: string;
  /** 'city' | 'county', or as the notice writes it: '地市' | '区县'. */
  level: string;
  /** The administrative division (or zone) the agency corresponds to (对应行政区划). */
  regionCode: string;
  address?: string | null;
  contactName?: string | null;
  /** 办公电话 / 咨询电话: landline or mobile. */
  contactPhone?: string | null;
  /** 手机 */
  contactMobile?: string | null;
  email?: string | null;
  /** Region codes (GB/T 2260 or 'zone:…'). */
  jurisdiction: string[];
}

export interface Agency {
  id: number;
  provinceCode: string;
  name: string;
  level: AgencyLevel;
  regionCode: string;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactMobile: string | null;
  email: string | null;
  jurisdiction: { code: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface ImportRowReport {
  /** Record number in the file; the header is row 1, the first agency row 2. */
  row: number;
  ok: boolean;
  /** field = the CSV column (agency, region_code, level, phone, mobile, email, address, contact, jurisdiction, parent_code). */
  errors: { field: string; message: string }[];
}

export interface ImportReport {
  /** True when every row was sound and all were written; false = nothing was written. */
  ok: boolean;
  created: number;
  updated: number;
  zonesCreated: number;
  rows: ImportRowReport[];
}

export const LEVEL_LABELS: Record<AgencyLevel, string> = { city: '地市', county: '区县' };

/** The columns of the notice's 《科技型中小企业评价工作组织机构信息表》, part 二 (本地区评价工作机构). */
export const EXPORT_HEADER = [
  '序号',
  '评价工作机构名称',
  '对应行政区划名称',
  '对应行政区划级别（省级/地市/区县）',
  '联系人',
  '办公电话',
  '手机',
  '管辖范围（注明所辖的区、县、市或开发区名称）',
] as const;

const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ZONE_SUFFIX = /(新区|高新区|经开区|开发区|园区|示范区|试验区|综改区|保税区|合作区|产业园)$/;
const NAME_MAX = 100;

/** Field of AgencyInput → its Chinese label (messages) and its CSV column (import report). */
const FIELDS: Record<string, { label: string; column: string }> = {
  name: { label: '评价工作机构名称', column: 'agency' },
  level: { label: '级别', column: 'level' },
  regionCode: { label: '对应行政区划', column: 'region_code' },
  address: { label: '地址', column: 'address' },
  contactName: { label: '联系人', column: 'contact' },
  contactPhone: { label: '办公电话', column: 'phone' },
  contactMobile: { label: '手机', column: 'mobile' },
  email: { label: '电子邮箱', column: 'email' },
  jurisdiction: { label: '管辖范围', column: 'jurisdiction' },
};
const CSV_COLUMNS = new Set([...Object.values(FIELDS).map((f) => f.column), 'parent_code']);

const problem = (path: string, text: string): FieldProblem => ({
  path,
  message: `${FIELDS[path.split('.')[0] ?? '']?.label ?? path}：${text}`,
});

function parseLevel(value: string): AgencyLevel | null {
  const v = value.trim();
  if (v === 'city' || v === '地市') return 'city';
  if (v === 'county' || v === '区县') return 'county';
  return null;
}

function optional(value: string | null | undefined): string | null {
  const v = typeof value === 'string' ? value.trim() : '';
  return v === '' ? null : v;
}

/** Checks of the agency's own fields that need no database; each problem names its field. */
export function checkAgencyFields(input: AgencyInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') problems.push(problem('name', '不能为空'));
  else if (name.length > NAME_MAX) problems.push(problem('name', `不能超过${NAME_MAX}个字`));
  if (parseLevel(String(input.level ?? '')) === null) problems.push(problem('level', '应为“地市”或“区县”'));
  const phone = optional(input.contactPhone);
  if (phone !== null && !LANDLINE.test(phone) && !isValidMobile(phone)) {
    problems.push(problem('contactPhone', `“${phone}”格式不正确，应为固定电话（如 0931-8847570）或11位手机号`));
  }
  const mobile = optional(input.contactMobile);
  if (mobile !== null && !isValidMobile(mobile)) {
    problems.push(problem('contactMobile', `“${mobile}”格式不正确，应为以1开头的11位手机号`));
  }
  const email = optional(input.email);
  if (email !== null && (!EMAIL.test(email) || email.length > 254)) {
    problems.push(problem('email', `“${email}”格式不正确`));
  }
  for (const [key, max] of [
    ['address', 200],
    ['contactName', 50],
  ] as const) {
    const v = optional(input[key]);
    if (v !== null && v.length > max) problems.push(problem(key, `不能超过${max}个字`));
  }
  if (!Array.isArray(input.jurisdiction) || input.jurisdiction.length === 0) {
    problems.push(problem('jurisdiction', '至少包含一个行政区划或功能区'));
  }
  return problems;
}

/** The regions of one province, held in memory for validation and name resolution. */
class ProvinceIndex {
  readonly byCode = new Map<string, RegionRow>();
  readonly children = new Map<string, RegionRow[]>();

  constructor(
    readonly province: RegionRow,
    rows: RegionRow[],
    readonly today: string,
  ) {
    for (const r of rows) this.add(r);
  }

  add(row: RegionRow): void {
    this.byCode.set(row.code, row);
    if (row.parent_code !== null) {
      const list = this.children.get(row.parent_code) ?? [];
      list.push(row);
      this.children.set(row.parent_code, list);
    }
  }

  /** The region and everything under it that is in force today. */
  within(code: string): RegionRow[] {
    const out: RegionRow[] = [];
    const queue = [code];
    while (queue.length > 0) {
      const c = queue.shift() as string;
      const row = this.byCode.get(c);
      if (row === undefined) continue;
      if (isValidOn(row, this.today)) out.push(row);
      for (const child of this.children.get(c) ?? []) queue.push(child.code);
    }
    return out;
  }

  /**
   * A region named as the notices write it, under `scope`: the exact name, or the short form of an autonomous
   * county or prefecture ('张家川县' for 张家川回族自治县, '临夏州' for 临夏回族自治州).
   */
  resolveName(name: string, scope: string): RegionRow[] {
    const candidates = this.within(scope);
    const exact = candidates.filter((r) => r.name === name);
    if (exact.length > 0) return exact;
    const short = /^(.+)(县|州|旗)$/.exec(name);
    if (short === null) return [];
    const [, stem, suffix] = short as unknown as [string, string, string];
    return candidates.filter((r) => r.name.startsWith(stem) && r.name.endsWith(`自治${suffix}`));
  }

  /** Check one code for use by an agency of this province; null when sound, else the problem text. */
  checkCode(code: string): string | null {
    const row = this.byCode.get(code);
    if (row === undefined) return `${code} 不是${this.province.name}的行政区划或功能区代码`;
    if (row.kind === 'province') return `${code}（${row.name}）是省级行政区划，不能作为评价工作机构的辖区`;
    if (!isValidOn(row, this.today)) {
      const successor = row.replaced_by === null ? '' : `，请改用 ${row.replaced_by}`;
      return row.valid_to !== null && row.valid_to <= this.today
        ? `${code}（${row.name}）已于 ${row.valid_to} 撤销${successor}`
        : `${code}（${row.name}）自 ${row.valid_from} 起才生效`;
    }
    return null;
  }

  /** Without a level column: 区县 for a county or a zone under one, 地市 otherwise. */
  defaultLevel(region: RegionRow | undefined): AgencyLevel {
    const county = (r: RegionRow | undefined) => r?.kind === 'county';
    return county(region) || (region?.kind === 'zone' && county(this.byCode.get(region.parent_code ?? '')))
      ? 'county'
      : 'city';
  }

  /** The province or a city of it whose name begins the zone's name (兰州新区 → 兰州市); the province otherwise. */
  zoneParent(zoneName: string): RegionRow {
    let best: RegionRow = this.province;
    let bestLength = 0;
    for (const r of this.children.get(this.province.code) ?? []) {
      if (r.kind !== 'city' || !isValidOn(r, this.today)) continue;
      const stem = /自治州$/.test(r.name) ? r.name.slice(0, 2) : r.name.replace(/(市|地区|盟)$/, '');
      if (stem.length >= 2 && stem.length > bestLength && zoneName.startsWith(stem)) {
        best = r;
        bestLength = stem.length;
      }
    }
    return best;
  }
}

function toAgency(row: AgencyRow, jurisdiction: { code: string; name: string }[]): Agency {
  return {
    id: Number(row.id),
    provinceCode: row.province_code,
    name: row.name,
    level: row.level,
    regionCode: row.region_code,
    address: row.address,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactMobile: row.contact_mobile,
    email: row.email,
    jurisdiction,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function conflict(fields: FieldProblem[]): AppError {
  return new AppError(409, 'conflict', fields.map((f) => f.message).join('；'), fields);
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** A unique violation of this capability's constraints → the field problem it means; null for anything else. */
function uniqueViolation(error: unknown): { constraint: string; regionCode: string | null } | null {
  const e = error as PgError;
  if (e?.code !== '23505') return null;
  const text = `${e.constraint ?? ''} ${e.message ?? ''}`;
  const constraint = ['agency_jurisdiction_region_uq', 'agency_province_name_uq', 'region_pkey'].find((c) =>
    text.includes(c),
  );
  if (constraint === undefined) return null;
  const key = /\(region_code\)=\(([^)]+)\)/.exec(e.detail ?? '');
  return { constraint, regionCode: key?.[1] ?? null };
}

export class AgencyService {
  readonly regions: RegionService;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly today: () => string = () => todayInChina(),
  ) {
    this.regions = new RegionService(db);
  }

  private async provinceIndex(db: Kysely<Database> | Transaction<Database>, provinceCode: string) {
    const province = await getRegion(db, provinceCode);
    if (province === undefined || province.kind !== 'province') {
      throw invalidInput([{ path: 'provinceCode', message: `省份：${provinceCode} 不是省级行政区划代码` }]);
    }
    return new ProvinceIndex(province, await subtree(db, provinceCode), this.today());
  }

  /** Problems of region and jurisdiction against the province's regions and the other agencies' jurisdictions. */
  private async checkPlacement(
    trx: Transaction<Database>,
    index: ProvinceIndex,
    input: AgencyInput,
    exceptAgencyId: number | null,
  ): Promise<{ invalid: FieldProblem[]; taken: FieldProblem[] }> {
    const invalid: FieldProblem[] = [];
    const regionProblem = index.checkCode(String(input.regionCode ?? '').trim());
    if (regionProblem !== null) invalid.push(problem('regionCode', regionProblem));
    const codes = Array.isArray(input.jurisdiction) ? input.jurisdiction.map((c) => String(c).trim()) : [];
    const seen = new Set<string>();
    codes.forEach((code, i) => {
      if (seen.has(code)) invalid.push(problem(`jurisdiction.${i}`, `${code} 重复`));
      seen.add(code);
      const p = index.checkCode(code);
      if (p !== null) invalid.push(problem(`jurisdiction.${i}`, p));
    });
    const taken: FieldProblem[] = [];
    for (const owner of await ownersOf(trx, [...seen])) {
      if (owner.agency_id === exceptAgencyId) continue;
      const name = index.byCode.get(owner.region_code)?.name ?? owner.region_code;
      taken.push(
        problem(
          `jurisdiction.${codes.indexOf(owner.region_code)}`,
          `${owner.region_code}（${name}）已属于评价工作机构“${owner.agency_name}”`,
        ),
      );
    }
    return { invalid, taken };
  }

  private values(provinceCode: string, input: AgencyInput): AgencyValues {
    return {
      province_code: provinceCode,
      name: input.name.trim(),
      level: parseLevel(input.level) as AgencyLevel,
      region_code: input.regionCode.trim(),
      address: optional(input.address),
      contact_name: optional(input.contactName),
      contact_phone: optional(input.contactPhone),
      contact_mobile: optional(input.contactMobile),
      email: optional(input.email),
    };
  }

  /** Run a write; a unique violation (a concurrent claim, a duplicate name) becomes the field problem it means. */
  private async writing<T>(provinceCode: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const violation = uniqueViolation(error);
      if (violation === null) throw error;
      if (violation.constraint === 'agency_province_name_uq') {
        throw conflict([problem('name', `${provinceCode} 已有同名的评价工作机构`)]);
      }
      if (violation.constraint === 'region_pkey') {
        throw conflict([problem('jurisdiction', '功能区已被同时创建，请重试')]);
      }
      const code = violation.regionCode;
      const owner = code === null ? undefined : (await ownersOf(this.db, [code]))[0];
      throw conflict([
        problem(
          'jurisdiction',
          `${code ?? '所选区域'} 已属于评价工作机构${owner === undefined ? '' : `“${owner.agency_name}”`}`,
        ),
      ]);
    }
  }

  /** Create an agency in the province. Invalid → 400 naming each field; a region already held → 409. */
  async createAgency(provinceCode: string, input: AgencyInput, actor: string): Promise<Agency> {
    const fieldProblems = checkAgencyFields(input);
    const id = await this.writing(provinceCode, () =>
      this.db.transaction().execute(async (trx) => {
        const index = await this.provinceIndex(trx, provinceCode);
        const { invalid, taken } = await this.checkPlacement(trx, index, input, null);
        if (fieldProblems.length + invalid.length > 0) throw invalidInput([...fieldProblems, ...invalid]);
        const values = this.values(provinceCode, input);
        if ((await findAgencyByName(trx, provinceCode, values.name)) !== undefined) {
          taken.unshift(problem('name', `${index.province.name}已有名为“${values.name}”的评价工作机构`));
        }
        if (taken.length > 0) throw conflict(taken);
        const created = await insertAgency(trx, values);
        const codes = input.jurisdiction.map((c) => c.trim());
        await replaceJurisdiction(trx, created, codes);
        await writeAudit(trx, {
          actor,
          action: 'agency.create',
          subject: `agency:${created}`,
          detail: {
            provinceCode,
            name: values.name,
            level: values.level,
            regionCode: values.region_code,
            jurisdiction: codes,
          },
        });
        return created;
      }),
    );
    return (await this.agency(id)) as Agency;
  }

  /** Replace an agency's fields and jurisdiction (its province stays). Unknown id → 404. */
  async updateAgency(id: number, input: AgencyInput, actor: string): Promise<Agency> {
    const existing = await getAgency(this.db, id);
    if (existing === undefined) throw new AppError(404, 'not_found', '评价工作机构不存在');
    const provinceCode = existing.province_code;
    const fieldProblems = checkAgencyFields(input);
    await this.writing(provinceCode, () =>
      this.db.transaction().execute(async (trx) => {
        const index = await this.provinceIndex(trx, provinceCode);
        const { invalid, taken } = await this.checkPlacement(trx, index, input, id);
        if (fieldProblems.length + invalid.length > 0) throw invalidInput([...fieldProblems, ...invalid]);
        const values = this.values(provinceCode, input);
        const sameName = await findAgencyByName(trx, provinceCode, values.name);
        if (sameName !== undefined && Number(sameName.id) !== id) {
          taken.unshift(problem('name', `${index.province.name}已有名为“${values.name}”的评价工作机构`));
        }
        if (taken.length > 0) throw conflict(taken);
        const codes = input.jurisdiction.map((c) => c.trim());
        await updateAgencyRow(trx, id, values);
        await replaceJurisdiction(trx, id, codes);
        await writeAudit(trx, {
          actor,
          action: 'agency.update',
          subject: `agency:${id}`,
          detail: {
            provinceCode,
            name: values.name,
            level: values.level,
            regionCode: values.region_code,
            jurisdiction: codes,
          },
        });
      }),
    );
    return (await this.agency(id)) as Agency;
  }

  async agency(id: number): Promise<Agency | null> {
    const row = await getAgency(this.db, id);
    if (row === undefined) return null;
    const jurisdiction = await jurisdictionsOf(this.db, [id]);
    return toAgency(
      row,
      jurisdiction.map((j) => ({ code: j.region_code, name: j.name })),
    );
  }

  /** The province's agencies in the order they were entered. */
  async listAgencies(provinceCode: string): Promise<Agency[]> {
    const rows = await listAgencies(this.db, provinceCode);
    const jurisdiction = await jurisdictionsOf(
      this.db,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((row) =>
      toAgency(
        row,
        jurisdiction
          .filter((j) => Number(j.agency_id) === Number(row.id))
          .map((j) => ({ code: j.region_code, name: j.name })),
      ),
    );
  }

  /**
   * The agency responsible for a region: the one whose jurisdiction holds the region or its nearest ancestor.
   * A withdrawn code is first followed to the code that replaced it. Null when no agency covers it.
   */
  async agencyForRegion(code: string): Promise<Agency | null> {
    const current = await this.regions.currentCode(code);
    if (current === null) return null;
    const found = await nearestAgency(this.db, current);
    return found === null ? null : this.agency(found.agency_id);
  }

  /**
   * Import a province's agency table from CSV. Columns: agency, region_code, jurisdiction (required); level,
   * address, contact, phone, mobile, email, parent_code (optional). `jurisdiction` lists region names as the
   * notices write them, separated by 、 (notes in brackets are ignored); names of functional zones not yet known
   * become zones under the agency's region. A `zone:<slug>` region_code creates that zone (named by its
   * jurisdiction) under parent_code, or under the city whose name begins the zone's name, or the province.
   * Agencies are matched by name: a known one is updated. All or nothing: one bad row and nothing is written.
   */
  async importAgencies(provinceCode: string, csvText: string, actor: string): Promise<ImportReport> {
    const failed = (rows: ImportRowReport[]): ImportReport => ({
      ok: false,
      created: 0,
      updated: 0,
      zonesCreated: 0,
      rows,
    });
    let records;
    try {
      records = parseCsv(csvText);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      return failed([{ row: error.row, ok: false, errors: [{ field: 'file', message: error.message }] }]);
    }
    const header = records[0];
    if (header === undefined) {
      return failed([{ row: 1, ok: false, errors: [{ field: 'file', message: '文件为空：第1行应为列名' }] }]);
    }
    const columns = header.fields.map((f) => f.trim());
    const headerErrors: ImportRowReport['errors'] = [];
    columns.forEach((c) => {
      if (!CSV_COLUMNS.has(c)) headerErrors.push({ field: c, message: `列名：未知的列“${c}”` });
    });
    for (const required of ['agency', 'region_code', 'jurisdiction']) {
      if (!columns.includes(required))
        headerErrors.push({ field: required, message: `列名：缺少必需的列“${required}”` });
    }
    if (records.length < 2) headerErrors.push({ field: 'file', message: '文件中没有评价工作机构' });
    if (headerErrors.length > 0) return failed([{ row: header.row, ok: false, errors: headerErrors }]);

    return this.writing(provinceCode, () => this.importInTransaction(provinceCode, records, columns, actor));
  }

  private importInTransaction(
    provinceCode: string,
    records: CsvRecord[],
    columns: string[],
    actor: string,
  ): Promise<ImportReport> {
    const failed = (rows: ImportRowReport[]): ImportReport => ({
      ok: false,
      created: 0,
      updated: 0,
      zonesCreated: 0,
      rows,
    });
    return this.db.transaction().execute(async (trx) => {
      const index = await this.provinceIndex(trx, provinceCode);
      const existing = new Map((await listAgencies(trx, provinceCode)).map((a) => [a.name, Number(a.id)]));
      const names = new Map<string, number>();
      const claimed = new Map<string, number>();
      const newZones: RegionRow[] = [];
      const plans: { values: AgencyValues; codes: string[]; id: number | null }[] = [];
      const reports: ImportRowReport[] = [];

      for (const record of records.slice(1)) {
        const cell = (column: string) => {
          const i = columns.indexOf(column);
          return i < 0 ? '' : (record.fields[i] ?? '').trim();
        };
        const errors: ImportRowReport['errors'] = [];
        const report = (path: string, text: string) => {
          const p = problem(path, text);
          errors.push({ field: FIELDS[path.split('.')[0] ?? '']?.column ?? path, message: p.message });
        };
        if (record.fields.length > columns.length) {
          errors.push({ field: 'file', message: `本行有${record.fields.length}列，多于列名的${columns.length}列` });
        }
        const name = cell('agency');
        const regionCode = cell('region_code');
        const items = cell('jurisdiction')
          .replace(/（[^）]*）|\([^)]*\)/g, '')
          .split(/[、，,；;\s]+/)
          .map((s) => s.trim())
          .filter((s) => s !== '');

        // The agency's own region; a zone not known yet is created here.
        let region: RegionRow | undefined = index.byCode.get(regionCode);
        if (regionCode === '') report('regionCode', '不能为空');
        else if (region === undefined && /^zone:[^\s:]+$/.test(regionCode)) {
          const globally = await getRegion(trx, regionCode);
          if (globally !== undefined)
            report('regionCode', `${regionCode}（${globally.name}）不属于${index.province.name}`);
          else if (items.length !== 1) {
            report('jurisdiction', `新功能区 ${regionCode} 的管辖范围应只写该功能区的名称`);
          } else {
            const parentCode = cell('parent_code');
            const parent = parentCode === '' ? index.zoneParent(items[0] as string) : index.byCode.get(parentCode);
            const parentProblem = parentCode === '' ? null : index.checkCode(parentCode);
            if (parent === undefined || parentProblem !== null) {
              errors.push({
                field: 'parent_code',
                message: `上级区划：${parentProblem ?? `${parentCode} 不是${index.province.name}的行政区划`}`,
              });
            } else {
              region = {
                code: regionCode,
                name: items[0] as string,
                kind: 'zone',
                parent_code: parent.code,
                valid_from: index.today,
                valid_to: null,
                replaced_by: null,
              };
              index.add(region);
              newZones.push(region);
            }
          }
        } else {
          const p = index.checkCode(regionCode);
          if (p !== null) report('regionCode', p);
        }

        // The jurisdiction: names (or codes) resolved under the agency's region.
        const codes: string[] = [];
        if (items.length === 0) report('jurisdiction', '不能为空');
        if (region !== undefined && index.checkCode(region.code) === null) {
          const zoneParent = region.kind === 'zone' ? (region.parent_code as string) : region.code;
          for (const item of items) {
            let code: string | null = null;
            if (/^(\d{6}|zone:\S+)$/.test(item)) {
              const p = index.checkCode(item);
              if (p === null) code = item;
              else report('jurisdiction', p);
            } else {
              const found = index.resolveName(item, region.code);
              if (found.length === 1) code = (found[0] as RegionRow).code;
              else if (found.length > 1) {
                report('jurisdiction', `“${item}”有多个同名区划：${found.map((r) => r.code).join('、')}，请填写代码`);
              } else if (ZONE_SUFFIX.test(item)) {
                const zone: RegionRow = {
                  code: `zone:${zoneParent}-${item}`,
                  name: item,
                  kind: 'zone',
                  parent_code: zoneParent,
                  valid_from: index.today,
                  valid_to: null,
                  replaced_by: null,
                };
                const known = index.byCode.get(zone.code);
                if (known === undefined) {
                  index.add(zone);
                  newZones.push(zone);
                }
                code = zone.code;
              } else {
                report('jurisdiction', `“${item}”不是${region.name}的区县，也不是功能区名称`);
              }
            }
            if (code === null) continue;
            if (codes.includes(code)) {
              report('jurisdiction', `“${item}”重复`);
              continue;
            }
            codes.push(code);
          }
        }

        const input: AgencyInput = {
          name,
          level: cell('level') || index.defaultLevel(region),
          regionCode,
          address: cell('address'),
          contactName: cell('contact'),
          contactPhone: cell('phone'),
          contactMobile: cell('mobile'),
          email: cell('email'),
          jurisdiction: codes.length > 0 ? codes : items,
        };
        for (const p of checkAgencyFields(input)) {
          if (p.path === 'jurisdiction' && items.length === 0) continue;
          errors.push({ field: FIELDS[p.path]?.column ?? p.path, message: p.message });
        }
        const key = name.trim();
        const earlier = names.get(key);
        if (key !== '' && earlier !== undefined) report('name', `与第${earlier}行重名`);
        names.set(key, record.row);
        for (const code of codes) {
          const by = claimed.get(code);
          const regionName = index.byCode.get(code)?.name ?? code;
          if (by !== undefined) report('jurisdiction', `${regionName}已由第${by}行的评价工作机构管辖`);
          else claimed.set(code, record.row);
        }
        reports.push({ row: record.row, ok: errors.length === 0, errors });
        if (errors.length === 0) {
          plans.push({ values: this.values(provinceCode, input), codes, id: existing.get(key) ?? null });
        }
      }

      // Regions held by agencies of this province that the file does not replace, or by other provinces'.
      const replaced = new Set(plans.map((p) => p.id).filter((id) => id !== null));
      const owners = await ownersOf(trx, [...claimed.keys()]);
      for (const owner of owners) {
        if (replaced.has(owner.agency_id)) continue;
        const row = claimed.get(owner.region_code) as number;
        const rep = reports.find((r) => r.row === row) as ImportRowReport;
        const regionName = index.byCode.get(owner.region_code)?.name ?? owner.region_code;
        rep.errors.push({
          field: 'jurisdiction',
          message: `管辖范围：${regionName}已属于评价工作机构“${owner.agency_name}”`,
        });
        rep.ok = false;
      }
      if (reports.some((r) => !r.ok)) return failed(reports);

      for (const zone of newZones) {
        await insertRegion(trx, zone);
        await writeAudit(trx, {
          actor,
          action: 'region.createZone',
          subject: `region:${zone.code}`,
          detail: { name: zone.name, parentCode: zone.parent_code, source: 'agencies.import' },
        });
      }
      for (const plan of plans) {
        if (plan.id !== null) await replaceJurisdiction(trx, plan.id, []);
      }
      let created = 0;
      for (const plan of plans) {
        let id = plan.id;
        if (id === null) {
          id = await insertAgency(trx, plan.values);
          created++;
        } else await updateAgencyRow(trx, id, plan.values);
        await replaceJurisdiction(trx, id, plan.codes);
        await writeAudit(trx, {
          actor,
          action: plan.id === null ? 'agency.create' : 'agency.update',
          subject: `agency:${id}`,
          detail: {
            provinceCode,
            name: plan.values.name,
            level: plan.values.level,
            regionCode: plan.values.region_code,
            jurisdiction: plan.codes,
            source: 'agencies.import',
          },
        });
      }
      return { ok: true, created, updated: plans.length - created, zonesCreated: newZones.length, rows: reports };
    });
  }

  /**
   * The province's agencies as an xlsx in the shape of the MOST 2021 notice's 《科技型中小企业评价工作组织机构信息表》
   * (part 二, 本地区评价工作机构): a title row, the province row, the notice's header row, one row per agency.
   * Written with exceljs's streaming WorkbookWriter.
   */
  async exportAgencies(provinceCode: string): Promise<Buffer> {
    const province = await getRegion(this.db, provinceCode);
    if (province === undefined || province.kind !== 'province') {
      throw invalidInput([{ path: 'provinceCode', message: `省份：${provinceCode} 不是省级行政区划代码` }]);
    }
    const agencies = await this.listAgencies(provinceCode);
    const regionNames = new Map((await subtree(this.db, provinceCode)).map((r) => [r.code, r.name] as const));
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('end', resolve);
      sink.on('error', reject);
    });
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('组织机构信息表');
    sheet.columns = [6, 30, 16, 18, 12, 16, 14, 60].map((width) => ({ width }));
    sheet.addRow(['科技型中小企业评价工作组织机构信息表']).commit();
    sheet.addRow([`省级科技主管部门：${province.name}`, '', '', '', '', '', '', `导出日期：${this.today()}`]).commit();
    const head = sheet.addRow([...EXPORT_HEADER]);
    head.font = { bold: true };
    head.commit();
    agencies.forEach((a, i) => {
      sheet
        .addRow([
          i + 1,
          a.name,
          regionNames.get(a.regionCode) ?? a.regionCode,
          LEVEL_LABELS[a.level],
          a.contactName ?? '',
          a.contactPhone ?? '',
          a.contactMobile ?? '',
          a.jurisdiction.map((j) => j.name).join('、'),
        ])
        .commit();
    });
    sheet.commit();
    await workbook.commit();
    await finished;
    return Buffer.concat(chunks);
  }
}

/** The vendored agency tables of the demo provinces (facts from the provinces' notices). */
export const DEMO_AGENCY_TABLES = [
  { provinceCode: '620000', url: new URL('../../../seed/gansu-agencies.csv', import.meta.url) },
  { provinceCode: '140000', url: new URL('../../../seed/shanxi-agencies.csv', import.meta.url) },
] as const;

/**
 * Demo data: seeds the regions, then imports the Gansu and Shanxi agency tables into each province that has no
 * agency yet (idempotent; an administrator's later changes are never overwritten). Returns what was imported.
 */
export async function seedDemoAgencies(
  db: Kysely<Database>,
  actor = 'system:seed',
): Promise<{ provinceCode: string; created: number }[]> {
  const service = new AgencyService(db);
  await service.regions.seed(actor);
  const imported: { provinceCode: string; created: number }[] = [];
  for (const table of DEMO_AGENCY_TABLES) {
    if ((await countAgencies(db, table.provinceCode)) > 0) continue;
    try {
      const report = await service.importAgencies(table.provinceCode, readFileSync(table.url, 'utf8'), actor);
      if (!report.ok) {
        const bad = report.rows.filter((r) => !r.ok).flatMap((r) => r.errors.map((e) => `第${r.row}行 ${e.message}`));
        throw new Error(`演示评价工作机构导入失败（${table.provinceCode}）：${bad.join('；')}`);
      }
      imported.push({ provinceCode: table.provinceCode, created: report.created });
    } catch (error) {
      // Another process seeding at the same moment: its import won; ours rolled back.
      if ((await countAgencies(db, table.provinceCode)) > 0) continue;
      throw error;
    }
  }
  return imported;
}
