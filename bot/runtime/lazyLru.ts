import { LRUCache } from 'lru-cache';

/**
 * An LRU cache made at its first use. lru-cache allocates its whole capacity up front (arrays of `max` slots:
 * about 3 MB for the pacer's 100,000 waiting messages), so caches made eagerly would cost start-up time and memory
 * in a process that has not yet sent or refused anything.
 */
export function lazyLru<K extends {}, V extends {}>(max: number): () => LRUCache<K, V> {
  let cache: LRUCache<K, V> | undefined;
  return () => (cache ??= new LRUCache<K, V>({ max }));
}
