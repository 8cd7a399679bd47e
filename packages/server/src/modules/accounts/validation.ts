/** Input checks of the accounts capability: every bad field at once, Chinese messages naming the field. */
import {
  checkIdCardNumber,
  checkLoginName,
  checkPassword,
  ID_CARD_MESSAGES,
  isValidMobile,
  isValidUscc,
} from '@kexiao/rules';
import type { FieldProblem } from '../../platform/errors.js';

export const UNIT_TYPES = ['enterpriseLegalPerson', 'socialOrganization', 'publicInstitution', 'other'] as const;

type Body = Record<string, unknown>;

export class Checker {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly body: Body) {}

  private add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  text(path: string, label: string, options: { min?: number; max?: number } = {}): string {
    const value = this.body[path];
    const { min = 1, max = 100 } = options;
    if (typeof value !== 'string' || value.trim().length === 0) {
      this.add(path, `${label}：请填写`);
      return '';
    }
    const v = value.trim();
    if ([...v].length < min || [...v].length > max) this.add(path, `${label}：长度应为${min}–${max}个字符`);
    return v;
  }

  personName(path: string, label: string): string {
    const v = this.text(path, label, { min: 2, max: 30 });
    if (v && !/^[\u3400-\u9fff\u{20000}-\u{2ffff}·•A-Za-z ]+$/u.test(v))
      this.add(path, `${label}：只能包含汉字、字母和间隔号`);
    return v;
  }

  loginName(path = 'loginName'): string {
    const v = typeof this.body[path] === 'string' ? (this.body[path] as string) : '';
    const problem = checkLoginName(v);
    if (problem) this.add(path, `登录名：${problem}`);
    return v;
  }

  password(context: string[], path = 'password'): string {
    const v = typeof this.body[path] === 'string' ? (this.body[path] as string) : '';
    const result = checkPassword(v, context);
    if (!result.ok) this.add(path, `密码：${result.problems.join('；')}`);
    return v;
  }

  idNumber(path: string, label: string): string {
    const v = typeof this.body[path] === 'string' ? (this.body[path] as string).trim().toUpperCase() : '';
    const problem = checkIdCardNumber(v);
    if (problem) this.add(path, `${label}：${ID_CARD_MESSAGES[problem]}`);
    return v;
  }

  /** ISO date in the future, or null for 长期 (long-term); absent = null. */
  validTo(path: string, label: string, today: string): string | null {
    const value = this.body[path];
    if (value === undefined || value === null || value === '长期') return null;
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
      this.add(path, `${label}：应为 YYYY-MM-DD 格式的日期，长期有效填"长期"`);
      return null;
    }
    if (value < today) this.add(path, `${label}：证件已过有效期`);
    return value;
  }

  mobile(path: string, label: string): string {
    const v = typeof this.body[path] === 'string' ? (this.body[path] as string).trim() : '';
    if (!isValidMobile(v)) this.add(path, `${label}：应为11位中国大陆手机号码`);
    return v;
  }

  uscc(path = 'uscc'): string {
    const v = typeof this.body[path] === 'string' ? (this.body[path] as string).trim() : '';
    if (!isValidUscc(v)) this.add(path, '统一社会信用代码：应为18位，且校验位正确（字母须大写）');
    return v;
  }

  oneOf<T extends string>(path: string, label: string, values: readonly T[]): T {
    const v = this.body[path];
    if (typeof v !== 'string' || !values.includes(v as T)) this.add(path, `${label}：请选择有效的选项`);
    return v as T;
  }

  agreed(path: string, label: string): void {
    if (this.body[path] !== true) this.add(path, `${label}：请阅读并同意`);
  }

  code(path = 'smsCode'): string {
    const v = this.body[path];
    if (typeof v !== 'string' || !/^\d{6}$/.test(v)) this.add(path, '短信验证码：应为6位数字');
    return typeof v === 'string' ? v : '';
  }

  regionCode(path = 'regionCode'): string {
    const v = typeof this.body[path] === 'string' ? (this.body[path] as string).trim() : '';
    if (!/^\d{6}$/.test(v) && !/^zone:[a-z0-9-]+$/.test(v)) this.add(path, '注册地：请选择所在区县或功能区');
    return v;
  }
}
