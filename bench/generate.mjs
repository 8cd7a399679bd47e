/**
 * Deterministic generator of AssessmentInput documents for benchmarks: varied figures, many at band edges.
 * Usage as a module: `inputs(n, seed)`; as a script: `node bench/generate.mjs N > file.jsonl`.
 */
import { pathToFileURL } from 'node:url';

/** mulberry32: a small seeded PRNG, so every run measures the same data. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const yuan = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export function* inputs(n, seed = 42) {
  const r = rng(seed);
  const int = (max) => Math.floor(r() * (max + 1));
  const flag = (p) => r() < p;
  for (let i = 0; i < n; i++) {
    const totalStaff = int(520);
    const revenue = int(2_100_000_000) * 10 + int(9);
    const cost = Math.floor(revenue * (0.4 + r() * 0.7));
    const pct = [2, 3, 4, 5, 6, 10, 15, 20, 25, 30][int(9)];
    const base = flag(0.5) ? revenue : cost;
    const rd = Math.max(0, Math.ceil((base * pct) / 100) + int(2) - 1);
    yield {
      evaluationYear: 2017 + int(10),
      enterprise: {
        residentEnterprise: !flag(0.02),
        auditCollection: !flag(0.03),
        rdExpenseAccounting: !flag(0.03),
        industryRestricted: flag(0.02),
        industryExcluded: flag(0.02),
      },
      figures: {
        totalStaff,
        techStaff: Math.floor(totalStaff * r() * 0.6),
        salesRevenue: yuan(revenue),
        totalAssets: yuan(int(2_100_000_000) * 10),
        totalCostExpense: yuan(cost),
        rdExpense: yuan(rd),
      },
      intellectualProperty: { classI: flag(0.2) ? 1 + int(3) : 0, classII: int(6) },
      compliance: {
        majorSafetyAccident: flag(0.01),
        majorQualityAccident: flag(0.01),
        seriousEnvironmentalViolation: flag(0.01),
        seriousResearchMisconduct: flag(0.01),
        seriousFraud: flag(0.01),
        abnormalOperationList: flag(0.01),
        seriousViolationList: flag(0.01),
      },
      fastTrack: {
        highTechCertificateValid: flag(0.1),
        nationalAwardRank: flag(0.05) ? 1 + int(5) : null,
        provincialRdInstitution: flag(0.05),
        standardDraftingRank: flag(0.05) ? 1 + int(7) : null,
      },
      history: { firstTime: flag(0.5), revokedWithin3Years: flag(0.02), seriousViolationWithin3Years: flag(0.02) },
    };
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 1000);
  let out = '';
  for (const input of inputs(n)) {
    out += `${JSON.stringify(input)}\n`;
    if (out.length > 1 << 20) {
      process.stdout.write(out);
      out = '';
    }
  }
  process.stdout.write(out);
}
