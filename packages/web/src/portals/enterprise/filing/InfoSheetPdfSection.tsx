import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, type FieldProblem } from '../../account/api';
import { downloadInfoSheet } from './api';
import { ProblemList } from './ProblemList';
import { saveFile } from '../../../shell/saveFile';

interface InfoSheetPdfSectionProps {
  filingId: number;
  /** Save what is unsaved first (the PDF is made from the saved draft); false when that failed. */
  flush: () => Promise<boolean>;
  onGoTo: (path: string) => void;
}

/** 下载信息表PDF: to print, sign, seal and scan back as the first page; an incomplete sheet lists what is missing. */
export function InfoSheetPdfSection({ filingId, flush, onGoTo }: InfoSheetPdfSectionProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: FieldProblem[] } | null>(null);

  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      if (!(await flush())) {
        setProblem({ message: '信息表的最新修改尚未保存，请稍后再试', fields: [] });
        return;
      }
      const { blob, fileName } = await downloadInfoSheet(filingId);
      saveFile(blob, fileName);
    } catch (e) {
      setProblem(
        e instanceof ApiError ? { message: e.message, fields: e.fields } : { message: '下载失败，请重试', fields: [] },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Typography.Paragraph className="kx-section-intro">
        信息表填写完整后，下载系统生成的《科技型中小企业信息表》PDF，打印后由法定代表人签字并加盖企业公章，将首页扫描或拍照后在“证明材料”中作为“信息表首页”上传。PDF页脚印有参评编号和草稿版本，便于核对；上传首页后如又修改了信息表，请重新下载、签字盖章并上传首页。
      </Typography.Paragraph>
      <Button icon={<FilePdfOutlined />} onClick={download} loading={busy} data-testid="filing-download-pdf">
        下载信息表PDF
      </Button>
      {problem && (
        <Alert
          type="warning"
          showIcon
          className="kx-filing-check"
          data-testid="filing-pdf-problems"
          title={problem.message}
          description={
            problem.fields.length > 0 ? <ProblemList problems={problem.fields} onGoTo={onGoTo} /> : undefined
          }
        />
      )}
    </div>
  );
}
