// A warm `isms` for restarts in tests: this process loads every module of src/ (the costly part of a
// start, ~1.5 s of CPU through tsx's module hooks) while the test runs, then waits. When a line
// arrives on stdin it runs the real command line, `isms <args>`, with the environment it was spawned
// with; the modules are already loaded, so a restart is only the app's own start-up work.
// STYLE: nothing is built at import, so loading every module has no side effects (src/cli.ts, which
// runs the command when imported, is loaded last, on the line).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const src = resolve(import.meta.dirname, '../../src');
const cli = join(src, 'cli.ts');
const modules = readdirSync(src, { recursive: true })
  .map((f) => join(src, String(f)))
  .filter((f) => f.endsWith('.ts') && f !== cli);

process.stdin.once('end', () => process.exit(0)); // the test went away before asking
for (const m of modules) await import(pathToFileURL(m).href);
process.stderr.write('{"msg":"standby"}\n');
process.stdin.once('data', (line) => {
  process.argv = [process.argv[0], join(src, '../bin/isms.js'), ...String(line).trim().split(' ')];
  process.stdin.removeAllListeners('end');
  process.stdin.pause();
  void import(pathToFileURL(cli).href);
});
