import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { MailSendError, type Mailer } from '../../ports';
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

/** 2025-01-01T10-00-00.000Z: sorts like the time it names, and has no colon (which Windows refuses). */
const fileTimestamp = (date: Date): string => date.toISOString().replace(/:/g, '-');

/**
 * The embedded mail drop: each message is written as an RFC 5322 .eml file that any mail client opens.
 * Writing the same Message-ID again (a retry after a crash) replaces its file instead of adding a second.
 */
export function createFileMailer(dir: string): Mailer {
  // Builds the whole message, headers and MIME parts, with CRLF line ends as RFC 5322 wants.
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  async function existingFile(key: string): Promise<string | undefined> {
    const suffix = `-${key}.eml`;
    return (await readdir(dir)).find((name) => name.endsWith(suffix) && !name.startsWith('.'));
  }

  async function writeAtomically(name: string, content: Buffer): Promise<void> {
    // A reader (or a crash) never sees half a message: write a hidden temporary file, flush it, rename.
    const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
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
      try {
        await mkdir(dir, { recursive: true });
        const { message } = (await composer.sendMail(toNodemailerMessage(mail))) as { message: Buffer };
        const key = messageFileKey(mail.messageId);
        const name = (await existingFile(key)) ?? `${fileTimestamp(new Date())}-${key}.eml`;
        await writeAtomically(name, message);
      } catch (err) {
        // A full disk or a permission problem is fixed by an operator, after which a retry succeeds.
        throw new MailSendError(`Mail drop ${dir}: ${err instanceof Error ? err.message : String(err)}`, false);
      }
    },

    async close() {
      composer.close();
    },
  };
}
