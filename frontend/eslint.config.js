import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Features stay independent (bulletproof-react): share through src/components and src/lib.
const FEATURES = [{ group: ['@/features/*/*', '!@/features/*/routes'], message: 'Import another feature only through its public routes module.' }];
// Every date and number field goes through the shared inputs: day-first dates that refuse what
// they cannot read, numbers that are never clamped silently.
const INPUTS = [
  { name: '@mantine/dates', importNames: ['DateInput', 'DatePickerInput', 'DateTimePicker'], message: 'Use DateField from @/components/DateField.' },
  { name: '@mantine/core', importNames: ['NumberInput'], message: 'Use NumberField (or MoneyInput) from @/components.' },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'e2e-artifacts', 'test-results', 'playwright-report', 'src/api/schema.d.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: INPUTS, patterns: FEATURES }],
    },
  },
  {
    // The wrappers themselves (and the test that shows what they prevent).
    files: ['src/components/NumberField.tsx', 'src/components/DateField.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: FEATURES }] },
  },
  {
    // The public pages stay light: React only, none of the staff app's libraries or modules
    // (types from the generated schema are fine: they vanish at build time).
    files: ['src/public/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@mantine/*', '@tanstack/*', '@tabler/*', 'i18next', 'react-i18next', 'react-router', 'recharts', 'dayjs', 'openapi-fetch'], message: 'The public pages load React only.' },
          { group: ['@/features/*', '@/lib/*', '@/components/*', '@/app/*'], message: 'The public pages import nothing of the staff app.' },
        ],
      }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'e2e/**/*.ts', '*.config.{js,ts,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
