/** Two decisions compared field by field (`decisions.diff`), differences highlighted. */
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../ui/Badge';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage, Loading } from '../../ui/States';
import { formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { statusTone } from '../governance/tones';
import { diffValue } from './format';

/** The diff dialog; open while a diff is loading or loaded. */
export function DiffDialog() {
  const { diff, close, timeZone } = useAppStore(useShallow((s) => ({ diff: s.diff, close: s.closeDiff, timeZone: governanceSelectors.timeZone(s) })));
  if (diff.status === 'idle') return null;
  const data = diff.data;
  const differing = data?.fields.filter((f) => !f.same).length ?? 0;
  return (
    <Dialog open onClose={close} title="Compare decisions" wide>
      {diff.status === 'loading' ? <Loading /> : null}
      {diff.status === 'error' ? <ErrorMessage title="The decisions could not be compared">{diff.error}</ErrorMessage> : null}
      {data ? (
        <>
          <p>
            {differing === 0 ? 'The two decisions agree on every compared field.' : `${differing} of ${data.fields.length} fields differ (highlighted).`}
          </p>
          <div className="table-wrap">
            <table className="table" aria-label="Decision differences">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">
                    A: {data.a.action} <Badge tone={statusTone(data.a.status)}>{data.a.status}</Badge>
                    <div className="muted">{formatInstant(data.a.at, timeZone)}</div>
                  </th>
                  <th scope="col">
                    B: {data.b.action} <Badge tone={statusTone(data.b.status)}>{data.b.status}</Badge>
                    <div className="muted">{formatInstant(data.b.at, timeZone)}</div>
                  </th>
                  <th scope="col">Same?</th>
                </tr>
              </thead>
              <tbody>
                {data.fields.map((f) => (
                  <tr key={f.field} className={f.same ? undefined : 'differs'}>
                    <th scope="row">
                      <code>{f.field}</code>
                    </th>
                    <td className="mono">{diffValue(f.a)}</td>
                    <td className="mono">{diffValue(f.b)}</td>
                    <td>{f.same ? 'same' : <Badge tone="warn">differs</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Dialog>
  );
}
