import { messageIdIn, parseTelegramUpdate, splitTelegramText } from './telegram-parse';

const channel = { id: 'ch-1', workspaceId: 'ws-1' };
const msg = (m: Record<string, unknown>) => ({
  update_id: 10,
  message: { message_id: 7, date: 1_700_000_000, chat: { id: 4242, type: 'private', first_name: 'Tom' }, from: { id: 4242, is_bot: false, first_name: 'Tom', last_name: 'Tailor', username: 'tomt' }, ...m },
});

describe('parseTelegramUpdate', () => {
  it('reads a private text message: chat id as the contact, <chat>:<message> as its id, the sender\'s name, the reply it answers', () => {
    expect(parseTelegramUpdate(channel, msg({ text: 'Hello there', reply_to_message: { message_id: 3 } }))).toEqual({
      kind: 'telegram',
      channelId: 'ch-1',
      workspaceId: 'ws-1',
      externalContactId: '4242',
      externalMessageId: '4242:7',
      clientId: null,
      body: 'Hello there',
      replyTo: ['4242:3'],
      attachments: [],
      linkCode: null,
      sender: { name: 'Tom Tailor', phone: null },
      receivedAt: new Date(1_700_000_000_000),
    });
  });

  it('falls back to the username for a sender without a name', () => {
    const u = msg({ text: 'hi', from: { id: 4242, username: 'nameless' }, chat: { id: 4242, type: 'private' } });
    expect(parseTelegramUpdate(channel, u)?.sender.name).toBe('@nameless');
  });

  it('takes the largest photo size, documents, voice and video as files to fetch, and the caption as text', () => {
    const r = parseTelegramUpdate(channel, msg({
      caption: 'My receipt',
      photo: [{ file_id: 'small', width: 90, height: 90, file_size: 1000 }, { file_id: 'big', width: 1280, height: 1280, file_size: 90_000 }, { file_id: 'mid', width: 320, height: 320, file_size: 9000 }],
      document: { file_id: 'doc', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 500 },
      voice: { file_id: 'v', mime_type: 'audio/ogg', file_size: 20 },
      video: { file_id: 'vid', file_size: 30 },
    }));
    expect(r?.body).toBe('My receipt');
    expect(r?.attachments).toEqual([
      { name: 'photo-7.jpg', mime: 'image/jpeg', size: 90_000, ref: 'big', label: 'photo' },
      { name: 'invoice.pdf', mime: 'application/pdf', size: 500, ref: 'doc', label: 'document' },
      { name: 'voice-7.ogg', mime: 'audio/ogg', size: 20, ref: 'v', label: 'voice message' },
      { name: 'video-7.mp4', mime: 'video/mp4', size: 30, ref: 'vid', label: 'video' },
    ]);
  });

  it('turns /start into a readable line (with the deep-link parameter), not a bare command', () => {
    expect(parseTelegramUpdate(channel, msg({ text: '/start' }))?.body).toBe('Started the bot');
    expect(parseTelegramUpdate(channel, msg({ text: '/start order-991' }))?.body).toBe('Started the bot (start parameter: order-991)');
    expect(parseTelegramUpdate(channel, msg({ text: '/start@ShopBot' }))?.body).toBe('Started the bot');
    expect(parseTelegramUpdate(channel, msg({ text: '/start order-991' }))?.linkCode).toBeNull();
    // only the command itself: a text that merely begins with it is the client's words
    expect(parseTelegramUpdate(channel, msg({ text: '/started already?' }))?.body).toBe('/started already?');
  });

  it('hands on a Parley link code of /start as linkCode (SPEC A2); anything shaped otherwise stays a readable parameter', () => {
    const code = `pl${'a1_-'.repeat(6)}`;
    expect(parseTelegramUpdate(channel, msg({ text: `/start ${code}` }))).toMatchObject({ linkCode: code, body: 'Started the bot from a Parley link' });
    expect(parseTelegramUpdate(channel, msg({ text: `/start@ShopBot ${code}` }))?.linkCode).toBe(code);
    // too short, too long, a character Telegram never sends, not at the start
    for (const text of [`/start ${code.slice(0, -1)}`, `/start ${code}x`, `/start ${code.slice(0, -1)}!`, `hello /start ${code}`, `/start ${code} extra`]) {
      expect(parseTelegramUpdate(channel, msg({ text }))?.linkCode).toBeNull();
    }
  });

  it('keeps a shared own phone number for contact matching, a stranger\'s only in the text', () => {
    const own = parseTelegramUpdate(channel, msg({ contact: { phone_number: '+48601234567', first_name: 'Tom', user_id: 4242 } }));
    expect(own?.sender.phone).toBe('+48601234567');
    expect(own?.body).toBe('[contact: Tom, +48601234567]');
    const other = parseTelegramUpdate(channel, msg({ contact: { phone_number: '+48700000000', first_name: 'Ann', user_id: 99 } }));
    expect(other?.sender.phone).toBeNull();
  });

  it('names what it cannot show rather than storing an empty message', () => {
    expect(parseTelegramUpdate(channel, msg({ sticker: { file_id: 's', emoji: '👍' } }))?.body).toBe('[sticker 👍]');
    expect(parseTelegramUpdate(channel, msg({ location: { latitude: 52.2, longitude: 21 } }))?.body).toMatch(/^\[location: 52.2, 21 /);
    expect(parseTelegramUpdate(channel, msg({ dice: { value: 3 } }))?.body).toBe('[a message of a kind Parley does not show yet]');
  });

  it.each([
    ['a group message', msg({ text: 'hi all', chat: { id: -100, type: 'group', title: 'Group' } })],
    ['a supergroup message', msg({ text: 'hi', chat: { id: -1001, type: 'supergroup' } })],
    ['a channel post', { update_id: 1, channel_post: { message_id: 1, date: 1, chat: { id: -5, type: 'channel' }, text: 'news' } }],
    ['an edit', { update_id: 1, edited_message: msg({ text: 'changed' }).message }],
    ['a message of another bot', msg({ text: 'beep', from: { id: 1, is_bot: true } })],
    ['a callback query', { update_id: 1, callback_query: { id: 'x' } }],
    ['a message without a chat id', { update_id: 1, message: { message_id: 1, chat: { id: '4242', type: 'private' }, text: 'x' } }],
    ['a message without an id', { update_id: 1, message: { chat: { id: 1, type: 'private' }, text: 'x' } }],
    ['null', null],
    ['a string', 'update'],
    ['an array', [1, 2]],
  ])('ignores %s', (_, update) => {
    expect(parseTelegramUpdate(channel, update)).toBeNull();
  });
});

describe('splitTelegramText', () => {
  it('keeps a short text whole', () => {
    expect(splitTelegramText('hello')).toEqual(['hello']);
    expect(splitTelegramText('x'.repeat(4096))).toEqual(['x'.repeat(4096)]);
  });

  it('cuts long text at paragraph, then line, then word breaks, each part within the limit', () => {
    const para = 'a'.repeat(3000);
    expect(splitTelegramText(`${para}\n\n${para}`)).toEqual([para, para]);
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const parts = splitTelegramText(words);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join(' ')).toBe(words);
  });

  it('cuts text without breaks hard, never inside a surrogate pair', () => {
    const emoji = '😀'.repeat(3000); // 6000 UTF-16 units
    const parts = splitTelegramText(emoji);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(emoji);
    expect(parts.every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });
});

describe('messageIdIn', () => {
  it('reads the message id of an id of this chat only', () => {
    expect(messageIdIn('42', '42:7')).toBe(7);
    expect(messageIdIn('42', '43:7')).toBeNull();
    expect(messageIdIn('42', '42:x')).toBeNull();
    expect(messageIdIn('42', null)).toBeNull();
  });
});
