/** The stored days of the reports' records: see ./service.ts. Only this file touches the models. */
import { randomUUID } from 'node:crypto';
import { trusted, type Model } from 'mongoose';
import { onlyDuplicateKeys } from '../../db/errors.js';
import type { Models } from '../../db/models.js';
import { addDaysToDate, daysBetween, localDate, startOfLocalDay } from '../../time.js';
import type { DailyFactsDoc } from '../model.js';
import {
  dueTimesMovedSince,
  TASK_FIELDS,
  TICKET_FIELDS,
  TICKET_INSTANTS,
  toOrderFacts,
  toReportTask,
  toReportTicket,
  type ReportTask,
  type ReportTicket,
  type TicketClockOf,
} from '../repository.js';
import type { OrderFacts } from '../types.js';
import { OPEN_STATUSES } from '../../ticket/types.js';

const OPEN: ReadonlySet<string> = new Set(OPEN_STATUSES);

/**
 * The stored layout; raise it when the items' fields change, so old days are read again. 4: a
 * ticket's row without its number, its type and status as codes, its answer, resolution and
 * closing as offsets from its receipt (layout 3 kept them whole). 5: a task with who made it
 * and its moves, filed also by the days it was moved from. 6: and by the days it was moved on.
 * 7: a ticket's row with who gave its first response. 8: a task with who marked it done. 9: a
 * task with when it was planned, filed also by that day (an upgrade intent's hand-off). 10: a
 * ticket's row with its next replies and how many were late. 11: a task with why it was
 * cancelled (the follow-ups closed as "customer not reached"). 12: and who cancelled it (the
 * per-agent "customer not reached"). 13: a ticket's row with when it was entered, filed also by
 * that day (one entered after its receipt's period is opened then: figures.ts `openedAt`). 14:
 * its next replies those since a reopen (figures.ts `nextReplyCounts`). 15: a task with when it
 * was cancelled (one cancelled by a reopen after its day was missed: figures.ts `dueFollowUp`). 16: a ticket's row
 * with how late it was logged and by whom (`metrics.loggedLateMinutes`, `createdBy`). 17: a
 * complaint's waived contact, since when (`contactWaivedAt`: not missed when due after it). 18:
 * and its first attempt that did not reach the customer (the digest's "customer not reached").
 */
const VERSION = 18;

/**
 * The layout of the open tickets' clocks (the weekly digest's snapshot, a document of its own
 * beside the open snapshot); another layout is not used (the digest reads its tickets as before
 * the stored days) until the job stores it again. 5: a row with the last next replies owed that are
 * no longer (`pastReplies`: one owed at a week's end, given before the digest, however many since).
 * 6: a complaint's waived contact, since when (`contactWaivedAt`). 7: and its first attempt
 * that did not reach the customer.
 */
const CLOCKS_VERSION = 7;

/**
 * The layout of the open snapshot (OpenRow[]); another layout is not used (reports count the
 * backlog in the database, as before the job's first run) until the job stores it again. Up to
 * 10 it was the days' (VERSION); 11: a row with its next reply's due time.
 */
const OPEN_VERSION = 11;

/**
 * How far back the clocks also hold the tickets resolved or closed (from the job's `now`): a
 * week that ended since takes its backlog from them without asking the database which tickets
 * were resolved or closed after its end (two branches fewer in its one scan of `tickets`).
 */
export const CLOCKS_RESOLVED_DAYS = 14;

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
  tickets: TICKET_INSTANTS.map((field) => ({ field, kind: 'instant' as const })),
  tasks: [
    { field: 'dueDate', kind: 'date' },
    { field: 'doneAt', kind: 'instant' },
    // Judged by a day it was moved from (figures.ts `taskFactsOf`); moves counted when made.
    { field: 'rescheduled.from', kind: 'date' },
    { field: 'rescheduled.at', kind: 'instant' },
    // Planned that day: an upgrade intent's hand-off counts then (figures.ts `weekFigures`).
    { field: 'createdAt', kind: 'instant' },
  ],
  orders: [{ field: 'date', kind: 'date' }],
};

export type Order = OrderFacts & { id: string };
export type Item = ReportTicket | ReportTask | Order;
export type Raw = Record<string, unknown> & { _id: unknown };

/** A ticket's fields a report's figures read (report-service.ts `ticketFacts`): all but the SLA
 * and the pauses, which only the open backlog's overdue check needs. */
const { sla: _sla, pauses: _pauses, ...TICKET_ITEM_FIELDS } = TICKET_FIELDS;

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

/** A field of a record by its dotted path (`survey.at`); through an array, each element's. */
function valuesAt(doc: Record<string, unknown>, path: string): unknown[] {
  let values: unknown[] = [doc];
  for (const key of path.split('.'))
    values = values.flatMap((value) => {
      const next =
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      return Array.isArray(next) ? next : [next];
    });
  return values;
}

/** The local days a record touches now. */
function daysTouched(part: DailyPart, doc: Raw, timeZone: string): string[] {
  const out = new Set<string>();
  for (const k of KEYS[part]) {
    for (const value of valuesAt(doc, k.field)) {
      if (k.kind === 'instant' && value instanceof Date) out.add(localDate(value, timeZone));
      if (k.kind === 'date' && typeof value === 'string') out.add(value);
    }
  }
  return [...out];
}

/** The fields that hold instants, per part: JSON keeps them as text, read back as Dates. */
const INSTANTS: Record<Exclude<DailyPart, 'tickets'>, readonly string[]> = {
  tasks: ['doneAt', 'rescheduled.at', 'createdAt', 'cancelledAt'],
  orders: [],
};
// JSON.stringify's replacer sees a nested field by its last key.
const INSTANT_KEYS = new Set(
  Object.values(INSTANTS)
    .flat()
    .map((f) => f.split('.').pop()!),
);

/** An instant as epoch milliseconds (`null` when absent): numbers parse far faster than ISO text. */
const ms = (d: unknown): number | null => (d instanceof Date ? d.getTime() : null);
const at = (n: unknown): Date | undefined => (typeof n === 'number' ? new Date(n) : undefined);

/** A complaint's clocks in a stored row (TicketRow and ClockRow alike): epoch milliseconds. */
type ComplaintCells = [
  contactDueAt: number | null,
  contactedAt: number | null,
  resolutionDueAt: number | null,
  repeatOf: string[] | null,
  /** Layout 17 (clocks 6): a contact waived as owed no more, since when (`contactWaivedAt`). */
  contactWaivedAt?: number | null,
  /** Layout 18 (clocks 7): its first attempt that did not reach the customer (`attempts[0].at`). */
  triedAt?: number | null,
];

const complaintCells = (c: {
  contactDueAt?: unknown;
  contactedAt?: unknown;
  resolutionDueAt?: unknown;
  repeatOf?: string[];
  contactWaivedAt?: unknown;
  attempts?: { at?: unknown }[];
}): ComplaintCells => [
  ms(c.contactDueAt),
  ms(c.contactedAt),
  ms(c.resolutionDueAt),
  c.repeatOf ?? null,
  ms(c.contactWaivedAt),
  ms(c.attempts?.[0]?.at),
];

/**
 * A complaint's waiver time (absent in rows stored before layout 17) and first attempt that did
 * not reach the customer (before layout 18) in its cells.
 */
export const complaintAddedCells = (
  c: ComplaintCells,
): { contactWaivedAt?: Date; attempts?: { at: Date }[] } => ({
  ...(typeof c[4] === 'number' ? { contactWaivedAt: new Date(c[4]) } : {}),
  ...(typeof c[5] === 'number' ? { attempts: [{ at: new Date(c[5]) }] } : {}),
});

/**
 * A ticket as stored: one array of the fields a report's figures read (report-service.ts
 * `ticketFacts`, less the number, which no figure reads), absent values as null: its type and
 * status as their codes below (a value not listed as itself), its receipt as epoch milliseconds
 * and its first answer, resolution and closing as milliseconds after it (as epoch milliseconds
 * when it has no receipt). Tens of thousands of tickets (a quarter) ship and parse as arrays of
 * numbers and a few strings: shorter text, fewer strings made, than objects with ISO dates.
 */
type TicketRow = [
  id: string,
  type: number | string,
  status: number | string,
  customerId: string,
  assigneeId: string | null,
  receivedAt: number | null,
  firstResponseAt: number | null,
  resolvedAt: number | null,
  closedAt: number | null,
  firstResponseMinutes: number | null,
  responseBreached: boolean | null,
  resolutionMinutes: number | null,
  resolutionBreached: boolean | null,
  firstContactResolution: boolean | null,
  survey:
    | [sentAt: number | null, satisfaction: number | null, nps: number | null, at: number | null]
    | null,
  complaint: ComplaintCells | null,
  firstResponseBy: string | null,
  /** Added after layout 4 (absent in rows stored before): a merged duplicate's target. */
  mergedInto?: string | null,
  /**
   * Layout 10: its next replies given, and how many of them late; since layout 14 those its
   * resolution counts (since a reopen: figures.ts `nextReplyCounts`).
   */
  nextReplies?: number | null,
  nextReplyBreaches?: number | null,
  /** Layout 13: when it was entered, milliseconds after its receipt (as the answer above). */
  createdAt?: number | null,
  /** Layout 16: logged over 1 h after its receipt (`metrics.loggedLateMinutes`), and who filed it. */
  loggedLate?: [minutes: number, by: string | null] | null,
];

/** The codes of layout 4 (fixed with it: a new value is stored as itself). */
const TYPE_CODES = ['consultation', 'complaint', 'after_sales', 'demand', 'other'] as const;
const STATUS_CODES = ['new', 'assigned', 'waiting', 'resolved', 'closed'] as const;
const encode = (codes: readonly string[], value: string): number | string => {
  const code = codes.indexOf(value);
  return code < 0 ? value : code;
};
const decode = (codes: readonly string[], value: number | string): string =>
  typeof value === 'number' ? codes[value]! : value;

function ticketRow(t: ReportTicket): TicketRow {
  const m = t.metrics ?? {};
  const s = t.survey;
  const c = t.complaint;
  const received = ms(t.receivedAt);
  const after = (d: Date | undefined) =>
    d instanceof Date ? (received === null ? d.getTime() : d.getTime() - received) : null;
  return [
    t.id,
    encode(TYPE_CODES, t.type),
    encode(STATUS_CODES, t.status),
    t.customerId,
    t.assigneeId ?? null,
    received,
    after(t.firstResponseAt),
    after(t.resolvedAt),
    after(t.closedAt),
    m.firstResponseMinutes ?? null,
    m.responseBreached ?? null,
    m.resolutionMinutes ?? null,
    m.resolutionBreached ?? null,
    m.firstContactResolution ?? null,
    s ? [ms(s.sentAt), s.satisfaction ?? null, s.nps ?? null, ms(s.at)] : null,
    c ? complaintCells(c) : null,
    m.firstResponseBy ?? null,
    t.mergedInto ?? null,
    // Those its resolution counts (figures.ts `nextReplyCounts`), the reopened's earlier left out.
    m.nextReplies === undefined ? null : m.nextReplies - (m.nextRepliesCounted ?? 0),
    m.nextReplyBreaches === undefined
      ? null
      : m.nextReplyBreaches - (m.nextReplyBreachesCounted ?? 0),
    after(t.createdAt),
    m.loggedLateMinutes ? [m.loggedLateMinutes, t.createdBy ?? null] : null,
  ];
}

/** A stored ticket back as the report takes it (the fields `ticketRow` keeps, absent ones left out). */
function fromTicketRow(r: TicketRow): ReportTicket {
  const metrics: ReportTicket['metrics'] = {} as ReportTicket['metrics'];
  if (r[9] !== null) metrics.firstResponseMinutes = r[9];
  if (r[10] !== null) metrics.responseBreached = r[10];
  if (r[11] !== null) metrics.resolutionMinutes = r[11];
  if (r[12] !== null) metrics.resolutionBreached = r[12];
  if (r[13] !== null) metrics.firstContactResolution = r[13];
  if (typeof r[16] === 'string') metrics.firstResponseBy = r[16];
  if (typeof r[18] === 'number') metrics.nextReplies = r[18];
  if (typeof r[19] === 'number') metrics.nextReplyBreaches = r[19];
  const late = r[21];
  if (late) metrics.loggedLateMinutes = late[0];
  const received = r[5];
  const base = received ?? 0;
  const t = {
    id: r[0],
    number: '',
    type: decode(TYPE_CODES, r[1]),
    status: decode(STATUS_CODES, r[2]),
    customerId: r[3],
    receivedAt: at(received),
    metrics,
  } as unknown as ReportTicket;
  if (r[4] !== null) t.assigneeId = r[4];
  if (r[6] !== null) t.firstResponseAt = new Date(base + r[6]);
  if (r[7] !== null) t.resolvedAt = new Date(base + r[7]);
  if (r[8] !== null) t.closedAt = new Date(base + r[8]);
  if (typeof r[17] === 'string') t.mergedInto = r[17];
  if (typeof r[20] === 'number') t.createdAt = new Date(base + r[20]);
  if (late && late[1] !== null) t.createdBy = late[1];
  const s = r[14];
  if (s) {
    const survey = {} as NonNullable<ReportTicket['survey']>;
    if (s[0] !== null) survey.sentAt = at(s[0])!;
    if (s[1] !== null) survey.satisfaction = s[1];
    if (s[2] !== null) survey.nps = s[2];
    if (s[3] !== null) survey.at = at(s[3])!;
    t.survey = survey;
  }
  const c = r[15];
  if (c) {
    const complaint = {} as NonNullable<ReportTicket['complaint']>;
    if (c[0] !== null) complaint.contactDueAt = at(c[0])!;
    if (c[1] !== null) complaint.contactedAt = at(c[1])!;
    if (c[2] !== null) complaint.resolutionDueAt = at(c[2])!;
    if (c[3] !== null) complaint.repeatOf = c[3];
    Object.assign(complaint, complaintAddedCells(c));
    t.complaint = complaint;
  }
  return t;
}

/** The items as JSON; an instant in a field not listed above is a mistake (it would come back as text). */
function stringifyItems(part: DailyPart, items: Item[]): string {
  if (part === 'tickets') return JSON.stringify((items as ReportTicket[]).map(ticketRow));
  return JSON.stringify(items, function (this: Record<string, unknown>, key, value: unknown) {
    if (this[key] instanceof Date && !INSTANT_KEYS.has(key))
      throw new Error(`figures_daily: add ${key} to INSTANTS`);
    return value;
  });
}

/** The items back from their JSON text, instants as Dates again. */
function parseItems(part: DailyPart, text: string | undefined): Item[] {
  if (!text) return [];
  if (part === 'tickets') return (JSON.parse(text) as TicketRow[]).map(fromTicketRow);
  const items = JSON.parse(text) as Record<string, unknown>[];
  const fields = INSTANTS[part];
  for (const item of items) {
    for (const f of fields) {
      const [head, key] = f.split('.') as [string, string | undefined];
      const held = key ? (item[head] as unknown) : item;
      const name = key ?? head;
      // A nested field of an array (`rescheduled.at`): each element's.
      const holders = (Array.isArray(held) ? held : [held]) as (
        Record<string, unknown> | undefined
      )[];
      for (const holder of holders)
        if (holder && typeof holder[name] === 'string') holder[name] = new Date(holder[name]);
    }
  }
  return items as unknown as Item[];
}

/** A day's items: those first touching it, and the others grouped by the day they first touch. */
function fileByFirstDay(part: DailyPart, timeZone: string, day: string, items: Item[]) {
  const home: Item[] = [];
  const carried = new Map<string, Item[]>();
  for (const item of items) {
    const first = daysTouched(part, item as unknown as Raw, timeZone).sort()[0] ?? day;
    if (first >= day) home.push(item);
    else carried.set(first, [...(carried.get(first) ?? []), item]);
  }
  return {
    items: stringifyItems(part, home),
    carried: [...carried].map(([first, group]) => ({
      home: first,
      items: stringifyItems(part, group),
    })),
  };
}

/** The fields a part's changed records are read with: their ids and the dates filing them. */
export function changedFields(part: DailyPart): Record<string, 1> {
  return Object.fromEntries(KEYS[part].map((k) => [k.field, 1]));
}

/** The records of a part written since the watermark: by id, the days each touches now. */
export interface Changed {
  ids: Set<string>;
  days: Set<string>;
  byId: Map<string, string[]>;
}

/** The changed records as read with `changedFields(part)`, filed by the days they touch now. */
export function changedOf(part: DailyPart, timeZone: string, docs: Raw[]): Changed {
  const byId = new Map<string, string[]>();
  const days = new Set<string>();
  for (const d of docs) {
    const touched = daysTouched(part, d, timeZone);
    byId.set(String(d._id), touched);
    for (const day of touched) days.add(day);
  }
  return { ids: new Set(byId.keys()), days, byId };
}

const dayId = (teamId: string, part: DailyPart, day: string) => `${teamId}:${part}:${day}`;
const stateId = (teamId: string) => `${teamId}:state`;
const openId = (teamId: string) => `${teamId}:open`;
const clocksId = (teamId: string) => `${teamId}:clocks`;

/** The open snapshot's largest text: well under MongoDB's 16 MB document limit. */
export const OPEN_SNAPSHOT_MAX_CHARS = 12_000_000;

/**
 * An open ticket as the open backlog's snapshot keeps it: id, received, resolution, response and
 * next reply due (epoch ms).
 */
export type OpenRow = [
  id: string,
  receivedAt: number | null,
  resolutionDueAt: number | null,
  responseDueAt: number | null,
  replyDueAt: number | null,
];

/** The tickets open when the job read them, valid with any watermark up to `watermark`. */
export interface OpenSnapshot {
  watermark: Date;
  rows: OpenRow[];
}

/**
 * A ticket as the weekly digest takes it for its backlog at a week's end (an open ticket of the
 * snapshot, or one read live): whether it was open then, past its SLA then (worked out from its
 * clock, or from its stored due times for the tickets the digest counts by them), and the fields
 * its figures read of a ticket no day of the week holds. Instants as epoch ms.
 */
export type ClockRow = [
  id: string,
  status: string,
  type: string,
  customerId: string,
  receivedAt: number | null,
  firstResponseAt: number | null,
  resolvedAt: number | null,
  closedAt: number | null,
  surveySentAt: number | null,
  surveyAt: number | null,
  resolutionDueAt: number | null,
  responseDueAt: number | null,
  sla: [responseMinutes: number, resolutionMinutes: number, aroundTheClock: boolean] | null,
  pauses: [from: number, to: number | null][],
  complaint: ComplaintCells | null,
  replyFrom: number | null,
  replyDueAt: number | null,
  pastReplies: [from: number, until: number][],
];

/** The fields a ticket's ClockRow is made of. */
export const CLOCK_ROW_FIELDS = {
  status: 1,
  type: 1,
  customerId: 1,
  receivedAt: 1,
  firstResponseAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  'survey.sentAt': 1,
  'survey.at': 1,
  resolutionDueAt: 1,
  responseDueAt: 1,
  sla: 1,
  pauses: 1,
  complaint: 1,
  replyFrom: 1,
  replyDueAt: 1,
  pastReplies: 1,
} as const;

/** A ticket read with CLOCK_ROW_FIELDS as its ClockRow. */
export function clockRow(d: Raw): ClockRow {
  const survey = d.survey as { sentAt?: unknown; at?: unknown } | undefined;
  const sla = d.sla as
    { responseMinutes: number; resolutionMinutes: number; aroundTheClock?: boolean } | undefined;
  const pauses = (d.pauses as { from: Date; to?: Date }[] | undefined) ?? [];
  const c = d.complaint as
    | {
        contactDueAt?: Date;
        contactedAt?: Date;
        resolutionDueAt?: Date;
        repeatOf?: string[];
        contactWaivedAt?: Date;
        attempts?: { at?: Date }[];
      }
    | undefined;
  const past = (d.pastReplies as { from?: unknown; until?: unknown }[] | undefined) ?? [];
  return [
    String(d._id),
    String(d.status),
    String(d.type),
    String(d.customerId),
    ms(d.receivedAt),
    ms(d.firstResponseAt),
    ms(d.resolvedAt),
    ms(d.closedAt),
    ms(survey?.sentAt),
    ms(survey?.at),
    ms(d.resolutionDueAt),
    ms(d.responseDueAt),
    sla ? [sla.responseMinutes, sla.resolutionMinutes, sla.aroundTheClock === true] : null,
    pauses.map((p) => [p.from.getTime(), p.to instanceof Date ? p.to.getTime() : null]),
    c ? complaintCells(c) : null,
    ms(d.replyFrom),
    ms(d.replyDueAt),
    past.flatMap((s): [number, number][] => {
      const [from, until] = [ms(s.from), ms(s.until)];
      return from === null || until === null ? [] : [[from, until]];
    }),
  ];
}

/** A ClockRow's last next replies owed that are no longer, as a clock has them (`pastReplies`). */
export function pastRepliesOf(r: ClockRow): { pastReplies?: { from: Date; until: Date }[] } {
  return r[17].length
    ? {
        pastReplies: r[17].map(([from, until]) => ({
          from: new Date(from),
          until: new Date(until),
        })),
      }
    : {};
}

/**
 * From the clocks of the tickets open or resolved or closed since some day before `to` (the
 * snapshot's rows less the tickets written since its watermark, plus those, read with
 * CLOCK_ROW_FIELDS), what a report reads live otherwise (ReportSource.ticketReads): the tickets
 * received before `to` and resolved since (their clocks), those open now whose stored due times
 * moved since `to` (waiting, or first answered since: their clocks), and the complaints received before
 * `to`, past their resolution target then and not resolved by then. (A complaint closed without
 * resolution before the snapshot's day is not among them; closed before `to`, it counts in no
 * figure.)
 */
export function resolvedAndLate(rows: ClockRow[], changed: Raw[], to: Date) {
  const end = to.getTime();
  const written = new Set(changed.map((d) => String(d._id)));
  const all = [...rows.filter((r) => !written.has(r[0])), ...changed.map(clockRow)];
  const date = (n: number | null) => (n === null ? undefined : new Date(n));
  const clock = (r: ClockRow) => {
    const [, , , , received, responded, resolved, closed] = r;
    const sla = r[12] ?? [0, 0, false];
    return {
      receivedAt: new Date(received!),
      ...(responded === null ? {} : { firstResponseAt: new Date(responded) }),
      ...(resolved === null ? {} : { resolvedAt: new Date(resolved) }),
      ...(closed === null ? {} : { closedAt: new Date(closed) }),
      ...(r[15] === null ? {} : { replyFrom: new Date(r[15]) }),
      ...pastRepliesOf(r),
      sla: { responseMinutes: sla[0], resolutionMinutes: sla[1], aroundTheClock: sla[2] },
      pauses: r[13].map(([from, until]) =>
        until === null ? { from: new Date(from) } : { from: new Date(from), to: new Date(until) },
      ),
    };
  };
  const received = (r: ClockRow) => r[4] !== null && r[4] < end;
  const resolvedSince = all.filter((r) => r[6] !== null && r[6] >= end && received(r) && r[12]);
  const moved = all.filter(
    (r) => OPEN.has(r[1]) && received(r) && dueTimesMovedSince(r[1], r[5], end, r[17]),
  );
  const late = all.filter((r) => {
    const c = r[14];
    return (
      r[2] === 'complaint' &&
      received(r) &&
      c !== null &&
      c[2] !== null &&
      c[2] < end &&
      (r[6] === null || r[6] >= end)
    );
  });
  return {
    resolvedSince: resolvedSince.map(clock),
    moved: moved.map((r): TicketClockOf => ({ ...clock(r), id: r[0] })),
    late: late.map((r): ReportTicket => {
      const c = r[14]!;
      return {
        ...clock(r),
        id: r[0],
        number: '',
        type: r[2],
        status: r[1],
        customerId: r[3],
        metrics: {},
        complaint: {
          contactDueAt: date(c[0])!,
          ...(c[1] === null ? {} : { contactedAt: new Date(c[1]) }),
          resolutionDueAt: new Date(c[2]!),
          ...(c[3] === null ? {} : { repeatOf: c[3] }),
          ...complaintAddedCells(c),
        },
      } as unknown as ReportTicket;
    }),
  };
}

/**
 * The weekly digest's backlog snapshot: the clocks of the tickets open when the job read them
 * and of those resolved or closed since `since`.
 */
export interface ClockSnapshot {
  watermark: Date;
  since: Date;
  rows: ClockRow[];
}

/** What the weekly digest reads live of tickets when it takes its week from the stored days. */
export interface DigestLive {
  /** Received before the week's end, resolved or closed since (ClockRow's fields). */
  since: Raw[];
  /** Written since the watermark (ClockRow's fields, which hold the stored days' keys). */
  changed: Raw[];
}

/** The fields of a ticket written since the watermark that patch the open snapshot. */
export const OPEN_FIELDS = {
  status: 1,
  receivedAt: 1,
  resolutionDueAt: 1,
  responseDueAt: 1,
  replyDueAt: 1,
} as const;

/** An open ticket's row, from a ticket read with OPEN_FIELDS. */
export function openRow(d: Raw): OpenRow {
  return [
    String(d._id),
    ms(d.receivedAt),
    ms(d.resolutionDueAt),
    ms(d.responseDueAt),
    ms(d.replyDueAt),
  ];
}

/** Whether a ticket read with OPEN_FIELDS is open now. */
export function isOpen(d: Raw): boolean {
  return (OPEN_STATUSES as unknown[]).includes(d.status);
}

/** Stored days, the watermark, and the records read by day; only this touches the models. */
export class DailyFactsRepository {
  constructor(
    private readonly models: Pick<Models, 'tickets' | 'tasks' | 'orders' | 'figuresDaily'>,
  ) {}

  private source(part: DailyPart): Model<Raw> {
    return this.models[part] as unknown as Model<Raw>;
  }

  /** The watermark, and since when the clocks stored with it hold the tickets resolved. */
  async state(
    teamId: string,
  ): Promise<{ watermark: Date; timeZone: string; clocksSince?: Date } | null> {
    const doc = await this.models.figuresDaily
      .findOne({ _id: stateId(teamId), teamId }, { watermark: 1, timeZone: 1, clocksSince: 1 })
      .lean<DailyFactsDoc>();
    return doc?.watermark
      ? {
          watermark: doc.watermark,
          timeZone: doc.timeZone,
          ...(doc.clocksSince ? { clocksSince: doc.clocksSince } : {}),
        }
      : null;
  }

  async setState(
    teamId: string,
    timeZone: string,
    watermark: Date,
    now: Date,
    clocksSince?: Date,
  ): Promise<void> {
    await this.models.figuresDaily.updateOne(
      { _id: stateId(teamId), teamId },
      clocksSince
        ? { $set: { part: 'state', timeZone, watermark, builtAt: now, clocksSince } }
        : {
            $set: { part: 'state', timeZone, watermark, builtAt: now },
            $unset: { clocksSince: 1 },
          },
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
  ): Promise<Changed> {
    const docs = await this.source(part)
      .find({ teamId, updatedAt: trusted({ $gte: since }) }, changedFields(part))
      .lean<Raw[]>();
    return changedOf(part, timeZone, docs);
  }

  /**
   * The team's open tickets now, as the open snapshot keeps them, and the clocks of those and
   * of the tickets resolved or closed since `since`.
   */
  async readOpen(teamId: string, since: Date): Promise<{ rows: OpenRow[]; clocks: ClockRow[] }> {
    const docs = await this.models.tickets
      .find(
        {
          $or: [
            { status: trusted({ $in: OPEN_STATUSES }), teamId },
            { resolvedAt: trusted({ $gte: since }), teamId },
            { closedAt: trusted({ $gte: since }), teamId },
          ],
        },
        { ...OPEN_FIELDS, ...CLOCK_ROW_FIELDS },
      )
      .lean<Raw[]>();
    return { rows: docs.filter(isOpen).map(openRow), clocks: docs.map(clockRow) };
  }

  /** The tickets written since `since` (ClockRow's fields, which hold the stored days' keys). */
  async writtenSince(teamId: string, since: Date): Promise<Raw[]> {
    return this.models.tickets
      .find({ teamId, updatedAt: trusted({ $gte: since }) }, CLOCK_ROW_FIELDS)
      .lean<Raw[]>();
  }

  /**
   * The weekly digest's live reads of tickets, in one command: those received before `to` and
   * resolved or closed since (its backlog at `to` that is not open now) and those written since
   * `since` (the stored days' and the snapshot's changes). Each branch leads with the team and
   * one indexed field.
   */
  async digestLive(teamId: string, to: Date, since: Date): Promise<DigestLive> {
    // A find, split here: on the stand-in (every query a scan) cheaper than an aggregate's
    // $facet over the same match.
    const docs = await this.models.tickets
      .find(
        {
          $or: [
            { resolvedAt: trusted({ $gte: to }), receivedAt: trusted({ $lt: to }), teamId },
            { closedAt: trusted({ $gte: to }), receivedAt: trusted({ $lt: to }), teamId },
            { updatedAt: trusted({ $gte: since }), teamId },
          ],
        },
        { ...CLOCK_ROW_FIELDS, updatedAt: 1 },
      )
      .lean<Raw[]>();
    const end = to.getTime();
    const after = (d: unknown) => d instanceof Date && d.getTime() >= end;
    return {
      since: docs.filter(
        (d) =>
          d.receivedAt instanceof Date &&
          d.receivedAt.getTime() < end &&
          (after(d.resolvedAt) || after(d.closedAt)),
      ),
      changed: docs.filter(
        (d) => d.updatedAt instanceof Date && d.updatedAt.getTime() >= since.getTime(),
      ),
    };
  }

  /**
   * Stores the open snapshot, to be used with watermarks up to `watermark`. A backlog too big
   * for one document (MongoDB's 16 MB: about 200,000 open tickets) is not stored, and the one
   * before is removed: reports then count the backlog in the database, as before the first run.
   * Returns whether it was stored.
   */
  async saveOpen(
    teamId: string,
    timeZone: string,
    watermark: Date,
    rows: OpenRow[],
    now: Date,
    maxChars = OPEN_SNAPSHOT_MAX_CHARS,
  ): Promise<boolean> {
    const items = JSON.stringify(rows);
    return this.saveSnapshot(openId(teamId), teamId, items, maxChars, {
      part: 'open',
      timeZone,
      version: OPEN_VERSION,
      watermark,
      items,
      builtAt: now,
    });
  }

  /**
   * Stores one snapshot document (its text `text`, in `fields`) under `_id`, unless the text is
   * over `maxChars`: then the one stored before is removed. Returns whether it was stored.
   */
  private async saveSnapshot(
    _id: string,
    teamId: string,
    text: string,
    maxChars: number,
    fields: Record<string, unknown>,
  ): Promise<boolean> {
    if (text.length > maxChars) {
      await this.models.figuresDaily.deleteOne({ _id, teamId });
      return false;
    }
    await this.models.figuresDaily.replaceOne(
      { _id, teamId },
      { _id, teamId, ...fields },
      { upsert: true },
    );
    return true;
  }

  /** The open snapshot, if one of this layout is stored. */
  async open(teamId: string): Promise<OpenSnapshot | null> {
    const doc = await this.models.figuresDaily
      .findOne({ _id: openId(teamId), teamId }, { watermark: 1, version: 1, items: 1 })
      .lean<DailyFactsDoc>();
    if (!doc?.watermark || doc.version !== OPEN_VERSION || typeof doc.items !== 'string')
      return null;
    return { watermark: doc.watermark, rows: JSON.parse(doc.items) as OpenRow[] };
  }

  /**
   * Stores the open tickets' clocks (ClockRow[]), to be used with watermarks up to `watermark`;
   * like `saveOpen`, not stored (and the one before removed) when too big for one document.
   */
  async saveClocks(
    teamId: string,
    timeZone: string,
    watermark: Date,
    since: Date,
    rows: ClockRow[],
    now: Date,
    maxChars = OPEN_SNAPSHOT_MAX_CHARS,
  ): Promise<boolean> {
    const clocks = JSON.stringify(rows);
    return this.saveSnapshot(clocksId(teamId), teamId, clocks, maxChars, {
      part: 'clocks',
      timeZone,
      version: CLOCKS_VERSION,
      watermark,
      clocksSince: since,
      clocks,
      builtAt: now,
    });
  }

  /** The open snapshot's clocks (the weekly digest's), if one of this layout is stored. */
  async openClocks(teamId: string): Promise<ClockSnapshot | null> {
    const doc = await this.models.figuresDaily
      .findOne(
        { _id: clocksId(teamId), teamId },
        { watermark: 1, version: 1, clocks: 1, clocksSince: 1 },
      )
      .lean<DailyFactsDoc>();
    if (
      !doc?.watermark ||
      !doc.clocksSince ||
      doc.version !== CLOCKS_VERSION ||
      typeof doc.clocks !== 'string'
    )
      return null;
    return {
      watermark: doc.watermark,
      since: doc.clocksSince,
      rows: JSON.parse(doc.clocks) as ClockRow[],
    };
  }

  /** Records of a part by id (on the `_id` index), as the stored days hold them. */
  async byIds(teamId: string, part: DailyPart, ids: string[]): Promise<Item[]> {
    if (!ids.length) return [];
    const docs = await this.source(part)
      .find({ teamId, _id: trusted({ $in: ids }) }, PROJECTIONS[part])
      .lean<Raw[]>();
    return docs.map((d) => toItem(part, d));
  }

  /** The stored days that hold any of the records `ids`. */
  async daysHolding(teamId: string, part: DailyPart, ids: Set<string>): Promise<string[]> {
    if (!ids.size) return [];
    const docs = await this.models.figuresDaily
      .find({ teamId, part, ids: trusted({ $in: [...ids] }) }, { day: 1 })
      .lean<DailyFactsDoc[]>();
    return docs.map((d) => d.day!);
  }

  /**
   * The stored days among `days` (their items unless `withItems` is false): each day's records
   * first touching it, then the others. `homes`, when given, gets how many of each day's items
   * are the first kind (no record is that on two days). `revisions`, when given, gets the
   * revision of each day stored in any layout (`save`: none stored is 0), read before the
   * records a save of the day is read from.
   */
  async stored(
    teamId: string,
    part: DailyPart,
    timeZone: string,
    days: string[],
    withItems = true,
    homes?: Map<string, number>,
    revisions?: Map<string, number>,
  ): Promise<Map<string, Item[]>> {
    // A record is parsed on the first day it touches (`items`); on its later days (`carried`,
    // grouped by that first day) only when that day is before the days asked for.
    // Only those groups are sent: the database filters `carried`.
    const first = [...days].sort()[0] ?? '';
    const docs = await this.models.figuresDaily.aggregate<DailyFactsDoc>([
      { $match: { _id: { $in: days.map((d) => dayId(teamId, part, d)) }, teamId } },
      {
        $project: {
          day: 1,
          timeZone: 1,
          version: 1,
          rev: 1,
          ...(withItems
            ? {
                items: 1,
                carried: {
                  $filter: {
                    input: { $ifNull: ['$carried', []] },
                    as: 'group',
                    cond: { $lt: ['$$group.home', first] },
                  },
                },
              }
            : {}),
        },
      },
    ]);
    const out = new Map<string, Item[]>();
    for (const d of docs) {
      revisions?.set(d.day!, d.rev ?? 0);
      if (d.timeZone !== timeZone || d.version !== VERSION) continue;
      if (!withItems) {
        out.set(d.day!, []);
        continue;
      }
      const items = parseItems(part, d.items);
      homes?.set(d.day!, items.length);
      for (const group of d.carried ?? [])
        if (group.home < first) items.push(...parseItems(part, group.items));
      out.set(d.day!, items);
    }
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

  /**
   * Stores days, each read from the records after its stored copy was seen at revision `rev`
   * (`revisions` of `stored`; 0: none stored, or one stored before revisions were kept). A day
   * is replaced only while it is still at that revision, and goes to the next: no clock is
   * compared, so instances whose clocks disagree cannot take an older read for a later one.
   * Two runs of the job can overlap (one handed over in a deploy, or stalled past its lease,
   * goes on while another instance takes its slot; a report stores the days it read too): the
   * day saved first wins, and the other save finds it moved on and is refused, so a day read
   * before a write cannot replace one read after it. Returns the days refused (the caller reads
   * them again, or leaves them for the next run). One conditional write per day, in one command;
   * the days are read back only when not all were written.
   */
  async save(
    teamId: string,
    part: DailyPart,
    timeZone: string,
    days: { day: string; items: Item[]; rev: number }[],
    now: Date,
  ): Promise<string[]> {
    if (!days.length) return [];
    // Who wrote a day (this call): a day at the next revision written by another is not ours.
    const writer = randomUUID();
    const replace = (d: (typeof days)[number]) => ({
      replaceOne: {
        filter: {
          _id: dayId(teamId, part, d.day),
          teamId,
          // At 0, one stored before revisions were kept is replaced; none stored is inserted
          // (another save inserting it meanwhile makes this one a duplicate key: refused).
          rev: d.rev > 0 ? d.rev : trusted({ $exists: false }),
        },
        replacement: {
          _id: dayId(teamId, part, d.day),
          teamId,
          part,
          day: d.day,
          timeZone,
          version: VERSION,
          ids: d.items.map((i) => i.id),
          ...fileByFirstDay(part, timeZone, d.day, d.items),
          rev: d.rev + 1,
          writer,
          builtAt: now,
        },
        upsert: d.rev === 0,
      },
    });
    try {
      const result = await this.models.figuresDaily.bulkWrite(days.map(replace), {
        ordered: false,
      });
      if (result.matchedCount + result.upsertedCount === days.length) return [];
    } catch (err) {
      // Days stored meanwhile (an insert meeting their _id): refused. The others went in.
      if (!onlyDuplicateKeys(err)) throw err;
    }
    const written = await this.models.figuresDaily
      .find(
        { _id: trusted({ $in: days.map((d) => dayId(teamId, part, d.day)) }), teamId },
        { day: 1, writer: 1 },
      )
      .lean<DailyFactsDoc[]>();
    const ours = new Set(written.filter((d) => d.writer === writer).map((d) => d.day));
    return days.filter((d) => !ours.has(d.day)).map((d) => d.day);
  }
}
