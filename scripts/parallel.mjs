// `node scripts/parallel.mjs typecheck lint build`: runs those npm scripts at the same time
// (npm test's first steps: each is mostly one process on one core) and exits with the first
// non-zero exit code, after all have ended. Their output is interleaved, line by line.
import { runForeground } from './run.mjs';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/parallel.mjs <npm script>…');
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const codes = await Promise.all(names.map((name) => runForeground(npm, ['run', '--silent', name])));
const failed = names.filter((_, i) => codes[i] !== 0);
if (failed.length > 0) console.error(`failed: ${failed.join(', ')}`);
process.exit(codes.find((c) => c !== 0) ?? 0);
