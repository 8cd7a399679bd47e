import { describe, expect, it } from 'vitest';
import { AssessmentInputError, assess, validateAssessmentInput } from '../src/index.js';
import { example } from './fixtures.js';

const errorsOf = (value: unknown) => {
  const r = validateAssessmentInput(value);
  if (r.ok) throw new Error('expected invalid input');
  return r.errors;
};

describe('validateAssessmentInput', () => {
  it('accepts the contract example, with and without the optional parts', () => {
    expect(validateAssessmentInput(example())).toEqual({ ok: true, value: example() });
    const bare = example();
    delete bare.history;
    expect(validateAssessmentInput(bare).ok).toBe(true);
    expect(validateAssessmentInput({ ...bare, rdBasis: 'costExpense' }).ok).toBe(true);
  });

  it('reports every bad field at once, each named in Chinese', () => {
    const input = example() as unknown as Record<string, any>;
    input.evaluationYear = 2016;
    input.figures.techStaff = 101;
    input.figures.rdExpense = '1.234';
    input.figures.totalAssets = -1;
    input.figures.extra = 1;
    input.intellectualProperty.classII = 2.5;
    input.fastTrack.nationalAwardRank = 0;
    input.compliance.seriousFraud = 'false';
    delete input.enterprise.auditCollection;
    input.unknown = true;
    const errors = errorsOf(input);
    // Unknown keys first, then the fields in the contract's order.
    expect(errors.map((e) => e.path)).toEqual([
      'unknown',
      'evaluationYear',
      'figures.extra',
      'enterprise.auditCollection',
      'figures.techStaff',
      'figures.totalAssets',
      'figures.rdExpense',
      'intellectualProperty.classII',
      'compliance.seriousFraud',
      'fastTrack.nationalAwardRank',
    ]);
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(byPath['figures.techStaff']).toContain('科技人员数');
    expect(byPath['figures.techStaff']).toContain('职工总数');
    expect(byPath['figures.rdExpense']).toContain('研发费用总额');
    expect(byPath['figures.totalAssets']).toContain('不能为负数');
    expect(byPath['enterprise.auditCollection']).toContain('缺少必填项');
    expect(byPath['evaluationYear']).toContain('评价年度');
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('rejects an rdBasis whose denominator is 0, and an unknown rdBasis', () => {
    const zero = { ...example(), figures: { ...example().figures, salesRevenue: '0' }, rdBasis: 'salesRevenue' };
    expect(errorsOf(zero)).toEqual([{ path: 'rdBasis', message: expect.stringContaining('销售收入为0') }]);
    expect(errorsOf({ ...example(), rdBasis: 'revenue' })[0]?.path).toBe('rdBasis');
  });

  it('rejects non-objects and missing sections once each', () => {
    expect(errorsOf(null)[0]?.path).toBe('');
    expect(errorsOf([])[0]?.path).toBe('');
    const input = example() as unknown as Record<string, unknown>;
    delete input.figures;
    input.compliance = 'none';
    expect(errorsOf(input)).toEqual([
      { path: 'figures', message: '缺少必填项：上一会计年度数据' },
      { path: 'compliance', message: '合规情况：必须是一个对象' },
    ]);
  });

  it('rejects wrong types in history, and unknown keys in every section', () => {
    const input = example() as unknown as Record<string, any>;
    input.history.firstTime = 1;
    input.history.other = false;
    input.enterprise.x = 1;
    input.compliance.y = 1;
    input.fastTrack.z = 1;
    input.intellectualProperty.trademarks = 3;
    expect(errorsOf(input).map((e) => e.path)).toEqual([
      'enterprise.x',
      'intellectualProperty.trademarks',
      'compliance.y',
      'fastTrack.z',
      'history.other',
      'history.firstTime',
    ]);
  });

  it('assess never assesses invalid input', () => {
    const input = { ...example(), evaluationYear: 2101 };
    expect(() => assess(input)).toThrow(AssessmentInputError);
    try {
      assess(input);
    } catch (error) {
      expect((error as AssessmentInputError).errors[0]?.path).toBe('evaluationYear');
    }
  });
});
