/** Secrets never reach the logs: not by key, not inside messages or errors. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createAnswerer } from '../../src/knowledge/index.ts';
import { createLogger, redactSecrets, secretsOf } from '../../src/logger.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('log redaction', () => {
  it('masks tokens and keys in free text', () => {
    const text =
      'auth with xoxb-123-456-abcdef and xapp-1-A1-xyz, key sk-abcdefghijklmnopqrstuvwx, Bearer abc.def.ghi';
    const out = redactSecrets(text);
    expect(out).not.toMatch(/xoxb-123|xapp-1-A1|sk-abcdefgh|abc\.def\.ghi/);
    expect(out.match(/\[REDACTED\]/g)).toHaveLength(4);
  });

  it('masks configured secrets and secret-named fields wherever they appear in a log line', () => {
    const secret = '8f742231b10e8888abcd99eeeeee85a5';
    const { lines, stream } = capture();
    const logger = createLogger('debug', [secret], stream);
    logger.info(
      {
        signingSecret: secret,
        config: { botToken: 'xoxb-1-2-3' },
        headers: { authorization: 'Bearer t0k3n' },
      },
      `using ${secret}`,
    );
    logger.error({ err: new Error(`request failed with token xoxb-9-9-9 and ${secret}`) }, 'boom');
    const all = lines.join('');
    expect(all).not.toContain(secret);
    expect(all).not.toMatch(/xoxb-[0-9]|t0k3n/);
    expect(all).toContain('[REDACTED]');
    expect(lines).toHaveLength(2);
  });
});

describe('configured secrets, by value', () => {
  it('are masked in any field of a log line: nested, in arrays, in error causes, escaped or URL-encoded', () => {
    // Neither shape of a known token: only its value identifies it.
    const key = 'local"model\\key-5f3a9c21';
    const { lines, stream } = capture();
    const logger = createLogger('warn', [key], stream);
    const cause = Object.assign(new Error(`upstream said ${key}`), { body: { echoed: [key] } });
    const err = Object.assign(new Error('401 Unauthorized', { cause }), {
      status: 401,
      error: { message: `Incorrect API key provided: ${key}.` },
    });
    logger.warn({ err, request: { url: `http://h/v1?key=${encodeURIComponent(key)}`, list: [[key]] } }, 'x');
    logger.warn(`plain ${key}`);
    const all = lines.join('');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(all).not.toContain('5f3a9c21');
    expect(all).toContain('key=[REDACTED]');
    expect(all).toContain('Incorrect API key provided: [REDACTED].');
  });

  it('never reach the real log when an OpenAI-compatible server echoes the key in its 401 body', async () => {
    // The app's own wiring in-process (a spawned `isms ask` with a model costs seconds of CPU): the
    // configuration, the logger built from it at LOG_LEVEL=warn, the real client against the fake server.
    const server = await new FakeOpenAI().start();
    server.rejectKey = true;
    const key = 'ollama-local-7d41c09e2b';
    const config = loadConfig({
      DATABASE_PATH: tempDbPath(),
      LOG_LEVEL: 'warn',
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: server.url,
    });
    const { lines, stream } = capture();
    const logger = createLogger(config.logLevel, secretsOf(config), stream);
    const db = openDatabase(config.databasePath);
    try {
      const answerer = await createAnswerer({ config, db, logger });
      const a = await answerer.answer({ question: 'What does A.8.24 require?' });
      expect(a.via).toBe('offline-fallback'); // the offline answer is given
      const all = lines.join('');
      expect(lines.length).toBeGreaterThanOrEqual(2); // embeddings, then the answer, refused
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: 40 });
      expect(all).toMatch(/Incorrect API key provided: (Bearer )?\[REDACTED\]/);
      expect(all).not.toContain('7d41c09e2b');
    } finally {
      closeDatabase(db);
      await server.stop();
    }
  });
});
