/**
 * The conversation every surface shares. Slack and the console translate their input into these
 * calls and render the replies; neither has logic of its own.
 */
import { Blocks, HomeTab } from 'slack-block-builder';
import type { Logger } from '../logger.ts';
import type { createAsk } from './ask.ts';
import { helpMessage, routeCommand, type Subcommand } from './commands.ts';
import { ephemeral, errorReplies, withErrorReplies } from './replies.ts';
import type {
  ActionInput,
  Bot,
  KnownBlock,
  MenuOption,
  OptionsRequest,
  Reply,
  Requester,
  ViewResult,
  ViewSubmission,
} from './types.ts';

/** A capability that plugs into the conversation (workflows, reminders …). */
export interface Feature {
  readonly subcommands?: readonly Subcommand[];
  /** Handle a button click, or return undefined when the action is not this feature's. */
  action?(req: Requester, action: ActionInput): Promise<Reply[]> | undefined;
  /** Handle a modal submission, or return undefined when the view is not this feature's. */
  view?(req: Requester, view: ViewSubmission): Promise<ViewResult> | undefined;
  /** Check a modal's answers without submitting anything; undefined when the view is not this feature's. */
  checkView?(req: Requester, view: ViewSubmission): Promise<ViewResult> | undefined;
  /** Options for a searched select, or undefined when the select is not this feature's. */
  options?(req: Requester, query: OptionsRequest): Promise<readonly MenuOption[]> | undefined;
  /** Blocks this feature adds to App Home. */
  home?(teamId: string, userId: string): readonly KnownBlock[];
  /** Slack deactivated or reactivated an account (`user_change`); replies are what to post. */
  accountChanged?(teamId: string, userId: string, deactivated: boolean): Promise<Reply[]>;
}

export interface BotDeps {
  readonly logger: Logger;
  readonly ask: ReturnType<typeof createAsk>;
  readonly features?: readonly Feature[];
}

export function createBot({ logger, ask, features = [] }: BotDeps): Bot {
  const subcommands: Subcommand[] = [ask.command, ...features.flatMap((f) => f.subcommands ?? [])];

  return {
    command: (req, text) =>
      withErrorReplies(logger, req, 'command', () => routeCommand(subcommands, req, text)),

    message: (req, text) =>
      withErrorReplies(logger, req, 'message', async () => {
        // "help" typed in a DM is friendlier than an answer about help desks.
        if (/^\s*help\s*$/i.test(text))
          return [{ type: 'message', threadTs: req.threadTs, message: helpMessage(subcommands) }];
        return ask.onMessage(req, text, req.threadTs);
      }),

    action: (req, action) =>
      withErrorReplies(logger, req, `action ${action.actionId}`, async () => {
        if (ask.isRateAction(action.actionId)) return ask.rate(req, action);
        for (const f of features) {
          const handled = f.action?.(req, action);
          if (handled) return handled;
        }
        return [ephemeral('That button is no longer in use.')];
      }),

    async viewSubmission(req, view) {
      for (const f of features) {
        const handled = f.view?.(req, view);
        if (handled) {
          try {
            return await handled;
          } catch (err) {
            return { ok: true, replies: errorReplies(logger, req, `view ${view.callbackId}`, err) };
          }
        }
      }
      return { ok: true, replies: [ephemeral('That form is no longer in use.')] };
    },

    async checkView(req, view) {
      for (const f of features) {
        const handled = f.checkView?.(req, view);
        if (!handled) continue;
        try {
          const r = await handled;
          return r.ok ? { ok: true, replies: [] } : r;
        } catch {
          // Who may submit is decided when it is submitted; a check only looks at the answers.
          return { ok: true, replies: [] };
        }
      }
      return { ok: true, replies: [] };
    },

    async accountChanged(teamId, userId, deactivated) {
      const out: Reply[] = [];
      for (const f of features) {
        try {
          out.push(...((await f.accountChanged?.(teamId, userId, deactivated)) ?? []));
        } catch (err) {
          logger.error({ err, teamId, userId }, 'could not hand on the steps of a deactivated account');
        }
      }
      return out;
    },

    async options(req, query) {
      try {
        for (const f of features) {
          const handled = f.options?.(req, query);
          if (handled) return await handled;
        }
      } catch (err) {
        logger.error({ err, teamId: req.teamId, actionId: query.actionId }, 'options request failed');
      }
      return [];
    },

    async home(teamId, userId) {
      // App Home is a feature's (bot/home.ts); without one, a short introduction.
      const extra = features.flatMap((f) => f.home?.(teamId, userId) ?? []);
      if (extra.length) return extra;
      const built = HomeTab()
        .blocks(
          Blocks.Header({ text: 'isms-bot' }),
          Blocks.Section({
            text: 'I help your team run its ISO/IEC 27001 ISMS here in Slack: ask me about the standard, and use `/isms` to scope your ISMS and record decisions as audit evidence.',
          }),
          Blocks.Section({ text: helpMessage(subcommands).text }),
        )
        .buildToObject() as { blocks: KnownBlock[] };
      return built.blocks;
    },
  };
}
