import assert from 'node:assert/strict';
import { subscriptionsFromGraph, type CompanySubscription } from '../../bot/adapters/graph/graphSubscriptions';
import { FREE_SKUS } from '../../bot/adapters/graph/freeSkus';
import { roleOf } from '../../bot/adapters/graph/graphRoles';
import {
  isActive,
  isOwnerRole,
  MemberGroupSchema,
  roleNoteOf,
  ScheduleInstanceSchema,
} from '../../bot/adapters/graph/graphOwnerRoles';
import { productForSku } from '../../bot/adapters/graph/skuCatalog';
import { DIRECTORY_ROLE_IDS } from '../../bot/config';

const TENANT = '0f2b6e51-4c8e-4c1b-9d1e-3a7c2f9b8e10';
const GLOBAL_ADMIN = DIRECTORY_ROLE_IDS.GlobalAdministrator;
const BILLING_ADMIN = DIRECTORY_ROLE_IDS.BillingAdministrator;
const INTUNE_ADMIN = '3a2c62db-5318-420d-8d74-23affee5d9d5';

function sub(fields: Partial<CompanySubscription> & { id: string; skuPartNumber: string }): CompanySubscription {
  return { status: 'Enabled', createdDateTime: '2025-03-01T09:00:00Z', isTrial: false, ...fields };
}

describe('Graph subscriptions as people see them', () => {
  it('leaves free, viral and trial subscriptions out of the digest (nudge: false), and no other', () => {
    const subs = subscriptionsFromGraph(TENANT, [
      sub({ id: 's-flow-free', skuPartNumber: 'FLOW_FREE' }),
      sub({ id: 's-pbi-free', skuPartNumber: 'power_bi_standard' }),
      sub({ id: 's-exploratory', skuPartNumber: 'TEAMS_EXPLORATORY' }),
      sub({ id: 's-trial', skuPartNumber: 'ENTERPRISEPACK', isTrial: true }),
      sub({ id: 's-e3', skuPartNumber: 'ENTERPRISEPACK' }),
      sub({ id: 's-unknown', skuPartNumber: 'SOMETHING_NEW', isTrial: null }),
    ]);
    assert.deepEqual(
      subs.map((s) => [s.id, s.nudge]),
      [
        ['s-flow-free', false],
        ['s-pbi-free', false],
        ['s-exploratory', false],
        ['s-trial', false],
        ['s-e3', undefined],
        ['s-unknown', undefined],
      ],
    );
  });

  it('lists in freeSkus.json only part numbers the licensing table knows', () => {
    for (const sku of FREE_SKUS) assert.ok(productForSku(sku).known, `${sku} is not in skuCatalog.json`);
  });

  it('names each subscription after its product and service from the licensing table', () => {
    const [e3, pbi] = subscriptionsFromGraph(TENANT, [
      sub({ id: 'aaaaaaaa-0000-0000-0000-000000000001', skuPartNumber: 'ENTERPRISEPACK' }),
      sub({ id: 'aaaaaaaa-0000-0000-0000-000000000002', skuPartNumber: 'POWER_BI_PRO' }),
    ]);
    assert.deepEqual(
      { name: e3!.name, service: e3!.service, tenantId: e3!.tenantId, partner: e3!.initialPartnerId },
      { name: 'Office 365 E3', service: 'Office 365', tenantId: TENANT, partner: null },
    );
    assert.deepEqual({ name: pbi!.name, service: pbi!.service }, { name: 'Power BI Pro', service: 'Power BI' });
  });

  it('leaves deleted subscriptions out, and says which are suspended, in grace, disabled or trials', () => {
    const subs = subscriptionsFromGraph(TENANT, [
      sub({ id: 's-deleted', skuPartNumber: 'EMS', status: 'Deleted' }),
      sub({ id: 's-suspended', skuPartNumber: 'INTUNE_A', status: 'Suspended' }),
      sub({ id: 's-warning', skuPartNumber: 'SPE_E5', status: 'Warning' }),
      sub({ id: 's-locked', skuPartNumber: 'POWER_BI_PRO', status: 'LockedOut' }),
      sub({ id: 's-trial', skuPartNumber: 'DYN365_ENTERPRISE_SALES', isTrial: true }),
    ]);
    assert.deepEqual(
      subs.map((s) => [s.id, s.name]),
      [
        ['s-suspended', 'Intune (suspended)'],
        ['s-warning', 'Microsoft 365 E5 (in grace period)'],
        ['s-locked', 'Power BI Pro (disabled)'],
        ['s-trial', 'Dynamics 365 for Sales Enterprise Edition (trial)'],
      ],
    );
    assert.equal(
      subs.find((s) => s.id === 's-deleted'),
      undefined,
    );
  });

  it('tells two subscriptions of one product apart by creation day, and by id when the day is the same too', () => {
    const subs = subscriptionsFromGraph(TENANT, [
      sub({ id: 'e3-first-0001', skuPartNumber: 'ENTERPRISEPACK', createdDateTime: '2024-01-15T10:00:00Z' }),
      sub({ id: 'e3-second-0002', skuPartNumber: 'ENTERPRISEPACK', createdDateTime: '2025-06-30T10:00:00Z' }),
      sub({ id: 'e5-a-1111', skuPartNumber: 'SPE_E5', createdDateTime: '2025-02-02T08:00:00Z' }),
      sub({ id: 'e5-b-2222', skuPartNumber: 'spe_e5', createdDateTime: '2025-02-02T17:00:00Z' }),
      sub({ id: 'pbi-only', skuPartNumber: 'POWER_BI_PRO' }),
    ]);
    assert.deepEqual(
      subs.map((s) => s.name),
      [
        'Office 365 E3 (since 2024-01-15)',
        'Office 365 E3 (since 2025-06-30)',
        'Microsoft 365 E5 (since 2025-02-02, id …1111)',
        'Microsoft 365 E5 (since 2025-02-02, id …2222)',
        'Power BI Pro',
      ],
    );
    assert.equal(new Set(subs.map((s) => s.name)).size, subs.length, 'every name is distinct');
  });

  it('shows a SKU the licensing table does not know under its part number, as Office 365', () => {
    const [custom] = subscriptionsFromGraph(TENANT, [sub({ id: 'x1', skuPartNumber: 'CONTOSO_CUSTOM_SKU' })]);
    assert.deepEqual(
      { name: custom!.name, service: custom!.service },
      { name: 'CONTOSO_CUSTOM_SKU', service: 'Office 365' },
    );
  });
});

describe('Graph roles: who is the owner', () => {
  const tenantWide = (roleDefinitionId: string) => ({ roleDefinitionId, directoryScopeId: '/' });
  const member = { userType: 'Member' };
  const guest = { userType: 'Guest' };
  const defaultRule = { ownerRoleIds: [GLOBAL_ADMIN] };

  it('makes a Global Administrator the owner, and a member with no role a member', () => {
    assert.equal(roleOf(member, [tenantWide(GLOBAL_ADMIN)], defaultRule), 'owner');
    assert.equal(roleOf(member, [], defaultRule), 'member');
  });

  it('refuses a Billing Administrator by default (service admin) and allows one when OWNER_ROLES names it', () => {
    assert.equal(roleOf(member, [tenantWide(BILLING_ADMIN)], defaultRule), 'serviceAdmin');
    assert.equal(roleOf(member, [tenantWide(BILLING_ADMIN)], { ownerRoleIds: [GLOBAL_ADMIN, BILLING_ADMIN] }), 'owner');
  });

  it('makes any other directory admin a service admin, as is an owner role scoped to an administrative unit', () => {
    assert.equal(roleOf(member, [tenantWide(INTUNE_ADMIN)], defaultRule), 'serviceAdmin');
    assert.equal(
      roleOf(member, [{ roleDefinitionId: BILLING_ADMIN, directoryScopeId: '/administrativeUnits/au-1' }], {
        ownerRoleIds: [BILLING_ADMIN],
      }),
      'serviceAdmin',
    );
  });

  it('makes a guest holding a role a delegated admin, even as Global Administrator; a guest with none a member', () => {
    assert.equal(roleOf(guest, [tenantWide(GLOBAL_ADMIN)], defaultRule), 'delegatedAdmin');
    assert.equal(roleOf(guest, [], defaultRule), 'member');
  });

  it('reads role ids in either case', () => {
    assert.equal(roleOf(member, [tenantWide(GLOBAL_ADMIN.toUpperCase())], defaultRule), 'owner');
  });
});

describe('Graph roles through groups and PIM', () => {
  const rule = { ownerRoleIds: [GLOBAL_ADMIN] };
  const member = { userType: 'Member' };
  /** A schedule instance as Graph answers it (rbacapplication-list-roleassignmentscheduleinstances). */
  const instance = (assignmentType: string | null, roleDefinitionId: string = GLOBAL_ADMIN, directoryScopeId = '/') =>
    ScheduleInstanceSchema.parse({
      id: 'lAPpYvVpN0KRkAEhdxReEMmO4KwRqtpKkUWt3wOYIz4-1-e',
      principalId: '3daf6bc4-8e5a-4c9d-9f4b-60ce2a5d8b93',
      roleDefinitionId,
      directoryScopeId,
      appScopeId: null,
      startDateTime: '2026-12-07T08:00:00Z',
      endDateTime: null,
      memberType: 'Direct',
      assignmentType,
    });

  it('counts Assigned and Activated instances as held roles, in any case, and nothing else', () => {
    assert.equal(isActive(instance('Assigned')), true);
    assert.equal(isActive(instance('Activated')), true);
    assert.equal(isActive(instance('activated')), true);
    assert.equal(isActive(instance(null)), false);
    assert.equal(isActive(instance('Eligible')), false);
    assert.equal(roleOf(member, [instance('Activated')].filter(isActive), rule), 'owner');
  });

  it('takes an owner role only for the whole tenant, as a direct assignment', () => {
    assert.equal(isOwnerRole(instance('Activated'), rule), true);
    assert.equal(isOwnerRole(instance('Activated', GLOBAL_ADMIN, '/administrativeUnits/au-1'), rule), false);
    assert.equal(isOwnerRole(instance('Activated', INTUNE_ADMIN), rule), false);
  });

  it('says to activate in PIM when only eligible, else that groups and PIM were not seen, else nothing', () => {
    assert.equal(roleNoteOf({ eligibleOwner: true, unseen: true }), 'activateInPim');
    assert.equal(roleNoteOf({ eligibleOwner: false, unseen: true }), 'groupsAndPimUnseen');
    assert.equal(roleNoteOf({ eligibleOwner: false, unseen: false }), undefined);
  });

  it('refuses answers in another shape, and reads groups whose isAssignableToRole is null', () => {
    assert.equal(
      ScheduleInstanceSchema.safeParse({ principalId: 'not-a-guid', roleDefinitionId: GLOBAL_ADMIN }).success,
      false,
    );
    assert.equal(
      ScheduleInstanceSchema.safeParse({
        principalId: '3daf6bc4-8e5a-4c9d-9f4b-60ce2a5d8b93',
        roleDefinitionId: 'x'.repeat(101),
      }).success,
      false,
    );
    assert.deepEqual(
      MemberGroupSchema.parse({
        '@odata.type': '#microsoft.graph.group',
        id: '6ad29ef7-b18d-4fc0-8c7e-93f15d80bec6',
        isAssignableToRole: null,
      }),
      {
        id: '6ad29ef7-b18d-4fc0-8c7e-93f15d80bec6',
        isAssignableToRole: null,
      },
    );
  });
});
