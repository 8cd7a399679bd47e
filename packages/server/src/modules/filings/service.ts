/**
 * The enterprise's filing (参评): start it in the province's open campaign, autosave the 信息表 draft (a save
 * naming an older version is refused, so two tabs never overwrite each other silently), upload evidence, print
 * the generated PDF, sign the commitment and submit — refused, with every reason, when the self-assessment is not
 * eligible, evidence or the sealed first page is missing, the window is closed, or the enterprise is barred —
 * and withdraw before the review starts. Every submitted version is kept; each (re)submission opens a review
 * round with its own 5-working-day deadline.
 */
import {
  type AssessmentResult,
  addWorkingDays,
  assess,
  computeWarnings,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  type EvidenceKind,
  firingOnSiteTriggers,
  type InfoSheet,
  ipCounts,
  ON_SITE_LABELS,
  prefillBasicInfo,
  toAssessmentInput,
  validateInfoSheet,
  checkInfoSheetDraft,
} from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database, FilingStatus } from '../../db/schema.js';
import { type Actor, auditActor } from '../../platform/access.js';
import { auditRow, writeAudit } from '../../platform/audit.js';
import { BatchLoader } from '../../platform/batch-loader.js';
import { GroupCommit } from '../../platform/group-commit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { type FileStore, loadFile, storeFile } from '../../platform/files.js';
import type { Notifier } from '../../platform/notifications/notifier.js';
import type { FileFieldSpec, MultipartForm } from '../../platform/uploads.js';
import type { AgencyService } from '../agencies/service.js';
import type { HolidayCalendar } from '../calendar/service.js';
import { todayInChina } from '../regions/service.js';
import { ACTIONS, allowedActions, type FilingAction, type Standing, STATES, versionOutcome } from './lifecycle.js';
import {
  type CampaignRow as Campaign,
  findOpenCampaign,
  latestCampaign,
  normalise as normaliseCampaign,
} from '../campaigns/repository.js';
import { effectiveOnSiteTriggers } from '../campaigns/service.js';
import * as repo from './repository.js';
import { requireStanding } from './standing.js';

/** Evidence uploads: PDF or images, content sniffed, 10 MB each; at most 60 live files per filing. */
export const EVIDENCE_FILE: FileFieldSpec = {
  label: '证明材料',
  kinds: ['pdf', 'jpeg', 'png'],
  maxBytes: 10 * 1024 * 1024,
  required: true,
};
export const MAX_EVIDENCE_FILES = 60;
/** A draft larger than this is refused (a whole 信息表 with 500 IP rows is far smaller). */
export const MAX_DRAFT_BYTES = 512 * 1024;

export const COMMITMENT_TEXT =
  '本企业郑重承诺：所填报的《科技型中小企业信息表》及上传的证明材料真实、准确、完整，不存在弄虚作假行为；' +
  '如有虚假，愿承担取消评价资格、撤销入库登记编号、列入诚信记录等相应责任。';

export interface SubmitBlocker {
  code:
    | 'not_editable'
    | 'outside_window'
    | 'revoked_this_year'
    | 'barred_for_fraud'
    | 'sheet_incomplete'
    | 'not_eligible'
    | 'first_page_missing'
    | 'evidence_missing';
  message: string;
  fields?: FieldProblem[];
}

/** The evidence the sheet calls for: the sealed first page and statements always, certificates for claims. */
export function requiredEvidence(sheet: InfoSheet | null): EvidenceKind[] {
  const kinds: EvidenceKind[] = ['sealedFirstPage', 'financialStatements'];
  if (sheet === null) return kinds;
  const ip = ipCounts(sheet.intellectualProperty);
  if (ip.classI + ip.classII > 0) kinds.push('ipCertificate');
  if (sheet.fastTrack.highTechCertificateValid) kinds.push('highTechCertificate');
  if (sheet.fastTrack.nationalAwardRank !== null) kinds.push('awardCertificate');
  if (sheet.fastTrack.provincialRdInstitution) kinds.push('rdInstitutionCertificate');
  if (sheet.fastTrack.standardDraftingRank !== null) kinds.push('standardDocument');
  return kinds;
}

/** The campaign's on-site triggers: the rule set's, plus those the province added. */
const campaignTriggers = (c: Campaign) =>
  effectiveOnSiteTriggers({ ruleSetId: c.rule_set_id, extraOnSiteTriggers: c.extra_on_site_triggers });

function chinaDateText(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function staleDraft(): AppError {
  return new AppError(
    409,
    'stale_draft',
    '信息表在您确认提交后又被修改过（可能在其他窗口或设备上），请刷新页面核对后再提交',
  );
}

/** An instant as the API writes it (ISO, UTC), whether it arrived as a Date or as JSON text. */
function isoInstant(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** A review of the filing as its enterprise reads it (the agency, never the reviewer). */
function reviewView(r: {
  review_round: number;
  version_no: number;
  decision: repo.ContextReview['decision'];
  items: unknown;
  unmet_conditions: unknown;
  comment: string | null;
  decided_at: Date | string;
  agency_name: string;
}) {
  return {
    reviewRound: r.review_round,
    versionNo: r.version_no,
    decision: r.decision,
    items: r.items,
    unmetConditions: r.unmet_conditions,
    comment: r.comment,
    decidedAt: isoInstant(r.decided_at),
    agencyName: r.agency_name,
  };
}

function notFound(): AppError {
  return new AppError(404, 'not_found', '未找到该参评信息表，或不在您的管辖范围内');
}

function parseId(raw: unknown, what = '参评信息表'): number {
  const text = typeof raw === 'string' ? raw : '';
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new AppError(404, 'not_found', `未找到该${what}`);
  return Number(text);
}

export class FilingService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly calendar: HolidayCalendar,
    private readonly agencies: AgencyService,
    private readonly files: FileStore,
    private readonly notifier: Notifier,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.submissions = new GroupCommit(db, repo.recordSubmissions);
    this.contexts = new BatchLoader((ids) => repo.filingContexts(db, ids, false));
    this.submissionContexts = new BatchLoader((ids) => repo.filingContexts(db, ids, true));
  }

  /** Filing contexts, read together with concurrent requests' (platform/batch-loader.ts). */
  private readonly contexts: BatchLoader<number, repo.FilingContext>;
  private readonly submissionContexts: BatchLoader<number, repo.FilingContext & repo.SubmissionExtras>;

  /** Submissions' writes, committed in groups under load (platform/group-commit.ts). */
  private readonly submissions: GroupCommit<repo.SubmissionRecord, { eventId: number } | undefined>;

  private enterpriseOf(actor: Actor) {
    if (actor.kind === 'staff' || actor.enterprise === null) {
      throw new AppError(
        403,
        'forbidden',
        actor.kind === 'person' ? '请先在“代办企业”中选择要代为办理的企业' : '仅企业法人账号或其代办人可以填报信息表',
      );
    }
    return actor.enterprise;
  }

  /** The enterprise's page: the campaign open now (if any), this year's filing and the earlier ones. */
  async overview(actor: Actor) {
    const enterprise = this.enterpriseOf(actor);
    const today = todayInChina(this.clock());
    const provinceCode = await repo.provinceOfRegion(this.db, enterprise.regionCode);
    const campaign = provinceCode === null ? undefined : await findOpenCampaign(this.db, provinceCode, today);
    const latest = provinceCode === null ? undefined : await latestCampaign(this.db, provinceCode);
    const filings = await repo.listFilings(this.db, enterprise.id);
    const current = campaign ? filings.find((f) => f.evaluation_year === campaign.evaluation_year) : undefined;
    return {
      today,
      campaign: campaign ? this.campaignView(campaign) : null,
      nextCampaign: !campaign && latest && latest.window_opens_on > today ? this.campaignView(latest) : null,
      canStart: campaign !== undefined && current === undefined,
      currentFilingId: current?.id ?? null,
      filings: filings.map((f) => ({
        id: f.id,
        evaluationYear: f.evaluation_year,
        status: f.status,
        statusLabel: STATES[f.status].enterpriseLabel,
        versionNo: f.version_no,
        submittedAt: f.submitted_at,
      })),
    };
  }

  private campaignView(c: Campaign) {
    return {
      id: c.id,
      provinceCode: c.province_code,
      evaluationYear: c.evaluation_year,
      ruleSetId: c.rule_set_id,
      windowOpensOn: c.window_opens_on,
      windowClosesOn: c.window_closes_on,
      reviewWorkingDays: c.review_working_days,
      onSiteTriggers: campaignTriggers(c).map((code) => ({ code, label: ON_SITE_LABELS[code] })),
    };
  }

  /** Start this year's filing in the open campaign, the basic information pre-filled from the registration. */
  async start(actor: Actor) {
    const enterprise = this.enterpriseOf(actor);
    const now = this.clock();
    const today = todayInChina(now);
    const provinceCode = await repo.provinceOfRegion(this.db, enterprise.regionCode);
    const campaign = provinceCode === null ? undefined : await findOpenCampaign(this.db, provinceCode, today);
    if (!campaign || provinceCode === null) {
      throw new AppError(409, 'outside_window', '本省当前不在科技型中小企业评价填报时间内，暂不能开始填报');
    }
    const bars = await repo.barringRecords(this.db, enterprise.id, campaign.evaluation_year);
    if (bars.length > 0)
      throw new AppError(
        409,
        bars[0]!.kind === 'revocation' ? 'revoked_this_year' : 'barred_for_fraud',
        this.barMessage(bars[0]!),
      );
    const row = await repo.findEnterprise(this.db, enterprise.id);
    if (!row) throw notFound();
    const draft = {
      basic: prefillBasicInfo({
        name: row.name,
        uscc: row.uscc,
        regionCode: row.region_code,
        legalRepName: row.legal_rep_name,
        agentName: row.agent_name,
        agentPhone: row.agent_phone,
      }),
      rdProjects: [],
      intellectualProperty: [],
    };
    const id = await this.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertFiling(trx, {
        enterpriseId: enterprise.id,
        campaignId: campaign.id,
        evaluationYear: campaign.evaluation_year,
        provinceCode,
        draft,
      });
      // Started already (another tab, or the agent and the legal person at once): the existing filing.
      if (!inserted) return (await repo.findFilingForYear(trx, enterprise.id, campaign.evaluation_year))!.id;
      await repo.insertEvent(trx, {
        filingId: inserted.id,
        action: 'start',
        from: null,
        to: 'draft',
        actorId: actor.accountId,
        onBehalfOf: actor.onBehalfOf ?? null,
        at: now,
      });
      await writeAudit(trx, {
        ...auditActor(actor),
        action: 'filing.start',
        subject: `filing:${inserted.id}`,
        detail: { enterprise: enterprise.uscc, evaluationYear: campaign.evaluation_year },
      });
      return inserted.id;
    });
    return this.view(actor, id);
  }

  private barMessage(bar: { kind: string; evaluation_year: number; barred_through_year: number }): string {
    return bar.kind === 'revocation'
      ? `本企业${bar.evaluation_year}年度入库登记编号已被撤销，当年不得再次申请评价`
      : `本企业因存在严重弄虚作假行为被取消评价资格，${bar.barred_through_year}年度及以前不得申请评价`;
  }

  private async load(actor: Actor, rawId: unknown) {
    const filing = await repo.findFiling(this.db, parseId(rawId));
    const standing = requireStanding(
      actor,
      filing && { enterpriseId: filing.enterprise_id, agencyId: filing.agency_id, provinceCode: filing.province_code },
    );
    return { filing: filing!, standing };
  }

  private async loadForEnterprise(actor: Actor, rawId: unknown) {
    const loaded = await this.load(actor, rawId);
    if (!loaded.standing.enterprise) throw notFound();
    return loaded;
  }

  /**
   * Why submission would be refused now — every reason, so the page can show them all — from the filing's
   * context (`repo.filingContext`); the submission re-checks on write that the filing is still what was read.
   */
  private blockers(ctx: repo.FilingContext, campaign: Campaign, now: Date) {
    const blockers: SubmitBlocker[] = [];
    if (!ACTIONS.submit.from.includes(ctx.status)) {
      blockers.push({
        code: 'not_editable',
        message: `当前状态为“${STATES[ctx.status].enterpriseLabel}”，不能提交`,
      });
    }
    const today = todayInChina(now);
    if (today < campaign.window_opens_on || today > campaign.window_closes_on) {
      blockers.push({
        code: 'outside_window',
        message: `不在本省评价工作填报时间内（${chinaDateText(campaign.window_opens_on)}至${chinaDateText(campaign.window_closes_on)}）`,
      });
    }
    for (const bar of ctx.bars) {
      blockers.push({
        code: bar.kind === 'revocation' ? 'revoked_this_year' : 'barred_for_fraud',
        message: this.barMessage(bar),
      });
    }
    const checked = validateInfoSheet(ctx.draft, {
      evaluationYear: ctx.evaluation_year,
      registeredUscc: ctx.enterprise.uscc,
    });
    let sheet: InfoSheet | null = null;
    let assessment: AssessmentResult | null = null;
    const history = {
      firstTime: !ctx.applied_before,
      revokedWithin3Years: ctx.revoked_within_3_years,
      seriousViolationWithin3Years: ctx.fraud_within_3_years,
    };
    if (!checked.ok) {
      blockers.push({
        code: 'sheet_incomplete',
        message: `信息表尚有${checked.problems.length}处未填写或填写有误`,
        fields: checked.problems,
      });
    } else {
      sheet = checked.sheet;
      assessment = assess(toAssessmentInput(sheet, ctx.evaluation_year, history));
      if (!assessment.eligible) {
        blockers.push({
          code: 'not_eligible',
          message: `自评结果不符合科技型中小企业条件：${assessment.failures.map((f) => f.message).join('；')}`,
        });
      }
    }
    const present = new Set(ctx.evidence.map((e) => e.kind));
    if (!present.has('sealedFirstPage')) {
      blockers.push({
        code: 'first_page_missing',
        message: '尚未上传法定代表人签字并加盖公章的信息表首页（请先下载信息表PDF打印、签字盖章后扫描上传）',
      });
    }
    const missing = requiredEvidence(sheet).filter((k) => k !== 'sealedFirstPage' && !present.has(k));
    if (missing.length > 0) {
      blockers.push({
        code: 'evidence_missing',
        message: `缺少证明材料：${missing.map((k) => EVIDENCE_KIND_LABELS[k]).join('、')}`,
      });
    }
    return { blockers, sheet, assessment, history };
  }

  /** The filing's context for this actor (404 outside its scope); only its enterprise may use it here. */
  private async contextForEnterprise<S extends boolean>(actor: Actor, rawId: unknown, submission: S) {
    const id = parseId(String(rawId));
    const ctx = await (submission ? this.submissionContexts.load(id) : this.contexts.load(id));
    const standing = requireStanding(
      actor,
      ctx && { enterpriseId: ctx.enterprise_id, agencyId: ctx.agency_id, provinceCode: ctx.province_code },
    );
    if (!standing.enterprise || !ctx) throw notFound();
    const campaign = normaliseCampaign(ctx.campaign);
    if (!campaign) throw new Error(`campaign ${ctx.campaign_id} of a filing is missing`);
    return {
      ctx: ctx as S extends true ? repo.FilingContext & repo.SubmissionExtras : repo.FilingContext,
      standing,
      campaign,
    };
  }

  /** The filing as its enterprise sees it (staff use the review module's view). */
  async view(actor: Actor, rawId: unknown) {
    const { ctx, standing, campaign } = await this.contextForEnterprise(actor, rawId, false);
    return this.present(ctx, standing, campaign, this.clock());
  }

  /** The enterprise's view of a filing context (no reads: everything is in the context). */
  /** `knownSheet`: the draft already validated (by a submission), so it is not checked again. */
  private present(
    ctx: repo.FilingContext,
    standing: Standing,
    campaign: Campaign,
    now: Date,
    knownSheet: InfoSheet | null = null,
  ) {
    const actions = allowedActions(
      { status: ctx.status, agencyId: ctx.agency_id, provinceCode: ctx.province_code, claimedBy: ctx.claimed_by },
      standing,
    );
    const { blockers, sheet } = actions.includes('submit')
      ? this.blockers(ctx, campaign, now)
      : { blockers: [] as SubmitBlocker[], sheet: null };
    const present = new Set(ctx.evidence.map((e) => e.kind));
    const checkedSheet =
      sheet ??
      knownSheet ??
      (validateInfoSheet(ctx.draft, { evaluationYear: ctx.evaluation_year }) as { sheet?: InfoSheet }).sheet ??
      null;
    const agency = ctx.agency;
    const reviews = ctx.reviews.map(reviewView);
    return {
      id: ctx.id,
      evaluationYear: ctx.evaluation_year,
      status: ctx.status,
      statusLabel: STATES[ctx.status].enterpriseLabel,
      statusHint: STATES[ctx.status].enterpriseHint,
      draft: ctx.draft,
      draftVersion: ctx.draft_version,
      draftSavedAt: ctx.draft_saved_at,
      versionNo: ctx.version_no,
      submittedAt: ctx.submitted_at,
      reviewDueOn: ctx.review_due_on,
      reviewDueProvisional: ctx.review_due_provisional,
      agency: agency ? { id: Number(agency.id), name: agency.name } : null,
      campaign: this.campaignView(campaign),
      evidence: ctx.evidence.map((e) => ({
        id: Number(e.id),
        kind: e.kind,
        kindLabel: EVIDENCE_KIND_LABELS[e.kind as EvidenceKind] ?? e.kind,
        fileName: e.file_name,
        mediaType: e.media_type,
        byteSize: Number(e.byte_size),
        uploadedAt: isoInstant(e.uploaded_at),
        url: `/api/v1/filings/${ctx.id}/evidence/${e.id}`,
      })),
      requiredEvidence: requiredEvidence(checkedSheet).map((kind) => ({
        kind,
        label: EVIDENCE_KIND_LABELS[kind],
        present: present.has(kind),
      })),
      evidenceKinds: EVIDENCE_KINDS.map((kind) => ({ kind, label: EVIDENCE_KIND_LABELS[kind] })),
      allowedActions: actions.map((a) => ({ action: a, label: ACTIONS[a].label })),
      submitBlockers: blockers,
      commitmentText: COMMITMENT_TEXT,
      timeline: ctx.events.map((e) => ({
        id: Number(e.id),
        action: e.action,
        label: ACTIONS[e.action as FilingAction]?.label ?? (e.action === 'start' ? '开始填报' : e.action),
        toStatus: e.to_status,
        statusLabel: STATES[e.to_status as FilingStatus]?.enterpriseLabel ?? e.to_status,
        // The enterprise sees who acted on its side; on the agency's side only the agency.
        actor: e.actor_kind === 'staff' ? (agency?.name ?? '评价工作机构') : e.actor_name,
        onBehalfOf: e.on_behalf_of,
        detail: e.detail,
        at: isoInstant(e.at),
      })),
      reviews,
      versions: ctx.versions.map((v) => ({
        versionNo: v.version_no,
        reviewRound: v.review_round,
        submittedAt: isoInstant(v.submitted_at),
        outcome: versionOutcome(v.version_no, { status: ctx.status, versionNo: ctx.version_no }, reviews),
      })),
    };
  }

  /** Autosave. `draftVersion` is the version the client last saw; an older one → 409 with the current one. */
  async saveDraft(actor: Actor, rawId: unknown, body: unknown) {
    const { filing } = await this.loadForEnterprise(actor, rawId);
    const input = (body ?? {}) as { draftVersion?: unknown; draft?: unknown };
    const problems: FieldProblem[] = [];
    if (!Number.isSafeInteger(input.draftVersion) || (input.draftVersion as number) < 1) {
      problems.push({ path: 'draftVersion', message: '草稿版本：应为正整数' });
    }
    if (JSON.stringify(input.draft ?? null).length > MAX_DRAFT_BYTES) {
      problems.push({ path: 'draft', message: '信息表草稿：内容过大（不超过512KB）' });
    } else {
      problems.push(
        ...checkInfoSheetDraft(input.draft).map((p) => ({ ...p, path: p.path ? `draft.${p.path}` : 'draft' })),
      );
    }
    if (problems.length > 0) throw invalidInput(problems);
    if (!ACTIONS.edit.from.includes(filing.status)) {
      throw new AppError(409, 'not_editable', `当前状态为“${STATES[filing.status].enterpriseLabel}”，信息表不能修改`);
    }
    const now = this.clock();
    const saved = await this.db.transaction().execute(async (trx) => {
      const version = await repo.saveDraft(trx, filing.id, input.draftVersion as number, input.draft, now);
      if (version === undefined) return undefined;
      await writeAudit(trx, {
        ...auditActor(actor),
        action: 'filing.saveDraft',
        subject: `filing:${filing.id}`,
        detail: { draftVersion: version },
      });
      return version;
    });
    if (saved === undefined) {
      const current = await repo.findFiling(this.db, filing.id);
      if (current && !ACTIONS.edit.from.includes(current.status)) {
        throw new AppError(
          409,
          'not_editable',
          `当前状态为“${STATES[current.status].enterpriseLabel}”，信息表不能修改`,
        );
      }
      throw new AppError(
        409,
        'stale_draft',
        `信息表已在其他窗口或设备上保存过（当前版本${current?.draft_version}），为免覆盖，本次修改未保存。请刷新页面后再修改。`,
      );
    }
    return { draftVersion: saved, savedAt: now.toISOString() };
  }

  /** Upload one evidence file of a kind (multipart: kind, file). */
  async addEvidence(actor: Actor, rawId: unknown, form: MultipartForm) {
    const { filing } = await this.loadForEnterprise(actor, rawId);
    const kind = form.fields.kind ?? '';
    if (!(EVIDENCE_KINDS as readonly string[]).includes(kind)) {
      throw invalidInput([{ path: 'kind', message: '材料类别：请选择材料类别' }]);
    }
    const file = form.files.file!;
    if (!ACTIONS.edit.from.includes(filing.status)) {
      throw new AppError(409, 'not_editable', `当前状态为“${STATES[filing.status].enterpriseLabel}”，不能修改证明材料`);
    }
    const now = this.clock();
    const row = await this.db.transaction().execute(async (trx) => {
      const locked = await repo.lockFiling(trx, filing.id);
      if (!locked || !ACTIONS.edit.from.includes(locked.status)) {
        throw new AppError(409, 'not_editable', '信息表已提交，不能修改证明材料');
      }
      if ((await repo.countLiveEvidence(trx, filing.id)) >= MAX_EVIDENCE_FILES) {
        throw invalidInput([{ path: 'file', message: `证明材料：每份信息表最多上传${MAX_EVIDENCE_FILES}个文件` }]);
      }
      const stored = await storeFile(trx, this.files, file.bytes, file.kind);
      const inserted = await repo.insertEvidence(trx, {
        filingId: filing.id,
        kind,
        sha256: stored.sha256,
        fileName: file.fileName,
        uploadedBy: actor.accountId,
      });
      await repo.bumpEvidenceVersion(trx, filing.id);
      await writeAudit(trx, {
        ...auditActor(actor),
        action: 'filing.addEvidence',
        subject: `filing:${filing.id}`,
        detail: { evidenceId: inserted.id, kind, sha256: stored.sha256, bytes: stored.byteSize },
      });
      return { ...inserted, ...stored };
    });
    return {
      id: row.id,
      kind,
      kindLabel: EVIDENCE_KIND_LABELS[kind as EvidenceKind],
      fileName: file.fileName,
      mediaType: row.mediaType,
      byteSize: row.byteSize,
      sha256: row.sha256,
      uploadedAt: now.toISOString(),
      url: `/api/v1/filings/${filing.id}/evidence/${row.id}`,
    };
  }

  async removeEvidence(actor: Actor, rawId: unknown, rawEvidenceId: unknown) {
    const { filing } = await this.loadForEnterprise(actor, rawId);
    const evidenceId = parseId(rawEvidenceId, '证明材料');
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const locked = await repo.lockFiling(trx, filing.id);
      if (!locked || !ACTIONS.edit.from.includes(locked.status)) {
        throw new AppError(409, 'not_editable', '信息表已提交，不能删除证明材料');
      }
      if (!(await repo.removeEvidence(trx, filing.id, evidenceId, actor.accountId, now))) {
        throw new AppError(404, 'not_found', '未找到该证明材料');
      }
      await repo.bumpEvidenceVersion(trx, filing.id);
      await writeAudit(trx, {
        ...auditActor(actor),
        action: 'filing.removeEvidence',
        subject: `filing:${filing.id}`,
        detail: { evidenceId },
      });
    });
  }

  /**
   * An evidence file of the filing, for whoever may see the filing: its enterprise, while the file is live or
   * as some submitted version holds it (a removed file stays viewable in the versions that hold it, and in no
   * other way); its agency and its province, only as some submitted version holds it.
   */
  async evidenceFile(actor: Actor, rawId: unknown, rawEvidenceId: unknown) {
    const { filing, standing } = await this.load(actor, rawId);
    const evidence = await repo.viewableEvidence(this.db, filing.id, parseId(rawEvidenceId, '证明材料'), {
      live: standing.enterprise,
    });
    if (!evidence) throw new AppError(404, 'not_found', '未找到该证明材料');
    const file = await loadFile(this.db, this.files, evidence.sha256);
    if (!file) throw new AppError(404, 'not_found', '未找到该证明材料的文件');
    return { bytes: file.bytes, mediaType: file.mediaType, fileName: evidence.file_name };
  }

  /** The draft, checked for submission: the generated PDF needs a complete sheet. */
  async sheetForPdf(actor: Actor, rawId: unknown) {
    const { filing } = await this.loadForEnterprise(actor, rawId);
    const enterprise = await repo.findEnterprise(this.db, filing.enterprise_id);
    const checked = validateInfoSheet(filing.draft, {
      evaluationYear: filing.evaluation_year,
      registeredUscc: enterprise?.uscc,
    });
    if (!checked.ok) {
      throw new AppError(
        400,
        'sheet_incomplete',
        `信息表尚有${checked.problems.length}处未填写或填写有误，填写完整后才能生成PDF`,
        checked.problems.map((p) => ({ ...p, path: `draft.${p.path}` })),
      );
    }
    const history = await repo.historyFacts(this.db, filing.enterprise_id, filing.evaluation_year);
    return {
      sheet: checked.sheet,
      evaluationYear: filing.evaluation_year,
      filingId: filing.id,
      draftVersion: filing.draft_version,
      assessment: assess(toAssessmentInput(checked.sheet, filing.evaluation_year, history)),
      generatedAt: this.clock(),
    };
  }

  /**
   * Submit: `draftVersion` must be the current one (what the user saw is what is submitted), and the commitment
   * signed. Decided on the filing's context, read once without a lock; written in one statement that applies only
   * if the filing is still what was read (state, draft version, evidence version) — a second submit of the same
   * draft, a save or an evidence change in between, finds it moved on and gets a 409, with nothing written.
   */
  async submit(actor: Actor, rawId: unknown, body: unknown) {
    const input = (body ?? {}) as { draftVersion?: unknown; commitment?: { signerName?: unknown; accepted?: unknown } };
    const problems: FieldProblem[] = [];
    if (!Number.isSafeInteger(input.draftVersion))
      problems.push({ path: 'draftVersion', message: '草稿版本：应为整数' });
    const signerName = typeof input.commitment?.signerName === 'string' ? input.commitment.signerName.trim() : '';
    if (signerName.length < 2 || signerName.length > 50) {
      problems.push({ path: 'commitment.signerName', message: '承诺书签署人：请填写签署人姓名（2–50个字符）' });
    }
    if (input.commitment?.accepted !== true) {
      problems.push({ path: 'commitment.accepted', message: '承诺书：请阅读并勾选数据真实性承诺' });
    }
    const { ctx, standing, campaign } = await this.contextForEnterprise(actor, rawId, true);
    if (problems.length > 0) throw invalidInput(problems);

    const now = this.clock();
    const today = todayInChina(now);
    if (ctx.status === 'submitted' || ctx.status === 'reviewing') {
      throw new AppError(409, 'already_submitted', '信息表已提交，请勿重复提交');
    }
    if (ctx.draft_version !== input.draftVersion) throw staleDraft();
    const { blockers, sheet, assessment, history } = this.blockers(ctx, campaign, now);
    if (blockers.length > 0 || sheet === null || assessment === null) {
      throw new AppError(
        409,
        'submit_refused',
        `暂不能提交：${blockers.map((b) => b.message).join('；')}`,
        blockers.flatMap((b) => (b.fields ?? []).map((f) => ({ ...f, path: `draft.${f.path}` }))),
      );
    }
    const agency = ctx.region_agency;
    if (agency === null) {
      throw new AppError(
        409,
        'no_agency',
        '注册地所属的评价工作机构尚未设置，暂不能提交。请联系省级科技型中小企业工作主管部门。',
      );
    }
    const holidays = await this.calendar.table();
    const assessmentInput = toAssessmentInput(sheet, ctx.evaluation_year, history);
    const triggers = firingOnSiteTriggers(assessmentInput, campaignTriggers(campaign));
    const warnings = computeWarnings({
      sheet,
      previous: ctx.previous_sheet as InfoSheet | null,
      sharedContacts: { phone: ctx.shared_phone, email: ctx.shared_email },
    });
    const due = addWorkingDays(today, campaign.review_working_days, holidays);
    const versionNo = ctx.version_no + 1;
    const round = ctx.review_round + 1;
    const eventDetail = {
      versionNo,
      reviewRound: round,
      reviewDueOn: due.date,
      resubmission: ctx.status === 'returned',
    };
    const dueText = `${chinaDateText(due.date)}${due.provisional ? '（节假日安排未公布，暂按周末计算）' : ''}`;
    const message = {
      category: 'filing',
      link: '/filing',
      title: `${ctx.evaluation_year}年度信息表已提交`,
      body: `已提交至${agency.name}审核，审核期限至${dueText}。审核开始前可以撤回修改。`,
    };
    const batch = this.notifier.batch();
    const copies = ctx.recipients.map((r, i) => ({
      // The e-mail once, with the legal person's copy (the first recipient).
      channels: { sms: r.phone, email: i === 0 ? sheet.basic.contactEmail : null },
    }));
    const recorded = await this.submissions.run({
      filingId: ctx.id,
      from: ACTIONS.submit.from,
      draftVersion: ctx.draft_version,
      evidenceVersion: ctx.evidence_version,
      set: {
        versionNo,
        reviewRound: round,
        agencyId: Number(agency.id),
        submittedAt: now,
        reviewDueOn: due.date,
        reviewDueProvisional: due.provisional,
        onSiteRequired: triggers.length > 0,
        warningCount: warnings.length,
        contactPhone: sheet.basic.contactPhone,
        contactEmail: sheet.basic.contactEmail,
      },
      version: {
        infoSheet: sheet,
        assessment: { ...assessment, onSiteCheck: triggers },
        warnings,
        onSiteTriggers: triggers,
        evidence: ctx.evidence.map((e) => ({
          id: Number(e.id),
          kind: e.kind,
          sha256: e.sha256,
          fileName: e.file_name,
          mediaType: e.media_type,
        })),
        commitment: { signerName, signedAt: now.toISOString(), accountId: actor.accountId, text: COMMITMENT_TEXT },
        submittedBy: actor.accountId,
        onBehalfOf: actor.onBehalfOf ?? null,
      },
      event: { from: ctx.status, detail: eventDetail },
      inApp: { accountIds: ctx.recipients.map((r) => Number(r.id)), message },
      outbox: batch.outboxRows(copies, message),
      audit: auditRow(
        {
          ...auditActor(actor),
          action: 'filing.submit',
          subject: `filing:${ctx.id}`,
          detail: {
            enterprise: ctx.enterprise.uscc,
            versionNo,
            reviewRound: round,
            agencyId: Number(agency.id),
            reviewDueOn: due.date,
            onSiteTriggers: triggers,
            warnings: warnings.map((w) => w.code),
          },
        },
        now,
      ),
    });
    if (!recorded) throw await this.movedOn(ctx);
    await batch.send();
    const at = now.toISOString();
    const submitted: repo.FilingContext = {
      ...ctx,
      status: 'submitted',
      version_no: versionNo,
      review_round: round,
      agency_id: Number(agency.id),
      agency: { id: Number(agency.id), name: agency.name },
      submitted_at: now,
      review_due_on: due.date,
      review_due_provisional: due.provisional,
      claimed_by: null,
      on_site_required: triggers.length > 0,
      warning_count: warnings.length,
      updated_at: now,
      events: [
        ...ctx.events,
        {
          id: recorded.eventId,
          action: 'submit',
          from_status: ctx.status,
          to_status: 'submitted',
          on_behalf_of: actor.onBehalfOf ?? null,
          detail: eventDetail,
          at,
          actor_kind: actor.kind,
          actor_name: actor.displayName,
        },
      ],
      versions: [...ctx.versions, { version_no: versionNo, review_round: round, submitted_at: at }],
    };
    return {
      ...this.present(submitted, standing, campaign, now, sheet),
      submitted: { versionNo, reviewDueOn: due.date, provisional: due.provisional },
    };
  }

  /** Why a submission's write found the filing moved on since it was read: the 409 to answer. */
  private async movedOn(read: repo.FilingContext): Promise<AppError> {
    const current = await repo.findFilingVersions(this.db, read.id);
    if (!current) return notFound();
    if (current.status === 'submitted' || current.status === 'reviewing') {
      return new AppError(409, 'already_submitted', '信息表已提交，请勿重复提交');
    }
    if (current.draft_version !== read.draft_version) return staleDraft();
    if (current.evidence_version !== read.evidence_version) {
      return new AppError(
        409,
        'stale_evidence',
        '证明材料在您确认提交后又有变动（可能在其他窗口或设备上），请刷新页面核对后再提交',
      );
    }
    if (current.version_no !== read.version_no) {
      // Submitted and withdrawn again in between (another window or device): what was checked is not current.
      return new AppError(
        409,
        'stale_draft',
        '信息表在您确认提交期间已在其他窗口或设备上提交过，请刷新页面核对后再提交',
      );
    }
    return new AppError(409, 'not_editable', `当前状态为“${STATES[current.status].enterpriseLabel}”，不能提交`);
  }

  /** Withdraw before the review starts: back to the state it was submitted from (draft or returned). */
  async withdraw(actor: Actor, rawId: unknown) {
    const { filing } = await this.loadForEnterprise(actor, rawId);
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const locked = await repo.lockFiling(trx, filing.id);
      if (!locked) throw notFound();
      if (locked.status === 'reviewing') {
        throw new AppError(409, 'review_started', '评价工作机构已开始审核，不能撤回');
      }
      if (locked.status !== 'submitted') {
        throw new AppError(409, 'not_submitted', `当前状态为“${STATES[locked.status].enterpriseLabel}”，无需撤回`);
      }
      const back: FilingStatus = (await repo.lastSubmittedFrom(trx, locked.id)) === 'returned' ? 'returned' : 'draft';
      await repo.updateFilingStatus(trx, locked.id, ['submitted'], {
        status: back,
        review_due_on: null,
        review_due_provisional: false,
        updated_at: now.toISOString(),
      });
      await repo.insertEvent(trx, {
        filingId: locked.id,
        action: 'withdraw',
        from: 'submitted',
        to: back,
        actorId: actor.accountId,
        onBehalfOf: actor.onBehalfOf ?? null,
        detail: { versionNo: locked.version_no },
        at: now,
      });
      await writeAudit(trx, {
        ...auditActor(actor),
        action: 'filing.withdraw',
        subject: `filing:${locked.id}`,
        detail: { versionNo: locked.version_no, to: back },
      });
    });
    return this.view(actor, String(filing.id));
  }

  /**
   * One submitted version, for its enterprise, read-only: the 信息表, the self-assessment and the evidence as
   * submitted, what became of it and its reviews (newest first). Not the reviewers' warnings.
   */
  async version(actor: Actor, rawId: unknown, rawNo: unknown) {
    const { filing } = await this.loadForEnterprise(actor, rawId);
    const version = await repo.findVersion(this.db, filing.id, parseId(rawNo, '版本'));
    if (!version) throw new AppError(404, 'not_found', '未找到该版本');
    const reviews = (await repo.listReviews(this.db, filing.id)).map(reviewView);
    const snapshot = Array.isArray(version.evidence)
      ? (version.evidence as { id: number; kind: string; fileName: string; mediaType: string; sha256: string }[])
      : [];
    return {
      filingId: filing.id,
      evaluationYear: filing.evaluation_year,
      versionNo: version.version_no,
      reviewRound: version.review_round,
      infoSheet: version.info_sheet,
      assessment: version.assessment,
      onSiteTriggers: version.on_site_triggers,
      // Each file opens through the evidence route, which serves what a submitted version holds.
      evidence: snapshot.map((e) => ({
        ...e,
        kindLabel: EVIDENCE_KIND_LABELS[e.kind as EvidenceKind] ?? e.kind,
        url: `/api/v1/filings/${filing.id}/evidence/${e.id}`,
      })),
      commitment: version.commitment,
      submittedAt: version.submitted_at,
      outcome: versionOutcome(version.version_no, { status: filing.status, versionNo: filing.version_no }, reviews),
      reviews: reviews.filter((r) => r.versionNo === version.version_no),
    };
  }
}
