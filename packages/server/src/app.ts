/**
 * The Fastify application: error shape, security headers, OpenAPI (/docs), the capabilities' routes,
 * health, and the built web app with SPA fallback.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/index.js';
import { accountRoutes } from './modules/accounts/routes.js';
import { agentRoutes } from './modules/agents/routes.js';
import { AgentsService } from './modules/agents/service.js';
import { enterpriseRoutes } from './modules/enterprises/routes.js';
import { staffEnterpriseRoutes } from './modules/enterprises/staff-routes.js';
import { StaffEnterprises } from './modules/enterprises/staff-service.js';
import { AgencyAdministration } from './modules/agencies/administration.js';
import { agencyRoutes } from './modules/agencies/routes.js';
import { campaignRoutes } from './modules/campaigns/routes.js';
import { loadPdfFonts, type PdfFonts, renderInfoSheetPdf } from './modules/filings/pdf.js';
import { filingRoutes } from './modules/filings/routes.js';
import { renderProofPdf } from './modules/registry/proof-pdf.js';
import { registryRoutes } from './modules/registry/routes.js';
import { RegistryService } from './modules/registry/service.js';
import { FilingService } from './modules/filings/service.js';
import { CampaignService } from './modules/campaigns/service.js';
import { staffRoutes } from './modules/staff/routes.js';
import { StaffAdministration } from './modules/staff/service.js';
import { EnterpriseService } from './modules/enterprises/service.js';
import { AccountsService } from './modules/accounts/service.js';
import { assessmentRoutes } from './modules/assessment/routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { regionRoutes } from './modules/regions/routes.js';
import { RegionService } from './modules/regions/service.js';
import { verificationRoutes } from './modules/verification/routes.js';
import { recoveryRoutes } from './modules/recovery/routes.js';
import { RecoveryService } from './modules/recovery/service.js';
import { auditLogRoutes } from './modules/audit-log/routes.js';
import { AuditLogService } from './modules/audit-log/service.js';
import { messageRoutes } from './modules/messages/routes.js';
import { MessagesService } from './modules/messages/service.js';
import { outboxRoutes } from './modules/outbox/routes.js';
import { OutboxService } from './modules/outbox/service.js';
import { type EmailGateway, OutboxEmailGateway } from './platform/notifications/email.js';
import { Notifier } from './platform/notifications/notifier.js';
import { objectionRoutes } from './modules/objections/routes.js';
import { renderHandlingPdf } from './modules/objections/pdf.js';
import { ObjectionService } from './modules/objections/service.js';
import { realNameRoutes } from './modules/real-name/routes.js';
import { RealNameService } from './modules/real-name/service.js';
import { publicityRoutes } from './modules/publicity/routes.js';
import { type RegistrationNumbering } from './modules/publicity/numbering.js';
import { PublicityService } from './modules/publicity/service.js';
import { reviewRoutes } from './modules/reviews/routes.js';
import { ReviewService } from './modules/reviews/service.js';
import { VerificationService } from './modules/verification/service.js';
import { OutboxSmsGateway, type SmsGateway } from './platform/notifications/sms.js';
import { AuditChainLinker } from './platform/audit.js';
import { HolidayCalendar } from './modules/calendar/service.js';
import { registerAccessControl, type RouteRecord } from './platform/access.js';
import { registerErrorHandling } from './platform/errors.js';
import { type FileStore, LocalDirectoryFileStore } from './platform/files.js';
import { registerUploads } from './platform/uploads.js';
import { DevIdentityVerifier, type IdentityVerifier } from './platform/identity-verifier.js';
import { DatabaseRateLimiter, type RateLimiter } from './platform/rate-limit.js';
import { TokenBuckets } from './platform/token-bucket.js';

/** The built web app (packages/web/dist), resolved from this package, not the working directory. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'unavailable'] },
    database: { type: 'string' },
    rateLimiter: { type: 'string', enum: ['database', 'redis'] },
    redis: { type: 'string', enum: ['ok', 'unavailable'] },
  },
} as const;

export interface AppOptions {
  /** trustProxy: Config.trustProxy (default false). */
  config: Pick<Config, 'logLevel' | 'nodeEnv'> & Partial<Pick<Config, 'trustProxy'>>;
  database: DatabaseHandle;
  /** Serve the web app from this directory (default WEB_DIST); null = API only. */
  webDist?: string | null;
  /** The SMS driver (default: the development outbox). */
  sms?: SmsGateway;
  /** The real-name verification driver (default: the development driver). */
  identity?: IdentityVerifier;
  /**
   * Where uploaded files are stored. main.ts passes the local directory FILES_DIR; an app built without one
   * (tests, embedding) keeps its files in a directory of its own under the system's temporary directory.
   */
  files?: FileStore;
  /** The e-mail driver (default: the development outbox; main.ts passes SMTP when SMTP_URL is set). */
  email?: EmailGateway;
  /** A TTF/TTC font file for generated PDFs (PDF_FONT_FILE); default: the bundled Noto Sans SC subset. */
  pdfFontFile?: string;
  /** Where rate limits are counted (default: the database; main.ts passes Redis when REDIS_URL is set). */
  rateLimiter?: RateLimiter;
  /**
   * The platform's time for the publicity calendar (windows, announcement): tests move it across a window;
   * default the system clock.
   */
  clock?: () => Date;
  /** How registration numbers are made (default: modules/publicity/numbering.ts defaultNumbering). */
  registrationNumbering?: RegistrationNumbering;
  /** PUBLIC_BASE_URL: the public site's address, for the look-up's `url` and the proof's QR code. */
  publicBaseUrl?: string;
  /** PUBLIC_LOOKUP_PER_MINUTE: public look-ups per client and minute (in-process token bucket; default 600). */
  publicLookupPerMinute?: number;
}

export interface App extends FastifyInstance {
  calendar: HolidayCalendar;
  verification: VerificationService;
  accounts: AccountsService;
  agents: AgentsService;
  enterprises: EnterpriseService;
  regions: RegionService;
  files: FileStore;
  recovery: RecoveryService;
  realName: RealNameService;
  /** 参评填报: the enterprise's filing, from draft to submission. */
  filings: FilingService;
  /** 审核: the agency review of submitted filings and the province's view. */
  reviews: ReviewService;
  /** 年度评价工作: campaignFor / openCampaignFor for the capabilities that need the province's campaign. */
  campaigns: CampaignService;
  /** In-app message + SMS/e-mail after commit (platform/notifications/notifier.ts). */
  notifier: Notifier;
  /** 公示异议: lodging (public), verification and confirmation (staff). */
  objections: ObjectionService;
  /** Every route with its declared access policy. */
  routePolicies: RouteRecord[];
  /** 公示与公告: batches, announcement and registration numbers. */
  publicity: PublicityService;
  /** The platform's time for the publicity calendar (AppOptions.clock). */
  clock: () => Date;
  /** 入库查询: the public look-up, open data and the enterprise's proof. */
  registry: RegistryService;
}

export async function buildApp({
  config,
  database,
  webDist = WEB_DIST,
  sms = new OutboxSmsGateway(),
  identity = new DevIdentityVerifier(),
  files = new LocalDirectoryFileStore(join(tmpdir(), `kexiao-files-${process.pid}`)),
  email = new OutboxEmailGateway(database.db),
  rateLimiter = new DatabaseRateLimiter(database.db),
  pdfFontFile,
  clock = () => new Date(),
  registrationNumbering,
  publicBaseUrl = 'http://localhost:3000',
  publicLookupPerMinute = 600,
}: AppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: true, verbose: true } },
  }) as unknown as App;
  // JSON only: any other body type is answered 415 with a Chinese message.
  app.removeContentTypeParser(['text/plain']);
  const calendar = new HolidayCalendar(database.db);
  app.decorate('clock', clock);
  app.decorate('calendar', calendar);
  const verification = new VerificationService(database.db, sms, undefined, rateLimiter);
  app.decorate('verification', verification);
  const regions = new RegionService(database.db);
  app.decorate('regions', regions);
  const accounts = new AccountsService(database.db, verification, identity, undefined, rateLimiter);
  app.decorate('accounts', accounts);
  const notifier = new Notifier(database.db, sms, email, (failure) =>
    app.log.error({ failure }, 'notification delivery failed'),
  );
  app.decorate('notifier', notifier);
  const agents = new AgentsService(database.db, notifier, undefined, rateLimiter);
  app.decorate('agents', agents);
  const enterprises = new EnterpriseService(database.db, verification, sms);
  app.decorate('enterprises', enterprises);
  app.decorate('files', files);
  const recovery = new RecoveryService(database.db, verification, sms, files, undefined, rateLimiter);
  app.decorate('recovery', recovery);
  const realName = new RealNameService(database.db, files, notifier);
  app.decorate('realName', realName);
  const reviews = new ReviewService(database.db, files, notifier, calendar, regions);
  app.decorate('reviews', reviews);
  const campaigns = new CampaignService(database.db);
  app.decorate('campaigns', campaigns);
  const agencyAdministration = new AgencyAdministration(database.db);
  const filings = new FilingService(database.db, calendar, agencyAdministration.agencies, files, notifier);
  app.decorate('filings', filings);
  // Fonts are read (and converted) on the first PDF, not at start.
  let pdfFonts: PdfFonts | undefined;
  const fonts = () => (pdfFonts ??= loadPdfFonts({ pdfFontFile }));
  const renderPdf = (input: Parameters<typeof renderInfoSheetPdf>[0]) => renderInfoSheetPdf(input, fonts());
  const publicity = new PublicityService(database.db, calendar, notifier, clock, registrationNumbering);
  app.decorate('publicity', publicity);
  const objections = new ObjectionService(database.db, verification, files, notifier, clock, rateLimiter);
  app.decorate('objections', objections);

  const registry = new RegistryService(database.db, publicBaseUrl.replace(/\/+$/, ''), clock);
  app.decorate('registry', registry);

  // The audit chain is linked after commit, in the background (platform/audit.ts).
  const auditLinker = new AuditChainLinker(database.db, (error) =>
    app.log.error({ err: error }, 'audit chain linking failed'),
  );
  auditLinker.start();
  app.addHook('onClose', () => auditLinker.stop());

  registerErrorHandling(app);
  app.decorate('routePolicies', registerAccessControl(app, database.db));

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', CSP);
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '科小 kexiao API',
        description: '科技型中小企业评价平台接口。评价接口的字段与语义见 docs/contracts/assessment.md（固定契约）。',
        version: '0.1.0',
      },
      tags: [
        { name: '评价', description: '按评价年度规则评价《科技型中小企业信息表》' },
        { name: '工作日', description: '按国务院节假日安排计算工作日与期限' },
        { name: '验证码', description: '短信验证码（注册、登录、找回密码、异议）' },
        { name: '账号', description: '注册、实名核验、登录与会话' },
        { name: '企业', description: '企业信息（法人账号或代办人）' },
        { name: '代办人', description: '法人账号授权、撤销代办人；自然人选择代表办理的企业' },
        { name: '行政区划', description: 'GB/T 2260 行政区划与功能区' },
        { name: '年度评价工作', description: '各省年度评价工作：填报时间、审核时限、公示安排、实地核查情形' },
        { name: '评价工作机构', description: '评价工作机构及其管辖范围；CSV 导入、xlsx 导出（管理员）' },
        { name: '工作人员', description: '工作人员账号：创建、停用与启用、重置密码（管理员）' },
        { name: '企业查询', description: '管辖范围内的企业（工作人员）' },
        { name: '审核', description: '评价工作机构审核信息表、实地核查；省级管理员查看审核进度、退回重新审核' },
        { name: '消息', description: '我的消息（站内消息）' },
        { name: '审计', description: '审计日志查询、导出与哈希链校验（全国管理员）' },
        { name: '开发', description: '开发环境发件箱（生产环境不提供）' },
        { name: '公示异议', description: '公示期内实名提出异议；评价工作机构核实、省级确认' },
        { name: '账号找回与安全', description: '忘记密码、账号检索、申诉与审核、短信验证登录、修改密码' },
        { name: '公示与公告', description: '省级管理员组建、发布公示批次，公示期满后公告入库、赋予入库登记编号' },
        { name: '公示公告（公开）', description: '公示名单、入库公告及其 xlsx、PDF 文件（不含个人信息）' },
        { name: '开放数据', description: '公示名单与入库公告的 JSON、CSV 开放数据（不含个人信息）' },
        { name: '入库查询', description: '入库登记编号公开查询、开放数据；企业下载入库登记证明' },
        { name: '运行', description: '健康检查' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
  await registerUploads(app);

  assessmentRoutes(app);
  calendarRoutes(app, calendar);
  verificationRoutes(app, verification);
  regionRoutes(app, regions);
  accountRoutes(app, accounts, { secureCookies: config.nodeEnv === 'production' });
  recoveryRoutes(app, recovery);
  agentRoutes(app, agents);
  enterpriseRoutes(app, enterprises);
  realNameRoutes(app, realName);
  messageRoutes(app, new MessagesService(database.db));
  auditLogRoutes(app, new AuditLogService(database.db));
  await agencyRoutes(app, agencyAdministration);
  staffRoutes(app, new StaffAdministration(database.db, accounts));
  staffEnterpriseRoutes(app, new StaffEnterprises(database.db, regions, agencyAdministration.agencies));
  reviewRoutes(app, reviews);
  campaignRoutes(app, campaigns);
  filingRoutes(app, filings, renderPdf);
  // One allowance per client for every public read (look-up, publicity lists and documents, open data).
  const publicReads = new TokenBuckets({ perMinute: publicLookupPerMinute });
  publicityRoutes(app, publicity, { fonts, publicReads, publicBaseUrl: publicBaseUrl.replace(/\/+$/, '') });
  objectionRoutes(app, objections, (input) => renderHandlingPdf(input, fonts()));
  registryRoutes(app, registry, publicReads, (facts) => renderProofPdf(facts, fonts()));
  // The development outbox exists only outside production (a 404 there, whoever asks).
  if (config.nodeEnv !== 'production') outboxRoutes(app, new OutboxService(database.db));

  app.get(
    '/healthz',
    {
      config: { policy: { access: 'public', why: '负载均衡与运维探活' } },
      schema: {
        tags: ['运行'],
        summary: '健康检查（含数据库；配置了 Redis 限流时含 Redis）',
        response: {
          200: HEALTH_SCHEMA,
          503: HEALTH_SCHEMA,
        },
      },
    },
    async (_request, reply) => {
      let ok = true;
      try {
        await sql`select 1`.execute(database.db);
      } catch (error) {
        app.log.error({ err: error }, 'health check: database unavailable');
        ok = false;
      }
      let redis: 'ok' | 'unavailable' | undefined;
      if (rateLimiter.kind === 'redis') {
        // Redis down: only the rate-limited routes (login, SMS codes, …) refuse, with 503; everything else works.
        // Every process shares the one Redis, so taking this process out of the load balancer would help nobody:
        // the answer stays 200, marked "degraded", for monitoring to alert on.
        try {
          await rateLimiter.ping();
          redis = 'ok';
        } catch (error) {
          app.log.error({ err: error }, 'health check: redis unavailable');
          redis = 'unavailable';
        }
      }
      const body = {
        status: !ok ? 'unavailable' : redis === 'unavailable' ? 'degraded' : 'ok',
        database: database.dialect,
        rateLimiter: rateLimiter.kind,
        ...(redis === undefined ? {} : { redis }),
      };
      return ok ? body : reply.status(503).send(body);
    },
  );

  const serveWeb = webDist !== null && existsSync(`${webDist}/index.html`);
  if (serveWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'], maxAge: '1h' });
  } else if (webDist !== null) {
    app.log.warn(`未找到前端构建产物（${webDist}），仅提供 API。运行 npm run build 以构建前端。`);
  }

  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !/^\/api(\/|\?|$)/.test(request.url) &&
      (request.headers.accept ?? '').includes('text/html');
    if (serveWeb && wantsPage) {
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `未找到：${request.method} ${request.url.split('?')[0]}` } });
  });

  return app;
}
