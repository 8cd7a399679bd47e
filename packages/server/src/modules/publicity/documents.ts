/**
 * The public documents of publicity and announcement: the list as xlsx (streamed), the publicity document and the
 * announcement as PDF (A4, drawn in code, Chinese), and the open-data CSV (UTF-8 with BOM, Chinese headers). Only
 * what the public pages show: names, USCCs, regions, agencies, numbers — never personal data.
 */
import type { Readable } from 'node:stream';
import type { Content, TableCell } from 'pdfmake';
import { renderPdf, type TDocumentDefinitions } from '../../platform/pdf.js';
import type { PdfFonts } from '../../platform/pdf-fonts.js';
import { csvLine } from '../../platform/csv.js';
import { boldRow, streamedSheet } from '../../platform/xlsx.js';
import { chineseDate, type PublicityService } from './service.js';

type BatchDocument = Awaited<ReturnType<PublicityService['publicBatchDocument']>>;
type AnnouncementDocument = Awaited<ReturnType<PublicityService['publicAnnouncement']>>;

const BATCH_HEADER = ['序号', '企业名称', '统一社会信用代码', '所在地区', '评价工作机构', '状态'] as const;
const ANNOUNCEMENT_HEADER = [
  '序号',
  '入库登记编号',
  '企业名称',
  '统一社会信用代码',
  '所在地区',
  '评价工作机构',
  '状态',
];

export function batchWorkbook(doc: BatchDocument): Readable {
  return streamedSheet('公示名单', [6, 40, 22, 22, 28, 12], (sheet) => {
    sheet.addRow([doc.title]).commit();
    sheet.addRow([`公示期：${chineseDate(doc.publishedOn)}至${chineseDate(doc.endsOn)}（10个工作日）`]).commit();
    boldRow(sheet, BATCH_HEADER);
    for (const e of doc.entries) {
      sheet.addRow([e.position, e.enterpriseName, e.uscc, e.regionName, e.agencyName, e.outcomeLabel]).commit();
    }
  });
}

export function announcementWorkbook(doc: AnnouncementDocument): Readable {
  return streamedSheet('入库名单', [6, 16, 40, 22, 22, 28, 10], (sheet) => {
    sheet.addRow([doc.title]).commit();
    sheet.addRow([`公告日期：${chineseDate(doc.announcedOn)}；公示批次：${doc.batch.title}`]).commit();
    boldRow(sheet, ANNOUNCEMENT_HEADER);
    for (const r of doc.registrations) {
      sheet
        .addRow([
          r.position,
          r.registrationNo,
          r.enterpriseName,
          r.uscc,
          r.regionName,
          r.agencyName ?? '',
          r.statusLabel,
        ])
        .commit();
    }
  });
}

// ── PDF ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const GRID = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};
const th = (text: string): TableCell => ({ text, bold: true, alignment: 'center', fillColor: '#eeeeee' });

function document(title: string, intro: Content[], table: Content, closing: Content[], footer: string) {
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [40, 50, 40, 50],
    info: { title, creator: 'kexiao 科小' },
    defaultStyle: { fontSize: 9, lineHeight: 1.25 },
    footer: (page: number, pages: number): Content => ({
      margin: [40, 16, 40, 0],
      columns: [
        { text: footer, fontSize: 7.5, color: '#333333' },
        { text: `第 ${page} 页 共 ${pages} 页`, width: 'auto', fontSize: 8 },
      ],
    }),
    content: [
      { text: title, fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 12] },
      ...intro,
      table,
      ...closing,
    ],
  };
  return definition;
}

/** 拟入库科技型中小企业名单公示: the notice, how to object, the list. */
export function batchPdf(doc: BatchDocument, fonts: PdfFonts, url: string): Promise<Buffer> {
  const intro: Content[] = [
    {
      text: `根据《科技型中小企业评价办法》和《科技型中小企业评价工作指引》，经企业自主评价、评价工作机构审核，现将${doc.provinceName}${doc.evaluationYear}年第${doc.batchNo}批拟入库科技型中小企业名单（共${doc.entryCount}家）予以公示。`,
      margin: [0, 0, 0, 6],
    },
    {
      text: `公示期：${chineseDate(doc.publishedOn)}至${chineseDate(doc.endsOn)}（10个工作日）${doc.endsProvisional ? '（当年节假日安排公布前按双休日计算，以公布后为准）' : ''}。`,
      margin: [0, 0, 0, 6],
    },
    {
      text: '公示期间，任何单位和个人如有异议，可在公示期内通过科小平台提出。异议须以实名方式提出：个人须提供真实姓名和经短信验证的手机号码，单位须提供单位名称、统一社会信用代码并上传加盖公章的异议材料；须写明异议理由和事实，并提供证据材料。逾期或匿名的异议不予受理。',
      margin: [0, 0, 0, 6],
    },
    { text: `在线查看与提出异议：${url}`, margin: [0, 0, 0, 10] },
  ];
  const table: Content = {
    table: {
      headerRows: 1,
      widths: [26, '*', 100, 80, 90],
      body: [
        BATCH_HEADER.slice(0, 5).map(th),
        ...doc.entries.map((e): TableCell[] => [
          { text: String(e.position), alignment: 'center' },
          e.enterpriseName,
          e.uscc,
          e.regionName,
          e.agencyName,
        ]),
      ],
    },
    layout: GRID,
  };
  const closing: Content[] = [
    { text: doc.provinceName, alignment: 'right', margin: [0, 16, 0, 2] },
    { text: chineseDate(doc.publishedOn), alignment: 'right' },
  ];
  return renderPdf(document(doc.title, intro, table, closing, `${doc.title} · ${url}`), fonts);
}

/** 入库公告: the enterprises registered, with their numbers. */
export function announcementPdf(doc: AnnouncementDocument, fonts: PdfFonts, url: string): Promise<Buffer> {
  const intro: Content[] = [
    {
      text: `${doc.batch.title}拟入库科技型中小企业名单公示期满。经核实，现将公示无异议或异议经核实不成立的${doc.registeredCount}家企业公告入库，并赋予科技型中小企业入库登记编号。入库登记编号自取得当年全年有效。`,
      margin: [0, 0, 0, 6],
    },
    { text: `入库查询：${url}`, margin: [0, 0, 0, 10] },
  ];
  const table: Content = {
    table: {
      headerRows: 1,
      widths: [26, 74, '*', 100, 80],
      body: [
        ANNOUNCEMENT_HEADER.slice(0, 5).map(th),
        ...doc.registrations.map((r): TableCell[] => [
          { text: String(r.position), alignment: 'center' },
          r.registrationNo,
          r.enterpriseName,
          r.uscc,
          r.regionName,
        ]),
      ],
    },
    layout: GRID,
  };
  const closing: Content[] = [
    { text: doc.provinceName, alignment: 'right', margin: [0, 16, 0, 2] },
    { text: chineseDate(doc.announcedOn), alignment: 'right' },
  ];
  return renderPdf(document(doc.title, intro, table, closing, `${doc.title} · ${url}`), fonts);
}

// ── CSV (open data) ─────────────────────────────────────────────────────────────────────────────────────────────

export function batchesCsv(data: { batches: BatchDocument[] }): string {
  let out = `\uFEFF${csvLine(['公示批次', '发布日期', '公示截止日期', '序号', '企业名称', '统一社会信用代码', '所在地区', '评价工作机构', '状态'])}`;
  for (const b of data.batches) {
    for (const e of b.entries) {
      out += csvLine([
        b.title,
        b.publishedOn,
        b.endsOn,
        e.position,
        e.enterpriseName,
        e.uscc,
        e.regionName,
        e.agencyName,
        e.outcomeLabel,
      ]);
    }
  }
  return out;
}

export function announcementsCsv(data: { announcements: AnnouncementDocument[] }): string {
  let out = `\uFEFF${csvLine(['入库公告', '公告日期', '公示批次', '入库登记编号', '企业名称', '统一社会信用代码', '所在地区', '评价工作机构', '状态'])}`;
  for (const a of data.announcements) {
    for (const r of a.registrations) {
      out += csvLine([
        a.title,
        a.announcedOn,
        a.batch.title,
        r.registrationNo,
        r.enterpriseName,
        r.uscc,
        r.regionName,
        r.agencyName,
        r.statusLabel,
      ]);
    }
  }
  return out;
}
