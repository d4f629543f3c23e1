// Lint enforces the layering that keeps the code easy to change: src/shared is pure, only
// src/main/electron touches Electron, the renderer never reaches into src/main, and no import
// cycles anywhere.
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'zlib', 'url', 'util', 'stream', 'http', 'net'];
const NATIVE = ['onnxruntime-node', 'onnxruntime-*', 'better-sqlite3'];

function restrict(patterns, message) {
  return ['error', { patterns: [{ group: patterns, message }] }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', 'resources/**', '.tmp/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.svelte', '.json'] })],
    },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...NODE_BUILTINS, 'electron', 'svelte', 'svelte/*', ...NATIVE, '@kitware/*', '**/main/**', '**/renderer/**'],
        'src/shared is pure TypeScript: no Node, Electron, DOM, Svelte, onnxruntime or sqlite imports.',
      ),
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrict(['electron', '**/renderer/**', 'svelte', 'svelte/*'], 'Only src/main/electron imports Electron; src/main never imports the renderer.'),
    },
  },
  {
    files: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrict(['**/renderer/**', 'svelte', 'svelte/*'], 'src/main never imports the renderer.'),
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(
        [...NODE_BUILTINS, 'electron', ...NATIVE, '**/main/**'],
        'The renderer talks to main only through the typed api in src/shared/api.',
      ),
    },
  },
);
