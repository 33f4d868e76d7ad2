/**
 * vitest's setup file (vitest.config.ts `setupFiles`): run before every test file, so each
 * file's tests release the engines and temp folders they opened (test/helpers/engine.ts).
 */
import { afterEach } from 'vitest';
import { releaseTestResources } from './engine';

afterEach(releaseTestResources);
