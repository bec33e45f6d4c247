import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.tmp', 'public', 'training/**/*.py', 'src/**/assembly/**', 'src/**/wasm/*Wasm.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Layers point one way: pure DSP and analysis import neither the app, the worker, the model runtime nor Node.
  {
    files: ['src/dsp/**/*.ts', 'src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '**/app/**', '**/worker/**', '**/node/**', 'react', '@tensorflow/*'] }],
    },
  },
  // Components read state and call store actions; they never reach the engine or the model directly.
  {
    files: ['src/app/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/dsp/**', '**/worker/**', '**/model/**', '@tensorflow/*'] }],
    },
  },
);
