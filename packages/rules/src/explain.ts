/**
 * explain(input): each indicator's points, the band it reached and the next band, with what it takes
 * to get there — the live breakdown the self-assessment page shows.
 */
import { AssessmentInputError, evaluate } from './assess.js';
import type { Facts } from './facts.js';
import { ceilPercentOf, formatYuan } from './money.js';
import { cite, type DocumentRef } from './rule-sets/documents.js';
import { type RuleSet, ruleSetForYear } from './rule-sets/index.js';
import {
  type Bands,
  IP_CLASS_I_POINTS,
  IP_CLASS_II_BANDS,
  ipPoints,
  RD_COST_BANDS,
  RD_REVENUE_BANDS,
  ratioPoints,
  TECH_STAFF_BANDS,
  techStaffPoints,
} from './scoring.js';
import type { AssessmentInput, AssessmentResult, RdBasis } from './types.js';
import { readFacts } from './validate.js';

export interface BandStep {
  /** '≥30%', '≥4项Ⅱ类', '≥1项Ⅰ类' */
  threshold: string;
  points: number;
  reached: boolean;
}

export interface IndicatorDetail {
  key: 'techStaff' | 'rdInput' | 'ipResults';
  label: string;
  points: number;
  max: number;
  /** The exact ratio truncated to two decimals ('25.00%'), or the IP held ('3项Ⅱ类'); null when undefined. */
  ratioText: string | null;
  /** For rdInput: the basis of this detail (null when neither ratio is defined). */
  basis?: RdBasis | null;
  bands: BandStep[];
  /** The next band up and what it takes, or null at the top (or when it cannot be reached this way). */
  next: { threshold: string; points: number; need: string } | null;
  /** For rdInput: the detail on each defined basis. */
  alternatives?: IndicatorDetail[];
  source: DocumentRef;
}

export interface Explanation {
  result: AssessmentResult;
  ruleSet: RuleSet;
  indicators: IndicatorDetail[];
}

const ART7 = cite('measures2017', '第七条');

/** Numerator ÷ denominator as a percentage truncated (never rounded up) to two decimals. */
export function percentText(numerator: number, denominator: number): string | null {
  if (denominator === 0) return null;
  const basisPoints = (BigInt(numerator) * 10000n) / BigInt(denominator);
  const whole = basisPoints / 100n;
  const frac = basisPoints % 100n;
  return `${whole}.${frac < 10n ? '0' : ''}${frac}%`;
}

function bandSteps(bands: Bands, points: number, suffix = '%'): BandStep[] {
  return bands.map(([pct, p]) => ({ threshold: `≥${pct}${suffix}`, points: p, reached: p <= points }));
}

function nextBand(bands: Bands, points: number): readonly [number, number] | null {
  let next: readonly [number, number] | null = null;
  for (const band of bands) if (band[1] > points) next = band;
  return next;
}

function techDetail(f: Facts): IndicatorDetail {
  const points = techStaffPoints(f.techStaff, f.totalStaff);
  const up = nextBand(TECH_STAFF_BANDS, points);
  let next: IndicatorDetail['next'] = null;
  if (up) {
    const [pct, p] = up;
    // Hiring k S&T staff raises both counts: (t + k)·100 ≥ pct·(n + k).
    const deficit = pct * f.totalStaff - 100 * f.techStaff;
    const k = f.totalStaff === 0 ? 1 : Math.ceil(deficit / (100 - pct));
    const alsoReassign = Math.max(0, ceilPercentOf(f.totalStaff, pct) - f.techStaff);
    const need =
      f.totalStaff === 0
        ? '再增加1名科技人员'
        : `再增加${k}名科技人员（或在现有职工中有${alsoReassign}人符合科技人员条件）`;
    next = { threshold: `≥${pct}%`, points: p, need };
  }
  return {
    key: 'techStaff',
    label: '科技人员指标',
    points,
    max: 20,
    ratioText: percentText(f.techStaff, f.totalStaff),
    bands: bandSteps(TECH_STAFF_BANDS, points),
    next,
    source: ART7,
  };
}

function rdDetail(f: Facts, basis: RdBasis): IndicatorDetail {
  const bands = basis === 'salesRevenue' ? RD_REVENUE_BANDS : RD_COST_BANDS;
  const base = basis === 'salesRevenue' ? f.salesRevenue : f.totalCostExpense;
  const points = ratioPoints(f.rdExpense, base, bands);
  const up = base === 0 ? null : nextBand(bands, points);
  const next = up
    ? {
        threshold: `≥${up[0]}%`,
        points: up[1],
        need: `研发费用至少再增加${formatYuan(ceilPercentOf(base, up[0]) - f.rdExpense)}`,
      }
    : null;
  return {
    key: 'rdInput',
    label:
      basis === 'salesRevenue'
        ? '研发投入指标（研发费用占销售收入比例）'
        : '研发投入指标（研发费用占成本费用支出总额比例）',
    points,
    max: 50,
    ratioText: percentText(f.rdExpense, base),
    basis,
    bands: bandSteps(bands, points),
    next,
    source: ART7,
  };
}

function ipDetail(f: Facts): IndicatorDetail {
  const points = ipPoints(f.classI, f.classII);
  const bands: BandStep[] = [
    { threshold: '≥1项Ⅰ类', points: IP_CLASS_I_POINTS, reached: f.classI >= 1 },
    ...IP_CLASS_II_BANDS.map(([n, p]) => ({ threshold: `≥${n}项Ⅱ类`, points: p, reached: p <= points })),
  ];
  let next: IndicatorDetail['next'] = null;
  if (f.classI === 0) {
    const up = nextBand(IP_CLASS_II_BANDS, points);
    next = up
      ? {
          threshold: `≥${up[0]}项Ⅱ类`,
          points: up[1],
          need: `再取得${up[0] - f.classII}项Ⅱ类知识产权（或取得1项Ⅰ类知识产权得30分）`,
        }
      : { threshold: '≥1项Ⅰ类', points: IP_CLASS_I_POINTS, need: '取得1项Ⅰ类知识产权' };
  }
  return {
    key: 'ipResults',
    label: '科技成果指标',
    points,
    max: 30,
    ratioText: f.classI > 0 ? `${f.classI}项Ⅰ类、${f.classII}项Ⅱ类` : `${f.classII}项Ⅱ类`,
    bands,
    next,
    source: ART7,
  };
}

/** The breakdown of an assessment. Throws AssessmentInputError for invalid input. */
export function explain(input: AssessmentInput): Explanation {
  const read = readFacts(input);
  if (read.errors !== null) throw new AssessmentInputError(read.errors);
  const f = read.facts;
  const result = evaluate(f);
  const alternatives: IndicatorDetail[] = [];
  if (f.salesRevenue > 0) alternatives.push(rdDetail(f, 'salesRevenue'));
  if (f.totalCostExpense > 0) alternatives.push(rdDetail(f, 'costExpense'));
  const used = alternatives.find((d) => d.basis === result.score.rdBasis);
  const rd: IndicatorDetail = used
    ? { ...used, alternatives }
    : {
        key: 'rdInput',
        label: '研发投入指标',
        points: 0,
        max: 50,
        ratioText: null,
        basis: null,
        bands: bandSteps(RD_REVENUE_BANDS, 0),
        next: null,
        alternatives,
        source: ART7,
      };
  return { result, ruleSet: ruleSetForYear(f.evaluationYear), indicators: [techDetail(f), rd, ipDetail(f)] };
}
