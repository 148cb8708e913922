import { Types, type Model } from 'mongoose';
import type { Tier } from '../customer/rules.js';
import type { Pause } from '../sla/business-time.js';
import type { IntakeChannel, Level, Severity, TicketStatus, TicketType } from './rules.js';
import type { TicketEvent } from './service.js';
import type { AlertKind, TicketAlerts } from './alerts.js';
import { isDuplicateKey } from '../db/errors.js';

export interface TicketMetrics {
  firstResponseMinutes?: number;
  responseBreached?: boolean;
  resolutionMinutes?: number;
  resolutionBreached?: boolean;
  escalations: number;
  reassignments: number;
  reopenCount: number;
  firstContactResolution?: boolean;
}

export interface TicketCard {
  channel?: string;
  ts?: string;
  pending: boolean;
  /** Posted, but Slack refused its last in-place update: the job re-renders it. */
  stale?: boolean;
  attempts: number;
  lastError?: string;
  nextAttemptAt?: Date;
}

/** A ticket as the app sees it: a plain object, never a live document. */
export interface TicketRecord {
  id: string;
  teamId: string;
  number: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  customerTier: Tier;
  accountManagerId: string;
  type: TicketType;
  severity: Severity;
  channel: IntakeChannel;
  title: string;
  description: string;
  sourcePermalink?: string;
  /** The message a ticket was made from, kept even when no permalink could be had. */
  source?: { channel: string; ts: string };
  /** The modal submission that created it: a resubmitted modal finds the same ticket. */
  submissionId: string;
  receivedAt: Date;
  createdBy: string;
  status: TicketStatus;
  level: Level;
  assigneeId?: string;
  firstAssigneeId?: string;
  sla: { responseMinutes: number; resolutionMinutes: number; aroundTheClock: boolean };
  pauses: Pause[];
  firstResponseAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  resolution?: string;
  metrics: TicketMetrics;
  card: TicketCard;
  accountManagerNotified: boolean;
  /** Every change after intake, in order. */
  timeline: TicketEvent[];
  alerts: TicketAlerts;
  nextAlertAt?: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewTicket = Omit<TicketRecord, 'id' | 'customerId' | 'createdAt' | 'updatedAt'> & {
  customerId: string;
};

type TicketDoc = Omit<TicketRecord, 'id' | 'customerId'> & {
  _id: Types.ObjectId;
  customerId: Types.ObjectId;
};

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

const DIGEST_FIELDS = {
  number: 1,
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
} as const;

/** A ticket as the digest reads it. */
export type DigestTicket = Pick<TicketRecord, keyof typeof DIGEST_FIELDS>;

export class TicketNumberTakenError extends Error {}
export class SubmissionSeenError extends Error {}

export const OPEN_STATUSES: TicketStatus[] = ['new', 'assigned', 'waiting'];

/** Tickets, always scoped by the team id (but for the cross-team card retry queue). */
export class TicketRepository {
  constructor(private readonly model: Model<TicketDoc>) {}

  async insert(ticket: NewTicket): Promise<TicketRecord> {
    try {
      const doc = await this.model.create({
        ...ticket,
        customerId: new Types.ObjectId(ticket.customerId),
      });
      return toRecord(doc.toObject() as TicketDoc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new TicketNumberTakenError(ticket.number);
      throw err;
    }
  }

  async bySubmission(teamId: string, submissionId: string): Promise<TicketRecord | null> {
    const doc = await this.model.findOne({ teamId, submissionId }).lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  async byNumber(teamId: string, number: string): Promise<TicketRecord | null> {
    const doc = await this.model
      .findOne({ teamId, number: number.toUpperCase() })
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Applies an update only if the ticket is still at `version` (nobody changed it since it was
   * read), bumping the version. Null when someone else got there first. One atomic
   * single-document update: of 20 simultaneous claims exactly one matches.
   */
  async updateIfVersion(
    teamId: string,
    id: string,
    version: number,
    update: { set?: Record<string, unknown>; unset?: string[]; push?: Record<string, unknown> },
  ): Promise<TicketRecord | null> {
    const ops: Record<string, unknown> = { $inc: { version: 1 } };
    if (update.set && Object.keys(update.set).length) ops.$set = update.set;
    if (update.unset?.length) ops.$unset = Object.fromEntries(update.unset.map((f) => [f, '']));
    if (update.push) ops.$push = update.push;
    const doc = await this.model
      .findOneAndUpdate({ teamId, _id: id, version }, ops, { returnDocument: 'after' })
      .lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** Tickets the SLA sweep must look at now: one indexed range on the team's next-alert times. */
  async alertsDue(teamId: string, now: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({ teamId, nextAlertAt: { $lte: now }, status: { $in: ['new', 'assigned'] } })
      .sort({ nextAlertAt: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /** Records that an alert went out; false when another sweep sent it first. */
  async markAlert(teamId: string, id: string, kind: AlertKind, now: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: id,
        [`alerts.${kind}`]: { $exists: false },
        // A copy read before a claim or a resolution must not announce what is no longer true.
        status: { $in: ['new', 'assigned'] },
        ...(kind.startsWith('response') ? { firstResponseAt: { $exists: false } } : {}),
      },
      { $set: { [`alerts.${kind}`]: now } },
    );
    return res.modifiedCount === 1;
  }

  /** Takes back an alert mark when what it stood for could not be done (an escalation). */
  async unmarkAlert(teamId: string, id: string, kind: AlertKind): Promise<void> {
    await this.model.updateOne({ teamId, _id: id }, { $unset: { [`alerts.${kind}`]: '' } });
  }

  async setNextAlert(teamId: string, id: string, at: Date | undefined): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: id },
      at ? { $set: { nextAlertAt: at } } : { $unset: { nextAlertAt: '' } },
    );
  }

  /** Slack bookkeeping (card, DM, link); not a change to the ticket, so the version stays. */
  async setCard(teamId: string, id: string, set: Record<string, unknown>): Promise<void> {
    await this.model.updateOne({ teamId, _id: id }, { $set: set });
  }

  async list(
    teamId: string,
    filter: { statuses: TicketStatus[]; assigneeId?: string; unassigned?: boolean },
    limit: number,
  ): Promise<{ items: TicketRecord[]; total: number }> {
    const query: Record<string, unknown> = { teamId, status: { $in: filter.statuses } };
    if (filter.assigneeId) query.assigneeId = filter.assigneeId;
    if (filter.unassigned) query.assigneeId = { $exists: false };
    const [docs, total] = await Promise.all([
      this.model.find(query).sort({ receivedAt: 1 }).limit(limit).lean<TicketDoc[]>(),
      this.model.countDocuments(query),
    ]);
    return { items: docs.map(toRecord), total };
  }

  /** Open tickets of a team, oldest first: for checks that need the SLA clock. */
  async open(teamId: string): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({ teamId, status: { $in: OPEN_STATUSES } })
      .sort({ receivedAt: 1 })
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /** Tickets resolved since `since` and still resolved or closed: their follow-ups are due. */
  async resolvedSince(teamId: string, since: Date): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({ teamId, resolvedAt: { $gte: since }, status: { $in: ['resolved', 'closed'] } })
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * What the weekly digest reads of the tickets that touch [from, to): received before `to` and
   * still open, or responded to, resolved or closed since `from`. Only the fields it needs.
   */
  async forDigest(teamId: string, from: Date, to: Date): Promise<DigestTicket[]> {
    const docs = await this.model
      .find(
        {
          teamId,
          receivedAt: { $lt: to },
          $or: [
            { status: { $in: OPEN_STATUSES } },
            { firstResponseAt: { $gte: from } },
            { resolvedAt: { $gte: from } },
            { closedAt: { $gte: from } },
          ],
        },
        DIGEST_FIELDS,
      )
      .lean<DigestTicket[]>();
    return docs.map((d) => {
      const { _id: _ignored, ...rest } = d as DigestTicket & { _id?: unknown };
      return { ...rest, pauses: rest.pauses ?? [] };
    });
  }

  async byIds(teamId: string, ids: string[]): Promise<TicketRecord[]> {
    if (!ids.length) return [];
    const docs = await this.model.find({ teamId, _id: { $in: ids } }).lean<TicketDoc[]>();
    return docs.map(toRecord);
  }

  async countOpenForCustomer(teamId: string, customerId: string): Promise<number> {
    return this.model.countDocuments({
      teamId,
      customerId: new Types.ObjectId(customerId),
      status: { $in: OPEN_STATUSES },
    });
  }

  /**
   * Takes the right to retry one ticket's owed card/DM until `until`: one atomic conditional
   * update, so when several instances run the retry job only one of them posts the card.
   */
  async leaseOwed(teamId: string, id: string, now: Date, until: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: id,
        $or: [
          { 'card.nextAttemptAt': { $exists: false } },
          { 'card.nextAttemptAt': null },
          { 'card.nextAttemptAt': { $lte: now } },
        ],
      },
      { $set: { 'card.nextAttemptAt': until } },
    );
    return res.modifiedCount === 1;
  }

  /** Tickets whose card or account-manager DM is still owed, due for another try. */
  async owedToSlack(now: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({
        $or: [{ 'card.pending': true }, { 'card.stale': true }, { accountManagerNotified: false }],
        $and: [
          {
            $or: [
              { 'card.nextAttemptAt': { $exists: false } },
              { 'card.nextAttemptAt': null },
              { 'card.nextAttemptAt': { $lte: now } },
            ],
          },
        ],
      })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
    return docs.map(toRecord);
  }
}
