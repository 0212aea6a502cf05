/**
 * Stands in for Microsoft Graph v1.0, the part of it that reads a customer tenant's directory. The tenant of
 * every call is the tenant of its bearer token, which the EntraStandIn issued; a token for another audience,
 * an unknown or an expired token gets Graph's 401.
 *
 * Shapes follow the Microsoft Graph v1.0 reference (learn.microsoft.com/graph/api/...):
 * - companySubscription: "List subscriptions" (directory-list-subscriptions), "Get companySubscription"
 *   (companysubscription-get, including the `subscriptions(commerceSubscriptionId='…')` alternate key) and the
 *   resource page (resources/companysubscription): commerceSubscriptionId, createdDateTime, id, isTrial,
 *   nextLifecycleDateTime, ownerId, ownerTenantId, ownerType, serviceStatus (servicePlanInfo: appliesTo,
 *   provisioningStatus, servicePlanId, servicePlanName), skuId, skuPartNumber, status (Enabled, Warning,
 *   Suspended, Deleted, LockedOut), totalLicenses. Permission: Organization.Read.All.
 * - organization: "Get organization" (organization-get); `GET /organization` answers a collection of one.
 * - user: "Get user" (user-get): without $select only the default properties (businessPhones, displayName,
 *   givenName, jobTitle, mail, mobilePhone, officeLocation, preferredLanguage, surname, userPrincipalName, id);
 *   with $select exactly the properties named, and an `@odata.context` naming them. By id or
 *   userPrincipalName. Permission: User.Read.All.
 * - unifiedRoleAssignment: "List unifiedRoleAssignments" (rbacapplication-list-roleassignments), examples
 *   `$filter=principalId eq '…'` and `$filter=roleDefinitionId eq '…'&$expand=principal` (the principal
 *   embedded with `"@odata.type": "#microsoft.graph.user"`). Permission: RoleManagement.Read.Directory.
 * - unifiedRoleAssignmentScheduleInstance: "List roleAssignmentScheduleInstances"
 *   (rbacapplication-list-roleassignmentscheduleinstances): the active assignments, direct ones included, with
 *   id, principalId, roleDefinitionId, directoryScopeId, appScopeId, startDateTime, endDateTime, assignmentType
 *   (Assigned or Activated), memberType (Direct, Group, Inherited), roleAssignmentOriginId,
 *   roleAssignmentScheduleId; `$filter=principalId eq '…'` or `roleDefinitionId eq '…'`. Permission:
 *   RoleAssignmentSchedule.Read.Directory (or the higher ones of its table, RoleManagement.Read.Directory among them).
 * - unifiedRoleEligibilityScheduleInstance: "List roleEligibilityScheduleInstances"
 *   (rbacapplication-list-roleeligibilityscheduleinstances): the same without assignmentType and
 *   roleAssignmentOriginId, with roleEligibilityScheduleId. Permission: RoleEligibilitySchedule.Read.Directory.
 * - "List a user's memberships (direct and transitive)" (user-list-transitivememberof), cast to
 *   `microsoft.graph.group`: groups with `"@odata.type": "#microsoft.graph.group"`, $select honoured (id,
 *   displayName, isAssignableToRole, ...). Permission: User.Read.All (or GroupMember.Read.All, Directory.Read.All).
 * - "List groups" (group-list): Permission GroupMember.Read.All (or Group.Read.All, Directory.Read.All).
 * - "List group transitive members" (group-list-transitivemembers), cast to `microsoft.graph.user`: the users
 *   in the group and its nested groups. Permission: GroupMember.Read.All (and User.Read.All to read the users).
 * - Errors: "Microsoft Graph error responses and resource types" (graph/errors): `{"error": {"code",
 *   "message", "innerError": {"date", "request-id", "client-request-id"}}}`; 401 InvalidAuthenticationToken,
 *   403 Authorization_RequestDenied "Insufficient privileges to complete the operation.", 404
 *   Request_ResourceNotFound "Resource '…' does not exist or one of its queried reference-property objects are
 *   not present.", 429 with Retry-After ("Microsoft Graph throttling guidance").
 * - Paging: "Paging Microsoft Graph data in your app" (graph/paging): `@odata.nextLink` is an absolute URL
 *   that keeps the request's other query options and adds `$skiptoken`; a page holds `pageSize` items
 *   (default 100) or `$top`.
 * Every answer carries `request-id` and `client-request-id` headers (the client's own when it sent one) and
 * `content-type: application/json;odata.metadata=minimal;...`.
 *
 * A tenant's granted application permissions are checked on each call (a real token carries the roles it
 * was issued with; here a change of permissions takes effect at once).
 */
import { type EntraStandIn, GRAPH_APP_ID } from './entraStandIn';
import {
  bearerToken,
  StandInServer,
  type Fault,
  type IncomingCall,
  type Reply,
  type ReplyContext,
} from './standInServer';

export type SubscriptionStatus = 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';

export interface ServicePlanInfo {
  appliesTo: 'User' | 'Company';
  provisioningStatus: 'Success' | 'Disabled' | 'Error' | 'PendingInput' | 'PendingActivation' | 'PendingProvisioning';
  servicePlanId: string;
  servicePlanName: string;
}

export interface CompanySubscription {
  id: string;
  commerceSubscriptionId: string;
  skuId: string;
  skuPartNumber: string;
  status: SubscriptionStatus;
  /** ISO 8601, UTC (`2021-03-15T09:30:00Z`). */
  createdDateTime: string;
  isTrial: boolean;
  totalLicenses: number;
  nextLifecycleDateTime?: string | null;
  /** The object id of the account admin. */
  ownerId?: string | null;
  /** The Microsoft partner tenant that created the subscription on the customer tenant. */
  ownerTenantId?: string | null;
  /** What ownerId is, e.g. "User". */
  ownerType?: string | null;
  serviceStatus?: ServicePlanInfo[];
}

export interface GraphUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  userType: 'Member' | 'Guest';
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  accountEnabled?: boolean;
  mailNickname?: string;
  preferredLanguage?: string | null;
  officeLocation?: string | null;
  mobilePhone?: string | null;
  businessPhones?: string[];
  companyName?: string | null;
  department?: string | null;
  usageLocation?: string | null;
  createdDateTime?: string | null;
}

export interface GraphRoleAssignment {
  principalId: string;
  /** The role template id, e.g. 62e90394-69f5-4237-9190-012177145e10 for Global Administrator. */
  roleDefinitionId: string;
  /** Computed the way Entra spells assignment ids when not given. */
  id?: string;
  directoryScopeId?: string;
}

/** A group; `members` are user or group ids (nested groups are followed by the transitive reads). */
export interface GraphGroup {
  id: string;
  displayName: string;
  isAssignableToRole: boolean;
  members: string[];
}

/** An active assignment PIM made: by an admin (Assigned, often with an end) or by the person (Activated). */
export interface GraphScheduledAssignment {
  principalId: string;
  roleDefinitionId: string;
  assignmentType: 'Assigned' | 'Activated';
  directoryScopeId?: string;
  startDateTime?: string;
  endDateTime?: string | null;
}

/** An eligible assignment: the person may activate the role in PIM, and holds nothing until then. */
export interface GraphEligibility {
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId?: string;
  startDateTime?: string;
  endDateTime?: string | null;
}

export interface VerifiedDomain {
  name: string;
  isDefault: boolean;
  isInitial: boolean;
  type?: 'Managed' | 'Federated';
  capabilities?: string;
}

export interface GraphTenant {
  id: string;
  displayName: string;
  verifiedDomains?: VerifiedDomain[];
  countryLetterCode?: string;
  createdDateTime?: string;
  users: GraphUser[];
  roleAssignments: GraphRoleAssignment[];
  subscriptions: CompanySubscription[];
  groups?: GraphGroup[];
  /** PIM's active assignments; the direct ones (`roleAssignments`) are listed as Assigned instances too. */
  scheduledAssignments?: GraphScheduledAssignment[];
  eligibilities?: GraphEligibility[];
  /** Application permissions granted to the app in this tenant (default: DEFAULT_APP_PERMISSIONS). */
  permissions?: Iterable<string>;
}

export interface StoredTenant extends Omit<GraphTenant, 'permissions'> {
  permissions: Set<string>;
}

/** What the bot's app registration asks for: one permission per kind of read. */
export const DEFAULT_APP_PERMISSIONS = [
  'Organization.Read.All',
  'RoleManagement.Read.Directory',
  'User.Read.All',
  'RoleAssignmentSchedule.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'GroupMember.Read.All',
] as const;

/** What the app asked for before it read groups and PIM. */
export const DIRECT_ROLE_PERMISSIONS = [
  'Organization.Read.All',
  'RoleManagement.Read.Directory',
  'User.Read.All',
] as const;

/** Each endpoint's permissions, least privileged first (the reference pages' permission tables). */
const REQUIRED = {
  organization: [
    'Organization.Read.All',
    'Directory.Read.All',
    'Organization.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
  users: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  roleAssignments: [
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'Directory.Read.All',
    'RoleManagement.ReadWrite.Directory',
    'Directory.ReadWrite.All',
  ],
  assignmentSchedules: [
    'RoleAssignmentSchedule.Read.Directory',
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'RoleManagement.Read.All',
    'RoleManagement.Read.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  eligibilitySchedules: [
    'RoleEligibilitySchedule.Read.Directory',
    'RoleEligibilitySchedule.ReadWrite.Directory',
    'RoleManagement.Read.All',
    'RoleManagement.Read.Directory',
    'RoleManagement.ReadWrite.Directory',
  ],
  memberOf: [
    'User.Read.All',
    'GroupMember.Read.All',
    'Group.Read.All',
    'Directory.Read.All',
    'User.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
  groupMembers: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
  ],
} as const;

export const GRAPH_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const SUBSCRIPTION_PROPERTIES = [
  'createdDateTime',
  'commerceSubscriptionId',
  'id',
  'isTrial',
  'nextLifecycleDateTime',
  'serviceStatus',
  'skuId',
  'skuPartNumber',
  'status',
  'totalLicenses',
  'ownerId',
  'ownerTenantId',
  'ownerType',
] as const;

const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/** The user properties $select may name (a v1.0 subset; others are answered as unknown). */
const USER_PROPERTIES = [
  'id',
  'accountEnabled',
  'ageGroup',
  'businessPhones',
  'city',
  'companyName',
  'country',
  'createdDateTime',
  'creationType',
  'deletedDateTime',
  'department',
  'displayName',
  'employeeId',
  'employeeType',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'faxNumber',
  'givenName',
  'identities',
  'imAddresses',
  'jobTitle',
  'mail',
  'mailNickname',
  'mobilePhone',
  'officeLocation',
  'onPremisesSyncEnabled',
  'otherMails',
  'postalCode',
  'preferredLanguage',
  'proxyAddresses',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
] as const;

const ORGANIZATION_PROPERTIES = [
  'id',
  'deletedDateTime',
  'businessPhones',
  'city',
  'country',
  'countryLetterCode',
  'createdDateTime',
  'defaultUsageLocation',
  'displayName',
  'isMultipleDataLocationsForServicesEnabled',
  'marketingNotificationEmails',
  'onPremisesLastSyncDateTime',
  'onPremisesSyncEnabled',
  'partnerTenantType',
  'postalCode',
  'preferredLanguage',
  'securityComplianceNotificationMails',
  'securityComplianceNotificationPhones',
  'state',
  'street',
  'technicalNotificationMails',
  'tenantType',
  'directorySizeQuota',
  'assignedPlans',
  'privacyProfile',
  'provisionedPlans',
  'verifiedDomains',
] as const;

const ROLE_ASSIGNMENT_PROPERTIES = [
  'id',
  'principalId',
  'resourceScope',
  'directoryScopeId',
  'roleDefinitionId',
] as const;

const SCHEDULE_INSTANCE_PROPERTIES = [
  'id',
  'principalId',
  'roleDefinitionId',
  'directoryScopeId',
  'appScopeId',
  'startDateTime',
  'endDateTime',
  'memberType',
  'assignmentType',
  'roleAssignmentOriginId',
  'roleAssignmentScheduleId',
  'roleEligibilityScheduleId',
] as const;

const GROUP_PROPERTIES = [
  'id',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'visibility',
] as const;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function graphErrorBody(ctx: ReplyContext, code: string, message: string): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      innerError: {
        // Graph writes this one without a zone or fractions: "2024-02-28T15:26:23".
        date: ctx.date.toISOString().slice(0, 19),
        'request-id': ctx.requestId,
        'client-request-id': ctx.clientRequestId,
      },
    },
  };
}

/**
 * A canned Graph error for failNext, e.g. `graph.failNext(2, graphError(429, 'TooManyRequests', 'Too many
 * requests.', { retryAfterSeconds: 1 }))`. Its innerError names the request it ends up answering.
 */
export function graphError(
  status: number,
  code: string,
  message: string,
  options: { retryAfterSeconds?: number; pathPrefix?: string } = {},
): Fault {
  const fault: Fault = { status, body: (ctx: ReplyContext) => graphErrorBody(ctx, code, message) };
  if (options.retryAfterSeconds !== undefined) fault.headers = { 'retry-after': String(options.retryAfterSeconds) };
  if (options.pathPrefix !== undefined) fault.pathPrefix = options.pathPrefix;
  return fault;
}

/** The id Entra gives a directory role assignment: base64url of both GUIDs' bytes (.NET order), then "-1". */
export function roleAssignmentId(roleDefinitionId: string, principalId: string): string {
  return `${Buffer.concat([dotnetGuidBytes(roleDefinitionId), dotnetGuidBytes(principalId)]).toString('base64url')}-1`;
}

function dotnetGuidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a GUID: ${guid}`);
  const b = Buffer.from(hex, 'hex');
  return Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
}

/** A query string that keeps `$` literal in names, as Graph writes its nextLinks. */
function queryString(params: [string, string][]): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%24/g, '$').replace(/'/g, '%27');
  return params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface GraphStandInOptions {
  /** Items per page when the client gives no $top (default 100). */
  pageSize?: number;
}

export class GraphStandIn extends StandInServer {
  protected readonly serviceName = 'Microsoft Graph';
  /** Items per page when the client gives no $top. */
  pageSize: number;
  private readonly tenants = new Map<string, StoredTenant>();

  constructor(
    readonly entra: EntraStandIn,
    options: GraphStandInOptions = {},
  ) {
    super();
    this.pageSize = options.pageSize ?? 100;
  }

  /** Replaces the tenant's whole directory (a copy is kept) and makes the tenant known to Entra. */
  setTenant(tenant: GraphTenant): void {
    const copy = structuredClone({ ...tenant, permissions: undefined }) as GraphTenant;
    const domains = tenant.verifiedDomains ?? [];
    this.tenants.set(tenant.id.toLowerCase(), {
      ...copy,
      permissions: new Set(tenant.permissions ?? DEFAULT_APP_PERMISSIONS),
    });
    this.entra.addTenant(tenant.id, { displayName: tenant.displayName, domains: domains.map((d) => d.name) });
  }

  /** The stored (live) model of a tenant, for a test that changes the directory between calls. */
  tenant(tenantId: string): StoredTenant {
    const found = this.tenants.get(tenantId.toLowerCase());
    if (!found) throw new Error(`GraphStandIn has no tenant ${tenantId}`);
    return found;
  }

  /** The application permissions granted in the tenant from now on. */
  setPermissions(tenantId: string, permissions: Iterable<string>): void {
    this.tenant(tenantId).permissions = new Set(permissions);
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  protected standardHeaders(call: IncomingCall): Record<string, string> {
    return {
      'content-type': GRAPH_CONTENT_TYPE,
      'cache-control': 'no-cache',
      'odata-version': '4.0',
      'request-id': call.ctx.requestId,
      'client-request-id': call.ctx.clientRequestId,
      'x-ms-ags-diagnostic': JSON.stringify({
        ServerInfo: { DataCenter: 'Stand-in', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'localhost' },
      }),
      'strict-transport-security': 'max-age=31536000',
    };
  }

  protected defaultErrorReply(status: number): Reply {
    switch (status) {
      case 400:
        return graphError(400, 'BadRequest', 'The request is malformed or incorrect.');
      case 401:
        return {
          ...graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'),
          headers: this.challenge(),
        };
      case 403:
        return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      case 404:
        return graphError(404, 'Request_ResourceNotFound', 'Resource not found.');
      case 429:
        return graphError(429, 'TooManyRequests', 'Too many requests.', { retryAfterSeconds: 1 });
      case 503:
        return graphError(
          503,
          'serviceNotAvailable',
          'The service is temporarily unavailable. Try again after a delay.',
        );
      case 504:
        return graphError(504, 'UnknownError', 'Gateway timeout.');
      default:
        return graphError(
          status,
          status >= 500 ? 'generalException' : 'BadRequest',
          status >= 500 ? 'An unspecified error has occurred.' : 'The request is malformed or incorrect.',
        );
    }
  }

  private challenge(): Record<string, string> {
    return {
      'www-authenticate': `Bearer realm="", authorization_uri="${this.entra.baseUrl}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
    };
  }

  protected route(call: IncomingCall): Reply {
    try {
      return this.answer(call);
    } catch (err) {
      if (err instanceof GraphFailure) {
        return { status: err.status, headers: err.headers, body: graphErrorBody(call.ctx, err.code, err.message) };
      }
      throw err;
    }
  }

  private answer(call: IncomingCall): Reply {
    const tenantId = this.authenticate(call);
    if (call.method !== 'GET' && call.method !== 'HEAD') {
      throw new GraphFailure(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');
    }
    const [version, ...segments] = call.path.split('/').filter(Boolean);
    if (version !== 'v1.0')
      throw new GraphFailure(400, 'BadRequest', `Invalid version: ${version ?? ''}. The stand-in serves v1.0 only.`);
    const tenant = this.tenants.get(tenantId);
    if (!tenant) throw new Error(`GraphStandIn has no model of tenant ${tenantId}: call setTenant first`);
    const [first, second, third, fourth] = segments;

    if (first === 'directory' && second !== undefined && /^subscriptions(\(|$)/.test(second)) {
      this.requirePermission(tenant, REQUIRED.organization);
      const alternate = /^subscriptions\(commerceSubscriptionId='([^']*)'\)$/.exec(second);
      if (alternate && third === undefined) {
        return this.getSubscription(call, tenant, alternate[1]!, (s) => s.commerceSubscriptionId);
      }
      if (second !== 'subscriptions') throw this.unknownSegment(second);
      if (third === undefined) return this.listSubscriptions(call, tenant);
      if (fourth === undefined) return this.getSubscription(call, tenant, third, (s) => s.id);
      throw this.unknownSegment(fourth);
    }
    if (first === 'organization') {
      this.requirePermission(tenant, REQUIRED.organization);
      if (third !== undefined) throw this.unknownSegment(third);
      return this.organization(call, tenant, second);
    }
    if (first === 'users' && second !== undefined && third === 'transitiveMemberOf') {
      this.requirePermission(tenant, REQUIRED.memberOf);
      if (fourth !== 'microsoft.graph.group' || segments.length > 4) throw this.unknownSegment(fourth ?? third);
      return this.transitiveMemberOf(call, tenant, second);
    }
    if (first === 'groups' && second !== undefined && third === 'transitiveMembers') {
      this.requirePermission(tenant, REQUIRED.groupMembers);
      this.requirePermission(tenant, REQUIRED.users);
      if (fourth !== 'microsoft.graph.user' || segments.length > 4) throw this.unknownSegment(fourth ?? third);
      return this.transitiveMembers(call, tenant, second);
    }
    if (first === 'groups' && second === undefined) {
      this.requirePermission(tenant, REQUIRED.groupMembers);
      return this.listGroups(call, tenant);
    }
    if (first === 'roleManagement' && second === 'directory' && third === 'roleAssignmentScheduleInstances') {
      this.requirePermission(tenant, REQUIRED.assignmentSchedules);
      if (fourth !== undefined) throw this.unknownSegment(fourth);
      return this.listScheduleInstances(call, tenant, 'assignment');
    }
    if (first === 'roleManagement' && second === 'directory' && third === 'roleEligibilityScheduleInstances') {
      this.requirePermission(tenant, REQUIRED.eligibilitySchedules);
      if (fourth !== undefined) throw this.unknownSegment(fourth);
      return this.listScheduleInstances(call, tenant, 'eligibility');
    }
    if (first === 'users') {
      this.requirePermission(tenant, REQUIRED.users);
      if (third !== undefined) throw this.unknownSegment(third);
      return second === undefined ? this.listUsers(call, tenant) : this.getUser(call, tenant, second);
    }
    if (first === 'roleManagement' && second === 'directory' && third === 'roleAssignments') {
      this.requirePermission(tenant, REQUIRED.roleAssignments);
      if (segments.length > 4) throw this.unknownSegment(segments[4]!);
      return fourth === undefined
        ? this.listRoleAssignments(call, tenant)
        : this.getRoleAssignment(call, tenant, fourth);
    }
    throw this.unknownSegment(segments.find((s) => !['directory', 'roleManagement'].includes(s)) ?? first ?? '');
  }

  private unknownSegment(segment: string): GraphFailure {
    return new GraphFailure(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  }

  /** The tenant of a valid Graph token, or a 401 as Graph words it. */
  private authenticate(call: IncomingCall): string {
    const { scheme, token } = bearerToken(call.headers);
    const fail = (message: string) => new GraphFailure(401, 'InvalidAuthenticationToken', message, this.challenge());
    if (scheme !== 'bearer' || !token) throw fail('Access token is empty.');
    const tenantId = this.entra.verify(token, 'graph');
    if (tenantId) return tenantId;
    const known = this.entra.inspect(token);
    if (!known) {
      throw fail(
        token.includes('.')
          ? 'IDX14102: Unable to decode the header as Base64Url encoded string.'
          : "IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.",
      );
    }
    if (known.audience !== 'graph') throw fail('Access token validation failure. Invalid audience.');
    throw fail('Lifetime validation failed, the token is expired.');
  }

  private requirePermission(tenant: StoredTenant, anyOf: readonly string[]): void {
    const granted = [...tenant.permissions].map((p) => p.toLowerCase());
    if (!anyOf.some((p) => granted.includes(p.toLowerCase()))) {
      throw new GraphFailure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
  }

  // ---- query options ---------------------------------------------------------------------------------

  /** The system query options of a call, names trimmed and lower-cased (`$filter = x` is `$filter`). */
  private options(call: IncomingCall, allowed: string[]): Map<string, string> {
    const options = new Map<string, string>();
    for (const [rawKey, rawValue] of call.query) {
      const key = rawKey.trim().toLowerCase();
      if (!key.startsWith('$')) continue;
      if (!allowed.includes(key)) {
        throw new GraphFailure(
          400,
          'BadRequest',
          `Query option '${rawKey.trim()}' is not supported here (the stand-in supports ${allowed.join(', ')}).`,
        );
      }
      options.set(key, rawValue.trim());
    }
    return options;
  }

  private select(options: Map<string, string>, known: readonly string[], typeName: string): string[] | undefined {
    const raw = options.get('$select');
    if (raw === undefined) return undefined;
    const names = raw.split(',').map((n) => n.trim());
    return names.map((name) => {
      const canonical = known.find((k) => k.toLowerCase() === name.toLowerCase());
      if (!name || !canonical)
        throw new GraphFailure(
          400,
          'BadRequest',
          `Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`,
        );
      return canonical;
    });
  }

  private pick(entity: Record<string, unknown>, properties: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of properties) out[p] = entity[p] ?? null;
    return out;
  }

  private context(path: string, select?: string[], entity = false): string {
    return `${this.baseUrl}/v1.0/$metadata#${path}${select ? `(${select.join(',')})` : ''}${entity ? '/$entity' : ''}`;
  }

  /** One page of `items` and the nextLink to the rest, per $top / pageSize and $skiptoken. */
  private page<T>(
    call: IncomingCall,
    options: Map<string, string>,
    items: T[],
    key: string,
    tenantId: string,
  ): { value: T[]; nextLink?: string } {
    let size = this.pageSize;
    const top = options.get('$top');
    if (top !== undefined) {
      const n = Number(top);
      if (!/^\d+$/.test(top) || n < 1 || n > 999) {
        throw new GraphFailure(
          400,
          'BadRequest',
          `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
        );
      }
      size = n;
    }
    let offset = 0;
    const skiptoken = options.get('$skiptoken');
    if (skiptoken !== undefined) {
      const decoded = decodeSkipToken(skiptoken);
      if (!decoded || decoded.k !== key || decoded.t !== tenantId || decoded.o > items.length) {
        throw new GraphFailure(
          400,
          'Directory_ExpiredPageToken',
          'The specified page token value has expired and can no longer be included in your request.',
        );
      }
      offset = decoded.o;
    }
    const value = items.slice(offset, offset + size);
    if (offset + size >= items.length) return { value };
    const params: [string, string][] = [];
    for (const [k, v] of call.query) if (k.trim().toLowerCase() !== '$skiptoken') params.push([k.trim(), v.trim()]);
    params.push(['$skiptoken', encodeSkipToken({ k: key, t: tenantId, o: offset + size })]);
    return { value, nextLink: `${this.baseUrl}${call.path}?${queryString(params)}` };
  }

  private collection(contextUrl: string, page: { value: unknown[]; nextLink?: string }): Reply {
    const body: Record<string, unknown> = { '@odata.context': contextUrl };
    if (page.nextLink) body['@odata.nextLink'] = page.nextLink;
    body.value = page.value;
    return { status: 200, body };
  }

  // ---- subscriptions -----------------------------------------------------------------------------------

  private subscriptionJson(s: CompanySubscription): Record<string, unknown> {
    return {
      createdDateTime: s.createdDateTime,
      commerceSubscriptionId: s.commerceSubscriptionId,
      id: s.id,
      isTrial: s.isTrial,
      nextLifecycleDateTime: s.nextLifecycleDateTime ?? null,
      serviceStatus: s.serviceStatus ?? [],
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      status: s.status,
      totalLicenses: s.totalLicenses,
      ownerId: s.ownerId ?? null,
      ownerTenantId: s.ownerTenantId ?? null,
      ownerType: s.ownerType ?? null,
    };
  }

  private listSubscriptions(call: IncomingCall, tenant: StoredTenant): Reply {
    const options = this.options(call, ['$select', '$top', '$skiptoken']);
    const select = this.select(options, SUBSCRIPTION_PROPERTIES, 'companySubscription');
    const rows = tenant.subscriptions.map((s) => {
      const json = this.subscriptionJson(s);
      return select ? this.pick(json, select) : json;
    });
    return this.collection(
      this.context('directory/subscriptions', select),
      this.page(call, options, rows, 'subscriptions', tenant.id.toLowerCase()),
    );
  }

  private getSubscription(
    call: IncomingCall,
    tenant: StoredTenant,
    key: string,
    by: (s: CompanySubscription) => string,
  ): Reply {
    const options = this.options(call, ['$select']);
    const select = this.select(options, SUBSCRIPTION_PROPERTIES, 'companySubscription');
    const found = tenant.subscriptions.find((s) => by(s).toLowerCase() === key.toLowerCase());
    if (!found) throw notFound(key);
    const json = this.subscriptionJson(found);
    return {
      status: 200,
      body: {
        '@odata.context': this.context('directory/subscriptions', select, true),
        ...(select ? this.pick(json, select) : json),
      },
    };
  }

  // ---- organization ----------------------------------------------------------------------------------

  private organizationJson(tenant: StoredTenant): Record<string, unknown> {
    return {
      id: tenant.id,
      deletedDateTime: null,
      businessPhones: [],
      city: null,
      country: null,
      countryLetterCode: tenant.countryLetterCode ?? 'US',
      createdDateTime: tenant.createdDateTime ?? '2019-03-01T10:00:00Z',
      defaultUsageLocation: null,
      displayName: tenant.displayName,
      isMultipleDataLocationsForServicesEnabled: null,
      marketingNotificationEmails: [],
      onPremisesLastSyncDateTime: null,
      onPremisesSyncEnabled: null,
      partnerTenantType: null,
      postalCode: null,
      preferredLanguage: 'en',
      securityComplianceNotificationMails: [],
      securityComplianceNotificationPhones: [],
      state: null,
      street: null,
      technicalNotificationMails: [],
      tenantType: 'AAD',
      directorySizeQuota: { used: tenant.users.length + tenant.roleAssignments.length, total: 300000 },
      assignedPlans: [],
      privacyProfile: null,
      provisionedPlans: [],
      verifiedDomains: (tenant.verifiedDomains ?? []).map((d) => ({
        capabilities: d.capabilities ?? (d.isInitial ? 'Email, OfficeCommunicationsOnline' : 'Email'),
        isDefault: d.isDefault,
        isInitial: d.isInitial,
        name: d.name,
        type: d.type ?? 'Managed',
      })),
    };
  }

  private organization(call: IncomingCall, tenant: StoredTenant, id: string | undefined): Reply {
    const options = this.options(call, ['$select']);
    const select = this.select(options, ORGANIZATION_PROPERTIES, 'organization');
    const json = this.organizationJson(tenant);
    const shaped = select ? this.pick(json, select) : json;
    if (id === undefined)
      return { status: 200, body: { '@odata.context': this.context('organization', select), value: [shaped] } };
    if (id.toLowerCase() !== tenant.id.toLowerCase()) throw notFound(id);
    return { status: 200, body: { '@odata.context': this.context('organization', select, true), ...shaped } };
  }

  // ---- users -----------------------------------------------------------------------------------------

  private userJson(u: GraphUser): Record<string, unknown> {
    const guest = u.userType === 'Guest';
    return {
      id: u.id,
      accountEnabled: u.accountEnabled ?? true,
      ageGroup: null,
      businessPhones: u.businessPhones ?? [],
      city: null,
      companyName: u.companyName ?? null,
      country: null,
      createdDateTime: u.createdDateTime ?? null,
      creationType: guest ? 'Invitation' : null,
      deletedDateTime: null,
      department: u.department ?? null,
      displayName: u.displayName,
      employeeId: null,
      employeeType: null,
      externalUserState: guest ? 'Accepted' : null,
      externalUserStateChangeDateTime: guest ? (u.createdDateTime ?? null) : null,
      faxNumber: null,
      givenName: u.givenName ?? null,
      identities: [
        {
          signInType: 'userPrincipalName',
          issuer: u.userPrincipalName.split('@')[1] ?? '',
          issuerAssignedId: u.userPrincipalName,
        },
      ],
      imAddresses: u.mail ? [u.mail] : [],
      jobTitle: u.jobTitle ?? null,
      mail: u.mail,
      mailNickname: u.mailNickname ?? u.userPrincipalName.split('@')[0],
      mobilePhone: u.mobilePhone ?? null,
      officeLocation: u.officeLocation ?? null,
      onPremisesSyncEnabled: null,
      otherMails: [],
      postalCode: null,
      preferredLanguage: u.preferredLanguage ?? null,
      proxyAddresses: u.mail && !guest ? [`SMTP:${u.mail}`] : [],
      state: null,
      streetAddress: null,
      surname: u.surname ?? null,
      usageLocation: u.usageLocation ?? null,
      userPrincipalName: u.userPrincipalName,
      userType: u.userType,
    };
  }

  private findUser(tenant: StoredTenant, idOrUpn: string): GraphUser | undefined {
    const key = idOrUpn.toLowerCase();
    return tenant.users.find((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
  }

  private getUser(call: IncomingCall, tenant: StoredTenant, idOrUpn: string): Reply {
    const options = this.options(call, ['$select']);
    const select = this.select(options, USER_PROPERTIES, 'user');
    const user = this.findUser(tenant, idOrUpn);
    if (!user) throw notFound(idOrUpn);
    return {
      status: 200,
      body: {
        '@odata.context': this.context('users', select, true),
        ...this.pick(this.userJson(user), select ?? USER_DEFAULT_PROPERTIES),
      },
    };
  }

  private listUsers(call: IncomingCall, tenant: StoredTenant): Reply {
    const options = this.options(call, ['$select', '$top', '$skiptoken']);
    const select = this.select(options, USER_PROPERTIES, 'user');
    const rows = tenant.users.map((u) => this.pick(this.userJson(u), select ?? USER_DEFAULT_PROPERTIES));
    return this.collection(
      this.context('users', select),
      this.page(call, options, rows, 'users', tenant.id.toLowerCase()),
    );
  }

  // ---- role assignments --------------------------------------------------------------------------------

  private roleAssignmentJson(a: GraphRoleAssignment): Record<string, unknown> {
    return {
      id: a.id ?? roleAssignmentId(a.roleDefinitionId, a.principalId),
      principalId: a.principalId,
      resourceScope: a.directoryScopeId ?? '/',
      directoryScopeId: a.directoryScopeId ?? '/',
      roleDefinitionId: a.roleDefinitionId,
    };
  }

  private principalJson(tenant: StoredTenant, principalId: string): Record<string, unknown> | null {
    const user = tenant.users.find((u) => u.id.toLowerCase() === principalId.toLowerCase());
    if (user) return { '@odata.type': '#microsoft.graph.user', ...this.userJson(user) };
    const group = this.findGroup(tenant, principalId);
    return group ? { '@odata.type': '#microsoft.graph.group', ...this.groupJson(group) } : null;
  }

  /** `principalId eq '<guid>'` or `roleDefinitionId eq '<guid>'`, nothing else. */
  private parseFilter(
    raw: string | undefined,
  ): { property: 'principalId' | 'roleDefinitionId'; value: string } | undefined {
    if (raw === undefined) return undefined;
    const match = /^(principalId|roleDefinitionId) eq '([^']*)'$/.exec(raw.replace(/\s+/g, ' ').trim());
    if (!match || !GUID.test(match[2]!)) {
      throw new GraphFailure(
        400,
        'BadRequest',
        `Invalid filter clause: '${raw}'. The stand-in accepts principalId eq '<guid>' or roleDefinitionId eq '<guid>'.`,
      );
    }
    return { property: match[1] as 'principalId' | 'roleDefinitionId', value: match[2]!.toLowerCase() };
  }

  private parseExpand(raw: string | undefined): boolean {
    if (raw === undefined) return false;
    if (raw !== 'principal') {
      throw new GraphFailure(
        400,
        'BadRequest',
        `Could not find a navigation property named '${raw}' on type 'microsoft.graph.unifiedRoleAssignment' (the stand-in expands principal only).`,
      );
    }
    return true;
  }

  private listRoleAssignments(call: IncomingCall, tenant: StoredTenant): Reply {
    const options = this.options(call, ['$filter', '$expand', '$select', '$top', '$skiptoken']);
    const filter = this.parseFilter(options.get('$filter'));
    const expand = this.parseExpand(options.get('$expand'));
    const select = this.select(options, ROLE_ASSIGNMENT_PROPERTIES, 'unifiedRoleAssignment');
    const rows = tenant.roleAssignments
      .filter((a) => !filter || a[filter.property].toLowerCase() === filter.value)
      .map((a) => {
        const json = this.roleAssignmentJson(a);
        const shaped = select ? this.pick(json, select) : json;
        return expand ? { ...shaped, principal: this.principalJson(tenant, a.principalId) } : shaped;
      });
    const key = `roleAssignments|${filter ? `${filter.property}=${filter.value}` : ''}`;
    const contextPath = `roleManagement/directory/roleAssignments${expand && !select ? '(principal())' : ''}`;
    return this.collection(
      this.context(contextPath, select && expand ? [...select, 'principal()'] : select),
      this.page(call, options, rows, key, tenant.id.toLowerCase()),
    );
  }

  private getRoleAssignment(call: IncomingCall, tenant: StoredTenant, id: string): Reply {
    const options = this.options(call, ['$expand', '$select']);
    const expand = this.parseExpand(options.get('$expand'));
    const select = this.select(options, ROLE_ASSIGNMENT_PROPERTIES, 'unifiedRoleAssignment');
    const found = tenant.roleAssignments.find(
      (a) => (a.id ?? roleAssignmentId(a.roleDefinitionId, a.principalId)) === id,
    );
    if (!found) throw notFound(id);
    const json = this.roleAssignmentJson(found);
    const shaped = select ? this.pick(json, select) : json;
    return {
      status: 200,
      body: {
        '@odata.context': this.context('roleManagement/directory/roleAssignments', select, true),
        ...shaped,
        ...(expand ? { principal: this.principalJson(tenant, found.principalId) } : {}),
      },
    };
  }

  // ---- PIM schedule instances --------------------------------------------------------------------------

  /** Active assignments: the direct ones as Assigned/Direct, then PIM's own; or the eligible ones. */
  private scheduleRows(tenant: StoredTenant, kind: 'assignment' | 'eligibility'): Record<string, unknown>[] {
    const when = (start?: string) => start ?? tenant.createdDateTime ?? '2019-03-01T10:00:00Z';
    const row = (a: {
      principalId: string;
      roleDefinitionId: string;
      directoryScopeId?: string;
      startDateTime?: string;
      endDateTime?: string | null;
    }) => {
      const id = instanceId(kind, a.roleDefinitionId, a.principalId);
      const memberType = tenant.groups?.some((g) => g.id.toLowerCase() === a.principalId.toLowerCase())
        ? 'Group'
        : 'Direct';
      return {
        id,
        principalId: a.principalId,
        roleDefinitionId: a.roleDefinitionId,
        directoryScopeId: a.directoryScopeId ?? '/',
        appScopeId: null,
        startDateTime: when(a.startDateTime),
        endDateTime: a.endDateTime ?? null,
        memberType,
      };
    };
    if (kind === 'eligibility') {
      return (tenant.eligibilities ?? []).map((e) => ({
        ...row(e),
        roleEligibilityScheduleId: instanceId('schedule', e.roleDefinitionId, e.principalId),
      }));
    }
    const direct = tenant.roleAssignments.map((a) => ({
      ...row(a),
      assignmentType: 'Assigned',
      roleAssignmentOriginId: a.id ?? roleAssignmentId(a.roleDefinitionId, a.principalId),
      roleAssignmentScheduleId: instanceId('schedule', a.roleDefinitionId, a.principalId),
    }));
    const scheduled = (tenant.scheduledAssignments ?? []).map((a) => ({
      ...row(a),
      assignmentType: a.assignmentType,
      roleAssignmentOriginId: roleAssignmentId(a.roleDefinitionId, a.principalId),
      roleAssignmentScheduleId: instanceId('schedule', a.roleDefinitionId, a.principalId),
    }));
    return [...direct, ...scheduled];
  }

  private listScheduleInstances(call: IncomingCall, tenant: StoredTenant, kind: 'assignment' | 'eligibility'): Reply {
    const options = this.options(call, ['$filter', '$select', '$top', '$skiptoken']);
    const filter = this.parseFilter(options.get('$filter'));
    const known = SCHEDULE_INSTANCE_PROPERTIES.filter((p) =>
      kind === 'assignment'
        ? p !== 'roleEligibilityScheduleId'
        : !['assignmentType', 'roleAssignmentOriginId', 'roleAssignmentScheduleId'].includes(p),
    );
    const typeName =
      kind === 'assignment' ? 'unifiedRoleAssignmentScheduleInstance' : 'unifiedRoleEligibilityScheduleInstance';
    const select = this.select(options, known, typeName);
    const rows = this.scheduleRows(tenant, kind)
      .filter((r) => !filter || String(r[filter.property]).toLowerCase() === filter.value)
      .map((r) => (select ? this.pick(r, select) : r));
    const segment = kind === 'assignment' ? 'roleAssignmentScheduleInstances' : 'roleEligibilityScheduleInstances';
    const key = `${segment}|${filter ? `${filter.property}=${filter.value}` : ''}`;
    return this.collection(
      this.context(`roleManagement/directory/${segment}`, select),
      this.page(call, options, rows, key, tenant.id.toLowerCase()),
    );
  }

  // ---- groups ----------------------------------------------------------------------------------------

  private groupJson(g: GraphGroup): Record<string, unknown> {
    return {
      id: g.id,
      createdDateTime: '2022-05-10T08:00:00Z',
      description: null,
      displayName: g.displayName,
      groupTypes: [],
      isAssignableToRole: g.isAssignableToRole,
      mail: null,
      mailEnabled: false,
      mailNickname: g.displayName.toLowerCase().replace(/[^a-z0-9]/g, '') || 'group',
      securityEnabled: true,
      visibility: g.isAssignableToRole ? 'Private' : null,
    };
  }

  private findGroup(tenant: StoredTenant, id: string): GraphGroup | undefined {
    return tenant.groups?.find((g) => g.id.toLowerCase() === id.toLowerCase());
  }

  /** The groups `memberId` is in, directly or through nested groups (each once). */
  private groupsOf(tenant: StoredTenant, memberId: string): GraphGroup[] {
    const found = new Map<string, GraphGroup>();
    const visit = (id: string) => {
      for (const g of tenant.groups ?? []) {
        if (found.has(g.id) || !g.members.some((m) => m.toLowerCase() === id.toLowerCase())) continue;
        found.set(g.id, g);
        visit(g.id);
      }
    };
    visit(memberId);
    return [...found.values()];
  }

  /** The users in a group, directly or through nested groups (each once). */
  private usersIn(tenant: StoredTenant, group: GraphGroup): GraphUser[] {
    const users = new Map<string, GraphUser>();
    const seen = new Set<string>();
    const visit = (g: GraphGroup) => {
      if (seen.has(g.id)) return;
      seen.add(g.id);
      for (const m of g.members) {
        const user = tenant.users.find((u) => u.id.toLowerCase() === m.toLowerCase());
        if (user) users.set(user.id, user);
        const nested = this.findGroup(tenant, m);
        if (nested) visit(nested);
      }
    };
    visit(group);
    return [...users.values()];
  }

  private listGroups(call: IncomingCall, tenant: StoredTenant): Reply {
    const options = this.options(call, ['$select', '$top', '$skiptoken']);
    const select = this.select(options, GROUP_PROPERTIES, 'group');
    const rows = (tenant.groups ?? []).map((g) => (select ? this.pick(this.groupJson(g), select) : this.groupJson(g)));
    return this.collection(
      this.context('groups', select),
      this.page(call, options, rows, 'groups', tenant.id.toLowerCase()),
    );
  }

  private transitiveMemberOf(call: IncomingCall, tenant: StoredTenant, idOrUpn: string): Reply {
    const options = this.options(call, ['$select', '$top', '$skiptoken']);
    const select = this.select(options, GROUP_PROPERTIES, 'group');
    const user = this.findUser(tenant, idOrUpn);
    if (!user) throw notFound(idOrUpn);
    const rows = this.groupsOf(tenant, user.id).map((g) => ({
      '@odata.type': '#microsoft.graph.group',
      ...(select ? this.pick(this.groupJson(g), select) : this.groupJson(g)),
    }));
    const key = `memberOf|${user.id.toLowerCase()}`;
    return this.collection(
      this.context('groups', select),
      this.page(call, options, rows, key, tenant.id.toLowerCase()),
    );
  }

  private transitiveMembers(call: IncomingCall, tenant: StoredTenant, groupId: string): Reply {
    const options = this.options(call, ['$select', '$top', '$skiptoken']);
    const select = this.select(options, USER_PROPERTIES, 'user');
    const group = this.findGroup(tenant, groupId);
    if (!group) throw notFound(groupId);
    const rows = this.usersIn(tenant, group).map((u) => ({
      '@odata.type': '#microsoft.graph.user',
      ...this.pick(this.userJson(u), select ?? USER_DEFAULT_PROPERTIES),
    }));
    const key = `members|${group.id.toLowerCase()}`;
    return this.collection(this.context('users', select), this.page(call, options, rows, key, tenant.id.toLowerCase()));
  }
}

/** A schedule instance's id, as stable as Entra's: derived from what it is. */
function instanceId(kind: string, roleDefinitionId: string, principalId: string): string {
  return `${Buffer.from(`${kind}|${roleDefinitionId}|${principalId}`.toLowerCase()).toString('base64url').slice(0, 43)}-1-e`;
}

function notFound(key: string): GraphFailure {
  return new GraphFailure(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

interface SkipToken {
  k: string;
  t: string;
  o: number;
}

/** Graph's skiptokens look like X'4453707402…' (hex); this one is hex of a small JSON object. */
function encodeSkipToken(token: SkipToken): string {
  return `X'${Buffer.from(JSON.stringify(token), 'utf8').toString('hex').toUpperCase()}'`;
}

function decodeSkipToken(raw: string): SkipToken | undefined {
  const match = /^X'([0-9A-Fa-f]+)'$/.exec(raw);
  if (!match) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(match[1]!, 'hex').toString('utf8')) as Partial<SkipToken>;
    if (
      typeof parsed.k !== 'string' ||
      typeof parsed.t !== 'string' ||
      !Number.isInteger(parsed.o) ||
      (parsed.o as number) < 0
    )
      return undefined;
    return parsed as SkipToken;
  } catch {
    return undefined;
  }
}
