/** Governance badges for the top bar: health (with its reasons), band, go-live. */
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BAND_NAMES } from '../../../shared/domain/bands';
import { Badge } from '../../ui/Badge';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from './slice';
import { bandTone, healthTone } from './tones';

/** Health level; hover shows the reasons as a tooltip, click opens them in a panel. */
export function HealthBadge() {
  const { level, reasons } = useAppStore(useShallow((s) => ({ level: governanceSelectors.healthLevel(s), reasons: governanceSelectors.healthReasons(s) })));
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const anchor = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (anchor.current && !anchor.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!level) return null;
  const summary = reasons.length ? reasons.map((r) => `${r.level}: ${r.message}`).join('\n') : 'No problems found';
  return (
    <div className="popover-anchor" ref={anchor}>
      <button
        type="button"
        className="badge-button btn-ghost btn btn-small"
        aria-expanded={open}
        aria-controls={panelId}
        title={summary}
        onClick={() => setOpen((o) => !o)}
      >
        <Badge tone={healthTone(level)}>
          <span className="dot" aria-hidden="true" />
          Health: {level}
        </Badge>
      </button>
      {open ? (
        <div className="popover" id={panelId} role="region" aria-label="Health reasons">
          <h3>Health is {level}</h3>
          {reasons.length === 0 ? (
            <p className="muted">No problems found.</p>
          ) : (
            <ul className="health-panel">
              {reasons.map((r) => (
                <li key={r.code}>
                  <Badge tone={healthTone(r.level)}>{r.level}</Badge>
                  <span>{r.message}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** The current band, e.g. `Band B · steady`. */
export function BandBadge() {
  const band = useAppStore(governanceSelectors.band);
  if (!band) return null;
  return (
    <Badge tone={bandTone(band)} title={`Cone band ${band}: ${BAND_NAMES[band]}`}>
      Band {band} · {BAND_NAMES[band]}
    </Badge>
  );
}

/** Whether state-changing execution is on. */
export function GoLiveBadge() {
  const enabled = useAppStore(governanceSelectors.goLiveEnabled);
  if (enabled === null) return null;
  return <Badge tone={enabled ? 'ok' : 'warn'}>Execution {enabled ? 'on' : 'off'}</Badge>;
}
