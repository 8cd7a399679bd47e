/**
 * 《科技型中小企业评价公示异议核实处理情况表》 as a PDF: A4, one fixed table drawn in code (pdfmake, the bundled
 * Noto Sans SC), Chinese throughout — the objection as received, the agency's verification and conclusion, and the
 * province's confirmation with signature and seal boxes. The objector's phone is printed masked.
 */
import type { Content, TableCell } from 'pdfmake';
import { renderPdf, type TDocumentDefinitions } from '../../platform/pdf.js';
import type { PdfFonts } from '../../platform/pdf-fonts.js';
import type { HandlingPdfInput } from './service.js';

const SIDE = 50;

function chinaTime(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

const GRID = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

const label = (text: string): TableCell => ({ text, style: 'label' });
const wide = (text: string): TableCell[] => [{ text, colSpan: 3 }, '', ''];
const section = (text: string): TableCell[] => [{ text, colSpan: 4, style: 'section' }, '', '', ''];

export function handlingDocument(input: HandlingPdfInput): TDocumentDefinitions {
  const h = input.handling;
  const onSite = h.onSite.done
    ? `已开展。核查日期：${h.onSite.date}；核查人员：${h.onSite.people}；核查情况：${h.onSite.findings}`
    : '未开展实地核查';
  const decision = input.decision;
  const body: TableCell[][] = [
    section('一、被异议企业'),
    [label('企业名称'), ...wide(input.enterpriseName)],
    [label('统一社会信用代码'), input.uscc, label('所在地区'), input.regionName],
    [label('公示批次'), input.batchTitle, label('公示期'), `${input.publishedOn} 至 ${input.endsOn}`],
    section('二、异议情况'),
    [label('受理编号'), input.receiptNo, label('受理时间'), chinaTime(input.receivedAt)],
    [label('异议人类型'), input.objectorKind, label('异议人'), input.objectorName],
    [label('联系电话'), input.objectorPhone, label('统一社会信用代码'), input.objectorUscc ?? '—（个人）'],
    [label('异议理由'), ...wide(input.groundLabel)],
    [label('异议事实'), ...wide(input.facts)],
    [label('证据材料'), ...wide(input.evidenceNames.map((n, i) => `${i + 1}. ${n}`).join('\n') || '—')],
    section('三、核实处理情况（评价工作机构填写）'),
    [label('异议人情况'), ...wide(h.objectorSummary)],
    [label('异议理由认定'), ...wide(input.handlingGroundLabel)],
    [label('证据材料情况'), ...wide(h.evidenceSummary)],
    [label('是否在公示期内提出'), h.receivedInWindow ? '是' : '否', label('核实机构'), input.agencyName],
    [label('核实情况'), ...wide(h.verification)],
    [label('实地核查'), ...wide(onSite)],
    [label('核实结论'), ...wide(input.conclusionLabel)],
    [label('评价工作机构意见'), ...wide(h.opinion)],
    [label('填表人'), input.verifiedBy ?? '', label('填表时间'), input.verifiedAt ? chinaTime(input.verifiedAt) : ''],
    section('四、省级科技管理部门确认意见'),
    [label('确认结果'), ...wide(decision ? decision.label : '待确认')],
    [label('确认意见'), ...wide(decision?.note ?? '')],
    [label('确认人'), decision?.by ?? '', label('确认时间'), decision ? chinaTime(decision.at) : ''],
  ];
  const seal = (text: string): TableCell => ({
    stack: [
      { text, bold: true },
      { text: '年      月      日', alignment: 'right', margin: [0, 54, 0, 0] },
    ],
  });
  const title = '科技型中小企业评价公示异议核实处理情况表';
  return {
    pageSize: 'A4',
    pageMargins: [SIDE, 50, SIDE, 48],
    info: {
      title: `${title}（${input.receiptNo}）`,
      subject: input.enterpriseName,
      creator: 'kexiao',
      producer: 'kexiao',
      creationDate: input.generatedAt,
      modDate: input.generatedAt,
    },
    footer: (page: number, pages: number): Content => ({
      margin: [SIDE, 10, SIDE, 0],
      columns: [
        { text: `受理编号 ${input.receiptNo} · 生成于 ${chinaTime(input.generatedAt)}`, fontSize: 7.5 },
        { text: `第 ${page} 页 共 ${pages} 页`, width: 'auto', fontSize: 8 },
      ],
    }),
    content: [
      { text: title, style: 'title' },
      { table: { widths: [92, '*', 86, '*'], body, dontBreakRows: true }, layout: GRID },
      {
        margin: [0, 12, 0, 0],
        unbreakable: true,
        table: {
          widths: ['*', '*'],
          heights: [84],
          body: [[seal('评价工作机构（盖章）：'), seal('省级科技管理部门（盖章）：')]],
        },
        layout: { hLineWidth: () => 1, vLineWidth: () => 1, paddingTop: () => 5, paddingLeft: () => 6 },
      },
    ],
    defaultStyle: { fontSize: 9.5, lineHeight: 1.1 },
    styles: {
      title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 10] },
      label: { fillColor: '#eeeeee' },
      section: { bold: true, fillColor: '#dddddd' },
    },
  };
}

/** Render the handling form as a PDF. */
export async function renderHandlingPdf(input: HandlingPdfInput, fonts: PdfFonts): Promise<Buffer> {
  return renderPdf(handlingDocument(input), fonts);
}
