import type { RuleSet } from '@kexiao/rules';
import type { ErrorsByPath, FormState } from './formState';

/** Apply a change to the form state. */
export type UpdateForm = (recipe: (state: FormState) => FormState) => void;

export interface SectionProps {
  state: FormState;
  update: UpdateForm;
  errors: ErrorsByPath;
  ruleSet: RuleSet;
}
