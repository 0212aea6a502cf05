/**
 * How a change or a nudge pass that queued messages wakes the dispatcher, so they go out now rather than at
 * the next poll. Those are built before the dispatcher (which needs the Teams channel), so they ring this.
 */
export class OutboxDoorbell {
  private listener: () => void = () => undefined;

  ring(): void {
    this.listener();
  }

  answerWith(listener: () => void): void {
    this.listener = listener;
  }
}
