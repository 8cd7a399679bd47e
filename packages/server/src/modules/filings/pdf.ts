/**
 * The generated PDF of the 《科技型中小企业信息表》: A4, drawn in code (pdfmake), Chinese throughout.
 *
 * Page 1 is the page the enterprise prints, has signed by the legal representative, seals, scans and uploads: the
 * basic information, the basic conditions, last year's figures and the self-assessment, with the commitment and the
 * signature, seal and date boxes fixed at its bottom (drawn in the first section's footer, so content never runs
 * into them). The R&D projects, the IP list and the compliance and fast-track declarations follow from page 2.
 * Every page has the enterprise's name and USCC in its header and, in its footer, 「第 N 页 共 M 页」 and the line
 * 「参评编号 … · 草稿版本 … · 生成于 …」 that matches a scanned page to what was generated.
 *
 * The same input gives the same bytes: the PDF's dates come from `generatedAt`, and its file ID is a hash of them.
 */
import type { Content, TableCell } from 'pdfmake';
import {
  type AssessmentResult,
  type Compliance,
  FAILURE_CODES,
  FAST_TRACK_LABELS,
  FIELD_LABELS,
  type InfoSheet,
  IP_TYPE_CLASS,
  IP_TYPE_LABELS,
  type Money,
  ON_SITE_LABELS,
  parseMoney,
  RD_FORM_LABELS,
  type RdBasis,
  RULE_SETS,
  TECH_FIELD_LABELS,
} from '@kexiao/rules';
import { renderPdf, type TDocumentDefinitions } from '../../platform/pdf.js';
import type { PdfFonts } from '../../platform/pdf-fonts.js';

export { loadPdfFonts, type PdfFonts } from '../../platform/pdf-fonts.js';

export interface InfoSheetPdfInput {
  sheet: InfoSheet;
  evaluationYear: number;
  filingId: number;
  draftVersion: number;
  /** `assess(toAssessmentInput(sheet, evaluationYear, …))` */
  assessment: AssessmentResult;
  /** Printed in the footer (China time) and used as the PDF's creation date. */
  generatedAt: Date;
}

// A4 in points, and the layout.
const PAGE_WIDTH = 595.28;
const SIDE = 50;
const TOP = 58;
const BOTTOM = 48;
/** Page 1 keeps this much at its bottom for the commitment, the signature/seal/date boxes and the footer. */
const FIRST_PAGE_BOTTOM = 188;
const SIGN_BOX_HEIGHT = 100;
const FONT_SIZE = 9.5;

/** Render the 信息表 as a PDF. Characters the font lacks are drawn as its empty box and listed in a note on page 1. */
export async function renderInfoSheetPdf(input: InfoSheetPdfInput, fonts: PdfFonts): Promise<Buffer> {
  const definition = infoSheetDocument(input, missingCharacters(input.sheet, fonts));
  return renderPdf(definition, fonts);
}

/** The characters of the sheet's text that the font has no glyph for (printed as empty boxes). */
export function missingCharacters(sheet: InfoSheet, fonts: PdfFonts): string[] {
  const b = sheet.basic;
  const texts = [
    b.name,
    b.uscc,
    b.regionCode,
    b.address,
    b.establishedOn,
    b.registeredCapital,
    b.industry,
    b.mainProducts,
    b.legalRepName,
    b.contactName,
    b.contactPhone,
    b.contactEmail,
    ...sheet.rdProjects.map((p) => p.name),
    ...sheet.intellectualProperty.flatMap((ip) => [ip.number, ip.title]),
  ];
  return fonts.missing(texts.join('\n'));
}

function infoSheetDocument(input: InfoSheetPdfInput, missing: string[]): TDocumentDefinitions {
  const { sheet, evaluationYear, assessment } = input;
  const b = sheet.basic;
  const title = `《科技型中小企业信息表》（${evaluationYear}年度）`;
  const identification = `参评编号 ${input.filingId} · 草稿版本 ${input.draftVersion} · 生成于 ${chinaTime(input.generatedAt)}`;

  const pageFooter = (page: number, pages: number): Content => ({
    margin: [SIDE, 10, SIDE, 0],
    columns: [
      { text: identification, fontSize: 7.5, color: '#333333' },
      { text: `第 ${page} 页 共 ${pages} 页`, width: 'auto', fontSize: 8 },
    ],
  });
  const firstPageFooter = (page: number, pages: number): Content =>
    page === 1 ? { stack: [signatureBlock(), pageFooter(page, pages)] } : pageFooter(page, pages);

  const firstPage: Content[] = [
    { text: title, style: 'title' },
    heading('一、企业基本信息'),
    basicInfoTable(sheet),
    ...(missing.length === 0 ? [] : [missingNote(missing)]),
    heading('二、基本条件'),
    conditionsTable(sheet),
    heading(`三、上年度主要经济指标（${evaluationYear - 1}年度）`),
    figuresTable(sheet),
    heading('四、自评结果'),
    assessmentTable(sheet, assessment),
  ];
  const laterPages: Content[] = [
    heading('五、企业研发项目汇总表', 0),
    rdProjectsTable(sheet),
    heading('六、知识产权清单'),
    ipTable(sheet),
    heading('七、合规声明'),
    { text: '企业上一年度及当年内是否存在下列情形：', margin: [0, 0, 0, 4] },
    complianceTable(sheet.compliance),
    heading('八、直通车条件'),
    fastTrackTable(sheet),
  ];

  return {
    pageSize: 'A4',
    pageMargins: [SIDE, TOP, SIDE, BOTTOM],
    info: {
      title: `科技型中小企业信息表（${evaluationYear}年度）${b.name}`,
      author: b.name,
      subject: identification,
      creator: 'kexiao',
      producer: 'kexiao',
      creationDate: input.generatedAt,
      modDate: input.generatedAt,
    },
    header: () => ({
      margin: [SIDE, 26, SIDE, 0],
      stack: [
        {
          columns: [
            { text: b.name, fontSize: 8 },
            { text: `统一社会信用代码：${b.uscc}`, width: 'auto', fontSize: 8 },
          ],
        },
        { canvas: [{ type: 'line', x1: 0, y1: 4, x2: PAGE_WIDTH - 2 * SIDE, y2: 4, lineWidth: 0.5 }] },
      ],
    }),
    footer: pageFooter,
    content: [
      { section: firstPage, pageMargins: [SIDE, TOP, SIDE, FIRST_PAGE_BOTTOM], footer: firstPageFooter },
      { section: laterPages, pageMargins: [SIDE, TOP, SIDE, BOTTOM], footer: pageFooter },
    ],
    defaultStyle: { fontSize: FONT_SIZE, lineHeight: 1 },
    styles: {
      title: { fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      heading: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
      label: { fillColor: '#eeeeee' },
      th: { bold: true, fillColor: '#eeeeee', alignment: 'center' },
      number: { alignment: 'right' },
      center: { alignment: 'center' },
      note: { fontSize: 8.5 },
    },
  };
}

/** The commitment and the signature, seal and date boxes at the bottom of page 1. */
function signatureBlock(): Content {
  const box = (label: string, extra: Content[] = []): TableCell => ({ stack: [{ text: label, bold: true }, ...extra] });
  return {
    margin: [SIDE, 8, SIDE, 0],
    stack: [
      { text: '本企业承诺所填信息真实、准确、完整，如有虚假，愿承担相应责任。', bold: true, margin: [0, 0, 0, 6] },
      {
        table: {
          widths: ['*', '*', 150],
          heights: [SIGN_BOX_HEIGHT],
          body: [
            [
              box('法定代表人（签字）：'),
              box('企业（盖章）：'),
              box('日期：', [
                { text: '年      月      日', alignment: 'right', margin: [0, SIGN_BOX_HEIGHT - 36, 0, 0] },
              ]),
            ],
          ],
        },
        layout: { hLineWidth: () => 1, vLineWidth: () => 1, paddingTop: () => 5, paddingLeft: () => 6 },
      },
    ],
  };
}

function heading(text: string, top?: number): Content {
  return { text, style: 'heading', ...(top === undefined ? {} : { margin: [0, top, 0, 4] }) };
}

const GRID = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

const label = (text: string): TableCell => ({ text, style: 'label' });
const yesNo = (value: boolean): TableCell => ({ text: value ? '是' : '否', style: 'center' });

function basicInfoTable(sheet: InfoSheet): Content {
  const b = sheet.basic;
  const wide = (text: string): TableCell[] => [{ text, colSpan: 3 }, '', ''];
  return {
    table: {
      widths: [86, '*', 86, '*'],
      body: [
        [label('企业名称'), ...wide(b.name)],
        [label('统一社会信用代码'), b.uscc, label('注册地行政区划代码'), b.regionCode],
        [label('注册地址'), ...wide(b.address)],
        [label('成立日期'), b.establishedOn, label('注册资本（万元）'), b.registeredCapital],
        [label('所属行业'), b.industry, label('技术领域'), TECH_FIELD_LABELS[b.techField] ?? b.techField],
        [label('主要产品（服务）'), ...wide(b.mainProducts)],
        [label('法定代表人'), b.legalRepName, label('联系人'), b.contactName],
        [label('联系人手机'), b.contactPhone, label('联系人电子邮箱'), b.contactEmail],
      ],
    },
    layout: GRID,
  };
}

function missingNote(missing: string[]): Content {
  const listed = missing.map((c) => `${c}（U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}）`).join('、');
  return {
    text: `注：字库中没有以下字符，打印件中显示为空框，请在打印件相应位置手写补正：${listed}`,
    style: 'note',
    margin: [0, 3, 0, 0],
  };
}

const CONDITION_KEYS = [
  'residentEnterprise',
  'auditCollection',
  'rdExpenseAccounting',
  'industryRestricted',
  'industryExcluded',
] as const satisfies readonly (keyof InfoSheet['enterprise'])[];

function conditionsTable(sheet: InfoSheet): Content {
  const cells = CONDITION_KEYS.map((key): TableCell[] => [
    label(FIELD_LABELS[`enterprise.${key}`] ?? key),
    yesNo(sheet.enterprise[key]),
  ]);
  return { table: { widths: ['*', 30, '*', 30], body: pairs(cells) }, layout: GRID };
}

/** Lay out [label, value] pairs two per row. */
function pairs(cells: TableCell[][]): TableCell[][] {
  const rows: TableCell[][] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const second = cells[i + 1];
    rows.push([...(cells[i] ?? []), ...(second ?? [{ text: '', colSpan: 2 }, ''])]);
  }
  return rows;
}

function figuresTable(sheet: InfoSheet): Content {
  const f = sheet.figures;
  const count = (n: number): TableCell => ({ text: String(n), style: 'number' });
  const money = (m: Money): TableCell => ({ text: amount(m), style: 'number' });
  return {
    table: {
      widths: [110, '*', 110, '*'],
      body: [
        [label('职工总数（人）'), count(f.totalStaff), label('科技人员数（人）'), count(f.techStaff)],
        [label('销售收入（元）'), money(f.salesRevenue), label('资产总额（元）'), money(f.totalAssets)],
        [label('成本费用支出总额（元）'), money(f.totalCostExpense), label('研发费用总额（元）'), money(f.rdExpense)],
      ],
    },
    layout: GRID,
  };
}

const RD_BASIS_TEXT: Readonly<Record<RdBasis, string>> = {
  salesRevenue: '研发费用占销售收入比例',
  costExpense: '研发费用占成本费用支出总额比例',
};

function assessmentTable(sheet: InfoSheet, result: AssessmentResult): Content {
  const s = result.score;
  const ruleSet = RULE_SETS.find((r) => r.id === result.ruleSetId);
  const declared = sheet.rdBasis === undefined ? '取得分较高者' : RD_BASIS_TEXT[sheet.rdBasis];
  const used = s.rdBasis === null ? '' : `，按${RD_BASIS_TEXT[s.rdBasis]}`;
  const route = result.route === 'fastTrack' ? '直通车' : result.route === 'score' ? '综合评分' : '—';
  const fastTrack = result.fastTrackMet.map((item) => FAST_TRACK_LABELS[item]).join('；') || '无';
  const conclusion = result.eligible
    ? '符合科技型中小企业评价条件'
    : `不符合科技型中小企业评价条件：${result.failures.map((f) => f.message || FAILURE_CODES[f.code]).join('；')}`;
  const points = (n: number, max: number): TableCell => `${n} 分（满分 ${max} 分）`;
  const wide = (cell: TableCell): TableCell[] => [cell, '', ''];
  const span3 = (text: string, bold = false): TableCell => ({ text, colSpan: 3, bold });
  const body: TableCell[][] = [
    [label('适用规则'), ...wide(span3(ruleSet ? ruleSet.title : result.ruleSetId))],
    [label('科技人员指标'), points(s.techStaff, 20), label('科技成果指标'), points(s.ipResults, 30)],
    [label('研发投入指标'), ...wide(span3(`${s.rdInput} 分（满分 50 分${used}；企业选择的口径：${declared}）`))],
    [label('综合得分'), { text: `${s.total} 分`, bold: true }, label('评价路径'), route],
    [label('满足的直通车条件'), ...wide(span3(fastTrack))],
  ];
  if (result.onSiteCheck.length > 0) {
    const triggers = result.onSiteCheck.map((t) => ON_SITE_LABELS[t]).join('；');
    body.push([label('需实地核查的情形'), ...wide(span3(triggers))]);
  }
  body.push([label('自评结论'), ...wide(span3(conclusion, true))]);
  return { table: { widths: [86, '*', 86, '*'], body }, layout: GRID };
}

function rdProjectsTable(sheet: InfoSheet): Content {
  let total = 0n;
  const rows: TableCell[][] = sheet.rdProjects.map((project, index) => {
    const fen = parseMoney(project.expense);
    if (fen !== null) total += BigInt(fen);
    return [
      { text: String(index + 1), style: 'center' },
      project.name,
      { text: RD_FORM_LABELS[project.form] ?? project.form, style: 'center' },
      { text: amount(project.expense), style: 'number' },
    ];
  });
  if (rows.length === 0) rows.push([{ text: '（无）', colSpan: 4, style: 'center' }, '', '', '']);
  return {
    table: {
      widths: [28, '*', 62, 120],
      headerRows: 1,
      dontBreakRows: true,
      body: [
        [th('序号'), th('项目名称'), th('研发形式'), th('当年归集研发费用（元）')],
        ...rows,
        [
          { text: '合计', colSpan: 3, bold: true, style: 'center' },
          '',
          '',
          { text: grouped(total), bold: true, style: 'number' },
        ],
      ],
    },
    layout: GRID,
  };
}

function ipTable(sheet: InfoSheet): Content {
  const classText = { I: 'I类', II: 'II类' } as const;
  const rows: TableCell[][] = sheet.intellectualProperty.map((ip, index) => {
    const cls = IP_TYPE_CLASS[ip.type];
    return [
      { text: String(index + 1), style: 'center' },
      IP_TYPE_LABELS[ip.type] ?? ip.type,
      { text: cls ? classText[cls] : '不计', style: 'center' },
      ip.number,
      ip.title,
      yesNo(ip.inForce),
      yesNo(ip.relatedToMainProducts),
      yesNo(ip.disputed),
    ];
  });
  if (rows.length === 0) rows.push([{ text: '（无）', colSpan: 8, style: 'center' }, '', '', '', '', '', '', '']);
  return {
    table: {
      widths: [24, 62, 30, 84, '*', 26, 44, 40],
      headerRows: 1,
      dontBreakRows: true,
      body: [
        [th('序号'), th('类别'), th('分类'), th('编号'), th('名称'), th('有效'), th('与主要产品相关'), th('权属争议')],
        ...rows,
      ],
    },
    layout: GRID,
  };
}

const COMPLIANCE_KEYS = [
  'majorSafetyAccident',
  'majorQualityAccident',
  'seriousEnvironmentalViolation',
  'seriousResearchMisconduct',
  'seriousFraud',
  'abnormalOperationList',
  'seriousViolationList',
] as const satisfies readonly (keyof Compliance)[];

function complianceTable(compliance: Compliance): Content {
  return {
    table: {
      widths: [24, '*', 40],
      headerRows: 1,
      body: [
        [th('序号'), th('情形'), th('是否存在')],
        ...COMPLIANCE_KEYS.map((key, index): TableCell[] => [
          { text: String(index + 1), style: 'center' },
          FIELD_LABELS[`compliance.${key}`] ?? key,
          yesNo(compliance[key]),
        ]),
      ],
    },
    layout: GRID,
  };
}

function fastTrackTable(sheet: InfoSheet): Content {
  const f = sheet.fastTrack;
  const rank = (n: number | null): TableCell => ({ text: n === null ? '无' : `第 ${n} 名`, style: 'center' });
  return {
    table: {
      widths: [24, '*', 60],
      headerRows: 1,
      body: [
        [th('序号'), th('条件'), th('情况')],
        [{ text: '1', style: 'center' }, '拥有有效期内高新技术企业资格证书', yesNo(f.highTechCertificateValid)],
        [{ text: '2', style: 'center' }, '近五年内获得国家级科技奖励，在获奖单位中的排名', rank(f.nationalAwardRank)],
        [{ text: '3', style: 'center' }, '拥有经认定的省部级以上研发机构', yesNo(f.provincialRdInstitution)],
        [
          { text: '4', style: 'center' },
          '近五年内主导制定国际标准、国家标准或行业标准，在起草单位中的排名',
          rank(f.standardDraftingRank),
        ],
      ],
    },
    layout: GRID,
  };
}

function th(text: string): TableCell {
  return { text, style: 'th' };
}

/** Money as "12,000,000.00" (exact); text that is not an amount is printed as it is. */
function amount(value: Money): string {
  const fen = parseMoney(value);
  return fen === null ? String(value) : grouped(BigInt(fen));
}

function grouped(fen: bigint): string {
  const whole = (fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fen % 100n;
  return `${whole}.${cents < 10n ? '0' : ''}${cents}`;
}

/** yyyy-MM-dd HH:mm in China Standard Time (UTC+8, no daylight saving). */
function chinaTime(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}
