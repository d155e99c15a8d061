/**
 * Which workspace a request is for, and whose person sent it. The bot is installed in one workspace
 * (the team `auth.test` names for its token); every request must be for that installation, and only
 * its members act on its ISMS. Slack Connect guests (a person from another workspace in a shared
 * channel) are refused with a sentence. Every team field a listener could read (`team.id`,
 * `view.team_id`, `user.team_id`, `event.team` …) must name the installation, so whichever it reads,
 * ids that come back in `private_metadata` and button values are looked up in that workspace only.
 */
export interface Installation {
  readonly teamId: string;
  readonly enterpriseId?: string | undefined;
}

export type TenantCheck =
  | { readonly ok: true }
  /** Not for this installation: dropped (Slack sends none with this app's token). */
  | { readonly ok: false; readonly who: 'installation'; readonly teamId: string }
  /** A person from another workspace: told why, nothing else happens. */
  | { readonly ok: false; readonly who: 'person'; readonly teamId: string };

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

export function checkTenant(body: Record<string, unknown>, installation: Installation): TenantCheck {
  const event = obj(body.event);
  const auth = Array.isArray(body.authorizations) ? obj(body.authorizations[0]) : {};
  // Events say which installation they are for; a person's workspace is in the event itself.
  const installedFor = body.type === 'event_callback' ? (str(auth.team_id) ?? str(body.team_id)) : undefined;
  if (installedFor && installedFor !== installation.teamId)
    return { ok: false, who: 'installation', teamId: installedFor };
  // Commands and interactions carry the acting person's workspace (a Slack Connect guest's own).
  const personOf = [
    str(body.type === 'event_callback' ? undefined : body.team_id),
    str(obj(body.team).id),
    str(obj(body.user).team_id),
    str(obj(body.view).team_id),
    str(body.user_team_id),
    str(event.user_team),
    str(event.team),
  ];
  for (const teamId of personOf)
    if (teamId && teamId !== installation.teamId) return { ok: false, who: 'person', teamId };
  return { ok: true };
}

export const OTHER_WORKSPACE =
  'This ISMS belongs to another Slack workspace, and only its members can work in it. Ask someone from that workspace to do this for you.';
