// Lint: ESLint's and typescript-eslint's recommended rules, nothing more.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/', 'static/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', document: 'readonly', window: 'readonly' },
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }] },
  },
  // Progressive enhancements run in the browser.
  {
    files: ['static/js/**'],
    languageOptions: {
      globals: {
        fetch: 'readonly',
        FormData: 'readonly',
        URLSearchParams: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        navigator: 'readonly',
      },
    },
  },
  // The field app: pages that keep interviews on the device (IndexedDB, Cache Storage) and its service worker.
  {
    files: ['static/js/field/**'],
    languageOptions: {
      globals: {
        navigator: 'readonly',
        location: 'readonly',
        indexedDB: 'readonly',
        caches: 'readonly',
        self: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Response: 'readonly',
        AbortSignal: 'readonly',
      },
    },
  },
  // Migrations are typed Kysely<any> on purpose: they stay frozen in time while the schema moves on.
  { files: ['migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Tool configurations written as CommonJS.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
