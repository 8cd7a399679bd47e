import { FIELD_LABELS, type RuleSet } from '@kexiao/rules';

/** The Chinese name of a contract field (the same words the validator's messages use). */
export function fieldLabel(path: string): string {
  return FIELD_LABELS[path] ?? path;
}

/** The text of one rule of a rule set, by its id (a failure code or a fast-track item). */
export function ruleText(ruleSet: RuleSet, id: string): string | null {
  return ruleSet.rules.find((rule) => rule.id === id)?.text ?? null;
}
