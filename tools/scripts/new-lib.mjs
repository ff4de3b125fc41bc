#!/usr/bin/env node
// Scaffolds a TypeScript library: project.json with tags, tsconfig, eslint and jest config,
// src/index.ts, and a path alias in tsconfig.base.json.
// usage: node tools/scripts/new-lib.mjs <dir> <import-alias> <tag,tag,...> [--jest]
import fs from 'node:fs';
import path from 'node:path';

const [dir, alias, tagList, ...flags] = process.argv.slice(2);
if (!dir || !alias || !tagList) {
  console.error('usage: new-lib.mjs <dir> <import-alias> <tags> [--jest]');
  process.exit(2);
}
const root = process.cwd();
const abs = path.join(root, dir);
const up = path.relative(abs, root);
const name = dir.replace(/^libs\//, '').replace(/\//g, '-');
const write = (f, s) => {
  const p = path.join(abs, f);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  if (!fs.existsSync(p)) fs.writeFileSync(p, s);
};
write('project.json', JSON.stringify({
  name, $schema: `${up}/node_modules/nx/schemas/project-schema.json`,
  sourceRoot: `${dir}/src`, projectType: 'library', tags: tagList.split(','), targets: {},
}, null, 2) + '\n');
write('tsconfig.json', JSON.stringify({
  extends: `${up}/tsconfig.base.json`,
  compilerOptions: { module: 'commonjs', types: ['node', 'jest'], strict: true, strictPropertyInitialization: false },
  include: ['src/**/*.ts'],
}, null, 2) + '\n');
write('eslint.config.mjs', `import baseConfig from '${up}/eslint.config.mjs';\n\nexport default [...baseConfig];\n`);
if (flags.includes('--jest')) {
  write('jest.config.cts', `module.exports = {\n  displayName: '${name}',\n  preset: '${up}/jest.preset.js',\n  testEnvironment: 'node',\n  transform: { '^.+\\\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },\n  moduleFileExtensions: ['ts', 'js'],\n};\n`);
}
write('src/index.ts', '');
const basePath = path.join(root, 'tsconfig.base.json');
const base = JSON.parse(fs.readFileSync(basePath, 'utf8'));
base.compilerOptions.paths = { ...(base.compilerOptions.paths || {}), [alias]: [`${dir}/src/index.ts`] };
base.compilerOptions.paths = Object.fromEntries(Object.entries(base.compilerOptions.paths).sort());
fs.writeFileSync(basePath, JSON.stringify(base, null, 2) + '\n');
console.log(`created ${name} (${alias})`);
