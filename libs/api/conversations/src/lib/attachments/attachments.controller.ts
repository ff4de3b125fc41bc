import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser, TokenService } from '@parley/api/platform/auth';
import { DomainException, forbidden, isUuid, unauthenticated } from '@parley/api/platform/graphql';
import { ErrorCode, MAX_ATTACHMENT_BYTES, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import type { Request, Response } from 'express';
import { isOthersConversation } from '../services/conversation-events';
import { ConversationsService } from '../services/conversations.service';
import { tooLarge } from './attachment-storage';
import { AttachmentsService } from './attachments.service';
import { answerError, declaredLength, sendFile } from './http-answer';

/**
 * Operators' uploads and everyone's downloads (SPEC A9):
 * - `POST /api/attachments?conversationId=…&name=…` with `Authorization: Bearer …` and the raw
 *   file as the body → 201 `{ attachment }`. Only someone who may reply in the conversation.
 * - `GET /api/attachments/:id` with a bearer token, or with a signed link (`sub`, `exp`, `sig`)
 *   handed out in messages.
 */
@Controller('api/attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly conversations: ConversationsService,
    private readonly tokens: TokenService,
    private readonly access: OperatorAccessService,
  ) {}

  @Post()
  async upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const user = (await this.operator(req, true)) as AuthUser;
      if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read conversations but not send files');
      const conversationId = req.query['conversationId'];
      if (typeof conversationId !== 'string' || !isUuid(conversationId)) throw new DomainException(ErrorCode.BadUserInput, 'conversationId must be a UUID');
      const conversation = await this.conversations.getForOperator(user, conversationId);
      // like sending: not into another agent's conversation unless invited to it (B7)
      if (isOthersConversation(user, conversation)) throw forbidden('This conversation belongs to another operator');
      const length = declaredLength(req);
      if (length !== undefined && length > MAX_ATTACHMENT_BYTES) throw tooLarge();
      const a = await this.attachments.upload(req, {
        workspaceId: user.workspaceId,
        conversationId,
        uploaderType: 'operator',
        uploaderId: user.operatorId,
        name: req.query['name'],
        declaredLength: length,
      });
      res.status(201).json({ attachment: this.attachments.forUploader(a) });
    } catch (e) {
      answerError(req, res, e);
    }
  }

  @Get(':id')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const user = await this.operator(req, false);
      const caller = user ? { user } : { signed: { sub: req.query['sub'], exp: req.query['exp'], sig: req.query['sig'] } };
      if (!user && req.query['sig'] === undefined) throw unauthenticated('Sign in or use the link from the conversation');
      const { attachment, file } = await this.attachments.authorize(id, caller, (u, conversationId) => this.conversations.getForOperator(u, conversationId));
      sendFile(res, attachment, file);
    } catch (e) {
      answerError(req, res, e);
    }
  }

  /** The bearer token's operator with their current role; a deactivated or deleted one is refused (as in GraphQL). */
  private async operator(req: Request, required: boolean): Promise<AuthUser | null> {
    const header = req.headers['authorization'];
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) {
      if (required) throw unauthenticated();
      return null;
    }
    const user = this.tokens.verifyAccessToken(match[1]);
    const access = await this.access.access(user);
    if (!access) throw unauthenticated('Your session has expired', 'OPERATOR_GONE');
    if (!access.active) throw unauthenticated('Your account has been deactivated', 'OPERATOR_DEACTIVATED');
    return { ...user, role: access.role };
  }
}
