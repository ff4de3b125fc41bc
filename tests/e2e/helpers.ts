import type { Page } from 'playwright-core';

/** Small helpers shared by the browser tests (each used to carry its own copy). */

/** One GraphQL call over HTTP to the server under test; GraphQL errors throw with their JSON. */
export async function graphql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Polls until `read()` returns `expected` (the page updates on its own; nothing reloads). */
export async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read().catch(() => undefined);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

/**
 * Clicks a conversation header action by its data-testid: the button itself on a wide header, or
 * the same action in the header's "More actions" menu when the header is narrow (issue #17).
 */
export async function headerAction(page: Page, testId: string): Promise<void> {
  const inline = page.getByTestId(testId);
  if (await inline.isVisible()) return inline.click();
  await page.getByTestId('more-actions').click();
  await page.getByTestId(`more-${testId}`).click();
}
