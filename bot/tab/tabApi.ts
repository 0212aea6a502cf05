import { pipeline, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import {
  type Actor,
  mayChangePartnerOfRecord,
  type BatchChangeOutcome,
  type ChangeOutcome,
  DomainError,
  done,
  isVersion,
  type MailDelivered,
  MAX_BATCH_CHANGES,
  mapDone,
  type Outcome,
  replacedPartners,
  outcomeOf,
  type PartnerOfRecordService,
  type RoleDirectory,
  SINCE_FORMAT,
  SinceSchema,
  SubscriptionIdSchema,
} from '../core';
import { auditCsv, auditCsvFileName } from '../export/auditCsv';
import { isLoopbackHostHeader } from '../runtime/loopback';
import { changeDoneMessageIn } from '../wording/changesIn';
import { readOnlyReasonIn } from '../wording/inLanguage';
import { type Language, languageOf, languageOfAcceptLanguage } from '../wording/language';
import { selectionDoneMessageIn } from '../wording/severalIn';
import { checkQuestionIn, roleLabelIn } from '../wording/tabIn';
import { tabWording } from '../wording/tabWording';
import { HttpError, httpErrorFor, httpErrorOf } from './outcomeResponses';
import type { TabAuthenticator } from './tabAuth';
import { inListOrder, toHistoryJson, toPartnerJson, toSubscriptionJson } from './tabJson';

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

/** The rows selected on the page, each at the version it showed: 1 to 100, each once; beyond is a 400. */
const Selection = z
  .array(z.object({ id: SubscriptionIdSchema, version: Version }))
  .min(1, 'Select at least one subscription.')
  .max(MAX_BATCH_CHANGES, `Select at most ${MAX_BATCH_CHANGES} subscriptions.`)
  .refine((rows) => new Set(rows.map((r) => r.id)).size === rows.length, 'A subscription is selected twice.')
  .transform((rows) => rows.map((r) => ({ subscriptionId: r.id, version: r.version })));
const Kind = z.enum(['attach', 'change']);
const SelectionBodies = {
  check: z.object({ kind: Kind, selection: Selection, partnerId: z.string().max(100) }),
  save: z.object({ selection: Selection, partnerId: z.string().max(100), requestId: RequestId }),
};

/**
 * `GET /api/tab/wording?language=de-DE`: the tag the page has (teams-js's `app.locale`, or the browser's language);
 * without one, the request's Accept-Language. A tag of a language the bot does not speak is answered in English.
 */
const WordingQuery = z.object({
  language: z
    .string()
    .max(64, 'language: a language tag such as de-DE.')
    .regex(/^[A-Za-z0-9-]+$/, 'language: a language tag such as de-DE.')
    .optional(),
});

/**
 * The page's language, which it names in every API request's Accept-Language (the one the wording answered):
 * sentences built from data come in it. Any other client gets English, or its own first choice.
 */
function languageOfRequest(req: restify.Request): Language {
  return languageOfAcceptLanguage(req.headers['accept-language']);
}

/** A JSON route's handler: what the request did, as an outcome (a throw is answered the same way). */
type Handler = (req: restify.Request, language: Language) => Promise<Outcome<unknown>>;

/** What every group of routes below is given. */
interface TabRoutes {
  /** Adds a route that answers JSON: 200 with what was done, or the error its outcome is. */
  route(method: 'get' | 'post', path: string, handler: Handler): void;
  /** Answers `res` with what `work` settles to: `sendDone` for what was done, else the error as JSON, in `language`. */
  answer<T>(
    res: restify.Response,
    path: string,
    work: () => Promise<Outcome<T>>,
    sendDone: (value: T) => void,
    language: Language,
  ): void;
  actorOf(req: restify.Request): Promise<Actor>;
}

export function registerTabApi(server: restify.Server, deps: TabApiDeps): void {
  const tab = tabRoutes(server, deps);
  registerWording(tab);
  registerReadRoutes(tab, deps);
  registerHistoryCsv(server, tab, deps);
  registerChangeRoutes(tab, deps);
  registerSelectionRoutes(tab, deps);
  if (deps.auth.devSignIn) registerDevSignIn(tab, deps, deps.auth.devSignIn);
}

function tabRoutes(server: restify.Server, deps: TabApiDeps): TabRoutes {
  const sendError = (res: restify.Response, http: HttpError, cause: Record<string, unknown>, path: string) => {
    if (http.status >= 500) deps.log.error({ ...cause, path }, 'tab API failed');
    for (const [name, value] of Object.entries(http.headers)) res.header(name, value);
    res.send(http.status, { error: { code: http.code, message: http.message, ...http.extra } });
  };
  const answer: TabRoutes['answer'] = async (res, path, work, sendDone, language) => {
    let outcome: Awaited<ReturnType<typeof work>>;
    try {
      outcome = await settle(work);
    } catch (err) {
      return sendError(res, httpErrorOf(err, language), { err }, path);
    }
    if (outcome.kind === 'done') return sendDone(outcome.value);
    sendError(res, httpErrorFor(outcome, language), { outcome }, path);
  };
  return {
    answer,
    route(method, path, handler) {
      server[method](path, async (req: restify.Request, res: restify.Response) => {
        res.header('cache-control', 'no-store');
        const language = languageOfRequest(req);
        await answer(
          res,
          path,
          () => handler(req, language),
          (value) => res.send(200, value),
          language,
        );
      });
    },
    actorOf: (req) => deps.auth.authenticate(req.header('authorization')),
  };
}

/** What a handler's work settles to: the outcome it answered, or the outcome of what it threw. */
async function settle<T>(work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const outcome = await outcomeOf(work);
  return outcome.kind === 'done' ? outcome.value : outcome;
}

/** The page's words in its language: asked before sign-in, so they need none. */
function registerWording({ route }: TabRoutes): void {
  route('get', '/api/tab/wording', async (req, fromHeader) => {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://tab.invalid').searchParams);
    const parsed = WordingQuery.safeParse(query);
    if (!parsed.success) throw new HttpError(400, 'badRequest', parsed.error.issues[0]!.message);
    const { language } = parsed.data;
    return done(tabWording(language === undefined ? fromHeader : languageOf(language)));
  });
}

function registerReadRoutes({ route, actorOf }: TabRoutes, { service, auth, directory }: TabApiDeps): void {
  route('get', '/api/tab/config', async () =>
    done(auth.devSignIn ? { devSignIn: true, directory } : { devSignIn: false }),
  );

  route('get', '/api/tab/me', async (req, language) => {
    const actor = await actorOf(req);
    const { user, tenant, mayChange, someHaveOwnOwners } = await service.whoIs(actor);
    const owners = (await service.owners(actor.tenantId)).map((o) => o.name);
    return done({
      user: { name: user.name, role: user.role, roleLabel: roleLabelIn(language, user.role) },
      tenant: { name: tenant.name },
      mayChange,
      // The history export is the whole tenant's: the tenant's owner role only, as exportHistory checks.
      mayExport: mayChangePartnerOfRecord(user.role),
      owners,
      readOnlyReason: mayChange ? '' : readOnlyReasonIn(language, user.role, owners, user.roleNote, someHaveOwnOwners),
    });
  });

  // Each row says whether this person may change it: an Azure subscription's Owners decide it, not the tenant's
  // owner role. Everyone may look at every row.
  route('get', '/api/tab/subscriptions', async (req, language) => {
    const actor = await actorOf(req);
    const views = await service.list(actor);
    const changeable = new Set((await service.changeable(actor, views)).map((v) => v.subscription.id));
    return done(
      inListOrder(views, language).map((v) => ({
        ...toSubscriptionJson(v, language),
        mayChange: changeable.has(v.subscription.id),
      })),
    );
  });

  route('get', '/api/tab/subscriptions/:id/history', async (req, language) => {
    const entries = await service.history(await actorOf(req), subscriptionIdOf(req), 50);
    const ids = entries
      .flatMap((e) => [e.oldPartnerId, e.newPartnerId])
      .filter((id): id is NonNullable<typeof id> => id !== null);
    const [partners, answers] = await Promise.all([
      service.partnersById([...new Set(ids)]),
      service.answersTo(entries),
    ]);
    return done(entries.map((e) => toHistoryJson(e, partners, answers.get(e.eventId) ?? null, language)));
  });
}

/**
 * The tenant's whole audit log as a CSV download, for its owner. Who asks, and `since`, are settled before the
 * first byte, so a refusal is still a JSON error; then rows stream a page at a time, as fast as they are read.
 */
function registerHistoryCsv(server: restify.Server, { answer, actorOf }: TabRoutes, deps: TabApiDeps): void {
  const path = '/api/tab/history.csv';
  server.get(path, async (req: restify.Request, res: restify.Response) => {
    res.header('cache-control', 'no-store');
    const started = async () => {
      const actor = await actorOf(req);
      const { tenant, rows } = await deps.service.exportHistory(actor, sinceOf(req));
      return done({ fileName: auditCsvFileName(tenant.name, new Date()), csv: auditCsv(rows) });
    };
    await answer(
      res,
      path,
      started,
      ({ fileName, csv }) => streamCsv(res, fileName, csv, deps.log),
      languageOfRequest(req),
    );
  });
}

function streamCsv(res: restify.Response, fileName: string, csv: Readable, log: Logger): void {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
  });
  pipeline(csv, res, (err) => {
    if (!err) return;
    // Too late for a status: the connection is cut, so the browser reports a failed download, not a shorter file.
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') log.error({ err }, 'history CSV failed while streaming');
    res.destroy();
  });
}

/** Check, attach, change and remove: each at the version the page showed; a newer state is a 409 with it. */
function registerChangeRoutes({ route, actorOf }: TabRoutes, { service, mail }: TabApiDeps): void {
  route('post', '/api/tab/subscriptions/:id/check', async (req, language) => {
    const actor = await actorOf(req);
    const { partnerId, version } = body(Bodies.check, req);
    const subscriptionId = subscriptionIdOf(req);
    const checked = await service.attemptAt(actor, subscriptionId, version, () =>
      service.checkPartner(actor, subscriptionId, partnerId, { version }),
    );
    return mapDone(checked, ({ view, partner }) => ({
      partner: toPartnerJson(partner, language),
      subscription: toSubscriptionJson(view, language),
      question: checkQuestionIn(language, partner),
    }));
  });

  for (const kind of ['attach', 'change'] as const) {
    route('post', `/api/tab/subscriptions/:id/${kind}`, async (req, language) => {
      const actor = await actorOf(req);
      const { partnerId, version, requestId } = body(Bodies[kind], req);
      const subscriptionId = subscriptionIdOf(req);
      const saved = await service.attemptAt(actor, subscriptionId, version, (expectedVersion) =>
        service[kind](actor, { subscriptionId, expectedVersion, idempotencyKey: requestId, partnerId }),
      );
      return mapDone(saved, (change) => changeJson(change, mail, language));
    });
  }

  route('post', '/api/tab/subscriptions/:id/remove', async (req, language) => {
    const actor = await actorOf(req);
    const { version, requestId } = body(Bodies.remove, req);
    const subscriptionId = subscriptionIdOf(req);
    const saved = await service.attemptAt(actor, subscriptionId, version, (expectedVersion) =>
      service.remove(actor, { subscriptionId, expectedVersion, idempotencyKey: requestId }),
    );
    return mapDone(saved, (change) => changeJson(change, mail, language));
  });
}

/**
 * Check, attach and change for the rows selected: one action on all of them, all saved or none; a selection of
 * which some changed since the page showed it is a 409 naming those.
 */
function registerSelectionRoutes({ route, actorOf }: TabRoutes, { service, mail }: TabApiDeps): void {
  route('post', '/api/tab/selection/check', async (req, language) => {
    const actor = await actorOf(req);
    const { kind, selection, partnerId } = body(SelectionBodies.check, req);
    const checked = await service.attemptSelection(actor, () =>
      service.checkSelectionPartner(actor, kind, selection, partnerId),
    );
    return mapDone(checked, ({ views, partner }) => ({
      partner: toPartnerJson(partner, language),
      subscriptions: views.map((v) => toSubscriptionJson(v, language)),
      question: checkQuestionIn(language, partner),
    }));
  });

  for (const kind of ['attach', 'change'] as const) {
    route('post', `/api/tab/selection/${kind}`, async (req, language) => {
      const actor = await actorOf(req);
      const { selection, partnerId, requestId } = body(SelectionBodies.save, req);
      const saved = await service.attemptSelection(actor, () =>
        service.applySelection(actor, { kind, selection, partnerId, actionId: requestId }),
      );
      return mapDone(saved, (outcome) => selectionJson(outcome, mail, language));
    });
  }
}

function selectionJson(saved: BatchChangeOutcome, mail: MailDelivered | undefined, language: Language) {
  return {
    subscriptions: saved.changes.map((c) => toSubscriptionJson(c.view, language)),
    repeated: !saved.firstTime,
    message: selectionDoneMessageIn(
      language,
      saved.changes.length,
      { newPartner: saved.newPartner, oldPartners: replacedPartners(saved) },
      mail,
    ),
  };
}

function changeJson(change: ChangeOutcome, mail: MailDelivered | undefined, language: Language) {
  return {
    subscription: toSubscriptionJson(change.view, language),
    repeated: !change.firstTime,
    message: changeDoneMessageIn(language, change.view.subscription.name, { kind: change.audit.kind, ...change }, mail),
  };
}

/**
 * Local anonymous mode only: lists the directory so a developer can pick whom to be. Only a page served by this
 * bot on this machine may ask: a Host that is not loopback is a DNS-rebinding attempt, an Origin that is not the
 * bot's own is another site's page.
 */
function registerDevSignIn(
  { route }: TabRoutes,
  { roles }: TabApiDeps,
  devSignIn: NonNullable<TabAuthenticator['devSignIn']>,
): void {
  route('get', '/api/tab/dev/users', async (req, language) => {
    requireLocalPage(req);
    const tenants = await roles.listTenants();
    const listed = tenants.map(async (t) => ({
      tenant: { id: t.id, name: t.name },
      users: (await roles.listUsers(t.id)).map((u) => ({
        aadObjectId: u.aadObjectId,
        name: u.name,
        role: u.role,
        roleLabel: roleLabelIn(language, u.role),
      })),
    }));
    return done(await Promise.all(listed));
  });
  route('post', '/api/tab/dev/sign-in', async (req) => {
    requireLocalPage(req);
    const { tenantId, aadObjectId } = body(Bodies.devSignIn, req);
    const user = await roles.getUser(tenantId, aadObjectId);
    if (!user) throw new HttpError(404, 'unknownUser', "No such user in the bot's directory.");
    return done({ token: await devSignIn({ tenantId: user.tenantId, aadObjectId: user.aadObjectId }) });
  });
}

function body<T extends z.ZodTypeAny>(schema: T, req: restify.Request): z.infer<T> {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success)
    throw new HttpError(400, 'badRequest', parsed.error.issues[0]?.message ?? 'The request is not valid.');
  return parsed.data;
}

/** `?since=2025-01-31` (that day, UTC) or an ISO instant; none: the whole log. */
function sinceOf(req: restify.Request): string | undefined {
  const raw = new URL(req.url ?? '/', 'http://tab.invalid').searchParams.get('since');
  if (raw === null || raw === '') return undefined;
  const parsed = SinceSchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'badRequest', `since: ${SINCE_FORMAT}`);
  return parsed.data;
}

/** An id that is no subscription id names no subscription of the person's: answered as unknown (404). */
function subscriptionIdOf(req: restify.Request): string {
  const parsed = SubscriptionIdSchema.safeParse(req.params?.id);
  if (!parsed.success)
    throw new DomainError({ code: 'unknownSubscription', subscriptionId: String(req.params?.id ?? '') });
  return parsed.data;
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
