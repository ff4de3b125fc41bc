import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { OutboundDelivery } from './outbound-delivery';

export const OUTBOUND_SENDER = Symbol('OUTBOUND_SENDER');

/** A provider that delivers one kind of outbound message (e-mail today; a channel adapter tomorrow). */
export interface OutboundSenderHandler<P = unknown> {
  /** Sends it; resolves with the provider's id of the message, throws when it was not accepted (it is retried). */
  deliver(delivery: OutboundDelivery<P>): Promise<{ externalId: string | null }>;
  /** After the delivery failed for good (a permanent error, or the last attempt): e.g. mark the message failed for the operator. */
  failed?(delivery: OutboundDelivery<P>, reason: string): Promise<void>;
}

/** Marks a provider implementing `OutboundSenderHandler` as the sender of one delivery kind (found like `@JobProcessor`). */
export const OutboundSender = (kind: string) => SetMetadata(OUTBOUND_SENDER, kind);

/** Every `@OutboundSender` of the app, by kind. */
@Injectable()
export class OutboundSenderRegistry implements OnModuleInit {
  private senders: Map<string, OutboundSenderHandler> | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    this.discover();
  }

  get(kind: string): OutboundSenderHandler | undefined {
    return this.discover().get(kind);
  }

  kinds(): string[] {
    return [...this.discover().keys()];
  }

  private discover(): Map<string, OutboundSenderHandler> {
    if (this.senders) return this.senders;
    const found = new Map<string, OutboundSenderHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const kind = this.reflector.get<string | undefined>(OUTBOUND_SENDER, wrapper.metatype);
      if (!kind) continue;
      if (found.has(kind)) throw new Error(`two outbound senders for kind ${kind}`);
      found.set(kind, wrapper.instance as OutboundSenderHandler);
    }
    this.senders = found;
    return found;
  }
}
