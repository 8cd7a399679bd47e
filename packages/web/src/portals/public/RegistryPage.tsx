import { Alert, Button, Empty, Input, Pagination, Result, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../account/api';
import {
  fetchRegistrationByNumber,
  type RegistrationView,
  type SearchReply,
  searchRegistrations,
} from './registry/api';
import { RegistrationCard } from './registry/RegistrationCard';

const PAGE_SIZE = 10;

const queryOf = () => new URLSearchParams(window.location.search).get('q') ?? '';

/**
 * 入库查询: one box for a registration number, a USCC or (part of) an enterprise's name; the results as cards.
 * The query is kept in the address (?q=…), so a result list can be shared and the back button works.
 */
export function RegistrySearchPage() {
  const [text, setText] = useState(queryOf);
  const [reply, setReply] = useState<{ q: string; data: SearchReply } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (q: string, page = 1) => {
    const trimmed = q.trim();
    setError(null);
    if ([...trimmed].length < 2) {
      setReply(null);
      setError('请输入入库登记编号、统一社会信用代码或企业名称（至少2个字）');
      return;
    }
    setBusy(true);
    try {
      const data = await searchRegistrations(trimmed, page, PAGE_SIZE);
      setReply({ q: trimmed, data });
      const url = `/registry?q=${encodeURIComponent(trimmed)}`;
      if (`${window.location.pathname}${window.location.search}` !== url) window.history.replaceState(null, '', url);
    } catch (e) {
      setReply(null);
      setError(e instanceof ApiError ? e.message : '查询失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    const initial = queryOf();
    if (initial !== '') void run(initial);
  }, [run]);

  return (
    <div className="kx-page kx-registry-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          入库查询
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="kx-page-intro">
          查询科技型中小企业入库登记编号：输入编号、统一社会信用代码或企业名称（可输入名称的一部分）。
        </Typography.Paragraph>
      </div>
      <Input.Search
        size="large"
        allowClear
        enterButton="查询"
        placeholder="入库登记编号 / 统一社会信用代码 / 企业名称"
        aria-label="入库登记编号、统一社会信用代码或企业名称"
        value={text}
        maxLength={100}
        loading={busy}
        onChange={(e) => setText(e.target.value)}
        onSearch={(value) => void run(value)}
        data-testid="registry-query"
        className="kx-registry-search"
      />
      {error && (
        <Alert type="warning" showIcon title={error} className="kx-registry-alert" data-testid="registry-error" />
      )}
      {busy && !reply && <Spin className="kx-registry-spin" />}
      {reply && (
        <div className="kx-registry-results" data-testid="registry-results">
          <Typography.Paragraph type="secondary" data-testid="registry-total">
            {reply.data.total === 0
              ? ''
              : `共${reply.data.totalExact ? '' : '超过'}${reply.data.total}条结果，按评价年度从新到旧排列`}
          </Typography.Paragraph>
          {reply.data.items.length === 0 ? (
            <Empty
              description={`未查到与“${reply.q}”相符的入库登记`}
              data-testid="registry-empty"
              image={Empty.PRESENTED_IMAGE_SIMPLE}
            />
          ) : (
            <div className="kx-registry-list">
              {reply.data.items.map((r) => (
                <RegistrationCard key={`${r.provinceCode}-${r.evaluationYear}-${r.registrationNo}`} r={r} />
              ))}
            </div>
          )}
          {reply.data.total > PAGE_SIZE && (
            <Pagination
              className="kx-registry-pager"
              current={reply.data.page}
              pageSize={PAGE_SIZE}
              total={reply.data.total}
              showSizeChanger={false}
              onChange={(page) => void run(reply.q, page)}
            />
          )}
        </div>
      )}
    </div>
  );
}

/** One registration number: where the proof's QR code points. */
export function RegistryDetailPage({ registrationNo }: { registrationNo: string }) {
  const [state, setState] = useState<
    { state: 'loading' } | { state: 'ok'; r: RegistrationView } | { state: 'error'; status: number; message: string }
  >({ state: 'loading' });

  useEffect(() => {
    let live = true;
    fetchRegistrationByNumber(registrationNo).then(
      (r) => live && setState({ state: 'ok', r }),
      (e: unknown) =>
        live &&
        setState({
          state: 'error',
          status: e instanceof ApiError ? e.status : 0,
          message: e instanceof ApiError ? e.message : '查询失败，请稍后再试',
        }),
    );
    return () => {
      live = false;
    };
  }, [registrationNo]);

  return (
    <div className="kx-page kx-registry-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          入库登记编号查询结果
        </Typography.Title>
      </div>
      {state.state === 'loading' && <Spin className="kx-registry-spin" />}
      {state.state === 'error' && (
        <Result
          status={state.status === 404 ? '404' : 'warning'}
          title={state.status === 404 ? '未查到该入库登记编号' : '查询失败'}
          subTitle={state.message}
          data-testid="registry-not-found"
          extra={<Button href="/registry">重新查询</Button>}
        />
      )}
      {state.state === 'ok' && (
        <>
          {state.r.status === 'revoked' ? (
            <Alert
              type="error"
              showIcon
              className="kx-registry-alert"
              title={`该入库登记编号已被撤销${state.r.revokedOn === null ? '' : `（${state.r.revokedOn}）`}`}
            />
          ) : (
            <Alert
              type="success"
              showIcon
              className="kx-registry-alert"
              title={`有效：${state.r.enterpriseName}的${state.r.evaluationYear}年度入库登记编号`}
            />
          )}
          <RegistrationCard r={state.r} linked={false} />
          <Typography.Paragraph type="secondary" className="kx-registry-note">
            以上信息来自省级科技管理部门发布的入库公告；编号被撤销的，以本页查询结果为准。
            <a href="/registry">查询其他编号</a>
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
