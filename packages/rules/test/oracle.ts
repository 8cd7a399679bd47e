/**
 * An independent reference implementation of the contract, written differently on purpose:
 * BigInt rationals, table-driven, no shared code with the engine. Tests compare the two.
 */
type Json = Record<string, any>;

const fen = (v: string | number): bigint => {
  const s = typeof v === 'number' ? v.toFixed(2) : v;
  const [y, f = ''] = s.split('.');
  return BigInt(y as string) * 100n + BigInt((f + '00').slice(0, 2));
};

/** ratio a/b ≥ p/100 */
const atLeast = (a: bigint, b: bigint, p: number) => a * 100n >= b * BigInt(p);

const band = (a: bigint, b: bigint, table: [number, number][]) => {
  if (b === 0n) return 0;
  for (const [p, pts] of table) if (atLeast(a, b, p)) return pts;
  return 0;
};

export function oracle(input: Json) {
  const y = input.evaluationYear as number;
  const rs = y >= 2026 ? '2026' : y >= 2024 ? '2024' : y >= 2022 ? '2022' : '2017';
  const v2022 = rs !== '2017';
  const e = input.enterprise;
  const fg = input.figures;
  const staff = BigInt(fg.totalStaff);
  const tech = BigInt(fg.techStaff);
  const rev = fen(fg.salesRevenue);
  const assets = fen(fg.totalAssets);
  const cost = fen(fg.totalCostExpense);
  const rd = fen(fg.rdExpense);
  const failures: string[] = [];
  if (!e.residentEnterprise) failures.push('not_resident');
  if (v2022 && !e.auditCollection) failures.push('not_audit_collection');
  if (v2022 && !e.rdExpenseAccounting) failures.push('no_rd_accounting');
  if (staff > 500n) failures.push('staff_over_limit');
  if (rev > 20_000_000_000n) failures.push('revenue_over_limit');
  if (assets > 20_000_000_000n) failures.push('assets_over_limit');
  if (e.industryRestricted) failures.push('industry_restricted');
  if (v2022 && e.industryExcluded) failures.push('industry_excluded');
  const c = input.compliance;
  const flags = Object.entries(c).filter(([k, val]) => val === true && (k !== 'seriousFraud' || v2022));
  if (flags.length > 0) failures.push('compliance');
  const basicOk = failures.length === 0;

  const techPts = band(tech, staff, [
    [30, 20],
    [25, 16],
    [20, 12],
    [15, 8],
    [10, 4],
  ]);
  const byRev = band(rd, rev, [
    [6, 50],
    [5, 40],
    [4, 30],
    [3, 20],
    [2, 10],
  ]);
  const byCost = band(rd, cost, [
    [30, 50],
    [25, 40],
    [20, 30],
    [15, 20],
    [10, 10],
  ]);
  let basis: string | null;
  if (input.rdBasis) basis = input.rdBasis;
  else if (rev === 0n && cost === 0n) basis = null;
  else if (rev === 0n) basis = 'costExpense';
  else if (cost === 0n) basis = 'salesRevenue';
  else basis = byCost > byRev ? 'costExpense' : 'salesRevenue';
  const rdPts = basis === 'salesRevenue' ? byRev : basis === 'costExpense' ? byCost : 0;
  const ip = input.intellectualProperty;
  const ipPts = ip.classI > 0 ? 30 : ip.classII >= 4 ? 24 : ip.classII * 6;
  const total = techPts + rdPts + ipPts;

  const ft = input.fastTrack;
  const met: string[] = [];
  if (ft.highTechCertificateValid) met.push('highTechCertificate');
  if (ft.nationalAwardRank !== null && ft.nationalAwardRank <= 3) met.push('nationalAward');
  if (ft.provincialRdInstitution) met.push('provincialRdInstitution');
  if (ft.standardDraftingRank !== null && (!v2022 || ft.standardDraftingRank <= 5)) met.push('standardDrafting');
  if (met.length === 0) {
    if (total < 60) failures.push('score_below_60');
    if (techPts === 0) failures.push('tech_staff_score_zero');
  }
  const route = basicOk && total >= 60 && techPts > 0 ? 'score' : basicOk && met.length > 0 ? 'fastTrack' : null;

  const h = input.history;
  const triggers: Record<string, boolean> = {
    staffAtMost5: staff <= 5n,
    techRatioAtLeast90With50Staff: staff >= 50n && atLeast(tech, staff, 90),
    revokedOrViolationWithin3Years: !!h && (h.revokedWithin3Years || h.seriousViolationWithin3Years),
    firstTime: !!h && h.firstTime,
    noIntellectualProperty: ip.classI + ip.classII === 0,
    rdExpenseUnder100k: rd < 10_000_000n,
  };
  const used: Record<string, string[]> = {
    '2017': [],
    '2022': [],
    '2024': ['staffAtMost5', 'techRatioAtLeast90With50Staff', 'revokedOrViolationWithin3Years', 'firstTime'],
    '2026': [
      'staffAtMost5',
      'revokedOrViolationWithin3Years',
      'firstTime',
      'noIntellectualProperty',
      'rdExpenseUnder100k',
    ],
  };
  return {
    ruleSetId: rs,
    eligible: route !== null,
    route,
    score: { total, techStaff: techPts, rdInput: rdPts, rdBasis: basis, ipResults: ipPts },
    failures,
    fastTrackMet: met,
    onSiteCheck: (used[rs] as string[]).filter((t) => triggers[t]),
  };
}
