/**
 * Fallback RSS probe when GNU time is missing: `node dist/bench/rss-wrapper.js <rss-file> <cible args...>`
 * (or `<rss-file> --script <file.js> <args...>` for a bench script)
 * runs the CLI's main() in this very process, then writes this process's peak RSS (ru_maxrss, KiB) and
 * CPU seconds to <rss-file> at exit, in GNU time's `%M %U %S` format. See measure.ts.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [rssFile, ...args] = process.argv.slice(2);
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(rssFile, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`);
});
if (args[0] === '--script') {
  // `--script <file> <args...>`: run that script here, with the argv it would have had on its own.
  const [, script, ...rest] = args;
  process.argv = [process.argv[0], script, ...rest];
  await import(pathToFileURL(resolve(script)).href);
} else {
  const { main } = (await import(new URL('../src/cli/main.js', import.meta.url).href)) as {
    main: (argv: string[]) => Promise<number>;
  };
  process.exitCode = await main([process.argv[0], 'cible', ...args]);
}
