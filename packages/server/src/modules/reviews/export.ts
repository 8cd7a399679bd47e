/**
 * The review queue as an xlsx workbook (审核清单), streamed: exceljs' WorkbookWriter commits each row as it is
 * written, while the rows are read in batches, so a 100,000-row export never sits in memory. Chinese headers; no
 * phone or identity numbers (the queue's rows carry none). Also the province's review progress (审核进度): one
 * row per agency and a 合计 row, streamed the same way.
 */
import type { Readable } from 'node:stream';
import { boldRow, streamedSheet } from '../../platform/xlsx.js';

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
 * note row saying so.
 */
export function queueWorkbook(title: string, batches: AsyncIterable<ExportRow[]>, cappedNote: string | null): Readable {
  return streamedSheet('审核清单', WIDTHS, async (sheet) => {
    sheet.addRow([title]).commit();
    boldRow(sheet, EXPORT_HEADER);
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
  });
}

// ── the province's review progress ──────────────────────────────────────────────────────────────────────────

export const PROGRESS_HEADER = [
  '评价工作机构',
  '级别',
  '待审核',
  '审核中',
  '退回补正',
  '审核通过',
  '不予通过',
  '合计',
  '超期',
  '超期审结',
  '平均审结工作日',
] as const;

const PROGRESS_WIDTHS = [30, 8, 10, 10, 10, 10, 10, 10, 8, 10, 16];

/** One agency's (or the totals') figures, as GET /api/v1/staff/filing-progress gives them. */
export interface ProgressFigures {
  counts: Record<'submitted' | 'reviewing' | 'returned' | 'passed' | 'rejected', number>;
  total: number;
  overdue: number;
  lateDecisions: number;
  averageWorkingDaysToDecision: number | null;
}

const figures = (f: ProgressFigures) => [
  f.counts.submitted,
  f.counts.reviewing,
  f.counts.returned,
  f.counts.passed,
  f.counts.rejected,
  f.total,
  f.overdue,
  f.lateDecisions,
  f.averageWorkingDaysToDecision ?? '',
];

/**
 * The review progress as a workbook: a title row, the generation time (China time), the header, one row per
 * agency (its level already a label, '' when unknown) and a bold 合计 row.
 */
export function progressWorkbook(
  title: string,
  generatedAt: string,
  agencies: readonly (ProgressFigures & { name: string; level: string })[],
  totals: ProgressFigures,
): Readable {
  return streamedSheet('审核进度', PROGRESS_WIDTHS, (sheet) => {
    sheet.addRow([title]).commit();
    sheet.addRow([`生成时间（北京时间）：${generatedAt}`]).commit();
    boldRow(sheet, PROGRESS_HEADER);
    for (const a of agencies) sheet.addRow([a.name, a.level, ...figures(a)]).commit();
    boldRow(sheet, ['合计', '', ...figures(totals)]);
  });
}
