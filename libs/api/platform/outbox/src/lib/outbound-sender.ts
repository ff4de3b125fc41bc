import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { OutboundDelivery } from './outbound-delivery';

export const OUTBOUND_SENDER = Symbol('OUTBOUND_SENDER');
export const OUTBOUND_SENDER_ORDERED = Symbol('OUTBOUND_SENDER_ORDERED');

/** A provider that delivers one kind of outbound message (e-mail today; a channel adapter tomorrow). */
export interface OutboundSenderHandler<P = unknown> {
  /** Sends it; resolves with the provider's id of the message, throws when it was not accepted (it is retried). */
  deliver(delivery: OutboundDelivery<P>): Promise<{ externalId: string | null }>;
  /** After the delivery failed for good (a permanent error, or the last attempt): e.g. mark the message failed for the operator. */
  failed?(delivery: OutboundDelivery<P>, reason: string): Promise<void>;
}

export interface OutboundSenderOptions {
  /**
   * Deliveries of this kind to one target go out one at a time, in the order they were written
   * (a conversation's replies on its channel): a row waits while an older queued row of its target
   * (of any ordered kind) is sending or waiting for its retry. Different targets go in parallel.
   */
  ordered?: boolean;
}

/** Marks a provider implementing `OutboundSenderHandler` as the sender of one delivery kind (found like `@JobProcessor`). */
export const OutboundSender = (kind: string, options: OutboundSenderOptions = {}): ClassDecorator => {
  const mark = SetMetadata(OUTBOUND_SENDER, kind);
  const ordered = SetMetadata(OUTBOUND_SENDER_ORDERED, options.ordered === true);
  return (target) => {
    mark(target);
    ordered(target);
  };
};

/** Every `@OutboundSender` of the app, by kind. */
@Injectable()
export class OutboundSenderRegistry implements OnModuleInit {
  private senders: Map<string, OutboundSenderHandler> | undefined;
  private ordered: string[] = [];

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

  /** The kinds whose deliveries go out in order per target (`@OutboundSender(kind, { ordered: true })`). */
  orderedKinds(): string[] {
    this.discover();
    return this.ordered;
  }

  private discover(): Map<string, OutboundSenderHandler> {
    if (this.senders) return this.senders;
    const found = new Map<string, OutboundSenderHandler>();
    const ordered: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const kind = this.reflector.get<string | undefined>(OUTBOUND_SENDER, wrapper.metatype);
      if (!kind) continue;
      if (found.has(kind)) throw new Error(`two outbound senders for kind ${kind}`);
      found.set(kind, wrapper.instance as OutboundSenderHandler);
      if (this.reflector.get<boolean | undefined>(OUTBOUND_SENDER_ORDERED, wrapper.metatype)) ordered.push(kind);
    }
    this.ordered = ordered;
    this.senders = found;
    return found;
  }
}
