import { ClearOutlined, CopyOutlined, DownloadOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { saveFile } from '../../../shell/saveFile';

interface JsonActionsProps {
  /** The current AssessmentInput as the API and the CLI take it. */
  draft: Record<string, unknown>;
  valid: boolean;
  evaluationYear: number;
  onRestoreExample: () => void;
  onClear: () => void;
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('浏览器不允许复制');
}

/** Copy or download the input as JSON (for `npx kexiao assess` or POST /api/v1/assessments); reset the form. */
export function JsonActions({ draft, valid, evaluationYear, onRestoreExample, onClear }: JsonActionsProps) {
  const { message } = App.useApp();
  const json = `${JSON.stringify(draft, null, 2)}\n`;
  const invalidNote = valid ? '' : '（当前输入有误，接口会拒绝这份数据）';

  const copy = () => {
    copyText(json).then(
      () => message.success(`已复制 JSON${invalidNote}`),
      () => message.error('复制失败，请改用“下载 JSON”'),
    );
  };
  const download = () => {
    saveFile(new Blob([json], { type: 'application/json' }), `kexiao-assessment-${evaluationYear}.json`);
    if (!valid) message.warning(`已下载 JSON${invalidNote}`);
  };

  return (
    <Space wrap size={[8, 8]} className="kx-actions">
      <Button icon={<CopyOutlined aria-hidden="true" />} onClick={copy} data-testid="copy-json">
        复制为 JSON
      </Button>
      <Button icon={<DownloadOutlined aria-hidden="true" />} onClick={download} data-testid="download-json">
        下载 JSON
      </Button>
      <Button icon={<UndoOutlined aria-hidden="true" />} onClick={onRestoreExample} data-testid="restore-example">
        恢复示例
      </Button>
      <Button icon={<ClearOutlined aria-hidden="true" />} onClick={onClear} data-testid="clear-form">
        清空
      </Button>
    </Space>
  );
}
