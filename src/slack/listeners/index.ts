import type { App } from '@slack/bolt';
import type { HomeRefresher } from '../../bot/home-refresh.ts';
import type { Bot } from '../../bot/types.ts';
import type { Logger } from '../../logger.ts';
import { register as actions } from './actions/index.ts';
import { register as commands } from './commands/index.ts';
import { register as events } from './events/index.ts';
import { register as options } from './options/index.ts';
import { register as views } from './views/index.ts';

export interface ListenerDeps {
  readonly bot: Bot;
  readonly logger: Logger;
  /** Who is looking at App Home, to publish it again when what it shows changes. */
  readonly home?: HomeRefresher;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  commands(app, deps);
  events(app, deps);
  actions(app, deps);
  views(app, deps);
  options(app, deps);
}
