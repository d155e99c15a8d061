/**
 * The surface-neutral conversation: Slack and the console both turn what a person did into one of
 * these requests, call the same `Bot`, and render the `Reply`s it returns (Block Kit).
 */
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;

export interface Requester {
  readonly teamId: string;
  readonly userId: string;
  readonly userName?: string | undefined;
  readonly channelId: string;
  /** The thread the request belongs to (root ts), if any. */
  readonly threadTs?: string | undefined;
  /** How the request was made when not plainly in Slack (console mode, acting as a colleague); kept in evidence. */
  readonly via?: string | undefined;
}

export interface OutMessage {
  /** Plain-text fallback (notifications, screen readers). */
  readonly text: string;
  readonly blocks?: readonly KnownBlock[];
}

export type Reply =
  /** Visible only to the person who asked. */
  | { readonly type: 'ephemeral'; readonly message: OutMessage }
  /** A message in the requester's channel (or `channel`); in a thread when `threadTs` is set. */
  | ({
      readonly type: 'message';
      readonly message: OutMessage;
      readonly threadTs?: string | undefined;
      readonly channel?: string | undefined;
    } & Tracked)
  /** A direct message to a person (in Slack, the app's DM with them). */
  | ({ readonly type: 'dm'; readonly userId: string; readonly message: OutMessage } & Tracked)
  /** Replace an existing message (e.g. a workflow step that moved on). */
  | ({
      readonly type: 'update';
      readonly message: OutMessage;
      readonly channel: string;
      readonly ts: string;
    } & Tracked)
  /** Open a form. */
  | { readonly type: 'modal'; readonly view: ModalView }
  /** A file shared in a conversation (Slack uploads it; the console shows `message` instead). */
  | ({
      readonly type: 'file';
      /** A DM (`D…`) or a private channel: registers never go to public channels (domain/access.ts). */
      readonly channel: string;
      readonly file: FileReply;
      readonly message: OutMessage;
    } & Tracked)
  /**
   * A document published as a canvas in a channel (Slack only; the console reports it unavailable):
   * one canvas of its own where the workspace allows it, else a section of the channel's canvas.
   */
  | ({
      readonly type: 'canvas';
      readonly channel: string;
      readonly title: string;
      /** Canvas Markdown; `key` finds this document's section again in a shared channel canvas. */
      readonly markdown: string;
      readonly key: string;
      readonly message: OutMessage;
    } & Tracked)
  /** Replies that follow once slow work (e.g. a model draft) is done; delivered after the others. */
  | { readonly type: 'later'; readonly replies: Promise<readonly Reply[]> };

export interface FileReply {
  readonly threadTs?: string | undefined;
  readonly filename: string;
  readonly title: string;
  readonly content: Uint8Array;
  readonly comment?: string | undefined;
}

/** A message the app keeps track of: told where it landed, or that it failed (to be tried again). */
export interface Tracked {
  readonly onDelivered?: (posted: Posted) => void;
  readonly onFailed?: (error: string) => void;
  /**
   * Marks the post (Slack message metadata) so that it can be found again; with `recheck`, an earlier
   * attempt may have posted it already: look in the conversation's history before posting again.
   */
  readonly mark?: { readonly id: string; readonly recheck: boolean } | undefined;
}

/** Where a message landed, reported back to whoever needs to find it again. */
export interface Posted {
  readonly channel: string;
  readonly ts: string;
  readonly permalink?: string | undefined;
  /** A file reply: the id Slack gave the upload, or where the console wrote it. */
  readonly fileId?: string | undefined;
  readonly savedTo?: string | undefined;
  /** A canvas reply: what became of it (`unavailable` when the workspace allows no canvas). */
  readonly canvas?: CanvasOutcome | undefined;
}

export interface CanvasOutcome {
  readonly how: 'canvas' | 'section' | 'unavailable';
  readonly id?: string | undefined;
  /** Why no canvas (Slack's error code), for `unavailable`. */
  readonly reason?: string | undefined;
}

export interface ActionInput {
  readonly actionId: string;
  readonly value?: string | undefined;
  readonly blockId?: string | undefined;
  /** ts of the message the button was on. */
  readonly messageTs?: string | undefined;
}

/** Slack's `view.state.values` shape: block_id → action_id → element state. */
export type ViewValues = Record<string, Record<string, ViewValue>>;
export interface ViewValue {
  readonly type: string;
  readonly value?: string | null;
  readonly selected_option?: { readonly value: string } | null;
  readonly selected_options?: readonly { readonly value: string }[];
  readonly selected_date?: string | null;
  readonly selected_user?: string | null;
  readonly selected_users?: readonly string[];
}

export interface ViewSubmission {
  readonly callbackId: string;
  readonly privateMetadata: string;
  readonly values: ViewValues;
}

/** A person typing into a searched select (Slack's `block_suggestion`, the console's search term). */
export interface OptionsRequest {
  readonly actionId: string;
  readonly blockId?: string | undefined;
  readonly query: string;
  readonly context?: Readonly<Record<string, unknown>> | undefined;
}

export interface MenuOption {
  readonly value: string;
  readonly label: string;
}

export type ViewResult =
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> }
  | { readonly ok: true; readonly replies: readonly Reply[] };

export interface Bot {
  command(req: Requester, text: string): Promise<Reply[]>;
  message(req: Requester, text: string): Promise<Reply[]>;
  action(req: Requester, action: ActionInput): Promise<Reply[]>;
  /** Must stay fast (database only): Slack waits for its answer before closing the modal. */
  viewSubmission(req: Requester, view: ViewSubmission): Promise<ViewResult>;
  /**
   * The same checks as `viewSubmission`, submitting nothing: the console checks each answer as it is
   * given. Errors for fields not answered yet are the caller's to ignore.
   */
  checkView(req: Requester, view: ViewSubmission): Promise<ViewResult>;
  home(teamId: string, userId: string): Promise<readonly KnownBlock[]>;
  /** Slack deactivated (or reactivated) an account: the steps waiting for that person go to the ISMS owner. */
  accountChanged(teamId: string, userId: string, deactivated: boolean): Promise<Reply[]>;
  /** Options matching what was typed; must stay fast (Slack waits 3 s). Empty when none match. */
  options(req: Requester, query: OptionsRequest): Promise<readonly MenuOption[]>;
}
