import { useEffect, useState } from 'react';
import { Button } from './Button';
import { copyText } from './clipboard';

const SHOWN_MS = 2500;

export interface CopyButtonProps {
  text: string;
  /** Visible text, e.g. "Copy path". */
  label: string;
  /** Accessible name when the visible text is not enough in a list (must contain `label`). */
  name?: string;
}

/**
 * A small button that copies `text` (a path, a hash) and says so beside it in a polite
 * live region. When the clipboard refuses, the text is offered selected in a read-only
 * field instead, to copy with Ctrl+C.
 */
export function CopyButton({ text, label, name }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <span className="copy">
      <Button small variant="ghost" aria-label={name} onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}>
        {label}
      </Button>
      <span role="status" className="copy-status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'The clipboard refused: press Ctrl+C to copy the selected text' : ''}
      </span>
      {state === 'failed' ? <CopyFallback text={text} name={`${name ?? label}: the text to copy`} onDone={() => setState('idle')} /> : null}
    </span>
  );
}

/** The text selected in a read-only field (a text area when it has several lines, so they survive). */
function CopyFallback({ text, name, onDone }: { text: string; name: string; onDone: () => void }) {
  const common = { className: 'copy-fallback', readOnly: true, value: text, 'aria-label': name, autoFocus: true, onBlur: onDone };
  return text.includes('\n') ? (
    <textarea {...common} rows={text.split('\n').length} onFocus={(e) => e.currentTarget.select()} />
  ) : (
    <input {...common} onFocus={(e) => e.currentTarget.select()} />
  );
}
