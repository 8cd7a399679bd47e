/**
 * 公示异议: anyone may object to an enterprise in a published batch while its window is open — a person under a
 * real name with a mobile number confirmed by SMS code, or an organisation with its USCC and a sealed letter — on
 * one of the five grounds, with facts and evidence; late and anonymous objections are refused (research-notes
 * §4.5). The province hands the objection to the enterprise's agency, the agency verifies it and fills in the
 * 《公示异议核实处理情况表》, the province confirms (or sends it back): upheld → the filing is withheld
 * (publicizing → not_registered), dismissed → the filing goes on to announcement. Every change is one transaction
 * with its audit record and a conditional UPDATE on the objection's state; the objector (SMS) and the enterprise
 * (in-app + SMS) are told the outcome. The objector's phone never reaches the audit log or a public answer.
 */
import { randomBytes } from 'node:crypto';
import { isValidUscc, maskPersonName, maskPhone } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database, ObjectionGround, ObjectionStatus } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { type FileStore, loadFile, MEDIA_TYPES, storeFile } from '../../platform/files.js';
import type { Notifier } from '../../platform/notifications/notifier.js';
import { DatabaseRateLimiter, type RateLimiter } from '../../platform/rate-limit.js';
import { staffScope } from '../../platform/scope.js';
import type { FileFieldSpec, MultipartForm } from '../../platform/uploads.js';
import { Checker } from '../accounts/validation.js';
import { notifyEnterprise } from '../filings/notify.js';
import { windowPhase } from '../publicity/window.js';
import { todayInChina } from '../regions/service.js';
import type { VerificationService } from '../verification/service.js';
import {
  CONCLUSION_LABELS,
  type Conclusion,
  GROUND_KEYS,
  GROUNDS,
  type HandlingForm,
  OBJECTOR_KIND_LABELS,
  PUBLIC_OUTCOMES,
  PUBLIC_STATUS_LABELS,
  STAFF_STATUS_LABELS,
} from './grounds.js';
import * as repo from './repository.js';

export const MAX_EVIDENCE_FILES = 5;
const EVIDENCE_SPEC: FileFieldSpec = {
  label: '证据材料',
  kinds: ['pdf', 'jpeg', 'png'],
  maxBytes: 10 * 1024 * 1024,
  required: false,
};

/** The objection form's files: the sealed letter (organisations) and up to five evidence files. */
export const OBJECTION_FILES: Readonly<Record<string, FileFieldSpec>> = {
  sealedLetter: {
    label: '加盖公章的异议函',
    kinds: ['pdf', 'jpeg', 'png'],
    maxBytes: 5 * 1024 * 1024,
    required: false,
  },
  ...Object.fromEntries(
    Array.from({ length: MAX_EVIDENCE_FILES }, (_, i) => [
      `evidence${i + 1}`,
      { ...EVIDENCE_SPEC, label: `证据材料${i + 1}` },
    ]),
  ),
};

export const FACTS_MIN = 20;
export const FACTS_MAX = 2000;
const NOTE_MAX = 500;
const HANDLING_TEXT_MAX = 2000;

/** Crockford's base32: no I, L, O, U — nothing to misread when the objector copies it down. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_PATTERN = /^YY\d{8}[0-9A-HJKMNP-TV-Z]{8}$/;

/** 受理编号: YY + the China date + 8 random base32 characters (40 bits): not a count, not guessable. */
export function newReceiptNo(now: Date): string {
  const day = todayInChina(now).replaceAll('-', '');
  const bytes = randomBytes(8);
  let tail = '';
  for (const b of bytes) tail += BASE32[b & 31];
  return `YY${day}${tail}`;
}

function tooMany(what: string, retryAfterSeconds: number): AppError {
  return new AppError(429, 'rate_limited', `${what}过于频繁，请${retryAfterSeconds}秒后再试`);
}

const NOT_FOUND = '未找到该异议，或不在您的职责范围内';
const ENTRY_NOT_FOUND = '公示企业：未找到该公示条目（请从公示名单中的“提出异议”进入）';

/** What an actor is to an objection: the province's administrator (or national), or the assigned agency's staff. */
interface ObjectionStanding {
  province: boolean;
  agency: boolean;
}

function standingOf(actor: Actor, o: { province_code: string; agency_id: number | null }): ObjectionStanding {
  let province = false;
  let agency = false;
  for (const r of actor.roles) {
    if (r.role === 'nationalAdmin') province = true;
    else if (r.role === 'provinceAdmin' && r.provinceCode === o.province_code) province = true;
    else if (
      (r.role === 'agencyReviewer' || r.role === 'agencyHead') &&
      o.agency_id !== null &&
      r.agencyId === o.agency_id
    ) {
      agency = true;
    }
  }
  return { province, agency };
}

export type ObjectionAction = 'assign' | 'handle' | 'confirm' | 'sendBack';

function allowedActions(status: ObjectionStatus, s: ObjectionStanding): ObjectionAction[] {
  const actions: ObjectionAction[] = [];
  if (status === 'received' && s.province) actions.push('assign');
  if (status === 'assigned' && s.agency) actions.push('handle');
  if (status === 'verified' && s.province) actions.push('confirm', 'sendBack');
  return actions;
}

function batchTitle(t: { evaluation_year: number; batch_no: number | null }): string {
  return `${t.evaluation_year}年第${t.batch_no ?? '—'}批`;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export class ObjectionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly verification: VerificationService,
    private readonly files: FileStore,
    private readonly notifier: Notifier,
    private readonly clock: () => Date = () => new Date(),
    private readonly limiter: RateLimiter = new DatabaseRateLimiter(db),
  ) {}

  private async limit(bucket: string, limit: number, windowSeconds: number, what: string): Promise<void> {
    const result = await this.limiter.hit(bucket, { limit, windowSeconds }, this.clock());
    if (!result.allowed) throw tooMany(what, result.retryAfterSeconds);
  }

  // ── public: the form's target, lodging, following ──────────────────────────────────────────────────────────

  private async publishedTarget(entryId: unknown): Promise<repo.TargetRow> {
    const id = typeof entryId === 'string' || typeof entryId === 'number' ? Number(entryId) : NaN;
    const target = Number.isSafeInteger(id) && id > 0 ? await repo.targetOfEntry(this.db, id) : undefined;
    // A draft or discarded batch is not public: as good as absent.
    if (!target || target.batch_status !== 'published' || target.published_on === null || target.ends_on === null) {
      throw new AppError(404, 'not_found', ENTRY_NOT_FOUND, [{ path: 'entryId', message: ENTRY_NOT_FOUND }]);
    }
    return target;
  }

  /** GET /api/v1/public/objection-targets/:entryId — public data only. */
  async target(entryId: unknown) {
    const t = await this.publishedTarget(entryId);
    const today = todayInChina(this.clock());
    const phase = windowPhase(today, t.published_on as string, t.ends_on as string);
    return {
      entryId: t.entry_id,
      enterpriseName: t.enterprise_name,
      uscc: t.uscc,
      regionName: t.region_name,
      provinceName: t.province_name,
      batchTitle: batchTitle(t),
      publishedOn: t.published_on,
      endsOn: t.ends_on,
      today,
      phase,
      outcome: t.outcome,
      open: phase === 'open' && t.outcome === 'pending',
      grounds: GROUND_KEYS.map((key) => ({ key, label: GROUNDS[key] })),
    };
  }

  /** POST /api/v1/public/objections (multipart). */
  async lodge(form: MultipartForm, client: string) {
    await this.limit(`objection:client:${client}`, 10, 3600, '异议提交');
    const f = form.fields;
    const target = await this.publishedTarget(f.entryId);
    const now = this.clock();
    const today = todayInChina(now);
    const window = `公示期为${target.published_on}至${target.ends_on}`;
    const phase = windowPhase(today, target.published_on as string, target.ends_on as string);
    if (phase === 'before') {
      throw new AppError(409, 'outside_window', `公示尚未开始：${window}，请在公示期内提出异议`);
    }
    if (phase === 'ended') {
      throw new AppError(409, 'outside_window', `公示期已结束：${window}，逾期提出的异议不予受理`);
    }
    if (target.outcome !== 'pending') {
      throw new AppError(409, 'entry_closed', '该企业的公示已办结，不再受理异议');
    }

    const c = new Checker(f);
    const kind = c.oneOf('objectorKind', '异议人类型', ['person', 'organisation'] as const);
    const organisation = kind === 'organisation';
    let name = '';
    let phone = '';
    let code = '';
    let objectorUscc: string | null = null;
    if (organisation) {
      name = c.text('organisationName', '单位名称', { min: 2, max: 100 });
      objectorUscc = typeof f.organisationUscc === 'string' ? f.organisationUscc.trim() : '';
      if (!isValidUscc(objectorUscc)) {
        c.problems.push({
          path: 'organisationUscc',
          message: '单位统一社会信用代码：应为18位，且校验位正确（字母须大写）',
        });
      }
      phone = c.mobile('contactPhone', '联系电话（手机）');
      if (!form.files.sealedLetter) {
        c.problems.push({ path: 'sealedLetter', message: '加盖公章的异议函：单位提出异议须上传加盖公章的异议函' });
      }
    } else if (kind === 'person') {
      // Anonymous objections are refused: a real name, a mobile number and its SMS code.
      name = c.personName('name', '真实姓名');
      phone = c.mobile('phone', '手机号码');
      code = c.code('smsCode');
    }
    const ground = c.oneOf('ground', '异议理由', GROUND_KEYS);
    const facts = c.text('facts', '异议事实', { min: FACTS_MIN, max: FACTS_MAX });
    const evidence = Object.entries(form.files).filter(([field]) => field.startsWith('evidence'));
    if (evidence.length === 0) {
      c.problems.push({ path: 'evidence1', message: '证据材料：异议须以事实为依据，请至少上传1份证据材料' });
    }
    if (c.problems.length > 0) throw invalidInput(c.problems);

    await this.limit(`objection:phone:${phone}`, 5, 86_400, '同一手机号码提交异议');
    if (!organisation) {
      try {
        await this.verification.consumeCode({ phone, purpose: 'objection', code });
      } catch (error) {
        if (error instanceof AppError && error.fields) {
          throw invalidInput(
            error.fields.map((p) => ({
              path: p.path === 'code' ? 'smsCode' : p.path,
              message: p.message.replace(/^验证码：/, '短信验证码：'),
            })),
          );
        }
        throw error;
      }
    }

    const at = now.toISOString();
    let receiptNo = newReceiptNo(now);
    const write = () =>
      this.db.transaction().execute(async (trx) => {
        const letter = organisation ? form.files.sealedLetter : undefined;
        const letterSha = letter ? (await storeFile(trx, this.files, letter.bytes, letter.kind)).sha256 : null;
        const objectionId = await repo.insertObjection(trx, {
          receipt_no: receiptNo,
          batch_id: target.batch_id,
          entry_id: target.entry_id,
          filing_id: target.filing_id,
          province_code: target.province_code,
          objector_kind: kind,
          objector_name: name,
          objector_phone: phone,
          objector_uscc: objectorUscc,
          sealed_letter_sha256: letterSha,
          ground,
          facts,
          received_at: at,
        });
        const rows = [];
        for (const [, file] of evidence.sort(([a], [b]) => a.localeCompare(b))) {
          const saved = await storeFile(trx, this.files, file.bytes, file.kind);
          rows.push({
            objection_id: objectionId,
            sha256: saved.sha256,
            file_name: file.fileName,
            media_type: MEDIA_TYPES[file.kind],
            size: file.bytes.length,
          });
        }
        await repo.insertEvidence(trx, rows);
        await writeAudit(trx, {
          actor: `client:${client}`,
          action: 'objection.lodged',
          subject: `objection:${objectionId}`,
          detail: {
            receiptNo,
            entryId: target.entry_id,
            filingId: target.filing_id,
            objectorKind: kind,
            objectorName: organisation ? name : maskPersonName(name),
            objectorPhone: maskPhone(phone),
            ground,
            evidenceCount: rows.length,
          },
        });
        return objectionId;
      });
    let id: number;
    for (let attempt = 1; ; attempt++) {
      try {
        id = await write();
        break;
      } catch (error) {
        // 40 random bits a day: a clash is all but impossible, but a clash must not lose the objection.
        const clash = (error as { code?: string; constraint?: string }).code === '23505';
        if (!clash || attempt >= 3) throw error;
        receiptNo = newReceiptNo(now);
      }
    }
    return {
      id,
      receiptNo,
      status: 'received' as const,
      statusLabel: PUBLIC_STATUS_LABELS.received,
      message: `异议已受理，受理编号 ${receiptNo}。请妥善保存受理编号；可凭受理编号和手机号码后4位查询办理进度，办理结果将以短信告知 ${maskPhone(phone)}。`,
    };
  }

  /** GET /api/v1/public/objections/:receiptNo?last4= — status and outcome only; nothing personal beyond the caller's. */
  async publicStatus(receiptNo: string, last4: unknown, client: string) {
    await this.limit(`objection-status:client:${client}`, 30, 3600, '异议进度查询');
    const notFound = new AppError(404, 'not_found', '未找到该异议：请核对受理编号与手机号码后4位');
    const receipt = receiptNo.trim().toUpperCase();
    if (typeof last4 !== 'string' || !/^\d{4}$/.test(last4.trim()) || !RECEIPT_PATTERN.test(receipt)) throw notFound;
    const o = await repo.objectionByReceipt(this.db, receipt);
    if (!o || !o.objector_phone.endsWith(last4.trim())) throw notFound;
    const decided = o.status === 'upheld' || o.status === 'dismissed';
    return {
      receiptNo: o.receipt_no,
      status: o.status,
      statusLabel: PUBLIC_STATUS_LABELS[o.status],
      enterpriseName: o.enterprise_name,
      batchTitle: batchTitle(o),
      ground: o.ground,
      groundLabel: GROUNDS[o.ground],
      receivedAt: iso(o.received_at),
      decidedAt: decided ? iso(o.decided_at) : null,
      outcome: decided ? PUBLIC_OUTCOMES[o.status as Conclusion] : null,
    };
  }

  // ── staff ──────────────────────────────────────────────────────────────────────────────────────────────────

  private async scoped(actor: Actor, id: unknown) {
    const n = Number(id);
    const o = Number.isSafeInteger(n) && n > 0 ? await repo.objectionById(this.db, n) : undefined;
    const standing = o ? standingOf(actor, o) : null;
    // The agency sees an objection once it is assigned to it; outside one's scope: 404.
    if (!o || !standing || (!standing.province && !standing.agency)) {
      throw new AppError(404, 'not_found', NOT_FOUND);
    }
    return { o, standing };
  }

  private summary(o: repo.ObjectionRow, standing: ObjectionStanding) {
    return {
      id: o.id,
      receiptNo: o.receipt_no,
      status: o.status,
      statusLabel: STAFF_STATUS_LABELS[o.status],
      enterpriseName: o.enterprise_name,
      uscc: o.uscc,
      regionName: o.region_name,
      batchTitle: batchTitle(o),
      endsOn: o.ends_on,
      objectorKind: o.objector_kind,
      objectorKindLabel: OBJECTOR_KIND_LABELS[o.objector_kind],
      objectorName: o.objector_kind === 'person' ? maskPersonName(o.objector_name) : o.objector_name,
      ground: o.ground,
      groundLabel: GROUNDS[o.ground],
      receivedAt: iso(o.received_at),
      agencyId: o.agency_id,
      agencyName: o.agency_name,
      allowedActions: allowedActions(o.status, standing),
    };
  }

  /** GET /api/v1/staff/objections — the province's, and those assigned to the actor's agencies. */
  async list(actor: Actor, query: Record<string, unknown>) {
    const problems: FieldProblem[] = [];
    let status: ObjectionStatus | undefined;
    if (query.status !== undefined && query.status !== '') {
      if (typeof query.status === 'string' && query.status in STAFF_STATUS_LABELS) {
        status = query.status as ObjectionStatus;
      } else {
        problems.push({ path: 'status', message: '状态：只能是 received、assigned、verified、upheld、dismissed 之一' });
      }
    }
    const page = query.page === undefined ? 1 : Number(query.page);
    if (!Number.isSafeInteger(page) || page < 1 || page > 1000) {
      problems.push({ path: 'page', message: '页码：应为1–1000的整数' });
    }
    if (problems.length > 0) throw invalidInput(problems);
    const scope = staffScope(actor);
    const pageSize = 20;
    const { items, total } = await repo.listObjections(this.db, {
      provinces: scope.all ? 'all' : scope.provinceCodes,
      agencyIds: scope.agencyIds,
      status,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return {
      items: items.map((o) => this.summary(o, standingOf(actor, o))),
      total,
      page,
      pageSize,
    };
  }

  /** GET /api/v1/staff/objections/:id — everything the province and the assigned agency need to verify it. */
  async detail(actor: Actor, id: unknown) {
    const { o, standing } = await this.scoped(actor, id);
    const evidence = await repo.evidenceOf(this.db, o.id);
    return {
      ...this.summary(o, standing),
      objectorName: o.objector_name,
      objectorPhone: o.objector_phone,
      objectorUscc: o.objector_uscc,
      hasSealedLetter: o.sealed_letter_sha256 !== null,
      facts: o.facts,
      publishedOn: o.published_on,
      receivedInWindow:
        o.published_on !== null &&
        o.ends_on !== null &&
        windowPhase(todayInChina(new Date(o.received_at)), o.published_on, o.ends_on) === 'open',
      defaultAgencyId: o.default_agency_id,
      defaultAgencyName: o.default_agency_name,
      assignedAt: iso(o.assigned_at),
      handling: o.handling as HandlingForm | null,
      verifiedBy: o.verified_by_name,
      verifiedAt: iso(o.verified_at),
      decidedBy: o.decided_by_name,
      decidedAt: iso(o.decided_at),
      decisionNote: o.decision_note,
      evidence: evidence.map((e) => ({ id: e.id, fileName: e.file_name, mediaType: e.media_type, size: e.size })),
    };
  }

  async evidenceFile(actor: Actor, id: unknown, evidenceId: unknown) {
    const { o } = await this.scoped(actor, id);
    const item = (await repo.evidenceOf(this.db, o.id)).find((e) => e.id === Number(evidenceId));
    const file = item ? await loadFile(this.db, this.files, item.sha256) : null;
    if (!item || !file) throw new AppError(404, 'not_found', '未找到该证据材料');
    return { ...file, fileName: item.file_name };
  }

  async sealedLetter(actor: Actor, id: unknown) {
    const { o } = await this.scoped(actor, id);
    const file = o.sealed_letter_sha256 === null ? null : await loadFile(this.db, this.files, o.sealed_letter_sha256);
    if (!file) throw new AppError(404, 'not_found', '该异议没有异议函');
    return { ...file, fileName: `异议函-${o.receipt_no}` };
  }

  private conflict(o: repo.ObjectionRow, fresh: repo.ObjectionRow | undefined): AppError {
    const label = fresh ? STAFF_STATUS_LABELS[fresh.status] : '';
    return new AppError(409, 'conflict', `该异议已由他人处理（当前状态：${label}），请刷新后查看`);
  }

  private refuse(action: ObjectionAction, o: repo.ObjectionRow, standing: ObjectionStanding): void {
    if (allowedActions(o.status, standing).includes(action)) return;
    const mine = action === 'handle' ? standing.agency : standing.province;
    if (!mine) {
      throw new AppError(
        403,
        'forbidden',
        action === 'handle' ? '只有受交办的评价工作机构可以填写核实处理情况表' : '只有省级科技管理部门可以进行此操作',
      );
    }
    throw new AppError(
      409,
      'conflict',
      `该异议当前状态为「${STAFF_STATUS_LABELS[o.status]}」，不能进行此操作（可能已由他人处理，请刷新后查看）`,
    );
  }

  /** POST /api/v1/staff/objections/:id/assign — the province hands it to an agency (default: the entry's). */
  async assign(actor: Actor, id: unknown, body: Record<string, unknown>) {
    const { o, standing } = await this.scoped(actor, id);
    let agencyId = o.default_agency_id;
    if (body.agencyId !== undefined && body.agencyId !== null && body.agencyId !== '') {
      agencyId = Number(body.agencyId);
      if (!Number.isSafeInteger(agencyId) || agencyId <= 0) {
        throw invalidInput([{ path: 'agencyId', message: '评价工作机构：请选择本省的评价工作机构' }]);
      }
    }
    this.refuse('assign', o, standing);
    const agency = await repo.agencyInProvince(this.db, agencyId, o.province_code);
    if (!agency) throw invalidInput([{ path: 'agencyId', message: '评价工作机构：请选择本省的评价工作机构' }]);
    const at = this.clock().toISOString();
    const batch = this.notifier.batch();
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.assignIfReceived(trx, o.id, { agencyId, by: actor.accountId, at }))) {
        throw this.conflict(o, await repo.objectionById(trx, o.id));
      }
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'objection.assigned',
        subject: `objection:${o.id}`,
        detail: { receiptNo: o.receipt_no, filingId: o.filing_id, agencyId },
      });
      for (const account of await repo.agencyStaff(trx, agencyId)) {
        await batch.notify(trx, account, {
          category: 'review',
          title: '公示异议待核实',
          body: `省级科技管理部门交办公示异议（受理编号${o.receipt_no}）：对「${o.enterprise_name}」的异议，理由为${GROUNDS[o.ground]}。请核实后填写《公示异议核实处理情况表》。`,
          link: `/staff/objections/${o.id}`,
        });
      }
    });
    await batch.send();
    return this.detail(actor, o.id);
  }

  private parseHandling(body: Record<string, unknown>): HandlingForm {
    const problems: FieldProblem[] = [];
    const text = (path: string, label: string, min: number, max = HANDLING_TEXT_MAX): string => {
      const v = body[path];
      const s = typeof v === 'string' ? v.trim() : '';
      if ([...s].length < min || [...s].length > max) {
        problems.push({ path, message: `${label}：请填写${min}–${max}个字` });
      }
      return s;
    };
    const objectorSummary = text('objectorSummary', '异议人情况', 2, 500);
    const ground = body.ground as ObjectionGround;
    if (!GROUND_KEYS.includes(ground)) problems.push({ path: 'ground', message: '异议理由：请选择五类理由之一' });
    const evidenceSummary = text('evidenceSummary', '证据材料情况', 2);
    if (typeof body.receivedInWindow !== 'boolean') {
      problems.push({ path: 'receivedInWindow', message: '是否在公示期内提出：请选择是或否' });
    }
    const verification = text('verification', '核实情况', 10);
    const onSiteRaw = (body.onSite ?? {}) as Record<string, unknown>;
    let onSite: HandlingForm['onSite'] = { done: false };
    if (typeof onSiteRaw.done !== 'boolean') {
      problems.push({ path: 'onSite.done', message: '是否开展实地核查：请选择是或否' });
    } else if (onSiteRaw.done) {
      const date = typeof onSiteRaw.date === 'string' ? onSiteRaw.date : '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
        problems.push({ path: 'onSite.date', message: '实地核查日期：应为 YYYY-MM-DD 格式的日期' });
      } else if (date > todayInChina(this.clock())) {
        problems.push({ path: 'onSite.date', message: '实地核查日期：不能晚于今天' });
      }
      const people = typeof onSiteRaw.people === 'string' ? onSiteRaw.people.trim() : '';
      if ([...people].length < 2 || [...people].length > 200) {
        problems.push({ path: 'onSite.people', message: '实地核查人员：请填写2–200个字' });
      }
      const findings = typeof onSiteRaw.findings === 'string' ? onSiteRaw.findings.trim() : '';
      if ([...findings].length < 5 || [...findings].length > HANDLING_TEXT_MAX) {
        problems.push({ path: 'onSite.findings', message: `实地核查情况：请填写5–${HANDLING_TEXT_MAX}个字` });
      }
      onSite = { done: true, date, people, findings };
    }
    const conclusion = body.conclusion as Conclusion;
    if (conclusion !== 'upheld' && conclusion !== 'dismissed') {
      problems.push({ path: 'conclusion', message: '核实结论：请选择异议成立或异议不成立' });
    }
    const opinion = text('opinion', '评价工作机构意见', 5, 1000);
    if (problems.length > 0) throw invalidInput(problems);
    return {
      objectorSummary,
      ground,
      evidenceSummary,
      receivedInWindow: body.receivedInWindow as boolean,
      verification,
      onSite,
      conclusion,
      opinion,
    };
  }

  /** PUT /api/v1/staff/objections/:id/handling — the assigned agency submits the handling form: → verified. */
  async submitHandling(actor: Actor, id: unknown, body: Record<string, unknown>) {
    const handling = this.parseHandling(body);
    const { o, standing } = await this.scoped(actor, id);
    this.refuse('handle', o, standing);
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const ok = await repo.verifyIfAssigned(trx, o.id, {
        agencyId: o.agency_id as number,
        handling,
        by: actor.accountId,
        at,
      });
      if (!ok) throw this.conflict(o, await repo.objectionById(trx, o.id));
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: 'objection.verified',
        subject: `objection:${o.id}`,
        detail: {
          receiptNo: o.receipt_no,
          filingId: o.filing_id,
          conclusion: handling.conclusion,
          onSite: handling.onSite.done,
        },
      });
    });
    return this.detail(actor, o.id);
  }

  /**
   * POST /api/v1/staff/objections/:id/confirm — the province confirms the agency's conclusion (upheld: the filing
   * is withheld; dismissed: nothing changes for it) or sends the form back to the agency with a reason.
   */
  async confirm(actor: Actor, id: unknown, body: Record<string, unknown>) {
    const decision = body.decision;
    const note = typeof body.note === 'string' ? body.note.trim() : '';
    const problems: FieldProblem[] = [];
    if (decision !== 'confirm' && decision !== 'sendBack') {
      problems.push({ path: 'decision', message: '确认意见：只能是 confirm（确认）或 sendBack（退回重新核实）' });
    }
    if (decision === 'sendBack' && [...note].length < 5) {
      problems.push({ path: 'note', message: '退回原因：请写明退回重新核实的原因（至少5个字）' });
    }
    if ([...note].length > NOTE_MAX) problems.push({ path: 'note', message: `确认意见：不超过${NOTE_MAX}个字` });
    if (problems.length > 0) throw invalidInput(problems);
    const { o, standing } = await this.scoped(actor, id);
    this.refuse(decision === 'confirm' ? 'confirm' : 'sendBack', o, standing);
    const now = this.clock();
    const at = now.toISOString();
    const batch = this.notifier.batch();
    if (decision === 'sendBack') {
      await this.db.transaction().execute(async (trx) => {
        if (!(await repo.sendBackIfVerified(trx, o.id, { reason: note }))) {
          throw this.conflict(o, await repo.objectionById(trx, o.id));
        }
        await writeAudit(trx, {
          actor: `account:${actor.accountId}`,
          action: 'objection.sentBack',
          subject: `objection:${o.id}`,
          detail: { receiptNo: o.receipt_no, filingId: o.filing_id, reason: note },
        });
        for (const account of await repo.agencyStaff(trx, o.agency_id as number)) {
          await batch.notify(trx, account, {
            category: 'review',
            title: '公示异议核实退回',
            body: `省级科技管理部门退回了对「${o.enterprise_name}」的异议（受理编号${o.receipt_no}）的核实处理情况表，请重新核实。原因：${note}`,
            link: `/staff/objections/${o.id}`,
          });
        }
      });
      await batch.send();
      return this.detail(actor, o.id);
    }

    const handling = o.handling as HandlingForm;
    const conclusion = handling.conclusion;
    await this.db.transaction().execute(async (trx) => {
      const decided = await repo.decideIfVerified(trx, o.id, {
        status: conclusion,
        by: actor.accountId,
        at,
        note: note === '' ? null : note,
      });
      if (!decided) throw this.conflict(o, await repo.objectionById(trx, o.id));
      let withheld = false;
      if (conclusion === 'upheld') {
        withheld = await repo.withholdFiling(trx, o.filing_id);
        if (!withheld) {
          // Another objection may already have withheld it; an announced filing cannot be withheld here.
          const status = await repo.filingStatus(trx, o.filing_id);
          if (status !== 'not_registered') {
            throw new AppError(409, 'conflict', '该企业已不在公示中（可能已公告入库），不能以异议成立不予入库');
          }
        } else {
          await repo.insertFilingEvent(trx, {
            filing_id: o.filing_id,
            actor_id: actor.accountId,
            detail: { objectionId: o.id, receiptNo: o.receipt_no, ground: o.ground },
            at,
          });
        }
        await repo.withholdEntry(trx, o.entry_id, at);
      }
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: conclusion === 'upheld' ? 'objection.upheld' : 'objection.dismissed',
        subject: `objection:${o.id}`,
        detail: { receiptNo: o.receipt_no, filingId: o.filing_id, entryId: o.entry_id, withheld, note: note || null },
      });
      // The objector: an SMS (no account). The development outbox writes it here; a real gateway after commit.
      const objectorText =
        conclusion === 'upheld'
          ? `您对「${o.enterprise_name}」提出的公示异议（受理编号${o.receipt_no}）经核实成立，该企业本年度不予入库。感谢您的监督。`
          : `您对「${o.enterprise_name}」提出的公示异议（受理编号${o.receipt_no}）经核实不成立，该企业按程序公告入库。`;
      const rows = batch.outboxRows([{ channels: { sms: o.objector_phone } }], {
        category: 'review',
        title: '公示异议办理结果',
        body: objectorText,
      });
      if (rows.length > 0) await trx.insertInto('outbox_message').values(rows).execute();
      await notifyEnterprise(
        batch,
        trx,
        { id: o.filing_id, enterpriseId: o.enterprise_id },
        conclusion === 'upheld'
          ? {
              title: `${o.evaluation_year}年度公示异议成立，不予入库`,
              body: `公示期间收到的异议（理由：${GROUNDS[o.ground]}）经评价工作机构核实、省级科技管理部门确认成立，您的企业${o.evaluation_year}年度不予入库。如有疑问，请联系${o.agency_name ?? '评价工作机构'}。`,
            }
          : {
              title: `${o.evaluation_year}年度公示异议经核实不成立`,
              body: `公示期间收到的对您企业的异议经评价工作机构核实、省级科技管理部门确认不成立，公示期满后将按程序公告入库。`,
            },
      );
    });
    await batch.send();
    return this.detail(actor, o.id);
  }

  /** The handling form's data for the PDF: the province and the assigned agency, once the agency filled it in. */
  async handlingPdfInput(actor: Actor, id: unknown) {
    const { o } = await this.scoped(actor, id);
    if (o.handling === null) {
      throw new AppError(409, 'not_verified', '评价工作机构尚未填写核实处理情况表，暂不能导出');
    }
    const evidence = await repo.evidenceOf(this.db, o.id);
    return {
      receiptNo: o.receipt_no,
      batchTitle: batchTitle(o),
      publishedOn: o.published_on ?? '',
      endsOn: o.ends_on ?? '',
      enterpriseName: o.enterprise_name,
      uscc: o.uscc,
      regionName: o.region_name,
      objectorKind: OBJECTOR_KIND_LABELS[o.objector_kind],
      objectorName: o.objector_name,
      objectorPhone: maskPhone(o.objector_phone),
      objectorUscc: o.objector_uscc,
      groundLabel: GROUNDS[o.ground],
      facts: o.facts,
      receivedAt: new Date(o.received_at),
      evidenceNames: evidence.map((e) => e.file_name),
      handling: o.handling as HandlingForm,
      handlingGroundLabel: GROUNDS[(o.handling as HandlingForm).ground],
      conclusionLabel: CONCLUSION_LABELS[(o.handling as HandlingForm).conclusion],
      agencyName: o.agency_name ?? '',
      verifiedBy: o.verified_by_name,
      verifiedAt: o.verified_at === null ? null : new Date(o.verified_at),
      decision:
        o.status === 'upheld' || o.status === 'dismissed'
          ? {
              label: STAFF_STATUS_LABELS[o.status],
              note: o.decision_note,
              by: o.decided_by_name,
              at: new Date(o.decided_at as Date),
            }
          : null,
      generatedAt: this.clock(),
    };
  }
}

export type HandlingPdfInput = Awaited<ReturnType<ObjectionService['handlingPdfInput']>>;
