import { buildSchema, graphql } from 'graphql';
import { acceptCheckedEnumVariables, enumOf, registerCheckedEnumType } from './checked-enum';

describe('checked enums', () => {
  // registerCheckedEnumType marks the name; the schema here is built from SDL like the served one is from the classes
  registerCheckedEnumType(enumOf(['left', 'right'] as const), { name: 'SpecSide' });
  const schema = acceptCheckedEnumVariables(
    buildSchema(`enum SpecSide { left right }
      enum OtherSide { left right }
      type Query { side(value: SpecSide!): String! other(value: OtherSide!): String! out: SpecSide! }`),
  );
  const rootValue = { side: ({ value }: { value: string }) => `got ${value}`, other: ({ value }: { value: string }) => `got ${value}`, out: () => 'middle' };
  const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, rootValue, variableValues });

  it('enumOf maps each value to itself', () => {
    expect(enumOf(['a', 'b'] as const)).toEqual({ a: 'a', b: 'b' });
  });

  it('refuses an enum whose names are not its values', () => {
    expect(() => registerCheckedEnumType({ upper: 'UPPER' }, { name: 'SpecBad' })).toThrow(/its own value/);
  });

  it('passes known and unknown strings of a variable to the resolver (its validator decides)', async () => {
    expect((await run('query($v: SpecSide!) { side(value: $v) }', { v: 'left' })).data).toEqual({ side: 'got left' });
    expect((await run('query($v: SpecSide!) { side(value: $v) }', { v: 'middle' })).data).toEqual({ side: 'got middle' });
  });

  it('still refuses a non-string variable, a bad literal and an unmarked enum', async () => {
    expect((await run('query($v: SpecSide!) { side(value: $v) }', { v: 3 })).errors?.[0].message).toMatch(/SpecSide/);
    expect((await run('{ side(value: middle) }')).errors?.[0].message).toMatch(/does not exist in "SpecSide"/);
    expect((await run('query($v: OtherSide!) { other(value: $v) }', { v: 'middle' })).errors?.[0].message).toMatch(/does not exist in "OtherSide"/);
  });

  it('serialises outputs strictly', async () => {
    expect((await run('{ out }')).errors?.[0].message).toMatch(/cannot represent value/);
  });
});
