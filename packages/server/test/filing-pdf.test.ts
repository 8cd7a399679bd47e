import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { assess, contractExampleInput, type InfoSheet } from '@kexiao/rules';
import { describe, expect, it } from 'vitest';
import { loadPdfFonts, missingCharacters, renderInfoSheetPdf } from '../src/modules/filings/pdf.js';
import { woffToSfnt } from '../src/platform/pdf-fonts.js';

const NAME = '郑州鑫淼犇智能科技有限公司';
const USCC = '91410100MA46XGWQ3K';

function sheet(overrides: Partial<InfoSheet['basic']> = {}): InfoSheet {
  const example = contractExampleInput();
  return {
    basic: {
      name: NAME,
      uscc: USCC,
      regionCode: '410100',
      address: '河南省郑州市高新技术产业开发区长椿路11号大学科技园研发1号楼A座1001室',
      establishedOn: '2018-06-12',
      registeredCapital: '500',
      industry: '软件和信息技术服务业',
      techField: 'electronicInformation',
      mainProducts: '工业物联网数据采集网关、设备远程运维平台软件及相关技术服务',
      legalRepName: '张喆',
      contactName: '李玥',
      contactPhone: '13800138000',
      contactEmail: 'liyue@example.cn',
      ...overrides,
    },
    enterprise: example.enterprise,
    figures: example.figures,
    compliance: example.compliance,
    fastTrack: example.fastTrack,
    rdProjects: [
      { name: '基于边缘计算的设备故障预测算法研究', form: 'independent', expense: '420000' },
      { name: '多协议工业网关固件开发', form: 'cooperative', expense: '300000.00' },
    ],
    intellectualProperty: [
      {
        type: 'softwareCopyright',
        number: '2023SR0123456',
        title: '设备远程运维平台软件V2.0',
        inForce: true,
        relatedToMainProducts: true,
        disputed: false,
      },
      {
        type: 'inventionPatent',
        number: 'ZL202310123456.7',
        title: '一种工业网关散热结构',
        inForce: false,
        relatedToMainProducts: true,
        disputed: false,
      },
    ],
  };
}

const GENERATED_AT = new Date('2026-03-15T02:30:00Z'); // 10:30 in China

function input(s: InfoSheet = sheet(), generatedAt = GENERATED_AT) {
  const assessment = assess({ ...contractExampleInput(), evaluationYear: 2026 });
  return { sheet: s, evaluationYear: 2026, filingId: 1234, draftVersion: 7, assessment, generatedAt };
}

const fonts = loadPdfFonts({ pdfFontFile: undefined });

/** The text of each page, as pdf.js extracts it. */
async function pageTexts(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

describe('renderInfoSheetPdf', () => {
  it('renders the 信息表: first page with the declarations and the signature boxes, then the lists', async () => {
    const started = performance.now();
    const pdf = await renderInfoSheetPdf(input(), fonts);
    const ms = performance.now() - started;
    console.log(`typical 信息表 PDF: ${pdf.length} bytes in ${ms.toFixed(0)} ms (first render in this process)`);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pageTexts(pdf);
    expect(pages).toHaveLength(2);
    const [first = '', second = ''] = pages;

    expect(first).toContain('《科技型中小企业信息表》（2026年度）');
    expect(first).toContain(NAME);
    expect(first).toContain(USCC);
    expect(first).toContain('河南省郑州市高新技术产业开发区长椿路11号');
    expect(first).toContain('电子信息');
    expect(first).toContain('居民企业');
    expect(first).toContain('上年度主要经济指标（2025年度）');
    expect(first).toContain('12,000,000.00');
    expect(first).toContain('9,000,000.50');
    expect(first).toContain('720,000.00');
    expect(first).toContain('综合得分');
    expect(first).toContain('符合科技型中小企业评价条件');
    expect(first).toContain('本企业承诺所填信息真实、准确、完整，如有虚假，愿承担相应责任。');
    expect(first).toContain('法定代表人（签字）');
    expect(first).toContain('企业（盖章）');
    expect(first).toContain('日期');
    expect(first).toContain('参评编号 1234 · 草稿版本 7 · 生成于 2026-03-15 10:30');
    expect(first).toContain('第 1 页 共 2 页');

    expect(second).toContain('企业研发项目汇总表');
    expect(second).toContain('基于边缘计算的设备故障预测算法研究');
    expect(second).toContain('合作研发');
    expect(second).toMatch(/合计\s*720,000\.00/);
    expect(second).toContain('知识产权清单');
    expect(second).toContain('软件著作权');
    expect(second).toContain('II类');
    expect(second).toContain('ZL202310123456.7');
    expect(second).toContain('合规声明');
    expect(second).toContain('列入严重违法失信企业名单');
    expect(second).toContain('直通车条件');
    expect(second).toContain(NAME); // the header
    expect(second).toContain('第 2 页 共 2 页');
  });

  it('writes Chinese as the right characters (no boxes, replacement or private-use characters)', async () => {
    const text = (await pageTexts(await renderInfoSheetPdf(input(), fonts))).join('\n');
    expect(text).not.toMatch(/[\uFFFD\uE000-\uF8FF]/u);
    for (const phrase of ['鑫淼犇', '张喆', '李玥', '企业研发项目汇总表', '一种工业网关散热结构', '权属争议']) {
      expect(text).toContain(phrase);
    }
    expect(missingCharacters(sheet(), fonts)).toEqual([]);
  });

  it('gives the same bytes for the same input, and the date is part of them', async () => {
    const a = await renderInfoSheetPdf(input(), fonts);
    const b = await renderInfoSheetPdf(input(), fonts);
    expect(a.equals(b)).toBe(true);
    const later = await renderInfoSheetPdf(input(sheet(), new Date('2026-03-15T02:31:00Z')), fonts);
    expect(later.equals(a)).toBe(false);
  });

  it('paginates 200 R&D projects, repeating the table header, with the exact total', async () => {
    const s = sheet();
    s.rdProjects = Array.from({ length: 200 }, (_, i) => ({
      name: `研发项目${i + 1}：面向中小制造企业的数字化改造关键技术`,
      form: 'independent' as const,
      expense: '3600.01',
    }));
    const started = performance.now();
    const pdf = await renderInfoSheetPdf(input(s), fonts);
    const ms = performance.now() - started;
    console.log(`200 R&D projects: ${pdf.length} bytes in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(30_000);

    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const withProjects = pages.filter((p) => p.includes('研发项目'));
    expect(withProjects.length).toBeGreaterThanOrEqual(4);
    for (const page of withProjects) expect(page).toContain('当年归集研发费用（元）');
    expect(pages.join('\n')).toContain('研发项目200：');
    expect(pages.join('\n')).toMatch(/合计\s*720,002\.00/);
    pages.forEach((page, i) => expect(page).toContain(`第 ${i + 1} 页 共 ${pages.length} 页`));
  });

  it('does not fail on characters the font lacks: they are drawn as boxes and listed on page 1', async () => {
    const rare = '\u{20000}'; // CJK Extension B, not in Noto Sans SC
    const s = sheet({ name: `${rare}䶮科技有限公司`, legalRepName: `王${rare}` });
    expect(missingCharacters(s, fonts)).toEqual([rare]);
    const [first = ''] = await pageTexts(await renderInfoSheetPdf(input(s), fonts));
    expect(first).toContain('䶮科技有限公司'); // Extension A is in the font
    expect(first).toContain('字库中没有以下字符');
    expect(first).toContain('U+20000');
  });
});

describe('PDF fonts', () => {
  const bundledDir = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const bundledRegular = join(bundledDir, '400Regular', 'NotoSansSC_400Regular.ttf');

  it('loads the bundled Noto Sans SC once per process, with all common characters', () => {
    expect(loadPdfFonts({ pdfFontFile: undefined })).toBe(fonts);
    expect(fonts.source).toContain('Noto Sans SC');
    // GB 2312's 6,763 ideographs: none missing.
    const decoder = new TextDecoder('gb18030');
    let gb2312 = '';
    for (let hi = 0xb0; hi <= 0xf7; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) gb2312 += decoder.decode(Uint8Array.of(hi, lo));
    }
    const ideographs = [...gb2312].filter((c) => /\p{Script=Han}/u.test(c));
    expect(ideographs).toHaveLength(6763);
    expect(fonts.missing(ideographs.join(''))).toEqual([]);
    expect(fonts.missing('（）：，。、《》「」·—ABCxyz0123456789¥')).toEqual([]);
  });

  it('uses PDF_FONT_FILE when set (a TTF here; the bold is the regular face)', async () => {
    const custom = loadPdfFonts({ pdfFontFile: bundledRegular });
    expect(custom).not.toBe(fonts);
    expect(custom.source).toBe(bundledRegular);
    expect(custom.bold).toBe(custom.normal);
    const [first = ''] = await pageTexts(await renderInfoSheetPdf(input(), custom));
    expect(first).toContain(NAME);
  });

  const debianTtc = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
  it.skipIf(!existsSync(debianTtc))('uses the simplified Chinese face of a TTC, and its Bold sibling', async () => {
    const ttc = loadPdfFonts({ pdfFontFile: debianTtc });
    expect(ttc.normal.postscriptName).toBe('NotoSansCJKsc-Regular');
    expect(ttc.bold.postscriptName).toBe('NotoSansCJKsc-Bold');
    const [first = ''] = await pageTexts(await renderInfoSheetPdf(input(), ttc));
    expect(first).toContain(NAME);
    expect(first).toContain('法定代表人（签字）');
  });

  it('converts WOFF 1.0 to the font it wraps', () => {
    const ttf = readFileSync(bundledRegular);
    const woff = toWoff(ttf);
    const converted = woffToSfnt(woff);
    const original = fontkit.create(ttf) as fontkit.Font;
    const back = fontkit.create(converted) as fontkit.Font;
    expect(back.numGlyphs).toBe(original.numGlyphs);
    expect(back.glyphForCodePoint(0x79d1).path.toSVG()).toBe(original.glyphForCodePoint(0x79d1).path.toSVG());
    expect(() => woffToSfnt(Buffer.from('wOFF and nothing else'))).toThrow(/not a valid WOFF/);
    expect(() => woffToSfnt(woff.subarray(0, woff.length - 100))).toThrow(/not a valid WOFF/);
  });
});

/** A WOFF 1.0 of a TrueType font: each table deflated when that makes it smaller. */
function toWoff(sfnt: Buffer): Buffer {
  const numTables = sfnt.readUInt16BE(4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + 16 * i;
    const offset = sfnt.readUInt32BE(at + 8);
    const length = sfnt.readUInt32BE(at + 12);
    const raw = sfnt.subarray(offset, offset + length);
    const deflated = deflateSync(raw);
    return {
      tag: sfnt.readUInt32BE(at),
      checksum: sfnt.readUInt32BE(at + 4),
      length,
      data: deflated.length < length ? deflated : raw,
    };
  });
  const header = Buffer.alloc(44 + 20 * numTables);
  let offset = header.length;
  const parts: Buffer[] = [header];
  tables.forEach((t, i) => {
    const at = 44 + 20 * i;
    header.writeUInt32BE(t.tag, at);
    header.writeUInt32BE(offset, at + 4);
    header.writeUInt32BE(t.data.length, at + 8);
    header.writeUInt32BE(t.length, at + 12);
    header.writeUInt32BE(t.checksum, at + 16);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  header.write('wOFF', 0, 'latin1');
  header.writeUInt32BE(sfnt.readUInt32BE(0), 4);
  header.writeUInt32BE(offset, 8);
  header.writeUInt16BE(numTables, 12);
  return Buffer.concat(parts);
}
