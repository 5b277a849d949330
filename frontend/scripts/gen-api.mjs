#!/usr/bin/env node
// Generates src/api/schema.d.ts from the gateway's merged OpenAPI document.
//
//   npm run gen:api                 -> writes src/api/schema.d.ts
//   npm run check:api               -> regenerates into a temp file, fails if it differs
//   OPENAPI_SPEC=path npm run gen:api   (or: node scripts/gen-api.mjs --spec path [--out file] [--check])
//
// The one line to change once the backend commits ../gateway/openapi.json:
const DEFAULT_SPEC = '../gateway/openapi.json';

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const check = args.includes('--check');
const spec = resolve(root, arg('--spec') ?? process.env.OPENAPI_SPEC ?? DEFAULT_SPEC);
const committed = resolve(root, arg('--out') ?? 'src/api/schema.d.ts');

if (!existsSync(spec)) {
  console.error(`gen:api: OpenAPI document not found: ${spec}`);
  process.exit(2);
}

const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'openapi-typescript.cmd' : 'openapi-typescript');
const generate = (out) =>
  execFileSync(bin, [spec, '--output', out, '--alphabetize'], { stdio: ['ignore', 'ignore', 'inherit'] });

if (!check) {
  generate(committed);
  console.log(`gen:api: ${spec} -> ${committed}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'gen-api-'));
try {
  const tmp = join(dir, 'schema.d.ts');
  generate(tmp);
  const fresh = readFileSync(tmp, 'utf8');
  const current = existsSync(committed) ? readFileSync(committed, 'utf8') : '';
  if (fresh !== current) {
    console.error(`check:api: ${committed} is out of date with ${spec}; run \`npm run gen:api\` and commit the result.`);
    process.exit(1);
  }
  console.log(`check:api: ${committed} is up to date with ${spec}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
