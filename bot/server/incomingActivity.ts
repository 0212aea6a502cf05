import { z } from 'zod';
import { INSTALLATION_ACTIONS } from '../teams/installation';

/**
 * What an activity must look like before botbuilder sees it. botbuilder trusts its input (a non-string
 * `type`, a non-array `membersAdded` or a non-object `from` throw deep inside it, as 500s), so the shape
 * is checked here and anything else is a 400. Fields the bot does not read pass through untouched.
 */
const Text = (max: number) => z.string().max(max);
/**
 * An id the bot keys stored rows by and puts into the Connector's URLs: any text but control characters (C0, DEL,
 * C1; PostgreSQL's text refuses NUL) and unpaired surrogates (no UTF-8 for them, so no URL), which no channel sends.
 */
const Id = (max: number) =>
  Text(max).regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters or unpaired surrogates');
const Account = z.looseObject({
  id: Id(1024).optional(),
  name: Text(1024).optional(),
  aadObjectId: Id(100).optional(),
});
const Members = z.array(z.looseObject({ id: Text(1024) })).max(1000);

export const IncomingActivitySchema = z
  .looseObject({
    type: Text(64).min(1),
    id: Id(1024).optional(),
    channelId: Text(64).min(1),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
    timestamp: Text(64).optional(),
    from: Account,
    recipient: Account,
    conversation: z.looseObject({
      id: Id(1024).min(1),
      tenantId: Id(100).optional(),
      conversationType: Text(64).optional(),
    }),
    text: Text(28 * 1024).optional(),
    name: Text(256).optional(),
    locale: Text(64).optional(),
    // Checked against Intl where it is read (bot/wording/times.ts): a zone it does not know is shown UTC, not refused.
    localTimezone: Text(256).optional(),
    value: z.unknown().optional(),
    channelData: z.looseObject({ tenant: z.looseObject({ id: Id(100).optional() }).optional() }).optional(),
    attachments: z
      .array(z.looseObject({ contentType: Text(256) }))
      .max(50)
      .optional(),
    entities: z.array(z.looseObject({})).max(50).optional(),
    membersAdded: Members.optional(),
    membersRemoved: Members.optional(),
    replyToId: Id(1024).optional(),
    action: Text(64).optional(),
  })
  .superRefine((activity, ctx) => {
    // An installationUpdate says what happened; one that does not (or says something else) is not from Teams.
    if (
      activity.type === 'installationUpdate' &&
      !(INSTALLATION_ACTIONS as readonly string[]).includes(activity.action ?? '')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['action'],
        message: `installationUpdate needs an action: ${INSTALLATION_ACTIONS.join(', ')}`,
      });
    }
  });

export type IncomingActivity = z.infer<typeof IncomingActivitySchema>;

export type ActivityCheck = { ok: true; activity: IncomingActivity } | { ok: false; field: string };

export function checkIncomingActivity(body: unknown): ActivityCheck {
  const parsed = IncomingActivitySchema.safeParse(body);
  if (parsed.success) return { ok: true, activity: parsed.data };
  return { ok: false, field: parsed.error.issues[0]?.path.join('.') || '(body)' };
}
