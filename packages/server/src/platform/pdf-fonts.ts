/**
 * Fonts for the generated PDFs, loaded once per process.
 *
 * Default: Noto Sans SC Regular and Bold as whole TrueType files from `@expo-google-fonts/noto-sans-sc` (30,890
 * characters: all 20,902 CJK Unified Ideographs of GBK, 6,582 of Extension A, 220 of Extension B, Latin, CJK
 * punctuation). `@fontsource/noto-sans-sc` was not used: its single-file `chinese-simplified` subset has 7,333
 * ideographs but lacks 1,046 of GB 2312's 6,763 (e.g. 毖 谰 丌 鬲), and its other files are ~100 unicode-range
 * slices of a few hundred characters each, which would have to be merged glyph by glyph.
 *
 * With PDF_FONT_FILE (checked at start by loadConfig) that file is used instead: TTF, OTF, TTC (the simplified
 * Chinese face of a collection, e.g. Debian's NotoSansCJK-Regular.ttc) or WOFF 1.0 (converted to TrueType in memory).
 * Its bold is the same path with `Regular` → `Bold` when that file exists, else the regular face.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import type { Config } from '../config.js';

export interface PdfFontFace {
  /** The font file's bytes (TrueType/OpenType or a collection; never WOFF). */
  data: Buffer;
  /** The face to use inside a collection (TTC); undefined for a single font. */
  postscriptName: string | undefined;
}

export interface PdfFonts {
  /** Distinguishes the font sets loaded in this process (the PDF layer registers each once). */
  readonly id: string;
  /** Where the fonts came from, for logs. */
  readonly source: string;
  readonly normal: PdfFontFace;
  readonly bold: PdfFontFace;
  /** The distinct characters of `text` the regular face has no glyph for, in order of appearance. */
  missing(text: string): string[];
}

const cache = new Map<string, PdfFonts>();

/** The PDF fonts for this configuration, read and prepared once per process. Throws if a file is not a font. */
export function loadPdfFonts(config: Pick<Config, 'pdfFontFile'>): PdfFonts {
  const key = config.pdfFontFile ?? '';
  let fonts = cache.get(key);
  if (fonts === undefined) {
    fonts = config.pdfFontFile === undefined ? bundledFonts(cache.size) : fileFonts(config.pdfFontFile, cache.size);
    cache.set(key, fonts);
  }
  return fonts;
}

function bundledFonts(index: number): PdfFonts {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const normal = readFace(join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'));
  const bold = readFace(join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'));
  return makeFonts(`f${index}`, 'Noto Sans SC (@expo-google-fonts/noto-sans-sc)', normal, bold);
}

function fileFonts(path: string, index: number): PdfFonts {
  const normal = readFace(path);
  const name = basename(path);
  const boldPath = join(dirname(path), name.replace('Regular', 'Bold'));
  const bold = name.includes('Regular') && existsSync(boldPath) ? readFace(boldPath) : normal;
  return makeFonts(`f${index}`, bold === normal ? path : `${path} + ${boldPath}`, normal, bold);
}

function makeFonts(id: string, source: string, normal: PdfFontFace, bold: PdfFontFace): PdfFonts {
  const face = openFace(normal);
  return {
    id,
    source,
    normal,
    bold,
    missing(text) {
      const seen = new Set<string>();
      for (const char of text) {
        const code = char.codePointAt(0) ?? 0;
        if (code >= 0x20 && !seen.has(char) && !face.hasGlyphForCodePoint(code)) seen.add(char);
      }
      return [...seen];
    },
  };
}

/** Read a font file; a WOFF is converted, and in a collection the simplified Chinese face is chosen. */
function readFace(path: string): PdfFontFace {
  let data: Buffer = readFileSync(path);
  if (data.length >= 4 && data.readUInt32BE(0) === WOFF_SIGNATURE) data = woffToSfnt(data);
  const opened = fontkit.create(data);
  if (opened.type !== 'TTC' && opened.type !== 'DFont') {
    return { data, postscriptName: undefined };
  }
  const faces = (opened as fontkit.FontCollection).fonts;
  const names = faces.map((f) => f.postscriptName);
  const chosen =
    names.find((n) => /CJKsc-|SC-|Hans|GB/.test(n) && !/Mono/.test(n)) ?? names.find((n) => !/Mono/.test(n));
  if (chosen === undefined) throw new Error(`${path}: the collection has no usable face`);
  return { data, postscriptName: chosen };
}

function openFace(face: PdfFontFace): fontkit.Font {
  const opened = fontkit.create(face.data, face.postscriptName);
  if ('fonts' in opened) throw new Error('a collection face was not chosen');
  return opened;
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

/**
 * WOFF 1.0 → the TrueType/OpenType file it wraps: each table inflated (zlib) when it was compressed, laid out
 * 4-byte aligned after a rebuilt table directory. The checksums are the original ones, kept in the WOFF directory.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  const bad = (why: string): never => {
    throw new Error(`not a valid WOFF file: ${why}`);
  };
  if (woff.length < 44 || woff.readUInt32BE(0) !== WOFF_SIGNATURE) bad('signature');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  if (numTables === 0 || 44 + numTables * 20 > woff.length) bad('table directory');
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    return {
      tag: woff.readUInt32BE(at),
      offset: woff.readUInt32BE(at + 4),
      compLength: woff.readUInt32BE(at + 8),
      origLength: woff.readUInt32BE(at + 12),
      checksum: woff.readUInt32BE(at + 16),
    };
  });
  const padded = (n: number) => (n + 3) & ~3;
  let size = 12 + 16 * numTables;
  for (const t of tables) size += padded(t.origLength);
  const out = Buffer.alloc(size);
  let power = 1;
  let log2 = 0;
  while (power * 2 <= numTables) {
    power *= 2;
    log2++;
  }
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let position = 12 + 16 * numTables;
  tables.forEach((t, i) => {
    if (t.offset + t.compLength > woff.length || t.compLength > t.origLength) bad('table bounds');
    const stored = woff.subarray(t.offset, t.offset + t.compLength);
    const data = t.compLength < t.origLength ? inflateSync(stored) : stored;
    if (data.length !== t.origLength) bad('table length');
    const record = 12 + 16 * i;
    out.writeUInt32BE(t.tag, record);
    out.writeUInt32BE(t.checksum, record + 4);
    out.writeUInt32BE(position, record + 8);
    out.writeUInt32BE(t.origLength, record + 12);
    data.copy(out, position);
    position += padded(t.origLength);
  });
  return out;
}
