import type { ErrorsByPath } from '../../public/self-assessment/formState';
import type { SheetForm } from './sheetForm';

/** Apply a change to the form (saved automatically). */
export type UpdateSheet = (recipe: (form: SheetForm) => SheetForm) => void;

/** What every section of the 信息表 gets. */
export interface SheetSectionProps {
  form: SheetForm;
  update: UpdateSheet;
  errors: ErrorsByPath;
  evaluationYear: number;
  /** false when the filing may not be edited (submitted, in review, decided): everything read-only. */
  editable: boolean;
}

/** Test ids of the form's controls: `filing-field-` + the field's path in the draft. */
export const FIELD_TEST_ID = 'filing-field-';
