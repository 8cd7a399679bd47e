/**
 * PostgreSQL for the browser tests: whether it is reachable (the tests that need it are skipped without it,
 * unless CI=true), a fresh database per test file, and reading the development outbox the server writes.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.KEXIAO_E2E_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the test file can run: false (with a warning) when PostgreSQL is unreachable; with CI=true it throws. */
export async function postgresAvailable(testFile: string): Promise<boolean> {
  const reachable = await postgresReachable();
  if (!reachable) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required for ${testFile} in CI (${PG_ADMIN_URL})`);
    console.warn(`${testFile} skipped: PostgreSQL is unreachable at ${PG_ADMIN_URL}`);
  }
  return reachable;
}

/** Connects, runs `use`, and always disconnects. */
export async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(connectionString);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the server of PG_ADMIN_URL, with a random name. */
export async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kexiao_e2e_${randomBytes(6).toString('hex')}`;
  await withClient(PG_ADMIN_URL, (admin) => admin.query(`create database ${name}`));
  return {
    url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      await withClient(PG_ADMIN_URL, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** The newest SMS code sent to this phone (after outbox id `after`), read from the outbox table the server writes. */
export async function latestSms(
  databaseUrl: string,
  recipient: string,
  after = 0,
): Promise<{ code: string; id: number }> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string; body: string }>(
      'select id, body from outbox_message where recipient = $1 and id > $2 order by id desc limit 1',
      [recipient, after],
    );
    const match = /验证码\s*(\d{6})/.exec(rows[0]?.body ?? '');
    if (match === null) throw new Error(`no new SMS code in the outbox for ${recipient}`);
    return { code: match[1] as string, id: Number(rows[0]?.id) };
  });
}

export async function latestSmsCode(databaseUrl: string, recipient: string): Promise<string> {
  return (await latestSms(databaseUrl, recipient)).code;
}

/** The id of the newest outbox message (0 when none): later codes are looked up after it. */
export async function newestOutboxId(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string | null }>('select max(id) as id from outbox_message');
    return Number(rows[0]?.id ?? 0);
  });
}
