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
import { AccountsService } from './modules/accounts/service.js';
import { assessmentRoutes } from './modules/assessment/routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { regionRoutes } from './modules/regions/routes.js';
import { RegionService } from './modules/regions/service.js';
import { verificationRoutes } from './modules/verification/routes.js';
import { VerificationService } from './modules/verification/service.js';
import { OutboxSmsGateway, type SmsGateway } from './platform/notifications/sms.js';
import { HolidayCalendar } from './modules/calendar/service.js';
import { registerAccessControl, type RouteRecord } from './platform/access.js';
import { registerErrorHandling } from './platform/errors.js';
import { type FileStore, LocalDirectoryFileStore } from './platform/files.js';
import { registerUploads } from './platform/uploads.js';
import { DevIdentityVerifier, type IdentityVerifier } from './platform/identity-verifier.js';

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

export interface AppOptions {
  config: Pick<Config, 'logLevel' | 'nodeEnv'>;
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
}

export interface App extends FastifyInstance {
  calendar: HolidayCalendar;
  verification: VerificationService;
  accounts: AccountsService;
  regions: RegionService;
  files: FileStore;
  /** Every route with its declared access policy. */
  routePolicies: RouteRecord[];
}

export async function buildApp({
  config,
  database,
  webDist = WEB_DIST,
  sms = new OutboxSmsGateway(),
  identity = new DevIdentityVerifier(),
  files = new LocalDirectoryFileStore(join(tmpdir(), `kexiao-files-${process.pid}`)),
}: AppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: true, verbose: true } },
  }) as unknown as App;
  // JSON only: any other body type is answered 415 with a Chinese message.
  app.removeContentTypeParser(['text/plain']);
  const calendar = new HolidayCalendar(database.db);
  app.decorate('calendar', calendar);
  const verification = new VerificationService(database.db, sms);
  app.decorate('verification', verification);
  const regions = new RegionService(database.db);
  app.decorate('regions', regions);
  const accounts = new AccountsService(database.db, verification, identity);
  app.decorate('accounts', accounts);
  app.decorate('files', files);

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
        { name: '行政区划', description: 'GB/T 2260 行政区划与功能区' },
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

  app.get(
    '/healthz',
    {
      config: { policy: { access: 'public', why: '负载均衡与运维探活' } },
      schema: {
        tags: ['运行'],
        summary: '健康检查（含数据库）',
        response: {
          200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
          503: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(database.db);
        return { status: 'ok', database: database.dialect };
      } catch (error) {
        app.log.error({ err: error }, 'health check: database unavailable');
        return reply.status(503).send({ status: 'unavailable', database: database.dialect });
      }
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
