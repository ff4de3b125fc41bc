module.exports = {
  displayName: 'e2e',
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }] },
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  testTimeout: 90000,
};
