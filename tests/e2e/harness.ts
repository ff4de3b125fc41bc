import { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { ParleyServer } from './server';

export interface ParleyHarness {
  readonly server: ParleyServer;
  readonly browser: Browser;
  /** Fills and submits the login form (the test checks what follows). */
  submitLogin(page: Page, email: string, password?: string): Promise<void>;
  /** Logs in and waits until the workspace shows the operator. */
  signIn(page: Page, email: string): Promise<void>;
}

/**
 * One built Parley server and one Chromium for the enclosing `describe`: started in `beforeAll`,
 * stopped in `afterAll`. `env` adds server variables (a function is read in `beforeAll`, after
 * earlier hooks ran, e.g. to pass the SMTP_URL of a mail catcher started there).
 */
export function useParley(env: Record<string, string> | (() => Record<string, string>) = {}): ParleyHarness {
  let server: ParleyServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([ParleyServer.start(typeof env === 'function' ? env() : env), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is not started yet: use it inside a test`);
    return value;
  };
  const harness: ParleyHarness = {
    get server() {
      return started(server, 'the server');
    },
    get browser() {
      return started(browser, 'the browser');
    },
    async submitLogin(page, email, password = 'parley-demo') {
      await page.goto(`${harness.server.url}/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
    },
    async signIn(page, email) {
      await harness.submitLogin(page, email);
      await page.waitForURL(/\/inbox/);
      await page.getByTestId('current-operator').waitFor();
    },
  };
  return harness;
}
