import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived its last full collection before it collects again:
 * 1.5 times. Left to itself, V8 picks up to 4 times when a program allocates fast, and a busy bot does (every turn
 * builds a card, a request, a reply): with about 60 MiB of live data, its heap grew to 340 MiB and RSS to 440 MiB
 * under the soak, all of it garbage waiting. At 1.5 times the same soak ran as fast and stayed near 240 MiB RSS
 * (`npm run bench -- --scenario soak` prints the live data and the heap beside RSS). The flag is read at each
 * collection, so setting it at start takes effect for the whole run.
 */
export const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
