import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { VISITOR_FRAME_HANDLER, VisitorFrameHandlerMetadata, VisitorFrameHandling } from './visitor-frame-handler.decorator';

/**
 * The visitor frame handlers of this process, found at module init among the providers marked
 * with `@VisitorFrameHandler(type)`. Two handlers of one type, or a marked provider without a
 * `handle` method, stop the start.
 */
@Injectable()
export class VisitorFrameRegistry implements OnModuleInit {
  private readonly logger = new Logger('VisitorFrames');
  private readonly handlers = new Map<string, VisitorFrameHandling>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const meta = this.reflector.get<VisitorFrameHandlerMetadata | undefined>(VISITOR_FRAME_HANDLER, wrapper.metatype);
      if (!meta) continue;
      const handler = wrapper.instance as VisitorFrameHandling;
      // one provider imported into several modules is one instance: found again, not a duplicate
      if (this.handlers.get(meta.type) === handler) continue;
      this.register(meta.type, handler);
    }
    this.logger.log(`visitor frames: ${this.types().join(', ') || 'none'}`);
  }

  private register(type: string, handler: VisitorFrameHandling): void {
    if (!type) throw new Error(`visitor frame handler ${handler.constructor.name} is marked for no frame type`);
    if (typeof handler.handle !== 'function') throw new Error(`visitor frame handler ${handler.constructor.name} has no handle method`);
    const other = this.handlers.get(type);
    if (other) throw new Error(`two visitor frame handlers for type "${type}": ${other.constructor.name} and ${handler.constructor.name}`);
    this.handlers.set(type, handler);
  }

  /** The handler of a frame type; undefined for a type no handler takes (or a type that is not text). */
  get(type: unknown): VisitorFrameHandling | undefined {
    return typeof type === 'string' ? this.handlers.get(type) : undefined;
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }
}
