import type {
  AnyMiddlewareArgs,
  Installation,
  InstallationQuery,
  InstallationStore,
  Middleware,
} from '@slack/bolt';
import { z } from 'zod';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import {
  RefreshRefusedError,
  type InstallationService,
  type RefreshedToken,
  type TokenRotation,
} from '../install/service.js';
import { boltLogger, type Logger } from '../logger.js';
import { SLACK_ID } from '../slack-ids.js';
import { EVENTS } from '../ui/ids.js';
import { eventEnvelopeTimeSchema, installEventContextSchema } from './payloads.js';

/**
 * Bolt's installation store (@slack/oauth's InstallProvider writes and reads through it) over
 * the desk's installations: installs are written with their tokens sealed; a request is
 * authorized only while its workspace (or its org, org-wide) has an active install. Tokens are
 * never logged: the lines here name teams and enterprises only.
 */
export function installationStore(
  installations: InstallationService,
  log: Logger,
  /** A workspace just installed (not org-wide): its installer may run its desk. */
  installed?: (teamId: string, installerUserId: string | undefined) => Promise<void>,
): InstallationStore {
  return {
    async storeInstallation(installation) {
      const i = installation as Installation<'v2', boolean>;
      if (!i.bot?.token) throw new Error('the install has no bot token (the app needs its bot)');
      const isEnterpriseInstall = i.isEnterpriseInstall === true;
      const record = await installations.save({
        isEnterpriseInstall,
        ...(i.team?.id ? { teamId: i.team.id } : {}),
        ...(i.team?.name ? { teamName: i.team.name } : {}),
        ...(i.enterprise?.id ? { enterpriseId: i.enterprise.id } : {}),
        ...(i.enterprise?.name ? { enterpriseName: i.enterprise.name } : {}),
        ...(i.appId ? { appId: i.appId } : {}),
        botToken: i.bot.token,
        ...(i.bot.refreshToken ? { botRefreshToken: i.bot.refreshToken } : {}),
        // Bolt dates the expiry by the system clock: kept as seconds from now, so that the
        // desk's clock (which decides when to refresh it) dates it.
        ...(i.bot.refreshToken && i.bot.expiresAt
          ? { botTokenExpiresInS: i.bot.expiresAt - Math.floor(Date.now() / 1000) }
          : {}),
        botUserId: i.bot.userId,
        botId: i.bot.id,
        scopes: i.bot.scopes ?? [],
        ...(i.user?.id ? { installerUserId: i.user.id } : {}),
      });
      log.info(
        {
          teamId: record.teamId,
          enterpriseId: record.enterpriseId,
          isEnterpriseInstall,
          scopes: record.scopes,
          installer: record.installerUserId,
        },
        'app installed',
      );
      if (!isEnterpriseInstall && record.teamId)
        await installed?.(record.teamId, record.installerUserId).catch((err: unknown) =>
          log.warn({ err, teamId: record.teamId }, 'could not seed the new workspace'),
        );
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      // An org-wide install's payload without a team names the org (E…) where Bolt looks for the
      // workspace: it is the install's key, never one of the workspaces it serves.
      const teamId = query.teamId && SLACK_ID.team.test(query.teamId) ? query.teamId : undefined;
      const serving = await installations.serving(
        teamId,
        query.enterpriseId ?? undefined,
        query.isEnterpriseInstall,
      );
      if (!serving) throw new Error('no active install for this workspace');
      const r = serving.record;
      // The token handed over is fit to use: the service refreshed it if it expires soon (token
      // rotation). Bolt is given no refresh token, so it never refreshes one itself: its refresh
      // would write it back through storeInstallation as a new install, unconditionally (two
      // instances refreshing at once would lose one's token, Slack using each refresh token once).
      const installation: Installation<'v2', boolean> = {
        team: r.isEnterpriseInstall ? undefined : { id: r.teamId ?? r.key },
        enterprise: r.enterpriseId ? { id: r.enterpriseId } : undefined,
        user: { id: r.installerUserId ?? '', token: undefined, scopes: undefined },
        bot: {
          token: serving.botToken,
          scopes: r.scopes,
          id: r.botId,
          userId: r.botUserId,
        },
        ...(r.appId ? { appId: r.appId } : {}),
        tokenType: 'bot',
        isEnterpriseInstall: r.isEnterpriseInstall,
        authVersion: 'v2',
      };
      return installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
      if (key) await installations.stop(key, 'uninstalled', 'deleteInstallation');
    },
  };
}

/** Slack's answer that a refresh token is no good (used already, or its install revoked). */
const REFRESH_REFUSED: ReadonlySet<string> = new Set(['invalid_refresh_token']);

const refreshAnswerSchema = z.object({
  access_token: z.string().min(1).max(1000),
  refresh_token: z.string().min(1).max(1000),
  expires_in: z.number().int().positive(),
});

/** How long Slack is waited for a refreshed token (a request's ack waits for it too). */
const REFRESH_TIMEOUT_MS = 5_000;

/**
 * OAuth mode with Slack's token rotation: asks Slack for a new bot token with the refresh token
 * (`oauth.v2.access`, grant_type=refresh_token, the app's credentials), once, without retries of
 * its own (the next use of the token asks again). Slack's refusal of the refresh token rejects
 * with RefreshRefusedError. Its client logs nothing (the arguments hold the app's secret).
 */
export function tokenRefresher(options: {
  clientId: string;
  clientSecret: string;
  clientOptions: WebClientOptions;
  log: Logger;
}): TokenRotation['refresh'] {
  const client = new WebClient(undefined, {
    ...options.clientOptions,
    logger: boltLogger(options.log.child({}, { level: 'silent' })),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: REFRESH_TIMEOUT_MS,
  });
  return async (refreshToken): Promise<RefreshedToken> => {
    let answer: unknown;
    try {
      answer = await client.oauth.v2.access({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
    } catch (err) {
      const said = slackErrorOf(err);
      if (said && REFRESH_REFUSED.has(said)) throw new RefreshRefusedError(said);
      throw err;
    }
    const parsed = refreshAnswerSchema.parse(answer);
    return {
      botToken: parsed.access_token,
      botRefreshToken: parsed.refresh_token,
      expiresInS: parsed.expires_in,
    };
  };
}

/** The Web API client of a workspace: undefined when the desk does not serve it (any more). */
export interface WorkspaceClients {
  clientFor(teamId: string): Promise<WebClient | undefined>;
}

/**
 * One client per workspace, for the outbox and the jobs. Single-token mode: the one client for
 * every workspace, as before. OAuth mode: a client with the workspace's own token, cached per
 * team and token; forgotten when its install stops (and not used once the install is stopped on
 * another instance: the install is read again every few seconds).
 */
export function workspaceClients(
  installations: InstallationService,
  options: WebClientOptions,
  single: WebClient | undefined,
  prepare: (client: WebClient) => WebClient = (c) => c,
): WorkspaceClients {
  if (installations.mode === 'single') {
    if (!single) throw new Error('single-token mode needs its client');
    return { clientFor: async () => single };
  }
  const clients = new Map<string, { token: string; client: WebClient }>();
  installations.onStopped((stopped) => stopped.teams.forEach((t) => clients.delete(t)));
  return {
    async clientFor(teamId) {
      const serving = await installations.forTeam(teamId);
      if (!serving) {
        clients.delete(teamId);
        return undefined;
      }
      const known = clients.get(teamId);
      if (known?.token === serving.botToken) return known.client;
      const client = prepare(new WebClient(serving.botToken, options));
      clients.set(teamId, { token: serving.botToken, client });
      return client;
    },
  };
}

/** The app's own lifecycle events: they say nothing of the install reaching a workspace. */
const LIFECYCLE: readonly string[] = [
  EVENTS.appUninstalled,
  EVENTS.tokensRevoked,
  EVENTS.teamAccessGranted,
  EVENTS.teamAccessRevoked,
];

const orgEventSchema = eventEnvelopeTimeSchema.extend({
  type: z.literal('event_callback'),
  event: z.object({ type: z.string().max(100) }),
});

/**
 * Global middleware (OAuth mode): an event Slack sent from a workspace to its org-wide install
 * gives a workspace listed on the install before the time it was added was kept the time Slack
 * sent it (`InstallationService.orgTeamSeen`), so that a late removal sent before then no
 * longer stops it. Never fails the request: a failure is logged and tried at the next event.
 */
export function orgTeamSeen(
  installations: InstallationService,
  log: Logger,
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const event = orgEventSchema.safeParse(body);
    const who = installEventContextSchema.safeParse({
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
    });
    const { teamId, enterpriseId } = who.success ? who.data : {};
    if (
      event.success &&
      context.isEnterpriseInstall === true &&
      teamId &&
      enterpriseId &&
      !LIFECYCLE.includes(event.data.event.type)
    ) {
      const at = new Date(event.data.event_time * 1000);
      await installations
        .orgTeamSeen(enterpriseId, teamId, at)
        .then((written) => {
          if (written)
            log.info({ teamId, enterpriseId }, 'org install: when it reached the workspace noted');
        })
        .catch((err: unknown) =>
          log.warn({ err, teamId, enterpriseId }, 'org install: could not note the workspace'),
        );
    }
    await next();
  };
}

/**
 * Slack's answers that a bot token is dead for good: the app removed or its token revoked, the
 * workspace deleted or disabled. Only a new install brings the workspace back.
 */
const DEAD_TOKEN: ReadonlySet<string> = new Set([
  'token_revoked',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'team_disabled',
]);

/**
 * Slack's answer to an org-wide install's token used in a workspace of the org it is not (or no
 * longer) granted: an org admin removed the app there.
 */
const NOT_GRANTED = 'team_access_not_granted';

/** The pages of `auth.teams.list` read at most (1,000 workspaces a page). */
const GRANT_PAGES = 20;

const teamsListSchema = z.object({
  teams: z.array(z.object({ id: z.string().max(30) })).default([]),
  response_metadata: z.object({ next_cursor: z.string().max(500).optional() }).optional(),
});

/**
 * Whether Slack lists `teamId` among the workspaces the org-wide install's token is granted
 * (`auth.teams.list`, no scope needed). An org too large to read through counts as granting it.
 */
async function grantsTeam(client: WebClient, teamId: string): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < GRANT_PAGES; page++) {
    const answer = teamsListSchema.parse(
      await client.auth.teams.list({ limit: 1000, ...(cursor ? { cursor } : {}) }),
    );
    if (answer.teams.some((t) => t.id === teamId)) return true;
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) return false;
  }
  return true;
}

/**
 * OAuth mode: Slack refused the org-wide install's token in workspace `teamId`
 * (`team_access_not_granted`). When Slack no longer lists the workspace among those the install
 * is granted, an org admin removed the app there and its team_access_revoked never arrived (the
 * desk was down): the workspace stops being served by the org install as that event would have
 * stopped it (its jobs skipped, its pending messages dropped, its data kept); the org and its
 * other workspaces go on, and an org admin adding the app there again brings it back at its
 * next request. True when the workspace is not served any more.
 */
async function orgAccessWithdrawn(
  installations: InstallationService,
  log: Logger,
  teamId: string,
  client: WebClient,
  token: string,
): Promise<boolean> {
  const serving = await installations.forTeam(teamId);
  const org = serving?.record;
  if (!org?.isEnterpriseInstall || serving!.botToken !== token) return false;
  try {
    if (await grantsTeam(client, teamId)) return false;
  } catch (err) {
    log.warn(
      { err, teamId, enterpriseId: org.key },
      'could not ask Slack which workspaces the org install is granted',
    );
    return false;
  }
  const stopped = await installations.leaveOrgTeams(org.key, [teamId]);
  if (stopped?.changed)
    log.warn(
      { teamId, enterpriseId: org.key, error: NOT_GRANTED },
      'org install no longer granted this workspace (an org admin removed the app there): the workspace is no longer served, its pending messages dropped, its data kept; an org admin adds the app to it again to serve it',
    );
  return !(await installations.forTeam(teamId));
}

/** Slack's error code of a refused Web API call (`token_revoked`), through wrapping causes. */
function slackErrorOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const slack = e as { code?: unknown; data?: { error?: unknown }; cause?: unknown };
    if (slack.code === 'slack_webapi_platform_error' && typeof slack.data?.error === 'string')
      return slack.data.error;
    e = slack.cause;
  }
  return undefined;
}

/**
 * OAuth mode: a call made with the bot token serving `teamId` failed with `error`. When Slack
 * said the token is dead, and says so again when asked (`auth.test`), the install stops as
 * revoked (InstallationService.tokenRefused): its jobs no longer run and its pending messages
 * are dropped, as if Slack's tokens_revoked had arrived (it is lost when Slack sent it while the
 * desk was down). True when the workspace is not served any more: a person is told the desk is
 * not connected there, not to try again.
 */
export async function stopIfTokenDead(
  installations: InstallationService,
  log: Logger,
  teamId: string,
  client: WebClient | undefined,
  error: unknown,
): Promise<boolean> {
  const said = slackErrorOf(error);
  const token = client?.token;
  if (installations.mode !== 'oauth' || !said || !token) return false;
  if (said === NOT_GRANTED) return orgAccessWithdrawn(installations, log, teamId, client, token);
  if (!DEAD_TOKEN.has(said)) return false;
  try {
    await client.auth.test();
    return false;
  } catch (err) {
    const again = slackErrorOf(err);
    if (!again || !DEAD_TOKEN.has(again)) return false;
  }
  const stopped = await installations.tokenRefused(teamId, token, said);
  if (stopped)
    log.warn(
      { teamId, key: stopped.key, error: said, teams: stopped.teams },
      'Slack refused the bot token as dead: install stopped (revoked)',
    );
  return stopped !== undefined || !(await installations.forTeam(teamId));
}
