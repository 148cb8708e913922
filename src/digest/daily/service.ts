/**
 * The report's records kept per local day (`figures_daily`), so building a month or a quarter
 * reads one stored document per day and part instead of every ticket it touched.
 *
 * A stored day holds, for one part (tickets, tasks or orders), the report's fields of every
 * record that touches the day (a ticket received, first answered or resolved in it; a task due
 * or done in it; an order dated in it), as one JSON text, and the ids of those records. Only
 * ended days are stored.
 *
 * When a stored day is still exact: every write of a ticket, task or order stamps `updatedAt`
 * with the time it was written. The team's state document holds a watermark W: every stored day
 * reflects every record written before W. So a report (or the job) asks the database for the
 * records written since W (one query per part, a day's changes, few fields; a report's tickets
 * in the same command as its other live reads of tickets). A stored day those records touch now
 * or were filed in (their ids are in the stored days: a late resolution, a reopened ticket, a
 * late survey or task, an order imported for a past date, a record moved to another customer
 * or day) is, for a report, the day as stored less those records, plus those of them touching
 * it now, read by id: every other record of the day is as it was stored. Everything else comes
 * from the stored days.
 *
 * The `figures-daily` job (nightly) reads again from the records, for the last
 * `DAILY_FIGURES_DAYS` days: it
 * reads again and stores the days touched by the records written since W, stores the ended days
 * never stored, then moves W to its start minus `MARGIN_MS` (writes stamped just before the start
 * but committed after its query, and clocks of other instances a little behind, are read again
 * next time). Its first run (or one after the workspace's time zone changed) stores every day of
 * the span afresh. Before any run, reports read every record as before. A stored day is a pure
 * function of the records it was read from, so instances storing the same day store the same
 * thing. The job runs on one instance at a time (the job ledger's slot), but a run handed over
 * in a deploy (or stalled past its lease) goes on while another instance runs the slot, and a
 * report stores the days it read: so a stored day has a revision, read before the records it is
 * stored from, and a save goes in only while the day is still at the revision it saw
 * (DailyFactsRepository.save; no clocks compared). A save refused is read and saved again once
 * by the job: whatever refuses that one was read after this run began. Otherwise the earlier
 * run's day, saved last, would miss a write the later run's watermark says every stored day
 * holds.
 */
import { addDaysToDate, localDate } from '../../time.js';
import type { ReportTask, ReportTicket } from '../repository.js';
import type { OrderFacts, PeriodWindow } from '../types.js';
import {
  changedOf,
  DAILY_FIGURES_DAYS,
  DAILY_PARTS,
  daysOf,
  MARGIN_MS,
  type DailyFactsRepository,
  type DailyPart,
  type Day,
  type Item,
  type Order,
  type OpenSnapshot,
  type Raw,
  clockRow,
  CLOCKS_RESOLVED_DAYS,
  type ClockRow,
  type ClockSnapshot,
  type DigestLive,
} from './repository.js';
import { OPEN_STATUSES } from '../../ticket/types.js';

const OPEN: ReadonlySet<string> = new Set(OPEN_STATUSES);

/** Consecutive runs of days, for one read per run. */
function runs(days: Day[]): Day[][] {
  const out: Day[][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1]!.to.getTime() === d.from.getTime()) last.push(d);
    else out.push([d]);
  }
  return out;
}

export interface DailyStats {
  /** Days whose stored document was used. */
  stored: number;
  /** Days read from the records (changed since stored, never stored, or not ended). */
  read: number;
}

/** What a report reads through the stored days (tickets without their SLA and pauses). */
export interface DailyReportFacts {
  tickets: ReportTicket[];
  tasks: ReportTask[];
  orders: OrderFacts[];
}

/**
 * A report's tickets, tasks and orders, from the stored days where they are still exact and
 * from the records elsewhere; ended days read from the records are stored for the next time.
 */
export class DailyFacts {
  constructor(private readonly repo: DailyFactsRepository) {}

  /** Every item of `part` touching the days, each once; `now` says which days have ended. */
  private async items(
    teamId: string,
    part: DailyPart,
    timeZone: string,
    days: Day[],
    now: Date,
    watermark: Date | undefined,
    stats: DailyStats,
    changedDocs?: Promise<Raw[]>,
  ): Promise<Item[]> {
    if (!days.length) return [];
    const homes = new Map<string, number>();
    const revisions = new Map<string, number>();
    const [changed, stored] = watermark
      ? await Promise.all([
          changedDocs
            ? changedDocs.then((docs) => changedOf(part, timeZone, docs))
            : this.repo.changedSince(teamId, part, timeZone, watermark),
          this.repo.stored(
            teamId,
            part,
            timeZone,
            days.map((d) => d.day),
            true,
            homes,
            revisions,
          ),
        ])
      : [changedOf(part, timeZone, []), new Map<string, Item[]>()];
    const result: Item[][] = [];
    const missing: Day[] = [];
    const patched: { day: string; kept: Item[] }[] = [];
    const asStored: string[] = [];
    for (const d of days) {
      const kept = stored.get(d.day);
      if (!kept) missing.push(d);
      else if (!changed.days.has(d.day) && !kept.some((item) => changed.ids.has(item.id))) {
        result.push(kept);
        asStored.push(d.day);
        stats.stored++;
      } else patched.push({ day: d.day, kept });
    }
    // Every day as stored (the usual case): a record first touching a day of the period is on
    // no other day's first list, so only the others are checked for repeats.
    if (!missing.length && !patched.length) return distinctAsStored(result, asStored, homes);
    // A stored day a record written since the watermark touches (now or when it was stored):
    // the rest of the day is as stored (every other record is as it was), so only the changed
    // records touching it now are read, by id. Not stored again here (the day as parsed lacks
    // the records filed under an earlier day of the period); the nightly job stores it.
    if (patched.length) {
      const wanted = new Set(patched.map((p) => p.day));
      const fresh = await this.repo.byIds(
        teamId,
        part,
        [...changed.byId]
          .filter(([, touched]) => touched.some((d) => wanted.has(d)))
          .map(([id]) => id),
      );
      for (const { day, kept } of patched) {
        result.push(kept.filter((item) => !changed.ids.has(item.id)));
        result.push(fresh.filter((item) => changed.byId.get(item.id)?.includes(day)));
        stats.read++;
      }
    }
    const toSave: { day: string; items: Item[]; rev: number }[] = [];
    for (const run of runs(missing)) {
      const read = await this.repo.read(teamId, part, timeZone, run);
      for (const d of run) {
        const items = read.get(d.day)!;
        result.push(items);
        stats.read++;
        // At the revision seen before the read: a day another save stored meanwhile is kept.
        if (watermark && d.to.getTime() <= now.getTime())
          toSave.push({ day: d.day, items, rev: revisions.get(d.day) ?? 0 });
      }
    }
    await this.repo.save(teamId, part, timeZone, toSave, now);
    return dedupe(result.flat());
  }

  /**
   * The open tickets the job last read, when still exact with `watermark` (the tickets written
   * since it patch them): one stored with that watermark or a later one (it was read after its
   * own). Null before the job's first run, and for a snapshot older than `watermark`.
   */
  async openSnapshot(teamId: string, watermark: Date | undefined): Promise<OpenSnapshot | null> {
    if (!watermark) return null;
    const snapshot = await this.repo.open(teamId);
    return snapshot && snapshot.watermark.getTime() >= watermark.getTime() ? snapshot : null;
  }

  /**
   * The watermark, and since when the job's clocks hold the tickets resolved or closed (when it
   * stored them); none before the job's first run.
   */
  async state(
    teamId: string,
    timeZone: string,
  ): Promise<{ watermark: Date; clocksSince?: Date } | undefined> {
    const state = await this.repo.state(teamId);
    if (state?.timeZone !== timeZone) return undefined;
    return {
      watermark: state.watermark,
      ...(state.clocksSince ? { clocksSince: state.clocksSince } : {}),
    };
  }

  /** The job's clocks, when as recent as `watermark` (else null). */
  async clocks(teamId: string, watermark: Date): Promise<ClockSnapshot | null> {
    const snapshot = await this.repo.openClocks(teamId);
    return snapshot && snapshot.watermark.getTime() >= watermark.getTime() ? snapshot : null;
  }

  /** The watermark the stored days of a team hold in `timeZone`; none before the job's first run. */
  async watermark(teamId: string, timeZone: string): Promise<Date | undefined> {
    const state = await this.repo.state(teamId);
    return state?.timeZone === timeZone ? state.watermark : undefined;
  }

  /**
   * The tickets received, first answered or resolved in the window and the tasks due or done in
   * it (each once), and the orders dated from `ordersFrom` to the window's end. `watermark` is
   * `watermark()`'s; `changedTickets`, when given, the tickets written since it, read with
   * `changedFields('tickets')` by the caller (in the same command as its other ticket reads).
   */
  async forReport(
    teamId: string,
    timeZone: string,
    window: PeriodWindow,
    ordersFrom: string,
    now: Date,
    stats: DailyStats = { stored: 0, read: 0 },
    opts: { watermark?: Date; changedTickets?: Promise<Raw[]> } = {},
  ): Promise<DailyReportFacts> {
    const watermark = 'watermark' in opts ? opts.watermark : await this.watermark(teamId, timeZone);
    const days = daysOf(window.fromDate, window.toDate, timeZone);
    const [tickets, tasks, orders] = await Promise.all([
      this.items(teamId, 'tickets', timeZone, days, now, watermark, stats, opts.changedTickets),
      this.items(teamId, 'tasks', timeZone, days, now, watermark, stats),
      this.items(
        teamId,
        'orders',
        timeZone,
        daysOf(ordersFrom, window.toDate, timeZone),
        now,
        watermark,
        stats,
      ),
    ]);
    return {
      tickets: tickets as ReportTicket[],
      tasks: tasks as ReportTask[],
      orders: (orders as Order[]).map(({ id: _id, ...o }) => o),
    };
  }

  /**
   * The weekly digest's tickets of `window` from the stored days: the tickets the week's days
   * hold (as a report takes them), and the candidates for its backlog at the week's end as
   * ClockRows (every ticket open now or resolved or closed since the end; the digest keeps those
   * received before it): the job's snapshot of the clocks less the tickets written since the
   * watermark, plus those of them open now or resolved or closed since the end. The snapshot
   * holds the tickets resolved or closed since a day the job chose (`clocksSince`): for a week
   * that ended after it, the tickets written since the watermark are the one read of tickets;
   * for an earlier one the tickets resolved or closed since its end are read with them.
   * Null before the job's first run, or without a snapshot as recent as the watermark: the
   * digest then reads its tickets as before.
   */
  async forDigest(
    teamId: string,
    timeZone: string,
    window: Pick<PeriodWindow, 'from' | 'to' | 'fromDate' | 'toDate'>,
    now: Date,
    stats: DailyStats = { stored: 0, read: 0 },
  ): Promise<{ tickets: ReportTicket[]; backlog: ClockRow[] } | null> {
    const state = await this.repo.state(teamId);
    if (!state || state.timeZone !== timeZone) return null;
    const { watermark, clocksSince } = state;
    const end = window.to.getTime();
    const covered = (since: Date | undefined) => since !== undefined && since.getTime() <= end;
    const reading: Promise<DigestLive> = covered(clocksSince)
      ? this.repo.writtenSince(teamId, watermark).then((changed) => ({ since: [], changed }))
      : this.repo.digestLive(teamId, window.to, watermark);
    // The week's days as soon as the changed tickets are in, alongside the snapshot.
    const [snapshot, live, tickets] = await Promise.all([
      this.repo.openClocks(teamId),
      reading,
      this.items(
        teamId,
        'tickets',
        timeZone,
        daysOf(window.fromDate, window.toDate, timeZone),
        now,
        watermark,
        stats,
        reading.then((r) => r.changed),
      ),
    ]);
    if (!snapshot || snapshot.watermark.getTime() < watermark.getTime()) return null;
    // Read with only the changed tickets, but the snapshot stored since (another run) does not
    // hold the tickets resolved since the end: the digest reads live.
    if (covered(clocksSince) && !covered(snapshot.since)) return null;
    const candidate = (r: ClockRow) =>
      OPEN.has(r[1]) || (r[6] !== null && r[6] >= end) || (r[7] !== null && r[7] >= end);
    const written = new Set(live.changed.map((d) => String(d._id)));
    const backlog = new Map<string, ClockRow>();
    for (const row of snapshot.rows)
      if (!written.has(row[0]) && candidate(row)) backlog.set(row[0], row);
    for (const d of [...live.changed, ...live.since]) {
      const row = clockRow(d);
      if (candidate(row)) backlog.set(row[0], row);
    }
    return { tickets: tickets as ReportTicket[], backlog: [...backlog.values()] };
  }

  /**
   * The nightly job: stores again the days touched by the records written since the watermark
   * and every ended day of the last `count` days not stored, then moves the watermark (see the
   * top of this file). `now` says which days have ended; `startedAt` (default: the wall clock,
   * which the records' `updatedAt` is stamped with) less `marginMs` is the new watermark; `days`
   * the span kept; `openMaxChars` the open snapshot's largest size. Returns how many days of
   * each part were stored, and `openSnapshot` 1 when the open backlog was stored, 0 when it was
   * too big (reports then count it in the database).
   */
  async refresh(
    teamId: string,
    timeZone: string,
    now: Date,
    opts: { startedAt?: Date; marginMs?: number; days?: number; openMaxChars?: number } = {},
  ): Promise<Record<string, number>> {
    const startedAt = opts.startedAt ?? new Date();
    const count = opts.days ?? DAILY_FIGURES_DAYS;
    const state = await this.repo.state(teamId);
    const fresh = !state || state.timeZone !== timeZone;
    if (fresh) await this.repo.clear(teamId);
    const today = localDate(now, timeZone);
    const span = daysOf(addDaysToDate(today, -count), today, timeZone);
    const out: Record<string, number> = {};
    for (const part of DAILY_PARTS) {
      // Each day's revision, read before its records (DailyFactsRepository.save).
      const revisions = new Map<string, number>();
      const stored = fresh
        ? new Map<string, Item[]>()
        : await this.repo.stored(
            teamId,
            part,
            timeZone,
            span.map((d) => d.day),
            false,
            undefined,
            revisions,
          );
      const again = new Set(span.filter((d) => !stored.has(d.day)).map((d) => d.day));
      if (state && !fresh) {
        const changed = await this.repo.changedSince(teamId, part, timeZone, state.watermark);
        for (const day of changed.days) again.add(day);
        for (const day of await this.repo.daysHolding(teamId, part, changed.ids)) again.add(day);
      }
      // Ended days only; a changed day before the span only if a report stored it.
      const first = span[0]?.day ?? today;
      const before = [...again].filter((day) => day < first);
      const kept = before.length
        ? await this.repo.stored(teamId, part, timeZone, before, false, undefined, revisions)
        : new Map<string, Item[]>();
      const days = [...again]
        .filter((day) => day < today && (day >= first || kept.has(day)))
        .sort()
        .map((day) => daysOf(day, addDaysToDate(day, 1), timeZone)[0]!);
      let saved = 0;
      const refused = new Set<string>();
      const store = async (run: Day[], revs: Map<string, number>) => {
        const read = await this.repo.read(teamId, part, timeZone, run);
        const lost = await this.repo.save(
          teamId,
          part,
          timeZone,
          run.map((d) => ({ day: d.day, items: read.get(d.day)!, rev: revs.get(d.day) ?? 0 })),
          now,
        );
        saved += run.length - lost.length;
        return lost;
      };
      for (const run of runs(days)) for (const day of await store(run, revisions)) refused.add(day);
      // Days another save stored after their revision was read (an overlapping run, maybe one
      // read before a write this run's watermark will cover): read again, once, from the
      // revisions now. Should another save go in first again, that one saw a revision written
      // after this run first read the day's, so it read the day's records after this run began:
      // the day holds every write this run's watermark says it does.
      if (refused.size) {
        const again = days.filter((d) => refused.has(d.day));
        const seen = new Map<string, number>();
        await this.repo.stored(
          teamId,
          part,
          timeZone,
          again.map((d) => d.day),
          false,
          undefined,
          seen,
        );
        for (const run of runs(again)) await store(run, seen);
      }
      out[part] = saved;
    }
    const margin = opts.marginMs ?? MARGIN_MS;
    const watermark = new Date(startedAt.getTime() - margin);
    // The open backlog as of now (read after `startedAt`), for reports to patch with the tickets
    // written since the watermark instead of counting it again; before the watermark moves, so
    // a report that reads the new watermark finds it.
    // (Not stored when too big for one document: reports then count the backlog themselves.)
    // With them their clocks, the weekly digest's backlog (a document of its own).
    const clocksSince = new Date(now.getTime() - CLOCKS_RESOLVED_DAYS * 86_400_000);
    const open = await this.repo.readOpen(teamId, clocksSince);
    const kept = await this.repo.saveOpen(
      teamId,
      timeZone,
      watermark,
      open.rows,
      now,
      opts.openMaxChars,
    );
    out.openSnapshot = kept ? 1 : 0;
    const clocks = await this.repo.saveClocks(
      teamId,
      timeZone,
      watermark,
      clocksSince,
      open.clocks,
      now,
      opts.openMaxChars,
    );
    out.openClocks = clocks ? 1 : 0;
    await this.repo.setState(teamId, timeZone, watermark, now, clocks ? clocksSince : undefined);
    return out;
  }
}

/**
 * `dedupe` of stored days' items (`days[i]`'s are `items[i]`), each day's first `homes` items
 * taken as they are: the same items in the same order, without checking tens of thousands.
 */
function distinctAsStored(items: Item[][], days: string[], homes: Map<string, number>): Item[] {
  const out: Item[] = [];
  const seen = new Set<string>();
  items.forEach((kept, i) => {
    const home = homes.get(days[i]!) ?? 0;
    for (let k = 0; k < kept.length; k++) {
      const item = kept[k]!;
      if (k < home) out.push(item);
      else if (!seen.has(item.id)) {
        seen.add(item.id);
        out.push(item);
      }
    }
  });
  return out;
}

/** Tickets and tasks touch several days: each kept once (every copy used is current). */
function dedupe(items: Item[]): Item[] {
  const seen = new Map<string, Item>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}
