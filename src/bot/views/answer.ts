import { type BlockBuilder, Blocks, Elements, Message } from 'slack-block-builder';
import type { Answer } from '../../knowledge/types.ts';
import type { KnownBlock, OutMessage } from '../types.ts';
import { escapeMrkdwn, MESSAGE_BLOCKS_MAX, splitForSections, truncate } from './text.ts';

export const RATE_ACTION = 'answer.rate';

/** The answer, a context line of sources, and 👍/👎 buttons (when there is an answer to rate). */
export function answerMessage(answer: Answer, answerId: number | undefined): OutMessage {
  const sections = splitForSections(answer.answer).map((text) => Blocks.Section({ text }));
  const blocks: BlockBuilder[] = sections.slice(0, MESSAGE_BLOCKS_MAX - 3);
  if (answer.sources.length > 0) {
    const list = answer.sources
      .slice(0, 5)
      .map((s) => `\`${s.ref}\` ${escapeMrkdwn(s.title)}`)
      .join(' · ');
    blocks.push(Blocks.Context().elements(truncate(`*Sources:* ${list}`, 1990)));
  }
  if (answerId !== undefined && answer.answered) {
    blocks.push(
      Blocks.Actions({ blockId: `answer-${answerId}` }).elements(
        Elements.Button({ text: '👍 Helpful', actionId: `${RATE_ACTION}.up`, value: `${answerId}:up` }),
        Elements.Button({
          text: '👎 Not helpful',
          actionId: `${RATE_ACTION}.down`,
          value: `${answerId}:down`,
        }),
      ),
    );
  }
  const built = Message().blocks(blocks).buildToObject() as { blocks: KnownBlock[] };
  const refs = answer.sources.map((s) => s.ref).join(', ');
  return { text: truncate(refs ? `${answer.answer}\n(${refs})` : answer.answer, 3000), blocks: built.blocks };
}
