import { useEffect, useId, useRef, type ReactNode } from 'react';
import { FieldErrorScope } from './Field';

const FIRST_FIELD = '.dialog-body :is(input, select, textarea, button):not([disabled])';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider layout for tables. */
  wide?: boolean;
}

/**
 * A modal dialog on the native `<dialog>` element: focus moves to the first field and is trapped,
 * the page behind is inert, Escape closes (through `onClose`, so the parent owns
 * `open`), and focus returns to where it was. The errors its fields show are summarised at
 * the top of its body (FieldErrorScope).
 */
export function Dialog({ open, title, onClose, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    // showModal focuses the first focusable element, which is the header's close button;
    // the first field of the body is where the user wants to type.
    dialog.querySelector<HTMLElement>(FIRST_FIELD)?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      else dialog.removeAttribute('open');
      opener?.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="dialog-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">
        <FieldErrorScope>{children}</FieldErrorScope>
      </div>
    </dialog>
  );
}
