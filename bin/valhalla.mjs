#!/usr/bin/env node
// The `valhalla` command: the same engine from a terminal. TypeScript runs through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
