import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LanguageTagSchema, PartnerIdSchema } from '../../core';

/**
 * Who to email at each partner. Partner Center's profile gives a partner's registered name but no contact
 * address, so the operator keeps this file (PARTNER_CONTACTS_FILE):
 * `{ "contacts": [{ "partnerId": "1234567", "email": "alliances@partner.example", "name": "Alex Doe", "language": "de" }] }`.
 * `language` is optional: a BCP 47 tag. A tag of a language the emails are not written in (`pt-BR`) means English,
 * as no tag does; text that is no tag at all (`German`, `de_DE`) is refused, as a misspelt key is.
 */
const ContactsFileSchema = z.strictObject({
  contacts: z.array(
    z.strictObject({
      partnerId: PartnerIdSchema,
      email: z.email().max(254),
      name: z.string().trim().min(1).max(200).optional(),
      language: LanguageTagSchema.optional(),
    }),
  ),
});

export interface PartnerContact {
  email: string;
  name?: string;
  /** A BCP 47 tag as Intl writes it. */
  language?: string;
}

export class PartnerContactsError extends Error {}

export function parsePartnerContacts(data: unknown, file: string): Map<string, PartnerContact> {
  const parsed = ContactsFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PartnerContactsError(
      `Partner contacts file ${file} is invalid: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const contacts = new Map<string, PartnerContact>();
  for (const [i, c] of parsed.data.contacts.entries()) {
    if (contacts.has(c.partnerId))
      throw new PartnerContactsError(
        `Partner contacts file ${file} lists Partner ID ${c.partnerId} twice (contacts.${i})`,
      );
    contacts.set(c.partnerId, {
      email: c.email,
      ...(c.name ? { name: c.name } : {}),
      ...(c.language ? { language: c.language } : {}),
    });
  }
  return contacts;
}

/** No file means no contacts: every partner is then reported to the owner as "not emailed: no contact known". */
export function loadPartnerContacts(file: string | undefined): Map<string, PartnerContact> {
  if (!file) return new Map();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PartnerContactsError(
      `Partner contacts file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new PartnerContactsError(`Partner contacts file ${file} is not valid JSON`);
  }
  return parsePartnerContacts(data, file);
}
