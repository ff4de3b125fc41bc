import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders kept on the GraphQL context object, so field resolvers batch their
 * look-ups (no N+1) without request-scoped providers.
 */
const LOADERS = Symbol('loaders');

export function loaderFor<K, V>(ctx: object, key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
  // a subscription's context lives as long as the subscription: caching there would serve stale rows
  if ((ctx as { isSubscription?: boolean }).isSubscription) return create();
  const holder = ctx as { [LOADERS]?: Map<string, unknown> };
  const map = (holder[LOADERS] ??= new Map());
  let loader = map.get(key) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = create();
    map.set(key, loader);
  }
  return loader;
}

/** Orders rows to match the requested keys, as DataLoader requires. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const index = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => index.get(k) ?? null);
}
