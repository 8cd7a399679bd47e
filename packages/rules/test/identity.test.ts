import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdCardNumber,
  checkLoginName,
  checkPassword,
  idCardCheckChar,
  isSmsCodeFormat,
  isValidIdCardNumber,
  isValidMobile,
  maskEmail,
  maskIdCard,
  maskPersonalData,
  maskPersonName,
  maskPhone,
} from '../src/index.js';

describe('identity-card numbers (GB 11643-1999)', () => {
  it('accepts the standard sample and computed numbers', () => {
    expect(isValidIdCardNumber('11010519491231002X')).toBe(true);
    expect(isValidIdCardNumber(`41010519900101123${idCardCheckChar('41010519900101123')}`)).toBe(true);
  });

  it.each([
    ['11010519491231002x', 'format'],
    ['1101051949123100', 'format'],
    ['11010519491331002X', 'birthDate'],
    ['11010518991231002X', 'birthDate'],
    ['110105199902290020', 'birthDate'],
    ['110105194912310021', 'checkDigit'],
  ])('%s → %s', (id, problem) => {
    expect(checkIdCardNumber(id, '2026-11-22')).toBe(problem);
  });

  it('rejects a birth date in the future', () => {
    const id17 = '11010520270101002';
    expect(checkIdCardNumber(`${id17}${idCardCheckChar(id17)}`, '2026-11-22')).toBe('birthDate');
  });

  it('catches every single-digit error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = '11010519491231002X';
        const digit = (Number(id[pos]) + delta) % 10;
        const mutated = id.slice(0, pos) + digit + id.slice(pos + 1);
        const problem = checkIdCardNumber(mutated, '2026-11-22');
        expect(problem === 'checkDigit' || problem === 'birthDate').toBe(true);
      }),
    );
  });
});

describe('account rules', () => {
  it('login names: letters, digits, underscore', () => {
    expect(checkLoginName('zhang_san01')).toBeNull();
    expect(checkLoginName('张三')).toContain('字母、数字和下划线');
    expect(checkLoginName('ab')).toContain('长度');
    expect(checkLoginName('13812345678')).toContain('全为数字');
    expect(checkLoginName('')).toBe('请填写登录名');
  });

  it('passwords: at least 8 characters from 3 of 4 classes, with a 弱/中/强 meter', () => {
    expect(checkPassword('Abcdef12')).toMatchObject({ ok: true, classes: 3, strengthLabel: '中' });
    expect(checkPassword('Kx7!mP2q#Lz9')).toMatchObject({
      ok: true,
      classes: 4,
      strength: 'strong',
      strengthLabel: '强',
    });
    expect(checkPassword('abcdefgh')).toMatchObject({ ok: false, classes: 1, strength: 'weak' });
    expect(checkPassword('Ab1!')).toMatchObject({ ok: false });
    expect(checkPassword('Ab1!').problems[0]).toContain('不能少于8位');
    expect(checkPassword('Password1').problems).toContain('密码过于常见，请换一个');
    expect(checkPassword('Zhangsan_2025', ['zhangsan']).problems).toContain('密码不能包含登录名、手机号码等个人信息');
    expect(checkPassword('Ab1 cdefg').problems).toContain('密码不能包含空格');
  });

  it('policy property: ok ⇔ length ≥ 8 and ≥ 3 classes (for passwords without spaces or common words)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9!#%&*+=?^~-]{0,20}$/), (p) => {
        const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
        const r = checkPassword(p);
        if (r.problems.every((x) => !x.includes('常见'))) expect(r.ok).toBe(p.length >= 8 && classes >= 3);
        expect(r.classes).toBe(classes);
      }),
    );
  });

  it('mobile numbers and SMS codes', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
    expect(isValidMobile('1381234567')).toBe(false);
    expect(isSmsCodeFormat('012345')).toBe(true);
    expect(isSmsCodeFormat('12345')).toBe(false);
  });
});

describe('masking', () => {
  it('masks identity numbers, phones, names and e-mail', () => {
    expect(maskIdCard('410105199001011234')).toBe('4101**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**娜');
    expect(maskEmail('someone@example.com')).toBe('s*****e@example.com');
  });

  it('masks personal numbers inside free text and leaves other numbers alone', () => {
    expect(maskPersonalData('用户13812345678，身份证11010519491231002X，金额12000000.00')).toBe(
      '用户138****5678，身份证1101**********002X，金额12000000.00',
    );
    expect(maskPersonalData('统一社会信用代码 91350100M000100Y43')).toBe('统一社会信用代码 91350100M000100Y43');
  });

  it('never leaves a full ID number in masked text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), fc.string({ maxLength: 10 }), (id17, noise) => {
        const id = id17 + (idCardCheckChar(id17) as string);
        expect(maskPersonalData(`${noise} ${id} ${noise}`)).not.toContain(id);
      }),
    );
  });
});
