import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Just enough of a Dockerfile reader to check, without a Docker engine, what the image would run:
 * the stages with their WORKDIR, ENV, USER, COPY, RUN and CMD instructions. Continuation lines are joined.
 */
export interface DockerCopy {
  /** The stage copied from (`--from=`), or undefined for the build context. */
  from?: string;
  sources: string[];
  dest: string;
}

export interface DockerStage {
  image: string;
  name?: string;
  workdir: string;
  env: Record<string, string>;
  users: string[];
  copies: DockerCopy[];
  /** Each RUN's command line, with the USER it runs as (undefined: the image's default, root). */
  runs: { command: string; user?: string }[];
  cmd?: string[];
  healthcheck?: string;
}

export function readDockerfile(file: string): DockerStage[] {
  const text = readFileSync(file, 'utf8').replace(/\\\r?\n/g, ' ');
  const stages: DockerStage[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, instruction = '', rest = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const keyword = instruction.toUpperCase();
    if (keyword === 'FROM') {
      const [image = '', as, name] = rest.split(/\s+/);
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        workdir: '/',
        env: {},
        users: [],
        copies: [],
        runs: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${file}: ${keyword} before FROM`);
    if (keyword === 'WORKDIR') stage.workdir = path.posix.resolve(stage.workdir, rest);
    else if (keyword === 'USER') stage.users.push(rest);
    else if (keyword === 'ENV') {
      for (const m of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage.env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
    } else if (keyword === 'COPY') {
      const words = rest.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      stage.copies.push({ from, sources: paths.slice(0, -1), dest: paths.at(-1)! });
    } else if (keyword === 'RUN') stage.runs.push({ command: rest, user: stage.users.at(-1) });
    else if (keyword === 'CMD') stage.cmd = JSON.parse(rest) as string[];
    else if (keyword === 'HEALTHCHECK') stage.healthcheck = rest;
  }
  return stages;
}

/** The stage the image runs: the last one. */
export function runtimeStage(stages: DockerStage[]): DockerStage {
  const stage = stages.at(-1);
  if (!stage) throw new Error('Dockerfile has no FROM');
  return stage;
}
