import { z } from 'zod';
import { GuidSchema, type Actor } from '../core';

const IdentityFields = z.object({
  from: z.object({ aadObjectId: GuidSchema.optional() }).optional(),
  conversation: z.object({ id: z.string().min(1).max(1024), tenantId: GuidSchema.optional() }),
  channelData: z.object({ tenant: z.object({ id: GuidSchema.optional() }).optional() }).optional(),
});

export interface ActivityIdentity {
  actor: Actor | null;
  conversationId: string;
}

/**
 * Who sent the activity, from the fields the channel sets: the user's Entra object id and the tenant of
 * the conversation. Card data is never consulted here: it is the client's word, not the channel's.
 */
export function identityOf(activity: unknown): ActivityIdentity | null {
  const parsed = IdentityFields.safeParse(activity);
  if (!parsed.success) return null;
  const { from, conversation, channelData } = parsed.data;
  const tenantId = conversation.tenantId ?? channelData?.tenant?.id;
  const aadObjectId = from?.aadObjectId;
  return {
    conversationId: conversation.id,
    actor:
      tenantId && aadObjectId ? { tenantId: tenantId.toLowerCase(), aadObjectId: aadObjectId.toLowerCase() } : null,
  };
}
