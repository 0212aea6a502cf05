/**
 * The Microsoft cloud the bot's production adapters talk to, on loopback: Entra ID's token service
 * (entraStandIn.ts), Microsoft Graph (graphStandIn.ts), Partner Center (partnerCenterStandIn.ts) and Azure
 * Resource Manager (armStandIn.ts), each an
 * HTTPS server on 127.0.0.1 with its own port, addressed as https://localhost:PORT and trusted through one
 * throwaway CA (tls.ts). Each file's header says which Microsoft documentation its shapes follow.
 *
 *   const cloud = await startMicrosoftCloud({ clientId, clientSecret });
 *   seedFixtures(cloud);                                  // Fabrikam, Northwind, partners (fixtures.ts)
 *   // ENTRA_AUTHORITY_HOST=cloud.authorityHost, GRAPH_BASE_URL=cloud.graphBaseUrl,
 *   // PARTNER_CENTER_BASE_URL=cloud.partnerCenterBaseUrl, ARM_BASE_URL=cloud.armBaseUrl,
 *   // NODE_EXTRA_CA_CERTS=cloud.caPath (child process)
 *   // or `ca: cloud.caPem` (in-process https)
 *   await cloud.close();
 */
import { ArmStandIn } from './armStandIn';
import { EntraStandIn, type EntraStandInOptions } from './entraStandIn';
import { GraphStandIn } from './graphStandIn';
import { PartnerCenterStandIn } from './partnerCenterStandIn';

export * from './armStandIn';
export * from './entraStandIn';
export * from './graphStandIn';
export * from './partnerCenterStandIn';
export * from './standInServer';
export * from './tls';
export * from './fixtures';
export * from './directorySettings';

export interface MicrosoftCloud {
  entra: EntraStandIn;
  graph: GraphStandIn;
  partnerCenter: PartnerCenterStandIn;
  arm: ArmStandIn;
  /** https://localhost:PORT of the Entra stand-in (the authority is `${authorityHost}/${tenantId}`). */
  authorityHost: string;
  /** https://localhost:PORT of the Graph stand-in (requests go to `${graphBaseUrl}/v1.0/...`). */
  graphBaseUrl: string;
  /** https://localhost:PORT of the Partner Center stand-in (requests go to `${partnerCenterBaseUrl}/v1/...`). */
  partnerCenterBaseUrl: string;
  /** https://localhost:PORT of the Azure Resource Manager stand-in (requests go to `${armBaseUrl}/subscriptions...`). */
  armBaseUrl: string;
  /** The CA that signed every server's certificate. */
  caPath: string;
  caPem: string;
  /** Every request any of them answered since the last clear. */
  requestCount(): number;
  /** Forgets faults, downtime and delays on all of them. */
  resetFaults(): void;
  close(): Promise<void>;
}

export interface StartMicrosoftCloudOptions extends EntraStandInOptions {
  /** Graph's page size when the client gives no $top (default 100). */
  pageSize?: number;
}

/** Starts the stand-ins, empty: no tenants, no partners (see seedFixtures). */
export async function startMicrosoftCloud(options: StartMicrosoftCloudOptions): Promise<MicrosoftCloud> {
  const entra = new EntraStandIn(options);
  const graph = new GraphStandIn(entra, { pageSize: options.pageSize });
  const partnerCenter = new PartnerCenterStandIn(entra);
  const arm = new ArmStandIn(entra);
  const started: { close(): Promise<void> }[] = [];
  try {
    for (const server of [entra, graph, partnerCenter, arm]) {
      await server.start();
      started.push(server);
    }
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
  entra.graphBaseUrl = graph.baseUrl;

  return {
    entra,
    graph,
    partnerCenter,
    arm,
    authorityHost: entra.baseUrl,
    graphBaseUrl: graph.baseUrl,
    partnerCenterBaseUrl: partnerCenter.baseUrl,
    armBaseUrl: arm.baseUrl,
    caPath: entra.caPath,
    caPem: entra.caPem,
    requestCount: () => entra.requestCount() + graph.requestCount() + partnerCenter.requestCount() + arm.requestCount(),
    resetFaults: () => {
      for (const s of [entra, graph, partnerCenter, arm]) s.resetFaults();
    },
    close: async () => {
      await Promise.all([entra.close(), graph.close(), partnerCenter.close(), arm.close()]);
    },
  };
}
