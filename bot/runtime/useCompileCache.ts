import path from 'node:path';
import { enableCompileCache } from './compileCache';

// Imported first by main.ts, so that what loads after it is compiled with the code cached at the last start. Only
// for the compiled bot (dist/bot/*.js): under a TypeScript loader, the loader compiles each file itself.
if (__filename.endsWith('.js')) enableCompileCache(path.join(__dirname, '..', '..', '.compile-cache'));
