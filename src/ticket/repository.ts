import { trusted, Types, type Model, type QueryFilter } from 'mongoose';
import type { ForeignPipeline } from '../db/pipeline.js';
import { SYSTEM_ACTOR } from '../context.js';
import { isDuplicateKey } from '../db/errors.js';
import { pageWithTotal } from '../db/page.js';
import { markedBefore, unmark, type OwedMark } from '../db/owed.js';
import { newRecordTimes } from '../db/stamps.js';
import type { Tier } from '../customer/types.js';
import type { TicketDoc } from './model.js';
import { PAUSED_DUE_AT, type StoredClock } from './clock.js';
import {
  OPEN_STATUSES,
  STEP_STATUSES,
  IN_FIGURES,
  KEPT_NOTE_BURST_MS,
  RESPONSE_NOT_BREACHED,
  SEVERITIES,
  followable,
  reopenOwingReply,
  type AlertKind,
  type DigestTicket,
  type FollowerOwed,
  type HandoverDmRow,
  type ListKey,
  type MergedEnd,
  type NewTicket,
  type TicketEvent,
  type ProgressCandidate,
  type Severity,
  type TicketRecord,
  type TicketRef,
  type TicketStatus,
} from './types.js';
import { roleOnTicket } from './rules.js';
import { mergeClass, mergeClassChanged } from './complaint.js';

/** Merges a merged request's chain is followed through at most (`mergeEnds`). */
export const MERGE_HOPS = 10;

/**
 * Told of a merge chain `mergeEnds` stopped following at MERGE_HOPS: the number it started from,
 * the last ticket reached (taken as its end) and the one that ticket was merged into.
 */
export type MergeChainCut = (chain: { from: string; last: string; next: string }) => void;

/** What `mergeEnds` reads of a ticket in a merge chain. */
type MergeTarget = Pick<
  TicketDoc,
  'number' | 'status' | 'mergedInto' | 'assigneeId' | 'requester' | 'followers'
>;

function toRecord(doc: TicketDoc): TicketRecord {
  const { _id, customerId, ...rest } = doc as TicketDoc & { __v?: number };
  delete (rest as { __v?: number }).__v;
  return {
    ...rest,
    id: _id.toHexString(),
    customerId: customerId.toHexString(),
    pauses: (rest.pauses ?? []).map((p) => (p.to ? { from: p.from, to: p.to } : { from: p.from })),
    alerts: rest.alerts ?? {},
    timeline: (rest.timeline ?? []).map(
      (e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null)) as TicketEvent,
    ),
  };
}

/**
 * What a Home row never draws, left out of `personal`'s read of up to 200 tickets (the Home
 * shows 15): the words (description, resolution) and every change (timeline).
 */
const HOME_UNREAD = { description: 0, resolution: 0, timeline: 0 } as const;

export const DIGEST_FIELDS = {
  number: 1,
  customerId: 1,
  complaint: 1,
  type: 1,
  status: 1,
  assigneeId: 1,
  receivedAt: 1,
  firstResponseAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  metrics: 1,
  sla: 1,
  pauses: 1,
  survey: 1,
  mergedInto: 1,
  replyFrom: 1,
  pastReplies: 1,
  createdAt: 1,
  createdBy: 1,
} as const satisfies Record<keyof DigestTicket, 1>;

/**
 * A ticket first answered or resolved late, as the digest's list filters and counts them
 * (`pastSla`'s `late`): the shown ones are then read whole (`byIds`), not every one.
 */
export type LateTicket = Pick<
  TicketRecord,
  'id' | 'number' | 'firstResponseAt' | 'resolvedAt' | 'mergedInto'
> & { metrics: Pick<TicketRecord['metrics'], 'responseBreached' | 'resolutionBreached'> };

const LATE_FIELDS = {
  number: 1,
  firstResponseAt: 1,
  resolvedAt: 1,
  mergedInto: 1,
  'metrics.responseBreached': 1,
  'metrics.resolutionBreached': 1,
} as const;

/**
 * The notices a change owes (TicketFlows.repairNotices announces them): taken off by
 * noticesWritten and noticesWrittenSeen (by version), not by unmark.
 */
const NOTICES_OWED: OwedMark = { mark: 'noticesOwedAt' };
/** The details DMs a survey's modal answer owes (RequesterFlows.repairDetails writes them). */
const SURVEY_DETAILS_OWED: OwedMark = { mark: 'survey.detailsOwedAt' };
const SURVEY_CARD_OWED: OwedMark = { mark: 'survey.cardOwedAt' };
const INTAKE_CHECK_OWED: OwedMark = { mark: 'intakeCheckOwedAt' };
/** The hand-off of the upgrade intent a resolution heard (UpgradeFlows.repair makes it). */
const UPGRADE_OWED: OwedMark = { mark: 'upgradeOwed' };
/**
 * The "you now follow" DMs a Followers… owes (TicketFlows.repairFollowerNotices writes them):
 * read by their dates; taken off one by one (followerNoticesWritten), not by unmark.
 */
const FOLLOWERS_OWED: OwedMark = { mark: 'followersOwed', at: 'followersOwed.at' };
/**
 * The steps owed to followers added while they were written (TicketFlows.repairFollowSteps
 * writes them): read by their dates; taken off by user (followStepsTold), not by unmark.
 */
const FOLLOW_STEPS_OWED: OwedMark = { mark: 'followedAt', at: 'followedAt.owedAt' };
/** The stand-in's DM a move of a ticket written while nobody could stand in owes. */
const STAND_IN_TAKEN_OWED: OwedMark = { mark: 'standInTakenOwedAt' };

/**
 * A ticket no erasure by Slack user holds up: none resumed it, or the one that did is done
 * (`erasureResumeReady`). One resumed by an erasure not done yet still holds that person's words.
 */
function noErasureUnderWay(): Record<string, unknown>[] {
  return [
    { erasureResumeOwed: trusted({ $exists: false }) },
    { erasureResumeReady: trusted({ $exists: true }) },
  ];
}

/** What the progress-note sweep's check of a candidate reads of it (`ProgressCandidate`). */
const PROGRESS_FIELDS = {
  assigneeId: 1,
  receivedAt: 1,
  progressNoteAt: 1,
  pauses: 1,
  sla: 1,
} as const satisfies Record<Exclude<keyof ProgressCandidate, 'id'>, 1>;
type ProgressField = keyof typeof PROGRESS_FIELDS;

/** The progress-note sweep's candidates: assigned, received before `before`, requester in Slack. */
function progressFilter(teamId: string, before: Date): QueryFilter<TicketDoc> {
  return {
    teamId,
    status: 'assigned',
    receivedAt: trusted({ $lte: before }),
    $or: [
      { 'requester.userId': trusted({ $exists: true }) },
      { conversation: trusted({ $exists: true }) },
    ],
  };
}

const CLOCK_FIELDS = [
  'nextAlertAt',
  'responseDueAt',
  'resolutionDueAt',
  'replyDueAt',
  'dueAt',
] as const satisfies readonly (keyof StoredClock)[];

/** The stored clock's fields that have a value, to $set. */
function clockSet(clock: StoredClock): Record<string, Date> {
  return Object.fromEntries(CLOCK_FIELDS.flatMap((k) => (clock[k] ? [[k, clock[k]]] : [])));
}

/** The stored clock's fields without a value, to $unset. */
function clockUnset(clock: StoredClock): Record<string, ''> {
  return Object.fromEntries(CLOCK_FIELDS.flatMap((k) => (clock[k] ? [] : [[k, '' as const]])));
}

/**
 * The alert marks a write keeps standing, dated anew (`kept`, `marksKept`), to $set: their due
 * time moved later but still past, they are not told again.
 */
function keptSet(clock: StoredClock): Record<string, Date> {
  return Object.fromEntries(Object.entries(clock.kept ?? {}).map(([k, at]) => [`alerts.${k}`, at]));
}

/**
 * The debts of the marks a write leaves no longer standing, their clock's due time moved later
 * than now (`takenBack`, `marksTakenBack`), to $pull: a sweep that marked one and stopped before
 * saying it does not say what is no longer so. The marks stay (`markStands`): the sweep alerts
 * the new times anew, and a due time moved back finds them standing again.
 */
function takenBackPull(clock: StoredClock): Record<string, unknown> {
  return clock.takenBack?.length ? { alertsOwed: trusted({ $in: clock.takenBack }) } : {};
}

/** A complaint's contact and a demand's plan due times moved by a calendar change. */
export interface TargetTimes {
  contactDueAt?: Date;
  planDueAt?: Date;
}

/**
 * The tickets that wait on `userId` (`waitsOn`): those whose Slack requester they are, and those
 * they filed with no Slack requester recorded. Null matches an unset field; each branch has its
 * (teamId, requester | filer, status, dueAt) index.
 */
function waitsOnBranches(userId: string): Record<string, unknown>[] {
  return [{ 'requester.userId': userId }, { 'requester.userId': null, createdBy: userId }];
}

/**
 * The tickets `userId` asked for (`requestedBy`): those whose Slack requester they are, and those
 * they filed with neither a Slack requester nor a contact outside Slack recorded (the filer is
 * then the requester); not those an agent filed for a contact outside Slack.
 */
function requestedByBranches(userId: string): Record<string, unknown>[] {
  return [
    { 'requester.userId': userId },
    { 'requester.userId': null, 'requester.contactName': null, createdBy: userId },
  ];
}

/** A ticket's place in a list's order. */
export function listKey(ticket: TicketRecord): ListKey {
  const { dueAt } = ticket;
  return { ...(dueAt ? { dueAt } : {}), number: ticket.number };
}

/** The rows after `key` in (dueAt, number) order; a null dueAt sorts before every date. */
function afterKey({ dueAt, number }: ListKey): Record<string, unknown> {
  return dueAt
    ? { $or: [{ dueAt: trusted({ $gt: dueAt }) }, { dueAt, number: trusted({ $gt: number }) }] }
    : {
        $or: [{ dueAt: null, number: trusted({ $gt: number }) }, { dueAt: trusted({ $ne: null }) }],
      };
}

/** The rows before `key` in (dueAt, number) order. */
function beforeKey({ dueAt, number }: ListKey): Record<string, unknown> {
  return dueAt
    ? {
        $or: [
          { dueAt: trusted({ $lt: dueAt }) },
          { dueAt, number: trusted({ $lt: number }) },
          { dueAt: null },
        ],
      }
    : { dueAt: null, number: trusted({ $lt: number }) };
}

/** The open tickets a list or a queue's filter picks. */
function pageQuery(teamId: string, filter: TicketFilter): Record<string, unknown> {
  const query: Record<string, unknown> = { teamId, status: trusted({ $in: filter.statuses }) };
  if (filter.assigneeId) query.assigneeId = filter.assigneeId;
  // Null matches an unset field and, unlike $exists, is answered by the assignee index.
  if (filter.unassigned) query.assigneeId = null;
  if (filter.accountManagerId) query.accountManagerId = filter.accountManagerId;
  if (filter.waitsOn) query.$or = waitsOnBranches(filter.waitsOn);
  if (filter.requestedBy) query.$or = requestedByBranches(filter.requestedBy);
  if (filter.requesterId) query['requester.userId'] = filter.requesterId;
  if (filter.minLevel) query.level = trusted({ $gte: filter.minLevel });
  if (filter.dueBy || filter.dueAfter)
    query.dueAt = trusted({
      ...(filter.dueBy ? { $lte: filter.dueBy } : {}),
      ...(filter.dueAfter ? { $gt: filter.dueAfter } : {}),
    });
  return query;
}

/** Which open tickets a list or a queue shows. */
export interface TicketFilter {
  statuses: TicketStatus[];
  assigneeId?: string;
  unassigned?: boolean;
  /** Of this account manager's customers. */
  accountManagerId?: string;
  /** Waiting on this user: its Slack requester, else (none recorded) its filer (`waitsOn`). */
  waitsOn?: string;
  /** Asked for by this user: its Slack requester, else (nobody recorded) its filer. */
  requestedBy?: string;
  /** Whose Slack requester is this user (not its filer's tickets). */
  requesterId?: string;
  /** At least this level (escalated: 2). */
  minLevel?: number;
  /** Due at or before (overdue: now). */
  dueBy?: Date;
  /** Due after (breaching soon: now, with dueBy an hour on). */
  dueAfter?: Date;
}

/** An insert refused by a unique index: the number, or the submission, is already saved. */
export class DuplicateTicketError extends Error {
  constructor(options: { cause: unknown }) {
    super('a ticket with this number or submission exists', options);
  }
}

/** The fields an action may change; bookkeeping (card, alerts, timeline) is written apart. */
const CHANGEABLE = [
  'status',
  // Classify… sets them, and the targets they make.
  'type',
  'severity',
  'sla',
  'level',
  'assigneeId',
  'firstAssigneeId',
  'accountManagerId',
  'accountManagerRevision',
  'customerTierRevision',
  'guestOwner',
  // The customer's tier as the action read it (TicketService.tierNow).
  'customerTier',
  'pauses',
  'firstResponseAt',
  'replyFrom',
  'pastReplies',
  'resolvedAt',
  'closedAt',
  'resolution',
  'upgradeWhat',
  'upgradeOwed',
  'metrics',
  'complaint',
  'demand',
  // A reopen forgets the date a delay notice promised, and the draft given for its passing.
  'promisedDate',
  'promiseLapsedFor',
  // A merge closes the duplicate with the number (and card link) of the ticket it went into.
  'mergedInto',
  'mergedIntoLink',
] as const satisfies readonly (keyof TicketRecord)[];

/**
 * A filter's `$or`: no merge holds the ticket (none, a lapsed one, or `op`: the caller's own, or
 * one it saw unchanged for its life, `lockForMerge`).
 */
function mergeFree(now: Date, op?: string): Record<string, unknown>[] {
  return [
    { mergeLock: trusted({ $exists: false }) },
    { 'mergeLock.until': trusted({ $lte: now }) },
    ...(op ? [{ 'mergeLock.op': op }] : []),
  ];
}

/** The open tickets `assigneeId` holds; with `notAccountManaged`, but their own customers'. */
function openHeldBy(teamId: string, assigneeId: string, opts: { notAccountManaged?: boolean }) {
  const id = String(assigneeId);
  return {
    teamId,
    assigneeId: id,
    status: trusted({ $in: OPEN_STATUSES }),
    ...(opts.notAccountManaged ? { accountManagerId: trusted({ $ne: id }) } : {}),
  };
}

/**
 * The `$pull` that takes people off a ticket's followers, with the "you now follow" DMs they are
 * owed of being added (never sent to someone no longer following): Stop following, Followers…
 * and a new assignee (applyIfVersion) alike.
 */
function unfollowing(users: readonly string[]) {
  return {
    followers: trusted({ $in: users }),
    followedAt: trusted({ user: { $in: users } }),
    followersOwed: trusted({ user: { $in: users } }),
  };
}

/**
 * The tickets of the workspace `userId` follows that a step can still reach them on
 * (`STEP_STATUSES`: open or resolved): `stepFollowedBy`'s and `dropFollowerFromStepTickets`'.
 */
function stepFollowing(teamId: string, userId: string) {
  return { teamId, status: trusted({ $in: STEP_STATUSES }), followers: String(userId) };
}

/** Tickets, always scoped by the team id (but for the cross-team card retry queue). */
export class TicketRepository {
  constructor(private readonly model: Model<TicketDoc>) {}

  /** Inserts the ticket, created at `now` (desk time: `newRecordTimes`). */
  async insert(ticket: NewTicket, now: Date): Promise<TicketRecord> {
    try {
      const [doc] = await this.model.create(
        [{ ...ticket, customerId: new Types.ObjectId(ticket.customerId), ...newRecordTimes(now) }],
        { timestamps: false },
      );
      return toRecord(doc!.toObject() as TicketDoc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateTicketError({ cause: err });
      throw err;
    }
  }

  /**
   * Takes back a ticket just inserted, before anything was told of it (TicketFlows.create: its
   * requester or its whole customer erased while it was saved): one delete by id, scoped by the
   * workspace, while it still owes its re-check (`intakeCheckOwedAt`). Whether it is gone: false
   * when another re-check (the request's, or the outbox job's repair) found it standing first.
   */
  async undoInsert(teamId: string, id: string): Promise<boolean> {
    const { deletedCount } = await this.model.deleteOne({
      teamId,
      _id: id,
      intakeCheckOwedAt: trusted({ $exists: true }),
    });
    return deletedCount > 0 || !(await this.model.exists({ teamId, _id: id }));
  }

  /**
   * A ticket just inserted stands (its re-check found nothing erased): the mark cleared while it
   * is there (one conditional write). Whether it stands: false when another re-check took it back
   * first.
   */
  async intakeChecked(teamId: string, id: string): Promise<boolean> {
    const { matchedCount } = await this.model.updateOne(
      { teamId, _id: id, intakeCheckOwedAt: trusted({ $exists: true }) },
      { $unset: { intakeCheckOwedAt: '' } },
    );
    return matchedCount > 0 || !!(await this.model.exists({ teamId, _id: id }));
  }

  /** Tickets across workspaces inserted before `before` still owing their re-check, oldest first. */
  async intakeChecksOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, INTAKE_CHECK_OWED, before, limit);
    return docs.map(toRecord);
  }

  /**
   * Other repositories' documents their pipelines find (`joins`), read along with the ticket
   * `id` in one command, each pipeline's in turn (a `$lookup` each, in that order), or null when
   * the ticket is not there (none of them read).
   */
  async alongWith(
    teamId: string,
    id: string,
    joins: ForeignPipeline[],
  ): Promise<unknown[][] | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const [doc] = await this.model.aggregate<Record<string, unknown[]>>([
      { $match: { teamId, _id: new Types.ObjectId(id) } },
      { $limit: 1 },
      { $project: { _id: 1 } },
      ...joins.map((join, i) => ({
        $lookup: { from: join.from, pipeline: join.pipeline, as: `joined${i}` },
      })),
    ]);
    return doc ? joins.map((_, i) => doc[`joined${i}`] ?? []) : null;
  }

  /** `bySubmission` as a pipeline another query runs along (its documents: `fromDocs`). */
  bySubmissionPipeline(teamId: string, submissionId: string): ForeignPipeline {
    return {
      from: this.model.collection.collectionName,
      pipeline: [{ $match: { teamId, submissionId: String(submissionId) } }, { $limit: 1 }],
    };
  }

  /** The tickets of such a pipeline's raw documents. */
  fromDocs(docs: unknown[]): TicketRecord[] {
    return (docs as TicketDoc[]).map(toRecord);
  }

  async bySubmission(teamId: string, submissionId: string): Promise<TicketRecord | null> {
    const doc = await this.model.findOne({ teamId, submissionId }).lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Whether a ticket was opened in `channel` while it was shared with another organisation (its
   * conversation is there): the channel stays a customer channel for that ticket's people.
   */
  async hasSharedConversationIn(teamId: string, channel: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ teamId, 'conversation.channel': channel, 'conversation.shared': true })
      .select({ _id: 1 })
      .lean();
    return doc !== null;
  }

  /**
   * The open tickets (new, assigned, waiting) whose conversation is in customer channel `channel`,
   * oldest first, at most `limit` (on the conversation index).
   */
  async openInConversationChannel(
    teamId: string,
    channel: string,
    limit: number,
  ): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({ teamId, 'conversation.channel': channel, status: trusted({ $in: OPEN_STATUSES }) })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Whether a ticket was opened in `channel` for a person of `team` (`conversation.team`, their
   * Slack workspace or organisation): that organisation is the channel's customer's.
   */
  async hasConversationForTeam(teamId: string, channel: string, team: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ teamId, 'conversation.channel': channel, 'conversation.team': team })
      .select({ _id: 1 })
      .lean();
    return doc !== null;
  }

  /** The newest ticket of a customer channel's thread (a later ticket may share an old thread). */
  async byConversation(teamId: string, channel: string, ts: string): Promise<TicketRecord | null> {
    const doc = await this.model
      .findOne({ teamId, 'conversation.channel': channel, 'conversation.ts': ts })
      .sort({ receivedAt: -1, _id: -1 })
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * The newest ticket with a message of a customer channel on its timeline (`source`
   * `<channel>:<ts>`: a follow-up that joined it): that message's thread is the ticket's too.
   */
  async bySourceMessage(teamId: string, channel: string, ts: string): Promise<TicketRecord | null> {
    const doc = await this.model
      .findOne({ teamId, 'timeline.source': `${channel}:${ts}` })
      .sort({ receivedAt: -1, _id: -1 })
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * The newest ticket whose Slack requester is `userId` with `source` on its timeline (their
   * answer in their DM, `<channel>:<ts>`, that resumed it), open or not, however many tickets
   * they asked for: the (teamId, timeline.source) index, a message's few tickets at most, the
   * requester checked on those.
   */
  async requestedWithSource(
    teamId: string,
    userId: string,
    source: string,
  ): Promise<TicketRecord | null> {
    const doc = await this.model
      .findOne({ teamId, 'timeline.source': String(source), 'requester.userId': String(userId) })
      .sort({ receivedAt: -1, _id: -1 })
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * The resolved tickets whose Slack requester is `userId` resolved at `since` or later (or with
   * no `resolvedAt`: withinReopenDays reads those as reopenable), newest resolved first, at most
   * `limit`, however many older resolved ones they have: what a message of theirs in their DM
   * with the app may be about when nothing of theirs is open (RequesterFlows.answerByDm). The
   * (teamId, requester.userId, status, dueAt, number) index: one person's resolved tickets (few:
   * a resolved ticket closes within days), sorted by resolvedAt in memory.
   */
  async resolvedRequestedSince(
    teamId: string,
    userId: string,
    since: Date,
    limit: number,
  ): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        'requester.userId': String(userId),
        status: 'resolved',
        $or: [
          { resolvedAt: trusted({ $gte: since }) },
          { resolvedAt: trusted({ $exists: false }) },
        ],
      })
      .sort({ resolvedAt: -1, _id: -1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The newest ticket (by when it was filed) whose Slack requester is `userId`, in `statuses`,
   * merged into another or not (a merged one is named with where its work goes on): the one a
   * message of theirs in their DM with the app is about when nothing of theirs is open or still
   * reopenable (RequesterFlows.answerByDm). The (teamId, requester.userId, status) index, the
   * person's tickets in those statuses sorted.
   */
  async latestRequestedInSlack(
    teamId: string,
    userId: string,
    statuses: TicketStatus[],
  ): Promise<TicketRecord | null> {
    const doc = await this.model
      .findOne({
        teamId,
        'requester.userId': String(userId),
        status: trusted({ $in: statuses }),
      })
      .sort({ _id: -1 })
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * The customers of the tickets `userId` asked for (`requestedBy`: its Slack requester, or its
   * filer with nobody else recorded), open or not, the latest ticket's customer first, at most
   * `limit` (as the tickets name them). Read from the newest 100 such tickets (the requester and
   * filer indexes).
   */
  async requestedCustomers(
    teamId: string,
    userId: string,
    limit: number,
  ): Promise<{ code: string; name: string }[]> {
    const docs = await this.model
      .find({ teamId, $or: requestedByBranches(userId) })
      .sort({ _id: -1 })
      .limit(100)
      .select({ customerCode: 1, customerName: 1 })
      .lean<Pick<TicketDoc, 'customerCode' | 'customerName'>[]>();
    const out = new Map<string, { code: string; name: string }>();
    for (const doc of docs) {
      if (out.size >= limit) break;
      if (!out.has(doc.customerCode))
        out.set(doc.customerCode, { code: doc.customerCode, name: doc.customerName });
    }
    return [...out.values()];
  }

  /** Whether `userId` asked for a ticket of the customer `customerCode` (`requestedBy`), open or not. */
  async requestedOf(teamId: string, userId: string, customerCode: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ teamId, customerCode, $or: requestedByBranches(userId) })
      .select({ _id: 1 })
      .lean();
    return doc !== null;
  }

  /**
   * The newest open tickets (at most 5) a requester opened in a customer channel, newest first:
   * however long ago, as a ticket keeps gathering follow-ups while they come.
   */
  async openFromRequester(
    teamId: string,
    channel: string,
    userId: string,
  ): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        'conversation.channel': channel,
        'requester.userId': userId,
        status: trusted({ $in: OPEN_STATUSES }),
      })
      .sort({ receivedAt: -1 })
      .limit(5)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The customer changed hands (the change that gave it `revision`): its open tickets (new,
   * assigned, waiting) now name `ownerId` as their account manager, in one write on the
   * (teamId, customerId, status) index, their version bumped (a copy read before, such as the
   * SLA sweep's, no longer marks alerts for the one it named). Resolved and closed tickets keep
   * the one they had. Idempotent, and never back: a ticket whose copy is of this revision or a
   * later one (a later hand-over, a ticket opened since) is left as it is, so a late or repeated
   * write of an earlier change (the outbox job's repair) cannot bring an old owner back. How many
   * changed. With `guestOwner` (the owner, a guest: `ownerId` is whom `ownerExecutor` names
   * instead), recorded as TicketRecord.guestOwner; without, any such record is cleared.
   * `ticketId`: that ticket only (a new ticket's intake catch-up: the customer's other tickets
   * are the change's copies' to move, whose repair draws their cards and Homes again).
   */
  async reassignCustomer(
    teamId: string,
    customerId: string,
    ownerId: string,
    revision: number,
    guestOwner?: string,
    ticketId?: string,
  ): Promise<number> {
    const res = await this.model.updateMany(toReassign(teamId, customerId, revision, ticketId), {
      $set: {
        accountManagerId: String(ownerId),
        accountManagerRevision: revision,
        ...(guestOwner ? { guestOwner: String(guestOwner) } : {}),
      },
      ...(guestOwner ? {} : { $unset: { guestOwner: '' } }),
      $inc: { version: 1 },
    });
    return res.modifiedCount;
  }

  /**
   * The customer's value tier changed (the change that gave it `revision`: an edit, an override,
   * orders, the tier review): its open tickets copy `tier` (their lists and rows read it), in
   * one write on the (teamId, customerId, status) index, their version bumped (a copy read
   * before, such as the SLA sweep's, no longer writes its clock) and their next alert time
   * brought forward to `now` at the latest, so the SLA sweep plans their alerts again with the
   * tier now (an automatic L3 comes or goes with it) at its next run. Idempotent, and never
   * back: a ticket with a copy of this revision or a later one is left as it is, and one that
   * copies this tier already gets this revision (its version bumped too: an action that read an
   * older tier writes nothing), so a late copy of an earlier change (Key to Normal written after
   * Normal to Key) finds it newer and brings no old tier back. `before`: told the tickets it is
   * about to write, as read (their cards drawn again: a failure there writes nothing, the
   * caller's mark left for its repair). `ticketId`: that ticket only (a new ticket's intake
   * catch-up: the customer's other tickets are the change's copies' to write, with their cards).
   * How many changed their tier.
   */
  async retierCustomer(
    teamId: string,
    customerId: string,
    tier: TicketRecord['customerTier'],
    revision: number,
    now: Date,
    before?: (tickets: TicketRecord[]) => Promise<void>,
    ticketId?: string,
  ): Promise<number> {
    const older = {
      teamId,
      customerId,
      ...(ticketId ? { _id: ticketId } : {}),
      status: trusted({ $in: OPEN_STATUSES }),
      $or: [
        { customerTierRevision: trusted({ $exists: false }) },
        { customerTierRevision: trusted({ $lt: revision }) },
      ],
    };
    const filter = { ...older, customerTier: trusted({ $ne: tier }) };
    const read = (await this.model.find(filter).lean<TicketDoc[]>()).map(toRecord);
    if (read.length) await before?.(read);
    const res = read.length
      ? await this.model.updateMany(filter, {
          $set: { customerTier: tier, customerTierRevision: revision },
          $min: { nextAlertAt: now },
          $inc: { version: 1 },
        })
      : undefined;
    // Already at this tier: the revision only (nothing shown changed, no card, no alert).
    await this.model.updateMany(
      { ...older, customerTier: tier },
      { $set: { customerTierRevision: revision }, $inc: { version: 1 } },
    );
    return res?.modifiedCount ?? 0;
  }

  /**
   * The guests (TicketRecord.guestOwner) the open tickets' account managers stand in for, each
   * once: read on the (teamId, status) prefix of an index, the open tickets of one workspace.
   */
  async openGuestOwners(teamId: string): Promise<string[]> {
    const ids = await this.model.distinct('guestOwner', {
      teamId,
      status: trusted({ $in: OPEN_STATUSES }),
      guestOwner: trusted({ $exists: true }),
    });
    return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  }

  /**
   * What `followStandIn` would move, for each guest `guestOwner` of `guests` (the key): the open
   * tickets standing in for them (TicketRecord.guestOwner) that do not name their `standIn`, then
   * those of their customers `customerIds` written while nobody could stand in (naming the guest,
   * unmarked: `unmarked`), each with whom it names as account manager now (the move's condition;
   * their Homes drawn again after it) and its customer (its complaint cards). One read of each
   * kind for all the guests, however many (not one per guest).
   */
  async standInsToMove(
    teamId: string,
    guests: readonly { guestOwner: string; standIn: string; customerIds?: readonly string[] }[],
  ): Promise<Map<string, StandInToMove[]>> {
    const projection = { accountManagerId: 1, customerId: 1, guestOwner: 1 };
    type Read = Pick<TicketDoc, '_id' | 'accountManagerId' | 'customerId' | 'guestOwner'>;
    const of = (d: Read): StandInToMove => ({
      id: String(d._id),
      accountManagerId: String(d.accountManagerId),
      customerId: String(d.customerId),
    });
    const found = new Map(guests.map((g) => [String(g.guestOwner), [] as StandInToMove[]]));
    if (!found.size) return found;
    // The guests whose stand-in would be the same person, in one branch.
    const byStandIn = new Map<string, string[]>();
    for (const { guestOwner, standIn } of guests) {
      const owners = byStandIn.get(String(standIn)) ?? [];
      byStandIn.set(String(standIn), [...owners, String(guestOwner)]);
    }
    const marked = await this.model
      .find(
        {
          teamId,
          status: trusted({ $in: OPEN_STATUSES }),
          $or: [...byStandIn].map(([standIn, owners]) => ({
            guestOwner: trusted({ $in: owners }),
            accountManagerId: trusted({ $ne: standIn }),
          })),
        },
        projection,
      )
      .lean<Read[]>();
    for (const d of marked) found.get(String(d.guestOwner))?.push(of(d));
    // Written while nobody could stand in: the guest's customers' tickets naming the guest.
    const customersOf = new Map(
      guests
        .filter((g) => g.customerIds?.length && String(g.guestOwner) !== String(g.standIn))
        .map((g) => [String(g.guestOwner), new Set(g.customerIds!.map(String))]),
    );
    const unmarked = customersOf.size
      ? await this.model
          .find(
            unmarkedOfGuest(
              teamId,
              [...customersOf.keys()],
              [...customersOf.values()].flatMap((ids) => [...ids]),
            ),
            projection,
          )
          .lean<Read[]>()
      : [];
    for (const d of unmarked)
      if (customersOf.get(String(d.accountManagerId))?.has(String(d.customerId)))
        found.get(String(d.accountManagerId))?.push({ ...of(d), unmarked: true as const });
    return found;
  }

  /**
   * The open ticket `id`, standing in for the guest `guestOwner` (TicketRecord.guestOwner) and
   * naming `from` as its account manager as read, now names `standIn`, its version bumped: whom
   * `ownerExecutor` names for that guest changed (/desk roles). One single-document conditional
   * write: false when the ticket changed meanwhile (another instance moved it, its owner changed,
   * it was resolved). The guest and the customer's revision stay. With `unmarked` (the guest's
   * customers), a ticket written while nobody could stand in: still naming the guest, unmarked,
   * of one of those customers; the guest is written on it in the same write, with the stand-in's
   * DM owed (`standInTakenOwedAt`: `now`) and whom it is for (`standInTakenFor`: `standIn` and
   * the guest). Without, a move between stand-ins takes any such mark off in the same write: the
   * DM owed was the former stand-in's (an earlier move's, its mark-off lost), untrue of the new
   * one, whom no move between stand-ins tells.
   */
  async followStandIn(
    teamId: string,
    id: string,
    guestOwner: string,
    from: string,
    standIn: string,
    unmarked?: readonly string[],
    now?: Date,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        ...(unmarked
          ? unmarkedOfGuest(teamId, guestOwner, unmarked)
          : toFollowStandIn(teamId, guestOwner, standIn)),
        _id: id,
        accountManagerId: String(from),
      },
      {
        $set: {
          accountManagerId: String(standIn),
          guestOwner: String(guestOwner),
          // Its stand-in never had the intake DM: owed in the same write.
          ...(unmarked && now
            ? {
                standInTakenOwedAt: now,
                standInTakenFor: {
                  accountManagerId: String(standIn),
                  guestOwner: String(guestOwner),
                },
              }
            : {}),
        },
        ...(unmarked && now ? {} : { $unset: { standInTakenOwedAt: '', standInTakenFor: '' } }),
        $inc: { version: 1 },
      },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Whom the open tickets a `reassignCustomer` of `revision` would move name as their account
   * manager now, each once (the outbox job's repair draws their Homes again after the move).
   */
  async accountManagersToMove(
    teamId: string,
    customerId: string,
    revision: number,
  ): Promise<string[]> {
    const ids = await this.model.distinct(
      'accountManagerId',
      toReassign(teamId, customerId, revision),
    );
    return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  }

  /** The ticket's description replaced (a customer's message added, edited or deleted). */
  async setDescription(teamId: string, id: string, description: string): Promise<void> {
    await this.model.updateOne({ teamId, _id: id }, { $set: { description } });
  }

  /**
   * `byNumber` with another repository's documents its pipeline finds for it (`join`, with its
   * `let` over the ticket's fields), those of a second, uncorrelated one (`also`), and those of a
   * third, correlated as the first (`thread`): one command.
   */
  async byNumberWith(
    teamId: string,
    number: string,
    join: ForeignPipeline,
    also?: ForeignPipeline,
    thread?: ForeignPipeline,
  ): Promise<{
    ticket: TicketRecord;
    joined: unknown[];
    also: unknown[];
    thread: unknown[];
  } | null> {
    const [doc] = await this.model.aggregate<
      TicketDoc & { joined: unknown[]; also?: unknown[]; thread?: unknown[] }
    >([
      { $match: { teamId, number: String(number).toUpperCase() } },
      { $limit: 1 },
      {
        $lookup: { from: join.from, let: join.let ?? {}, pipeline: join.pipeline, as: 'joined' },
      },
      ...(also ? [{ $lookup: { from: also.from, pipeline: also.pipeline, as: 'also' } }] : []),
      ...(thread
        ? [
            {
              $lookup: {
                from: thread.from,
                let: thread.let ?? {},
                pipeline: thread.pipeline,
                as: 'thread',
              },
            },
          ]
        : []),
    ]);
    if (!doc) return null;
    const { joined, also: found, thread: owed, ...ticket } = doc;
    return {
      ticket: toRecord(ticket as TicketDoc),
      joined,
      also: found ?? [],
      thread: owed ?? [],
    };
  }

  async byNumber(teamId: string, number: string): Promise<TicketRecord | null> {
    const doc = await this.model
      .findOne({ teamId, number: number.toUpperCase() })
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Stores a changed ticket if it is still at `version` (nobody changed it since it was read):
   * the fields that differ from `before`, the event appended to its timeline, the stored clock
   * (next alert time, due times), and the version bumped. Null when someone else got there first. One atomic
   * single-document update: of 20 simultaneous claims exactly one matches. A new assignee (a
   * claim, a reassignment or hand-over, an escalation, a resolve that takes it) is taken off its
   * followers in the same write, with any DM they were owed of being added: every step is theirs
   * now, and a follower's DM of it would come beside their own (as Follow refuses an assignee).
   */
  async applyIfVersion(
    before: TicketRecord,
    after: TicketRecord,
    event: TicketEvent,
    clock: StoredClock,
    now: Date,
    /** The merge lock this write holds (`lockForMerge`): the merge's own close of its duplicate. */
    mergeOp?: string,
  ): Promise<TicketRecord | null> {
    // The change and the mark that its notices are owed, in one write.
    const set: Record<string, unknown> = { noticesOwedAt: now };
    const unset: Record<string, ''> = {};
    for (const key of CHANGEABLE) {
      // The tier and its revision as stored, not as the read gave them (`tierNow`): the copy
      // follows the tier now.
      const was =
        before.storedTier !== undefined && key === 'customerTier'
          ? before.storedTier
          : before.storedTier !== undefined && key === 'customerTierRevision'
            ? before.storedTierRevision
            : before[key];
      if (JSON.stringify(was) === JSON.stringify(after[key])) continue;
      if (after[key] === undefined) unset[key] = '';
      else set[key] = after[key];
    }
    Object.assign(set, clockSet(clock), keptSet(clock));
    Object.assign(unset, clockUnset(clock));
    // A next reply owed from another message (or none owed now): its breach alert is told again
    // for the next unanswered stretch, once each.
    if (before.replyFrom?.getTime() !== after.replyFrom?.getTime())
      unset['alerts.replyBreach'] = '';
    const taker = after.assigneeId !== before.assigneeId ? after.assigneeId : undefined;
    const pull = {
      ...(taker ? unfollowing([taker]) : {}),
      ...takenBackPull(clock),
    };
    const doc = await this.model
      .findOneAndUpdate(
        {
          teamId: before.teamId,
          _id: before.id,
          version: before.version,
          // A merge applies only to a ticket still open and not merged (whatever its version).
          ...(after.mergedInto && !before.mergedInto
            ? {
                status: trusted({ $in: OPEN_STATUSES }),
                mergedInto: trusted({ $exists: false }),
              }
            : {}),
          // Out of the open states (closed, resolved, merged away) only when no other merge holds
          // it: a merge's target stays open until its note is written, and a ticket being
          // merged into is not itself merged away (two opposite merges at once). Its type and
          // complaint urgency (Classify…) likewise: the merge holds on what it checked.
          ...((OPEN_STATUSES.includes(before.status) && !OPEN_STATUSES.includes(after.status)) ||
          mergeClassChanged(before, after)
            ? { $or: mergeFree(now, mergeOp) }
            : {}),
        },
        {
          $set: set,
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
          $push: { timeline: event },
          $inc: { version: 1 },
          ...(Object.keys(pull).length ? { $pull: pull } : {}),
        },
        { returnDocument: 'after' },
      )
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Takes the merge lock `op` on a ticket still open and not merged that no other merge holds (a
   * lapsed lock is free, and `lapsed`, a lock its caller saw unchanged for its life): false when
   * it is not so. The version is not bumped (nothing the reader shows changed); `applyIfVersion`
   * keeps it open while the lock holds.
   */
  async lockForMerge(
    teamId: string,
    id: string,
    lock: { op: string; until: Date; key?: string; by?: string },
    now: Date,
    /** Its type and complaint urgency as the merge checked them (`mergeClass`). */
    checked: ReturnType<typeof mergeClass>,
    lapsed?: string,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: id,
        status: trusted({ $in: OPEN_STATUSES }),
        mergedInto: trusted({ $exists: false }),
        $or: mergeFree(now, lapsed === undefined ? undefined : String(lapsed)),
        type: checked.type,
        ...(checked.urgency ? { 'complaint.urgency': checked.urgency } : {}),
      },
      { $set: { mergeLock: lock } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Whether the merge lock `op` still holds the ticket at `now` (not let go, not lapsed, not
   * another's since): one read of an indexed `_id`, nothing of the ticket returned but its id.
   * A merge's repeat waiting for its first delivery looks with it (TicketFlows.merge).
   */
  async mergeStillHeld(teamId: string, id: string, op: string, now: Date): Promise<boolean> {
    const doc = await this.model
      .findOne(
        {
          teamId,
          _id: String(id),
          'mergeLock.op': String(op),
          'mergeLock.until': trusted({ $gt: now }),
        },
        { _id: 1 },
      )
      .lean();
    return !!doc;
  }

  /** Lets go of the merge lock `op` on these tickets (one another merge took is left alone). */
  async unlockMerge(teamId: string, ids: string[], op: string): Promise<void> {
    await this.model.updateMany(
      { teamId, _id: trusted({ $in: ids }), 'mergeLock.op': op },
      { $unset: { mergeLock: '' } },
    );
  }

  /** Tickets the SLA sweep must look at now: one indexed range on the team's next-alert times. */
  async alertsDue(teamId: string, now: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        nextAlertAt: trusted({ $lte: now }),
        status: trusted({ $in: ['new', 'assigned'] }),
      })
      .sort({ nextAlertAt: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Marks the alerts due on a ticket, owes the announced ones and sets its next alert time, in
   * one write, only if the ticket is at the version the sweep read (a copy read before a claim
   * or a resolution must not announce what is no longer true) and their marks are as it read them
   * (none, or one made under an earlier due time, `markStands`): another sweep did not mark them.
   */
  async markAlerts(
    teamId: string,
    ticket: TicketRecord,
    marks: { kinds: AlertKind[]; announced: AlertKind[]; nextAt: Date | undefined; now: Date },
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: ticket.id,
        version: ticket.version,
        status: trusted({ $in: ['new', 'assigned'] }),
        ...Object.fromEntries(
          marks.kinds.map((k) => [`alerts.${k}`, ticket.alerts[k] ?? trusted({ $exists: false })]),
        ),
      },
      {
        $set: {
          ...Object.fromEntries(marks.kinds.map((k) => [`alerts.${k}`, marks.now])),
          ...(marks.nextAt ? { nextAlertAt: marks.nextAt } : {}),
        },
        ...(marks.nextAt ? {} : { $unset: { nextAlertAt: '' } }),
        ...(marks.announced.length
          ? { $addToSet: { alertsOwed: { $each: marks.announced } } }
          : {}),
        // A write into the card's thread that bumps no version: told to a request that read
        // the thread along with the ticket before it (`noticesWrittenSeen`).
        $inc: { threadRev: 1 },
      },
    );
    return res.modifiedCount === 1;
  }

  /** Tickets of a team with alerts marked but not yet written to the outbox. */
  async alertsOwed(teamId: string): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({ teamId, 'alertsOwed.0': trusted({ $exists: true }) })
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  async alertsWritten(teamId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.model.updateMany(
      { teamId, _id: trusted({ $in: ids }) },
      { $unset: { alertsOwed: '' } },
    );
  }

  /** Takes back an alert mark (and its debt) when what it stood for could not be done. */
  async unmarkAlert(teamId: string, id: string, kind: AlertKind): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: id },
      { $unset: { [`alerts.${kind}`]: '' }, $pull: { alertsOwed: kind } },
    );
  }

  /**
   * The sweep's next look at a ticket, planned from the copy it read: written only if the ticket
   * is still at that `version`. A change saved since stored its own next alert time (every
   * versioned write does: applyIfVersion), or left the one due, which the next sweep plans again
   * from the ticket as it is then; a plan from the older copy never replaces it.
   */
  async setNextAlert(
    teamId: string,
    ticket: Pick<TicketRecord, 'id' | 'version'>,
    at: Date | undefined,
  ): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: ticket.id, version: ticket.version },
      at ? { $set: { nextAlertAt: at } } : { $unset: { nextAlertAt: '' } },
    );
  }

  // Slack bookkeeping (card, DM, link): not a change to the ticket, so the version stays.

  /** See TicketService.cardsLeft: one team-scoped read, then one update (the ts read). */
  async cardsLeft(teamId: string, channel: string): Promise<string[]> {
    const there = await this.model
      .find({ teamId, 'card.channel': channel }, { 'card.ts': 1 })
      .lean<{ card?: { ts?: string } }[]>();
    if (!there.length) return [];
    await this.model.updateMany(
      { teamId, 'card.channel': channel },
      {
        $set: { 'card.pending': true },
        $unset: { 'card.channel': '', 'card.ts': '', 'card.permalink': '' },
      },
    );
    return there.flatMap((t) => (t.card?.ts ? [t.card.ts] : []));
  }

  /** Whether a card of the workspace is posted in `channel` (one read, at most one document). */
  async hasCardsIn(teamId: string, channel: string): Promise<boolean> {
    return !!(await this.model.findOne({ teamId, 'card.channel': channel }, { _id: 1 }).lean());
  }

  /** The card is in the triage channel at `ts`. */
  async cardPosted(
    teamId: string,
    id: string,
    where: { channel: string; ts: string; permalink?: string },
  ) {
    await this.model.updateOne(
      { teamId, _id: id },
      {
        $set: {
          'card.channel': where.channel,
          'card.ts': where.ts,
          'card.pending': false,
          ...(where.permalink ? { 'card.permalink': where.permalink } : {}),
        },
      },
    );
  }

  /**
   * The card was posted again at `where` (Slack no longer had it at `from`): recorded only while
   * the ticket still names `from` (or already `where`), in one single-document update, so that
   * of two deliveries posting it again one wins. Says whether this one did.
   */
  async cardReposted(
    teamId: string,
    id: string,
    from: { ts: string },
    where: { channel: string; ts: string; permalink?: string },
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, _id: id, 'card.ts': trusted({ $in: [from.ts, where.ts] }) },
      {
        $set: {
          'card.channel': where.channel,
          'card.ts': where.ts,
          'card.pending': false,
          ...(where.permalink ? { 'card.permalink': where.permalink } : {}),
        },
        // The earlier card's link leads nowhere: asked again at the next update when not had.
        ...(where.permalink ? {} : { $unset: { 'card.permalink': '' } }),
      },
    );
    return res.matchedCount > 0;
  }

  /**
   * Records, as the kept-note notice of the burst led by `lead` goes out, which replies it tells
   * (TicketRecord.keptNoteTold), in one single-document write that applies once per lead: it
   * marks the desk's notes on the ticket as that write finds them (TicketEvent.toldIn: the kept
   * replies among them), so a reply kept a moment before is told in it and one kept after starts
   * a burst of its own (`keptNoteBurst`), whatever else lands on the ticket meanwhile. Only the
   * notes stamped within a window either side of the lead's `leadAt` (KEPT_NOTE_BURST_MS: its
   * burst's, and as much before it for a write that landed late or another instance's clock):
   * `keptNoteBurst` reads the mark on no other, and each notice marking every note of the ticket
   * made it grow by its notes times its notices. A retry of the send, or another instance sending
   * it at once, finds the lead recorded and keeps what the first write marked. The ticket as
   * stored after (to count the notice from); null when it is gone. Bookkeeping: the version stays.
   */
  async keptNoteTold(
    teamId: string,
    id: string,
    lead: number,
    leadAt: Date,
  ): Promise<TicketRecord | null> {
    const at = leadAt.getTime();
    const doc = await this.model
      .findOneAndUpdate(
        { teamId, _id: id, 'keptNoteTold.lead': trusted({ $ne: lead }) },
        { $push: { keptNoteTold: { lead } }, $addToSet: { 'timeline.$[note].toldIn': lead } },
        {
          // The desk's notes (every kept reply, `keptReply`, is one) within the lead's window:
          // the others' marks are unread.
          arrayFilters: [
            {
              'note.action': 'note',
              'note.by': SYSTEM_ACTOR,
              'note.at': {
                $gte: new Date(at - KEPT_NOTE_BURST_MS),
                $lt: new Date(at + KEPT_NOTE_BURST_MS),
              },
            },
          ],
          returnDocument: 'after',
        },
      )
      .lean<TicketDoc>();
    if (doc) return toRecord(doc);
    // Recorded already (a retry, another instance), or gone.
    const [ticket] = await this.byIds(teamId, [id]);
    return ticket ?? null;
  }

  async accountManagerNotified(teamId: string, id: string): Promise<void> {
    await this.model.updateOne({ teamId, _id: id }, { $set: { accountManagerNotified: true } });
  }

  /**
   * Adds followers in one single-document update: `$addToSet` (no duplicates), never the
   * requester nor the assignee (even one made so since the caller read it: no follower DMs
   * beside their own, as applyIfVersion takes a new assignee off them), and only while the
   * ticket has room for every one of them not yet following (the size guard in the filter:
   * concurrent additions never pass `max`, and each of them that fits goes through at once:
   * another addition since the read is no reason to refuse one). The update counts the addition
   * (`followerAdds`) and, with `owe` (Followers…), records in the same write the DM each person
   * added is owed (`followersOwed`: a crash before the outbox loses none) under the addition's
   * number, taken first from the count by an `$inc` of its own (so concurrent additions never
   * share one: a number a refused addition took is never used). The ticket as stored after, who
   * this call added (none: all followed already) and the DMs it owes them; or why nobody was
   * added: `full` (no room for them as it stands), `gone`, `closed` (closed or merged,
   * `followable`: as read, or by the write, whose filter keeps to the same rule, a close or merge
   * landing after the read; with the ticket as stored), or `changed` (its requester kept
   * changing under it: five tries, each update refused; a write refused for anything else is
   * read again and answered from that).
   */
  async addFollowers(
    teamId: string,
    id: string,
    users: string[],
    max: number,
    /** When they begin following (TicketRecord.followedAt). */
    at: Date,
    owe?: { by: string; at: Date },
  ): Promise<
    | { ticket: TicketRecord; added: string[]; owed: FollowerOwed[] }
    | { refused: 'full' | 'gone' | 'changed' }
    | { refused: 'closed'; ticket: TicketRecord }
  > {
    let add: number | undefined;
    // The steps written at the first read, when they asked to follow (TicketRecord.followedAt's
    // `seq`): a step written between a read and the write, which the update is refused for, is
    // one they follow all the same (the caller tells them it: `stepsSinceFollowed`).
    let since: number | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.model.findOne({ teamId, _id: id }).lean<TicketDoc>();
      if (!current) return { refused: 'gone' };
      if (!followable(current)) return { refused: 'closed', ticket: toRecord(current) };
      const requester = current.requester?.userId;
      const fresh = [...new Set(users)].filter(
        (u) =>
          u !== requester && u !== current.assigneeId && !(current.followers ?? []).includes(u),
      );
      if (!fresh.length) return { ticket: toRecord(current), added: [], owed: [] };
      const room = max - fresh.length;
      if ((current.followers ?? []).length > room) return { refused: 'full' };
      // The steps written by then: none may be written before the update (read again).
      const seq = (current.timeline ?? []).length;
      since ??= seq;
      // The DMs' number, once per call: counted now, whatever the write does.
      if (owe && add === undefined) {
        const counted = await this.model
          .findOneAndUpdate(
            { teamId, _id: id },
            { $inc: { followerAdds: 1 } },
            { returnDocument: 'after', projection: { followerAdds: 1 } },
          )
          .lean<Pick<TicketDoc, 'followerAdds'>>();
        if (!counted) return { refused: 'gone' };
        add = counted.followerAdds!;
      }
      const doc = await this.model
        .findOneAndUpdate(
          {
            teamId,
            _id: id,
            // Room for all of them, whatever was added since it was read.
            [`followers.${room}`]: trusted({ $exists: false }),
            followers: trusted({ $nin: fresh }),
            ...(requester ? { 'requester.userId': requester } : {}),
            // None of them made its assignee since it was read.
            assigneeId: trusted({ $nin: fresh }),
            // Neither closed nor merged since it was read (`followable`): else read again, and
            // refused as such.
            status: trusted({ $ne: 'closed' }),
            mergedInto: trusted({ $in: [null, ''] }),
            // No step written since it was read, whichever request's clock is ahead: the steps
            // written before the update, since they asked (`since`), are the ones it read; else
            // read again.
            [`timeline.${seq}`]: trusted({ $exists: false }),
          },
          {
            $addToSet: { followers: { $each: fresh } },
            $push: {
              // Steps written since the first read (`since`): owed them, marked till told.
              followedAt: {
                $each: fresh.map((user) =>
                  since !== undefined && since < seq
                    ? { user, at, seq: since, owedAt: at, owedTo: seq }
                    : { user, at, seq },
                ),
              },
              ...(owe
                ? {
                    followersOwed: {
                      $each: fresh.map((user) => ({ user, by: owe.by, add, at: owe.at })),
                    },
                  }
                : {}),
            },
            ...(owe ? {} : { $inc: { followerAdds: 1 } }),
          },
          { returnDocument: 'after' },
        )
        .lean<TicketDoc>();
      if (doc) {
        const ticket = toRecord(doc);
        const owed = (ticket.followersOwed ?? []).filter(
          (o) => o.add === add && fresh.includes(o.user),
        );
        return { ticket, added: fresh, owed };
      }
    }
    return { refused: 'changed' };
  }

  /**
   * Takes `users` off a ticket's followers in one update, with the DMs they are owed of being
   * added (never sent to someone no longer following); the ticket as stored after (null: gone).
   */
  async removeFollowers(teamId: string, id: string, users: string[]): Promise<TicketRecord | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { teamId, _id: id },
        { $pull: unfollowing(users) },
        { returnDocument: 'after' },
      )
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Everyone following a ticket of the workspace a step can still reach them on
   * (`STEP_STATUSES`: open, or resolved, which its requester may reopen), whom the daily check
   * of the followers asks Slack about: one distinct read by the (teamId, status) index.
   */
  async stepFollowerIds(teamId: string): Promise<string[]> {
    const ids = await this.model.distinct('followers', {
      teamId,
      status: trusted({ $in: STEP_STATUSES }),
    });
    return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  }

  /** The ids of the open and resolved tickets `userId` follows (one find on the ids only). */
  async stepFollowedBy(teamId: string, userId: string): Promise<string[]> {
    const docs = await this.model
      .find(stepFollowing(teamId, userId), { _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>();
    return docs.map((d) => String(d._id));
  }

  /**
   * Takes `userId` off the followers of every ticket of the workspace a step can still reach
   * them on (`STEP_STATUSES`: open or resolved; Slack says they are of another organisation),
   * with the DMs they were owed of being added: one updateMany, each ticket's `$pull` atomic on
   * its document, a second run finding none. One added after `stepFollowedBy` read them is
   * taken off too.
   */
  async dropFollowerFromStepTickets(teamId: string, userId: string): Promise<void> {
    await this.model.updateMany(stepFollowing(teamId, userId), {
      $pull: unfollowing([userId]),
    });
  }

  async setSourcePermalink(teamId: string, id: string, permalink: string): Promise<void> {
    await this.model.updateOne({ teamId, _id: id }, { $set: { sourcePermalink: permalink } });
  }

  /**
   * One page of the open tickets a filter picks, due first (then by number), and how many there
   * are: two commands (one when the page is short: `pageWithTotal`), each answered by a (teamId,
   * status | assignee | requester, dueAt) index.
   */
  async page(
    teamId: string,
    filter: TicketFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: TicketRecord[]; total: number }> {
    const query = pageQuery(teamId, filter);
    const { docs, total } = await pageWithTotal(
      () =>
        this.model
          .find(query)
          .sort({ dueAt: 1, number: 1 })
          .skip(offset)
          .limit(limit)
          .lean<TicketDoc[]>(),
      () => this.model.countDocuments(query),
      limit,
      offset,
    );
    return { items: docs.map(toRecord), total };
  }

  /**
   * One page of the open tickets a filter picks, due first (then by number), read by key, not by
   * position: the `limit` rows right after `key` (`after`), the `limit` right before it
   * (`before`), or the last `limit` (`last`); with how many there are and how many come before
   * its first row (where it starts). A ticket closed or moved before the page since does not
   * shift it (no row skipped or shown twice). Each read answered by the page's index.
   */
  async keyPage(
    teamId: string,
    filter: TicketFilter,
    from: { dir: 'after' | 'before'; key: ListKey } | { dir: 'last' },
    limit: number,
  ): Promise<{ items: TicketRecord[]; total: number; offset: number }> {
    const query = pageQuery(teamId, filter);
    const forward = from.dir === 'after';
    const keyed =
      from.dir === 'last'
        ? query
        : { ...query, $and: [forward ? afterKey(from.key) : beforeKey(from.key)] };
    const order = forward ? 1 : -1;
    const [docs, total] = await Promise.all([
      this.model.find(keyed).sort({ dueAt: order, number: order }).limit(limit).lean<TicketDoc[]>(),
      this.model.countDocuments(query),
    ]);
    const items = (forward ? docs : docs.reverse()).map(toRecord);
    const first = items[0];
    const offset = first
      ? await this.model.countDocuments({ ...query, $and: [beforeKey(listKey(first))] })
      : 0;
    return { items, total, offset };
  }

  /**
   * The tickets `userId` asked for (`requestedBy`) that were merged into a ticket still open (the
   * one they went into, or where that one went since: `mergeEnds`): the latest merged first, at
   * most `limit`, read from their latest 50 merged ones; each with that open ticket's number and
   * who `userId` is there (`end`).
   */
  async mergedRequests(
    teamId: string,
    userId: string,
    limit: number,
    cut?: MergeChainCut,
  ): Promise<{ ticket: TicketRecord; end: MergedEnd }[]> {
    const merged = await this.model
      .find({
        teamId,
        status: 'closed',
        mergedInto: trusted({ $nin: [null, ''] }),
        $or: requestedByBranches(userId),
      })
      .sort({ closedAt: -1 })
      .limit(50)
      .lean<TicketDoc[]>();
    if (!merged.length) return [];
    const ends = await this.mergeEnds(
      teamId,
      merged.map((doc) => doc.mergedInto!),
      cut,
    );
    return merged
      .flatMap((doc) => {
        const end = ends.get(doc.mergedInto!.toUpperCase());
        return end && OPEN_STATUSES.includes(end.status)
          ? [{ ticket: toRecord(doc), end: { into: end.number, role: roleOnTicket(end, userId) } }]
          : [];
      })
      .slice(0, limit);
  }

  /**
   * Where `userId`'s request merged into the team's ticket `number` stands now (`MergedEnd`): that
   * ticket, or where it went since (`mergeEnds`), and who they are there (its assignee, requester
   * and followers only) while it is open, else resolved or closed; undefined when there is no
   * such ticket.
   */
  async mergedEnd(
    teamId: string,
    number: string,
    userId: string,
    cut?: MergeChainCut,
  ): Promise<MergedEnd | undefined> {
    const end = (await this.mergeEnds(teamId, [number], cut)).get(number.toUpperCase());
    if (!end) return undefined;
    return {
      into: end.number,
      role: OPEN_STATUSES.includes(end.status)
        ? roleOnTicket(end, userId)
        : end.status === 'resolved'
          ? 'resolved'
          : 'closed',
    };
  }

  /**
   * The tickets `numbers` were merged into, each followed through the merges made of it since
   * (a duplicate is merged only into an open ticket that was not merged, so a chain grows only
   * when its end is merged on later) to the ticket at its end, by the number it starts from
   * (upper case): one read per hop, at most MERGE_HOPS hops, a number met twice ending it (never
   * a loop), a ticket gone ending it at the last found. A chain longer than MERGE_HOPS ends at
   * the last ticket reached, and `cut` is told of it. Only what `MergedEnd` needs is read.
   */
  private async mergeEnds(
    teamId: string,
    numbers: string[],
    cut?: MergeChainCut,
  ): Promise<Map<string, MergeTarget>> {
    const ends = new Map<string, MergeTarget>();
    const read = new Map<string, MergeTarget>();
    let walking = [...new Set(numbers.map((n) => n.toUpperCase()))].map((start) => ({
      start,
      at: start,
      seen: new Set([start]),
    }));
    for (let hop = 0; hop <= MERGE_HOPS && walking.length; hop++) {
      const ask = [...new Set(walking.map((w) => w.at))].filter((n) => !read.has(n));
      if (ask.length) {
        const docs = await this.model
          .find({ teamId, number: trusted({ $in: ask }) })
          .select({
            number: 1,
            status: 1,
            mergedInto: 1,
            assigneeId: 1,
            'requester.userId': 1,
            followers: 1,
          })
          .lean<MergeTarget[]>();
        for (const doc of docs) read.set(doc.number, doc);
      }
      walking = walking.flatMap((w) => {
        const doc = read.get(w.at);
        if (!doc) return [];
        ends.set(w.start, doc);
        const next = doc.mergedInto?.toUpperCase();
        if (!next || w.seen.has(next)) return [];
        w.seen.add(next);
        return [{ ...w, at: next }];
      });
    }
    // Still walking after MERGE_HOPS: ended at the last ticket reached.
    for (const w of walking) {
      const last = ends.get(w.start);
      if (last) cut?.({ from: w.start, last: last.number, next: w.at });
    }
    return ends;
  }

  /** A page of a team's open tickets in id order, after `afterId`: for batch recomputations. */
  /**
   * A page of the workspace's tickets resolved at `before` or earlier and still resolved (those
   * stored without a resolution time left out: never past their reopen window), by id after
   * `afterId`: what the daily close reads.
   */
  async resolvedPage(teamId: string, before: Date, afterId: string | undefined, limit: number) {
    return this.pageById(
      { teamId, status: 'resolved', resolvedAt: trusted({ $lte: before }) },
      afterId,
      limit,
    );
  }

  /**
   * Up to `limit` open tickets of the customer, by id after `afterId`, still owing their first
   * response on a target given for a tier below the one now (`below`: `sla.responseTier`, or the
   * tier copy of a ticket stored before it was kept) and longer than the tier now gives their
   * severity (`targets`): those whose first response a tier moved up makes due sooner
   * (TicketService.tightenForTier), on the (teamId, customerId, status) index. A merged duplicate
   * owes none. `ticketId`: that ticket only.
   */
  async slowerResponsePage(
    teamId: string,
    customerId: string,
    below: readonly Tier[],
    targets: Readonly<Record<Severity, number>>,
    afterId: string | undefined,
    limit: number,
    ticketId?: string,
  ): Promise<TicketRecord[]> {
    return this.pageById(
      {
        teamId,
        customerId,
        ...(ticketId ? { _id: ticketId } : {}),
        status: trusted({ $in: OPEN_STATUSES }),
        firstResponseAt: trusted({ $exists: false }),
        mergedInto: trusted({ $exists: false }),
        $and: [
          {
            $or: [
              { 'sla.responseTier': trusted({ $in: [...below] }) },
              {
                'sla.responseTier': trusted({ $exists: false }),
                customerTier: trusted({ $in: [...below] }),
              },
            ],
          },
          {
            $or: SEVERITIES.map((severity) => ({
              severity,
              'sla.responseMinutes': trusted({ $gt: targets[severity] }),
            })),
          },
        ],
      },
      afterId,
      limit,
    );
  }

  async openPage(teamId: string, afterId: string | undefined, limit: number) {
    return this.pageById({ teamId, status: trusted({ $in: OPEN_STATUSES }) }, afterId, limit);
  }

  /** Up to `limit` tickets matching `filter` (scoped by the caller), by id after `afterId`. */
  private async pageById(
    filter: QueryFilter<TicketDoc>,
    afterId: string | undefined,
    limit: number,
  ): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        ...filter,
        ...(afterId ? { _id: trusted({ $gt: new Types.ObjectId(afterId) }) } : {}),
      })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * A person's open tickets and the waiting tickets that wait on them (`waitsOn`: they are its
   * Slack requester, or filed it with none recorded), due first: one read for their Home (an $or
   * of indexed ranges), at most `limit`; without what a Home row never draws (`HOME_UNREAD`:
   * description '', timeline []).
   */
  async personal(teamId: string, userId: string, limit: number): Promise<TicketRecord[]> {
    const docs = await this.model
      .find(
        {
          teamId,
          $or: [
            { assigneeId: userId, status: trusted({ $in: OPEN_STATUSES }) },
            ...waitsOnBranches(userId).map((branch) => ({
              ...branch,
              status: 'waiting' as const,
            })),
          ],
        },
        HOME_UNREAD,
      )
      .sort({ dueAt: 1, number: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map((doc) => ({ ...toRecord(doc), description: '' }));
  }

  /**
   * A customer's open complaints still to be contacted, at most `limit`: their card names the
   * account manager who is to contact the customer, drawn again after a change of owner.
   * Answered by the (teamId, customerId, status) index.
   */
  async openToContact(teamId: string, customerId: string, limit: number): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        customerId: new Types.ObjectId(customerId),
        status: trusted({ $in: OPEN_STATUSES }),
        complaint: trusted({ $exists: true }),
        'complaint.contactedAt': trusted({ $exists: false }),
      })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Whom the customer's open tickets show on (their Homes list them, with its name): who holds
   * them and whom the waiting ones wait on (`waitsOn`), each once; `open`: whether it has any
   * (the managers' team queue may list them). Reads of the (teamId, customerId, status) index.
   */
  async openPeopleOf(
    teamId: string,
    customerId: string,
  ): Promise<{ people: string[]; open: boolean }> {
    const customer = { teamId, customerId: new Types.ObjectId(customerId) };
    const waiting = { ...customer, status: 'waiting' as const };
    const [assignees, requesters, filers, any] = await Promise.all([
      this.model.distinct('assigneeId', { ...customer, status: trusted({ $in: OPEN_STATUSES }) }),
      this.model.distinct('requester.userId', waiting),
      this.model.distinct('createdBy', { ...waiting, 'requester.userId': null }),
      this.model
        .findOne({ ...customer, status: trusted({ $in: OPEN_STATUSES }) }, { _id: 1 })
        .lean(),
    ]);
    const people = [...assignees, ...requesters, ...filers].filter(
      (id): id is string => typeof id === 'string' && id.length > 0,
    );
    return { people: [...new Set(people)], open: !!any };
  }

  /**
   * A page of one customer's tickets (any status) in id order, after `afterId`: for a change that
   * touches all of them (an erasure refreshing their cards). Answered by the (teamId, customerId,
   * …) index; a customer with hundreds of tickets is read a page at a time.
   */
  async ofCustomerPage(
    teamId: string,
    customerId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<TicketRecord[]> {
    return this.pageById({ teamId, customerId: new Types.ObjectId(customerId) }, afterId, limit);
  }

  /**
   * This week so far: tickets opened, resolved, responded to (on time), solved at first contact.
   * Opened as the digest counts it (digest/figures.ts `openedAt`): received since, or entered
   * since after a receipt before (a call of last Friday typed in on Monday is this week's, as
   * the next digest counts it), but for the history a team brings to the desk, received before
   * its first record (`firstRecordAt`), which stays dated by its receipt.
   */
  async countsSince(teamId: string, since: Date, firstRecordAt?: Date) {
    const from = trusted({ $gte: since });
    // A duplicate merged into another ticket counts in none of them, as in the digest.
    const counted = { teamId, mergedInto: trusted(IN_FIGURES) };
    const enteredLate = {
      receivedAt: trusted({ $lt: since, ...(firstRecordAt ? { $gte: firstRecordAt } : {}) }),
      createdAt: from,
    };
    const [opened, resolved, responded, respondedOnTime, firstContact] = await Promise.all([
      // Each branch on its own index (team and receipt; team and entry).
      this.model.countDocuments({ ...counted, $or: [{ receivedAt: from }, enteredLate] }),
      this.model.countDocuments({ ...counted, resolvedAt: from }),
      this.model.countDocuments({ ...counted, firstResponseAt: from }),
      this.model.countDocuments({
        ...counted,
        firstResponseAt: from,
        // As the digest counts it (respondedOnTime): a response stored without the flag is on time.
        'metrics.responseBreached': trusted(RESPONSE_NOT_BREACHED),
      }),
      this.model.countDocuments({
        ...counted,
        resolvedAt: from,
        'metrics.firstContactResolution': true,
      }),
    ]);
    return { opened, resolved, responded, respondedOnTime, firstContact };
  }

  /** Open tickets saved before due times were stored (an upgrade): a batch to fill in. */
  async withoutDueTimes(teamId: string, limit: number): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        status: trusted({ $in: OPEN_STATUSES }),
        dueAt: trusted({ $exists: false }),
      })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Waiting tickets storing the far-future due time (`PAUSED_DUE_AT`), by number after `after`, at
   * most `limit`; only those saved since `changedSince` when given. Those saved before a waiting
   * ticket stored a due time already past when it was paused are among them (an upgrade's
   * backfill: `TicketService.backfillPausedDueAt`). Answered by the (teamId, status, dueAt,
   * number) index.
   */
  async farFuturePaused(
    teamId: string,
    after: string | undefined,
    limit: number,
    changedSince?: Date,
  ): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        status: 'waiting',
        dueAt: PAUSED_DUE_AT,
        ...(after ? { number: trusted({ $gt: after }) } : {}),
        ...(changedSince ? { updatedAt: trusted({ $gte: changedSince }) } : {}),
      })
      .sort({ number: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Stores recomputed clocks (a backfill, a calendar change), each only if the ticket is still at
   * the version it was computed from (a change meanwhile stored its own). One command.
   */
  async storeClocks(
    changes: { ticket: TicketRecord; clock: StoredClock; targets?: TargetTimes }[],
  ): Promise<number> {
    if (!changes.length) return 0;
    const res = await this.model.bulkWrite(
      changes.map(({ ticket, clock, targets = {} }) => {
        const unset = clockUnset(clock);
        const pull = takenBackPull(clock);
        return {
          updateOne: {
            filter: { teamId: ticket.teamId, _id: ticket.id, version: ticket.version },
            update: {
              $set: {
                ...clockSet(clock),
                ...keptSet(clock),
                ...(targets.contactDueAt ? { 'complaint.contactDueAt': targets.contactDueAt } : {}),
                ...(targets.planDueAt ? { 'demand.planDueAt': targets.planDueAt } : {}),
              },
              ...(Object.keys(unset).length ? { $unset: unset } : {}),
              ...(Object.keys(pull).length ? { $pull: pull } : {}),
            },
          },
        };
      }),
      { ordered: false },
    );
    return res.modifiedCount;
  }

  /** Open tickets of a team, oldest first: for checks that need the SLA clock. */
  async open(teamId: string): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({ teamId, status: trusted({ $in: OPEN_STATUSES }) })
      .sort({ receivedAt: 1 })
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The open complaints written since `since` (the (teamId, updatedAt) index) that were reopened
   * and still owe a contact tried before: those whose contact task a reopen revives
   * (TaskService.reviveContact), for the daily repair of one whose revival failed.
   */
  async reopenedOwingContactSince(teamId: string, since: Date): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        updatedAt: trusted({ $gte: since }),
        status: trusted({ $in: OPEN_STATUSES }),
        'metrics.reopenCount': trusted({ $gt: 0 }),
        'complaint.attempts': trusted({ $exists: true }),
        'complaint.contactedAt': trusted({ $exists: false }),
        'complaint.contactWaived': trusted({ $exists: false }),
        'complaint.resolvedUncontacted': trusted({ $exists: false }),
        mergedInto: trusted({ $exists: false }),
      })
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /** Tickets resolved since `since` and still resolved or closed: their follow-ups are due. */
  async resolvedSince(teamId: string, since: Date): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        resolvedAt: trusted({ $gte: since }),
        status: trusted({ $in: ['resolved', 'closed'] }),
      })
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * What the weekly digest reads of the tickets that touch [from, to): received before `to` and
   * still open, or responded to, resolved, closed or surveyed since `from`, and the complaints
   * whose contact was due in [from, to) (a target missed in the week however long ago the
   * complaint was resolved). Only the fields it needs.
   *
   * Most of those are the open backlog, which the digest only counts: an open ticket received
   * before the week, not touched since (no response, next reply, resolution, closing or survey
   * since `from`), never resolved or closed, not a complaint, not waiting and never paused, with its
   * due times stored. It is in the backlog at the week's end, and overdue then if a stored due
   * time is before `to` (its clocks ran without a pause from its receipt, so the due times it
   * stores are those `to` had; they follow calendar changes). The database counts those
   * (`counted`, one small result) and returns the others (a cursor), in two commands sent at
   * once: plain query tests, which the database evaluates far faster than the per-ticket
   * expressions and groups of one aggregate did (on the stand-in, which scans every ticket for
   * each, about 0.5 s less at 100,000 tickets, see bench/reports.ts).
   */
  async forDigest(
    teamId: string,
    from: Date,
    to: Date,
  ): Promise<{ tickets: DigestTicket[]; counted: { backlog: number; overdue: number } }> {
    const since = { $gte: from };
    const touched = ['firstResponseAt', 'resolvedAt', 'closedAt', 'survey.sentAt', 'survey.at'];
    // Never resolved first: most tickets are, and a scan stops at the first failed test.
    // A missing field is not `since` ($not matches it), as is a null one.
    const counted = {
      resolvedAt: null,
      status: trusted({ $in: OPEN_STATUSES.filter((s) => s !== 'waiting') }),
      closedAt: null,
      type: trusted({ $ne: 'complaint' }),
      receivedAt: trusted({ $lt: from }),
      // Entered since (received back-dated): opened in the week (figures.ts `openedAt`), read.
      createdAt: trusted({ $lt: from }),
      firstResponseAt: trusted({ $not: since }),
      'survey.sentAt': trusted({ $not: since }),
      'survey.at': trusted({ $not: since }),
      // A next reply given (or cleared) since: the one owed at `to`, if it was, is no longer
      // stored as a due time (`replyDueAt`); read, its clock says (`pastReplies`).
      'pastReplies.until': trusted({ $not: since }),
      'pauses.0': trusted({ $exists: false }),
      resolutionDueAt: trusted({ $ne: null }),
      $or: [{ firstResponseAt: trusted({ $ne: null }) }, { responseDueAt: trusted({ $ne: null }) }],
    };
    // One $or: a ticket counts once however many of its due times are past.
    const overdue = {
      $or: [
        { resolutionDueAt: { $lt: to } },
        { responseDueAt: { $lt: to } },
        { replyDueAt: { $lt: to } },
      ],
    };
    const [[count], docs] = await Promise.all([
      this.model.aggregate<{ n: { n: number }[]; overdue: { n: number }[] }>([
        { $match: { ...counted, teamId } },
        {
          $facet: {
            n: [{ $count: 'n' }],
            overdue: [{ $match: overdue }, { $count: 'n' }],
          },
        },
      ]),
      this.model
        .find(
          {
            $or: [
              { status: trusted({ $in: OPEN_STATUSES }), receivedAt: trusted({ $lt: to }), teamId },
              ...touched.map((f) => ({
                [f]: trusted(since),
                receivedAt: trusted({ $lt: to }),
                teamId,
              })),
              {
                'complaint.contactDueAt': trusted({ $gte: from, $lt: to }),
                receivedAt: trusted({ $lt: to }),
                teamId,
              },
            ],
            // The database's own operators, not a user's: trusted as the other filters here.
            $nor: [counted as never],
          },
          DIGEST_FIELDS,
        )
        .lean<(DigestTicket & { _id: unknown })[]>(),
    ]);
    const tickets = docs.map(({ _id: _ignored, ...rest }) => ({
      ...rest,
      customerId: String(rest.customerId),
      pauses: rest.pauses ?? [],
    }));
    return {
      tickets,
      counted: { backlog: count?.n[0]?.n ?? 0, overdue: count?.overdue[0]?.n ?? 0 },
    };
  }

  /**
   * The tickets that may be past their SLA in [from, to), for the digest's list (DigestService
   * `pastSla` keeps those that are, by the figures' own tests):
   * - `counted`: open at `to` and now, not waiting, not first answered since, with a stored due
   *   time before `to` (their stored due times are those `to` had: overdue at `to`, as the
   *   figures count them); the first `limit` of them, the most overdue first, and how many;
   * - `moved`: open at `to` whose stored due times no longer say (waiting now, first answered
   *   since `to`, resolved or closed since, a next reply owed at `to` given since: `pastReplies`),
   *   but for those `counted`: every one, for their clocks to be worked out;
   * - `late`: first answered late or resolved late in [from, to), whatever their status now
   *   (but those in `counted`): every one, with only what the list filters and counts them by
   *   (`LateTicket`); the caller reads the few it shows whole (`byIds`).
   * A duplicate merged into another ticket is in none of them (even merged after `to`): the
   * figures leave it out, so the list and its count do too.
   */
  async pastSla(
    teamId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<{
    counted: { tickets: TicketRecord[]; n: number };
    moved: TicketRecord[];
    late: LateTicket[];
  }> {
    const running = OPEN_STATUSES.filter((s) => s !== 'waiting');
    const openAtEnd = {
      teamId,
      mergedInto: trusted(IN_FIGURES),
      receivedAt: trusted({ $lt: to }),
      resolvedAt: trusted({ $not: { $lt: to } }),
      closedAt: trusted({ $not: { $lt: to } }),
    };
    const counted = {
      ...openAtEnd,
      status: trusted({ $in: running }),
      firstResponseAt: trusted({ $not: { $gte: to } }),
      $or: [
        { resolutionDueAt: trusted({ $lt: to }) },
        { responseDueAt: trusted({ $lt: to }) },
        { replyDueAt: trusted({ $lt: to }) },
      ],
    };
    const moved = {
      ...openAtEnd,
      $or: [
        { status: trusted({ $nin: running }) },
        { firstResponseAt: trusted({ $gte: to }) },
        // A next reply owed at `to` given since (or the ticket resolved or closed since): its
        // due time is no longer stored; but for those `counted` by another (listed once).
        // One span of the list covering `to` (two conditions on the paths could match two spans).
        { pastReplies: trusted({ $elemMatch: { from: { $lt: to }, until: { $gte: to } } }) },
      ],
      // The database's own operators, not a user's: trusted as the other filters here.
      $nor: [counted as never],
    };
    const week = { $gte: from, $lt: to };
    const late = {
      teamId,
      mergedInto: trusted(IN_FIGURES),
      $or: [
        { firstResponseAt: trusted(week), 'metrics.responseBreached': true },
        { resolvedAt: trusted(week), 'metrics.resolutionBreached': true },
      ],
      // The database's own operators, not a user's: trusted as the other filters here.
      $nor: [counted as never],
    };
    const [countedDocs, n, movedDocs, lateDocs] = await Promise.all([
      this.model.find(counted).sort({ dueAt: 1, number: 1 }).limit(limit).lean<TicketDoc[]>(),
      this.model.countDocuments(counted),
      this.model.find(moved).lean<TicketDoc[]>(),
      // Only what the list filters and counts them by: the shown ones are read whole after.
      this.model
        .find(late, LATE_FIELDS)
        .sort({ number: 1 })
        .lean<(Omit<LateTicket, 'id'> & { _id: Types.ObjectId })[]>(),
    ]);
    return {
      counted: { tickets: countedDocs.map(toRecord), n },
      moved: movedDocs.map(toRecord),
      late: lateDocs.map(({ _id, metrics, ...rest }) => ({
        ...rest,
        id: _id.toHexString(),
        metrics: metrics ?? {},
      })),
    };
  }

  /**
   * A customer's complaints received from `since` (a repeat complaint names them): a duplicate
   * merged into another ticket is not one more complaint (`IN_FIGURES`).
   */
  async complaintsSince(teamId: string, customerId: string, since: Date): Promise<string[]> {
    const docs = await this.model
      .find(
        {
          teamId,
          customerId: new Types.ObjectId(String(customerId)),
          type: 'complaint',
          receivedAt: trusted({ $gte: since }),
          mergedInto: trusted(IN_FIGURES),
        },
        { number: 1 },
      )
      .sort({ receivedAt: 1 })
      .lean<{ number: string }[]>();
    return docs.map((d) => d.number);
  }

  // The requester's survey and notes (#10).

  /** Records the survey as sent, once per ticket: false when it was sent before. */
  async surveySent(teamId: string, id: string, at: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, _id: id, 'survey.sentAt': trusted({ $exists: false }) },
      { $set: { survey: { source: 'customer', sentAt: at } } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Stores an answer (a second one replaces the first): the ticket after, null if unsent,
   * whether this write marked its details DMs owed, and whether the card is to be drawn again
   * (what it shows changed in this write, or an earlier answer's redraw is still owed: the
   * ticket's `survey.cardOwedAt` says whose mark to take off once drawn). The answer is one
   * person's: another person's (a customer's colleague, with no Slack requester) replaces the NPS
   * and comment the first gave too, so that neither is shown to the other nor stands as theirs.
   */
  async surveyAnswer(
    teamId: string,
    id: string,
    answer: { satisfaction?: number; nps?: number | null; comment?: string | null },
    by: string,
    at: Date,
    /** The ticket's resolution it is given in (its reopen count): written with the scores. */
    cycle: number,
  ): Promise<{ ticket: TicketRecord; owesDetails: boolean; redraw: boolean } | null> {
    const set: Record<string, unknown> = {
      'survey.by': by,
      'survey.at': at,
      'survey.cycle': cycle,
    };
    const unset: Record<string, ''> = {};
    const unsetOthers: Record<string, ''> = {};
    // What the answer shows (its scores and comment, in this resolution) as stored already: the
    // same person sending it again unchanged (a click leaves their NPS and comment as they are).
    const same: Record<string, unknown> = { 'survey.cycle': cycle };
    if (answer.satisfaction !== undefined) {
      set['survey.satisfaction'] = answer.satisfaction;
      same['survey.satisfaction'] = answer.satisfaction;
    }
    for (const key of ['nps', 'comment'] as const) {
      if (answer[key] === null) {
        unset[`survey.${key}`] = '';
        same[`survey.${key}`] = trusted({ $exists: false });
      } else if (answer[key] !== undefined) {
        set[`survey.${key}`] = answer[key];
        same[`survey.${key}`] = answer[key];
      } else unsetOthers[`survey.${key}`] = '';
    }
    const modal = answer.nps !== undefined || answer.comment !== undefined;
    // A click's score, kept apart (TicketSurvey.click): the modal that follows restates it. Kept
    // by a write that changes the answer only: the same score clicked again leaves the click's
    // time as it was (a later time would make the modal sent before it look like a whole answer,
    // its comment told again). A modal replacing another person's answer takes that person's
    // click off with it.
    const click: Record<string, unknown> =
      answer.satisfaction !== undefined && !modal
        ? { 'survey.click': { satisfaction: answer.satisfaction, at } }
        : {};
    if (modal) unsetOthers['survey.click'] = '';
    const sent = { teamId, _id: id, 'survey.sentAt': trusted({ $exists: true }) };
    const write = (
      filter: Record<string, unknown>,
      remove: Record<string, ''>,
      extra: Record<string, unknown> = {},
    ) =>
      this.model
        .findOneAndUpdate(
          filter,
          { $set: { ...set, ...extra }, ...(Object.keys(remove).length ? { $unset: remove } : {}) },
          { returnDocument: 'after' },
        )
        .lean<TicketDoc>();
    // The modal's answer (NPS and comment): the details DMs it may owe, owed in this same write
    // (taken off once written: surveyDetailsTold), so a request dying after it loses none. Owed
    // only when it changes what they say: the same person's modal sent again unchanged owes
    // nothing (nothing new to tell), and leaves an earlier answer's mark as it is (that answer's
    // request, or the outbox job's repair, still writes it, once).
    const owed = modal ? { 'survey.detailsOwedAt': at } : {};
    // A write that changes what the card shows owes its redraw in the same write (the request
    // draws it, then surveyCardDrawn takes the mark off). Whether it changed is decided by the
    // write's own filter, never by a read before it: another answer written in between (a second
    // click, a colleague's) is what this one replaces, and the card must end up showing the last.
    const changed = { ...owed, ...click, 'survey.cardOwedAt': at };
    const sameAnswer = { ...sent, 'survey.by': by, ...same };
    // The same answer again: the card already shows it, or its redraw is still owed by the
    // answer that wrote it (that mark kept, and drawn by this request too). Owes no details.
    // Then the same person changing their answer; anyone else's first answer replaces it whole
    // (each write holds only while the answerer is as it read: the two never mix).
    for (let i = 0; i < 2; i++) {
      const unchanged = await write(
        { ...sameAnswer, 'survey.cardOwedAt': trusted({ $exists: false }) },
        unset,
      );
      if (unchanged) return { ticket: toRecord(unchanged), owesDetails: false, redraw: false };
      const stale = await write(
        { ...sameAnswer, 'survey.cardOwedAt': trusted({ $exists: true }) },
        unset,
      );
      if (stale) return { ticket: toRecord(stale), owesDetails: false, redraw: true };
      const mine = await write({ ...sent, 'survey.by': by }, unset, changed);
      if (mine) return { ticket: toRecord(mine), owesDetails: modal, redraw: true };
      const replaced = await write(
        { ...sent, 'survey.by': trusted({ $ne: by }) },
        { ...unset, ...unsetOthers },
        changed,
      );
      if (replaced) return { ticket: toRecord(replaced), owesDetails: modal, redraw: true };
    }
    return null;
  }

  /**
   * The details a modal answer given at `at` owed are in the outbox (or none were owed): owed no
   * more. A later answer's mark (another `at`) stays.
   */
  async surveyDetailsTold(teamId: string, id: string, at: Date): Promise<void> {
    await unmark(this.model, SURVEY_DETAILS_OWED, teamId, id, at);
  }

  /** The card's redraw owed by the answer given at `at` is in the outbox: owed no more. */
  async surveyCardDrawn(teamId: string, id: string, at: Date): Promise<void> {
    await unmark(this.model, SURVEY_CARD_OWED, teamId, id, at);
  }

  /** Tickets across workspaces whose survey answer, given at or before `before`, owes its card. */
  async surveyCardsOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, SURVEY_CARD_OWED, before, limit);
    return docs.map(toRecord);
  }

  /**
   * Tickets across workspaces whose survey answer, given at or before `before`, may still owe its
   * details DMs (`survey.detailsOwedAt`), oldest first (the outbox job's repair:
   * RequesterFlows.repairDetails; through the sparse index on the mark).
   */
  async surveyDetailsOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, SURVEY_DETAILS_OWED, before, limit);
    return docs.map(toRecord);
  }

  /**
   * Marks a low score's follow-up opened for a resolution (`cycle`), once per resolution: false
   * when it was marked for it before.
   */
  async surveyFollowedUp(teamId: string, id: string, cycle: number, at: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: id,
        'survey.sentAt': trusted({ $exists: true }),
        'survey.followUpCycle': trusted({ $ne: cycle }),
      },
      { $set: { 'survey.followUpAt': at, 'survey.followUpCycle': cycle } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Low survey answers given in (after, before] whose follow-up a crash may have left unopened:
   * satisfaction at most `low.satisfaction`, or NPS at most `low.nps` with a comment, given in the
   * resolution the ticket is in now and not marked followed up for it (the caller checks the rest,
   * `lowScoreOwed`). The oldest first (the nearest to leaving the window), at most 500: read
   * through (teamId, survey.at), the two fields compared only on the answers in the window.
   */
  async lowSurveysOwed(
    teamId: string,
    after: Date,
    before: Date,
    low: { satisfaction: number; nps: number },
  ): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        'survey.at': trusted({ $gt: after, $lte: before }),
        'survey.cycle': trusted({ $exists: true }),
        $or: [
          { 'survey.satisfaction': trusted({ $lte: low.satisfaction }) },
          {
            'survey.nps': trusted({ $lte: low.nps }),
            'survey.comment': trusted({ $nin: [null, ''] }),
          },
        ],
        $expr: trusted({
          $and: [
            { $eq: ['$survey.cycle', '$metrics.reopenCount'] },
            { $ne: ['$survey.followUpCycle', '$survey.cycle'] },
          ],
        }),
      })
      .sort({ 'survey.at': 1, _id: 1 })
      .limit(500)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The requesters' survey satisfaction (1-5) answered since `since`, with the tickets' customers
   * (the (teamId, survey.at) index): a low churn risk reads them.
   */
  async surveyAnswersSince(
    teamId: string,
    since: Date,
  ): Promise<{ customerId: string; satisfaction: number }[]> {
    const docs = await this.model
      .find(
        { teamId, 'survey.at': trusted({ $gte: since }) },
        { customerId: 1, 'survey.satisfaction': 1 },
      )
      .lean<{ customerId?: unknown; survey?: { satisfaction?: unknown } }[]>();
    return docs.flatMap((d) =>
      d.customerId && typeof d.survey?.satisfaction === 'number'
        ? [{ customerId: String(d.customerId), satisfaction: d.survey.satisfaction }]
        : [],
    );
  }

  /**
   * The customers with a complaint still open, or a critical complaint received since `since`
   * (a merged duplicate not counted): none of them is low churn risk. Each with the number of
   * its latest such complaint (the card names it).
   */
  async complaintRiskCustomers(teamId: string, since: Date): Promise<Map<string, string>> {
    const docs = await this.model
      .find(
        {
          teamId,
          type: 'complaint',
          mergedInto: trusted(IN_FIGURES),
          $or: [
            { status: trusted({ $in: OPEN_STATUSES }) },
            { 'complaint.urgency': 'critical', receivedAt: trusted({ $gte: since }) },
          ],
        },
        { customerId: 1, number: 1 },
      )
      .sort({ receivedAt: -1, _id: -1 })
      .lean<{ customerId?: unknown; number?: unknown }[]>();
    const found = new Map<string, string>();
    for (const d of docs)
      if (d.customerId && typeof d.number === 'string' && !found.has(String(d.customerId)))
        found.set(String(d.customerId), d.number);
    return found;
  }

  /** Marks a survey field once (`remindedAt`): false when it was marked before. */
  async surveyMark(teamId: string, id: string, field: 'remindedAt', at: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: id,
        'survey.sentAt': trusted({ $exists: true }),
        [`survey.${field}`]: trusted({ $exists: false }),
      },
      { $set: { [`survey.${field}`]: at } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Surveys sent in (after, before], unanswered and never reminded, of tickets resolved or closed
   * now (a reopened ticket is being worked again: it is asked about once resolved again).
   */
  async surveysToRemind(teamId: string, after: Date, before: Date): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        status: trusted({ $in: ['resolved', 'closed'] }),
        'survey.sentAt': trusted({ $gt: after, $lte: before }),
        'survey.satisfaction': trusted({ $exists: false }),
        'survey.remindedAt': trusted({ $exists: false }),
      })
      .limit(500)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * A page of the open tickets with an assignee received before `before` (progress notes may be
   * owed), by id after `afterId`, with only what the check whether one is due reads
   * (`ProgressCandidate`): the caller reads on until a page comes back short. Through the
   * `{teamId, status, _id}` index (the page's range and order).
   */
  async progressCandidates(
    teamId: string,
    before: Date,
    afterId: string | undefined,
    limit: number,
  ): Promise<ProgressCandidate[]> {
    const docs = await this.model
      .find({
        ...progressFilter(teamId, before),
        ...(afterId ? { _id: trusted({ $gt: new Types.ObjectId(afterId) }) } : {}),
      })
      .select(PROGRESS_FIELDS)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<(Pick<TicketDoc, ProgressField> & { _id: Types.ObjectId })[]>();
    return docs.map(({ _id, pauses, ...rest }) => ({
      ...rest,
      id: _id.toHexString(),
      pauses: (pauses ?? []).map((p) => (p.to ? { from: p.from, to: p.to } : { from: p.from })),
    }));
  }

  /** How many progress candidates (as progressCandidates) there are after `afterId`. */
  countProgressCandidates(teamId: string, before: Date, afterId: string): Promise<number> {
    return this.model.countDocuments({
      ...progressFilter(teamId, before),
      _id: trusted({ $gt: new Types.ObjectId(afterId) }),
    });
  }

  /**
   * A note sent to the requester at `at`; a delay notice's new date (`promisedDate`) with it, a
   * promise of its own: the draft given for the last one's passing is forgotten.
   */
  async setProgressNote(
    teamId: string,
    id: string,
    at: Date,
    promisedDate?: string,
  ): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: id },
      {
        $set: { progressNoteAt: at, ...(promisedDate ? { promisedDate } : {}) },
        ...(promisedDate ? { $unset: { promiseLapsedFor: '' } } : {}),
      },
    );
  }

  /**
   * Open tickets someone holds whose promised date is before `today` (`YYYY-MM-DD`, the
   * workspace's day) and whose assignee was not given a draft for its passing yet. One held by
   * nobody is left out here, not by the caller: unmarked, it would be read again every run, and
   * 500 of them would keep the rest from ever being read.
   */
  async promisesPassed(teamId: string, today: string): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        teamId,
        status: trusted({ $in: OPEN_STATUSES }),
        assigneeId: trusted({ $ne: null }),
        promisedDate: trusted({ $lt: today }),
        promiseLapsedFor: trusted({ $exists: false }),
      })
      .limit(500)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /** The draft for a passed promise was given: not again for that date (if it is still the one). */
  async markPromiseLapsed(teamId: string, id: string, promisedDate: string): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: id, promisedDate },
      { $set: { promiseLapsedFor: promisedDate } },
    );
  }

  /**
   * These tickets' requester `userId`, whom Slack says is of another organisation (a ticket
   * filed before `requester.external` was recorded, whose DM Slack refused), marked so
   * (`requester.external`: no DM of the desk is written to them for it again), in one write, its
   * version bumped (an action that read it before writes nothing over the mark). Only a ticket
   * that still names them as its requester outside any conversation (one of theirs in a channel
   * thread is told there), and not marked already: idempotent. The tickets as stored after that
   * this call marked.
   */
  async markRequesterExternal(
    teamId: string,
    ids: readonly string[],
    userId: string,
  ): Promise<TicketRecord[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id));
    if (!valid.length) return [];
    const filter = {
      teamId,
      _id: trusted({ $in: valid }),
      'requester.userId': String(userId),
      'requester.external': trusted({ $ne: true as const }),
      conversation: trusted({ $exists: false }),
    };
    const unmarked = await this.model.find(filter).select({ _id: 1 }).lean<{ _id: unknown }[]>();
    if (!unmarked.length) return [];
    const res = await this.model.updateMany(filter, {
      $set: { 'requester.external': true },
      $inc: { version: 1 },
    });
    if (!res.modifiedCount) return [];
    return (
      await this.byIds(
        teamId,
        unmarked.map((d) => String(d._id)),
      )
    ).filter((t) => t.requester?.userId === userId && t.requester.external);
  }

  async byIds(teamId: string, ids: string[]): Promise<TicketRecord[]> {
    if (!ids.length) return [];
    const docs = await this.model.find({ teamId, _id: trusted({ $in: ids }) }).lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * These tickets (by id, scoped by the team) with only what a hand-over's DM to its receiver
   * reads of them (`HandoverDmRow`): drawn again at each send attempt for up to HANDOVER_MAX of
   * them, never their texts (of their events, only what says who reopened one). Those gone are
   * left out.
   */
  async handoverDmTickets(teamId: string, ids: string[]): Promise<HandoverDmRow[]> {
    if (!ids.length) return [];
    const docs = await this.model
      .find({ teamId, _id: trusted({ $in: ids }) })
      .select({
        number: 1,
        'card.permalink': 1,
        assigneeId: 1,
        replyDueAt: 1,
        status: 1,
        replyFrom: 1,
        pauses: 1,
        sla: 1,
        // Who reopened it, when its reply is owed since that (`reopenOwingReply`): read here,
        // only these fields of its events (never a text: a reopen carrying the customer's words
        // has its source, "Customer wrote…" time or writer too), and not handed on.
        'requester.userId': 1,
        'timeline.action': 1,
        'timeline.by': 1,
        'timeline.at': 1,
        'timeline.source': 1,
        'timeline.wroteAt': 1,
        'timeline.writer': 1,
        'timeline.revisit': 1,
      })
      .lean<
        (Pick<TicketDoc, '_id' | 'number' | 'status' | 'pauses' | 'sla'> &
          Partial<
            Pick<TicketDoc, 'card' | 'assigneeId' | 'replyDueAt' | 'replyFrom' | 'requester'>
          > & { timeline?: TicketEvent[] })[]
      >();
    return docs.map(
      ({ _id, card, assigneeId, replyDueAt, replyFrom, pauses, timeline, requester, ...rest }) => {
        const reopened = reopenOwingReply({
          ...(replyFrom ? { replyFrom } : {}),
          timeline: timeline ?? [],
          ...(requester?.userId ? { requester: { userId: requester.userId } } : {}),
        } as Pick<TicketRecord, 'replyFrom' | 'timeline' | 'requester'>);
        return {
          ...rest,
          id: _id.toHexString(),
          ...(card?.permalink ? { card: { permalink: card.permalink } } : {}),
          ...(assigneeId ? { assigneeId } : {}),
          ...(replyDueAt ? { replyDueAt } : {}),
          ...(replyFrom ? { replyFrom } : {}),
          ...(reopened ? { reopened } : {}),
          pauses: (pauses ?? []).map((p) => (p.to ? { from: p.from, to: p.to } : { from: p.from })),
        };
      },
    );
  }

  /** Who holds open tickets: each assignee once. */
  async openAssignees(teamId: string): Promise<string[]> {
    const ids = await this.model.distinct('assigneeId', {
      teamId,
      status: trusted({ $in: OPEN_STATUSES }),
    });
    return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  }

  /**
   * A person's open tickets, by number, at most `limit`; with `notAccountManaged`, but those
   * of customers they are the account manager of.
   */
  async openOf(
    teamId: string,
    assigneeId: string,
    limit: number,
    opts: { notAccountManaged?: boolean } = {},
  ): Promise<TicketRecord[]> {
    const docs = await this.model
      .find(openHeldBy(teamId, assigneeId, opts))
      .sort({ number: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * `openOf` as a hand-over reads them, only what it names and moves them by (`TicketRef`: not
   * their timelines); with `after`, only those numbered after it (reading on past what it could
   * not move).
   */
  async openRefsOf(
    teamId: string,
    assigneeId: string,
    limit: number,
    after?: string,
  ): Promise<TicketRef[]> {
    const docs = await this.model
      .find({
        ...openHeldBy(teamId, assigneeId, {}),
        ...(after !== undefined ? { number: trusted({ $gt: String(after) }) } : {}),
      })
      .sort({ number: 1 })
      .limit(limit)
      .select({ number: 1, 'card.permalink': 1 })
      .lean<Pick<TicketDoc, '_id' | 'number' | 'card'>[]>();
    return docs.map((d) => ({
      id: d._id.toHexString(),
      number: d.number,
      ...(d.card?.permalink ? { card: { permalink: d.card.permalink } } : {}),
    }));
  }

  /** How many open tickets a person holds, counted up to `limit` (a hand-over cut short). */
  openCountOf(teamId: string, assigneeId: string, limit: number): Promise<number> {
    return this.model.countDocuments(openHeldBy(teamId, assigneeId, {}), { limit });
  }

  /**
   * How many open tickets each of `userIds` holds (absent: none). One count per person; with
   * `notAccountManaged`, but those of customers they are the account manager of.
   */
  async openCountsByAssignee(
    teamId: string,
    userIds: string[],
    opts: { notAccountManaged?: boolean } = {},
  ): Promise<Map<string, number>> {
    const counts = await Promise.all(
      userIds.map((assigneeId) => this.model.countDocuments(openHeldBy(teamId, assigneeId, opts))),
    );
    return new Map(userIds.map((id, i) => [id, counts[i] ?? 0]));
  }

  /**
   * A customer's service history for its card, in one command: open tickets (oldest first) and
   * how many, the latest resolved or closed ones, and how many complaints were received since
   * `complaintsSince` (a merged duplicate not counted); with `join`, the documents of another collection's pipeline (the card's
   * revisits), raw, for their own repository to read.
   */
  async historyForCustomer(
    teamId: string,
    customerId: string,
    opts: { open: number; closed: number; complaintsSince: Date; join?: ForeignPipeline },
  ): Promise<{
    open: TicketRecord[];
    openCount: number;
    closed: TicketRecord[];
    complaints: number;
    joined: unknown[];
  }> {
    const isOpen = { status: { $in: OPEN_STATUSES } };
    const [result] = await this.model.aggregate<{
      open: TicketDoc[];
      openCount: { n: number }[];
      closed: TicketDoc[];
      complaints: { n: number }[];
      joined?: unknown[];
    }>([
      { $match: { teamId, customerId: new Types.ObjectId(customerId) } },
      {
        $facet: {
          open: [{ $match: isOpen }, { $sort: { receivedAt: 1 } }, { $limit: opts.open }],
          openCount: [{ $match: isOpen }, { $count: 'n' }],
          closed: [
            { $match: { status: { $in: ['resolved', 'closed'] } } },
            { $sort: { resolvedAt: -1 } },
            { $limit: opts.closed },
          ],
          complaints: [
            {
              $match: {
                type: 'complaint',
                receivedAt: { $gte: opts.complaintsSince },
                mergedInto: IN_FIGURES,
              },
            },
            { $count: 'n' },
          ],
        },
      },
      ...(opts.join
        ? [{ $lookup: { from: opts.join.from, pipeline: opts.join.pipeline, as: 'joined' } }]
        : []),
    ]);
    return {
      open: (result?.open ?? []).map(toRecord),
      openCount: result?.openCount[0]?.n ?? 0,
      closed: (result?.closed ?? []).map(toRecord),
      complaints: result?.complaints[0]?.n ?? 0,
      joined: result?.joined ?? [],
    };
  }

  /** How many tickets, across workspaces, still owe their notices (for the metrics). */
  countNoticesOwed(): Promise<number> {
    return this.model.countDocuments({ noticesOwedAt: trusted({ $exists: true }) });
  }

  /**
   * Tickets changed before `before` whose notices never reached the outbox, oldest first. Not one
   * resumed at an erasure by Slack user not done yet (`erasureResumeOwed` without
   * `erasureResumeReady`: the process stopped between the resume and its notices marked
   * written): it still holds that person's words, which a replay would send. Its notices wait
   * for the erasure to be done (the ticket as erased), or for the mark to go (announced): run
   * again by hand, or by the outbox's upkeep once its lease has run out
   * (PrivacyFlows.finishErasures). Nor a new one still owing its re-check (`intakeCheckOwedAt`):
   * it may be taken back (TicketFlows.repairIntakeChecks settles it first).
   */
  async noticesOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, NOTICES_OWED, before, limit, {
      intakeCheckOwedAt: trusted({ $exists: false }),
      $or: noErasureUnderWay(),
    });
    return docs.map(toRecord);
  }

  /**
   * Tickets across workspaces owing a "you now follow" DM recorded before `before` (a Followers…
   * cut short between its save and the outbox), oldest first. Not one resumed at an erasure by
   * Slack user not done yet (as noticesOwed): it still holds that person's words (its title),
   * which the DM quotes; it waits for the erasure to be done (the ticket as erased).
   */
  async followersOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, FOLLOWERS_OWED, before, limit, {
      $or: noErasureUnderWay(),
    });
    return docs.map(toRecord);
  }

  /** These "you now follow" DMs are in the outbox (or owed no more): taken off the ticket. */
  async followerNoticesWritten(
    ticket: Pick<TicketRecord, 'teamId' | 'id'>,
    owed: Pick<FollowerOwed, 'user' | 'add'>[],
  ): Promise<void> {
    if (!owed.length) return;
    await this.model.updateOne(
      { teamId: ticket.teamId, _id: ticket.id },
      {
        $pull: {
          followersOwed: trusted({ $or: owed.map((o) => ({ user: o.user, add: o.add })) }),
        },
      },
    );
  }

  /**
   * Tickets across workspaces owing followers the steps written while they were added (a Follow,
   * Followers… or merge addition cut short between its write and the outbox; followedAt's
   * `owedAt`) since `before`, oldest first. Not one resumed at an erasure by Slack user not done
   * yet (as noticesOwed): it still holds that person's words (its title), which the steps' DMs
   * quote; they wait for the erasure to be done (the ticket as erased).
   */
  async followStepsOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, FOLLOW_STEPS_OWED, before, limit, {
      $or: noErasureUnderWay(),
    });
    return docs.map(toRecord);
  }

  /**
   * The steps `users` were owed as they were added (followedAt's `owedAt` at or before `upTo`) are
   * in the outbox (or owed no more): the marks taken off. Not a change of the ticket.
   */
  async followStepsTold(
    ticket: Pick<TicketRecord, 'teamId' | 'id'>,
    users: readonly string[],
    upTo: Date,
  ): Promise<void> {
    if (!users.length) return;
    await this.model.updateOne(
      { teamId: ticket.teamId, _id: ticket.id },
      { $unset: { 'followedAt.$[f].owedAt': '', 'followedAt.$[f].owedTo': '' } },
      {
        arrayFilters: [{ 'f.user': { $in: users }, 'f.owedAt': { $lte: upTo } }],
        timestamps: false,
      },
    );
  }

  /**
   * Tickets across workspaces whose stand-in's DM (`standInTakenOwedAt`) is owed since `before`
   * (a move cut short between its write and the outbox), oldest first.
   */
  async standInTakenOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, STAND_IN_TAKEN_OWED, before, limit);
    return docs.map(toRecord);
  }

  /**
   * The stand-in's DM of the move dated `at` is in the outbox (or owed no more): taken off, with
   * whom it was for, if still that move's mark (one conditional update; its updatedAt stays).
   */
  async standInTakenTold(ticket: Pick<TicketRecord, 'teamId' | 'id'>, at: Date): Promise<void> {
    await this.model.updateOne(
      { teamId: ticket.teamId, _id: ticket.id, standInTakenOwedAt: at },
      { $unset: { standInTakenOwedAt: '', standInTakenFor: '' } },
      { timestamps: false },
    );
  }

  /** Tickets across workspaces whose upgrade intent's hand-off is owed since `before`. */
  async upgradesOwed(before: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await markedBefore(this.model, UPGRADE_OWED, before, limit);
    return docs.map(toRecord);
  }

  /** The upgrade intent's hand-off done: owed no more (the version stays: nothing shown changed). */
  async upgradeHanded(ticket: Pick<TicketRecord, 'teamId' | 'id'>): Promise<void> {
    await this.model.updateOne(
      { teamId: ticket.teamId, _id: ticket.id },
      { $unset: { upgradeOwed: '' } },
    );
  }

  /**
   * `noticesWritten` for one ticket, saying what it found: the ticket's `threadRev` if it is still
   * at `version` (nobody changed it since this change), null if it is not. One command, as
   * `noticesWritten`'s.
   */
  async noticesWrittenSeen(
    ticket: Pick<TicketRecord, 'teamId' | 'id' | 'version'>,
  ): Promise<{ threadRev: number } | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { teamId: ticket.teamId, _id: ticket.id, version: ticket.version },
        { $unset: { noticesOwedAt: '' } },
        { projection: { threadRev: 1 } },
      )
      .lean<Pick<TicketDoc, 'threadRev'>>();
    return doc ? { threadRev: doc.threadRev ?? 0 } : null;
  }

  /** The notices of this version are in the outbox; a later change owes its own. */
  async noticesWritten(tickets: Pick<TicketRecord, 'teamId' | 'id' | 'version'>[]) {
    if (!tickets.length) return;
    await this.model.bulkWrite(
      tickets.map((t) => ({
        updateOne: {
          filter: { teamId: t.teamId, _id: t.id, version: t.version },
          update: { $unset: { noticesOwedAt: '' } },
        },
      })),
      { ordered: false },
    );
  }
}

/** A ticket `followStandIn` would move, as `standInsToMove` read it. */
interface StandInToMove {
  id: string;
  accountManagerId: string;
  customerId: string;
  unmarked?: true;
}

/** The open tickets standing in for `guestOwner` that name another than `standIn`. */
function toFollowStandIn(teamId: string, guestOwner: string, standIn: string) {
  return {
    teamId,
    status: trusted({ $in: OPEN_STATUSES }),
    guestOwner: String(guestOwner),
    accountManagerId: trusted({ $ne: String(standIn) }),
  };
}

/**
 * The open tickets of the guest's customers `customerIds` written while nobody could stand in
 * for them (`ownerExecutor` named the guest): naming the guest as account manager, unmarked. Of
 * several guests (`standInsToMove`): naming any of them, of any of their customers.
 */
function unmarkedOfGuest(
  teamId: string,
  guestOwner: string | readonly string[],
  customerIds: readonly string[],
) {
  return {
    teamId,
    status: trusted({ $in: OPEN_STATUSES }),
    guestOwner: trusted({ $exists: false }),
    accountManagerId:
      typeof guestOwner === 'string'
        ? String(guestOwner)
        : trusted({ $in: [...new Set(guestOwner.map(String))] }),
    customerId: trusted({ $in: customerIds.map(String) }),
  };
}

/**
 * The open tickets (new, assigned, waiting) of a customer whose copy of its owner is older than
 * the change that gave it `revision` (TicketRepository.reassignCustomer); `ticketId`: that one only.
 */
function toReassign(teamId: string, customerId: string, revision: number, ticketId?: string) {
  return {
    teamId,
    customerId,
    ...(ticketId ? { _id: ticketId } : {}),
    status: trusted({ $in: OPEN_STATUSES }),
    // Also a ticket already on that owner: its revision raised, so a late copy of an earlier
    // change (A to B written late after B to A) finds it newer and brings no old owner back.
    $or: [
      { accountManagerRevision: trusted({ $exists: false }) },
      { accountManagerRevision: trusted({ $lt: revision }) },
    ],
  };
}
