import { PlusOutlined } from '@ant-design/icons';
import {
  IP_ITEMS_MAX,
  IP_TYPE_CLASS,
  IP_TYPE_LABELS,
  IP_TYPES,
  type IpItem,
  type IpType,
  ipCounts,
} from '@kexiao/rules';
import { Alert, Button, Checkbox, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { fieldId } from '../../public/self-assessment/formState';
import { CellError, cellControl } from './CellError';
import type { SheetSectionProps } from './sectionTypes';
import { type IpRow, rowKey } from './sheetForm';

const GROUPS: readonly { label: string; cls: 'I' | 'II' | null }[] = [
  { label: 'Ⅰ类知识产权', cls: 'I' },
  { label: 'Ⅱ类知识产权', cls: 'II' },
  { label: '不计入评价', cls: null },
];

const TYPE_OPTIONS = GROUPS.map((g) => ({
  label: g.label,
  title: g.label,
  options: IP_TYPES.filter((t) => IP_TYPE_CLASS[t] === g.cls).map((t) => ({ value: t, label: IP_TYPE_LABELS[t] })),
}));

type Flag = 'inForce' | 'relatedToMainProducts' | 'disputed';
const FLAGS: readonly (readonly [Flag, string])[] = [
  ['inForce', '有效'],
  ['relatedToMainProducts', '与主要产品相关'],
  ['disputed', '存在权属争议'],
];

/** Whether a row counts, and as which class (the same rule as ipCounts). */
function rowCounts(row: IpRow): 'I' | 'II' | null {
  if (row.type === null) return null;
  const counts = ipCounts([row as unknown as IpItem]);
  return counts.classI > 0 ? 'I' : counts.classII > 0 ? 'II' : null;
}

/** Under the type: whether the row counts in the assessment, and as which class. */
function CountedTag({ row }: { row: IpRow }) {
  if (row.type === null) return null;
  const cls = rowCounts(row);
  return (
    <Tag color={cls === 'I' ? 'green' : cls === 'II' ? 'blue' : 'default'} className="kx-filing-counted">
      {cls === 'I' ? '计入Ⅰ类' : cls === 'II' ? '计入Ⅱ类' : '不计入评价'}
    </Tag>
  );
}

/** 知识产权清单: every item with its class; only items in force, related to the main products and undisputed count. */
export function IpSection({ form, update, errors, editable }: SheetSectionProps) {
  const rows = form.intellectualProperty;
  const setRow = (index: number, patch: Partial<IpRow>) =>
    update((f) => ({
      ...f,
      intellectualProperty: f.intellectualProperty.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    }));
  const add = () => {
    const index = rows.length;
    update((f) => ({
      ...f,
      intellectualProperty: [
        ...f.intellectualProperty,
        // The usual case; the enterprise changes what differs.
        {
          key: rowKey(),
          type: null,
          number: '',
          title: '',
          inForce: true,
          relatedToMainProducts: true,
          disputed: false,
        },
      ],
    }));
    setTimeout(() => document.getElementById(fieldId(`intellectualProperty[${index}].type`))?.focus(), 0);
  };
  const remove = (index: number) =>
    update((f) => ({ ...f, intellectualProperty: f.intellectualProperty.filter((_, i) => i !== index) }));

  const counts = ipCounts(rows.filter((r) => r.type !== null) as unknown as IpItem[]);

  const text = (key: 'number' | 'title', placeholder: string) => (_v: unknown, row: IpRow, i: number) => {
    const path = `intellectualProperty[${i}].${key}`;
    return (
      <>
        <Input
          {...cellControl(path, errors)}
          className={key === 'title' ? 'kx-filing-cell-name' : 'kx-filing-cell-number'}
          placeholder={placeholder}
          value={row[key]}
          onChange={(e) => setRow(i, { [key]: e.target.value })}
        />
        <CellError path={path} errors={errors} />
      </>
    );
  };
  const flags = (_v: unknown, row: IpRow, i: number) => (
    <div className="kx-filing-flags">
      {FLAGS.map(([key, text]) => {
        const path = `intellectualProperty[${i}].${key}`;
        const { status: _status, ...control } = cellControl(path, errors);
        return (
          <div key={key}>
            <Checkbox
              {...control}
              checked={row[key] === true}
              indeterminate={row[key] === null}
              onChange={(e) => setRow(i, { [key]: e.target.checked })}
            >
              {text}
            </Checkbox>
            <CellError path={path} errors={errors} />
          </div>
        );
      })}
    </div>
  );

  const columns: TableColumnsType<IpRow> = [
    { title: '序号', key: 'no', width: 48, className: 'kx-filing-cell-text', render: (_v, _r, i) => i + 1 },
    {
      title: '类别',
      key: 'type',
      width: 176,
      render: (_v, row, i) => {
        const path = `intellectualProperty[${i}].type`;
        return (
          <>
            <Select<IpType>
              {...cellControl(path, errors)}
              className="kx-filing-cell-select-wide"
              virtual={false}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="请选择"
              value={row.type ?? undefined}
              onChange={(value) => setRow(i, { type: value })}
              options={TYPE_OPTIONS}
            />
            <CellError path={path} errors={errors} />
            <CountedTag row={row} />
          </>
        );
      },
    },
    { title: '专利号/登记号', key: 'number', width: 160, render: text('number', '如 ZL202310000000.0') },
    { title: '名称', key: 'title', render: text('title', '知识产权名称') },
    { title: '情况（勾选为“是”）', key: 'flags', width: 170, render: flags },
  ];
  if (editable) {
    columns.push({
      title: '操作',
      key: 'remove',
      width: 64,
      className: 'kx-filing-cell-text',
      render: (_v, _r, i) => (
        <Button type="link" danger size="small" onClick={() => remove(i)} data-testid={`ip-remove-${i}`}>
          删除
        </Button>
      ),
    });
  }

  return (
    <div id={fieldId('intellectualProperty')} tabIndex={-1} className="kx-filing-focus-target">
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        填写企业拥有的全部知识产权。只有在有效期内、与主要产品（服务）相关、且无权属争议的Ⅰ类、Ⅱ类知识产权计入评价；商标等不计入。拥有1项及以上Ⅰ类得30分；否则Ⅱ类4项及以上得24分，3项18分，2项12分，1项6分。
      </Typography.Paragraph>
      <Table<IpRow>
        rowKey="key"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        className="kx-filing-table"
        data-testid="ip-table"
        locale={{ emptyText: '尚未添加知识产权' }}
      />
      <Alert
        type="info"
        showIcon
        className="kx-filing-check"
        data-testid="ip-counts"
        data-class-i={counts.classI}
        data-class-ii={counts.classII}
        title={
          <span>
            计入评价：Ⅰ类 <strong data-testid="ip-count-class-i">{counts.classI}</strong> 项，Ⅱ类{' '}
            <strong data-testid="ip-count-class-ii">{counts.classII}</strong> 项（共填写{rows.length}项）
          </span>
        }
      />
      {editable && (
        <Button
          icon={<PlusOutlined />}
          onClick={add}
          disabled={rows.length >= IP_ITEMS_MAX}
          data-testid="ip-add"
          className="kx-filing-add"
        >
          添加知识产权
        </Button>
      )}
    </div>
  );
}
