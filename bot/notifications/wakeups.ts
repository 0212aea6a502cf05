/**
 * The times at which postponed outbox messages come due, earliest first (a binary min-heap), so the dispatcher can
 * run a pass then instead of at its next poll. One entry per postponement; entries are dropped once past.
 */
export class Wakeups {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  add(at: number): void {
    const heap = this.heap;
    heap.push(at);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= heap[i]!) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** The earliest time still to come, after dropping those at or before `now`; and whether any was dropped. */
  next(now: number): { at: number | undefined; passed: boolean } {
    let passed = false;
    while (this.heap.length > 0 && this.heap[0]! <= now) {
      this.pop();
      passed = true;
    }
    return { at: this.heap[0], passed };
  }

  clear(): void {
    this.heap.length = 0;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left]! < heap[smallest]!) smallest = left;
      if (right < heap.length && heap[right]! < heap[smallest]!) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  }
}
