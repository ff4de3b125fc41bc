import { Repository } from 'typeorm';
import { ChannelEntity } from './channel.entity';
import { CHANNEL_KEY_CACHE_MS, ChannelsService } from './channels.service';

const channel = (over: Partial<ChannelEntity> = {}) => Object.assign(new ChannelEntity(), { id: 'c-1', workspaceId: 'w-1', publicKey: 'key-1', name: 'Web', active: true, settings: {}, ...over });

function repo(rows: ChannelEntity[]) {
  const findOne = jest.fn(async ({ where }: { where: { publicKey?: string; id?: string } }) => rows.find((r) => (where.publicKey ? r.publicKey === where.publicKey : r.id === where.id)) ?? null);
  const findOneOrFail = jest.fn(async ({ where }: { where: { id: string } }) => rows.find((r) => r.id === where.id) as ChannelEntity);
  const save = jest.fn(async (c: ChannelEntity) => c);
  return { findOne, findOneOrFail, save } as unknown as Repository<ChannelEntity> & { findOne: jest.Mock };
}

describe('ChannelsService.findByPublicKey (the lookup every hello makes)', () => {
  afterEach(() => jest.useRealTimers());

  it('asks the database once for many concurrent lookups of one key', async () => {
    const r = repo([channel()]);
    const s = new ChannelsService(r);
    const found = await Promise.all(Array.from({ length: 50 }, () => s.findByPublicKey('key-1')));
    expect(found.every((c) => c?.id === 'c-1')).toBe(true);
    expect(r.findOne).toHaveBeenCalledTimes(1);
  });

  it('asks again once the cached answer is older than CHANNEL_KEY_CACHE_MS', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const r = repo([channel()]);
    const s = new ChannelsService(r);
    await s.findByPublicKey('key-1');
    jest.setSystemTime(1_000_000 + CHANNEL_KEY_CACHE_MS + 1);
    await s.findByPublicKey('key-1');
    expect(r.findOne).toHaveBeenCalledTimes(2);
  });

  it('forgets the channel at once when it is saved here (an admin switched it off)', async () => {
    const rows = [channel()];
    const r = repo(rows);
    const s = new ChannelsService(r);
    expect((await s.findByPublicKey('key-1'))?.active).toBe(true);
    rows[0] = channel({ active: false });
    await s.update('w-1', 'c-1', { name: 'Web', active: false, settings: {} });
    expect((await s.findByPublicKey('key-1'))?.active).toBe(false);
  });

  it('answers null for an unknown key and does not keep a failed lookup', async () => {
    const r = repo([]);
    const s = new ChannelsService(r);
    expect(await s.findByPublicKey('nope')).toBeNull();
    r.findOne.mockRejectedValueOnce(new Error('connection lost'));
    const s2 = new ChannelsService(r);
    await expect(s2.findByPublicKey('key-x')).rejects.toThrow('connection lost');
    await expect(s2.findByPublicKey('key-x')).resolves.toBeNull();
  });

  it('hands each caller its own copy, so one caller cannot change what the next one gets', async () => {
    const s = new ChannelsService(repo([channel()]));
    const a = await s.findByPublicKey('key-1');
    (a as ChannelEntity).name = 'changed';
    expect((await s.findByPublicKey('key-1'))?.name).toBe('Web');
  });
});

describe('ChannelsService.namesWithSettings (channels whose stored settings match)', () => {
  const withQuery = () => {
    const query = jest.fn(async () => [{ name: 'Web' }]);
    const r = Object.assign(repo([]), { manager: { query } });
    return { s: new ChannelsService(r as unknown as Repository<ChannelEntity>), query };
  };

  it('matches every given setting as text, workspace-scoped, with parameters only', async () => {
    const { s, query } = withQuery();
    expect(await s.namesWithSettings('w-1', { botScenarioId: "x' OR 1=1 --", botEnabled: 'true' })).toEqual(['Web']);
    expect(query).toHaveBeenCalledWith(`SELECT name FROM channels WHERE workspace_id = $1 AND settings->>$2 = $3 AND settings->>$4 = $5`, ['w-1', 'botScenarioId', "x' OR 1=1 --", 'botEnabled', 'true']);
  });

  it('uses the caller’s transaction when given', async () => {
    const { s, query } = withQuery();
    const m = { query: jest.fn(async () => []) };
    expect(await s.namesWithSettings('w-1', { botEnabled: 'true' }, m as never)).toEqual([]);
    expect(m.query).toHaveBeenCalledTimes(1);
    expect(query).not.toHaveBeenCalled();
  });

  it('refuses an empty match (it would name every channel of the workspace)', async () => {
    const { s, query } = withQuery();
    await expect(s.namesWithSettings('w-1', {})).rejects.toThrow('at least one setting');
    expect(query).not.toHaveBeenCalled();
  });
});
