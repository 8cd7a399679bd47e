/**
 * Boot: configuration → database → migrations and seeds → app → listen. Stops cleanly on SIGINT/SIGTERM.
 */
import { buildApp } from './app.js';
import { loadVendoredHolidays } from './cli/holidays.js';
import { ConfigError, loadConfig } from './config.js';
import { createDatabase } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_PASSWORD, seedDemoAccounts } from './modules/demo/seed.js';
import { LocalDirectoryFileStore } from './platform/files.js';
import { SmtpEmailGateway } from './platform/notifications/email.js';
import { connectRedis, RedisRateLimiter } from './platform/rate-limit.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const database = await createDatabase(config);
  await migrateToLatest(database.db);
  const email =
    config.smtpUrl !== undefined && config.mailFrom !== undefined
      ? new SmtpEmailGateway(config.smtpUrl, config.mailFrom)
      : undefined;
  // Rate limits in Redis when REDIS_URL is set: connected in the background (limited requests answer 503 until it
  // is reachable), closed after the app on shutdown.
  const redis =
    config.redisUrl !== undefined
      ? connectRedis(config.redisUrl, {
          down: (error) =>
            process.stderr.write(
              `Redis（限流）不可用，登录、验证码等受限接口暂时返回 503，正在重连：${error instanceof Error ? error.message : String(error)}\n`,
            ),
          up: () => process.stderr.write('Redis（限流）已恢复连接\n'),
        })
      : undefined;
  const rateLimiter = redis !== undefined ? new RedisRateLimiter(redis.client) : undefined;
  const app = await buildApp({
    config,
    database,
    files: new LocalDirectoryFileStore(config.filesDir),
    email,
    rateLimiter,
    pdfFontFile: config.pdfFontFile,
    publicBaseUrl: config.publicBaseUrl,
    publicLookupPerMinute: config.publicLookupPerMinute,
  });
  await app.regions.seed();
  const seeded = await app.calendar.seed(loadVendoredHolidays());
  if (seeded.length > 0) app.log.info(`已载入国务院节假日安排：${seeded.join('、')}年`);

  const demo = config.nodeEnv === 'development' ? await seedDemoAccounts(database.db) : [];

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`收到 ${signal}，正在停止…`);
    await app.close();
    await redis?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl
    ? 'PostgreSQL'
    : config.dataDir === 'memory://'
      ? 'PGlite（内存）'
      : `PGlite（${config.dataDir}）`;
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  process.stdout.write(
    `科小平台已启动：${url}  （数据库：${where}；限流：${redis ? 'Redis' : '数据库'}；接口文档：${url}/docs）\n`,
  );
  if (demo.length > 0) {
    const lines = demo.map((d) => `  ${d.role.padEnd(14, '　')} 登录名 ${d.loginName.padEnd(15)} ${d.note}`);
    process.stdout.write(`开发模式演示账号（密码均为 ${DEMO_PASSWORD}；生产模式不创建）：\n${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`启动失败：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
