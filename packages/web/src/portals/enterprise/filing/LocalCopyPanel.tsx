import { diffInfoSheets, type InfoSheetDraft } from '@kexiao/rules';
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { formatTime } from '../api';
import type { LocalCopy } from './localCopy';

interface LocalCopyPanelProps {
  copy: LocalCopy;
  /** The draft now on the server. */
  latest: InfoSheetDraft;
  /** Save the local copy over the latest version (null when the filing may not be edited). */
  onUse: (() => void) | null;
  onDiscard: () => void;
}

/**
 * Changes kept in this browser that the server does not hold (made on an older version, or before a stale save
 * was refused): what differs from the latest version, to keep or to drop.
 */
export function LocalCopyPanel({ copy, latest, onUse, onDiscard }: LocalCopyPanelProps) {
  const changes = useMemo(() => diffInfoSheets(latest, copy.draft), [latest, copy.draft]);
  return (
    <Alert
      type="info"
      showIcon
      className="kx-filing-local-copy"
      data-testid="filing-local-copy"
      title={`本机保留了一份未保存的修改（${formatTime(copy.savedAt)}，与当前内容有${changes.length}处不同）`}
      description={
        <>
          <Typography.Paragraph className="kx-filing-local-copy-note">
            “使用本机的修改”以本机的副本替换下表所列各项；也可以参照下表手工修改，再丢弃本机的副本。
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="path"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={changes}
            columns={[
              { title: '项目', dataIndex: 'label', key: 'label' },
              { title: '当前内容', dataIndex: 'before', key: 'before', render: (v: string | null) => v ?? '（空）' },
              { title: '本机的修改', dataIndex: 'after', key: 'after', render: (v: string | null) => v ?? '（空）' },
            ]}
          />
          <Space wrap className="kx-filing-local-copy-actions">
            {onUse && (
              <Button type="primary" onClick={onUse} data-testid="filing-local-copy-use">
                使用本机的修改
              </Button>
            )}
            <Button onClick={onDiscard} data-testid="filing-local-copy-discard">
              丢弃本机的修改
            </Button>
          </Space>
        </>
      }
    />
  );
}
