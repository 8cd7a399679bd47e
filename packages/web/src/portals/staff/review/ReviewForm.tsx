import { FAILURE_CODES } from '@kexiao/rules';
import { Alert, App, Button, Card, Checkbox, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, type FieldProblem } from '../../account/api';
import { useSession } from '../../account/session';
import {
  DECISION_LABELS,
  type FilingDetail,
  filingUrl,
  problemAt,
  REVIEW_ITEM_KEYS,
  REVIEW_ITEMS,
  type ReviewDecision,
  type ReviewItemKey,
} from './api';

const MIN_REASON = 2;

type ItemState = { ok: boolean | null; reason: string };
const initialItems = () =>
  Object.fromEntries(REVIEW_ITEM_KEYS.map((k) => [k, { ok: null, reason: '' }])) as Record<ReviewItemKey, ItemState>;

const ITEM_HINTS: Partial<Record<ReviewItemKey, string>> = {
  consistent: '对照证明材料逐项核实，特别是上方的预警项',
  other: '没有其他问题选“是”；有其他问题选“否”并写明',
};

/** Why 审核通过 cannot be chosen yet (the on-site check), or null. */
export function passBlocked(filing: FilingDetail): string | null {
  if (!filing.onSiteRequired) return null;
  if (filing.onSiteCheck === null) return '该企业需实地核查：请先在“实地核查”中登记核查结果，核查通过后方可审核通过';
  if (filing.onSiteCheck.conclusion !== 'pass') return '实地核查结论为不通过，只能退回补正或不予通过';
  return null;
}

interface ReviewFormProps {
  filing: FilingDetail;
  onDecided: (filing: FilingDetail) => void;
  onConflict: () => void;
}

/** 《科技型中小企业信息审核表》: the four items, the decision and — to reject — the unmet conditions and a comment. */
export function ReviewForm({ filing, onDecided, onConflict }: ReviewFormProps) {
  const { csrfToken } = useSession();
  const { message, modal } = App.useApp();
  const [items, setItems] = useState(initialItems);
  const [decision, setDecision] = useState<ReviewDecision | null>(null);
  const [unmet, setUnmet] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const blocked = passBlocked(filing);

  const setItem = (key: ReviewItemKey, patch: Partial<ItemState>) => {
    setItems((current) => ({ ...current, [key]: { ...current[key], ...patch } }));
    setFormError(null);
    setProblems((p) => p.filter((x) => !x.path.startsWith(`items.${key}`) && x.path !== 'items'));
  };

  /** Every problem the server would find, found here first (the server checks again). */
  const check = (): FieldProblem[] => {
    const local: FieldProblem[] = [];
    for (const key of REVIEW_ITEM_KEYS) {
      const item = items[key];
      if (item.ok === null) local.push({ path: `items.${key}.ok`, message: '请选择“是”或“否”' });
      else if (!item.ok && [...item.reason.trim()].length < MIN_REASON) {
        local.push({ path: `items.${key}.reason`, message: `请填写存在的问题（至少${MIN_REASON}个字），以便企业补正` });
      }
    }
    if (decision === null) local.push({ path: 'decision', message: '请选择审核结论' });
    const answered = REVIEW_ITEM_KEYS.every((k) => items[k].ok !== null);
    if (decision === 'pass' && answered && REVIEW_ITEM_KEYS.some((k) => items[k].ok === false)) {
      local.push({ path: 'decision', message: '审核通过须四项均为“是”' });
    }
    if (decision === 'pass' && blocked) local.push({ path: 'decision', message: blocked });
    if (decision === 'return' && answered && REVIEW_ITEM_KEYS.every((k) => items[k].ok === true)) {
      local.push({ path: 'items', message: '退回补正须至少有一项为“否”，并写明原因' });
    }
    if (decision === 'reject') {
      if (unmet.length === 0) local.push({ path: 'unmetConditions', message: '请选择企业不符合的基本条件' });
      if ([...comment.trim()].length < MIN_REASON) {
        local.push({ path: 'comment', message: `不予通过须写明理由（至少${MIN_REASON}个字）` });
      }
    }
    return local;
  };

  const send = async () => {
    setBusy(true);
    setFormError(null);
    try {
      const body = {
        decision,
        items: Object.fromEntries(
          REVIEW_ITEM_KEYS.map((k) => [
            k,
            { ok: items[k].ok, ...(items[k].ok === false ? { reason: items[k].reason.trim() } : {}) },
          ]),
        ),
        ...(decision === 'reject' ? { unmetConditions: unmet } : {}),
        ...(comment.trim() !== '' ? { comment: comment.trim() } : {}),
      };
      const updated = await api<FilingDetail>('POST', filingUrl(filing.id, '/decision'), body, csrfToken ?? '');
      message.success(`已提交审核结论：${DECISION_LABELS[decision as ReviewDecision]}`);
      onDecided(updated);
    } catch (e) {
      const problem = e instanceof ApiError ? e : null;
      setProblems(problem?.fields ?? []);
      setFormError(problem?.message ?? '提交失败，请稍后再试');
      if (problem?.status === 409) onConflict();
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    const local = check();
    setProblems(local);
    if (local.length > 0) {
      setFormError('审核表还有未填写或不符合要求的内容，请按提示修改');
      return;
    }
    setFormError(null);
    const label = DECISION_LABELS[decision as ReviewDecision];
    modal.confirm({
      title: `确认提交审核结论「${label}」？`,
      content:
        decision === 'pass'
          ? '审核通过后信息表将报省级科技管理部门公示。'
          : decision === 'return'
            ? '企业将收到退回补正通知，按审核意见修改后可重新提交。'
            : '不予通过后企业本年度评价结束。',
      okText: '确认提交',
      cancelText: '再看看',
      okButtonProps: { 'data-testid': 'review-submit-confirm', danger: decision === 'reject' },
      onOk: send,
    });
  };

  const err = (path: string) => problemAt(problems, path);
  const itemsError = err('items');
  return (
    <Card size="small" className="kx-section kx-review-sheet-form" title="信息审核表" data-testid="review-form">
      <ol className="kx-review-items">
        {REVIEW_ITEM_KEYS.map((key, index) => {
          const item = items[key];
          const okError = err(`items.${key}.ok`);
          const reasonError = err(`items.${key}.reason`);
          return (
            <li key={key} className="kx-review-item" data-testid={`review-item-${key}`}>
              <div className="kx-review-label">
                <span className="kx-required">*</span>
                {index + 1}. {REVIEW_ITEMS[key]}
              </div>
              {ITEM_HINTS[key] && (
                <Typography.Text type="secondary" className="kx-review-hint">
                  {ITEM_HINTS[key]}
                </Typography.Text>
              )}
              <Radio.Group
                value={item.ok === null ? undefined : item.ok ? 'ok' : 'no'}
                onChange={(e) => setItem(key, { ok: e.target.value === 'ok' })}
              >
                <Radio value="ok" data-testid={`review-item-${key}-ok`}>
                  是
                </Radio>
                <Radio value="no" data-testid={`review-item-${key}-no`}>
                  否
                </Radio>
              </Radio.Group>
              {okError && <Typography.Text type="danger">{okError}</Typography.Text>}
              {item.ok === false && (
                <>
                  <Input.TextArea
                    value={item.reason}
                    onChange={(e) => setItem(key, { reason: e.target.value })}
                    rows={2}
                    maxLength={500}
                    placeholder="请写明存在的问题（必填），将告知企业"
                    status={reasonError ? 'error' : undefined}
                    aria-label={`${REVIEW_ITEMS[key]}：存在的问题`}
                    data-testid={`review-item-${key}-reason`}
                  />
                  {reasonError && <Typography.Text type="danger">{reasonError}</Typography.Text>}
                </>
              )}
            </li>
          );
        })}
      </ol>
      {itemsError && (
        <Typography.Paragraph type="danger" data-testid="review-items-error">
          {itemsError}
        </Typography.Paragraph>
      )}
      <div className="kx-review-field">
        <div className="kx-review-label">
          <span className="kx-required">*</span>审核结论
        </div>
        <Radio.Group
          value={decision ?? undefined}
          onChange={(e) => {
            setDecision(e.target.value as ReviewDecision);
            setFormError(null);
            setProblems((p) => p.filter((x) => x.path !== 'decision'));
          }}
          className="kx-review-decisions"
        >
          <Radio value="pass" disabled={blocked !== null} data-testid="review-decision-pass">
            审核通过
          </Radio>
          <Radio value="return" data-testid="review-decision-return">
            退回补正
          </Radio>
          <Radio value="reject" data-testid="review-decision-reject">
            不予通过
          </Radio>
        </Radio.Group>
        {blocked && (
          <Typography.Text type="warning" className="kx-review-hint" data-testid="review-pass-blocked">
            {blocked}
          </Typography.Text>
        )}
        {err('decision') && <Typography.Text type="danger">{err('decision')}</Typography.Text>}
      </div>
      {decision === 'reject' && (
        <div className="kx-review-field" data-testid="review-unmet">
          <div className="kx-review-label">
            <span className="kx-required">*</span>不符合《科技型中小企业评价办法》第六条的基本条件
          </div>
          <Checkbox.Group value={unmet} onChange={(v) => setUnmet(v as string[])} className="kx-review-unmet">
            {Object.entries(FAILURE_CODES).map(([code, label]) => (
              <Checkbox key={code} value={code} data-testid={`review-unmet-${code}`}>
                {label}
              </Checkbox>
            ))}
          </Checkbox.Group>
          {err('unmetConditions') && <Typography.Text type="danger">{err('unmetConditions')}</Typography.Text>}
        </div>
      )}
      <div className="kx-review-field">
        <label className="kx-review-label" htmlFor="review-comment">
          {decision === 'reject' && <span className="kx-required">*</span>}审核意见
        </label>
        <Input.TextArea
          id="review-comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={3}
          maxLength={1000}
          showCount
          placeholder={decision === 'reject' ? '请写明不予通过的理由（必填）' : '选填，将告知企业'}
          status={err('comment') ? 'error' : undefined}
          data-testid="review-comment"
        />
        {err('comment') && <Typography.Text type="danger">{err('comment')}</Typography.Text>}
      </div>
      {formError && (
        <Alert
          type="error"
          showIcon
          title={formError}
          className="kx-review-inline-alert"
          data-testid="review-form-error"
        />
      )}
      <Button type="primary" block loading={busy} onClick={submit} data-testid="review-submit">
        提交审核结论
      </Button>
    </Card>
  );
}
