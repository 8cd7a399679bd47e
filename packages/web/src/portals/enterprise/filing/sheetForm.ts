/**
 * The 信息表 as the form holds it: numbers and amounts as the text typed (never through a float), yes/no as
 * true/false/null (not answered yet), rows with a stable key for React. Converted to the draft the API stores
 * (`draftFromForm`) and back (`formFromDraft`).
 */
import {
  type Compliance,
  type EnterpriseConditions,
  type FieldError,
  type InfoSheetDraft,
  type IpType,
  type RdBasis,
  type RdForm,
  type TechField,
  checkInfoSheetDraft,
} from '@kexiao/rules';
import type { FiguresText } from '../../public/self-assessment/formState';
import { normaliseNumberText } from '../../public/self-assessment/formState';

export const BASIC_KEYS = [
  'name',
  'uscc',
  'regionCode',
  'address',
  'establishedOn',
  'registeredCapital',
  'industry',
  'techField',
  'mainProducts',
  'legalRepName',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const;
export type BasicKey = (typeof BASIC_KEYS)[number];

export const ENTERPRISE_KEYS: readonly (keyof EnterpriseConditions)[] = [
  'residentEnterprise',
  'auditCollection',
  'rdExpenseAccounting',
  'industryRestricted',
  'industryExcluded',
];

export const COMPLIANCE_KEYS: readonly (keyof Compliance)[] = [
  'majorSafetyAccident',
  'majorQualityAccident',
  'seriousEnvironmentalViolation',
  'seriousResearchMisconduct',
  'seriousFraud',
  'abnormalOperationList',
  'seriousViolationList',
];

/** A yes/no answer: null until the enterprise answers. */
export type YesNo = boolean | null;

export interface RdProjectRow {
  key: string;
  name: string;
  form: RdForm | null;
  expense: string;
}

export interface IpRow {
  key: string;
  type: IpType | null;
  number: string;
  title: string;
  inForce: YesNo;
  relatedToMainProducts: YesNo;
  disputed: YesNo;
}

export interface SheetForm {
  basic: Record<Exclude<BasicKey, 'techField'>, string> & { techField: TechField | null };
  enterprise: Record<keyof EnterpriseConditions, YesNo>;
  figures: FiguresText;
  compliance: Record<keyof Compliance, YesNo>;
  fastTrack: {
    highTechCertificateValid: YesNo;
    /** empty = none */
    nationalAwardRank: string;
    provincialRdInstitution: YesNo;
    standardDraftingRank: string;
  };
  /** null = whichever scores higher */
  rdBasis: RdBasis | null;
  rdProjects: RdProjectRow[];
  intellectualProperty: IpRow[];
}

let nextKey = 0;
/** A React key for a new row (never sent to the server). */
export function rowKey(): string {
  nextKey += 1;
  return `row-${Date.now().toString(36)}-${nextKey}`;
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const yesNo = (value: unknown): YesNo => (value === true || value === false ? value : null);
function oneOf<T extends string>(value: unknown): T | null {
  return typeof value === 'string' && value !== '' ? (value as T) : null;
}

/** The form showing a stored draft (anything missing is empty / not answered). */
export function formFromDraft(draft: InfoSheetDraft | null | undefined): SheetForm {
  const d = obj(draft);
  const basic = obj(d.basic);
  const enterprise = obj(d.enterprise);
  const figures = obj(d.figures);
  const compliance = obj(d.compliance);
  const fastTrack = obj(d.fastTrack);
  return {
    basic: {
      name: text(basic.name),
      uscc: text(basic.uscc),
      regionCode: text(basic.regionCode),
      address: text(basic.address),
      establishedOn: text(basic.establishedOn),
      registeredCapital: text(basic.registeredCapital),
      industry: text(basic.industry),
      techField: oneOf<TechField>(basic.techField),
      mainProducts: text(basic.mainProducts),
      legalRepName: text(basic.legalRepName),
      contactName: text(basic.contactName),
      contactPhone: text(basic.contactPhone),
      contactEmail: text(basic.contactEmail),
    },
    enterprise: Object.fromEntries(ENTERPRISE_KEYS.map((k) => [k, yesNo(enterprise[k])])) as SheetForm['enterprise'],
    figures: {
      totalStaff: text(figures.totalStaff),
      techStaff: text(figures.techStaff),
      salesRevenue: text(figures.salesRevenue),
      totalAssets: text(figures.totalAssets),
      totalCostExpense: text(figures.totalCostExpense),
      rdExpense: text(figures.rdExpense),
    },
    compliance: Object.fromEntries(COMPLIANCE_KEYS.map((k) => [k, yesNo(compliance[k])])) as SheetForm['compliance'],
    fastTrack: {
      highTechCertificateValid: yesNo(fastTrack.highTechCertificateValid),
      nationalAwardRank: text(fastTrack.nationalAwardRank),
      provincialRdInstitution: yesNo(fastTrack.provincialRdInstitution),
      standardDraftingRank: text(fastTrack.standardDraftingRank),
    },
    rdBasis: oneOf<RdBasis>(d.rdBasis),
    rdProjects: (Array.isArray(d.rdProjects) ? d.rdProjects : []).map((raw) => {
      const row = obj(raw);
      return { key: rowKey(), name: text(row.name), form: oneOf<RdForm>(row.form), expense: text(row.expense) };
    }),
    intellectualProperty: (Array.isArray(d.intellectualProperty) ? d.intellectualProperty : []).map((raw) => {
      const row = obj(raw);
      return {
        key: rowKey(),
        type: oneOf<IpType>(row.type),
        number: text(row.number),
        title: text(row.title),
        inForce: yesNo(row.inForce),
        relatedToMainProducts: yesNo(row.relatedToMainProducts),
        disputed: yesNo(row.disputed),
      };
    }),
  };
}

/** Text → stored text: trimmed; empty → null. */
const textValue = (value: string): string | null => (value.trim() === '' ? null : value);

/**
 * A count as typed: empty → null, a whole number → that number, anything else → the text itself (the draft
 * check names it: 应为不小于0的整数).
 */
function countValue(value: string): number | string | null {
  const t = normaliseNumberText(value);
  if (t === '') return null;
  return /^\d{1,15}$/.test(t) ? Number(t) : t;
}

/** An amount as typed: normalised text (full-width digits, thousands separators), empty → null. */
function moneyValue(value: string): string | null {
  const t = normaliseNumberText(value);
  return t === '' ? null : t;
}

/** The draft the form describes, exactly as it is saved (it may hold values of a wrong type: see saveableDraft). */
export function draftFromForm(form: SheetForm): InfoSheetDraft {
  const b = form.basic;
  const f = form.figures;
  const t = form.fastTrack;
  const draft: Obj = {
    basic: {
      name: textValue(b.name),
      uscc: textValue(b.uscc),
      regionCode: textValue(b.regionCode),
      address: textValue(b.address),
      establishedOn: textValue(b.establishedOn),
      registeredCapital: moneyValue(b.registeredCapital),
      industry: textValue(b.industry),
      techField: b.techField,
      mainProducts: textValue(b.mainProducts),
      legalRepName: textValue(b.legalRepName),
      contactName: textValue(b.contactName),
      contactPhone: textValue(b.contactPhone.replace(/\s+/g, '')),
      contactEmail: textValue(b.contactEmail.trim()),
    },
    enterprise: { ...form.enterprise },
    figures: {
      totalStaff: countValue(f.totalStaff),
      techStaff: countValue(f.techStaff),
      salesRevenue: moneyValue(f.salesRevenue),
      totalAssets: moneyValue(f.totalAssets),
      totalCostExpense: moneyValue(f.totalCostExpense),
      rdExpense: moneyValue(f.rdExpense),
    },
    compliance: { ...form.compliance },
    fastTrack: {
      highTechCertificateValid: t.highTechCertificateValid,
      nationalAwardRank: countValue(t.nationalAwardRank),
      provincialRdInstitution: t.provincialRdInstitution,
      standardDraftingRank: countValue(t.standardDraftingRank),
    },
    rdBasis: form.rdBasis,
    rdProjects: form.rdProjects.map((r) => ({ name: textValue(r.name), form: r.form, expense: moneyValue(r.expense) })),
    intellectualProperty: form.intellectualProperty.map((r) => ({
      type: r.type,
      number: textValue(r.number),
      title: textValue(r.title),
      inForce: r.inForce,
      relatedToMainProducts: r.relatedToMainProducts,
      disputed: r.disputed,
    })),
  };
  return draft as InfoSheetDraft;
}

/** A path of the draft check (`figures.totalStaff`, `rdProjects[2].expense`) as keys to walk. */
function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    keys.push(m[1] as string);
    for (const index of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}

/**
 * The draft with every value of a wrong type left out (set to null), and those problems: what can be saved
 * now while the field shows what is wrong (the typed text stays in the form and in the local copy).
 */
export function saveableDraft(form: SheetForm): { draft: InfoSheetDraft; problems: FieldError[] } {
  const draft = draftFromForm(form);
  const problems = checkInfoSheetDraft(draft);
  for (const problem of problems) {
    const keys = pathKeys(problem.path);
    let parent: unknown = draft;
    for (const key of keys.slice(0, -1)) parent = (parent as Record<string | number, unknown> | null)?.[key];
    const last = keys.at(-1);
    if (last !== undefined && typeof parent === 'object' && parent !== null) {
      (parent as Record<string | number, unknown>)[last] = null;
    }
  }
  return { draft, problems };
}

/** Which section of the page a field path belongs to. */
export type SectionKey =
  | 'basic'
  | 'enterprise'
  | 'figures'
  | 'rdProjects'
  | 'intellectualProperty'
  | 'fastTrack'
  | 'compliance'
  | 'evidence'
  | 'pdf'
  | 'commitment';

export function sectionOfPath(path: string): SectionKey {
  const head = /^[A-Za-z]+/.exec(path)?.[0] ?? '';
  switch (head) {
    case 'basic':
    case 'enterprise':
    case 'figures':
    case 'rdProjects':
    case 'intellectualProperty':
    case 'fastTrack':
    case 'compliance':
      return head;
    case 'rdBasis':
      return 'figures';
    case 'commitment':
      return 'commitment';
    default:
      return 'basic';
  }
}
