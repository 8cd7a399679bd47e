/**
 * suggest(input): for an enterprise that does not qualify, the smallest change along each axis that would
 * make it qualify — each one checked by re-running `assess` on the changed input; for one that does,
 * how close it is to losing eligibility.
 */
import { AssessmentInputError, assess } from './assess.js';
import type { Facts } from './facts.js';
import { FAST_TRACK_LABELS } from './labels.js';
import { ceilPercentOf, fenToYuan, formatYuan } from './money.js';
import { RD_COST_BANDS, RD_REVENUE_BANDS, TECH_STAFF_BANDS } from './scoring.js';
import type { AssessmentInput, AssessmentResult, Failure, FailureCode } from './types.js';
import { readFacts } from './validate.js';

export type SuggestionAxis = 'techStaff' | 'rdExpense' | 'intellectualProperty' | 'fastTrack' | 'combined';

export interface Suggestion {
  axis: SuggestionAxis;
  /** Chinese, e.g. "再增加2名科技人员" */
  message: string;
  /** The changed input, and its result from `assess` (always eligible). */
  input: AssessmentInput;
  result: AssessmentResult;
}

export interface Margin {
  axis: 'score' | 'techStaff' | 'rdExpense' | 'intellectualProperty' | 'fastTrack';
  message: string;
}

export interface SuggestionReport {
  eligible: boolean;
  result: AssessmentResult;
  suggestions: Suggestion[];
  margins: Margin[];
  /** Basic conditions not met: no change of score or fast-track item can make up for them. */
  blockers: Failure[];
}

const SCORE_CODES: ReadonlySet<FailureCode> = new Set(['score_below_60', 'tech_staff_score_zero']);
const STAFF_LIMIT = 500;

type Change = { techHires: number; rdIncrease: number; classII: number; classI: number };
const NO_CHANGE: Change = { techHires: 0, rdIncrease: 0, classII: 0, classI: 0 };

function applyChange(input: AssessmentInput, f: Facts, c: Change): AssessmentInput {
  return {
    ...input,
    figures: {
      ...input.figures,
      totalStaff: f.totalStaff + c.techHires,
      techStaff: f.techStaff + c.techHires,
      rdExpense: c.rdIncrease === 0 ? input.figures.rdExpense : fenToYuan(f.rdExpense + c.rdIncrease),
    },
    intellectualProperty: { classI: f.classI + c.classI, classII: f.classII + c.classII },
  };
}

function describe(c: Change): string {
  const parts: string[] = [];
  if (c.techHires > 0) parts.push(`再增加${c.techHires}名科技人员`);
  if (c.rdIncrease > 0) parts.push(`研发费用至少再增加${formatYuan(c.rdIncrease)}`);
  if (c.classI > 0) parts.push(`取得${c.classI}项Ⅰ类知识产权`);
  if (c.classII > 0) parts.push(`再取得${c.classII}项Ⅱ类知识产权`);
  return parts.join('，');
}

/** Hires that reach each tech-staff band: (t + k)·100 ≥ pct·(n + k). */
function techCandidates(f: Facts): number[] {
  const out = new Set<number>();
  for (const [pct] of TECH_STAFF_BANDS) {
    const deficit = pct * f.totalStaff - 100 * f.techStaff;
    const k = f.totalStaff === 0 ? 1 : deficit <= 0 ? 0 : Math.ceil(deficit / (100 - pct));
    if (k > 0 && f.totalStaff + k <= STAFF_LIMIT) out.add(k);
  }
  return [...out].sort((a, b) => a - b);
}

/** R&D increases (fen) that reach each band on each defined basis. */
function rdCandidates(f: Facts): number[] {
  const out = new Set<number>();
  const add = (base: number, bands: readonly (readonly [number, number])[]) => {
    if (base === 0) return;
    for (const [pct] of bands) {
      const d = ceilPercentOf(base, pct) - f.rdExpense;
      if (d > 0 && f.rdExpense + d <= Number.MAX_SAFE_INTEGER) out.add(d);
    }
  };
  add(f.salesRevenue, RD_REVENUE_BANDS);
  add(f.totalCostExpense, RD_COST_BANDS);
  return [...out].sort((a, b) => a - b);
}

function ipCandidates(f: Facts): Change[] {
  if (f.classI > 0) return [];
  const out: Change[] = [];
  for (let j = 1; f.classII + j <= 4; j++) out.push({ ...NO_CHANGE, classII: j });
  out.push({ ...NO_CHANGE, classI: 1 });
  return out;
}

/** The suggestions and margins for one input. Throws AssessmentInputError for invalid input. */
export function suggest(input: AssessmentInput): SuggestionReport {
  const read = readFacts(input);
  if (read.errors !== null) throw new AssessmentInputError(read.errors);
  const f = read.facts;
  const result = assess(input);
  const blockers = result.failures.filter((x) => !SCORE_CODES.has(x.code));
  if (result.eligible) {
    return { eligible: true, result, suggestions: [], margins: margins(input, f, result), blockers: [] };
  }
  if (blockers.length > 0) return { eligible: false, result, suggestions: [], margins: [], blockers };

  const suggestions: Suggestion[] = [];
  const tryChange = (axis: SuggestionAxis, c: Change): boolean => {
    const changed = applyChange(input, f, c);
    const r = assess(changed);
    if (!r.eligible) return false;
    suggestions.push({ axis, message: describe(c), input: changed, result: r });
    return true;
  };

  for (const k of techCandidates(f)) if (tryChange('techStaff', { ...NO_CHANGE, techHires: k })) break;
  for (const d of rdCandidates(f)) if (tryChange('rdExpense', { ...NO_CHANGE, rdIncrease: d })) break;
  for (const c of ipCandidates(f)) if (tryChange('intellectualProperty', c)) break;

  if (suggestions.length === 0) {
    // No single axis suffices: the combination with the fewest axes changed, then the fewest band steps.
    const techs = [0, ...techCandidates(f)];
    const rds = [0, ...rdCandidates(f)];
    const ips = [NO_CHANGE, ...ipCandidates(f)];
    let best: { c: Change; cost: number } | null = null;
    techs.forEach((k, ti) => {
      rds.forEach((d, ri) => {
        ips.forEach((ipc, ii) => {
          const c: Change = { ...ipc, techHires: k, rdIncrease: d };
          const axes = (k > 0 ? 1 : 0) + (d > 0 ? 1 : 0) + (ii > 0 ? 1 : 0);
          const cost = axes * 1000 + ti + ri + ii;
          if (best !== null && cost >= best.cost) return;
          if (assess(applyChange(input, f, c)).eligible) best = { c, cost };
        });
      });
    });
    const found = best as { c: Change; cost: number } | null;
    if (found) tryChange('combined', found.c);
  }

  const withCertificate: AssessmentInput = {
    ...input,
    fastTrack: { ...input.fastTrack, highTechCertificateValid: true },
  };
  const fastResult = assess(withCertificate);
  if (fastResult.eligible) {
    const standard =
      f.ruleSet.standardDraftingMaxRank === null ? '' : `（起草单位排名前${f.ruleSet.standardDraftingMaxRank}）`;
    suggestions.push({
      axis: 'fastTrack',
      message: `取得有效期内高新技术企业证书即可直通；满足其他任一直通车条件亦可：${FAST_TRACK_LABELS.nationalAward}、${FAST_TRACK_LABELS.provincialRdInstitution}、${FAST_TRACK_LABELS.standardDrafting}${standard}`,
      input: withCertificate,
      result: fastResult,
    });
  }
  return { eligible: false, result, suggestions, margins: [], blockers: [] };
}

function margins(input: AssessmentInput, f: Facts, result: AssessmentResult): Margin[] {
  const out: Margin[] = [];
  const total = result.score.total;
  const scoreEligible = (changed: AssessmentInput) => {
    const r = assess(changed);
    return r.route === 'score';
  };
  if (result.route === 'fastTrack') {
    const items = result.fastTrackMet.map((x) => FAST_TRACK_LABELS[x]).join('、');
    const withoutFastTrack: AssessmentInput = {
      ...input,
      fastTrack: {
        highTechCertificateValid: false,
        nationalAwardRank: null,
        provincialRdInstitution: false,
        standardDraftingRank: null,
      },
    };
    const scoreOk = scoreEligible(withoutFastTrack);
    out.push({
      axis: 'fastTrack',
      message: `依据直通车条件（${items}）符合条件。若直通车条件失效：综合评价得分${total}分，${scoreOk ? '仍可按综合评分符合条件' : '按综合评分不符合条件'}`,
    });
    return out;
  }
  out.push({ axis: 'score', message: `综合评价得分${total}分，高出60分的及格线${total - 60}分` });

  // Fewest S&T staff lost (reclassified, total unchanged) before the score path fails.
  for (let k = 1; k <= f.techStaff; k++) {
    const changed = { ...input, figures: { ...input.figures, techStaff: f.techStaff - k } };
    if (!scoreEligible(changed)) {
      out.push({ axis: 'techStaff', message: `科技人员减少${k}名（职工总数不变）即不再符合条件` });
      break;
    }
  }
  // Smallest R&D decrease that drops a band far enough to fail.
  const thresholds = new Set<number>();
  for (const [base, bands] of [
    [f.salesRevenue, RD_REVENUE_BANDS],
    [f.totalCostExpense, RD_COST_BANDS],
  ] as const) {
    if (base === 0) continue;
    for (const [pct] of bands) {
      const v = ceilPercentOf(base, pct);
      if (v > 0 && v <= f.rdExpense) thresholds.add(v - 1);
    }
  }
  for (const lower of [...thresholds].sort((a, b) => b - a)) {
    const changed = { ...input, figures: { ...input.figures, rdExpense: fenToYuan(lower) } };
    if (!scoreEligible(changed)) {
      out.push({
        axis: 'rdExpense',
        message: `研发费用减少${formatYuan(f.rdExpense - lower)}（降至${formatYuan(lower)}）即不再符合条件`,
      });
      break;
    }
  }
  // Losing IP.
  const ipLoss: { ip: AssessmentInput['intellectualProperty']; text: string }[] = [];
  if (f.classI > 0) ipLoss.push({ ip: { classI: 0, classII: f.classII }, text: `失去全部${f.classI}项Ⅰ类知识产权` });
  for (let j = 1; j <= f.classII && f.classI === 0; j++) {
    ipLoss.push({ ip: { classI: 0, classII: f.classII - j }, text: `失去${j}项Ⅱ类知识产权` });
  }
  for (const loss of ipLoss) {
    if (!scoreEligible({ ...input, intellectualProperty: loss.ip })) {
      out.push({ axis: 'intellectualProperty', message: `${loss.text}即不再符合条件` });
      break;
    }
  }
  return out;
}
