/** Every file under `dir` (relative to `root`), sorted. */
export function filesUnder(root: string, dir: string): string[];
/** Writes each of `files` (relative to `root`) under `outDir`: .ts compiled to .js, .json copied, others left out. */
export function transpileFiles(root: string, files: string[], outDir: string): void;
