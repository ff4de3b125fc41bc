import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { LoginPage, safeReturnUrl } from './login-page';
import { SessionStore } from '@parley/web/shared/data-access';

async function render(login: jest.Mock, expired?: string) {
  TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: SessionStore, useValue: { login } }] });
  const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  const fixture = TestBed.createComponent(LoginPage);
  if (expired) fixture.componentRef.setInput('expired', expired);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const fill = async (testId: string, value: string) => {
    const input = element.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const click = async (testId: string) => {
    element.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!.click();
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  const submit = () => click('login-submit');
  return { element, fill, submit, click, navigate };
}

describe('LoginPage', () => {
  it('shows field errors and does not call the API for an empty or malformed form', async () => {
    const login = jest.fn();
    const { element, fill, submit } = await render(login);
    await submit();
    expect(element.textContent).toContain('Enter your e-mail address.');
    expect(element.textContent).toContain('Enter your password.');
    await fill('login-email', 'not-an-email');
    await fill('login-password', 'x');
    await submit();
    expect(element.textContent).toContain('This does not look like an e-mail address.');
    expect(login).not.toHaveBeenCalled();
  });

  it('explains wrong credentials', async () => {
    const login = jest.fn().mockRejectedValue(new GraphqlRequestError('INVALID_CREDENTIALS', 'Invalid'));
    const { element, fill, submit, navigate } = await render(login);
    await fill('login-email', 'anna@demo.test');
    await fill('login-password', 'wrong');
    await submit();
    expect(login).toHaveBeenCalledWith('anna@demo.test', 'wrong');
    expect(element.querySelector('[data-testid="login-error"]')?.textContent).toContain('Wrong e-mail or password');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('signs in and opens the inbox', async () => {
    const login = jest.fn().mockResolvedValue(undefined);
    const { fill, submit, navigate } = await render(login);
    await fill('login-email', ' anna@demo.test ');
    await fill('login-password', 'parley-demo');
    await submit();
    expect(login).toHaveBeenCalledWith('anna@demo.test', 'parley-demo');
    expect(navigate).toHaveBeenCalledWith('/inbox');
  });

  const choice = () =>
    new GraphqlRequestError('WORKSPACE_CHOICE', 'Choose one', [
      {
        message: 'Choose one',
        extensions: { code: 'WORKSPACE_CHOICE', workspaces: [{ id: 'w-beta', name: 'Beta <b>Bikes</b>', slug: 'beta' }, { id: 'w-demo', name: 'Demo Shop', slug: 'demo' }] },
      },
    ]);

  it('asks which workspace when the e-mail signs in to several, then signs in to the chosen one', async () => {
    const login = jest.fn().mockRejectedValueOnce(choice()).mockResolvedValueOnce(undefined);
    const { element, fill, submit, navigate } = await render(login);
    await fill('login-email', 'alex@people.test');
    await fill('login-password', 'secret-password');
    await submit();
    const buttons = [...element.querySelectorAll<HTMLButtonElement>('[data-testid="login-workspace"]')];
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['Beta <b>Bikes</b>', 'Demo Shop']);
    expect(element.querySelector('[data-testid="login-workspaces"]')?.textContent).toContain('alex@people.test signs in to several workspaces');
    expect(element.querySelector('[data-testid="login-email"]')).toBeNull();
    expect(element.querySelector('[data-testid="login-error"]')).toBeNull();
    expect(navigate).not.toHaveBeenCalled();
    buttons[1].click();
    await new Promise((r) => setTimeout(r));
    expect(login).toHaveBeenLastCalledWith('alex@people.test', 'secret-password', 'w-demo');
    expect(navigate).toHaveBeenCalledWith('/inbox');
  });

  it('goes back to the form from the picker, and a refused choice shows the error on the form', async () => {
    const login = jest.fn().mockRejectedValueOnce(choice()).mockRejectedValueOnce(new GraphqlRequestError('INVALID_CREDENTIALS', 'Invalid')).mockRejectedValueOnce(choice());
    const { element, fill, submit, click } = await render(login);
    await fill('login-email', 'alex@people.test');
    await fill('login-password', 'secret-password');
    await submit();
    await click('login-workspace');
    expect(element.querySelector('[data-testid="login-workspaces"]')).toBeNull();
    expect(element.querySelector('[data-testid="login-error"]')?.textContent).toContain('Wrong e-mail or password');
    expect(element.querySelector<HTMLInputElement>('[data-testid="login-password"]')!.value).toBe('');
    await fill('login-password', 'secret-password');
    await submit();
    await click('login-workspace-back');
    expect(element.querySelector('[data-testid="login-workspaces"]')).toBeNull();
    expect(element.querySelector<HTMLInputElement>('[data-testid="login-email"]')!.value).toBe('alex@people.test');
  });

  it('says the session expired when sent back after expiry', async () => {
    const { element } = await render(jest.fn(), '1');
    expect(element.querySelector('[data-testid="session-expired"]')?.textContent).toContain('Your session has expired');
  });
});

describe('safeReturnUrl', () => {
  it.each([
    ['/inbox/c1', '/inbox/c1'],
    ['//evil.test/x', '/inbox'],
    ['https://evil.test', '/inbox'],
    ['/login?expired=1', '/inbox'],
    [undefined, '/inbox'],
    ['', '/inbox'],
  ])('%p → %p', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});
