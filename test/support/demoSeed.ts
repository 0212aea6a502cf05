/** The ids of deployment/demo-seed.json that tests rely on. */
export const DEMO = {
  contoso: '6f1c2d3e-0000-4000-8000-000000000001',
  northwind: '6f1c2d3e-0000-4000-8000-000000000002',
  users: {
    owner: '00000000-0000-4000-8000-00000000a001',
    serviceAdmin: '00000000-0000-4000-8000-00000000a002',
    coAdmin: '00000000-0000-4000-8000-00000000a003',
    delegatedAdmin: '00000000-0000-4000-8000-00000000a004',
    member: '00000000-0000-4000-8000-00000000a005',
    northwindOwner: '00000000-0000-4000-8000-00000000b001',
  },
  subscriptions: {
    o365: 'contoso-o365-e3', // partner 1234567 in the seed
    crm: 'contoso-crm-ce',
    ax7: 'contoso-ax7-fo',
    intune: 'contoso-intune',
    ems: 'contoso-ems-e5',
    powerbi: 'contoso-powerbi-pro',
    azure: 'contoso-azure-plan', // partner 7654321 in the seed
    northwindO365: 'northwind-o365-e3',
    northwindAzure: 'northwind-azure-plan', // partner 2345678 in the seed
  },
  partners: {
    fabrikam: '1234567',
    tailspin: '7654321',
    wingtip: '2345678',
    litware: '11223344',
    /** Emailed in German (`"language": "de"` in the seed). */
    alpenblick: '3456789',
    /** Emailed in Japanese (`"language": "ja"`). */
    sakura: '4567890',
  },
} as const;
