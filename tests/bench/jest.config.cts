/** Unit tests of the benchmark helpers (pure logic only; the benchmarks themselves run with `npm run bench:*`). */
module.exports = {
  displayName: 'bench',
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
