import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { REPO_ROOT } from '../../bot/config';
import { BotFrameworkIdentity, EMULATOR_ISSUER, strangerKey, unsignedToken } from '../support/botFrameworkIdentity';
import { startBotProcess, type BotProcess } from '../support/botProcess';
import { DEMO, tempDir } from '../support/botUnderTest';
import { cardText, choiceValues, findAction, invokeCard, lastSentCard } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { requireOpenssl } from '../support/microsoftCloud/tls';
import { storeRowsOnDisk } from '../support/storeSnapshot';
import { postActivity, TeamsUser } from '../support/teamsUser';

const APP_ID = '3f0b9c2e-7d41-4a58-9e6b-2c8d5f1a7e90';
const APP_SECRET = 'stand-in-bot-secret-9c1e4b7a';
const CONNECTION_LOG = path.join(REPO_ROOT, 'test', 'support', 'outboundConnections.js');

/** The bot in production mode, every botbuilder endpoint pointed at the identity server, logging at debug. */
function productionEnv(identity: BotFrameworkIdentity, dataDir: string, secret = APP_SECRET): Record<string, string> {
  return {
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: secret,
    MicrosoftAppType: 'MultiTenant',
    ...identity.botSettings(),
    NODE_EXTRA_CA_CERTS: identity.caPath,
    NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', `--require ${CONNECTION_LOG}`].join(' ').trim(),
    DATA_DIR: dataDir,
    // The demo seed and the mail folder, which production mode takes only when told.
    ALLOW_DEMO_SEED: 'true',
    MAIL_TRANSPORT: 'file',
    LOG_LEVEL: 'debug',
    OUTBOX_POLL_MS: '100',
    SYNC_INTERVAL_MINUTES: '600',
  };
}

/** The channel stand-in checking every POST's token against the identity server's Entra keys. */
function checkingChannel(identity: BotFrameworkIdentity): ChannelServer {
  return new ChannelServer({
    requireToken: {
      jwksUrl: identity.entraJwksUrl,
      issuer: identity.entraIssuer,
      audience: identity.botFrameworkScope,
      appId: APP_ID,
      ca: identity.caPem,
    },
  });
}

const storeRows = (dataDir: string) => storeRowsOnDisk(dataDir);

function outboundTargets(output: string): string[] {
  return [...output.matchAll(/^outbound connection: (.+)$/gm)].map((m) => m[1]!);
}

function textMessages(channel: ChannelServer, conversationId: string): string[] {
  return channel
    .messages(conversationId)
    .map((m) => m.activity.text)
    .filter((t): t is string => typeof t === 'string');
}

describe('production identity: inbound tokens checked against the identity server, outbound tokens from it', function () {
  this.timeout(60_000);
  let identity: BotFrameworkIdentity;
  let channel: ChannelServer;
  let bot: BotProcess;
  let dataDir: string;
  let owner: TeamsUser;

  before(async function () {
    await requireOpenssl(this);
    identity = await new BotFrameworkIdentity({ appId: APP_ID, appPassword: APP_SECRET }).start();
    channel = await checkingChannel(identity).start();
    dataDir = tempDir('por-identity-');
    bot = await startBotProcess(productionEnv(identity, dataDir));
    owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    owner.bearer = (activity) => identity.channelToken({ serviceUrl: String(activity.serviceUrl) });
  });

  after(async () => {
    // DUMP_BOT_OUTPUT=1 prints the bot's own log after the suite, to see why a check failed.
    if (process.env.DUMP_BOT_OUTPUT) process.stderr.write(bot?.output() ?? '');
    await bot?.stop();
    await channel?.close();
    await identity?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the attach flow with a valid channel token; every reply and the proactive notice carry a verified token', async () => {
    const said = await owner.say('add partner');
    assert.equal(said.status, 200, JSON.stringify(said.body));
    const picker = lastSentCard(channel, owner.conversationId);
    assert.ok(choiceValues(picker).includes(DEMO.subscriptions.crm));
    const enter = invokeCard(
      await owner.press(findAction(picker, 'Next').verb, {
        ...findAction(picker, 'Next').data,
        subscriptionId: DEMO.subscriptions.crm,
      }),
    );
    const check = findAction(enter, 'Check ID');
    const confirm = invokeCard(await owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }));
    assert.match(cardText(confirm), /Wingtip Partners/);
    const submit = findAction(confirm, 'Submit');
    const done = invokeCard(await owner.press(submit.verb, submit.data));
    assert.match(cardText(done), /Partner of record attached/);

    // MAIL_TRANSPORT=file: the owner's notice says the email was written to the mail folder and not sent.
    const notified = /mail folder and NOT sent/;
    await channel.waitFor(() => textMessages(channel, owner.conversationId).some((t) => notified.test(t)), 15_000);
    await owner.say('status');
    assert.match(
      cardText(lastSentCard(channel, owner.conversationId)),
      /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)/,
    );

    // Every POST the bot made to the channel carried a token the channel verified (signature, issuer, audience, expiry).
    // At least the picker, the proactive notice and the status card (typing only when a turn is slow).
    assert.ok(channel.received.length >= 3, `only ${channel.received.length} activities reached the channel`);
    assert.ok(channel.authVerdicts.length >= channel.received.length);
    assert.deepEqual(
      channel.authVerdicts.filter((v) => !v.ok),
      [],
    );
    for (const r of channel.received) assert.equal(r.token?.appId, APP_ID);
    const notice = channel.messages(owner.conversationId).find((m) => notified.test(String(m.activity.text)));
    assert.equal(notice?.token?.audience, identity.botFrameworkScope, 'the proactive notice carried no verified token');

    // Tokens are cached: the token endpoint was asked once (twice at most), and nothing but the stand-ins was reached.
    const issued = identity.tokenRequestCount('issued');
    assert.ok(issued >= 1 && issued <= 2, `the token endpoint issued ${issued} tokens`);
    assert.equal(identity.tokenRequestCount('refused'), 0);
    // The Entra keys are the channel stand-in's own request; everything else is the bot's.
    const paths = new Set(identity.requests.map((r) => r.path));
    assert.deepEqual([...paths].sort(), [
      '/botframework.com/oauth2/v2.0/token',
      '/common/discovery/v2.0/keys',
      '/v1/.well-known/keys',
      '/v1/.well-known/openidconfiguration',
    ]);
    const targets = outboundTargets(bot.output());
    assert.ok(targets.length > 0, 'the connection log saw no connection');
    const allowed = new Set([
      `localhost:${identity.port}`,
      `127.0.0.1:${identity.port}`,
      `127.0.0.1:${new URL(channel.url).port}`,
    ]);
    assert.deepEqual(
      targets.filter((t) => !allowed.has(t)),
      [],
      'the bot connected somewhere other than the stand-ins',
    );
  });

  it('answers every forged or misdirected token with 401 and a generic body, changes nothing, sends nothing, leaks nothing', async () => {
    // A Submit the owner could really send, for a subscription still without a partner: accepted, it would write rows.
    const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.ems }));
    const confirm = invokeCard(
      await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.fabrikam }),
    );
    const submit = owner.activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          id: 'forged-submit',
          verb: 'submit',
          data: findAction(confirm, 'Submit').data,
        },
        trigger: 'manual',
      },
    });
    const serviceUrl = String(submit.serviceUrl);
    const now = Math.floor(Date.now() / 1000);
    const publicPem = await identity.channelPublicKeyPem();

    const forgeries: [string, string | null][] = [
      ['no token', null],
      [
        'alg none',
        unsignedToken(
          { kid: identity.channelKid, typ: 'JWT' },
          { iss: identity.channelIssuer, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 },
        ),
      ],
      ['another key under the right kid', await identity.channelToken({ serviceUrl, key: await strangerKey() })],
      [
        'HS256 with the RSA public key as secret',
        await new SignJWT({ serviceurl: serviceUrl })
          .setProtectedHeader({ alg: 'HS256', kid: identity.channelKid, typ: 'JWT' })
          .setIssuer(identity.channelIssuer)
          .setAudience(APP_ID)
          .setNotBefore(now - 60)
          .setExpirationTime(now + 3600)
          .sign(new TextEncoder().encode(publicPem)),
      ],
      // botbuilder allows 5 minutes of clock skew; these are well beyond it.
      [
        'nbf in the future',
        await identity.channelToken({ serviceUrl, notBefore: 3600, issuedAt: 3600, expiresIn: 7200 }),
      ],
      ['expired', await identity.channelToken({ serviceUrl, notBefore: -7200, issuedAt: -7200, expiresIn: -3600 })],
      ['wrong audience', await identity.channelToken({ serviceUrl, audience: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })],
      ['wrong issuer', await identity.channelToken({ serviceUrl, issuer: 'https://api.botframework.com' })],
      [
        'serviceurl claim of another channel',
        await identity.channelToken({ serviceUrl: 'https://smba.trafficmanager.net/emea/' }),
      ],
      [
        'emulator issuer while no emulator metadata is configured',
        await identity.channelToken({
          serviceUrl,
          issuer: EMULATOR_ISSUER,
          extraClaims: { ver: '1.0', appid: APP_ID },
        }),
      ],
    ];

    const rowsBefore = storeRows(dataDir);
    const receivedBefore = channel.received.length;
    const verdictsBefore = channel.authVerdicts.length;
    const outputBefore = bot.output().length;
    for (const [name, token] of forgeries) {
      const res = await postActivity(bot.url, submit, token === null ? {} : { authorization: `Bearer ${token}` });
      assert.equal(res.status, 401, `${name}: answered ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body?.error?.code, 'unauthorized', `${name}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body?.error?.message, 'The request is not authorized.', name);
    }
    // Give a late reply or write the chance to show up before looking.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(storeRows(dataDir), rowsBefore, 'a refused request changed the store');
    assert.equal(channel.received.length, receivedBefore, 'a refused request made the bot post to the channel');
    assert.equal(channel.authVerdicts.length, verdictsBefore);

    const output = bot.output().slice(outputBefore);
    assert.equal((output.match(/activity not authenticated/g) ?? []).length, forgeries.length, output);
    for (const needle of ['BEGIN PUBLIC KEY', '-----BEGIN', identity.channelKeyModulus, '    at ', APP_SECRET]) {
      assert.ok(!bot.output().includes(needle), `the bot's output contains ${JSON.stringify(needle.slice(0, 40))}`);
    }
    for (const [, token] of forgeries)
      if (token) assert.ok(!bot.output().includes(token.split('.')[2] || token), 'a token reached the output');

    // The real owner's status is as before: the forged Submit attached nothing.
    await owner.say('status');
    assert.match(
      cardText(lastSentCard(channel, owner.conversationId)),
      /Enterprise Mobility \+ Security E5\nNo partner of record/,
    );
  });
});

describe('production identity: a wrong MicrosoftAppPassword', function () {
  this.timeout(60_000);

  it('keeps the bot running, sends the person nothing, and logs the refusal without the secret', async function () {
    await requireOpenssl(this);
    const identity = await new BotFrameworkIdentity({ appId: APP_ID, appPassword: APP_SECRET }).start();
    const channel = await checkingChannel(identity).start();
    const dataDir = tempDir('por-identity-');
    const wrongSecret = 'wrong-secret-5b2f8e1d';
    const bot = await startBotProcess(productionEnv(identity, dataDir, wrongSecret));
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
      owner.bearer = (activity) => identity.channelToken({ serviceUrl: String(activity.serviceUrl) });
      const res = await owner.say('status');
      // The token was fine; the turn failed on the reply, which onTurnError logged and swallowed.
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(channel.received.length, 0, 'the person got a message');
      assert.equal(channel.authVerdicts.length, 0, 'the bot posted to the channel without a token');
      assert.ok(identity.tokenRequestCount('refused') >= 1);
      assert.equal(identity.tokenRequestCount('issued'), 0);

      assert.equal(bot.child.exitCode, null, 'the bot exited');
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
      const output = bot.output();
      assert.match(output, /Microsoft Entra refused the bot's token request/);
      assert.match(output, /"code":"AADSTS7000215"/);
      assert.ok(!output.includes(wrongSecret), 'the secret the bot sent is in its output');
      assert.ok(!output.includes(APP_SECRET));
    } finally {
      await bot.stop();
      await channel.close();
      await identity.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
