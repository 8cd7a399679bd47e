import { FilePdfOutlined, FileImageOutlined, FileOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import type { EvidenceView } from './api';

const icon = (mediaType: string) =>
  mediaType === 'application/pdf' ? (
    <FilePdfOutlined />
  ) : mediaType.startsWith('image/') ? (
    <FileImageOutlined />
  ) : (
    <FileOutlined />
  );

/** 证明材料: each opens inline in a new tab. */
export function EvidenceList({ evidence }: { evidence: readonly EvidenceView[] }) {
  return (
    <Card size="small" className="kx-section" title={`证明材料（${evidence.length}份）`} data-testid="review-evidence">
      {evidence.length === 0 ? (
        <Typography.Text type="secondary">未上传证明材料</Typography.Text>
      ) : (
        <ul className="kx-review-evidence">
          {evidence.map((e) => (
            <li key={e.id}>
              <span className="kx-review-evidence-kind">{e.kindLabel}</span>
              <a href={e.url} target="_blank" rel="noreferrer" data-testid={`review-evidence-${e.id}`}>
                {icon(e.mediaType)} {e.fileName}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
