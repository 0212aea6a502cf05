import Module from 'node:module';

/**
 * zod's entry point requires all its locale files (about 50; 25-40 ms of start-up) to offer `z.locales`, which the
 * bot never uses: its messages are zod's English, which zod loads by a path of its own (`locales/en`). Registering
 * the public `zod/v4/locales` entry as an empty module before zod is first required leaves the other files unread;
 * `z.locales` is then empty. main.ts imports this first. A zod laid out differently is loaded whole, as before.
 */
try {
  const entry = require.resolve('zod/v4/locales');
  if (!require.cache[entry]) {
    const empty = new Module(entry);
    empty.filename = entry;
    empty.loaded = true;
    empty.exports = {};
    require.cache[entry] = empty;
  }
} catch {
  // No such entry: nothing to leave out.
}
