import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { VISITOR_FRAME_HANDLER, VisitorFrameHandler, VisitorFrameHandlerMetadata, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import { VISITOR_FRAME_HANDLERS } from './visitor-frame-handlers';
import { VisitorFrameRegistry } from './visitor-frame-registry';
import type { VisitorSocket } from './visitor-socket';

@Injectable()
@VisitorFrameHandler('send')
class SendHandler implements VisitorFrameHandling {
  readonly seen: Array<Record<string, unknown>> = [];
  async handle(_socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    this.seen.push(frame);
  }
}

@Injectable()
@VisitorFrameHandler('typing')
class TypingHandler implements VisitorFrameHandling {
  async handle(): Promise<void> {
    return;
  }
}

@Injectable()
@VisitorFrameHandler('send')
class SecondSendHandler implements VisitorFrameHandling {
  async handle(): Promise<void> {
    return;
  }
}

@Injectable()
@VisitorFrameHandler('read')
class NoHandleMethod {}

@Injectable()
@VisitorFrameHandler('')
class NoType implements VisitorFrameHandling {
  async handle(): Promise<void> {
    return;
  }
}

/** Not marked: a provider with a handle method is not a frame handler. */
@Injectable()
class Unmarked implements VisitorFrameHandling {
  async handle(): Promise<void> {
    return;
  }
}

@Module({ providers: [SendHandler], exports: [SendHandler] })
class SendModule {}

async function registryWith(...providers: Array<new (...args: never[]) => unknown>): Promise<VisitorFrameRegistry> {
  const ref = await Test.createTestingModule({
    // SendModule imported twice: one provider instance, found twice, is not a duplicate
    imports: [DiscoveryModule, SendModule, { module: class Wrapper {}, imports: [SendModule] }],
    providers: [VisitorFrameRegistry, ...providers],
  }).compile();
  await ref.init();
  return ref.get(VisitorFrameRegistry);
}

describe('VisitorFrameRegistry', () => {
  it('discovers the providers marked with @VisitorFrameHandler, once each, and nothing else', async () => {
    const registry = await registryWith(TypingHandler, Unmarked);
    expect(registry.types().sort()).toEqual(['send', 'typing']);
    const send = registry.get('send');
    expect(send).toBeInstanceOf(SendHandler);
    await send?.handle({} as VisitorSocket, { type: 'send', clientId: 'c1' });
    expect((send as SendHandler).seen).toEqual([{ type: 'send', clientId: 'c1' }]);
  });

  it('has no handler for an unknown type, nor for a type that is not text', async () => {
    const registry = await registryWith(TypingHandler);
    expect(registry.get('bogus')).toBeUndefined();
    expect(registry.get('')).toBeUndefined();
    // names an object has of its own prototype are not frame types
    expect(registry.get('constructor')).toBeUndefined();
    expect(registry.get('__proto__')).toBeUndefined();
    expect(registry.get(undefined)).toBeUndefined();
    expect(registry.get(null)).toBeUndefined();
    expect(registry.get(42)).toBeUndefined();
    expect(registry.get(['send'])).toBeUndefined();
    expect(registry.get({ toString: () => 'send' })).toBeUndefined();
  });

  it('stops the start on a second handler of one type', async () => {
    // both are named, in the order they were found
    await expect(registryWith(SecondSendHandler)).rejects.toThrow(/^two visitor frame handlers for type "send": (SendHandler and SecondSendHandler|SecondSendHandler and SendHandler)$/);
  });

  it('stops the start on a marked provider without a handle method', async () => {
    await expect(registryWith(NoHandleMethod)).rejects.toThrow('visitor frame handler NoHandleMethod has no handle method');
  });

  it('stops the start on a handler marked for no type', async () => {
    await expect(registryWith(NoType)).rejects.toThrow('visitor frame handler NoType is marked for no frame type');
  });
});

describe('the web chat frame handlers', () => {
  it('take every client frame type of the protocol, one handler each', () => {
    const reflector = new Reflector();
    const types = VISITOR_FRAME_HANDLERS.map((h) => reflector.get<VisitorFrameHandlerMetadata>(VISITOR_FRAME_HANDLER, h).type);
    expect(types.sort()).toEqual(['bot_answer', 'bot_start', 'cart', 'contact', 'edit', 'hello', 'identify', 'offline_form', 'page', 'read', 'send', 'track', 'typing']);
    for (const h of VISITOR_FRAME_HANDLERS) expect(typeof h.prototype.handle).toBe('function');
  });
});
