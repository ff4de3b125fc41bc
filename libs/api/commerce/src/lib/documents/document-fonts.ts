import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
// Declares the font package as a run-time dependency of the API bundle (dist/apps/api/package.json, `nx run api:prune`); the files are located below
import 'dejavu-fonts-ttf/package.json';

/** Inside the webpack bundle: Node's own `require` (webpack rewrites `require.resolve` into module ids). */
declare const __non_webpack_require__: NodeRequire | undefined;

export interface DocumentFonts {
  regular: string;
  bold: string;
}

let cached: DocumentFonts | undefined;

/**
 * The DejaVu Sans files (Latin, Cyrillic, Greek, Hebrew, Arabic…) embedded in order documents.
 *
 * The API's webpack build leaves node_modules external and the docker image ships the production
 * node_modules beside dist/, so the files are found the way Node finds the package: from this module
 * in tests (ts-jest runs the source) and from dist/apps/api/main.js in the built API — both walk up
 * to the repository's (or the image's /app) node_modules. Throws a plain Error naming the package
 * when it is not installed.
 */
export function documentFonts(): DocumentFonts {
  if (cached) return cached;
  const nodeRequire: NodeRequire = typeof __non_webpack_require__ === 'function' ? __non_webpack_require__ : createRequire(__filename);
  let dir: string;
  try {
    dir = path.join(path.dirname(nodeRequire.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  } catch {
    throw new Error('Order documents need the DejaVu Sans font: the dejavu-fonts-ttf package is not installed');
  }
  const fonts = { regular: path.join(dir, 'DejaVuSans.ttf'), bold: path.join(dir, 'DejaVuSans-Bold.ttf') };
  for (const file of Object.values(fonts)) {
    if (!fs.existsSync(file)) throw new Error(`Order documents need the DejaVu Sans font: ${file} is missing`);
  }
  cached = fonts;
  return fonts;
}
