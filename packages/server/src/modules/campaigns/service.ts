/**
 * 年度评价工作 (campaigns): one province's evaluation work for one evaluation year — the filing window (China
 * dates, inclusive), the agencies' review time limit in working days, the date by which the province publicizes,
 * the cadence of publicity batches, and the on-site triggers the province adds to its rule set's. The rule set
 * follows the evaluation year; a province may add on-site triggers, never remove the rule set's. Province
 * administrators configure their province's campaigns, national administrators any. Once the window has opened,
 * a campaign keeps its province, year and opening date, and its close date and deadlines may only move later.
 */
import {
  ON_SITE_LABELS,
  type OnSiteTrigger,
  RULE_SETS,
  type RuleSet,
  type RuleSetId,
  ruleSetForYear,
} from '@kexiao/rules';
import type { Kysely, Transaction } from 'kysely';
import type { BatchCadence, Database } from '../../db/schema.js';
import { type Actor, auditActor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { staffScope } from '../../platform/scope.js';
import { getRegion } from '../regions/repository.js';
import { todayInChina } from '../regions/service.js';
import {
  type CampaignRow,
  type CampaignValues,
  findCampaign,
  findOpenCampaign,
  getCampaign,
  insertCampaign,
  listCampaigns,
  lockCampaign,
  updateCampaignRow,
} from './repository.js';

export type { BatchCadence } from '../../db/schema.js';

export const CAMPAIGN_NOT_FOUND = '未找到该年度评价工作，或不在您的管辖范围内';
export const CAMPAIGN_EXISTS = '该省份该年度的评价工作已存在';

export const BATCH_CADENCE_LABELS: Readonly<Record<BatchCadence, string>> = {
  weekly: '每周',
  biweekly: '每两周',
  monthly: '每月',
  onDemand: '按需',
};

/** The agencies' review time limit when none is given (the 指引's 5 working days). */
export const DEFAULT_REVIEW_WORKING_DAYS = 5;
export const MIN_YEAR = 2017;
export const MAX_YEAR = 2100;
const NOTE_MAX = 500;

/** Every on-site trigger code the platform knows, in the contract's order. */
const KNOWN_TRIGGERS = Object.keys(ON_SITE_LABELS) as OnSiteTrigger[];

const LABELS = {
  provinceCode: '省份',
  evaluationYear: '评价年度',
  windowOpensOn: '填报开始日期',
  windowClosesOn: '填报截止日期',
  reviewWorkingDays: '审核时限（工作日）',
  publicityDeadline: '公示截止日期',
  batchCadence: '公示批次频率',
  extraOnSiteTriggers: '本省增加的实地核查情形',
  note: '备注',
} as const;
type Field = keyof typeof LABELS;

const problem = (path: string, text: string): FieldProblem => ({
  path,
  message: `${LABELS[path.split('.')[0] as Field] ?? path}：${text}`,
});

/** One on-site trigger of a campaign: the rule set's (国家规定) or added by the province (本省增加). */
export interface CampaignTrigger {
  code: OnSiteTrigger;
  label: string;
  source: 'ruleSet' | 'province';
}

/** A campaign as staff see it. */
export interface Campaign {
  id: number;
  provinceCode: string;
  provinceName: string;
  evaluationYear: number;
  ruleSetId: RuleSetId;
  ruleSetTitle: string;
  /** The rule set rests on secondary sources only (shown as 暂定). */
  ruleSetProvisional: boolean;
  /** First day of filing (inclusive, China date). */
  windowOpensOn: string;
  /** Last day of filing (inclusive, China date). */
  windowClosesOn: string;
  reviewWorkingDays: number;
  /** The date by which the province publicizes (≥ windowClosesOn). */
  publicityDeadline: string;
  batchCadence: BatchCadence;
  batchCadenceLabel: string;
  /** The codes the province added (never one of the rule set's). */
  extraOnSiteTriggers: OnSiteTrigger[];
  /** The effective triggers: the rule set's, then the province's. */
  onSiteTriggers: CampaignTrigger[];
  note: string | null;
  createdBy: number;
  createdAt: string;
  updatedAt: string;
}

/** What anyone may read of a campaign: the schedule and the rules, nothing about people. */
export type PublicCampaign = Omit<Campaign, 'id' | 'note' | 'createdBy' | 'createdAt' | 'updatedAt'>;

/** The body of a create or update. On update, a field left out keeps its value. */
export interface CampaignInput {
  /** Optional for a province administrator of exactly one province (its own). */
  provinceCode?: string;
  evaluationYear?: number;
  windowOpensOn?: string;
  windowClosesOn?: string;
  /** Default 5. */
  reviewWorkingDays?: number;
  publicityDeadline?: string;
  batchCadence?: BatchCadence;
  /** Default []. */
  extraOnSiteTriggers?: string[];
  note?: string | null;
}

export interface CampaignFilters {
  province?: string;
  year?: number;
}

// ── pure functions ──────────────────────────────────────────────────────────────────────────────────────────

const ruleSetById = (id: string): RuleSet | undefined => RULE_SETS.find((r) => r.id === id);

/** The rule set's on-site triggers, then the province's extra ones: what decides on-site checks in this campaign. */
export function effectiveOnSiteTriggers(campaign: {
  ruleSetId: string;
  extraOnSiteTriggers: readonly string[];
}): OnSiteTrigger[] {
  const national = ruleSetById(campaign.ruleSetId)?.onSiteTriggers ?? [];
  const extra = KNOWN_TRIGGERS.filter((t) => campaign.extraOnSiteTriggers.includes(t) && !national.includes(t));
  return [...national, ...extra];
}

/** Whether the day (YYYY-MM-DD, China) is inside the campaign's filing window, both ends included. */
export function windowContains(campaign: { windowOpensOn: string; windowClosesOn: string }, day: string): boolean {
  return campaign.windowOpensOn <= day && day <= campaign.windowClosesOn;
}

/** A calendar date 'YYYY-MM-DD' that exists (2025-02-29 does not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function toCampaign(row: CampaignRow): Campaign {
  const ruleSet = ruleSetById(row.rule_set_id) ?? ruleSetForYear(row.evaluation_year);
  const extra = KNOWN_TRIGGERS.filter((t) => row.extra_on_site_triggers.includes(t));
  const national = new Set<string>(ruleSet.onSiteTriggers);
  return {
    id: row.id,
    provinceCode: row.province_code,
    provinceName: row.province_name,
    evaluationYear: row.evaluation_year,
    ruleSetId: ruleSet.id,
    ruleSetTitle: ruleSet.title,
    ruleSetProvisional: ruleSet.provisional,
    windowOpensOn: row.window_opens_on,
    windowClosesOn: row.window_closes_on,
    reviewWorkingDays: row.review_working_days,
    publicityDeadline: row.publicity_deadline,
    batchCadence: row.batch_cadence,
    batchCadenceLabel: BATCH_CADENCE_LABELS[row.batch_cadence],
    extraOnSiteTriggers: extra,
    onSiteTriggers: effectiveOnSiteTriggers({ ruleSetId: ruleSet.id, extraOnSiteTriggers: extra }).map((code) => ({
      code,
      label: ON_SITE_LABELS[code],
      source: national.has(code) ? 'ruleSet' : 'province',
    })),
    note: row.note,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function toPublicCampaign(campaign: Campaign): PublicCampaign {
  const { id: _id, note: _note, createdBy: _by, createdAt: _at, updatedAt: _up, ...open } = campaign;
  return open;
}

// ── reading a body ──────────────────────────────────────────────────────────────────────────────────────────

/** The values of a campaign being written; a field that failed its check is undefined. */
interface Draft {
  evaluationYear?: number;
  windowOpensOn?: string;
  windowClosesOn?: string;
  reviewWorkingDays?: number;
  publicityDeadline?: string;
  batchCadence?: BatchCadence;
  extraOnSiteTriggers?: string[];
  note?: string | null;
}

const objectOf = (body: unknown): Record<string, unknown> =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/**
 * The body's fields over `fallback` (create: the defaults; update: the current values), each checked for its
 * type and range on its own. Problems are pushed; the field is then left undefined.
 */
function readDraft(b: Record<string, unknown>, fallback: Draft, problems: FieldProblem[]): Draft {
  const given = (key: Field) => b[key] !== undefined;
  const draft: Draft = { ...fallback };

  if (given('evaluationYear')) {
    const y = b.evaluationYear;
    draft.evaluationYear =
      typeof y === 'number' && Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR ? y : undefined;
  }
  if (draft.evaluationYear === undefined) {
    problems.push(
      problem('evaluationYear', given('evaluationYear') ? `须为${MIN_YEAR}至${MAX_YEAR}之间的整数` : '不能为空'),
    );
  }

  for (const key of ['windowOpensOn', 'windowClosesOn', 'publicityDeadline'] as const) {
    if (given(key)) draft[key] = isIsoDate(b[key]) ? (b[key] as string) : undefined;
    if (draft[key] === undefined) {
      problems.push(problem(key, given(key) ? '须为有效日期，格式 YYYY-MM-DD' : '不能为空'));
    }
  }

  if (given('reviewWorkingDays')) {
    const d = b.reviewWorkingDays;
    draft.reviewWorkingDays = typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 30 ? d : undefined;
    if (draft.reviewWorkingDays === undefined) problems.push(problem('reviewWorkingDays', '须为1至30之间的整数'));
  }

  if (given('batchCadence')) {
    const c = b.batchCadence;
    draft.batchCadence =
      typeof c === 'string' && Object.hasOwn(BATCH_CADENCE_LABELS, c) ? (c as BatchCadence) : undefined;
  }
  if (draft.batchCadence === undefined) {
    problems.push(
      problem(
        'batchCadence',
        given('batchCadence') ? `须为${Object.values(BATCH_CADENCE_LABELS).join('、')}之一` : '请选择',
      ),
    );
  }

  if (given('extraOnSiteTriggers')) {
    const list = b.extraOnSiteTriggers;
    if (Array.isArray(list) && list.every((c) => typeof c === 'string')) draft.extraOnSiteTriggers = list;
    else {
      draft.extraOnSiteTriggers = undefined;
      problems.push(problem('extraOnSiteTriggers', '应为实地核查情形代码的列表'));
    }
  }

  if (given('note')) {
    const n = b.note;
    if (n === null || (typeof n === 'string' && n.trim() === '')) draft.note = null;
    else if (typeof n === 'string' && n.trim().length <= NOTE_MAX) draft.note = n.trim();
    else problems.push(problem('note', typeof n === 'string' ? `不能超过${NOTE_MAX}个字` : '应为文本'));
  }
  return draft;
}

/** The checks across fields: the window within the year and in order, the deadlines after it, the triggers. */
function checkDraft(draft: Draft, ruleSet: RuleSet | undefined, problems: FieldProblem[]): void {
  const { evaluationYear: year, windowOpensOn: opens, windowClosesOn: closes, publicityDeadline: publicity } = draft;
  if (year !== undefined) {
    for (const key of ['windowOpensOn', 'windowClosesOn'] as const) {
      const day = draft[key];
      if (day !== undefined && Number(day.slice(0, 4)) !== year) {
        problems.push(problem(key, `须在评价年度（${year}年）内`));
      }
    }
    if (publicity !== undefined && Number(publicity.slice(0, 4)) > year + 1) {
      problems.push(problem('publicityDeadline', `不能晚于${year + 1}年12月31日`));
    }
  }
  if (opens !== undefined && closes !== undefined && closes < opens) {
    problems.push(problem('windowClosesOn', `不能早于填报开始日期（${opens}）`));
  }
  if (closes !== undefined && publicity !== undefined && publicity < closes) {
    problems.push(problem('publicityDeadline', `不能早于填报截止日期（${closes}）`));
  }
  const extra = draft.extraOnSiteTriggers;
  if (extra !== undefined) {
    const seen = new Set<string>();
    extra.forEach((code, i) => {
      const path = `extraOnSiteTriggers.${i}`;
      if (!Object.hasOwn(ON_SITE_LABELS, code)) {
        problems.push(problem(path, `未知的实地核查情形代码“${code}”`));
        return;
      }
      const label = ON_SITE_LABELS[code as OnSiteTrigger];
      if (seen.has(code)) problems.push(problem(path, `“${label}”重复`));
      else if (ruleSet?.onSiteTriggers.includes(code as OnSiteTrigger)) {
        problems.push(problem(path, `“${label}”已是国家规定（${ruleSet.title}）的实地核查情形，无需增加`));
      }
      seen.add(code);
    });
  }
}

/**
 * The rule set's triggers cannot be removed, so the body cannot carry the whole list: only the province's
 * additions (extraOnSiteTriggers).
 */
function refuseTriggerList(b: Record<string, unknown>, problems: FieldProblem[]): void {
  if (b.onSiteTriggers === undefined) return;
  problems.push({
    path: 'onSiteTriggers',
    message:
      '实地核查情形：国家规定的实地核查情形随评价年度的规则确定，不能删减；本省增加的情形请填写“本省增加的实地核查情形”（extraOnSiteTriggers）',
  });
}

/** The draft, complete and checked, as the table's values. */
function valuesOf(provinceCode: string, draft: Required<Draft>, ruleSetId: string): CampaignValues {
  return {
    province_code: provinceCode,
    evaluation_year: draft.evaluationYear,
    rule_set_id: ruleSetId,
    window_opens_on: draft.windowOpensOn,
    window_closes_on: draft.windowClosesOn,
    review_working_days: draft.reviewWorkingDays,
    publicity_deadline: draft.publicityDeadline,
    batch_cadence: draft.batchCadence,
    extra_on_site_triggers: KNOWN_TRIGGERS.filter((t) => draft.extraOnSiteTriggers.includes(t)),
    note: draft.note,
  };
}

/** The values as the audit log records them (field names of the API). */
function auditView(v: CampaignValues): Record<string, unknown> {
  return {
    provinceCode: v.province_code,
    evaluationYear: v.evaluation_year,
    ruleSetId: v.rule_set_id,
    windowOpensOn: v.window_opens_on,
    windowClosesOn: v.window_closes_on,
    reviewWorkingDays: v.review_working_days,
    publicityDeadline: v.publicity_deadline,
    batchCadence: v.batch_cadence,
    extraOnSiteTriggers: v.extra_on_site_triggers,
    note: v.note,
  };
}

const valuesOfRow = (row: CampaignRow): CampaignValues => ({
  province_code: row.province_code,
  evaluation_year: row.evaluation_year,
  rule_set_id: row.rule_set_id,
  window_opens_on: row.window_opens_on,
  window_closes_on: row.window_closes_on,
  review_working_days: row.review_working_days,
  publicity_deadline: row.publicity_deadline,
  batch_cadence: row.batch_cadence,
  extra_on_site_triggers: KNOWN_TRIGGERS.filter((t) => row.extra_on_site_triggers.includes(t)),
  note: row.note,
});

function isDuplicate(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === '23505' && `${e.constraint ?? ''} ${e.message ?? ''}`.includes('campaign_province_year_uq');
}

const duplicate = () =>
  new AppError(409, 'conflict', CAMPAIGN_EXISTS, [{ path: 'evaluationYear', message: `评价年度：${CAMPAIGN_EXISTS}` }]);

const inScope = (actor: Actor, provinceCode: string) => {
  const scope = staffScope(actor);
  return scope.all || scope.provinceCodes.includes(provinceCode);
};

// ── for other modules ───────────────────────────────────────────────────────────────────────────────────────

/** The province's campaign of that evaluation year, or null (any db or transaction). */
export async function campaignFor(
  db: Kysely<Database> | Transaction<Database>,
  provinceCode: string,
  evaluationYear: number,
): Promise<Campaign | null> {
  const row = await findCampaign(db, provinceCode, evaluationYear);
  return row === undefined ? null : toCampaign(row);
}

/** The province's campaign whose filing window contains the day (YYYY-MM-DD, China), or null. */
export async function openCampaignOn(
  db: Kysely<Database> | Transaction<Database>,
  provinceCode: string,
  day: string,
): Promise<Campaign | null> {
  const row = await findOpenCampaign(db, provinceCode, day);
  return row === undefined ? null : toCampaign(row);
}

// ── the service ─────────────────────────────────────────────────────────────────────────────────────────────

export class CampaignService {
  constructor(
    private readonly db: Kysely<Database>,
    /** Today in China (YYYY-MM-DD); tests pass a fixed day. */
    private readonly today: () => string = () => todayInChina(),
  ) {}

  /** The campaign whose filing window contains `today` (default: today in China), or null. */
  openCampaignFor(provinceCode: string, today: string = this.today()): Promise<Campaign | null> {
    return openCampaignOn(this.db, provinceCode, today);
  }

  /** The province's campaign of the year, or null. */
  campaignFor(provinceCode: string, evaluationYear: number): Promise<Campaign | null> {
    return campaignFor(this.db, provinceCode, evaluationYear);
  }

  /**
   * A province code from a request: a problem when it is not a province's code; 403 when the province is
   * outside the actor's scope (as for agencies: creating for another province is refused, not hidden).
   */
  private async province(
    db: Kysely<Database> | Transaction<Database>,
    actor: Actor,
    raw: unknown,
    problems: FieldProblem[],
    verb: string,
  ): Promise<string | null> {
    if (raw === undefined || raw === null || raw === '') {
      const scope = staffScope(actor);
      if (!scope.all && scope.provinceCodes.length === 1) return scope.provinceCodes[0] as string;
      problems.push(problem('provinceCode', '请选择省份'));
      return null;
    }
    const code = typeof raw === 'string' ? raw.trim() : '';
    const region = /^\d{2}0000$/.test(code) ? await getRegion(db, code) : undefined;
    if (region === undefined || region.kind !== 'province') {
      problems.push(problem('provinceCode', `${typeof raw === 'string' ? raw : String(raw)} 不是省级行政区划代码`));
      return null;
    }
    if (!inScope(actor, code)) throw new AppError(403, 'forbidden', `无权${verb}${region.name}的年度评价工作`);
    return code;
  }

  /** Campaigns in the actor's scope (province administrators: their province; national: all), filtered. */
  async list(actor: Actor, filters: CampaignFilters = {}): Promise<Campaign[]> {
    const scope = staffScope(actor);
    let provinces: string[] | null = scope.all ? null : scope.provinceCodes;
    if (filters.province !== undefined) {
      const problems: FieldProblem[] = [];
      const code = await this.province(this.db, actor, filters.province, problems, '查看');
      if (problems.length > 0) {
        throw invalidInput(problems.map((p) => ({ path: 'province', message: p.message })));
      }
      provinces = [code as string];
    }
    const rows = await listCampaigns(this.db, { provinces, year: filters.year });
    return rows.map(toCampaign);
  }

  /** One campaign; unknown or outside the actor's scope → 404. */
  async get(actor: Actor, id: number): Promise<Campaign> {
    const row = Number.isSafeInteger(id) && id > 0 ? await getCampaign(this.db, id) : undefined;
    if (row === undefined || !inScope(actor, row.province_code)) {
      throw new AppError(404, 'not_found', CAMPAIGN_NOT_FOUND);
    }
    return toCampaign(row);
  }

  /** What anyone may read: the campaigns of a province and/or year (the schedule, no personal data). */
  async publicList(filters: CampaignFilters = {}): Promise<PublicCampaign[]> {
    const rows = await listCampaigns(this.db, {
      provinces: filters.province === undefined ? null : [filters.province],
      year: filters.year,
    });
    return rows.map((r) => toPublicCampaign(toCampaign(r)));
  }

  /**
   * Create the province's campaign for a year. Invalid → 400 naming each field; the year already set up → 409.
   * `recordedAs` names who the audit log records when that is not the actor's session (the demo seed).
   */
  async create(actor: Actor, body: CampaignInput | unknown, recordedAs?: string): Promise<Campaign> {
    const b = objectOf(body);
    const problems: FieldProblem[] = [];
    refuseTriggerList(b, problems);
    const provinceCode = await this.province(this.db, actor, b.provinceCode, problems, '设置');
    const draft = readDraft(
      b,
      { reviewWorkingDays: DEFAULT_REVIEW_WORKING_DAYS, extraOnSiteTriggers: [], note: null },
      problems,
    );
    const ruleSet = draft.evaluationYear === undefined ? undefined : ruleSetForYear(draft.evaluationYear);
    checkDraft(draft, ruleSet, problems);
    if (problems.length > 0 || provinceCode === null || ruleSet === undefined) throw invalidInput(problems);
    const values = valuesOf(provinceCode, draft as Required<Draft>, ruleSet.id);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const id = await insertCampaign(trx, values, actor.accountId);
        await writeAudit(trx, {
          ...(recordedAs === undefined ? auditActor(actor) : { actor: recordedAs }),
          action: 'campaign.create',
          subject: `campaign:${id}`,
          detail: auditView(values),
        });
        return toCampaign((await getCampaign(trx, id)) as CampaignRow);
      });
    } catch (error) {
      if (isDuplicate(error)) throw duplicate();
      throw error;
    }
  }

  /**
   * Change a campaign; fields left out keep their values. Outside the actor's scope → 404. Once the window has
   * opened, the province, year and opening day stay, and the close date, review time limit and publicity
   * deadline may only move later. Nothing changed → nothing written. The audit records before and after.
   */
  async update(actor: Actor, id: number, body: CampaignInput | unknown): Promise<Campaign> {
    const b = objectOf(body);
    const valid = Number.isSafeInteger(id) && id > 0;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = valid ? await lockCampaign(trx, id) : undefined;
        if (row === undefined || !inScope(actor, row.province_code)) {
          throw new AppError(404, 'not_found', CAMPAIGN_NOT_FOUND);
        }
        const before = valuesOfRow(row);
        const problems: FieldProblem[] = [];
        refuseTriggerList(b, problems);
        const provinceCode =
          b.provinceCode === undefined || b.provinceCode === before.province_code
            ? before.province_code
            : await this.province(trx, actor, b.provinceCode, problems, '设置');
        const draft = readDraft(
          b,
          {
            evaluationYear: before.evaluation_year,
            windowOpensOn: before.window_opens_on,
            windowClosesOn: before.window_closes_on,
            reviewWorkingDays: before.review_working_days,
            publicityDeadline: before.publicity_deadline,
            batchCadence: before.batch_cadence,
            extraOnSiteTriggers: before.extra_on_site_triggers,
            note: before.note,
          },
          problems,
        );
        const year = draft.evaluationYear;
        const ruleSetId =
          year === undefined
            ? undefined
            : year === before.evaluation_year
              ? before.rule_set_id
              : ruleSetForYear(year).id;
        const ruleSet =
          ruleSetId === undefined ? undefined : (ruleSetById(ruleSetId) ?? ruleSetForYear(year as number));
        checkDraft(draft, ruleSet, problems);
        const today = this.today();
        if (before.window_opens_on <= today) {
          const opened = `填报已于 ${before.window_opens_on} 开放`;
          if (provinceCode !== null && provinceCode !== before.province_code) {
            problems.push(problem('provinceCode', `${opened}，不能修改省份`));
          }
          if (year !== undefined && year !== before.evaluation_year) {
            problems.push(problem('evaluationYear', `${opened}，不能修改评价年度`));
          }
          if (draft.windowOpensOn !== undefined && draft.windowOpensOn !== before.window_opens_on) {
            problems.push(problem('windowOpensOn', `${opened}，不能修改`));
          }
          if (draft.windowClosesOn !== undefined && draft.windowClosesOn < before.window_closes_on) {
            problems.push(problem('windowClosesOn', `${opened}，只能延后，不能早于原定的 ${before.window_closes_on}`));
          }
          if (draft.publicityDeadline !== undefined && draft.publicityDeadline < before.publicity_deadline) {
            problems.push(
              problem('publicityDeadline', `${opened}，只能延后，不能早于原定的 ${before.publicity_deadline}`),
            );
          }
          if (draft.reviewWorkingDays !== undefined && draft.reviewWorkingDays < before.review_working_days) {
            problems.push(
              problem(
                'reviewWorkingDays',
                `${opened}，只能延长，不能少于原定的 ${before.review_working_days} 个工作日`,
              ),
            );
          }
        }
        if (problems.length > 0 || provinceCode === null || ruleSetId === undefined) throw invalidInput(problems);

        const after = valuesOf(provinceCode, draft as Required<Draft>, ruleSetId);
        const beforeView = auditView(before);
        const afterView = auditView(after);
        const changed = Object.keys(afterView).filter(
          (k) => JSON.stringify(beforeView[k]) !== JSON.stringify(afterView[k]),
        );
        if (changed.length === 0) return toCampaign(row);
        await updateCampaignRow(trx, id, after);
        await writeAudit(trx, {
          ...auditActor(actor),
          action: 'campaign.update',
          subject: `campaign:${id}`,
          detail: {
            provinceCode: before.province_code,
            evaluationYear: before.evaluation_year,
            before: Object.fromEntries(changed.map((k) => [k, beforeView[k]])),
            after: Object.fromEntries(changed.map((k) => [k, afterView[k]])),
          },
        });
        return toCampaign((await getCampaign(trx, id)) as CampaignRow);
      });
    } catch (error) {
      if (isDuplicate(error)) throw duplicate();
      throw error;
    }
  }
}
