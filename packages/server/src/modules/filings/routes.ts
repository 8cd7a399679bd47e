/** HTTP of the enterprise's filing: overview, start, autosave, evidence, PDF, submit, withdraw, versions. */
import type { FastifyInstance } from 'fastify';
import type { Actor, RoutePolicy } from '../../platform/access.js';
import { readMultipart, sendUploadedFile } from '../../platform/uploads.js';
import { errorSchema } from '../assessment/schemas.js';
import { EVIDENCE_FILE, type FilingService } from './service.js';

/** The enterprise's own filing: its legal-person account or an agent acting for it (checked in the service). */
const ENTERPRISE: RoutePolicy = { access: 'signedIn', kinds: ['legalPerson', 'person'] };
/** Evidence files: the enterprise, and the staff whose scope holds the filing (checked in the service). */
const SEES_FILING: RoutePolicy = { access: 'signedIn' };

const TAGS = ['参评填报'];
const idParams = {
  type: 'object',
  properties: {
    id: { type: 'string', title: '参评信息表编号' },
    evidenceId: { type: 'string', title: '证明材料编号' },
    no: { type: 'string', title: '版本号' },
  },
};
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const FILING_VIEW_DESCRIPTION =
  '返回参评信息表：状态（企业端名称与说明）、草稿及其版本号、证明材料、所需材料、允许的操作（allowedActions，界面只显示这些）、' +
  '不能提交的原因（submitBlockers）、时间线、审核意见与已提交的版本。';

export type PdfRenderer = (input: Awaited<ReturnType<FilingService['sheetForPdf']>>) => Promise<Buffer>;

export function filingRoutes(app: FastifyInstance, filings: FilingService, renderPdf: PdfRenderer): void {
  app.get(
    '/api/v1/filing',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '本企业的参评概况：本省当前评价工作、本年度及往年的信息表',
        response: { 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => filings.overview(request.actor as Actor),
  );

  app.post(
    '/api/v1/filings',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '开始本年度填报（基本信息按注册信息预填；已开始的返回已有的）',
        description: FILING_VIEW_DESCRIPTION,
        response: { 201: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await filings.start(request.actor as Actor)),
  );

  app.get(
    '/api/v1/filings/:id',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '参评信息表',
        description: FILING_VIEW_DESCRIPTION,
        params: idParams,
        response: errors,
      },
    },
    async (request) => filings.view(request.actor as Actor, (request.params as { id: string }).id),
  );

  app.put(
    '/api/v1/filings/:id/draft',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '自动保存信息表草稿',
        description:
          '请求体 { draftVersion, draft }：draftVersion 为客户端最后看到的版本号。草稿在其他窗口或设备上已被保存过时返回409' +
          '（stale_draft），不覆盖。返回新的版本号与保存时间。',
        params: idParams,
        body: {
          type: 'object',
          properties: { draftVersion: { type: 'integer' }, draft: { type: 'object' } },
        },
        response: {
          200: {
            type: 'object',
            properties: { draftVersion: { type: 'integer' }, savedAt: { type: 'string' } },
          },
          ...errors,
        },
      },
      // The service checks the body and names every bad field in Chinese.
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (request) => filings.saveDraft(request.actor as Actor, (request.params as { id: string }).id, request.body),
  );

  app.post(
    '/api/v1/filings/:id/evidence',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '上传证明材料（multipart/form-data：kind 材料类别，file 文件）',
        description: 'PDF、JPG、PNG，单个不超过10MB，类型按文件内容识别；每份信息表最多60个文件。提交后不能修改。',
        params: idParams,
        response: { 201: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (request, reply) => {
      const form = await readMultipart(request, { file: EVIDENCE_FILE });
      const { id } = request.params as { id: string };
      return reply.status(201).send(await filings.addEvidence(request.actor as Actor, id, form));
    },
  );

  app.delete(
    '/api/v1/filings/:id/evidence/:evidenceId',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '删除一个证明材料（提交前）',
        params: idParams,
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      const { id, evidenceId } = request.params as { id: string; evidenceId: string };
      await filings.removeEvidence(request.actor as Actor, id, evidenceId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/filings/:id/evidence/:evidenceId',
    {
      config: { policy: SEES_FILING },
      schema: {
        tags: TAGS,
        summary: '查看证明材料（企业本身、受理的评价工作机构、本省管理员）',
        description:
          '企业可查看未删除的材料，以及已提交的任一版本中的材料（删除后仍可在该版本中查看）；其他已删除的材料返回404。' +
          '评价工作机构与管理员只能查看已提交版本中的材料。',
        params: idParams,
      },
    },
    async (request, reply) => {
      const { id, evidenceId } = request.params as { id: string; evidenceId: string };
      return sendUploadedFile(reply, await filings.evidenceFile(request.actor as Actor, id, evidenceId));
    },
  );

  app.get(
    '/api/v1/filings/:id/info-sheet.pdf',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '生成信息表PDF（打印、法定代表人签字、加盖公章后扫描上传首页）',
        description: '信息表须填写完整；页脚印有参评编号与草稿版本，便于核对扫描件。',
        params: idParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const input = await filings.sheetForPdf(request.actor as Actor, (request.params as { id: string }).id);
      const pdf = await renderPdf(input);
      const name = `科技型中小企业信息表-${input.evaluationYear}-${input.sheet.basic.uscc}.pdf`;
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('Cache-Control', 'private, no-store')
        .send(pdf);
    },
  );

  app.post(
    '/api/v1/filings/:id/submit',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '签署承诺书并提交',
        description:
          '请求体 { draftVersion, commitment: { signerName, accepted: true } }。自评不符合条件、缺少盖章首页或证明材料、' +
          '不在填报时间内、本年度编号已被撤销或因弄虚作假被禁止申请的，返回409并列出全部原因。重复提交返回409。',
        params: idParams,
        response: errors,
      },
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (request) => filings.submit(request.actor as Actor, (request.params as { id: string }).id, request.body),
  );

  app.post(
    '/api/v1/filings/:id/withdraw',
    {
      config: { policy: ENTERPRISE },
      schema: { tags: TAGS, summary: '撤回（评价工作机构开始审核前）', params: idParams, response: errors },
    },
    async (request) => filings.withdraw(request.actor as Actor, (request.params as { id: string }).id),
  );

  app.get(
    '/api/v1/filings/:id/versions/:no',
    {
      config: { policy: ENTERPRISE },
      schema: {
        tags: TAGS,
        summary: '已提交的某一版本（只读）',
        description:
          '提交时的信息表、自评结果、实地核查情形、证明材料清单（url 可查看文件）与承诺书；该版本的结果（outcome：' +
          '待审核、审核中、审核通过、退回补正、审核未通过或已撤回）及其审核意见（reviews，新的在前）。',
        params: idParams,
        response: errors,
      },
    },
    async (request) => {
      const { id, no } = request.params as { id: string; no: string };
      return filings.version(request.actor as Actor, id, no);
    },
  );
}
