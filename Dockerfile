# Partner of Record bot. Build: docker build -t partner-of-record-bot .
# Run:   docker run -p 3978:3978 -v por-data:/data -e MicrosoftAppId=... -e MicrosoftAppPassword=... \
#          -e MicrosoftAppType=SingleTenant -e MicrosoftAppTenantId=... partner-of-record-bot
# (settings: .env.sample; with no MicrosoftAppId the bot runs in local anonymous mode)

# ---- build: compile TypeScript with the dev dependencies, then keep only the production ones ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt one can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bot ./bot
# The compiler run alone: the compile cache is built in the runtime stage, by the user that runs the bot.
RUN npm run build:code && npm prune --omit=dev

# ---- runtime: the compiled bot, its production dependencies, and the files it reads at run time ----
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time, found beside package.json: the card templates, the tab's page and the default (demo) seed.
COPY cards ./cards
COPY tab ./tab
COPY deployment/demo-seed.json ./deployment/demo-seed.json
# The SQLite store and the mail drop; created before VOLUME so a new volume starts owned by node. A local Docker
# volume keeps SQLite's default WAL journal; a DATA_DIR on a network share (App Service's /home, an SMB or NFS mount)
# needs SQLITE_JOURNAL_MODE=delete.
RUN mkdir -p /data && chown node:node /data
# The compile cache (bot/runtime/compileCache.ts): V8's code for the modules, kept by a start for the next start; a
# folder only node may write to, since what is in it is code the bot runs.
RUN mkdir -p dist/.compile-cache && chown node:node dist/.compile-cache && chmod 700 dist/.compile-cache
COPY scripts/buildCompileCache.js ./scripts/buildCompileCache.js
VOLUME /data
USER node
# Built into the image: one start of the bot (local, in a temp folder) fills the cache, so that the container's first
# start is as quick as a restart rather than compiling every module.
RUN node scripts/buildCompileCache.js
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--disable-warning=DEP0111", "dist/bot/main.js"]
