/** The enterprise profile and agents API (企业信息, 代办人). */
import { api, type UnitType } from '../account/api';

export interface AgentView {
  id: number;
  name: string;
  /** masked */
  phone: string | null;
  note: string | null;
  grantedAt: string;
  grantedBy: string;
}

export interface EnterpriseProfile {
  id: number;
  uscc: string;
  name: string;
  unitType: UnitType;
  region: { code: string; name: string; path: { code: string; name: string }[] };
  legalRepresentative: { name: string; idNumber: string };
  mainAgent: { name: string; idNumber: string; phone: string };
  realNameStatus: 'unverified' | 'pending' | 'verified' | 'rejected';
  registeredAt: string;
  agents: AgentView[];
  viewerIsOwner: boolean;
}

export interface AgentEnterprise {
  id: number;
  uscc: string;
  name: string;
  regionCode: string;
  grantedAt: string;
}

export const fetchProfile = () => api<EnterpriseProfile>('GET', '/api/v1/enterprise');

export const fetchAgentEnterprises = () =>
  api<{ enterprises: AgentEnterprise[] }>('GET', '/api/v1/agent/enterprises').then((r) => r.enterprises);

export const grantAgent = (
  body: { loginName?: string; phone?: string; name: string; note?: string },
  csrfToken: string,
) => api<AgentView>('POST', '/api/v1/enterprise/agents', body, csrfToken);

export const revokeAgent = (grantId: number, csrfToken: string) =>
  api<void>('DELETE', `/api/v1/enterprise/agents/${grantId}`, undefined, csrfToken);

export const requestChangePhoneCode = (phone: string) =>
  api<{ expiresInSeconds: number; resendAfterSeconds: number }>('POST', '/api/v1/verification/sms-codes', {
    phone,
    purpose: 'changePhone',
  });

export const changeAgentPhone = (body: { agentPhone: string; smsCode: string }, csrfToken: string) =>
  api<EnterpriseProfile>('PATCH', '/api/v1/enterprise', body, csrfToken);

/** '2026-11-23T08:00:00.000Z' → '2026-11-23 16:00' (China time). */
export function formatTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
