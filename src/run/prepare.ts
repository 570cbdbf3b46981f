/** Everything a command needs before touching a warehouse: the project, the target, the compiled plan. */
import { join } from 'node:path';
import { compileProject, type Compiled } from '../compile/compile-project.js';
import type { CompiledNode } from '../compile/manifest.js';
import { selectNodes, type SelectableNode } from '../graph/selector.js';
import { loadProject } from '../project/load-project.js';
import { resolveTarget, type ResolvedTarget } from '../project/resolve-target.js';
import type { Project } from '../project/types.js';
import { parseCliVars } from '../project/vars.js';
import { makeRedactor } from './redact.js';
import { writeCompiled, writeManifest } from './artifacts.js';

export interface CommonOptions {
  projectDir: string;
  target?: string;
  vars?: string;
  select?: string;
  exclude?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Prepared {
  project: Project;
  target: ResolvedTarget;
  compiled: Compiled;
  /** Replaced by commands that learn more secrets (destinations). */
  redact: (s: string) => string;
  targetDir: string;
  /** Ids chosen by --select / --exclude (before any command-specific filtering). */
  selected: Set<string>;
}

export function prepare(opts: CommonOptions): Prepared {
  const project = loadProject({ dir: opts.projectDir, vars: parseCliVars(opts.vars) });
  const target = resolveTarget(project, opts.target, opts.env ?? process.env);
  const compiled = compileProject(project, target);
  const redact = makeRedactor(target.secrets);
  const targetDir = join(project.dir, 'target');
  const selected = selectNodes(Object.values(compiled.manifest.nodes).map(selectable), compiled.dag, opts.select, opts.exclude);
  return { project, target, compiled, redact, targetDir, selected };
}

export function writeArtifacts(p: Prepared): void {
  writeManifest(p.targetDir, p.compiled.manifest, p.redact);
  writeCompiled(p.targetDir, p.compiled.manifest, p.redact);
}

export function selectable(n: CompiledNode): SelectableNode {
  return { id: n.id, name: n.name, type: n.type, tags: n.tags, path: n.path, qualifiedName: n.type === 'source' ? n.id.slice('source.'.length) : undefined };
}
