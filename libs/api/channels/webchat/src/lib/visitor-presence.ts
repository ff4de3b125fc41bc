/**
 * SPEC C7: whether a visitor has any widget socket open, on any API process (SharedState: in
 * memory for one process, Redis presence with expiry when REDIS_URL is set).
 */
export const visitorPresenceKey = (visitorId: string): string => `visitor:${visitorId}`;
