import { Radio } from 'antd';
import type { ControlProps } from '../../public/self-assessment/Field';
import type { YesNo as YesNoValue } from './sheetForm';

interface YesNoProps {
  control: ControlProps;
  value: YesNoValue;
  onChange: (value: boolean) => void;
}

/** A yes/no answer that starts unanswered (a declaration is never pre-filled). */
export function YesNo({ control, value, onChange }: YesNoProps) {
  return (
    <Radio.Group
      {...control}
      optionType="button"
      buttonStyle="solid"
      value={value === null ? undefined : value ? 'yes' : 'no'}
      onChange={(e) => onChange(e.target.value === 'yes')}
      options={[
        { value: 'yes', label: '是' },
        { value: 'no', label: '否' },
      ]}
    />
  );
}
