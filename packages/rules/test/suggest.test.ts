import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssessmentInput, assess, explain, parseMoney, suggest } from '../src/index.js';
import { example, inputArb } from './fixtures.js';

const withFigures = (patch: Partial<AssessmentInput['figures']>): AssessmentInput => ({
  ...example(),
  figures: { ...example().figures, ...patch },
});

describe('suggest', () => {
  it('says how many S&T staff to add, and the fast track, for a near miss', () => {
    const report = suggest(withFigures({ techStaff: 9 }));
    expect(report.eligible).toBe(false);
    const tech = report.suggestions.find((s) => s.axis === 'techStaff');
    expect(tech?.message).toBe('再增加2名科技人员');
    expect(tech?.result.eligible).toBe(true);
    expect(report.suggestions.find((s) => s.axis === 'fastTrack')?.message).toContain('高新技术企业证书');
  });

  it('gives the smallest R&D increase to the fen', () => {
    // 16 + 18 = 34 points without R&D; 30 points (4% of revenue) are needed: ¥480,000 of ¥12,000,000.
    const report = suggest(withFigures({ rdExpense: '444999.99' }));
    const rd = report.suggestions.find((s) => s.axis === 'rdExpense');
    expect(rd?.message).toBe('研发费用至少再增加¥35,000.01');
  });

  it('reports blockers instead of suggestions when a basic condition fails', () => {
    const report = suggest(withFigures({ totalStaff: 600, techStaff: 9 }));
    expect(report.suggestions).toEqual([]);
    expect(report.blockers.map((b) => b.code)).toEqual(['staff_over_limit']);
  });

  it('every suggestion is eligible and minimal along its axis (one step less is not)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const report = suggest(input);
        expect(report.eligible).toBe(assess(input).eligible);
        for (const s of report.suggestions) {
          expect(s.result).toEqual(assess(s.input));
          expect(s.result.eligible).toBe(true);
          if (s.axis === 'techStaff') {
            const k = s.input.figures.techStaff - input.figures.techStaff;
            const less = {
              ...input,
              figures: {
                ...input.figures,
                totalStaff: input.figures.totalStaff + k - 1,
                techStaff: input.figures.techStaff + k - 1,
              },
            };
            expect(assess(less).eligible).toBe(false);
          }
          if (s.axis === 'rdExpense') {
            const fen = (parseMoney(s.input.figures.rdExpense) as number) - 1;
            const less = { ...input, figures: { ...input.figures, rdExpense: (fen / 100).toFixed(2) } };
            expect(assess(less).eligible).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('tells an eligible enterprise how close it is to losing eligibility', () => {
    const report = suggest(example());
    expect(report.eligible).toBe(true);
    expect(report.margins.map((m) => m.message)).toEqual([
      '综合评价得分84分，高出60分的及格线24分',
      '科技人员减少16名（职工总数不变）即不再符合条件',
      '研发费用减少¥240,000.01（降至¥479,999.99）即不再符合条件',
    ]);
  });
});

describe('explain', () => {
  it('gives each indicator its band, the next band and what it takes', () => {
    const { indicators, result } = explain(example());
    expect(result.score.total).toBe(84);
    const [tech, rd, ip] = indicators;
    expect(tech).toMatchObject({ points: 16, ratioText: '25.00%', next: { threshold: '≥30%', points: 20 } });
    expect(tech?.next?.need).toContain('再增加8名科技人员');
    expect(rd).toMatchObject({ points: 50, basis: 'salesRevenue', ratioText: '6.00%', next: null });
    expect(rd?.alternatives?.map((a) => [a.basis, a.points])).toEqual([
      ['salesRevenue', 50],
      ['costExpense', 0],
    ]);
    expect(ip).toMatchObject({ points: 18, next: { need: '再取得1项Ⅱ类知识产权（或取得1项Ⅰ类知识产权得30分）' } });
  });

  it('never shows a ratio rounded up into the next band', () => {
    // 29.9997% must not read as 30.00% (it scores 16, not 20).
    const below = explain(withFigures({ totalStaff: 100001, techStaff: 30000 }));
    expect(below.indicators[0]).toMatchObject({ ratioText: '29.99%', points: 16 });
    const at = explain(withFigures({ totalStaff: 100000, techStaff: 30000 }));
    expect(at.indicators[0]).toMatchObject({ ratioText: '30.00%', points: 20 });
  });
});
