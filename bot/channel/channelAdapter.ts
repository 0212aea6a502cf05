import { AsyncLocalStorage } from 'node:async_hooks';
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { reusingConnectorClients, type BotAuthentication } from './connectorClients';

/** Set while botbuilder authenticates a request, cleared once the turn begins. */
const authenticating = new AsyncLocalStorage<{ active: boolean }>();
let consoleGuarded = false;

/**
 * botbuilder's token check writes to console.error when a token fails to verify: the error with its stack, and
 * "Available keys: " followed by the signing key's PEM. The server already logs one structured line per refused
 * request, so whatever botbuilder writes there while it authenticates is dropped; console.error elsewhere is
 * untouched.
 */
function guardConsoleDuringAuthentication(): void {
  if (consoleGuarded) return;
  consoleGuarded = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (authenticating.getStore()?.active) return;
    original(...args);
  };
}

/**
 * botbuilder's CloudAdapter, entered after the server has read and checked the request itself.
 * `CloudAdapter.process` would parse the body again, print errors with console.error, and put library error
 * text (token details included) into the response; `processActivity` does only the authentication and the
 * turn, and lets the server decide what to answer. Connector clients are reused across turns and proactive sends
 * (`reusingConnectorClients`); authentication is botbuilder's, unchanged.
 */
export class ChannelAdapter extends CloudAdapter {
  private readonly authentication: ReturnType<typeof reusingConnectorClients>;

  constructor(auth: BotAuthentication) {
    const authentication = reusingConnectorClients(auth);
    super(authentication);
    this.authentication = authentication;
  }

  /** How many Connector clients are kept now (turns' and proactive sends'). */
  connectorClientsKept(): number {
    return this.authentication.connectorClientsKept();
  }

  handle(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    // Without a token botbuilder verifies none (it accepts the request in local anonymous mode or refuses it), so it
    // writes nothing to drop. The AsyncLocalStorage that tells the guard where it is makes every promise of the
    // process dearer once entered, so it is entered only for a request with a token to check.
    if (authHeader === '') return this.processActivity(authHeader, activity, logic);
    guardConsoleDuringAuthentication();
    const phase = { active: true };
    return authenticating.run(phase, () =>
      this.processActivity(authHeader, activity, (context) => {
        phase.active = false;
        return logic(context);
      }),
    );
  }
}
