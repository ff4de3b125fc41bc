import { Injectable } from '@nestjs/common';
import { AppConfig, isSealed, SealedSecret, SecretBox } from '@parley/api/platform/config';

export { isSealed };
export type { SealedSecret };

/** The value at a dotted path (`imap.password`) of a settings object. */
function getPath(o: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  if (value === undefined) delete cur[keys[keys.length - 1]];
  else cur[keys[keys.length - 1]] = value;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/**
 * Issue #10: channel secrets (IMAP/SMTP passwords, bot tokens, app secrets) are stored encrypted
 * (AES-256-GCM, key from CHANNEL_SECRETS_KEY) inside the channel's settings JSON, and never leave
 * the API: `redact` is what GraphQL shows (which secrets are set, not their values). Adapters get
 * the settings `open`ed, in memory only.
 */
@Injectable()
export class ChannelSecrets {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.channelSecretsKey);
  }

  seal(plain: string): SealedSecret {
    return this.box.seal(plain);
  }

  /** A wrong CHANNEL_SECRETS_KEY fails here (the tag does not match): reported, never guessed. */
  unseal(s: SealedSecret): string {
    return this.box.unseal(s);
  }

  /**
   * The settings to store: each secret path given as text is sealed; one left empty or absent keeps
   * the stored (sealed) value, so an admin edits a channel without typing its password again.
   */
  sealInto(incoming: Record<string, unknown>, stored: Record<string, unknown> | null, secretPaths: readonly string[]): Record<string, unknown> {
    const out = clone(incoming) ?? {};
    for (const path of secretPaths) {
      const v = getPath(out, path);
      if (typeof v === 'string' && v !== '') setPath(out, path, this.seal(v));
      else if (isSealed(v)) setPath(out, path, v);
      else {
        const kept = stored ? getPath(stored, path) : undefined;
        setPath(out, path, isSealed(kept) ? kept : undefined);
      }
    }
    return out;
  }

  /** The settings with every sealed value opened (for the adapter, in memory). */
  open(settings: Record<string, unknown> | null | undefined): Record<string, unknown> {
    const walk = (v: unknown): unknown => {
      if (isSealed(v)) return this.unseal(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return (walk(settings ?? {}) as Record<string, unknown>) ?? {};
  }

  /** The settings as an admin sees them: secrets removed, plus the paths of those that are set. */
  redact(settings: Record<string, unknown> | null | undefined, secretPaths: readonly string[]): { settings: Record<string, unknown>; secretsSet: string[] } {
    const out = clone(settings ?? {}) as Record<string, unknown>;
    const secretsSet: string[] = [];
    for (const path of secretPaths) {
      const v = getPath(out, path);
      if (v !== undefined && v !== null && v !== '') secretsSet.push(path);
      // only a path that is there is cleared: clearing an absent one would add its empty parents
      if (v !== undefined) setPath(out, path, undefined);
    }
    // a sealed value under a path no field names any more is not shown either
    const strip = (v: unknown): unknown => {
      if (isSealed(v)) return undefined;
      if (Array.isArray(v)) return v.map(strip);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => !isSealed(x)).map(([k, x]) => [k, strip(x)]));
      return v;
    };
    return { settings: strip(out) as Record<string, unknown>, secretsSet };
  }
}
