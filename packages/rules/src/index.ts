/**
 * @kexiao/rules — the evaluation rules of 科技型中小企业评价 as pure functions (no I/O).
 * Runs unchanged in Node and in the browser. Contract: docs/contracts/assessment.md.
 */

export { AssessmentInputError, assess, firingOnSiteTriggers } from './assess.js';
export { addWorkingDays, isWorkingDay, parseIsoDate } from './calendar.js';
export type { BandStep, Explanation, IndicatorDetail } from './explain.js';
export { explain } from './explain.js';
export { FAILURE_CODES, FAST_TRACK_LABELS, FIELD_LABELS, ON_SITE_LABELS } from './labels.js';
export { compareScaled, fenToYuan, formatYuan, parseMoney } from './money.js';
export type { DocumentRef, RuleDefinition, RuleSet } from './rule-sets/index.js';
export { DOCUMENTS, RULE_SETS, ruleSetForYear } from './rule-sets/index.js';
export type { Margin, Suggestion, SuggestionAxis, SuggestionReport } from './suggest.js';
export { suggest } from './suggest.js';
export type * from './types.js';
export { isValidUscc, usccCheckChar } from './uscc.js';
export { MAX_EVALUATION_YEAR, MIN_EVALUATION_YEAR, validateAssessmentInput } from './validate.js';
export * from './identity/index.js';
export * from './filing/index.js';
export { contractExampleInput } from './example.js';
