/**
 * xlsx workbooks, streamed: exceljs' WorkbookWriter commits each row as it is written, so a large export never sits
 * in memory. Used by every export of the platform (review queue and progress, publicity lists, announcements).
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Stream one worksheet: `fill` adds and commits its rows; the sheet and the workbook are committed after it.
 * Errors while writing destroy the stream (the response ends short, never silently whole).
 */
export function streamedSheet(
  name: string,
  widths: readonly number[],
  fill: (sheet: ExcelJS.Worksheet) => Promise<void> | void,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const write = async () => {
    const sheet = workbook.addWorksheet(name);
    sheet.columns = widths.map((width) => ({ width }));
    await fill(sheet);
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** Add a bold row (a header or a totals row) and commit it. */
export function boldRow(sheet: ExcelJS.Worksheet, values: readonly unknown[]): void {
  const row = sheet.addRow([...values]);
  row.font = { bold: true };
  row.commit();
}
