import { TestBed } from '@angular/core/testing';
import { contactAvatar, NamedContact, visitorPseudonym } from '@parley/shared/contracts';
import { ContactAvatar } from './contact-avatar';

const ID = '4f2a9c1e-7b3d-4e2f-9a10-0c1d2e3f4a5b';

async function render(contact: NamedContact | null, size?: number) {
  const fixture = TestBed.createComponent(ContactAvatar);
  fixture.componentRef.setInput('contact', contact);
  if (size) fixture.componentRef.setInput('size', size);
  await fixture.whenStable();
  return { fixture, el: fixture.nativeElement as HTMLElement };
}

describe('ContactAvatar', () => {
  it('shows the pseudonym initials on the colour derived from the id, adding no text', async () => {
    const p = visitorPseudonym(ID)!;
    const { el } = await render({ id: ID, name: null });
    expect(el.getAttribute('data-initials')).toBe(p.adjective[0] + p.animal[0]);
    expect(el.getAttribute('data-color')).toBe(p.color);
    expect(el.getAttribute('aria-hidden')).toBe('true');
    expect(el.textContent).toBe('');
  });

  it('follows the contact: the real name gives its initials, the colour stays', async () => {
    const { fixture, el } = await render({ id: ID, name: null }, 40);
    fixture.componentRef.setInput('contact', { id: ID, name: 'Irena Kowalska' });
    await fixture.whenStable();
    expect(el.getAttribute('data-initials')).toBe('IK');
    expect(el.getAttribute('data-color')).toBe(contactAvatar({ id: ID }).color);
    expect(el.style.getPropertyValue('--pl-avatar-size')).toBe('40px');
  });

  it('is a neutral "?" without a contact', async () => {
    const { el } = await render(null);
    expect(el.getAttribute('data-initials')).toBe('?');
  });
});
