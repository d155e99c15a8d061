/**
 * An evidence checkpoint posted to the ISMS channel: the newest entry's `<seq>:<hash>`. The chain in
 * the database proves every entry up to its last one; only a copy kept outside the database (this
 * message, in Slack's own history) shows that no entries were cut from its end afterwards.
 */
import { Blocks, Message } from 'slack-block-builder';
import { type EvidenceHead, formatCheckpoint } from '../../domain/evidence.ts';
import type { KnownBlock, OutMessage } from '../types.ts';
import { escapeMrkdwn, truncate } from './text.ts';

export interface CheckpointInput {
  readonly head: EvidenceHead;
  /** Why now, e.g. "Scoping completed" or "Weekly checkpoint". */
  readonly reason: string;
}

/** The command an auditor runs to check the evidence still holds this checkpoint. */
export function checkpointCommand(head: EvidenceHead): string {
  return `isms evidence verify --team ${head.teamId} --expect ${formatCheckpoint(head)}`;
}

export function checkpointMessage({ head, reason }: CheckpointInput): OutMessage {
  const checkpoint = formatCheckpoint(head);
  const summary = `${truncate(reason, 200)}: evidence checkpoint at entry #${head.seq} (recorded ${head.at}).`;
  const blocks = Message()
    .blocks(
      Blocks.Section({ text: `:lock: *${escapeMrkdwn(summary)}*` }),
      Blocks.Section({ text: `\`${checkpoint}\`` }),
      Blocks.Context().elements(
        `Keep this message. \`${checkpointCommand(head)}\` fails if any entry up to #${head.seq} was altered or removed since.`,
      ),
    )
    .buildToObject() as { blocks: KnownBlock[] };
  return { text: `${summary} ${checkpoint}`, blocks: blocks.blocks };
}
