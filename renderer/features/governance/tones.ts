/** Badge colours for governance levels: health, band, decision status, alert severity. */
import type { Band } from '../../../shared/domain/bands';
import type { Tone } from '../../ui/Badge';

/** green → ok, yellow → warn, red → bad. */
export function healthTone(level: string | null | undefined): Tone {
  return level === 'green' ? 'ok' : level === 'yellow' ? 'warn' : level === 'red' ? 'bad' : 'neutral';
}

/** A expand → green, B steady → blue, C conserve → yellow, D freeze → red. */
export function bandTone(band: Band | null | undefined): Tone {
  return band === 'A' ? 'ok' : band === 'B' ? 'info' : band === 'C' ? 'warn' : band === 'D' ? 'bad' : 'neutral';
}

/** OK green; PENDING_APPROVAL and INVALID yellow; BLOCKED and ERROR red. */
export function statusTone(status: string): Tone {
  switch (status) {
    case 'OK':
      return 'ok';
    case 'PENDING_APPROVAL':
    case 'INVALID':
      return 'warn';
    case 'BLOCKED':
    case 'ERROR':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** pass green, warn yellow, block red. */
export function verdictTone(verdict: string): Tone {
  return verdict === 'pass' ? 'ok' : verdict === 'warn' ? 'warn' : verdict === 'block' ? 'bad' : 'neutral';
}

/** info blue, warning yellow, critical red. */
export function severityTone(severity: string): Tone {
  return severity === 'critical' ? 'bad' : severity === 'warning' ? 'warn' : 'info';
}
