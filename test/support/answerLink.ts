import type { BotUnderTest } from './botUnderTest';
import { DEMO } from './botUnderTest';
import { findAction, invokeCard } from './cards';
import type { ChannelServer } from './channelServer';
import type { SmtpTestServer } from './smtpTestServer';
import { TeamsUser } from './teamsUser';

/** The answer link a partner email carries. */
export const ANSWER_LINK = /http:\/\/127\.0\.0\.1:\d+\/partner-answer\?t=[\w-]+\.[\w-]+/;

/**
 * Ada attaches Wingtip Partners to Contoso's CRM subscription through the cards; the link in the partner's email
 * (the first the SMTP stand-in received).
 */
export async function answerLink(bot: BotUnderTest, channel: ChannelServer, smtp: SmtpTestServer): Promise<string> {
  const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
  const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
  const confirm = invokeCard(
    await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
  );
  invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
  await smtp.waitForCount(1);
  return ANSWER_LINK.exec(smtp.received[0]!.parsed.text ?? '')![0];
}
