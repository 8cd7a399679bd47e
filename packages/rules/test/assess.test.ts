import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssessmentInput, assess, firingOnSiteTriggers, ruleSetForYear } from '../src/index.js';
import { example, inputArb, yuan } from './fixtures.js';
import { oracle } from './oracle.js';

const codes = (input: AssessmentInput) => assess(input).failures.map((f) => f.code);
const withFigures = (patch: Partial<AssessmentInput['figures']>, base = example()): AssessmentInput => ({
  ...base,
  figures: { ...base.figures, ...patch },
});

describe('assess: the contract example', () => {
  it('returns exactly the documented result', () => {
    expect(assess(example())).toEqual({
      ruleSetId: '2024',
      eligible: true,
      route: 'score',
      score: { total: 84, techStaff: 16, rdInput: 50, rdBasis: 'salesRevenue', ipResults: 18 },
      failures: [],
      fastTrackMet: [],
      onSiteCheck: ['firstTime'],
    });
  });

  it('does not change its input', () => {
    const input = example();
    const copy = structuredClone(input);
    assess(input);
    expect(input).toEqual(copy);
  });
});

describe('rule sets by evaluation year', () => {
  it.each([
    [2017, '2017'],
    [2021, '2017'],
    [2022, '2022'],
    [2023, '2022'],
    [2024, '2024'],
    [2025, '2024'],
    [2026, '2026'],
    [2100, '2026'],
  ])('%i → %s', (year, id) => {
    expect(ruleSetForYear(year).id).toBe(id);
    expect(assess({ ...example(), evaluationYear: year }).ruleSetId).toBe(id);
  });

  it('every rule names its source document', () => {
    for (const year of [2017, 2022, 2024, 2026]) {
      for (const rule of ruleSetForYear(year).rules) {
        expect(rule.source.title.length).toBeGreaterThan(5);
        expect(rule.text.length).toBeGreaterThan(3);
      }
    }
    expect(ruleSetForYear(2026).provisional).toBe(true);
  });

  it('tax, R&D accounting and industry exclusion count only from 2022', () => {
    const base = example();
    const bad = {
      ...base,
      enterprise: { ...base.enterprise, auditCollection: false, rdExpenseAccounting: false, industryExcluded: true },
    };
    expect(codes({ ...bad, evaluationYear: 2021 })).toEqual([]);
    expect(codes({ ...bad, evaluationYear: 2022 })).toEqual([
      'not_audit_collection',
      'no_rd_accounting',
      'industry_excluded',
    ]);
  });

  it('serious fraud counts only from 2022', () => {
    const base = example();
    const fraud = { ...base, compliance: { ...base.compliance, seriousFraud: true } };
    expect(codes({ ...fraud, evaluationYear: 2021 })).toEqual([]);
    expect(codes({ ...fraud, evaluationYear: 2022 })).toEqual(['compliance']);
  });

  it('standard drafting: any rank in 2017, top five from 2022; national award top three always', () => {
    const base = { ...example(), figures: { ...example().figures, techStaff: 0 } };
    const std = (year: number, rank: number) =>
      assess({ ...base, evaluationYear: year, fastTrack: { ...base.fastTrack, standardDraftingRank: rank } }).route;
    expect(std(2021, 9)).toBe('fastTrack');
    expect(std(2022, 5)).toBe('fastTrack');
    expect(std(2022, 6)).toBe(null);
    const award = (rank: number) =>
      assess({ ...base, fastTrack: { ...base.fastTrack, nationalAwardRank: rank } }).fastTrackMet;
    expect(award(3)).toEqual(['nationalAward']);
    expect(award(4)).toEqual([]);
  });
});

describe('basic conditions', () => {
  it('size limits are inclusive (不超过)', () => {
    expect(codes(withFigures({ totalStaff: 500, techStaff: 125 }))).toEqual([]);
    expect(codes(withFigures({ totalStaff: 501, techStaff: 125 }))).toEqual(['staff_over_limit']);
    expect(codes(withFigures({ salesRevenue: '200000000.00', rdExpense: '12000000' }))).toEqual([]);
    expect(codes(withFigures({ salesRevenue: '200000000.01', rdExpense: '12000000' }))).toEqual(['revenue_over_limit']);
    expect(codes(withFigures({ totalAssets: 200000000 }))).toEqual([]);
    expect(codes(withFigures({ totalAssets: '200000000.01' }))).toEqual(['assets_over_limit']);
  });

  it('lists every failure in contract order with Chinese messages', () => {
    const base = example();
    const input: AssessmentInput = {
      ...base,
      enterprise: {
        residentEnterprise: false,
        auditCollection: false,
        rdExpenseAccounting: false,
        industryRestricted: true,
        industryExcluded: true,
      },
      figures: {
        totalStaff: 600,
        techStaff: 10,
        salesRevenue: '300000000',
        totalAssets: '300000000',
        totalCostExpense: '1',
        rdExpense: '0',
      },
      compliance: { ...base.compliance, seriousViolationList: true, majorSafetyAccident: true },
    };
    const result = assess(input);
    expect(result.failures.map((f) => f.code)).toEqual([
      'not_resident',
      'not_audit_collection',
      'no_rd_accounting',
      'staff_over_limit',
      'revenue_over_limit',
      'assets_over_limit',
      'industry_restricted',
      'industry_excluded',
      'compliance',
      'score_below_60',
      'tech_staff_score_zero',
    ]);
    expect(result.failures[9]?.message).toBe('综合评价得分18分，低于60分');
    expect(result.failures[8]?.message).toContain('重大安全事故');
    expect(result.failures[8]?.message).toContain('严重违法失信企业名单');
    expect(result.eligible).toBe(false);
    expect(result.route).toBe(null);
  });

  it('a fast-track item replaces condition 5 only', () => {
    const base = withFigures({ techStaff: 0, rdExpense: '0' });
    const fast = { ...base, fastTrack: { ...base.fastTrack, highTechCertificateValid: true } };
    const r = assess(fast);
    expect(r).toMatchObject({
      eligible: true,
      route: 'fastTrack',
      fastTrackMet: ['highTechCertificate'],
      failures: [],
    });
    expect(r.score.total).toBe(18);
    const restricted = { ...fast, enterprise: { ...fast.enterprise, industryRestricted: true } };
    expect(assess(restricted)).toMatchObject({ eligible: false, route: null });
    expect(codes(restricted)).toEqual(['industry_restricted']);
  });
});

describe('score bands at fen precision', () => {
  const revenue = 12_345_678_91n; // ¥12,345,678.91: an amount whose band edges are not whole yuan
  it.each([
    [6, 50],
    [5, 40],
    [4, 30],
    [3, 20],
    [2, 10],
  ])('R&D ÷ revenue ≥ %i%% scores %i points, one fen less drops a band', (pct, points) => {
    const rev = revenue;
    const edge = (rev * BigInt(pct) + 99n) / 100n;
    const at = assess(withFigures({ salesRevenue: yuan(rev), rdExpense: yuan(edge), totalCostExpense: '0' }));
    const below = assess(withFigures({ salesRevenue: yuan(rev), rdExpense: yuan(edge - 1n), totalCostExpense: '0' }));
    expect(at.score.rdInput).toBe(points);
    expect(below.score.rdInput).toBe(points - 10);
  });

  it.each([
    [30, 50],
    [25, 40],
    [20, 30],
    [15, 20],
    [10, 10],
  ])('R&D ÷ costs ≥ %i%% scores %i points, one fen less drops a band', (pct, points) => {
    const cost = 9_000_000_53n;
    const edge = (cost * BigInt(pct) + 99n) / 100n;
    const at = assess(withFigures({ salesRevenue: '0', totalCostExpense: yuan(cost), rdExpense: yuan(edge) }));
    const below = assess(withFigures({ salesRevenue: '0', totalCostExpense: yuan(cost), rdExpense: yuan(edge - 1n) }));
    expect([at.score.rdInput, at.score.rdBasis]).toEqual([points, 'costExpense']);
    expect(below.score.rdInput).toBe(points - 10);
  });

  it.each([
    [30, 20],
    [25, 16],
    [20, 12],
    [15, 8],
    [10, 4],
  ])('S&T staff ≥ %i%% scores %i points', (pct, points) => {
    for (const total of [100, 137, 499, 500]) {
      const edge = Math.ceil((total * pct) / 100);
      expect(assess(withFigures({ totalStaff: total, techStaff: edge })).score.techStaff).toBe(points);
      expect(assess(withFigures({ totalStaff: total, techStaff: edge - 1 })).score.techStaff).toBe(points - 4);
    }
  });

  it('IP: any Class I scores 30; Class II 1..4+ score 6..24', () => {
    const ip = (classI: number, classII: number) =>
      assess({ ...example(), intellectualProperty: { classI, classII } }).score.ipResults;
    expect([ip(0, 0), ip(0, 1), ip(0, 2), ip(0, 3), ip(0, 4), ip(0, 9), ip(1, 0), ip(2, 7)]).toEqual([
      0, 6, 12, 18, 24, 24, 30, 30,
    ]);
  });

  it('zero staff scores 0; both ratios undefined gives rdBasis null', () => {
    const r = assess(
      withFigures({ totalStaff: 0, techStaff: 0, salesRevenue: '0', totalCostExpense: '0', rdExpense: '5' }),
    );
    expect(r.score).toMatchObject({ techStaff: 0, rdInput: 0, rdBasis: null });
  });

  it('rdBasis: the higher by default, a tie picks salesRevenue, an explicit choice is kept', () => {
    const tie = withFigures({ salesRevenue: '1000', totalCostExpense: '1000', rdExpense: '1' });
    expect(assess(tie).score.rdBasis).toBe('salesRevenue');
    const costHigher = withFigures({ salesRevenue: '1000', totalCostExpense: '100', rdExpense: '50' });
    expect(assess(costHigher).score).toMatchObject({ rdBasis: 'costExpense', rdInput: 50 });
    expect(assess({ ...costHigher, rdBasis: 'salesRevenue' }).score).toMatchObject({
      rdBasis: 'salesRevenue',
      rdInput: 40,
    });
    const revenueZero = withFigures({ salesRevenue: '0', totalCostExpense: '100', rdExpense: '1' });
    expect(assess(revenueZero).score).toMatchObject({ rdBasis: 'costExpense', rdInput: 0 });
  });

  it('is exact beyond float precision (no binary floats in a decision)', () => {
    // 0.1 + 0.2 style traps: 6% of ¥0.50 is 3 fen exactly.
    expect(assess(withFigures({ salesRevenue: '0.50', totalCostExpense: '0', rdExpense: '0.03' })).score.rdInput).toBe(
      50,
    );
    expect(assess(withFigures({ salesRevenue: '0.51', totalCostExpense: '0', rdExpense: '0.03' })).score.rdInput).toBe(
      40,
    );
    // Large amounts where a·100 exceeds 2^53.
    const big = withFigures({
      salesRevenue: '90000000000000.00',
      totalCostExpense: '0',
      rdExpense: '5400000000000.00',
    });
    expect(assess(big).score.rdInput).toBe(50);
    const bigBelow = withFigures({
      salesRevenue: '90000000000000.00',
      totalCostExpense: '0',
      rdExpense: '5399999999999.99',
    });
    expect(assess(bigBelow).score.rdInput).toBe(40);
  });
});

describe('on-site triggers', () => {
  const noHistory = { firstTime: false, revokedWithin3Years: false, seriousViolationWithin3Years: false };
  const trig = (year: number, patch: Partial<AssessmentInput['figures']>, extra: Partial<AssessmentInput> = {}) =>
    assess({ ...withFigures(patch), evaluationYear: year, history: noHistory, ...extra }).onSiteCheck;
  it('follow the rule set', () => {
    const history = { firstTime: false, revokedWithin3Years: true, seriousViolationWithin3Years: false };
    expect(trig(2023, { totalStaff: 5, techStaff: 5 }, { history })).toEqual([]);
    expect(trig(2024, { totalStaff: 5, techStaff: 5 }, { history })).toEqual([
      'staffAtMost5',
      'revokedOrViolationWithin3Years',
    ]);
    expect(trig(2025, { totalStaff: 50, techStaff: 45 })).toEqual(['techRatioAtLeast90With50Staff']);
    expect(trig(2025, { totalStaff: 50, techStaff: 44 })).toEqual([]);
    expect(trig(2025, { totalStaff: 49, techStaff: 49 })).toEqual([]);
    expect(trig(2026, { totalStaff: 50, techStaff: 45 })).toEqual([]);
    expect(trig(2026, { rdExpense: '99999.99' }, { intellectualProperty: { classI: 0, classII: 0 } })).toEqual([
      'noIntellectualProperty',
      'rdExpenseUnder100k',
    ]);
    expect(trig(2026, { rdExpense: '100000' })).toEqual([]);
  });
  it('history triggers do not fire without history', () => {
    const input = example();
    delete input.history;
    expect(assess(input).onSiteCheck).toEqual([]);
  });
});

describe('properties', () => {
  it('agrees with an independent BigInt implementation on generated inputs at band edges', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = assess(input);
        expect({ ...r, failures: r.failures.map((f) => f.code) }).toEqual(oracle(input));
      }),
      { numRuns: 5000 },
    );
  });

  it('route and failures are consistent', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = assess(input);
        expect(r.eligible).toBe(r.route !== null);
        expect(r.eligible).toBe(r.failures.length === 0);
        expect(r.score.total).toBe(r.score.techStaff + r.score.rdInput + r.score.ipResults);
        if (r.route === 'score') expect(r.score.total >= 60 && r.score.techStaff > 0).toBe(true);
        if (r.route === 'fastTrack') expect(r.fastTrackMet.length).toBeGreaterThan(0);
        const scoreCodes = r.failures.filter((f) => f.code === 'score_below_60' || f.code === 'tech_staff_score_zero');
        if (r.fastTrackMet.length > 0) expect(scoreCodes).toEqual([]);
        for (const f of r.failures) expect(f.message).toMatch(/[\u4e00-\u9fff]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('more S&T staff, R&D or IP never lowers a score', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.integer({ min: 1, max: 50 }),
        fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        fc.integer({ min: 1, max: 3 }),
        (input, moreTech, moreRd, moreIp) => {
          const before = assess(input);
          const f = input.figures;
          const techUp = { ...f, techStaff: Math.min(f.totalStaff, f.techStaff + moreTech) };
          const rdFen = BigInt(Math.round(Number(f.rdExpense) * 100)) + moreRd;
          const rdUp = { ...f, rdExpense: yuan(rdFen) };
          const a = assess({ ...input, figures: techUp });
          const b = assess({ ...input, figures: rdUp });
          const c = assess({
            ...input,
            intellectualProperty: {
              classI: input.intellectualProperty.classI,
              classII: input.intellectualProperty.classII + moreIp,
            },
          });
          const d = assess({
            ...input,
            intellectualProperty: { ...input.intellectualProperty, classI: input.intellectualProperty.classI + 1 },
          });
          expect(a.score.techStaff).toBeGreaterThanOrEqual(before.score.techStaff);
          expect(b.score.rdInput).toBeGreaterThanOrEqual(before.score.rdInput);
          expect(c.score.ipResults).toBeGreaterThanOrEqual(before.score.ipResults);
          expect(d.score.ipResults).toBeGreaterThanOrEqual(before.score.ipResults);
          for (const r of [a, b, c, d]) expect(r.score.total).toBeGreaterThanOrEqual(before.score.total);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('firingOnSiteTriggers', () => {
  it('evaluates any trigger a campaign adds, whatever the rule set lists, in contract order', () => {
    const input = example();
    input.evaluationYear = 2025; // rule set 2024: no noIntellectualProperty / rdExpenseUnder100k of its own
    input.intellectualProperty = { classI: 0, classII: 0 };
    input.figures.rdExpense = '99999.99';
    input.history = { firstTime: true, revokedWithin3Years: false, seriousViolationWithin3Years: false };
    expect(assess(input).onSiteCheck).toEqual(['firstTime']);
    expect(firingOnSiteTriggers(input, ['rdExpenseUnder100k', 'noIntellectualProperty', 'firstTime'])).toEqual([
      'firstTime',
      'noIntellectualProperty',
      'rdExpenseUnder100k',
    ]);
    input.figures.rdExpense = '100000';
    expect(firingOnSiteTriggers(input, ['rdExpenseUnder100k'])).toEqual([]);
  });
});
