// Typed lint plus the layer rules of docs/architecture.md (one override per folder).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, patterns) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: patterns.map((group) => ({
          group: [group],
          message: 'Layer rule: see docs/architecture.md',
        })),
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'dist/**',
      'console/**',
      'bin/**',
      '.test-data/**',
      'eslint.config.mjs',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-new': 'error',
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'max-lines': ['error', { max: 400 }],
    },
  },
  { files: ['src/main.ts', 'scripts/**', 'bench/**', 'test/support/**'], rules: { 'no-console': 'off' } },
  layer(
    ['src/lib/**'],
    [
      '**/config/**',
      '**/db/**',
      '**/repositories/**',
      '**/services/**',
      '**/http/**',
      '**/dialer/**',
      '**/robot/**',
      '**/telephony/**',
      '**/app/**',
      '**/clients/**',
      '**/jobs/**',
    ],
  ),
  layer(
    ['src/config/**'],
    [
      '**/db/**',
      '**/repositories/**',
      '**/services/**',
      '**/http/**',
      '**/dialer/**',
      '**/robot/**',
      '**/telephony/**',
      '**/app/**',
      '**/clients/**',
    ],
  ),
  layer(
    ['src/db/**', 'src/repositories/**'],
    ['**/services/**', '**/http/**', 'fastify', '**/dialer/**', '**/robot/**', '**/app/**'],
  ),
  layer(['src/clients/**'], ['**/services/**', '**/http/**', '**/db/**', '**/repositories/**', '**/app/**']),
  layer(
    ['src/services/**'],
    ['**/http/**', 'fastify', '**/simulator/**', '**/sip/**', '**/app/**', '**/dialer/**'],
  ),
  layer(
    ['src/http/**'],
    [
      '**/repositories/**',
      '**/db/**',
      '**/clients/**',
      '**/telephony/**',
      '**/robot/**',
      '**/dialer/**',
      '**/app/**',
    ],
  ),
  layer(
    ['src/dialer/**'],
    ['**/repositories/**', '**/db/**', '**/http/**', '**/simulator/**', '**/sip/**', '**/app/**'],
  ),
  layer(
    ['src/robot/**'],
    [
      '**/db/**',
      '**/repositories/**',
      '**/services/**',
      '**/http/**',
      '**/dialer/**',
      '**/app/**',
      '**/clients/**',
    ],
  ),
  layer(
    ['src/telephony/**', 'src/speech/**'],
    [
      '**/services/**',
      '**/db/**',
      '**/repositories/**',
      '**/http/**',
      '**/robot/**',
      '**/dialer/**',
      '**/app/**',
    ],
  ),
);
