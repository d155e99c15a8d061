/**
 * The yardstick for acknowledgement latency: a bare Bolt app (its own HTTPReceiver) that acks `/isms`
 * and answers through the response_url with a fixed text, doing no work. Run by bench/acks.ts as a
 * process of its own, like the app: `node --import tsx bench/bare-bolt.ts <slackApiUrl> <secret>`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

const [apiUrl, signingSecret] = process.argv.slice(2);
const app = new App({
  token: 'xoxb-bare',
  signingSecret: signingSecret ?? '',
  botId: 'BBOT',
  botUserId: 'UBOT',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: apiUrl ?? '' },
});
app.command('/isms', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'ok' });
});
const server = (await app.start(0)) as Server;
process.stderr.write(`${JSON.stringify({ msg: 'ready', port: (server.address() as AddressInfo).port })}\n`);
