import type restify from 'restify';

/**
 * The only request bodies the server reads: JSON, bounded, parsed here. No form or multipart parser runs
 * anywhere, so a plain HTML form on another site cannot post an activity (its content types are refused
 * before a byte is read), and nothing is ever written to the temp folder.
 */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** Deeper than this is no activity or tab request; refusing it keeps every later walk of the body shallow. */
const MAX_DEPTH = 64;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** Nesting depth of JSON text, ignoring brackets inside strings; stops counting once past the limit. */
function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Keys that would reach an object's prototype if the body were ever merged into another object. */
const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Text in which such a key could be written, plainly or with escapes. */
const MAY_HOLD_POISON_KEY = /__proto__|constructor|prototype|\\u/;

/** Reads and parses a JSON body, or throws BodyError with the status that says why not. */
export async function readJsonBody(req: restify.Request, maxBytes = MAX_REQUEST_BYTES): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) throw new BodyError(415, 'Send the body as application/json.');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyError(413, 'The body is too large.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyError(413, 'The body is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (tooDeep(text)) throw new BodyError(400, 'The body is nested too deeply.');
  try {
    // A reviver costs a call per value of the body; it is needed only when a key could be one of those. JSON.parse
    // decodes escapes in keys too ("\u005f_proto__"), so text with any \u escape is revived as well.
    return MAY_HOLD_POISON_KEY.test(text)
      ? JSON.parse(text, (key, value: unknown) => (POISON_KEYS.has(key) ? undefined : value))
      : JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The body is not valid JSON.');
  }
}

/**
 * restify middleware: every request that may carry a body (POST, PUT, PATCH) must carry JSON; it is read
 * and parsed into `req.body`. Other methods' bodies are never read.
 */
export function jsonBodyOnly(maxBytes = MAX_REQUEST_BYTES) {
  return (req: restify.Request, res: restify.Response, next: restify.Next): void => {
    if (!['POST', 'PUT', 'PATCH'].includes(req.method ?? '')) {
      next();
      return;
    }
    readJsonBody(req, maxBytes).then(
      (body) => {
        req.body = body;
        next();
      },
      (err: unknown) => {
        const status = err instanceof BodyError ? err.status : 400;
        const message = err instanceof BodyError ? err.message : 'The body could not be read.';
        // Whatever is left of a refused body is not read; the connection is closed after the answer.
        res.header('connection', 'close');
        res.send(status, { error: { code: statusCode(status), message } });
        next(false);
      },
    );
  };
}

function statusCode(status: number): string {
  return status === 415 ? 'unsupportedMediaType' : status === 413 ? 'tooLarge' : 'badRequest';
}
