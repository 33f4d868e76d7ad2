/** The risk bucket of a spend, shown wherever a spend is shown. */
import { Badge } from '../../ui/Badge';
import { RISK_MEANING, riskTone, type RiskBucket } from './format';

/** `Risk YELLOW` in its colour, its meaning as the tooltip; `Not assessed` for null. UNKNOWN has a dashed outline (it counts as RED). */
export function RiskBadge({ bucket }: { bucket: RiskBucket | null | undefined }) {
  if (!bucket) {
    return (
      <Badge tone="neutral" title="The engine has not assessed this spend yet">
        Not assessed
      </Badge>
    );
  }
  return (
    <Badge tone={riskTone(bucket)} className={bucket === 'UNKNOWN' ? 'badge-dashed' : undefined} title={`Risk ${bucket}: ${RISK_MEANING[bucket]}`}>
      Risk {bucket}
    </Badge>
  );
}
