/** An audit event's before → after values as the audit log and a receipt's history show them. */
import { auditSelectors } from './slice';

/** An event's before → after values, compactly (see `auditSelectors.describeChange`). */
export function ChangeCell({ before, after }: { before: unknown; after: unknown }) {
  const view = auditSelectors.describeChange(before, after);
  if (view.kind === 'none') return <span className="muted">no change</span>;
  if (view.kind === 'created' || view.kind === 'removed') {
    return (
      <p className="changes created">
        {view.kind}:{' '}
        {view.fields.map((f, i) => (
          <span key={f.field}>
            {i > 0 ? ' · ' : ''}
            {f.field} <b>{f.value}</b>
          </span>
        ))}
      </p>
    );
  }
  return (
    <ul className="changes">
      {view.changes.map((c) => (
        <li key={c.field}>
          <span className="field-name">{c.field}:</span> <span className="before">{c.before}</span>
          <span className="arrow" aria-hidden="true">
            {' '}→{' '}
          </span>
          <span className="visually-hidden"> becomes </span>
          <span className="after">{c.after}</span>
        </li>
      ))}
    </ul>
  );
}
