/**
 * Enterprises as staff see them: only those in their data scope (an agency's routed regions, a province, or
 * all), searchable by name or USCC and by region; personal data masked (names in lists, identity-card and
 * phone numbers everywhere). An enterprise outside the scope is answered as absent (404).
 */
import { maskIdCard, maskPersonName, maskPhone } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { invalidInput } from '../../platform/errors.js';
import { intParam, type Query, textParam } from '../../platform/query.js';
import { assertEnterpriseInScope, regionCodesInScope } from '../../platform/scope.js';
import type { AgencyService } from '../agencies/service.js';
import { REGION_CODE, type RegionService } from '../regions/service.js';
import { type EnterpriseRow, getEnterprise, regionAndDescendants, searchEnterprises } from './staff-repository.js';

export const PAGE_SIZE = 20;

export interface StaffEnterpriseListItem {
  id: number;
  name: string;
  uscc: string;
  unitType: string;
  regionCode: string;
  /** 河南省 › 郑州市 › 金水区 */
  regionText: string;
  /** masked */
  legalRepName: string;
  /** masked */
  agentName: string;
  /** masked */
  agentPhone: string;
  realNameStatus: string;
  createdAt: string;
}

export interface StaffEnterpriseDetail extends StaffEnterpriseListItem {
  /** masked */
  legalRepIdNumber: string;
  /** masked */
  agentIdNumber: string;
  accountStatus: string;
  /** The agency the enterprise's region routes to (null: no agency covers it yet). */
  agency: { id: number; name: string; contactName: string | null; contactPhone: string | null } | null;
}

export class StaffEnterprises {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly regions: RegionService,
    private readonly agencies: AgencyService,
  ) {}

  private async regionTexts(codes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const code of new Set(codes)) out.set(code, (await this.regions.regionPath(code))?.text ?? code);
    return out;
  }

  private item(row: EnterpriseRow, regionText: string): StaffEnterpriseListItem {
    return {
      id: row.id,
      name: row.name,
      uscc: row.uscc,
      unitType: row.unit_type,
      regionCode: row.region_code,
      regionText,
      legalRepName: maskPersonName(row.legal_rep_name),
      agentName: maskPersonName(row.agent_name),
      agentPhone: maskPhone(row.agent_phone),
      realNameStatus: row.real_name_status,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  /** GET /api/v1/staff/enterprises: q (name or USCC), regionCode (that region and below), page (from 1). */
  async list(actor: Actor, query: Query) {
    const problems: Parameters<typeof invalidInput>[0] = [];
    const q = textParam(query, 'q', '企业名称或统一社会信用代码', problems, 100);
    const regionCode = textParam(query, 'regionCode', '所在地区', problems, 60);
    const page = intParam(query, 'page', '页码', problems, { min: 1, max: 100000, fallback: 1 });
    const pageSize = intParam(query, 'pageSize', '每页条数', problems, { min: 1, max: 100, fallback: PAGE_SIZE });
    if (regionCode !== undefined && !REGION_CODE.test(regionCode)) {
      problems.push({ path: 'regionCode', message: '所在地区：应为6位行政区划代码或功能区代码' });
    }
    if (problems.length > 0) throw invalidInput(problems);

    let regions = await regionCodesInScope(this.db, actor);
    if (regionCode !== undefined) {
      const wanted = await regionAndDescendants(this.db, regionCode);
      regions = regions === 'all' ? wanted : regions.filter((c) => wanted.includes(c));
    }
    const { total, rows } = await searchEnterprises(this.db, {
      regions,
      q,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const texts = await this.regionTexts(rows.map((r) => r.region_code));
    return {
      total,
      page,
      pageSize,
      enterprises: rows.map((r) => this.item(r, texts.get(r.region_code) ?? r.region_code)),
    };
  }

  /** One enterprise in the actor's scope, with the agency its region routes to; otherwise 404. */
  async detail(actor: Actor, idText: string): Promise<StaffEnterpriseDetail> {
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : -1;
    const row = id > 0 ? await getEnterprise(this.db, id) : undefined;
    await assertEnterpriseInScope(
      this.db,
      actor,
      row === undefined ? undefined : { id: row.id, regionCode: row.region_code },
    );
    const found = row as EnterpriseRow;
    const texts = await this.regionTexts([found.region_code]);
    const agency = await this.agencies.agencyForRegion(found.region_code);
    return {
      ...this.item(found, texts.get(found.region_code) ?? found.region_code),
      legalRepName: found.legal_rep_name,
      agentName: found.agent_name,
      legalRepIdNumber: maskIdCard(found.legal_rep_id_number),
      agentIdNumber: maskIdCard(found.agent_id_number),
      accountStatus: found.account_status,
      agency:
        agency === null
          ? null
          : { id: agency.id, name: agency.name, contactName: agency.contactName, contactPhone: agency.contactPhone },
    };
  }
}
