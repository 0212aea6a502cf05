import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSeedDirectories, type SeedDirectories } from '../../bot/adapters/seed/seedDirectories';
import { loadSeedFile } from '../../bot/adapters/seed/seedFile';
import { openSqliteStore, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import {
  type ActionRateLimiter,
  type Actor,
  type BatchRequest,
  type OutboxMessage,
  PartnerOfRecordService,
} from '../../bot/core';
import { DEMO } from '../support/demoSeed';

const DEMO_SEED = path.join(__dirname, '..', '..', 'deployment', 'demo-seed.json');
const OWNER: Actor = { tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner };
const MEMBER: Actor = { tenantId: DEMO.contoso, aadObjectId: DEMO.users.member };
const { crm, ax7, intune, o365 } = DEMO.subscriptions;
const { fabrikam, litware, wingtip } = DEMO.partners;

describe('PartnerOfRecordService: one action on several subscriptions', () => {
  let dirs: SeedDirectories;
  let dataDir: string;
  let store: SqliteStore;
  let service: PartnerOfRecordService;
  let taken: string[];

  beforeEach(() => {
    dirs = createSeedDirectories(loadSeedFile(DEMO_SEED));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-selection-'));
    store = openSqliteStore({ dataDir });
    taken = [];
    // Counts what the service takes from the limit; allows all.
    const rateLimiter: ActionRateLimiter = {
      take: async (_actor, options) => {
        taken.push(options?.key ?? '(check)');
        return { allowed: true };
      },
    };
    service = new PartnerOfRecordService({
      subscriptions: dirs,
      roles: dirs,
      partners: dirs,
      store,
      rateLimiter,
      clock: { now: () => new Date('2026-11-25T14:05:00.000Z') },
    });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const pending = (): Promise<OutboxMessage[]> =>
    store.claimDue('2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z', 100);
  const request = (kind: BatchRequest['kind'], ids: string[], partnerId: string, version = 0): BatchRequest => ({
    kind,
    selection: ids.map((subscriptionId) => ({ subscriptionId, version })),
    partnerId,
    actionId: randomUUID(),
  });

  it('attaches one partner to three subscriptions: three changes, one email listing them, one action counted', async () => {
    const outcome = await service.attemptSelection(OWNER, () =>
      service.applySelection(OWNER, request('attach', [crm, ax7, intune], wingtip)),
    );
    if (outcome.kind !== 'done') assert.fail(`expected done, got ${outcome.kind}`);
    assert.deepEqual(
      outcome.value.changes.map((c) => [c.view.subscription.id, c.audit.kind, c.audit.version, c.view.partner?.name]),
      [
        [crm, 'attach', 1, 'Wingtip Partners'],
        [ax7, 'attach', 1, 'Wingtip Partners'],
        [intune, 'attach', 1, 'Wingtip Partners'],
      ],
    );
    assert.equal(taken.length, 1, 'the rate limit counts one action');
    const emails = (await pending()).filter((m) => m.channel === 'email');
    assert.equal(emails.length, 1);
    const email = emails[0]!;
    if (email.channel !== 'email') return;
    assert.deepEqual(
      email.payload.batch?.map((e) => e.subscription.id),
      [crm, ax7, intune],
    );
    assert.deepEqual(
      email.payload.batch?.map((e) => e.change?.eventId),
      outcome.value.changes.map((c) => c.audit.eventId),
    );
  });

  it('applies none when one of the subscriptions changed since it was shown, and names it', async () => {
    await service.attach(OWNER, { subscriptionId: ax7, expectedVersion: 0, partnerId: litware, idempotencyKey: 'k' });
    const outcome = await service.attemptSelection(OWNER, () =>
      service.applySelection(OWNER, request('attach', [crm, ax7, intune], wingtip)),
    );
    if (outcome.kind !== 'staleSelection') assert.fail(`expected staleSelection, got ${outcome.kind}`);
    assert.deepEqual(
      outcome.changed.map((v) => [v.subscription.id, v.partner?.partnerId]),
      [[ax7, litware]],
    );
    assert.equal((await store.getAssignments(DEMO.contoso, [crm, intune])).size, 0);
  });

  it('moves every subscription of one partner to another: one email to each partner', async () => {
    await service.applySelection(OWNER, request('attach', [crm, ax7], fabrikam));
    const outcome = await service.applySelection(OWNER, {
      ...request('change', [o365, crm, ax7], litware),
      selection: [
        { subscriptionId: o365, version: 0 },
        { subscriptionId: crm, version: 1 },
        { subscriptionId: ax7, version: 1 },
      ],
    });
    assert.deepEqual(
      outcome.changes.map((c) => [c.audit.kind, c.oldPartner?.partnerId, c.audit.newPartnerId]),
      [
        ['change', fabrikam, litware],
        ['change', fabrikam, litware],
        ['change', fabrikam, litware],
      ],
    );
    const emails = (await pending()).flatMap((m) =>
      m.channel === 'email' ? [[m.payload.template, m.payload.partner.partnerId, m.payload.batch?.length]] : [],
    );
    // The first attach's one email, then the move's: one to the new partner, one to the old, each listing three.
    assert.deepEqual(emails.sort(), [
      ['added', litware, 3],
      ['added', fabrikam, 2],
      ['replaced', fabrikam, 3],
    ]);
  });

  it('repeats an action once: the same answer, nothing written twice', async () => {
    const same = request('attach', [crm, ax7], wingtip);
    const first = await service.applySelection(OWNER, same);
    const second = await service.applySelection(OWNER, same);
    assert.equal(first.firstTime, true);
    assert.equal(second.firstTime, false);
    assert.deepEqual(
      second.changes.map((c) => c.audit.id),
      first.changes.map((c) => c.audit.id),
    );
  });

  it('refuses anyone but the owner, and a partner already on one of them, writing nothing', async () => {
    const member = await service.attemptSelection(MEMBER, () =>
      service.applySelection(MEMBER, request('attach', [crm, ax7], wingtip)),
    );
    assert.equal(member.kind === 'refused' && member.reason.code, 'notOwner');
    const already = await service.attemptSelection(OWNER, () =>
      service.applySelection(OWNER, request('attach', [crm, o365], wingtip)),
    );
    assert.equal(already.kind === 'refused' && already.reason.code, 'alreadyHasPartner');
    assert.equal((await store.getAssignments(DEMO.contoso, [crm, o365])).size, 0);
  });
});
