import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../account/api';
import type { RegistrationView } from '../../public/registry/api';
import { downloadRegistrationProof, fetchRegistration } from './api';
import { saveFile } from '../../../shell/saveFile';

/** 已入库: the registration number, its public page and the 入库登记证明 (PDF) to download. */
export function RegistrationProofCard({ filingId }: { filingId: number }) {
  const [registration, setRegistration] = useState<RegistrationView | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    fetchRegistration(filingId).then(
      (r) => live && setRegistration(r),
      (e: unknown) => live && setProblem(e instanceof ApiError ? e.message : '入库登记编号加载失败'),
    );
    return () => {
      live = false;
    };
  }, [filingId]);

  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { blob, fileName } = await downloadRegistrationProof(filingId);
      saveFile(blob, fileName);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '下载失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Alert
      type="success"
      showIcon
      className="kx-registration-proof"
      data-testid="filing-registration"
      title={
        registration === null
          ? '已公告入库'
          : `已公告入库，入库登记编号：${registration.registrationNo}（${registration.statusLabel}）`
      }
      description={
        <div>
          {registration !== null && (
            <Typography.Paragraph>
              {registration.provinceName}
              {registration.announcement.title}（{registration.announcement.announcedOn}）。公开查询：
              <a href={`/registry/${encodeURIComponent(registration.registrationNo)}`}>{registration.url}</a>
            </Typography.Paragraph>
          )}
          <Button
            icon={<FilePdfOutlined />}
            onClick={() => void download()}
            loading={busy}
            data-testid="filing-download-proof"
          >
            下载入库登记证明
          </Button>
          {problem && <Typography.Paragraph type="danger">{problem}</Typography.Paragraph>}
        </div>
      }
    />
  );
}
