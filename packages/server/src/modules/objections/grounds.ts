/**
 * Objections as data: the five grounds one may object on (the revocation grounds 1–5 of the 办法 Art. 14, which
 * Shaanxi 2020 uses as the grounds of an objection during publicity — docs: research-notes §4.5), the states with
 * the staff's and the public's labels, and the handling form's fields (《公示异议核实处理情况表》, §6.3).
 */
import type { ObjectionGround, ObjectionStatus } from '../../db/schema.js';

export const GROUNDS: Readonly<Record<ObjectionGround, string>> = {
  notEligible: '不符合科技型中小企业评价条件',
  seriousFraud: '存在严重弄虚作假行为',
  researchMisconduct: '存在严重科研失信行为',
  accidentOrEnvironment: '发生重大安全、重大质量事故或有严重环境违法行为',
  abnormalOrDishonest: '被列入经营异常名录或严重违法失信企业名单',
};

export const GROUND_KEYS = Object.keys(GROUNDS) as ObjectionGround[];

export const STAFF_STATUS_LABELS: Readonly<Record<ObjectionStatus, string>> = {
  received: '已受理，待交办',
  assigned: '已交办，核实中',
  verified: '已核实，待确认',
  upheld: '异议成立',
  dismissed: '异议不成立',
};

/** What the objector sees: the steps inside the administration are one "being verified". */
export const PUBLIC_STATUS_LABELS: Readonly<Record<ObjectionStatus, string>> = {
  received: '已受理',
  assigned: '核实中',
  verified: '核实中',
  upheld: '已办结：异议成立',
  dismissed: '已办结：异议不成立',
};

export const PUBLIC_OUTCOMES: Readonly<Record<'upheld' | 'dismissed', string>> = {
  upheld: '经评价工作机构核实、省级科技管理部门确认，异议成立，该企业本年度不予入库。',
  dismissed: '经评价工作机构核实、省级科技管理部门确认，异议不成立，该企业按程序公告入库。',
};

export const OBJECTOR_KIND_LABELS = { person: '个人', organisation: '单位' } as const;

export type Conclusion = 'upheld' | 'dismissed';

/** 《公示异议核实处理情况表》 as the agency fills it. */
export interface HandlingForm {
  /** 异议人情况 */
  objectorSummary: string;
  /** 异议理由（核实后认定的类别） */
  ground: ObjectionGround;
  /** 证据材料情况 */
  evidenceSummary: string;
  /** 是否在公示期内提出 */
  receivedInWindow: boolean;
  /** 核实情况 */
  verification: string;
  /** 实地核查 */
  onSite: { done: false } | { done: true; date: string; people: string; findings: string };
  /** 核实结论 */
  conclusion: Conclusion;
  /** 评价工作机构意见 */
  opinion: string;
}

export const CONCLUSION_LABELS: Readonly<Record<Conclusion, string>> = {
  upheld: '异议成立（不予入库）',
  dismissed: '异议不成立（排除异议）',
};
