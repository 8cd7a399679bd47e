import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const fontPackage = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));

const fail = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/srv/kexiao');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has sensible defaults', () => {
    expect(loadConfig({}, '/srv/kexiao')).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: '/srv/kexiao/data',
      filesDir: '/srv/kexiao/storage',
      logLevel: 'info',
      nodeEnv: 'development',
      publicBaseUrl: 'http://localhost:3000',
      publicLookupPerMinute: 600,
      trustProxy: false,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig(
        {
          PORT: '8080',
          HOST: '127.0.0.1',
          DATABASE_URL: 'postgresql://kexiao@db:5432/kexiao',
          DATA_DIR: 'memory://',
          FILES_DIR: '/srv/files',
          LOG_LEVEL: 'warn',
          NODE_ENV: 'production',
        },
        '/x',
      ),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://kexiao@db:5432/kexiao',
      dataDir: 'memory://',
      filesDir: '/srv/files',
      logLevel: 'warn',
      nodeEnv: 'production',
      publicBaseUrl: 'http://localhost:8080',
      publicLookupPerMinute: 600,
      trustProxy: false,
    });
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ DATA_DIR: '/var/lib/kexiao' }).dataDir).toBe('/var/lib/kexiao');
  });

  it('reads the mail server and sender, which go together', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://kexiao:secret@mail.example.cn:465',
      MAIL_FROM: 'noreply@example.cn',
    });
    expect(config.smtpUrl).toBe('smtps://kexiao:secret@mail.example.cn:465');
    expect(config.mailFrom).toBe('noreply@example.cn');
    expect(loadConfig({}).smtpUrl).toBeUndefined();
  });

  it('reads the Redis URL for rate limits', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://:secret@cache.example.cn:6380/2' }).redisUrl).toBe(
      'rediss://:secret@cache.example.cn:6380/2',
    );
    expect(loadConfig({}).redisUrl).toBeUndefined();
  });

  it('reads the public base URL (without a trailing slash) and the public look-up rate', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://kxzx.example.gov.cn/' }).publicBaseUrl).toBe(
      'https://kxzx.example.gov.cn',
    );
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://example.cn/kexiao/' }).publicBaseUrl).toBe(
      'https://example.cn/kexiao',
    );
    expect(loadConfig({ PUBLIC_LOOKUP_PER_MINUTE: '1200' }).publicLookupPerMinute).toBe(1200);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.1.0/24' }).trustProxy).toEqual(['10.0.0.1', '10.0.1.0/24']);
  });

  it('reads the PDF font file, relative to the working directory', () => {
    const regular = join(fontPackage, '400Regular', 'NotoSansSC_400Regular.ttf');
    expect(loadConfig({ PDF_FONT_FILE: regular }).pdfFontFile).toBe(regular);
    expect(loadConfig({ PDF_FONT_FILE: '400Regular/NotoSansSC_400Regular.ttf' }, fontPackage).pdfFontFile).toBe(
      regular,
    );
    expect(loadConfig({}).pdfFontFile).toBeUndefined();
  });

  it.each([
    [{ PDF_FONT_FILE: '/nonexistent/NotoSansCJK-Regular.ttc' }, 'PDF_FONT_FILE'],
    [{ PDF_FONT_FILE: 'fonts/missing.ttf' }, 'PDF_FONT_FILE'],
    [{ PDF_FONT_FILE: fontPackage }, 'PDF_FONT_FILE'],
    [{ PDF_FONT_FILE: fileURLToPath(import.meta.url) }, 'PDF_FONT_FILE'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ HOST: 'a b' }, 'HOST'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis://' }, 'REDIS_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://example.cn' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'example.cn' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://example.cn/?a=1' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_LOOKUP_PER_MINUTE: '0' }, 'PUBLIC_LOOKUP_PER_MINUTE'],
    [{ PUBLIC_LOOKUP_PER_MINUTE: 'many' }, 'PUBLIC_LOOKUP_PER_MINUTE'],
    [{ TRUST_PROXY: 'the load balancer' }, 'TRUST_PROXY'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ SMTP_URL: 'http://mail.example.cn' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail.example.cn:587' }, 'MAIL_FROM'],
    [{ SMTP_URL: 'smtp://mail.example.cn:587', MAIL_FROM: 'not-an-address' }, 'MAIL_FROM'],
  ])('%j is refused naming %s', (env, variable) => {
    const error = fail(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain('配置错误');
    expect(error.message).toContain(`${variable} must`);
  });
});
