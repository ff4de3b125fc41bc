import { AuthUser } from '@parley/api/platform/auth';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { ContactEditContext, ContactEditTarget } from './contact-edit-context.port';
import { ContactEditService } from './contact-edit.service';

const WS = '00000000-0000-4000-8000-000000000001';
const CONTACT = '00000000-0000-4000-8000-0000000000c1';
const CONVERSATION = '00000000-0000-4000-8000-0000000000a1';
const TAG = '00000000-0000-4000-8000-0000000000f1';
const agent: AuthUser = { operatorId: '00000000-0000-4000-8000-0000000000b1', workspaceId: WS, role: OperatorRole.agent };

/** The service against a fake port and fake contacts services: the order of checks and that every change is announced once. */
function setup(opts: { permissions?: Permission[]; target?: () => Promise<ContactEditTarget>; contactExists?: boolean; tagExists?: boolean } = {}) {
  const target: ContactEditTarget & { conversationId: string } = { workspaceId: WS, contactId: CONTACT, conversationId: CONVERSATION };
  const context = { targetOf: jest.fn(opts.target ?? (async () => target)), contactEdited: jest.fn(async () => undefined), contactChanged: jest.fn(async () => undefined) } satisfies ContactEditContext;
  const contact = { id: CONTACT, workspaceId: WS, name: null, email: null, phone: null, ownerId: null };
  const contacts = {
    ownerCandidate: jest.fn(async () => ({})),
    setOwner: jest.fn(async () => (opts.contactExists === false ? null : contact)),
    addTag: jest.fn(async () => undefined),
    removeTag: jest.fn(async () => undefined),
    findByIds: jest.fn(async () => (opts.contactExists === false ? [] : [contact])),
  };
  const tags = { findOrCreate: jest.fn(async () => ({ id: TAG, name: 'vip' })), findById: jest.fn(async () => (opts.tagExists === false ? null : { id: TAG, name: 'vip' })) };
  const access = { permissions: jest.fn(async () => new Set(opts.permissions ?? [Permission.edit_clients])) };
  const service = new ContactEditService(context, contacts as never, tags as never, access as never, { publish: async () => undefined } as never);
  return { service, context, contacts, tags, target };
}

describe('ContactEditService', () => {
  it('tags the contact of the conversation the port resolves and announces it through the port with the same target', async () => {
    const { service, context, contacts, target } = setup();
    const result = await service.addTag(agent, CONVERSATION, 'vip');
    expect(result.id).toBe(CONTACT);
    expect(context.targetOf).toHaveBeenCalledWith(agent, CONVERSATION);
    expect(contacts.addTag).toHaveBeenCalledWith(WS, CONTACT, TAG);
    expect(context.contactEdited).toHaveBeenCalledTimes(1);
    expect(context.contactEdited).toHaveBeenCalledWith(target);
  });

  it('refuses observers before asking the port', async () => {
    const { service, context } = setup();
    await expect(service.setOwner({ ...agent, role: OperatorRole.observer }, CONVERSATION, null)).rejects.toMatchObject({ message: 'Observers can read contacts but not change them' });
    expect(context.targetOf).not.toHaveBeenCalled();
  });

  it('refuses an operator without the "Edit clients" right before asking the port', async () => {
    const { service, context } = setup({ permissions: [] });
    await expect(service.addTag(agent, CONVERSATION, 'vip')).rejects.toMatchObject({ message: 'You need the "Edit clients" right to change contacts' });
    expect(context.targetOf).not.toHaveBeenCalled();
  });

  it("passes the port's refusal on and changes nothing", async () => {
    const refusal = new Error('This conversation belongs to another operator');
    const { service, contacts, context } = setup({ target: () => Promise.reject(refusal) });
    await expect(service.removeTag(agent, CONVERSATION, TAG)).rejects.toBe(refusal);
    expect(contacts.removeTag).not.toHaveBeenCalled();
    expect(context.contactEdited).not.toHaveBeenCalled();
  });

  it('NOT_FOUND for an unknown tag, nothing removed or announced', async () => {
    const { service, contacts, context } = setup({ tagExists: false });
    await expect(service.removeTag(agent, CONVERSATION, TAG)).rejects.toMatchObject({ message: expect.stringContaining('Tag') });
    expect(contacts.removeTag).not.toHaveBeenCalled();
    expect(context.contactEdited).not.toHaveBeenCalled();
  });

  it('checks a new owner, and clears the owner without a check for null', async () => {
    const { service, contacts, context } = setup();
    await service.setOwner(agent, CONVERSATION, agent.operatorId);
    expect(contacts.ownerCandidate).toHaveBeenCalledWith(WS, agent.operatorId, 'ownerId');
    await service.setOwner(agent, CONVERSATION, null);
    expect(contacts.ownerCandidate).toHaveBeenCalledTimes(1);
    expect(contacts.setOwner).toHaveBeenLastCalledWith(WS, CONTACT, null);
    expect(context.contactEdited).toHaveBeenCalledTimes(2);
  });

  it('NOT_FOUND when the contact is gone, and then announces nothing', async () => {
    const { service, context } = setup({ contactExists: false });
    await expect(service.setOwner(agent, CONVERSATION, null)).rejects.toMatchObject({ message: expect.stringContaining('Contact') });
    await expect(service.addTag(agent, CONVERSATION, 'vip')).rejects.toMatchObject({ message: expect.stringContaining('Contact') });
    expect(context.contactEdited).not.toHaveBeenCalled();
  });
});
