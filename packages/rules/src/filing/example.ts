/**
 * A complete, eligible 信息表 (score route: 30% tech staff, 6% R&D of revenue, one invention patent; no fast
 * track) — a fresh copy on every call, for tests, benchmarks and documentation. `basic` overrides the enterprise's
 * identity (name, USCC, region, contacts…).
 */
import type { BasicInfo, InfoSheet } from './info-sheet.js';

export function exampleInfoSheet(basic: Partial<BasicInfo> = {}): InfoSheet {
  return {
    basic: {
      name: '郑州示例智能科技有限公司',
      uscc: '91410105MA44T8XK0H',
      regionCode: '410105',
      address: '河南省郑州市金水区科学大道100号',
      establishedOn: '2019-03-15',
      registeredCapital: '500',
      industry: '软件和信息技术服务业',
      techField: 'electronicInformation',
      mainProducts: '工业物联网数据采集网关及配套软件',
      legalRepName: '王建国',
      contactName: '李晓梅',
      contactPhone: '13612345678',
      contactEmail: 'lixm@example.cn',
      ...basic,
    },
    enterprise: {
      residentEnterprise: true,
      auditCollection: true,
      rdExpenseAccounting: true,
      industryRestricted: false,
      industryExcluded: false,
    },
    figures: {
      totalStaff: 100,
      techStaff: 30,
      salesRevenue: '12000000',
      totalAssets: '30000000',
      totalCostExpense: '9000000',
      rdExpense: '720000',
    },
    compliance: {
      majorSafetyAccident: false,
      majorQualityAccident: false,
      seriousEnvironmentalViolation: false,
      seriousResearchMisconduct: false,
      seriousFraud: false,
      abnormalOperationList: false,
      seriousViolationList: false,
    },
    fastTrack: {
      highTechCertificateValid: false,
      nationalAwardRank: null,
      provincialRdInstitution: false,
      standardDraftingRank: null,
    },
    rdProjects: [
      { name: '边缘计算网关研发', form: 'independent', expense: '500000' },
      { name: '设备协议解析库', form: 'cooperative', expense: '220000' },
    ],
    intellectualProperty: [
      {
        type: 'inventionPatent',
        number: 'ZL202110000001.X',
        title: '一种工业数据采集方法',
        inForce: true,
        relatedToMainProducts: true,
        disputed: false,
      },
    ],
  };
}
