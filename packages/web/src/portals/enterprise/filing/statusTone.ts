import type { FilingStatus, VersionOutcome } from './api';

/** The tag colour of each status. */
export const STATUS_COLOR: Readonly<Record<FilingStatus, string>> = {
  draft: 'blue',
  submitted: 'processing',
  reviewing: 'processing',
  returned: 'warning',
  passed: 'success',
  rejected: 'error',
  publicizing: 'cyan',
  registered: 'green',
  not_registered: 'volcano',
};

/** The tag colour of a submitted version's outcome. */
export const OUTCOME_COLOR: Readonly<Record<VersionOutcome['code'], string>> = {
  submitted: 'processing',
  reviewing: 'processing',
  passed: 'success',
  returned: 'warning',
  rejected: 'error',
  withdrawn: 'default',
};
