import type { FilingStatus } from './api';

/** The tag colour of each status. */
export const STATUS_COLOR: Readonly<Record<FilingStatus, string>> = {
  draft: 'blue',
  submitted: 'processing',
  reviewing: 'processing',
  returned: 'warning',
  passed: 'success',
  rejected: 'error',
};
