/** The real `isms` command as a child process, the way a user or an operator starts it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/isms.js');

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'isms-test-')), 'isms.db');
}

/** An environment with nothing inherited that could reach the real Slack or OpenAI. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...extra };
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `isms <args>` to completion with `input` on stdin. */
export function runIsms(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(BIN, args, {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export interface RunningApp {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  logs(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Start `isms start` (HTTP mode) and resolve once it logs `ready` with its port. */
export function startIsms(env: NodeJS.ProcessEnv, timeoutMs = 15000): Promise<RunningApp> {
  const child = spawn(BIN, ['start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return whenReady(child, timeoutMs);
}

export interface Standby {
  /** Run `isms start` in the warm process; resolves once it is ready. */
  go(timeoutMs?: number): Promise<RunningApp>;
  kill(): void;
}

/**
 * A process that loads the app's modules now and starts `isms start` only when asked
 * (test/helpers/standby.mjs), so a restart in a test does not wait for ~1.5 s of module loading.
 */
export function standbyIsms(env: NodeJS.ProcessEnv): Standby {
  const child = spawn(process.execPath, ['--max-semi-space-size=1', join(ROOT, 'test/helpers/standby.mjs')], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => {}); // it may exit before we write (killed unused)
  return {
    go(timeoutMs = 15000) {
      const ready = whenReady(child, timeoutMs);
      child.stdin.write('start\n');
      return ready;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

function whenReady(child: ChildProcess, timeoutMs: number): Promise<RunningApp> {
  return new Promise((resolvePromise, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app not ready in ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const ready = stderr.split('\n').find((l) => l.includes('"msg":"ready"'));
      if (ready) {
        clearTimeout(timer);
        const port = (JSON.parse(ready) as { port: number }).port;
        resolvePromise({
          child,
          port,
          url: `http://127.0.0.1:${port}`,
          logs: () => stderr,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before ready:\n${stderr}`));
    });
  });
}

/** Poll until `check` returns a value (not undefined/false), or fail after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
