import {
  type InfoSheetDraft,
  IP_TYPE_CLASS,
  IP_TYPE_LABELS,
  type IpType,
  ipCounts,
  type IpItem,
  type Warning,
} from '@kexiao/rules';
import { Table, Tag, Typography } from 'antd';
import { WarningMark } from './SheetFields';
import { sheetFieldId, yesNo } from './sheetDisplay';

type Item = NonNullable<InfoSheetDraft['intellectualProperty']>[number];

const CLASS_TEXT = { I: 'Ⅰ类', II: 'Ⅱ类' } as const;

/** Whether the item counts toward the Class I / II numbers (in force, related to the main products, undisputed). */
const counts = (i: Item) =>
  i?.inForce === true &&
  i.relatedToMainProducts === true &&
  i.disputed === false &&
  i.type !== undefined &&
  i.type !== null &&
  IP_TYPE_CLASS[i.type] !== null;

/** 知识产权清单, read-only, with each item's class and whether it is counted. */
export function IpListView({ items, warned }: { items: readonly Item[]; warned: Map<string, Warning[]> }) {
  const counted = ipCounts(items.filter((i): i is IpItem => i !== null && typeof i === 'object') as IpItem[]);
  const warnings = warned.get('intellectualProperty');
  const rows = items.map((item, index) => ({ index, item }));
  const bool = (v: unknown, badWhen: boolean) => {
    const text = yesNo(v);
    return text === null ? '—' : v === badWhen ? <Typography.Text type="danger">{text}</Typography.Text> : text;
  };
  return (
    <div id={sheetFieldId('intellectualProperty')} data-testid="sheet-ip-list">
      {warnings && (
        <div className="kx-review-section-warning">
          <WarningMark warnings={warnings} />
          <span>{warnings.map((w) => w.message).join('；')}</span>
        </div>
      )}
      <Typography.Paragraph className="kx-review-ip-counts" data-testid="sheet-ip-counts">
        计入评价：Ⅰ类知识产权 <strong>{counted.classI}</strong> 项，Ⅱ类知识产权 <strong>{counted.classII}</strong> 项
        <Typography.Text type="secondary">（有效、与主要产品相关且无权属争议的方计入）</Typography.Text>
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="index"
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        locale={{ emptyText: '未填写知识产权' }}
        rowClassName={(r) => (counts(r.item) ? '' : 'kx-review-row-muted')}
        columns={[
          { key: 'no', title: '序号', width: 60, render: (_, r) => r.index + 1 },
          {
            key: 'type',
            title: '类别',
            render: (_, r) => (r.item?.type ? (IP_TYPE_LABELS[r.item.type as IpType] ?? r.item.type) : '—'),
          },
          {
            key: 'class',
            title: '分类',
            render: (_, r) => {
              const cls = r.item?.type ? IP_TYPE_CLASS[r.item.type as IpType] : null;
              return cls ? <Tag color={cls === 'I' ? 'blue' : 'cyan'}>{CLASS_TEXT[cls]}</Tag> : <Tag>不计类</Tag>;
            },
          },
          { key: 'number', title: '专利号/登记号', render: (_, r) => r.item?.number ?? '—' },
          { key: 'title', title: '名称', render: (_, r) => r.item?.title ?? '—' },
          { key: 'inForce', title: '有效', render: (_, r) => bool(r.item?.inForce, false) },
          { key: 'related', title: '与主要产品相关', render: (_, r) => bool(r.item?.relatedToMainProducts, false) },
          { key: 'disputed', title: '权属争议', render: (_, r) => bool(r.item?.disputed, true) },
          {
            key: 'counted',
            title: '计入',
            render: (_, r) => (counts(r.item) ? <Tag color="success">计入</Tag> : <Tag>不计入</Tag>),
          },
        ]}
      />
    </div>
  );
}
