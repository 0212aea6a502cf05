import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { isConsentRequired, isUpstreamUnavailable } from '../ports';
import type { PartnerOfRecordService } from '../domain/partnerOfRecordService';
import { whyRoleMayNotAct } from '../domain/rules';
import { SubscriptionIdSchema, type Actor, type AuditEntry, type Partner, type SubscriptionView } from '../domain/types';
import type { RoleDirectory } from '../ports';
import { isLoopbackHostHeader } from '../loopback';
import { capitalized, ROLE_LABELS, UPSTREAM_NAMES, waitText } from '../teams/wording';
import { TabAuthError, type TabAuthenticator } from './tabAuth';

/**
 * The personal tab's JSON API. It goes through the same PartnerOfRecordService as the bot, so the rules,
 * versions and idempotency are the bot's own; only the way a person proves who they are differs.
 */
export interface TabApiDeps {
  service: PartnerOfRecordService;
  roles: RoleDirectory;
  auth: TabAuthenticator;
  log: Logger;
  /** Where the people the dev sign-in lists come from; the page says so (local anonymous mode only). */
  directory: TabDirectorySource;
}

/**
 * The directory the bot answers from: a seed file (its file name, and whether it is the demo seed the
 * repository ships) or Microsoft Graph.
 */
export type TabDirectorySource = { kind: 'seed'; seedFile: string; demo: boolean } | { kind: 'graph' };

const Version = z.number().int().min(0).max(2_147_483_647);
const RequestId = z.string().uuid();
const Bodies = {
  check: z.object({ partnerId: z.string().max(100), version: Version }),
  attach: z.object({ partnerId: z.string().max(100), version: Version, requestId: RequestId }),
  change: z.object({ partnerId: z.string().max(100), version: Version, requestId: RequestId }),
  remove: z.object({ version: Version, requestId: RequestId }),
  devSignIn: z.object({ tenantId: z.string().max(100), aadObjectId: z.string().max(100) }),
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Handler = (req: restify.Request) => Promise<unknown>;

export function registerTabApi(server: restify.Server, deps: TabApiDeps): void {
  const { service, auth } = deps;

  /** Every route answers JSON; a person's mistake is a 4xx with a message, never a 500. */
  const route = (method: 'get' | 'post', path: string, handler: Handler) => {
    server[method](path, async (req: restify.Request, res: restify.Response) => {
      res.header('cache-control', 'no-store');
      try {
        res.send(200, await handler(req));
      } catch (err) {
        const http = toHttpError(err);
        if (http.status >= 500) deps.log.error({ err, path }, 'tab API failed');
        for (const [name, value] of Object.entries(http.headers)) res.header(name, value);
        res.send(http.status, { error: { code: http.code, message: http.message, ...http.extra } });
      }
    });
  };
  const actorOf = (req: restify.Request) => auth.authenticate(req.header('authorization'));
  const body = <T extends z.ZodTypeAny>(schema: T, req: restify.Request): z.infer<T> => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw new HttpError(400, 'badRequest', parsed.error.issues[0]?.message ?? 'The request is not valid.');
    return parsed.data;
  };
  const subscriptionIdOf = (req: restify.Request) => {
    const parsed = SubscriptionIdSchema.safeParse(req.params?.id);
    if (!parsed.success) throw new HttpError(404, 'unknownSubscription', 'No such subscription in your organization.');
    return parsed.data;
  };

  route('get', '/api/tab/config', async () => (auth.devSignIn ? { devSignIn: true, directory: deps.directory } : { devSignIn: false }));

  route('get', '/api/tab/me', async (req) => {
    const actor = await actorOf(req);
    const { user, tenant, mayChange } = await service.whoIs(actor);
    const owners = (await service.owners(actor.tenantId)).map((o) => o.name);
    return {
      user: { name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role] },
      tenant: { name: tenant.name },
      mayChange,
      owners,
      readOnlyReason: mayChange ? '' : whyRoleMayNotAct(user.role),
    };
  });

  route('get', '/api/tab/subscriptions', async (req) => (await service.list(await actorOf(req))).map(toSubscriptionJson));

  route('get', '/api/tab/subscriptions/:id/history', async (req) => {
    const entries = await service.history(await actorOf(req), subscriptionIdOf(req), 50);
    const ids = entries.flatMap((e) => [e.oldPartnerId, e.newPartnerId]).filter((id): id is NonNullable<typeof id> => id !== null);
    const partners = await service.partnersById([...new Set(ids)]);
    return entries.map((e) => toHistoryJson(e, partners));
  });

  route('post', '/api/tab/subscriptions/:id/check', async (req) => {
    const actor = await actorOf(req);
    const { partnerId, version } = body(Bodies.check, req);
    const { view, partner } = await service.checkPartner(actor, subscriptionIdOf(req), partnerId);
    if (view.assignment.version !== version) throw staleError(view);
    return { partner: toPartnerJson(partner), subscription: toSubscriptionJson(view) };
  });

  for (const kind of ['attach', 'change'] as const) {
    route('post', `/api/tab/subscriptions/:id/${kind}`, async (req) => {
      const actor = await actorOf(req);
      const { partnerId, version, requestId } = body(Bodies[kind], req);
      const request = { subscriptionId: subscriptionIdOf(req), expectedVersion: version, idempotencyKey: requestId, partnerId };
      return changeResult(service, actor, request.subscriptionId, () => service[kind](actor, request));
    });
  }

  route('post', '/api/tab/subscriptions/:id/remove', async (req) => {
    const actor = await actorOf(req);
    const { version, requestId } = body(Bodies.remove, req);
    const subscriptionId = subscriptionIdOf(req);
    return changeResult(service, actor, subscriptionId, () =>
      service.remove(actor, { subscriptionId, expectedVersion: version, idempotencyKey: requestId }),
    );
  });

  if (auth.devSignIn) {
    const devSignIn = auth.devSignIn;
    // Local anonymous mode only: lists the directory so a developer can pick whom to be. Only a page served
    // by this bot on this machine may ask: a Host that is not loopback is a DNS-rebinding attempt, an Origin
    // that is not the bot's own is another site's page.
    route('get', '/api/tab/dev/users', async (req) => {
      requireLocalPage(req);
      const tenants = await deps.roles.listTenants();
      const users = await Promise.all(tenants.map((t) => deps.roles.listUsers(t.id)));
      return tenants.map((t, i) => ({
        tenant: { id: t.id, name: t.name },
        users: users[i]!.map((u) => ({ aadObjectId: u.aadObjectId, name: u.name, role: u.role, roleLabel: ROLE_LABELS[u.role] })),
      }));
    });
    route('post', '/api/tab/dev/sign-in', async (req) => {
      requireLocalPage(req);
      const { tenantId, aadObjectId } = body(Bodies.devSignIn, req);
      const user = await deps.roles.getUser(tenantId, aadObjectId);
      if (!user) throw new HttpError(404, 'unknownUser', 'No such user in the bot\'s directory.');
      return { token: await devSignIn({ tenantId: user.tenantId, aadObjectId: user.aadObjectId }) };
    });
  }
}

/** The dev sign-in answers only this machine's pages: loopback Host, and an Origin (if sent) of that host. */
function requireLocalPage(req: restify.Request): void {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  const local =
    isLoopbackHostHeader(host) &&
    (origin === undefined || origin === `http://${host}`) &&
    (fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none');
  if (!local) throw new HttpError(403, 'notLocal', 'The dev sign-in works only from the bot\'s own page on this machine.');
}

async function changeResult(
  service: PartnerOfRecordService,
  actor: Actor,
  subscriptionId: string,
  write: () => ReturnType<PartnerOfRecordService['remove']>,
) {
  try {
    const outcome = await write();
    return { subscription: toSubscriptionJson(outcome.view), repeated: !outcome.firstTime };
  } catch (err) {
    if (err instanceof DomainError && err.detail.code === 'stale') throw staleError(await service.view(actor, subscriptionId));
    throw err;
  }
}

function staleError(view: SubscriptionView): HttpError {
  return new HttpError(409, 'stale', 'Someone changed this subscription meanwhile; nothing was changed. Here is its current state.', {
    current: toSubscriptionJson(view),
  });
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof TabAuthError) return new HttpError(401, 'unauthenticated', err.message);
  if (isUpstreamUnavailable(err)) {
    return new HttpError(503, 'upstreamUnavailable', `${capitalized(UPSTREAM_NAMES[err.upstream])} is not answering; nothing was changed. Try again in a minute.`);
  }
  if (isConsentRequired(err)) {
    return new HttpError(403, 'consentRequired', 'Your organization has not granted Partner of Record read access yet. A Global Administrator can grant it with the "Grant access" button in the bot\'s chat.');
  }
  if (!(err instanceof DomainError)) return new HttpError(500, 'internal', 'Something went wrong on our side; nothing was changed.');
  const d = err.detail;
  switch (d.code) {
    case 'unknownUser':
      return new HttpError(403, d.code, 'You are not in this organization\'s directory.');
    case 'notOwner':
      return new HttpError(403, d.code, whyRoleMayNotAct(d.role), { owners: d.owners });
    case 'unknownSubscription':
      return new HttpError(404, d.code, 'No such subscription in your organization.');
    case 'invalidPartnerId':
      return new HttpError(400, d.code, d.message);
    case 'unknownPartner':
      return new HttpError(404, d.code, `No partner is registered with Partner ID ${d.partnerId}.`);
    case 'samePartner':
      return new HttpError(409, d.code, `Partner ID ${d.partnerId} is already the partner of record for this subscription.`);
    case 'alreadyHasPartner':
      return new HttpError(409, d.code, 'This subscription already has a partner of record: change it instead.');
    case 'noPartnerToChange':
      return new HttpError(409, d.code, 'This subscription has no partner of record to change or remove.');
    case 'stale':
      return new HttpError(409, d.code, 'Someone changed this subscription meanwhile; nothing was changed.');
    case 'slowDown':
      return new HttpError(
        429,
        d.code,
        `You are going a little fast: nothing was changed. Try again ${waitText(d.retryAfterSeconds)}.`,
        { retryAfterSeconds: d.retryAfterSeconds },
        { 'retry-after': String(d.retryAfterSeconds) },
      );
  }
}

function toPartnerJson(partner: Partner) {
  return { partnerId: partner.partnerId, name: partner.name };
}

function toSubscriptionJson(view: SubscriptionView) {
  return {
    id: view.subscription.id,
    service: view.subscription.service,
    name: view.subscription.name,
    partner: view.partner ? toPartnerJson(view.partner) : null,
    version: view.assignment.version,
    lastChange: view.lastChange
      ? { kind: view.lastChange.kind, actorName: view.lastChange.actorName, at: view.lastChange.at }
      : null,
    emailStatus: view.emailStatus,
  };
}

function toHistoryJson(entry: AuditEntry, partners: Map<string, Partner>) {
  const partner = (id: string | null) => (id ? { partnerId: id, name: partners.get(id)?.name ?? `Partner ${id}` } : null);
  return {
    kind: entry.kind,
    oldPartner: partner(entry.oldPartnerId),
    newPartner: partner(entry.newPartnerId),
    actorName: entry.actorName,
    at: entry.at,
    version: entry.version,
  };
}
