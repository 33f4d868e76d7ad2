/** The ops board's automations panel: kinds acting alone (auto), tripped wires with what they did, recommendations waiting, and a link to the Automations screen. */
import { useShallow } from 'zustand/react/shallow';
import { mayQuery } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { Counts } from '../../ui/Counts';
import { useAppStore } from '../../store/context';
import type { OpsSummary } from '../governance/slice';
import { governanceSelectors } from '../governance/slice';
import { automationsSelectors } from './slice';

export function AutomationsPanel({ automations }: { automations: OpsSummary['automations'] }) {
  const { navigate, role } = useAppStore(useShallow((s) => ({ navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  const mayOpen = !role || mayQuery(role, 'recommendations.list');
  return (
    <Card
      title="Automations"
      actions={
        mayOpen ? (
          <button type="button" className="link" onClick={() => navigate('automations')}>
            Open automations
          </button>
        ) : null
      }
    >
      <Counts
        label="Automations"
        className="counts-plain"
        items={[
          { label: 'To review', value: automations.openRecommendations, tone: automations.openRecommendations > 0 ? 'warn' : null },
          { label: 'Acting alone', value: automations.auto.length },
          { label: 'Tripped wires', value: automations.tripped.length, tone: automations.tripped.length > 0 ? 'bad' : null },
        ]}
      />
      <ul className="plain-list board-list" aria-label="Automation kinds in auto">
        {automations.auto.length === 0 ? <li className="muted">No kind acts alone: every proposal waits for you.</li> : null}
        {automations.auto.map((kind) => (
          <li key={kind}>
            <span>{automationsSelectors.kindLabel(kind)}</span>
            <Badge tone="ok">Auto</Badge>
          </li>
        ))}
      </ul>
      {automations.tripped.length > 0 ? (
        <ul className="plain-list board-list" aria-label="Tripped wires">
          {automations.tripped.map((p) => (
            <li key={`${p.domain}/${p.metric}`}>
              <span>
                <Badge tone="bad">Tripped</Badge> {p.domain}/{p.metric}
                {p.last?.dropPct !== null && p.last?.dropPct !== undefined ? ` fell ${p.last.dropPct} %` : ''}
              </span>
              <span className="muted">{p.last?.actionTaken}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
