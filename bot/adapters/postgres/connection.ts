import { Pool, type PoolConfig } from 'pg';

export interface PostgresConnectionOptions {
  /** postgres://user:password@host:5432/database?sslmode=require */
  url: string;
  /** Where the bot's tables live (created if missing). */
  schema: string;
  poolSize: number;
  /** The longest one statement may run, on the server; the client gives up a second later. */
  statementTimeoutMs: number;
}

/**
 * The database a URL names, without its password (or any other query parameter), for logs and messages:
 * postgres://user@host:5432/database.
 */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `postgres://${user}${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'postgres://(an unreadable DATABASE_URL)';
  }
}

/** host:port of a URL, for "not reachable" messages. */
export function databaseHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return '(an unreadable DATABASE_URL)';
  }
}

/**
 * A pool whose every connection has search_path set to the schema (so the store's SQL names no schema) and the
 * statement timeout set on the server. `options` given in the URL are kept, after ours.
 */
export function createPool({ url, schema, poolSize, statementTimeoutMs }: PostgresConnectionOptions): Pool {
  const u = new URL(url);
  const extra = u.searchParams.get('options');
  u.searchParams.delete('options');
  // Backslash-escaped spaces are how libpq's options keep a value whole; configured names have none anyway.
  const options = [`-c search_path=${schema.replace(/[\\ ]/g, (c) => `\\${c}`)}`, extra].filter(Boolean).join(' ');
  const config: PoolConfig = {
    connectionString: u.toString(),
    options,
    max: poolSize,
    statement_timeout: statementTimeoutMs,
    // A network that drops packets would otherwise hang a query until TCP gives up: the client stops waiting.
    query_timeout: statementTimeoutMs + 1000,
    connectionTimeoutMillis: Math.max(statementTimeoutMs, 1000),
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'partner-of-record-bot',
  };
  return new Pool(config);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * Errors worth waiting out at start: the server is not there yet, starting, or full. Refused credentials,
 * a missing database or a newer schema are not: waiting will not fix them.
 */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
    if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  }
  return /timeout|terminated|Connection ended/i.test(err.message);
}

/**
 * While running, the database not letting the bot in (class 28: its role locked out, its password changed)
 * is as much an outage for the person as a dropped connection; at start it is a setting to fix instead.
 */
export function isOutage(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return isConnectionError(err) || (typeof code === 'string' && code.startsWith('28'));
}

/** A short cause for a log line: an error code, or the message's first line (pg never puts the password there). */
export function shortCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const first = err.message.split('\n')[0] ?? '';
  return typeof code === 'string' ? `${code}: ${first}` : first;
}

/**
 * SQLSTATEs that say the database cannot be written by this role: 25006 read_only_sql_transaction (read-only mode:
 * default_transaction_read_only or transaction_read_only on, or a hot standby), 53100 disk_full, 42501
 * insufficient_privilege (write privileges revoked). Each is the reason, worded for the operator.
 */
const CANNOT_WRITE: Record<string, string> = {
  '25006':
    'the database is in read-only mode (default_transaction_read_only or transaction_read_only is on, or it is a hot standby)',
  '53100': "the database server's disk is full",
  '42501': 'the role may not write to the schema (permission denied)',
};

/** Why this role cannot write, when that is what the error says; undefined otherwise. */
export function cannotWriteReason(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? CANNOT_WRITE[code] : undefined;
}
