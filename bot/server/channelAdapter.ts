import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

/**
 * botbuilder's CloudAdapter, entered after the server has read and checked the request itself.
 * `CloudAdapter.process` would parse the body again, print errors with console.error, and put library error
 * text (token details included) into the response; `processActivity` does only the authentication and the
 * turn, and lets the server decide what to answer.
 */
export class ChannelAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
