import { useId, useState, type DragEvent, type ReactNode } from 'react';

export interface FilePickerProps {
  /** The input's label (what the file is), e.g. "Sales file". */
  label: string;
  /** The picked file, shown by name and size. */
  file: File | null;
  onFile: (file: File | null) => void;
  /** The `accept` attribute, e.g. `.csv,.gz`. */
  accept?: string;
  hint?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
}

const sizeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** Bytes as `7.3 MB` / `812 KB` / `90 B` (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${sizeFormat.format(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${sizeFormat.format(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${sizeFormat.format(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

/**
 * A file field that also takes a file dropped on it: a labelled native file input (so the
 * keyboard and screen readers work as usual) inside a drop zone.
 */
export function FilePicker({ label, file, onFile, accept, hint, error, disabled = false }: FilePickerProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const dropped = e.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };

  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <div
        className={['dropzone', over ? 'dropzone-over' : '', file ? 'dropzone-filled' : ''].filter(Boolean).join(' ')}
        onDragOver={(e) => {
          e.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          id={id}
          type="file"
          accept={accept}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onFile(e.target.files?.[0] ?? null)}
        />
        <p className="dropzone-text">
          {file ? (
            <>
              <strong>{file.name}</strong> · {formatBytes(file.size)}
            </>
          ) : (
            'Choose a file, or drop one here'
          )}
        </p>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
