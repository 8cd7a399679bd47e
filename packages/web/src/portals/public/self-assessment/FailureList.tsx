import { FAILURE_CODES, type Failure } from '@kexiao/rules';
import { Typography } from 'antd';

/** Every unmet condition, in the contract's order: the short label, then the engine's explanation. */
export function FailureList({ failures }: { failures: readonly Failure[] }) {
  if (failures.length === 0) return null;
  return (
    <section className="kx-finding kx-finding-fail">
      <Typography.Title level={5}>不符合的条件</Typography.Title>
      <ul data-testid="failures">
        {failures.map((failure) => (
          <li key={failure.code} data-code={failure.code}>
            <Typography.Text strong>{FAILURE_CODES[failure.code]}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{failure.message}</Typography.Text>
          </li>
        ))}
      </ul>
    </section>
  );
}
