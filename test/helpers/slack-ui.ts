/** Acting on what the fake Slack received, the way a person would in the Slack client. */
import type { FakeSlack } from './fake-slack.ts';
import { interaction } from './slack-request.ts';

type Block = { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] };
export interface User {
  readonly id: string;
  readonly name: string;
  /** The Slack workspace; `T1` when not given. */
  readonly team?: string;
}

/** The latest content (post or update) of message `ts`. */
export function latestMessage(slack: FakeSlack, ts: string): { text: string; blocks: Block[] } | undefined {
  const calls = slack.calls.filter(
    (c) =>
      (c.method === 'chat.update' && c.args.ts === ts) ||
      (c.method === 'chat.postMessage' && c.args.__ts === ts),
  );
  const last = calls.at(-1);
  return last ? { text: String(last.args.text), blocks: last.args.blocks as Block[] } : undefined;
}

export function findButton(blocks: Block[], actionId: string) {
  for (const b of blocks) {
    const el = b.elements?.find((e) => e.action_id === actionId);
    if (el) return { ...el, block_id: b.block_id ?? '' };
  }
  return undefined;
}

let n = 0;
export function click(
  base: string,
  slack: FakeSlack,
  user: User,
  message: { channel: string; ts: string; blocks: Block[] },
  actionId: string,
) {
  const button = findButton(message.blocks, actionId);
  if (!button) throw new Error(`no button ${actionId}`);
  n += 1;
  const responseId = `click-${n}`;
  const triggerId = `trigger-${n}`;
  const sent = interaction(base, {
    type: 'block_actions',
    team: { id: user.team ?? 'T1', domain: 'acme' },
    user: { id: user.id, username: user.name, name: user.name, team_id: user.team ?? 'T1' },
    api_app_id: 'A1',
    trigger_id: triggerId,
    response_url: slack.responseUrl(responseId),
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    channel: { id: message.channel, name: 'isms' },
    message: { type: 'message', ts: message.ts, text: '', blocks: message.blocks },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: button.block_id,
        value: button.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
  return { sent, responseId, triggerId };
}

export type Answers = Record<string, string | string[]>;

/** Submit the modal opened with `view`, answering each input block by block_id. */
export function submit(base: string, user: User, view: Record<string, unknown>, answers: Answers) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as {
    type: string;
    block_id: string;
    element: { type: string; action_id: string };
  }[]) {
    if (block.type !== 'input') continue;
    const a = answers[block.block_id];
    const { type, action_id } = block.element;
    values[block.block_id] = {
      [action_id]:
        type === 'static_select' || type === 'external_select'
          ? { type, selected_option: a ? { value: a } : null }
          : type === 'multi_static_select' || type === 'multi_external_select'
            ? { type, selected_options: (Array.isArray(a) ? a : a ? [a] : []).map((value) => ({ value })) }
            : type === 'datepicker'
              ? { type, selected_date: a ?? null }
              : type === 'users_select'
                ? { type, selected_user: a ?? null }
                : { type, value: Array.isArray(a) ? a.join('\n') : (a ?? null) },
    };
  }
  return interaction(base, {
    type: 'view_submission',
    team: { id: user.team ?? 'T1', domain: 'acme' },
    user: { id: user.id, username: user.name, name: user.name, team_id: user.team ?? 'T1' },
    api_app_id: 'A1',
    trigger_id: `trigger-view-${Date.now()}`,
    view: { id: 'V1', team_id: user.team ?? 'T1', type: 'modal', ...view, state: { values }, hash: 'h' },
  });
}
