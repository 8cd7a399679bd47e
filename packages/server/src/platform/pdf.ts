/**
 * Generated PDFs (pdfmake), drawn in code: the fonts (platform/pdf-fonts.ts) registered once in pdfmake's virtual
 * file system, no network or local file access, and `renderPdf` for every document the platform produces (the
 * 信息表, the publicity list and announcement, the objection handling form, the registration proof).
 */
import pdfmake from 'pdfmake';
import type { PdfFonts } from './pdf-fonts.js';

export type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0];

interface PdfMakeServer {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  setFonts(fonts: Record<string, Record<string, string | string[]>>): void;
}
const server = pdfmake as unknown as PdfMakeServer;
// Everything the PDF needs is in memory: no downloads, no local files.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);

const registered = new Set<string>();

/** The pdfmake font family for these fonts, their files written to pdfmake's virtual file system once. */
function fontFamily(fonts: PdfFonts): string {
  const family = `kexiao-${fonts.id}`;
  const face = (kind: 'normal' | 'bold'): string | string[] => {
    const file = `${family}-${kind}`;
    if (!registered.has(file)) {
      server.virtualfs.writeFileSync(file, fonts[kind].data);
      registered.add(file);
    }
    const name = fonts[kind].postscriptName;
    return name === undefined ? file : [file, name];
  };
  // Fresh descriptors each time: pdfmake rewrites them while it builds a document.
  server.setFonts({
    [family]: { normal: face('normal'), bold: face('bold'), italics: face('normal'), bolditalics: face('bold') },
  });
  return family;
}

/**
 * Render a document in these fonts (its default style's font is set here). The same definition gives the same bytes
 * when it sets `info.creationDate`.
 */
export async function renderPdf(definition: TDocumentDefinitions, fonts: PdfFonts): Promise<Buffer> {
  definition.defaultStyle = { ...definition.defaultStyle, font: fontFamily(fonts) };
  // setFonts and createPdf run together, synchronously: concurrent renders cannot see each other's fonts.
  return pdfmake.createPdf(definition).getBuffer();
}
