#!/usr/bin/env node
// Bundle and load-time bench.
//   1. gzipped size of the initial JS and CSS of dist/ (entry script, its modulepreloads, stylesheets
//      linked from dist/index.html, and likewise dist/public.html, the no-login pages at
//      /cong-khai); fails (exit 1) if either entry's JS is over its budget (250 and 120 KB).
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
const PUBLIC_JS_BUDGET_KB = Number(process.env.PUBLIC_JS_BUDGET_KB ?? 120);
const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(join(dist, 'index.html'))) {
  console.error('bench: dist/index.html not found; run `npm run build` first');
  process.exit(2);
}
const attr = (tag, name) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
const kb = (n) => (n / 1024).toFixed(1);

/** The initial JS and CSS an HTML entry of dist/ loads: its module script, modulepreloads and
 * stylesheets (lazy chunks are not counted). */
function entry(file) {
  const html = readFileSync(join(dist, file), 'utf8');
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
  return { js, css };
}
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
/** Prints an entry's sizes; true if its JS is over `budget` KB gzip. */
function report(name, file, budget) {
  const { js, css } = entry(file);
  const j = measure(js);
  const c = measure(css);
  console.log(`${name}: initial JS  (${js.size} files): ${kb(j.raw)} KB raw, ${kb(j.gz)} KB gzip (budget ${budget} KB)`);
  j.rows.forEach((r) => console.log(r));
  console.log(`${name}: initial CSS (${css.size} files): ${kb(c.raw)} KB raw, ${kb(c.gz)} KB gzip`);
  c.rows.forEach((r) => console.log(r));
  const over = j.gz / 1024 > budget;
  if (over) console.error(`bench: ${name} initial JS ${kb(j.gz)} KB gzip is over the ${budget} KB budget`);
  return over;
}
let failed = report('staff app (/)', 'index.html', JS_BUDGET_KB);
// The public pages (/cong-khai) are their own entry: for phones, without the staff app's code.
if (existsSync(join(dist, 'public.html'))) {
  failed = report('public pages (/cong-khai)', 'public.html', PUBLIC_JS_BUDGET_KB) || failed;
} else {
  console.error('bench: dist/public.html not found');
  failed = true;
}

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
