import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { GraphqlRequestError } from '../core/graphql-error';
import { LoginPage, safeReturnUrl } from './login-page';
import { SessionStore } from './session-store';

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
  const submit = async () => {
    element.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')!.click();
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  return { element, fill, submit, navigate };
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
