/**
 * Capture on the Receipts screen: drop or pick scans, photos and PDFs (several at once);
 * each file shows its progress and becomes a receipt awaiting review; the review shows the
 * page as read with the boxes the vendor, date, total and currency were read from, beside
 * the proposed fields, for the operator to confirm or correct from the keyboard (Enter
 * confirms and opens the next one).
 */
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Box, CaptureField, Receipt, ReceiptCapture } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { formatBytes } from '../../ui/FilePicker';
import { MoneyField, TextField } from '../../ui/Field';
import { KeyHints } from '../../ui/KeyHints';
import { ProgressBar } from '../../ui/ProgressBar';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { formatDay, minorToInput, parseRequiredMoney } from '../inventory/format';
import { money } from '../spending/format';
import { base64Bytes, isImage, renderPdfFirstPage } from './attachments';
import { useAttachment } from './Attachments';
import type { CaptureItem, CaptureItemState } from './captureSlice';

/** What capture reads: the `accept` of its picker. */
export const CAPTURE_ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,.pdf,image/jpeg,image/png,image/webp,image/gif,application/pdf';

const STATE_LABELS: Record<CaptureItemState, string> = {
  waiting: 'Waiting',
  uploading: 'Copying',
  reading: 'Reading…',
  captured: 'Captured',
  already: 'Captured before',
  failed: 'Not captured',
  cancelled: 'Cancelled',
};
const STATE_TONES: Record<CaptureItemState, 'ok' | 'warn' | 'bad' | 'neutral'> = {
  waiting: 'neutral',
  uploading: 'neutral',
  reading: 'neutral',
  captured: 'ok',
  already: 'neutral',
  failed: 'bad',
  cancelled: 'warn',
};

const FIELD_LABELS: Record<CaptureField, string> = { vendor: 'Vendor', date: 'Date', totalMinor: 'Total', currency: 'Currency' };

/** The capture tab: the drop zone and batch, then the review. */
export function CaptureView() {
  const store = useAppStoreApi();
  useEffect(() => {
    const s = store.getState();
    if (s.reviewQueue.status === 'idle') void s.loadReviewQueue();
    if (s.captureStats.status === 'idle') void s.loadCaptureStats();
    if (s.reviewId === null) void s.openReview(null);
  }, [store]);
  return (
    <>
      <CaptureDrop />
      <CaptureReview />
    </>
  );
}

function CaptureDrop() {
  const id = useId();
  const { batch, captureFiles, cancel, clear } = useAppStore(
    useShallow((s) => ({ batch: s.captureBatch, captureFiles: s.captureFiles, cancel: s.cancelCapture, clear: s.clearCaptureBatch })),
  );
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const take = (list: FileList | null) => {
    if (list?.length) void captureFiles([...list]);
    if (input.current) input.current.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };
  const finished = batch.items.filter((i) => !['waiting', 'uploading', 'reading'].includes(i.state)).length;
  const running = batch.status === 'running';
  return (
    <Card
      title="Capture receipts"
      actions={
        running ? (
          <Button small variant="danger" onClick={cancel} disabled={batch.cancelRequested}>
            {batch.cancelRequested ? 'Stopping…' : 'Cancel'}
          </Button>
        ) : batch.items.length ? (
          <Button small variant="ghost" onClick={clear}>
            Clear list
          </Button>
        ) : null
      }
    >
      <div
        className={['dropzone', 'capture-drop', over ? 'dropzone-over' : ''].filter(Boolean).join(' ')}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={id}>Receipt scans, photos or PDFs</label>
        <input id={id} ref={input} type="file" multiple accept={CAPTURE_ACCEPT} onChange={(e) => take(e.target.files)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="dropzone-text">
          Drop files here or choose them: each is read on this computer (nothing leaves it), its vendor, date and total proposed, and it waits below for you to confirm.
        </p>
      </div>
      {batch.items.length ? (
        <>
          <ProgressBar value={batch.items.length ? finished / batch.items.length : null} label="Capture progress" />
          <p className="muted" role="status">
            {running ? `Reading ${finished} of ${batch.items.length} files done…` : `${batch.items.filter((i) => i.state === 'captured').length} of ${batch.items.length} files captured.`}
          </p>
          <ul className="capture-list" aria-label="Files being captured">
            {batch.items.map((item) => (
              <CaptureRow key={item.key} item={item} />
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}

function CaptureRow({ item }: { item: CaptureItem }) {
  const openReview = useAppStore((s) => s.openReview);
  const p = item.proposal;
  return (
    <li className="capture-row" aria-label={`${item.name}: ${STATE_LABELS[item.state]}`}>
      <span className="capture-name" title={item.name}>
        {item.name}
      </span>
      <span className="muted">{formatBytes(item.size)}</span>
      <Badge tone={STATE_TONES[item.state]}>{STATE_LABELS[item.state]}</Badge>
      {p ? (
        <span>
          {p.vendor ?? 'vendor not read'} · {p.date ? formatDay(p.date) : 'date not read'} · {p.totalMinor === null ? 'total not read' : money(p.totalMinor, p.currency)}
          {p.duplicateOf ? <Badge tone="warn">likely duplicate</Badge> : null}
        </span>
      ) : null}
      {item.message ? <span className="capture-problem">{item.message}</span> : null}
      {item.receiptId && item.state === 'captured' ? (
        <Button small variant="ghost" onClick={() => void openReview(item.receiptId)}>
          Review
        </Button>
      ) : null}
    </li>
  );
}

function CaptureReview() {
  const { queue, review, stats } = useAppStore(useShallow((s) => ({ queue: s.reviewQueue, review: s.reviewReceipt, stats: s.captureStats })));
  const waiting = queue.data?.length ?? 0;
  let body;
  if (review.status === 'error') body = <ErrorMessage title="The receipt could not be loaded">{review.error}</ErrorMessage>;
  else if (review.data?.capture) body = <ReviewForm key={review.data.id} receipt={review.data} capture={review.data.capture} />;
  else if (queue.status === 'ready' && waiting === 0) body = <EmptyState title="Nothing to review">{<p>Captured receipts wait here until you confirm their fields.</p>}</EmptyState>;
  else body = <Loading label="Loading the receipt…" />;
  return (
    <Card title={`Review captured receipts (${waiting} waiting)`}>
      {stats.data && stats.data.confirmed > 0 ? (
        <p className="muted" aria-label="Capture accuracy so far">
          Read right so far, over {stats.data.confirmed} confirmed:{' '}
          {stats.data.fields.map((f) => `${FIELD_LABELS[f.field].toLowerCase()} ${f.accepted} of ${f.accepted + f.corrected + f.added}`).join(' · ')}
        </p>
      ) : null}
      {body}
    </Card>
  );
}

/** Percent text of a 0–1 confidence. */
const percent = (c: number) => `${Math.round(c * 100)} %`;

function ReviewForm({ receipt, capture }: { receipt: Receipt; capture: ReceiptCapture }) {
  const nextReview = useAppStore((s) => s.nextReview);
  const [vendor, setVendor] = useState(receipt.vendor ?? '');
  const [date, setDate] = useState(receipt.date ?? '');
  const [currency, setCurrency] = useState(receipt.currency);
  const [total, setTotal] = useState(minorToInput(receipt.totalMinor, receipt.currency));
  const [totalError, setTotalError] = useState<string | undefined>();
  const [focused, setFocused] = useState<CaptureField>('vendor');
  const container = useRef<HTMLDivElement>(null);
  const form = useActionForm('receipts.confirmCapture', () => void nextReview());
  const confirmed = capture.status === 'confirmed';
  useEffect(() => {
    container.current?.querySelector<HTMLInputElement>('form input')?.focus();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseRequiredMoney(total, currency);
    setTotalError(amount.error ?? undefined);
    void form.submit({ id: receipt.id, vendor: vendor.trim(), date, totalMinor: amount.minor as number, currency: currency.trim().toUpperCase() }, amount.error ? { totalMinor: amount.error } : {});
  };
  const hint = (field: CaptureField) => {
    const p = capture.proposed[field];
    if (!p) return 'not read: type it';
    return `read ${p.box ? `from “${p.source}”` : `(${p.source})`} · ${percent(p.confidence)} sure`;
  };
  const low = (field: CaptureField) => (capture.proposed[field]?.confidence ?? 0) < 0.6;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey && (e.key === 'n' || e.key === 'N')) {
      e.preventDefault();
      void nextReview();
    }
  };
  return (
    <div className="capture-review" onKeyDown={onKeyDown} ref={container}>
      <CapturePage receipt={receipt} capture={capture} focused={focused} />
      <form className="form capture-fields" onSubmit={submit} noValidate aria-label={`Confirm the fields of ${capture.fileName}`}>
        <p>
          <strong>{capture.fileName}</strong>{' '}
          <span className="muted">
            read in {(capture.readMs / 1000).toFixed(1)} s{capture.pages[0]?.source === 'pdf-text' ? ' from its text layer' : ' by OCR'}
            {capture.pages[0]?.rotation ? `, turned ${capture.pages[0].rotation}°` : ''}
          </span>
        </p>
        <TextField
          label="Vendor"
          value={vendor}
          onChange={(e) => setVendor(e.target.value)}
          onFocus={() => setFocused('vendor')}
          hint={hint('vendor')}
          error={form.fieldErrors.vendor}
          autoComplete="off"
          className={low('vendor') ? 'capture-low' : undefined}
        />
        <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} onFocus={() => setFocused('date')} hint={hint('date')} error={form.fieldErrors.date} className={low('date') ? 'capture-low' : undefined} />
        <MoneyField
          label="Total"
          currency={currency}
          value={total}
          onChange={(e) => setTotal(e.target.value)}
          onFocus={() => setFocused('totalMinor')}
          hint={hint('totalMinor')}
          error={totalError ?? form.fieldErrors.totalMinor}
          className={low('totalMinor') ? 'capture-low' : undefined}
        />
        <TextField
          label="Currency"
          value={currency}
          maxLength={3}
          onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          onFocus={() => setFocused('currency')}
          hint={hint('currency')}
          error={form.fieldErrors.currency}
          autoComplete="off"
        />
        <div className="row">
          <Button type="submit" variant="primary" busy={form.busy} disabled={confirmed}>
            Confirm
          </Button>
          <Button variant="ghost" onClick={() => void nextReview()}>
            Next without confirming
          </Button>
        </div>
        <KeyHints
          hints={[
            { keys: ['Tab'], label: 'next field' },
            { keys: ['Enter'], label: 'confirm and open the next' },
            { keys: ['Alt', 'N'], label: 'next without confirming' },
          ]}
        />
        <FailureNotice failure={form.failure} shownFields={Object.keys(form.fieldErrors)} />
        {receipt.ocrText ? (
          <details className="capture-text">
            <summary>Text read from the file</summary>
            <pre>{receipt.ocrText}</pre>
          </details>
        ) : null}
      </form>
    </div>
  );
}

/** The page as read, with the proposed fields' boxes over it (the focused field's stands out). */
function CapturePage({ receipt, capture, focused }: { receipt: Receipt; capture: ReceiptCapture; focused: CaptureField }) {
  const page = capture.pages[0];
  const sha256 = page?.image?.sha256 ?? capture.fileSha256;
  const { data, error } = useAttachment(receipt.id, sha256);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  useEffect(() => {
    if (!data || data.mediaType !== 'application/pdf' || !canvas.current) return;
    let live = true;
    renderPdfFirstPage(base64Bytes(data.dataBase64), canvas.current, 420).catch((e: unknown) => live && setPdfError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [data]);
  if (error) return <p className="attachment-problem">Could not load the page: {error}</p>;
  if (!data || !page) return <div className="capture-page attachment-placeholder" aria-label="Loading the page" />;
  const boxes = (Object.keys(FIELD_LABELS) as CaptureField[]).flatMap((field) => {
    const p = capture.proposed[field];
    return p?.box && p.page === 1 ? [{ field, box: p.box }] : [];
  });
  const style = (b: Box) => ({
    left: `${(b.x0 / page.width) * 100}%`,
    top: `${(b.y0 / page.height) * 100}%`,
    width: `${((b.x1 - b.x0) / page.width) * 100}%`,
    height: `${((b.y1 - b.y0) / page.height) * 100}%`,
  });
  return (
    <figure className="capture-page">
      <div className="capture-figure">
        {isImage(data.mediaType) ? (
          <img src={`data:${data.mediaType};base64,${data.dataBase64}`} alt={`${capture.fileName}, page 1 as read`} />
        ) : (
          <canvas ref={canvas} role="img" aria-label={`${capture.fileName}, page 1`} />
        )}
        {boxes.map(({ field, box }) => (
          <span key={field} className={field === focused ? 'capture-box capture-box-on' : 'capture-box'} style={style(box)} aria-hidden="true">
            <span className="capture-box-label">{FIELD_LABELS[field]}</span>
          </span>
        ))}
      </div>
      {pdfError ? <p className="attachment-problem">The PDF could not be drawn: {pdfError}</p> : null}
      <figcaption className="muted">
        {boxes.length ? `Boxes: where ${boxes.map((b) => FIELD_LABELS[b.field].toLowerCase()).join(', ')} ${boxes.length === 1 ? 'was' : 'were'} read.` : 'No field was located on the page.'}
        {capture.proposed.totalMinor ? ` Total read: ${money(capture.proposed.totalMinor.value, receipt.currency)}.` : ''}
      </figcaption>
    </figure>
  );
}
