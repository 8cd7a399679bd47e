/**
 * Configuration: the environment, parsed and validated once at boot. A bad value stops the server with a
 * message naming the variable.
 */
import { closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; undefined = embedded PGlite. */
  databaseUrl: string | undefined;
  /** PGlite data directory (absolute), or 'memory://'. */
  dataDir: string;
  /** Directory of the local file store (uploads, content-addressed); absolute. */
  filesDir: string;
  logLevel: LogLevel;
  nodeEnv: NodeEnv;
  /** smtp:// or smtps:// URL of the mail server; undefined = e-mail goes to the outbox table (development). */
  smtpUrl: string | undefined;
  /** Sender address of the platform's e-mail (required with SMTP_URL). */
  mailFrom: string | undefined;
  /** redis:// or rediss:// URL; rate limits are counted there. Undefined = in the database. */
  redisUrl: string | undefined;
  /**
   * Font file (TTF, OTF, TTC or WOFF 1.0; absolute) for the generated PDFs, for characters the bundled Noto Sans SC
   * lacks. Undefined = the bundled font.
   */
  pdfFontFile: string | undefined;
  /**
   * Where the public web site is reached (scheme, host, optional path; no trailing slash): printed on the
   * registration proof and its QR code, and given as `url` by the public look-up. Default http://localhost:PORT.
   */
  publicBaseUrl: string;
  /** Public look-ups (入库查询) a client may make per minute (an in-process token bucket per IP). */
  publicLookupPerMinute: number;
  /**
   * Which proxies in front of the server to believe about the client's address (X-Forwarded-For), as Fastify's
   * `trustProxy`: false (none; default), true (any: only when the server is reachable through the proxy alone) or the
   * proxies' addresses / CIDR ranges. Rate limits count per client address.
   */
  trustProxy: boolean | string[];
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`配置错误：${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

/** Parse the environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const text = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const portText = text('PORT') ?? '3000';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new ConfigError('PORT', `必须是 0–65535 的整数（收到 "${portText}"）/ PORT must be an integer 0-65535`);
  }

  const host = text('HOST') ?? '0.0.0.0';
  if (/\s/.test(host))
    throw new ConfigError('HOST', `不能包含空白字符（收到 "${host}"）/ HOST must not contain spaces`);

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(databaseUrl);
      ok = (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new ConfigError(
        'DATABASE_URL',
        '必须是 postgres://用户@主机:端口/数据库 形式的连接串 / DATABASE_URL must be a postgres:// URL',
      );
    }
  }

  const dataDirText = text('DATA_DIR') ?? './data';
  const dataDir = dataDirText === 'memory://' ? dataDirText : resolve(cwd, dataDirText);

  const filesDir = resolve(cwd, text('FILES_DIR') ?? './storage');

  const logLevel = (text('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `必须是 ${LOG_LEVELS.join('、')} 之一（收到 "${logLevel}"）/ LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
    );
  }
  const nodeEnv = (text('NODE_ENV') ?? 'development') as NodeEnv;
  if (!NODE_ENVS.includes(nodeEnv)) {
    throw new ConfigError(
      'NODE_ENV',
      `必须是 ${NODE_ENVS.join('、')} 之一（收到 "${nodeEnv}"）/ NODE_ENV must be one of ${NODE_ENVS.join(', ')}`,
    );
  }
  const smtpUrl = text('SMTP_URL');
  if (smtpUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(smtpUrl);
      ok = (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new ConfigError(
        'SMTP_URL',
        '必须是 smtp://用户:密码@主机:端口 或 smtps://… 形式 / SMTP_URL must be an smtp:// or smtps:// URL',
      );
    }
  }
  const redisUrl = text('REDIS_URL');
  if (redisUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(redisUrl);
      ok = (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new ConfigError(
        'REDIS_URL',
        '必须是 redis://主机:端口 或 rediss://… 形式的连接串 / REDIS_URL must be a redis:// or rediss:// URL',
      );
    }
  }
  const mailFrom = text('MAIL_FROM');
  if (mailFrom !== undefined && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', `必须是电子邮件地址（收到 "${mailFrom}"）/ MAIL_FROM must be an e-mail address`);
  }
  if (smtpUrl !== undefined && mailFrom === undefined) {
    throw new ConfigError('MAIL_FROM', '设置了 SMTP_URL 时必须同时设置发件地址 / MAIL_FROM must be set with SMTP_URL');
  }
  const pdfFontText = text('PDF_FONT_FILE');
  const pdfFontFile = pdfFontText === undefined ? undefined : resolve(cwd, pdfFontText);
  if (pdfFontFile !== undefined) checkFontFile(pdfFontFile);
  const publicBaseText = text('PUBLIC_BASE_URL') ?? `http://localhost:${portText}`;
  let publicBaseUrl: string;
  try {
    const url = new URL(publicBaseText);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || url.search || url.hash) {
      throw new Error('not a base URL');
    }
    publicBaseUrl = url.toString().replace(/\/+$/, '');
  } catch {
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      `必须是 http:// 或 https:// 开头、不带查询参数的网址（收到 "${publicBaseText}"）/ PUBLIC_BASE_URL must be an http(s) URL`,
    );
  }
  const lookupText = text('PUBLIC_LOOKUP_PER_MINUTE') ?? '600';
  if (!/^\d{1,9}$/.test(lookupText) || Number(lookupText) < 1) {
    throw new ConfigError(
      'PUBLIC_LOOKUP_PER_MINUTE',
      `必须是 1–999999999 的整数（收到 "${lookupText}"）/ PUBLIC_LOOKUP_PER_MINUTE must be a positive integer`,
    );
  }
  const trustText = text('TRUST_PROXY') ?? 'false';
  let trustProxy: boolean | string[];
  if (trustText === 'true' || trustText === 'false') trustProxy = trustText === 'true';
  else {
    trustProxy = trustText.split(',').map((x) => x.trim());
    if (trustProxy.some((x) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(x))) {
      throw new ConfigError(
        'TRUST_PROXY',
        `必须是 true、false 或以逗号分隔的代理地址/网段（收到 "${trustText}"）/ TRUST_PROXY must be true, false or proxy addresses`,
      );
    }
  }
  return {
    port: Number(portText),
    host,
    databaseUrl,
    dataDir,
    filesDir,
    logLevel,
    nodeEnv,
    smtpUrl,
    mailFrom,
    redisUrl,
    pdfFontFile,
    publicBaseUrl,
    publicLookupPerMinute: Number(lookupText),
    trustProxy,
  };
}

/** Font files start with one of these tags: TrueType, OpenType (CFF), a collection, WOFF 1.0. */
const FONT_MAGIC = [0x00010000, 0x74727565 /* true */, 0x4f54544f /* OTTO */, 0x74746366 /* ttcf */, 0x774f4646];

/** PDF_FONT_FILE must be a readable font file; a wrong path stops the server at start, not at the first PDF. */
function checkFontFile(path: string): void {
  let magic: number;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    const fd = openSync(path, constants.O_RDONLY);
    try {
      const head = Buffer.alloc(4);
      magic = readSync(fd, head, 0, 4, 0) === 4 ? head.readUInt32BE(0) : -1;
    } finally {
      closeSync(fd);
    }
  } catch {
    throw new ConfigError(
      'PDF_FONT_FILE',
      `文件不存在或不可读（${path}）/ PDF_FONT_FILE must name a readable font file`,
    );
  }
  if (!FONT_MAGIC.includes(magic)) {
    throw new ConfigError(
      'PDF_FONT_FILE',
      `不是 TTF、OTF、TTC 或 WOFF 字体文件（${path}）/ PDF_FONT_FILE must be a TTF, OTF, TTC or WOFF font`,
    );
  }
}
