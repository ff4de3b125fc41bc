import { visitorPseudonym } from '@parley/shared/contracts';
import { contactName } from './conversation-labels';

const ID = '4f2a9c1e-7b3d-4e2f-9a10-0c1d2e3f4a5b';

describe('contactName', () => {
  it('names a conversation by the shared rule: the real name, else the pseudonym, else "Visitor"', () => {
    expect(contactName({ contact: { id: ID, name: ' Maria ', email: null, phone: null } })).toBe('Maria');
    expect(contactName({ contact: { id: ID, name: null, email: null, phone: null } })).toBe(visitorPseudonym(ID)!.name);
    expect(contactName({ contact: null })).toBe('Visitor');
    expect(contactName(null)).toBe('Visitor');
  });
});
