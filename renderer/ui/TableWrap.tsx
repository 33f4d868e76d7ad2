/**
 * A wide table's frame: it scrolls sideways inside itself on a narrow window, and is a
 * focusable, named region so a keyboard user can scroll it too (WCAG 2.1.1; axe's
 * `scrollable-region-focusable`). `label` names what it holds ("Operators"); the region is
 * announced as "<label>, scrolls sideways".
 */
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${label}, scrolls sideways`}>
      {children}
    </div>
  );
}
