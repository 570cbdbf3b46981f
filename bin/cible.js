#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// `cible ls | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
main(process.argv).then((code) => {
  process.exitCode = code;
});
