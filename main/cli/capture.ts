/**
 * `valhalla capture FILE… [--dry-run] [--currency CODE]`: reads receipt scans, photos and
 * PDFs on this machine and prints, per file as it is read, one JSON line
 * `{ file, vendor, date, totalMinor, currency, confidence }` — with the `receiptId` it
 * became (a receipt awaiting review in the triage inbox), or `error` when it could not be
 * read. With `--dry-run` no database is opened and nothing is stored: the file is read and
 * the fields proposed (without the known vendors to snap a name to).
 *
 * Exit code: 0 when every file was captured (or read, dry), 2 when one could not be, 3 when
 * the action was refused by governance.
 */
import { resolve } from 'node:path';
import type { ExtractedFields } from '../../shared/contract';
import { EngineError } from '../../shared/contract';
import { checkAttachment } from '../engine/domains/receipts/attachments';
import { captureConfidence } from '../engine/domains/receipts/capture/capture';
import { extractFields } from '../engine/domains/receipts/capture/fields';
import { createDocumentReader } from '../engine/domains/receipts/capture/reader';
import type { CallContext, Engine } from '../engine/types';
import { EXIT, UsageError, type Out } from './common';

/** One printed line. */
interface CaptureLine {
  file: string;
  vendor: string | null;
  date: string | null;
  totalMinor: number | null;
  currency: string | null;
  confidence: number;
  receiptId?: string;
  duplicateOf?: string | null;
  alreadyCaptured?: boolean;
  error?: string;
}

const line = (out: Out, value: CaptureLine) => out.stdout(`${JSON.stringify(value)}\n`);

function fromFields(file: string, fields: ExtractedFields): CaptureLine {
  return {
    file,
    vendor: fields.vendor?.value ?? null,
    date: fields.date?.value ?? null,
    totalMinor: fields.totalMinor?.value ?? null,
    currency: fields.currency?.value ?? null,
    confidence: captureConfidence(fields),
  };
}

const failed = (file: string, error: string): CaptureLine => ({ file, vendor: null, date: null, totalMinor: null, currency: null, confidence: 0, error });

/** `capture --dry-run`: reads and proposes, stores nothing, opens no database. */
export async function captureDry(files: readonly string[], currency: string | undefined, out: Out): Promise<number> {
  if (files.length === 0) throw new UsageError('capture needs at least one FILE');
  const reader = createDocumentReader();
  let code: number = EXIT.ok;
  try {
    for (const file of files) {
      try {
        const path = resolve(file);
        checkAttachment(path, file);
        const doc = await reader.read(path, file);
        line(out, fromFields(file, extractFields(doc.pages, { ...(currency ? { defaultCurrency: currency } : {}) })));
      } catch (error) {
        if (!(error instanceof EngineError) && !(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
        line(out, failed(file, error.message));
        code = EXIT.invalid;
      }
    }
  } finally {
    await reader.close();
  }
  return code;
}

/** `capture FILE…`: each file staged and captured as its own governed action, one JSON line each. */
export async function captureFiles(engine: Engine, files: readonly string[], currency: string | undefined, as: CallContext, out: Out): Promise<number> {
  if (files.length === 0) throw new UsageError('capture needs at least one FILE');
  let code: number = EXIT.ok;
  for (const file of files) {
    let staged;
    try {
      staged = await engine.files.putPath(resolve(file));
    } catch (error) {
      line(out, failed(file, error instanceof Error ? error.message : String(error)));
      code = EXIT.invalid;
      continue;
    }
    const result = await engine.call('dispatch', 'receipts.capture', { files: [{ sha256: staged.sha256, name: staged.name }], ...(currency ? { currency } : {}) }, 'execute', as);
    if (!result.ok) {
      line(out, failed(file, result.error.message));
      if (result.error.code === 'blocked' || result.error.code === 'pending_approval' || result.error.code === 'forbidden') return EXIT.blocked;
      code = EXIT.invalid;
      continue;
    }
    const { captured, alreadyCaptured, problems } = (result.value as { result: { captured: (CaptureLine & { receiptId: string })[]; alreadyCaptured: { receiptId: string }[]; problems: { reason: string }[] } }).result;
    const c = captured[0];
    const before = alreadyCaptured[0];
    if (c) line(out, { file, vendor: c.vendor, date: c.date, totalMinor: c.totalMinor, currency: c.currency, confidence: c.confidence, receiptId: c.receiptId, duplicateOf: c.duplicateOf ?? null });
    else if (before) line(out, { file, vendor: null, date: null, totalMinor: null, currency: null, confidence: 0, receiptId: before.receiptId, alreadyCaptured: true });
    else {
      line(out, failed(file, problems[0]?.reason ?? 'not captured'));
      code = EXIT.invalid;
    }
  }
  return code;
}
