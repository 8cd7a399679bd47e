import type { IndicatorDetail, RdBasis } from '@kexiao/rules';
import { Tag, Typography } from 'antd';

const BASIS_NAME: Record<RdBasis, string> = {
  salesRevenue: '研发费用占销售收入比例',
  costExpense: '研发费用占成本费用支出总额比例',
};

/** The band the indicator reached ("≥25%（16分）"), or the text for none. */
function reachedText(detail: IndicatorDetail): string {
  const band = detail.bands.find((b) => b.reached && b.points === detail.points);
  if (band) return `已达到 ${band.threshold}，得${band.points}分`;
  if (detail.key === 'rdInput' && detail.basis === null) return '销售收入和成本费用支出总额均为0，得0分';
  const lowest = detail.bands[detail.bands.length - 1];
  return lowest ? `未达到最低档（${lowest.threshold}），得0分` : '得0分';
}

function BandChips({ detail }: { detail: IndicatorDetail }) {
  return (
    <div className="kx-bands">
      {[...detail.bands].reverse().map((band) => {
        const current = band.reached && band.points === detail.points;
        return (
          <Tag
            key={band.threshold}
            color={current ? 'blue' : band.reached ? 'geekblue' : undefined}
            variant={current ? 'solid' : 'outlined'}
            className={band.reached ? 'kx-band kx-band-reached' : 'kx-band'}
          >
            {band.threshold} {band.points}分
          </Tag>
        );
      })}
    </div>
  );
}

function RdBasisNote({ detail, chosen }: { detail: IndicatorDetail; chosen: boolean }) {
  if (detail.basis === null || detail.basis === undefined) return null;
  const other = detail.alternatives?.find((d) => d.basis !== detail.basis);
  return (
    <div className="kx-indicator-note">
      <div data-testid="rd-basis" data-basis={detail.basis}>
        采用口径：{BASIS_NAME[detail.basis]}
        {chosen ? '（按所选口径）' : '（自动选用得分较高的口径）'}
      </div>
      {other?.basis && (
        <div data-testid="rd-alternative">
          另一口径：{BASIS_NAME[other.basis]} {other.ratioText ?? '—'}，得{other.points}分
        </div>
      )}
      {!other && <div data-testid="rd-alternative">另一口径的分母为0，不能采用</div>}
    </div>
  );
}

interface IndicatorBreakdownProps {
  indicators: readonly IndicatorDetail[];
  /** True when the enterprise chose the R&D basis (rdBasis given). */
  basisChosen: boolean;
}

/** Each indicator's points, the band it reached, every band, and what the next band takes. */
export function IndicatorBreakdown({ indicators, basisChosen }: IndicatorBreakdownProps) {
  return (
    <div className="kx-indicators">
      {indicators.map((detail) => (
        <section key={detail.key} className="kx-indicator" data-testid={`indicator-${detail.key}`}>
          <div className="kx-indicator-head">
            <Typography.Text strong>{detail.label}</Typography.Text>
            <span className="kx-indicator-points">
              <span data-testid={`points-${detail.key}`}>{detail.points}</span> / {detail.max}分
            </span>
          </div>
          {detail.ratioText && (
            <div className="kx-indicator-ratio" data-testid={`ratio-${detail.key}`}>
              {detail.key === 'ipResults' ? '拥有' : '比例'}：{detail.ratioText}
            </div>
          )}
          <div className="kx-indicator-band" data-testid={`band-${detail.key}`}>
            {reachedText(detail)}
          </div>
          <BandChips detail={detail} />
          {detail.next ? (
            <div className="kx-indicator-next" data-testid={`next-${detail.key}`}>
              下一档 {detail.next.threshold}（{detail.next.points}分）：{detail.next.need}
            </div>
          ) : (
            detail.points === detail.max && (
              <div className="kx-indicator-next" data-testid={`next-${detail.key}`}>
                已是最高档
              </div>
            )
          )}
          {detail.key === 'rdInput' && <RdBasisNote detail={detail} chosen={basisChosen} />}
        </section>
      ))}
    </div>
  );
}
