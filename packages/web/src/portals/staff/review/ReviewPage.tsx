import { Alert, App, Col, Result, Row } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../account/api';
import { useSession } from '../../account/session';
import { PageLoading } from '../../common/gates';
import { hasRole, StaffGate } from '../admin-common';
import { type FilingDetail, filingUrl } from './api';
import { AssessmentView } from './AssessmentView';
import { DiffTable } from './DiffTable';
import { EvidenceList } from './EvidenceList';
import { FilingTimeline } from './FilingTimeline';
import { InfoSheetView } from './InfoSheetView';
import { OnSiteSection } from './OnSiteSection';
import { PastReviews } from './PastReviews';
import { type HeaderAction, ReviewHeader } from './ReviewHeader';
import { ReviewForm } from './ReviewForm';
import { WarningsPanel } from './WarningsPanel';
import './review.css';

const ACTION_PATHS: Readonly<Record<HeaderAction, string>> = {
  claim: '/claim',
  release: '/release',
  sendBack: '/send-back',
};
const ACTION_DONE: Readonly<Record<HeaderAction, string>> = {
  claim: '已开始审核，请填写审核表',
  release: '已放回待审核',
  sendBack: '已退回评价工作机构重新审核',
};

/** 信息表审核 of one filing: the submitted sheet with its warnings, and the review sheet for its reviewer. */
export function ReviewPage({ id }: { id: string }) {
  const { account } = useSession();
  const allowed = hasRole(account, 'agencyReviewer', 'agencyHead', 'provinceAdmin', 'nationalAdmin');
  return (
    <StaffGate allowed={allowed} subTitle="信息表审核仅限评价工作机构及省级、全国管理员使用，请使用工作人员账号登录。">
      {account && <FilingReview id={id} myId={account.id} />}
    </StaffGate>
  );
}

function FilingReview({ id, myId }: { id: string; myId: number }) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [filing, setFiling] = useState<FilingDetail | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<HeaderAction | null>(null);
  const [sendBackError, setSendBackError] = useState<string | null>(null);
  // Remounts the forms after a decision or a reload, so they start from the filing as it now is.
  const [generation, setGeneration] = useState(0);

  // Every state shown is numbered: a read answered after a newer state was shown (a slow GET overtaken by a claim
  // or a decision) is dropped, so the page never goes back to an older state of the filing.
  const shown = useRef(0);

  const load = useCallback(() => {
    const asked = ++shown.current;
    api<FilingDetail>('GET', filingUrl(encodeURIComponent(id)))
      .then((f) => {
        if (asked !== shown.current) return;
        setFiling(f);
        setLoadError(null);
        setGeneration((g) => g + 1);
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e : new ApiError(0, 'unknown', '加载失败', [])));
  }, [id]);

  useEffect(load, [load]);

  const act = async (action: HeaderAction, body?: unknown): Promise<boolean> => {
    if (!filing) return false;
    setBusy(action);
    setSendBackError(null);
    try {
      const updated = await api<FilingDetail>(
        'POST',
        filingUrl(filing.id, ACTION_PATHS[action]),
        body ?? {},
        csrfToken ?? '',
      );
      shown.current++;
      setFiling(updated);
      setGeneration((g) => g + 1);
      message.success(ACTION_DONE[action]);
      return true;
    } catch (e) {
      const problem = e instanceof ApiError ? e : null;
      const reason = problem?.fields.find((f) => f.path === 'reason');
      if (action === 'sendBack' && reason) {
        setSendBackError(reason.message);
        return false;
      }
      // E.g. 409 「该信息表已由…开始审核」: say so, and show the filing as it now is.
      message.error({ content: problem?.message ?? '操作失败，请稍后再试', key: 'review-action-error' });
      if (problem?.status === 409 || problem?.status === 404) load();
      return false;
    } finally {
      setBusy(null);
    }
  };

  /** A recorded on-site check or a decision: the form keeps what the reviewer entered. */
  const updated = (f: FilingDetail) => {
    shown.current++;
    setFiling(f);
  };

  if (loadError && !filing) {
    return (
      <Result
        status={loadError.status === 404 ? '404' : loadError.status === 403 ? '403' : 'error'}
        title={loadError.status === 404 ? '未找到该信息表' : '加载失败'}
        subTitle={loadError.message}
        extra={<a href="/staff/filings">返回审核清单</a>}
        data-testid="review-load-error"
      />
    );
  }
  if (!filing) return <PageLoading description="正在加载信息表…" />;

  const deciding = (['pass', 'return', 'reject'] as const).some((a) => filing.allowedActions.includes(a));
  const version = filing.version;
  const warnings = version?.warnings ?? [];
  const onSite = filing.onSiteRequired || filing.onSiteCheck !== null;

  const main = (
    <>
      <WarningsPanel warnings={warnings} />
      {filing.diff && <DiffTable diff={filing.diff} />}
      {version ? (
        <InfoSheetView
          sheet={version.infoSheet}
          warnings={warnings}
          regionText={filing.enterprise?.regionText ?? null}
        />
      ) : (
        <Alert type="info" showIcon className="kx-section" title="尚无提交的信息表" />
      )}
      {version && <AssessmentView assessment={version.assessment} onSiteTriggers={version.onSiteTriggers} />}
      {version && <EvidenceList evidence={version.evidence} />}
      {!deciding && onSite && (
        <OnSiteSection key={`onsite-${generation}`} filing={filing} onRecorded={updated} onConflict={load} />
      )}
      <PastReviews reviews={filing.reviews} />
      <FilingTimeline events={filing.timeline} />
    </>
  );

  return (
    <div className="kx-page kx-staff-page kx-review-page" data-testid="review-page" data-filing-id={filing.id}>
      <ReviewHeader filing={filing} myId={myId} busy={busy} onAction={act} sendBackError={sendBackError} />
      {filing.allowedActions.includes('claim') && (
        <Alert
          type="info"
          showIcon
          className="kx-section"
          title="点击「开始审核」后由您审核该信息表，审核表将显示在页面右侧（手机上在页面底部）。"
        />
      )}
      {deciding ? (
        <Row gutter={16}>
          <Col xs={24} lg={15} xl={16}>
            {main}
          </Col>
          <Col xs={24} lg={9} xl={8}>
            <div className="kx-review-side">
              {onSite && (
                <OnSiteSection key={`onsite-${generation}`} filing={filing} onRecorded={updated} onConflict={load} />
              )}
              <ReviewForm key={`form-${generation}`} filing={filing} onDecided={updated} onConflict={load} />
            </div>
          </Col>
        </Row>
      ) : (
        main
      )}
    </div>
  );
}
