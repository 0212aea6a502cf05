import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Nodemailer from 'nodemailer';
import { MailSendError, type Mailer } from '../../core';
import { toNodemailerMessage } from './message';

/** The part of a file name that identifies the message: safe on every file system, and bounded. */
export function messageFileKey(messageId: string): string {
  const key = messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._@-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 200);
  return key || '_';
}

/** The temporary file a message is written to before it is renamed to `name`. */
const tempName = (name: string): string => `.${name}.${randomBytes(6).toString('hex')}.tmp`;
/** Names `tempName` makes, and no other: hidden, the .eml name, twelve hex digits, .tmp. */
const TEMP_NAME = /^\..+\.eml\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temporary files a crash left between writing and renaming (their messages are sent again
 * by the outbox). Only the mailer's own temporary names are touched; a folder that is not there is fine.
 */
export async function removeLeftoverTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const leftovers = names.filter((name) => TEMP_NAME.test(name));
  await Promise.all(leftovers.map((name) => rm(join(dir, name), { force: true })));
  return leftovers;
}

/** 2025-01-01T10-00-00.000Z: sorts like the time it names, and has no colon (which Windows refuses). */
const fileTimestamp = (date: Date): string => date.toISOString().replace(/:/g, '-');

/**
 * The embedded mail drop: each message is written as an RFC 5322 .eml file that any mail client opens, and is not
 * sent (its send says `file`).
 * Writing the same Message-ID again (a retry after a crash) replaces its file instead of adding a second.
 * On start it removes the temporary files a crash left behind.
 */
export function createFileMailer(dir: string): Mailer {
  // Builds the whole message, headers and MIME parts, with CRLF line ends as RFC 5322 wants. nodemailer is loaded
  // by the first message rather than at start-up.
  let composer: ReturnType<typeof Nodemailer.createTransport> | undefined;
  const compose = () =>
    (composer ??= (require('nodemailer') as typeof Nodemailer).createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
    }));
  // Starts now; every send waits for it, so it never races a write of this process. A failure here is not
  // the send's: the next send's own error says what is wrong with the folder.
  const cleanedUp = removeLeftoverTempFiles(dir).then(
    () => undefined,
    () => undefined,
  );

  async function existingFile(key: string): Promise<string | undefined> {
    const suffix = `-${key}.eml`;
    return (await readdir(dir)).find((name) => name.endsWith(suffix) && !name.startsWith('.'));
  }

  async function writeAtomically(name: string, content: Buffer): Promise<void> {
    // A reader (or a crash) never sees half a message: write a hidden temporary file, flush it, rename.
    const temp = join(dir, tempName(name));
    try {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, join(dir, name));
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  return {
    async send(mail) {
      await cleanedUp;
      try {
        await mkdir(dir, { recursive: true });
        const { message } = (await compose().sendMail(toNodemailerMessage(mail))) as { message: Buffer };
        const key = messageFileKey(mail.messageId);
        const name = (await existingFile(key)) ?? `${fileTimestamp(new Date())}-${key}.eml`;
        await writeAtomically(name, message);
      } catch (err) {
        // A full disk or a permission problem is fixed by an operator, after which a retry succeeds.
        throw new MailSendError(`Mail drop ${dir}: ${err instanceof Error ? err.message : String(err)}`, false);
      }
      // Written, not sent: nobody receives it unless someone opens the folder.
      return { delivered: 'file' };
    },

    async close() {
      await cleanedUp;
      composer?.close();
    },
  };
}
