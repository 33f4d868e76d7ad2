/**
 * A receipt's attachments: thumbnails (photos scaled down, a PDF's first page drawn by
 * pdf.js), a viewer dialog, and a drop zone to attach more photos or PDFs.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { Receipt } from '../../../shared/contract';
import { Dialog } from '../../ui/Dialog';
import { formatBytes } from '../../ui/FilePicker';
import { useAppStore } from '../../store/context';
import { ATTACHMENT_ACCEPT, base64Bytes, isImage, renderPdfFirstPage } from './attachments';
import type { Attachment } from './slice';

type Meta = Receipt['attachments'][number];

/** Loads one attachment's bytes through the store's cache. */
export function useAttachment(receiptId: string, sha256: string): { data: Attachment | null; error: string | null } {
  const load = useAppStore((s) => s.loadAttachment);
  const [state, setState] = useState<{ data: Attachment | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    void load(receiptId, sha256).then((r) => {
      if (live) setState(r.ok ? { data: r.value, error: null } : { data: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [load, receiptId, sha256]);
  return state;
}

/** A photo or a PDF's first page at `width` CSS pixels; a clear message when it cannot be drawn. */
function Preview({ receiptId, meta, width }: { receiptId: string; meta: Meta; width: number }) {
  const { data, error } = useAttachment(receiptId, meta.sha256);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<{ pages: number | null; error: string | null }>({ pages: null, error: null });
  const mediaType = data?.mediaType ?? meta.mediaType;
  useEffect(() => {
    if (!data || data.mediaType !== 'application/pdf' || !canvas.current) return;
    let live = true;
    renderPdfFirstPage(base64Bytes(data.dataBase64), canvas.current, width).then(
      (pages) => live && setPdf({ pages, error: null }),
      (e: unknown) => live && setPdf({ pages: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [data, width]);
  if (error) return <p className="attachment-problem">Could not load: {error}</p>;
  if (!data) return <div className="attachment-placeholder" style={{ width, height: Math.round(width * 0.75) }} aria-label="Loading the attachment" />;
  if (isImage(mediaType)) return <img src={`data:${mediaType};base64,${data.dataBase64}`} alt={meta.name} style={{ maxWidth: width }} className="attachment-image" />;
  if (mediaType === 'application/pdf') {
    return (
      <div className="attachment-pdf">
        <canvas ref={canvas} aria-label={`First page of ${meta.name}`} role="img" />
        {pdf.error ? <p className="attachment-problem">The PDF could not be drawn: {pdf.error}</p> : null}
        {pdf.pages !== null ? <span className="muted">page 1 of {pdf.pages}</span> : null}
      </div>
    );
  }
  return <p className="muted">No preview for this file type</p>;
}

/** Thumbnails of `receipt`'s attachments, a viewer, and (unless void) a drop zone to add more. */
export function AttachmentGallery({ receipt }: { receipt: Receipt }) {
  const [open, setOpen] = useState<Meta | null>(null);
  return (
    <div className="detail-section">
      <h3>Attachments</h3>
      {receipt.attachments.length ? (
        <ul className="attachment-grid" aria-label="Attachments">
          {receipt.attachments.map((a) => (
            <li key={a.sha256}>
              <button type="button" className="attachment-thumb" onClick={() => setOpen(a)} aria-label={`Open ${a.name}`}>
                <Preview receiptId={receipt.id} meta={a} width={120} />
              </button>
              <span className="attachment-name" title={a.name}>
                {a.name}
              </span>
              <span className="muted">{formatBytes(a.size)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None</p>
      )}
      {receipt.status !== 'void' ? <AttachDropZone receiptId={receipt.id} /> : null}
      {open ? (
        <Dialog open onClose={() => setOpen(null)} title={open.name} wide>
          <div className="attachment-viewer">
            <Preview receiptId={receipt.id} meta={open} width={640} />
          </div>
          <p className="muted">
            {open.mediaType} · {formatBytes(open.size)} · SHA-256 {open.sha256.slice(0, 16)}…
          </p>
        </Dialog>
      ) : null}
    </div>
  );
}

/** Pick or drop photos and PDFs; checked here, staged, then attached by `receipts.update`. */
function AttachDropZone({ receiptId }: { receiptId: string }) {
  const attach = useAppStore((s) => s.attachToReceipt);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const add = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    setError(await attach(receiptId, files));
    setBusy(false);
    if (input.current) input.current.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!busy) void add([...e.dataTransfer.files]);
  };
  return (
    <div
      className={over ? 'dropzone dropzone-over' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label className="field">
        Attach photos or PDFs
        <input ref={input} type="file" multiple accept={ATTACHMENT_ACCEPT} disabled={busy} onChange={(e) => void add([...(e.target.files ?? [])])} />
      </label>
      <p className="dropzone-text">{busy ? 'Attaching…' : 'JPEG, PNG, GIF, WebP, HEIC or PDF, up to 25 MiB each — or drop them here'}</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
