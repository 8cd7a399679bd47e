/**
 * The score bands of 办法 Art. 7 (unchanged in every rule set). Every lower bound is inclusive (含);
 * ratios are compared exactly on integers, never rounded into a band.
 */
import type { Facts } from './facts.js';
import { compareScaled } from './money.js';
import type { RdBasis } from './types.js';

/** [percent lower bound, points], best band first. */
export type Bands = readonly (readonly [number, number])[];

export const TECH_STAFF_BANDS: Bands = [
  [30, 20],
  [25, 16],
  [20, 12],
  [15, 8],
  [10, 4],
];
export const RD_REVENUE_BANDS: Bands = [
  [6, 50],
  [5, 40],
  [4, 30],
  [3, 20],
  [2, 10],
];
export const RD_COST_BANDS: Bands = [
  [30, 50],
  [25, 40],
  [20, 30],
  [15, 20],
  [10, 10],
];
/** Class II counts → points (any Class I scores 30). */
export const IP_CLASS_II_BANDS: Bands = [
  [4, 24],
  [3, 18],
  [2, 12],
  [1, 6],
];
export const IP_CLASS_I_POINTS = 30;

/** Points for numerator ÷ denominator against percentage bands; 0 when the denominator is 0. */
export function ratioPoints(numerator: number, denominator: number, bands: Bands): number {
  if (denominator === 0) return 0;
  for (const [pct, points] of bands) {
    if (compareScaled(numerator, 100, denominator, pct)) return points;
  }
  return 0;
}

export function techStaffPoints(techStaff: number, totalStaff: number): number {
  return ratioPoints(techStaff, totalStaff, TECH_STAFF_BANDS);
}

export function ipPoints(classI: number, classII: number): number {
  if (classI >= 1) return IP_CLASS_I_POINTS;
  for (const [n, points] of IP_CLASS_II_BANDS) if (classII >= n) return points;
  return 0;
}

export function rdPointsFor(basis: RdBasis, f: Pick<Facts, 'rdExpense' | 'salesRevenue' | 'totalCostExpense'>): number {
  return basis === 'salesRevenue'
    ? ratioPoints(f.rdExpense, f.salesRevenue, RD_REVENUE_BANDS)
    : ratioPoints(f.rdExpense, f.totalCostExpense, RD_COST_BANDS);
}

/**
 * The R&D input score and the basis used: the chosen one, or whichever scores higher
 * (a tie, or both 0, picks salesRevenue; an undefined ratio is never picked; both undefined → null).
 */
export function rdInput(f: Pick<Facts, 'rdExpense' | 'salesRevenue' | 'totalCostExpense' | 'rdBasis'>): {
  points: number;
  basis: RdBasis | null;
} {
  if (f.rdBasis !== undefined) return { points: rdPointsFor(f.rdBasis, f), basis: f.rdBasis };
  const revenueDefined = f.salesRevenue > 0;
  const costDefined = f.totalCostExpense > 0;
  if (!revenueDefined && !costDefined) return { points: 0, basis: null };
  if (!costDefined) return { points: rdPointsFor('salesRevenue', f), basis: 'salesRevenue' };
  if (!revenueDefined) return { points: rdPointsFor('costExpense', f), basis: 'costExpense' };
  const byRevenue = rdPointsFor('salesRevenue', f);
  const byCost = rdPointsFor('costExpense', f);
  return byCost > byRevenue ? { points: byCost, basis: 'costExpense' } : { points: byRevenue, basis: 'salesRevenue' };
}
