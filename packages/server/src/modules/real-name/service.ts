/**
 * Manual real-name verification (人工实名核验). When the automatic check fails, the applicant uploads ID photos
 * (a legal person: the legal representative's, the business licence with the unit's seal and optionally the
 * 国家企业信用信息公示系统 screenshot); staff of the applicant's province (a person: the ID's issuing province; a
 * legal person: its registered region's) or national staff approve or reject. One pending request per account.
 */
import { maskIdCard, maskPhone } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { AccountKind, Database, RealNameRequestStatus, RealNameStatus } from '../../db/schema.js';
import type { Actor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { type FileStore, KIND_LABELS, loadFile, storeFile } from '../../platform/files.js';
import type { Notifier } from '../../platform/notifications/notifier.js';
import { canSeeEnterprise, regionCodesInScope, staffScope } from '../../platform/scope.js';
import type { FileFieldSpec, MultipartForm } from '../../platform/uploads.js';
import {
  countRequests,
  decidePending,
  getOwnRequest,
  getRequestWithApplicant,
  hasPendingRequest,
  insertRequest,
  latestRequestOf,
  listRequests,
  lockAccount,
  type RequestRow,
  type RequestScope,
  setAccountRealNameStatus,
} from './repository.js';

export const FILE_FIELDS = ['idFront', 'idBack', 'businessLicence', 'creditScreenshot'] as const;
export type FileField = (typeof FILE_FIELDS)[number];
type ApplicantKind = 'person' | 'legalPerson';

const MB = 1024 * 1024;

/** What each kind of applicant uploads (the notices' lists), with limits the upload reader enforces. */
export const MATERIALS: Readonly<Record<ApplicantKind, Partial<Record<FileField, FileFieldSpec>>>> = {
  person: {
    idFront: { label: '身份证人像面照片', kinds: ['jpeg', 'png'], maxBytes: MB, required: true },
    idBack: { label: '身份证国徽面照片', kinds: ['jpeg', 'png'], maxBytes: MB, required: true },
  },
  legalPerson: {
    idFront: { label: '法定代表人身份证人像面照片', kinds: ['jpeg', 'png'], maxBytes: MB, required: true },
    idBack: { label: '法定代表人身份证国徽面照片', kinds: ['jpeg', 'png'], maxBytes: MB, required: true },
    businessLicence: {
      label: '加盖单位公章的营业执照扫描件',
      kinds: ['pdf', 'jpeg', 'png'],
      maxBytes: 5 * MB,
      required: true,
    },
    creditScreenshot: {
      label: '国家企业信用信息公示系统核验结果截图',
      kinds: ['jpeg', 'png', 'pdf'],
      maxBytes: 2 * MB,
      required: false,
    },
  },
};

const FIELD_LABELS: Readonly<Record<FileField, string>> = {
  idFront: '身份证人像面',
  idBack: '身份证国徽面',
  businessLicence: '营业执照扫描件',
  creditScreenshot: '公示系统截图',
};

export const STATUS_LABELS: Readonly<Record<RealNameRequestStatus, string>> = {
  pending: '待核验',
  approved: '已通过',
  rejected: '未通过',
};

export const MIN_REASON_LENGTH = 5;
export const MAX_REASON_LENGTH = 500;
export const PAGE_SIZE = 20;

export interface MaterialView {
  field: FileField;
  label: string;
  kinds: string[];
  maxBytes: number;
  required: boolean;
}

export interface RequestFileView {
  field: FileField;
  label: string;
  fileName: string;
  /** As stored (read from the content at upload). */
  mediaType: string | null;
}

export interface OwnRequestView {
  id: number;
  status: RealNameRequestStatus;
  submittedAt: string;
  decidedAt: string | null;
  reason: string | null;
  files: RequestFileView[];
}

export interface OwnStatusView {
  kind: ApplicantKind;
  realNameStatus: RealNameStatus;
  /** May submit now (not verified, nothing pending). */
  canSubmit: boolean;
  materials: MaterialView[];
  notes: string[];
  latest: OwnRequestView | null;
}

export interface StaffRequestView extends OwnRequestView {
  applicant: {
    accountId: number;
    kind: ApplicantKind;
    loginName: string;
    /** A person's name or the unit's name. */
    name: string;
    /** The person's or the legal representative's, masked. */
    idNumberMasked: string;
    legalRepName: string | null;
    uscc: string | null;
    region: { code: string; name: string } | null;
    phoneMasked: string | null;
  };
  decidedBy: number | null;
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function filesOf(row: {
  id_front_name: string;
  id_back_name: string;
  business_licence_sha256: string | null;
  business_licence_name: string | null;
  credit_screenshot_sha256: string | null;
  credit_screenshot_name: string | null;
  id_front_type: string | null;
  id_back_type: string | null;
  business_licence_type: string | null;
  credit_screenshot_type: string | null;
}): RequestFileView[] {
  const file = (field: FileField, fileName: string | null, mediaType: string | null): RequestFileView => ({
    field,
    label: FIELD_LABELS[field],
    fileName: fileName ?? '',
    mediaType,
  });
  const files = [
    file('idFront', row.id_front_name, row.id_front_type),
    file('idBack', row.id_back_name, row.id_back_type),
  ];
  if (row.business_licence_sha256 !== null) {
    files.push(file('businessLicence', row.business_licence_name, row.business_licence_type));
  }
  if (row.credit_screenshot_sha256 !== null) {
    files.push(file('creditScreenshot', row.credit_screenshot_name, row.credit_screenshot_type));
  }
  return files;
}

function shaOf(
  row: {
    id_front_sha256: string;
    id_back_sha256: string;
    business_licence_sha256: string | null;
    credit_screenshot_sha256: string | null;
  },
  field: FileField,
): string | null {
  switch (field) {
    case 'idFront':
      return row.id_front_sha256;
    case 'idBack':
      return row.id_back_sha256;
    case 'businessLicence':
      return row.business_licence_sha256;
    case 'creditScreenshot':
      return row.credit_screenshot_sha256;
  }
}

function ownView(
  row: Parameters<typeof filesOf>[0] & {
    id: number | string;
    status: RealNameRequestStatus;
    submitted_at: Date;
    decided_at: Date | null;
    reason: string | null;
  },
): OwnRequestView {
  return {
    id: Number(row.id),
    status: row.status,
    submittedAt: iso(row.submitted_at) as string,
    decidedAt: iso(row.decided_at),
    reason: row.reason,
    files: filesOf(row),
  };
}

function staffView(row: RequestRow): StaffRequestView {
  const kind = row.applicant_kind;
  const idNumber = (kind === 'person' ? row.person_id_number : row.legal_rep_id_number) ?? '';
  return {
    ...ownView(row),
    decidedBy: row.decided_by === null ? null : Number(row.decided_by),
    applicant: {
      accountId: Number(row.account_id),
      kind,
      loginName: row.login_name,
      name: (kind === 'person' ? row.person_name : row.enterprise_name) ?? row.display_name,
      idNumberMasked: maskIdCard(idNumber),
      legalRepName: row.legal_rep_name,
      uscc: row.uscc,
      region: row.region_code === null ? null : { code: row.region_code, name: row.region_name ?? '' },
      phoneMasked: row.phone === null ? null : maskPhone(row.phone),
    },
  };
}

const notFound = () => new AppError(404, 'not_found', '未找到该实名核验申请，或不在您的管辖范围内');

function applicantKind(kind: AccountKind): ApplicantKind {
  if (kind === 'staff') throw new AppError(403, 'forbidden', '工作人员账号无需实名核验');
  return kind;
}

export class RealNameService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly files: FileStore,
    private readonly notifier: Notifier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The upload form's fields for this account kind. */
  uploadSpec(kind: AccountKind): Readonly<Record<string, FileFieldSpec>> {
    return MATERIALS[applicantKind(kind)] as Record<string, FileFieldSpec>;
  }

  /** Refuse before reading the upload: verified already, or a request pending. */
  async assertMaySubmit(actor: Actor): Promise<void> {
    const account = await this.db
      .selectFrom('account')
      .select('real_name_status')
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow();
    this.refuseByState(account.real_name_status, await hasPendingRequest(this.db, actor.accountId));
  }

  private refuseByState(status: RealNameStatus, pending: boolean): void {
    if (status === 'verified') {
      throw new AppError(409, 'already_verified', '账号已实名认证，无需再提交人工核验');
    }
    if (pending || status === 'pending') {
      throw new AppError(409, 'already_pending', '已有一份实名核验申请正在人工核验中，请等待核验结果后再提交');
    }
  }

  /** The account's own status, what to upload, and its latest request. */
  async ownStatus(actor: Actor): Promise<OwnStatusView> {
    const kind = applicantKind(actor.kind);
    const account = await this.db
      .selectFrom('account')
      .select('real_name_status')
      .where('id', '=', actor.accountId)
      .executeTakeFirstOrThrow();
    const latest = await latestRequestOf(this.db, actor.accountId);
    const materials = Object.entries(MATERIALS[kind]).map(([field, spec]) => ({
      field: field as FileField,
      label: spec.label,
      kinds: spec.kinds.map((k) => KIND_LABELS[k]),
      maxBytes: spec.maxBytes,
      required: spec.required,
    }));
    const notes = [
      '请先核对注册时填写的信息是否正确；信息正确但自动实名认证仍未通过的，再上传证件照片申请人工核验。',
      '证件照片须清晰完整，证件复印件须签字后再拍照或扫描上传。',
      '如在核验期间修改了个人或单位信息，请在核验结果出来后重新上传。',
    ];
    if (kind === 'legalPerson') {
      notes.push(
        '营业执照扫描件须加盖单位公章；公示系统截图可在国家企业信用信息公示系统（www.gsxt.gov.cn）查询后截取。',
      );
    }
    return {
      kind,
      realNameStatus: account.real_name_status,
      canSubmit: account.real_name_status !== 'verified' && latest?.status !== 'pending',
      materials,
      notes,
      latest: latest ? ownView(latest) : null,
    };
  }

  /** Submit a request with the uploaded files (already read and sniffed by `readMultipart`). */
  async submit(actor: Actor, form: MultipartForm): Promise<OwnRequestView> {
    const kind = applicantKind(actor.kind);
    const spec = MATERIALS[kind];
    const problems: FieldProblem[] = [];
    for (const [field, s] of Object.entries(spec)) {
      if (s.required && !form.files[field]) problems.push({ path: field, message: `${s.label}：请上传文件` });
    }
    if (problems.length > 0) throw invalidInput(problems);
    const file = (field: FileField) => form.files[field];

    let id: number;
    try {
      id = await this.db.transaction().execute(async (trx) => {
        const account = await lockAccount(trx, actor.accountId);
        if (!account) throw new AppError(404, 'not_found', '账号不存在');
        this.refuseByState(account.real_name_status, await hasPendingRequest(trx, actor.accountId));
        const stored: Partial<Record<FileField, { sha256: string; byteSize: number; name: string }>> = {};
        for (const field of FILE_FIELDS) {
          const upload = file(field);
          if (!upload || !spec[field]) continue;
          const saved = await storeFile(trx, this.files, upload.bytes, upload.kind);
          stored[field] = { sha256: saved.sha256, byteSize: saved.byteSize, name: upload.fileName };
        }
        const requestId = await insertRequest(trx, {
          account_id: actor.accountId,
          applicant_kind: kind,
          id_front_sha256: stored.idFront!.sha256,
          id_front_name: stored.idFront!.name,
          id_back_sha256: stored.idBack!.sha256,
          id_back_name: stored.idBack!.name,
          business_licence_sha256: stored.businessLicence?.sha256 ?? null,
          business_licence_name: stored.businessLicence?.name ?? null,
          credit_screenshot_sha256: stored.creditScreenshot?.sha256 ?? null,
          credit_screenshot_name: stored.creditScreenshot?.name ?? null,
        });
        await setAccountRealNameStatus(trx, actor.accountId, 'pending');
        await writeAudit(trx, {
          actor: `account:${actor.accountId}`,
          action: 'realName.submitted',
          subject: `realNameRequest:${requestId}`,
          detail: {
            account: actor.accountId,
            applicantKind: kind,
            previousStatus: account.real_name_status,
            files: Object.fromEntries(
              Object.entries(stored).map(([f, s]) => [f, { sha256: s.sha256, bytes: s.byteSize }]),
            ),
          },
        });
        return requestId;
      });
    } catch (error) {
      // The partial unique index: another submission of this account committed first.
      if ((error as { code?: string }).code === '23505') this.refuseByState('pending', true);
      throw error;
    }
    const row = await getOwnRequest(this.db, actor.accountId, id);
    return ownView(row!);
  }

  /** One of the account's own uploaded files. */
  async ownFile(actor: Actor, requestId: number, field: string) {
    const row = await getOwnRequest(this.db, actor.accountId, requestId);
    if (!row) throw notFound();
    return this.fileOf(row, field);
  }

  private async fileOf(
    row: Parameters<typeof shaOf>[0] & Parameters<typeof filesOf>[0],
    field: string,
  ): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
    if (!(FILE_FIELDS as readonly string[]).includes(field)) {
      throw new AppError(404, 'not_found', '未找到该材料');
    }
    const sha = shaOf(row, field as FileField);
    const view = filesOf(row).find((f) => f.field === field);
    if (sha === null || !view) throw new AppError(404, 'not_found', '该申请未上传此项材料');
    const loaded = await loadFile(this.db, this.files, sha);
    if (!loaded) throw new AppError(404, 'not_found', '材料文件缺失，请联系系统管理员');
    return { ...loaded, fileName: view.fileName };
  }

  private async scopeOf(actor: Actor): Promise<RequestScope> {
    const scope = staffScope(actor);
    if (scope.all) return 'all';
    const codes = scope.provinceCodes.length > 0 ? await regionCodesInScope(this.db, actor) : [];
    return {
      idPrefixes: scope.provinceCodes.map((c) => c.slice(0, 2)),
      regionCodes: codes === 'all' ? [] : codes,
    };
  }

  /** Whether this staff member may decide this request (404 outside one's scope). */
  private async inScope(actor: Actor, row: RequestRow): Promise<boolean> {
    const scope = staffScope(actor);
    if (scope.all) return true;
    if (row.applicant_kind === 'person') {
      const prefix = (row.person_id_number ?? '').slice(0, 2);
      return scope.provinceCodes.some((c) => c.slice(0, 2) === prefix);
    }
    if (row.enterprise_id === null || row.enterprise_region_code === null || scope.provinceCodes.length === 0) {
      return false;
    }
    return canSeeEnterprise(this.db, actor, {
      id: Number(row.enterprise_id),
      regionCode: row.enterprise_region_code,
    });
  }

  /** The staff queue, filtered by status, newest decisions first (pending: oldest first). */
  async list(actor: Actor, query: Record<string, unknown>) {
    const problems: FieldProblem[] = [];
    const rawStatus = typeof query.status === 'string' ? query.status.trim() : '';
    if (rawStatus !== '' && !['pending', 'approved', 'rejected'].includes(rawStatus)) {
      problems.push({
        path: 'status',
        message: '状态：只能是 pending（待核验）、approved（已通过）、rejected（未通过）之一',
      });
    }
    const rawPage = typeof query.page === 'string' && query.page.trim() !== '' ? query.page.trim() : '1';
    const page = /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : NaN;
    if (!Number.isInteger(page) || page < 1) problems.push({ path: 'page', message: '页码：须为正整数' });
    if (problems.length > 0) throw invalidInput(problems);
    const filter = {
      status: rawStatus === '' ? undefined : (rawStatus as RealNameRequestStatus),
      scope: await this.scopeOf(actor),
    };
    const [total, rows] = await Promise.all([
      countRequests(this.db, filter),
      listRequests(this.db, filter, (page - 1) * PAGE_SIZE, PAGE_SIZE),
    ]);
    return { items: rows.map(staffView), total, page, pageSize: PAGE_SIZE };
  }

  private async scopedRequest(actor: Actor, id: number): Promise<RequestRow> {
    const row = await getRequestWithApplicant(this.db, id);
    if (!row || !(await this.inScope(actor, row))) throw notFound();
    return row;
  }

  async get(actor: Actor, id: number): Promise<StaffRequestView> {
    return staffView(await this.scopedRequest(actor, id));
  }

  async staffFile(actor: Actor, id: number, field: string) {
    return this.fileOf(await this.scopedRequest(actor, id), field);
  }

  /** Approve or reject; one transaction with the account's status, audit and in-app message; SMS after commit. */
  async decide(actor: Actor, id: number, body: Record<string, unknown>): Promise<StaffRequestView> {
    const problems: FieldProblem[] = [];
    const decision = body.decision;
    if (decision !== 'approve' && decision !== 'reject') {
      problems.push({ path: 'decision', message: '核验结论：只能是 approve（通过）或 reject（不通过）' });
    }
    const reasonText = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (body.reason !== undefined && body.reason !== null && typeof body.reason !== 'string') {
      problems.push({ path: 'reason', message: '原因：须为文字' });
    } else if (decision === 'reject' && [...reasonText].length < MIN_REASON_LENGTH) {
      problems.push({
        path: 'reason',
        message: `不通过原因：请填写不通过的原因（至少${MIN_REASON_LENGTH}个字），以便申请人补正`,
      });
    } else if ([...reasonText].length > MAX_REASON_LENGTH) {
      problems.push({ path: 'reason', message: `原因：不能超过${MAX_REASON_LENGTH}个字` });
    }
    if (problems.length > 0) throw invalidInput(problems);
    const row = await this.scopedRequest(actor, id);
    const approved = decision === 'approve';
    const reason = reasonText === '' ? null : reasonText;

    const batch = this.notifier.batch();
    await this.db.transaction().execute(async (trx) => {
      const decided = await decidePending(trx, id, {
        status: approved ? 'approved' : 'rejected',
        decidedBy: actor.accountId,
        reason,
        at: this.clock().toISOString(),
      });
      if (!decided) {
        const current = await getRequestWithApplicant(trx, id);
        const label = current ? STATUS_LABELS[current.status] : '已处理';
        throw new AppError(409, 'already_decided', `该申请已核验（${label}），不能重复处理`);
      }
      const owner = Number(decided.account_id);
      await setAccountRealNameStatus(trx, owner, approved ? 'verified' : 'rejected');
      await writeAudit(trx, {
        actor: `account:${actor.accountId}`,
        action: approved ? 'realName.approved' : 'realName.rejected',
        subject: `realNameRequest:${id}`,
        detail: { account: owner, applicantKind: row.applicant_kind, reason },
      });
      await batch.notify(
        trx,
        owner,
        {
          category: 'realName',
          title: approved ? '实名认证人工核验已通过' : '实名认证人工核验未通过',
          body: approved
            ? '您提交的实名认证材料已通过人工核验，账号已实名认证。'
            : `您提交的实名认证材料未通过人工核验。原因：${reason}。请核对信息后重新上传材料。`,
          link: '/account/real-name',
        },
        { sms: row.phone },
      );
    });
    await batch.send();
    return this.get(actor, id);
  }
}
