import { EVENT_MAX_ATTEMPTS, type InboxEvent } from '../src/channel/types.js';
import type { Ctx } from '../src/context.js';
import { newErrorRef } from '../src/errors.js';
import {
  MINUTE_JOB_LEASE_MS,
  type GlobalJob,
  type JobDeps,
  type WorkspaceJob,
} from '../src/schedule/job.js';
import { minuteSlot } from '../src/schedule/slots.js';
import { staffToTellRead } from '../src/workspace/types.js';
import { toldInsteadOfAdmins } from '../src/ui/settings.js';

/** Events redone per workspace and minute at most (the rest wait for the next minute). */
const REDO_BATCH = 50;
const DAY = 86_400_000;

/**
 * The Events API inbox's redo, every minute, per workspace (one instance per slot: the job
 * ledger): customer channel events received over a minute ago whose work failed (their next
 * attempt due, 1, 2, 4, 8 minutes after) or whose attempt never finished (the instance died:
 * its 2-minute lease ran out) are done again with the listeners' own work, as the person who
 * acted. The work is idempotent (a message's ticket is keyed by its channel and ts), so a redo
 * after a partial success makes no second ticket. After EVENT_MAX_ATTEMPTS failed attempts an
 * event is `dead`: logged as an error and told once to the workspace's admins (`staffToTell`).
 */
export const slackEventsJob: WorkspaceJob = {
  name: 'slack-events',
  scope: 'workspace',
  slotAt: (now) => minuteSlot(now),
  leaseMs: MINUTE_JOB_LEASE_MS,
  lane: 'minute',
  run: async (deps, ctx) => {
    const counts = { redone: 0, failed: 0, dead: 0, taken: 0 };
    // The bot token refused: redone after the restart with a new one, no try used up.
    if (!deps.redoEvent || deps.slackRefused?.()) return counts;
    const channels = deps.services.channels;
    for (const seen of await channels.redoable(ctx, REDO_BATCH)) {
      const event = await channels.claim(seen, ctx.now);
      if (!event) {
        counts.taken++;
        continue;
      }
      let failure: unknown;
      try {
        await deps.redoEvent(ctx, event);
      } catch (err) {
        failure = err;
      }
      const about = { eventId: event.eventId.slice(0, 40), type: event.type };
      // The reference the admins' notice gives, on the log lines about this attempt.
      const ref = newErrorRef();
      // One event's bookkeeping failing never stops the others: its lease brings it back.
      try {
        if (failure === undefined) {
          await channels.done(event, ctx.now);
          counts.redone++;
          continue;
        }
        // Its last attempt: the admins' notice is written before the event is marked dead (a
        // dead event is never done again, so a failure in between would lose the notice).
        if (event.attempts + 1 >= EVENT_MAX_ATTEMPTS)
          await tellAdmins(deps, ctx, event, ref, event.attempts + 1);
        const next = await channels.failed(event, ctx.now, failure);
        if (next.status === 'failed') {
          counts.failed++;
          ctx.log.warn(
            { err: failure, ...about, ...next },
            'Slack event failed again: tried later',
          );
        } else {
          counts.dead++;
          ctx.log.error(
            { err: failure, ref, ...about, ...next },
            `Slack event given up after ${EVENT_MAX_ATTEMPTS} attempts: its work was not done`,
          );
        }
      } catch (err) {
        ctx.log.warn(
          { err, ref, ...about },
          'Slack event redo not recorded: done again after its lease',
        );
      }
    }
    return counts;
  },
};

/**
 * The workspace's admins told once (keyed per event and person) that an event was given up: the
 * admins that are staff, else the managers that are staff (`staffToTell`), never one Slack said
 * is of another organisation (the channel is a customer's; the DM names it and the log's
 * reference). Nobody to tell: a warning says so (the event's error line follows).
 */
async function tellAdmins(
  deps: JobDeps,
  ctx: Ctx,
  event: InboxEvent,
  ref: string,
  attempts: number,
): Promise<void> {
  const e = event.payload?.event as { channel?: unknown; item?: { channel?: unknown } } | undefined;
  const channel = e?.channel ?? e?.item?.channel;
  if (typeof channel !== 'string') return;
  // Never one held (`staffToTellNow`: the desk's only admin made a guest owner, whom nothing
  // reaches): then the triage channel, else the staff agents.
  const told = await staffToTellRead(ctx.settings, () => deps.services.customers.awayOwners(ctx));
  if (!told.length) {
    ctx.log.warn({ ref, type: event.type }, 'Slack event given up: no admin or manager to tell');
    return;
  }
  // Told instead of held admins (the triage channel, staff agents): why them, as well.
  const { text } = toldInsteadOfAdmins(ctx.t, ctx.settings, ctx.teamId, told, {
    text: ctx.t('channel.eventDead', { type: event.type, channel, attempts, ref }),
  });
  await deps.services.outbox.enqueue(
    ctx,
    told.map((admin) => ({
      key: `slack-event:dead:${event.id}:${admin}`,
      kind: 'message' as const,
      to: admin,
      data: { message: { text } },
    })),
  );
}

/**
 * The inbox's cleanup, daily, across workspaces: done events older than 7 days (and those
 * recorded before the inbox) and dead ones older than 30 days are deleted, 500 a command and at
 * most 10,000 a run (the rest the next day). Pending and failed ones stay. The claims of events
 * outside customer channels (`slack_event_claims`) go after a day, whatever their state (Slack
 * sends no retry that late). On MongoDB a TTL index could do it; this works on the embedded
 * stand-in too.
 */
export const slackEventsCleanupJob: GlobalJob = {
  name: 'slack-events-cleanup',
  scope: 'global',
  slotAt: (now) => new Date(Math.floor(now.getTime() / DAY) * DAY),
  catchUpMs: DAY,
  run: async (deps, run) => ({
    purged: await deps.services.channels.purgeEvents(run.now),
    // The claims of events outside customer channels (a DM), older than a day.
    claims: await deps.services.eventClaims.purge(run.now),
  }),
};
