import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { isUniqueViolation } from '@parley/api/platform/database';
import { badInput, DomainException, isUuid, alreadyExists } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import { AVATAR_SIZE_PX, ErrorCode, LANGUAGE_CODE_PATTERN, MAX_AVATAR_BYTES, MAX_DISPLAY_NAME_LENGTH, MAX_OPERATOR_LANGUAGES } from '@parley/shared/contracts';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { decodeBase64Image, inspectImage } from '../avatars/image-inspect';
import { MAX_EMAIL_SIGNATURE_LENGTH, MAX_EMAIL_SIGNATURE_LINES, UpdateProfileInput } from '../dto/profile.input';
import { OperatorEntity } from '../entities/operator.entity';
import { LoginThrottleService } from './login-throttle.service';
import { IdentityService } from './identity.service';
import { publishOperatorUpdated } from './operator-events';
import { hashPassword, verifyPassword } from './password';

export interface StoredAvatar {
  contentType: string;
  data: Buffer;
  version: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The public, cache-busted address of an operator's avatar (served by AvatarController). */
export const avatarUrl = (operatorId: string, version: string) => `/api/avatars/${operatorId}?v=${version}`;

/** SPEC B1: an operator edits their own profile; others see the new name and avatar live. */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async update(user: AuthUser, input: UpdateProfileInput): Promise<OperatorEntity> {
    const sets: string[] = [];
    const values: unknown[] = [user.operatorId, user.workspaceId];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (input.displayName !== undefined) {
      const name = input.displayName.trim().replace(/\s+/g, ' ');
      if (!name) throw badInput('Enter a name', { field: 'displayName' });
      if (name.length > MAX_DISPLAY_NAME_LENGTH) throw badInput(`The name may have at most ${MAX_DISPLAY_NAME_LENGTH} characters`, { field: 'displayName' });
      set('display_name', name);
    }
    if (input.soundEnabled !== undefined) set('sound_enabled', input.soundEnabled);
    if (input.pushEnabled !== undefined) set('push_enabled', input.pushEnabled);
    if (input.languages !== undefined) set('languages', normalizeLanguages(input.languages));
    if (input.emailSignature !== undefined && input.emailSignature !== null) {
      // plain text: line breaks kept (CRLF folded), other control characters dropped, trailing blanks trimmed
      // eslint-disable-next-line no-control-regex
      const sig = input.emailSignature.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/[ \t]+$/gm, '').trim();
      if (sig.length > MAX_EMAIL_SIGNATURE_LENGTH) throw badInput(`The signature may have at most ${MAX_EMAIL_SIGNATURE_LENGTH} characters`, { field: 'emailSignature' });
      if (sig.split('\n').length > MAX_EMAIL_SIGNATURE_LINES) throw badInput(`The signature may have at most ${MAX_EMAIL_SIGNATURE_LINES} lines`, { field: 'emailSignature' });
      set('email_signature', sig || null);
    }
    if (sets.length) {
      await this.db.query(`UPDATE operators SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND workspace_id = $2`, values);
    }
    return this.publish(user);
  }

  async changeEmail(user: AuthUser, email: string, currentPassword: string, ip?: string): Promise<OperatorEntity> {
    await this.assertPassword(user, currentPassword, ip);
    const clean = email.trim();
    const before = await this.identity.findOperator(user.workspaceId, user.operatorId);
    if (before.email === clean) return before;
    try {
      await this.db.transaction(async (m) => {
        await m.query(`UPDATE operators SET email = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId, clean]);
        await this.audit.record(
          {
            workspaceId: user.workspaceId,
            actorId: user.operatorId,
            actorName: before.displayName,
            action: AuditAction.operatorEmailChanged,
            targetType: 'operator',
            targetId: user.operatorId,
            details: { from: before.email, to: clean },
          },
          m,
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists('An operator with this e-mail already exists', { field: 'email' });
      throw e;
    }
    return this.publish(user);
  }

  /**
   * Ends every other session at once (their refresh tokens revoked, access tokens refused, sockets
   * closed with 4401); the caller's session (the access token's `sid`) stays signed in.
   */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, keepRefreshToken: string | undefined, ip?: string): Promise<boolean> {
    await this.assertPassword(user, currentPassword, ip);
    if (newPassword === currentPassword) throw badInput('Choose a password different from the current one', { field: 'newPassword' });
    const hashed = await hashPassword(newPassword);
    const op = await this.identity.findOperator(user.workspaceId, user.operatorId);
    const publish = await this.db.transaction(async (m) => {
      await m.query(`UPDATE operators SET password_hash = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId, hashed]);
      const done = await this.identity.endSessions(user.workspaceId, user.operatorId, { except: user.sessionId, reason: 'password-changed' }, m);
      // a token of no session (issued before sessions existed): the old rule, keep only the cookie's
      if (!user.sessionId) {
        await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL AND token_hash <> $2`, [
          user.operatorId,
          keepRefreshToken ? sha256(keepRefreshToken) : '',
        ]);
      }
      await this.audit.record(
        { workspaceId: user.workspaceId, actorId: user.operatorId, actorName: op.displayName, action: AuditAction.operatorPasswordChanged, targetType: 'operator', targetId: user.operatorId },
        m,
      );
      return done;
    });
    await publish();
    return true;
  }

  /** Validates by content: PNG/JPEG/WebP magic bytes, exactly 50×50 from the header, at most 64 KB. */
  async setAvatar(user: AuthUser, base64: string): Promise<OperatorEntity> {
    const data = decodeBase64Image(base64);
    if (!data) throw badInput('The avatar must be a base64-encoded PNG, JPEG or WebP image', { field: 'avatar' });
    if (data.length > MAX_AVATAR_BYTES) throw badInput(`The avatar may be at most ${MAX_AVATAR_BYTES / 1024} KB`, { field: 'avatar' });
    const info = inspectImage(data);
    if (!info) throw badInput('The avatar must be a PNG, JPEG or WebP image', { field: 'avatar' });
    if (info.width !== AVATAR_SIZE_PX || info.height !== AVATAR_SIZE_PX) {
      throw badInput(`The avatar must be exactly ${AVATAR_SIZE_PX}×${AVATAR_SIZE_PX} pixels (got ${info.width}×${info.height})`, { field: 'avatar' });
    }
    const version = createHash('sha256').update(data).digest('hex').slice(0, 16);
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO operator_avatars (operator_id, workspace_id, content_type, data, version) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (operator_id) DO UPDATE SET content_type = EXCLUDED.content_type, data = EXCLUDED.data, version = EXCLUDED.version, updated_at = now()`,
        [user.operatorId, user.workspaceId, info.contentType, data, version],
      );
      await m.query(`UPDATE operators SET avatar_url = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId, avatarUrl(user.operatorId, version)]);
    });
    return this.publish(user);
  }

  async removeAvatar(user: AuthUser): Promise<OperatorEntity> {
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM operator_avatars WHERE operator_id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId]);
      await m.query(`UPDATE operators SET avatar_url = NULL, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId]);
    });
    return this.publish(user);
  }

  async getAvatar(operatorId: string): Promise<StoredAvatar | null> {
    if (!isUuid(operatorId)) return null;
    const [row] = await this.db.query(`SELECT content_type, data, version FROM operator_avatars WHERE operator_id = $1`, [operatorId]);
    return row ? { contentType: row.content_type, data: row.data as Buffer, version: row.version } : null;
  }

  /** The same brute-force limit as sign-in, per (operator, address) and per operator (LoginThrottleService). */
  private async assertPassword(user: AuthUser, password: string, ip: string | undefined): Promise<void> {
    const subject = `operator:${user.operatorId}`;
    await this.throttle.assertAllowed(subject, ip);
    const [row] = await this.db.query(`SELECT password_hash FROM operators WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId]);
    const ok = !!row && (await verifyPassword(row.password_hash, password));
    if (ok) await this.throttle.recordSuccess(subject, ip);
    else {
      await this.throttle.recordFailure(subject, ip);
      throw new DomainException(ErrorCode.InvalidCredentials, 'The current password is wrong', { field: 'currentPassword' });
    }
  }

  private async publish(user: AuthUser): Promise<OperatorEntity> {
    const op = await this.identity.findOperator(user.workspaceId, user.operatorId);
    await publishOperatorUpdated(this.bus, op);
    return op;
  }
}

/** Trims, de-duplicates and checks language codes (`en`, `pl`, `pt-BR`). */
export function normalizeLanguages(codes: string[]): string[] {
  const out: string[] = [];
  for (const raw of codes) {
    const trimmed = raw.trim();
    const [lang, region] = trimmed.split('-');
    const code = region ? `${lang.toLowerCase()}-${region.toUpperCase()}` : trimmed.toLowerCase();
    if (!LANGUAGE_CODE_PATTERN.test(code)) throw badInput(`"${raw.slice(0, 20)}" is not a language code (use e.g. en, pl, pt-BR)`, { field: 'languages' });
    if (!out.includes(code)) out.push(code);
  }
  if (out.length > MAX_OPERATOR_LANGUAGES) throw badInput(`At most ${MAX_OPERATOR_LANGUAGES} languages`, { field: 'languages' });
  return out;
}
