// `npx playwright test` from frontend/ (as tests/e2e/test_make_run.py runs it) uses the e2e config.
export { default } from './e2e/playwright.config';
