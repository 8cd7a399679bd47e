/**
 * The form's own state: what the user typed, kept as text so that money never passes through a float,
 * and its conversion into a (possibly invalid) AssessmentInput for validateAssessmentInput.
 */
import {
  type AssessmentInput,
  type Compliance,
  contractExampleInput,
  type EnterpriseConditions,
  type FieldError,
  type History,
  type Money,
  type RdBasis,
} from '@kexiao/rules';

export type RdBasisChoice = 'auto' | RdBasis;

export interface FiguresText {
  totalStaff: string;
  techStaff: string;
  salesRevenue: string;
  totalAssets: string;
  totalCostExpense: string;
  rdExpense: string;
}

export interface FastTrackState {
  highTechCertificateValid: boolean;
  /** Text of the rank; empty means "none" (null). */
  nationalAwardRank: string;
  provincialRdInstitution: boolean;
  standardDraftingRank: string;
}

export interface FormState {
  evaluationYear: number;
  enterprise: EnterpriseConditions;
  figures: FiguresText;
  intellectualProperty: { classI: string; classII: string };
  compliance: Compliance;
  fastTrack: FastTrackState;
  rdBasis: RdBasisChoice;
  /** When false, `history` is left out of the input (the triggers that need it do not fire). */
  historyKnown: boolean;
  history: History;
}

export const MONEY_KEYS = ['salesRevenue', 'totalAssets', 'totalCostExpense', 'rdExpense'] as const;
export type MoneyKey = (typeof MONEY_KEYS)[number];

/** The contract's example input (docs/contracts/assessment.md). */
export const EXAMPLE_INPUT: AssessmentInput = contractExampleInput();

/** The evaluation year the page opens on (the current campaign). */
export const DEFAULT_EVALUATION_YEAR = 2026;

const moneyText = (value: Money): string => (typeof value === 'number' ? String(value) : value);
const rankText = (value: number | null): string => (value === null ? '' : String(value));

/** Form state showing an input (the example, or a cleared form). */
export function formStateFrom(input: AssessmentInput, evaluationYear = input.evaluationYear): FormState {
  const f = input.figures;
  return {
    evaluationYear,
    enterprise: { ...input.enterprise },
    figures: {
      totalStaff: String(f.totalStaff),
      techStaff: String(f.techStaff),
      salesRevenue: moneyText(f.salesRevenue),
      totalAssets: moneyText(f.totalAssets),
      totalCostExpense: moneyText(f.totalCostExpense),
      rdExpense: moneyText(f.rdExpense),
    },
    intellectualProperty: {
      classI: String(input.intellectualProperty.classI),
      classII: String(input.intellectualProperty.classII),
    },
    compliance: { ...input.compliance },
    fastTrack: {
      highTechCertificateValid: input.fastTrack.highTechCertificateValid,
      nationalAwardRank: rankText(input.fastTrack.nationalAwardRank),
      provincialRdInstitution: input.fastTrack.provincialRdInstitution,
      standardDraftingRank: rankText(input.fastTrack.standardDraftingRank),
    },
    rdBasis: input.rdBasis ?? 'auto',
    historyKnown: input.history !== undefined,
    history: input.history
      ? { ...input.history }
      : { firstTime: false, revokedWithin3Years: false, seriousViolationWithin3Years: false },
  };
}

/** The page's initial state: the contract's example, evaluated for the current year. */
export function initialFormState(): FormState {
  return formStateFrom(EXAMPLE_INPUT, DEFAULT_EVALUATION_YEAR);
}

/** A cleared form: the year kept, every figure empty, every condition in its usual (favourable) state. */
export function clearedFormState(evaluationYear: number): FormState {
  const cleared = formStateFrom(EXAMPLE_INPUT, evaluationYear);
  return {
    ...cleared,
    figures: { totalStaff: '', techStaff: '', salesRevenue: '', totalAssets: '', totalCostExpense: '', rdExpense: '' },
    intellectualProperty: { classI: '', classII: '' },
    rdBasis: 'auto',
    historyKnown: false,
    history: { firstTime: false, revokedWithin3Years: false, seriousViolationWithin3Years: false },
  };
}

const FULL_WIDTH_DIGIT = /[０-９]/g;

/** Normalise what people paste: full-width digits and point, thousands separators, spaces. */
export function normaliseNumberText(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s]/g, '');
}

/**
 * A count as typed → the JSON value sent for validation: empty → undefined (missing), an integer → that
 * number, anything else → the text itself, which the validator rejects with a message naming the field.
 */
function countValue(text: string): number | string | undefined {
  const t = normaliseNumberText(text);
  if (t === '') return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

/** A rank as typed: empty → null (none), otherwise as countValue. */
function rankValue(text: string): number | string | null {
  return countValue(text) ?? null;
}

/** Money as typed → the yuan text sent (never a number); empty → undefined (missing). */
function moneyValue(text: string): string | undefined {
  const t = normaliseNumberText(text);
  return t === '' ? undefined : t;
}

/** Drop undefined members so the JSON shows a missing field as missing. */
function defined(entries: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * The AssessmentInput the form describes, exactly as it would be sent to the API or the CLI.
 * It may be invalid: validateAssessmentInput decides.
 */
export function draftInput(state: FormState): Record<string, unknown> {
  const f = state.figures;
  const draft: Record<string, unknown> = {
    evaluationYear: state.evaluationYear,
    enterprise: { ...state.enterprise },
    figures: defined({
      totalStaff: countValue(f.totalStaff),
      techStaff: countValue(f.techStaff),
      salesRevenue: moneyValue(f.salesRevenue),
      totalAssets: moneyValue(f.totalAssets),
      totalCostExpense: moneyValue(f.totalCostExpense),
      rdExpense: moneyValue(f.rdExpense),
    }),
    intellectualProperty: defined({
      classI: countValue(state.intellectualProperty.classI),
      classII: countValue(state.intellectualProperty.classII),
    }),
    compliance: { ...state.compliance },
    fastTrack: {
      highTechCertificateValid: state.fastTrack.highTechCertificateValid,
      nationalAwardRank: rankValue(state.fastTrack.nationalAwardRank),
      provincialRdInstitution: state.fastTrack.provincialRdInstitution,
      standardDraftingRank: rankValue(state.fastTrack.standardDraftingRank),
    },
  };
  if (state.rdBasis !== 'auto') draft.rdBasis = state.rdBasis;
  if (state.historyKnown) draft.history = { ...state.history };
  return draft;
}

/** True for the validator's "缺少必填项：…" (the field is empty) as opposed to a wrong value. */
export function isMissingError(error: FieldError): boolean {
  return error.message.startsWith('缺少必填项');
}

/** Field errors grouped by path. */
export type ErrorsByPath = ReadonlyMap<string, readonly FieldError[]>;

export function groupErrors(errors: readonly FieldError[]): ErrorsByPath {
  const map = new Map<string, FieldError[]>();
  for (const error of errors) {
    const list = map.get(error.path);
    if (list) list.push(error);
    else map.set(error.path, [error]);
  }
  return map;
}

/** The DOM id of the control for a field path (labels point at it; error links focus it). */
export function fieldId(path: string): string {
  return `field-${path.replaceAll('.', '-')}`;
}
