/** The documents the rules come from (docs/domain/rules.md, research-notes.md). */
export interface DocumentRef {
  id: string;
  /** Official title and number, as printed. */
  title: string;
  issuer: string;
  year: number;
  /** Article or section the rule rests on, when known. */
  article?: string;
  /** False when the text was only reported by secondary sources. */
  confirmed: boolean;
}

export const DOCUMENTS = {
  measures2017: {
    id: 'measures2017',
    title: '《科技型中小企业评价办法》（国科发政〔2017〕115号）',
    issuer: '科技部 财政部 国家税务总局',
    year: 2017,
    confirmed: true,
  },
  guideline2022: {
    id: 'guideline2022',
    title: '《科技型中小企业评价服务工作指引》（国科火字〔2022〕67号）',
    issuer: '科技部火炬高技术产业开发中心',
    year: 2022,
    confirmed: true,
  },
  miit2024: {
    id: 'miit2024',
    title: '《工业和信息化部办公厅关于开展2024年度科技型中小企业评价工作的通知》（工信厅企业函〔2024〕244号）',
    issuer: '工业和信息化部办公厅',
    year: 2024,
    confirmed: true,
  },
  henan2025: {
    id: 'henan2025',
    title: '《关于开展2025年度全省科技型中小企业评价工作的通知》（豫科企〔2025〕8号）',
    issuer: '河南省科学技术厅',
    year: 2025,
    confirmed: true,
  },
  miit2026: {
    id: 'miit2026',
    title: '《工业和信息化部中小企业局关于开展2026年度科技型中小企业评价工作的通知》（工企业函〔2026〕160号）',
    issuer: '工业和信息化部中小企业局',
    year: 2026,
    confirmed: false,
  },
} as const satisfies Record<string, DocumentRef>;

export type DocumentId = keyof typeof DOCUMENTS;

/** A document reference narrowed to one article. */
export function cite(id: DocumentId, article?: string): DocumentRef {
  return article === undefined ? DOCUMENTS[id] : { ...DOCUMENTS[id], article };
}
