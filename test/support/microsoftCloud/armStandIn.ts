/**
 * Stands in for Azure Resource Manager, the two reads the bot makes. Bearer tokens must be app tokens the
 * EntraStandIn issued for `https://management.azure.com/.default`.
 *
 * Shapes follow Microsoft's Azure REST documentation:
 * - "Subscriptions - List" (rest/api/resources/subscriptions/list, api-version 2022-12-01): `GET
 *   /subscriptions` answers `{value: Subscription[], nextLink?}`, each `{id: '/subscriptions/{id}',
 *   authorizationSource: 'RoleBased', managedByTenants: [], subscriptionId, tenantId, displayName, state,
 *   subscriptionPolicies: {locationPlacementId, quotaId, spendingLimit}}`; `state` is Enabled, Warned, PastDue,
 *   Disabled or Deleted. Only subscriptions the caller holds a role on are listed: none is an empty list.
 * - "Role Assignments - List For Scope" (rest/api/authorization/role-assignments/list-for-scope, api-version
 *   2022-04-01): `GET {scope}/providers/Microsoft.Authorization/roleAssignments` answers `{value, nextLink?}`,
 *   each `{id, name, type: 'Microsoft.Authorization/roleAssignments', properties: {roleDefinitionId (full
 *   path), principalId, principalType, scope, condition, conditionVersion, createdOn, updatedOn, createdBy,
 *   updatedBy, delegatedManagedIdentityResourceId, description}}`. `$filter=atScope()` gives assignments at or
 *   above the scope; `$filter=assignedTo('{objectId}')` those of that principal and of its groups, at, above or
 *   below it; no filter, all of them.
 * - "Azure Resource Manager error codes" / "Troubleshoot common Azure deployment errors": errors are `{error:
 *   {code, message}}`: 403 AuthorizationFailed (the caller has no role that lets it read the scope), 404
 *   SubscriptionNotFound, 401 InvalidAuthenticationToken, 400 MissingApiVersionParameter /
 *   InvalidApiVersionParameter / BadRequest (an unknown $filter), 429 with Retry-After, 503.
 * - Answers carry `x-ms-request-id`, `x-ms-correlation-request-id` (the client's `x-ms-correlation-request-id`
 *   when it sent one) and `Content-Type: application/json; charset=utf-8`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { EntraStandIn } from './entraStandIn';
import { bearerToken, StandInServer, type Fault, type IncomingCall, type Reply } from './standInServer';

/** Azure's built-in role definitions the tests use (the ids are the same in every tenant). */
export const AZURE_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  UserAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
} as const;

export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
export const ROLE_ASSIGNMENTS_API_VERSION = '2022-04-01';

export type ArmSubscriptionState = 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' | 'Deleted';

export interface ArmSubscription {
  subscriptionId: string;
  displayName: string;
  state: ArmSubscriptionState;
}

export interface ArmRoleAssignment {
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  /** The role definition's GUID (AZURE_ROLES). */
  roleDefinitionId: string;
  /**
   * Where it is given: '' for the subscription itself, `resourceGroups/{name}` below it, or a full scope above
   * it (`/providers/Microsoft.Management/managementGroups/{id}`).
   */
  scope?: string;
}

interface ArmTenant {
  subscriptions: ArmSubscription[];
  /** Subscriptions the app holds a role on (it sees only these). */
  appCanRead: Set<string>;
  assignments: Map<string, ArmRoleAssignment[]>;
  /** Group id -> member ids (users or groups): assignedTo covers a principal's groups, nested ones too. */
  groups: Map<string, string[]>;
}

function armErrorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** A canned ARM error for failNext, e.g. `armError(429, 'TooManyRequests', 'Slow down', { retryAfterSeconds: 1 })`. */
export function armError(
  status: number,
  code: string,
  message: string,
  options: { retryAfterSeconds?: number; pathPrefix?: string } = {},
): Fault {
  const fault: Fault = { status, body: armErrorBody(code, message) };
  if (options.retryAfterSeconds !== undefined) fault.headers = { 'retry-after': String(options.retryAfterSeconds) };
  if (options.pathPrefix !== undefined) fault.pathPrefix = options.pathPrefix;
  return fault;
}

const ROLE_ASSIGNMENTS_PATH = /^\/subscriptions\/([^/]+)\/providers\/microsoft\.authorization\/roleassignments\/?$/i;

export class ArmStandIn extends StandInServer {
  protected readonly serviceName = 'Azure Resource Manager';
  private readonly tenants = new Map<string, ArmTenant>();
  /** Items per page of either list. */
  pageSize: number;

  constructor(
    readonly entra: EntraStandIn,
    options: { pageSize?: number } = {},
  ) {
    super();
    this.pageSize = options.pageSize ?? 100;
  }

  private tenant(tenantId: string): ArmTenant {
    const id = tenantId.toLowerCase();
    let t = this.tenants.get(id);
    if (!t) {
      t = { subscriptions: [], appCanRead: new Set(), assignments: new Map(), groups: new Map() };
      this.tenants.set(id, t);
    }
    return t;
  }

  /** Adds (or replaces) an Azure subscription; `appCanRead` false: the app holds no role on it (default true). */
  addSubscription(tenantId: string, subscription: ArmSubscription, options: { appCanRead?: boolean } = {}): void {
    const t = this.tenant(tenantId);
    const id = subscription.subscriptionId.toLowerCase();
    t.subscriptions = t.subscriptions.filter((s) => s.subscriptionId.toLowerCase() !== id);
    t.subscriptions.push({ ...subscription });
    if (options.appCanRead ?? true) t.appCanRead.add(id);
    else t.appCanRead.delete(id);
  }

  /** Whether the app holds a role (Reader or more) on the subscription. */
  setAppCanRead(tenantId: string, subscriptionId: string, canRead: boolean): void {
    const t = this.tenant(tenantId);
    if (canRead) t.appCanRead.add(subscriptionId.toLowerCase());
    else t.appCanRead.delete(subscriptionId.toLowerCase());
  }

  assignRole(tenantId: string, subscriptionId: string, assignment: ArmRoleAssignment): void {
    const t = this.tenant(tenantId);
    const id = subscriptionId.toLowerCase();
    t.assignments.set(id, [...(t.assignments.get(id) ?? []), { ...assignment }]);
  }

  /** A security group and its members (users or groups), for assignedTo. */
  setGroup(tenantId: string, groupId: string, memberIds: string[]): void {
    this.tenant(tenantId).groups.set(
      groupId.toLowerCase(),
      memberIds.map((m) => m.toLowerCase()),
    );
  }

  protected override clientCorrelationId(headers: IncomingHttpHeaders): string | undefined {
    const value = headers['x-ms-correlation-request-id'];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  }

  protected standardHeaders(call: IncomingCall): Record<string, string> {
    return {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': call.ctx.requestId,
      'x-ms-correlation-request-id': call.ctx.clientRequestId,
      'cache-control': 'no-cache',
    };
  }

  protected defaultErrorReply(status: number): Reply {
    switch (status) {
      case 401:
        return { status, body: armErrorBody('InvalidAuthenticationToken', 'The access token is invalid.') };
      case 403:
        return { status, body: armErrorBody('AuthorizationFailed', 'The client does not have authorization.') };
      case 404:
        return { status, body: armErrorBody('NotFound', 'The resource was not found.') };
      case 429:
        return {
          status,
          headers: { 'retry-after': '1' },
          body: armErrorBody('TooManyRequests', 'The request is being throttled.'),
        };
      case 503:
        return { status, body: armErrorBody('ServiceUnavailable', 'The service is temporarily unavailable.') };
      default:
        return {
          status,
          body: armErrorBody(
            status >= 500 ? 'InternalServerError' : 'BadRequest',
            status >= 500 ? 'Encountered internal server error.' : 'The request is invalid.',
          ),
        };
    }
  }

  protected route(call: IncomingCall): Reply {
    const { scheme, token } = bearerToken(call.headers);
    const tenantId = scheme === 'bearer' && token ? this.entra.verify(token, 'arm') : null;
    if (!tenantId) {
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common"' },
        body: armErrorBody(
          'InvalidAuthenticationToken',
          'The access token is invalid, expired, or not for https://management.azure.com.',
        ),
      };
    }
    if (call.method !== 'GET') return { status: 405, body: armErrorBody('MethodNotAllowed', 'Not allowed.') };
    const path = call.path.replace(/\/+$/, '');
    const appId = this.entra.clientId;
    if (path.toLowerCase() === '/subscriptions') {
      const version = this.apiVersion(call, SUBSCRIPTIONS_API_VERSION);
      if (version) return version;
      return this.listSubscriptions(call, tenantId);
    }
    const match = ROLE_ASSIGNMENTS_PATH.exec(path);
    if (match) {
      const version = this.apiVersion(call, ROLE_ASSIGNMENTS_API_VERSION);
      if (version) return version;
      return this.listRoleAssignments(call, tenantId, match[1]!.toLowerCase(), appId);
    }
    return { status: 404, body: armErrorBody('NotFound', `No HTTP resource was found for ${call.path}.`) };
  }

  private apiVersion(call: IncomingCall, expected: string): Reply | null {
    const version = call.query.get('api-version');
    if (!version) {
      return {
        status: 400,
        body: armErrorBody(
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required.',
        ),
      };
    }
    if (version !== expected) {
      return {
        status: 400,
        body: armErrorBody('InvalidApiVersionParameter', `The api-version '${version}' is invalid here.`),
      };
    }
    return null;
  }

  private listSubscriptions(call: IncomingCall, tenantId: string): Reply {
    const t = this.tenant(tenantId);
    const visible = t.subscriptions.filter((s) => t.appCanRead.has(s.subscriptionId.toLowerCase()));
    return this.page(call, '/subscriptions', SUBSCRIPTIONS_API_VERSION, visible, (s) => ({
      id: `/subscriptions/${s.subscriptionId}`,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionId: s.subscriptionId,
      tenantId,
      displayName: s.displayName,
      state: s.state,
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off',
      },
    }));
  }

  private listRoleAssignments(call: IncomingCall, tenantId: string, subscriptionId: string, appId: string): Reply {
    const t = this.tenant(tenantId);
    const scope = `/subscriptions/${subscriptionId}`;
    if (!t.appCanRead.has(subscriptionId)) {
      // ARM answers the same for a subscription that exists and one the caller cannot see.
      return {
        status: 403,
        body: armErrorBody(
          'AuthorizationFailed',
          `The client '${appId}' with object id '${appId}' does not have authorization to perform action ` +
            `'Microsoft.Authorization/roleAssignments/read' over scope '${scope}/providers/Microsoft.Authorization' ` +
            'or the scope is invalid. If access was recently granted, please refresh your credentials.',
        ),
      };
    }
    const filter = (call.query.get('$filter') ?? '').trim();
    const all = t.assignments.get(subscriptionId) ?? [];
    let chosen: ArmRoleAssignment[];
    const assignedTo = /^assignedTo\('([0-9a-fA-F-]{36})'\)$/.exec(filter);
    if (filter === '') chosen = all;
    else if (filter === 'atScope()') chosen = all.filter((a) => !(a.scope ?? '').startsWith('resourceGroups/'));
    else if (assignedTo) {
      const principals = this.principalsOf(t, assignedTo[1]!.toLowerCase());
      chosen = all.filter((a) => principals.has(a.principalId.toLowerCase()));
    } else {
      return { status: 400, body: armErrorBody('BadRequest', `The filter '${filter}' is not supported.`) };
    }
    return this.page(
      call,
      `${scope}/providers/Microsoft.Authorization/roleAssignments`,
      ROLE_ASSIGNMENTS_API_VERSION,
      chosen,
      (a) => {
        const name = randomUUID();
        const at = !a.scope ? scope : a.scope.startsWith('/') ? a.scope : `${scope}/${a.scope}`;
        return {
          properties: {
            roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${a.roleDefinitionId}`,
            principalId: a.principalId,
            principalType: a.principalType,
            scope: at,
            condition: null,
            conditionVersion: null,
            createdOn: '2025-03-01T10:00:00.0000000Z',
            updatedOn: '2025-03-01T10:00:00.0000000Z',
            createdBy: null,
            updatedBy: '5d3c9a7e-2b14-4f6a-9c81-0e7f3a2b6d45',
            delegatedManagedIdentityResourceId: null,
            description: null,
          },
          id: `${at}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          type: 'Microsoft.Authorization/roleAssignments',
          name,
        };
      },
    );
  }

  /** The principal and every group it is in, nested groups included. */
  private principalsOf(t: ArmTenant, principalId: string): Set<string> {
    const found = new Set([principalId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [group, members] of t.groups) {
        if (!found.has(group) && members.some((m) => found.has(m))) {
          found.add(group);
          grew = true;
        }
      }
    }
    return found;
  }

  /** One page of `items` from `$skiptoken` on, with a nextLink to the rest (ARM's own address). */
  private page<T>(
    call: IncomingCall,
    path: string,
    apiVersion: string,
    items: T[],
    shape: (item: T) => unknown,
  ): Reply {
    const skip = Number(call.query.get('$skiptoken') ?? '0');
    const from = Number.isSafeInteger(skip) && skip >= 0 ? skip : 0;
    const slice = items.slice(from, from + this.pageSize);
    const body: { value: unknown[]; nextLink?: string } = { value: slice.map(shape) };
    if (from + this.pageSize < items.length) {
      const next = new URL(`${this.baseUrl}${path}`);
      next.searchParams.set('api-version', apiVersion);
      const filter = call.query.get('$filter');
      if (filter) next.searchParams.set('$filter', filter);
      next.searchParams.set('$skiptoken', String(from + this.pageSize));
      body.nextLink = next.toString();
    }
    return { status: 200, body };
  }
}
