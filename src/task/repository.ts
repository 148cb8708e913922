import type { Model } from 'mongoose';
import { trusted } from 'mongoose';
import { erasedName } from '../customer/rules.js';
import type { ForeignPipeline } from '../db/pipeline.js';
import { writeNameCopies } from '../db/name-copies.js';
import { pageWithTotal } from '../db/page.js';
import { insertIfAbsent, onlyDuplicateKeys } from '../db/errors.js';
import { markedBefore, unmark, type OwedMark } from '../db/owed.js';
import { localDate } from '../time.js';
import type { TaskDoc } from './model.js';
import {
  editableFields,
  isTaskIdDigest,
  taskIdDigest,
  taskIdHash,
  TASK_STATUSES,
  type EditField,
  type NewTask,
  type ReminderKind,
  type InteractionOwed,
  type TaskEdit,
  type TaskKind,
  type TaskNotice,
  type TaskOutcome,
  type TaskPage,
  type TaskPageKey,
  type TaskRecord,
} from './types.js';

/**
 * The words of a task whose customer was erased (`content`: a greeting names the contacts),
 * unset (`cancelErased`, `stripErased`).
 */
const ERASED_WORDS = { content: '', contentAround: '' } as const;

function toRecord(doc: TaskDoc): TaskRecord {
  // The DMs owed are the repair's business (noticesOwed), not part of the task.
  const { _id, noticesOwed, interactionOwed, customerNameRevision, contentAround, ...rest } = doc;
  const clean = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== null && v !== undefined),
  ) as Omit<TaskRecord, 'id'>;
  return { ...clean, id: _id, reminders: rest.reminders ?? {} };
}

/**
 * The rows after (`$gt`) or before (`$lt`) `key` in (due date, id) order: a later (earlier)
 * day, or the same day and a later (earlier) id. Strings whatever was passed; the operators ours
 * (trusted).
 */
function beyond(key: TaskPageKey, op: '$gt' | '$lt') {
  const dueDate = String(key.dueDate);
  return {
    $or: [
      { dueDate: trusted({ [op]: dueDate }) },
      { dueDate, _id: trusted({ [op]: String(key.id) }) },
    ],
  };
}

/** The interaction a Done owes the customer's file (TaskFlows.repairDone logs it). */
const INTERACTION_OWED: OwedMark = { mark: 'interactionOwed', at: 'interactionOwed.at' };
/**
 * The DMs changes owe (TaskFlows.repairNotices writes them): read by their dates; taken off one
 * by one (noticesWritten), not by unmark.
 */
const NOTICES_OWED: OwedMark = { mark: 'noticesOwed', at: 'noticesOwed.at' };

/** Tasks, always scoped by the team id. */
/** The first string after every string that starts with `prefix` (its last character's next):
 * the upper bound of a range read of the ids that start so. */
function nextPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export class TaskRepository {
  constructor(private readonly model: Model<TaskDoc>) {}

  /**
   * Inserts the task unless one with its key exists; true when this call created it. `owed`:
   * the DM its planning owes, written with it.
   */
  async insertOnce(task: NewTask, now: Date, owed?: TaskNotice | TaskNotice[]): Promise<boolean> {
    const notices = owed === undefined ? [] : Array.isArray(owed) ? owed : [owed];
    const { id, ...rest } = task;
    return insertIfAbsent(
      this.model,
      { _id: id, teamId: task.teamId },
      // updatedAt is when the record was written (as every other write stamps it), which the
      // reports' stored days are checked against (src/digest/daily/service.ts); createdAt is desk time.
      {
        ...rest,
        status: 'open',
        reminders: {},
        ...(notices.length ? { noticesOwed: notices } : {}),
        createdAt: now,
        updatedAt: new Date(),
      },
    );
  }

  /**
   * Deletes a task this run has just planned while it is still open (taken back: its customer
   * erased meanwhile); true when this call deleted it.
   */
  async takeBack(teamId: string, id: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: id, teamId, status: 'open' });
    return res.deletedCount > 0;
  }

  /**
   * Inserts each task unless one with its key exists, in one round trip; how many this call
   * created. A key another caller inserted meanwhile counts as existing; any other failure
   * (a task that does not fit the schema included) is thrown.
   */
  async insertAllOnce(tasks: NewTask[], now: Date): Promise<number> {
    if (!tasks.length) return 0;
    const ops = tasks.map(({ id, ...rest }) => ({
      updateOne: {
        filter: { _id: id, teamId: rest.teamId },
        update: {
          $setOnInsert: {
            ...rest,
            status: 'open',
            reminders: {},
            createdAt: now,
            updatedAt: new Date(), // when written, as in insertOnce
          },
        },
        upsert: true,
        timestamps: false,
      },
    }));
    try {
      const res = await this.model.bulkWrite(ops, { ordered: false, throwOnValidationError: true });
      return res.upsertedCount;
    } catch (err) {
      // Racing planners: every refused write was a duplicate key, the others went in.
      if (onlyDuplicateKeys(err))
        return (err as { result?: { upsertedCount?: number } }).result?.upsertedCount ?? 0;
      throw err;
    }
  }

  async byId(teamId: string, id: string): Promise<TaskRecord | null> {
    const doc = await this.model.findOne({ teamId, _id: id }).lean<TaskDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** These tasks of the team as stored (one read); those gone are left out. */
  async byIds(teamId: string, ids: string[]): Promise<TaskRecord[]> {
    if (!ids.length) return [];
    const docs = await this.model
      .find({ teamId, _id: trusted({ $in: ids.map(String) }) })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /** Open tasks due on or before `date`, oldest due first. */
  async openDueBy(teamId: string, date: string): Promise<TaskRecord[]> {
    const docs = await this.model
      .find({ teamId, status: 'open', dueDate: trusted({ $lte: date }) })
      .sort({ dueDate: 1, _id: 1 })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /** A person's open tasks due on or before `date` (today and overdue), oldest due first. */
  async openForAssigneeDueBy(
    teamId: string,
    assigneeId: string,
    date: string,
    limit: number,
  ): Promise<{ items: TaskRecord[]; total: number }> {
    const query = {
      teamId,
      assigneeId,
      status: 'open' as const,
      dueDate: trusted({ $lte: date }),
    };
    const { docs, total } = await pageWithTotal(
      () => this.model.find(query).sort({ dueDate: 1, _id: 1 }).limit(limit).lean<TaskDoc[]>(),
      () => this.model.countDocuments(query),
      limit,
    );
    return { items: docs.map(toRecord), total };
  }

  /**
   * A page of a person's open tasks (`role`: those they do, or those they sign off), due first,
   * read by key, not by offset: from the start, the `limit` after `at.after` (a page's last row,
   * Next), or the `limit` before `at.before` (its first row, Previous). A task done meanwhile
   * makes none skipped: the rows after the last one shown are the next page whatever happened
   * before it. Next with nothing after its key shows the last page, Previous with less than a
   * page before its key the first. With how many there are, and how many come before the page
   * (its first row's place). The ids are strings whatever the caller passed, so they never read
   * as query operators; the team scopes every read.
   */
  async openPage(
    teamId: string,
    role: 'assigneeId' | 'approverId' | 'helperId',
    userId: string,
    limit: number,
    at: { after?: TaskPageKey; before?: TaskPageKey } = {},
  ): Promise<TaskPage> {
    return this.pageOf(teamId, { [role]: String(userId) }, limit, at);
  }

  /**
   * A page of the team's open tasks but those of `except`'s executors (a manager's `/task team`:
   * those of people other managers manage), due first (overdue first), read by key as `openPage`.
   */
  openTeamPage(
    teamId: string,
    except: readonly string[],
    limit: number,
    at: { after?: TaskPageKey; before?: TaskPageKey } = {},
    /** Only these executors' (the tasks held for owners not members of the workspace). */
    only?: readonly string[],
  ): Promise<TaskPage> {
    const others = except.map(String);
    if (only)
      return this.pageOf(teamId, { assigneeId: trusted({ $in: only.map(String) }) }, limit, at);
    return this.pageOf(
      teamId,
      others.length ? { assigneeId: trusted({ $nin: others }) } : {},
      limit,
      at,
    );
  }

  /** How many open tasks these people do, counted up to `limit`. */
  openAssignedCount(teamId: string, assignees: readonly string[], limit: number): Promise<number> {
    return this.model.countDocuments(
      { teamId, status: 'open', assigneeId: trusted({ $in: assignees.map(String) }) },
      { limit },
    );
  }

  /** `openPage`'s read of the open tasks `who` selects. */
  private async pageOf(
    teamId: string,
    who: object,
    limit: number,
    at: { after?: TaskPageKey; before?: TaskPageKey },
  ): Promise<TaskPage> {
    const query = { teamId, ...who, status: 'open' as const };
    const read = (where: object, direction: 1 | -1) =>
      this.model
        .find({ ...query, ...where })
        .sort({ dueDate: direction, _id: direction })
        .limit(limit)
        .lean<TaskDoc[]>();
    // A key said by its id's digest (a row's block id): the task of that day it stands for, of
    // any status or person (done or handed on since); none: the list from the start.
    if (at.after && isTaskIdDigest(String(at.after.id)))
      at = await this.undigested(teamId, at.after, 'after');
    else if (at.before && isTaskIdDigest(String(at.before.id)))
      at = await this.undigested(teamId, at.before, 'before');
    let docs: TaskDoc[] = [];
    if (at.after) {
      docs = await read(beyond(at.after, '$gt'), 1);
      // Nothing after it any more: the last page there is.
      if (!docs.length) docs = (await read({}, -1)).reverse();
    } else if (at.before) {
      docs = (await read(beyond(at.before, '$lt'), -1)).reverse();
    }
    // From the start: asked so, or less than a page before the row Previous turned from.
    const fromStart = !(at.after || (at.before && docs.length >= limit));
    if (fromStart) docs = await read({}, 1);
    const first = docs[0];
    const [total, before] = await Promise.all([
      // From the start, a short page is all there is (the App Home's lists, `/task mine`).
      fromStart && docs.length < limit
        ? Promise.resolve(docs.length)
        : this.model.countDocuments(query),
      first && !fromStart
        ? this.model.countDocuments({
            ...query,
            ...beyond({ dueDate: first.dueDate, id: first._id }, '$lt'),
          })
        : Promise.resolve(0),
    ]);
    return { items: docs.map(toRecord), total, before };
  }

  /**
   * A page key whose id is a `taskIdDigest`, with the id of the team's task due that day it
   * stands for, on the same side; `{}` when none is. Read by the id's first characters the digest
   * keeps (a range of `_id`: the tasks whose id starts so, as a rule that one alone); a digest
   * written before they were kept (the hash alone, a message posted before) by the ids due that
   * day.
   */
  private async undigested(
    teamId: string,
    key: TaskPageKey,
    side: 'after' | 'before',
  ): Promise<{ after?: TaskPageKey; before?: TaskPageKey }> {
    const dueDate = String(key.dueDate);
    const digest = String(key.id);
    const prefix = digest.length > 23 ? digest.slice(24) : undefined;
    const ids = prefix
      ? await this.model
          .find(
            { teamId, dueDate, _id: trusted({ $gte: prefix, $lt: nextPrefix(prefix) }) },
            { _id: 1 },
          )
          .lean<{ _id: string }[]>()
      : // Every status named: the read goes by the (team, status, due date) index.
        await this.model
          .find({ teamId, status: trusted({ $in: [...TASK_STATUSES] }), dueDate }, { _id: 1 })
          .lean<{ _id: string }[]>();
    const found = ids.find((d) =>
      prefix ? taskIdDigest(d._id) === digest : taskIdHash(d._id) === digest,
    );
    return found ? { [side]: { dueDate, id: found._id } } : {};
  }

  /**
   * The open tasks a person does, helps with or signs off (a hand-over's), due first, at most
   * `limit`; with `after`, only those after it in (due date, id) order (a hand-over reading on
   * past what it could not move). The id is a string whatever the caller passed, so it never
   * reads as a query operator.
   */
  async openInvolving(
    teamId: string,
    userId: string,
    limit: number,
    after?: TaskPageKey,
  ): Promise<TaskRecord[]> {
    const id = String(userId);
    const involving = { $or: [{ assigneeId: id }, { helperId: id }, { approverId: id }] };
    const docs = await this.model
      .find({
        teamId,
        status: 'open',
        ...(after ? { $and: [involving, beyond(after, '$gt')] } : involving),
      })
      .sort({ dueDate: 1, _id: 1 })
      .limit(limit)
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /** How many open tasks a person does, helps with or signs off, counted up to `limit`. */
  openInvolvingCount(teamId: string, userId: string, limit: number): Promise<number> {
    const id = String(userId);
    return this.model.countDocuments(
      {
        teamId,
        status: 'open',
        $or: [{ assigneeId: id }, { helperId: id }, { approverId: id }],
      },
      { limit },
    );
  }

  /** The open tasks of some kinds (a part of `allOpen`, through the same index). */
  async openOfKinds(teamId: string, kinds: readonly TaskKind[]): Promise<TaskRecord[]> {
    const docs = await this.model
      .find({ teamId, status: 'open', kind: trusted({ $in: [...kinds] }) })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /** Every open task of the team (the daily run's one read of them). */
  async allOpen(teamId: string): Promise<TaskRecord[]> {
    const docs = await this.model.find({ teamId, status: 'open' }).lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The planned (not made by hand) tasks of `kinds` a person cancelled (Cancel task: not needed,
   * or the customer not reached) due, or cancelled, on or after `since` (a local date of
   * `timeZone`): each customer's latest, counted from the later of its due date and the local day
   * it was cancelled (`on`: which of the two it is), the care plan's one read of the contacts it
   * counts as done with (TaskService.planCare). Read through (teamId, status, dueDate) and, for
   * one long overdue cancelled lately, (teamId, status, cancelledAt).
   */
  async cancelledByPersonSince(
    teamId: string,
    kinds: readonly TaskKind[],
    since: string,
    timeZone: string,
  ): Promise<Map<string, { date: string; on: 'due' | 'cancelled' }>> {
    // The start of `since` in any zone (UTC+14 at most) or before: the local day is checked below.
    const sinceAt = new Date(Date.parse(`${since}T00:00:00Z`) - 14 * 3_600_000);
    const docs = await this.model
      .find(
        {
          teamId,
          status: 'cancelled',
          kind: trusted({ $in: [...kinds] }),
          cancelledBy: trusted({ $exists: true }),
          createdBy: trusted({ $exists: false }),
          $or: [{ dueDate: trusted({ $gte: since }) }, { cancelledAt: trusted({ $gte: sinceAt }) }],
        },
        { customerId: 1, dueDate: 1, cancelledAt: 1 },
      )
      .lean<Pick<TaskDoc, 'customerId' | 'dueDate' | 'cancelledAt'>[]>();
    const latest = new Map<string, { date: string; on: 'due' | 'cancelled' }>();
    for (const d of docs) {
      const id = String(d.customerId);
      const cancelledOn = d.cancelledAt ? localDate(d.cancelledAt, timeZone) : '';
      const counted =
        cancelledOn > d.dueDate
          ? { date: cancelledOn, on: 'cancelled' as const }
          : { date: d.dueDate, on: 'due' as const };
      if (counted.date < since) continue;
      if ((latest.get(id)?.date ?? '') < counted.date) latest.set(id, counted);
    }
    return latest;
  }

  /**
   * The customers of the open tasks done for a guest owner (TaskRecord.guestOwner), each once: read
   * on the (teamId, status) prefix of an index, the open tasks of one workspace.
   */
  async openGuestOwnedCustomers(teamId: string): Promise<string[]> {
    const ids = await this.model.distinct('customerId', {
      teamId,
      status: 'open',
      guestOwner: trusted({ $exists: true }),
    });
    return ids.map(String);
  }

  /**
   * The open greetings due from `from` to `to` (local dates) that nobody was told of: no reminder
   * recorded on them, never moved, edited nor made by hand (the (teamId, status, dueDate) index).
   * Those a daily run planned and did not get to list (it failed between their write and its DM).
   */
  async greetingsUntold(teamId: string, from: string, to: string): Promise<TaskRecord[]> {
    const absent = trusted({ $exists: false });
    const docs = await this.model
      .find({
        teamId,
        status: 'open',
        dueDate: trusted({ $gte: from, $lte: to }),
        kind: 'greeting',
        createdBy: absent,
        'reminders.early': absent,
        'reminders.due': absent,
        rescheduled: absent,
        calendarMoves: absent,
        edits: absent,
      })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /** Every open task of one kind of the team (the signals run's one read of the win-back calls). */
  async openOfKind(teamId: string, kind: TaskKind): Promise<TaskRecord[]> {
    const docs = await this.model.find({ teamId, status: 'open', kind }).lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The satisfaction (1-5) of the quarterly satisfaction surveys done since `since`, with their
   * customers (the (teamId, doneAt) index): a low churn risk reads them.
   */
  async surveyAnswersSince(
    teamId: string,
    since: Date,
  ): Promise<{ customerId: string; satisfaction: number }[]> {
    const docs = await this.model
      .find(
        { teamId, doneAt: trusted({ $gte: since }), kind: 'survey', status: 'done' },
        { customerId: 1, 'outcome.satisfaction': 1 },
      )
      .lean<{ customerId: string; outcome?: { satisfaction?: unknown } }[]>();
    return docs.flatMap((d) =>
      typeof d.outcome?.satisfaction === 'number'
        ? [{ customerId: String(d.customerId), satisfaction: d.outcome.satisfaction }]
        : [],
    );
  }

  /** A customer's tasks of one kind, whatever their status (a handful: its win-back calls). */
  async ofCustomer(teamId: string, customerId: string, kind: TaskKind): Promise<TaskRecord[]> {
    const docs = await this.model.find({ teamId, customerId, kind }).lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The customer's open tasks, or those of every customer `customerId` lists (the stand-in moves'
   * guest-owned customers): one read of the (teamId, customerId, status) index, due first.
   */
  async openOfCustomer(
    teamId: string,
    customerId: string | readonly string[],
  ): Promise<TaskRecord[]> {
    const ids = typeof customerId === 'string' ? [customerId] : [...new Set(customerId)];
    if (!ids.length) return [];
    const docs = await this.model
      .find({
        teamId,
        customerId: ids.length === 1 ? String(ids[0]) : trusted({ $in: ids.map(String) }),
        status: 'open',
      })
      .sort({ dueDate: 1, _id: 1 })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The customer renamed (the rename that gave it `revision`): its open tasks' copy of its name
   * follows (one write on the (teamId, customerId, status) index); done and cancelled ones keep
   * the name they were done under. Idempotent, and never back: a task a later rename wrote
   * (a higher revision) is left as it is, so a late or repeated write of an earlier rename (a
   * slow instance, the outbox job's repair) cannot bring an old name back.
   */
  async renameCustomer(
    teamId: string,
    customerId: string,
    customerName: string,
    revision: number,
  ): Promise<number> {
    const renamed = await writeNameCopies(
      this.model,
      { teamId, customerId, status: 'open' },
      customerName,
      revision,
    );
    await this.renameInContent(teamId, customerId, customerName, revision);
    return renamed;
  }

  /**
   * The open tasks whose content names the customer (`contentAround`) and whose name is now
   * `customerName` of `revision` say it in their content too: one read, then one write a task
   * whose content is still as read and of the form planned (not edited since), its name still
   * that one. Idempotent.
   */
  private async renameInContent(
    teamId: string,
    customerId: string,
    customerName: string,
    revision: number,
  ): Promise<void> {
    const named = {
      teamId,
      customerId,
      status: 'open' as const,
      customerName,
      customerNameRevision: revision,
    };
    const docs = await this.model
      .find(
        { ...named, contentAround: trusted({ $exists: true }) },
        { content: 1, contentAround: 1 },
      )
      .lean<Pick<TaskDoc, '_id' | 'content' | 'contentAround'>[]>();
    for (const doc of docs) {
      const [head, tail] = doc.contentAround ?? [];
      const content = doc.content;
      if (head === undefined || tail === undefined || content === undefined) continue;
      const drawn = head + customerName + tail;
      if (content === drawn) continue;
      if (
        content.length < head.length + tail.length ||
        !content.startsWith(head) ||
        !content.endsWith(tail)
      )
        continue;
      await this.model.updateOne({ ...named, _id: doc._id, content }, { $set: { content: drawn } });
    }
  }

  /**
   * Who does, helps with or signs off an open task of the customer, each once (three reads of
   * the (teamId, customerId, status) index).
   */
  async openPeopleOf(teamId: string, customerId: string): Promise<string[]> {
    const open = { teamId, customerId: String(customerId), status: 'open' as const };
    // Whose Homes list them (homeReaders): who does, helps with or signs off each.
    const [assignees, helpers, approvers] = await Promise.all([
      this.model.distinct('assigneeId', open),
      this.model.distinct('helperId', open),
      this.model.distinct('approverId', open),
    ]);
    return [...new Set([...assignees, ...helpers, ...approvers].filter((id) => !!id).map(String))];
  }

  /** A customer's latest done revisits, newest first, as a pipeline another query runs (the
   * card reads them with its tickets). */
  doneRevisitsPipeline(teamId: string, customerId: string, limit: number): ForeignPipeline {
    return {
      from: this.model.collection.collectionName,
      pipeline: [
        { $match: { teamId, customerId: String(customerId), kind: 'revisit', status: 'done' } },
        { $sort: { doneAt: -1 } },
        { $limit: limit },
      ],
    };
  }

  /** The tasks of such a pipeline's raw documents. */
  fromDocs(docs: unknown[]): TaskRecord[] {
    return (docs as TaskDoc[]).map(toRecord);
  }

  /** The ids of the tasks of these kinds planned for the ticket's resolution `cycle`. */
  async idsForCycle(
    teamId: string,
    ticketId: string,
    cycle: number,
    kinds: readonly string[],
  ): Promise<string[]> {
    // A ticket has a handful of tasks: read them all (any status) and look.
    const docs = await this.model
      .find({ teamId, ticketId })
      .select({ kind: 1, cycle: 1 })
      .lean<{ _id: string; kind: string; cycle?: number }[]>();
    return docs
      .filter((d) => kinds.includes(d.kind) && (d.cycle ?? 0) === cycle)
      .map((d) => String(d._id));
  }

  /**
   * The customer's open follow-up of `kind` about another ticket than `ticketId`, due after
   * `due.after` and no later than `due.until` (local dates), with `ticketNumber` added to the
   * tickets it covers (alsoTickets; a set: a second call adds nothing). Null when there is none.
   */
  async joinOpenFollowUp(
    teamId: string,
    customerId: string,
    kind: TaskKind,
    ticketId: string,
    ticketNumber: string,
    due: { after: string; until: string },
  ): Promise<TaskRecord | null> {
    const doc = await this.model
      .findOneAndUpdate(
        {
          teamId,
          customerId,
          kind,
          status: 'open',
          ticketId: trusted({ $ne: ticketId }),
          dueDate: trusted({ $gt: due.after, $lte: due.until }),
        },
        { $addToSet: { alsoTickets: ticketNumber } },
        { returnDocument: 'after', sort: { dueDate: 1, _id: 1 } },
      )
      .lean<TaskDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Whether a follow-up of `kind` of the customer, done at or after `since`, covered ticket
   * `ticketNumber` (named in its alsoTickets): the customer was contacted about it then.
   */
  async doneCovering(
    teamId: string,
    customerId: string,
    kind: TaskKind,
    ticketNumber: string,
    since: Date,
  ): Promise<boolean> {
    const doc = await this.model
      .findOne({
        teamId,
        customerId,
        kind,
        status: 'done',
        alsoTickets: String(ticketNumber),
        doneAt: trusted({ $gte: since }),
      })
      .select({ _id: 1 })
      .lean();
    return doc !== null;
  }

  /**
   * Whether another follow-up of `kind` of the customer than `exceptId` covers ticket
   * `ticketNumber` (names it in alsoTickets) for its resolution at `since`: open, done at or after
   * it, or cancelled at or after it other than by its own ticket's reopen or merge (whose hand-on
   * is that one's). The hand-on of a covering guide passes such a ticket over (handOnCovered).
   */
  async otherCovering(
    teamId: string,
    customerId: string,
    kind: TaskKind,
    ticketNumber: string,
    since: Date,
    exceptId: string,
  ): Promise<boolean> {
    const doc = await this.model
      .findOne({
        teamId,
        customerId,
        kind,
        alsoTickets: String(ticketNumber),
        _id: trusted({ $ne: String(exceptId) }),
        $or: [
          { status: 'open' },
          { status: 'done', doneAt: trusted({ $gte: since }) },
          {
            status: 'cancelled',
            cancelledAt: trusted({ $gte: since }),
            cancelReason: trusted({ $nin: ['reopened', 'merged'] }),
          },
        ],
      })
      .select({ _id: 1 })
      .lean();
    return doc !== null;
  }

  /**
   * The guides and check-ins cancelled by their own ticket's reopen or merge at or after `since`
   * that covered other tickets (alsoTickets): the daily repair hands those on again, one whose
   * hand-on was lost (the app stopped after the cancel). Read through (teamId, status,
   * cancelledAt).
   */
  async coveringCancelledSince(teamId: string, since: Date): Promise<TaskRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        status: 'cancelled',
        cancelledAt: trusted({ $gte: since }),
        cancelReason: trusted({ $in: ['reopened', 'merged'] }),
        kind: trusted({ $in: ['guide', 'checkin'] }),
        'alsoTickets.0': trusted({ $exists: true }),
      })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /** The revisits (any status, any cycle) of these tickets: what the daily close waits for. */
  async revisitsOf(
    teamId: string,
    ticketIds: string[],
  ): Promise<
    (Pick<TaskRecord, 'ticketId' | 'cycle' | 'status' | 'dueDate' | 'doneAt' | 'cancelledAt'> & {
      outcome?: Pick<TaskOutcome, 'solved'>;
    })[]
  > {
    if (!ticketIds.length) return [];
    const docs = await this.model
      .find({ teamId, ticketId: trusted({ $in: ticketIds.map(String) }), kind: 'revisit' })
      .select({
        ticketId: 1,
        cycle: 1,
        status: 1,
        dueDate: 1,
        doneAt: 1,
        cancelledAt: 1,
        'outcome.solved': 1,
      })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  async openForTicket(teamId: string, ticketId: string): Promise<TaskRecord[]> {
    const docs = await this.model.find({ teamId, ticketId, status: 'open' }).lean<TaskDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Records a reminder as sent for the task due `dueDate`; false when another run sent it first,
   * or the task was moved to another day meanwhile (reminded for that day, not marked by this).
   */
  async markReminder(teamId: string, id: string, which: ReminderKind, now: Date, dueDate: string) {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: id,
        status: 'open',
        dueDate,
        [`reminders.${which}`]: trusted({ $exists: false }),
      },
      { $set: { [`reminders.${which}`]: now } },
    );
    return res.modifiedCount === 1;
  }

  /** Hands a customer's open tasks of some kinds to its current owner. */
  async reassign(
    teamId: string,
    id: string,
    from: string,
    to: string,
    /** Given to the owner's manager for this guest owner (`TaskRecord.guestOwner`); else none. */
    guestOwner?: string,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, _id: id, status: 'open', assigneeId: from },
      guestOwner
        ? { $set: { assigneeId: to, guestOwner } }
        : { $set: { assigneeId: to }, $unset: { guestOwner: '' } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Moves an open task's due time (and day) from `from`: false when it changed meanwhile. Moved
   * to another day, the reminders it was sent are forgotten and the move counted
   * (`calendarMoves`: its reminders' keys), so it is reminded for that day.
   */
  async moveDue(
    teamId: string,
    id: string,
    from: { dueAt?: Date | undefined; dueDate: string },
    to: { dueAt: Date; dueDate: string },
    /** The DM the move's cause owes (an attempt by someone else), in the same write. */
    owed?: TaskNotice,
  ): Promise<boolean> {
    const push = owed ? { $push: { noticesOwed: owed } } : {};
    const res = await this.model.updateOne(
      { teamId, _id: id, status: 'open', dueAt: from.dueAt ?? null },
      to.dueDate === from.dueDate
        ? { $set: to, ...push }
        : { $set: to, $unset: { reminders: '' }, $inc: { calendarMoves: 1 }, ...push },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Records on an open task a DM owed of a change made elsewhere (an attempt on its complaint),
   * for the outbox job's repair (noticesOwed); false when it is no longer open.
   */
  async owe(teamId: string, id: string, owed: TaskNotice): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, _id: id, status: 'open' },
      { $push: { noticesOwed: owed } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Moves an open task to another due day (a person's Change due date) from `from`, recording
   * the change on it; false when it was done, cancelled or moved meanwhile. The reminders it was
   * sent are forgotten, so it is reminded again for the new day.
   */
  async reschedule(
    teamId: string,
    id: string,
    change: { from: string; to: string; by: string; at: Date },
    owed?: TaskNotice,
  ): Promise<TaskRecord | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { teamId, _id: id, status: 'open', dueDate: change.from },
        {
          $set: { dueDate: change.to },
          $unset: { reminders: '' },
          // The change and the DM it owes, in one write.
          $push: { rescheduled: change, ...(owed ? { noticesOwed: owed } : {}) },
        },
        { returnDocument: 'after' },
      )
      .lean<TaskDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Edit task: sets (or, undefined, clears) the changed fields of an open task still as it was
   * read (`before`: the value then of every field Edit task may change on it, and its edits),
   * recording the edit (and a due date's change as a move, its reminders forgotten); null when it
   * was done, cancelled or changed meanwhile. Edited meanwhile counts as changed, even back to the
   * same fields: the edit's number (its DMs' keys) is the count read plus one. What Edit task
   * does not change on it (a desk-planned task's words, which a rename's copy rewrites: a
   * greeting naming the customer) is not compared.
   */
  async edit(
    teamId: string,
    id: string,
    before: Pick<TaskRecord, EditField | 'edits' | 'createdBy'>,
    after: Partial<Pick<TaskRecord, EditField>>,
    edit: TaskEdit,
    owed?: TaskNotice,
  ): Promise<TaskRecord | null> {
    const filter: Record<string, unknown> = { teamId, _id: id, status: 'open' };
    for (const field of editableFields(before)) filter[field] = before[field] ?? null;
    // No edit since the read (edits are only ever added): none at the count read.
    filter[`edits.${before.edits?.length ?? 0}`] = trusted({ $exists: false });
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const field of edit.fields) {
      const value = after[field];
      if (value === undefined) $unset[field] = '';
      else $set[field] = value;
    }
    // Content edited: no longer drawn around the customer's name.
    if (edit.fields.includes('content')) $unset.contentAround = '';
    const moved = edit.fields.includes('dueDate');
    if (moved) $unset.reminders = '';
    // The edit, and the DMs it owes, in one write.
    const $push: Record<string, unknown> = { edits: edit, ...(owed ? { noticesOwed: owed } : {}) };
    if (moved && after.dueDate)
      $push.rescheduled = { from: before.dueDate, to: after.dueDate, by: edit.by, at: edit.at };
    const doc = await this.model
      .findOneAndUpdate(
        filter,
        {
          ...(Object.keys($set).length ? { $set } : {}),
          ...(Object.keys($unset).length ? { $unset } : {}),
          $push,
        },
        { returnDocument: 'after' },
      )
      .lean<TaskDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Closes an open task as done (with `owed`, the DM that owes, and `interaction`, the
   * interaction it owes the customer's file, in the same write); null when it was done or
   * cancelled meanwhile.
   */
  async complete(
    teamId: string,
    id: string,
    done: { outcome: TaskOutcome; by: string; at: Date; date: string; form?: string },
    owed?: TaskNotice,
    interaction?: InteractionOwed,
  ): Promise<TaskRecord | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { teamId, _id: id, status: 'open' },
        {
          $set: {
            status: 'done',
            outcome: done.outcome,
            doneBy: done.by,
            doneAt: done.at,
            doneDate: done.date,
            ...(done.form ? { closedForm: done.form } : {}),
            ...(interaction ? { interactionOwed: interaction } : {}),
          },
          ...(owed ? { $push: { noticesOwed: owed } } : {}),
        },
        { returnDocument: 'after' },
      )
      .lean<TaskDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Tasks across workspaces done at or before `before` whose interaction is still owed, each
   * with it, oldest first (the outbox job's repair: TaskFlows.repairDone).
   */
  async interactionsOwed(
    before: Date,
    limit: number,
  ): Promise<{ task: TaskRecord; owed: InteractionOwed }[]> {
    const docs = await markedBefore(this.model, INTERACTION_OWED, before, limit);
    return docs.flatMap((doc) =>
      doc.interactionOwed ? [{ task: toRecord(doc), owed: doc.interactionOwed }] : [],
    );
  }

  /** The interaction the Done at `at` owed is logged: owed no more (its updatedAt stays). */
  async interactionLogged(teamId: string, id: string, at: Date): Promise<void> {
    await unmark(this.model, INTERACTION_OWED, teamId, id, at);
  }

  /**
   * Cancels an open task; false when it was no longer open. With `erased`, in the same write
   * without its words and under the customer's erased name (`cancelErased`).
   */
  async cancel(
    teamId: string,
    id: string,
    reason: string,
    now: Date,
    erased?: { customerName: string },
  ): Promise<boolean> {
    const $set = {
      status: 'cancelled',
      cancelledAt: now,
      cancelReason: reason,
      ...(erased && { customerName: erased.customerName }),
    };
    const res = await this.model.updateOne(
      { teamId, _id: id, status: 'open' },
      erased ? { $set, $unset: { ...ERASED_WORDS } } : { $set },
    );
    return res.modifiedCount === 1;
  }

  /**
   * A task the desk planned for a customer erased whole cancelled (`erased`: TaskService.planCare),
   * in one conditional write with its words (`content`: a greeting names the contacts) gone and
   * the customer's erased name on it: a task written after the erasure's scrub (a daily run's
   * planner that read the customer before it) keeps nothing of them. False when it was not open.
   */
  async cancelErased(
    teamId: string,
    id: string,
    customerName: string,
    now: Date,
  ): Promise<boolean> {
    return this.cancel(teamId, id, 'erased', now, { customerName });
  }

  /**
   * The tasks cancelled as their customer's erasure (`erased`) that still hold words or a name
   * other than the erased one (`erasedName` of their code): cancelled so by a version before
   * `cancelErased`. Their key, code and name only.
   */
  async erasedWithWords(teamId: string): Promise<{ id: string; customerCode: string }[]> {
    const docs = await this.model
      .find({ teamId, status: 'cancelled', cancelReason: 'erased' })
      .select({ _id: 1, customerCode: 1, customerName: 1, content: 1, contentAround: 1 })
      .lean<
        Pick<TaskDoc, '_id' | 'customerCode' | 'customerName' | 'content' | 'contentAround'>[]
      >();
    return docs
      .filter(
        (d) =>
          d.content !== undefined ||
          d.contentAround !== undefined ||
          d.customerName !== erasedName(d.customerCode),
      )
      .map((d) => ({ id: String(d._id), customerCode: d.customerCode }));
  }

  /**
   * A task cancelled as its customer's erasure (`erasedWithWords`) without its words and under
   * the erased name, as `cancelErased` leaves one; false when it was not (so cancelled, or so
   * already). Idempotent.
   */
  async stripErased(teamId: string, id: string, customerName: string): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, _id: id, status: 'cancelled', cancelReason: 'erased' },
      { $set: { customerName }, $unset: { ...ERASED_WORDS } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * A task the desk cancelled `reason` opened again, due `to` (a reopened complaint's contact
   * task: TaskService.reviveContact): its cancel and the reminders it was sent forgotten, in one
   * conditional write; false when it was not so cancelled (opened again already, or by another
   * instance).
   */
  async reviveCancelled(
    teamId: string,
    id: string,
    reason: string,
    to: { dueAt: Date; dueDate: string },
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, _id: id, status: 'cancelled', cancelReason: reason },
      {
        $set: { status: 'open', ...to },
        $unset: { cancelledAt: '', cancelReason: '', reminders: '' },
      },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Cancel task by a person: the open task cancelled with why (`reason`, `note`), by whom and
   * when, and the DMs it owes, in one conditional update. Null when it was no longer open.
   */
  async cancelByPerson(
    teamId: string,
    id: string,
    cancel: { reason: string; note?: string; by: string; at: Date; form?: string },
    owed?: TaskNotice,
  ): Promise<TaskRecord | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { teamId, _id: id, status: 'open' },
        {
          $set: {
            status: 'cancelled',
            cancelledAt: cancel.at,
            cancelReason: cancel.reason,
            cancelledBy: cancel.by,
            ...(cancel.note ? { cancelNote: cancel.note } : {}),
            ...(cancel.form ? { closedForm: cancel.form } : {}),
          },
          ...(owed ? { $push: { noticesOwed: owed } } : {}),
        },
        { returnDocument: 'after' },
      )
      .lean<TaskDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Tasks across workspaces owing a DM of a change made at or before `before` (whatever the
   * outbox holds of it: TaskFlows.repairNotices looks), each with the DMs it owes, oldest first.
   */
  async noticesOwed(
    before: Date,
    limit: number,
  ): Promise<{ task: TaskRecord; owed: TaskNotice[] }[]> {
    const docs = await markedBefore(this.model, NOTICES_OWED, before, limit);
    return docs.map((doc) => ({ task: toRecord(doc), owed: doc.noticesOwed ?? [] }));
  }

  /**
   * The DMs `notices` of the task are in the outbox: taken off it (one update each, leaving
   * what a change made meanwhile owes). Not a change of the task: its updatedAt stays.
   */
  async noticesWritten(teamId: string, id: string, notices: TaskNotice[]): Promise<void> {
    if (!notices.length) return;
    await this.model.bulkWrite(
      notices.map((n) => ({
        updateOne: {
          filter: { teamId, _id: id },
          update: { $pull: { noticesOwed: { what: n.what, at: n.at } } },
          timestamps: false,
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Tasks the digest reads: due in [fromDate, toDate) or moved from a date in it, or done or
   * moved in [from, to).
   */
  async forDigest(
    teamId: string,
    window: { from: Date; to: Date; fromDate: string; toDate: string },
  ): Promise<TaskRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        $or: [
          { dueDate: trusted({ $gte: window.fromDate, $lt: window.toDate }) },
          { doneAt: trusted({ $gte: window.from, $lt: window.to }) },
          // Moved from a day of the week (judged by it), or moved in the week.
          { 'rescheduled.from': trusted({ $gte: window.fromDate, $lt: window.toDate }) },
          { 'rescheduled.at': trusted({ $gte: window.from, $lt: window.to }) },
          // Planned in the week: an upgrade intent's hand-off (due the week after, on a Friday).
          { createdAt: trusted({ $gte: window.from, $lt: window.to }) },
        ],
      })
      .lean<TaskDoc[]>();
    return docs.map(toRecord);
  }
}
