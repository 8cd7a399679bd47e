import { PlusOutlined } from '@ant-design/icons';
import { RD_FORM_LABELS, RD_FORMS, RD_PROJECTS_MAX, type RdForm } from '@kexiao/rules';
import { Alert, Button, Input, Select, Table, type TableColumnsType, Typography } from 'antd';
import { fieldId } from '../../public/self-assessment/formState';
import { CellError, cellControl } from './CellError';
import { bigYuanText, fenOf } from './money';
import type { SheetSectionProps } from './sectionTypes';
import { type RdProjectRow, rowKey, type SheetForm } from './sheetForm';

/** The projects' total against 研发费用总额: exact, with the difference when they differ. */
function RdTotalCheck({ form }: { form: SheetForm }) {
  let total = 0n;
  let invalid = 0;
  for (const row of form.rdProjects) {
    if (row.expense.trim() === '') continue;
    const fen = fenOf(row.expense);
    if (fen === null) invalid += 1;
    else total += fen;
  }
  const rdExpense = fenOf(form.figures.rdExpense);
  let state: 'empty' | 'match' | 'mismatch' | 'unknown';
  let text: string;
  if (form.rdProjects.length === 0) {
    state = 'empty';
    text =
      rdExpense !== null && rdExpense > 0n
        ? `研发费用总额为${bigYuanText(rdExpense)}，请至少填写一个研发项目`
        : '尚未填写研发项目';
  } else if (rdExpense === null) {
    state = 'unknown';
    text = '请在“上年度主要指标”中填写研发费用总额，以便核对合计';
  } else if (invalid > 0) {
    state = 'unknown';
    text = `有${invalid}个项目的金额格式不正确，改正后核对合计`;
  } else if (total === rdExpense) {
    state = 'match';
    text = `合计与研发费用总额${bigYuanText(rdExpense)}一致`;
  } else {
    state = 'mismatch';
    const diff = total - rdExpense;
    text = `合计与研发费用总额${bigYuanText(rdExpense)}不一致：${diff > 0n ? '多' : '少'}${bigYuanText(diff > 0n ? diff : -diff)}`;
  }
  return (
    <Alert
      type={state === 'match' ? 'success' : state === 'mismatch' ? 'error' : 'info'}
      showIcon
      className="kx-filing-check"
      data-testid="rd-projects-check"
      data-state={state}
      title={text}
    />
  );
}

/** 企业研发项目汇总表: one row per project; the expenses must add up to 研发费用总额. */
export function RdProjectsSection({ form, update, errors, editable }: SheetSectionProps) {
  const setRow = (index: number, patch: Partial<RdProjectRow>) =>
    update((f) => ({ ...f, rdProjects: f.rdProjects.map((r, i) => (i === index ? { ...r, ...patch } : r)) }));
  const add = () => {
    const index = form.rdProjects.length;
    update((f) => ({ ...f, rdProjects: [...f.rdProjects, { key: rowKey(), name: '', form: null, expense: '' }] }));
    setTimeout(() => document.getElementById(fieldId(`rdProjects[${index}].name`))?.focus(), 0);
  };
  const remove = (index: number) => update((f) => ({ ...f, rdProjects: f.rdProjects.filter((_, i) => i !== index) }));

  let total = 0n;
  for (const row of form.rdProjects) total += fenOf(row.expense) ?? 0n;

  const columns: TableColumnsType<RdProjectRow> = [
    { title: '序号', key: 'no', width: 56, className: 'kx-filing-cell-text', render: (_v, _r, i) => i + 1 },
    {
      title: '项目名称',
      key: 'name',
      render: (_v, row, i) => {
        const path = `rdProjects[${i}].name`;
        return (
          <>
            <Input
              {...cellControl(path, errors)}
              className="kx-filing-cell-name"
              value={row.name}
              onChange={(e) => setRow(i, { name: e.target.value })}
            />
            <CellError path={path} errors={errors} />
          </>
        );
      },
    },
    {
      title: '研发形式',
      key: 'form',
      width: 140,
      render: (_v, row, i) => {
        const path = `rdProjects[${i}].form`;
        return (
          <>
            <Select<RdForm>
              {...cellControl(path, errors)}
              className="kx-filing-cell-select"
              placeholder="请选择"
              value={row.form ?? undefined}
              onChange={(value) => setRow(i, { form: value })}
              options={RD_FORMS.map((f) => ({ value: f, label: RD_FORM_LABELS[f] }))}
            />
            <CellError path={path} errors={errors} />
          </>
        );
      },
    },
    {
      title: '当年归集研发费用（元）',
      key: 'expense',
      width: 200,
      render: (_v, row, i) => {
        const path = `rdProjects[${i}].expense`;
        return (
          <>
            <Input
              {...cellControl(path, errors)}
              className="kx-filing-cell-money"
              inputMode="decimal"
              autoComplete="off"
              prefix="¥"
              placeholder="如 350000.00"
              value={row.expense}
              onChange={(e) => setRow(i, { expense: e.target.value })}
            />
            <CellError path={path} errors={errors} />
          </>
        );
      },
    },
  ];
  if (editable) {
    columns.push({
      title: '操作',
      key: 'remove',
      width: 64,
      className: 'kx-filing-cell-text',
      render: (_v, _r, i) => (
        <Button type="link" danger size="small" onClick={() => remove(i)} data-testid={`rd-project-remove-${i}`}>
          删除
        </Button>
      ),
    });
  }

  const summaryErrors = errors.get('rdProjects');
  return (
    <div id={fieldId('rdProjects')} tabIndex={-1} className="kx-filing-focus-target">
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        按研发费用辅助账逐项填写上一会计年度的研发项目；各项目当年归集研发费用的合计应等于“上年度主要指标”中的研发费用总额。
      </Typography.Paragraph>
      {summaryErrors && (
        <Alert
          type="error"
          showIcon
          className="kx-filing-check"
          title={summaryErrors.map((e) => e.message).join('；')}
        />
      )}
      <Table<RdProjectRow>
        rowKey="key"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={form.rdProjects}
        scroll={{ x: 'max-content' }}
        className="kx-filing-table"
        data-testid="rd-projects-table"
        locale={{ emptyText: '尚未添加研发项目' }}
        summary={() =>
          form.rdProjects.length === 0 ? null : (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>
                <strong>合计</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} colSpan={editable ? 2 : 1}>
                <strong data-testid="rd-projects-total" className="kx-filing-amount">
                  {bigYuanText(total)}
                </strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
      <RdTotalCheck form={form} />
      {editable && (
        <Button
          icon={<PlusOutlined />}
          onClick={add}
          disabled={form.rdProjects.length >= RD_PROJECTS_MAX}
          data-testid="rd-project-add"
          className="kx-filing-add"
        >
          添加研发项目
        </Button>
      )}
    </div>
  );
}
