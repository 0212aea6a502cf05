import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSeedDirectories, type SeedDirectories } from '../../bot/adapters/seed/seedDirectories';
import { loadSeedFile, type Seed } from '../../bot/adapters/seed/seedFile';
import { openSqliteStore, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import {
  isDomainError,
  type DomainErrorDetail,
  PartnerOfRecordService,
  type Actor,
  type Role,
  type Clock,
} from '../../bot/core';
import { DEMO } from '../support/demoSeed';

const DEMO_SEED = path.join(__dirname, '..', '..', 'deployment', 'demo-seed.json');

const CONTOSO: string = DEMO.contoso;
const NORTHWIND: string = DEMO.northwind;
const USERS = DEMO.users;
const SUBS = DEMO.subscriptions;
const PARTNERS = DEMO.partners;

const NOW = new Date('2026-11-25T14:05:00.000Z');
const fixedClock: Clock = { now: () => new Date(NOW) };

const contoso = (aadObjectId: string): Actor => ({ tenantId: CONTOSO, aadObjectId });
const OWNER = contoso(USERS.owner);
const NORA = { tenantId: NORTHWIND, aadObjectId: USERS.northwindOwner };
const NOT_OWNERS = ['serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'] as const satisfies readonly Role[];

/** Runs `work`, insisting it fails with a DomainError of this code, and returns the error's detail. */
async function domainError<C extends DomainErrorDetail['code']>(
  code: C,
  work: () => Promise<unknown>,
): Promise<Extract<DomainErrorDetail, { code: C }>> {
  let result: unknown;
  try {
    result = await work();
  } catch (err) {
    if (isDomainError(err, code)) return err.detail as Extract<DomainErrorDetail, { code: C }>;
    assert.fail(
      `expected DomainError '${code}', got ${isDomainError(err) ? `DomainError '${err.detail.code}'` : String(err)}`,
    );
  }
  assert.fail(`expected DomainError '${code}', but it succeeded with ${JSON.stringify(result)?.slice(0, 200)}`);
}

describe('PartnerOfRecordService on the demo seed and the SQLite store', () => {
  let seed: Seed;
  let dirs: SeedDirectories;
  let dataDir: string;
  let store: SqliteStore;
  let service: PartnerOfRecordService;

  const open = (): void => {
    store = openSqliteStore({ dataDir });
    service = new PartnerOfRecordService({
      subscriptions: dirs,
      roles: dirs,
      partners: dirs,
      store,
      clock: fixedClock,
    });
  };

  before(() => {
    seed = loadSeedFile(DEMO_SEED);
  });
  beforeEach(() => {
    dirs = createSeedDirectories(seed);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-domain-'));
    open();
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** No assignment and no audit entry for any subscription of the tenant. */
  async function assertNothingWritten(tenantId = CONTOSO): Promise<void> {
    const ids = (await dirs.listSubscriptions(tenantId)).map((s) => s.id);
    for (const id of ids) assert.deepEqual(await store.history(tenantId, id), [], `history of ${id}`);
    assert.equal((await store.getAssignments(tenantId, ids)).size, 0, 'an assignment was written');
  }

  const attachCrm = (expectedVersion = 0, partnerId: string = PARTNERS.wingtip, idempotencyKey = randomUUID()) =>
    service.attach(OWNER, { subscriptionId: SUBS.crm, expectedVersion, partnerId, idempotencyKey });

  describe('list', () => {
    it('shows every subscription of the tenant in seed order, with the seed partners, at version 0', async () => {
      const views = await service.list(OWNER);
      assert.deepEqual(
        views.map((v) => [v.subscription.id, v.partner?.name ?? null, v.assignment.version, v.lastChange]),
        [
          [SUBS.o365, 'Fabrikam Cloud Services', 0, null],
          [SUBS.crm, null, 0, null],
          [SUBS.ax7, null, 0, null],
          [SUBS.intune, null, 0, null],
          [SUBS.ems, null, 0, null],
          [SUBS.powerbi, null, 0, null],
          [SUBS.azure, 'Tailspin Consulting', 0, null],
        ],
      );
      const o365 = views[0]!;
      assert.equal(o365.assignment.partnerId, PARTNERS.fabrikam);
      assert.equal(o365.partner?.email, 'por@fabrikam.example');
      assert.equal(o365.assignment.tenantId, CONTOSO);
    });

    it('lets anyone in the directory look, and shows each tenant only its own', async () => {
      const asMember = await service.list(contoso(USERS.member));
      assert.equal(asMember.length, 7);
      assert.deepEqual(
        (await service.list(NORA)).map((v) => [v.subscription.id, v.partner?.name ?? null]),
        [
          [SUBS.northwindO365, null],
          [SUBS.northwindAzure, 'Wingtip Partners'],
        ],
      );
    });
  });

  describe('who may act', () => {
    it('tells the owner they may change, and everyone else that they may not', async () => {
      assert.equal((await service.whoIs(OWNER)).mayChange, true);
      for (const role of NOT_OWNERS) {
        const who = await service.whoIs(contoso(USERS[role]));
        assert.equal(who.user.role, role);
        assert.equal(who.mayChange, false, role);
      }
    });

    for (const role of NOT_OWNERS) {
      it(`refuses a ${role} attach, change, remove and Check ID, naming the role and the owners, and writes nothing`, async () => {
        const actor = contoso(USERS[role]);
        const attempts: Record<string, () => Promise<unknown>> = {
          attach: () =>
            service.attach(actor, {
              subscriptionId: SUBS.crm,
              expectedVersion: 0,
              partnerId: PARTNERS.wingtip,
              idempotencyKey: randomUUID(),
            }),
          change: () =>
            service.change(actor, {
              subscriptionId: SUBS.o365,
              expectedVersion: 0,
              partnerId: PARTNERS.tailspin,
              idempotencyKey: randomUUID(),
            }),
          remove: () =>
            service.remove(actor, { subscriptionId: SUBS.azure, expectedVersion: 0, idempotencyKey: randomUUID() }),
          checkPartner: () => service.checkPartner(actor, SUBS.crm, PARTNERS.wingtip),
        };
        for (const [what, attempt] of Object.entries(attempts)) {
          const detail = await domainError('notOwner', attempt);
          assert.deepEqual(detail, { code: 'notOwner', role, owners: ['Ada Owner'] }, what);
        }
        await assertNothingWritten();
      });
    }

    it('refuses someone who is not in the directory', async () => {
      const stranger = contoso('00000000-0000-4000-8000-00000000ffff');
      await domainError('unknownUser', () => service.list(stranger));
      await domainError('unknownUser', () => service.checkPartner(stranger, SUBS.crm, PARTNERS.wingtip));
      await domainError('unknownUser', () =>
        service.attach(stranger, {
          subscriptionId: SUBS.crm,
          expectedVersion: 0,
          partnerId: PARTNERS.wingtip,
          idempotencyKey: randomUUID(),
        }),
      );
      // Known in one tenant is not known in another, and an unknown tenant knows no one.
      await domainError('unknownUser', () => service.list({ tenantId: CONTOSO, aadObjectId: USERS.northwindOwner }));
      await domainError('unknownUser', () =>
        service.list({ tenantId: '6f1c2d3e-0000-4000-8000-0000000000ff', aadObjectId: USERS.owner }),
      );
      await assertNothingWritten();
    });

    it("treats another tenant's subscription as unknown, even to that tenant's owner", async () => {
      const request = { subscriptionId: SUBS.o365, expectedVersion: 0, idempotencyKey: randomUUID() };
      const attempts: Record<string, () => Promise<unknown>> = {
        attach: () => service.attach(NORA, { ...request, subscriptionId: SUBS.crm, partnerId: PARTNERS.wingtip }),
        change: () => service.change(NORA, { ...request, partnerId: PARTNERS.wingtip }),
        remove: () => service.remove(NORA, request),
        checkPartner: () => service.checkPartner(NORA, SUBS.o365, PARTNERS.wingtip),
        view: () => service.view(NORA, SUBS.o365),
        history: () => service.history(NORA, SUBS.o365),
      };
      for (const [what, attempt] of Object.entries(attempts)) {
        const detail = await domainError('unknownSubscription', attempt);
        assert.match(detail.subscriptionId, /^contoso-/, what);
      }
      await domainError('unknownSubscription', () => service.view(OWNER, 'no-such-subscription'));
      await assertNothingWritten(CONTOSO);
      await assertNothingWritten(NORTHWIND);
    });
  });

  describe('Partner IDs', () => {
    for (const bad of ['12345', '12345678901', 'abc1234', '', '12 34567', '1234567x']) {
      it(`refuses ${JSON.stringify(bad)} as invalid, on Check ID and on attach`, async () => {
        const checked = await domainError('invalidPartnerId', () => service.checkPartner(OWNER, SUBS.crm, bad));
        assert.match(checked.message, /6 to 10 digits/);
        await domainError('invalidPartnerId', () => attachCrm(0, bad));
        await assertNothingWritten();
      });
    }

    it('forgives the spaces around an ID, storing it without them', async () => {
      const { partner } = await service.checkPartner(OWNER, SUBS.crm, ' 1234567 ');
      assert.equal(partner.partnerId, PARTNERS.fabrikam);
      const outcome = await attachCrm(0, ' 1234567 ');
      assert.equal(outcome.audit.newPartnerId, PARTNERS.fabrikam);
      assert.equal(outcome.view.assignment.partnerId, PARTNERS.fabrikam);
    });

    it('refuses a well-formed ID that no partner is registered with', async () => {
      assert.deepEqual(await domainError('unknownPartner', () => service.checkPartner(OWNER, SUBS.crm, ' 9999999 ')), {
        code: 'unknownPartner',
        partnerId: '9999999',
      });
      await domainError('unknownPartner', () => attachCrm(0, '9999999'));
      await domainError('unknownPartner', () =>
        service.change(OWNER, {
          subscriptionId: SUBS.o365,
          expectedVersion: 0,
          partnerId: '9999999',
          idempotencyKey: randomUUID(),
        }),
      );
      await assertNothingWritten();
    });

    it("Check ID resolves the partner's registered name and writes nothing", async () => {
      const { view, partner } = await service.checkPartner(OWNER, SUBS.crm, PARTNERS.litware);
      assert.deepEqual(partner, {
        partnerId: PARTNERS.litware,
        name: 'Litware Advisory',
        email: 'por@litware.example',
      });
      assert.equal(view.subscription.id, SUBS.crm);
      assert.equal(view.partner, null);
      assert.equal(view.assignment.version, 0);
      // On a subscription with a partner, Check ID also shows who is there now.
      const onO365 = await service.checkPartner(OWNER, SUBS.o365, PARTNERS.tailspin);
      assert.equal(onO365.partner.name, 'Tailspin Consulting');
      assert.equal(onO365.view.partner?.name, 'Fabrikam Cloud Services');
      await assertNothingWritten();
    });
  });

  describe('rules about the current partner of record', () => {
    it('refuses to attach to a subscription that already has a partner', async () => {
      const request = {
        subscriptionId: SUBS.o365,
        expectedVersion: 0,
        partnerId: PARTNERS.tailspin,
        idempotencyKey: randomUUID(),
      };
      assert.deepEqual(await domainError('alreadyHasPartner', () => service.attach(OWNER, request)), {
        code: 'alreadyHasPartner',
        subscriptionId: SUBS.o365,
      });
      // The rule about having a partner comes first, even when the partner asked for is that one.
      await domainError('alreadyHasPartner', () => service.attach(OWNER, { ...request, partnerId: PARTNERS.fabrikam }));
      await assertNothingWritten();
    });

    it('refuses to change or remove where there is no partner', async () => {
      const request = { subscriptionId: SUBS.crm, expectedVersion: 0, idempotencyKey: randomUUID() };
      assert.deepEqual(
        await domainError('noPartnerToChange', () =>
          service.change(OWNER, { ...request, partnerId: PARTNERS.wingtip }),
        ),
        {
          code: 'noPartnerToChange',
          subscriptionId: SUBS.crm,
        },
      );
      await domainError('noPartnerToChange', () => service.remove(OWNER, request));
      await assertNothingWritten();
    });

    it('refuses the partner that already is the partner of record, on Check ID and on change', async () => {
      assert.deepEqual(
        await domainError('samePartner', () => service.checkPartner(OWNER, SUBS.o365, PARTNERS.fabrikam)),
        {
          code: 'samePartner',
          partnerId: PARTNERS.fabrikam,
        },
      );
      await domainError('samePartner', () =>
        service.change(OWNER, {
          subscriptionId: SUBS.o365,
          expectedVersion: 0,
          partnerId: ` ${PARTNERS.fabrikam}`,
          idempotencyKey: randomUUID(),
        }),
      );
      await assertNothingWritten();

      // Also for a partner attached through the service rather than by the seed.
      await attachCrm(0, PARTNERS.wingtip);
      await domainError('samePartner', () => service.checkPartner(OWNER, SUBS.crm, PARTNERS.wingtip));
      await domainError('samePartner', () =>
        service.change(OWNER, {
          subscriptionId: SUBS.crm,
          expectedVersion: 1,
          partnerId: PARTNERS.wingtip,
          idempotencyKey: randomUUID(),
        }),
      );
      assert.equal((await store.history(CONTOSO, SUBS.crm)).length, 1);
    });
  });

  describe('changes', () => {
    it('attaches, changes and removes, keeping a newest-first history of who did what', async () => {
      const attached = await attachCrm(0, PARTNERS.wingtip);
      assert.equal(attached.firstTime, true);
      assert.equal(attached.oldPartner, null);
      assert.equal(attached.newPartner?.name, 'Wingtip Partners');
      assert.deepEqual(attached.view.assignment, {
        tenantId: CONTOSO,
        subscriptionId: SUBS.crm,
        partnerId: PARTNERS.wingtip,
        version: 1,
        updatedAt: NOW.toISOString(),
        updatedBy: 'Ada Owner',
      });
      assert.equal(attached.view.partner?.name, 'Wingtip Partners');
      assert.deepEqual(attached.view.lastChange, attached.audit);

      const changed = await service.change(OWNER, {
        subscriptionId: SUBS.crm,
        expectedVersion: 1,
        partnerId: PARTNERS.litware,
        idempotencyKey: randomUUID(),
      });
      assert.equal(changed.oldPartner?.name, 'Wingtip Partners');
      assert.equal(changed.newPartner?.name, 'Litware Advisory');
      assert.equal(changed.view.assignment.version, 2);

      const removed = await service.remove(OWNER, {
        subscriptionId: SUBS.crm,
        expectedVersion: 2,
        idempotencyKey: randomUUID(),
      });
      assert.equal(removed.oldPartner?.name, 'Litware Advisory');
      assert.equal(removed.newPartner, null);
      assert.equal(removed.view.partner, null);
      assert.equal(removed.view.assignment.partnerId, null);
      assert.equal(removed.view.assignment.version, 3);

      const history = await service.history(OWNER, SUBS.crm);
      assert.deepEqual(
        history.map((h) => ({ kind: h.kind, old: h.oldPartnerId, new: h.newPartnerId, version: h.version })),
        [
          { kind: 'remove', old: PARTNERS.litware, new: null, version: 3 },
          { kind: 'change', old: PARTNERS.wingtip, new: PARTNERS.litware, version: 2 },
          { kind: 'attach', old: null, new: PARTNERS.wingtip, version: 1 },
        ],
      );
      for (const entry of history) {
        assert.equal(entry.actorName, 'Ada Owner');
        assert.equal(entry.actorId, USERS.owner);
        assert.equal(entry.at, NOW.toISOString());
        assert.equal(entry.tenantId, CONTOSO);
        assert.equal(entry.subscriptionId, SUBS.crm);
      }
      // Anyone who may look may read the history; and the other subscriptions are untouched.
      assert.equal((await service.history(contoso(USERS.member), SUBS.crm, 1))[0]?.kind, 'remove');
      const crm = (await service.list(OWNER)).find((v) => v.subscription.id === SUBS.crm)!;
      assert.equal(crm.partner, null);
      assert.equal(crm.lastChange?.kind, 'remove');
      assert.equal((await store.lastChanges(CONTOSO)).size, 1);
    });

    it("records the seed's partner as the old one when first changing it", async () => {
      const outcome = await service.change(OWNER, {
        subscriptionId: SUBS.o365,
        expectedVersion: 0,
        partnerId: PARTNERS.tailspin,
        idempotencyKey: randomUUID(),
      });
      assert.equal(outcome.audit.oldPartnerId, PARTNERS.fabrikam);
      assert.equal(outcome.oldPartner?.name, 'Fabrikam Cloud Services');
      assert.equal(outcome.view.partner?.name, 'Tailspin Consulting');

      const removed = await service.remove(OWNER, {
        subscriptionId: SUBS.azure,
        expectedVersion: 0,
        idempotencyKey: randomUUID(),
      });
      assert.equal(removed.audit.oldPartnerId, PARTNERS.tailspin);
      assert.equal(removed.view.partner, null);
    });

    it('refuses a stale version with the current assignment, and writes nothing', async () => {
      await attachCrm(0, PARTNERS.wingtip);
      const detail = await domainError('stale', () =>
        service.change(OWNER, {
          subscriptionId: SUBS.crm,
          expectedVersion: 0,
          partnerId: PARTNERS.litware,
          idempotencyKey: randomUUID(),
        }),
      );
      assert.deepEqual(detail.current, {
        tenantId: CONTOSO,
        subscriptionId: SUBS.crm,
        partnerId: PARTNERS.wingtip,
        version: 1,
        updatedAt: NOW.toISOString(),
        updatedBy: 'Ada Owner',
      });
      // A second attach from the card that showed version 0 is stale too, not "already has a partner".
      await domainError('stale', () => attachCrm(0, PARTNERS.litware));
      assert.equal((await store.history(CONTOSO, SUBS.crm)).length, 1);
      assert.equal((await service.view(OWNER, SUBS.crm)).partner?.name, 'Wingtip Partners');

      // A version from the future is as stale as one from the past; the directory's state is current.
      const future = await domainError('stale', () =>
        service.remove(OWNER, { subscriptionId: SUBS.o365, expectedVersion: 4, idempotencyKey: randomUUID() }),
      );
      assert.equal(future.current.partnerId, PARTNERS.fabrikam);
      assert.equal(future.current.version, 0);
      assert.deepEqual(await store.history(CONTOSO, SUBS.o365), []);
    });

    it('applies the same idempotency key once, answering the repeat as already done', async () => {
      const key = randomUUID();
      const first = await attachCrm(0, PARTNERS.wingtip, key);
      const again = await attachCrm(0, PARTNERS.wingtip, key);
      assert.equal(first.firstTime, true);
      assert.equal(again.firstTime, false);
      assert.deepEqual(again.audit, first.audit);
      assert.deepEqual(again.view.assignment, first.view.assignment);
      assert.equal(again.newPartner?.name, 'Wingtip Partners');
      assert.equal((await store.history(CONTOSO, SUBS.crm)).length, 1, 'one audit row');

      // A late repeat, after someone else changed the subscription, still changes nothing.
      await service.change(OWNER, {
        subscriptionId: SUBS.crm,
        expectedVersion: 1,
        partnerId: PARTNERS.litware,
        idempotencyKey: randomUUID(),
      });
      const late = await attachCrm(0, PARTNERS.wingtip, key);
      assert.equal(late.firstTime, false);
      assert.equal(late.audit.id, first.audit.id);
      assert.equal(late.view.partner?.name, 'Litware Advisory');
      assert.equal((await store.history(CONTOSO, SUBS.crm)).length, 2);
    });

    it('keys idempotency per subscription, so one key on two subscriptions is two changes', async () => {
      const key = randomUUID();
      await attachCrm(0, PARTNERS.wingtip, key);
      const ax7 = await service.attach(OWNER, {
        subscriptionId: SUBS.ax7,
        expectedVersion: 0,
        partnerId: PARTNERS.wingtip,
        idempotencyKey: key,
      });
      assert.equal(ax7.firstTime, true);
      assert.equal((await store.lastChanges(CONTOSO)).size, 2);
    });
  });

  it("keys the store by the directory's tenant id, however the caller spells it", async () => {
    // A GUID's case carries no meaning: the directory finds this owner either way, so the store must too.
    const shouting: Actor = { tenantId: CONTOSO.toUpperCase(), aadObjectId: USERS.owner.toUpperCase() };
    const outcome = await service.attach(shouting, {
      subscriptionId: SUBS.crm,
      expectedVersion: 0,
      partnerId: PARTNERS.wingtip,
      idempotencyKey: randomUUID(),
    });
    assert.equal(outcome.audit.tenantId, CONTOSO);
    assert.equal(outcome.view.assignment.tenantId, CONTOSO);

    // The same tenant spelt in lower case sees that change, and cannot attach over it from version 0.
    const crm = await service.view(OWNER, SUBS.crm);
    assert.equal(crm.partner?.name, 'Wingtip Partners');
    assert.equal(crm.assignment.version, 1);
    await domainError('stale', () => attachCrm(0, PARTNERS.litware));
    assert.equal((await service.history(OWNER, SUBS.crm)).length, 1);

    // And the other way round: lower-case changes are what the upper-case caller sees.
    await service.change(OWNER, {
      subscriptionId: SUBS.crm,
      expectedVersion: 1,
      partnerId: PARTNERS.litware,
      idempotencyKey: randomUUID(),
    });
    const listed = (await service.list(shouting)).find((v) => v.subscription.id === SUBS.crm);
    assert.equal(listed?.partner?.name, 'Litware Advisory');
    assert.equal(listed?.lastChange?.kind, 'change');
    assert.equal((await service.history(shouting, SUBS.crm)).length, 2);
    assert.equal((await service.checkPartner(shouting, SUBS.crm, PARTNERS.fabrikam)).view.assignment.version, 2);
  });

  it('keeps assignments, history and idempotency keys when the data directory is reopened', async () => {
    const key = randomUUID();
    await attachCrm(0, PARTNERS.wingtip, key);
    await service.change(OWNER, {
      subscriptionId: SUBS.o365,
      expectedVersion: 0,
      partnerId: PARTNERS.litware,
      idempotencyKey: randomUUID(),
    });
    await store.close();
    open();

    const views = new Map((await service.list(OWNER)).map((v) => [v.subscription.id, v]));
    assert.equal(views.get(SUBS.crm)?.partner?.name, 'Wingtip Partners');
    assert.equal(views.get(SUBS.crm)?.assignment.version, 1);
    assert.equal(views.get(SUBS.o365)?.partner?.name, 'Litware Advisory');
    assert.equal(views.get(SUBS.o365)?.lastChange?.oldPartnerId, PARTNERS.fabrikam);
    assert.equal(views.get(SUBS.azure)?.partner?.name, 'Tailspin Consulting');
    assert.equal((await service.history(OWNER, SUBS.crm)).length, 1);

    const repeat = await attachCrm(0, PARTNERS.wingtip, key);
    assert.equal(repeat.firstTime, false);
    assert.equal((await service.history(OWNER, SUBS.crm)).length, 1);
    await domainError('stale', () => attachCrm(0, PARTNERS.litware));
  });
});
