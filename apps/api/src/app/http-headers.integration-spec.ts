import { TestApp } from '../testing/test-app';

describe('response headers (integration)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => t?.stop());

  it('never announces the framework (no X-Powered-By) on API, health, static or error answers', async () => {
    const answers = [
      await fetch(`${t.url}/health`),
      await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }),
      await fetch(`${t.url}/widget.js`),
      await fetch(`${t.url}/no/such/page`, { headers: { Accept: 'text/html' } }),
      await fetch(`${t.url}/api/nothing-here`, { method: 'POST' }),
    ];
    for (const res of answers) expect([res.url, res.headers.get('x-powered-by')]).toEqual([res.url, null]);
  });
});
