import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AuditExportRow, ChangeKind } from '../core';

/**
 * The audit history as CSV (RFC 4180: comma-separated, CRLF between records, a field quoted when it holds a comma,
 * a quote or a line break), UTF-8 with a byte-order mark so that spreadsheets read names in any script correctly,
 * a header row, one record per change. The tab's download and `npm run export-audit` both write it here.
 */

/** The columns, in order, with the header a person reads in the spreadsheet. */
const COLUMNS: { key: keyof AuditExportRow; header: string }[] = [
  { key: 'at', header: 'Time (UTC)' },
  { key: 'subscriptionId', header: 'Subscription ID' },
  { key: 'service', header: 'Service' },
  { key: 'subscriptionName', header: 'Subscription' },
  { key: 'change', header: 'Change' },
  { key: 'oldPartnerId', header: 'Previous Partner ID' },
  { key: 'oldPartnerName', header: 'Previous partner' },
  { key: 'newPartnerId', header: 'New Partner ID' },
  { key: 'newPartnerName', header: 'New partner' },
  { key: 'actorName', header: 'Changed by' },
  { key: 'actorId', header: 'Changed by (Entra object ID)' },
  { key: 'version', header: 'Version' },
  { key: 'partnerAnswer', header: 'Partner answer' },
  { key: 'partnerAnswerAt', header: 'Answered (UTC)' },
  { key: 'partnerAnswerReason', header: 'Reason given' },
];

/** What the Change column says for each kind of change. */
const CHANGE_WORDS: Record<ChangeKind, string> = { attach: 'attached', change: 'changed', remove: 'removed' };

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (a partner named `=HYPERLINK(...)` would
 * become a link, or worse). Such a cell gets a leading apostrophe, which spreadsheets show as text and do not
 * display: OWASP's advice for CSV injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function auditCsvFileName(tenantName: string, at: Date): string {
  const slug =
    tenantName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'tenant';
  return `partner-of-record-history-${slug}-${at.toISOString().slice(0, 10)}.csv`;
}

/**
 * The rows as a CSV byte stream that pulls them only as fast as it is read (a slow download holds one page of the
 * log). An error reading the rows destroys the stream with it, so whoever pipes it can end the download visibly
 * incomplete rather than as a shorter file.
 */
export function auditCsv(rows: AsyncIterable<AuditExportRow>): Readable {
  const csv = stringify({
    header: true,
    columns: COLUMNS,
    bom: true,
    record_delimiter: '\r\n',
    cast: { string: neutraliseFormula },
  });
  const records = Readable.from(
    (async function* () {
      for await (const row of rows) yield { ...row, change: CHANGE_WORDS[row.change] };
    })(),
  );
  pipeline(records, csv, () => undefined);
  return csv;
}
