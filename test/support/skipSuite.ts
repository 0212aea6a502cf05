/** Where the summary reporter finds why a suite was skipped. */
export interface SuiteWithSkipReason extends Mocha.Suite {
  skipReason?: string;
}

/**
 * Skips a whole suite from its `before` hook and keeps the reason: mocha's `this.skip()` takes none,
 * and a skipped suite that does not say why reads like a passing one.
 */
export function skipSuite(ctx: Mocha.Context, reason: string): never {
  const suite = ctx.test?.parent as SuiteWithSkipReason | undefined;
  if (suite) suite.skipReason = reason;
  return ctx.skip();
}
