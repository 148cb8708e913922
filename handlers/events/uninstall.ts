import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { inFlight } from '../../src/slack/boundary.js';
import {
  eventEnvelopeTimeSchema,
  installEventContextSchema,
  teamAccessGrantedSchema,
  teamAccessRevokedSchema,
  tokensRevokedSchema,
} from '../../src/slack/payloads.js';
import type { HandlerDeps } from '../deps.js';

type Args = SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs;

/**
 * app_uninstalled and tokens_revoked: the workspace (or the org, for an org-wide install) stops
 * being served. Its install is marked, its undelivered messages dropped, its data kept (or, for
 * an uninstall, erased when the workspace's settings say `eraseOnUninstall`); nobody is told
 * (the bot could not post anyway). Bolt runs these listeners without authorizing (the
 * token is gone). In single-token mode there is no install to mark: the line says so.
 */
export function installStopped(deps: HandlerDeps) {
  return async ({ event, context, body }: Args): Promise<void> =>
    inFlight(deps.boundary, run(event, context, body));

  async function run(
    event: Args['event'],
    context: Args['context'],
    body: Args['body'],
  ): Promise<void> {
    const log = deps.boundary.log.child({ listener: `event:${event.type}` });
    const who = installEventContextSchema.safeParse({
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall,
    });
    if (!who.success) {
      log.warn('install event without a workspace of Slack’s shape: ignored');
      return;
    }
    const { teamId, enterpriseId, isEnterpriseInstall } = who.data;
    const installations = deps.services.installations;
    let keys: string[];
    if (event.type === 'tokens_revoked') {
      const revoked = tokensRevokedSchema.safeParse(event);
      // Only user tokens revoked: the desk stores none (it asks for no user scope, and keeps of
      // an install only its bot's token), so the bot still serves.
      const bots = revoked.success ? (revoked.data.tokens.bot ?? []) : [];
      if (!bots.length) return;
      // The installs whose bot Slack revoked: not the one the delivery is authorized for, which
      // may be the workspace's other install (its own, or its org's).
      keys = await installations.revokedBots(teamId, enterpriseId, bots);
      if (!keys.length && installations.mode === 'oauth') {
        log.warn(
          { teamId, enterpriseId, isEnterpriseInstall, bots: bots.length },
          'tokens_revoked names no bot of an install stored for this workspace or its org: ignored',
        );
        return;
      }
    } else {
      const key = isEnterpriseInstall ? enterpriseId : teamId;
      keys = key ? [key] : [];
    }
    const state = event.type === 'app_uninstalled' ? 'uninstalled' : 'revoked';
    // When Slack sent it (seconds; the same on a retry): an install saved from the end of that
    // second on is a reinstall the event does not stop (a late delivery, a retry after a
    // reinstall).
    const sent = eventEnvelopeTimeSchema.safeParse(body);
    const sentBefore = sent.success ? new Date((sent.data.event_time + 1) * 1000) : undefined;
    const noInstall = () =>
      log.warn(
        { teamId, enterpriseId, mode: installations.mode },
        `${event.type}: no install stored for this workspace (single-token mode: the token no longer works)`,
      );
    try {
      if (!keys.length) noInstall();
      for (const key of keys) {
        const stopped = await installations.stop(key, state, event.type, sentBefore);
        if (!stopped) {
          noInstall();
          continue;
        }
        if (stopped.newer) {
          log.info(
            {
              teamId,
              enterpriseId,
              isEnterpriseInstall,
              key,
              eventTime: sent.success ? sent.data.event_time : undefined,
              retryNum: context.retryNum,
            },
            `${event.type} sent before the app was installed again: ignored, the new install goes on`,
          );
          continue;
        }
        log.info(
          {
            teamId,
            enterpriseId,
            isEnterpriseInstall,
            key,
            state: stopped.state,
            teams: stopped.teams,
          },
          stopped.changed
            ? 'workspace no longer served: install stopped'
            : 'install already stopped',
        );
        // Uninstalled (not merely revoked): each workspace's data is kept, or erased when its
        // settings say so (`eraseOnUninstall`, default keep). A revocation may be undone; Slack
        // sends tokens_revoked and app_uninstalled for one uninstall in either order, and the
        // app_uninstalled after a revocation moves the install to uninstalled (`changed`):
        // erased then, once.
        if (!stopped.changed || state !== 'uninstalled') continue;
        await eraseAsAsked(deps, log, stopped.teams);
      }
    } catch (err) {
      // Logged as the error it is: Bolt acked the event before any listener ran (the Events API
      // is acked at once), so Slack does not send it again (README, Limits).
      log.error({ err, teamId, enterpriseId }, `${event.type}: could not stop the install`);
      throw err;
    }
  }
}

/** Each workspace's data after the app left it: kept, or erased when its settings say so. */
async function eraseAsAsked(deps: HandlerDeps, log: Logger, teams: string[]): Promise<void> {
  for (const team of teams) {
    const { eraseOnUninstall } = await deps.services.workspaces.settings(team);
    if (!eraseOnUninstall) {
      log.info({ teamId: team }, 'data kept after the uninstall');
      continue;
    }
    // Before the erase: an org install that listed the workspace no longer does, so its next
    // request through it lists it again and makes the org's installer its first admin.
    await deps.services.installations.erasing(team);
    const deleted = await deps.services.dataSubjects.eraseWorkspace(team);
    log.info({ teamId: team, deleted }, 'data erased after the uninstall (eraseOnUninstall)');
  }
}

/**
 * An org event's org (its context's enterprise) and the workspaces it names; undefined when
 * either is not of Slack's shape (the line says so: the event is ignored).
 */
function orgEvent(
  schema: typeof teamAccessGrantedSchema | typeof teamAccessRevokedSchema,
  event: unknown,
  context: { enterpriseId?: unknown },
  log: Logger,
): { enterpriseId: string; teamIds: string[] } | undefined {
  const who = installEventContextSchema.safeParse({ enterpriseId: context.enterpriseId });
  const named = schema.safeParse(event);
  const enterpriseId = who.success ? who.data.enterpriseId : undefined;
  if (!enterpriseId || !named.success) {
    log.warn(`${schema.shape.type.value} without an org or workspaces of Slack’s shape: ignored`);
    return undefined;
  }
  return { enterpriseId, teamIds: named.data.team_ids };
}

type AddedArgs = SlackEventMiddlewareArgs<'team_access_granted'> & AllMiddlewareArgs;

/**
 * team_access_granted: an org admin added the org-wide install to some workspaces of the org
 * (again). When Slack sent it is noted for each: a `team_access_revoked` sent before then (a late
 * delivery, a retry) does not stop them. They are served from their first request, as before.
 */
export function orgTeamsAdded(deps: HandlerDeps) {
  return async ({ event, context, body }: AddedArgs): Promise<void> =>
    inFlight(deps.boundary, run(event, context, body));

  async function run(
    event: AddedArgs['event'],
    context: AddedArgs['context'],
    body: AddedArgs['body'],
  ): Promise<void> {
    const log = deps.boundary.log.child({ listener: 'event:team_access_granted' });
    const org = orgEvent(teamAccessGrantedSchema, event, context, log);
    if (!org) return;
    const { enterpriseId, teamIds } = org;
    // Slack's time, as the removal's it is compared with (our clock when it has none).
    const sent = eventEnvelopeTimeSchema.safeParse(body);
    const at = sent.success ? new Date(sent.data.event_time * 1000) : deps.boundary.clock.now();
    try {
      await deps.services.installations.orgTeamsAdded(enterpriseId, teamIds, at);
      log.info({ enterpriseId, added: teamIds }, 'workspaces added to the org install');
    } catch (err) {
      log.error({ err, enterpriseId }, 'team_access_granted: could not note the workspaces');
      throw err;
    }
  }
}

type OrgArgs = SlackEventMiddlewareArgs<'team_access_revoked'> & AllMiddlewareArgs;

/**
 * team_access_revoked: an org admin removed the org-wide install from some workspaces of the
 * org. Those stop being served by it as an uninstall of theirs does (undelivered messages
 * dropped, data kept or erased by each one's `eraseOnUninstall`); the org and its other
 * workspaces go on.
 */
export function orgTeamsRemoved(deps: HandlerDeps) {
  return async ({ event, context, body }: OrgArgs): Promise<void> =>
    inFlight(deps.boundary, run(event, context, body));

  async function run(
    event: OrgArgs['event'],
    context: OrgArgs['context'],
    body: OrgArgs['body'],
  ): Promise<void> {
    const log = deps.boundary.log.child({ listener: 'event:team_access_revoked' });
    const org = orgEvent(teamAccessRevokedSchema, event, context, log);
    if (!org) return;
    const { enterpriseId, teamIds } = org;
    // As for an uninstall: a workspace added to the org install again from the end of the second
    // Slack sent this in is not removed (a late delivery, a retry after an org admin re-added it).
    const sent = eventEnvelopeTimeSchema.safeParse(body);
    const sentBefore = sent.success ? new Date((sent.data.event_time + 1) * 1000) : undefined;
    try {
      const stopped = await deps.services.installations.leaveOrgTeams(
        enterpriseId,
        teamIds,
        sentBefore,
      );
      if (!stopped) {
        log.warn({ enterpriseId }, 'team_access_revoked: no org-wide install stored for this org');
        return;
      }
      log.info(
        { enterpriseId, removed: teamIds, teams: stopped.teams },
        'workspaces no longer served by the org install',
      );
      if (stopped.readded)
        log.info(
          {
            enterpriseId,
            readded: stopped.readded,
            eventTime: sent.success ? sent.data.event_time : undefined,
            retryNum: context.retryNum,
          },
          'team_access_revoked sent before these workspaces were added again: ignored for them',
        );
      if (stopped.changed) await eraseAsAsked(deps, log, stopped.teams);
    } catch (err) {
      log.error({ err, enterpriseId }, 'team_access_revoked: could not stop the workspaces');
      throw err;
    }
  }
}
