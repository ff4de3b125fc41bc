#!/usr/bin/env node
// Type-checks every TypeScript project of the workspace, specs included (builds skip specs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const configs = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (fs.existsSync(path.join(p, 'project.json'))) {
        for (const name of ['tsconfig.app.json', 'tsconfig.spec.json', 'tsconfig.lib.json']) {
          // a project whose test runner needs CommonJS settings keeps a type-check-only variant
          const variant = name.replace('.json', '-typecheck.json');
          if (fs.existsSync(path.join(p, variant))) configs.push(path.join(p, variant));
          else if (fs.existsSync(path.join(p, name))) configs.push(path.join(p, name));
        }
        if (!configs.some((c) => path.dirname(c) === p) && fs.existsSync(path.join(p, 'tsconfig.json'))) configs.push(path.join(p, 'tsconfig.json'));
      }
      walk(p);
    }
  }
};
walk(path.join(root, 'apps'));
walk(path.join(root, 'libs'));
// the browser tests and benchmarks are not an Nx project but are type-checked the same way
configs.push(path.join(root, 'tests/tsconfig.json'));
let failed = 0;
for (const c of configs) {
  const rel = path.relative(root, c);
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', c], { stdio: 'inherit', cwd: root });
    console.log(`ok  ${rel}`);
  } catch {
    console.log(`ERR ${rel}`);
    failed++;
  }
}
console.log(`${configs.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
