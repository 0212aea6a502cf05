import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEMO, type BotUnderTest } from '../support/botUnderTest';
import { LocalIdentityProvider } from '../support/identityProvider';
import { callTabApi as call, SSO_AUDIENCE, startSsoBot } from '../support/ssoTab';
import { storeSnapshot } from '../support/storeSnapshot';

const { crm, ax7, intune } = DEMO.subscriptions;

/** The tab's batch endpoints: rows selected on the page, one action on all of them. */
describe('tab API: an action on the selected rows', () => {
  let idp: LocalIdentityProvider;
  let bot: BotUnderTest;
  const token = (oid: string = DEMO.users.owner) => idp.token({ tid: DEMO.contoso, oid, aud: SSO_AUDIENCE });
  const rows = (...ids: string[]) => ids.map((id) => ({ id, version: 0 }));

  before(async () => {
    idp = await new LocalIdentityProvider().start();
  });
  after(() => idp.close());
  beforeEach(async () => {
    bot = await startSsoBot(idp);
  });
  afterEach(() => bot.stop());

  it('checks the ID once, then attaches it to the 3 rows selected, once for a repeated request', async () => {
    const selection = rows(crm, ax7, intune);
    const checked = await call(bot, 'POST', '/api/tab/selection/check', await token(), {
      kind: 'attach',
      selection,
      partnerId: DEMO.partners.wingtip,
    });
    assert.equal(checked.status, 200);
    assert.match(checked.body.question, /registered to Wingtip Partners/);
    assert.equal(checked.body.subscriptions.length, 3);

    const request = { selection, partnerId: DEMO.partners.wingtip, requestId: randomUUID() };
    const saved = await call(bot, 'POST', '/api/tab/selection/attach', await token(), request);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.repeated, false);
    assert.match(saved.body.message, /Wingtip Partners is now the partner of record for these 3 subscriptions/);
    assert.deepEqual(
      saved.body.subscriptions.map((s: any) => [s.id, s.partner.partnerId, s.version]),
      [
        [crm, DEMO.partners.wingtip, 1],
        [ax7, DEMO.partners.wingtip, 1],
        [intune, DEMO.partners.wingtip, 1],
      ],
    );
    const again = await call(bot, 'POST', '/api/tab/selection/attach', await token(), request);
    assert.equal(again.status, 200);
    assert.equal(again.body.repeated, true);
    assert.equal((await bot.app.ports.store.history(DEMO.contoso, crm)).length, 1);
  });

  it('answers 409 naming the row that changed, and changes none', async () => {
    const first = { selection: rows(ax7), partnerId: DEMO.partners.litware, requestId: randomUUID() };
    assert.equal((await call(bot, 'POST', '/api/tab/selection/attach', await token(), first)).status, 200);
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    const stale = await call(bot, 'POST', '/api/tab/selection/attach', await token(), {
      selection: rows(crm, ax7, intune),
      partnerId: DEMO.partners.wingtip,
      requestId: randomUUID(),
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'stale');
    assert.deepEqual(
      stale.body.error.changed.map((s: any) => s.id),
      [ax7],
    );
    assert.match(stale.body.error.message, /nothing was changed to any of them/);
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
  });

  it('answers 400 to more than 100 rows, a row twice, none, or a bad version; 403 to a non-owner', async () => {
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    const many = Array.from({ length: 101 }, (_, i) => ({ id: `sub-${i}`, version: 0 }));
    const bodies = [
      { selection: many },
      { selection: rows(crm, crm) },
      { selection: [] },
      { selection: [{ id: crm, version: -1 }] },
      { selection: 'all' },
    ];
    for (const b of bodies) {
      const res = await call(bot, 'POST', '/api/tab/selection/attach', await token(), {
        partnerId: DEMO.partners.wingtip,
        requestId: randomUUID(),
        ...b,
      });
      assert.equal(res.status, 400, JSON.stringify(b).slice(0, 80));
      assert.equal(res.body.error.code, 'badRequest');
    }
    const member = await call(bot, 'POST', '/api/tab/selection/attach', await token(DEMO.users.member), {
      selection: rows(crm),
      partnerId: DEMO.partners.wingtip,
      requestId: randomUUID(),
    });
    assert.equal(member.status, 403);
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
  });
});
