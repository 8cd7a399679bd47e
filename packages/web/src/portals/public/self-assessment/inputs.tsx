import { Input } from 'antd';
import type { ControlProps } from './Field';

interface TextControlProps {
  control: ControlProps;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  disabled?: boolean;
}

/** Yuan as text (never a float): decimal keyboard on phones, ¥ prefix. */
export function MoneyInput({ control, value, onChange, placeholder = '如 12000000.00', disabled }: TextControlProps) {
  return (
    <Input
      {...control}
      inputMode="decimal"
      autoComplete="off"
      prefix="¥"
      suffix="元"
      placeholder={placeholder}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

interface CountInputProps extends TextControlProps {
  unit: string;
}

/** A whole number as text (the validator names anything that is not one). */
export function CountInput({ control, value, onChange, placeholder, unit, disabled }: CountInputProps) {
  return (
    <Input
      {...control}
      inputMode="numeric"
      autoComplete="off"
      suffix={unit}
      placeholder={placeholder}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
