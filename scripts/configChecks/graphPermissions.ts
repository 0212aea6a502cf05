import type { AppConfig } from '../../bot/config';
import { HttpsClient } from '../../bot/adapters/microsoft/httpsClient';
import { failed, messageOf, ok, report, warning } from './report';

/**
 * One small GET per Graph permission the app registration asks for, in the bot's own tenant. A token does not
 * always say which permissions it carries, so each is probed with a read it allows (least privileged first in
 * Microsoft's permission tables); Graph's 403 means it is not granted there.
 */
const ROLES = '/v1.0/roleManagement/directory';
const PROBES = [
  { permission: 'Organization.Read.All', path: '/v1.0/organization?$select=id', needed: true },
  { permission: 'RoleManagement.Read.Directory', path: `${ROLES}/roleAssignments?$top=1`, needed: true },
  { permission: 'User.Read.All', path: '/v1.0/users?$top=1&$select=id', needed: true },
  {
    permission: 'RoleAssignmentSchedule.Read.Directory',
    path: `${ROLES}/roleAssignmentScheduleInstances?$top=1`,
    needed: false,
  },
  {
    permission: 'RoleEligibilitySchedule.Read.Directory',
    path: `${ROLES}/roleEligibilityScheduleInstances?$top=1`,
    needed: false,
  },
  { permission: 'GroupMember.Read.All', path: '/v1.0/groups?$top=1&$select=id', needed: false },
] as const;

/**
 * DIRECTORY=graph: which of the Graph reads work with the app's token. Without the first three the bot cannot
 * serve the tenant (FAILED); without the others it still serves it with direct role assignments only (WARNING).
 */
export async function checkGraphPermissions(config: AppConfig, token: string): Promise<void> {
  const http = new HttpsClient('graph');
  const name = `Graph permissions ${config.GRAPH_BASE_URL}`;
  const refused: { permission: string; needed: boolean }[] = [];
  try {
    for (const probe of PROBES) {
      const url = `${config.GRAPH_BASE_URL}${probe.path}`;
      const headers = { authorization: `Bearer ${token}` };
      const res = await http.call({ method: 'GET', url, timeoutMs: config.UPSTREAM_TIMEOUT_MS, headers });
      if (res.status === 403) refused.push(probe);
      else if (res.status !== 200) {
        report(name, failed(`HTTP ${res.status} for ${probe.path.split('?')[0]}`));
        return;
      }
    }
  } catch (err) {
    report(name, failed(messageOf(err)));
    return;
  } finally {
    http.close();
  }
  const names = (needed: boolean) =>
    refused
      .filter((r) => r.needed === needed)
      .map((r) => r.permission)
      .join(', ');
  if (refused.some((r) => r.needed)) {
    report(name, failed(`not granted: ${names(true)}; a Global Administrator grants admin consent again`));
  } else if (refused.length) {
    report(
      name,
      warning(
        `not granted yet: ${names(false)}; owners through groups and Privileged Identity Management are not seen ` +
          'until a Global Administrator grants admin consent again (direct role assignments still work)',
      ),
    );
  } else report(name, ok(`all ${PROBES.length} granted`));
}
