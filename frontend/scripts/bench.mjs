#!/usr/bin/env node
// Bundle and load-time bench.
//   1. gzipped size of the initial JS and CSS of dist/ (entry script, its modulepreloads, stylesheets
//      linked from dist/index.html); fails (exit 1) if the JS is over the budget.
//   2. if BASE_URL (default http://127.0.0.1:8000) answers, the time from navigation to the dashboard
//      showing data, in headless Chromium (executable: CHROMIUM_PATH or /usr/bin/chromium),
//      logged in as BENCH_USER/BENCH_PASSWORD (default officer/khuyencong).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const JS_BUDGET_KB = Number(process.env.JS_BUDGET_KB ?? 250);
const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(join(dist, 'index.html'))) {
  console.error('bench: dist/index.html not found; run `npm run build` first');
  process.exit(2);
}
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const attr = (tag, name) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
const js = new Set();
const css = new Set();
for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
  const src = attr(tag, 'src');
  if (src && /type="module"/.test(tag)) js.add(src);
}
for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
  const href = attr(tag, 'href');
  const rel = attr(tag, 'rel');
  if (!href) continue;
  if (rel === 'modulepreload') js.add(href);
  if (rel === 'stylesheet') css.add(href);
}
const kb = (n) => (n / 1024).toFixed(1);
function measure(files) {
  let raw = 0;
  let gz = 0;
  const rows = [];
  for (const f of files) {
    const buf = readFileSync(join(dist, f.replace(/^\//, '')));
    const g = gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += g;
    rows.push(`    ${f}  ${kb(buf.length)} KB raw, ${kb(g)} KB gzip`);
  }
  return { raw, gz, rows };
}
const j = measure(js);
const c = measure(css);
console.log(`initial JS  (${js.size} files): ${kb(j.raw)} KB raw, ${kb(j.gz)} KB gzip (budget ${JS_BUDGET_KB} KB)`);
j.rows.forEach((r) => console.log(r));
console.log(`initial CSS (${css.size} files): ${kb(c.raw)} KB raw, ${kb(c.gz)} KB gzip`);
c.rows.forEach((r) => console.log(r));
let failed = j.gz / 1024 > JS_BUDGET_KB;
if (failed) console.error(`bench: initial JS ${kb(j.gz)} KB gzip is over the ${JS_BUDGET_KB} KB budget`);

async function reachable(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

if (!(await reachable(`${BASE_URL}/healthz`)) && !(await reachable(BASE_URL))) {
  console.log(`dashboard timing: skipped (${BASE_URL} not reachable)`);
} else if (!existsSync(CHROMIUM)) {
  console.log(`dashboard timing: skipped (no Chromium at ${CHROMIUM})`);
} else {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const user = process.env.BENCH_USER ?? 'officer';
    const password = process.env.BENCH_PASSWORD ?? 'khuyencong';
    const tLogin0 = performance.now();
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel(/Tên đăng nhập|Username/).fill(user);
    await page.getByLabel(/Mật khẩu|Password/).fill(password);
    await page.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
    await page.getByTestId('dashboard-data').waitFor({ timeout: 30_000 });
    const afterLogin = performance.now() - tLogin0;
    // Cold navigation with the session already in sessionStorage.
    const t0 = performance.now();
    await page.goto(`${BASE_URL}/`);
    await page.getByTestId('dashboard-data').waitFor({ timeout: 30_000 });
    const cold = performance.now() - t0;
    console.log(`dashboard timing: login→data ${afterLogin.toFixed(0)} ms; reload→data ${cold.toFixed(0)} ms (${BASE_URL})`);
  } catch (e) {
    console.error(`dashboard timing failed: ${e instanceof Error ? e.message : String(e)}`);
    failed = true;
  } finally {
    await browser.close();
  }
}
process.exit(failed ? 1 : 0);
