import { Alert, App, Button, Card, Checkbox, Descriptions, Input, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, type FieldProblem } from '../../account/api';
import { useSession } from '../../account/session';
import { type FilingDetail, filingUrl, type OnSiteCheckView, postMultipart, problemAt } from './api';

const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf';

/** The recorded on-site check of this round. */
function RecordedCheck({ check }: { check: OnSiteCheckView }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      className="kx-descriptions kx-section"
      data-testid="onsite-recorded"
      items={[
        {
          key: 'conclusion',
          label: '核查结论',
          children: (
            <Tag color={check.conclusion === 'pass' ? 'success' : 'error'} data-testid="onsite-recorded-conclusion">
              {check.conclusionLabel}
            </Tag>
          ),
        },
        { key: 'date', label: '核查日期', children: check.checkedOn },
        { key: 'inspectors', label: '核查人员', children: check.inspectors },
        { key: 'findings', label: '核查情况', children: <span className="kx-pre-wrap">{check.findings}</span> },
        {
          key: 'files',
          label: '附件',
          children:
            check.files.length === 0 ? (
              '无'
            ) : (
              <ul className="kx-plain-list">
                {check.files.map((f) => (
                  <li key={f.sha256}>
                    <a href={f.url} target="_blank" rel="noreferrer">
                      {f.fileName}
                    </a>
                  </li>
                ))}
              </ul>
            ),
        },
        { key: 'by', label: '登记人', children: check.recordedBy.name ?? '—' },
      ]}
    />
  );
}

interface OnSiteSectionProps {
  filing: FilingDetail;
  onRecorded: (filing: FilingDetail) => void;
  onConflict: () => void;
}

/**
 * 实地核查: the check recorded for this round, and — for the reviewer holding the claim — the form to record (or
 * replace) it, with photos and minutes sent as multipart to the on-site route.
 */
export function OnSiteSection({ filing, onRecorded, onConflict }: OnSiteSectionProps) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const check = filing.onSiteCheck;
  const canRecord = filing.allowedActions.includes('recordOnSite');
  const [editing, setEditing] = useState(check === null);
  const [checkedOn, setCheckedOn] = useState(check?.checkedOn ?? '');
  const [inspectors, setInspectors] = useState(check?.inspectors ?? '');
  const [findings, setFindings] = useState(check?.findings ?? '');
  const [conclusion, setConclusion] = useState<'pass' | 'fail' | null>(check?.conclusion ?? null);
  const [files, setFiles] = useState<File[]>([]);
  const [keepFiles, setKeepFiles] = useState(true);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submittedOn = filing.version?.submittedAt
    ? new Date(new Date(filing.version.submittedAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
    : undefined;

  const pickFiles = (list: FileList | null) => {
    const picked = [...(list ?? [])];
    const tooBig = picked.filter((f) => f.size > MAX_BYTES);
    if (tooBig.length > 0) {
      setProblems([{ path: 'files', message: `核查附件：${tooBig.map((f) => f.name).join('、')} 超过10MB` }]);
      return;
    }
    if (picked.length > MAX_FILES) {
      setProblems([{ path: 'files', message: `核查附件：最多${MAX_FILES}个文件` }]);
      return;
    }
    setProblems((p) => p.filter((x) => x.path !== 'files'));
    setFiles(picked);
  };

  const submit = async () => {
    const local: FieldProblem[] = [];
    if (checkedOn === '') local.push({ path: 'checkedOn', message: '核查日期：请填写实地核查的日期' });
    if (inspectors.trim() === '') local.push({ path: 'inspectors', message: '核查人员：请填写参加核查的人员' });
    if (findings.trim() === '') local.push({ path: 'findings', message: '核查情况：请填写核查发现的情况' });
    if (conclusion === null) local.push({ path: 'conclusion', message: '核查结论：请选择核查通过或不通过' });
    setProblems(local);
    setFormError(null);
    if (local.length > 0) return;
    const body = new FormData();
    body.append('checkedOn', checkedOn);
    body.append('inspectors', inspectors.trim());
    body.append('findings', findings.trim());
    body.append('conclusion', conclusion as string);
    if (check !== null && check.files.length > 0) body.append('keepFiles', keepFiles ? 'true' : 'false');
    files.forEach((f, i) => body.append(`file${i + 1}`, f, f.name));
    setBusy(true);
    try {
      const updated = await postMultipart<FilingDetail>(filingUrl(filing.id, '/on-site'), body, csrfToken ?? '');
      message.success('实地核查已登记');
      setFiles([]);
      setEditing(false);
      onRecorded(updated);
    } catch (e) {
      const problem = e instanceof ApiError ? e : null;
      setProblems(problem?.fields ?? []);
      setFormError(problem?.message ?? '登记失败，请稍后再试');
      if (problem?.status === 409) onConflict();
    } finally {
      setBusy(false);
    }
  };

  const err = (path: string) => problemAt(problems, path);
  const fieldClass = 'kx-review-field';
  return (
    <Card
      size="small"
      className="kx-section kx-review-onsite"
      title="实地核查"
      id="review-onsite"
      data-testid="review-onsite"
      extra={
        check === null ? (
          <Tag color="warning">尚未登记</Tag>
        ) : (
          <Tag color={check.conclusion === 'pass' ? 'success' : 'error'}>{check.conclusionLabel}</Tag>
        )
      }
    >
      {check !== null && !editing && <RecordedCheck check={check} />}
      {canRecord && check !== null && !editing && (
        <Button onClick={() => setEditing(true)} data-testid="onsite-edit">
          修改核查记录
        </Button>
      )}
      {canRecord && editing && (
        <div className="kx-review-form" data-testid="onsite-form">
          {check === null && (
            <Typography.Paragraph type="secondary" className="kx-section-intro">
              该企业符合实地核查情形。请组织实地核查并登记结果后再作出审核结论。
            </Typography.Paragraph>
          )}
          <div className={fieldClass}>
            <label htmlFor="onsite-date" className="kx-review-label">
              <span className="kx-required">*</span>核查日期
            </label>
            <Input
              id="onsite-date"
              type="date"
              value={checkedOn}
              min={submittedOn}
              max={filing.today}
              onChange={(e) => setCheckedOn(e.target.value)}
              status={err('checkedOn') ? 'error' : undefined}
              data-testid="onsite-date"
            />
            {err('checkedOn') && <Typography.Text type="danger">{err('checkedOn')}</Typography.Text>}
          </div>
          <div className={fieldClass}>
            <label htmlFor="onsite-inspectors" className="kx-review-label">
              <span className="kx-required">*</span>核查人员
            </label>
            <Input
              id="onsite-inspectors"
              value={inspectors}
              maxLength={200}
              placeholder="如：张三、李四"
              onChange={(e) => setInspectors(e.target.value)}
              status={err('inspectors') ? 'error' : undefined}
              data-testid="onsite-inspectors"
            />
            {err('inspectors') && <Typography.Text type="danger">{err('inspectors')}</Typography.Text>}
          </div>
          <div className={fieldClass}>
            <label htmlFor="onsite-findings" className="kx-review-label">
              <span className="kx-required">*</span>核查情况
            </label>
            <Input.TextArea
              id="onsite-findings"
              value={findings}
              rows={4}
              maxLength={2000}
              showCount
              placeholder="经营场所、研发活动、人员、财务凭证等核查情况"
              onChange={(e) => setFindings(e.target.value)}
              status={err('findings') ? 'error' : undefined}
              data-testid="onsite-findings"
            />
            {err('findings') && <Typography.Text type="danger">{err('findings')}</Typography.Text>}
          </div>
          <div className={fieldClass}>
            <span className="kx-review-label">
              <span className="kx-required">*</span>核查结论
            </span>
            <Radio.Group value={conclusion} onChange={(e) => setConclusion(e.target.value as 'pass' | 'fail')}>
              <Radio value="pass" data-testid="onsite-conclusion-pass">
                通过
              </Radio>
              <Radio value="fail" data-testid="onsite-conclusion-fail">
                不通过
              </Radio>
            </Radio.Group>
            {err('conclusion') && <Typography.Text type="danger">{err('conclusion')}</Typography.Text>}
          </div>
          <div className={fieldClass}>
            <label htmlFor="onsite-files" className="kx-review-label">
              现场照片、核查记录
            </label>
            <input
              id="onsite-files"
              type="file"
              multiple
              accept={ACCEPT}
              onChange={(e) => pickFiles(e.target.files)}
              data-testid="onsite-files"
            />
            <Typography.Text type="secondary" className="kx-review-hint">
              JPG、PNG 照片或 PDF 核查记录，最多{MAX_FILES}个，每个不超过10MB
            </Typography.Text>
            {check !== null && check.files.length > 0 && (
              <Checkbox
                checked={keepFiles}
                onChange={(e) => setKeepFiles(e.target.checked)}
                data-testid="onsite-keep-files"
              >
                保留已上传的{check.files.length}个附件
              </Checkbox>
            )}
            {(err('files') ?? problems.find((p) => p.path.startsWith('file'))?.message) && (
              <Typography.Text type="danger">
                {err('files') ?? problems.find((p) => p.path.startsWith('file'))?.message}
              </Typography.Text>
            )}
          </div>
          {formError && <Alert type="error" showIcon title={formError} className="kx-review-inline-alert" />}
          <Space>
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="onsite-submit">
              {check === null ? '登记实地核查' : '保存核查记录'}
            </Button>
            {check !== null && (
              <Button onClick={() => setEditing(false)} disabled={busy}>
                取消
              </Button>
            )}
          </Space>
        </div>
      )}
      {!canRecord && check === null && (
        <Typography.Text type="secondary">
          {filing.status === 'submitted' ? '开始审核后由审核人员登记实地核查结果。' : '本轮尚未登记实地核查。'}
        </Typography.Text>
      )}
    </Card>
  );
}
