/**
 * Starts the compiled bot at `main` until it listens and answers, then stops it, so that its compile cache holds
 * V8's code for every module a start loads. Resolves with the cache's folder; rejects if the bot did not start.
 */
export function buildCompileCache(main: string): Promise<string>;
