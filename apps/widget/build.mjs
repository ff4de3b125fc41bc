// Bundles the widget into one minified IIFE (English texts only), writes one file per other language
// (i18n/<lang>.json, from src/lib/i18n-texts.ts) and copies the demo shop next to it.
// Usage: node apps/widget/build.mjs [--dev]   (run from the workspace root or anywhere)
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const projectRoot = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = join(projectRoot, '..', '..');
const outDir = join(workspaceRoot, 'dist', 'apps', 'widget');
const dev = process.argv.includes('--dev');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// The language files: the same sources the widget and its spec use, evaluated once here.
const texts = await build({
  entryPoints: [join(projectRoot, 'src', 'lib', 'i18n-texts.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  tsconfig: join(projectRoot, 'tsconfig.app.json'),
  logLevel: 'warning',
});
const { UI_TEXTS } = await import('data:text/javascript;base64,' + Buffer.from(texts.outputFiles[0].text).toString('base64'));
const i18nDir = join(outDir, 'i18n');
mkdirSync(i18nDir, { recursive: true });
const hash = createHash('sha256');
const languageFiles = {};
for (const [lang, values] of Object.entries(UI_TEXTS)) {
  if (lang === 'en') continue; // built into widget.js
  if (!/^[a-z]{2}$/.test(lang)) throw new Error(`bad language code ${lang}`);
  const json = JSON.stringify(values);
  writeFileSync(join(i18nDir, `${lang}.json`), json);
  hash.update(lang).update(json);
  languageFiles[lang] = Buffer.from(json);
}
const i18nVersion = hash.digest('hex').slice(0, 10);

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
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"', __PARLEY_I18N_VERSION__: JSON.stringify(i18nVersion) },
  logLevel: 'warning',
});

cpSync(join(projectRoot, 'demo'), join(outDir, 'demo'), { recursive: true });

const bytes = readFileSync(outfile);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const gz = (b) => gzipSync(b, { level: 9 }).length;
const sizes = Object.values(languageFiles).map(gz).sort((a, b) => a - b);
console.log(
  `widget: ${relative(workspaceRoot, outfile)} ${kb(bytes.length)} (gzip ${kb(gz(bytes))}); ` +
    `${sizes.length} language files in ${relative(workspaceRoot, i18nDir)} (gzip ${kb(sizes[0])}–${kb(sizes[sizes.length - 1])}, he ${kb(gz(languageFiles.he))}, version ${i18nVersion}); ` +
    `demo copied to ${relative(workspaceRoot, join(outDir, 'demo'))}`,
);
