import type { Service } from '../../core';

/**
 * What a Graph `skuPartNumber` (Microsoft's "String ID") may look like here: printable ASCII without spaces or commas (some carry brackets, as in `Microsoft_365_E3_(no_Teams)`).
 * Microsoft's list also has a few ids with spaces or commas (typing slips in the list); those are left out of the
 * catalog (a subscription with one is still shown, under its part number).
 */
export const SKU_PART_NUMBER_PATTERN = /^[\x21-\x2b\x2d-\x7e]+$/;

/** Dynamics 365 products, by part number prefix or by a name that starts with "Dynamics". */
const DYNAMICS_PART = /^(dyn365|d365|dynamics|crm|ax7)/;
const DYNAMICS_NAME = /^(microsoft )?dynamics\b/;

/**
 * The Dynamics 365 apps of the AX line (finance and operations, ERP), in part numbers and names. Business
 * Central (formerly "Financials") is the smaller ERP and is put here too; Talent / Human Resources, Asset
 * Management and the Regulatory Service belong to the finance and operations apps.
 */
const ERP_WORDS = new RegExp(
  `\\b(${[
    'ax7?',
    'finance',
    'financials',
    'supply chain',
    'scm',
    'operations',
    'commerce',
    'retail',
    'business central',
    'buscentral',
    'talent',
    'hcm',
    'human resources',
    'asset ?management',
    'regulatory',
  ].join('|')})\\b`,
);

/**
 * The partner-of-record service a Microsoft 365 product belongs to, from its part number and product name
 * (case does not matter; for a SKU missing from the catalog, pass the part number as the name too). The
 * first rule that matches wins:
 *
 * 1. Power BI: a name starting "Power BI" or "Microsoft Fabric" (Power BI's free tier), or a part number
 *    starting POWER_BI, POWERBI or PBI_. Only the start counts: "Office 365 G5 without Power BI" is Office 365.
 * 2. Intune: "Intune" in the part number or the name (Intune Plan 1, Intune Suite, Intune for Education).
 * 3. Enterprise Mobility Suite: a part number EMS or EMSPREMIUM (with a suffix), or "Enterprise Mobility"
 *    in the name. "Microsoft 365 E5 Security for EMS E5" (IDENTITY_THREAT_PROTECTION_FOR_EMS_E5) is not.
 * 4. AX7: a Dynamics 365 product (see DYNAMICS_PART, DYNAMICS_NAME) of the finance and operations line:
 *    Finance, Supply Chain, Operations, Commerce (Retail), Project Operations, AX, Business Central, Talent.
 * 5. CRM Online: every other Dynamics 365 product (Sales, Customer Service, Field Service, Marketing,
 *    Customer Insights, Customer Voice, Team Members, CRM, instances and storage for them, ...).
 * 6. Office 365: everything else (Microsoft 365, Office 365, Exchange, SharePoint, Teams, Entra, Defender,
 *    Purview, Copilot, Project, Visio, Windows, Power Apps, Power Automate, ...).
 *
 * 'Azure' is never the answer: Azure subscriptions are not among Graph's directory subscriptions.
 */
export function serviceForSku(skuPartNumber: string, productName: string): Service {
  const part = skuPartNumber.trim().toLowerCase();
  const name = productName.trim().toLowerCase();
  // Both, as lower-case words: "DYN365_SCM Dynamics 365 for Supply Chain" -> " dyn365 scm dynamics 365 for supply chain ".
  const words = ` ${part} ${name} `.replace(/[^a-z0-9]+/g, ' ');

  if (/^(power ?bi|microsoft fabric)\b/.test(name) || /^(power_?bi|pbi)_/.test(part)) return 'Power BI';
  if (/\bintune\b/.test(words)) return 'Intune';
  if (/^ems(premium)?(_|$)/.test(part) || /\benterprise mobility\b/.test(words)) return 'Enterprise Mobility Suite';
  if (DYNAMICS_PART.test(part) || DYNAMICS_NAME.test(name)) return ERP_WORDS.test(words) ? 'AX7' : 'CRM Online';
  return 'Office 365';
}
