import { lazyLru } from '../runtime/lazyLru';

/**
 * How often one address, and one link, may ask for the answer page or post an answer: fixed one-minute windows in
 * this process's memory, bounded by an LRU. The page is reached by people (and mail scanners) a few times per
 * change, so anything near the limit is a script; a refusal costs the store nothing.
 */
export interface LinkRateLimits {
  perAddressPerMinute: number;
  perLinkPerMinute: number;
  now?: () => number;
}

const WINDOW_MS = 60_000;

export class LinkRateLimiter {
  /** Made at the first request: lru-cache allocates its whole capacity at once. */
  private readonly windows = lazyLru<string, { start: number; count: number }>(20_000);
  private readonly now: () => number;

  constructor(private readonly limits: LinkRateLimits) {
    this.now = limits.now ?? Date.now;
  }

  /** Counts one request; false when the address or the link used up its minute. Both are counted either way. */
  take(address: string, link: string): boolean {
    const byAddress = this.count(`a:${address}`);
    const byLink = this.count(`l:${link}`);
    return byAddress <= this.limits.perAddressPerMinute && byLink <= this.limits.perLinkPerMinute;
  }

  private count(key: string): number {
    const now = this.now();
    const window = this.windows().get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      this.windows().set(key, { start: now, count: 1 });
      return 1;
    }
    window.count += 1;
    return window.count;
  }
}
