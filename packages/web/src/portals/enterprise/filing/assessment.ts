/**
 * The live self-assessment of a draft, in the browser: the draft's conditions, figures, compliance, fast track
 * and IP list through toAssessmentInput (the function the server uses at submission), then the public page's
 * evaluateDraft (validateAssessmentInput, explain, suggest). An incomplete draft gives the validator's list of
 * what is missing. The enterprise's history (first filing, revocations) is known only to the server.
 */
import { type InfoSheet, type InfoSheetDraft, type IpItem, toAssessmentInput } from '@kexiao/rules';
import { evaluateDraft, type Outcome } from '../../public/self-assessment/evaluation';

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};

/** A section with its empty (null) fields left out, so the validator reports them as missing; a null rank is "none". */
function filled(value: unknown, ranks: readonly string[] = []): Obj {
  const out: Obj = {};
  for (const [key, v] of Object.entries(obj(value))) {
    if (v !== null && v !== undefined) out[key] = v;
    else if (ranks.includes(key)) out[key] = null;
  }
  return out;
}

export function assessDraft(draft: InfoSheetDraft, evaluationYear: number): Outcome {
  const sheet = {
    enterprise: filled(draft.enterprise),
    figures: filled(draft.figures),
    compliance: filled(draft.compliance),
    fastTrack: filled(draft.fastTrack, ['nationalAwardRank', 'standardDraftingRank']),
    rdBasis: draft.rdBasis ?? undefined,
    intellectualProperty: (draft.intellectualProperty ?? []).filter((row) => row !== null) as IpItem[],
  } as unknown as InfoSheet;
  const input = toAssessmentInput(sheet, evaluationYear) as unknown as Obj;
  // toAssessmentInput copies field by field: a field left out comes back as undefined, which JSON drops too.
  for (const key of ['enterprise', 'figures', 'compliance', 'fastTrack']) {
    input[key] = Object.fromEntries(Object.entries(obj(input[key])).filter(([, v]) => v !== undefined));
  }
  return evaluateDraft(input);
}
