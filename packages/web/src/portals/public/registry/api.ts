/** 入库查询: the public look-up of registration numbers (no sign-in). */
import { api } from '../../account/api';

export interface RegistrationView {
  registrationNo: string;
  evaluationYear: number;
  provinceCode: string;
  provinceName: string;
  enterpriseName: string;
  currentName: string | null;
  uscc: string;
  regionCode: string;
  regionName: string;
  status: 'valid' | 'revoked';
  statusLabel: string;
  revokedOn: string | null;
  announcement: { id: number; title: string; announcedOn: string };
  url: string;
}

export interface SearchReply {
  items: RegistrationView[];
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  matchedBy: 'code' | 'name';
}

export const searchRegistrations = (q: string, page = 1, pageSize = 20) =>
  api<SearchReply>('GET', `/api/v1/public/registrations?q=${encodeURIComponent(q)}&page=${page}&pageSize=${pageSize}`);

export const fetchRegistrationByNumber = (registrationNo: string) =>
  api<RegistrationView>('GET', `/api/v1/public/registrations/${encodeURIComponent(registrationNo)}`);

/** The public page of a number (relative: the same site). */
export const registrationPath = (registrationNo: string) => `/registry/${encodeURIComponent(registrationNo)}`;
