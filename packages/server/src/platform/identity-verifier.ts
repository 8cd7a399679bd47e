/**
 * Real-name verification behind a driver. Production calls the identity service the province contracts
 * (公安人口库 / 市场监管 data via the government service platform); this repository ships the development driver.
 * A failed automatic check leads to the manual path (uploads reviewed by staff).
 */
import { checkIdCardNumber, isValidUscc } from '@kexiao/rules';

export interface IdentityCheck {
  verified: boolean;
  /** Chinese reason when not verified. */
  reason?: string;
}

export interface IdentityVerifier {
  readonly name: string;
  verifyPerson(person: { name: string; idNumber: string }): Promise<IdentityCheck>;
  verifyEnterprise(enterprise: { uscc: string; name: string; legalRepName: string }): Promise<IdentityCheck>;
}

/**
 * Development driver, behaving like the real service on well-formed data: a person is verified when the ID
 * number is valid; a sequence code of 999 (digits 15–17) plays "no such person in the population registry",
 * and an enterprise whose name contains （测试未登记） plays "not found in the market-supervision register",
 * so the manual path can be exercised.
 */
export class DevIdentityVerifier implements IdentityVerifier {
  readonly name = 'dev';
  async verifyPerson(person: { name: string; idNumber: string }): Promise<IdentityCheck> {
    if (checkIdCardNumber(person.idNumber) !== null) return { verified: false, reason: '身份证号码无效' };
    if (person.idNumber.slice(14, 17) === '999') {
      return { verified: false, reason: '人口信息库中未查询到该姓名与身份证号码的对应记录' };
    }
    return { verified: true };
  }
  async verifyEnterprise(enterprise: { uscc: string; name: string; legalRepName: string }): Promise<IdentityCheck> {
    if (!isValidUscc(enterprise.uscc)) return { verified: false, reason: '统一社会信用代码无效' };
    if (enterprise.name.includes('（测试未登记）')) {
      return { verified: false, reason: '市场主体登记信息中未查询到该单位名称与统一社会信用代码的对应记录' };
    }
    return { verified: true };
  }
}
