import {
  type AssessmentInput,
  type Explanation,
  explain,
  type FieldError,
  type SuggestionReport,
  suggest,
  validateAssessmentInput,
} from '@kexiao/rules';

/** What the page shows for the current draft: every field error, or the full assessment. */
export type Outcome =
  | { status: 'invalid'; errors: FieldError[] }
  | { status: 'valid'; input: AssessmentInput; explanation: Explanation; report: SuggestionReport };

/** Validate first; only a valid input is assessed (the same functions the server runs). */
export function evaluateDraft(draft: unknown): Outcome {
  const checked = validateAssessmentInput(draft);
  if (!checked.ok) return { status: 'invalid', errors: checked.errors };
  return {
    status: 'valid',
    input: checked.value,
    explanation: explain(checked.value),
    report: suggest(checked.value),
  };
}
