import fc from 'fast-check';
import { type AssessmentInput, contractExampleInput } from '../src/index.js';

/** The contract's example input (docs/contracts/assessment.md). */
export const example = contractExampleInput;

export const yuan = (fen: bigint | number): string => {
  const f = BigInt(fen);
  const cents = f % 100n;
  return `${f / 100n}.${cents < 10n ? '0' : ''}${cents}`;
};

const rarely = (p: number) => fc.integer({ min: 0, max: 99 }).map((x) => x < p);

/** Fen amounts that cluster around band edges and size limits as well as spreading widely. */
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 30_000_000_000n }),
  fc.constantFrom(0n, 1n, 20_000_000_000n, 20_000_000_001n, 19_999_999_999n, 10_000_000n, 9_999_999n),
  fc.bigInt({ min: 0n, max: 100_000_000n }),
);

/** Generated inputs, many of them at band edges (R&D exactly at k% of a base, ± 1 fen). */
export const inputArb: fc.Arbitrary<AssessmentInput> = fc
  .record({
    year: fc.integer({ min: 2017, max: 2030 }),
    flags: fc.array(rarely(8), { minLength: 5, maxLength: 5 }),
    compliance: fc.array(rarely(4), { minLength: 7, maxLength: 7 }),
    totalStaff: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constantFrom(0, 5, 6, 50, 100, 500, 501)),
    techShare: fc.integer({ min: 0, max: 1000 }),
    revenue: amount,
    assets: amount,
    cost: amount,
    rdMode: fc.oneof(
      fc.record({ kind: fc.constant('free' as const), rd: amount }),
      fc.record({
        kind: fc.constant('edge' as const),
        pct: fc.constantFrom(2, 3, 4, 5, 6, 10, 15, 20, 25, 30),
        onCost: fc.boolean(),
        delta: fc.constantFrom(-1n, 0n, 1n),
      }),
    ),
    classI: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })),
    classII: fc.integer({ min: 0, max: 6 }),
    highTech: rarely(10),
    award: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 6 })),
    provincial: rarely(10),
    standard: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 8 })),
    rdBasis: fc.constantFrom(undefined, undefined, 'salesRevenue' as const, 'costExpense' as const),
    history: fc.option(fc.record({ firstTime: fc.boolean(), revoked: rarely(20), violation: rarely(20) })),
    numberMoney: fc.boolean(),
  })
  .map((g) => {
    const techStaff = Math.floor((g.totalStaff * g.techShare) / 1000);
    let rd: bigint;
    if (g.rdMode.kind === 'free') rd = g.rdMode.rd;
    else {
      const base = g.rdMode.onCost ? g.cost : g.revenue;
      const edge = (base * BigInt(g.rdMode.pct) + 99n) / 100n;
      rd = edge + g.rdMode.delta < 0n ? 0n : edge + g.rdMode.delta;
    }
    const money = (f: bigint) => (g.numberMoney && f < 100_000_000_000n ? Number(yuan(f)) : yuan(f));
    let rdBasis = g.rdBasis;
    if (rdBasis === 'salesRevenue' && g.revenue === 0n) rdBasis = undefined;
    if (rdBasis === 'costExpense' && g.cost === 0n) rdBasis = undefined;
    const input: AssessmentInput = {
      evaluationYear: g.year,
      enterprise: {
        residentEnterprise: !g.flags[0],
        auditCollection: !g.flags[1],
        rdExpenseAccounting: !g.flags[2],
        industryRestricted: !!g.flags[3],
        industryExcluded: !!g.flags[4],
      },
      figures: {
        totalStaff: g.totalStaff,
        techStaff,
        salesRevenue: money(g.revenue),
        totalAssets: money(g.assets),
        totalCostExpense: money(g.cost),
        rdExpense: money(rd),
      },
      intellectualProperty: { classI: g.classI, classII: g.classII },
      compliance: {
        majorSafetyAccident: !!g.compliance[0],
        majorQualityAccident: !!g.compliance[1],
        seriousEnvironmentalViolation: !!g.compliance[2],
        seriousResearchMisconduct: !!g.compliance[3],
        seriousFraud: !!g.compliance[4],
        abnormalOperationList: !!g.compliance[5],
        seriousViolationList: !!g.compliance[6],
      },
      fastTrack: {
        highTechCertificateValid: g.highTech,
        nationalAwardRank: g.award,
        provincialRdInstitution: g.provincial,
        standardDraftingRank: g.standard,
      },
    };
    if (rdBasis !== undefined) input.rdBasis = rdBasis;
    if (g.history) {
      input.history = {
        firstTime: g.history.firstTime,
        revokedWithin3Years: g.history.revoked,
        seriousViolationWithin3Years: g.history.violation,
      };
    }
    return input;
  });
