import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { skipSuite } from './skipSuite';

/** Debian's Chromium; the tests never download a browser of their own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissingReason(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `Chromium is not installed at ${CHROMIUM_PATH} (Debian package "chromium"; .ci/run installs it), so the browser tests are skipped.`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
}

/**
 * One Chromium for the suite that calls this: launched before its tests (or the suite skipped, saying why) and
 * closed after them. Read `.browser` inside hooks and tests.
 */
export function suiteChromium(): { readonly browser: Browser } {
  const held = {} as { browser: Browser };
  before(async function () {
    const missing = chromiumMissingReason();
    if (missing) skipSuite(this, missing);
    held.browser = await launchChromium();
  });
  after(async () => {
    await held.browser?.close();
  });
  return held;
}
