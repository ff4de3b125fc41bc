/** First-party storage on the host site, wrapped so blocked or full storage never breaks the widget. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export const tokenKey = (channelKey: string) => `parley:${channelKey}:token`;
export const settingsKey = (channelKey: string) => `parley:${channelKey}:settings`;

export function memoryStorage(initial: Record<string, string> = {}): KeyValueStore {
  const map = new Map(Object.entries(initial));
  return {
    get: (k) => (map.has(k) ? (map.get(k) as string) : null),
    set: (k, v) => void map.set(k, v),
    remove: (k) => void map.delete(k),
  };
}

/** localStorage when usable (it throws in some privacy modes), else memory for this page only. */
export function browserStorage(): KeyValueStore {
  try {
    const ls = window.localStorage;
    const probe = 'parley:probe';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return {
      get: (k) => {
        try {
          return ls.getItem(k);
        } catch {
          return null;
        }
      },
      set: (k, v) => {
        try {
          ls.setItem(k, v);
        } catch {
          /* quota or blocked: ignore */
        }
      },
      remove: (k) => {
        try {
          ls.removeItem(k);
        } catch {
          /* ignore */
        }
      },
    };
  } catch {
    return memoryStorage();
  }
}
