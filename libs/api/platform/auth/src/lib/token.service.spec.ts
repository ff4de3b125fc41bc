import { AppConfig } from '@parley/api/platform/config';
import { DomainException } from '@parley/api/platform/graphql';
import { OperatorRole } from '@parley/shared/contracts';
import jwt from 'jsonwebtoken';
import { TokenService } from './token.service';

const config = { jwtSecret: 'x'.repeat(40), accessTokenTtlSeconds: 60 } as AppConfig;
const user = { operatorId: 'op-1', workspaceId: 'ws-1', role: OperatorRole.agent };

describe('TokenService', () => {
  const tokens = new TokenService(config);

  it('round-trips an access token', () => {
    const { token, expiresAt } = tokens.signAccessToken(user);
    expect(tokens.verifyAccessToken(token)).toEqual(user);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('says TOKEN_EXPIRED for an expired token', () => {
    const expired = jwt.sign({ ws: 'ws-1', role: 'agent', exp: Math.floor(Date.now() / 1000) - 10 }, config.jwtSecret, { subject: 'op-1', audience: 'operator', issuer: 'parley' });
    expect(() => tokens.verifyAccessToken(expired)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', details: { reason: 'TOKEN_EXPIRED' } }));
  });

  it.each([
    ['garbage', 'not.a.jwt'],
    ['another secret', jwt.sign({ ws: 'w', role: 'agent' }, 'y'.repeat(40), { subject: 's', audience: 'operator', issuer: 'parley' })],
    ['a visitor token', new TokenService(config).signVisitorToken({ visitorId: 'v', channelId: 'c', workspaceId: 'w' })],
    ['an unknown role', jwt.sign({ ws: 'w', role: 'god' }, config.jwtSecret, { subject: 's', audience: 'operator', issuer: 'parley' })],
  ])('rejects %s', (_, token) => {
    expect(() => tokens.verifyAccessToken(token)).toThrow(DomainException);
  });

  it('returns null for a bad visitor token instead of throwing', () => {
    expect(tokens.verifyVisitorToken('nope')).toBeNull();
    const { token } = tokens.signAccessToken(user);
    expect(tokens.verifyVisitorToken(token)).toBeNull();
    const v = tokens.signVisitorToken({ visitorId: 'v1', channelId: 'c1', workspaceId: 'w1' });
    expect(tokens.verifyVisitorToken(v)).toEqual({ visitorId: 'v1', channelId: 'c1', workspaceId: 'w1' });
  });
});
