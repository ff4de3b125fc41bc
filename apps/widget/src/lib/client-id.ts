/** Client ids for `send` frames: crypto.randomUUID() where available, otherwise a v4 UUID built by hand. */
export interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: <T extends Uint8Array>(array: T) => T;
}

export function createClientId(
  cryptoImpl: CryptoLike | undefined = typeof crypto !== 'undefined' ? crypto : undefined,
  random: () => number = Math.random,
): string {
  if (cryptoImpl && typeof cryptoImpl.randomUUID === 'function') {
    try {
      return cryptoImpl.randomUUID();
    } catch {
      // randomUUID throws in insecure contexts in some browsers; fall through.
    }
  }
  const bytes = new Uint8Array(16);
  let filled = false;
  if (cryptoImpl && typeof cryptoImpl.getRandomValues === 'function') {
    try {
      cryptoImpl.getRandomValues(bytes);
      filled = true;
    } catch {
      filled = false;
    }
  }
  if (!filled) for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256) & 0xff;
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) hex.push((bytes[i] + 0x100).toString(16).slice(1));
  return `${hex.slice(0, 4).join('')}-${hex.slice(4, 6).join('')}-${hex.slice(6, 8).join('')}-${hex.slice(8, 10).join('')}-${hex.slice(10).join('')}`;
}
