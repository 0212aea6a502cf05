import type { Logger } from 'pino';
import type { TeamsTurn } from '../channel';

/** When typing shows: after `typingDelayMs` of work, then every `typingRepeatMs` (Teams hides it after a while). */
export interface TypingTimes {
  /**
   * A message or a tap whose answer takes longer than this shows a typing indicator; a quicker answer comes
   * without one (an indicator that vanishes as the card lands tells a person nothing, and costs a post to Teams).
   */
  typingDelayMs: number;
  typingRepeatMs: number;
}

/** Runs `work`, showing typing if it outlasts `typingDelayMs`, and again every `typingRepeatMs`. */
export async function withTyping<T>(
  turn: TeamsTurn,
  times: TypingTimes,
  log: Logger,
  work: () => Promise<T>,
): Promise<T> {
  // The typing indicator goes out while the work runs, not ahead of it; the answer waits for the indicator
  // in flight, so the chat never sees typing after the answer.
  let inFlight: Promise<unknown> = Promise.resolve();
  const sendTyping = () => {
    inFlight = turn.showTyping().catch((err: unknown) => log.warn({ err }, 'typing indicator not sent'));
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      sendTyping();
      schedule(times.typingRepeatMs);
    }, ms);
  };
  schedule(times.typingDelayMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    await inFlight;
  }
}
