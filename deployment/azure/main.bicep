// Partner of Record bot on Azure: App Service (Linux, Node 22 or a container), Azure Bot with the Teams
// channel, Key Vault for the secrets, Application Insights, and an optional PostgreSQL server.
// Deploy to a resource group: see deployment/README.md.

targetScope = 'resourceGroup'

// ---- Names and placement ----------------------------------------------------------------------------

@description('Lowercase letters and digits (3 to 16): the start of every resource name. A suffix derived from the resource group makes the globally unique names unique.')
@minLength(3)
@maxLength(16)
param resourceBaseName string

param location string = resourceGroup().location

// ---- Hosting ----------------------------------------------------------------------------------------

@description('code: App Service builds and runs the Node.js app (zip deploy). container: App Service runs containerImage, built from the repository\'s Dockerfile.')
@allowed(['code', 'container'])
param deployMode string = 'code'

@description('With deployMode container: the image to run, for example myregistry.azurecr.io/partner-of-record-bot:1.0.0.')
param containerImage string = ''

@description('With deployMode container: pull the image with the web app\'s managed identity (grant it AcrPull on the registry).')
param containerRegistryUseManagedIdentity bool = false

@description('Always On needs Basic or higher; the embedded SQLite store needs exactly one instance.')
@allowed(['B1', 'B2', 'B3', 'S1', 'P0v3', 'P1v3'])
param appServicePlanSku string = 'B1'

@description('Instances of the web app, with deployPostgres only: SQLite serves one instance, so without PostgreSQL the plan runs one whatever this says. At most 3: each instance holds a pool of DATABASE_POOL_SIZE connections, and the B1ms server of modules/postgres.bicep takes 35 (Basic plans also stop at 3).')
@minValue(1)
@maxValue(3)
param instanceCount int = 1

// ---- Bot identity -------------------------------------------------------------------------------------

@allowed(['F0', 'S1'])
param botSku string = 'F0'

@maxLength(42)
param botDisplayName string = 'Partner of Record'

@description('The Entra app registration\'s client id (MicrosoftAppId).')
param msaAppId string

@description('The app registration\'s client secret; stored in Key Vault, never in app settings.')
@secure()
param msaAppPassword string

@description('The Azure Bot\'s type, not the app registration\'s audience: SingleTenant (new multi-tenant Azure Bots cannot be created any more), also for the multi-tenant app registration teamsapp.yml creates; MultiTenant only for an existing Azure Bot of that type.')
@allowed(['SingleTenant', 'MultiTenant'])
param msaAppType string = 'SingleTenant'

@description('The home tenant of the app registration (SingleTenant): the bot gets its Bot Framework tokens there.')
param msaAppTenantId string = subscription().tenantId

// ---- Bot settings (described in .env.sample; an empty value means the bot's default) ------------------

@description('DEMO ONLY: the default is the demo seed shipped with the app (relative to the app folder). Point it at your own seed file, for example under /home.')
param seedFile string = 'deployment/demo-seed.json'

@description('DEMO ONLY: true lets the bot, which runs with an app id here, start on the demo seed (or any seed holding its tenants). Production leaves it false.')
param allowDemoSeed bool = false

@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
param logLevel string = 'info'

param supportTechnicalUrl string = ''
param supportBillingUrl string = ''

@description('smtp://user:password@host:587 for partner emails. It holds a credential, so it goes to Key Vault. Empty only with mailTransport file (a demo): emails are then written as .eml files under DATA_DIR/mail and not sent.')
@secure()
param smtpUrl string = ''

@description('smtp: partner emails go through smtpUrl. file: they are written under DATA_DIR/mail and NOT sent (for a demo). Empty: smtp when smtpUrl is given; without smtpUrl the bot refuses to start unless this is file.')
@allowed(['', 'smtp', 'file'])
param mailTransport string = ''

param mailFrom string = ''
param mailReplyTo string = ''
param mailSupportLine string = ''

@minValue(1)
param syncIntervalMinutes int = 60

// ---- Microsoft's directories (described in .env.sample) ----------------------------------------------------
// Graph is read with the bot's own app registration (MicrosoftAppId, MicrosoftAppPassword): GRAPH_CLIENT_ID and
// GRAPH_CLIENT_SECRET are not set. The endpoints, the upstream limits and ROLE_CACHE_SECONDS keep the bot's defaults.

@description('seed: tenants, users and subscriptions from seedFile. graph: each customer tenant\'s Microsoft Graph, after its admin consent (see aad.manifest.json for the permissions).')
@allowed(['seed', 'graph'])
param directory string = 'seed'

@description('seed: Partner IDs from seedFile. partnercenter: Partner Center, with partnerCenterTenantId and partnerCenterRefreshToken.')
@allowed(['seed', 'partnercenter'])
param partnerDirectory string = 'seed'

@description('Directory roles that make a person the owner: comma-separated names (GlobalAdministrator, BillingAdministrator) or role template ids. Empty: the bot\'s default, GlobalAdministrator.')
param ownerRoles string = ''

@description('With partnerDirectory partnercenter: the Entra tenant id of the partner organisation that operates the bot.')
param partnerCenterTenantId string = ''

@description('With partnerDirectory partnercenter: a refresh token of the partner\'s App+User sign-in to Partner Center. A credential, so it goes to Key Vault.')
@secure()
param partnerCenterRefreshToken string = ''

@description('A file (relative to the app folder, or under /home) giving each Partner ID its contact for partner emails. Optional.')
param partnerContactsFile string = ''

// ---- Optional PostgreSQL: the store for more than one instance -------------------------------------------

@description('Creates a PostgreSQL Flexible Server and makes it the bot\'s store (STORE=postgres, DATABASE_URL from Key Vault); needed for instanceCount above 1. Without it the bot keeps its SQLite store in /home/data, on one instance.')
param deployPostgres bool = false

param postgresAdminLogin string = 'poradmin'

@description('With deployPostgres: the server administrator\'s password. It goes into the connection string, kept in Key Vault.')
@secure()
param postgresAdminPassword string = ''

// ---- Resources ------------------------------------------------------------------------------------------

var suffix = take(uniqueString(resourceGroup().id, resourceBaseName), 6)
var webAppName = '${resourceBaseName}-${suffix}'
var isContainer = deployMode == 'container'

// More than one instance only with PostgreSQL: SQLite is one file on /home with one writer, and its locks are not
// meant to be shared by several machines.
var instances = deployPostgres ? instanceCount : 1

// App Service keeps /home across restarts and deployments: the SQLite store and the mail drop live there.
var dataDir = '/home/data'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${resourceBaseName}-${suffix}'
    location: location
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: { name: appServicePlanSku, capacity: instances }
  properties: { reserved: true } // Linux
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: isContainer ? 'app,linux,container' : 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: isContainer ? 'DOCKER|${containerImage}' : 'NODE|22-lts'
      // The container runs its own CMD; code runs the compiled entry that App Service built (package.json "main").
      appCommandLine: isContainer ? '' : 'node --disable-warning=DEP0111 dist/bot/main.js'
      acrUseManagedIdentityCreds: isContainer && containerRegistryUseManagedIdentity
      alwaysOn: true // the outbox dispatcher and the nudge pass run in the background
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      numberOfWorkers: instances // as the plan: one with SQLite (one file, one writer)
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${take(resourceBaseName, 12)}-${suffix}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

// Key Vault secret names allow letters, digits and dashes only.
var secretNames = {
  appPassword: 'MicrosoftAppPassword'
  smtpUrl: 'SmtpUrl'
  partnerCenterRefreshToken: 'PartnerCenterRefreshToken'
  postgresConnectionString: 'PostgresConnectionString' // written by modules/postgres.bicep
}

resource appPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.appPassword
  properties: { value: msaAppPassword }
}

resource smtpUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpUrl)) {
  parent: keyVault
  name: secretNames.smtpUrl
  properties: { value: smtpUrl }
}

resource partnerCenterRefreshTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(partnerCenterRefreshToken)) {
  parent: keyVault
  name: secretNames.partnerCenterRefreshToken
  properties: { value: partnerCenterRefreshToken }
}

// Key Vault Secrets User: read secret values, nothing else.
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource webAppReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, webApp.id, keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

func keyVaultReference(vaultUri string, secretName string) string => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName})'

// App settings. Every name in an appSettings* variable is one the bot reads (bot/config.ts), or one App Service
// reads, listed with its reason in test/deployment/deploymentAgreesWithCode.test.ts. PORT is not set: App Service
// hands the Node app its port in PORT; a container listens on the bot's default, 3978, which WEBSITES_PORT says.
var appSettingsForBot = {
  MicrosoftAppId: msaAppId
  MicrosoftAppPassword: keyVaultReference(keyVault.properties.vaultUri, secretNames.appPassword)
  MicrosoftAppType: msaAppType
  MicrosoftAppTenantId: msaAppType == 'SingleTenant' ? msaAppTenantId : ''
  DATA_DIR: dataDir
  SEED_FILE: seedFile
  ALLOW_DEMO_SEED: string(allowDemoSeed)
  LOG_LEVEL: logLevel
  SUPPORT_TECHNICAL_URL: supportTechnicalUrl
  SUPPORT_BILLING_URL: supportBillingUrl
  MAIL_TRANSPORT: mailTransport
  MAIL_FROM: mailFrom
  MAIL_REPLY_TO: mailReplyTo
  MAIL_SUPPORT_LINE: mailSupportLine
  SYNC_INTERVAL_MINUTES: string(syncIntervalMinutes)
  // The tab's SSO tokens are for api://BOT_DOMAIN/MicrosoftAppId, the resource the app package declares; admin
  // consent returns to https://BOT_DOMAIN/consent/callback.
  BOT_DOMAIN: webApp.properties.defaultHostName
  DIRECTORY: directory
  PARTNER_DIRECTORY: partnerDirectory
  OWNER_ROLES: ownerRoles
  PARTNER_CENTER_TENANT_ID: partnerCenterTenantId
  PARTNER_CONTACTS_FILE: partnerContactsFile
}

// The store: PostgreSQL whenever the server is created (its connection string only as a Key Vault reference), else
// SQLite in DATA_DIR. /home is a network share, and SQLite's WAL needs every process using the database on one host:
// a rollback journal relies on file locks alone.
var appSettingsForStore = deployPostgres ? {
  STORE: 'postgres'
  DATABASE_URL: keyVaultReference(keyVault.properties.vaultUri, secretNames.postgresConnectionString)
} : {
  STORE: 'sqlite'
  SQLITE_JOURNAL_MODE: 'delete'
}

var appSettingsForSmtp = empty(smtpUrl) ? {} : {
  SMTP_URL: keyVaultReference(keyVault.properties.vaultUri, secretNames.smtpUrl)
}

var appSettingsForPartnerCenter = empty(partnerCenterRefreshToken) ? {} : {
  PARTNER_CENTER_REFRESH_TOKEN: keyVaultReference(keyVault.properties.vaultUri, secretNames.partnerCenterRefreshToken)
}

var appSettingsForPlatform = isContainer ? {
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'true'
  WEBSITES_PORT: '3978'
} : {
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'true'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
}

// Set after the role assignment, so the first start can already resolve the Key Vault references.
resource webAppSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: union(appSettingsForBot, appSettingsForStore, appSettingsForSmtp, appSettingsForPartnerCenter, appSettingsForPlatform)
  dependsOn: [
    webAppReadsSecrets
    appPasswordSecret
    smtpUrlSecret
    partnerCenterRefreshTokenSecret
    postgres // writes the connection string secret
  ]
}

// The bot's JSON logs (stdout) and HTTP logs, queryable in the Log Analytics workspace.
resource webAppLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: webApp
  properties: {
    workspaceId: monitoring.outputs.workspaceId
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

module bot 'modules/azureBot.bicep' = {
  name: 'azureBot'
  params: {
    name: '${resourceBaseName}-bot-${suffix}'
    displayName: botDisplayName
    sku: botSku
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: msaAppId
    msaAppType: msaAppType
    msaAppTenantId: msaAppType == 'SingleTenant' ? msaAppTenantId : ''
  }
}

module postgres 'modules/postgres.bicep' = if (deployPostgres) {
  name: 'postgres'
  params: {
    name: '${resourceBaseName}-pg-${suffix}'
    location: location
    adminLogin: postgresAdminLogin
    adminPassword: postgresAdminPassword
    keyVaultName: keyVault.name
    connectionStringSecretName: secretNames.postgresConnectionString
  }
}

// ---- Outputs (the toolkit writes them, upper-cased, into env/.env.<environment>) ---------------------

@description('The web app\'s host name: BOT_DOMAIN for the Teams app package.')
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output WEB_APP_NAME string = webApp.name
output AZURE_BOT_ID string = bot.outputs.id
output KEY_VAULT_NAME string = keyVault.name
@description('The Key Vault secret holding the PostgreSQL connection string, the bot\'s DATABASE_URL (empty without PostgreSQL).')
output POSTGRES_CONNECTION_SECRET_URI string = deployPostgres ? postgres.outputs.connectionStringSecretUri : ''
