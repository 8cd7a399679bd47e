import { type InfoSheetDraft, parseMoney, RD_FORM_LABELS, type Warning } from '@kexiao/rules';
import { Alert, Table, Typography } from 'antd';
import { WarningMark } from './SheetFields';
import { bigYuan, money, sheetFieldId } from './sheetDisplay';

type Project = NonNullable<InfoSheetDraft['rdProjects']>[number];

interface RdProjectsViewProps {
  projects: readonly Project[];
  rdExpense: unknown;
  warned: Map<string, Warning[]>;
}

/** 研发项目汇总表, read-only, with its 合计 and whether it equals the 研发费用总额. */
export function RdProjectsView({ projects, rdExpense, warned }: RdProjectsViewProps) {
  let total: bigint | null = 0n;
  for (const p of projects) {
    const fen = parseMoney(p?.expense);
    total = total === null || fen === null ? null : total + BigInt(fen);
  }
  const declared = parseMoney(rdExpense);
  const mismatch = total !== null && declared !== null && total !== BigInt(declared);
  const warnings = warned.get('rdProjects');
  const rows = projects.map((p, index) => ({ index, project: p }));
  return (
    <div id={sheetFieldId('rdProjects')} data-testid="sheet-rd-projects" data-warned={warnings ? 'true' : undefined}>
      {warnings && (
        <div className="kx-review-section-warning">
          <WarningMark warnings={warnings} />
          <span>{warnings.map((w) => w.message).join('；')}</span>
        </div>
      )}
      <Table
        size="small"
        rowKey="index"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        locale={{ emptyText: '未填写研发项目' }}
        columns={[
          { key: 'no', title: '序号', width: 60, render: (_, r) => r.index + 1 },
          { key: 'name', title: '项目名称', render: (_, r) => r.project?.name ?? '—' },
          {
            key: 'form',
            title: '研发形式',
            render: (_, r) =>
              r.project?.form ? ((RD_FORM_LABELS as Record<string, string>)[r.project.form] ?? r.project.form) : '—',
          },
          {
            key: 'expense',
            title: '当年归集研发费用（元）',
            align: 'right',
            render: (_, r) => <span className="kx-num">{money(r.project?.expense) ?? '—'}</span>,
          },
        ]}
        summary={() => (
          <Table.Summary.Row className={mismatch ? 'kx-review-summary-warned' : undefined}>
            <Table.Summary.Cell index={0} colSpan={3}>
              <strong>合计</strong>
              {declared !== null && (
                <Typography.Text type="secondary" className="kx-review-summary-note">
                  （研发费用总额 {money(rdExpense)}）
                </Typography.Text>
              )}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <strong className="kx-num" data-testid="sheet-rd-total">
                {total === null ? '—' : bigYuan(total)}
              </strong>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {mismatch && !warnings && (
        <Alert type="warning" showIcon className="kx-review-inline-alert" title="各项目合计与研发费用总额不一致" />
      )}
    </div>
  );
}
