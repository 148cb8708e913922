import { trusted, Types, type Model, type QueryFilter } from 'mongoose';
import {
  accentFreePattern,
  compareNames,
  contactKey,
  escapeRegExp,
  foldCode,
  nameKey,
  NOT_ERASED,
  searchTerms,
  SORT_KEY_VERSION,
  sortKeyFields,
  sortKeyPrefix,
} from './rules.js';
import type { ChangesOwed, CustomerDoc, NamesOwed } from './model.js';
import {
  TAG_FAMILIES,
  type CustomerNameNow,
  type CustomerPass,
  type CustomerRecord,
  type CustomerRef,
  type DigestCustomer,
  type LowRiskState,
  type NamedContacts,
  type Needs,
  type NewCustomer,
  type TagFamily,
  type Tier,
} from './types.js';

/**
 * The needs as stored, read in today's shape: a file saved with one urgent/important pair for
 * the whole customer has that pair as one need of the matrix (its stated needs as the text).
 */
function needsOf(stored: (Needs & { urgent?: boolean; important?: boolean }) | undefined) {
  if (!stored) return undefined;
  const { urgent, important, ...needs } = stored;
  if (!needs.items?.length && (urgent || important))
    needs.items = [
      { text: needs.stated ?? '', urgent: urgent === true, important: important === true },
    ];
  if (needs.items && !needs.items.length) delete needs.items;
  return Object.keys(needs).length ? needs : undefined;
}
import { isDuplicateKey, isDuplicateOn, onlyDuplicateKeys } from '../db/errors.js';
import { newRecordTimes } from '../db/stamps.js';
import { pageWithTotal } from '../db/page.js';
import type { ForeignPipeline } from '../db/pipeline.js';

function toRecord(doc: CustomerDoc): CustomerRecord {
  const {
    _id,
    sortKey: _key,
    sortKeyVersion: _version,
    sortKeyOf: _of,
    namesOwed: _owed,
    changesOwed: _changes,
    ...rest
  } = doc as CustomerDoc & {
    __v?: number;
  };
  delete (rest as { __v?: number }).__v;
  return {
    ...rest,
    id: _id.toHexString(),
    // Contacts saved before they had keys get one from their place and name, kept once written.
    contacts: (rest.contacts ?? []).map((c, i) => ({
      ...c,
      key: c.key || contactKey(i, c.name),
      optOuts: c.optOuts ?? [],
    })),
    ordersByMonth: rest.ordersByMonth ?? {},
    revision: rest.revision ?? 0,
    tags: rest.tags ?? [],
    industryTags: rest.industryTags ?? [],
    valueTags: rest.valueTags ?? [],
    needTags: rest.needTags ?? [],
    customerType: rest.customerType ?? 'company',
    needs: needsOf(rest.needs),
    tierOverride: rest.tierOverride ?? undefined,
  };
}

/** The fields of a customer's name now (`nameById`): what a copy of the name keeps with it. */
const NAME_FIELDS = {
  name: 1,
  ownerId: 1,
  ownerGuest: 1,
  tier: 1,
  potential: 1,
  revision: 1,
} as const;

type NameDoc = Pick<CustomerDoc, keyof typeof NAME_FIELDS>;

export class DuplicateKeyError extends Error {
  constructor(readonly index: string) {
    super(`duplicate key on ${index}`);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * A mark's fields (`NamesOwed`), each by its dotted path: set over a mark already there, they
 * leave what else it holds (`from`, whom a change of owner's open tickets named before).
 */
function markFields(
  revision: number,
  { at, mark, nextAt }: { at: Date; mark: string; nextAt: Date },
): Partial<Record<`namesOwed.${keyof NamesOwed}`, unknown>> {
  return {
    'namesOwed.revision': revision,
    'namesOwed.at': at,
    'namesOwed.mark': mark,
    'namesOwed.nextAt': nextAt,
  };
}

function duplicateIndex(err: unknown): string | undefined {
  if (!isDuplicateKey(err)) return undefined;
  return isDuplicateOn(err, 'nameKey') ? 'teamId,nameKey' : 'teamId,code';
}

/** What a customer's keys are computed from (`staleSortKeys`), as read. */
export interface StaleKeys {
  id: string;
  revision: number | undefined;
  code: string;
  name: string;
  /** The name key it has (kept when another customer has the one its name now makes). */
  nameKey: string;
  contactNames: string[];
  /** Its tags of every family. */
  tags: string[];
}

/** What the weekly digest reads of a customer (`forDigest`: a DigestCustomer but its id). */
const DIGEST_FIELDS = {
  code: 1,
  tier: 1,
  lifecycle: 1,
  firstContactDate: 1,
  lateRecord: 1,
  annualRevenue: 1,
  lowRisk: 1,
} satisfies Record<Exclude<keyof DigestCustomer, 'id'>, 1>;

/** How many customers a daily run's read holds at once (CustomerRepository.pagesWith). */
export const CUSTOMER_PAGE = 500;

/** Customers, always scoped by the team id. */
export class CustomerRepository {
  constructor(private readonly model: Model<CustomerDoc>) {}

  /** Inserts the customer, created at `now` (desk time: `newRecordTimes`). */
  async insert(customer: NewCustomer, now: Date): Promise<CustomerRecord> {
    try {
      const [doc] = await this.model.create(
        [{ ...customer, ...sortKeyFields(customer.nameKey), ...newRecordTimes(now) }],
        { timestamps: false },
      );
      return toRecord(doc!.toObject() as CustomerDoc);
    } catch (err) {
      const index = duplicateIndex(err);
      if (index) throw new DuplicateKeyError(index);
      throw err;
    }
  }

  /**
   * `byCode` with another repository's documents its pipeline finds (`join`, uncorrelated): one
   * command. Null when no such customer (the pipeline's documents then unread).
   */
  async byCodeWith(
    teamId: string,
    code: string,
    join: ForeignPipeline,
  ): Promise<{ customer: CustomerRecord; joined: unknown[] } | null> {
    const [doc] = await this.model.aggregate<CustomerDoc & { joined: unknown[] }>([
      { $match: { teamId, code: foldCode(String(code)) } },
      { $limit: 1 },
      { $lookup: { from: join.from, pipeline: join.pipeline, as: 'joined' } },
    ]);
    if (!doc) return null;
    const { joined, ...customer } = doc;
    return { customer: toRecord(customer as CustomerDoc), joined };
  }

  async byCode(teamId: string, code: string): Promise<CustomerRecord | null> {
    const doc = await this.model.findOne({ teamId, code: foldCode(code) }).lean<CustomerDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** The customers of some codes (folded), those found: one read. */
  async byCodes(teamId: string, codes: readonly string[]): Promise<CustomerRecord[]> {
    if (!codes.length) return [];
    const folded = [...new Set(codes.map((code) => foldCode(String(code))))];
    const docs = await this.model
      .find({ teamId, code: trusted({ $in: folded }) })
      .lean<CustomerDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * The customer of the code in `$$code` (a variable the query that runs it sets: `let`), as a
   * pipeline another query runs along: a ticket read with its customer (`code` as stored, as
   * `byCodes` is matched by a caller's map of stored codes).
   */
  byCodePipeline(teamId: string, code: string): ForeignPipeline {
    return {
      from: this.model.collection.collectionName,
      let: { code },
      pipeline: [{ $match: { teamId, $expr: { $eq: ['$code', '$$code'] } } }, { $limit: 1 }],
    };
  }

  /** The customers of such a pipeline's raw documents. */
  fromDocs(docs: unknown[]): CustomerRecord[] {
    return (docs as CustomerDoc[]).map(toRecord);
  }

  async byId(teamId: string, id: string): Promise<CustomerRecord | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model.findOne({ teamId, _id: id }).lean<CustomerDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * The customer's name as stored now and the revision it is of (one read of two fields): what a
   * copy of the name (a task, a channel link) keeps with it, `customerNameRevision`.
   */
  async nameById(teamId: string, id: string): Promise<CustomerNameNow | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model.findOne({ teamId, _id: id }, { ...NAME_FIELDS }).lean<NameDoc>();
    return this.nameOf(doc);
  }

  /**
   * The owners now of the customers `ids` (one read of two fields, by id): those gone are left
   * out. The stand-in moves' guest-owned customers, read at once.
   */
  async ownersByIds(
    teamId: string,
    ids: readonly string[],
  ): Promise<Map<string, Pick<CustomerNameNow, 'ownerId' | 'ownerGuest'>>> {
    const valid = [...new Set(ids.map(String))].filter((id) => Types.ObjectId.isValid(id));
    if (!valid.length) return new Map();
    const docs = await this.model
      .find({ teamId, _id: trusted({ $in: valid }) }, { ownerId: 1, ownerGuest: 1 })
      .lean<Pick<CustomerDoc, '_id' | 'ownerId' | 'ownerGuest'>[]>();
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        { ownerId: d.ownerId, ...(d.ownerGuest ? { ownerGuest: true as const } : {}) },
      ]),
    );
  }

  /**
   * `nameById` with the customer's contacts now (one read: their keys and names only), for a
   * copy that names them (a greeting: TaskService.plannedStill, its owner's DM).
   */
  async namesById(teamId: string, id: string): Promise<(CustomerNameNow & NamedContacts) | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model
      .findOne({ teamId, _id: id }, { ...NAME_FIELDS, 'contacts.key': 1, 'contacts.name': 1 })
      .lean<NameDoc & Pick<CustomerDoc, 'contacts'>>();
    const now = this.nameOf(doc);
    return (
      now && {
        ...now,
        // A contact stored before contacts had keys: the key a record gives it (its place and
        // name, as toRecord does).
        contacts: (doc!.contacts ?? []).map((c, i) => ({
          key: (typeof c.key === 'string' && c.key) || contactKey(i, c.name),
          name: c.name,
        })),
      }
    );
  }

  /**
   * `namesById` of several customers in one read, by id (those gone are not in it): a check of
   * what outbox entries name (TaskService.namesGone, greetingsGone).
   */
  async namesByIds(
    teamId: string,
    ids: readonly string[],
  ): Promise<Map<string, CustomerNameNow & NamedContacts>> {
    const valid = [...new Set(ids.map(String))].filter((id) => Types.ObjectId.isValid(id));
    if (!valid.length) return new Map();
    const docs = await this.model
      .find(
        { teamId, _id: trusted({ $in: valid }) },
        { ...NAME_FIELDS, 'contacts.key': 1, 'contacts.name': 1 },
      )
      .lean<(NameDoc & Pick<CustomerDoc, '_id' | 'contacts'>)[]>();
    return new Map(
      docs.map((doc) => [
        doc._id.toHexString(),
        {
          ...this.nameOf(doc)!,
          contacts: (doc.contacts ?? []).map((c, i) => ({
            key: (typeof c.key === 'string' && c.key) || contactKey(i, c.name),
            name: c.name,
          })),
        },
      ]),
    );
  }

  /** `nameById` as a pipeline another query runs along (undefined: no such id can be). */
  nameByIdPipeline(teamId: string, id: string): ForeignPipeline | undefined {
    if (!Types.ObjectId.isValid(id)) return undefined;
    return {
      from: this.model.collection.collectionName,
      pipeline: [
        { $match: { teamId, _id: new Types.ObjectId(id) } },
        { $limit: 1 },
        { $project: { ...NAME_FIELDS } },
      ],
    };
  }

  /** What `nameById` says, from such a pipeline's raw documents. */
  nameOfDocs(docs: unknown[]): CustomerNameNow | null {
    return this.nameOf((docs[0] as NameDoc | undefined) ?? null);
  }

  private nameOf(doc: NameDoc | null): CustomerNameNow | null {
    return doc
      ? {
          name: doc.name,
          ownerId: doc.ownerId,
          ...(doc.ownerGuest ? { ownerGuest: true as const } : {}),
          tier: doc.tier,
          potential: doc.potential ?? 'ordinary',
          revision: doc.revision ?? 0,
        }
      : null;
  }

  /**
   * The customers a person owns (a hand-over's), by code, at most `limit`; with `after`, only
   * those whose code sorts after it (a hand-over reading on past what it could not move). Only
   * what it names and moves them by (`CustomerRef`), not the whole files.
   */
  async ownedBy(
    teamId: string,
    ownerId: string,
    limit: number,
    after?: string,
  ): Promise<CustomerRef[]> {
    const docs = await this.model
      .find({
        teamId,
        ownerId: String(ownerId),
        ...(after !== undefined ? { code: trusted({ $gt: String(after) }) } : {}),
      })
      .sort({ code: 1 })
      .limit(limit)
      .select({ code: 1, name: 1 })
      .lean<Pick<CustomerDoc, '_id' | 'code' | 'name'>[]>();
    return docs.map((d) => ({ id: d._id.toHexString(), code: d.code, name: d.name }));
  }

  /**
   * Whether a file marks `ownerId` its owner as a guest of the workspace (`ownerGuest`: Slack
   * said so when they were made its owner, or the daily check since): one indexed read.
   */
  async ownsAsGuest(teamId: string, ownerId: string): Promise<boolean> {
    const doc = await this.model
      .findOne({ teamId, ownerId: String(ownerId), ownerGuest: true }, { _id: 1 })
      .lean();
    return doc !== null;
  }

  /** Whether `ownerId` owns any customer of the workspace. */
  async ownsAny(teamId: string, ownerId: string): Promise<boolean> {
    const doc = await this.model.findOne({ teamId, ownerId: String(ownerId) }, { _id: 1 }).lean();
    return doc !== null;
  }

  /** The owners whose files mark them not members of the workspace (`ownerGuest`). */
  async awayOwnerIds(teamId: string): Promise<string[]> {
    const ids = await this.model.distinct('ownerId', { teamId, ownerGuest: true });
    return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  }

  /** Everyone who owns a customer of the workspace, each once (a distinct read of the index). */
  async ownerIds(teamId: string): Promise<string[]> {
    const ids = await this.model.distinct('ownerId', { teamId });
    return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  }

  /**
   * The customers `ownerId` owns whose guest mark (`ownerGuest`) is not `guest`: their ids with
   * the revision read, for the writes that mark them (`update`, conditional on it).
   */
  async markedOtherwise(
    teamId: string,
    ownerId: string,
    guest: boolean,
  ): Promise<{ id: string; revision: number }[]> {
    const docs = await this.model
      .find(
        {
          teamId,
          ownerId: String(ownerId),
          ownerGuest: guest ? trusted({ $ne: true }) : true,
        },
        { _id: 1, revision: 1 },
      )
      .lean<Pick<CustomerDoc, '_id' | 'revision'>[]>();
    return docs.map((d) => ({ id: d._id.toHexString(), revision: d.revision ?? 0 }));
  }

  /** How many customers a person owns, counted up to `limit`. */
  ownedCount(teamId: string, ownerId: string, limit: number): Promise<number> {
    return this.model.countDocuments({ teamId, ownerId: String(ownerId) }, { limit });
  }

  /**
   * How many customers each of `ownerIds` owns (each counted up to `limit`), in one grouped read
   * on the (teamId, ownerId) index: an id that owns none is left out.
   */
  async ownedCounts(
    teamId: string,
    ownerIds: readonly string[],
    limit: number,
  ): Promise<Map<string, number>> {
    const ids = [...new Set(ownerIds.map(String))];
    if (!ids.length) return new Map();
    const rows = await this.model.aggregate<{ _id: unknown; n: number }>([
      { $match: { teamId, ownerId: { $in: ids } } },
      { $group: { _id: '$ownerId', n: { $sum: 1 } } },
    ]);
    return new Map(
      rows
        .filter((r) => typeof r._id === 'string' && r.n > 0)
        .map((r) => [r._id as string, Math.min(r.n, limit)]),
    );
  }

  /** Of the customers `ids`, those `ownerId` owns now (their ids; one read, whatever they own). */
  async ownedAmong(teamId: string, ownerId: string, ids: readonly string[]): Promise<string[]> {
    const valid = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
    if (!valid.length) return [];
    const docs = await this.model
      .find({ teamId, ownerId: String(ownerId), _id: trusted({ $in: valid }) }, { _id: 1 })
      .lean<Pick<CustomerDoc, '_id'>[]>();
    return docs.map((d) => String(d._id));
  }

  async byNameKey(teamId: string, nameKey: string): Promise<CustomerRecord | null> {
    const doc = await this.model.findOne({ teamId, nameKey }).lean<CustomerDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * In one read: the customer with this name, and the one the modal submission `createdIn`
   * made (the same customer, another one if the name was changed before submitting again, or
   * neither).
   */
  async byNameOrSubmission(
    teamId: string,
    nameKey: string,
    createdIn: string | undefined,
  ): Promise<{ named: CustomerRecord | null; made: CustomerRecord | null }> {
    if (!createdIn) return { named: await this.byNameKey(teamId, nameKey), made: null };
    const docs = await this.model
      .find({ teamId, $or: [{ nameKey }, { createdIn }] })
      .limit(2)
      .lean<CustomerDoc[]>();
    const records = docs.map(toRecord);
    return {
      named: records.find((c) => c.nameKey === nameKey) ?? null,
      made: records.find((c) => c.createdIn === createdIn) ?? null,
    };
  }

  /**
   * Sets (and unsets) fields of one customer if it is still at `revision`; null when someone
   * else wrote it since it was read. A taken name surfaces as DuplicateKeyError.
   */
  async update(
    teamId: string,
    id: string,
    revision: number,
    set: Partial<NewCustomer>,
    unset: string[] = [],
    /**
     * A rename or a change of owner, saved at this time: the file owes its copies of the name
     * and the owner (`namesOwed`, with the revision this write gives it and the caller's `mark`),
     * in this same write. Written field by field over a mark already there (its tries counted
     * afresh): whom an earlier change of owner's tickets named before (`NamesOwed.from`) stays,
     * and a change of owner adds its own `from`.
     */
    renamed?: { at: Date; mark: string; nextAt: Date; from?: string[] },
    /** Change-log entries this write owes (`changesOwed`), added in this same write. */
    owed?: ChangesOwed,
  ): Promise<CustomerRecord | null> {
    const fields = set.nameKey ? { ...set, ...sortKeyFields(set.nameKey) } : set;
    const update: Record<string, unknown> = {
      $set: renamed ? { ...fields, ...markFields(revision + 1, renamed) } : fields,
      $inc: { revision: 1 },
      ...(owed ? { $push: { changesOwed: owed } } : {}),
      ...(renamed?.from?.length
        ? { $addToSet: { 'namesOwed.from': { $each: renamed.from } } }
        : {}),
    };
    const unsets = [...unset, ...(renamed ? ['namesOwed.attempts'] : [])];
    if (unsets.length) update.$unset = Object.fromEntries(unsets.map((f) => [f, '']));
    try {
      const doc = await this.model
        .findOneAndUpdate({ teamId, _id: id, revision }, update, { returnDocument: 'after' })
        .lean<CustomerDoc>();
      return doc ? toRecord(doc) : null;
    } catch (err) {
      const index = duplicateIndex(err);
      if (index) throw new DuplicateKeyError(index);
      throw err;
    }
  }

  /**
   * Renamed files, across workspaces, whose copies of the name are due for the outbox job's
   * repair: their next try at `now` or before, soonest due first (one read through the
   * `namesOwed.nextAt` index, in its order). The name, with the revision and mark of what owes
   * them and how many tries failed.
   */
  async namesOwed(
    now: Date,
    limit: number,
  ): Promise<
    {
      teamId: string;
      id: string;
      code: string;
      name: string;
      ownerId: string;
      ownerGuest?: true;
      tier: CustomerDoc['tier'];
      revision: number;
      mark?: string;
      attempts: number;
      /** Whom a change of owner's open tickets named before, its move still to be drawn. */
      from?: string[];
    }[]
  > {
    const docs = await this.model
      .find(
        { 'namesOwed.nextAt': trusted({ $lte: now }) },
        { teamId: 1, code: 1, name: 1, ownerId: 1, ownerGuest: 1, tier: 1, namesOwed: 1 },
      )
      .sort({ 'namesOwed.nextAt': 1 })
      .limit(limit)
      .lean<
        Pick<
          CustomerDoc,
          '_id' | 'teamId' | 'code' | 'name' | 'ownerId' | 'ownerGuest' | 'tier' | 'namesOwed'
        >[]
      >();
    return docs.map((d) => ({
      teamId: d.teamId,
      id: d._id.toHexString(),
      code: d.code,
      name: d.name,
      ownerId: d.ownerId,
      ...(d.ownerGuest ? { ownerGuest: true as const } : {}),
      tier: d.tier,
      revision: d.namesOwed!.revision,
      ...(d.namesOwed!.mark === undefined ? {} : { mark: d.namesOwed!.mark }),
      attempts: d.namesOwed!.attempts ?? 0,
      ...(d.namesOwed!.from?.length ? { from: d.namesOwed!.from } : {}),
    }));
  }

  /**
   * Marks without a next try (written before marks had one, or by an older instance during a
   * rolling deploy) owed since `before` or earlier are given one, `now`: due, so the repair's
   * read (`namesOwed`, through the `namesOwed.nextAt` index alone) finds them. One write of
   * those only (through the sparse `namesOwed.at` index); a mark cleared or replaced meanwhile
   * is not matched. Not an edit. How many were given one.
   */
  async dateOwedMarks(before: Date, now: Date): Promise<number> {
    const res = await this.model.updateMany(
      {
        'namesOwed.at': trusted({ $lte: before }),
        'namesOwed.nextAt': trusted({ $exists: false }),
      },
      { $set: { 'namesOwed.nextAt': now } },
      { timestamps: false },
    );
    return res.modifiedCount;
  }

  /**
   * The repair of what the mark read owes failed once more (its `attempts` then): tried again at
   * `nextAt`. One write of the one file, only over that mark and count (another instance's
   * failure counted already, or the mark cleared or replaced since: nothing).
   */
  async nameRepairFailed(
    teamId: string,
    id: string,
    owed: { revision: number; mark?: string; attempts: number },
    nextAt: Date,
  ): Promise<void> {
    await this.model.updateOne(
      {
        teamId,
        _id: id,
        'namesOwed.revision': owed.revision,
        'namesOwed.mark': owed.mark === undefined ? trusted({ $exists: false }) : owed.mark,
        'namesOwed.attempts': owed.attempts ? owed.attempts : trusted({ $in: [null, 0] }),
      },
      { $set: { 'namesOwed.attempts': owed.attempts + 1, 'namesOwed.nextAt': nextAt } },
      { timestamps: false },
    );
  }

  /**
   * The copies of the name owed by the mark read (`revision` and `mark`: none for one written
   * before marks were) are written: owed no more, unless the mark is another since (a later
   * rename's, or a catch-up's at the same revision: `nameOwed`). Not an edit: no revision, no
   * update time. `own` (a save's own copies): only while the mark holds no one's move to draw
   * but whom that save's own change of owner adds (`NamesOwed.from`, those added by
   * `$addToSet`: as many as it added), as that save draws them itself; an earlier change's
   * move still to draw leaves the mark to the outbox job's repair. Whether it was cleared.
   */
  async namesCopied(
    teamId: string,
    id: string,
    revision: number,
    mark?: string,
    own?: readonly string[],
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      {
        teamId,
        _id: id,
        'namesOwed.revision': revision,
        'namesOwed.mark': mark === undefined ? trusted({ $exists: false }) : mark,
        ...(own === undefined
          ? {}
          : {
              'namesOwed.from': own.length
                ? trusted({ $size: new Set(own).size })
                : trusted({ $exists: false }),
            }),
      },
      { $unset: { namesOwed: 1 } },
      { timestamps: false },
    );
    return res.modifiedCount > 0;
  }

  /**
   * The file owes its copies of the name it has now (a copy written since missed it: a catch-up
   * failed): `namesOwed` at its current revision with a new `mark`, which a clear of the mark
   * before leaves. Read, then written only over the revision read (tried again on another); none
   * when gone. Not an edit.
   */
  async nameOwed(teamId: string, id: string, at: Date, mark: string, nextAt: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await this.model
        .findOne({ teamId, _id: id }, { revision: 1 })
        .lean<Pick<CustomerDoc, '_id' | 'revision'>>();
      if (!doc) return;
      // Field by field: whom an owner change's tickets named before (`from`) stays on it.
      const res = await this.model.updateOne(
        { teamId, _id: id, revision: doc.revision },
        {
          $set: markFields(doc.revision, { at, mark, nextAt }),
          $unset: { 'namesOwed.attempts': '' },
        },
        { timestamps: false },
      );
      if (res.matchedCount) return;
    }
    throw new Error('customer changed while its name copies were marked owed');
  }

  /**
   * Moves the last-interaction date forward only (an older interaction logged late keeps it):
   * a file at `at` or later already is not written at all, its `updatedAt` kept (the digest's
   * "changed since" reads go by it; a form delivered again moves nothing).
   */
  async touchInteraction(teamId: string, id: string, at: Date): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: id, lastInteractionAt: trusted({ $not: { $gte: at } }) },
      { $set: { lastInteractionAt: at } },
    );
  }

  /**
   * Stores the low churn risk as computed today (the daily signals run): one write of the one
   * field, the same value again on a rerun; no revision, as an edit in flight writes only what
   * it changes.
   */
  async setLowRisk(teamId: string, id: string, state: LowRiskState): Promise<void> {
    await this.model.updateOne({ teamId, _id: id }, { $set: { lowRisk: state } });
  }

  /** Counts an order in its month and moves the last order date forward. */
  async countOrder(teamId: string, id: string, date: string): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: id },
      { $inc: { [`ordersByMonth.${date.slice(0, 7)}`]: 1 }, $max: { lastOrderDate: date } },
    );
  }

  /**
   * The tags in use in a team, per family (the customer modal's pick lists): each family's
   * distinct values, the most used (by how many customers have it) first, then by name, at most
   * `limit` (a select's cap keeps the ones people use). One aggregate reads the team's customers
   * once for the three families (each value tagged with its family) and counts them; only the
   * distinct values come back, ranked here (names in the lists' order, `compareNames`: Chinese
   * by pinyin).
   */
  async tagsInUse(teamId: string, limit: number): Promise<Record<TagFamily, string[]>> {
    const paths: Record<TagFamily, 'industryTags' | 'valueTags' | 'needTags'> = {
      industry: 'industryTags',
      value: 'valueTags',
      needs: 'needTags',
    };
    const tagged = (family: TagFamily) => ({
      $map: {
        input: { $ifNull: [`$${paths[family]}`, []] },
        as: 'v',
        in: { f: family, v: '$$v' },
      },
    });
    const rows = await this.model.aggregate<{ _id: { f?: unknown; v?: unknown }; n: number }>([
      { $match: { teamId } },
      { $project: { _id: 0, t: { $concatArrays: TAG_FAMILIES.map(tagged) } } },
      { $unwind: '$t' },
      { $group: { _id: '$t', n: { $sum: 1 } } },
    ]);
    const out: Record<TagFamily, { v: string; n: number }[]> = {
      industry: [],
      value: [],
      needs: [],
    };
    for (const { _id, n } of rows)
      if (typeof _id.v === 'string' && _id.v && TAG_FAMILIES.includes(_id.f as TagFamily))
        out[_id.f as TagFamily].push({ v: _id.v, n });
    const ranked = (family: TagFamily) =>
      out[family]
        .sort((a, b) => b.n - a.n || compareNames(a.v, b.v))
        .slice(0, limit)
        .map((r) => r.v);
    return { industry: ranked('industry'), value: ranked('value'), needs: ranked('needs') };
  }

  /**
   * Options for a picker: name prefix first (in the names' order, Chinese by pinyin), then code
   * prefix. Each is an anchored prefix query walking its own index and stopping at `limit`, so a
   * short prefix matching thousands of customers costs no more than a long one: the name's by
   * its sort key, which begins with the sort key of any beginning of the name (`nameSortKey`; a
   * beginning ending in digits, with a run of at least those digits: `sortKeyPrefix`);
   * the code query only runs for text that can start a code (`C`, `C20`, `c2026001`), so typing
   * a name costs one query. Fewer than `limit` found so, the names that contain the text further
   * in (or with other accents: `cafe` finds Café) come after them, in the same order: a Chinese name starts with its city (上海华东机械),
   * and an agent types the part they know (华东), as `/customer find` reads it. That look walks
   * the team's name keys (their index), not the files, and only when the prefix did not fill
   * the list.
   */
  async suggest(teamId: string, prefix: string, limit: number): Promise<CustomerRecord[]> {
    const fields = { code: 1, name: 1, tier: 1, teamId: 1 };
    const code = foldCode(prefix);
    const key = sortKeyPrefix(nameKey(prefix));
    // A one-clause $or is the same query to MongoDB (it plans it on the index), but keeps
    // mongo-java-server from trying its unique index for a regex, which it has not implemented.
    const [byName, byCode] = await Promise.all([
      this.model
        .find({ teamId, $or: [{ sortKey: key }] })
        .sort({ sortKey: 1 })
        .limit(limit)
        .select(fields)
        .lean<CustomerDoc[]>(),
      /^C\d*$/.test(code)
        ? this.model
            .find({ teamId, $or: [{ code: new RegExp(`^${escapeRegExp(code)}`) }] })
            .sort({ code: 1 })
            .limit(limit)
            .select(fields)
            .lean<CustomerDoc[]>()
        : [],
    ]);
    const seen = new Set<string>();
    const found = [...byName, ...byCode].filter(
      (d) => !seen.has(d._id.toHexString()) && seen.add(d._id.toHexString()),
    );
    const typed = nameKey(prefix);
    if (found.length < limit && typed) {
      const within = await this.model
        .find({ teamId, $or: [{ nameKey: accentFreePattern(typed) }] })
        .sort({ sortKey: 1 })
        .limit(limit + found.length)
        .select(fields)
        .lean<CustomerDoc[]>();
      found.push(
        ...within.filter((d) => !seen.has(d._id.toHexString()) && seen.add(d._id.toHexString())),
      );
    }
    return found.slice(0, limit).map(toRecord);
  }

  /**
   * Customers any of whose search terms contain the text (whatever the accents either has:
   * `accentFreePattern`); the first `limit` in the names' order
   * (Chinese by pinyin: `nameSortKey`) and the total.
   */
  async search(
    teamId: string,
    text: string,
    limit: number,
  ): Promise<{ items: CustomerRecord[]; total: number }> {
    const filter = { teamId, searchTerms: accentFreePattern(text) };
    const [items, total] = await Promise.all([
      this.model.find(filter).sort({ sortKey: 1 }).limit(limit).lean<CustomerDoc[]>(),
      this.model.countDocuments(filter),
    ]);
    return { items: items.map(toRecord), total };
  }

  /**
   * The owners marked a guest of the workspace (`ownerGuest`) on some file of the team, each once:
   * read on the (teamId, ownerGuest) index.
   */
  async guestOwners(teamId: string): Promise<string[]> {
    const ids = await this.model.distinct('ownerId', { teamId, ownerGuest: true });
    return ids.map(String);
  }

  /**
   * The files marked owned by a guest of the workspace (`ownerGuest`), each with its owner: read
   * on the (teamId, ownerGuest) index, ids and owners only.
   */
  async guestOwned(teamId: string): Promise<{ id: string; ownerId: string }[]> {
    const docs = await this.model
      .find({ teamId, ownerGuest: true }, { _id: 1, ownerId: 1 })
      .lean<Pick<CustomerDoc, '_id' | 'ownerId'>[]>();
    return docs.map((d) => ({ id: d._id.toHexString(), ownerId: String(d.ownerId) }));
  }

  /**
   * An owner's customers with a standing signal: a churn warning, or a contract ending between
   * `today` and `contractBy` (dates as stored, YYYY-MM-DD) of a customer not churned
   * (signal-rules.ts `contractSignal`), not erased (PIPL: erased() signals nothing). `ownerId`'s
   * own not marked a guest's, and those marked a guest's of `guests` (whom the owner stands in
   * for). Read through (teamId, ownerId).
   */
  async withSignals(
    teamId: string,
    owners: { ownerId: string; guests: readonly string[] },
    window: { today: string; contractBy: string },
    limit: number,
  ): Promise<{ items: CustomerRecord[]; total: number }> {
    const ownerId = String(owners.ownerId);
    const guests = owners.guests.map(String);
    const filter: QueryFilter<CustomerDoc> = {
      teamId,
      ...(guests.length ? { ownerId: trusted({ $in: [ownerId, ...guests] }) } : { ownerId }),
      ...NOT_ERASED,
      $and: [
        {
          $or: [
            { lifecycle: 'churn_warning' as const },
            {
              contractEndDate: trusted({ $gte: window.today, $lte: window.contractBy }),
              lifecycle: trusted({ $ne: 'churned' as const }),
            },
          ],
        },
        {
          $or: [
            { ownerId, ownerGuest: trusted({ $ne: true }) },
            ...(guests.length
              ? [{ ownerId: trusted({ $in: guests }), ownerGuest: true as const }]
              : []),
          ],
        },
      ],
    };
    const { docs, total } = await pageWithTotal(
      () => this.model.find(filter).sort({ code: 1 }).limit(limit).lean<CustomerDoc[]>(),
      () => this.model.countDocuments(filter),
      limit,
    );
    return { items: docs.map(toRecord), total };
  }

  /**
   * An owner's churn risk at a glance (App Home): how many of their customers are in churn
   * warning, the first `limit` of them (by code: id, name, code), and how many are of the low
   * churn risk class now (a stretch begun, not ended); an erased customer in neither. Read
   * through (teamId, ownerId).
   */
  async riskSummary(
    teamId: string,
    ownerId: string,
    limit: number,
  ): Promise<{
    churn: { items: { id: string; name: string; code: string }[]; total: number };
    low: number;
  }> {
    const churn = { teamId, ownerId, ...NOT_ERASED, lifecycle: 'churn_warning' as const };
    const low = {
      teamId,
      ownerId,
      ...NOT_ERASED,
      'lowRisk.since': trusted({ $exists: true }),
      'lowRisk.until': trusted({ $exists: false }),
    };
    const [items, total, lowCount] = await Promise.all([
      this.model
        .find(churn, { name: 1, code: 1 })
        .sort({ code: 1 })
        .limit(limit)
        .lean<Pick<CustomerDoc, '_id' | 'name' | 'code'>[]>(),
      this.model.countDocuments(churn),
      this.model.countDocuments(low),
    ]);
    return {
      churn: {
        items: items.map((d) => ({ id: d._id.toHexString(), name: d.name, code: d.code })),
        total,
      },
      low: lowCount,
    };
  }

  /**
   * Customers whose keys are missing (saved before there was a sort key), were computed by
   * another `SORT_KEY_VERSION`, or whose sort key was computed from another name key than the
   * file's (`sortKeyOf`: renamed by an older instance, which leaves the keys as they were, or
   * keyed before the source was stored): what the keys are computed from, at most `limit`. Such
   * a file keeps the keys it has until it is keyed again (it is still listed, by them). The
   * comparison of two fields has no index: with `changedSince` it is made only on the files
   * saved since then (read through (teamId, updatedAt)), without it on all the team's files
   * (start-up's one pass).
   */
  async staleSortKeys(teamId: string, limit: number, changedSince?: Date): Promise<StaleKeys[]> {
    const renamed = { $expr: trusted({ $ne: ['$sortKeyOf', '$nameKey'] }) };
    const docs = await this.model
      .find(
        {
          teamId,
          $or: [
            { sortKeyVersion: trusted({ $ne: SORT_KEY_VERSION }) },
            changedSince ? { updatedAt: trusted({ $gte: changedSince }), ...renamed } : renamed,
          ],
        },
        {
          code: 1,
          name: 1,
          nameKey: 1,
          revision: 1,
          'contacts.name': 1,
          tags: 1,
          industryTags: 1,
          valueTags: 1,
          needTags: 1,
        },
      )
      .limit(limit)
      .lean<CustomerDoc[]>();
    return docs.map((d) => ({
      id: d._id.toHexString(),
      revision: d.revision,
      code: d.code,
      name: d.name,
      nameKey: d.nameKey,
      contactNames: (d.contacts ?? []).map((c) => c.name ?? ''),
      tags: [
        ...(d.tags ?? []),
        ...(d.industryTags ?? []),
        ...(d.valueTags ?? []),
        ...(d.needTags ?? []),
      ],
    }));
  }

  /**
   * Stores the keys of each customer read (its name key, sort key and search terms, as a save
   * computes them now), unless it was written meanwhile (its revision moved: that write keyed it
   * by its own name, or it is read again). A name key another customer has (two names saved
   * before keys left out invisible characters, `Acme` and `Ac\u200Bme`) is left as it was, the
   * other keys stored: `clashes` names those customers, which keep their names until renamed.
   * Not a revision and not an update time: derived keys nobody edits, not logged. Returns how
   * many were written.
   */
  async storeSortKeys(
    teamId: string,
    read: StaleKeys[],
  ): Promise<{ written: number; clashes: string[] }> {
    if (!read.length) return { written: 0, clashes: [] };
    const write = (keepNameKey: boolean) => (c: StaleKeys) => {
      const key = nameKey(c.name);
      const terms = searchTerms({
        code: c.code,
        name: c.name,
        contactNames: c.contactNames,
        tags: c.tags,
      });
      return {
        updateOne: {
          filter: {
            teamId,
            _id: c.id,
            revision: c.revision ?? trusted({ $exists: false }),
          },
          update: {
            $set: {
              ...(keepNameKey ? {} : { nameKey: key }),
              ...sortKeyFields(key),
              // A clash keeps its old name key: the sort key's source says so, or the file would
              // read as renamed (`staleSortKeys`) and be keyed again every time.
              ...(keepNameKey ? { sortKeyOf: c.nameKey } : {}),
              searchTerms: terms,
            },
          },
          timestamps: false,
        },
      };
    };
    let written = 0;
    let refused: StaleKeys[] = [];
    try {
      written = (await this.model.bulkWrite(read.map(write(false)), { ordered: false }))
        .modifiedCount;
    } catch (err) {
      // The writes refused were the name keys another customer has; the others went in.
      if (!onlyDuplicateKeys(err)) throw err;
      const failed = err as {
        writeErrors: { index: number }[];
        result?: { modifiedCount?: number };
      };
      written = failed.result?.modifiedCount ?? 0;
      refused = failed.writeErrors.map((e) => read[e.index]!);
    }
    if (!refused.length) return { written, clashes: [] };
    const kept = await this.model.bulkWrite(refused.map(write(true)), { ordered: false });
    return { written: written + kept.modifiedCount, clashes: refused.map((c) => c.code) };
  }

  /** Whether the workspace has any customer file. */
  async any(teamId: string): Promise<boolean> {
    return Boolean(await this.model.exists({ teamId }));
  }

  async all(teamId: string): Promise<CustomerRecord[]> {
    const docs = await this.model.find({ teamId }).sort({ code: 1 }).lean<CustomerDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Every customer with only `fields` (a daily job's: CARE_FIELDS, SIGNAL_FIELDS), in code
   * order, a page of `pageSize` at a time: the fields left out are neither sent nor held, and
   * only one page is held however many customers the workspace has. Each page is the next codes
   * after the last one read (the unique `{teamId, code}` index), so there is no server cursor
   * to time out while the caller works through a page; a customer created or renamed meanwhile
   * may be read or not, as with one read made at the start. Read as `all` reads them (contacts'
   * keys, defaults), then cut to those fields. `only`: those customers alone (CustomerPass), in
   * the same code order and pages.
   */
  async *pagesWith<K extends keyof CustomerRecord>(
    teamId: string,
    fields: readonly K[],
    pageSize = CUSTOMER_PAGE,
    only?: CustomerPass,
  ): AsyncGenerator<Pick<CustomerRecord, K>[]> {
    const projection = Object.fromEntries(
      fields.filter((f) => f !== 'id').map((f) => [f, 1] as const),
    );
    let which: QueryFilter<CustomerDoc> = {};
    if (only && 'project' in only)
      // Any date (a string, as stored): neither a file without one nor a cleared one (null).
      which = { projectUntil: trusted({ $gt: '' }) };
    else if (only) {
      const valid = [...new Set(only.ids.map(String))].filter((id) => Types.ObjectId.isValid(id));
      if (!valid.length) return;
      which = { _id: trusted({ $in: valid }) };
    }
    let after: string | undefined;
    for (;;) {
      const docs = await this.model
        .find(
          after === undefined
            ? { teamId, ...which }
            : { teamId, ...which, code: trusted({ $gt: after }) },
          { ...projection, code: 1 },
        )
        .sort({ code: 1 })
        .limit(pageSize)
        .lean<CustomerDoc[]>();
      if (!docs.length) return;
      after = docs.at(-1)!.code;
      yield docs.map((doc) => {
        const record = toRecord(doc);
        const out = {} as Pick<CustomerRecord, K>;
        for (const f of fields) if (record[f] !== undefined) out[f] = record[f];
        return out;
      });
      if (docs.length < pageSize) return;
    }
  }

  /** The customers flagged recorded late (`lateRecord`): their first contact dates, by id. */
  async lateRecorded(teamId: string): Promise<{ id: string; firstContactDate: string }[]> {
    const docs = await this.model
      .find({ teamId, lateRecord: trusted({ $exists: true }) }, { firstContactDate: 1 })
      .lean<Pick<CustomerDoc, '_id' | 'firstContactDate'>[]>();
    return docs.map((d) => ({ id: d._id.toHexString(), firstContactDate: d.firstContactDate }));
  }

  /**
   * Clears the recorded-late flag of some customers. Not a revision: a derived field nobody
   * edits, not logged.
   */
  async clearLateRecord(teamId: string, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const res = await this.model.updateMany(
      { teamId, _id: trusted({ $in: ids }), lateRecord: trusted({ $exists: true }) },
      { $unset: { lateRecord: '' } },
    );
    return res.modifiedCount;
  }

  /**
   * Every customer's id with what the tier review compares (its revenue, computed tier), in
   * code order, streamed (a cursor of three fields: the desk's customers are never all in memory).
   */
  async *tierFigures(
    teamId: string,
  ): AsyncGenerator<{ id: string; annualRevenue?: number; computedTier: Tier }> {
    const cursor = this.model
      .find({ teamId }, { annualRevenue: 1, computedTier: 1 })
      .sort({ code: 1 })
      .lean<Pick<CustomerDoc, '_id' | 'annualRevenue' | 'computedTier'>[]>()
      .cursor({ batchSize: 1000 });
    for await (const d of cursor as AsyncIterable<
      Pick<CustomerDoc, '_id' | 'annualRevenue' | 'computedTier'>
    >)
      yield {
        id: d._id.toHexString(),
        ...(d.annualRevenue != null ? { annualRevenue: d.annualRevenue } : {}),
        computedTier: d.computedTier,
      };
  }

  /**
   * The customers whose writes owe change-log entries (`changesOwed`), with them: through the
   * sparse index on `changesOwed.key` (every entry has a key), not a read of every customer.
   */
  async withChangesOwed(teamId: string): Promise<{ id: string; owed: ChangesOwed[] }[]> {
    const docs = await this.model
      .find({ 'changesOwed.key': trusted({ $exists: true }), teamId }, { changesOwed: 1 })
      .lean<Pick<CustomerDoc, '_id' | 'changesOwed'>[]>();
    return docs.map((d) => ({ id: d._id.toHexString(), owed: d.changesOwed ?? [] }));
  }

  /**
   * Clears the change-log entries owed under `key` (the log has them). Not a revision: nothing
   * anyone edits.
   */
  async clearChangesOwed(teamId: string, id: string, key: string): Promise<void> {
    await this.model.updateOne({ teamId, _id: id }, { $pull: { changesOwed: { key } } });
  }

  /** The customers whose tier the review `review` moved and whose move is not told yet. */
  async withUntoldTierMove(teamId: string, review: string): Promise<CustomerRecord[]> {
    const docs = await this.model
      .find({ teamId, 'tierMove.review': review, 'tierMove.told': trusted({ $ne: true }) })
      .sort({ code: 1 })
      .lean<CustomerDoc[]>();
    return docs.map(toRecord);
  }

  /**
   * Marks the tier move of the review `review` told (in the outbox): a forced rerun of that
   * review, once the outbox has purged its entries, does not tell it again. Not a revision:
   * no field anyone computes from changes.
   */
  async markTierMoveTold(teamId: string, id: string, review: string): Promise<void> {
    await this.model.updateOne(
      { teamId, _id: id, 'tierMove.review': review },
      { $set: { 'tierMove.told': true } },
    );
  }

  /** Every customer with only what the weekly digest reads. */
  async forDigest(teamId: string): Promise<DigestCustomer[]> {
    const docs = await this.model
      .find({ teamId }, DIGEST_FIELDS)
      .lean<Pick<CustomerDoc, '_id' | keyof typeof DIGEST_FIELDS>[]>();
    return docs.map(({ _id, ...rest }) => ({ ...rest, id: _id.toHexString() }));
  }

  async count(teamId: string): Promise<number> {
    return this.model.countDocuments({ teamId });
  }
}
