module.exports = {
  displayName: 'e2e',
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  testTimeout: 90000,
  // playwright and undici keep sockets in their pools after the server is gone; don't wait on them
  forceExit: true,
};
