/**
 * 公示与公告: the province builds a batch from the filings its agencies passed, reviews the list, publishes it for
 * 10 working days (the batch is numbered 2025年第N批 then; its filings go passed → publicizing, and the enterprises
 * are told), and once the window has ended announces the enterprises without an open or upheld objection: each gets
 * the year's registration number (入库登记编号) from the numbering strategy, the filing goes → registered. The
 * public reads published batches and announcements, as pages, xlsx, PDF documents and open data — names, USCCs,
 * regions and agencies only, never personal data.
 *
 * Every change is one transaction with its audit record; each is guarded by the state it expects, so a second
 * publication or announcement at the same moment finds nothing to do (409).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, PublicityBatchStatus, PublicityOutcome } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import type { NotificationBatch, Notifier } from '../../platform/notifications/notifier.js';
import { intParam, pagingParams, type Query, textParam } from '../../platform/query.js';
import { staffScope } from '../../platform/scope.js';
import type { HolidayCalendar } from '../calendar/service.js';
import { findCampaign, lockCampaign } from '../campaigns/repository.js';
import { getRegion, getRegions } from '../regions/repository.js';
import { todayInChina } from '../regions/service.js';
import { defaultNumbering, type RegistrationNumbering } from './numbering.js';
import * as repo from './repository.js';
import { publicityWindow, type WindowPhase, windowPhase } from './window.js';

export const BATCH_NOT_FOUND = '未找到该公示批次，或不在您的管辖范围内';
export const ANNOUNCEMENT_NOT_FOUND = '未找到该入库公告';
/** The most filings one batch may hold (a list the province can still review). */
export const MAX_BATCH_SIZE = 20_000;

const STATUS_LABELS: Readonly<Record<PublicityBatchStatus, string>> = {
  draft: '草稿（未发布）',
  published: '已发布',
  discarded: '已作废',
};

const PHASE_LABELS: Readonly<Record<WindowPhase, string>> = {
  before: '尚未开始',
  open: '公示中',
  ended: '公示期满',
};

/** What the public reads about one entry: never whether someone objected, only where it stands. */
const PUBLIC_OUTCOME: Readonly<Record<PublicityOutcome, { during: string; after: string }>> = {
  pending: { during: '公示中', after: '待公告' },
  registered: { during: '已公告入库', after: '已公告入库' },
  withheld: { during: '不予入库', after: '不予入库' },
};

/** A province's name (河南省), or its code if the regions are not loaded. */
const provinceName = async (db: Kysely<Database> | Transaction<Database>, code: string) =>
  (await getRegion(db, code))?.name ?? code;

const notFound = (message: string) => new AppError(404, 'not_found', message);
const conflict = (message: string) => new AppError(409, 'conflict', message);

export const batchTitle = (b: { evaluation_year: number; batch_no: number | null }) =>
  b.batch_no === null ? `${b.evaluation_year}年度公示批次（草稿）` : `${b.evaluation_year}年第${b.batch_no}批`;

export const announcementTitle = (a: { evaluation_year: number; announcement_no: number }) =>
  `${a.evaluation_year}年第${a.announcement_no}号入库公告`;

/** A date as 2025年10月9日. */
export const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

function idList(value: unknown, path: string, problems: FieldProblem[]): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({ path, message: '参评企业：请至少选择一家（参评编号列表）' });
    return undefined;
  }
  if (value.length > MAX_BATCH_SIZE) {
    problems.push({ path, message: `参评企业：一次最多${MAX_BATCH_SIZE}家` });
    return undefined;
  }
  const ids: number[] = [];
  value.forEach((v, i) => {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) ids.push(v);
    else problems.push({ path: `${path}[${i}]`, message: '参评编号须为正整数' });
  });
  return [...new Set(ids)];
}

/** The non-empty `filingIds` of a body, or 400 naming the field. */
function requiredIdList(body: unknown): number[] {
  const problems: FieldProblem[] = [];
  const ids = idList(bodyOf(body).filingIds, 'filingIds', problems) ?? [];
  if (ids.length === 0 && problems.length === 0) {
    problems.push({ path: 'filingIds', message: '参评企业：请至少选择一家（参评编号列表）' });
  }
  if (problems.length > 0) throw invalidInput(problems);
  return ids;
}

const bodyOf = (body: unknown) =>
  (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;

export class PublicityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly calendar: HolidayCalendar,
    private readonly notifier: Notifier,
    private readonly clock: () => Date = () => new Date(),
    readonly numbering: RegistrationNumbering = defaultNumbering,
  ) {}

  today(): string {
    return todayInChina(this.clock());
  }

  // ── staff: scope ────────────────────────────────────────────────────────────────────────────────────────────

  /** The province (and year) a province or national administrator asks about. */
  #provinceYear(actor: Actor, raw: Record<string, unknown>, problems: FieldProblem[]) {
    // A JSON body may give numbers: read them as the query's text.
    const text = (v: unknown) => (typeof v === 'number' ? String(v) : v);
    const input = { year: text(raw.year), province: text(raw.province) };
    const year = intParam(input, 'year', '评价年度', problems, {
      min: 2017,
      max: 2100,
      fallback: Number(this.today().slice(0, 4)),
    });
    const asked = textParam(input, 'province', '省份', problems, 6);
    if (asked !== undefined && !/^\d{2}0000$/.test(asked)) {
      problems.push({ path: 'province', message: '省份：须为省级行政区划代码，如 410000' });
    }
    const scope = staffScope(actor);
    const province = asked ?? scope.provinceCodes[0];
    if (province === undefined) problems.push({ path: 'province', message: '省份：请指定省份（如 province=410000）' });
    if (problems.length > 0) throw invalidInput(problems);
    if (!scope.all && !scope.provinceCodes.includes(province as string)) {
      throw new AppError(403, 'forbidden', '无权办理其他省份的公示');
    }
    return { province: province as string, year };
  }

  async #batchInScope(db: Kysely<Database> | Transaction<Database>, actor: Actor, id: number, lock = false) {
    const batch = await repo.findBatch(db, id, { lock });
    const scope = staffScope(actor);
    if (batch === undefined || batch.status === 'discarded') throw notFound(BATCH_NOT_FOUND);
    if (!scope.all && !scope.provinceCodes.includes(batch.province_code)) throw notFound(BATCH_NOT_FOUND);
    return batch;
  }

  // ── staff: candidates and batches ───────────────────────────────────────────────────────────────────────────

  /** Passed filings of the province and year that are in no batch yet. */
  async candidates(actor: Actor, query: Query) {
    const problems: FieldProblem[] = [];
    const paging = pagingParams(query, problems, { defaultSize: 50, maxSize: 500 });
    const { province, year } = this.#provinceYear(actor, query, problems);
    const { rows, total } = await repo.candidates(this.db, province, year, {
      limit: paging.pageSize,
      offset: paging.offset,
    });
    return {
      province,
      evaluationYear: year,
      total,
      page: paging.page,
      pageSize: paging.pageSize,
      items: rows.map((r) => ({
        filingId: r.filing_id,
        enterprise: { id: r.enterprise_id, name: r.enterprise_name, uscc: r.uscc },
        regionCode: r.region_code,
        regionName: r.region_name,
        agency: { id: r.agency_id, name: r.agency_name },
        passedAt: new Date(r.passed_at).toISOString(),
        onSiteChecked: r.on_site_required,
      })),
    };
  }

  async listBatches(actor: Actor, query: Query) {
    const problems: FieldProblem[] = [];
    const paging = pagingParams(query, problems, { defaultSize: 20, maxSize: 100 });
    const { province, year } = this.#provinceYear(actor, query, problems);
    const { rows, total } = await repo.listBatches(
      this.db,
      { provinceCode: province, year, statuses: ['draft', 'published'] },
      { limit: paging.pageSize, offset: paging.offset },
    );
    const announcements = await repo.announcementsOfBatches(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      province,
      evaluationYear: year,
      total,
      page: paging.page,
      pageSize: paging.pageSize,
      items: rows.map((b) =>
        this.#batchSummary(
          b,
          announcements.filter((a) => a.batch_id === b.id),
        ),
      ),
    };
  }

  /** Build a draft batch: the listed passed filings, or (without `filingIds`) every candidate of the year. */
  async createBatch(actor: Actor, body: unknown) {
    const input = bodyOf(body);
    const problems: FieldProblem[] = [];
    const ids = idList(input.filingIds, 'filingIds', problems);
    const note = this.#note(input.note, problems);
    const { province, year } = this.#provinceYear(actor, input, problems);
    const campaign = await findCampaign(this.db, province, year);
    if (campaign === undefined) {
      throw invalidInput([{ path: 'year', message: `评价年度：${year}年度评价工作尚未设置，不能组织公示` }]);
    }
    const at = this.clock().toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      const wanted =
        ids ??
        (await repo.candidates(trx, province, year, { limit: MAX_BATCH_SIZE, offset: 0 })).rows.map((r) => r.filing_id);
      if (wanted.length === 0) throw conflict('没有可列入公示的参评企业（评价工作机构审核通过且未列入其他批次的）');
      const created = await repo.insertDraftBatch(trx, {
        campaignId: campaign.id,
        provinceCode: province,
        year,
        note,
        createdBy: actor.accountId,
        at,
        filingIds: wanted,
      });
      if (created.entries !== wanted.length) {
        throw conflict(await this.#notAddable(trx, province, year, wanted));
      }
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'publicity.createBatch',
        subject: `publicity_batch:${created.id}`,
        detail: { province, year, entries: created.entries },
      });
      return created.id;
    });
    return this.batch(actor, id, {});
  }

  /** Which of `ids` cannot go into a batch, and why (the message of a refused add). */
  async #notAddable(db: Transaction<Database>, province: string, year: number, ids: readonly number[]) {
    const addable = new Set(
      (await repo.candidates(db, province, year, { ids, limit: ids.length, offset: 0 })).rows.map((r) => r.filing_id),
    );
    const refused = ids.filter((id) => !addable.has(id));
    const shown = refused.slice(0, 10).join('、');
    return `参评编号 ${shown}${refused.length > 10 ? ` 等${refused.length}个` : ''} 不能列入公示：须为本省本年度评价工作机构审核通过、且未列入其他公示批次的参评`;
  }

  #note(value: unknown, problems: FieldProblem[]): string | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || [...value].length > 500) {
      problems.push({ path: 'note', message: '备注：最多500个字' });
      return null;
    }
    return value.trim() || null;
  }

  /** One batch as staff see it, with a page of its entries. */
  async batch(actor: Actor, id: number, query: Query) {
    const problems: FieldProblem[] = [];
    const paging = pagingParams(query, problems, { defaultSize: 50, maxSize: 500 });
    if (problems.length > 0) throw invalidInput(problems);
    const batch = await this.#batchInScope(this.db, actor, id);
    const [entries, announcements, counts] = await Promise.all([
      repo.batchEntries(this.db, id, { limit: paging.pageSize, offset: paging.offset }),
      repo.announcementsOfBatches(this.db, [id]),
      repo.batchCounts(this.db, id).then((c) => ({
        pending: c.pending,
        registered: c.registered,
        withheld: c.withheld,
        openObjections: c.open_objections,
        announceable: c.announceable,
        noLongerPassed: batch.status === 'draft' ? c.not_passed : 0,
      })),
    ]);
    const summary = this.#batchSummary(batch, announcements);
    const phase = summary.phase;
    const allowedActions: string[] = [];
    if (batch.status === 'draft') allowedActions.push('addEntries', 'removeEntries', 'discard');
    if (batch.status === 'draft' && batch.entry_count > 0) allowedActions.push('publish');
    if (batch.status === 'published' && phase === 'ended' && counts.announceable > 0) allowedActions.push('announce');
    return {
      ...summary,
      counts,
      allowedActions,
      page: paging.page,
      pageSize: paging.pageSize,
      entries: entries.map((e) => ({
        entryId: e.id,
        position: e.position,
        filingId: e.filing_id,
        enterprise: { id: e.enterprise_id, name: e.enterprise_name, uscc: e.uscc },
        regionCode: e.region_code,
        regionName: e.region_name,
        agency: { id: e.agency_id, name: e.agency_name },
        outcome: e.outcome,
        filingStatus: e.filing_status,
        openObjections: e.open_objections,
        upheldObjections: e.upheld_objections,
        registrationNo: e.registration_no,
      })),
    };
  }

  #batchSummary(b: repo.BatchRow, announcements: readonly repo.AnnouncementRow[]) {
    const phase: WindowPhase | 'draft' =
      b.status === 'published' && b.published_on !== null && b.ends_on !== null
        ? windowPhase(this.today(), b.published_on, b.ends_on)
        : 'draft';
    return {
      id: b.id,
      provinceCode: b.province_code,
      evaluationYear: b.evaluation_year,
      batchNo: b.batch_no,
      title: batchTitle(b),
      status: b.status,
      statusLabel: STATUS_LABELS[b.status],
      phase,
      phaseLabel: phase === 'draft' ? STATUS_LABELS.draft : PHASE_LABELS[phase],
      note: b.note,
      entryCount: b.entry_count,
      createdAt: new Date(b.created_at).toISOString(),
      publishedAt: b.published_at === null ? null : new Date(b.published_at).toISOString(),
      publishedOn: b.published_on,
      endsOn: b.ends_on,
      endsProvisional: b.ends_provisional,
      announcements: announcements.map((a) => this.#announcementSummary(a)),
    };
  }

  #announcementSummary(a: repo.AnnouncementRow) {
    return {
      id: a.id,
      announcementNo: a.announcement_no,
      title: announcementTitle(a),
      announcedOn: a.announced_on,
      registeredCount: a.registered_count,
    };
  }

  /** Add passed filings to a draft batch. */
  async addEntries(actor: Actor, id: number, body: unknown) {
    const ids = requiredIdList(body);
    await this.db.transaction().execute(async (trx) => {
      const batch = await this.#draft(trx, actor, id);
      if (batch.entry_count + ids.length > MAX_BATCH_SIZE) throw conflict(`一个公示批次最多${MAX_BATCH_SIZE}家企业`);
      const added = await repo.appendEntries(trx, id, batch.province_code, batch.evaluation_year, ids);
      if (added !== ids.length)
        throw conflict(await this.#notAddable(trx, batch.province_code, batch.evaluation_year, ids));
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'publicity.addEntries',
        subject: `publicity_batch:${id}`,
        detail: { filingIds: ids },
      });
    });
    return this.batch(actor, id, {});
  }

  /** Take filings out of a draft batch (they become candidates again). */
  async removeEntries(actor: Actor, id: number, body: unknown) {
    const ids = requiredIdList(body);
    await this.db.transaction().execute(async (trx) => {
      await this.#draft(trx, actor, id);
      const removed = await repo.removeEntries(trx, id, ids);
      if (removed !== ids.length) throw conflict('所选企业中有不在本批次名单中的，请刷新后重试');
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'publicity.removeEntries',
        subject: `publicity_batch:${id}`,
        detail: { filingIds: ids },
      });
    });
    return this.batch(actor, id, {});
  }

  async #draft(trx: Transaction<Database>, actor: Actor, id: number) {
    const batch = await this.#batchInScope(trx, actor, id, true);
    if (batch.status !== 'draft') throw conflict('该批次已发布，名单不能再修改');
    return batch;
  }

  /** Discard a draft batch: its filings go back to the candidates. */
  async discard(actor: Actor, id: number) {
    await this.db.transaction().execute(async (trx) => {
      const batch = await this.#draft(trx, actor, id);
      if (!(await repo.discardBatch(trx, id, this.clock().toISOString()))) throw conflict('该批次已发布，不能作废');
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'publicity.discard',
        subject: `publicity_batch:${id}`,
        detail: { entries: batch.entry_count },
      });
    });
    return { id, status: 'discarded' as const, statusLabel: STATUS_LABELS.discarded };
  }

  /**
   * Publish: today is the publication day; the window ends 10 working days later on the holiday calendar. Refused
   * when a listed filing is no longer passed (sent back to its agency since): remove it first.
   */
  async publish(actor: Actor, id: number) {
    const now = this.clock();
    const at = now.toISOString();
    const publishedOn = todayInChina(now);
    const window = publicityWindow(publishedOn, await this.calendar.table());
    const batch = this.notifier.batch();
    await this.db.transaction().execute(async (trx) => {
      const draft = await this.#draft(trx, actor, id);
      if (draft.entry_count === 0) throw conflict('公示名单为空，不能发布');
      // One publication of a province's year at a time: the batch numbers follow one another.
      await lockCampaign(trx, draft.campaign_id);
      const stale = await repo.entriesNoLongerPassed(trx, id);
      if (stale.length > 0) {
        const names = stale.slice(0, 5).map((s) => s.enterprise_name);
        throw conflict(
          `名单中${names.join('、')}${stale.length > 5 ? `等${stale.length}家企业` : ''}已不是“审核通过”状态（已退回评价工作机构重新审核），请先移出名单`,
        );
      }
      const published = await repo.publishBatch(trx, {
        batchId: id,
        provinceCode: draft.province_code,
        year: draft.evaluation_year,
        publishedBy: actor.accountId,
        at,
        publishedOn,
        endsOn: window.endsOn,
        provisional: window.provisional,
      });
      if (published === undefined) throw conflict('该批次已发布');
      if (published.filings.length !== draft.entry_count) {
        throw conflict('名单中有企业的状态已变化，请刷新后重试');
      }
      const province = await provinceName(trx, draft.province_code);
      const title = `${province}${draft.evaluation_year}年第${published.batchNo}批`;
      await this.#notifyAll(trx, batch, published.filings, () => ({
        title: '已列入入库公示名单',
        body: `贵企业已列入${title}拟入库科技型中小企业名单，公示期为${chineseDate(publishedOn)}至${chineseDate(window.endsOn)}（10个工作日）。公示期满无异议的，将公告入库并赋予入库登记编号。`,
      }));
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'publicity.publish',
        subject: `publicity_batch:${id}`,
        detail: {
          batchNo: published.batchNo,
          entries: published.filings.length,
          publishedOn,
          endsOn: window.endsOn,
          provisional: window.provisional,
        },
      });
    });
    await batch.send();
    return this.batch(actor, id, {});
  }

  /**
   * Announce a published batch whose window has ended: every pending entry with no objection open or upheld is
   * registered with the next numbers of its province and year. Entries whose objections are still being verified
   * stay pending and can be announced by a later announcement of the same batch.
   */
  async announce(actor: Actor, id: number) {
    const now = this.clock();
    const at = now.toISOString();
    const today = todayInChina(now);
    const notifications = this.notifier.batch();
    const result = await this.db.transaction().execute(async (trx) => {
      const b = await this.#batchInScope(trx, actor, id, true);
      if (b.status !== 'published' || b.ends_on === null) throw conflict('该批次尚未发布，不能公告');
      if (today <= b.ends_on) {
        throw conflict(`公示期至${chineseDate(b.ends_on)}，公示期满后（${chineseDate(b.ends_on)}之后）方可公告入库`);
      }
      const entries = await repo.announceableEntries(trx, id);
      if (entries.length === 0) throw conflict('本批次没有可公告的企业（均已公告、不予入库，或异议尚在核实中）');
      // The numbers: a range of the province's sequence, locked to the commit (concurrent announcements queue here).
      const first = await repo.reserveSequence(trx, b.province_code, b.evaluation_year, entries.length);
      const registrations = entries.map((e, i) => {
        const seq = first + i;
        return {
          filingId: e.filing_id,
          seq,
          registrationNo: this.numbering.format({
            provinceCode: b.province_code,
            evaluationYear: b.evaluation_year,
            seq,
          }),
        };
      });
      const announced = await repo.announce(trx, {
        batchId: id,
        provinceCode: b.province_code,
        year: b.evaluation_year,
        announcedBy: actor.accountId,
        at,
        announcedOn: today,
        registrations,
      });
      // Another announcement of this batch got there first: nothing of this one is kept.
      if (announced.registered.length === 0) throw conflict('本批次已由他人公告，请刷新后查看');
      const province = await provinceName(trx, b.province_code);
      const title = `${province}${announcementTitle({ evaluation_year: b.evaluation_year, announcement_no: announced.announcementNo })}`;
      const numbers = new Map(announced.registered.map((r) => [r.filingId, r.registrationNo]));
      await this.#notifyAll(
        trx,
        notifications,
        announced.registered.map((r) => ({ id: r.filingId, enterpriseId: r.enterpriseId })),
        (filingId) => ({
          title: '已公告入库',
          body: `贵企业已列入${title}，入库登记编号：${numbers.get(filingId)}。可在“参评填报”页面下载入库登记证明，或在“入库查询”中查询。`,
        }),
      );
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'publicity.announce',
        subject: `announcement:${announced.announcementId}`,
        detail: {
          batchId: id,
          announcementNo: announced.announcementNo,
          registered: announced.registered.length,
          firstNumber: announced.registered[0]?.registrationNo,
          lastNumber: announced.registered.at(-1)?.registrationNo,
          numbering: this.numbering.description,
        },
      });
      return announced;
    });
    await notifications.send();
    return {
      announcementId: result.announcementId,
      announcementNo: result.announcementNo,
      registeredCount: result.registered.length,
      batch: await this.batch(actor, id, {}),
    };
  }

  /**
   * Tell each filing's enterprise (the legal person and live agents: in-app and SMS; the submitted contact e-mail
   * once): messages and the development outbox's copies in a few set-based inserts, real gateways after the commit.
   */
  async #notifyAll(
    trx: Transaction<Database>,
    batch: NotificationBatch,
    filings: readonly { id: number; enterpriseId: number }[],
    message: (filingId: number) => { title: string; body: string },
  ): Promise<void> {
    const CHUNK = 2000;
    for (let i = 0; i < filings.length; i += CHUNK) {
      const ids = filings.slice(i, i + CHUNK).map((f) => f.id);
      const recipients = await repo.recipientsOf(trx, ids);
      if (recipients.length === 0) continue;
      const messages = recipients.map((r) => ({
        account_id: r.account_id,
        category: 'filing',
        link: '/filing',
        ...message(r.filing_id),
      }));
      await trx.insertInto('message').values(messages).execute();
      const outbox = recipients.flatMap((r) =>
        batch.outboxRows([{ channels: { sms: r.phone, email: r.contact_email } }], {
          category: 'filing',
          link: '/filing',
          ...message(r.filing_id),
        }),
      );
      if (outbox.length > 0) await trx.insertInto('outbox_message').values(outbox).execute();
    }
  }

  // ── public ──────────────────────────────────────────────────────────────────────────────────────────────────

  #publicFilter(query: Query, problems: FieldProblem[]) {
    const province = textParam(query, 'province', '省份', problems, 6);
    if (province !== undefined && !/^\d{2}0000$/.test(province)) {
      problems.push({ path: 'province', message: '省份：须为省级行政区划代码，如 410000' });
    }
    const year =
      query.year === undefined || query.year === ''
        ? undefined
        : intParam(query, 'year', '评价年度', problems, { min: 2017, max: 2100, fallback: 0 });
    return { provinceCode: province, year };
  }

  /** Published batches, newest first (by province and year if asked). */
  async publicBatches(query: Query) {
    const problems: FieldProblem[] = [];
    const paging = pagingParams(query, problems, { defaultSize: 20, maxSize: 100 });
    const filter = this.#publicFilter(query, problems);
    if (problems.length > 0) throw invalidInput(problems);
    const { rows, total } = await repo.listBatches(
      this.db,
      { ...filter, statuses: ['published'] },
      { limit: paging.pageSize, offset: paging.offset },
    );
    const [announcements, provinces] = await Promise.all([
      repo.announcementsOfBatches(
        this.db,
        rows.map((r) => r.id),
      ),
      this.#provinceNames(rows.map((r) => r.province_code)),
    ]);
    return {
      total,
      page: paging.page,
      pageSize: paging.pageSize,
      items: rows.map((b) =>
        this.#publicSummary(
          b,
          provinces.get(b.province_code) ?? b.province_code,
          announcements.filter((a) => a.batch_id === b.id),
        ),
      ),
    };
  }

  async #provinceNames(codes: readonly string[]) {
    const names = new Map(codes.map((code) => [code, code]));
    for (const r of await getRegions(this.db, [...names.keys()])) names.set(r.code, r.name);
    return names;
  }

  #publicSummary(b: repo.BatchRow, provinceName: string, announcements: readonly repo.AnnouncementRow[]) {
    const phase = windowPhase(this.today(), b.published_on as string, b.ends_on as string);
    return {
      id: b.id,
      provinceCode: b.province_code,
      provinceName,
      evaluationYear: b.evaluation_year,
      batchNo: b.batch_no as number,
      title: `${provinceName}${batchTitle(b)}拟入库科技型中小企业名单公示`,
      publishedOn: b.published_on as string,
      endsOn: b.ends_on as string,
      endsProvisional: b.ends_provisional,
      phase,
      phaseLabel: PHASE_LABELS[phase],
      objectionsOpen: phase === 'open',
      entryCount: b.entry_count,
      announcements: announcements.map((a) => ({
        ...this.#announcementSummary(a),
        title: `${provinceName}${announcementTitle(a)}`,
      })),
    };
  }

  async #publishedBatch(id: number) {
    const b = await repo.findBatch(this.db, id);
    if (b === undefined || b.status !== 'published') throw notFound('未找到该公示批次');
    return b;
  }

  /** One published batch with a page of its list (public fields only). */
  async publicBatch(id: number, query: Query) {
    const problems: FieldProblem[] = [];
    const paging = pagingParams(query, problems, { defaultSize: 50, maxSize: 500 });
    if (problems.length > 0) throw invalidInput(problems);
    const b = await this.#publishedBatch(id);
    const [entries, announcements, province] = await Promise.all([
      repo.batchEntries(this.db, id, { limit: paging.pageSize, offset: paging.offset }),
      repo.announcementsOfBatches(this.db, [id]),
      provinceName(this.db, b.province_code),
    ]);
    const summary = this.#publicSummary(b, province, announcements);
    return {
      ...summary,
      page: paging.page,
      pageSize: paging.pageSize,
      entries: entries.map((e) => this.#publicEntry(e, summary.phase)),
    };
  }

  #publicEntry(e: repo.EntryRow, phase: WindowPhase) {
    const labels = PUBLIC_OUTCOME[e.outcome];
    return {
      entryId: e.id,
      position: e.position,
      enterpriseName: e.enterprise_name,
      uscc: e.uscc,
      regionName: e.region_name,
      agencyName: e.agency_name,
      outcome: e.outcome,
      outcomeLabel: phase === 'ended' ? labels.after : labels.during,
      registrationNo: e.outcome === 'registered' ? e.registration_no : null,
    };
  }

  /** Everything a publicity document or list export shows. */
  async publicBatchDocument(id: number) {
    const b = await this.#publishedBatch(id);
    const summary = this.#publicSummary(b, await provinceName(this.db, b.province_code), []);
    const entries = (await repo.batchEntries(this.db, id)).map((e) => this.#publicEntry(e, summary.phase));
    return { ...summary, entries };
  }

  async publicAnnouncements(query: Query) {
    const problems: FieldProblem[] = [];
    const paging = pagingParams(query, problems, { defaultSize: 20, maxSize: 100 });
    const filter = this.#publicFilter(query, problems);
    if (problems.length > 0) throw invalidInput(problems);
    const { rows, total } = await repo.listAnnouncements(this.db, filter, {
      limit: paging.pageSize,
      offset: paging.offset,
    });
    const provinces = await this.#provinceNames(rows.map((r) => r.province_code));
    return {
      total,
      page: paging.page,
      pageSize: paging.pageSize,
      items: rows.map((a) => this.#publicAnnouncementSummary(a, provinces.get(a.province_code) ?? a.province_code)),
    };
  }

  #publicAnnouncementSummary(a: repo.AnnouncementRow, provinceName: string) {
    return {
      id: a.id,
      provinceCode: a.province_code,
      provinceName,
      evaluationYear: a.evaluation_year,
      announcementNo: a.announcement_no,
      title: `${provinceName}${announcementTitle(a)}`,
      announcedOn: a.announced_on,
      registeredCount: a.registered_count,
      batch: {
        id: a.batch_id,
        batchNo: a.batch_no,
        title: `${provinceName}${batchTitle({ evaluation_year: a.evaluation_year, batch_no: a.batch_no })}`,
      },
    };
  }

  /** One announcement with every registration it issued (public fields only). */
  async publicAnnouncement(id: number) {
    const a = await repo.findAnnouncement(this.db, id);
    if (a === undefined) throw notFound(ANNOUNCEMENT_NOT_FOUND);
    const [province, registrations] = await Promise.all([
      provinceName(this.db, a.province_code),
      repo.announcementRegistrations(this.db, id),
    ]);
    return {
      ...this.#publicAnnouncementSummary(a, province),
      registrations: registrations.map((r, i) => ({
        position: i + 1,
        registrationNo: r.registration_no,
        enterpriseName: r.enterprise_name,
        uscc: r.uscc,
        regionName: r.region_name ?? r.region_code,
        agencyName: r.agency_name,
        status: r.status,
        statusLabel: r.status === 'valid' ? '有效' : '已撤销',
      })),
    };
  }

  // ── open data ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Every published batch of a province and year with its list (open data). */
  async openBatches(query: Query) {
    const { province, year } = this.#openDataFilter(query);
    const { rows } = await repo.listBatches(
      this.db,
      { provinceCode: province, year, statuses: ['published'] },
      { limit: 10_000, offset: 0 },
    );
    const out = [];
    for (const b of rows.sort((x, y) => (x.batch_no ?? 0) - (y.batch_no ?? 0)))
      out.push(await this.publicBatchDocument(b.id));
    return { province, evaluationYear: year, batches: out };
  }

  /** Every announcement of a province and year with its registrations (open data). */
  async openAnnouncements(query: Query) {
    const { province, year } = this.#openDataFilter(query);
    const { rows } = await repo.listAnnouncements(
      this.db,
      { provinceCode: province, year },
      { limit: 10_000, offset: 0 },
    );
    const out = [];
    for (const a of rows.sort((x, y) => x.announcement_no - y.announcement_no))
      out.push(await this.publicAnnouncement(a.id));
    return { province, evaluationYear: year, announcements: out };
  }

  #openDataFilter(query: Query) {
    const problems: FieldProblem[] = [];
    const filter = this.#publicFilter(query, problems);
    if (filter.provinceCode === undefined && problems.length === 0) {
      problems.push({ path: 'province', message: '省份：请指定省份（如 province=410000）' });
    }
    if (filter.year === undefined && problems.length === 0) {
      problems.push({ path: 'year', message: '评价年度：请指定年度（如 year=2025）' });
    }
    if (problems.length > 0) throw invalidInput(problems);
    return { province: filter.provinceCode as string, year: filter.year as number };
  }
}
