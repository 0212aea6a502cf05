/**
 * A realistic Microsoft cloud to test against, with fixed ids:
 *
 * - Fabrikam (FABRIKAM): a customer tenant that granted the app admin consent. A Global Administrator, a
 *   Billing Administrator, an Intune Administrator, a guest from the partner's tenant who also holds Global
 *   Administrator, and a member with no role. 25 commercial subscriptions: several SKUs (ENTERPRISEPACK,
 *   SPE_E5, POWER_BI_PRO, EMS, INTUNE_A, DYN365_ENTERPRISE_SALES, DYN365_FINANCE, ...), two ENTERPRISEPACK
 *   bought on different dates, two POWER_BI_PRO created at the same instant, every status (one Deleted, one
 *   Suspended, one Warning, one LockedOut), one trial, and CONTOSO_CUSTOM_SKU that no catalog knows.
 * - Northwind (NORTHWIND): a tenant that has not consented (token requests fail with AADSTS700016), with
 *   its own Global Administrator.
 * - Contoso (CONTOSO): a consented tenant that gives Global Administrator the other ways: to a role-assignable
 *   group (with a nested group), by a PIM activation, and as a PIM eligibility not activated; one direct owner.
 * - The partner organisation that operates the bot (PARTNER_ORG): consented, with a refresh token of its
 *   App+User sign-in for Partner Center, and its own MPN profile.
 * - Partners registered in Partner Center (PARTNERS): IDs of 6 to 10 digits.
 *
 * Role template ids are Microsoft Entra's built-in ones ("Microsoft Entra built-in roles"); SKU ids and
 * part numbers are Microsoft's ("Product names and service plan identifiers for licensing"). Service plan
 * lists are abbreviated to a few plans per SKU.
 */
import type { MicrosoftCloud } from './index';
import type { CompanySubscription, GraphTenant, GraphUser, ServicePlanInfo } from './graphStandIn';
import type { PartnerProfile } from './partnerCenterStandIn';
import { AZURE_ROLES } from './armStandIn';

/** Built-in Microsoft Entra role template ids. */
export const ROLE_TEMPLATES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  billingAdministrator: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  intuneAdministrator: '3a2c62db-5318-420d-8d74-23affee5d9d5',
} as const;

/** Microsoft's SKU ids for the part numbers the fixtures use. */
export const SKUS = {
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  SPE_E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  ENTERPRISEPREMIUM: 'c7df2760-2c81-4ef7-b578-5b5392b571df',
  POWER_BI_PRO: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  POWER_BI_STANDARD: 'a403ebcc-fae0-4ca2-8c8c-7a907fd6c235',
  EMS: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  INTUNE_A: '061f9ace-7d42-4136-88ac-31dc755f143f',
  DYN365_ENTERPRISE_SALES: '1e1a282c-9c54-43a2-9310-98ef728faace',
  DYN365_FINANCE: '55c9eb4e-c746-45b4-b255-9ab6b19d5c62',
  DYN365_ENTERPRISE_CUSTOMER_SERVICE: '749742bf-0d37-4158-a120-33567104deeb',
  DYN365_ENTERPRISE_TEAM_MEMBERS: '8e7a3d30-d97d-43ab-837c-d7701cef83dc',
  VISIOCLIENT: 'c5928f49-12ba-48f7-ada3-0d743a3601d5',
  PROJECTPREMIUM: '09015f9f-377f-4538-bbb5-f75ceb09358a',
  ATP_ENTERPRISE: '4ef96642-f096-40de-a3e9-d83fb2f90211',
  EXCHANGESTANDARD: '4b9405b0-7788-4568-add1-99614e613b69',
  AAD_PREMIUM: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
  O365_BUSINESS_PREMIUM: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
  MCOMEETADV: '0c266dff-15dd-4b49-8397-2bb16070ed52',
  FLOW_FREE: 'f30db892-07e9-47e9-837c-80727f46fd3d',
  TEAMS_EXPLORATORY: '710779e8-3d4a-4c88-adb9-386c958d1fdf',
  WIN_DEF_ATP: '111046dd-295b-4d6d-9724-d52ac90bd1f2',
  /** Not a Microsoft SKU: no catalog knows it. */
  CONTOSO_CUSTOM_SKU: '1e3345fa-881b-4b0a-aa50-eb74c62d1a65',
} as const;

/** The partner organisation that operates the bot and signs in to Partner Center. */
export const PARTNER_ORG = {
  tenantId: '9e4a1d6c-3b8f-4c0e-a5d7-2f1b4c8e0a53',
  displayName: 'Litware Partner Services',
  domain: 'partner.example',
  mpnId: '4847383',
  /** PARTNER_CENTER_REFRESH_TOKEN: the App+User sign-in's refresh token the Entra stand-in accepts. */
  refreshToken: '0.AXEAstand-in-partner-center-refresh-token.6f1e2d9c4b7a8e30',
  user: { oid: 'f6b9d3e5-7a0c-4d4f-b8e1-2c7a4d9f1b64', name: 'Alex Wilber', preferredUsername: 'alex@partner.example' },
} as const;

/** Partners Partner Center knows (the operator first), and IDs it does not. */
export const PARTNERS = {
  operator: { mpnId: PARTNER_ORG.mpnId, partnerName: PARTNER_ORG.displayName },
  adatum: { mpnId: '123456', partnerName: 'Adatum Consulting' },
  proseware: { mpnId: '2345678', partnerName: 'Proseware, Inc.' },
  wideWorld: { mpnId: '55512345', partnerName: 'Wide World Importers IT' },
  treyResearch: { mpnId: '9876543210', partnerName: 'Trey Research Cloud Solutions' },
  /** Well-formed, but no partner has it: 404 code 3000. */
  unknownMpnId: '9999999',
  /** Not a number: 400. */
  malformedMpnId: '12AB56',
} as const;

export const FABRIKAM = {
  tenantId: '3f9a6c2e-8b41-4d7a-9e15-6c0b2d8f4a17',
  displayName: 'Fabrikam, Inc.',
  initialDomain: 'fabrikam.onmicrosoft.com',
  defaultDomain: 'fabrikam.example',
  users: {
    /** Megan Bowen: Global Administrator. */
    globalAdmin: 'a1c4e7f0-2b5d-4e8a-9c3f-6d2b8e1a4f70',
    /** Nestor Wilke: Billing Administrator. */
    billingAdmin: 'b2d5f8a1-3c6e-4f9b-8d4a-7e3c9f2b5a81',
    /** Isaiah Langer: Intune Administrator. */
    intuneAdmin: 'c3e6a9b2-4d7f-4a1c-9e5b-8f4d1a3c6b92',
    /** Alex Wilber from the partner's tenant, a guest (alex_partner.example#EXT#@...) with Global Administrator. */
    guestGlobalAdmin: 'd4f7b1c3-5e8a-4b2d-8f6c-9a5e2b4d7c03',
    /** Lidia Holloway: a member with no directory role. */
    member: 'e5a8c2d4-6f9b-4c3e-9a7d-1b6f3c5e8d14',
  },
  /** Subscription ids (companySubscription.id); the objects are in fabrikamTenant().subscriptions. */
  subscriptions: {
    /** ENTERPRISEPACK (Office 365 E3), created 2021-03-15. */
    officeE3: 'f593dddf-eb7b-414f-ad16-d85e30a863f2',
    /** ENTERPRISEPACK again, created later (2023-06-01). */
    officeE3Later: 'ba999dca-ae6c-4abb-a8d0-7d433d2d05b7',
    /** SPE_E5 (Microsoft 365 E5), bought through the partner (ownerTenantId). */
    m365E5: '2cd01f03-b7ca-460e-b520-feb703e1c0d9',
    /** POWER_BI_PRO, created 2022-09-01T00:00:00Z... */
    powerBiPro: '0567b2dc-b2b5-4807-8d63-01c213414c51',
    /** ...and another POWER_BI_PRO created at the very same instant. */
    powerBiProTwin: 'dd6724d3-e138-4392-a280-77adbfe2409c',
    /** EMS (Enterprise Mobility + Security E3). */
    ems: '6ae41fe3-76fa-421c-8e44-080c8aa888bd',
    /** INTUNE_A (Microsoft Intune). */
    intune: '2345e2c2-ebdc-42f6-b49a-67f27d2cf9d5',
    /** DYN365_ENTERPRISE_SALES (Dynamics 365 Sales Enterprise). */
    sales: 'd5fb40cd-6171-4a7b-9551-ed3e4ddb64ce',
    /** DYN365_FINANCE (Dynamics 365 Finance). */
    finance: 'ec3482c6-dd07-4575-a5c3-e4b68544934e',
    /** DYN365_ENTERPRISE_CUSTOMER_SERVICE, status Deleted. */
    customerServiceDeleted: '0cfc78d3-722b-499b-9d5e-d74172a0515d',
    /** VISIOCLIENT, status Suspended. */
    visioSuspended: '9dbe1495-6b4d-444d-bd45-6a3ed9591504',
    /** ENTERPRISEPREMIUM (Office 365 E5), a trial. */
    officeE5Trial: '5431fd40-b53d-4a99-b9dc-3a527223336d',
    /** PROJECTPREMIUM, status Warning (expired, in its grace period). */
    projectWarning: '6e990868-d117-4b19-bb01-9c6f1854de40',
    /** ATP_ENTERPRISE (Defender for Office 365 P1), status LockedOut. */
    defenderLockedOut: '99ccc68f-ac70-4e43-9343-b9ab6447119a',
    /** CONTOSO_CUSTOM_SKU: no catalog knows it. */
    customSku: 'e424a92f-ac2a-4da9-a55f-bf797f4ea2d5',
    m365E3: '5efada52-c775-47a9-8aa5-4cf867fc433b',
    exchangeP1: '0e3c6962-04e2-436e-a74d-c30712de3bbe',
    entraP1: '64fcd700-a560-415d-a956-0d3a2a2ced23',
    businessStandard: '24f5957c-155d-40f1-8fa4-27648fd5abc3',
    audioConferencing: '47086f7c-cec9-4596-82a3-3f180b2d7e67',
    powerAutomateFree: '32ac35da-9866-4d43-8a06-abab330097aa',
    powerBiFree: '714b7fda-945f-469f-aa85-8d2f3cc3b328',
    teamsExploratory: 'fc05dcd4-6c36-4e3f-ad03-4b40bbd3b62b',
    defenderEndpoint: '41211c22-2f97-4daa-9a78-44264b70a0ef',
    salesTeamMembers: '4ed71502-8fa7-4843-b769-a684854079fd',
  },
} as const;

export const NORTHWIND = {
  tenantId: '7c2e9b4a-1f6d-4a8c-b3e5-0d9f2a6c8e31',
  displayName: 'Northwind Traders',
  initialDomain: 'northwindtraders.onmicrosoft.com',
  users: {
    /** Nancy Davolio: Global Administrator. */
    globalAdmin: '8d3f0c5b-2a7e-4b9d-a4f6-1e0a3b7d9f42',
  },
  subscriptions: {
    officeE3: '9bddc428-336b-48c9-b9b2-8e615a962caf',
    powerBiPro: '3112b811-7c04-4e70-a853-219eae6fbc1a',
  },
} as const;

export const CONTOSO = {
  tenantId: '5b8e2f7a-9c41-4d3e-8a6b-2f0c7d9e1a54',
  displayName: 'Contoso Ltd',
  initialDomain: 'contosoltd.onmicrosoft.com',
  users: {
    /** Adele Vance: Global Administrator, assigned directly. */
    directOwner: '0a7c3e91-5b2d-4f6a-8c1e-3d9b7f2a5e60',
    /** Diego Siciliani: in the role-assignable group that holds Global Administrator. */
    groupOwner: '1b8d4fa2-6c3e-4a7b-9d2f-4eac803b6f71',
    /** Emily Braun: in a group nested in that group. */
    nestedGroupOwner: '2c9e5ab3-7d4f-4b8c-8e3a-5fbd914c7a82',
    /** Grady Archie: Global Administrator through an activated PIM assignment. */
    activatedOwner: '3daf6bc4-8e5a-4c9d-9f4b-60ce2a5d8b93',
    /** Johanna Lorenz: eligible for Global Administrator in PIM, not activated. */
    eligibleOwner: '4eb07cd5-9f6b-4dae-8a5c-71df3b6e9ca4',
    /** Lee Gu: in an ordinary (not role-assignable) group, no role. */
    member: '5fc18de6-a07c-4ebf-9b6d-82e04c7fadb5',
  },
  groups: {
    /** Role-assignable, holds Global Administrator. */
    globalAdmins: '6ad29ef7-b18d-4fc0-8c7e-93f15d80bec6',
    /** Nested in globalAdmins. */
    tenantOperators: '7be3a008-c29e-40d1-9d8f-a4026e91cfd7',
    /** Not role-assignable. */
    allStaff: '8cf4b119-d3af-41e2-8e90-b5137fa2d0e8',
  },
  subscriptions: {
    officeE3: '9a05c22a-e4b0-42f3-9fa1-c6248ab3e1f9',
    m365E5: 'ab16d33b-f5c1-4304-8ab2-d7359bc4f20a',
  },
} as const;

const plan = (
  servicePlanName: string,
  servicePlanId: string,
  appliesTo: 'User' | 'Company' = 'User',
): ServicePlanInfo => ({
  appliesTo,
  provisioningStatus: 'Success',
  servicePlanId,
  servicePlanName,
});

const PLANS = {
  exchange: plan('EXCHANGE_S_ENTERPRISE', 'efb87545-963c-4e0d-99df-69c6916d9eb0'),
  exchangeStandard: plan('EXCHANGE_S_STANDARD', '9aaf7827-d63c-4b61-89c3-182f06f82e5c'),
  sharePoint: plan('SHAREPOINTENTERPRISE', '5dbe027f-2339-4123-9542-606e4d348a72'),
  teams: plan('TEAMS1', '57ff2da0-773e-42df-b2af-ffb7a2317929'),
  skype: plan('MCOSTANDARD', '0feaeb32-d00e-4d66-bd5a-43b5b83db82c'),
  intune: plan('INTUNE_A', 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5'),
  entraP1: plan('AAD_PREMIUM', '41781fb2-bc02-4b7c-bd55-b576c07bb09d'),
  mfa: plan('MFA_PREMIUM', '8a256a2b-b617-496d-b51b-e76466e88db0'),
  powerBiPro: plan('BI_AZURE_P2', '70d33638-9c74-4d01-bfd3-562de28bd4ba'),
  powerBiFree: plan('BI_AZURE_P0', '2049e525-b859-401b-b2a0-e0a31c4b1fe4'),
  flowViral: plan('FLOW_P2_VIRAL', '50e68c76-46c6-4674-81f9-75456511b170'),
  visio: plan('VISIO_CLIENT_SUBSCRIPTION', '663a804f-1c30-4ff0-9915-9db84f0d1cea'),
  project: plan('PROJECT_CLIENT_SUBSCRIPTION', 'fafd7243-e5c1-4a3a-9e40-495efcb1d3c3'),
  defenderOffice: plan('ATP_ENTERPRISE', 'f20fedf3-f3c3-43c3-8267-2bfdd51c0939'),
  defenderEndpoint: plan('WINDEFATP', '871d91ec-ec1a-452b-a83f-bd76c7d770ef'),
  audioConferencing: plan('MCOMEETADV', '3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40'),
  sales: plan('DYN365_ENTERPRISE_SALES', '2da8e897-7791-486b-b08f-cc63c8129df7'),
  teamMembers: plan('DYN365_ENTERPRISE_TEAM_MEMBERS', '6a54b05e-4fab-40e7-9828-428db3b336fa'),
};

function subscription(
  id: string,
  commerceSubscriptionId: string,
  skuPartNumber: keyof typeof SKUS,
  createdDateTime: string,
  details: Partial<CompanySubscription> = {},
): CompanySubscription {
  return {
    id,
    commerceSubscriptionId,
    skuId: SKUS[skuPartNumber],
    skuPartNumber,
    status: 'Enabled',
    createdDateTime,
    isTrial: false,
    totalLicenses: 25,
    nextLifecycleDateTime: null,
    ownerId: null,
    ownerTenantId: null,
    ownerType: null,
    serviceStatus: [],
    ...details,
  };
}

/** Fabrikam's whole directory, as GraphStandIn.setTenant takes it. */
export function fabrikamTenant(): GraphTenant {
  const u = FABRIKAM.users;
  const s = FABRIKAM.subscriptions;
  const users: GraphUser[] = [
    {
      id: u.globalAdmin,
      displayName: 'Megan Bowen',
      givenName: 'Megan',
      surname: 'Bowen',
      jobTitle: 'IT Director',
      mail: 'megan.bowen@fabrikam.example',
      userPrincipalName: 'megan.bowen@fabrikam.example',
      userType: 'Member',
      preferredLanguage: 'en-US',
      officeLocation: '12/1110',
      businessPhones: ['+1 425 555 0109'],
      createdDateTime: '2019-03-01T10:12:00Z',
    },
    {
      id: u.billingAdmin,
      displayName: 'Nestor Wilke',
      givenName: 'Nestor',
      surname: 'Wilke',
      jobTitle: 'Finance Manager',
      mail: 'nestor.wilke@fabrikam.example',
      userPrincipalName: 'nestor.wilke@fabrikam.example',
      userType: 'Member',
      preferredLanguage: 'en-US',
      officeLocation: '36/2121',
      businessPhones: ['+1 206 555 0105'],
      createdDateTime: '2019-03-04T08:00:00Z',
    },
    {
      id: u.intuneAdmin,
      displayName: 'Isaiah Langer',
      givenName: 'Isaiah',
      surname: 'Langer',
      jobTitle: 'Endpoint Engineer',
      mail: 'isaiah.langer@fabrikam.example',
      userPrincipalName: 'isaiah.langer@fabrikam.example',
      userType: 'Member',
      preferredLanguage: 'en-GB',
      officeLocation: '20/1101',
      businessPhones: [],
      createdDateTime: '2020-06-15T14:30:00Z',
    },
    {
      id: u.guestGlobalAdmin,
      displayName: 'Alex Wilber (Litware Partner Services)',
      givenName: 'Alex',
      surname: 'Wilber',
      jobTitle: null,
      mail: 'alex@partner.example',
      userPrincipalName: 'alex_partner.example#EXT#@fabrikam.onmicrosoft.com',
      userType: 'Guest',
      preferredLanguage: null,
      officeLocation: null,
      businessPhones: [],
      createdDateTime: '2022-02-10T09:45:00Z',
    },
    {
      id: u.member,
      displayName: 'Lidia Holloway',
      givenName: 'Lidia',
      surname: 'Holloway',
      jobTitle: 'Product Manager',
      mail: 'lidia.holloway@fabrikam.example',
      userPrincipalName: 'lidia.holloway@fabrikam.example',
      userType: 'Member',
      preferredLanguage: 'en-US',
      officeLocation: '20/2107',
      businessPhones: ['+1 858 555 0107'],
      createdDateTime: '2021-09-01T07:00:00Z',
    },
  ];
  const owner = { ownerId: u.globalAdmin, ownerType: 'User' };
  const viaPartner = { ownerTenantId: PARTNER_ORG.tenantId };
  const subscriptions: CompanySubscription[] = [
    subscription(s.officeE3, '32cecc16-c0d7-424a-8862-d27df84894f7', 'ENTERPRISEPACK', '2021-03-15T09:30:00Z', {
      totalLicenses: 250,
      nextLifecycleDateTime: '2027-03-15T09:30:00Z',
      serviceStatus: [PLANS.exchange, PLANS.sharePoint, PLANS.teams, PLANS.skype],
      ...owner,
    }),
    subscription(s.officeE3Later, '945dac60-7c66-4770-aab5-54639898c8b9', 'ENTERPRISEPACK', '2023-06-01T16:05:00Z', {
      totalLicenses: 40,
      nextLifecycleDateTime: '2027-06-01T16:05:00Z',
      serviceStatus: [PLANS.exchange, PLANS.sharePoint, PLANS.teams, PLANS.skype],
      ...owner,
    }),
    subscription(s.m365E5, 'fd4a7140-0d16-40b1-bcaf-27322af8e868', 'SPE_E5', '2022-01-10T11:00:00Z', {
      totalLicenses: 120,
      nextLifecycleDateTime: '2027-01-10T11:00:00Z',
      serviceStatus: [PLANS.exchange, PLANS.sharePoint, PLANS.teams, PLANS.intune, PLANS.entraP1, PLANS.powerBiPro],
      ...viaPartner,
    }),
    subscription(s.powerBiPro, '5b1d074f-763c-4702-9252-3a20298cb21c', 'POWER_BI_PRO', '2022-09-01T00:00:00Z', {
      totalLicenses: 25,
      nextLifecycleDateTime: '2026-09-01T00:00:00Z',
      serviceStatus: [PLANS.powerBiPro],
    }),
    subscription(s.powerBiProTwin, '4d42d848-f033-4d29-a10b-a8a29f984fc0', 'POWER_BI_PRO', '2022-09-01T00:00:00Z', {
      totalLicenses: 10,
      nextLifecycleDateTime: '2026-09-01T00:00:00Z',
      serviceStatus: [PLANS.powerBiPro],
    }),
    subscription(s.ems, 'b85482d9-a8bd-4ff7-93ef-05ce3bce79d5', 'EMS', '2020-11-20T13:20:00Z', {
      totalLicenses: 300,
      nextLifecycleDateTime: '2026-11-20T13:20:00Z',
      serviceStatus: [PLANS.intune, PLANS.entraP1, PLANS.mfa],
      ...owner,
    }),
    subscription(s.intune, '488a682a-34cc-4e70-8afd-75a90645235b', 'INTUNE_A', '2021-07-07T07:07:00Z', {
      totalLicenses: 50,
      nextLifecycleDateTime: '2026-07-07T07:07:00Z',
      serviceStatus: [PLANS.intune],
    }),
    subscription(s.sales, 'a76ffbfe-e515-4cdb-80b3-dbc3086fcbe3', 'DYN365_ENTERPRISE_SALES', '2022-04-18T10:00:00Z', {
      totalLicenses: 30,
      nextLifecycleDateTime: '2027-04-18T10:00:00Z',
      serviceStatus: [PLANS.sales],
      ...viaPartner,
    }),
    subscription(s.finance, 'b637cfc6-e154-4a4b-84ae-aab86c3fb3e2', 'DYN365_FINANCE', '2023-02-02T12:00:00Z', {
      totalLicenses: 20,
      nextLifecycleDateTime: '2027-02-02T12:00:00Z',
      ...viaPartner,
    }),
    subscription(
      s.customerServiceDeleted,
      'c9c523fe-594d-44ba-98aa-f742f5ba8d5d',
      'DYN365_ENTERPRISE_CUSTOMER_SERVICE',
      '2020-05-05T09:00:00Z',
      { status: 'Deleted', totalLicenses: 15, nextLifecycleDateTime: null },
    ),
    subscription(s.visioSuspended, '727b630e-dabb-40ed-ac4d-0492ccf1e0fb', 'VISIOCLIENT', '2021-10-12T15:45:00Z', {
      status: 'Suspended',
      totalLicenses: 10,
      nextLifecycleDateTime: '2026-12-12T15:45:00Z',
      serviceStatus: [{ ...PLANS.visio, provisioningStatus: 'Disabled' }],
    }),
    subscription(s.officeE5Trial, 'b46cce9d-b63c-487b-98c2-4f3990bad5fa', 'ENTERPRISEPREMIUM', '2026-11-02T08:00:00Z', {
      isTrial: true,
      totalLicenses: 25,
      nextLifecycleDateTime: '2026-12-02T08:00:00Z',
      serviceStatus: [PLANS.exchange, PLANS.sharePoint, PLANS.teams, PLANS.audioConferencing],
      ...owner,
    }),
    subscription(s.projectWarning, 'd5c5da24-9024-4aa2-b26c-ef413a37ec67', 'PROJECTPREMIUM', '2022-12-01T09:00:00Z', {
      status: 'Warning',
      totalLicenses: 5,
      nextLifecycleDateTime: '2026-12-31T09:00:00Z',
      serviceStatus: [PLANS.project],
    }),
    subscription(
      s.defenderLockedOut,
      '408931f9-978c-40ec-92b2-88f057fcc940',
      'ATP_ENTERPRISE',
      '2021-02-14T10:10:00Z',
      {
        status: 'LockedOut',
        totalLicenses: 300,
        nextLifecycleDateTime: null,
        serviceStatus: [{ ...PLANS.defenderOffice, provisioningStatus: 'Disabled' }],
      },
    ),
    subscription(s.customSku, '0a9550c7-d748-405c-a719-6d45632e5b21', 'CONTOSO_CUSTOM_SKU', '2023-09-09T09:09:00Z', {
      totalLicenses: 1,
      nextLifecycleDateTime: '2026-09-09T09:09:00Z',
    }),
    subscription(s.m365E3, '367258e9-8422-4133-b7eb-8b0ea992010b', 'SPE_E3', '2021-08-30T06:00:00Z', {
      totalLicenses: 500,
      nextLifecycleDateTime: '2026-08-30T06:00:00Z',
      serviceStatus: [PLANS.exchange, PLANS.sharePoint, PLANS.teams, PLANS.intune],
      ...viaPartner,
    }),
    subscription(s.exchangeP1, '86450016-ee9b-496c-8d63-9caa8bdf4399', 'EXCHANGESTANDARD', '2019-06-01T12:00:00Z', {
      totalLicenses: 80,
      nextLifecycleDateTime: '2027-06-01T12:00:00Z',
      serviceStatus: [PLANS.exchangeStandard],
    }),
    subscription(s.entraP1, 'e9f10ff3-897d-4770-bee9-d725b3fa4f63', 'AAD_PREMIUM', '2020-01-20T08:30:00Z', {
      totalLicenses: 100,
      nextLifecycleDateTime: '2027-01-20T08:30:00Z',
      serviceStatus: [PLANS.entraP1, PLANS.mfa],
    }),
    subscription(
      s.businessStandard,
      'd04f90cc-7bc7-4829-ae5f-f0dcef5546f5',
      'O365_BUSINESS_PREMIUM',
      '2019-11-11T11:11:00Z',
      {
        totalLicenses: 20,
        nextLifecycleDateTime: '2026-11-11T11:11:00Z',
        serviceStatus: [PLANS.exchangeStandard, PLANS.teams],
      },
    ),
    subscription(s.audioConferencing, '4dfc66f8-83b6-41de-8889-db0fb9cdd4a9', 'MCOMEETADV', '2021-05-05T05:05:00Z', {
      totalLicenses: 60,
      nextLifecycleDateTime: '2027-05-05T05:05:00Z',
      serviceStatus: [PLANS.audioConferencing],
    }),
    subscription(s.powerAutomateFree, 'f31a744e-dbe3-4487-8484-0227e68d23c7', 'FLOW_FREE', '2020-02-02T02:02:00Z', {
      totalLicenses: 10000,
      nextLifecycleDateTime: null,
      serviceStatus: [PLANS.flowViral],
    }),
    subscription(s.powerBiFree, 'c1fb2ec2-945e-4ae0-a48a-91f90f09c571', 'POWER_BI_STANDARD', '2019-04-04T04:04:00Z', {
      totalLicenses: 1000000,
      nextLifecycleDateTime: null,
      serviceStatus: [PLANS.powerBiFree],
    }),
    subscription(
      s.teamsExploratory,
      'eaf1406c-c459-420f-a83d-0133a9318147',
      'TEAMS_EXPLORATORY',
      '2020-04-01T00:00:00Z',
      { totalLicenses: 100, nextLifecycleDateTime: '2026-12-31T00:00:00Z', serviceStatus: [PLANS.teams] },
    ),
    subscription(s.defenderEndpoint, '44efe700-7465-48a9-a700-8c2cae2f1a4f', 'WIN_DEF_ATP', '2022-07-07T07:00:00Z', {
      totalLicenses: 300,
      nextLifecycleDateTime: '2026-07-07T07:00:00Z',
      serviceStatus: [PLANS.defenderEndpoint],
      ...viaPartner,
    }),
    subscription(
      s.salesTeamMembers,
      'b53a19a0-3d30-4b54-9a5a-865cb19912d8',
      'DYN365_ENTERPRISE_TEAM_MEMBERS',
      '2023-03-03T03:00:00Z',
      { totalLicenses: 50, nextLifecycleDateTime: '2027-03-03T03:00:00Z', serviceStatus: [PLANS.teamMembers] },
    ),
  ];
  return {
    id: FABRIKAM.tenantId,
    displayName: FABRIKAM.displayName,
    countryLetterCode: 'US',
    createdDateTime: '2019-03-01T10:00:00Z',
    verifiedDomains: [
      { name: FABRIKAM.defaultDomain, isDefault: true, isInitial: false },
      { name: FABRIKAM.initialDomain, isDefault: false, isInitial: true },
    ],
    users,
    roleAssignments: [
      { principalId: u.globalAdmin, roleDefinitionId: ROLE_TEMPLATES.globalAdministrator },
      { principalId: u.billingAdmin, roleDefinitionId: ROLE_TEMPLATES.billingAdministrator },
      { principalId: u.intuneAdmin, roleDefinitionId: ROLE_TEMPLATES.intuneAdministrator },
      { principalId: u.guestGlobalAdmin, roleDefinitionId: ROLE_TEMPLATES.globalAdministrator },
    ],
    subscriptions,
  };
}

/** Northwind's directory: known to Graph, but its token requests are refused (no consent). */
export function northwindTenant(): GraphTenant {
  return {
    id: NORTHWIND.tenantId,
    displayName: NORTHWIND.displayName,
    countryLetterCode: 'GB',
    createdDateTime: '2020-10-01T09:00:00Z',
    verifiedDomains: [{ name: NORTHWIND.initialDomain, isDefault: true, isInitial: true }],
    users: [
      {
        id: NORTHWIND.users.globalAdmin,
        displayName: 'Nancy Davolio',
        givenName: 'Nancy',
        surname: 'Davolio',
        jobTitle: 'Managing Director',
        mail: 'nancy@northwindtraders.onmicrosoft.com',
        userPrincipalName: 'nancy@northwindtraders.onmicrosoft.com',
        userType: 'Member',
      },
    ],
    roleAssignments: [
      { principalId: NORTHWIND.users.globalAdmin, roleDefinitionId: ROLE_TEMPLATES.globalAdministrator },
    ],
    subscriptions: [
      subscription(
        NORTHWIND.subscriptions.officeE3,
        '277bec16-482d-4a10-b04b-c9037de5e9f3',
        'ENTERPRISEPACK',
        '2020-10-05T10:00:00Z',
        { totalLicenses: 15, nextLifecycleDateTime: '2026-10-05T10:00:00Z' },
      ),
      subscription(
        NORTHWIND.subscriptions.powerBiPro,
        '9193124d-ce06-4893-bf6a-d07dfae5b57b',
        'POWER_BI_PRO',
        '2021-01-12T10:00:00Z',
        { totalLicenses: 5, nextLifecycleDateTime: '2027-01-12T10:00:00Z' },
      ),
    ],
  };
}

/** Contoso's directory: owners through a role-assignable group, PIM activation and (not) eligibility. */
export function contosoTenant(): GraphTenant {
  const u = CONTOSO.users;
  const g = CONTOSO.groups;
  const person = (id: string, displayName: string, alias: string, jobTitle: string): GraphUser => ({
    id,
    displayName,
    jobTitle,
    mail: `${alias}@contoso.example`,
    userPrincipalName: `${alias}@contoso.example`,
    userType: 'Member',
  });
  const ga = ROLE_TEMPLATES.globalAdministrator;
  return {
    id: CONTOSO.tenantId,
    displayName: CONTOSO.displayName,
    countryLetterCode: 'DE',
    createdDateTime: '2021-04-01T09:00:00Z',
    verifiedDomains: [{ name: CONTOSO.initialDomain, isDefault: true, isInitial: true }],
    users: [
      person(u.directOwner, 'Adele Vance', 'adele.vance', 'CIO'),
      person(u.groupOwner, 'Diego Siciliani', 'diego.siciliani', 'IT Manager'),
      person(u.nestedGroupOwner, 'Emily Braun', 'emily.braun', 'Cloud Operator'),
      person(u.activatedOwner, 'Grady Archie', 'grady.archie', 'Security Lead'),
      person(u.eligibleOwner, 'Johanna Lorenz', 'johanna.lorenz', 'Systems Engineer'),
      person(u.member, 'Lee Gu', 'lee.gu', 'Analyst'),
    ],
    groups: [
      {
        id: g.globalAdmins,
        displayName: 'Global Administrators (group)',
        isAssignableToRole: true,
        members: [u.groupOwner, g.tenantOperators],
      },
      {
        id: g.tenantOperators,
        displayName: 'Tenant Operators',
        isAssignableToRole: false,
        members: [u.nestedGroupOwner],
      },
      { id: g.allStaff, displayName: 'All Staff', isAssignableToRole: false, members: Object.values(u) },
    ],
    roleAssignments: [
      { principalId: u.directOwner, roleDefinitionId: ga },
      { principalId: g.globalAdmins, roleDefinitionId: ga },
    ],
    scheduledAssignments: [
      {
        principalId: u.activatedOwner,
        roleDefinitionId: ga,
        assignmentType: 'Activated',
        startDateTime: '2026-12-07T08:00:00Z',
        endDateTime: '2099-12-07T16:00:00Z',
      },
    ],
    eligibilities: [
      { principalId: u.eligibleOwner, roleDefinitionId: ga, startDateTime: '2026-01-01T00:00:00Z', endDateTime: null },
      { principalId: u.activatedOwner, roleDefinitionId: ga, startDateTime: '2026-01-01T00:00:00Z', endDateTime: null },
    ],
    subscriptions: [
      subscription(
        CONTOSO.subscriptions.officeE3,
        'bc27e44c-06d2-4415-9bc3-e846acd5031b',
        'ENTERPRISEPACK',
        '2021-04-10T10:00:00Z',
        { totalLicenses: 40, nextLifecycleDateTime: '2027-04-10T10:00:00Z' },
      ),
      subscription(
        CONTOSO.subscriptions.m365E5,
        'cd38f55d-17e3-4526-8cd4-f957bde6142c',
        'SPE_E5',
        '2022-05-20T10:00:00Z',
        { totalLicenses: 12, nextLifecycleDateTime: '2027-05-20T10:00:00Z' },
      ),
    ],
  };
}

/** Every registered partner. */
export function partnerProfiles(): PartnerProfile[] {
  const { operator, adatum, proseware, wideWorld, treyResearch } = PARTNERS;
  return [operator, adatum, proseware, wideWorld, treyResearch].map((p) => ({ ...p }));
}

/**
 * Loads the fixtures into a started cloud: Fabrikam (consented) and Northwind (not consented, AADSTS700016)
 * in Graph and Entra, the partner organisation (consented, refresh token registered, own MPN profile), and
 * the partners in Partner Center.
 */
export function seedFixtures(cloud: Pick<MicrosoftCloud, 'entra' | 'graph' | 'partnerCenter'>): void {
  cloud.graph.setTenant(fabrikamTenant());
  cloud.graph.setTenant(northwindTenant());
  cloud.graph.setTenant(contosoTenant());
  cloud.entra.grantConsent(CONTOSO.tenantId);
  cloud.entra.grantConsent(FABRIKAM.tenantId);
  cloud.entra.revokeConsent(NORTHWIND.tenantId, 'AADSTS700016');
  cloud.entra.addTenant(PARTNER_ORG.tenantId, { displayName: PARTNER_ORG.displayName, domains: [PARTNER_ORG.domain] });
  cloud.entra.grantConsent(PARTNER_ORG.tenantId);
  cloud.entra.addRefreshToken(PARTNER_ORG.tenantId, PARTNER_ORG.refreshToken, PARTNER_ORG.user);
  cloud.partnerCenter.setPartners(partnerProfiles());
  cloud.partnerCenter.setOwnProfile(PARTNER_ORG.tenantId, PARTNER_ORG.mpnId);
}

/**
 * Contoso's Azure side, in Azure Resource Manager (and the one Graph group it needs): Lee Gu (no directory
 * role) is an Owner of Contoso Production through the group Azure Subscription Owners; Grady Archie (Global
 * Administrator through PIM) is only its Contributor and Johanna Lorenz its Reader; Adele Vance owns Contoso
 * Staging directly; Lee Gu owns only a resource group of it. Contoso Old is Deleted, and the app holds no role
 * on Contoso Research, so ARM lists neither.
 */
export const CONTOSO_AZURE = {
  groups: {
    /** Not role-assignable; holds Owner on Contoso Production. */
    azureOwners: '9d05b22a-e4c0-43f4-9fb2-c6359bc4e2f1',
  },
  subscriptions: {
    production: { subscriptionId: 'c1f0e7a2-3b4d-4e5f-8a6b-7c8d9e0f1a2b', displayName: 'Contoso Production' },
    staging: { subscriptionId: 'd2a1f8b3-4c5e-4f6a-9b7c-8d9e0f1a2b3c', displayName: 'Contoso Staging' },
    old: { subscriptionId: 'e3b2a9c4-5d6f-4a7b-8c8d-9e0f1a2b3c4d', displayName: 'Contoso Old' },
    research: { subscriptionId: 'f4c3bad5-6e7a-4b8c-9d9e-0f1a2b3c4d5e', displayName: 'Contoso Research' },
  },
} as const;

/** Loads CONTOSO_AZURE into ARM, and its group into Contoso's Graph tenant (seedFixtures first). */
export function seedAzureFixtures(cloud: Pick<MicrosoftCloud, 'graph' | 'arm'>): void {
  const u = CONTOSO.users;
  const s = CONTOSO_AZURE.subscriptions;
  const tenant = contosoTenant();
  cloud.graph.setTenant({
    ...tenant,
    groups: [
      ...(tenant.groups ?? []),
      {
        id: CONTOSO_AZURE.groups.azureOwners,
        displayName: 'Azure Subscription Owners',
        isAssignableToRole: false,
        members: [u.member],
      },
    ],
  });
  const arm = cloud.arm;
  const t = CONTOSO.tenantId;
  arm.addSubscription(t, { ...s.production, state: 'Enabled' });
  arm.addSubscription(t, { ...s.staging, state: 'Warned' });
  arm.addSubscription(t, { ...s.old, state: 'Deleted' });
  arm.addSubscription(t, { ...s.research, state: 'Enabled' }, { appCanRead: false });
  arm.setGroup(t, CONTOSO_AZURE.groups.azureOwners, [u.member]);
  const give = (sub: string, principalId: string, role: keyof typeof AZURE_ROLES, type: 'User' | 'Group' = 'User') =>
    arm.assignRole(t, sub, { principalId, principalType: type, roleDefinitionId: AZURE_ROLES[role] });
  give(s.production.subscriptionId, CONTOSO_AZURE.groups.azureOwners, 'Owner', 'Group');
  give(s.production.subscriptionId, u.activatedOwner, 'Contributor');
  give(s.production.subscriptionId, u.eligibleOwner, 'Reader');
  give(s.staging.subscriptionId, u.directOwner, 'Owner');
  arm.assignRole(t, s.staging.subscriptionId, {
    principalId: u.member,
    principalType: 'User',
    roleDefinitionId: AZURE_ROLES.Owner,
    scope: 'resourceGroups/lee-sandbox',
  });
}
