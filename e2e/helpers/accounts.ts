/** Test accounts for the browser tests: well-formed ID and phone numbers, and registration through the API. */
import { randomInt } from 'node:crypto';
import { idCardCheckChar } from '@kexiao/rules';
import { expect } from 'vitest';
import { latestSmsCode } from './postgres.js';
import type { PostgresTestServer } from './server.js';

/** The demo password of development mode (packages/server/src/modules/demo/seed.ts). */
export const DEMO_PASSWORD = 'Kexiao#2026';

/**
 * A well-formed ID number (valid birth date and check character): `areaYearMonth` is the region code and birth
 * year and month (12 digits), then a random day (10–27) and `sequence` (3 digits, random unless given).
 */
export function idNumber(areaYearMonth: string, sequence = String(randomInt(100, 998)).padStart(3, '0')): string {
  const first17 = `${areaYearMonth}${String(randomInt(10, 28))}${sequence}`;
  return first17 + (idCardCheckChar(first17) as string);
}

/** A mobile number with this 3-digit prefix and 8 random digits. */
export function mobileNumber(prefix: string): string {
  return `${prefix}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

export function postJson(baseUrl: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Registers an account through the API: requests a registration SMS code for `phone` (202), reads it from the
 * outbox, and posts `body` with it to /api/v1/accounts/<kind>, which must answer 201. Returns that answer.
 */
export async function registerThroughApi(
  server: Pick<PostgresTestServer, 'baseUrl' | 'databaseUrl'>,
  kind: 'persons' | 'legal-persons',
  phone: string,
  body: Record<string, unknown>,
): Promise<Response> {
  const sent = await postJson(server.baseUrl, '/api/v1/verification/sms-codes', { phone, purpose: 'register' });
  expect(sent.status).toBe(202);
  const smsCode = await latestSmsCode(server.databaseUrl, phone);
  const registered = await postJson(server.baseUrl, `/api/v1/accounts/${kind}`, { ...body, smsCode });
  expect(registered.status, await registered.clone().text()).toBe(201);
  return registered;
}
