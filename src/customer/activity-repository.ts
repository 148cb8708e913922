import { createHash } from 'node:crypto';
import { trusted, Types, type Model } from 'mongoose';
import { insertIfAbsent, isDuplicateKey } from '../db/errors.js';
import { markedBefore, type OwedMark } from '../db/owed.js';
import { newRecordTimes } from '../db/stamps.js';
import { sumAmounts } from '../money.js';
import type { ChangeDoc, InteractionDoc, OrderDoc, SignalDoc, WithObjectIds } from './model.js';
import type { ChangeRecord, InteractionRecord, OrderRecord, SignalKind } from './types.js';

function plain<T extends { id: string; customerId: string }>(doc: WithObjectIds<T>): T {
  const { _id, customerId, ...rest } = doc as WithObjectIds<T> & { __v?: number };
  delete (rest as { __v?: number }).__v;
  return { ...rest, id: _id.toHexString(), customerId: customerId.toHexString() } as unknown as T;
}

export class OrderRepository {
  constructor(private readonly model: Model<OrderDoc>) {}

  /**
   * Inserts an order unless one with the same dedupe key exists; true when it was new. Found
   * there (a form delivered again), it is left as it was, its `updatedAt` too (the digest's
   * "changed since" reads go by it).
   */
  async insertOnce(order: Omit<OrderRecord, 'id'>): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId: order.teamId, dedupeKey: order.dedupeKey },
      {
        $setOnInsert: {
          ...order,
          customerId: new Types.ObjectId(order.customerId),
          ...newRecordTimes(new Date()),
        },
      },
      { upsert: true, timestamps: false },
    );
    return res.upsertedCount === 1;
  }

  /** The customer's orders of `date` and `amount` (an imported row's look-alikes). */
  async alike(
    teamId: string,
    customerId: string,
    date: string,
    amount: number,
  ): Promise<OrderRecord[]> {
    const docs = await this.model
      .find({ teamId, customerId: new Types.ObjectId(customerId), date, amount })
      .sort({ _id: 1 })
      .lean<WithObjectIds<OrderRecord>[]>();
    return docs.map((d) => plain<OrderRecord>(d));
  }

  /**
   * Gives the order `order` (recorded without a number, its key `order.dedupeKey` still) the
   * number key `numberKey`, keeping a row key as `rowKey`, with `set` (a note, a delivery): true
   * when it did; false when the order had another key by then or the number is on file now (a
   * run at the same time gave it).
   */
  async giveNumber(
    order: Pick<OrderRecord, 'id' | 'teamId' | 'dedupeKey'>,
    numberKey: string,
    set: Partial<Pick<OrderRecord, 'note' | 'deliveredOn' | 'deliveryRecordedOn'>>,
  ): Promise<boolean> {
    try {
      const res = await this.model.updateOne(
        { _id: new Types.ObjectId(order.id), teamId: order.teamId, dedupeKey: order.dedupeKey },
        {
          $set: {
            ...set,
            dedupeKey: numberKey,
            ...(order.dedupeKey.startsWith('row:') ? { rowKey: order.dedupeKey } : {}),
          },
        },
      );
      return res.modifiedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async byDedupeKey(teamId: string, dedupeKey: string): Promise<OrderRecord | null> {
    const doc = await this.model.findOne({ teamId, dedupeKey }).lean<WithObjectIds<OrderRecord>>();
    return doc ? plain<OrderRecord>(doc) : null;
  }

  /**
   * Every customer's sum of orders dated on or after `sinceDate` (YYYY-MM-DD), exact to the fen
   * (as `totalSince`), and the customers with any order at all (as `hasAny`): two reads for the
   * whole workspace, one row a customer (the tier review's, instead of two reads a customer).
   */
  async totalsSince(
    teamId: string,
    sinceDate: string,
  ): Promise<{ totals: Map<string, number>; withOrders: Set<string> }> {
    const [ids, rows] = await Promise.all([
      this.model.distinct('customerId', { teamId }),
      this.model.aggregate<{ _id: Types.ObjectId; amounts: number[] }>([
        { $match: { teamId, date: { $gte: sinceDate } } },
        { $group: { _id: '$customerId', amounts: { $push: '$amount' } } },
      ]),
    ]);
    return {
      totals: new Map(rows.map((r) => [r._id.toHexString(), sumAmounts(r.amounts)])),
      withOrders: new Set(ids.map((id) => String(id))),
    };
  }

  /** Sum of the customer's orders dated on or after `sinceDate` (YYYY-MM-DD), exact to the fen. */
  async totalSince(
    teamId: string,
    customerId: string,
    sinceDate: string,
  ): Promise<{ total: number; count: number }> {
    const orders = await this.model
      .find({
        teamId,
        customerId: new Types.ObjectId(customerId),
        date: trusted({ $gte: sinceDate }),
      })
      .select({ amount: 1 })
      .lean();
    return { total: sumAmounts(orders.map((o) => o.amount)), count: orders.length };
  }

  /**
   * Records when an order on file was delivered (set, or corrected), `today` (the day it is
   * recorded): true when that changed its date, false when it said so already.
   */
  setDelivered(
    teamId: string,
    dedupeKey: string,
    deliveredOn: string,
    today: string,
  ): Promise<boolean> {
    return this.setDeliveredWhere({ teamId, dedupeKey }, deliveredOn, today);
  }

  /** The customer's order `id`; null when it is not theirs, or gone. */
  async ofCustomer(teamId: string, customerId: string, id: string): Promise<OrderRecord | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model
      .findOne({ _id: new Types.ObjectId(id), teamId, customerId: new Types.ObjectId(customerId) })
      .lean<WithObjectIds<OrderRecord>>();
    return doc ? plain<OrderRecord>(doc) : null;
  }

  /**
   * Records when the order `id` was delivered (Record delivery on the card): true when that
   * changed its date, false when it said so already.
   */
  setDeliveredById(
    teamId: string,
    id: string,
    deliveredOn: string,
    today: string,
  ): Promise<boolean> {
    return this.setDeliveredWhere({ _id: new Types.ObjectId(id), teamId }, deliveredOn, today);
  }

  /**
   * The order `filter` names gets `deliveredOn`, recorded `today` (in the same single-document
   * update: the daily run reads both): true when that changed its date.
   */
  private async setDeliveredWhere(
    filter: { teamId: string } & ({ dedupeKey: string } | { _id: Types.ObjectId }),
    deliveredOn: string,
    today: string,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { ...filter, deliveredOn: trusted({ $ne: deliveredOn }) },
      { $set: { deliveredOn, deliveryRecordedOn: today } },
    );
    return res.modifiedCount === 1;
  }

  /** The customer's latest `limit` orders, the latest first (Record delivery's choices). */
  async latestOf(teamId: string, customerId: string, limit: number): Promise<OrderRecord[]> {
    const docs = await this.model
      .find({ teamId, customerId: new Types.ObjectId(customerId) })
      .sort({ date: -1, _id: -1 })
      .limit(limit)
      .lean<WithObjectIds<OrderRecord>[]>();
    return docs.map((d) => plain<OrderRecord>(d));
  }

  /** The workspace's orders delivered from `from` to `to` (YYYY-MM-DD, both in). */
  async deliveredBetween(teamId: string, from: string, to: string): Promise<OrderRecord[]> {
    const docs = await this.model
      .find({ teamId, deliveredOn: trusted({ $gte: from, $lte: to }) })
      .sort({ deliveredOn: 1 })
      .lean<WithObjectIds<OrderRecord>[]>();
    return docs.map((d) => plain<OrderRecord>(d));
  }

  async hasAny(teamId: string, customerId: string): Promise<boolean> {
    return (
      (await this.model.exists({ teamId, customerId: new Types.ObjectId(customerId) })) !== null
    );
  }

  /**
   * What the daily signals run's stage recompute needs of every customer's orders, by customer
   * id, in two reads for the workspace, sent together (not every order: memory grows with the
   * customers, not their order history): the earliest order's date, and the orders dated after
   * `since` (the rules look back 6 months: lifecycleStage) as dates and amounts, latest first.
   */
  async factsByCustomer(
    teamId: string,
    since: string,
  ): Promise<Map<string, { earliest: string; recent: { date: string; amount: number }[] }>> {
    const [all, recent] = await Promise.all([
      this.model.aggregate<{ _id: Types.ObjectId; earliest: string }>([
        { $match: { teamId } },
        { $group: { _id: '$customerId', earliest: { $min: '$date' } } },
      ]),
      this.model.aggregate<{ _id: Types.ObjectId; facts: { date: string; amount: number }[] }>([
        { $match: { teamId, date: { $gt: since } } },
        {
          $group: { _id: '$customerId', facts: { $push: { date: '$date', amount: '$amount' } } },
        },
      ]),
    ]);
    const recentOf = new Map(recent.map((r) => [r._id.toHexString(), r.facts] as const));
    return new Map(
      all.map((r) => {
        const id = r._id.toHexString();
        const facts = (recentOf.get(id) ?? []).sort((a, b) =>
          a.date < b.date ? 1 : a.date > b.date ? -1 : 0,
        );
        return [id, { earliest: r.earliest, recent: facts }];
      }),
    );
  }

  async forCustomer(teamId: string, customerId: string): Promise<OrderRecord[]> {
    const docs = await this.model
      .find({ teamId, customerId: new Types.ObjectId(customerId) })
      .sort({ date: -1 })
      .lean<WithObjectIds<OrderRecord>[]>();
    return docs.map((d) => plain<OrderRecord>(d));
  }
}

/** An upgrade intent's hand-off an interaction owes (UpgradeFlows.repair makes it). */
const UPGRADE_OWED: OwedMark = { mark: 'upgradeOwed' };
/** A dated next step's task an interaction owes (CustomerFlows.repairNextSteps plans it). */
const NEXT_STEP_OWED: OwedMark = { mark: 'nextStepOwed' };

export class InteractionRepository {
  constructor(private readonly model: Model<InteractionDoc>) {}

  /**
   * How many were logged in [from, to) more than 24 h after they happened (`loggedLate`,
   * manual B): through their own index, team first.
   */
  countLoggedLate(teamId: string, from: Date, to: Date): Promise<number> {
    return this.model.countDocuments({
      teamId,
      'loggedLate.at': trusted({ $gte: from, $lt: to }),
    });
  }

  async insert(interaction: Omit<InteractionRecord, 'id'>): Promise<InteractionRecord> {
    const doc = await this.model.create({
      ...interaction,
      customerId: new Types.ObjectId(interaction.customerId),
    });
    return plain<InteractionRecord>(doc.toObject() as WithObjectIds<InteractionRecord>);
  }

  /**
   * Inserts an interaction keyed by its `source` (one submission) unless one with that key is
   * there: true only for the call that created it (a racing twin meets the unique index). Found
   * there, it is left as it was, its `updatedAt` too.
   */
  async insertOnce(
    interaction: Omit<InteractionRecord, 'id'> & { source: string },
  ): Promise<boolean> {
    try {
      const res = await this.model.updateOne(
        { teamId: interaction.teamId, source: interaction.source },
        {
          // Its id made here, as an insert's is (ordered with the others by creation).
          $setOnInsert: {
            _id: new Types.ObjectId(),
            ...interaction,
            customerId: new Types.ObjectId(interaction.customerId),
            ...newRecordTimes(new Date()),
          },
        },
        { upsert: true, timestamps: false },
      );
      return res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /**
   * Inserts an interaction keyed by its `source` (one submission), or finds the one a first
   * submit of it logged: `inserted` only for the call that created it.
   */
  async insertKeyed(
    interaction: Omit<InteractionRecord, 'id'> & { source: string },
  ): Promise<{ interaction: InteractionRecord; inserted: boolean }> {
    const inserted = await this.insertOnce(interaction);
    const doc = await this.model
      .findOne({ teamId: interaction.teamId, source: interaction.source })
      .lean<WithObjectIds<InteractionRecord>>();
    if (!doc) throw new Error('keyed interaction not found after its insert');
    return { interaction: plain<InteractionRecord>(doc), inserted };
  }

  /** Interactions across workspaces whose upgrade intent's hand-off is owed since `before`. */
  async upgradesOwed(before: Date, limit: number): Promise<InteractionRecord[]> {
    const docs = await markedBefore(this.model, UPGRADE_OWED, before, limit);
    return docs.map((d) => plain<InteractionRecord>(d));
  }

  /** The upgrade intent's hand-off done: owed no more. */
  async upgradeHanded(teamId: string, id: string): Promise<void> {
    await this.model.updateOne(
      { _id: new Types.ObjectId(id), teamId },
      { $unset: { upgradeOwed: 1 } },
    );
  }

  /** Interactions across workspaces whose next step's task is owed since `before`. */
  async nextStepsOwed(before: Date, limit: number): Promise<InteractionRecord[]> {
    const docs = await markedBefore(this.model, NEXT_STEP_OWED, before, limit);
    return docs.map((d) => plain<InteractionRecord>(d));
  }

  /** The next step's task planned (or there already): owed no more, its approver kept on it. */
  async nextStepPlanned(teamId: string, id: string): Promise<void> {
    await this.model.updateOne(
      { _id: new Types.ObjectId(id), teamId },
      { $unset: { nextStepOwed: 1, nextStepApproverId: 1 } },
    );
  }

  /**
   * The customer's latest `limit` interactions, newest first: by `at`, then the last logged first
   * (those dated the same earlier day share its start as `at`; without the id the database's
   * natural order chose among them, which is none).
   */
  async latest(teamId: string, customerId: string, limit: number): Promise<InteractionRecord[]> {
    const docs = await this.model
      .find({ teamId, customerId: new Types.ObjectId(customerId) })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .lean<WithObjectIds<InteractionRecord>[]>();
    return docs.map((d) => plain<InteractionRecord>(d));
  }
}

function changeRecord(d: ChangeDoc): ChangeRecord {
  return {
    teamId: d.teamId,
    customerId: d.customerId.toHexString(),
    field: d.field,
    oldValue: d.oldValue,
    newValue: d.newValue,
    by: d.by,
    at: d.at,
    source: d.source,
    ...(d.subject ? { subject: d.subject } : {}),
    ...(d.primary === false ? { primary: false as const } : {}),
  };
}

export class ChangeLogRepository {
  constructor(private readonly model: Model<ChangeDoc>) {}

  /**
   * Appends changes. Under a `key` (one write's, a customer's `changesOwed`), each entry's id
   * derives from the customer, the key and its place, so writing them again (a retry, another
   * instance) adds nothing; the ids keep the entries' time and order, as insertMany's do.
   */
  async append(changes: ChangeRecord[], key?: string): Promise<void> {
    if (!changes.length) return;
    if (key === undefined) {
      await this.model.insertMany(
        changes.map((c) => ({ ...c, customerId: new Types.ObjectId(c.customerId) })),
      );
      return;
    }
    for (const [i, { teamId, ...c }] of changes.entries()) {
      const hash = createHash('sha256').update(`${teamId}:${c.customerId}:${key}`).digest();
      const id = Buffer.alloc(12);
      id.writeUInt32BE(Math.floor(c.at.getTime() / 1000));
      hash.copy(id, 4, 0, 6);
      id.writeUInt16BE(i, 10);
      try {
        await this.model.updateOne(
          { _id: new Types.ObjectId(id.toString('hex')), teamId },
          { $setOnInsert: { ...c, customerId: new Types.ObjectId(c.customerId) } },
          { upsert: true },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  /** The latest changes of one customer, newest first, and how many there are in all. */
  async latest(
    teamId: string,
    customerId: string,
    limit: number,
  ): Promise<{ items: ChangeRecord[]; total: number }> {
    const filter = { teamId, customerId: new Types.ObjectId(customerId) };
    const [docs, total] = await Promise.all([
      this.model.find(filter).sort({ at: -1, _id: -1 }).limit(limit).lean(),
      this.model.countDocuments(filter),
    ]);
    return { items: docs.map(changeRecord), total };
  }

  /** Changes of some fields at or after `since`, oldest first (the digest's tier and lifecycle
   * moves; the lifecycle a customer had then is read back from them). */
  async since(teamId: string, fields: string[], since: Date): Promise<ChangeRecord[]> {
    const docs = await this.model
      .find({ teamId, field: trusted({ $in: fields }), at: trusted({ $gte: since }) })
      .sort({ at: 1, _id: 1 })
      .lean();
    return docs.map(changeRecord);
  }

  /** When one customer's `field` last changed to `value`, if the change log has it. */
  async lastChangedTo(
    teamId: string,
    customerId: string,
    field: string,
    value: unknown,
  ): Promise<Date | undefined> {
    const doc = await this.model
      .findOne(
        {
          teamId,
          customerId: new Types.ObjectId(customerId),
          field,
          newValue: trusted({ $eq: value }),
        },
        { at: 1 },
      )
      .sort({ at: -1 })
      .lean<{ at: Date }>();
    return doc?.at;
  }

  /** When the workspace's first customer was recorded (its earliest `created` entry), if any. */
  async firstRecordAt(teamId: string): Promise<Date | undefined> {
    const doc = await this.model
      .findOne({ teamId, field: 'created' }, { at: 1 })
      .sort({ at: 1 })
      .lean<{ at: Date }>();
    return doc?.at;
  }
}

/**
 * The kind of the per-owner records of owners Slack says it has no user for (not a customer's
 * signal: `customerId` is empty, the owner is the key).
 */
export const OWNER_UNKNOWN = 'ownerUnknown';

/** Which customer signals were told: each one once. */
export class SignalRepository {
  constructor(private readonly model: Model<SignalDoc>) {}

  /** Records a signal; true only for the first call with this kind, customer and key. */
  async once(teamId: string, kind: SignalKind, customerId: string, key: string, now: Date) {
    return insertIfAbsent(
      this.model,
      { _id: `${teamId}:${kind}:${customerId}:${key}`, teamId },
      { kind, customerId, key, at: now },
    );
  }

  /**
   * Every signal of this kind recorded in the workspace, as `customerId:key` (the daily run's
   * one read instead of a `has` a customer; through the (teamId, kind) index).
   */
  async keysOf(teamId: string, kind: SignalKind): Promise<Set<string>> {
    const docs = await this.model
      .find({ teamId, kind }, { customerId: 1, key: 1 })
      .lean<{ customerId: string; key: string }[]>();
    return new Set(docs.map((d) => `${String(d.customerId)}:${d.key}`));
  }

  /** Whether the signal was recorded under `key`, or under any of `key`'s forms (one read). */
  async has(teamId: string, kind: SignalKind, customerId: string, key: string | readonly string[]) {
    const ids = (typeof key === 'string' ? [key] : key).map(
      (k) => `${teamId}:${kind}:${customerId}:${k}`,
    );
    return (await this.model.countDocuments({ _id: trusted({ $in: ids }), teamId })) > 0;
  }

  /**
   * Records that Slack says it has no user `ownerId` (users.info: user_not_found or
   * user_not_visible), who owns customers of the workspace: one record per owner (it names no
   * customer), so the admins are told once. True only when not recorded before.
   */
  async ownerUnknownOnce(teamId: string, ownerId: string, now: Date): Promise<boolean> {
    return insertIfAbsent(
      this.model,
      { _id: `${teamId}:${OWNER_UNKNOWN}::${ownerId}`, teamId },
      { kind: OWNER_UNKNOWN, customerId: '', key: String(ownerId), at: now },
    );
  }

  /** Slack describes `ownerId` again: their record goes. True when there was one. */
  async ownerKnown(teamId: string, ownerId: string): Promise<boolean> {
    const res = await this.model.deleteOne({
      _id: `${teamId}:${OWNER_UNKNOWN}::${String(ownerId)}`,
      teamId,
    });
    return res.deletedCount > 0;
  }

  /**
   * The records of `ownerIds` go (they own no customer any more: the daily check). How many went.
   */
  async forgetOwnersUnknown(teamId: string, ownerIds: readonly string[]): Promise<number> {
    if (!ownerIds.length) return 0;
    const res = await this.model.deleteMany({
      teamId,
      _id: trusted({ $in: ownerIds.map((id) => `${teamId}:${OWNER_UNKNOWN}::${String(id)}`) }),
    });
    return res.deletedCount;
  }

  /** The owners recorded as no user of Slack's, oldest record first (on the (teamId, kind) index). */
  async ownersUnknown(teamId: string): Promise<string[]> {
    const docs = await this.model
      .find({ teamId, kind: OWNER_UNKNOWN }, { key: 1, at: 1 })
      .sort({ at: 1, _id: 1 })
      .lean<{ key: string }[]>();
    return docs.map((d) => d.key);
  }

  /** When a signal of this kind was last told about the customer. */
  async lastAt(teamId: string, kind: SignalKind, customerId: string): Promise<Date | undefined> {
    const doc = await this.model
      .findOne({ teamId, kind, customerId })
      .sort({ at: -1 })
      .lean<{ at: Date }>();
    return doc?.at;
  }
}
