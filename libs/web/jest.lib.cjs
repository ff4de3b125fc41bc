/** The jest config of a web library (jest-preset-angular, zoneless), as apps/web's: `module.exports = require('../../jest.lib.cjs')(__dirname);`. */
const path = require('node:path');

module.exports = (dir) => {
  const root = path.resolve(__dirname, '../..');
  const rel = path.relative(root, dir);
  return {
    displayName: `web-${path.relative(__dirname, dir).split(path.sep).join('-')}`,
    preset: `${path.relative(dir, root)}/jest.preset.js`,
    rootDir: dir,
    setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
    coverageDirectory: path.join(root, 'coverage', rel),
    transform: {
      '^.+\\.(ts|mjs|js|html)$': ['jest-preset-angular', { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' }],
    },
    passWithNoTests: true,
    transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
    snapshotSerializers: [
      'jest-preset-angular/build/serializers/no-ng-attributes',
      'jest-preset-angular/build/serializers/ng-snapshot',
      'jest-preset-angular/build/serializers/html-comment',
    ],
  };
};
