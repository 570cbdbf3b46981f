/** The `cible` command line: flags and help here; each command's work is loaded only when it runs. */
import { Command, CommanderError, Option } from 'commander';
import { Output } from './output.js';
import { handleErrors } from './handle-errors.js';

export interface GlobalFlags {
  projectDir: string;
  target?: string;
  vars?: string;
  select?: string;
  exclude?: string;
  threads?: number;
  failFast?: boolean;
  fullRefresh?: boolean;
  json?: boolean;
  quiet?: boolean;
  limit?: number;
  dryRun?: boolean;
  fullResync?: boolean;
  resetState?: boolean;
}

type Runner = (flags: GlobalFlags, out: Output, args: string[]) => Promise<number>;
const commands: Record<string, () => Promise<Runner>> = {
  init: async () => (await import('./commands/init.js')).initCommand,
  compile: async () => (await import('./commands/compile.js')).compileCommand,
  build: async () => (await import('./commands/run-nodes.js')).runNodesCommand('build'),
  run: async () => (await import('./commands/run-nodes.js')).runNodesCommand('run'),
  test: async () => (await import('./commands/run-nodes.js')).runNodesCommand('test'),
  seed: async () => (await import('./commands/run-nodes.js')).runNodesCommand('seed'),
  ls: async () => (await import('./commands/ls.js')).lsCommand,
  show: async () => (await import('./commands/show.js')).showCommand,
  debug: async () => (await import('./commands/debug.js')).debugCommand,
  sync: async () => (await import('./commands/sync.js')).syncCommand,
  profiles: async () => (await import('./commands/profiles.js')).profilesCommand,
};

const descriptions: Record<string, string> = {
  init: 'create a minimal project that builds',
  compile: 'render every model to SQL in target/compiled, with no warehouse connection',
  build: 'load seeds, build models and run their tests, in dependency order',
  run: 'build models',
  test: 'run data tests',
  seed: 'load CSV files from seeds/',
  ls: 'list the selected nodes',
  show: 'preview the rows of a model, seed or source',
  debug: 'show the configuration and check the warehouse connection',
  sync: 'send audiences to their destinations (only what changed since the last acknowledged run)',
  profiles: 'inspect identity resolution: cible profiles audit <profile>',
};

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('cible')
    .description('Customer data models as code: profiles, segments, KPIs and audience syncs, compiled to warehouse SQL.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  for (const [name, load] of Object.entries(commands)) {
    const cmd = program.command(name).description(descriptions[name]);
    if (name === 'init') cmd.argument('[dir]', 'where to create the project', '.');
    if (name === 'show') cmd.argument('<node>', 'a model, seed or source (shop.orders) name');
    if (name === 'sync') {
      cmd.argument('[names...]', 'syncs to run (default: all enabled syncs)')
        .option('--dry-run', 'compute and print what would be sent, send nothing')
        .option('--full-resync', 'send every member again, not only changes')
        .option('--reset-state', 'forget what was sent before (the next run adds everyone; mirror will not remove earlier rows)');
    }
    cmd
      .option('--project-dir <dir>', 'the project directory', process.env.CIBLE_PROJECT_DIR ?? '.')
      .option('-t, --target <name>', 'the target to use (default: project.yml target)')
      .option('--vars <yaml>', "override project vars, as YAML or JSON: '{churn_after_days: 180}'")
      .option('-s, --select <selector>', 'nodes to include: name, +name, name+, @name, tag:x, path:dir, type:model')
      .option('--exclude <selector>', 'nodes to leave out, same syntax as --select')
      .addOption(new Option('--threads <n>', 'how many nodes run at once').argParser((v) => positiveInt(v, '--threads')))
      .option('--fail-fast', 'stop at the first failure')
      .option('--full-refresh', 'rebuild incremental models from scratch')
      .option('--json', 'print a machine-readable JSON result')
      .option('-q, --quiet', 'print only errors');
    if (name === 'build' || name === 'run') cmd.option('--dry-run', 'print the bytes each model would process (BigQuery dry run) and the total; execute nothing');
    if (name === 'profiles') cmd.argument('<action>', 'audit').argument('<profile>', 'the profile name');
    if (name === 'show' || name === 'profiles') cmd.addOption(new Option('--limit <n>', 'rows to show').default(10).argParser((v) => positiveInt(v, '--limit')));
    cmd.action(async (...args: unknown[]) => {
      const c = args[args.length - 1] as Command;
      const flags = c.opts() as GlobalFlags;
      const positional = c.args;
      const out = new Output(flags);
      code = await handleErrors(out, flags.projectDir, async () => (await load())(flags, out, positional));
    });
  }

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    throw e;
  }
  return code;
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CommanderError(2, 'cible.badFlag', `error: ${flag} expects a whole number >= 1, got '${v}'`);
  return n;
}
