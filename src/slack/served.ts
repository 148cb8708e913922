import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import { newErrorRef } from '../errors.js';
import { translator, type Locale, type Translate } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { SLACK_ID } from '../slack-ids.js';
import { errorModal } from '../ui/blocks.js';
import { refusalAck } from './not-served.js';
import { checkedRespond, respondFallback } from './reply.js';
import type { Mrkdwn } from '../ui/text.js';
import { orgPerson, type OrgWorkspaces } from './envelope.js';

/**
 * Single-token mode: which workspace the one bot token belongs to, as the bot token check's one
 * `auth.test` answer says it (src/slack/bot-token.ts: asked at start, kept once Slack answered).
 */
export interface HomeWorkspace {
  teamId?: string;
  enterpriseId?: string;
  /** An org-wide token: every workspace of its org is its own. */
  orgWide: boolean;
}

export interface ServedOnlyDeps {
  home: () => Promise<HomeWorkspace>;
  /** Whether the desk already keeps records (settings) for this workspace. */
  known: (teamId: string) => Promise<boolean>;
  /** The language of the desk's own workspace (never the stranger's, whose settings are none). */
  locale: (home: HomeWorkspace | undefined) => Locale;
  log: Logger;
}

/**
 * The request's workspace and org. An org-wide token's payload without a team may name the org
 * where Bolt looks for the workspace (`user.team_id`): the org's own id, its key then.
 */
const contextIds = z
  .object({
    teamId: z
      .string()
      .refine((v) => SLACK_ID.team.test(v) || SLACK_ID.enterprise.test(v))
      .optional(),
    enterpriseId: z.string().regex(SLACK_ID.enterprise).optional(),
  })
  .refine((c) => !c.teamId || !SLACK_ID.enterprise.test(c.teamId) || c.teamId === c.enterpriseId);

/**
 * Global middleware (single-token mode): a request from a workspace the desk is not installed in
 * is served by nothing. Slack signs every request of the app with the one secret, so a person of
 * another organisation whose own workspace has the app (a Slack Connect customer in a shared
 * channel, say) sends their commands and shortcuts with their own workspace's `team_id`; the one
 * token here is not theirs, and answering would create settings for their workspace and act as
 * if it were a desk. Served: the token's workspace (or, for an org-wide token, its org), and a
 * workspace the desk already keeps (as single-token mode always did). Anything else gets a
 * polite line where Slack lets one be said (a command's or a shortcut's ephemeral reply, a
 * modal's error view, empty options) and is logged without the person. OAuth mode refuses the
 * same requests at authorize (no install serves them). While Slack has not said whose the token
 * is (auth.test failed), a workspace the desk does not keep is not refused as a stranger: the
 * person is told to try again, and the next request asks Slack again.
 */
export function servedOnly(deps: ServedOnlyDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, next } = args;
    const ids = contextIds.safeParse({
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
    });
    // Without a readable workspace the listener's boundary refuses it (it reads nothing).
    const key = ids.success ? (ids.data.teamId ?? ids.data.enterpriseId) : undefined;
    if (!key || !ids.success) return next();
    let home: HomeWorkspace | undefined;
    let unknownHome = false;
    try {
      home = await deps.home();
    } catch (err) {
      unknownHome = true;
      deps.log.warn({ err }, 'could not ask Slack which workspace the bot token is for');
    }
    const own =
      home !== undefined &&
      (key === home.teamId ||
        (home.orgWide && !!home.enterpriseId && ids.data.enterpriseId === home.enterpriseId));
    if (own || (await deps.known(key))) return next();

    const tr = translator(deps.locale(home));
    if (unknownHome) {
      // Not known to be a stranger: whose the token is could not be asked (Slack did not answer,
      // or refused once). Nothing is done this time; auth.test is asked again at the next request.
      const ref = newErrorRef();
      deps.log.warn(
        { ref, teamId: key },
        "request not served: the bot token's workspace is unknown",
      );
      return refuse(args, tr, tr('error.internal', { ref, unchanged: 'yes' }), deps.log);
    }
    deps.log.warn({ teamId: key }, 'request refused: a workspace this desk is not installed in');
    return refuse(args, tr, tr('install.otherWorkspace'), deps.log);
  };
}

/**
 * Answers a request no listener will see with `text`, where Slack lets one be said: a command's
 * ephemeral reply, a modal's error view, empty options, else an ephemeral by response_url.
 */
async function refuse(
  args: Parameters<Middleware<AnyMiddlewareArgs>>[0],
  tr: Translate,
  text: Mrkdwn,
  log: Logger,
): Promise<void> {
  const body = args.body as { type?: unknown; command?: unknown };
  const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
  const bolt = (args as { respond?: RespondFn }).respond;
  // The one reply path (src/slack/reply.ts): a spent response URL's line is said by the bot
  // instead, ephemeral in the request's channel (a shared channel the bot is in), else by DM.
  const userId = args.context.userId;
  const fallback =
    typeof userId === 'string' && SLACK_ID.user.test(userId)
      ? respondFallback(args.client, userId, args.body)
      : undefined;
  const respond = bolt ? checkedRespond(bolt, log, fallback) : undefined;
  if (!ack) return; // an event: acked by Bolt already, and nothing is done for it
  const response = refusalAck(body, tr, text);
  if (response) {
    await ack(response);
  } else {
    await ack();
    await respond?.({ response_type: 'ephemeral', replace_original: false, text }).catch(
      (err: unknown) => log.warn({ err }, 'could not tell a stranger nothing was done'),
    );
  }
}

export interface OwnPeopleDeps {
  /** The language of the workspace acted for (the host's: the person's own has no settings). */
  localeFor: (teamId: string) => Locale;
  /** Enterprise Grid: the workspaces of an org as the installs say. */
  orgs?: OrgWorkspaces;
  /**
   * The callback ids of the modals the desk opens for its customers (the survey's NPS and
   * comment): submitted by a person of another organisation in a view this install opened, they
   * go on to their listener, whose service decides who may answer.
   */
  customerViews?: ReadonlySet<string>;
  log: Logger;
}

/** The workspace ids of a modal submission: its team, its person's, its view's and installer's. */
const someId = z.unknown().optional();
const submissionTeams = z.looseObject({
  team: z.looseObject({ id: someId }).nullish(),
  user: z.looseObject({ id: someId, team_id: someId }).optional(),
  view: z
    .looseObject({ team_id: someId, app_installed_team_id: someId, callback_id: someId })
    .optional(),
});

/**
 * Global middleware (both modes, Socket Mode too): a modal submitted by a person of another
 * organisation (Slack Connect: a view the app opened in the host's workspace, submitted with the
 * person's own team) reaches no listener, but for the modals the desk opens for its customers
 * (`customerViews`: the survey's NPS and comment, after a satisfaction button of the shared
 * channel) when this install opened them. No other path opens a desk modal for them; one that comes
 * anyway is answered with an error view saying nothing was saved and where to write instead, in
 * the host's language, and logged without the person. A submission whose workspace ids agree
 * (the ordinary case) goes on. The org's own id (Enterprise Grid, the request's enterprise)
 * agrees with any workspace of it; for an org-wide install, a person whose team is another
 * workspace of the org (their home workspace) is one of its own people (`orgPerson`, the one
 * rule of src/slack/envelope.ts).
 */
export function ownPeopleSubmitOnly(deps: OwnPeopleDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, next } = args;
    if ((body as { type?: unknown }).type !== 'view_submission') return next();
    const parsed = submissionTeams.safeParse(body);
    const teamId = typeof context.teamId === 'string' ? context.teamId : undefined;
    const enterprise =
      typeof context.enterpriseId === 'string' && SLACK_ID.enterprise.test(context.enterpriseId)
        ? context.enterpriseId
        : undefined;
    /** A workspace's id, or another org's: an id to compare (not the request's own org). */
    const place = (id: unknown): id is string =>
      typeof id === 'string' &&
      (SLACK_ID.team.test(id) || (SLACK_ID.enterprise.test(id) && id !== enterprise));
    const ids = parsed.success
      ? [
          parsed.data.team?.id,
          parsed.data.view?.team_id,
          parsed.data.view?.app_installed_team_id,
        ].filter(place)
      : [];
    const person = parsed.success ? parsed.data.user?.team_id : undefined;
    // A person of another workspace of the org of an org-wide install: the envelope's one rule.
    const own =
      !!teamId &&
      ids.every((id) => id === teamId) &&
      (!place(person) ||
        person === teamId ||
        (!!deps.orgs && (await orgPerson(body, deps.orgs))?.workspace === teamId));
    if (!teamId || own) return next();
    const view = parsed.success ? parsed.data.view : undefined;
    if (
      typeof view?.callback_id === 'string' &&
      deps.customerViews?.has(view.callback_id) &&
      view.app_installed_team_id === teamId
    )
      return next();
    deps.log.warn({ teamId }, 'submission refused: a person of another organisation');
    const tr = translator(deps.localeFor(teamId));
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    await ack?.({
      response_action: 'update',
      view: errorModal(tr, tr('install.otherOrganisation')),
    });
  };
}
