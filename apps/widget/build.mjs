// Bundles the widget into one minified IIFE and copies the demo shop next to it.
// Usage: node apps/widget/build.mjs [--dev]   (run from the workspace root or anywhere)
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const projectRoot = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = join(projectRoot, '..', '..');
const outDir = join(workspaceRoot, 'dist', 'apps', 'widget');
const dev = process.argv.includes('--dev');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const outfile = join(outDir, 'widget.js');
await build({
  entryPoints: [join(projectRoot, 'src', 'main.ts')],
  outfile,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2019'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  tsconfig: join(projectRoot, 'tsconfig.app.json'),
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
  logLevel: 'warning',
});

cpSync(join(projectRoot, 'demo'), join(outDir, 'demo'), { recursive: true });

const bytes = readFileSync(outfile);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(
  `widget: ${relative(workspaceRoot, outfile)} ${kb(bytes.length)} (gzip ${kb(gzipSync(bytes, { level: 9 }).length)}); demo copied to ${relative(workspaceRoot, join(outDir, 'demo'))}`,
);
