/**
 * The review queue as an xlsx workbook (审核清单), streamed: exceljs' WorkbookWriter commits each row as it is
 * written, while the rows are read in batches, so a 100,000-row export never sits in memory. Chinese headers; no
 * phone or identity numbers (the queue's rows carry none).
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export const EXPORT_HEADER = [
  '序号',
  '企业名称',
  '统一社会信用代码',
  '所在地区',
  '评价工作机构',
  '评价年度',
  '状态',
  '版本',
  '提交时间（北京时间）',
  '审核期限',
  '剩余工作日',
  '是否超期',
  '预警数',
  '需实地核查',
  '审核人',
] as const;

const WIDTHS = [6, 36, 22, 14, 26, 10, 14, 8, 20, 12, 12, 10, 8, 12, 14];

/** What one row of the export shows (from a queue item). */
export interface ExportRow {
  enterpriseName: string;
  uscc: string;
  region: string;
  agency: string;
  evaluationYear: number;
  statusLabel: string;
  versionNo: number;
  submittedAt: string;
  reviewDueOn: string;
  workingDaysLeft: number | null;
  overdue: boolean;
  warningCount: number;
  onSiteRequired: boolean;
  claimedBy: string;
}

/**
 * Stream a workbook: a title row, the header, every row the batches yield, and — when the export was capped — a
 * note row saying so. Errors while writing destroy the stream (the response ends short, never silently whole).
 */
export function queueWorkbook(title: string, batches: AsyncIterable<ExportRow[]>, cappedNote: string | null): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const write = async () => {
    const sheet = workbook.addWorksheet('审核清单');
    sheet.columns = WIDTHS.map((width) => ({ width }));
    sheet.addRow([title]).commit();
    const head = sheet.addRow([...EXPORT_HEADER]);
    head.font = { bold: true };
    head.commit();
    let n = 0;
    for await (const batch of batches) {
      for (const r of batch) {
        sheet
          .addRow([
            ++n,
            r.enterpriseName,
            r.uscc,
            r.region,
            r.agency,
            r.evaluationYear,
            r.statusLabel,
            r.versionNo,
            r.submittedAt,
            r.reviewDueOn,
            r.workingDaysLeft ?? '',
            r.overdue ? '是' : '否',
            r.warningCount,
            r.onSiteRequired ? '是' : '否',
            r.claimedBy,
          ])
          .commit();
      }
    }
    if (cappedNote !== null) sheet.addRow([cappedNote]).commit();
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
