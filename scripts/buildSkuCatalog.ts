/**
 * Builds bot/adapters/graph/skuCatalog.json: for each Microsoft 365 product's part number (Graph's
 * `skuPartNumber`), the product's name, its GUID (Graph's `skuId`) and the partner-of-record service it belongs
 * to (`serviceForSku`).
 *
 * The input is Microsoft's "Product names and service plan identifiers for licensing" list, either
 *   - the markdown of that page, docs/identity/users/licensing-service-plan-reference.md in the GitHub
 *     repository MicrosoftDocs/entra-docs (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference), or
 *   - the CSV linked from that page ("You can also download a CSV version of this table"), one row per
 *     product and service plan.
 *
 * To refresh the catalog, download either, then run
 *   npx tsx scripts/buildSkuCatalog.ts "Product names and service plan identifiers for licensing.csv"
 * (or the .md), check the summary and the warnings, run the tests, and commit the JSON. A second argument
 * writes elsewhere than bot/adapters/graph/skuCatalog.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GUID_PATTERN, SERVICES, type Service } from '../bot/core';
import { SKU_PART_NUMBER_PATTERN, serviceForSku } from '../bot/adapters/graph/skuServices';

export const DEFAULT_OUTPUT = path.join(__dirname, '..', 'bot', 'adapters', 'graph', 'skuCatalog.json');
const GENERATED_BY = 'scripts/buildSkuCatalog.ts';
const TITLE = 'Microsoft, "Product names and service plan identifiers for licensing"';

/** One product as read from the input, before any row is skipped or merged. */
export interface LicensingRow {
  productName: string;
  skuPartNumber: string;
  skuId: string;
}

export interface SkuCatalogEntry {
  skuId: string;
  productName: string;
  service: Service;
}

export interface SkuCatalogFile {
  source: string;
  generatedBy: string;
  skus: Record<string, SkuCatalogEntry>;
}

export type InputFormat = 'csv' | 'markdown';

/** The input is not Microsoft's list, or cannot be read as one. */
export class LicensingInputError extends Error {
  override name = 'LicensingInputError';
}

/** Spaces, tabs, no-break spaces and line breaks run together as one space, and none at either end. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * RFC 4180: fields separated by commas, records by CRLF (or LF, or CR); a field in double quotes may hold
 * commas, line breaks and doubled quotes. A byte order mark at the start is dropped.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (body[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
    } else {
      field += c;
      fieldStart = false;
    }
  }
  if (quoted) throw new LicensingInputError('a quoted field is not closed before the end of the file');
  if (!fieldStart || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The products of Microsoft's CSV (header Product_Display_Name,String_Id,GUID,Service_Plan_Name,...), one per row. */
export function rowsFromCsv(text: string): LicensingRow[] {
  const [header, ...records] = parseCsv(text);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const at = (name: string): number => {
    const index = columns.indexOf(name.toLowerCase());
    if (index < 0) throw new LicensingInputError(`not Microsoft's licensing CSV: the header has no ${name} column`);
    return index;
  };
  const name = at('Product_Display_Name');
  const id = at('String_Id');
  const guid = at('GUID');
  return records
    .filter((r) => r.some((f) => f.trim() !== ''))
    .map((r) => ({
      productName: clean(r[name] ?? ''),
      skuPartNumber: clean(r[id] ?? ''),
      skuId: clean(r[guid] ?? ''),
    }));
}

/** A markdown table row's cells, without the outer pipes; `\|` is a pipe inside a cell. */
function markdownCells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|'));
}

/** A markdown cell as text: `<br/>` and tabs become spaces, a few HTML entities are decoded. */
function markdownText(cell: string): string {
  return clean(
    cell
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/**
 * The products of the reference page's markdown: the rows of the table whose header has "Product name",
 * "String ID" and "GUID" (the page's later tables, of conflicting service plans, are not read).
 */
export function rowsFromMarkdown(text: string): LicensingRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((line) => {
    if (!line.trim().startsWith('|')) return false;
    const cells = markdownCells(line).map((c) => markdownText(c).toLowerCase());
    return cells.includes('product name') && cells.includes('string id') && cells.includes('guid');
  });
  if (headerAt < 0) {
    throw new LicensingInputError(
      'not Microsoft\'s licensing reference: no table with "Product name", "String ID" and "GUID" columns',
    );
  }
  const columns = markdownCells(lines[headerAt]!).map((c) => markdownText(c).toLowerCase());
  const name = columns.indexOf('product name');
  const id = columns.indexOf('string id');
  const guid = columns.indexOf('guid');
  const rows: LicensingRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (!line.trim().startsWith('|')) break;
    const cells = markdownCells(line);
    if (cells.every((c) => /^\s*:?-{3,}:?\s*$/.test(c))) continue; // the | --- | line under the header
    rows.push({
      productName: markdownText(cells[name] ?? ''),
      skuPartNumber: markdownText(cells[id] ?? ''),
      skuId: markdownText(cells[guid] ?? ''),
    });
  }
  return rows;
}

/** CSV or markdown: by the file's extension, else by its first line. */
export function detectFormat(fileName: string, text: string): InputFormat {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (/\bString_Id\b/i.test(firstLine)) return 'csv';
  if (/^---\s*$/.test(firstLine) || /^\s*\|.*\bString ID\b/im.test(text)) return 'markdown';
  throw new LicensingInputError(`${fileName}: neither Microsoft's licensing CSV nor its markdown reference`);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * The date the input says it was last updated, as YYYY-MM-DD: the markdown's `ms.date: MM/DD/YYYY`, or its
 * "last updated on October 29, 2025". Microsoft's CSV carries no date.
 */
export function inputDate(text: string): string | undefined {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const msDate = /^ms\.date:\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/m.exec(text);
  if (msDate) return `${msDate[3]}-${pad(Number(msDate[1]))}-${pad(Number(msDate[2]))}`;
  const updated = /last updated on ([A-Za-z]+) (\d{1,2}), (\d{4})/i.exec(text);
  const month = updated ? MONTHS.indexOf(updated[1]!.toLowerCase()) : -1;
  if (updated && month >= 0) return `${updated[3]}-${pad(month + 1)}-${pad(Number(updated[2]))}`;
  return undefined;
}

/** The catalog's `source`: the list, the input's form, and its date if it has one, else the file's name. */
export function describeSource(fileName: string, format: InputFormat, text: string): string {
  const date = inputDate(text);
  const form = format === 'csv' ? 'CSV' : 'markdown reference';
  return date ? `${TITLE}, ${form} updated ${date}` : `${TITLE}, ${form} ${path.basename(fileName)}`;
}

/** Reads the input's products, as CSV or markdown. */
export function readLicensingRows(fileName: string, text: string): { format: InputFormat; rows: LicensingRow[] } {
  const format = detectFormat(fileName, text);
  const rows = format === 'csv' ? rowsFromCsv(text) : rowsFromMarkdown(text);
  if (rows.length === 0) throw new LicensingInputError(`${fileName}: no products in it`);
  return { format, rows };
}

/**
 * One entry per part number (the same one in another case counts as the same), sorted, each with its
 * service. A row with no part number, one that is not a plain identifier, or one without a GUID is skipped; where a part number
 * comes with a second product name or GUID, the first is kept. Each skip and conflict is a warning.
 */
export function buildCatalog(
  rows: readonly LicensingRow[],
  source: string,
): { catalog: SkuCatalogFile; warnings: string[] } {
  const warnings: string[] = [];
  const skipped = new Set<string>();
  const byKey = new Map<string, LicensingRow>();
  for (const row of rows) {
    if (!SKU_PART_NUMBER_PATTERN.test(row.skuPartNumber)) {
      if (!skipped.has(row.skuPartNumber)) {
        skipped.add(row.skuPartNumber);
        warnings.push(
          `skipped ${JSON.stringify(row.productName)}: String ID ${JSON.stringify(row.skuPartNumber)} is not a part number`,
        );
      }
      continue;
    }
    if (!GUID_PATTERN.test(row.skuId)) {
      warnings.push(`skipped ${row.skuPartNumber}: GUID ${JSON.stringify(row.skuId)} is not a GUID`);
      continue;
    }
    const key = row.skuPartNumber.toUpperCase();
    const first = byKey.get(key);
    if (!first) byKey.set(key, row);
    else if (first.productName !== row.productName || first.skuId.toLowerCase() !== row.skuId.toLowerCase()) {
      const conflict = `${row.skuPartNumber} is also ${JSON.stringify(row.productName)} (${row.skuId})`;
      const message = `${conflict}; kept ${JSON.stringify(first.productName)} (${first.skuId})`;
      if (!warnings.includes(message)) warnings.push(message);
    }
  }
  const sorted = [...byKey.values()].sort((a, b) =>
    a.skuPartNumber < b.skuPartNumber ? -1 : a.skuPartNumber > b.skuPartNumber ? 1 : 0,
  );
  const skus: Record<string, SkuCatalogEntry> = {};
  for (const row of sorted) {
    skus[row.skuPartNumber] = {
      skuId: row.skuId.toLowerCase(),
      productName: row.productName,
      service: serviceForSku(row.skuPartNumber, row.productName),
    };
  }
  return { catalog: { source, generatedBy: GENERATED_BY, skus }, warnings };
}

/** The file's text: 2-space JSON with a final newline. */
export function catalogJson(catalog: SkuCatalogFile): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

/** "Office 365: 412" and so on, for every service, in the order of SERVICES. */
export function serviceCounts(catalog: SkuCatalogFile): Record<Service, number> {
  const counts = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<Service, number>;
  for (const entry of Object.values(catalog.skus)) counts[entry.service]++;
  return counts;
}

/** Reads the input file and builds its catalog (the script without its file writing and printing). */
export function catalogFromFile(input: string): { catalog: SkuCatalogFile; warnings: string[] } {
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (err) {
    throw new LicensingInputError(`cannot read ${input}: ${(err as Error).message}`);
  }
  const { format, rows } = readLicensingRows(input, text);
  return buildCatalog(rows, describeSource(input, format, text));
}

function main(args: readonly string[]): number {
  const [input, output = DEFAULT_OUTPUT, ...rest] = args;
  if (!input || rest.length > 0) {
    process.stderr.write('usage: npx tsx scripts/buildSkuCatalog.ts <input.csv|input.md> [output.json]\n');
    return 2;
  }
  let built: { catalog: SkuCatalogFile; warnings: string[] };
  try {
    built = catalogFromFile(input);
  } catch (err) {
    if (!(err instanceof LicensingInputError)) throw err;
    process.stderr.write(`buildSkuCatalog: ${err.message}\n`);
    return 1;
  }
  for (const warning of built.warnings) process.stderr.write(`warning: ${warning}\n`);
  writeFileSync(output, catalogJson(built.catalog));
  const counts = serviceCounts(built.catalog);
  process.stdout.write(`${Object.keys(built.catalog.skus).length} SKUs from ${built.catalog.source}\n`);
  for (const service of SERVICES) process.stdout.write(`  ${service}: ${counts[service]}\n`);
  process.stdout.write(`written to ${output}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
