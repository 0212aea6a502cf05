import { z } from 'zod';
import type { VerbRequest } from './conversationFlow';
import type { Trigger } from './verbs/verb';

/**
 * The envelope of an Adaptive Card Universal Action (`adaptiveCard/action` invoke): the verb, its data, and
 * whether a person tapped or Teams refreshed the card on its own. The data is parsed by the verb's own schema.
 */

/**
 * Anything larger than this is not something our cards produce. The largest is Check ID or Submit of an action on
 * several subscriptions: up to 100 [id, version] pairs, 9 KB with Graph's 73-character subscription ids (the picker's
 * Next: 100 ids, 7.5 KB; the done card's refresh: 100 change IDs, 4 KB). 100 ids of 150 characters and more would
 * not fit, and are answered as too large: nothing is changed. Documented in docs/what-the-server-accepts.md.
 */
export const MAX_ACTION_PAYLOAD_BYTES = 16 * 1024;

const Envelope = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().max(50),
    data: z.record(z.string(), z.unknown()).optional().default({}),
  }),
  // Teams sends "manual" for a tap and "automatic" for a card's refresh; older clients send neither.
  trigger: z.enum(['manual', 'automatic']).optional(),
});

/** Why an envelope was refused (the notice says it in the person's language). */
export type ParseFailure = { ok: false; reason: 'tooLarge' | 'malformed' };

export function parseCardAction(value: unknown): { ok: true; request: VerbRequest; trigger: Trigger } | ParseFailure {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (size > MAX_ACTION_PAYLOAD_BYTES) {
    return { ok: false, reason: 'tooLarge' };
  }
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) return { ok: false, reason: 'malformed' };
  const { action, trigger } = envelope.data;
  return {
    ok: true,
    request: { verb: action.verb, data: action.data },
    trigger: trigger === 'automatic' ? 'automatic' : 'person',
  };
}

/** Whether an activity is Teams refreshing a card: such a turn only reads (no typing, no reference saved). */
export function isAutomaticRefresh(activity: { type?: string; name?: string; value?: unknown }): boolean {
  return (
    activity.type === 'invoke' &&
    activity.name === 'adaptiveCard/action' &&
    typeof activity.value === 'object' &&
    activity.value !== null &&
    (activity.value as { trigger?: unknown }).trigger === 'automatic'
  );
}
