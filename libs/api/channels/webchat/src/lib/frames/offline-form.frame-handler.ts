import { Injectable, Logger } from '@nestjs/common';
import { toSocketError } from '@parley/api/platform/graphql';
import { notReady } from '../exceptions/webchat.exception';
import { OfflineFormService } from '../mail/offline-form.service';
import { VisitorLimits } from '../visitor-limits';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import { clientIdOf, VisitorSocket } from './visitor-socket';

/**
 * `offline_form` (SPEC C2): accepted whenever valid (availability only decides whether the widget
 * shows the form); answered `offline_form_result`, also when refused or when the database is out.
 */
@Injectable()
@VisitorFrameHandler('offline_form')
export class OfflineFormFrameHandler implements VisitorFrameHandling {
  private readonly logger = new Logger('VisitorGateway');

  constructor(
    private readonly offlineForm: OfflineFormService,
    private readonly limits: VisitorLimits,
  ) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    const clientId = clientIdOf(frame) ?? '';
    try {
      if (!state.visitorId || !state.workspaceId) throw notReady();
      await this.limits.limitMessage(state.visitorId, state.ip);
      const ip = state.ip;
      const r = await this.offlineForm.submit(state.visitorId, state.workspaceId, frame, (channelId) => this.limits.newConversation(ip, channelId));
      if (state.conversationId !== r.conversationId) await socket.follow(r.conversationId, 0);
      socket.send({ type: 'offline_form_result', clientId, ok: true, conversationId: r.conversationId });
    } catch (e) {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { kind, field, ...answer } = toSocketError(e);
      // a crash is the gateway's to answer (INTERNAL)
      if (kind === 'internal') throw e;
      if (kind === 'unavailable') this.logger.warn(`offline form failed, answered retriable: ${(e as Error)?.message ?? e}`);
      socket.send({ type: 'offline_form_result', clientId, ok: false, ...answer });
    }
  }
}
