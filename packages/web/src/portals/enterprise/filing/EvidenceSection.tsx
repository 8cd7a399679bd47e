import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../account/api';
import { formatTime } from '../api';
import { type EvidenceView, type FilingView, removeEvidence, uploadEvidence } from './api';

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const ALLOWED = /\.(pdf|jpe?g|png)$/i;

function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface EvidenceSectionProps {
  view: Pick<FilingView, 'id' | 'evidence' | 'requiredEvidence' | 'evidenceKinds'>;
  editable: boolean;
  csrfToken: string;
  /** After an upload or a deletion (the page reloads the evidence and what submission still needs). */
  onChanged: () => void;
}

/** 证明材料: per kind, the files uploaded (view, delete) and an upload button; required kinds marked. */
export function EvidenceSection({ view, editable, csrfToken, onChanged }: EvidenceSectionProps) {
  const required = new Map(view.requiredEvidence.map((r) => [r.kind, r.present]));
  return (
    <div>
      <Typography.Paragraph className="kx-section-intro" data-testid="evidence-rules">
        支持 <strong>PDF、JPG、PNG</strong> 格式，单个文件不超过 <strong>10MB</strong>
        （按文件内容识别格式），每份信息表最多60个文件；提交后不能修改。标有“必需”的材料须在提交前上传。
      </Typography.Paragraph>
      <ul className="kx-filing-evidence-list">
        {view.evidenceKinds.map(({ kind, label }) => (
          <EvidenceKindRow
            key={kind}
            filingId={view.id}
            kind={kind}
            label={label}
            required={required.has(kind)}
            files={view.evidence.filter((e) => e.kind === kind)}
            editable={editable}
            csrfToken={csrfToken}
            onChanged={onChanged}
          />
        ))}
      </ul>
    </div>
  );
}

interface KindRowProps {
  filingId: number;
  kind: string;
  label: string;
  required: boolean;
  files: EvidenceView[];
  editable: boolean;
  csrfToken: string;
  onChanged: () => void;
}

function EvidenceKindRow({ filingId, kind, label, required, files, editable, csrfToken, onChanged }: KindRowProps) {
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const check = (file: File): string | null => {
    if (!ALLOWED.test(file.name) && !['application/pdf', 'image/jpeg', 'image/png'].includes(file.type)) {
      return `“${file.name}”不是 PDF、JPG 或 PNG 文件`;
    }
    if (file.size > EVIDENCE_MAX_BYTES) return `“${file.name}”超过10MB（${sizeText(file.size)}），请压缩后再上传`;
    if (file.size === 0) return `“${file.name}”是空文件`;
    return null;
  };

  const upload = async (file: File) => {
    setUploading((n) => n + 1);
    setError(null);
    try {
      await uploadEvidence(filingId, kind, file, csrfToken);
      message.success(`已上传：${file.name}`);
      onChanged();
    } catch (e) {
      const text = e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : '上传失败，请重试';
      setError(text);
    } finally {
      setUploading((n) => n - 1);
    }
  };

  const remove = async (evidence: EvidenceView) => {
    try {
      await removeEvidence(filingId, evidence.id, csrfToken);
      message.success(`已删除：${evidence.fileName}`);
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '删除失败，请重试');
    }
  };

  const present = files.length > 0;
  return (
    <li className="kx-filing-evidence" data-testid={`evidence-${kind}`} data-present={present}>
      <div className="kx-filing-evidence-head">
        <span className="kx-filing-evidence-label">
          {label}
          {required && (
            <Tag color={present ? 'green' : 'red'} className="kx-inline-tag" data-testid={`evidence-required-${kind}`}>
              {present ? '必需 · 已上传' : '必需'}
            </Tag>
          )}
        </span>
        {editable && (
          <span data-testid={`evidence-upload-${kind}`}>
            <Upload
              accept={ACCEPT}
              multiple
              showUploadList={false}
              beforeUpload={(file) => {
                const problem = check(file);
                if (problem) {
                  setError(problem);
                  return Upload.LIST_IGNORE;
                }
                return true;
              }}
              customRequest={({ file, onSuccess, onError }) => {
                upload(file as File).then(
                  () => onSuccess?.(null),
                  (e: unknown) => onError?.(e as Error),
                );
              }}
            >
              <Button size="small" icon={<UploadOutlined />} loading={uploading > 0}>
                上传
              </Button>
            </Upload>
          </span>
        )}
      </div>
      {error && (
        <Typography.Text type="danger" className="kx-filing-cell-error" data-testid={`evidence-error-${kind}`}>
          {error}
        </Typography.Text>
      )}
      {files.length > 0 && (
        <ul className="kx-filing-files">
          {files.map((f) => (
            <li key={f.id} data-testid={`evidence-file-${f.id}`}>
              <PaperClipOutlined aria-hidden="true" />
              <a href={f.url} target="_blank" rel="noreferrer" className="kx-filing-file-name">
                {f.fileName}
              </a>
              <Typography.Text type="secondary" className="kx-filing-file-meta">
                {sizeText(f.byteSize)} · {formatTime(f.uploadedAt)}
              </Typography.Text>
              {editable && (
                <Popconfirm
                  title="删除这个文件？"
                  okText="删除"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(f)}
                >
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除 ${f.fileName}`}
                    data-testid={`evidence-delete-${f.id}`}
                  />
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
