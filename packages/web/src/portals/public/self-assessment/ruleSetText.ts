import type { RuleSet } from '@kexiao/rules';

/** "2024版（2024–2025年度）" / "2026版（2026年度起）" */
export function ruleSetLabel(ruleSet: RuleSet): string {
  const { from, to } = ruleSet.years;
  const span = to === null ? `${from}年度起` : from === to ? `${from}年度` : `${from}–${to}年度`;
  return `${ruleSet.id}版（${span}）`;
}

/** Text for a condition a rule set does not use. */
export function notInRuleSet(ruleSet: RuleSet, since: string): string {
  return `${ruleSet.id}版规则不含此条件（${since}起适用），不影响本次自测结果`;
}
