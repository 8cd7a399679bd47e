/** The accounts API (same origin, JSON). Errors arrive as {error:{code,message,fields?}} with Chinese messages. */

export interface AccountView {
  id: number;
  kind: 'person' | 'legalPerson' | 'staff';
  loginName: string;
  displayName: string;
  /** masked by the server */
  phone: string | null;
  realNameStatus: 'unverified' | 'pending' | 'verified' | 'rejected';
  enterprise: { uscc: string; name: string; regionCode: string } | null;
  roles: { role: string; provinceCode: string | null; agencyId: number | null }[];
}

/** The enterprise a natural person acts for as its agent (代办人). */
export interface ActingFor {
  id: number;
  uscc: string;
  name: string;
}

export interface SessionView {
  account: AccountView;
  csrfToken: string;
  /** Set when a natural person acts for an enterprise (absent in the login reply). */
  actingFor?: ActingFor | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[],
  ) {
    super(message);
  }
}

/** `fetch` on this origin, with a failed connection as ApiError status 0 (the request never reached the server). */
export async function request(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试', []);
  }
}

/** An error answer's {error:{code,message,fields?}} as an ApiError; `failed` words it when the body says nothing. */
export function errorOf(status: number, json: unknown, failed = '请求失败'): ApiError {
  const error = (json as { error?: { code?: string; message?: string; fields?: FieldProblem[] } } | null)?.error;
  return new ApiError(
    status,
    error?.code ?? 'unknown',
    error?.message ?? `${failed}（${status}），请稍后再试`,
    Array.isArray(error?.fields) ? error.fields : [],
  );
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  csrfToken?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  const response = await request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw errorOf(response.status, json);
  return json as T;
}

/**
 * A multipart POST (uploads), with the session's CSRF token when signed in; errors as ApiError (Chinese message,
 * field problems), a failed connection as ApiError status 0.
 */
export async function postMultipart<T>(path: string, body: FormData, csrfToken: string): Promise<T> {
  const response = await request(path, {
    method: 'POST',
    body,
    headers: { ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}), accept: 'application/json' },
  });
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw errorOf(response.status, json, '提交失败');
  return json as T;
}

export type UnitType = 'enterpriseLegalPerson' | 'socialOrganization' | 'publicInstitution' | 'other';

export const UNIT_TYPE_LABELS: Readonly<Record<UnitType, string>> = {
  enterpriseLegalPerson: '企业法人',
  socialOrganization: '社会组织法人',
  publicInstitution: '事业单位法人',
  other: '其他',
};

export const REAL_NAME_LABELS: Readonly<Record<AccountView['realNameStatus'], string>> = {
  unverified: '未实名认证',
  pending: '人工核验中',
  verified: '已实名认证',
  rejected: '实名核验未通过',
};

export interface Region {
  code: string;
  name: string;
  kind: string;
}

export const fetchRegions = (parent?: string) =>
  api<{ regions: Region[] }>(
    'GET',
    parent === undefined ? '/api/v1/regions' : `/api/v1/regions?parent=${encodeURIComponent(parent)}`,
  ).then((r) => r.regions);

export const requestSmsCode = (phone: string, purpose = 'register') =>
  api<{ expiresInSeconds: number; resendAfterSeconds: number }>('POST', '/api/v1/verification/sms-codes', {
    phone,
    purpose,
  });

export const checkAvailability = (query: { loginName?: string; uscc?: string; unitName?: string; phone?: string }) =>
  api<Partial<Record<'loginName' | 'uscc' | 'unitName' | 'phone', { available: boolean; message: string }>>>(
    'POST',
    '/api/v1/accounts/availability',
    query,
  );

export const signIn = (identifier: string, password: string, smsCode?: string) =>
  api<SessionView>('POST', '/api/v1/session', { identifier, password, ...(smsCode ? { smsCode } : {}) });

/**
 * A server field message without its leading "字段名：" (the form shows it under that field already).
 * The server's `code` path of the SMS code is the form's smsCode field.
 */
export function fieldErrors(error: ApiError, known: readonly string[]): { name: string; errors: string[] }[] {
  const byField = new Map<string, string[]>();
  for (const f of error.fields) {
    const name = f.path === 'code' ? 'smsCode' : f.path;
    if (!known.includes(name)) continue;
    const colon = f.message.indexOf('：');
    const text = colon > 0 && colon <= 12 ? f.message.slice(colon + 1) : f.message;
    byField.set(name, [...(byField.get(name) ?? []), text]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}
