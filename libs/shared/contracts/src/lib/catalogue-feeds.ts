/** Issue #12 (E10): catalogue feeds — where a feed comes from, the states of an import. */
export enum FeedSource {
  /** Fetched by the server from an http(s) URL. */
  url = 'url',
  /** A file an admin uploaded (kept on the server; "Import now" reads it again). */
  upload = 'upload',
}

export enum FeedFormat {
  /** Yandex Market Language: `<yml_catalog>`. */
  yml = 'yml',
  /** Google Merchant RSS 2.0: `<rss>` with `g:` fields. */
  google = 'google',
}

export enum FeedRunState {
  queued = 'queued',
  running = 'running',
  done = 'done',
  failed = 'failed',
}

export enum FeedRunTrigger {
  manual = 'manual',
  upload = 'upload',
  schedule = 'schedule',
}

export const FEED_NAME_MAX = 100;
export const FEED_URL_MAX = 2000;
/** A scheduled re-import every 1 to 720 hours (30 days). */
export const FEED_SCHEDULE_MAX_HOURS = 720;
/** Rejected offers kept per run with their reasons (the run counts them all). */
export const FEED_REJECTIONS_KEPT = 1000;
/** Rejections per page (the `first` argument). */
export const FEED_REJECTIONS_PAGE_MAX = 100;

/** The form's checks, the same sentences as the server's. */
export function feedNameError(name: string): string | null {
  const n = name.trim();
  if (!n) return 'Give the feed a name';
  if (n.length > FEED_NAME_MAX) return `The name is longer than ${FEED_NAME_MAX} characters`;
  return null;
}

export function feedUrlError(url: string): string | null {
  const u = url.trim();
  if (!u) return 'Give the address of the feed';
  if (u.length > FEED_URL_MAX) return `The address is longer than ${FEED_URL_MAX} characters`;
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return 'This is not a web address (e.g. https://shop.example/feed.xml)';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The address must start with http:// or https://';
  if (parsed.username || parsed.password) return 'The address may not carry a user name or password';
  return null;
}

export function feedScheduleError(hours: number | null | undefined): string | null {
  if (hours === null || hours === undefined) return null;
  if (!Number.isInteger(hours) || hours < 1 || hours > FEED_SCHEDULE_MAX_HOURS) return `Re-import every 1 to ${FEED_SCHEDULE_MAX_HOURS} hours, or never`;
  return null;
}
