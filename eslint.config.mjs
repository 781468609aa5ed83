// ESLint (flat config) with typescript-eslint's recommended rules for src/, scripts/, bench/ and test/.
// Layering (which folder may import which) is dependency-cruiser's job (npm run lint:layers), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'appPackage/build/**', 'devTools/**', 'data/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused names are an error, except the conventional _-prefixed ones (destructuring leftovers, unused parameters).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The edge removes or refuses control characters in untrusted text on purpose: those regexes name them.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        setImmediate: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // adaptivecards' package main is untranspiled ESM that jest cannot load; its UMD bundle is loaded with require.
    files: ['test/helpers/card-checks.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
