/**
 * On a terminal, JSON log lines stay out of the conversation: `isms chat` under a real pseudo-terminal
 * (util-linux `script`) with a model that refuses its key, so warnings are certainly logged.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, tempDbPath } from '../helpers/app-process.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

function inTerminal(command: string, env: NodeJS.ProcessEnv, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
    child.stdin.end(input);
  });
}

describe('logs in console mode', () => {
  it('go to a file beside the database on a terminal, and the conversation says where', async () => {
    const server = await new FakeOpenAI().start();
    server.rejectKey = true;
    const db = tempDbPath();
    try {
      const out = await inTerminal(
        `${BIN} chat`,
        cleanEnv({
          DATABASE_PATH: db,
          LOG_LEVEL: 'warn',
          OPENAI_API_KEY: 'local-key-for-the-test',
          OPENAI_BASE_URL: server.url,
        }),
        'what does A.8.24 require?\n',
      );
      expect(out).toContain('console mode');
      expect(out).toMatch(/Sources:.*A\.8\.24/);
      expect(out).toContain(`(Logs are written to ${join(dirname(db), 'isms.log')}.)`);
      expect(out).not.toContain('"level"');
      const log = join(dirname(db), 'isms.log');
      expect(existsSync(log)).toBe(true);
      expect(readFileSync(log, 'utf8')).toMatch(/"msg":"embeddings unavailable/);
    } finally {
      await server.stop();
    }
  });
});
