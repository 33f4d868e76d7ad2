/**
 * Bad input in bounded memory (issue 14, item 9): the refusal of a gzip bomb (1 MiB of gzip
 * that would inflate to 1 GiB of zeros, after a valid sales header) and of a sales file with
 * one 50 MB line, each imported through `inventory.importSales` in a child process whose
 * peak RSS is read (target ≤ 400 MB), against a child that only opens a live engine and
 * stages the same file, measured in the same run. The files are made here, streaming, and
 * never held whole in memory.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import type { BenchSuite } from './suites';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
const MIB = 1024 * 1024;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

function child(mode: 'idle' | 'import', file: string, dir: string): Record<string, unknown> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bad-input-child.ts');
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, mode, file, dir], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Record<string, unknown>;
}

/** HEADER, then `mib` MiB of zeros, gzipped as they stream. */
async function writeBomb(path: string, mib: number): Promise<void> {
  const zeros = Buffer.alloc(MIB);
  async function* content() {
    yield Buffer.from(HEADER);
    for (let i = 0; i < mib; i++) yield zeros;
  }
  await pipeline(Readable.from(content()), createGzip({ level: 9 }), createWriteStream(path));
}

/** HEADER, then one row whose description is `mb` million characters long. */
async function writeLongLine(path: string, mb: number): Promise<void> {
  const chunk = Buffer.alloc(1_000_000, 'x');
  async function* content() {
    yield Buffer.from(`${HEADER}536366,71053,`);
    for (let i = 0; i < mb; i++) yield chunk;
    yield Buffer.from(',6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n');
  }
  await pipeline(Readable.from(content()), createWriteStream(path));
}

function measure(file: string, dir: string) {
  const idle = child('idle', file, dir);
  const refused = child('import', file, dir);
  return {
    fileMb: round(statSync(file).size / 1e6, 2),
    refusedAs: refused.code,
    message: refused.message,
    itemsAfter: refused.itemsAfter,
    seconds: round(refused.seconds as number, 3),
    peakRssMb: refused.peakRssMb,
    baselinePeakRssMb: idle.peakRssMb,
    target: 'peak RSS ≤ 400 MB',
  };
}

export const badInputSuite: BenchSuite = {
  name: 'bad-input',
  async run(dir) {
    process.stderr.write('gzip bomb (1 GiB of zeros) refused by the sales import …\n');
    const bomb = join(dir, 'bomb.csv.gz');
    await writeBomb(bomb, 1024);
    process.stderr.write('one 50 MB line refused by the sales import …\n');
    const long = join(dir, 'long-line.csv');
    await writeLongLine(long, 50);
    return { gzipBombRefusal: { inflatesTo: '1 GiB', ...measure(bomb, dir) }, longLineRefusal: measure(long, dir) };
  },
};
