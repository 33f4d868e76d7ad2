/**
 * zod's fast path compiles validators with `new Function`, which the renderer's CSP
 * (no 'unsafe-eval') refuses; even the probe is reported as a violation. Imported first
 * by `main.tsx`, before any schema parses.
 */
import { z } from 'zod';

z.config({ jitless: true });
