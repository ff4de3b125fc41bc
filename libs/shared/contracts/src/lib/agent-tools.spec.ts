import { fillQuickReply, findMentions, mentionQueryAt, quickReplyQuery } from './agent-tools';

describe('fillQuickReply (SPEC A8)', () => {
  const ctx = { client: { name: 'Jan Kowalski', email: 'jan@example.com' }, operator: { name: 'Anna Nowak' } };

  it('fills the known variables, with or without spaces inside the braces', () => {
    expect(fillQuickReply('Hi {{client.name}}, I am {{ operator.name }}. We write to {{client.email}}.', ctx)).toBe(
      'Hi Jan Kowalski, I am Anna Nowak. We write to jan@example.com.',
    );
  });

  it('turns unknown variables and missing values into empty text, never "undefined" or "null"', () => {
    const out = fillQuickReply('[{{client.name}}][{{client.phone}}][{{client.age}}][{{shop.url}}][{{operator.name}}]', { client: { name: null }, operator: undefined });
    expect(out).toBe('[][][][][]');
    expect(out).not.toMatch(/undefined|null/);
  });

  it('does not read inherited properties and leaves text without variables alone', () => {
    expect(fillQuickReply('{{client.constructor}}{{client.toString}}', ctx)).toBe('');
    expect(fillQuickReply('Price: {{ 5 }} {single} text', ctx)).toBe('Price: {{ 5 }} {single} text');
  });
});

describe('findMentions (SPEC A11)', () => {
  const ops = [
    { id: 'a', displayName: 'Anna' },
    { id: 'am', displayName: 'Anna Maria' },
    { id: 'b', displayName: 'Boris Petrov' },
  ];

  it('finds display names after @, case-insensitive, longest name first, once each', () => {
    expect(findMentions('@boris petrov please look, and @Anna Maria too. @Boris Petrov again', ops)).toEqual(['b', 'am']);
    expect(findMentions('@Anna, can you?', ops)).toEqual(['a']);
  });

  it('ignores e-mail addresses, partial names and a bare @', () => {
    expect(findMentions('write to anna@Anna.com', ops)).toEqual([]);
    expect(findMentions('@Annabelle @Bor @ nothing', ops)).toEqual([]);
    expect(findMentions('', ops)).toEqual([]);
  });
});

describe('composer triggers', () => {
  it('mentionQueryAt finds the @word being typed at the caret', () => {
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ query: 'bo', start: 3 });
    expect(mentionQueryAt('@', 1)).toEqual({ query: '', start: 0 });
    expect(mentionQueryAt('mail a@b', 8)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
  });

  it('quickReplyQuery only triggers on a leading slash without spaces', () => {
    expect(quickReplyQuery('/')).toBe('');
    expect(quickReplyQuery('/Ship')).toBe('ship');
    expect(quickReplyQuery('a /ship')).toBeNull();
    expect(quickReplyQuery('/ship now')).toBeNull();
  });
});

describe('fillQuickReply fallbacks (issue #17)', () => {
  it('uses the text after | when the value is missing, null or blank, and the value when there is one', () => {
    expect(fillQuickReply('Thank you {{client.name|there}}, bye', { client: null })).toBe('Thank you there, bye');
    expect(fillQuickReply('Thank you {{ client.name | there }}!', { client: { name: '  ' } })).toBe('Thank you there!');
    expect(fillQuickReply('Thank you {{client.name|there}}!', { client: { name: 'Eve' } })).toBe('Thank you Eve!');
    expect(fillQuickReply('Hi {{client.name|}}!', {})).toBe('Hi !');
    expect(fillQuickReply('Hi {{client.name}}!', {})).toBe('Hi !');
  });
});
