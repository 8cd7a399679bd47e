/**
 * Shared by the browser tests: the real server process (packages/server/dist/main.js, which serves
 * packages/web/dist) on a free local port, on a fresh PostgreSQL database or on PGlite in memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDatabase } from './postgres.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_MAIN = join(ROOT, 'packages/server/dist/main.js');
const WEB_INDEX = join(ROOT, 'packages/web/dist/index.html');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not become healthy within 90 s:\n${output()}`);
}

export interface ServerOptions {
  /**
   * 'postgres': a fresh database on the PostgreSQL server of PG_ADMIN_URL, dropped at stop() (a second process,
   * the test, can read what the server writes, e.g. the development outbox). 'memory': PGlite in memory
   * (DATA_DIR=memory://, any DATABASE_URL of the environment removed); nothing outside the process is needed.
   */
  database: 'postgres' | 'memory';
  /** NODE_ENV=development: the demo accounts and data are seeded at boot, the development outbox is served. */
  development?: boolean;
  /** A temporary FILES_DIR (uploads), removed at stop(). Without it the server uses its default. */
  filesDir?: boolean;
}

export interface TestServer {
  baseUrl: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (SIGKILL after 5 s), then removes the files directory and drops the database. */
  stop(): Promise<void>;
}

export interface PostgresTestServer extends TestServer {
  databaseUrl: string;
}

/** Starts the built server and waits for /healthz; on failure everything started so far is stopped again. */
export async function startServer(options: ServerOptions & { database: 'postgres' }): Promise<PostgresTestServer>;
export async function startServer(options: ServerOptions): Promise<TestServer>;
export async function startServer(options: ServerOptions): Promise<TestServer | PostgresTestServer> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` first`);
  if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run \`npm run build\` first`);

  let server: ChildProcess | undefined;
  let serverOutput = '';
  let filesDir = '';
  let dropDatabase: (() => Promise<void>) | undefined;
  const stop = async (): Promise<void> => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (filesDir !== '') rmSync(filesDir, { recursive: true, force: true });
    await dropDatabase?.();
  };

  try {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
    let databaseUrl: string | undefined;
    if (options.database === 'postgres') {
      const database = await createDatabase();
      dropDatabase = database.drop;
      databaseUrl = database.url;
      env.DATABASE_URL = databaseUrl;
    } else {
      env.DATA_DIR = 'memory://';
      delete env.DATABASE_URL;
    }
    if (options.development === true) env.NODE_ENV = 'development';
    if (options.filesDir === true) {
      filesDir = mkdtempSync(join(tmpdir(), 'kexiao-e2e-files-'));
      env.FILES_DIR = filesDir;
    }

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    env.PORT = String(port);
    env.HOST = '127.0.0.1';
    server = spawn(process.execPath, [SERVER_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      serverOutput += chunk.toString();
    });
    const output = () => serverOutput;
    await waitForHealth(baseUrl, server, output);
    return databaseUrl === undefined ? { baseUrl, output, stop } : { baseUrl, databaseUrl, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
