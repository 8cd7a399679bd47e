import { ArrowLeftOutlined } from '@ant-design/icons';
import { ON_SITE_LABELS } from '@kexiao/rules';
import { Alert, Button, Card, Descriptions, type DescriptionsProps, Result, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../account/api';
import { useSession } from '../../account/session';
import { PageLoading } from '../../common/gates';
import { AssessmentView } from '../../staff/review/AssessmentView';
import { EvidenceList } from '../../staff/review/EvidenceList';
import { InfoSheetView } from '../../staff/review/InfoSheetView';
import '../../staff/review/review.css';
import { formatTime } from '../api';
import { ProfileGate } from '../ProfileGate';
import { useEnterpriseProfile } from '../useEnterpriseProfile';
import { fetchVersion, type ReviewView, type SubmittedVersion } from './api';
import { ReviewDetails } from './ReturnNotice';
import { StaffNotice } from './StaffNotice';
import { OUTCOME_COLOR } from './statusTone';
import './filing.css';

const DECISION_LABELS: Readonly<Record<ReviewView['decision'], string>> = {
  pass: '审核通过',
  return: '退回补正',
  reject: '审核未通过',
};
const DECISION_COLORS: Readonly<Record<ReviewView['decision'], string>> = {
  pass: 'success',
  return: 'warning',
  reject: 'error',
};

/** /filing/:id/versions/:no — one submitted version of the enterprise's filing, read-only. */
export function VersionPage({ id, no }: { id: string; no: string }) {
  const [profile] = useEnterpriseProfile();
  const { account } = useSession();
  return (
    <div className="kx-page kx-filing-page kx-filing-version-page">
      {account?.kind === 'staff' ? (
        <StaffNotice filingId={id} />
      ) : (
        <ProfileGate state={profile}>
          {() =>
            profile.state === 'ready' && (
              <VersionLoader
                id={id}
                no={no}
                regionText={(region) =>
                  profile.profile.region.code === region
                    ? profile.profile.region.path.map((r) => r.name).join(' / ')
                    : null
                }
              />
            )
          }
        </ProfileGate>
      )}
    </div>
  );
}

type LoadState =
  | { state: 'loading' }
  | { state: 'error'; status: number; message: string }
  | { state: 'ready'; version: SubmittedVersion };

const NUMBER = /^[1-9]\d{0,15}$/;

function VersionLoader({
  id,
  no,
  regionText,
}: {
  id: string;
  no: string;
  regionText: (regionCode: unknown) => string | null;
}) {
  const [state, setState] = useState<LoadState>({ state: 'loading' });
  useEffect(() => {
    if (!NUMBER.test(id) || !NUMBER.test(no)) {
      setState({ state: 'error', status: 404, message: '未找到该版本' });
      return;
    }
    let live = true;
    fetchVersion(Number(id), Number(no))
      .then((version) => live && setState({ state: 'ready', version }))
      .catch((e: unknown) => {
        if (!live) return;
        setState({
          state: 'error',
          status: e instanceof ApiError ? e.status : 0,
          message: e instanceof ApiError ? e.message : '加载失败，请稍后再试',
        });
      });
    return () => {
      live = false;
    };
  }, [id, no]);

  const back = NUMBER.test(id) ? `/filing/${id}` : '/filing';
  if (state.state === 'loading') return <PageLoading description="正在加载该版本…" />;
  if (state.state === 'error') {
    return (
      <Result
        status={state.status === 404 ? '404' : 'error'}
        title={state.status === 404 ? '未找到该版本' : '加载失败'}
        subTitle={state.message}
        data-testid="version-load-error"
        extra={
          <Button type="primary" href={back}>
            返回信息表
          </Button>
        }
      />
    );
  }
  const v = state.version;
  return <VersionView version={v} back={back} regionText={regionText(v.infoSheet.basic?.regionCode)} />;
}

function VersionView({
  version: v,
  back,
  regionText,
}: {
  version: SubmittedVersion;
  back: string;
  regionText: string | null;
}) {
  const facts: DescriptionsProps['items'] = [
    { key: 'submitted', label: '提交时间', children: formatTime(v.submittedAt) },
    { key: 'round', label: '审核轮次', children: `第${v.reviewRound}轮` },
  ];
  if (v.commitment?.signerName) {
    facts.push({ key: 'signer', label: '承诺书签署人', children: v.commitment.signerName });
  }
  return (
    <div data-testid="version-page" data-version={v.versionNo}>
      <div className="kx-page-head kx-filing-head">
        <a href={back} className="kx-filing-back">
          <ArrowLeftOutlined /> 返回信息表
        </a>
        <div className="kx-filing-title-row">
          <Typography.Title level={2} className="kx-page-title">
            {v.evaluationYear}年度信息表 · 第{v.versionNo}版
          </Typography.Title>
          <Tag color={OUTCOME_COLOR[v.outcome.code]} data-testid="version-outcome" data-outcome={v.outcome.code}>
            {v.outcome.label}
          </Tag>
        </div>
        <Typography.Paragraph type="secondary" className="kx-page-intro">
          以下是第{v.versionNo}版提交时的信息表、自评结果和证明材料，只能查看，不能修改。
        </Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={facts} className="kx-filing-facts" />
      </div>
      {v.reviews.length > 0 ? (
        <Card size="small" title="审核意见" className="kx-section" data-testid="version-reviews">
          {v.reviews.map((r) => (
            <div
              key={r.reviewRound}
              className="kx-filing-version-review"
              data-testid={`version-review-${r.reviewRound}`}
            >
              <div className="kx-filing-version-head">
                <Tag color={DECISION_COLORS[r.decision]}>{DECISION_LABELS[r.decision]}</Tag>
                <Typography.Text type="secondary" className="kx-filing-version-meta">
                  第{r.reviewRound}轮审核 · {r.agencyName} · {formatTime(r.decidedAt)}
                </Typography.Text>
              </div>
              <ReviewDetails review={r} />
            </div>
          ))}
        </Card>
      ) : (
        v.outcome.code === 'withdrawn' && (
          <Alert type="info" showIcon className="kx-section" title="该版本在审核开始前已撤回，没有审核意见。" />
        )
      )}
      <InfoSheetView sheet={v.infoSheet} warnings={[]} regionText={regionText} />
      <AssessmentView
        assessment={v.assessment}
        onSiteTriggers={v.onSiteTriggers.map((code) => ({
          code,
          label: (ON_SITE_LABELS as Record<string, string>)[code] ?? code,
        }))}
      />
      <EvidenceList evidence={v.evidence} />
    </div>
  );
}
