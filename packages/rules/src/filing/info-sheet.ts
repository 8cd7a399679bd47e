/**
 * 《科技型中小企业信息表》 (info sheet): what an enterprise declares for one evaluation year. The assessment
 * contract's input is a part of it (conditions, figures, compliance, fast track); the rest is what the review
 * checks against the evidence — the basic information, the R&D project summary (企业研发项目汇总表) and the IP list,
 * whose counts become the contract's `intellectualProperty`.
 *
 * A draft may be incomplete: every field of a draft is optional (`InfoSheetDraft`). Submission needs the whole
 * sheet (`InfoSheet`), checked by `validateInfoSheet`.
 */
import type { Compliance, EnterpriseConditions, FastTrack, Figures, RdBasis } from '../types.js';

/** 企业基本信息 — pre-filled from the registration, confirmed (and completed) by the enterprise. */
export interface BasicInfo {
  /** 企业名称 */
  name: string;
  /** 统一社会信用代码 */
  uscc: string;
  /** 注册地行政区划代码 (decides the reviewing agency) */
  regionCode: string;
  /** 注册地址 / 通讯地址 */
  address: string;
  /** 成立日期 YYYY-MM-DD */
  establishedOn: string;
  /** 注册资本（万元）, a decimal string with at most 4 decimals */
  registeredCapital: string;
  /** 所属行业（国民经济行业分类门类/大类名称） */
  industry: string;
  /** 技术领域 (one of TECH_FIELDS) */
  techField: TechField;
  /** 主要产品（服务） */
  mainProducts: string;
  /** 法定代表人 */
  legalRepName: string;
  /** 联系人 */
  contactName: string;
  /** 联系人手机 */
  contactPhone: string;
  /** 联系人电子邮箱 */
  contactEmail: string;
}

/** 技术领域: the eight fields of 《国家重点支持的高新技术领域》, plus 其他. */
export const TECH_FIELDS = [
  'electronicInformation',
  'biomedicine',
  'aerospace',
  'newMaterials',
  'hiTechServices',
  'newEnergy',
  'resourcesEnvironment',
  'advancedManufacturing',
  'other',
] as const;
export type TechField = (typeof TECH_FIELDS)[number];
export const TECH_FIELD_LABELS: Readonly<Record<TechField, string>> = {
  electronicInformation: '电子信息',
  biomedicine: '生物与新医药',
  aerospace: '航空航天',
  newMaterials: '新材料',
  hiTechServices: '高技术服务',
  newEnergy: '新能源与节能',
  resourcesEnvironment: '资源与环境',
  advancedManufacturing: '先进制造与自动化',
  other: '其他',
};

/** 研发形式 */
export const RD_FORMS = ['independent', 'commissioned', 'cooperative'] as const;
export type RdForm = (typeof RD_FORMS)[number];
export const RD_FORM_LABELS: Readonly<Record<RdForm, string>> = {
  independent: '自主研发',
  commissioned: '委托研发',
  cooperative: '合作研发',
};

/** One row of the 企业研发项目汇总表. */
export interface RdProject {
  /** 项目名称 */
  name: string;
  /** 研发形式 */
  form: RdForm;
  /** 当年归集研发费用（元）, Money as in the contract */
  expense: string;
}

/**
 * Kinds of intellectual property. Class I and Class II as the 办法 Art. 7 lists them; trademarks and `other`
 * never count.
 */
export const IP_TYPES = [
  'inventionPatent',
  'defencePatent',
  'plantVariety',
  'cropVariety',
  'newDrug',
  'tcmProtectedVariety',
  'icLayoutDesign',
  'utilityModel',
  'designPatent',
  'softwareCopyright',
  'trademark',
  'other',
] as const;
export type IpType = (typeof IP_TYPES)[number];
export type IpClass = 'I' | 'II' | null;
export const IP_TYPE_CLASS: Readonly<Record<IpType, IpClass>> = {
  inventionPatent: 'I',
  defencePatent: 'I',
  plantVariety: 'I',
  cropVariety: 'I',
  newDrug: 'I',
  tcmProtectedVariety: 'I',
  icLayoutDesign: 'I',
  utilityModel: 'II',
  designPatent: 'II',
  softwareCopyright: 'II',
  trademark: null,
  other: null,
};
export const IP_TYPE_LABELS: Readonly<Record<IpType, string>> = {
  inventionPatent: '发明专利',
  defencePatent: '国防专利',
  plantVariety: '植物新品种',
  cropVariety: '国家级农作物品种',
  newDrug: '国家新药',
  tcmProtectedVariety: '国家一级中药保护品种',
  icLayoutDesign: '集成电路布图设计专有权',
  utilityModel: '实用新型专利',
  designPatent: '外观设计专利',
  softwareCopyright: '软件著作权',
  trademark: '商标',
  other: '其他',
};

/** One row of the IP list (知识产权清单). */
export interface IpItem {
  type: IpType;
  /** 专利号 / 登记号 / 证书号 */
  number: string;
  /** 名称 */
  title: string;
  /** 有效（在保护期内、未失效） */
  inForce: boolean;
  /** 与主要产品（服务）相关 */
  relatedToMainProducts: boolean;
  /** 存在权属争议 */
  disputed: boolean;
}

export interface InfoSheet {
  basic: BasicInfo;
  /** 基本条件声明 (the contract's `enterprise`) */
  enterprise: EnterpriseConditions;
  /** 上年度主要经济指标 (the contract's `figures`, Money as decimal strings) */
  figures: Figures;
  /** 合规声明 (the contract's `compliance`) */
  compliance: Compliance;
  /** 直通车条件 (the contract's `fastTrack`) */
  fastTrack: FastTrack;
  /** 研发投入的计算口径; omitted = whichever scores higher */
  rdBasis?: RdBasis;
  /** 企业研发项目汇总表; the expenses must add up to `figures.rdExpense` */
  rdProjects: RdProject[];
  /** 知识产权清单; its counts become the contract's `intellectualProperty` */
  intellectualProperty: IpItem[];
}

type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/** A draft: any part may be missing (or null) until submission. */
export type InfoSheetDraft = DeepPartial<InfoSheet>;

/**
 * Evidence kinds (证明材料). `sealedFirstPage` (信息表首页，法定代表人签字并加盖公章) is always required at
 * submission; others are required as `requiredEvidence` says.
 */
export const EVIDENCE_KINDS = [
  'sealedFirstPage',
  'financialStatements',
  'staffList',
  'rdLedgerSummary',
  'ipCertificate',
  'highTechCertificate',
  'awardCertificate',
  'rdInstitutionCertificate',
  'standardDocument',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Readonly<Record<EvidenceKind, string>> = {
  sealedFirstPage: '信息表首页（法定代表人签字并加盖公章）',
  financialStatements: '上年度财务会计报表（资产负债表、利润表）',
  staffList: '职工花名册（标注科技人员）',
  rdLedgerSummary: '研发费用辅助账汇总表',
  ipCertificate: '知识产权证书',
  highTechCertificate: '高新技术企业证书',
  awardCertificate: '国家级科技奖励证书（含排名）',
  rdInstitutionCertificate: '省部级以上研发机构认定文件',
  standardDocument: '标准文本（含起草单位排名）',
  other: '其他材料',
};
