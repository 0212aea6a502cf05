import { z } from 'zod';
import { DIGEST_DISMISSED_TITLE, digestDismissedMessage } from '../../wording/nudges';
import { ACTIONS } from '../noticeCards';
import { openForDigest } from './nudgeDigest';
import { defineVerb } from './verb';

/**
 * "Not now" on a digest: every subscription the digest lists now (it refreshes when it comes into view) is
 * dismissed for this person, in one transaction; a subscription that appears later makes a new digest.
 */
export const dismissDigest = defineVerb({
  verb: 'dismissDigest',
  data: z.object({}),
  async handle(call, _data, actor) {
    // Only owners get a digest; openForDigest refuses anyone else before anything is written.
    const open = await openForDigest(call, actor);
    await call.nudges.dismissNudges(
      actor,
      open.map((v) => v.subscription.id),
      call.now().toISOString(),
    );
    return call.notices.notice({
      title: DIGEST_DISMISSED_TITLE,
      message: digestDismissedMessage(open.length),
      actions: [ACTIONS.start('attach'), ACTIONS.status],
    });
  },
});
