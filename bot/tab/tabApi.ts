import { pipeline, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import {
  DomainError,
  isConsentRequired,
  isOutcomeUnknown,
  isUpstreamUnavailable,
  type PartnerOfRecordService,
  SINCE_FORMAT,
  SinceSchema,
  isVersion,
  SubscriptionIdSchema,
  type Actor,
  type AuditEntry,
  type Partner,
  type PartnerId,
  type SubscriptionView,
  type MailDelivered,
  type PartnerAnswer,
  type RoleDirectory,
} from '../core';
import { isLoopbackHostHeader } from '../runtime/loopback';
import { answerSentence, answerSummary } from '../wording/partnerAnswer';
import {
  changeDoneMessage,
  CONFIRM_PARTNER_QUESTION,
  describeChange,
  EMAIL_STATE_LABELS,
  emailState,
  NO_PARTNER_OF_RECORD,
  partnerText,
  ROLE_LABELS,
} from '../wording/labels';
import {
  CONSENT_REQUIRED_IN_TAB,
  notAnswering,
  outcomeUnknown,
  refusalFor,
  SOMETHING_WENT_WRONG,
  readOnlyReason,
  stateChanged,
} from '../wording/refusals';
import { TabAuthError, type TabAuthenticator } from './tabAuth';
import { auditCsv, auditCsvFileName } from '../export/auditCsv';

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
  /** `file`: partner emails are only written to the bot's mail folder (no mail server), so none is sent. */
  mail?: MailDelivered;
}

/**
 * The directory the bot answers from: a seed file (its file name, and whether it is the demo seed the
 * repository ships) or Microsoft Graph.
 */
export type TabDirectorySource = { kind: 'seed'; seedFile: string; demo: boolean } | { kind: 'graph' };

/** The version the page showed (a JSON number, as tab.js sends it): anything else is a 400 that says so. */
const Version = z.custom<number>(isVersion, {
  message: 'version must be the version the page showed: a whole number from 0.',
});
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

  /** A person's mistake is a 4xx with a message, never a 500; anything else is logged. */
  const sendError = (res: restify.Response, err: unknown, path: string) => {
    const http = toHttpError(err);
    if (http.status >= 500) deps.log.error({ err, path }, 'tab API failed');
    for (const [name, value] of Object.entries(http.headers)) res.header(name, value);
    res.send(http.status, { error: { code: http.code, message: http.message, ...http.extra } });
  };
  /** Every route but the CSV download answers JSON. */
  const route = (method: 'get' | 'post', path: string, handler: Handler) => {
    server[method](path, async (req: restify.Request, res: restify.Response) => {
      res.header('cache-control', 'no-store');
      try {
        res.send(200, await handler(req));
      } catch (err) {
        sendError(res, err, path);
      }
    });
  };
  const actorOf = (req: restify.Request) => auth.authenticate(req.header('authorization'));
  const body = <T extends z.ZodTypeAny>(schema: T, req: restify.Request): z.infer<T> => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new HttpError(400, 'badRequest', parsed.error.issues[0]?.message ?? 'The request is not valid.');
    return parsed.data;
  };
  /** `?since=2025-01-31` (that day, UTC) or an ISO instant; none: the whole log. */
  const sinceOf = (req: restify.Request): string | undefined => {
    const raw = new URL(req.url ?? '/', 'http://tab.invalid').searchParams.get('since');
    if (raw === null || raw === '') return undefined;
    const parsed = SinceSchema.safeParse(raw);
    if (!parsed.success) throw new HttpError(400, 'badRequest', `since: ${SINCE_FORMAT}`);
    return parsed.data;
  };
  const subscriptionIdOf = (req: restify.Request) => {
    const parsed = SubscriptionIdSchema.safeParse(req.params?.id);
    if (!parsed.success)
      throw toHttpError(new DomainError({ code: 'unknownSubscription', subscriptionId: String(req.params?.id ?? '') }));
    return parsed.data;
  };

  route('get', '/api/tab/config', async () =>
    auth.devSignIn ? { devSignIn: true, directory: deps.directory } : { devSignIn: false },
  );

  route('get', '/api/tab/me', async (req) => {
    const actor = await actorOf(req);
    const { user, tenant, mayChange } = await service.whoIs(actor);
    const owners = (await service.owners(actor.tenantId)).map((o) => o.name);
    return {
      user: { name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role] },
      tenant: { name: tenant.name },
      mayChange,
      owners,
      readOnlyReason: mayChange ? '' : readOnlyReason(user.role, owners, user.roleNote),
    };
  });

  route('get', '/api/tab/subscriptions', async (req) =>
    (await service.list(await actorOf(req))).map(toSubscriptionJson),
  );

  route('get', '/api/tab/subscriptions/:id/history', async (req) => {
    const entries = await service.history(await actorOf(req), subscriptionIdOf(req), 50);
    const ids = entries
      .flatMap((e) => [e.oldPartnerId, e.newPartnerId])
      .filter((id): id is NonNullable<typeof id> => id !== null);
    const [partners, answers] = await Promise.all([
      service.partnersById([...new Set(ids)]),
      service.answersTo(entries),
    ]);
    return entries.map((e) => toHistoryJson(e, partners, answers.get(e.eventId) ?? null));
  });

  // The tenant's whole audit log as a CSV download, for its owner. Who asks, and `since`, are settled before the
  // first byte, so a refusal is still a JSON error; then rows stream a page at a time, as fast as they are read.
  server.get('/api/tab/history.csv', async (req: restify.Request, res: restify.Response) => {
    res.header('cache-control', 'no-store');
    let csv: Readable;
    let fileName: string;
    try {
      const actor = await actorOf(req);
      const since = sinceOf(req);
      const { tenant, rows } = await service.exportHistory(actor, since);
      fileName = auditCsvFileName(tenant.name, new Date());
      csv = auditCsv(rows);
    } catch (err) {
      sendError(res, err, '/api/tab/history.csv');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
    });
    pipeline(csv, res, (err) => {
      if (!err) return;
      // Too late for a status: the connection is cut, so the browser reports a failed download, not a shorter file.
      if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') deps.log.error({ err }, 'history CSV failed while streaming');
      res.destroy();
    });
  });

  route('post', '/api/tab/subscriptions/:id/check', async (req) => {
    const actor = await actorOf(req);
    const { partnerId, version } = body(Bodies.check, req);
    const subscriptionId = subscriptionIdOf(req);
    const { view, partner } = await staleAsConflict(service, actor, subscriptionId, () =>
      service.checkPartner(actor, subscriptionId, partnerId, { version }),
    );
    return {
      partner: toPartnerJson(partner),
      subscription: toSubscriptionJson(view),
      question: `Partner ID ${partner.partnerId} is registered to ${partner.name}. ${CONFIRM_PARTNER_QUESTION}`,
    };
  });

  for (const kind of ['attach', 'change'] as const) {
    route('post', `/api/tab/subscriptions/:id/${kind}`, async (req) => {
      const actor = await actorOf(req);
      const { partnerId, version, requestId } = body(Bodies[kind], req);
      const request = {
        subscriptionId: subscriptionIdOf(req),
        expectedVersion: version,
        idempotencyKey: requestId,
        partnerId,
      };
      return changeResult(service, actor, request.subscriptionId, () => service[kind](actor, request), deps.mail);
    });
  }

  route('post', '/api/tab/subscriptions/:id/remove', async (req) => {
    const actor = await actorOf(req);
    const { version, requestId } = body(Bodies.remove, req);
    const subscriptionId = subscriptionIdOf(req);
    return changeResult(
      service,
      actor,
      subscriptionId,
      () => service.remove(actor, { subscriptionId, expectedVersion: version, idempotencyKey: requestId }),
      deps.mail,
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
        users: users[i]!.map((u) => ({
          aadObjectId: u.aadObjectId,
          name: u.name,
          role: u.role,
          roleLabel: ROLE_LABELS[u.role],
        })),
      }));
    });
    route('post', '/api/tab/dev/sign-in', async (req) => {
      requireLocalPage(req);
      const { tenantId, aadObjectId } = body(Bodies.devSignIn, req);
      const user = await deps.roles.getUser(tenantId, aadObjectId);
      if (!user) throw new HttpError(404, 'unknownUser', "No such user in the bot's directory.");
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
  if (!local)
    throw new HttpError(403, 'notLocal', "The dev sign-in works only from the bot's own page on this machine.");
}

async function changeResult(
  service: PartnerOfRecordService,
  actor: Actor,
  subscriptionId: string,
  write: () => ReturnType<PartnerOfRecordService['remove']>,
  mail: MailDelivered | undefined,
) {
  const outcome = await staleAsConflict(service, actor, subscriptionId, write);
  return {
    subscription: toSubscriptionJson(outcome.view),
    repeated: !outcome.firstTime,
    message: changeDoneMessage(outcome.view.subscription.name, { kind: outcome.audit.kind, ...outcome }, mail),
  };
}

/** A decision made on a state the page no longer shows: 409 with what the subscription is now, and who changed it. */
async function staleAsConflict<T>(
  service: PartnerOfRecordService,
  actor: Actor,
  subscriptionId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DomainError && err.detail.code === 'stale')) throw err;
    const view = await service.view(actor, subscriptionId);
    const { title, message } = stateChanged(view, 'page');
    throw new HttpError(409, 'stale', message, { title, current: toSubscriptionJson(view) });
  }
}

/** Refusals are worded once (bot/wording/refusals.ts): the tab's error bodies say what the chat's cards say. */
function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof TabAuthError) return new HttpError(401, 'unauthenticated', err.message);
  // A change that may have been saved: the page's dialog stays open, and sending it again (the same requestId)
  // answers with the saved change or saves it now.
  if (isOutcomeUnknown(err)) {
    const { title, message } = outcomeUnknown(err.upstream);
    return new HttpError(503, 'outcomeUnknown', message, { title });
  }
  if (isUpstreamUnavailable(err)) {
    const { title, message } = notAnswering(err.upstream);
    return new HttpError(503, 'upstreamUnavailable', message, { title });
  }
  if (isConsentRequired(err)) return new HttpError(403, 'consentRequired', CONSENT_REQUIRED_IN_TAB);
  if (!(err instanceof DomainError))
    return new HttpError(500, 'internal', SOMETHING_WENT_WRONG.message, { title: SOMETHING_WENT_WRONG.title });
  const d = err.detail;
  const { title, message } = refusalFor(d);
  switch (d.code) {
    case 'unknownUser':
      return new HttpError(403, d.code, message, { title });
    case 'notOwner':
      return new HttpError(403, d.code, message, { title, owners: d.owners });
    case 'unknownSubscription':
    case 'unknownPartner':
      return new HttpError(404, d.code, message, { title });
    case 'invalidPartnerId':
      return new HttpError(400, d.code, message, { title });
    case 'samePartner':
    case 'alreadyHasPartner':
    case 'noPartnerToChange':
    case 'stale':
      return new HttpError(409, d.code, message, { title });
    case 'slowDown':
      return new HttpError(
        429,
        d.code,
        message,
        { title, retryAfterSeconds: d.retryAfterSeconds },
        { 'retry-after': String(d.retryAfterSeconds) },
      );
  }
}

/**
 * Views as the page shows them. The words (labels, "No partner of record", who changed what and when, where the
 * partner's email stands) come from bot/wording/, as the chat's cards have them; the page only lays them out.
 */
function toPartnerJson(partner: Partner) {
  return { partnerId: partner.partnerId, name: partner.name, label: partnerText(partner) };
}

function toSubscriptionJson(view: SubscriptionView) {
  const email = emailState(view);
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
    text: {
      partner: view.partner ? partnerText(view.partner) : NO_PARTNER_OF_RECORD,
      lastChange: view.lastChange ? describeChange(view.lastChange) : '',
      email: view.lastChange && email ? EMAIL_STATE_LABELS[email] : '',
      answer: view.answer ? answerSummary(view.answer) : '',
    },
    answer: view.answer ? { answer: view.answer.answer, at: view.answer.at, reason: view.answer.reason } : null,
  };
}

function toHistoryJson(entry: AuditEntry, partners: Map<string, Partner>, answer: PartnerAnswer | null) {
  const partner = (id: PartnerId | null) =>
    id ? toPartnerJson(partners.get(id) ?? { partnerId: id, name: `Partner ${id}`, email: '' }) : null;
  const oldPartner = partner(entry.oldPartnerId);
  const newPartner = partner(entry.newPartnerId);
  return {
    kind: entry.kind,
    oldPartner,
    newPartner,
    actorName: entry.actorName,
    at: entry.at,
    version: entry.version,
    text:
      `${describeChange(entry)}. From ${oldPartner?.label ?? partnerText(null)} to ${newPartner?.label ?? partnerText(null)}.` +
      (answer ? ` ${answerSentence(answer)}` : ''),
  };
}
