import { SYSTEM_ACTOR, type Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import type { TicketRecord } from '../ticket/types.js';
import type { WorkspaceService } from '../workspace/service.js';

/** One document owing side effects, as a repair pass reads it. */
export interface OwedOne {
  teamId: string;
  /** Whom the repair acts as (default: the desk itself). */
  actor?: string;
  /** When it acts (default: the pass's `now`). */
  at?: Date;
  /** Its fields in the pass's log lines (`{ task: id }`, `{ ticket: number }`). */
  ref: Record<string, unknown>;
}

/** A ticket as a repair pass names it: its workspace, and its number in the log lines. */
export function owedTicket<T extends Pick<TicketRecord, 'teamId' | 'number'>>(ticket: T): OwedOne {
  return { teamId: ticket.teamId, ref: { ticket: ticket.number } };
}

/**
 * A repair of the side effects a state change owes (a mark written with the change, e.g.
 * `interactionOwed`, `survey.detailsOwedAt`): what it reads, how it repairs one, what it logs.
 */
export interface OwedRepair<T> {
  /** The marked documents, across workspaces, marked at or before `before`, oldest first. */
  owed(before: Date, limit: number): Promise<T[]>;
  of(item: T): OwedOne;
  /**
   * Its owed side effects done again (through the outbox, under their keys: nothing twice) and
   * its mark cleared; false when nothing was owed after all (not counted, not logged), or the
   * fields its info line adds to `ref` (`{ written: 2 }`).
   */
  repair(ctx: Ctx, item: T): Promise<boolean | Record<string, unknown>>;
  /**
   * The info line of one repaired (none without it), and the error line of one that failed
   * (tried again later).
   */
  repaired?: string;
  failed: string;
}

/**
 * One pass of the outbox job over the documents marked `waitMs` or more before `now` (younger
 * ones are still their request's), `limit` at most: each repaired in its workspace's context,
 * as the job, and logged once; one failing is logged and left marked, the next pass tries it
 * again, the others go on. How many were repaired.
 */
export async function repairOwed<T>(
  workspaces: Pick<WorkspaceService, 'context'>,
  pass: { now: Date; log: Logger; limit: number; waitMs: number },
  repair: OwedRepair<T>,
): Promise<number> {
  const { now, log } = pass;
  let repaired = 0;
  const before = new Date(now.getTime() - pass.waitMs);
  for (const item of await repair.owed(before, pass.limit)) {
    const { teamId, actor = SYSTEM_ACTOR, at = now, ref } = repair.of(item);
    try {
      const ctx = await workspaces.context({ teamId, actor, now: at, log, origin: 'job' });
      const done = await repair.repair(ctx, item);
      if (!done) continue;
      repaired++;
      if (repair.repaired) ctx.log.info(done === true ? ref : { ...ref, ...done }, repair.repaired);
    } catch (err) {
      log.error({ err, teamId, ...ref }, repair.failed);
    }
  }
  return repaired;
}
