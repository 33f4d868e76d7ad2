import type { GateResult } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { verdictTone } from './tones';

/** The gates' verdicts of a decision or an assessment, one row each; a blocking row is marked. */
export function GateTable({ gates, label }: { gates: readonly GateResult[]; label: string }) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Gate</th>
          <th scope="col">Verdict</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((g) => (
          <tr key={g.gate} className={g.verdict === 'block' ? 'row-block' : undefined}>
            <td>
              <code>{g.gate}</code>
            </td>
            <td>
              <Badge tone={verdictTone(g.verdict)}>{g.verdict}</Badge>
            </td>
            <td>{g.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
