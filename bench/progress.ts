/**
 * One line on stderr saying what the bench is doing and for how long it has run: redrawn in place on a terminal,
 * else printed when the phase changes (and at most every 30 s otherwise), so a log file stays short.
 */
export class Progress {
  private readonly started = Date.now();
  private readonly tty = process.stderr.isTTY === true;
  private phase = '';
  private detail = '';
  private shown = false;
  private lastDraw = 0;
  private lastLine = 0;

  /** A new phase: shown at once. */
  set(phase: string, detail = ''): void {
    this.phase = phase;
    this.detail = detail;
    this.draw(true);
  }

  /** The current phase's detail (a count, say): redrawn at most 5 times a second. */
  tick(detail: string): void {
    this.detail = detail;
    this.draw(false);
  }

  /** Prints a line above the progress line. */
  log(text: string): void {
    this.clear();
    console.log(text);
    if (this.phase) this.draw(true);
  }

  /** Clears the line for good (before the results are printed). */
  done(): void {
    this.clear();
    this.phase = '';
  }

  private clear(): void {
    if (this.tty && this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (this.tty) {
      if (!force && now - this.lastDraw < 200) return;
      this.lastDraw = now;
      const line = this.text();
      const width = process.stderr.columns ?? 120;
      process.stderr.write(`\r\x1b[K${line.length >= width ? line.slice(0, width - 1) : line}`);
      this.shown = true;
    } else {
      if (!force && now - this.lastLine < 30_000) return;
      this.lastLine = now;
      process.stderr.write(`${this.text()}\n`);
    }
  }

  private text(): string {
    const s = Math.floor((Date.now() - this.started) / 1000);
    const clock = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    return `[${clock}] ${this.phase}${this.detail ? `: ${this.detail}` : ''}`;
  }
}

export const progress = new Progress();
