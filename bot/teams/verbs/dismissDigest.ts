import { z } from 'zod';
import { message } from '../../wording/formatter';
import { digestDismissedIn } from '../../wording/nudgesIn';
import { actionsIn } from '../noticeCards';
import { nothingToAttach, openForDigest } from './nudgeDigest';
import { defineVerb, languageOf } from './verb';

/**
 * "Not now" on a digest: every subscription the digest lists now for this person (it refreshes when it comes into
 * view) is dismissed for them, in one transaction; a subscription of theirs that appears later makes a new digest.
 */
export const dismissDigest = defineVerb({
  verb: 'dismissDigest',
  data: z.object({}),
  async handle(call, _data, actor) {
    // Only what this person may change is theirs to dismiss; with nothing listed, nothing is written.
    const list = await openForDigest(call, actor);
    const { open } = list;
    if (open.length === 0) return nothingToAttach(call, list);
    await call.nudges.dismissNudges(
      actor,
      open.map((v) => v.subscription.id),
      call.now().toISOString(),
    );
    const language = languageOf(call.turn);
    const actions = actionsIn(language);
    return call.notices.notice({
      title: message(language, 'digest.dismissedTitle'),
      message: digestDismissedIn(language, open.length),
      actions: [actions.start('attach'), actions.status],
      language,
    });
  },
});
