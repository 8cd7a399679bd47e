/** The 信息表 (info sheet): its types, checks, derived values, review warnings and diff. */
export * from './info-sheet.js';
export {
  BASIC_FIELDS,
  type Field as InfoSheetField,
  INFO_SHEET_FIELD_LABELS,
  INFO_SHEET_KEYS,
  INFO_SHEET_SECTION_LABELS,
  type InfoSheetKey,
  infoSheetFieldLabel,
  IP_ITEMS_MAX,
  type LeafSpec as InfoSheetLeafSpec,
  MAIN_PRODUCTS_MAX,
  RD_BASES,
  RD_BASIS_LABELS,
  RD_PROJECTS_MAX,
  TEXT_MAX,
} from './schema.js';
export {
  ipCounts,
  prefillBasicInfo,
  rdProjectsMatch,
  rdProjectsTotalFen,
  type RegistrationInfo,
  toAssessmentInput,
} from './derive.js';
export { checkInfoSheetDraft, type InfoSheetValidation, validateInfoSheet } from './check.js';
export {
  computeWarnings,
  SHARED_CONTACT_THRESHOLD,
  type Warning,
  WARNING_CODES,
  WARNING_LABELS,
  type WarningCode,
  type WarningInput,
} from './warnings.js';
export { diffInfoSheets, displayValue as infoSheetDisplayValue, type InfoSheetChange } from './diff.js';
export { exampleInfoSheet } from './example.js';
