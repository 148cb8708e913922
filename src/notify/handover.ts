import type { Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import type { OutboxService } from '../outbox/service.js';
import type { NewOutboxEntry, OutboxEntry } from '../outbox/types.js';
import {
  handoverDone,
  handoverMovedLate,
  handoverReceived,
  unreachableDm,
} from '../ui/handover.js';
import type { SlaStatus } from '../sla/business-time.js';
import type { HandoverIds, HandoverResult, HandoverRun } from '../workspace/types.js';
import type { OutboxWorker } from './outbox.js';
import type { OutboxData } from './types.js';

/**
 * What a hand-over run to its end tells its receiver (`receivedWritten`, `late`): between whom
 * (`people`), what it moved (`result`), its key, and its moved tickets' paused reply clocks as
 * they stand now (none: none paused).
 */
export interface HandoverTold {
  people: { from: string; to: string };
  result: HandoverResult;
  key: string;
  pausedReplies?: ReadonlyMap<string, SlaStatus>;
}

/** How long a hand-over's late notice kept as owed is left to its run before the repair. */
export const REPAIR_LATE_MS = 2 * 60_000;

/** Why a hand-over's held notice was not sent: the hand-over told its people itself. */
const HANDOVER_DONE = 'handover_done';

const receivedKey = (key: string) => `handover:${key}`;
const summaryKey = (key: string) => `handover:${key}:summary`;

/**
 * A hand-over's one DM to its receiver (`/desk handover`): what they received, written to the
 * outbox under the hand-over's key (written again, it goes once), then delivered.
 */
export class HandoverNotifier {
  constructor(
    private readonly outbox: OutboxService,
    private readonly worker: () => Pick<OutboxWorker, 'deliver'>,
  ) {}

  /**
   * The receiver's DM written (rewriting the one held while the hand-over ran): the keys to
   * `deliver`, once its summary is written too.
   */
  async receivedWritten(ctx: Ctx, told: HandoverTold): Promise<string[]> {
    const { people, result, key, pausedReplies = new Map() } = told;
    const { written } = handoverReceived(ctx.t, ctx.actor, people.from, result, {
      now: ctx.now,
      timeZone: ctx.settings.timeZone,
      pausedReplies,
    });
    const data = { handover: written } satisfies OutboxData['message'];
    // The DM held while the hand-over ran (`hold`) says this now; none held (or gone out
    // already, the hand-over taken for cut short), written once under the same key.
    const filled = await this.outbox.settleWaiting(ctx, receivedKey(key), { data });
    const keys = filled
      ? [receivedKey(key)]
      : await this.outbox.enqueue(ctx, [
          {
            key: receivedKey(key),
            kind: 'message',
            to: people.to,
            // Kept once, as drawn from: its reply lines drawn again as it goes out (held: Slack
            // failing or asking to wait), as written when one of its tickets is gone.
            data,
          },
        ]);
    return keys;
  }

  /** Entries written by `receivedWritten` (or any keyed entries) sent now. */
  async deliver(ctx: Pick<Ctx, 'teamId'>, keys: string[]): Promise<void> {
    if (keys.length) await this.worker().deliver(ctx.teamId, keys);
  }

  /**
   * Written before a hand-over's first move: the receiver's DM and the manager's summary, held
   * until `until` and drawn, if they go out then, from what was moved by that time (a hand-over
   * cut short: a crash, a deploy). The hand-over done, its own DM takes the receiver's place
   * (`received`) and its summary the manager’s (`summary`). Keyed by the hand-over: written
   * again, they are written once: whether this call wrote them (not: the same hand-over, its
   * form submitted twice, written by the other submission).
   */
  async hold(ctx: Ctx, run: HandoverRun, key: string, until: Date): Promise<boolean> {
    const written = await this.outbox.enqueueNew(ctx, [
      {
        key: receivedKey(key),
        kind: 'message',
        to: run.to,
        notBefore: until,
        data: { handoverRun: run } satisfies OutboxData['message'],
      },
      {
        key: summaryKey(key),
        kind: 'message',
        to: run.by,
        notBefore: until,
        data: { handoverRun: { ...run, summary: true } } satisfies OutboxData['message'],
      },
    ]);
    return written.includes(receivedKey(key));
  }

  /**
   * The hand-over still running at `now`: its held notices wait until `until`, and so do (at
   * least) those of other runs between the same two (an earlier one cut short, within its
   * hold): drawn meanwhile, they would name what this one moves, which it tells itself
   * (`settleEarlier` trims them at its end). Whether its own two still wait (not: one went out,
   * or is going out, the run taken for cut short; or the run's own DM or summary took its place).
   */
  async keep(
    ctx: Pick<Ctx, 'teamId'>,
    people: { from: string; to: string },
    key: string,
    now: Date,
    until: Date,
  ): Promise<boolean> {
    const keys = [receivedKey(key), summaryKey(key)];
    const kept = await this.outbox.keepWaiting(ctx.teamId, keys, now, until);
    await this.outbox.keepWaitingHandovers(ctx.teamId, people, keys, now, until);
    return kept === keys.length;
  }

  /**
   * The hand-over keyed `key`, still running at `now`, reads on past records it could not move:
   * its held notices name these too, before it moves any of them. Whether both still wait and
   * do: not (one went out already, the run taken for cut short), it moves none of them, which
   * no notice would tell.
   */
  async extend(
    ctx: Pick<Ctx, 'teamId'>,
    key: string,
    now: Date,
    more: Pick<HandoverRun, 'ticketIds' | 'taskIds' | 'customerCodes'>,
  ): Promise<boolean> {
    const keys = [receivedKey(key), summaryKey(key)];
    return (await this.outbox.addToWaitingHandover(ctx.teamId, keys, now, more)) === keys.length;
  }

  /**
   * The hand-over keyed `key`, still running at `now`, found these records moved already by
   * another run between the same two (after it read them, before its held notices named them):
   * its held notices no longer name them, so that, cut short, it does not tell the receiver and
   * the manager of them again (the run that moved them tells).
   */
  async unname(
    ctx: Pick<Ctx, 'teamId'>,
    key: string,
    now: Date,
    moved: Partial<Pick<HandoverRun, 'ticketIds' | 'taskIds' | 'customerCodes'>>,
  ): Promise<void> {
    await this.outbox.dropFromWaitingHandover(
      ctx.teamId,
      [receivedKey(key), summaryKey(key)],
      now,
      {
        ticketIds: moved.ticketIds ?? [],
        taskIds: moved.taskIds ?? [],
        customerCodes: moved.customerCodes ?? [],
      },
    );
  }

  /**
   * The hand-over keyed `key` run to its end: what it moved is no longer named by the held
   * notices of other runs from `from` to `to` (an earlier one cut short, within its hold), so
   * that, drawn when their hold is over, they tell only what they moved: the receiver and the
   * manager told once of each record. A run still going on elsewhere loses nothing by it: what
   * it moves is its own.
   */
  async settleEarlier(
    ctx: Ctx,
    people: { from: string; to: string },
    result: HandoverResult,
    key: string,
  ): Promise<void> {
    await this.outbox.trimWaitingHandovers(ctx, people, [receivedKey(key), summaryKey(key)], {
      ticketIds: result.tickets.map((x) => x.id),
      taskIds: result.tasks.map((x) => x.id),
      customerCodes: result.customers.map((x) => x.code),
    });
  }

  /**
   * The hand-over keyed `key` ran to its end (its moves done): its held summary says so, should
   * it go out all the same (`ranToEnd`), marked before its DM and summary are written (the
   * database failing on both). Whether it was marked (not: it went out, or the database failing).
   */
  async endReached(ctx: Ctx, key: string): Promise<boolean> {
    return this.outbox.noteHandoverRanToEnd(ctx, summaryKey(key));
  }

  /**
   * A manager's held summary (its outbox entry keyed `entryKey`) going out: whether its run went
   * on to its end all the same, only its summary not written (the database failing): marked so
   * (`endReached`), or its receiver's held DM having taken the run's own DM (or been dropped,
   * nothing moved).
   */
  async ranToEnd(ctx: Pick<Ctx, 'teamId'>, entryKey: string): Promise<boolean> {
    if (!entryKey.endsWith(':summary')) return false;
    const key = entryKey.slice(0, -':summary'.length);
    const entries = await this.outbox.byKeys(ctx.teamId, [key, entryKey]);
    const summary = entries.find((e) => e.key === entryKey);
    if ((summary?.data as { ranToEnd?: boolean } | undefined)?.ranToEnd) return true;
    const received = entries.find((e) => e.key === key);
    if (!received) return false;
    if (received.state === 'dropped') return received.lastError === HANDOVER_DONE;
    return !!(received.data as { handover?: unknown } | undefined)?.handover;
  }

  /**
   * A hand-over's held notice (`entry`) going out, cut short: `run` without the records that
   * later runs between the same two set out to move too (their held notices of the same kind,
   * written after it, not dropped): cut short as well (they trim it only at their end,
   * `settleEarlier`), those tell of them.
   */
  async notLater(
    ctx: Pick<Ctx, 'teamId'>,
    run: HandoverRun,
    entry: { key: string; seq: number },
  ): Promise<HandoverRun> {
    const later = await this.outbox.laterHandoverRuns(
      ctx.teamId,
      { from: run.from, to: run.to },
      entry.seq,
      !!run.summary,
    );
    if (!later.length) return run;
    const ids = (pick: (x: HandoverRun) => string[]) => new Set(later.flatMap(pick));
    const tickets = ids((x) => x.ticketIds);
    const tasks = ids((x) => x.taskIds);
    const customers = ids((x) => x.customerCodes);
    return {
      ...run,
      ticketIds: run.ticketIds.filter((id) => !tickets.has(id)),
      taskIds: run.taskIds.filter((id) => !tasks.has(id)),
      customerCodes: run.customerCodes.filter((code) => !customers.has(code)),
    };
  }

  /**
   * A held notice of a hand-over (its outbox entry keyed `entryKey`) drawn as it goes out, cut
   * short: what it tells of as moved, kept on it for `late`. What its run, ended meanwhile, told
   * of by a notice of its own (`late`: none, empty), for this draw to leave out; undefined, its
   * run has not been found ended.
   */
  async drawn(
    ctx: Pick<Ctx, 'teamId'>,
    entryKey: string,
    told: HandoverIds,
  ): Promise<HandoverIds | undefined> {
    return this.outbox.noteHandoverTold(ctx.teamId, entryKey, told);
  }

  /**
   * The hand-over keyed `key` run to its end after its held notices were drawn (taken for cut
   * short: stalled past its hold on one move that landed after all): what it moved that a notice
   * drawn before did not tell of as moved (`told`, kept by `drawn`) is told now, whatever that
   * notice's state (gone out, or being sent: Slack slow on it), the receiver by a DM of those
   * records, the manager by a line, each under a key of its own (written again, it goes once). A
   * notice drawn with nothing kept (before this was kept) told of none. What is told so is kept
   * on the notice first (`toldLate`, only if it was not drawn again meanwhile: then read again),
   * so that a draw after (its post failed) leaves it out. A notice not drawn yet tells of them
   * itself: kept as telling nothing late, a draw under way when it is kept draws again. The
   * manager's line says the receiver has been told only when the receiver's DM of those records
   * was written (their late DM, their held DM drawn naming them and sent: tried again after the
   * move landed; one still being posted or tried again may die for good, so it does not count; or
   * the run's own DM in its held one's place). Written only: the keys to `deliver`.
   */
  async late(ctx: Ctx, told: HandoverTold): Promise<string[]> {
    const { people, result, key, pausedReplies = new Map() } = told;
    // The receiver's first: the manager's line says whether they were told.
    const receiver = await this.toldLate(ctx, receivedKey(key), result, (entry, more) => {
      const { written: dm } = handoverReceived(
        ctx.t,
        ctx.actor,
        people.from,
        { ...more, withCustomer: [], refused: [] },
        { now: ctx.now, timeZone: ctx.settings.timeZone, pausedReplies },
      );
      const late = { handover: dm } satisfies OutboxData['message'];
      return { key: `${receivedKey(key)}:late`, kind: 'message', to: entry.to, data: late };
    });
    let receiverTold: HandoverIds | 'all' | undefined;
    const held = receiver.entry?.data as
      { handover?: unknown; toldMoved?: Partial<HandoverIds> } | undefined;
    // The run's own DM in its held one's place: it names all it moved.
    if (!receiver.late && held?.handover) receiverTold = 'all';
    // Told: what the held DM named as drawn, once it went out (sent: a post Slack failed and that
    // awaits its next try may yet die for good, so it is not counted; drawn again after a move
    // landed, it names that too), and what the late DM names. Slack refusing this person already
    // (their held DM given up), not said to be told.
    if (receiverTold !== 'all' && receiver.entry && receiver.entry.state !== 'dead') {
      const more = idsOf(receiver.more ?? { tickets: [], tasks: [], customers: [] });
      const sent = receiver.entry.state === 'sent' ? held?.toldMoved : undefined;
      receiverTold = {
        ticketIds: [...(sent?.ticketIds ?? []), ...more.ticketIds],
        taskIds: [...(sent?.taskIds ?? []), ...more.taskIds],
        customerCodes: [...(sent?.customerCodes ?? []), ...more.customerCodes],
      };
    }
    const summary = await this.toldLate(ctx, summaryKey(key), result, (entry, more) => {
      const told = receiverTold === 'all' || (!!receiverTold && within(idsOf(more), receiverTold));
      const message = handoverMovedLate(ctx.t, people.from, people.to, {
        tickets: more.tickets.length,
        tasks: more.tasks.length,
        customers: more.customers.length,
        told,
      });
      const late = { message } satisfies OutboxData['message'];
      return { key: `${summaryKey(key)}:late`, kind: 'message', to: entry.to, data: late };
    });
    const written = [receiver.late, summary.late].filter((x) => x !== undefined);
    if (!written.length) return [];
    await this.outbox.enqueue(ctx, written);
    // Written: no longer owed (not said so, the outbox job's repair writes them again: keyed, they
    // go once).
    try {
      await this.outbox.handoverLateWritten(ctx.teamId, [receivedKey(key), summaryKey(key)]);
    } catch (err) {
      ctx.log.warn({ err }, 'hand-over: its late notices not said written');
    }
    return written.map((x) => x.key);
  }

  /**
   * `late`'s part for one held notice (keyed `entryKey`): what its run's end tells of by a notice
   * of its own (`more`: none, undefined), kept on it as such, with that notice (`late`, drawn by
   * `notice` when there are any) kept as owed in the same write, so that, not written after (the
   * database failing, the instance stopping), the outbox job's repair writes it
   * (`repairLate`). The notice not drawn as cut short (the run's own DM or summary in its place,
   * or none), or kept so already, nothing.
   */
  private async toldLate(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    entryKey: string,
    result: HandoverResult,
    notice: (entry: OutboxEntry, more: Moved) => NewOutboxEntry,
  ): Promise<{ entry?: OutboxEntry; more?: Moved; late?: NewOutboxEntry }> {
    // Drawn again between the read and the write (a post Slack failed, tried again), read again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const [entry] = await this.outbox.byKeys(ctx.teamId, [entryKey]);
      const data = entry?.data as
        Partial<Extract<OutboxData['message'], { handoverRun: unknown }>> | undefined;
      if (!entry || !data?.handoverRun || data.toldLate) return { entry };
      // Not drawn yet (still held, or taken and not drawn): it tells of them itself.
      const drawn = !!data.toldMoved || entry.state !== 'pending';
      const told = {
        tickets: new Set(data.toldMoved?.ticketIds),
        tasks: new Set(data.toldMoved?.taskIds),
        customers: new Set(data.toldMoved?.customerCodes),
      };
      const more = drawn
        ? {
            tickets: result.tickets.filter((x) => !told.tickets.has(x.id)),
            tasks: result.tasks.filter((x) => !told.tasks.has(x.id)),
            customers: result.customers.filter((x) => !told.customers.has(x.code)),
          }
        : { tickets: [], tasks: [], customers: [] };
      const late = noneOf(more) ? undefined : notice(entry, more);
      const owed = late && { entry: late, now: ctx.now };
      if (
        await this.outbox.noteHandoverToldLate(ctx.teamId, entryKey, data.draws, idsOf(more), owed)
      )
        return { entry, more, late };
    }
    throw new Error(`hand-over: its held notice ${entryKey} drawn again while being read`);
  }

  /**
   * Hand-overs' late notices (`late`) kept as owed REPAIR_LATE_MS or more before `now` but never
   * written (the database failing on that write, the instance stopping before it), across
   * workspaces: written now under their keys (one there already goes once) and no longer owed.
   * A failure is logged: the next pass tries again. How many were written.
   */
  async repairLate(now: Date, log: Logger, limit = 100): Promise<number> {
    let repaired = 0;
    const before = new Date(now.getTime() - REPAIR_LATE_MS);
    for (const { teamId, key, owed } of await this.outbox.handoverLateOwed(before, limit)) {
      try {
        await this.outbox.enqueueNew({ teamId, now }, [owed]);
        await this.outbox.handoverLateWritten(teamId, [key]);
        repaired++;
      } catch (err) {
        log.warn({ err, teamId, key }, 'hand-over: a late notice not written, tried again later');
      }
    }
    return repaired;
  }

  /** Nothing moved: the receiver's held DM is not sent. */
  async nothingReceived(ctx: Ctx, key: string): Promise<void> {
    await this.outbox.settleWaiting(ctx, receivedKey(key), { dropped: HANDOVER_DONE });
  }

  /**
   * The hand-over done: its summary to the manager (`ctx.actor`) takes the held one's place in
   * the outbox, in one write (as the receiver's DM does, `received`), and is delivered now: the
   * instance stopping before it is sent, the worker sends it (once, keyed). Not when the held
   * one went out (or is going out) already, the hand-over taken for cut short: the manager is
   * told once. Written again (a first try whose write landed but whose answer was lost: a
   * timeout), it is sent once. Whether the summary is this run's own.
   */
  async summary(
    ctx: Ctx,
    people: { from: string; to: string },
    result: HandoverResult,
    key: string,
  ): Promise<boolean> {
    const message = handoverDone(ctx.t, people.from, people.to, result);
    const data = { message } satisfies OutboxData['message'];
    if (!(await this.outbox.settleWaiting(ctx, summaryKey(key), { data }))) {
      const [held] = await this.outbox.byKeys(ctx.teamId, [summaryKey(key)]);
      if (held && (held.data as { handoverRun?: unknown } | undefined)?.handoverRun) return false;
      // None held (a hand-over written before its summary was), written once under its key.
      if (!held)
        await this.outbox.enqueue(ctx, [
          { key: summaryKey(key), kind: 'message', to: ctx.actor, data },
        ]);
    }
    await this.worker().deliver(ctx.teamId, [summaryKey(key)]);
    return true;
  }

  /**
   * The managers told that Slack no longer reaches `userId`, who holds open work: one DM each,
   * keyed by the person (`unreachable:<user>:<manager>`: written again, it goes once). Written
   * only; the worker delivering when Slack refused them sends it. Whether any was written.
   */
  async unreachable(
    ctx: Ctx,
    userId: string,
    counts: { tickets: number; tasks: number; customers: number },
    managers: readonly string[],
  ): Promise<boolean> {
    const message = unreachableDm(ctx.t, userId, counts);
    const keys = await this.outbox.enqueue(
      ctx,
      managers.map((manager) => ({
        key: `unreachable:${userId}:${manager}`,
        kind: 'message' as const,
        to: manager,
        data: { message } satisfies OutboxData['message'],
      })),
    );
    return keys.length > 0;
  }
}

type Moved = Pick<HandoverResult, 'tickets' | 'tasks' | 'customers'>;

function idsOf(moved: Moved): HandoverIds {
  return {
    ticketIds: moved.tickets.map((x) => x.id),
    taskIds: moved.tasks.map((x) => x.id),
    customerCodes: moved.customers.map((x) => x.code),
  };
}

function noneOf(moved: Moved): boolean {
  return !moved.tickets.length && !moved.tasks.length && !moved.customers.length;
}

/** Whether every record of `some` is one of `all`. */
function within(some: HandoverIds, all: HandoverIds): boolean {
  const has = (xs: string[], ys: string[]) => xs.every((x) => ys.includes(x));
  return (
    has(some.ticketIds, all.ticketIds) &&
    has(some.taskIds, all.taskIds) &&
    has(some.customerCodes, all.customerCodes)
  );
}
