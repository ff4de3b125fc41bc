import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import { unauthenticated } from '@parley/api/platform/graphql';
import { OPERATOR_ROLES, OperatorRole } from '@parley/shared/contracts';
import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthUser } from './auth-user';

const ISSUER = 'parley';

export interface VisitorClaims {
  visitorId: string;
  channelId: string;
  workspaceId: string;
}

/** Signs and verifies the short-lived operator access tokens and the visitors' identity tokens. */
@Injectable()
export class TokenService {
  /**
   * The secret as a KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a
   * PEM key on every sign and verify and builds a thrown error when that fails — 1 ms or more per
   * token under load, and a reconnecting crowd of widgets signs and verifies one each.
   */
  private readonly key: KeyObject;

  constructor(private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  signAccessToken(user: AuthUser): { token: string; expiresAt: Date } {
    const ttl = this.config.accessTokenTtlSeconds;
    const token = jwt.sign({ ws: user.workspaceId, role: user.role, ...(user.sessionId ? { sid: user.sessionId } : {}) }, this.key, {
      subject: user.operatorId,
      audience: 'operator',
      issuer: ISSUER,
      expiresIn: ttl,
      algorithm: 'HS256',
    });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  verifyAccessToken(token: string): AuthUser {
    try {
      const p = jwt.verify(token, this.key, { audience: 'operator', issuer: ISSUER, algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof p.sub !== 'string' || typeof p['ws'] !== 'string' || !OPERATOR_ROLES.includes(p['role'])) {
        throw unauthenticated('Invalid access token', 'INVALID_TOKEN');
      }
      if (p['sid'] !== undefined && typeof p['sid'] !== 'string') throw unauthenticated('Invalid access token', 'INVALID_TOKEN');
      return { operatorId: p.sub, workspaceId: p['ws'], role: p['role'] as OperatorRole, ...(p['sid'] ? { sessionId: p['sid'] as string } : {}) };
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError) throw unauthenticated('Your session has expired', 'TOKEN_EXPIRED');
      if (e instanceof jwt.JsonWebTokenError) throw unauthenticated('Invalid access token', 'INVALID_TOKEN');
      throw e;
    }
  }

  /** When a (verified) access token expires; null when it carries no expiry. */
  accessTokenExpiry(token: string): Date | null {
    const p = jwt.decode(token);
    return p && typeof p === 'object' && typeof p.exp === 'number' ? new Date(p.exp * 1000) : null;
  }

  /** Identity of a web chat visitor, kept by the widget in first-party storage. */
  signVisitorToken(claims: VisitorClaims): string {
    return jwt.sign({ ch: claims.channelId, ws: claims.workspaceId }, this.key, {
      subject: claims.visitorId,
      audience: 'visitor',
      issuer: ISSUER,
      expiresIn: '400d',
      algorithm: 'HS256',
    });
  }

  /** Returns null for anything invalid: a visitor with a bad token simply becomes a new visitor. */
  verifyVisitorToken(token: string): VisitorClaims | null {
    try {
      const p = jwt.verify(token, this.key, { audience: 'visitor', issuer: ISSUER, algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof p.sub !== 'string' || typeof p['ch'] !== 'string' || typeof p['ws'] !== 'string') return null;
      return { visitorId: p.sub, channelId: p['ch'], workspaceId: p['ws'] };
    } catch {
      return null;
    }
  }
}
