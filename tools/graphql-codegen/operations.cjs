// The web app's GraphQL documents are template strings with shared field lists interpolated
// (`${CONVERSATION_FIELDS}`), which graphql-tag-pluck cannot read. This evaluates an operations
// module (bundled by esbuild with the workspace's path aliases) and returns its exported documents
// exactly as the app sends them. Used by codegen.ts as the documents loader and by typed-strings.cjs.
const { buildSync } = require('esbuild');
const { parse } = require('graphql');
const path = require('node:path');

const DOCUMENT = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\b/;
const root = path.resolve(__dirname, '../..');

/**
 * An operations module may import a library's index, which also brings components and services:
 * the npm packages (@angular/*, rxjs…) stay external and load as an inert stand-in, so only the
 * module-level strings are evaluated, never a framework.
 */
const pkg = require(path.join(root, 'package.json'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => [name, `${name}/*`]);
const inert = new Proxy(function () {}, { get: (_t, k) => (k === Symbol.toPrimitive ? () => '' : k === '__esModule' ? false : inert), apply: () => inert, construct: () => inert });

/** [{ exportName, text }] of every exported string of the module that is a query, mutation or subscription. */
function exportedDocuments(file) {
  const { outputFiles } = buildSync({
    entryPoints: [path.resolve(root, file)],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    logLevel: 'silent',
    external,
  });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(mod, mod.exports, () => inert);
  return Object.entries(mod.exports)
    .filter(([, value]) => typeof value === 'string' && DOCUMENT.test(value))
    .map(([exportName, text]) => ({ exportName, text }));
}

/** graphql-codegen custom loader: one DocumentNode with every operation of the module. */
function loader(pointer) {
  const definitions = exportedDocuments(pointer).flatMap(({ text }) => parse(text).definitions);
  return { kind: 'Document', definitions };
}

module.exports = loader;
module.exports.exportedDocuments = exportedDocuments;
