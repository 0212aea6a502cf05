import type { Logger } from 'pino';
import { graphClientCredentials, type AppConfig } from '../../config';
import type {
  ConversationStore,
  PartnerDirectory,
  RoleDirectory,
  SubscriptionDirectory,
  SubscriptionOwners,
} from '../../core';
import { ARM_SCOPE, ArmClient } from '../arm/armClient';
import { AzureDirectory } from '../arm/azureDirectory';
import { GraphClient } from '../graph/graphClient';
import { GraphDirectory } from '../graph/graphDirectory';
import { loadPartnerContacts } from '../partnerCenter/partnerContacts';
import { PartnerCenterDirectory } from '../partnerCenter/partnerCenterDirectory';
import { ClientCredentialTokens, RefreshTokenTokens } from './entraTokens';
import { GraphAndAzureSubscriptions } from './graphAndAzureSubscriptions';
import { HttpsClient, type HttpsClientOptions } from './httpsClient';
import { UpstreamPolicy } from './upstreamPolicy';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const PARTNER_CENTER_SCOPES = ['https://api.partnercenter.microsoft.com/user_impersonation'];
/** A turn reads the subscription list several times; a minute is fresh enough for a list that rarely changes. */
const SUBSCRIPTION_CACHE_MS = 60_000;

export interface MicrosoftDirectories {
  /** Present with DIRECTORY=graph: Graph alone (people, roles, Microsoft 365 subscriptions). */
  graph?: SubscriptionDirectory & RoleDirectory;
  /** Present with DIRECTORY=graph: Graph's subscriptions and Azure Resource Manager's together. */
  subscriptions?: SubscriptionDirectory;
  /** Present with DIRECTORY=graph: the Owners of each Azure subscription (Azure RBAC). */
  subscriptionOwners?: SubscriptionOwners;
  /** Present with PARTNER_DIRECTORY=partnercenter. */
  partnerCenter?: PartnerDirectory;
  close(): void;
}

/**
 * The production directories, as configured: Microsoft Graph for each customer tenant (client credentials of
 * the app), Partner Center for the partner organisation that runs the bot (its App+User refresh token). One
 * circuit per upstream, shared by every tenant.
 */
export function createMicrosoftDirectories(
  config: AppConfig,
  conversations: Pick<ConversationStore, 'listTenantIds'>,
  log: Logger,
  http: HttpsClientOptions = {},
): MicrosoftDirectories {
  const app = { authorityHost: config.ENTRA_AUTHORITY_HOST, ...graphClientCredentials(config) };
  const policySettings = {
    maxAttempts: config.UPSTREAM_MAX_ATTEMPTS,
    halfOpenAfterMs: config.UPSTREAM_BREAKER_HALF_OPEN_MS,
  };
  const timeoutMs = config.UPSTREAM_TIMEOUT_MS;
  const clients: HttpsClient[] = [];
  const client = (upstream: 'graph' | 'arm' | 'entra' | 'partnerCenter') => {
    const c = new HttpsClient(upstream, http);
    clients.push(c);
    return c;
  };
  const entraHttp = client('entra');
  const entraPolicy = new UpstreamPolicy('entra', policySettings, log);
  const result: MicrosoftDirectories = {
    close: () => {
      for (const c of clients) c.close();
    },
  };

  if (config.DIRECTORY === 'graph') {
    const tokens = new ClientCredentialTokens(app, GRAPH_SCOPE, entraHttp, entraPolicy, timeoutMs, log);
    const graph = new GraphClient(
      config.GRAPH_BASE_URL,
      tokens,
      client('graph'),
      new UpstreamPolicy('graph', policySettings, log),
      timeoutMs,
      log,
    );
    const graphDirectory = new GraphDirectory(
      graph,
      conversations,
      {
        ownerRoleIds: config.OWNER_ROLES,
        roleCacheMs: config.ROLE_CACHE_SECONDS * 1000,
        subscriptionCacheMs: SUBSCRIPTION_CACHE_MS,
      },
      log,
    );
    const azure = createAzureDirectory(config, graphDirectory, client('arm'), entraHttp, entraPolicy, log);
    result.graph = graphDirectory;
    result.subscriptions = new GraphAndAzureSubscriptions(graphDirectory, azure);
    result.subscriptionOwners = azure;
  }
  if (config.PARTNER_DIRECTORY === 'partnercenter') {
    // loadConfig has checked both are set whenever PARTNER_DIRECTORY is partnercenter.
    const tenantId = config.PARTNER_CENTER_TENANT_ID ?? '';
    const refreshToken = config.PARTNER_CENTER_REFRESH_TOKEN ?? '';
    const tokens = new RefreshTokenTokens(
      app,
      tenantId,
      refreshToken,
      PARTNER_CENTER_SCOPES,
      entraHttp,
      entraPolicy,
      timeoutMs,
      log,
    );
    result.partnerCenter = new PartnerCenterDirectory(
      config.PARTNER_CENTER_BASE_URL,
      tokens,
      client('partnerCenter'),
      new UpstreamPolicy('partnerCenter', policySettings, log),
      loadPartnerContacts(config.PARTNER_CONTACTS_FILE),
      timeoutMs,
      log,
    );
  }
  return result;
}

/** Azure Resource Manager with its own token scope and upstream policy (its own circuit), names from Graph. */
function createAzureDirectory(
  config: AppConfig,
  names: GraphDirectory,
  armHttp: HttpsClient,
  entraHttp: HttpsClient,
  entraPolicy: UpstreamPolicy,
  log: Logger,
): AzureDirectory {
  const app = { authorityHost: config.ENTRA_AUTHORITY_HOST, ...graphClientCredentials(config) };
  const policy = new UpstreamPolicy(
    'arm',
    { maxAttempts: config.UPSTREAM_MAX_ATTEMPTS, halfOpenAfterMs: config.UPSTREAM_BREAKER_HALF_OPEN_MS },
    log,
  );
  const tokens = new ClientCredentialTokens(app, ARM_SCOPE, entraHttp, entraPolicy, config.UPSTREAM_TIMEOUT_MS, log);
  const arm = new ArmClient(config.ARM_BASE_URL, tokens, armHttp, policy, config.UPSTREAM_TIMEOUT_MS, log);
  return new AzureDirectory(
    arm,
    names,
    { subscriptionCacheMs: SUBSCRIPTION_CACHE_MS, roleCacheMs: config.ROLE_CACHE_SECONDS * 1000 },
    log,
  );
}
