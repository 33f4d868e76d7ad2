// Lint, including the import zones of DESIGN.md ("Processes and folders"), enforced here
// rather than remembered: shared imports nothing of ours; main/engine never imports
// electron, main/shell or renderer; renderer never imports main; main/preload imports
// only electron and shared/contract.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const zone = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // the CLI's launcher is CommonJS on purpose (a cold start without the ES module loader)
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  zone(['shared/**/*.ts'], [
    { group: ['node:*', 'electron', 'electron/*'], message: 'shared/ is pure TypeScript: no node:*, no electron.' },
    { group: ['**/main/**', '**/renderer/**', '../../main/*', '../../renderer/*'], message: 'shared/ imports nothing of ours outside shared/.' },
  ]),
  zone(['main/engine/**/*.ts'], [
    { group: ['electron', 'electron/*'], message: 'main/engine never imports electron: it runs in plain Node.' },
    { group: ['**/shell/**', '**/shell', '**/renderer/**', '**/host/**', '**/cli/**', '**/preload/**'], message: 'main/engine never imports shell, host, cli, preload or renderer.' },
  ]),
  zone(['renderer/**/*.{ts,tsx}'], [
    { group: ['**/main/**', 'electron', 'electron/*', 'node:*', 'better-sqlite3'], message: 'renderer never imports main, electron or Node.' },
  ]),
  zone(['main/preload/**/*.ts'], [
    { group: ['**/engine/**', '**/host/**', '**/cli/**', '**/shell/**', '**/renderer/**', '**/shared/domain/**', 'node:*'], message: 'main/preload imports only electron and shared/contract.' },
  ]),
  zone(['main/host/**/*.ts', 'main/cli/**/*.ts'], [
    { group: ['electron', 'electron/*', '**/shell/**', '**/renderer/**'], message: 'host and cli run in plain Node: no electron, no shell, no renderer.' },
  ]),
);
