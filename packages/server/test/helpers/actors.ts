/**
 * The people the server tests act as, and how they come to be: valid ID and USCC numbers, the app built for a
 * test, SMS codes read from the development outbox, natural and legal persons registered through the API,
 * staff accounts, signing in (cookie and CSRF token), requests as a signed-in actor, and multipart bodies.
 */
import { randomBytes } from 'node:crypto';
import { idCardCheckChar, usccCheckChar } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { type App, type AppOptions, buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import type { Database } from '../../src/db/schema.js';
import { readOutbox } from '../../src/platform/notifications/sms.js';

export const PASSWORD = 'Kexiao#2026';

/** An 18-character resident ID number: the 17 given characters and their check character. */
export const idNumber = (first17: string) => first17 + (idCardCheckChar(first17) as string);
/** An 18-character unified social credit code: the 17 given characters and their check character. */
export const uscc = (first17: string) => first17 + (usccCheckChar(first17) as string);

/** The default legal representative and main agent of a registered legal person (Henan, 金水区). */
export const LEGAL_REP_ID = idNumber('41010519750101201');
export const AGENT_ID = idNumber('41010519880808302');

type Response = Awaited<ReturnType<App['inject']>>;

/** The app as the tests build it: silent, test environment, API only (each option can be overridden). */
export function buildTestApp(database: DatabaseHandle, options: Partial<Omit<AppOptions, 'database'>> = {}) {
  return buildApp({ config: { logLevel: 'silent', nodeEnv: 'test' }, database, webDist: null, ...options });
}

// ── SMS codes ───────────────────────────────────────────────────────────────────────────────────────────────

/** The code in the last SMS sent to this phone (development outbox). */
export async function lastSmsCode(db: Kysely<Database>, phone: string): Promise<string> {
  const [message] = await readOutbox(db, phone, 1);
  return /验证码(\d{6})/.exec(message?.body ?? '')?.[1] as string;
}

/** Ask for a code over HTTP (202 expected) and read it from the outbox. */
export async function requestSmsCode(
  app: App,
  db: Kysely<Database>,
  phone: string,
  purpose = 'register',
): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/verification/sms-codes', payload: { phone, purpose } });
  expect(res.statusCode).toBe(202);
  return lastSmsCode(db, phone);
}

// ── registration ────────────────────────────────────────────────────────────────────────────────────────────

export interface PersonInput {
  loginName: string;
  name: string;
  idNumber: string;
  phone: string;
  /** Default 长期. */
  idValidTo?: string;
}

/** The body of a natural person's registration, without the SMS code. */
export const personPayload = ({ idValidTo = '长期', ...p }: PersonInput) => ({
  loginName: p.loginName,
  password: PASSWORD,
  name: p.name,
  idNumber: p.idNumber,
  idValidTo,
  phone: p.phone,
  agreement: true,
});

/** Register a natural person over HTTP (201 expected); the SMS code is requested unless given. */
export async function registerPerson(
  app: App,
  db: Kysely<Database>,
  input: PersonInput & { smsCode?: string },
): Promise<Response> {
  const { smsCode, ...person } = input;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/accounts/persons',
    payload: { ...personPayload(person), smsCode: smsCode ?? (await requestSmsCode(app, db, person.phone)) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

export interface LegalPersonInput {
  loginName: string;
  unitName: string;
  uscc: string;
  agentPhone: string;
  /** Default 410105 (金水区). */
  regionCode?: string;
  /** Defaults: 王建国, LEGAL_REP_ID, 长期. */
  legalRepName?: string;
  legalRepIdNumber?: string;
  legalRepIdValidTo?: string;
  /** Defaults: 李晓梅, AGENT_ID, 2035-08-08. */
  agentName?: string;
  agentIdNumber?: string;
  agentIdValidTo?: string;
}

/** The body of a legal person's registration (an enterprise legal person), without the SMS code. */
export const legalPersonPayload = (o: LegalPersonInput) => ({
  loginName: o.loginName,
  password: PASSWORD,
  unitName: o.unitName,
  unitType: 'enterpriseLegalPerson',
  uscc: o.uscc,
  regionCode: o.regionCode ?? '410105',
  legalRepName: o.legalRepName ?? '王建国',
  legalRepIdNumber: o.legalRepIdNumber ?? LEGAL_REP_ID,
  legalRepIdValidTo: o.legalRepIdValidTo ?? '长期',
  agentName: o.agentName ?? '李晓梅',
  agentIdNumber: o.agentIdNumber ?? AGENT_ID,
  agentIdValidTo: o.agentIdValidTo ?? '2035-08-08',
  agentPhone: o.agentPhone,
  agreement: true,
});

/** Register a legal person over HTTP (201 expected); the SMS code is requested unless given. */
export async function registerLegalPerson(
  app: App,
  db: Kysely<Database>,
  input: LegalPersonInput & { smsCode?: string },
): Promise<Response> {
  const { smsCode, ...unit } = input;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/accounts/legal-persons',
    payload: { ...legalPersonPayload(unit), smsCode: smsCode ?? (await requestSmsCode(app, db, unit.agentPhone)) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

// ── staff ───────────────────────────────────────────────────────────────────────────────────────────────────

export type StaffRoles = Parameters<App['accounts']['createStaffAccount']>[0]['roles'];

/** The roles of a national administrator, or of a province administrator (of Henan unless told). */
export const adminRoles = (role: 'nationalAdmin' | 'provinceAdmin', provinceCode = '410000'): StaffRoles => [
  { role, provinceCode: role === 'provinceAdmin' ? provinceCode : null, agencyId: null },
];

/** Create a staff account through the service; returns its id. */
export async function createStaff(
  app: App,
  o: { loginName: string; phone: string; roles: StaffRoles; displayName?: string; by?: string },
): Promise<number> {
  const created = await app.accounts.createStaffAccount(
    {
      loginName: o.loginName,
      password: PASSWORD,
      displayName: o.displayName ?? '测试管理员',
      phone: o.phone,
      roles: o.roles,
    },
    o.by ?? 'test:setup',
  );
  return created.id;
}

/** Create a staff account and sign it in. */
export async function signedInStaff(app: App, o: Parameters<typeof createStaff>[1]): Promise<Session> {
  await createStaff(app, o);
  return signIn(app, o.loginName);
}

// ── sessions ────────────────────────────────────────────────────────────────────────────────────────────────

export interface Session {
  cookie: string;
  csrf: string;
  accountId: number;
}

/** POST /api/v1/session (password default PASSWORD), answered as it comes. */
export function signInRequest(
  app: App,
  payload: { identifier: string; password?: string; smsCode?: string },
  remoteAddress?: string,
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { ...payload, password: payload.password ?? PASSWORD },
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
}

/** The session cookie (name=value) a sign-in set. */
export const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['set-cookie']).split(';')[0] as string;

/** The session cookie, CSRF token and account id of a successful sign-in. */
export const sessionOf = (res: Response): Session => ({
  cookie: cookieOf(res),
  csrf: res.json().csrfToken,
  accountId: res.json().account.id,
});

/** Sign in (200 expected). */
export async function signIn(
  app: App,
  identifier: string,
  options: { password?: string; remoteAddress?: string } = {},
): Promise<Session> {
  const res = await signInRequest(app, { identifier, password: options.password }, options.remoteAddress);
  expect(res.statusCode, `sign-in of ${identifier}: ${res.body}`).toBe(200);
  return sessionOf(res);
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** app.inject as this actor (cookie, and the CSRF token on state changes); null = signed out. */
export function as(app: App, actor: Pick<Session, 'cookie' | 'csrf'> | null) {
  return (method: Method, url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as never }),
      headers:
        actor === null ? {} : { cookie: actor.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': actor.csrf }) },
    });
}

// ── uploads ─────────────────────────────────────────────────────────────────────────────────────────────────

export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

/** A text field, or a file (declared type default application/octet-stream). */
export type FormPart =
  { field: string; value: string } | { field: string; fileName: string; bytes: Buffer; type?: string };

/** A multipart/form-data body and its content-type header. */
export function multipart(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kexiao${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"\r\n\r\n${p.value}\r\n`),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"; filename="${p.fileName}"\r\n` +
            `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        p.bytes,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
