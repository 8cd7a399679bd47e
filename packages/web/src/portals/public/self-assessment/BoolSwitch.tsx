import { Switch } from 'antd';
import type { ControlProps } from './Field';

interface BoolSwitchProps {
  control: ControlProps;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/** A yes/no fact. */
export function BoolSwitch({ control, checked, onChange, disabled }: BoolSwitchProps) {
  return (
    <Switch
      {...control}
      checked={checked}
      onChange={onChange}
      disabled={disabled}
      checkedChildren="是"
      unCheckedChildren="否"
    />
  );
}
