/** Retries an assertion until it passes or `timeoutMs` runs out, for work the bot does in the background. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 5000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
