import { PARTNER_ORG } from './fixtures';
import type { MicrosoftCloud } from './index';

/** The app registration the in-process tests give the production directories. */
export const STAND_IN_APP = {
  clientId: '5d2c7f1e-8a3b-4c6d-9e0f-1a2b3c4d5e6f',
  clientSecret: 'stand-in-client-secret-value',
} as const;

/**
 * The settings that point the bot's production directories (DIRECTORY=graph, PARTNER_DIRECTORY=partnercenter) at
 * these stand-ins: Entra ID, Graph, Azure Resource Manager and Partner Center, all on loopback.
 */
export function standInDirectorySettings(
  cloud: MicrosoftCloud,
  app: { clientId: string; clientSecret: string } = STAND_IN_APP,
): Record<string, string> {
  return {
    DIRECTORY: 'graph',
    PARTNER_DIRECTORY: 'partnercenter',
    BOT_DOMAIN: 'bot.example.net',
    GRAPH_CLIENT_ID: app.clientId,
    GRAPH_CLIENT_SECRET: app.clientSecret,
    ENTRA_AUTHORITY_HOST: cloud.authorityHost,
    GRAPH_BASE_URL: cloud.graphBaseUrl,
    ARM_BASE_URL: cloud.armBaseUrl,
    PARTNER_CENTER_BASE_URL: cloud.partnerCenterBaseUrl,
    PARTNER_CENTER_TENANT_ID: PARTNER_ORG.tenantId,
    PARTNER_CENTER_REFRESH_TOKEN: PARTNER_ORG.refreshToken,
  };
}
