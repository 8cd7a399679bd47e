/**
 * The filing's lifecycle as data: its states (with the enterprise's and the staff's labels), its actions (from
 * which states, to which, by whom), and `allowedActions`, which the server returns with every filing so the UI
 * shows only what may be done. The services check the same table before every transition, and the conditional
 * UPDATE (`where status = from`) makes a concurrent second transition fail instead of applying twice.
 */
import type { FilingStatus, ReviewDecision } from '../../db/schema.js';

export interface StateDefinition {
  /** What the enterprise sees. */
  enterpriseLabel: string;
  /** What staff see. */
  staffLabel: string;
  /** A sentence for the enterprise: where the filing stands and what comes next. */
  enterpriseHint: string;
}

export const STATES: Readonly<Record<FilingStatus, StateDefinition>> = {
  draft: {
    enterpriseLabel: '填报中',
    staffLabel: '企业填报中',
    enterpriseHint: '信息表尚未提交。填写完整、自评符合条件并上传盖章首页后即可提交。',
  },
  submitted: {
    enterpriseLabel: '已提交，待审核',
    staffLabel: '待审核',
    enterpriseHint: '评价工作机构将在5个工作日内完成审核；审核开始前可以撤回修改。',
  },
  reviewing: {
    enterpriseLabel: '审核中',
    staffLabel: '审核中',
    enterpriseHint: '评价工作机构正在审核，请留意消息与短信。',
  },
  returned: {
    enterpriseLabel: '退回补正',
    staffLabel: '已退回补正',
    enterpriseHint: '请按审核意见修改后重新提交；重新提交视同首次提交，审核期限重新计算。',
  },
  passed: {
    enterpriseLabel: '审核通过，待公示',
    staffLabel: '审核通过',
    enterpriseHint: '评价工作机构已审核通过，省级主管部门将分批公示。',
  },
  rejected: {
    enterpriseLabel: '审核未通过',
    staffLabel: '不予通过',
    enterpriseHint: '经审核不符合《科技型中小企业评价办法》第六条规定的基本条件，本年度评价结束。',
  },
  publicizing: {
    enterpriseLabel: '公示中',
    staffLabel: '公示中',
    enterpriseHint:
      '已列入省级公示名单，公示期为10个工作日；公示期满无异议或异议经核实不成立的，公告入库并赋予入库登记编号。',
  },
  registered: {
    enterpriseLabel: '已入库',
    staffLabel: '已公告入库',
    enterpriseHint: '已公告入库并取得本年度入库登记编号，可下载入库登记证明。',
  },
  not_registered: {
    enterpriseLabel: '不予入库',
    staffLabel: '异议成立，不予入库',
    enterpriseHint: '公示期间收到的异议经评价工作机构核实、省级主管部门确认成立，本年度不予入库。',
  },
};

export type Party = 'enterprise' | 'reviewer' | 'province';

export type FilingAction =
  | 'edit'
  | 'submit'
  | 'withdraw'
  | 'claim'
  | 'release'
  | 'recordOnSite'
  | 'pass'
  | 'return'
  | 'reject'
  | 'sendBack'
  | 'publicize'
  | 'announce'
  | 'withhold';

export interface ActionDefinition {
  label: string;
  /** Who may take it: the enterprise (or its agent), a reviewer of the filing's agency, the province. */
  by: Party;
  from: readonly FilingStatus[];
  /** null: the action changes no state (editing the draft, recording an on-site check). */
  to: FilingStatus | null;
  /** Only the reviewer holding the claim (release: or an agency head of the filing's agency). */
  claimHolder?: boolean;
  /**
   * Taken for many filings at once or through another record (a publicity batch, an objection's decision), never
   * offered on the filing itself: not in its allowedActions.
   */
  indirect?: boolean;
}

export const ACTIONS: Readonly<Record<FilingAction, ActionDefinition>> = {
  edit: { label: '填写信息表', by: 'enterprise', from: ['draft', 'returned'], to: null },
  submit: { label: '提交', by: 'enterprise', from: ['draft', 'returned'], to: 'submitted' },
  // Back to the state it was submitted from (draft or returned): see FilingService.withdraw.
  withdraw: { label: '撤回', by: 'enterprise', from: ['submitted'], to: 'draft' },
  claim: { label: '开始审核', by: 'reviewer', from: ['submitted'], to: 'reviewing' },
  release: { label: '放弃审核', by: 'reviewer', from: ['reviewing'], to: 'submitted', claimHolder: true },
  recordOnSite: { label: '登记实地核查', by: 'reviewer', from: ['reviewing'], to: null, claimHolder: true },
  pass: { label: '审核通过', by: 'reviewer', from: ['reviewing'], to: 'passed', claimHolder: true },
  return: { label: '退回补正', by: 'reviewer', from: ['reviewing'], to: 'returned', claimHolder: true },
  reject: { label: '不予通过', by: 'reviewer', from: ['reviewing'], to: 'rejected', claimHolder: true },
  sendBack: { label: '退回评价工作机构', by: 'province', from: ['passed'], to: 'submitted' },
  // Taken for a whole publicity batch (modules/publicity).
  publicize: { label: '发布公示', by: 'province', from: ['passed'], to: 'publicizing', indirect: true },
  announce: { label: '公告入库', by: 'province', from: ['publicizing'], to: 'registered', indirect: true },
  // The province confirms an objection the agency found upheld (modules/objections).
  withhold: {
    label: '异议成立，不予入库',
    by: 'province',
    from: ['publicizing'],
    to: 'not_registered',
    indirect: true,
  },
};

export interface FilingForActions {
  status: FilingStatus;
  agencyId: number | null;
  provinceCode: string;
  claimedBy: number | null;
}

/** What the actor is to this filing (computed by the caller from the actor's roles and scope). */
export interface Standing {
  accountId: number;
  /** The filing's enterprise, or its agent acting for it. */
  enterprise: boolean;
  /** A reviewer or head of the filing's agency. */
  reviewer: boolean;
  /** A head of the filing's agency (may release another reviewer's claim). */
  agencyHead: boolean;
  /** The filing's province administrator (or a national administrator). */
  province: boolean;
}

/** Whether `standing` may take `action` on `filing` now (the state and the party; not the data's conditions). */
export function mayTake(action: FilingAction, filing: FilingForActions, standing: Standing): boolean {
  const def = ACTIONS[action];
  if (!def.from.includes(filing.status)) return false;
  if (def.by === 'enterprise') return standing.enterprise;
  if (def.by === 'province') return standing.province;
  if (!standing.reviewer) return false;
  if (!def.claimHolder) return true;
  return filing.claimedBy === standing.accountId || (action === 'release' && standing.agencyHead);
}

/** The actions `standing` may take on `filing`, in the table's order. */
export function allowedActions(filing: FilingForActions, standing: Standing): FilingAction[] {
  return (Object.keys(ACTIONS) as FilingAction[]).filter((a) => !ACTIONS[a].indirect && mayTake(a, filing, standing));
}

export type VersionOutcome = 'submitted' | 'reviewing' | 'passed' | 'returned' | 'rejected' | 'withdrawn';

/**
 * What became of a submitted version: under review while it is the filing's current one and the filing is
 * submitted or reviewing (also after the province sent it back); otherwise what its latest review decided; with
 * no review, it was withdrawn before the review started.
 */
export function versionOutcome(
  versionNo: number,
  filing: { status: FilingStatus; versionNo: number },
  reviews: readonly { versionNo: number; reviewRound: number; decision: ReviewDecision }[],
): { code: VersionOutcome; label: string } {
  if (versionNo === filing.versionNo && (filing.status === 'submitted' || filing.status === 'reviewing')) {
    return { code: filing.status, label: STATES[filing.status].enterpriseLabel };
  }
  const latest = reviews
    .filter((r) => r.versionNo === versionNo)
    .reduce<(typeof reviews)[number] | null>((a, r) => (a === null || r.reviewRound > a.reviewRound ? r : a), null);
  if (latest === null) return { code: 'withdrawn', label: '已撤回' };
  const reached = ACTIONS[latest.decision].to as VersionOutcome & FilingStatus;
  return { code: reached, label: STATES[reached].enterpriseLabel };
}
