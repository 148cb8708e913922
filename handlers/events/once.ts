import type { Ctx } from '../../src/context.js';
import type { HandlerDeps } from '../deps.js';

/**
 * Does an event's work once per (team, event_id), whichever instance or delivery gets it (a
 * Slack retry, X-Slack-Retry-Num or Socket Mode's `retry_attempt`, carries the same event_id):
 * the delivery that takes the event's claim (`slack_event_claims`, one atomic command) does the
 * work and marks it done (a second command); the others stop. A failed work frees the claim and
 * is thrown on (to the boundary's log line), so that Slack's next delivery does it again: `redo`
 * tells the work an earlier attempt began it (what it did may already be saved). An envelope
 * without an event_id is done as it comes.
 */
export async function once(
  deps: HandlerDeps,
  ctx: Ctx,
  body: unknown,
  type: string,
  work: (redo: boolean) => Promise<void>,
): Promise<void> {
  const eventId = (body as { event_id?: unknown } | undefined)?.event_id;
  if (typeof eventId !== 'string' || !eventId) return work(false);
  await onceByKey(deps, ctx, { id: eventId, type, what: 'event' }, work);
}

/**
 * `once`'s claim, for any delivery that names itself: `id` (an event_id, a modal submission's
 * `form:` key), claimed under its workspace; `what` names it in the log lines. The deliveries
 * that find it taken (done, or held by one still working) do nothing; true when this one did
 * the work.
 */
export async function onceByKey(
  deps: Pick<HandlerDeps, 'services'>,
  ctx: Ctx,
  claimed: {
    id: string;
    type: string;
    what: string;
    /** What the log lines name it by, when not its id (a form's key holds a digest of its values). */
    shown?: string;
  },
  work: (redo: boolean) => Promise<void>,
): Promise<boolean> {
  const { id, type, what } = claimed;
  const about = { eventId: (claimed.shown ?? id).slice(0, 40), type };
  const claim = await deps.services.eventClaims.take(ctx, id, type);
  if (!claim) {
    ctx.log.info(about, `${what} delivered again: skipped`);
    return false;
  }
  try {
    await work(claim.attempt > 1);
  } catch (err) {
    await deps.services.eventClaims.failed(claim, ctx.now, err).catch((markErr: unknown) => {
      ctx.log.warn(
        { err: markErr, ...about },
        `${what} work failed and its claim could not be freed: a delivery after its lease does it again`,
      );
    });
    throw err;
  }
  await deps.services.eventClaims.done(claim, ctx.now).catch((err: unknown) => {
    // The work is done: a delivery after the lease would do it again, which is rare.
    ctx.log.warn({ err, ...about }, `${what} done but not marked so`);
  });
  return true;
}
