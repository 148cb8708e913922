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
 * records written since W (one query per part, a day's changes, few fields) and reads again
 * only the days those records touch now or were filed in (their ids are in the stored days):
 * a late resolution, a reopened ticket, a late survey or task, an order imported for a past
 * date, a record moved to another customer or day. Everything else comes from the stored days.
 *
 * The `figures-daily` job (nightly) does the same for the last `DAILY_FIGURES_DAYS` days: it
 * reads again and stores the days touched by the records written since W, stores the ended days
 * never stored, then moves W to its start minus `MARGIN_MS` (writes stamped just before the start
 * but committed after its query, and clocks of other instances a little behind, are read again
 * next time). Its first run (or one after the workspace's time zone changed) stores every day of
 * the span afresh. Before any run, reports read every record as before. A stored day is a pure
 * function of the records it was read from, so instances storing the same day store the same
 * thing; the job runs on one instance at a time (the job ledger's slot).
 */
import { trusted, type Model } from 'mongoose';
import type { Models } from '../db/models.js';
import { addDaysToDate, daysBetween, localDate, startOfLocalDay } from '../time.js';
import type { DailyFactsDoc } from './model.js';
import {
  TASK_FIELDS,
  TICKET_FIELDS,
  toOrderFacts,
  toReportTask,
  toReportTicket,
  type ReportTask,
  type ReportTicket,
} from './repository.js';
import type { OrderFacts, PeriodWindow } from './types.js';

/** The stored layout; raise it when the items' fields change, so old days are read again. */
const VERSION = 1;

/** How many days back the job keeps stored: a quarter and the quarter before (its orders). */
export const DAILY_FIGURES_DAYS = 200;

/** How far behind its start the job sets the watermark. */
export const MARGIN_MS = 5 * 60_000;

export type DailyPart = 'tickets' | 'tasks' | 'orders';
export const DAILY_PARTS: readonly DailyPart[] = ['tickets', 'tasks', 'orders'];

/** A local day: its date and the instants it spans. */
export interface Day {
  day: string;
  from: Date;
  to: Date;
}

/** The local days from `fromDate` (included) to `toDate` (excluded). */
export function daysOf(fromDate: string, toDate: string, timeZone: string): Day[] {
  const count = Math.max(0, daysBetween(fromDate, toDate));
  const dates = Array.from({ length: count + 1 }, (_, i) => addDaysToDate(fromDate, i));
  const starts = dates.map((d) => startOfLocalDay(d, timeZone));
  return dates.slice(0, count).map((day, i) => ({ day, from: starts[i]!, to: starts[i + 1]! }));
}

/** A date field a part is filed by: an instant (filed by its local day) or a local date. */
interface Key {
  field: string;
  kind: 'instant' | 'date';
}

const KEYS: Record<DailyPart, Key[]> = {
  tickets: [
    { field: 'receivedAt', kind: 'instant' },
    { field: 'firstResponseAt', kind: 'instant' },
    { field: 'resolvedAt', kind: 'instant' },
  ],
  tasks: [
    { field: 'dueDate', kind: 'date' },
    { field: 'doneAt', kind: 'instant' },
  ],
  orders: [{ field: 'date', kind: 'date' }],
};

type Order = OrderFacts & { id: string };
type Item = ReportTicket | ReportTask | Order;
type Raw = Record<string, unknown> & { _id: unknown };

/** A ticket's fields a report's figures read (report-service.ts `ticketFacts`), and its id. */
const TICKET_ITEM_FIELDS = {
  number: 1,
  type: 1,
  status: 1,
  assigneeId: 1,
  customerId: 1,
  receivedAt: 1,
  firstResponseAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  metrics: 1,
} as const satisfies Partial<Record<keyof typeof TICKET_FIELDS, 1>>;

/** One record of a part as stored and as the report takes it. */
function toItem(part: DailyPart, d: Raw): Item {
  if (part === 'tickets') {
    const { pauses: _p, ...ticket } = toReportTicket(d);
    return ticket as ReportTicket;
  }
  if (part === 'tasks') {
    const { _id, ...task } = toReportTask(d) as ReportTask & { _id?: unknown };
    return task;
  }
  return {
    ...toOrderFacts(d as unknown as Parameters<typeof toOrderFacts>[0]),
    id: String(d._id),
  };
}

const PROJECTIONS: Record<DailyPart, Record<string, 1>> = {
  tickets: { ...TICKET_ITEM_FIELDS },
  tasks: { ...TASK_FIELDS },
  orders: { customerId: 1, date: 1, amount: 1 },
};

/** The local days a record touches now. */
function daysTouched(part: DailyPart, doc: Raw, timeZone: string): string[] {
  const out = new Set<string>();
  for (const k of KEYS[part]) {
    const value = doc[k.field];
    if (k.kind === 'instant' && value instanceof Date) out.add(localDate(value, timeZone));
    if (k.kind === 'date' && typeof value === 'string') out.add(value);
  }
  return [...out];
}

/** The fields that hold instants, per part: JSON keeps them as text, read back as Dates. */
const INSTANTS: Record<DailyPart, readonly string[]> = {
  tickets: ['receivedAt', 'firstResponseAt', 'resolvedAt', 'closedAt'],
  tasks: ['doneAt'],
  orders: [],
};
const INSTANT_KEYS = new Set(Object.values(INSTANTS).flat());

/** The items as JSON; an instant in a field not listed above is a mistake (it would come back as text). */
function stringifyItems(items: Item[]): string {
  return JSON.stringify(items, function (this: Record<string, unknown>, key, value: unknown) {
    if (this[key] instanceof Date && !INSTANT_KEYS.has(key))
      throw new Error(`figures_daily: add ${key} to INSTANTS`);
    return value;
  });
}

/** The items back from their JSON text, instants as Dates again. */
function parseItems(part: DailyPart, text: string | undefined): Item[] {
  if (!text) return [];
  const items = JSON.parse(text) as Record<string, unknown>[];
  const fields = INSTANTS[part];
  for (const item of items) {
    for (const f of fields) if (typeof item[f] === 'string') item[f] = new Date(item[f]);
  }
  return items as unknown as Item[];
}

const dayId = (teamId: string, part: DailyPart, day: string) => `${teamId}:${part}:${day}`;
const stateId = (teamId: string) => `${teamId}:state`;

/** Stored days, the watermark, and the records read by day; only this touches the models. */
export class DailyFactsRepository {
  constructor(
    private readonly models: Pick<Models, 'tickets' | 'tasks' | 'orders' | 'figuresDaily'>,
  ) {}

  private source(part: DailyPart): Model<Raw> {
    return this.models[part] as unknown as Model<Raw>;
  }

  async state(teamId: string): Promise<{ watermark: Date; timeZone: string } | null> {
    const doc = await this.models.figuresDaily
      .findOne({ _id: stateId(teamId), teamId }, { watermark: 1, timeZone: 1 })
      .lean<DailyFactsDoc>();
    return doc?.watermark ? { watermark: doc.watermark, timeZone: doc.timeZone } : null;
  }

  async setState(teamId: string, timeZone: string, watermark: Date, now: Date): Promise<void> {
    await this.models.figuresDaily.updateOne(
      { _id: stateId(teamId), teamId },
      { $set: { part: 'state', timeZone, watermark, builtAt: now } },
      { upsert: true },
    );
  }

  /** Forgets every stored day and the watermark of a team. */
  async clear(teamId: string): Promise<void> {
    await this.models.figuresDaily.deleteMany({ teamId });
  }

  /** The records of a part written since `since`: their ids and the days they touch now. */
  async changedSince(
    teamId: string,
    part: DailyPart,
    timeZone: string,
    since: Date,
  ): Promise<{ ids: Set<string>; days: Set<string> }> {
    const projection = Object.fromEntries(KEYS[part].map((k) => [k.field, 1]));
    const docs = await this.source(part)
      .find({ teamId, updatedAt: trusted({ $gte: since }) }, projection)
      .lean<Raw[]>();
    const ids = new Set<string>();
    const days = new Set<string>();
    for (const d of docs) {
      ids.add(String(d._id));
      for (const day of daysTouched(part, d, timeZone)) days.add(day);
    }
    return { ids, days };
  }

  /** The stored days that hold any of the records `ids`. */
  async daysHolding(teamId: string, part: DailyPart, ids: Set<string>): Promise<string[]> {
    if (!ids.size) return [];
    const docs = await this.models.figuresDaily
      .find({ teamId, part, ids: trusted({ $in: [...ids] }) }, { day: 1 })
      .lean<DailyFactsDoc[]>();
    return docs.map((d) => d.day!);
  }

  /** The stored days among `days` (their items unless `withItems` is false). */
  async stored(
    teamId: string,
    part: DailyPart,
    timeZone: string,
    days: string[],
    withItems = true,
  ): Promise<Map<string, Item[]>> {
    const docs = await this.models.figuresDaily
      .find(
        { teamId, _id: trusted({ $in: days.map((d) => dayId(teamId, part, d)) }) },
        { day: 1, timeZone: 1, version: 1, ...(withItems ? { items: 1 } : {}) },
      )
      .lean<DailyFactsDoc[]>();
    const out = new Map<string, Item[]>();
    for (const d of docs)
      if (d.timeZone === timeZone && d.version === VERSION)
        out.set(d.day!, withItems ? parseItems(part, d.items) : []);
    return out;
  }

  /** The records of consecutive days, read from their collection and filed by day. */
  async read(
    teamId: string,
    part: DailyPart,
    timeZone: string,
    days: Day[],
  ): Promise<Map<string, Item[]>> {
    const from = days[0]!.from;
    const to = days[days.length - 1]!.to;
    const fromDate = days[0]!.day;
    const toDate = addDaysToDate(days[days.length - 1]!.day, 1);
    const docs = await this.source(part)
      .find(
        {
          teamId,
          $or: KEYS[part].map((k) => ({
            [k.field]: trusted(
              k.kind === 'instant' ? { $gte: from, $lt: to } : { $gte: fromDate, $lt: toDate },
            ),
          })),
        },
        PROJECTIONS[part],
      )
      .lean<Raw[]>();
    const out = new Map(days.map((d) => [d.day, [] as Item[]]));
    for (const doc of docs) {
      const item = toItem(part, doc);
      for (const day of daysTouched(part, doc, timeZone)) out.get(day)?.push(item);
    }
    return out;
  }

  /** Stores days (each replaces what was stored for it). */
  async save(
    teamId: string,
    part: DailyPart,
    timeZone: string,
    days: { day: string; items: Item[] }[],
    now: Date,
  ): Promise<void> {
    if (!days.length) return;
    await this.models.figuresDaily.bulkWrite(
      days.map((d) => ({
        replaceOne: {
          filter: { _id: dayId(teamId, part, d.day), teamId },
          replacement: {
            _id: dayId(teamId, part, d.day),
            teamId,
            part,
            day: d.day,
            timeZone,
            version: VERSION,
            ids: d.items.map((i) => i.id),
            items: stringifyItems(d.items),
            builtAt: now,
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
}

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
  ): Promise<Item[]> {
    if (!days.length) return [];
    const [changed, stored] = watermark
      ? await Promise.all([
          this.repo.changedSince(teamId, part, timeZone, watermark),
          this.repo.stored(
            teamId,
            part,
            timeZone,
            days.map((d) => d.day),
          ),
        ])
      : [{ ids: new Set<string>(), days: new Set<string>() }, new Map<string, Item[]>()];
    const result: Item[][] = [];
    const missing: Day[] = [];
    for (const d of days) {
      const kept = stored.get(d.day);
      const exact =
        kept && !changed.days.has(d.day) && !kept.some((item) => changed.ids.has(item.id));
      if (exact) {
        result.push(kept);
        stats.stored++;
      } else missing.push(d);
    }
    const toSave: { day: string; items: Item[] }[] = [];
    for (const run of runs(missing)) {
      const read = await this.repo.read(teamId, part, timeZone, run);
      for (const d of run) {
        const items = read.get(d.day)!;
        result.push(items);
        stats.read++;
        if (watermark && d.to.getTime() <= now.getTime()) toSave.push({ day: d.day, items });
      }
    }
    await this.repo.save(teamId, part, timeZone, toSave, now);
    return dedupe(result.flat());
  }

  /**
   * The tickets received, first answered or resolved in the window and the tasks due or done in
   * it (each once), and the orders dated from `ordersFrom` to the window's end.
   */
  async forReport(
    teamId: string,
    timeZone: string,
    window: PeriodWindow,
    ordersFrom: string,
    now: Date,
    stats: DailyStats = { stored: 0, read: 0 },
  ): Promise<DailyReportFacts> {
    const state = await this.repo.state(teamId);
    const watermark = state?.timeZone === timeZone ? state.watermark : undefined;
    const days = daysOf(window.fromDate, window.toDate, timeZone);
    const [tickets, tasks, orders] = await Promise.all([
      this.items(teamId, 'tickets', timeZone, days, now, watermark, stats),
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
   * The nightly job: stores again the days touched by the records written since the watermark
   * and every ended day of the last `count` days not stored, then moves the watermark (see the
   * top of this file). `now` says which days have ended; `startedAt` (default: the wall clock,
   * which the records' `updatedAt` is stamped with) less `marginMs` is the new watermark; `days`
   * the span kept. Returns how many days of each part were stored.
   */
  async refresh(
    teamId: string,
    timeZone: string,
    now: Date,
    opts: { startedAt?: Date; marginMs?: number; days?: number } = {},
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
      const stored = fresh
        ? new Map<string, Item[]>()
        : await this.repo.stored(
            teamId,
            part,
            timeZone,
            span.map((d) => d.day),
            false,
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
        ? await this.repo.stored(teamId, part, timeZone, before, false)
        : new Map<string, Item[]>();
      const days = [...again]
        .filter((day) => day < today && (day >= first || kept.has(day)))
        .sort()
        .map((day) => daysOf(day, addDaysToDate(day, 1), timeZone)[0]!);
      let saved = 0;
      for (const run of runs(days)) {
        const read = await this.repo.read(teamId, part, timeZone, run);
        await this.repo.save(
          teamId,
          part,
          timeZone,
          run.map((d) => ({ day: d.day, items: read.get(d.day)! })),
          now,
        );
        saved += run.length;
      }
      out[part] = saved;
    }
    const margin = opts.marginMs ?? MARGIN_MS;
    await this.repo.setState(teamId, timeZone, new Date(startedAt.getTime() - margin), now);
    return out;
  }
}

/** Tickets and tasks touch several days: each kept once (every copy used is current). */
function dedupe(items: Item[]): Item[] {
  const seen = new Map<string, Item>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}
