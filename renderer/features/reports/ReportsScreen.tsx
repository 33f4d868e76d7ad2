/**
 * The Reports route: export an audit report bundle for a range of household days (with a
 * live preview, progress, and the result to copy), the bundles exported so far, and the
 * verification of a bundle, as two views of one screen.
 */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/context';
import { ExportView } from './ExportView';
import type { ReportsTab } from './slice';
import { VerifyView } from './VerifyView';

const TABS: { id: ReportsTab; label: string }[] = [
  { id: 'export', label: 'Export' },
  { id: 'verify', label: 'Verify a bundle' },
];

/** The reports screen. */
export function ReportsScreen() {
  const { tab, setTab } = useAppStore(useShallow((s) => ({ tab: s.reportsTab, setTab: s.setReportsTab })));
  return (
    <>
      <div className="page-header">
        <h1>Reports</h1>
        <p>Audit report bundles: a signed zip of the summary PDF, decisions, audit events and attachments for a range of days.</p>
        <div className="segmented receipts-tabs" role="group" aria-label="Reports views">
          {TABS.map((t) => (
            <button key={t.id} type="button" className={t.id === tab ? 'segment segment-on' : 'segment'} aria-pressed={t.id === tab} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {tab === 'export' ? <ExportView /> : <VerifyView />}
    </>
  );
}
