// The layers of bot/, checked by `npm test` (npm run lint:deps). The core (bot/core) is the domain and its ports;
// adapters implement ports; the Teams conversation, the tab and the server use the core; botbuilder stays behind
// the channel folder, so that replacing it touches that folder only.
const CHANNEL_LIBRARIES = '^node_modules/(botbuilder|botbuilder-[^/]+|botframework-[^/]+)/';
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'The core imports nothing of the bot outside it: adapters and layers depend on the core, never the reverse.',
      severity: 'error',
      from: { path: '^bot/core/' },
      to: { path: '^bot/(?!core/)' },
    },
    {
      name: 'core-is-framework-free',
      comment: 'The core uses no channel, server, store or cloud library, and no wording (messages are formatted outside it).',
      severity: 'error',
      from: { path: '^bot/core/' },
      to: {
        path: '^node_modules/(botbuilder|botframework-|restify|pg|better-sqlite3|nodemailer|@azure|cockatiel|jose|cloudevents|pino|intl-messageformat|@formatjs)',
      },
    },
    {
      name: 'core-through-its-door',
      comment: 'Outside bot/core, the core is imported through bot/core/index.ts only.',
      severity: 'error',
      from: { path: '^(bot|scripts|bench)/', pathNot: '^bot/core/' },
      to: { path: '^bot/core/', pathNot: '^bot/core/index\\.ts$' },
    },
    {
      name: 'adapters-not-on-layers',
      comment: 'Adapters implement ports; they do not use the Teams conversation, the tab, the server or the channel.',
      severity: 'error',
      from: { path: '^bot/adapters/' },
      to: { path: '^bot/(teams|tab|server|channel|partnerAnswer|onboarding|notifications)/' },
    },
    {
      name: 'botbuilder-behind-the-channel',
      comment: 'Only bot/channel/ imports botbuilder and botframework-*.',
      severity: 'error',
      from: { path: '^bot/', pathNot: '^bot/channel/' },
      to: { path: CHANNEL_LIBRARIES },
    },
    {
      name: 'no-circular',
      comment: 'Modules of bot/ that import each other, directly or around a loop.',
      severity: 'error',
      from: { path: '^bot/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
