import {
  BASIC_FIELDS,
  FIELD_LABELS,
  INFO_SHEET_FIELD_LABELS,
  INFO_SHEET_SECTION_LABELS,
  type InfoSheetDraft,
  RD_BASIS_LABELS,
  TECH_FIELD_LABELS,
  type Warning,
} from '@kexiao/rules';
import { Card } from 'antd';
import { IpListView } from './IpListView';
import { RdProjectsView } from './RdProjectsView';
import { SheetFields, type SheetRow } from './SheetFields';
import { money, plain, warningsByPath, yesNo } from './sheetDisplay';

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value !== null && typeof value === 'object' ? (value as Obj) : {});

/** The keys of a section, in the order of INFO_SHEET_FIELD_LABELS (the sheet's own order). */
const keysOf = (section: string) =>
  Object.keys(INFO_SHEET_FIELD_LABELS)
    .filter((p) => p.startsWith(`${section}.`))
    .map((p) => p.slice(section.length + 1));

/** Conditions whose answer must be 是 (the rest must be 否). */
const MUST_BE_YES = new Set(['residentEnterprise', 'auditCollection', 'rdExpenseAccounting']);

const label = (path: string) => INFO_SHEET_FIELD_LABELS[path] ?? FIELD_LABELS[path] ?? path;

interface InfoSheetViewProps {
  sheet: InfoSheetDraft;
  warnings: readonly Warning[];
  /** The registered region's full name, shown beside its code. */
  regionText: string | null;
}

/** The submitted 信息表, read-only, section by section; the fields a warning concerns are marked beside them. */
export function InfoSheetView({ sheet, warnings, regionText }: InfoSheetViewProps) {
  const warned = warningsByPath(warnings);
  const basic = obj(sheet.basic);
  const enterprise = obj(sheet.enterprise);
  const figures = obj(sheet.figures);
  const compliance = obj(sheet.compliance);
  const fastTrack = obj(sheet.fastTrack);

  const basicRows: SheetRow[] = BASIC_FIELDS.map(([key]) => {
    const path = `basic.${key}`;
    const raw = basic[key];
    let value: string | null = plain(raw);
    if (key === 'techField' && typeof raw === 'string') value = (TECH_FIELD_LABELS as Obj)[raw] as string;
    if (key === 'regionCode' && value !== null && regionText) value = `${regionText}（${value}）`;
    return { path, label: label(path), value, wide: key === 'mainProducts' };
  });
  // The long 主要产品 across the whole width at the end, leaving no hole in the two columns.
  basicRows.sort((a, b) => Number(a.wide ?? false) - Number(b.wide ?? false));
  const conditionRows: SheetRow[] = keysOf('enterprise').map((key) => {
    const path = `enterprise.${key}`;
    const value = enterprise[key];
    const bad = typeof value === 'boolean' && value !== MUST_BE_YES.has(key);
    return { path, label: label(path), value: yesNo(value), bad };
  });
  const figureRows: SheetRow[] = keysOf('figures').map((key) => {
    const path = `figures.${key}`;
    const value = key === 'totalStaff' || key === 'techStaff' ? plain(figures[key]) : money(figures[key]);
    return { path, label: label(path), value };
  });
  const rank = (value: unknown) => (typeof value === 'number' ? `第${value}名` : value === null ? '无' : null);
  const fastTrackRows: SheetRow[] = [
    ...keysOf('fastTrack').map((key) => {
      const path = `fastTrack.${key}`;
      const value = fastTrack[key];
      return { path, label: label(path), value: key.endsWith('Rank') ? rank(value) : yesNo(value) };
    }),
    {
      path: 'rdBasis',
      label: label('rdBasis'),
      value: typeof sheet.rdBasis === 'string' ? RD_BASIS_LABELS[sheet.rdBasis] : '未选择（按得分较高的口径计算）',
    },
  ];
  const complianceRows: SheetRow[] = keysOf('compliance').map((key) => {
    const path = `compliance.${key}`;
    const value = compliance[key];
    return { path, label: label(path), value: yesNo(value), bad: value === true };
  });

  const section = (key: string, title: string, body: React.ReactNode) => (
    <Card
      size="small"
      className="kx-section kx-review-sheet-section"
      title={title}
      key={key}
      data-testid={`sheet-${key}`}
    >
      {body}
    </Card>
  );

  return (
    <div data-testid="review-sheet">
      {section('basic', INFO_SHEET_SECTION_LABELS.basic, <SheetFields rows={basicRows} warned={warned} />)}
      {section(
        'enterprise',
        INFO_SHEET_SECTION_LABELS.enterprise,
        <SheetFields rows={conditionRows} warned={warned} />,
      )}
      {section('figures', INFO_SHEET_SECTION_LABELS.figures, <SheetFields rows={figureRows} warned={warned} />)}
      {section(
        'rdProjects',
        INFO_SHEET_SECTION_LABELS.rdProjects,
        <RdProjectsView projects={sheet.rdProjects ?? []} rdExpense={figures.rdExpense} warned={warned} />,
      )}
      {section(
        'intellectualProperty',
        INFO_SHEET_SECTION_LABELS.intellectualProperty,
        <IpListView items={sheet.intellectualProperty ?? []} warned={warned} />,
      )}
      {section('fastTrack', INFO_SHEET_SECTION_LABELS.fastTrack, <SheetFields rows={fastTrackRows} warned={warned} />)}
      {section(
        'compliance',
        INFO_SHEET_SECTION_LABELS.compliance,
        <SheetFields rows={complianceRows} warned={warned} />,
      )}
    </div>
  );
}
