import type { InfoSheetChange } from '@kexiao/rules';
import { Card, Table, Typography } from 'antd';

interface DiffTableProps {
  diff: { fromVersion: number; toVersion: number; changes: InfoSheetChange[] };
}

/** What changed since the previous submission: 项目 / 修改前 / 修改后. */
export function DiffTable({ diff }: DiffTableProps) {
  return (
    <Card
      size="small"
      className="kx-section"
      title={`与上次提交相比的修改（第${diff.fromVersion}次 → 第${diff.toVersion}次）`}
      data-testid="review-diff"
    >
      {diff.changes.length === 0 ? (
        <Typography.Text type="secondary">信息表内容没有修改</Typography.Text>
      ) : (
        <Table<InfoSheetChange>
          size="small"
          rowKey="path"
          pagination={false}
          tableLayout="fixed"
          dataSource={diff.changes}
          rowClassName={() => 'kx-review-diff-changed'}
          onRow={(c) => ({ 'data-testid': `review-diff-${c.path}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'label', title: '项目', dataIndex: 'label', width: '30%' },
            {
              key: 'before',
              title: '修改前',
              width: '35%',
              render: (_, c) =>
                c.before === null ? (
                  <Typography.Text type="secondary">（空）</Typography.Text>
                ) : (
                  <span className="kx-review-diff-before">{c.before}</span>
                ),
            },
            {
              key: 'after',
              title: '修改后',
              width: '35%',
              render: (_, c) =>
                c.after === null ? (
                  <Typography.Text type="secondary">（已删除）</Typography.Text>
                ) : (
                  <span className="kx-review-diff-after">{c.after}</span>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
