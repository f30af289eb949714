// Lint rules. The engine boundary is enforced here: main/engine and main/common
// must run in plain Node, so they may not import Electron or the app layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = {
  paths: [{ name: 'electron', message: 'The engine runs in plain Node: no Electron imports.' }],
  patterns: [
    {
      group: ['**/app/**', '**/web/**', '**/cli/**', 'electron-store'],
      message: 'The engine knows nothing of its consumers.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['main/engine/**/*.ts', 'main/common/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to window.api.' }],
          patterns: [
            {
              group: ['node:*', '**/engine/**', '**/app/**'],
              message: 'The renderer is a browser page.',
            },
          ],
        },
      ],
    },
  },
);
