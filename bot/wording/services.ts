import { SERVICES, type Service } from '../core';

/**
 * The services as people know them today, with the old name alongside where people may still look for it. The
 * record keeps the old names (`SERVICES`): they are the stored values and the official FAQ's list. Product names
 * are the same in every language, as Microsoft writes them.
 */
export const SERVICE_NAMES: Readonly<Record<Service, string>> = {
  'Office 365': 'Office 365 / Microsoft 365',
  'CRM Online': 'Dynamics 365 (CRM Online)',
  AX7: 'Dynamics 365 Finance and Operations (AX7)',
  Intune: 'Microsoft Intune',
  'Enterprise Mobility Suite': 'Enterprise Mobility + Security',
  'Power BI': 'Power BI',
  Azure: 'Azure',
};

/** What a person reads for a service. */
export function serviceName(service: Service): string {
  return SERVICE_NAMES[service];
}

/** "Dynamics 365 (CRM Online): Contoso Sales": a subscription as every list and title names it. */
export function subscriptionTitle(subscription: { service: Service; name: string }): string {
  return `${serviceName(subscription.service)}: ${subscription.name}`;
}

function isService(value: string): value is Service {
  return (SERVICES as readonly string[]).includes(value);
}

/**
 * A service as a queued message stores it (text, written when it was queued): its name today, or the text as it is
 * when it names no service.
 */
export function storedServiceName(service: string): string {
  return isService(service) ? serviceName(service) : service;
}

/** A subscription as a queued message stores it, named as `subscriptionTitle` names it. */
export function storedSubscriptionTitle(subscription: { service: string; name: string }): string {
  const { service, name } = subscription;
  return isService(service) ? subscriptionTitle({ service, name }) : `${service}: ${name}`;
}

/**
 * The words a person may type for a service, old and new, lower case (compared after `normalizedCommandText`).
 * "Dynamics 365" alone is CRM Online, as its name says; Finance and Operations has its own words.
 */
const SERVICE_WORDS: Readonly<Record<Service, readonly string[]>> = {
  'Office 365': ['office 365', 'o365', 'microsoft 365', 'm365', 'office'],
  'CRM Online': ['crm online', 'crm', 'dynamics 365', 'dynamics crm', 'dynamics 365 crm', 'd365'],
  AX7: [
    'ax7',
    'ax',
    'dynamics ax',
    'dynamics 365 finance and operations',
    'finance and operations',
    'finance & operations',
    'dynamics 365 finance',
  ],
  Intune: ['intune', 'microsoft intune'],
  'Enterprise Mobility Suite': [
    'enterprise mobility suite',
    'enterprise mobility + security',
    'enterprise mobility and security',
    'enterprise mobility',
    'ems',
  ],
  'Power BI': ['power bi', 'powerbi', 'pbi'],
  Azure: ['azure', 'microsoft azure'],
};

/** Every typed word, with the service it names; a word two services claimed would be a mistake here. */
const SERVICE_OF_WORD: ReadonlyMap<string, Service> = new Map(
  SERVICES.flatMap((service) => [
    ...SERVICE_WORDS[service].map((word) => [word, service] as const),
    [SERVICE_NAMES[service].toLowerCase(), service] as const,
  ]),
);

/** The service a typed word names, in either its old or its new name; undefined when it names none. */
export function serviceOfWords(typed: string): Service | undefined {
  return SERVICE_OF_WORD.get(typed.trim().toLowerCase().replace(/\s+/g, ' '));
}
