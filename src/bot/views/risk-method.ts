/**
 * The team's risk method (6.1.2) as Block Kit: levels with their colours, the grid (likelihood rows,
 * highest first; impact columns), the scales and the acceptance criteria; preset buttons and the
 * criteria form for the ISMS owner. Pure: built from the stored method.
 */
import { Bits, Blocks, Elements, Message, Modal } from 'slack-block-builder';
import type { FieldSpec } from '../../domain/flow-meta.ts';
import type { RiskMethod } from '../../domain/risk/method.ts';
import { PRESETS } from '../../domain/risk/presets.ts';
import type { KnownBlock, ModalView, OutMessage } from '../types.ts';
import { colourSquare } from './register.ts';
import { inputBlock } from './step.ts';
import { escapeMrkdwn, truncate } from './text.ts';

export const PRESET_ACTION = 'risk.method.preset';
export const CRITERIA_ACTION = 'risk.method.criteria';
export const CRITERIA_CALLBACK = 'risk.method.criteria';

const ACCEPTED_BY = {
  owner: 'the risk owner',
  management: 'the risk owner, then top management',
  none: 'nobody: it must be treated',
} as const;

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});

/** The grid as lines: one row per likelihood (highest first), each cell its level's colour square. */
export function gridText(m: RiskMethod): string {
  const level = (id: string | undefined) => m.levels.find((l) => l.id === id);
  const rows = [...m.likelihood].reverse().map((l) => {
    const cells = m.impact.map((i) =>
      colourSquare(level(m.grid[l.value - 1]?.[i.value - 1])?.colour ?? '#EEEEEE'),
    );
    return `\`L${l.value}\` ${cells.join(' ')}  ${escapeMrkdwn(l.label)}`;
  });
  const axis = m.impact.map((i) => `\`I${i.value}\``).join(' ');
  return `*Grid* (likelihood × impact)\n${rows.join('\n')}\n      ${axis}`;
}

export function methodMessage(m: RiskMethod, version: number, owner: boolean): OutMessage {
  const scale = (name: string, s: RiskMethod['likelihood']) =>
    `*${name}*\n${s.map((x) => `${x.value}. *${escapeMrkdwn(x.label)}*: ${escapeMrkdwn(x.description)}`).join('\n')}`;
  const criteria = m.levels
    .map(
      (l) =>
        `${colourSquare(l.colour)} *${escapeMrkdwn(l.name)}* (${l.colour}): accepted by ${ACCEPTED_BY[l.acceptance.by]}${l.acceptance.maxDays ? `, for at most ${l.acceptance.maxDays} days` : ''}`,
    )
    .join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Risk method: ${m.name}`, 150) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${version > 0 ? `Version ${version}` : 'The default, not stored until a risk needs it'}${m.preset ? ` · preset ${m.preset}` : ' · your own'} · clause 6.1.2 · only you can see this`,
        },
      ],
    },
    section(`*Levels and acceptance criteria* (lowest first)\n${criteria}`),
    section(gridText(m)),
    section(scale('Likelihood', m.likelihood)),
    section(scale('Impact', m.impact)),
  ];
  if (owner) {
    const actions = Blocks.Actions({ blockId: 'risk-method' }).elements(
      ...PRESETS.map((p) =>
        Elements.Button({
          text: `Use the ${p.replace('x', '×')} preset`,
          actionId: `${PRESET_ACTION}.${p}`,
          value: p,
        }).confirm(
          Bits.ConfirmationDialog({
            title: 'Change the method?',
            text: `Risks keep the version they were assessed with; re-assessing moves them to the ${p.replace('x', '×')} preset.`,
            confirm: 'Change it',
            deny: 'Keep it',
          }),
        ),
      ),
      Elements.Button({
        text: 'Edit acceptance criteria',
        actionId: CRITERIA_ACTION,
        value: String(version),
      }),
    );
    const built = Message().blocks(actions).buildToObject() as { blocks: KnownBlock[] };
    blocks.push(...built.blocks, {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Your own scales, levels and grid: `isms import method FILE.json` (see the README), or `isms export method --format json` to start from this one.',
        },
      ],
    });
  }
  return { text: `Risk method: ${m.name}${version ? ` (version ${version})` : ''}`, blocks };
}

/** Two fields a level: who may accept it, and for how many days at most. */
export function criteriaFields(m: RiskMethod): FieldSpec[] {
  return m.levels.flatMap((l): FieldSpec[] => [
    {
      id: `${l.id}:by`,
      type: 'select',
      label: `${l.name}: who may accept it`,
      required: true,
      options: [
        { value: 'owner', label: 'The risk owner' },
        { value: 'management', label: 'The risk owner, then top management' },
        { value: 'none', label: 'Nobody: it must be treated' },
      ],
    },
    {
      id: `${l.id}:days`,
      type: 'number',
      label: `${l.name}: longest acceptance (days)`,
      hint: '1 to 1095; leave empty when nobody may accept it',
      required: false,
    },
  ]);
}

export function criteriaModal(m: RiskMethod, version: number): ModalView {
  const blocks = criteriaFields(m).map((f): KnownBlock => {
    const [id, part] = f.id.split(':');
    const level = m.levels.find((l) => l.id === id);
    if (part === 'days') {
      const built = Modal({ title: 'x' })
        .blocks(inputBlock(f, level?.acceptance.maxDays ?? undefined))
        .buildToObject() as { blocks: KnownBlock[] };
      return built.blocks[0] as KnownBlock;
    }
    const option = (o: { value: string; label: string }) => ({
      text: { type: 'plain_text' as const, text: o.label },
      value: o.value,
    });
    const current = f.options?.find((o) => o.value === level?.acceptance.by);
    return {
      type: 'input',
      block_id: f.id,
      label: { type: 'plain_text', text: f.label },
      element: {
        type: 'static_select',
        action_id: 'v',
        placeholder: { type: 'plain_text', text: 'Choose' },
        options: (f.options ?? []).map(option),
        ...(current ? { initial_option: option(current) } : {}),
      },
    };
  });
  return {
    type: 'modal',
    callback_id: CRITERIA_CALLBACK,
    title: { type: 'plain_text', text: 'Acceptance criteria' },
    submit: { type: 'plain_text', text: 'Save as new version' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ version }),
    blocks,
  };
}
