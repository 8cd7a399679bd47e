/**
 * @kexiao/rules — the evaluation rules of 科技型中小企业评价 as pure functions (no I/O).
 * Runs unchanged in Node and in the browser. Contract: docs/contracts/assessment.md.
 */
export type * from './types.js';
export { assess, AssessmentInputError } from './assess.js';
export { validateAssessmentInput } from './validate.js';
export { explain } from './explain.js';
export type { Explanation, IndicatorDetail, BandStep } from './explain.js';
export { suggest } from './suggest.js';
export type { Suggestion, SuggestionAxis, SuggestionReport, Margin } from './suggest.js';
export { parseMoney, formatYuan, fenToYuan, compareScaled } from './money.js';
export { isValidUscc, usccCheckChar } from './uscc.js';
export { addWorkingDays, isWorkingDay, parseIsoDate } from './calendar.js';
export { RULE_SETS, ruleSetForYear, DOCUMENTS } from './rule-sets/index.js';
export type { RuleSet, DocumentRef, RuleDefinition } from './rule-sets/index.js';
export { FAILURE_CODES, FAST_TRACK_LABELS, ON_SITE_LABELS, FIELD_LABELS } from './labels.js';
export { MIN_EVALUATION_YEAR, MAX_EVALUATION_YEAR } from './validate.js';
