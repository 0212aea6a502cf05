import { LRUCache } from 'lru-cache';

/**
 * A small read-through cache: values kept `ttlMs`, at most `max` of them, and one load at a time per key (a
 * turn asks for the same user several times at once). Failures are never cached, so an upstream that comes
 * back, or a tenant that has just consented, is seen at the next call. `ttlMs` 0 turns caching off.
 */
export class TtlCache<V> {
  private readonly cache: LRUCache<string, { value: V }> | null;
  private readonly loading = new Map<string, Promise<V>>();

  /** `ttlFor` may keep some values shorter (a "not found" that may be found tomorrow). */
  constructor(
    max: number,
    ttlMs: number,
    private readonly ttlFor: (value: V) => number = () => ttlMs,
  ) {
    this.cache = ttlMs > 0 ? new LRUCache({ max, ttl: ttlMs }) : null;
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.cache?.get(key);
    if (hit) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const call = load()
      .then((value) => {
        this.cache?.set(key, { value }, { ttl: this.ttlFor(value) });
        return value;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, call);
    return call;
  }
}
