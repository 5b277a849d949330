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
    files: ['scripts/**/*.mjs', 'e2e/**/*.ts', '*.config.{js,ts,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
