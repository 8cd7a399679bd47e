/**
 * The 入库登记证明 (proof of registration) as a PDF: A4, one page, drawn in code with pdfmake, Chinese throughout.
 *
 * It states the enterprise's name and USCC, the evaluation year, the registration number, the announcement that
 * gave it (number and date) and the issuing province, with a QR code and the printed address of the public
 * look-up page of that number — so whoever holds the paper can check it is genuine and still valid. The same
 * input gives the same bytes (the PDF's dates are `generatedAt`).
 */
import type { Content } from 'pdfmake';
import { renderPdf, type TDocumentDefinitions } from '../../platform/pdf.js';
import type { PdfFonts } from '../../platform/pdf-fonts.js';
import type { ProofFacts } from './service.js';

const chinaDateText = (at: Date) => {
  const d = new Date(at.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};
const dateText = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export function proofDocument({ registration: r, generatedAt }: ProofFacts): TDocumentDefinitions {
  const row = (label: string, value: string, bold = false): Content[] => [
    { text: label, color: '#555555', margin: [0, 6, 0, 6] },
    { text: value, bold, margin: [0, 6, 0, 6] },
  ];
  const rows: Content[][] = [
    row('企业名称', r.enterpriseName, true),
    ...(r.currentName === null ? [] : [row('现企业名称', `${r.currentName}（更名后，入库登记编号不变）`)]),
    row('统一社会信用代码', r.uscc),
    row('所在地区', `${r.provinceName}${r.regionName}`),
    row('评价年度', `${r.evaluationYear}年度`),
    row('入库登记编号', r.registrationNo, true),
    row('入库公告', `${r.provinceName}${r.announcement.title}（${dateText(r.announcement.announcedOn)}发布）`),
    row('登记机关', `${r.provinceName}科技型中小企业评价工作主管部门`),
    row('状态', r.statusLabel + (r.revokedOn === null ? '' : `（${dateText(r.revokedOn)}撤销）`)),
  ];
  return {
    pageSize: 'A4',
    pageMargins: [60, 70, 60, 60],
    info: {
      title: `科技型中小企业入库登记证明 ${r.registrationNo}`,
      author: r.provinceName,
      subject: `${r.enterpriseName} ${r.uscc} ${r.evaluationYear}年度`,
      creator: 'kexiao',
      producer: 'kexiao',
      creationDate: generatedAt,
      modDate: generatedAt,
    },
    content: [
      { text: '科技型中小企业入库登记证明', fontSize: 22, bold: true, alignment: 'center', margin: [0, 10, 0, 8] },
      {
        text: `（${r.evaluationYear}年度）`,
        fontSize: 12,
        alignment: 'center',
        margin: [0, 0, 0, 24],
      },
      {
        text:
          `${r.enterpriseName}经企业自主评价、评价工作机构审核、省级公示，` +
          `已列入${r.provinceName}${r.announcement.title}，取得${r.evaluationYear}年度科技型中小企业入库登记编号。`,
        fontSize: 11,
        lineHeight: 1.5,
        margin: [0, 0, 0, 18],
      },
      {
        table: { widths: [110, '*'], body: rows },
        layout: {
          hLineColor: () => '#bbbbbb',
          vLineColor: () => '#bbbbbb',
          paddingLeft: () => 8,
          paddingRight: () => 8,
        },
        fontSize: 11,
        margin: [0, 0, 0, 28],
      },
      {
        columns: [
          { qr: r.url, fit: 120, eccLevel: 'M', width: 130 },
          {
            width: '*',
            stack: [
              { text: '真伪与状态查询', bold: true, fontSize: 11, margin: [0, 4, 0, 6] },
              { text: '扫描左侧二维码，或访问：', fontSize: 10, margin: [0, 0, 0, 4] },
              { text: r.url, fontSize: 10, color: '#1f4e9c', margin: [0, 0, 0, 8] },
              {
                text: '入库登记编号被撤销的，以查询结果为准。本证明由科技型中小企业评价服务平台根据入库公告生成。',
                fontSize: 9,
                color: '#555555',
                lineHeight: 1.4,
              },
            ],
          },
        ],
        columnGap: 14,
      },
    ],
    footer: () => ({
      text: `生成于 ${chinaDateText(generatedAt)} · 入库登记编号 ${r.registrationNo}`,
      fontSize: 8,
      color: '#777777',
      alignment: 'center',
      margin: [0, 20, 0, 0],
    }),
    defaultStyle: { fontSize: 10 },
  };
}

export function renderProofPdf(facts: ProofFacts, fonts: PdfFonts): Promise<Buffer> {
  return renderPdf(proofDocument(facts), fonts);
}
