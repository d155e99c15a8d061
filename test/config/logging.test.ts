/** Secrets never reach the logs: not by key, not inside messages or errors. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../../src/logger.ts';

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
