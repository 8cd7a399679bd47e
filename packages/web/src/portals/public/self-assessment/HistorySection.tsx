import type { History } from '@kexiao/rules';
import { Card, Checkbox, Form, Switch, Typography } from 'antd';
import { fieldId } from './formState';
import { fieldLabel } from './labels';
import type { SectionProps } from './sectionTypes';

const KEYS: readonly (keyof History)[] = ['firstTime', 'revokedWithin3Years', 'seriousViolationWithin3Years'];

const HISTORY_TRIGGERS = new Set(['firstTime', 'revokedOrViolationWithin3Years']);

export function HistorySection({ state, update, ruleSet }: SectionProps) {
  const usesHistory = ruleSet.onSiteTriggers.some((t) => HISTORY_TRIGGERS.has(t));
  const switchId = fieldId('history');
  return (
    <Card title="参评历史（选填）" size="small" className="kx-section">
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        {usesHistory
          ? '仅用于判断公示前是否须实地核查（首次参评、近3年曾被撤销编号或存在严重违法失信），不影响是否符合条件。正式填报时由平台根据记录自动判断。'
          : `${ruleSet.id}版规则没有依据参评历史的实地核查情形，此项不影响本次自测结果。`}
      </Typography.Paragraph>
      <Form.Item label="填写参评历史" htmlFor={switchId}>
        <Switch
          id={switchId}
          data-testid="input-history"
          checked={state.historyKnown}
          onChange={(checked) => update((s) => ({ ...s, historyKnown: checked }))}
          checkedChildren="填写"
          unCheckedChildren="不填"
        />
      </Form.Item>
      {state.historyKnown && (
        <fieldset className="kx-fieldset">
          <legend className="kx-legend">参评历史情况（有则勾选）</legend>
          <div className="kx-checkbox-list">
            {KEYS.map((key) => {
              const path = `history.${key}`;
              return (
                <div key={key} className="kx-checkbox-row">
                  <Checkbox
                    id={fieldId(path)}
                    data-testid={`input-${path}`}
                    checked={state.history[key]}
                    onChange={(e) => update((s) => ({ ...s, history: { ...s.history, [key]: e.target.checked } }))}
                  >
                    {key === 'firstTime' ? '首次参加评价（此前从未入库登记）' : fieldLabel(path)}
                  </Checkbox>
                </div>
              );
            })}
          </div>
        </fieldset>
      )}
    </Card>
  );
}
