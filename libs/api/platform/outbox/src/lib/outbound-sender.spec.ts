import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { OutboundDelivery, outboundBackoffMs } from './outbound-delivery';
import { OutboundSender, OutboundSenderHandler, OutboundSenderRegistry } from './outbound-sender';

@Injectable()
@OutboundSender('email')
class FakeEmail implements OutboundSenderHandler {
  async deliver(d: OutboundDelivery) {
    return { externalId: `<${d.id}@mail>` };
  }
}

@Injectable()
@OutboundSender('telegram', { ordered: true })
class FakeTelegram implements OutboundSenderHandler {
  async deliver() {
    return { externalId: '42' };
  }
}

@Injectable()
class NotASender {}

@Injectable()
@OutboundSender('email')
class SecondEmail extends FakeEmail {}

describe('OutboundSenderRegistry', () => {
  it('finds each @OutboundSender provider by its kind, and nothing for an unknown kind', async () => {
    const mod = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [OutboundSenderRegistry, FakeEmail, FakeTelegram, NotASender] }).compile();
    await mod.init();
    const reg = mod.get(OutboundSenderRegistry);
    expect(reg.kinds().sort()).toEqual(['email', 'telegram']);
    expect(reg.get('email')).toBe(mod.get(FakeEmail));
    expect(await reg.get('telegram')?.deliver({} as OutboundDelivery)).toEqual({ externalId: '42' });
    expect(reg.get('whatsapp')).toBeUndefined();
    // only the kind marked ordered goes out in order per target
    expect(reg.orderedKinds()).toEqual(['telegram']);
    await mod.close();
  });

  it('refuses two senders for one kind', async () => {
    const mod = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [OutboundSenderRegistry, FakeEmail, SecondEmail] }).compile();
    await expect(mod.init()).rejects.toThrow(/two outbound senders for kind email/);
  });
});

describe('outboundBackoffMs', () => {
  it('doubles the wait after each failed attempt', () => {
    expect([1, 2, 3, 4].map((a) => outboundBackoffMs(a, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(outboundBackoffMs(0, 300)).toBe(300);
  });
});
