/**
 * 入库查询 (the public registry look-up), open data of registrations, and the enterprise's 入库登记证明.
 *
 * Everything here is public except the proof, which only the filing's enterprise (or its agent) may download. The
 * public views are built from a fixed list of fields (`publicView`): the registration as announced, the current
 * name when it changed, the region, the announcement and the status — never a person's data.
 */
import type { Kysely } from 'kysely';
import type { Database, RegistrationStatus } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { intParam, pagingParams, type Query, textParam } from '../../platform/query.js';
import { requireStanding } from '../filings/standing.js';
import * as repo from './repository.js';

export const STATUS_LABELS: Record<RegistrationStatus, string> = { valid: '有效', revoked: '已撤销' };

export const MIN_YEAR = 2017;
export const MAX_YEAR = 2100;
/** Search results per page at most. */
export const MAX_PAGE_SIZE = 50;
/** A registration number as the look-up accepts it: opaque (research-notes §5), letters, digits and '-'. */
const NUMBER_PATTERN = /^[0-9A-Za-z-]{1,40}$/;

export interface RegistrationView {
  registrationNo: string;
  evaluationYear: number;
  provinceCode: string;
  provinceName: string;
  /** The name as announced. */
  enterpriseName: string;
  /** The enterprise's current name when it differs from the announced one (same USCC, same number); else null. */
  currentName: string | null;
  uscc: string;
  regionCode: string;
  regionName: string;
  status: RegistrationStatus;
  statusLabel: string;
  /** China date of the revocation, when revoked. */
  revokedOn: string | null;
  announcement: { id: number; title: string; announcedOn: string };
  /** The public page of this number (the proof's QR code points there). */
  url: string;
}

/** The date in China (UTC+8) of a timestamp. */
const chinaDate = (at: Date | string) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export const announcementTitle = (year: number, no: number) => `${year}年第${no}号入库公告`;

/** The public page of a registration number under the public base URL. */
export const lookupPageUrl = (publicBaseUrl: string, registrationNo: string) =>
  `${publicBaseUrl}/registry/${encodeURIComponent(registrationNo)}`;

/** The only way a registration leaves this module publicly: a fixed list of fields. */
export function publicView(row: repo.RegistrationRow, publicBaseUrl: string): RegistrationView {
  const regionName =
    row.region_name === null ? row.region_code : `${row.city_name ?? ''}${row.region_name}`.trim() || row.region_code;
  return {
    registrationNo: row.registration_no,
    evaluationYear: row.evaluation_year,
    provinceCode: row.province_code,
    provinceName: row.province_name ?? row.province_code,
    enterpriseName: row.enterprise_name,
    currentName: row.current_name !== row.enterprise_name ? row.current_name : null,
    uscc: row.uscc,
    regionCode: row.region_code,
    regionName,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    revokedOn: row.status === 'revoked' && row.revoked_at !== null ? chinaDate(row.revoked_at) : null,
    announcement: {
      id: Number(row.announcement_id),
      title: announcementTitle(row.evaluation_year, row.announcement_no),
      announcedOn: row.announced_on,
    },
    url: lookupPageUrl(publicBaseUrl, row.registration_no),
  };
}

/** What `q` is: a number or USCC (letters, digits, '-'), else part of a name (at least 2 characters). */
export function parseSearch(query: Query): { key: repo.SearchKey; page: number; pageSize: number; offset: number } {
  const problems: FieldProblem[] = [];
  const q = textParam(query, 'q', '查询内容', problems, 100);
  const paging = pagingParams(query, problems, { defaultSize: 20, maxSize: MAX_PAGE_SIZE });
  let key: repo.SearchKey | undefined;
  if (q === undefined) {
    if (problems.every((p) => p.path !== 'q')) {
      problems.push({ path: 'q', message: '查询内容：请输入入库登记编号、统一社会信用代码或企业名称（至少2个字）' });
    }
  } else if ([...q].length < 2) {
    problems.push({ path: 'q', message: '查询内容：至少输入2个字（企业名称可输入其中的一部分）' });
  } else if (/^[0-9A-Za-z-]+$/.test(q)) {
    key = { kind: 'code', registrationNo: q, uscc: q.toUpperCase() };
  } else {
    key = { kind: 'name', text: q };
  }
  if (problems.length > 0 || key === undefined) throw invalidInput(problems);
  return { key, ...paging };
}

export function parseOpenDataFilter(query: Query): repo.OpenDataFilter {
  const problems: FieldProblem[] = [];
  const province = textParam(query, 'province', '省份', problems, 6);
  if (province !== undefined && !/^\d{2}0000$/.test(province)) {
    problems.push({ path: 'province', message: '省份：须为省级行政区划代码（如 410000）' });
  }
  const year = intParam(query, 'year', '评价年度', problems, { min: MIN_YEAR, max: MAX_YEAR, fallback: 0 });
  if (year === 0 && problems.every((p) => p.path !== 'year')) {
    problems.push({ path: 'year', message: `评价年度：必须给出（${MIN_YEAR}–${MAX_YEAR}，如 year=2025）` });
  }
  if (problems.length > 0) throw invalidInput(problems);
  return { year, ...(province === undefined ? {} : { province }) };
}

/** The open-data columns: field, Chinese header (CSV) and meaning (OpenAPI). */
export const OPEN_DATA_FIELDS = [
  ['registrationNo', '入库登记编号', '入库登记编号（每个评价年度一个，企业更名而统一社会信用代码不变时编号不变）'],
  ['evaluationYear', '评价年度', '入库登记编号所属的评价年度'],
  ['provinceCode', '省份代码', '发布入库公告的省级行政区划代码'],
  ['provinceName', '省份', '发布入库公告的省份'],
  ['enterpriseName', '企业名称', '公告时的企业名称'],
  ['currentName', '现企业名称', '企业此后更名的，为现名称；未更名为空'],
  ['uscc', '统一社会信用代码', '企业的统一社会信用代码（18位）'],
  ['regionCode', '所在地区代码', '企业注册地的行政区划代码（GB/T 2260）'],
  ['regionName', '所在地区', '企业注册地（地市、区县）'],
  ['statusLabel', '状态', '有效；已撤销（被撤销入库登记编号）'],
  ['revokedOn', '撤销日期', '撤销入库登记编号的日期（北京时间），未撤销为空'],
  ['announcementTitle', '入库公告', '赋予编号的入库公告（如 2025年第1号入库公告）'],
  ['announcedOn', '公告日期', '入库公告的发布日期'],
] as const;

export type OpenDataRecord = Record<(typeof OPEN_DATA_FIELDS)[number][0], string | number | null>;

export function openDataRecord(view: RegistrationView): OpenDataRecord {
  return {
    registrationNo: view.registrationNo,
    evaluationYear: view.evaluationYear,
    provinceCode: view.provinceCode,
    provinceName: view.provinceName,
    enterpriseName: view.enterpriseName,
    currentName: view.currentName,
    uscc: view.uscc,
    regionCode: view.regionCode,
    regionName: view.regionName,
    statusLabel: view.statusLabel,
    revokedOn: view.revokedOn,
    announcementTitle: view.announcement.title,
    announcedOn: view.announcement.announcedOn,
  };
}

export interface ProofFacts {
  registration: RegistrationView;
  /** The facts as printed, for the PDF. */
  generatedAt: Date;
}

export const NOT_REGISTERED_MESSAGE = '该参评信息表尚未公告入库，入库公告发布并取得入库登记编号后才能下载入库登记证明';

export class RegistryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicBaseUrl: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** One number (404 when unknown). */
  async lookup(rawNo: unknown): Promise<RegistrationView> {
    const text = typeof rawNo === 'string' ? rawNo.trim() : '';
    if (!NUMBER_PATTERN.test(text)) {
      throw invalidInput([
        { path: 'registrationNo', message: '入库登记编号：只能包含字母、数字和“-”，不超过40个字符' },
      ]);
    }
    const row = await repo.findByNumber(this.db, text);
    if (!row) throw new AppError(404, 'not_found', `未查到入库登记编号“${text}”，请核对编号是否正确`);
    return publicView(row, this.publicBaseUrl);
  }

  async search(query: Query) {
    const { key, page, pageSize, offset } = parseSearch(query);
    const { rows, total, totalExact } = await repo.search(this.db, key, { limit: pageSize, offset });
    return {
      items: rows.map((r) => publicView(r, this.publicBaseUrl)),
      total,
      totalExact,
      page,
      pageSize,
      matchedBy: key.kind === 'code' ? 'code' : 'name',
    };
  }

  /** The filter and the views of every matching registration, read in batches (for streaming). */
  openData(query: Query): { filter: repo.OpenDataFilter; views: AsyncGenerator<RegistrationView> } {
    const filter = parseOpenDataFilter(query);
    const db = this.db;
    const base = this.publicBaseUrl;
    async function* views() {
      for await (const row of repo.openDataRows(db, filter)) yield publicView(row, base);
    }
    return { filter, views: views() };
  }

  /**
   * The 入库登记证明 of a filing, for its enterprise (or the agent acting for it): 404 outside it, 409 until the
   * filing is registered.
   */
  async proof(actor: Actor, rawId: unknown): Promise<ProofFacts> {
    const text = typeof rawId === 'string' ? rawId : '';
    if (!/^[1-9]\d{0,15}$/.test(text)) throw new AppError(404, 'not_found', '未找到该参评信息表');
    const found = await repo.filingWithRegistration(this.db, Number(text));
    const standing = requireStanding(
      actor,
      found && { enterpriseId: found.enterprise_id, agencyId: found.agency_id, provinceCode: found.province_code },
    );
    if (!standing.enterprise || !found)
      throw new AppError(404, 'not_found', '未找到该参评信息表，或不在您的管辖范围内');
    if (found.status !== 'registered' || found.registration === null) {
      throw new AppError(409, 'not_registered', NOT_REGISTERED_MESSAGE);
    }
    return { registration: publicView(found.registration, this.publicBaseUrl), generatedAt: this.clock() };
  }
}
