import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** How a sealed secret is stored (inside a JSON column). */
export interface SealedSecret {
  $sealed: string;
}

const VERSION = 'v1';

export const isSealed = (v: unknown): v is SealedSecret => typeof v === 'object' && v !== null && typeof (v as SealedSecret).$sealed === 'string';

/**
 * Secrets stored at rest (channel passwords and tokens, issue #10; the AI provider's API key, issue
 * #11): AES-256-GCM with a key derived from CHANNEL_SECRETS_KEY. A wrong key fails `unseal` (the
 * authentication tag does not match): reported, never guessed.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(secret).digest();
  }

  seal(plain: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { $sealed: [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.') };
  }

  unseal(s: SealedSecret): string {
    const [version, iv, tag, ct] = s.$sealed.split('.');
    if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error('a stored secret is not in a known format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
}
