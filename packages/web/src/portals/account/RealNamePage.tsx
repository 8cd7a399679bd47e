import { Alert, App, Button, Card, Descriptions, Result, Space, Tag, Typography } from 'antd';
import { type ChangeEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiError, type FieldProblem, REAL_NAME_LABELS } from './api';
import { useSession } from './session';
import { PageLoading, SignedOutResult } from '../common/gates';

export interface RealNameMaterial {
  field: string;
  label: string;
  kinds: string[];
  maxBytes: number;
  required: boolean;
}

export interface RealNameRequestView {
  id: number;
  status: 'pending' | 'approved' | 'rejected';
  submittedAt: string;
  decidedAt: string | null;
  reason: string | null;
  files: { field: string; label: string; fileName: string; mediaType: string | null }[];
}

interface RealNameStatusView {
  kind: 'person' | 'legalPerson';
  realNameStatus: keyof typeof REAL_NAME_LABELS;
  canSubmit: boolean;
  materials: RealNameMaterial[];
  notes: string[];
  latest: RealNameRequestView | null;
}

export const REQUEST_STATUS_LABELS = { pending: '待核验', approved: '已通过', rejected: '未通过' } as const;

const ACCEPT: Record<string, string> = {
  JPG: '.jpg,.jpeg,image/jpeg',
  PNG: '.png,image/png',
  PDF: '.pdf,application/pdf',
};
const EXTENSIONS: Record<string, string[]> = { JPG: ['jpg', 'jpeg'], PNG: ['png'], PDF: ['pdf'] };

export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('zh-CN', { hour12: false });
}

/** A first check in the browser (the server reads the file's content and decides). */
function checkFile(material: RealNameMaterial, file: File): string | null {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  if (!material.kinds.some((k) => EXTENSIONS[k]?.includes(extension))) {
    return `仅支持 ${material.kinds.join('、')} 格式`;
  }
  if (file.size > material.maxBytes) return `文件不能超过${sizeText(material.maxBytes)}`;
  if (file.size === 0) return '文件为空';
  return null;
}

/** 实名认证: the account's status, what to upload for its kind, the upload form and the latest request. */
export function RealNamePage() {
  const { account, csrfToken } = useSession();
  const { message } = App.useApp();
  const [view, setView] = useState<RealNameStatusView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [files, setFiles] = useState<Record<string, File>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<RealNameStatusView>('GET', '/api/v1/real-name')
      .then((v) => {
        setView(v);
        setLoadError(null);
      })
      .catch((error: unknown) => setLoadError(error instanceof ApiError ? error.message : '加载失败，请稍后再试'));
  }, []);

  useEffect(() => {
    if (account && account.kind !== 'staff') load();
  }, [account, load]);

  if (account === undefined || (account && account.kind !== 'staff' && view === null && loadError === null)) {
    return <PageLoading description="正在加载实名认证信息…" className="kx-page kx-account-page kx-center" />;
  }
  if (account === null) {
    return <SignedOutResult subTitle="登录后可办理实名认证。" />;
  }
  if (account.kind === 'staff') {
    return (
      <Result status="info" title="工作人员账号无需实名认证" extra={<Button href="/account">返回我的账号</Button>} />
    );
  }
  if (view === null) {
    return <Result status="error" title="加载失败" subTitle={loadError} extra={<Button onClick={load}>重试</Button>} />;
  }

  const pick = (material: RealNameMaterial) => (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    const nextFiles = { ...files };
    const nextErrors = { ...errors };
    delete nextErrors[material.field];
    if (file) {
      nextFiles[material.field] = file;
      const problem = checkFile(material, file);
      if (problem) nextErrors[material.field] = problem;
    } else {
      delete nextFiles[material.field];
    }
    setFiles(nextFiles);
    setErrors(nextErrors);
  };

  const submit = async () => {
    const nextErrors: Record<string, string> = { ...errors };
    for (const m of view.materials) {
      if (m.required && !files[m.field]) nextErrors[m.field] = '请上传文件';
    }
    setErrors(nextErrors);
    setFormError(null);
    if (Object.keys(nextErrors).length > 0) return;
    const body = new FormData();
    for (const m of view.materials) {
      const file = files[m.field];
      if (file) body.append(m.field, file, file.name);
    }
    setBusy(true);
    try {
      const response = await fetch('/api/v1/real-name/requests', {
        method: 'POST',
        body,
        headers: { 'x-csrf-token': csrfToken ?? '', accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) {
        const json = (await response.json().catch(() => null)) as {
          error?: { message?: string; fields?: FieldProblem[] };
        } | null;
        const fields = json?.error?.fields ?? [];
        if (fields.length > 0) {
          setErrors(
            Object.fromEntries(
              fields.map((f) => {
                const colon = f.message.indexOf('：');
                return [f.path, colon > 0 ? f.message.slice(colon + 1) : f.message];
              }),
            ),
          );
        }
        setFormError(json?.error?.message ?? `提交失败（${response.status}），请稍后再试`);
        return;
      }
      message.success('已提交，请等待人工核验结果');
      setFiles({});
      load();
    } catch {
      setFormError('网络连接失败，请检查网络后重试');
    } finally {
      setBusy(false);
    }
  };

  const status = view.realNameStatus;
  const latest = view.latest;
  return (
    <div className="kx-page kx-account-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          实名认证
        </Typography.Title>
      </div>
      <Card className="kx-account-card">
        <Descriptions
          column={1}
          bordered
          size="middle"
          className="kx-descriptions"
          items={[
            {
              key: 'status',
              label: '实名认证状态',
              children: (
                <Tag
                  color={status === 'verified' ? 'success' : status === 'pending' ? 'processing' : 'warning'}
                  data-testid="real-name-status"
                >
                  {REAL_NAME_LABELS[status]}
                </Tag>
              ),
            },
            ...(latest
              ? [
                  {
                    key: 'latest',
                    label: '最近一次人工核验',
                    children: (
                      <span data-testid="real-name-latest">
                        {formatTime(latest.submittedAt)} 提交，{REQUEST_STATUS_LABELS[latest.status]}
                        {latest.decidedAt ? `（${formatTime(latest.decidedAt)}）` : ''}
                      </span>
                    ),
                  },
                  {
                    key: 'files',
                    label: '已上传材料',
                    children: (
                      <Space direction="vertical" size={2}>
                        {latest.files.map((f) => (
                          <a
                            key={f.field}
                            href={`/api/v1/real-name/requests/${latest.id}/files/${f.field}`}
                            target="_blank"
                            rel="noreferrer"
                          >
                            {f.label}：{f.fileName}
                          </a>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {latest?.status === 'rejected' && (
          <Alert
            type="error"
            showIcon
            className="kx-account-alert"
            title="人工核验未通过"
            description={<span data-testid="real-name-reason">原因：{latest.reason}</span>}
          />
        )}
        {status === 'verified' && (
          <Alert
            type="success"
            showIcon
            className="kx-account-alert"
            title="账号已实名认证"
            description="已上传的材料只能查看，无需再次提交。"
          />
        )}
        {status === 'pending' && (
          <Alert
            type="info"
            showIcon
            className="kx-account-alert"
            title="人工核验中"
            description="材料已提交，工作人员核验后将通过短信和“我的消息”通知您。核验期间不能重复提交。"
          />
        )}
      </Card>

      {view.canSubmit && (
        <Card className="kx-account-card kx-real-name-form" title="上传材料，申请人工核验" data-testid="real-name-form">
          <ul className="kx-real-name-notes">
            {view.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
          {formError && <Alert type="error" showIcon className="kx-form-alert" title={formError} />}
          {view.materials.map((m) => (
            <div key={m.field} className="kx-real-name-field">
              <label htmlFor={`real-name-${m.field}`} className="kx-real-name-label">
                {m.required ? <span className="kx-required">*</span> : null}
                {m.label}
                {m.required ? '' : '（选填）'}
              </label>
              <input
                id={`real-name-${m.field}`}
                type="file"
                accept={m.kinds.map((k) => ACCEPT[k]).join(',')}
                onChange={pick(m)}
                data-testid={`real-name-file-${m.field}`}
              />
              <Typography.Text type="secondary" className="kx-real-name-hint">
                {m.kinds.join('、')} 格式，不超过{sizeText(m.maxBytes)}
              </Typography.Text>
              {errors[m.field] && (
                <Typography.Text
                  type="danger"
                  className="kx-real-name-error"
                  data-testid={`real-name-error-${m.field}`}
                >
                  {errors[m.field]}
                </Typography.Text>
              )}
            </div>
          ))}
          <Button type="primary" onClick={submit} loading={busy} data-testid="real-name-submit">
            提交人工核验
          </Button>
        </Card>
      )}
      <div className="kx-account-actions">
        <Button href="/account">返回我的账号</Button>
      </div>
    </div>
  );
}
