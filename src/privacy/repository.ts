import { randomUUID } from 'node:crypto';
import { Types, trusted, type Model, type Schema } from 'mongoose';
import type { Models } from '../db/models.js';
import type { ForeignPipeline } from '../db/pipeline.js';
import { isDuplicateKey } from '../db/errors.js';
import { olderNameCopy } from '../db/name-copies.js';
import { erasedName, escapeRegExp, nameKey, sortKeyFields } from '../customer/rules.js';
import {
  ERASED,
  eraseMentions,
  renderedForms,
  replaceAll,
  scrub,
  withoutCutForms,
  withoutCutTerms,
  withoutPersonal,
  withoutReachPhrases,
  type ContactTerms,
  type CutForm,
  type Doc,
  type HeldByOthers,
  type Mention,
  type ReachPhrase,
} from './subjects.js';
import { phoneDigits } from '../phone.js';
import { isLegacyUserKey, LEGACY_USER_KEY_QUERY, KEYED_USER_KEY_QUERY } from './user-key.js';
import {
  isSubmissionKey,
  SUBMISSION_KEY_QUERY,
  withoutSubmissionDigest,
} from '../forms/submission-key.js';
import { overrideLogValue, readOverrideLogValue } from '../customer/fields.js';
import { OWNER_UNKNOWN } from '../customer/activity-repository.js';

/**
 * Collections whose documents belong to a workspace by their `_id` (`<teamId>:…`), not by a
 * `teamId` field: the counters of customer codes and ticket numbers (`team:kind:period`).
 */
export const WORKSPACE_BY_ID: readonly string[] = ['sequences'];

/**
 * What selects workspace `teamId`'s documents in collection `name` (its schema `schema`), for
 * `eraseWorkspace`: by `teamId`, or by `_id` prefix for WORKSPACE_BY_ID (anchored, the id
 * escaped). Undefined for a collection with neither: nothing of it is erased.
 */
export function workspaceFilter(
  name: string,
  schema: Schema,
  teamId: string,
): Record<string, unknown> | undefined {
  if (WORKSPACE_BY_ID.includes(name)) return { _id: new RegExp(`^${escapeRegExp(teamId)}:`) };
  return schema.path('teamId') ? { teamId } : undefined;
}

/** A contact's details a change log entry about them may hold (`contact.<key>`). */
const CONTACT_DETAILS = ['phone', 'email', 'im', 'preferredChannel'] as const;
/**
 * The change log's fields (src/customer/fields.ts logName) of what a whole customer's erasure
 * drops from its file, typed text that may name or locate anyone; its names are followed as
 * names (formerNames), its contacts' entries as theirs (contactHistory).
 */
const CUSTOMER_TYPED =
  '^(?:address|region|occupation|notes|tags|tierOverride|upgradeIntent)$|^needs\\.';
import type { PrivacyKeysDoc, UnmarkedErasureDoc } from './model.js';
import type { PrivacyKind, PrivacyLogEntry } from './types.js';

/** The privacy log, scoped by team. */
/**
 * The upkeep's back-off on an unfinished erasure (TicketRecord.erasureResumeRetryAt) and who
 * started it (erasureResumeBy), unset with whose erasure it is (erasureResumeUser). Not the mark
 * that its resume was told while the erasure waited (erasureResumeToldWaiting): kept until the
 * resume is announced (RESUME_UNSET), whose announcement then redraws only the card.
 */
const RETRY_UNSET = {
  erasureResumeRetryAt: '',
  erasureResumeTries: '',
  erasureResumeBy: '',
  erasureResumeOwnerTold: '',
  erasureResumeOwnerNamed: '',
  erasureResumeOwnerTo: '',
  erasureResumeOwnerKey: '',
  erasureResumeNoAdminWarned: '',
  erasureResumeWaitWarned: '',
  erasureResumeId: '',
} as const;

/** RETRY_UNSET, and the told-while-waiting mark: the resume announced, or owed no more. */
const RESUME_UNSET = { ...RETRY_UNSET, erasureResumeToldWaiting: '' } as const;

/**
 * What an erasure leaves on a ticket's mark for itself alone: its resume told while it waited on
 * a guest owner, its admin's DM key, told date and customers named, its being done, its earlier
 * change's notices left to the repair, an operator's checks of a mark not saying whose. Gone
 * when another erasure (another key, or this person's earlier one, done) marks the ticket
 * (DataSubjectRepository.resumeOwed); so is its admin unless the new one names its own.
 */
const ANOTHER_ERASURE_UNSET = {
  erasureResumeToldWaiting: '',
  erasureResumeOwnerKey: '',
  erasureResumeOwnerTold: '',
  erasureResumeOwnerNamed: '',
  erasureResumeOwnerTo: '',
  erasureResumeNoAdminWarned: '',
  erasureResumeWaitWarned: '',
  erasureResumeReady: '',
  erasureResumeLeft: '',
  erasureResumeOrphanLogged: '',
  erasureResumeOrphanChecked: '',
} as const;

/** What resumeOwed reads of a ticket's mark before it writes its own. */
const MARK_FIELDS = {
  erasureResumeOwed: 1,
  erasureResumeUser: 1,
  erasureResumeReady: 1,
  erasureResumeBy: 1,
  erasureResumeTries: 1,
  erasureResumeRetryAt: 1,
  erasureResumeOwnerKey: 1,
  erasureResumeOwnerTold: 1,
  erasureResumeOwnerNamed: 1,
  erasureResumeOwnerTo: 1,
  erasureResumeNoAdminWarned: 1,
  erasureResumeWaitWarned: 1,
  erasureResumeId: 1,
} as const;

type HeldMark = {
  erasureResumeOwed?: string;
  erasureResumeUser?: string;
  erasureResumeReady?: Date;
  erasureResumeBy?: string;
  erasureResumeTries?: number;
  erasureResumeRetryAt?: Date;
  erasureResumeOwnerKey?: string;
  erasureResumeOwnerTold?: Date;
  erasureResumeOwnerNamed?: string[];
  erasureResumeOwnerTo?: string[];
  erasureResumeNoAdminWarned?: Date;
  erasureResumeWaitWarned?: Date;
  erasureResumeId?: string;
};

/** The `retryAt` of a record whose erasure is done and only its DM owed (erasureTellOwed). */
const OWED_NEVER_RETRIED = new Date('9999-12-31T00:00:00Z');

/**
 * The marks of one unfinished erasure the upkeep reads, and backs off, at a time
 * (DataSubjectRepository.erasureMarks): a person a thousand tickets waited on is read in pages.
 */
export const ERASURE_MARKS_PAGE = 1000;

/**
 * A Slack user's id as their erasure by Slack user finds it in a text (scrubUser), and so as the
 * export by Slack user lists it (userMentionsOf): a mention of them (`<@U…>`, `<@U…|name>`), and
 * the id alone, not inside a longer id (no letter or digit either side: `U0GUEST00` is not in
 * `U0GUEST001`, another person's). Global, to replace every one; `userId` a checked Slack id.
 */
function userIdPatterns(userId: string): { mention: RegExp; bare: RegExp } {
  return {
    mention: new RegExp(`<@${userId}(?:\\|[^>]*)?>`, 'g'),
    bare: new RegExp(`(?<![A-Za-z0-9])${userId}(?![A-Za-z0-9])`, 'g'),
  };
}

/** Whether `text` holds the id `patterns` are of (userIdPatterns; `search` starts at 0 each time). */
function namesUser(text: string, patterns: { mention: RegExp; bare: RegExp }): boolean {
  return text.search(patterns.mention) >= 0 || text.search(patterns.bare) >= 0;
}

/**
 * The records of where the desk's DMs to a Slack user went (ticket_posts): whom a DM went to
 * (`to`), or a DM posted to their id (`channel`, an older record with no `to`). What an export by
 * Slack user lists and their erasure deletes: the one filter, so the two agree.
 */
function dmRecordsOf(teamId: string, userId: string) {
  return { teamId, $or: [{ to: userId }, { channel: userId }] };
}
/** The fingerprints of the privacy secrets each workspace's user keys were written under. */
export class PrivacyKeyRepository {
  constructor(private readonly model: Model<PrivacyKeysDoc>) {}

  /**
   * Adds `fingerprint` to the workspace's (one upsert, idempotent: a second write, another
   * instance's, adds nothing; two first writes racing: the loser's insert is a duplicate key,
   * and its retry an update).
   */
  async note(teamId: string, fingerprint: string): Promise<void> {
    const write = (upsert: boolean) =>
      this.model.updateOne(
        { _id: teamId },
        // teamId set by the update: its record is the workspace's (its erasure deletes it).
        { $addToSet: { fingerprints: fingerprint }, $setOnInsert: { teamId } },
        { upsert },
      );
    try {
      await write(true);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await write(false);
    }
  }

  /** The workspace's fingerprints (none when nothing was keyed yet). */
  async of(teamId: string): Promise<string[]> {
    // By `_id`, the workspace's id (one record a workspace).
    const doc = await this.model.findOne({ _id: teamId }).lean<PrivacyKeysDoc>();
    return doc?.fingerprints ?? [];
  }

  /**
   * The workspaces with a fingerprint not in `known` (the start-up check: one record a
   * workspace, read whole, at most `limit`).
   */
  async unknownTo(known: readonly string[], limit = 1000): Promise<string[]> {
    const docs = await this.model.find({}).limit(limit).lean<PrivacyKeysDoc[]>();
    return docs
      .filter((d) => (d.fingerprints ?? []).some((f) => !known.includes(f)))
      .map((d) => d._id);
  }
}

export class PrivacyLogRepository {
  constructor(private readonly model: Model<PrivacyLogEntry>) {}

  /** Writes an entry; its id (for `settleDelivery`). */
  async append(entry: PrivacyLogEntry): Promise<string> {
    const doc = await this.model.create(entry);
    return String(doc._id);
  }

  /**
   * A data-subject export's entry given what Slack answered to its files: one update of that
   * entry (`detail.delivered`, and Slack's error code when refused; null, with the error, when
   * the share got no answer and may have gone), never the files' content.
   */
  async settleDelivery(
    teamId: string,
    id: string,
    outcome: { delivered: boolean | null; error?: string },
  ): Promise<void> {
    if (!Types.ObjectId.isValid(id)) return;
    await this.model.updateOne(
      { _id: new Types.ObjectId(id), teamId, kind: 'export.subject' },
      {
        $set: {
          'detail.delivered': outcome.delivered,
          ...(outcome.error ? { 'detail.deliveryError': outcome.error } : {}),
        },
      },
    );
  }

  /**
   * Whether a Slack user (by their `userKey`, in any of its forms: UserKeys.forms) was erased
   * after `since`: a message of theirs from before that is not made into a ticket again.
   */
  async erasedAfter(teamId: string, userKeys: readonly string[], since: Date): Promise<boolean> {
    const found = await this.model
      .findOne({
        teamId,
        kind: 'erase',
        'detail.userKey': trusted({ $in: [...userKeys] }),
        at: trusted({ $gt: since }),
      })
      .select({ _id: 1 })
      .lean();
    return found !== null;
  }

  /**
   * Whether an erasure of `subject` (a whole customer's: its code) is in the log: written as
   * the erasure's last step, so one cut short before it has none.
   */
  async erasureLogged(teamId: string, subject: string): Promise<boolean> {
    const found = await this.model
      .findOne({ teamId, kind: 'erase', subject })
      .select({ _id: 1 })
      .lean();
    return found !== null;
  }

  /**
   * The keyed hashes of the contacts erased from a customer (its contact erasures' entries,
   * `subject` `C2026001 contact`): each entry's key and hashes (`detail.keySalt`,
   * `detail.contactKeys`).
   */
  async contactErasures(
    teamId: string,
    subject: string,
  ): Promise<{ keySalt: string; contactKeys: string[] }[]> {
    const found = await this.model
      .find({ teamId, kind: 'erase', subject, 'detail.keySalt': trusted({ $exists: true }) })
      .select({ _id: 0, 'detail.keySalt': 1, 'detail.contactKeys': 1 })
      .lean<{ detail: { keySalt?: unknown; contactKeys?: unknown } }[]>();
    return found.flatMap(({ detail }) =>
      typeof detail.keySalt === 'string' && Array.isArray(detail.contactKeys)
        ? [{ keySalt: detail.keySalt, contactKeys: detail.contactKeys.map(String) }]
        : [],
    );
  }

  /** Whether the workspace has an entry with a keyed user key (`uk1.`). */
  hasKeyedUserKeys(teamId: string): Promise<boolean> {
    return this.hasUserKeyMatching(teamId, KEYED_USER_KEY_QUERY);
  }

  /** Whether the workspace has an entry with a legacy (unkeyed) user key left. */
  hasLegacyUserKeys(teamId: string): Promise<boolean> {
    return this.hasUserKeyMatching(teamId, LEGACY_USER_KEY_QUERY);
  }

  private async hasUserKeyMatching(teamId: string, query: string): Promise<boolean> {
    const one = await this.model
      .findOne({ teamId, 'detail.userKey': trusted({ $regex: query }) })
      .select({ _id: 1 })
      .lean();
    return one !== null;
  }

  /**
   * Re-keys the entries still holding a legacy (unkeyed) `detail.userKey` (isLegacyUserKey) into
   * its keyed form (`rekey`: UserKeys.rekey, which needs no user id): at most `pages` pages of
   * USER_KEY_PAGE entries per call (a desk with years of entries is done over several days).
   * One update per distinct legacy key of a page, conditional on that key (two instances' runs,
   * or a second one, change nothing more; an entry appended meanwhile with it is re-keyed too).
   * `left`: how many are left for a next run, counted only when a page was full.
   */
  async rekeyUserKeys(
    teamId: string,
    rekey: (legacy: string) => string,
    pages = USER_KEY_PAGES,
  ): Promise<{ rekeyed: number; left: number }> {
    const legacy = { teamId, 'detail.userKey': trusted({ $regex: LEGACY_USER_KEY_QUERY }) };
    let rekeyed = 0;
    let full = false;
    for (let i = 0; i < pages; i++) {
      const page = await this.model
        .find(legacy)
        .limit(USER_KEY_PAGE)
        .select({ _id: 0, 'detail.userKey': 1 })
        .lean<{ detail?: { userKey?: unknown } }[]>();
      const keys = new Set(page.map((e) => e.detail?.userKey).filter(isLegacyUserKey));
      for (const key of keys) {
        const res = await this.model.updateMany(
          { teamId, 'detail.userKey': key },
          { $set: { 'detail.userKey': rekey(key) } },
        );
        rekeyed += res.modifiedCount;
      }
      full = page.length === USER_KEY_PAGE;
      if (!full) break;
    }
    return { rekeyed, left: full ? await this.model.countDocuments(legacy) : 0 };
  }

  /**
   * The latest entries, newest first (with `userKeys`, those about that Slack user: their key in
   * any of its forms, UserKeys.forms).
   */
  async latest(
    teamId: string,
    limit: number,
    userKeys?: readonly string[],
    kinds?: readonly PrivacyKind[],
  ): Promise<{ items: PrivacyLogEntry[]; total: number }> {
    const filter = {
      teamId,
      ...(kinds ? { kind: trusted({ $in: [...kinds] }) } : {}),
      ...(userKeys ? { 'detail.userKey': trusted({ $in: [...userKeys] }) } : {}),
    };
    const [items, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .select({ _id: 0 })
        .lean<PrivacyLogEntry[]>(),
      this.model.countDocuments(filter),
    ]);
    return { items, total };
  }
}

/**
 * The leases of erasures under way (ErasureLeaseDoc): one per workspace and subject, whichever
 * instance holds it.
 */
export class ErasureLeaseRepository {
  constructor(private readonly model: Models['erasureLeases']) {}

  /**
   * Takes the lease of `subject` for `owner` until `until` when nobody holds it (none, or run
   * out by `now`): one conditional upsert, a holder's lease making the insert a duplicate key.
   * False when another holds it.
   */
  async take(
    teamId: string,
    key: string,
    owner: string,
    now: Date,
    until: Date,
    /** What the holder erases (`customer:C2026001`, `user:U…`): said to whoever finds it held. */
    subject: string,
  ) {
    try {
      const res = await this.model.updateOne(
        { _id: `${teamId}:${key}`, until: trusted({ $lte: now }) },
        // The last holder's mark that it was erasing (`erasing`) is not this one's.
        {
          $set: { owner, at: now, until, subject },
          $unset: { erasing: '' },
          $setOnInsert: { teamId },
        },
        { upsert: true },
      );
      return res.modifiedCount === 1 || res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /**
   * Keeps `owner`'s lease until `until` (its erasure is still running): one conditional update
   * on the holder's token, so a lease another took over after it ran out stays theirs. False
   * when it is no longer `owner`'s (taken over, or taken over and given back). A lease run out
   * that nobody took is still its holder's: nobody ran beside it. `erasing`: marks it as a Slack
   * user's erasure past its refusal check (ErasureLeaseDoc.erasing), in the same update.
   */
  async renew(
    teamId: string,
    key: string,
    owner: string,
    until: Date,
    erasing = false,
  ): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: `${teamId}:${key}`, owner },
      { $set: { until, ...(erasing ? { erasing: true } : {}) } },
    );
    return res.matchedCount === 1;
  }

  /**
   * Gives the lease back (only its holder's: one taken over after it ran out stays). False when
   * it was no longer `owner`'s: it ran out and another took it (and maybe gave it back) meanwhile.
   */
  async release(teamId: string, key: string, owner: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: `${teamId}:${key}`, owner });
    return res.deletedCount === 1;
  }

  /** `subjectOf`'s read as a `$lookup` pipeline, to be read along with another collection. */
  subjectPipeline(teamId: string, key: string, now: Date): ForeignPipeline {
    return {
      from: this.model.collection.collectionName,
      pipeline: [
        { $match: { teamId, _id: `${teamId}:${key}`, until: { $gt: now } } },
        { $limit: 1 },
        { $project: { subject: 1 } },
      ],
    };
  }

  /** What `subjectOf` says, from `subjectPipeline`'s raw documents. */
  subjectOfDocs(docs: unknown[]): string | undefined {
    return (docs[0] as { subject?: string } | undefined)?.subject;
  }

  /** What the holder of the lease `key` erases, while it holds it (not run out by `now`). */
  async subjectOf(teamId: string, key: string, now: Date): Promise<string | undefined> {
    const doc = await this.model
      .findOne({ _id: `${teamId}:${key}`, until: trusted({ $gt: now }) })
      .lean<{ subject?: string }>();
    return doc?.subject;
  }
}

/** A typed text outside the customer's own documents that names the person: where, and what. */
export interface MentionHit {
  collection: string;
  /** The document's id. */
  id: string;
  /** Its field (a dotted FREE_TEXT path; `payload` or `error` for an inbox event). */
  field: string;
  /** The text as it is held. */
  text: string;
}

/**
 * The shortest text of a Slack user's (or line of it) an erasure by Slack user looks for where it
 * is quoted: shorter ones name nobody and recur in others' words.
 */
const QUOTED_MIN = 12;

/**
 * The same for a text in Chinese, Japanese or Korean: a character there says what a word says
 * elsewhere, and many whole sentences are under QUOTED_MIN ("三号线冷却液泄漏", 8): one with this
 * many CJK characters is looked for too.
 */
const QUOTED_MIN_CJK = 6;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Whether a text of a Slack user's is long enough to be looked for where it is quoted. */
function quotable(text: string): boolean {
  return text.length >= QUOTED_MIN || (text.match(CJK)?.length ?? 0) >= QUOTED_MIN_CJK;
}

/** Old closed tickets read (and their rewritten ids handed on) at a time by retention. */
export const RETENTION_PAGE = 100;

/**
 * Tasks linked to a ticket retention reads (their ids and tickets) at a time, to hand to
 * `tasksTaken` before their words are taken: one read of the page's DM records each, so a first
 * run on a backlog of thousands costs a few reads, not a page's five commands each.
 */
const RETENTION_LINKED_PAGE = 500;

/** How old a form submission key is when its digest goes (forgetSubmissionDigests): a day. */
export const SUBMISSION_DIGEST_DAYS = 1;

/** Tickets (and tasks) read at a time by forgetSubmissionDigests, and its pages per call. */
/** The privacy log's entries read per page, and pages per run, to re-key (rekeyUserKeys). */
export const USER_KEY_PAGE = 500;
export const USER_KEY_PAGES = 10;
export const SUBMISSION_DIGEST_PAGE = 500;
export const SUBMISSION_DIGEST_PAGES = 10;

/**
 * Given the ids of tickets retention rewrote whose cards show the old text: writes their cards'
 * refresh to the outbox; true when written (false: owed, tried again by the next run).
 */
export type CardsRewritten = (ticketIds: string[]) => Promise<boolean>;

/**
 * Given the ids of tasks retention is about to anonymise (and, of those linked to a ticket, their
 * tickets' ids: `ticketIds`): writes the edits of the DMs about them to the outbox
 * (TaskNotifier.postEdits); true when written (false: the page is left as it is, for the next
 * run to take again, so that its DMs are not left unedited).
 */
export type TasksTaken = (taskIds: string[], ticketIds?: string[]) => Promise<boolean>;

/** The collections tied to one customer by `customerId`. */
const BY_CUSTOMER = [
  'orders',
  'interactions',
  'customerChanges',
  'customerSignals',
  'tickets',
  'tasks',
] as const;
/**
 * The order a data-subject export lists a collection's documents in (and finds the mentions of
 * a person in): when each was made, then its id (documents made in the same instant). Without
 * it the database's natural order, which is none: after deletes, or on another member of a
 * replica set, an export's rows came in another order each time.
 */
const CREATED_ORDER = {
  customers: { createdAt: 1, _id: 1 },
  orders: { createdAt: 1, _id: 1 },
  interactions: { createdAt: 1, _id: 1 },
  customerChanges: { at: 1, _id: 1 },
  customerSignals: { at: 1, _id: 1 },
  tickets: { createdAt: 1, _id: 1 },
  tasks: { createdAt: 1, _id: 1 },
} as const satisfies Record<(typeof BY_CUSTOMER)[number] | FreeTextCollection, object>;

/**
 * The workspace's collections that may quote a customer anywhere in their rendered text.
 * Not `figures_daily` (the reports' records per day, src/digest/daily): it holds figures, record
 * ids and staff user ids only (a ticket's assignee, first responder and, logged late, its filer;
 * a task's executor, who
 * planned, did or cancelled it), never a requester's id, name or words (no title, comment or
 * survey `by` is a field of its rows). Each user id it holds was one of those staff fields of
 * the record it was read from, and staffTrace refuses whoever such a field names now (records
 * are kept: retention and erasures rewrite text, never these fields), so an erasure by Slack
 * user cannot leave their id there. A day stored before a change (a ticket reassigned since,
 * past the job's span) may keep the former holder, as the ticket's reassign entry (`to`) does.
 * A field naming a person added to its rows must keep this true (or have the erasure delete
 * the days naming them: the job reads them again).
 */
const BY_TEAM = ['outbox', 'digests'] as const;

/**
 * The fields people type free text into, per collection (dotted paths; through arrays too):
 * where a person of another customer may be named ("called Li Wei of ACME"). Names, codes and
 * other structured fields of those documents are never rewritten.
 */
export const FREE_TEXT = {
  tickets: [
    'title',
    'description',
    'resolution',
    'timeline.text',
    'complaint.contactSummary',
    /** What happened on a try that did not reach the customer ("Li Wei did not answer"). */
    'complaint.attempts.summary',
    /** Why a complaint manager resolved it without reaching the customer. */
    'complaint.resolvedUncontacted.reason',
    /** That reason, kept on the reopen that took it off the complaint. */
    'timeline.resolvedUncontacted.reason',
    'complaint.rootCauseText',
    'complaint.correctiveAction',
    'demand.planSummary',
    /** The plan's dates as typed ("proposal by 12-05, to 王芳 by 12-20"). */
    'demand.planDates',
    'survey.comment',
    /** A contact outside Slack, named as the agent typed it ("王芳 (Huadong)"). */
    'requester.contactName',
    /** What an upgrade intent heard as it was resolved says the customer wants. */
    'upgradeWhat',
  ],
  /** `upgradeWhat`: what an upgrade intent heard in it says the customer wants. */
  interactions: ['summary', 'feedback', 'nextStep', 'upgradeWhat'],
  tasks: [
    'content',
    'outcome.summary',
    'outcome.feedback',
    'cancelReason',
    'cancelNote',
    'interactionOwed.nextStep',
  ],
  customers: [
    'notes',
    'needs.stated',
    'needs.implicit',
    'needs.productPreferences',
    'needs.purchaseCycle',
    'needs.items.text',
    'tierOverride.reason',
    /** What an upgrade intent says the customer wants, as service staff typed it. */
    'upgradeIntent.what',
  ],
  customerChanges: ['oldValue', 'newValue'],
  orders: ['note'],
} as const;
export type FreeTextCollection = keyof typeof FREE_TEXT;

/**
 * The fields that hold a form's submission key (src/forms/submission-key.ts: its view's id and a
 * keyed digest of the values submitted, kept to find the same submission delivered again), per
 * collection. An erasure takes the digest off where it reaches: the customer's, on every
 * document of theirs (any string that is a key: scrubEverywhere); a Slack user's, on their
 * timeline entries, every entry of the tickets they requested and the tasks of those tickets
 * (scrubUser). A data-subject export lists none (withoutSubmissionKeys). A field added
 * to hold one is listed here and erased so (test/unit/free-text-schema.test.ts,
 * test/e2e/privacy-submission-keys.test.ts).
 */
export const SUBMISSION_KEY_FIELDS = {
  /** Add note, Plan, Escalate, Resolve, Reassign, Wait, Classify, a complaint's attempt. */
  tickets: ['timeline.source'],
  /** Done, Cancel task: the submission that closed it. */
  tasks: ['closedForm'],
} as const satisfies Partial<Record<FreeTextCollection, readonly string[]>>;

/** `doc` with the strings at `path` (through arrays and objects) passed through `replace`. */
function rewritePath(value: unknown, path: string[], replace: (s: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewritePath(v, path, replace));
  if (!path.length) return scrub(value, replace);
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const [head, ...rest] = path;
  const obj = value as Record<string, unknown>;
  if (!(head! in obj)) return value;
  return { ...obj, [head!]: rewritePath(obj[head!], rest, replace) };
}

/** A task with the typed contacts of the DMs it owes taken off (see scrubEverywhere). */
function withoutTypedContacts(task: Doc): Doc {
  const owed = task.noticesOwed;
  if (!Array.isArray(owed) || !owed.some((n) => n && typeof n === 'object' && 'contact' in n))
    return task;
  return {
    ...task,
    noticesOwed: owed.map((n: unknown) => {
      if (!n || typeof n !== 'object') return n;
      const { contact: _dropped, ...rest } = n as Record<string, unknown>;
      return rest;
    }),
  };
}

/**
 * `value` (an outbox entry, however deep) with the `reach` of the customer's tasks (how its
 * primary contact wants to be reached: TaskService.withReach) whose contact is `theirs` read as
 * the erasure marker, channel and all.
 */
function withoutReach(
  value: unknown,
  customerId: string,
  theirs: (name: unknown) => boolean,
): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutReach(v, customerId, theirs));
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = withoutReach(v, customerId, theirs);
  const reach = obj.reach as Record<string, unknown> | undefined;
  if (
    String(obj.customerId) === customerId &&
    reach &&
    typeof reach === 'object' &&
    theirs(reach.contact)
  ) {
    const { clear: _clear, ...rest } = reach;
    out.reach = { ...rest, contact: ERASED, channel: ERASED };
  }
  return out;
}

/**
 * A collection as the rewrites below use it: its documents read whole, and the fields a rewrite
 * changed written (rewriteUnchanged).
 */
interface RawCollection {
  find(f: unknown): {
    lean<T>(): Promise<T>;
    select(p: unknown): { lean<T>(): Promise<T> };
    sort(s: Record<string, 1 | -1>): { lean<T>(): Promise<T> };
  };
  collection: {
    updateOne(f: unknown, u: unknown): Promise<{ matchedCount: number }>;
    findOne(f: unknown): Promise<unknown>;
  };
}

/**
 * The fields another write changes (a ticket's version, the update time, an outbox entry's or
 * an event's state): a rewrite writes a document only as it was read.
 */
const WRITE_MARKS = ['version', 'updatedAt', 'state', 'status', 'attempts', 'leaseUntil'] as const;

/**
 * How many times an erasure rewrote a document (rewriteUnchanged; its own atomic writes of
 * personal data in a document another erasure may rewrite whole, `namesOwed.from` say, count
 * too): the mark every such write changes, so that another erasure's rewrite of the document
 * as read before it misses and reads it again, as a ticket's version bump does. Not
 * `updatedAt`: what reads that (the reports' stored days, the minute job's look for renamed
 * files, a ticket card's fallback time) would take an erasure for an edit. None on a document
 * no erasure rewrote (missing: 0).
 */
const SCRUB_MARK = 'scrubV';

/**
 * The write that counts one more rewrite by an erasure (SCRUB_MARK), for an atomic update (with
 * `strict: false`: no schema declares it, so mongoose would drop it).
 */
const SCRUBBED = { $inc: { [SCRUB_MARK]: 1 } } as const;

/**
 * Whether two values as read from the database (`a`) and as a rewrite made them (`b`) are the
 * same: primitives, dates, BSON values (an ObjectId...), arrays element by element, plain
 * objects key by key in their order (as the database compares embedded documents).
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => sameValue(v, b[i]))
    );
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const bsonA = (a as { _bsontype?: unknown })._bsontype;
  const bsonB = (b as { _bsontype?: unknown })._bsontype;
  if (bsonA !== undefined || bsonB !== undefined) {
    if (bsonA !== bsonB) return false;
    const equals = (a as { equals?: (o: unknown) => boolean }).equals;
    return typeof equals === 'function'
      ? equals.call(a, b)
      : JSON.stringify(a) === JSON.stringify(b);
  }
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b))
    return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (
    Object.getPrototypeOf(a) !== Object.prototype ||
    Object.getPrototypeOf(b) !== Object.prototype
  )
    return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      (k, i) =>
        k === keysB[i] &&
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/**
 * Rewrites `doc` as `rewrite(doc)` only where nobody wrote it since it was read; else reads it
 * again and rewrites that (a ticket resolved meanwhile stays resolved, an outbox entry sent
 * meanwhile stays sent). `rewrite` returns null for nothing to change. Only the top-level fields
 * the rewrite changed are written ($set, a field it dropped $unset), each only while it is as
 * read, besides the marks another write changes (WRITE_MARKS) as read: a write meanwhile with
 * none of those (an owed mark taken off or set with its updatedAt kept: src/db/owed.ts, a ticket's
 * marks) to another field is kept, not undone by a replace of the document as read; one to a
 * field the rewrite changes makes it miss and read it again. Every rewrite counts itself in
 * SCRUB_MARK, which its filter reads too: another erasure's rewrite of the document as read
 * before this one (two erasures at once: a run held up past its lease and the one that took it)
 * misses and rewrites it as it is now, so neither writes back what the other took out, whichever
 * lands last. A ticket's version is bumped too (what else reads a ticket's version, a change read
 * before the rewrite, does not write the old text back). Returns whether the document was
 * rewritten; throws when it kept changing.
 */
async function rewriteUnchanged(
  model: RawCollection,
  doc: Doc,
  rewrite: (doc: Doc) => Doc | null,
  bumpVersion = false,
): Promise<boolean> {
  let current: Doc | null = doc;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!current) return false; // deleted meanwhile
    const next = rewrite(current);
    if (!next) return false;
    const read: Doc = current;
    const set: Record<string, unknown> = {};
    const unset: Record<string, ''> = {};
    const filter: Record<string, unknown> = { _id: read._id };
    const asRead = (key: string) =>
      read[key] === undefined ? { $exists: false } : { $eq: read[key] };
    for (const key of new Set([...Object.keys(read), ...Object.keys(next)])) {
      if (key === '_id' || key === SCRUB_MARK || sameValue(read[key], next[key])) continue;
      if (next[key] === undefined) unset[key] = '';
      else set[key] = next[key];
      filter[key] = asRead(key);
    }
    if (!Object.keys(set).length && !Object.keys(unset).length) return false;
    for (const key of WRITE_MARKS) if (read[key] !== undefined) filter[key] ??= read[key];
    filter[SCRUB_MARK] = asRead(SCRUB_MARK);
    if (bumpVersion && typeof read.version === 'number') set.version = read.version + 1;
    const update = {
      ...(Object.keys(set).length ? { $set: set } : {}),
      ...(Object.keys(unset).length ? { $unset: unset } : {}),
      ...SCRUBBED,
    };
    if ((await model.collection.updateOne(filter, update)).matchedCount) return true;
    current = (await model.collection.findOne({ _id: read._id })) as Doc | null;
  }
  throw new Error('a document kept changing while its personal data was rewritten');
}

/**
 * An erasure by Slack user the outbox upkeep finishes (DataSubjectRepository.erasuresUnfinished):
 * whose, asked by whom, the tickets it marked, how often tried, whether its admin was told it
 * waits on a guest owner and of which customers.
 */
type UnfinishedErasure = {
  teamId: string;
  user: string;
  /** Who started it, as each of its marks (and its record) says: none recorded, empty. */
  by: string[];
  /**
   * The erasure's own id (erasureResumeId: the least its marks and record hold, so every read of
   * them alike gives the same), its admins' finished and given-up DMs' key; none on marks
   * written before it was recorded.
   */
  erasure?: string;
  ids: string[];
  tries: number;
  told?: boolean;
  named?: string[];
  /** The admins told it waits on a guest owner (erasureResumeOwnerTo), when recorded. */
  toldTo?: string[];
  /** When its no-admin warning was last logged (erasureResumeNoAdminWarned). */
  noAdminWarned?: Date;
  /** When its kept-and-tried-again warning was last logged (erasureResumeWaitWarned). */
  waitWarned?: Date;
};

/** The least of two ids, either maybe missing. */
const least = (a?: string, b?: string): string | undefined => (!a ? b : !b || a <= b ? a : b);

/** The later of two dates, either maybe missing. */
const latest = (a?: Date, b?: Date): Date | undefined => (!a ? b : !b || a >= b ? a : b);

/**
 * Which Slack users written on a record of marks another erasure took count as erased since
 * (DataSubjectRepository.forgetErasedOn): the run's read (`since`), their `userKey` in each of
 * its forms (`formsOf`: UserKeys.forms), and a stored key's forms (`alike`: UserKeys.alike).
 */
export interface ErasedSince {
  since: Date;
  /**
   * The earliest start (`at`) of an `erase` entry of theirs that counts: `since` less
   * ERASURE_LEASE_MS. An entry is dated at its erasure's start, which may come before the run's
   * read though its scrub came after (revlast F3); a person erased long before (hired since)
   * is not taken off.
   */
  loggedFrom: Date;
  formsOf: (user: string) => string[];
  alike: (key: string) => string[];
  /** The workspace's erasure lease (`_id`: ErasureLeaseDoc) and the subject it names for `user`. */
  leaseId: string;
  leaseSubject: (user: string) => string;
}

/**
 * forgetErasedOn's check failed (the database): who on the record was erased since is not
 * known, their ids stay on it until its erasure is done. Told to the caller, whose flow logs it.
 */
export interface ErasedUnchecked {
  err: unknown;
}

/** An inbox event's payload as stored, parsed (undefined: not JSON). */
type EventPayload = { event?: Record<string, unknown>; actor?: unknown };

function parsedPayload(stored: string): EventPayload | undefined {
  try {
    return JSON.parse(stored) as EventPayload;
  } catch {
    return undefined;
  }
}

/**
 * An inbox event's payload (`parsed`, else as stored) and error as `read`, erased by `erase`:
 * the fields to set, or null when nothing names them.
 */
function scrubbedEvent(
  parsed: EventPayload | undefined,
  read: { payload: string; error?: string },
  erase: (text: string) => string,
): { payload: string; error?: string } | null {
  const payload = parsed ? JSON.stringify(scrub(parsed, erase)) : erase(read.payload);
  const error = read.error === undefined ? undefined : erase(read.error);
  if (payload === read.payload && error === read.error) return null;
  return { payload, ...(error === undefined ? {} : { error }) };
}

/** Everything held about one customer, across the collections (data-subject requests). */
export class DataSubjectRepository {
  constructor(private readonly models: Models) {}

  /** A customer's id as the collections store it: a string in some, an ObjectId in others. */
  private static ids(customerId: string): unknown[] {
    const ids: unknown[] = [customerId];
    if (Types.ObjectId.isValid(customerId)) ids.push(new Types.ObjectId(customerId));
    return ids;
  }

  private byCustomer(teamId: string, customerId: string) {
    return { teamId, customerId: trusted({ $in: DataSubjectRepository.ids(customerId) }) };
  }

  async customer(teamId: string, code: string): Promise<Doc | null> {
    return this.models.customers.findOne({ teamId, code }).lean<Doc>();
  }

  /**
   * The names a customer had before the one it has now, from its change log (each rename's old
   * and new value: the log is the one record of every name it had), but the erased name and its
   * current one; `taken`: another customer of the workspace bears that name now (it names that
   * customer now, in the workspace's texts).
   */
  async formerNames(
    teamId: string,
    customerId: string,
    current: string,
  ): Promise<{ name: string; taken: boolean }[]> {
    if (!Types.ObjectId.isValid(customerId)) return [];
    const changes = await this.models.customerChanges
      .find({ teamId, customerId: new Types.ObjectId(customerId), field: 'name' })
      .select({ _id: 0, oldValue: 1, newValue: 1 })
      .lean<{ oldValue?: unknown; newValue?: unknown }[]>();
    const names = new Map<string, string>();
    const skip = new Set([nameKey(current)]);
    for (const c of changes)
      for (const value of [c.oldValue, c.newValue]) {
        if (typeof value !== 'string' || value.includes(ERASED)) continue;
        const key = nameKey(value);
        if (key && !skip.has(key) && !names.has(key)) names.set(key, value);
      }
    if (!names.size) return [];
    const taken = await this.models.customers
      .find({
        teamId,
        _id: trusted({ $ne: customerId }),
        nameKey: trusted({ $in: [...names.keys()] }),
      })
      .select({ _id: 0, nameKey: 1 })
      .lean<{ nameKey: string }[]>();
    const theirs = new Set(taken.map((c) => c.nameKey));
    return [...names].map(([key, name]) => ({ name, taken: theirs.has(key) }));
  }

  /**
   * The names the erased contacts had before the ones they have now (`current`), from the
   * customer's change log (each contact rename is a `contact.name` entry, its old value the name
   * before), followed back rename by rename; with `whole` (the whole customer), every name any
   * contact of it ever had, a contact removed since too. The erased marker and the names in
   * `keep` (the contacts that stay bear them now) are left out.
   */
  async formerContactNames(
    teamId: string,
    customerId: string,
    current: string[],
    whole: boolean,
    keep: string[] = [],
  ): Promise<string[]> {
    if (!Types.ObjectId.isValid(customerId)) return [];
    const changes = await this.models.customerChanges
      .find({
        teamId,
        customerId: new Types.ObjectId(customerId),
        field: trusted({ $in: ['contact.name', 'contacts.primary'] }),
      })
      .select({ _id: 0, field: 1, oldValue: 1, newValue: 1, subject: 1 })
      .lean<{ field: string; oldValue?: unknown; newValue?: unknown; subject?: unknown }[]>();
    const usable = (v: unknown): v is string =>
      typeof v === 'string' && !v.includes(ERASED) && !!nameKey(v);
    const skip = new Set(keep.map(nameKey));
    const known = new Set(current.map(nameKey));
    const names = new Map<string, string>();
    const add = (v: unknown) => {
      if (!usable(v)) return false;
      const key = nameKey(v);
      if (skip.has(key) || known.has(key) || names.has(key)) return false;
      names.set(key, v);
      return true;
    };
    if (whole) {
      for (const c of changes) for (const v of [c.oldValue, c.newValue, c.subject]) add(v);
      return [...names.values()];
    }
    // Rename by rename, back from the names they have now.
    const renames = changes.filter(
      (c) => c.field === 'contact.name' && usable(c.oldValue) && usable(c.newValue),
    );
    const theirs = new Set(known);
    for (let grew = true; grew;) {
      grew = false;
      for (const c of renames)
        if (theirs.has(nameKey(c.newValue as string)) && add(c.oldValue)) {
          theirs.add(nameKey(c.oldValue as string));
          grew = true;
        }
    }
    return [...names.values()];
  }

  /**
   * The change log's entries about the erased contacts (`entries`: their ids) and the details
   * they had before the ones they have now (`details`: the old and new values of those entries'
   * `contact.phone`, `contact.email`, `contact.im` and `contact.preferredChannel`, each a term of
   * its own, looked for wherever their details are); with `whole`, about any contact of the
   * customer. An entry is about the contact its `subject` names (their name then: one of
   * `names`, every name they had) or, without one (an Edit customer or a customers import's
   * change of the primary contact), about the primary contact then: followed back from
   * `primary` (the primary's name now) through the log's changes of primary and its renames;
   * before a contact's removal that no change of primary names and that is not marked as a
   * non-primary's (`primary: false`: older logs wrote neither), the primary is unknown and such
   * an entry about nobody. A value a
   * contact that stays has now (`keep`) and the erased marker are left out.
   */
  async contactHistory(
    teamId: string,
    customerId: string,
    names: string[],
    whole: boolean,
    primary: string | undefined,
    keep: ContactTerms[] = [],
  ): Promise<{ details: ContactTerms[]; entries: string[] }> {
    if (!Types.ObjectId.isValid(customerId)) return { details: [], entries: [] };
    const changes = await this.models.customerChanges
      .find({
        teamId,
        customerId: new Types.ObjectId(customerId),
        field: trusted({ $regex: '^contacts?\\.' }),
      })
      .select({ _id: 1, field: 1, oldValue: 1, newValue: 1, subject: 1, primary: 1, at: 1 })
      .lean<
        {
          _id: unknown;
          field: string;
          oldValue?: unknown;
          newValue?: unknown;
          subject?: unknown;
          primary?: unknown;
          at: Date;
        }[]
      >();
    // Newest first: the primary contact then is followed back from the one now.
    changes.sort(
      (a, b) => b.at.getTime() - a.at.getTime() || String(b._id).localeCompare(String(a._id)),
    );
    const theirs = new Set(names.map(nameKey));
    const kept = new Set(
      keep.flatMap((c) => CONTACT_DETAILS.map((k) => `${k}:${c[k]?.trim().toLowerCase() ?? ''}`)),
    );
    const found = new Map<string, ContactTerms>();
    const entries: string[] = [];
    let first = primary === undefined ? undefined : nameKey(primary);
    for (const c of changes) {
      const about = typeof c.subject === 'string' ? nameKey(c.subject) : first;
      const renamed =
        c.field === 'contact.name' &&
        typeof c.oldValue === 'string' &&
        typeof c.newValue === 'string' &&
        nameKey(c.newValue) === first;
      if (c.field === 'contacts.primary' || renamed)
        first = typeof c.oldValue === 'string' ? nameKey(c.oldValue) : first;
      // A contact removed (not the primary then as followed back) in a log written before
      // removals said whether they were the primary (`primary: false`, since 2026-12-04; the
      // primary's removal writes a `contacts.primary` line since 50566234): whether they were the
      // primary before is unknown, so what names no contact before it is credited to nobody:
      // left rather than another person's erased.
      else if (
        c.field === 'contact.name' &&
        typeof c.oldValue === 'string' &&
        c.newValue == null &&
        c.primary !== false &&
        nameKey(c.oldValue) !== first
      )
        first = undefined;
      if (!c.field.startsWith('contact.')) continue;
      if (!whole && !(about !== undefined && theirs.has(about))) continue;
      entries.push(String(c._id));
      const key = c.field.slice('contact.'.length) as (typeof CONTACT_DETAILS)[number];
      if (!CONTACT_DETAILS.includes(key)) continue;
      for (const v of [c.oldValue, c.newValue]) {
        if (typeof v !== 'string' || !v.trim() || v.includes(ERASED)) continue;
        const id = `${key}:${v.trim().toLowerCase()}`;
        if (!kept.has(id) && !found.has(id)) found.set(id, { [key]: v });
      }
    }
    return { details: [...found.values()], entries };
  }

  /**
   * Of `phones` (E.164) and `emails`, those a contact who stays holds now (by `phoneDigits` and
   * lower case): a contact of another customer of the workspace, or of this one but those
   * erased (`leaving`: the keys of their names; `all`, the whole customer).
   */
  async heldByOthers(
    teamId: string,
    customerId: string,
    leaving: Set<string> | 'all',
    phones: string[],
    emails: string[],
  ): Promise<HeldByOthers> {
    const held: HeldByOthers = { phones: new Set(), emails: new Set() };
    const numbers = [...new Set(phones.flatMap((p) => [p, p.split(';')[0]!]))];
    const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    if (!numbers.length && !addresses.length) return held;
    const found = await this.models.customers
      .find({
        teamId,
        $or: [
          ...(numbers.length ? [{ 'contacts.phone': trusted({ $in: numbers }) }] : []),
          ...(addresses.length ? [{ 'contacts.email': trusted({ $in: addresses }) }] : []),
        ],
      })
      .select({ _id: 1, contacts: 1 })
      .lean<{ _id: unknown; contacts?: { name?: string; phone?: string; email?: string }[] }[]>();
    const wanted = new Set(numbers.map(phoneDigits));
    for (const c of found) {
      const own = String(c._id) === customerId;
      if (own && leaving === 'all') continue;
      for (const k of c.contacts ?? []) {
        if (own && leaving !== 'all' && leaving.has(nameKey(k.name ?? ''))) continue;
        if (k.phone && wanted.has(phoneDigits(k.phone))) held.phones.add(phoneDigits(k.phone));
        const email = k.email?.trim().toLowerCase();
        if (email && addresses.includes(email)) held.emails.add(email);
      }
    }
    return held;
  }

  /**
   * The change log's entries (their ids) of what a whole customer's erasure drops from its file,
   * that may name or locate anyone: every address, region, occupation, note, tag, need, tier
   * override (its reason) and upgrade intent it had (CUSTOMER_TYPED). Their values go whole
   * (scrubEverywhere), as the entries about its contacts do (`contactHistory`): a former value
   * is not what the patterns look for.
   */
  async customerHistory(teamId: string, customerId: string): Promise<string[]> {
    if (!Types.ObjectId.isValid(customerId)) return [];
    const found = await this.models.customerChanges
      .find({
        teamId,
        customerId: new Types.ObjectId(customerId),
        field: trusted({ $regex: CUSTOMER_TYPED }),
      })
      .select({ _id: 1 })
      .lean<{ _id: unknown }[]>();
    return found.map((c) => String(c._id));
  }

  /**
   * Every document held about the customer, by collection (for an export), each collection in
   * the order its documents were made (CREATED_ORDER): the database's own order is none.
   */
  async everything(teamId: string, customer: Doc): Promise<Record<string, Doc[]>> {
    const id = String(customer._id);
    const out: Record<string, Doc[]> = { customers: [customer] };
    for (const name of BY_CUSTOMER) {
      const model = this.models[name] as unknown as RawCollection;
      out[name] = await model
        .find(this.byCustomer(teamId, id))
        .sort(CREATED_ORDER[name])
        .lean<Doc[]>();
    }
    return out;
  }

  /**
   * The workspace's tickets of one Slack user (a data-subject export by `--user`): those whose
   * Slack requester they are (`requested`), and the others with a timeline entry or a survey
   * answer by them, or an entry the desk made for their reply (`writer`) (`touched`).
   */
  async ticketsOfUser(
    teamId: string,
    userId: string,
  ): Promise<{ requested: Doc[]; touched: Doc[] }> {
    const tickets = this.models.tickets;
    const requested = await tickets
      .find({ teamId, 'requester.userId': userId })
      .sort({ number: 1 })
      .lean<Doc[]>();
    const mine = new Set(requested.map((t) => String(t._id)));
    const touched = new Map<string, Doc>();
    for (const filter of [
      { teamId, 'timeline.by': userId },
      { teamId, 'timeline.writer': userId },
      { teamId, 'survey.by': userId },
    ])
      for (const t of await tickets.find(filter).sort({ number: 1 }).lean<Doc[]>())
        if (!mine.has(String(t._id))) touched.set(String(t._id), t);
    return {
      requested,
      touched: [...touched.values()].sort((a, b) =>
        String(a.number).localeCompare(String(b.number)),
      ),
    };
  }

  /**
   * The workspace's documents whose typed text (FREE_TEXT) holds a Slack user's id (`<@U…>`, or
   * the id alone not inside a longer one: userIdPatterns, as their erasure by Slack user finds
   * and rewrites it), team-scoped: per document, the fields and texts that hold it. `userId` is a checked Slack id (letters and digits), never typed text.
   */
  async userMentionsOf(
    teamId: string,
    userId: string,
  ): Promise<{ collection: FreeTextCollection; id: string; field: string; text: string }[]> {
    const hits: { collection: FreeTextCollection; id: string; field: string; text: string }[] = [];
    const patterns = userIdPatterns(userId);
    for (const [name, fields] of Object.entries(FREE_TEXT) as [
      FreeTextCollection,
      readonly string[],
    ][]) {
      const model = this.models[name] as unknown as RawCollection;
      const docs = await model
        .find({ teamId, $or: fields.map((f) => ({ [f]: trusted({ $regex: userId }) })) })
        .lean<Doc[]>();
      for (const doc of docs)
        for (const field of fields)
          rewritePath(doc, field.split('.'), (s) => {
            if (namesUser(s, patterns))
              hits.push({ collection: name, id: String(doc._id), field, text: s });
            return s;
          });
    }
    return hits;
  }

  /**
   * What names a Slack user as the owner of a customer who was a guest of the workspace then,
   * which their erasure rewrites (scrubUser): the tickets (`guestOwner`, an escalation's or
   * reassign's `owners.guestOwner`), the tasks planned for the one who stood in for them
   * (`guestOwner`), and the customers' change-log entries whose old or new value is them (the
   * owner changed from or to them). Team-scoped; in number, due date and time order. And the
   * record that Slack said it has no user of their id, who owned customers (`unknown`:
   * customer_signals kind OWNER_UNKNOWN, its key the id), which their erasure deletes.
   */
  async ownerTracesOf(
    teamId: string,
    userId: string,
  ): Promise<{ tickets: Doc[]; tasks: Doc[]; changes: Doc[]; unknown: Doc[] }> {
    const tickets = await this.models.tickets
      .find({ teamId, $or: [{ guestOwner: userId }, { 'timeline.owners.guestOwner': userId }] })
      .sort({ number: 1 })
      .lean<Doc[]>();
    const tasks = await this.models.tasks
      .find({ teamId, guestOwner: userId })
      .sort({ dueDate: 1, _id: 1 })
      .lean<Doc[]>();
    const changes = await this.models.customerChanges
      .find({ teamId, $or: [{ oldValue: userId }, { newValue: userId }] })
      .sort({ at: 1, _id: 1 })
      .lean<Doc[]>();
    const unknown = await this.models.customerSignals
      .find({ teamId, kind: OWNER_UNKNOWN, key: String(userId) })
      .lean<Doc[]>();
    return { tickets, tasks, changes, unknown };
  }

  /**
   * Where the desk's DMs to a Slack user went (ticket_posts: `to`, whom a DM went to; `channel`,
   * a DM's conversation opened by their id), which their erasure deletes (scrubUser):
   * team-scoped, in time order.
   */
  async postsTo(teamId: string, userId: string): Promise<Doc[]> {
    return this.models.ticketPosts
      .find(dmRecordsOf(teamId, userId))
      .sort({ at: 1, _id: 1 })
      .lean<Doc[]>();
  }

  /**
   * The birthday signals recorded for the customer's contacts keyed `contactKeys` (`<year>:<key>`)
   * go: what they record (a birthday told) is of contacts being erased. How many went.
   */
  async forgetBirthdaysOf(
    teamId: string,
    customerId: string,
    contactKeys: readonly string[],
  ): Promise<number> {
    if (!contactKeys.length) return 0;
    const res = await this.models.customerSignals.deleteMany({
      teamId,
      customerId,
      kind: 'birthday',
      key: trusted({ $regex: `^\\d{4}:(${contactKeys.map(escapeRegExp).join('|')})$` }),
    });
    return res.deletedCount;
  }

  /**
   * Rewrites every document of the customer's collections, and the workspace's outbox and
   * digests, whose strings match `patterns` (and, with `freeText`, any phone or email in the
   * customer's own documents; `teamPatterns`, when given, instead of `patterns` in the outbox
   * and digests: a former name another customer bears now is left in the workspace's texts):
   * returns how many documents changed per collection. With
   * `freeText` (the whole customer), a low survey's contact typed in its Done modal, kept on the
   * DM its tasks owe (`noticesOwed[].contact`, a name on no file to match), is dropped too.
   */
  async scrubEverywhere(
    teamId: string,
    customerId: string,
    patterns: RegExp[],
    freeText: boolean,
    teamPatterns: RegExp[] = patterns,
    /**
     * What of the erased contacts goes whole, whatever it reads: the values of the change log's
     * entries about them (`entries`, their ids: ContactHistory), and how their customer's tasks
     * said they want to be reached in the outbox (`reach`, the preferred channel as typed: "微信
     * liwei88" holds no phone or email for the patterns to find) when its contact is one of
     * `names` (the keys of every name they had) or `all` (the whole customer).
     */
    whose: {
      names: Set<string> | 'all';
      entries: Set<string>;
      reach?: ReachPhrase[];
      /**
       * Their names and IMs as rendered (escaped, masked): in the outbox and digests, a line cut
       * within one reads `[erased]…` from where it begins (withoutCutTerms).
       */
      cut?: string[];
      /** Names of people who stay that begin one of `cut`: a line cut at one of them keeps it. */
      staying?: string[];
    } = {
      names: new Set(),
      entries: new Set(),
    },
    /** Before each collection (the erasure's lease renewed: ErasureLease.step). */
    step: () => Promise<void> = async () => undefined,
    /** Before each document it rewrites (the lease kept within a step: ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
  ): Promise<Record<string, number>> {
    const changed: Record<string, number> = {};
    const theirs = (name: unknown) =>
      whose.names === 'all' || (typeof name === 'string' && whose.names.has(nameKey(name)));
    /** Before the patterns: the names they are matched by are still there to read. */
    const whole = (name: string, doc: Doc): Doc => {
      if (name === 'customerChanges') {
        if (!whose.entries.has(String(doc._id))) return doc;
        // A tier override keeps its tier (a figure), its reason goes.
        const value = (v: unknown) => {
          const override = doc.field === 'tierOverride' ? readOverrideLogValue(v) : undefined;
          return override ? overrideLogValue({ tier: override.tier, reason: ERASED }) : ERASED;
        };
        return {
          ...doc,
          ...(doc.oldValue == null ? {} : { oldValue: value(doc.oldValue) }),
          ...(doc.newValue == null ? {} : { newValue: value(doc.newValue) }),
        };
      }
      if (name === 'outbox') {
        // And where a DM stored rendered names it (`reach`: "王芳 prefers 微信 liwei88").
        const reached = withoutReach(doc, customerId, theirs) as Doc;
        const phrases = whose.reach ?? [];
        return phrases.length
          ? (scrub(reached, (s) => withoutReachPhrases(s, phrases)) as Doc)
          : reached;
      }
      return doc;
    };
    const rewrite = async (
      name: string,
      filter: unknown,
      withFreeText: boolean,
      found: RegExp[] = patterns,
    ) => {
      await step();
      const model = this.models[name as keyof Models] as unknown as RawCollection;
      const team = (BY_TEAM as readonly string[]).includes(name);
      const cut = team ? (whose.cut ?? []) : [];
      // On the customer's own documents, a form's submission key (a ticket event's `source`, a
      // task's `closedForm`) loses its digest of what was typed, whatever else matches: the
      // view's id is all that stays.
      const key = team ? (s: string) => s : withoutSubmissionDigest<string>;
      const erased = (doc: Doc) => {
        let next = scrub(whole(name, doc), (s) =>
          withoutCutTerms(replaceAll(key(s), found, withFreeText), cut, whose.staying),
        ) as Doc;
        if (name === 'tasks' && withFreeText) next = withoutTypedContacts(next);
        return JSON.stringify(next) === JSON.stringify(doc) ? null : next;
      };
      let count = 0;
      for (const doc of await model.find(filter).lean<Doc[]>()) {
        await keep();
        // A signal's record whose key names them (a birthday keyed by the contact's name, as
        // before it was keyed by the contact's key) goes: its id repeats the key, and an id is
        // not rewritten. What it records is about them (their birthday told), or gone with them.
        if (name === 'customerSignals') {
          const gone =
            erased(doc) &&
            (await this.models.customerSignals.deleteOne({ _id: String(doc._id), teamId }));
          if (gone && gone.deletedCount) count++;
          continue;
        }
        if (await rewriteUnchanged(model, doc, erased, name === 'tickets')) count++;
      }
      if (count) changed[name] = count;
    };
    // The change log last: it is the one record of the names the customer had
    // (`formerNames`), so an erasure cut short before it is done, run again, still finds them.
    const own = (name: (typeof BY_CUSTOMER)[number]) =>
      rewrite(name, this.byCustomer(teamId, customerId), freeText);
    for (const name of BY_CUSTOMER) if (name !== 'customerChanges') await own(name);
    for (const name of BY_TEAM) await rewrite(name, { teamId }, false, teamPatterns);
    await own('customerChanges');
    return changed;
  }

  /**
   * The workspace's other customers that have a contact named like one of the mentions' names,
   * with those names' keys: their documents are most likely about their own contact.
   */
  private async namesakes(
    teamId: string,
    customerId: string,
    mentions: Mention[],
  ): Promise<Map<string, Set<string>>> {
    const names = mentions.flatMap((m) => (m.name ? [m.name] : []));
    const namesakes = new Map<string, Set<string>>();
    if (!names.length) return namesakes;
    const others = await this.models.customers
      .find({
        teamId,
        _id: trusted({ $ne: customerId }),
        'contacts.name': trusted({
          $regex: mentions
            .filter((m) => m.name)
            .map((m) => `^\\s*${m.prefilter}\\s*$`)
            .join('|'),
          $options: 'i',
        }),
      })
      .select({ _id: 1, 'contacts.name': 1 })
      .lean<{ _id: unknown; contacts?: { name?: string }[] }[]>();
    for (const c of others)
      namesakes.set(
        String(c._id),
        new Set(
          (c.contacts ?? []).map((k) => nameKey(k.name ?? '')).filter((k) => names.includes(k)),
        ),
      );
    return namesakes;
  }

  /**
   * The documents of the workspace's OTHER customers whose typed text (FREE_TEXT) mentions the
   * person (or customer): candidates found with escaped, case-insensitive regular expressions
   * scoped by team (never a pattern a user typed), then matched exactly (namesakes skipped).
   * Each comes with the texts that matched (field, original text) and `erase`, which gives a
   * document (as read now) with those mentions erased.
   */
  private async *othersMentioning(teamId: string, customerId: string, mentions: Mention[]) {
    if (!mentions.length) return;
    const alternation = mentions.map((m) => `(?:${m.prefilter})`).join('|');
    const matching = (fields: readonly string[]) =>
      fields.map((f) => ({ [f]: trusted({ $regex: alternation, $options: 'i' }) }));
    const namesakes = await this.namesakes(teamId, customerId, mentions);
    for (const [name, fields] of Object.entries(FREE_TEXT) as [
      FreeTextCollection,
      readonly string[],
    ][]) {
      const model = this.models[name] as unknown as RawCollection;
      const others =
        name === 'customers'
          ? { _id: trusted({ $ne: customerId }) }
          : { customerId: trusted({ $nin: DataSubjectRepository.ids(customerId) }) };
      const docs = await model
        .find({ teamId, ...others, $or: matching(fields) })
        .sort(CREATED_ORDER[name])
        .lean<Doc[]>();
      for (const doc of docs) {
        const owner = String(name === 'customers' ? doc._id : doc.customerId);
        const skip = namesakes.get(owner) ?? new Set<string>();
        const hits: MentionHit[] = [];
        /** The document with the mentions erased (and what they were, in `found`). */
        const erase = (from: Doc, found?: MentionHit[]): Doc => {
          let next: unknown = from;
          for (const field of fields)
            next = rewritePath(next, field.split('.'), (s) => {
              const out = eraseMentions(s, mentions, skip);
              if (out !== s) found?.push({ collection: name, id: String(doc._id), field, text: s });
              return out;
            });
          return next as Doc;
        };
        erase(doc, hits);
        if (hits.length) yield { name, model, doc, hits, erase };
      }
    }
  }

  /**
   * Mentions of an erased person (or customer) in the typed text of the workspace's other
   * customers (`othersMentioning`); with `write`, each mention is replaced by `[erased]`.
   * Returns how many documents have (had) one, per collection, and the ids of the workspace's
   * tickets among them (rewritten, with `write`): their cards show the mention until rendered
   * again.
   */
  async scrubMentions(
    teamId: string,
    customerId: string,
    mentions: Mention[],
    write: boolean,
    /** Before each document it rewrites (the erasure's lease kept: ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
    /** With `write`, told each ticket rewritten (its id) as it is. */
    rewrote: (ticketId: string) => void = () => undefined,
  ): Promise<{ found: Record<string, number>; tickets: string[] }> {
    const found: Record<string, number> = {};
    const tickets: string[] = [];
    for await (const { name, model, doc, erase } of this.othersMentioning(
      teamId,
      customerId,
      mentions,
    )) {
      if (write) await keep();
      const rewritten = write
        ? await rewriteUnchanged(model, doc, erase, name === 'tickets')
        : true;
      if (name === 'tickets' && rewritten) {
        tickets.push(String(doc._id));
        if (write) rewrote(String(doc._id));
      }
      found[name] = (found[name] ?? 0) + 1;
    }
    return { found, tickets };
  }

  /**
   * The events of the Events API inbox (`slack_events`) that still hold what a customer
   * channel's message said (pending, failed and dead ones keep their payload; a done one has
   * none left) and name the person. An event of one of the customer's own channels is matched
   * with `own` (as the customer's documents are), one of another customer's channel with
   * `mentions` (as that customer's typed text is, namesakes skipped). Each comes with its
   * payload and last error erased, and the texts that matched.
   */
  private async *inboxMentioning(
    teamId: string,
    customerId: string,
    own: RegExp[],
    mentions: Mention[],
  ) {
    const events = await this.models.seenEvents
      .find({ teamId, payload: trusted({ $exists: true }) })
      .sort({ at: 1, _id: 1 })
      .select({ _id: 1, payload: 1, error: 1 })
      .lean<{ _id: string; payload: string; error?: string }[]>();
    if (!events.length) return;
    const links = await this.models.channelLinks
      .find({ teamId })
      .select({ channelId: 1, customerId: 1 })
      .lean<{ channelId: string; customerId: string }[]>();
    const ownerOf = new Map(links.map((l) => [l.channelId, String(l.customerId)]));
    const namesakes = await this.namesakes(teamId, customerId, mentions);
    for (const ev of events) {
      let payload: { event?: Record<string, unknown> } | undefined;
      try {
        payload = JSON.parse(ev.payload) as typeof payload;
      } catch {
        payload = undefined; // unreadable: matched as it is stored
      }
      const e = payload?.event ?? {};
      const item = e.item as { channel?: unknown } | undefined;
      const channel = [e.channel, item?.channel].find((c) => typeof c === 'string') as
        string | undefined;
      const owner = channel ? ownerOf.get(channel) : undefined;
      const hits: MentionHit[] = [];
      const erase = (field: string) => (s: string) => {
        const out =
          owner === customerId
            ? replaceAll(s, own, false)
            : eraseMentions(s, mentions, namesakes.get(owner ?? '') ?? new Set());
        if (out !== s) hits.push({ collection: 'slackEvents', id: ev._id, field, text: s });
        return out;
      };
      const next = payload
        ? JSON.stringify(scrub(payload, erase('payload')))
        : erase('payload')(ev.payload);
      const error = ev.error === undefined ? undefined : erase('error')(ev.error);
      if (hits.length) yield { id: ev._id, payload: next, error, hits };
    }
  }

  /**
   * The inbox's events that name the person (`inboxMentioning`); with `write`, the matches in
   * the payload (and the last error) read `[erased]`: the event stays where it was, so a
   * pending or failed one is still done (its ticket opens with the text erased), never dropped
   * unsaid. Returns how many events have (had) a match.
   */
  async scrubInbox(
    teamId: string,
    customerId: string,
    own: RegExp[],
    mentions: Mention[],
    write: boolean,
    /** Before each event it rewrites (the erasure's lease kept: ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
  ): Promise<number> {
    let count = 0;
    for await (const ev of this.inboxMentioning(teamId, customerId, own, mentions)) {
      if (write) await keep();
      if (write)
        await this.models.seenEvents.updateOne(
          { _id: ev.id, teamId },
          { $set: { payload: ev.payload, ...(ev.error === undefined ? {} : { error: ev.error }) } },
        );
      count++;
    }
    return count;
  }

  /**
   * What names the person outside the customer's own documents (for an export): the typed texts
   * of other customers' documents and the inbox's events that an erasure would change, found
   * by the very same code. Only the matching texts, not the rest of those documents.
   */
  async mentionsOf(
    teamId: string,
    customerId: string,
    own: RegExp[],
    mentions: Mention[],
  ): Promise<MentionHit[]> {
    const hits: MentionHit[] = [];
    for await (const m of this.othersMentioning(teamId, customerId, mentions)) hits.push(...m.hits);
    for await (const ev of this.inboxMentioning(teamId, customerId, own, mentions))
      hits.push(...ev.hits);
    return hits;
  }

  /**
   * Where a Slack user acted as staff on the desk, now or before (an erasure by Slack user is
   * refused for them: what staff did is the desk's record, and their id stays in tasks and the
   * settings history): the first of `tickets` (a ticket assigned to them or of their customers, one
   * a claim, reassign or escalation in its timeline gave to them or found them the account manager
   * of: TicketEvent.owners, whose guest owner is erased with the rest; a staff action of theirs in
   * a timeline: claim, reassign, escalate, wait, resolve, close, contact, plan, a response, a note on
   * a ticket neither theirs nor filed by them, a Resume without a reply of theirs on another's
   * ticket), `customers` (one they own or created, whose upgrade intent or tier override on file
   * they recorded, an interaction or an order they logged, an entry of a file's change log by them:
   * each written only by staff, the owner or a person of a task), `tasks` (any person of a task,
   * who cancelled it, one an Edit task replaced too: its edit history keeps who held it; not the
   * guest owner a stand-in's task names, `guestOwner`: a guest is no staff, erased there),
   * `settings` (a settings change of theirs, a role list naming them), `owner` (none of those,
   * but a guest of the workspace owning a customer now: the file's owner, `ownerGuest`, is the
   * desk's until the customer has another owner), or null for none. A guest
   * owner the desk made the account manager or a task's executor themself (nobody could stand in)
   * is named there as a member owner is, with nothing to tell them apart: refused. The
   * tickets are read (once the erase modal is open, never before) through an index each, team
   * first: their people (the first assignee's own index, the lists' for the assignee and the
   * account manager, the timeline's `assigneeId`'s and `owners.accountManagerId`'s, multikey) and their timeline's `by` (multikey);
   * interactions, orders and the change log are asked whether one exists (an index each, team then
   * who; a next step's approver, kept only while its task is owed, without one); the customers'
   * people and the tasks' are asked the same through the team's records (their $or has branches no
   * index serves).
   */
  async staffTrace(
    teamId: string,
    userId: string,
  ): Promise<'tickets' | 'customers' | 'tasks' | 'settings' | 'owner' | null> {
    const tickets = this.models.tickets as unknown as RawCollection;
    const staffActions = ['claim', 'reassign', 'escalate', 'wait', 'resolve', 'close'];
    // Whether one exists (its _id only, the first found), not every such ticket in full.
    // `timeline.assigneeId`: whom a claim, reassign or escalation gave it to (one an agent
    // handed it to, or the desk did, who never acted on it: only the handover names them).
    const assigned = await this.models.tickets.exists({
      teamId,
      $or: [
        { assigneeId: userId },
        { firstAssigneeId: userId },
        { accountManagerId: userId },
        { 'timeline.assigneeId': userId },
        // The account manager an escalation or reassign found (TicketEvent.owners).
        { 'timeline.owners.accountManagerId': userId },
        // Who filed a ticket logged late (only a filer who reads the desk is held to the 1 h:
        // TicketService.insert): the reports' per-agent count names them, figures_daily too.
        { createdBy: userId, 'metrics.loggedLateMinutes': trusted({ $exists: true }) },
      ],
    });
    if (assigned) return 'tickets';
    const acted = await tickets
      .find({
        teamId,
        timeline: trusted({
          $elemMatch: {
            by: userId,
            action: { $in: [...staffActions, 'contact', 'plan', 'response', 'note', 'resume'] },
          },
        }),
      })
      // Only what the checks below read.
      .select({
        _id: 0,
        'requester.userId': 1,
        createdBy: 1,
        'timeline.by': 1,
        'timeline.action': 1,
        'timeline.said': 1,
        'timeline.reply': 1,
        'timeline.text': 1,
      })
      .lean<Doc[]>();
    for (const t of acted) {
      const theirs =
        (t.requester as { userId?: string } | undefined)?.userId === userId ||
        t.createdBy === userId;
      for (const e of (t.timeline as Doc[] | undefined) ?? []) {
        if (e.by !== userId) continue;
        if (['contact', 'plan', 'response', ...staffActions].includes(String(e.action)))
          return 'tickets';
        if (e.action === 'note' && !e.said && !e.reply && !theirs) return 'tickets';
        if (e.action === 'resume' && e.text === undefined && !theirs) return 'tickets';
      }
    }
    // An upgrade intent is recorded with a logged interaction (staff only); a later intent while
    // the owner's task is open leaves its recorder on the file alone, on no task.
    // A file owned by a guest of the workspace (`ownerGuest`) is no staff's trace: `owner` below,
    // when nothing else names them staff.
    const onFile = await this.models.customers.exists({
      teamId,
      $or: [
        { ownerId: userId, ownerGuest: trusted({ $ne: true }) },
        { createdBy: userId },
        { 'upgradeIntent.by': userId },
        { 'tierOverride.by': userId },
      ],
    });
    if (onFile) return 'customers';
    // Who logged a call or visit, recorded an order or a change (the competitor flag, any field
    // in a file's History): staff, the owner, a person of a task completing it; never a requester.
    if (
      (await this.models.interactions.exists({ teamId, by: userId })) ||
      // The approver of a next step still owed its task (kept only while owed).
      (await this.models.interactions.exists({ teamId, nextStepApproverId: userId })) ||
      (await this.models.orders.exists({ teamId, createdBy: userId })) ||
      (await this.models.customerChanges.exists({ teamId, by: userId }))
    )
      return 'customers';
    // `cancelledBy`: who cancelled it or closed it as "customer not reached" (the reports'
    // per-agent figures name them, figures_daily too). Not `guestOwner`, the guest owner a
    // stand-in's task was planned for: a guest is no staff (their id there is erased, scrubUser).
    const person = [
      'assigneeId',
      'helperId',
      'approverId',
      'agentId',
      'createdBy',
      'doneBy',
      'cancelledBy',
    ];
    const inTask = await this.models.tasks.exists({
      teamId,
      $or: [
        ...person.map((f) => ({ [f]: userId })),
        { 'rescheduled.by': userId },
        { 'edits.by': userId },
        // Who held it before an Edit task replaced them: the task's record of who did it.
        { 'edits.before.assigneeId': userId },
        { 'edits.before.helperId': userId },
        { 'edits.before.approverId': userId },
        { 'noticesOwed.by': userId },
        { 'noticesOwed.managers': userId },
        { 'noticesOwed.ownerId': userId },
      ],
    });
    if (inTask) return 'tasks';
    const id = new RegExp(`(?<![A-Za-z0-9])${userId}(?![A-Za-z0-9])`);
    const named = (v: unknown) => id.test(JSON.stringify(v ?? null));
    const changes = await this.models.settingsChanges
      .find({ teamId })
      .select({ _id: 0, by: 1, old: 1, new: 1 })
      .lean<Doc[]>();
    if (changes.some(named)) return 'settings';
    const ws = await this.models.workspaces
      .findOne({ teamId })
      .select({ lastChange: 1 })
      .lean<Doc>();
    if (ws?.lastChange && named(ws.lastChange)) return 'settings';
    // A guest who owns a customer now, and nothing more: refused until it has another owner
    // (what then names them as its owner is erased with the rest, scrubUser).
    if (await this.models.customers.exists({ teamId, ownerId: userId, ownerGuest: true }))
      return 'owner';
    return null;
  }

  /** How many customers a guest of the workspace owns now (`ownerGuest`, team first). */
  guestOwnedCount(teamId: string, userId: string): Promise<number> {
    return this.models.customers.countDocuments({ teamId, ownerGuest: true, ownerId: userId });
  }

  /** The codes of the customers a Slack user owns now as a guest of the workspace, up to `limit`. */
  async guestOwnedCodes(teamId: string, userId: string, limit: number): Promise<string[]> {
    const docs = await this.models.customers
      .find({ teamId, ownerGuest: true, ownerId: userId })
      .sort({ code: 1 })
      .limit(limit)
      .select({ code: 1 })
      .lean<{ code: string }[]>();
    return docs.map((d) => d.code);
  }

  /**
   * The upkeep's run of the erasure of `user` refused as they own a customer now as a guest:
   * its admin told so at `at` (TicketRecord.erasureResumeOwnerTold; a mark told before keeps its
   * date), naming the customers `codes` (erasureResumeOwnerNamed, added to those named before):
   * not again for these marks, unless a later try finds one they own not named yet, or none of
   * the admins told (`to`, added to those told before: erasureResumeOwnerTo) is one any more.
   */
  async erasureOwnerTold(
    teamId: string,
    user: string,
    at: Date,
    codes: string[],
    to: string[],
  ): Promise<void> {
    // One update a ticket: the names and the told date together (apart, a failure between them
    // left the names without the date, and the next DM under the first one's key: never sent).
    await this.models.tickets.updateMany(
      { teamId, erasureResumeUser: user },
      {
        $addToSet: {
          erasureResumeOwnerNamed: { $each: codes },
          erasureResumeOwnerTo: { $each: to },
        },
        $min: { erasureResumeOwnerTold: at },
        $unset: { erasureResumeNoAdminWarned: '' },
      },
      { timestamps: false },
    );
    // Its marks another erasure took told too (UnmarkedErasureDoc): read with the marks.
    await this.models.erasuresUnmarked.updateMany(
      { teamId, user },
      {
        $addToSet: { ownerNamed: { $each: codes }, ownerTo: { $each: to } },
        $min: { ownerTold: at },
        $unset: { noAdminWarned: '' },
      },
    );
  }

  /**
   * The upkeep's run of the erasure of `user` waiting on a guest owner told no admin, the
   * workspace having none, and logged so at `at` (TicketRecord.erasureResumeNoAdminWarned): not
   * logged again before a day has passed, unless an admin is told meanwhile.
   */
  async erasureNoAdminWarned(teamId: string, user: string, at: Date): Promise<void> {
    await this.models.tickets.updateMany(
      { teamId, erasureResumeUser: user },
      { $max: { erasureResumeNoAdminWarned: at } },
      { timestamps: false },
    );
    await this.models.erasuresUnmarked.updateMany(
      { teamId, user },
      { $max: { noAdminWarned: at } },
    );
  }

  /**
   * The upkeep's run of the erasure of `user` waiting on a guest owner logged at `at` as a warning
   * that it is kept and tried again (TicketRecord.erasureResumeWaitWarned): as info until a day
   * has passed.
   */
  async erasureWaitWarned(teamId: string, user: string, at: Date): Promise<void> {
    await this.models.tickets.updateMany(
      { teamId, erasureResumeUser: user },
      { $max: { erasureResumeWaitWarned: at } },
      { timestamps: false },
    );
    await this.models.erasuresUnmarked.updateMany({ teamId, user }, { $max: { waitWarned: at } });
  }

  /**
   * The id of the erasure of `user` not done (erasureResumeId), as the upkeep reads it for its
   * admins' DMs' key (erasuresUnfinished: the least of its marks' and its record's), for a run of
   * it again to write on the tickets it marks: one erasure, one id, whichever tickets each run
   * marked. Undefined when no run of it recorded one. Two reads.
   */
  async erasureIdOf(teamId: string, user: string): Promise<string | undefined> {
    const mark = await this.models.tickets
      .findOne({ teamId, erasureResumeUser: user, erasureResumeId: trusted({ $exists: true }) })
      .sort({ erasureResumeId: 1 })
      .select({ erasureResumeId: 1 })
      .lean<{ erasureResumeId?: string }>();
    const record = await this.models.erasuresUnmarked
      .findOne({ teamId, user, erasure: trusted({ $exists: true }) })
      .sort({ erasure: 1 })
      .select({ erasure: 1 })
      .lean<{ erasure?: string }>();
    return least(mark?.erasureResumeId, record?.erasure);
  }

  /**
   * The key of the erasure of `user` waiting on a guest owner (TicketRecord.erasureResumeOwnerKey):
   * random, written once on one of its marks (`mark`, a ticket it marked) and read from the first
   * mark holding one, so every run of it (two instances' alike) reads the same while another
   * erasure's (another person's, or theirs again later) has its own; nothing of the person in it.
   * Should `mark` not be theirs (any more), on their first mark, else on their record
   * (UnmarkedErasureDoc). Undefined only should those change meanwhile (the next try writes it).
   */
  async erasureOwnerKey(teamId: string, user: string, mark: string): Promise<string | undefined> {
    const keyed = () =>
      this.models.tickets
        .findOne({
          teamId,
          erasureResumeUser: user,
          erasureResumeOwnerKey: trusted({ $exists: true }),
        })
        .sort({ _id: 1 })
        .select({ erasureResumeOwnerKey: 1 })
        .lean<{ erasureResumeOwnerKey?: string }>();
    // Then one written on a mark another erasure took since, kept with what that mark said of
    // this one (UnmarkedErasureDoc).
    const unmarked = async () =>
      (
        await this.models.erasuresUnmarked
          .findOne({ teamId, user, ownerKey: trusted({ $exists: true }) })
          .select({ ownerKey: 1 })
          .lean<{ ownerKey?: string }>()
      )?.ownerKey;
    const found = (await keyed())?.erasureResumeOwnerKey ?? (await unmarked());
    if (found) return found;
    const marked = await this.models.tickets.updateOne(
      {
        teamId,
        _id: mark,
        erasureResumeUser: user,
        erasureResumeOwnerKey: trusted({ $exists: false }),
      },
      { $set: { erasureResumeOwnerKey: randomUUID() } },
      { timestamps: false },
    );
    // `mark` not its own (another erasure took it since, or it names a ticket of its record:
    // UnmarkedErasureDoc): on the first mark still its own, else on what keeps it findable
    // (another erasure took every mark of it). Written on neither, its admin was never told.
    if (!marked.matchedCount) {
      const own = await this.models.tickets
        .findOne({ teamId, erasureResumeUser: user })
        .sort({ _id: 1 })
        .select({ _id: 1 })
        .lean<{ _id: unknown }>();
      if (own)
        await this.models.tickets.updateOne(
          {
            teamId,
            _id: String(own._id),
            erasureResumeUser: user,
            erasureResumeOwnerKey: trusted({ $exists: false }),
          },
          { $set: { erasureResumeOwnerKey: randomUUID() } },
          { timestamps: false },
        );
      else
        await this.models.erasuresUnmarked.updateOne(
          { teamId, user, ownerKey: trusted({ $exists: false }) },
          { $set: { ownerKey: randomUUID() } },
        );
    }
    return (await keyed())?.erasureResumeOwnerKey ?? (await unmarked());
  }

  /**
   * These tickets' resumes told while the erasure of `user` waits on a guest owner, at `at`
   * (TicketRecord.erasureResumeToldWaiting): not again.
   */
  async resumesToldWaiting(
    teamId: string,
    user: string,
    ticketIds: string[],
    at: Date,
  ): Promise<void> {
    if (!ticketIds.length) return;
    await this.models.tickets.updateMany(
      { teamId, _id: trusted({ $in: ticketIds }), erasureResumeUser: user },
      { $set: { erasureResumeToldWaiting: at } },
      { timestamps: false },
    );
  }

  /**
   * The numbers of the tickets waiting on a Slack user (`waitsOn`: their Slack requester, or
   * the one who filed a ticket with none), from the indexes on `requester.userId` and
   * `createdBy`: once their id is gone, such a ticket would wait on its filer or on nobody.
   */
  async waitingOn(teamId: string, userId: string): Promise<string[]> {
    const docs = await this.models.tickets
      .find({
        teamId,
        status: 'waiting',
        $or: [
          { 'requester.userId': userId },
          { createdBy: userId, 'requester.userId': trusted({ $exists: false }) },
        ],
      })
      .select({ number: 1 })
      .sort({ number: 1 })
      .lean<{ number: string }[]>();
    return docs.map((d) => d.number);
  }

  /**
   * The longer names of people and customers who stay that hold one of `names` (the erased
   * ones'): "李王芳" (another customer's contact, or a contact of this customer who stays) for
   * "王芳", a customer "王芳五金" too. An erasure does not erase the name from within them
   * (`sparing`: Chinese runs on without spaces, so a CJK name is found inside running text, and
   * inside such a name too). Not the erased contacts' own (`leaving`: the keys of the names they
   * had; 'all': the whole customer, its own name and every contact of it).
   */
  async spareNames(
    teamId: string,
    customerId: string,
    names: string[],
    leaving: Set<string> | 'all',
  ): Promise<string[]> {
    const wanted = [
      ...new Set(names.map((n) => n.normalize('NFKC').trim()).filter((n) => n.length >= 2)),
    ];
    if (!wanted.length) return [];
    const alternation = wanted.map(escapeRegExp).join('|');
    const erased = new Set(wanted.map(nameKey));
    const out = new Set<string>();
    for (const text of await this.stayingNames(teamId, customerId, alternation, leaving)) {
      if (erased.has(nameKey(text))) continue;
      const folded = text.toLowerCase();
      if (wanted.some((n) => text.length > n.length && folded.includes(n.toLowerCase())))
        out.add(text);
    }
    return [...out];
  }

  /**
   * The names of people and customers who stay that begin one of `names` (the erased ones'),
   * whole: "王芳" (another customer's contact) for "王芳华". A rendered line cut right after one
   * reads as theirs as likely, and is kept (withoutCutTerms). Not the erased contacts' own
   * (`leaving`, as for spareNames).
   */
  async stayingPrefixes(
    teamId: string,
    customerId: string,
    names: string[],
    leaving: Set<string> | 'all',
  ): Promise<string[]> {
    const prefixes = new Set<string>();
    for (const raw of names) {
      const chars = [...raw.normalize('NFKC').trim()];
      for (let len = 2; len < chars.length; len++) {
        const head = chars.slice(0, len).join('').trim();
        if ([...head].length >= 2) prefixes.add(head);
      }
    }
    if (!prefixes.size) return [];
    const keys = new Set([...prefixes].map(nameKey));
    const alternation = [...prefixes]
      .map((p) => p.split(/\s+/).map(escapeRegExp).join('\\s+'))
      .join('|');
    const whole = `^\\s*(?:${alternation})\\s*$`;
    const out = new Set<string>();
    for (const text of await this.stayingNames(teamId, customerId, whole, leaving))
      if (keys.has(nameKey(text))) out.add(text);
    return [...out];
  }

  /**
   * The names (NFKC, trimmed, none empty) of the customers of `teamId` whose own name or a
   * contact's matches `pattern` (case folded), and their contacts' names, in the order stored:
   * for spareNames and stayingPrefixes. Not the erased contacts' own (`leaving`, as there).
   */
  private async stayingNames(
    teamId: string,
    customerId: string,
    pattern: string,
    leaving: Set<string> | 'all',
  ): Promise<string[]> {
    const docs = await this.models.customers
      .find({
        teamId,
        $or: [
          { name: trusted({ $regex: pattern, $options: 'i' }) },
          { 'contacts.name': trusted({ $regex: pattern, $options: 'i' }) },
        ],
      })
      .select({ _id: 1, name: 1, 'contacts.name': 1 })
      .lean<{ _id: unknown; name?: string; contacts?: { name?: string }[] }[]>();
    const names: string[] = [];
    for (const doc of docs) {
      const own = String(doc._id) === customerId;
      if (own && leaving === 'all') continue;
      const candidates = [
        doc.name ?? '',
        ...(doc.contacts ?? [])
          .map((c) => c.name ?? '')
          .filter((n) => !own || leaving === 'all' || !leaving.has(nameKey(n))),
      ];
      for (const raw of candidates) {
        const text = raw.normalize('NFKC').trim();
        if (text) names.push(text);
      }
    }
    return names;
  }

  /**
   * Marks a ticket about to be resumed by the desk at an erasure by Slack user (`key`: their
   * `userKey`) as owing that resume's announcement (TicketRecord.erasureResumeOwed), and whose
   * erasure it is (`user`, until it is done: TicketRecord.erasureResumeUser), and who started it
   * (`by`, an admin: TicketRecord.erasureResumeBy; the upkeep's own run names nobody and leaves
   * it as it is). The upkeep's back-off of an earlier run's failures (erasureResumeRetryAt,
   * erasureResumeTries) goes: this run, cut too, is taken once its lease runs out. A mark of
   * another erasure (another key: a ticket told while that one waited on a guest owner, then
   * waiting on someone else; or this person's earlier erasure, done: erasureResumeReady) is this
   * one's from now on, without anything that one left on it: its resume told while it waited
   * (erasureResumeToldWaiting: this resume would never be told), its admin's key, told date and
   * customers named (erasureResumeOwnerKey, erasureResumeOwnerTold, erasureResumeOwnerNamed:
   * this one's admin told under that one's key, or never), its admin (erasureResumeBy: this
   * one's told in its place), its being done (erasureResumeReady: this one's resume announced and
   * its notices let go before it is done), its earlier change's notices left to the repair
   * (erasureResumeLeft: this run says so again if still owed) and an operator's checks of marks
   * not saying whose (erasureResumeOrphan*). That erasure, not done, is first kept findable by the
   * upkeep without this mark, which may have been its only one (keepUnmarked). The same
   * erasure's run again (the same key, not done) keeps them. `erasure`: the run's own id, written
   * as the erasure's (erasureResumeId) on a mark it takes, and on one of its own that has none;
   * one of its own that has one keeps it (a run of it again: that erasure still). Throws should
   * the mark change between its read and its write three times running. Whether the check of
   * who was erased since, on a record it kept, failed (keepUnmarked).
   */
  async resumeOwed(
    teamId: string,
    ticketId: string,
    /** Their key's forms (UserKeys.forms): the first written, any found is this person's mark. */
    keys: readonly string[],
    user: string,
    by?: string,
    erasure?: string,
    /** Who is erased since its read: taken off the record it keeps (keepUnmarked) after. */
    erased?: ErasedSince,
  ): Promise<ErasedUnchecked | undefined> {
    const $set = {
      erasureResumeOwed: keys[0],
      erasureResumeUser: user,
      ...(by ? { erasureResumeBy: by } : {}),
    };
    const retry = { erasureResumeRetryAt: '', erasureResumeTries: '' };
    const another = {
      ...retry,
      ...ANOTHER_ERASURE_UNSET,
      ...(by ? {} : { erasureResumeBy: '' }),
    };
    // One update, conditioned on the mark as read (another instance's run of an erasure may
    // write it meanwhile, its lease lost: then read again).
    // The erasure this one kept findable (keepUnmarked) before its write failed.
    let kept: string | undefined;
    // A check of who was erased since that failed (keepUnmarked): said to the caller.
    let unchecked: ErasedUnchecked | undefined;
    const read = () =>
      this.models.tickets.findOne({ teamId, _id: ticketId }).select(MARK_FIELDS).lean<HeldMark>();
    // Done meanwhile (resumesReady: its record deleted before this one kept it): not kept, or
    // the upkeep would run it again and tell its admin it was finished a second time. Only what
    // this one kept: the record is by the person's key, the same for a later erasure of theirs,
    // whose record (another erasure having taken its marks since) is not this one's to delete
    // (revfix F2); deleted only once no ticket is left in it (a record this keep wrote again
    // holds only this ticket). One conditional write each (no transaction).
    const forgetKeptIfDone = async (held: HeldMark) => {
      if (kept && held.erasureResumeOwed === kept && held.erasureResumeReady) {
        const _id = `${teamId}:${kept}`;
        await this.models.erasuresUnmarked.updateOne({ _id, teamId }, { $pull: { ids: ticketId } });
        await this.models.erasuresUnmarked.deleteOne({ _id, teamId, ids: trusted({ $size: 0 }) });
        kept = undefined;
      }
    };
    // Done and its resumes announced meanwhile (another instance's run of it, within this one's
    // read-then-write: resumesReady deleted its record before this one kept it, then
    // resumesAnnounced unset its mark), this ticket's mark taken after (its mark gone, or
    // another's): no mark says it is done any more, but the privacy log does (written before
    // resumesReady), an erasure of that person logged since this run started, dated at its own
    // start (up to the lease's run-out before). Another erasure taking the mark and announced
    // within the window (the kept one not done) logs nothing of the kept person: its record
    // stays. Only this ticket pulled, the record deleted once empty (as forgetKeptIfDone). Best
    // effort: the mark is taken; a failure here leaves the record to the next upkeep pass (runs
    // it: nothing left) as before this check (testgaps gap a).
    const forgetKeptIfLogged = async (held: HeldMark | null) => {
      if (!kept || !erased) return;
      if (held?.erasureResumeOwed === kept && !held.erasureResumeReady) return;
      const _id = `${teamId}:${kept}`;
      try {
        const logged = await this.models.privacyLog.exists({
          teamId,
          kind: 'erase',
          // The mark's key as stored, or its entry re-keyed since (rekeyUserKeys).
          'detail.userKey': trusted({ $in: erased.alike(kept) }),
          at: trusted({ $gte: erased.loggedFrom }),
        });
        if (!logged) return;
        await this.models.erasuresUnmarked.updateOne({ _id, teamId }, { $pull: { ids: ticketId } });
        await this.models.erasuresUnmarked.deleteOne({ _id, teamId, ids: trusted({ $size: 0 }) });
        kept = undefined;
      } catch {
        // Left as it was: see above.
      }
    };
    for (let tries = 0; tries < 3; tries++) {
      const held = await read();
      if (!held) return;
      await forgetKeptIfDone(held);
      const same =
        held.erasureResumeOwed !== undefined &&
        keys.includes(held.erasureResumeOwed) &&
        !held.erasureResumeReady;
      if (!same && held.erasureResumeOwed && held.erasureResumeUser && !held.erasureResumeReady) {
        const keep = await this.keepUnmarked(teamId, ticketId, held, erased);
        if (keep) {
          kept = held.erasureResumeOwed;
          unchecked = keep.unchecked ?? unchecked;
        }
      }
      const taken = await this.models.tickets.updateOne(
        {
          teamId,
          _id: ticketId,
          erasureResumeOwed: held.erasureResumeOwed ?? trusted({ $exists: false }),
          erasureResumeUser: held.erasureResumeUser ?? trusted({ $exists: false }),
          erasureResumeReady: held.erasureResumeReady ?? trusted({ $exists: false }),
        },
        {
          $set: {
            ...$set,
            ...(erasure && (!same || !held.erasureResumeId) ? { erasureResumeId: erasure } : {}),
          },
          $unset: same ? retry : erasure ? another : { ...another, erasureResumeId: '' },
        },
        { timestamps: false },
      );
      if (taken.matchedCount) {
        await forgetKeptIfLogged(held);
        return unchecked;
      }
    }
    // Still changing (other erasures writing it all along): not resumed without its mark (cut
    // after, that resume would never be told); the run fails here and is run again. The erasure
    // its last try kept, done since, not left kept (revlostfix F1).
    const last = kept ? await read() : null;
    if (last) await forgetKeptIfDone(last);
    await forgetKeptIfLogged(last);
    throw new Error('erasure mark changed meanwhile three times: ticket not resumed');
  }

  /**
   * The erasure not done whose mark `held` (on `ticketId`) another erasure is about to take, kept
   * findable by the upkeep without it (UnmarkedErasureDoc): whose, who started it, the ticket,
   * its back-off and what its admin was told, as the mark says; added to what an earlier mark
   * taken said (one upsert: two instances' alike). Only into a record of the same erasure (its
   * `erasure` id, the mark's erasureResumeId; a record or mark without one, as before ids were
   * recorded, taken as the same): a held-up run's mark read before that erasure was done, kept
   * after a later erasure of the same person (the same record id, `team:userKey`) was recorded,
   * writes nothing into the later one's (its starters, admins told, warnings, back-off and id
   * would be taken for the later one's: revpriv F4, privfix 1). Null when nothing was written;
   * else whether the check of who was erased since failed (forgetErasedOn).
   */
  private async keepUnmarked(
    teamId: string,
    ticketId: string,
    held: HeldMark,
    erased?: ErasedSince,
  ): Promise<{ unchecked?: ErasedUnchecked } | null> {
    try {
      await this.keepUnmarkedOnce(teamId, ticketId, held);
    } catch (err) {
      // Two first upserts of one record at once (two erasures taking its marks): on MongoDB the
      // loser's insert meets the other's, which its filter (with the team) is not retried on;
      // once more, it updates it. Met again: the record is another erasure's (its filter, with
      // the erasure's id, matched none): not written.
      if (!isDuplicateKey(err)) throw err;
      try {
        await this.keepUnmarkedOnce(teamId, ticketId, held);
      } catch (again) {
        if (!isDuplicateKey(again) || !held.erasureResumeId) throw again;
        return null;
      }
    }
    // Its starter or admins told, erased since the mark was read (revpriv2 F1).
    if (!erased) return {};
    const unchecked = await this.forgetErasedOn(
      teamId,
      held.erasureResumeOwed!,
      [
        ...(held.erasureResumeBy ? [held.erasureResumeBy] : []),
        ...(held.erasureResumeOwnerTo ?? []),
      ],
      erased,
    );
    return unchecked ? { unchecked } : {};
  }

  private async keepUnmarkedOnce(teamId: string, ticketId: string, held: HeldMark): Promise<void> {
    const user = held.erasureResumeUser!;
    const id = held.erasureResumeId;
    await this.models.erasuresUnmarked.updateOne(
      {
        _id: `${teamId}:${held.erasureResumeOwed!}`,
        teamId,
        ...(id ? { $or: [{ erasure: trusted({ $exists: false }) }, { erasure: id }] } : {}),
      },
      {
        $setOnInsert: {
          user,
          ...(held.erasureResumeOwnerKey ? { ownerKey: held.erasureResumeOwnerKey } : {}),
        },
        $addToSet: {
          ids: ticketId,
          ...(held.erasureResumeBy ? { starters: held.erasureResumeBy } : {}),
          ...(held.erasureResumeOwnerNamed?.length
            ? { ownerNamed: { $each: held.erasureResumeOwnerNamed } }
            : {}),
          ...(held.erasureResumeOwnerTo?.length
            ? { ownerTo: { $each: held.erasureResumeOwnerTo } }
            : {}),
        },
        ...(held.erasureResumeTries ||
        held.erasureResumeNoAdminWarned ||
        held.erasureResumeWaitWarned
          ? {
              $max: {
                ...(held.erasureResumeTries ? { tries: held.erasureResumeTries } : {}),
                ...(held.erasureResumeNoAdminWarned
                  ? { noAdminWarned: held.erasureResumeNoAdminWarned }
                  : {}),
                ...(held.erasureResumeWaitWarned
                  ? { waitWarned: held.erasureResumeWaitWarned }
                  : {}),
              },
            }
          : {}),
        ...(held.erasureResumeRetryAt || held.erasureResumeOwnerTold || held.erasureResumeId
          ? {
              $min: {
                ...(held.erasureResumeRetryAt ? { retryAt: held.erasureResumeRetryAt } : {}),
                ...(held.erasureResumeOwnerTold ? { ownerTold: held.erasureResumeOwnerTold } : {}),
                ...(held.erasureResumeId ? { erasure: held.erasureResumeId } : {}),
              },
            }
          : {}),
      },
      { upsert: true },
    );
  }

  /**
   * The resume owed at the erasure of `key` was written over an earlier change's notices mark,
   * left for the notices repair (TicketRecord.erasureResumeLeft).
   */
  async resumeLeft(teamId: string, ticketId: string, keys: readonly string[]): Promise<void> {
    await this.models.tickets.updateOne(
      { teamId, _id: ticketId, erasureResumeOwed: trusted({ $in: [...keys] }) },
      { $set: { erasureResumeLeft: true } },
      { timestamps: false },
    );
  }

  /**
   * The ids of the tickets owing the announcement of a resume at the erasure of `keys` (their
   * key's forms: UserKeys.forms).
   */
  async resumesOwed(teamId: string, keys: readonly string[]): Promise<string[]> {
    const docs = await this.models.tickets
      .find({ teamId, erasureResumeOwed: trusted({ $in: [...keys] }) })
      .select({ _id: 1 })
      .lean<{ _id: unknown }[]>();
    return docs.map((d) => String(d._id));
  }

  /** These resumes are announced (their entries in the outbox): owed no more. */
  async resumesAnnounced(
    teamId: string,
    ticketIds: string[],
    keys: readonly string[],
  ): Promise<void> {
    if (!ticketIds.length) return;
    await this.models.tickets.updateMany(
      { teamId, _id: trusted({ $in: ticketIds }), erasureResumeOwed: trusted({ $in: [...keys] }) },
      {
        $unset: {
          erasureResumeOwed: '',
          erasureResumeReady: '',
          erasureResumeUser: '',
          erasureResumeLeft: '',
          erasureResumeOrphanLogged: '',
          erasureResumeOrphanChecked: '',
          ...RESUME_UNSET,
        },
      },
      { timestamps: false },
    );
  }

  /**
   * The erasure of `key` is done: the resumes it (or a run of it that failed) still owes may be
   * announced by the outbox's upkeep from now on (TicketRecord.erasureResumeReady); whose
   * erasure it was is kept no more (on its marks, nor for those another erasure took:
   * UnmarkedErasureDoc).
   */
  async resumesReady(teamId: string, keys: readonly string[], at: Date): Promise<void> {
    await this.models.tickets.updateMany(
      { teamId, erasureResumeOwed: trusted({ $in: [...keys] }) },
      { $set: { erasureResumeReady: at }, $unset: { erasureResumeUser: '', ...RETRY_UNSET } },
      { timestamps: false },
    );
    // Nor, should another erasure have taken marks of it, that it is unfinished (its record by
    // either form of the key: one written before keyed user keys too).
    await this.models.erasuresUnmarked.deleteMany({
      _id: trusted({ $in: keys.map((key) => `${teamId}:${key}`) }),
      teamId,
    });
  }

  /**
   * Erasures by Slack user not done whose resumes are still owed (erasureResumeOwed, no
   * erasureResumeReady), across workspaces, due at `now` (no erasureResumeRetryAt after it): whose
   * (`user`), who started it (`by`, when a mark says: erasureResumeBy), the tickets (`ids`) and
   * how many of the upkeep's runs of it failed in a row (`tries`),
   * up to `limit` tickets, the never tried first, then the longest due (so an erasure that keeps
   * failing does not hide the others).
   */
  async erasuresUnfinished(now: Date, limit: number): Promise<UnfinishedErasure[]> {
    // A mark whose resume is owed no more but still says whose erasure it was (left by an
    // instance older than erasureResumeUser's unset at the announcement): that erasure is done
    // (a resume is announced only then), so the person's id is kept no more. Never run again: it
    // would be for ever, nothing of that run unsetting it.
    await this.models.tickets.updateMany(
      {
        erasureResumeUser: trusted({ $exists: true }),
        erasureResumeOwed: trusted({ $exists: false }),
      },
      { $unset: { erasureResumeUser: '', ...RESUME_UNSET } },
      { timestamps: false },
    );
    const docs = await this.models.tickets
      .find({
        erasureResumeUser: trusted({ $exists: true }),
        erasureResumeOwed: trusted({ $exists: true }),
        erasureResumeReady: trusted({ $exists: false }),
        $or: [
          { erasureResumeRetryAt: trusted({ $exists: false }) },
          { erasureResumeRetryAt: trusted({ $lte: now }) },
        ],
      })
      .sort({ erasureResumeRetryAt: 1, _id: 1 })
      .limit(limit)
      .select({
        _id: 1,
        teamId: 1,
        erasureResumeUser: 1,
        erasureResumeBy: 1,
        erasureResumeTries: 1,
        erasureResumeOwnerTold: 1,
        erasureResumeOwnerNamed: 1,
        erasureResumeOwnerTo: 1,
        erasureResumeNoAdminWarned: 1,
        erasureResumeWaitWarned: 1,
        erasureResumeId: 1,
      })
      .lean<
        ({ _id: unknown; teamId: string; erasureResumeUser: string } & Omit<
          HeldMark,
          | 'erasureResumeUser'
          | 'erasureResumeOwed'
          | 'erasureResumeReady'
          | 'erasureResumeRetryAt'
          | 'erasureResumeOwnerKey'
        >)[]
      >();
    const found = new Map<string, UnfinishedErasure>();
    for (const d of docs) {
      const at = `${d.teamId}:${d.erasureResumeUser}`;
      const one = found.get(at) ?? {
        teamId: d.teamId,
        user: d.erasureResumeUser,
        by: [],
        ids: [],
        tries: 0,
      };
      one.ids.push(String(d._id));
      one.tries = Math.max(one.tries, d.erasureResumeTries ?? 0);
      if (d.erasureResumeBy && !one.by.includes(d.erasureResumeBy)) one.by.push(d.erasureResumeBy);
      if (d.erasureResumeOwnerTold) one.told = true;
      if (d.erasureResumeOwnerNamed?.length)
        one.named = [...new Set([...(one.named ?? []), ...d.erasureResumeOwnerNamed])];
      if (d.erasureResumeOwnerTo?.length)
        one.toldTo = [...new Set([...(one.toldTo ?? []), ...d.erasureResumeOwnerTo])];
      one.noAdminWarned = latest(one.noAdminWarned, d.erasureResumeNoAdminWarned);
      one.waitWarned = latest(one.waitWarned, d.erasureResumeWaitWarned);
      one.erasure = least(one.erasure, d.erasureResumeId);
      found.set(at, one);
    }
    // Those another erasure took marks of (UnmarkedErasureDoc), maybe all of them: due too.
    // Not those done whose DM alone is owed (erasureTellOwed: no `user`).
    const unmarked = await this.models.erasuresUnmarked
      .find({
        owedAt: trusted({ $exists: false }),
        $or: [{ retryAt: trusted({ $exists: false }) }, { retryAt: trusted({ $lte: now }) }],
      })
      .sort({ retryAt: 1, _id: 1 })
      .limit(limit)
      .lean<UnmarkedErasureDoc[]>();
    for (const d of unmarked) {
      const at = `${d.teamId}:${d.user}`;
      const one = found.get(at) ?? { teamId: d.teamId, user: d.user, by: [], ids: [], tries: 0 };
      one.ids = [...new Set([...one.ids, ...(d.ids ?? [])])];
      one.tries = Math.max(one.tries, d.tries ?? 0);
      // Every starter of the marks it took (`starters`); a record written before kept one (`by`).
      for (const a of [...(d.by ? [d.by] : []), ...(d.starters ?? [])])
        if (!one.by.includes(a)) one.by.push(a);
      if (d.ownerTold) one.told = true;
      if (d.ownerNamed?.length) one.named = [...new Set([...(one.named ?? []), ...d.ownerNamed])];
      if (d.ownerTo?.length) one.toldTo = [...new Set([...(one.toldTo ?? []), ...d.ownerTo])];
      one.noAdminWarned = latest(one.noAdminWarned, d.noAdminWarned);
      one.waitWarned = latest(one.waitWarned, d.waitWarned);
      one.erasure = least(one.erasure, d.erasure);
      found.set(at, one);
    }
    return [...found.values()];
  }

  /**
   * Resumes owed by erasures not done whose marks do not say whose (written before
   * erasureResumeUser was recorded), across workspaces, not checked yet (those an older upkeep
   * logged without checking them too), up to `limit`: the team,
   * the ticket (id, number), its mark (`key`: the person's userKey) and the Slack users the
   * ticket names as whom it waited on (its requester, its filer: `waitingOn`), whom the mark may
   * be of (its erasure stopped before it rewrote the ticket).
   */
  async erasuresOrphaned(
    limit: number,
  ): Promise<{ teamId: string; id: string; number: string; key: string; names: string[] }[]> {
    const docs = await this.models.tickets
      .find({
        erasureResumeOwed: trusted({ $exists: true }),
        erasureResumeUser: trusted({ $exists: false }),
        erasureResumeReady: trusted({ $exists: false }),
        erasureResumeOrphanChecked: trusted({ $exists: false }),
      })
      .limit(limit)
      .select({
        _id: 1,
        teamId: 1,
        number: 1,
        erasureResumeOwed: 1,
        'requester.userId': 1,
        createdBy: 1,
      })
      .lean<
        {
          _id: unknown;
          teamId: string;
          number: string;
          erasureResumeOwed: string;
          requester?: { userId?: string };
          createdBy?: string;
        }[]
      >();
    return docs.map((d) => ({
      teamId: d.teamId,
      id: String(d._id),
      number: d.number,
      key: d.erasureResumeOwed,
      names: [d.requester?.userId, d.createdBy].filter((u): u is string => !!u),
    }));
  }

  /**
   * Those resumes owed by erasures whose marks do not say whose (erasuresOrphaned), checked and
   * logged at `at` for an operator: not read again (first logged: the earlier date kept).
   */
  async erasureOrphansLogged(teamId: string, ticketIds: string[], at: Date): Promise<void> {
    if (!ticketIds.length) return;
    await this.models.tickets.updateMany(
      {
        teamId,
        _id: trusted({ $in: ticketIds }),
        erasureResumeUser: trusted({ $exists: false }),
      },
      { $set: { erasureResumeOrphanChecked: at }, $min: { erasureResumeOrphanLogged: at } },
      { timestamps: false },
    );
  }

  /**
   * The erasure of `key` whose marks do not say whose is of `user` (a ticket of theirs names
   * them, and their userKey is `key`): its marks say so now (erasureResumeUser), as a newer
   * instance's would, for the upkeep to finish it (erasuresUnfinished). Its done marks
   * (erasureResumeReady) are left as they are.
   */
  async erasureOrphanNamed(teamId: string, key: string, user: string): Promise<void> {
    await this.models.tickets.updateMany(
      {
        teamId,
        erasureResumeOwed: key,
        erasureResumeUser: trusted({ $exists: false }),
        erasureResumeReady: trusted({ $exists: false }),
      },
      { $set: { erasureResumeUser: user } },
      { timestamps: false },
    );
  }

  /**
   * Every mark of the erasure of `user` not done (what erasureUnfinishedFailed backs off), read a
   * page of ERASURE_MARKS_PAGE at a time: the ticket ids and the tries each says.
   */
  async erasureMarks(teamId: string, user: string): Promise<{ id: string; tries: number }[]> {
    const marks: { id: string; tries: number }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.models.tickets
        .find({
          teamId,
          erasureResumeUser: user,
          ...(after === undefined ? {} : { _id: trusted({ $gt: new Types.ObjectId(after) }) }),
        })
        .sort({ _id: 1 })
        .limit(ERASURE_MARKS_PAGE)
        .select({ _id: 1, erasureResumeTries: 1 })
        .lean<{ _id: unknown; erasureResumeTries?: number }[]>();
      for (const d of page) marks.push({ id: String(d._id), tries: d.erasureResumeTries ?? 0 });
      if (page.length < ERASURE_MARKS_PAGE) return marks;
      after = String(page.at(-1)!._id);
    }
  }

  /**
   * Whether the erasure of `user` not done is kept findable without its marks
   * (UnmarkedErasureDoc: another erasure took them): deleted once it is done or given up.
   */
  async erasureUnmarkedKept(teamId: string, user: string): Promise<boolean> {
    return !!(await this.models.erasuresUnmarked.exists({ teamId, user }));
  }

  /**
   * The upkeep's run of the erasure of `key` (of `user`, started by `by`: every starter its marks
   * named) ran to its end, its marks done (resumesReady), but outran its lease (another erasure
   * took it within its scrub and may have run beside it: an older instance's, whose rewrite of a
   * document both read does not read SCRUB_MARK, may have their id back: rescrubUser):
   * recorded (UnmarkedErasureDoc `outranUser`, `outranBefore` when it ended, `_id` `team:owed:dm`
   * as its owed DM's, no `user`: no read of an erasure not done finds it) with whom to tell as the
   * run read them (`by`, `ownerTo` those told it waited on a guest owner in the starter's place),
   * its tickets (`ids`) and how many it counts (`resumed`), for a later pass to scrub again what
   * was made by then and tell them (erasuresOutran); never run again in full. One upsert: written
   * twice, the same. Whether the check of who was erased since failed (forgetErasedOn).
   */
  async erasureOutran(
    teamId: string,
    dm: string,
    key: string,
    user: string,
    by: string[],
    ownerTo: string[],
    ids: string[],
    resumed: number,
    before: Date,
    erased: ErasedSince,
  ): Promise<ErasedUnchecked | undefined> {
    const onInsert = {
      outranUser: user,
      outranBefore: before,
      owedKey: dm,
      owedOf: key,
      owedResumed: resumed,
      retryAt: OWED_NEVER_RETRIED,
    };
    return this.keepRecord(teamId, `owed:${dm}`, onInsert, ids, by, ownerTo, erased);
  }

  /**
   * Erasures that outran their lease, not scrubbed again yet (erasureOutran), across workspaces,
   * the oldest first, up to `limit`: the team, whose, when it ended and its DM's key.
   */
  async erasuresOutran(
    limit: number,
  ): Promise<{ teamId: string; user: string; before: Date; dm: string; ids: string[] }[]> {
    const docs = await this.models.erasuresUnmarked
      .find({ outranUser: trusted({ $exists: true }), outranBefore: trusted({ $exists: true }) })
      .sort({ outranBefore: 1, _id: 1 })
      .limit(limit)
      .lean<UnmarkedErasureDoc[]>();
    return docs
      .filter((d) => d.outranUser && d.outranBefore && d.owedKey)
      .map((d) => ({
        teamId: d.teamId,
        user: d.outranUser!,
        before: d.outranBefore!,
        dm: d.owedKey!,
        ids: d.ids ?? [],
      }));
  }

  /**
   * The erasure that outran its lease (erasureOutran, `dm` its DM's key) scrubbed again: its
   * person's id kept no more, its admins' "finished" DM owed from `at` (erasuresTellOwed).
   * Whether it was still to scrub (false: another instance's pass did it first, on the same read).
   */
  async erasureRescrubbed(teamId: string, dm: string, at: Date): Promise<boolean> {
    const r = await this.models.erasuresUnmarked.updateOne(
      { _id: `${teamId}:owed:${dm}`, teamId, outranUser: trusted({ $exists: true }) },
      { $set: { owedAt: at }, $unset: { outranUser: '', outranBefore: '' } },
    );
    return r.matchedCount > 0;
  }

  /**
   * The erasure of `owedOf` (the person's userKey, never their id) is done, finished by the
   * upkeep, but its admins' "finished" DM (`dm`, its key) was not written (the outbox failing):
   * recorded (UnmarkedErasureDoc `owedAt`, `_id` `team:owed:dm`, no `user`: no read of an
   * erasure not done finds it) with whom to tell as the run read them (`by` its starters,
   * `ownerTo` those told it waited on a guest owner in the starter's place), the tickets (`ids`)
   * and how many it counts (`resumed`), for a later pass to tell them only
   * (erasuresTellOwed). One upsert: written twice, the same.
   */
  async erasureTellOwed(
    teamId: string,
    dm: string,
    owedOf: string,
    by: string[],
    ownerTo: string[],
    ids: string[],
    resumed: number,
    at: Date,
    erased: ErasedSince,
  ): Promise<ErasedUnchecked | undefined> {
    // retryAt: never due for an instance older than the owed record, whose read of erasures to
    // run (retryAt due, `user` expected) would take it for one of nobody.
    const onInsert = {
      owedAt: at,
      owedKey: dm,
      owedOf,
      owedResumed: resumed,
      retryAt: OWED_NEVER_RETRIED,
    };
    return this.keepRecord(teamId, `owed:${dm}`, onInsert, ids, by, ownerTo, erased);
  }

  /**
   * Writes (or adds to) the record `team:key` of privacy_erasures_unmarked: `onInsert` when new,
   * the tickets `ids`, the starters `by` and the admins `ownerTo` added, the least `erasure` id
   * kept. Two first upserts at once (keepUnmarked's): once more, it updates it. Then a starter
   * or admin erased since the run read them is not left on it (forgetErasedOn): whether that
   * check failed.
   */
  private async keepRecord(
    teamId: string,
    key: string,
    onInsert: Record<string, unknown>,
    ids: string[],
    by: string[],
    ownerTo: string[],
    erased: ErasedSince,
    erasure?: string,
  ): Promise<ErasedUnchecked | undefined> {
    const keep = () =>
      this.models.erasuresUnmarked.updateOne(
        { _id: `${teamId}:${key}`, teamId },
        {
          $setOnInsert: onInsert,
          $addToSet: {
            ids: { $each: ids },
            ...(by.length ? { starters: { $each: by } } : {}),
            ...(ownerTo.length ? { ownerTo: { $each: ownerTo } } : {}),
          },
          ...(erasure ? { $min: { erasure } } : {}),
        },
        { upsert: true },
      );
    try {
      await keep();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await keep();
    }
    return this.forgetErasedOn(teamId, key, [...by, ...ownerTo], erased);
  }

  /**
   * Erasures done whose admins' "finished" DM is owed (erasureTellOwed), across workspaces, the
   * oldest first, up to `limit`.
   */
  async erasuresTellOwed(limit: number): Promise<
    {
      teamId: string;
      dm: string;
      owedOf: string;
      by: string[];
      ownerTo: string[];
      ids: string[];
      resumed: number;
    }[]
  > {
    const docs = await this.models.erasuresUnmarked
      .find({ owedAt: trusted({ $exists: true }) })
      .sort({ owedAt: 1, _id: 1 })
      .limit(limit)
      .lean<UnmarkedErasureDoc[]>();
    return docs
      .filter((d) => d.owedKey)
      .map((d) => ({
        teamId: d.teamId,
        dm: d.owedKey!,
        owedOf: d.owedOf ?? '',
        by: [...new Set([...(d.by ? [d.by] : []), ...(d.starters ?? [])])],
        ownerTo: d.ownerTo ?? [],
        ids: d.ids ?? [],
        resumed: d.owedResumed ?? d.ids?.length ?? 0,
      }));
  }

  /** The "finished" DM owed of erasureTellOwed (`dm`, its key) is written: owed no more. */
  async erasureToldOwed(teamId: string, dm: string): Promise<void> {
    await this.models.erasuresUnmarked.deleteOne({ _id: `${teamId}:owed:${dm}`, teamId });
  }

  /**
   * Takes off the record of marks another erasure took (UnmarkedErasureDoc of `key`) the Slack
   * users just written on it (`written`: its starters, the admins told it waits on a guest
   * owner) erased since the run read them (`erased.since`): a scrub of theirs that pulled them
   * before this write found nothing to pull (revpriv2 F1); one after it pulls them itself.
   * Checked after the write, in two reads: the privacy log's `erase` entry by their `userKey`
   * (dated at that erasure's start: from `erased.loggedFrom`), and the workspace's erasure lease
   * held for them, live at the run's read or after (`until` past `since`) and marked erasing
   * (ErasureLeaseDoc.erasing: past its refusal check; an erasure refused, of a staff member say,
   * holds the lease unmarked: revlast F1), for a write landing within their erasure, after its
   * scrub and before its log entry. One conditional write, only when one is found. Its failure,
   * if the check failed (ErasedUnchecked).
   */
  private async forgetErasedOn(
    teamId: string,
    key: string,
    written: string[],
    erased: ErasedSince,
  ): Promise<ErasedUnchecked | undefined> {
    const users = [...new Set(written)];
    if (!users.length) return undefined;
    // Best effort: the record is kept already; should the database fail here, their id stays
    // until this erasure is done (as before this check): the keep does not fail for it, and its
    // caller is told (the flows log it; the repository logs nothing).
    try {
      await this.forgetLoggedOn(teamId, key, users, erased);
      return undefined;
    } catch (err) {
      return { err };
    }
  }

  /** forgetErasedOn's reads of the privacy log and the erasure lease, and its pull. */
  private async forgetLoggedOn(
    teamId: string,
    key: string,
    users: string[],
    erased: ErasedSince,
  ): Promise<void> {
    const keys = new Map(users.flatMap((u) => erased.formsOf(u).map((k) => [k, u] as const)));
    const subjects = new Map(users.map((u) => [erased.leaseSubject(u), u]));
    const [logged, lease] = await Promise.all([
      this.models.privacyLog
        .find({
          teamId,
          kind: 'erase',
          'detail.userKey': trusted({ $in: [...keys.keys()] }),
          at: trusted({ $gte: erased.loggedFrom }),
        })
        .select({ 'detail.userKey': 1 })
        .lean<{ detail?: { userKey?: string } }[]>(),
      // One document per workspace, by its `_id`.
      this.models.erasureLeases
        .findOne({
          _id: erased.leaseId,
          teamId,
          subject: trusted({ $in: [...subjects.keys()] }),
          erasing: true,
          until: trusted({ $gt: erased.since }),
        })
        .select({ subject: 1 })
        .lean<{ subject?: string }>(),
    ]);
    const gone = new Set(
      [
        ...logged.map((e) => keys.get(e.detail?.userKey ?? '')),
        subjects.get(lease?.subject ?? ''),
      ].filter((u): u is string => !!u),
    );
    if (!gone.size) return;
    await this.models.erasuresUnmarked.updateOne(
      { _id: `${teamId}:${key}`, teamId },
      { $pull: { starters: trusted({ $in: [...gone] }), ownerTo: trusted({ $in: [...gone] }) } },
    );
  }

  /**
   * The upkeep's run of the erasure of `user` failed (its `tries`-th in a row): it is run again
   * not before `retryAt`. With `asRead` (the marks it read at its start: ticket ids and the tries
   * each said), only those marks, still as it read them: one marked again since (resumeOwed,
   * which unsets the back-off) belongs to the erasure that wrote it. One update per tries read
   * and page of ERASURE_MARKS_PAGE ids (usually one).
   */
  async erasureUnfinishedFailed(
    teamId: string,
    user: string,
    tries: number,
    retryAt: Date,
    asRead?: { id: string; tries: number }[],
  ): Promise<void> {
    const backOff = { $set: { erasureResumeRetryAt: retryAt, erasureResumeTries: tries } };
    // Its marks another erasure took (UnmarkedErasureDoc): this erasure's, as it started.
    await this.models.erasuresUnmarked.updateMany({ teamId, user }, { $set: { tries, retryAt } });
    if (!asRead) {
      await this.models.tickets.updateMany({ teamId, erasureResumeUser: user }, backOff, {
        timestamps: false,
      });
      return;
    }
    const byTries = new Map<number, string[]>();
    for (const m of asRead) byTries.set(m.tries, [...(byTries.get(m.tries) ?? []), m.id]);
    for (const [was, ids] of byTries)
      for (let i = 0; i < ids.length; i += ERASURE_MARKS_PAGE)
        await this.models.tickets.updateMany(
          {
            teamId,
            erasureResumeUser: user,
            _id: trusted({ $in: ids.slice(i, i + ERASURE_MARKS_PAGE) }),
            ...(was ? { erasureResumeTries: was } : {}),
          },
          backOff,
          { timestamps: false },
        );
  }

  /**
   * The upkeep gives up finishing the erasure of `user` (refused): their id kept no more, and the
   * resumes it owes announced by the upkeep from `at` on (erasureResumeReady: repairResumes),
   * their notices then no longer held (TicketRepository.noticesOwed); nothing else would ever
   * announce them, as the desk refuses the erasure run by hand too.
   */
  async erasureUnfinishedLeft(teamId: string, user: string, at: Date): Promise<void> {
    await this.models.tickets.updateMany(
      { teamId, erasureResumeUser: user },
      {
        $set: { erasureResumeReady: at },
        $unset: { erasureResumeUser: '', ...RETRY_UNSET },
      },
      { timestamps: false },
    );
    await this.models.erasuresUnmarked.deleteMany({ teamId, user });
  }

  /** Resumes owed, their erasure done before `before`, across workspaces, oldest first. */
  async resumesDue(
    before: Date,
    limit: number,
  ): Promise<{ teamId: string; id: string; key: string }[]> {
    const docs = await this.models.tickets
      .find({ erasureResumeReady: trusted({ $lte: before }) })
      .sort({ erasureResumeReady: 1 })
      .limit(limit)
      .select({ _id: 1, teamId: 1, erasureResumeOwed: 1 })
      .lean<{ _id: unknown; teamId: string; erasureResumeOwed?: string }[]>();
    return docs.map((d) => ({
      teamId: d.teamId,
      id: String(d._id),
      key: d.erasureResumeOwed ?? '',
    }));
  }

  /** How many tickets a Slack user requested (the index on `requester.userId`): the quick count. */
  requestedBy(teamId: string, userId: string): Promise<number> {
    return this.models.tickets.countDocuments({ teamId, 'requester.userId': userId });
  }

  /**
   * Erasure by Slack user (a requester in Slack who is on no contact record: a Slack Connect
   * customer's person, a guest). With `write`, rewrites what the workspace holds of them, as an
   * erasure of a contact does (typed text replaced by `[erased]`, documents kept):
   * - the tickets they requested stay (the customer's service record) with the requester
   *   replaced by the marker (`requester.contactName: [erased]`, no user id) and their report
   *   (title, description) erased; on any ticket, their timeline entries keep their action and
   *   time, with `by` and the text `[erased]`, and their survey answer keeps its scores, with
   *   `by` and the comment `[erased]`; a ticket they filed themselves has `createdBy: [erased]`;
   * - everywhere else (every ticket's, interaction's, task's, customer's, change log's and
   *   order's typed text, the outbox's payloads, stored digests) their user id (a mention
   *   `<@U…>` too) and the texts they typed (`typedBy`) are replaced by `[erased]`, each as typed
   *   and as rendered (`renderedForms`: masked, escaped), and in the outbox and digests a
   *   rendered line cut within one (`withoutCutForms`: a renderer's clip, not an ellipsis
   *   someone typed) from where it begins to the ellipsis;
   * - the outbox's entries addressed to them (their DMs, their App Home) are deleted, and so is
   *   a record of Slack refusing a DM to them (`channel_refusals`), when they last opened
   *   their App Home (`home_opens`), and the record that Slack has no user of their id
   *   (`customer_signals`, an owner's: OWNER_UNKNOWN);
   * - a customer's mark of a change of owner still to draw (`namesOwed.from`) no longer names
   *   them;
   * - the events inbox: a message of theirs (or a reaction on one) not yet made into a ticket keeps nothing (its payload
   *   and error go and it counts as done: it would make them a requester again); one of someone
   *   else's naming them or quoting them is redacted as for a contact and kept.
   * Without `write`, only counts. Returns the tickets they requested and the others with an
   * entry of theirs (`requested`, `entries`), the inbox events (`inbox`), the documents changed
   * per collection (`changed`), the ids of the tickets rewritten (`tickets`, for their cards) and
   * their customers' codes (`codes`).
   */
  async scrubUser(
    teamId: string,
    userId: string,
    write: boolean,
    now: Date,
    /** Without it (a count only), the events inbox is not read (`inbox` 0). */
    countInbox = true,
    /** With `write`, before each document it rewrites (the lease kept: ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
    /** With `write`, told each ticket rewritten (its id) as it is. */
    rewrote: (ticketId: string) => void = () => undefined,
    /**
     * A mention of them (`mention`) in a rendered message (the outbox's, a digest's) as the
     * catalogue's words for an erased person in the workspace's language, as a message rendered
     * after the erasure says them; else `[erased]`.
     */
    named: (text: string, mention: RegExp) => string = (text, mention) =>
      text.replace(mention, ERASED),
  ): Promise<{
    requested: number;
    entries: number;
    /** Tickets they follow (taken off their followers). */
    followed: number;
    /**
     * Tickets naming them as the guest owner of the customer (its `guestOwner`, an escalation's
     * or reassign's `owners.guestOwner`): their id is `[erased]` there.
     */
    owned: number;
    /**
     * Tasks naming them as the guest owner of the customer (`guestOwner`: planned for the one
     * who stood in for them): their id is `[erased]` there.
     */
    ownedTasks: number;
    /**
     * The customers' change log entries whose old or new value is them (the owner changed from
     * or to them): their id is `[erased]` there.
     */
    ownerChanges: number;
    inbox: number;
    changed: Record<string, number>;
    tickets: string[];
    codes: string[];
  }> {
    if (!/^[UW][A-Z0-9]{2,31}$/.test(userId)) throw new Error('not a Slack user id');
    const changed: Record<string, number> = {};
    const count = (name: string) => (changed[name] = (changed[name] ?? 0) + 1);
    const { mention, bare } = userIdPatterns(userId);
    const ticketModel = this.models.tickets as unknown as RawCollection;
    const idField = (f: string) => ({ [f]: trusted({ $regex: userId }) });
    const found = await ticketModel
      .find({
        teamId,
        $or: [
          { 'requester.userId': userId },
          { createdBy: userId },
          { 'timeline.by': userId },
          // The desk's resume or reopen for their reply (a colleague of the requester's).
          { 'timeline.writer': userId },
          { 'survey.by': userId },
          { followers: userId },
          { 'followersOwed.user': userId },
          { 'followersOwed.by': userId },
          // A guest owner of its customer once (no longer staffTrace's: a closed ticket's, or as an
          // escalation or reassign found it, TicketEvent.owners): scrubbed with the rest.
          { guestOwner: userId },
          { 'timeline.owners.guestOwner': userId },
          // Whom a stand-in's DM still owed was for (the ticket moved on since: dropped by the
          // notices repair, minutes on).
          { 'standInTakenFor.guestOwner': userId },
          { 'standInTakenFor.accountManagerId': userId },
          ...FREE_TEXT.tickets.map(idField),
        ],
      })
      .lean<Doc[]>();
    // What they typed: the report of the tickets they requested, their entries, their comment.
    const typed = new Set<string>();
    const add = (s: unknown) => {
      if (typeof s !== 'string') return;
      const text = s.trim();
      // Short texts ("ok", "Thanks") name nobody and would erase others' words where they recur.
      for (const t of [text, ...text.split(/\n+/).map((l) => l.trim())])
        if (quotable(t) && t !== ERASED) typed.add(t);
    };
    const requester = (t: Doc) => (t.requester as { userId?: string } | undefined)?.userId;
    for (const t of found) {
      if (requester(t) === userId) {
        add(t.title);
        add(t.description);
      }
      for (const e of (t.timeline as Doc[] | undefined) ?? [])
        if (e.by === userId || e.writer === userId) add(e.text);
      const survey = t.survey as Record<string, unknown> | undefined;
      if (survey?.by === userId) add(survey.comment);
    }
    // Each as typed and as rendered (masked, escaped): the outbox's and digests' messages, and
    // a line cut at its limit within them (from a start long enough to name them).
    // A masked form only where the rest of the text is long enough to name them (quotable):
    // "l***@huadong.cn" alone is the masked address of everyone there whose starts with "l".
    const forms = [
      ...new Set([...typed].flatMap((t) => renderedForms(t, quotable(withoutPersonal(t))))),
    ]
      .filter((t) => t !== ERASED)
      .sort((a, b) => b.length - a.length);
    const literals = forms.map((t) => new RegExp(escapeRegExp(t), 'g'));
    const cutForms: CutForm[] = forms.map((text) => {
      let head = text;
      for (let k = 1; k < text.length; k++)
        if (quotable(text.slice(0, k))) {
          head = text.slice(0, k);
          break;
        }
      return { text, head };
    });
    /** Their user id (a mention too): anywhere in a document. */
    const eraseId = (s: string) => s.replace(mention, ERASED).replace(bare, ERASED);
    /** Their user id and their words (whole): in typed text and rendered messages. */
    const erase = (s: string) => {
      let out = eraseId(s);
      for (const p of literals) out = out.replace(p, ERASED);
      return out;
    };
    /**
     * The same in a rendered message (the outbox's, a digest's), a mention of them as `named`
     * says, and a line of it cut at its limit within their words: never in typed text, where an
     * ellipsis is one a person typed.
     */
    const eraseRendered = (s: string) => withoutCutForms(erase(named(s, mention)), cutForms);
    /**
     * A document of a FREE_TEXT collection: their words in its typed text, their id anywhere but
     * on a ticket's mark of whose erasure resumed it (erasureResumeUser: the upkeep finishes this
     * erasure by it should it stop now; gone once it is done, resumesReady).
     */
    const inTypedText = (name: FreeTextCollection, doc: Doc): Doc => {
      let next: unknown = doc;
      for (const field of FREE_TEXT[name]) next = rewritePath(next, field.split('.'), erase);
      const out = scrub(next, eraseId) as Doc;
      if (name === 'tickets' && doc.erasureResumeUser !== undefined)
        out.erasureResumeUser = doc.erasureResumeUser;
      return out;
    };
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const ownTicket = (doc: Doc): Doc | null => {
      const next: Doc = { ...doc };
      if (requester(doc) === userId) {
        const { userId: _gone, ...rest } = doc.requester as Record<string, unknown>;
        next.requester = { ...rest, contactName: ERASED };
        next.title = ERASED;
        next.description = ERASED;
      }
      if (doc.createdBy === userId) next.createdBy = ERASED;
      // A follower is taken off: nothing more is sent to them (no `[erased]` follows a ticket).
      const followers = doc.followers as string[] | undefined;
      if (followers?.includes(userId)) next.followers = followers.filter((u) => u !== userId);
      const since = doc.followedAt as Doc[] | undefined;
      if (since?.some((f) => f.user === userId))
        next.followedAt = since.filter((f) => f.user !== userId);
      // A "you now follow" DM still owed to them is owed no more; one owed of their adding
      // someone is still owed, without who added them (the DM is then worded without them).
      const owed = doc.followersOwed as Doc[] | undefined;
      if (owed?.some((o) => o.user === userId || o.by === userId))
        next.followersOwed = owed
          .filter((o) => o.user !== userId)
          .map((o) => {
            if (o.by !== userId) return o;
            const { by: _gone, ...rest } = o;
            return rest;
          });
      // Their entries keep action and time; the text goes, and so does a source in their DM
      // with the desk (`D…:ts`, their answer there): that channel's id leads back to them.
      // The desk's resume or reopen for their reply keeps its action, time and the desk's `by`:
      // their words go, and who wrote (the assignee's DM is not written again naming nobody).
      // A form's submission key on their entries (on every entry of a ticket they requested)
      // loses its digest of what was typed: the view's id stays (withoutSubmissionDigest).
      const theirTicket = requester(doc) === userId;
      next.timeline = ((doc.timeline as Doc[] | undefined) ?? []).map((read) => {
        const e =
          (theirTicket || read.by === userId || read.writer === userId) &&
          isSubmissionKey(read.source)
            ? { ...read, source: withoutSubmissionDigest(read.source) }
            : read;
        if (e.writer === userId) {
          const { writer: _gone, ...rest } = e;
          return { ...rest, ...(e.text !== undefined ? { text: ERASED } : {}) };
        }
        return e.by === userId
          ? {
              ...e,
              by: ERASED,
              ...(e.text !== undefined ? { text: ERASED } : {}),
              ...(typeof e.source === 'string' && /^D/.test(e.source) ? { source: ERASED } : {}),
            }
          : e;
      });
      const survey = doc.survey as Record<string, unknown> | undefined;
      if (survey?.by === userId)
        next.survey = {
          ...survey,
          by: ERASED,
          ...(survey.comment !== undefined ? { comment: ERASED } : {}),
        };
      const out = inTypedText('tickets', next);
      return same(out, doc) ? null : out;
    };
    let requested = 0;
    let entries = 0;
    let followed = 0;
    let owned = 0;
    const tickets: string[] = [];
    const codes = new Set<string>();
    /** The tickets they requested, with their conversation's channel (a customer's, if any). */
    const theirs: { id: string; channel?: string }[] = [];
    if (write) {
      // A merge lock they took (a merge of theirs under way, or cut short and lapsed: kept until
      // the next merge or the retention run a day on, forgetSubmissionDigests), on any ticket:
      // their id and their form's claim id taken off it, the lock kept (a merge under way still
      // holds its tickets; a repeat of it, no longer known as theirs, is refused busy). Through
      // the sparse `mergeLock.until` index (only the tickets holding a lock); a ticket of `found`
      // is read again by its rewrite (SCRUB_MARK).
      await keep();
      const locks = await this.models.tickets.updateMany(
        { teamId, 'mergeLock.until': trusted({ $gt: new Date(0) }), 'mergeLock.by': userId },
        { $unset: { 'mergeLock.by': '', 'mergeLock.key': '' }, ...SCRUBBED },
        { timestamps: false, strict: false },
      );
      if (locks.modifiedCount) changed.tickets = (changed.tickets ?? 0) + locks.modifiedCount;
    }
    for (const doc of found) {
      if (((doc.followers as string[] | undefined) ?? []).includes(userId)) followed++;
      if (
        doc.guestOwner === userId ||
        ((doc.timeline as Doc[] | undefined) ?? []).some(
          (e) => (e.owners as Doc | undefined)?.guestOwner === userId,
        )
      )
        owned++;
      if (requester(doc) === userId) {
        requested++;
        codes.add(String(doc.customerCode));
        const channel = (doc.conversation as { channel?: unknown } | undefined)?.channel;
        theirs.push({ id: String(doc._id), ...(typeof channel === 'string' ? { channel } : {}) });
      } else if (
        ((doc.timeline as Doc[] | undefined) ?? []).some(
          (e) => e.by === userId || e.writer === userId,
        ) ||
        (doc.survey as Record<string, unknown> | undefined)?.by === userId
      )
        entries++;
      if (!write) continue;
      await keep();
      if (await rewriteUnchanged(ticketModel, doc, ownTicket, true)) {
        count('tickets');
        tickets.push(String(doc._id));
        rewrote(String(doc._id));
      }
    }
    // The tasks planned for them as the customer's guest owner, found by the tasks' search below
    // (`guestOwner`) and `[erased]` there: counted as they are before any write, the plan's too.
    const ownedTasks = await this.models.tasks.countDocuments({ teamId, guestOwner: userId });
    // The change log entries of a change of owner from or to them (ownerTracesOf's), `[erased]`
    // by the typed text's pass below (`oldValue`, `newValue`): counted before it, as the tasks.
    const ownerChanges = await this.models.customerChanges.countDocuments({
      teamId,
      $or: [{ oldValue: userId }, { newValue: userId }],
    });
    // Every other typed text: their id and their words, where quoted.
    const texts = (fields: readonly string[]) =>
      fields.flatMap((f) => [
        { [f]: trusted({ $regex: userId }) },
        ...literals.map((p) => ({ [f]: trusted({ $regex: p.source }) })),
      ]);
    const scrubbed = (name: FreeTextCollection | null) => (doc: Doc) => {
      const next = name ? inTypedText(name, doc) : (scrub(doc, eraseRendered) as Doc);
      return same(next, doc) ? null : next;
    };
    if (write) {
      // A change of owner's mark naming them among whom its tickets named before (a guest
      // owner's, as an earlier version wrote it): taken off, not scrubbed (the repair would
      // draw `[erased]`'s Home), before the typed text's pass reads the customers; counted in
      // SCRUB_MARK, as the marks naming them on tickets below: another erasure's rewrite of the
      // document read before this write misses (else it would put them back).
      await keep();
      const owedFrom = await this.models.customers.updateMany(
        { teamId, 'namesOwed.from': userId },
        { $pull: { 'namesOwed.from': userId }, ...SCRUBBED },
        { timestamps: false, strict: false },
      );
      if (owedFrom.modifiedCount) {
        changed.customers = (changed.customers ?? 0) + owedFrom.modifiedCount;
        // None left: no `from` at all, as a save's own copies then clear the mark.
        await this.models.customers.updateMany(
          { teamId, 'namesOwed.from': trusted({ $size: 0 }) },
          { $unset: { 'namesOwed.from': '' } },
          { timestamps: false },
        );
      }
      // An erasure they started (an admin then) still unfinished: who started it kept no more,
      // on its marks nor on its record of marks another erasure took (UnmarkedErasureDoc); the
      // upkeep then tells the workspace's admins as they stand when it finishes it, as for a run
      // that named none (UpkeepAdmins). Nor that they were told it waits on a guest owner
      // (erasureResumeOwnerTo): none told left an admin, the admins then standing are told.
      await keep();
      await this.models.tickets.updateMany(
        { teamId, erasureResumeBy: userId },
        { $unset: { erasureResumeBy: '' }, ...SCRUBBED },
        { timestamps: false, strict: false },
      );
      await this.models.erasuresUnmarked.updateMany({ teamId, by: userId }, { $unset: { by: '' } });
      await this.models.erasuresUnmarked.updateMany(
        { teamId, starters: userId },
        { $pull: { starters: userId } },
      );
      await this.models.tickets.updateMany(
        { teamId, erasureResumeOwnerTo: userId },
        { $pull: { erasureResumeOwnerTo: userId }, ...SCRUBBED },
        { timestamps: false, strict: false },
      );
      await this.models.erasuresUnmarked.updateMany(
        { teamId, ownerTo: userId },
        { $pull: { ownerTo: userId } },
      );
      for (const [name, fields] of Object.entries(FREE_TEXT) as [
        FreeTextCollection,
        readonly string[],
      ][]) {
        if (name === 'tickets') {
          // The tickets found above are done; the others that quote their words.
          if (!literals.length) continue;
          const done = found.map((d) => d._id);
          const quoting = await ticketModel
            .find({
              teamId,
              _id: trusted({ $nin: done }),
              $or: FREE_TEXT.tickets.flatMap((f) =>
                literals.map((p) => ({ [f]: trusted({ $regex: p.source }) })),
              ),
            })
            .lean<Doc[]>();
          for (const doc of quoting) {
            await keep();
            if (await rewriteUnchanged(ticketModel, doc, scrubbed('tickets'), true)) {
              count('tickets');
              tickets.push(String(doc._id));
              rewrote(String(doc._id));
            }
          }
          continue;
        }
        const model = this.models[name] as unknown as RawCollection;
        // A task planned for them as the customer's guest owner (a stand-in doing it): its
        // `guestOwner` (staffTrace does not refuse them for it), `[erased]` with the rest.
        const also = name === 'tasks' ? [{ guestOwner: userId }] : [];
        for (const doc of await model
          .find({ teamId, $or: [...texts(fields), ...also] })
          .lean<Doc[]>()) {
          await keep();
          if (await rewriteUnchanged(model, doc, scrubbed(name))) count(name);
        }
      }
      // The submission that closed a task of a ticket they requested (Done, Cancel task: its key,
      // a digest of what was typed about them), as their ticket's entries lose theirs above: it
      // found a repeat of that form, no longer needed. (Whoever did or cancelled a task is staff,
      // whom an erasure by Slack user refuses: staffTrace.)
      if (theirs.length) {
        await keep();
        const closedForms = await this.models.tasks.updateMany(
          {
            teamId,
            closedForm: trusted({ $exists: true }),
            ticketId: trusted({ $in: theirs.map((t) => t.id) }),
          },
          { $unset: { closedForm: '' }, ...SCRUBBED },
          { timestamps: false, strict: false },
        );
        if (closedForms.modifiedCount)
          changed.tasks = (changed.tasks ?? 0) + closedForms.modifiedCount;
      }
      const outbox = this.models.outbox;
      const gone = await outbox.deleteMany({ teamId, to: userId });
      if (gone.deletedCount) changed.outbox = gone.deletedCount;
      for (const name of BY_TEAM) {
        const model = this.models[name] as unknown as RawCollection;
        for (const doc of await model.find({ teamId }).lean<Doc[]>()) {
          await keep();
          if (await rewriteUnchanged(model, doc, scrubbed(null))) count(name);
        }
      }
      const refusals = await this.models.channelRefusals.deleteMany({ teamId, channel: userId });
      if (refusals.deletedCount) changed.channelRefusals = refusals.deletedCount;
      const opened = await this.models.homeOpens.deleteMany({ teamId, userId });
      if (opened.deletedCount) changed.homeOpens = opened.deletedCount;
      // The record that Slack said it has no user of their id (an owner's: the admins' Home
      // names it while they own customers), its key their id.
      const unknown = await this.models.customerSignals.deleteMany({
        teamId,
        kind: OWNER_UNKNOWN,
        key: String(userId),
      });
      if (unknown.deletedCount) changed.customerSignals = unknown.deletedCount;
      // Where the desk's notices to them went outside their customer's channel (ticket_posts,
      // kind requester: their DM, whose id leads back to them, as a source in it does): the
      // record goes, so those notices are not edited (README Limits); their channel's thread's
      // stay, and are edited as the ticket is shown again.
      const requesterPosts = theirs.length
        ? {
            teamId,
            kind: 'requester' as const,
            $or: theirs.map((t) => ({
              ticketId: t.id,
              ...(t.channel ? { channel: trusted({ $ne: t.channel }) } : {}),
            })),
          }
        : undefined;
      // Their DM's channel (`D…`: Slack answers a post to them with it), as the records about
      // to go name it: the edits of those posts written to it (owed, or sent and kept a week)
      // go too, so that no entry keeps the channel that leads back to them.
      const dmChannels = new Set<string>();
      for (const filter of [
        ...(requesterPosts ? [requesterPosts] : []),
        dmRecordsOf(teamId, userId),
      ])
        for (const p of await this.models.ticketPosts
          .find(filter, { channel: 1 })
          .lean<{ channel: string }[]>())
          if (p.channel.startsWith('D') || p.channel === userId) dmChannels.add(p.channel);
      if (dmChannels.size) {
        const edits = await outbox.deleteMany({
          teamId,
          kind: 'message.edit',
          to: trusted({ $in: [...dmChannels] }),
        });
        if (edits.deletedCount) changed.outbox = (changed.outbox ?? 0) + edits.deletedCount;
      }
      if (requesterPosts) {
        const posts = await this.models.ticketPosts.deleteMany(requesterPosts);
        if (posts.deletedCount) changed.ticketPosts = posts.deletedCount;
      }
      // The desk's other DMs to them (an account manager's, an assignee's notice...): the record
      // goes too (`to`, or an older record's channel, their id: what the export lists), so those
      // DMs keep their words rather than the desk keeping their DM.
      const dms = await this.models.ticketPosts.deleteMany(dmRecordsOf(teamId, userId));
      if (dms.deletedCount) changed.ticketPosts = (changed.ticketPosts ?? 0) + dms.deletedCount;
    }
    // The events inbox: theirs keep nothing; others' that name or quote them are redacted.
    let inbox = 0;
    const result = () => ({
      requested,
      entries,
      followed,
      owned,
      ownedTasks,
      ownerChanges,
      inbox,
      changed,
      tickets,
      codes: [...codes].sort(),
    });
    if (!write && !countInbox) return result();
    await this.scrubInboxOf(teamId, userId, erase, {}, now, async (change) => {
      inbox++;
      if (!write) return;
      await keep();
      await change();
      count('slackEvents');
    });
    return result();
  }

  /**
   * What an erasure by Slack user (scrubUser) may have left of `userId` when another erasure ran
   * beside it (its lease taken within its scrub: erasureOutran), scrubbed again; only what was
   * made by `before` (when it ended: nothing the person did since is touched). Two erasures of
   * this version at once write back nothing (rewriteUnchanged: each rewrite changes SCRUB_MARK,
   * which the other's stale rewrite reads, and the events inbox's set reads the payload): this
   * finds nothing then. It is kept for what an instance older than SCRUB_MARK (records in flight
   * at a deploy, or an erasure beside an older instance's) may have written back: its replace
   * left every mark as read, so the other's rewrite of a document both read, landing after this
   * one's, had their id back. Not a ticket (each rewrite bumps its version: a stale one is read
   * again), nor what was deleted (a replace of a deleted document writes nothing), nor a
   * record's atomic pull. So: their id in the typed text
   * of the other collections (FREE_TEXT but tickets, those fields only; a task's `guestOwner`:
   * no field they could not be in when erased, a customer they own as a guest since keeps its
   * owner), a change of owner's mark naming them (`namesOwed.from`, pulled), the outbox's and
   * digests' messages (a mention as `named` says), and the events inbox (theirs keep nothing;
   * others' naming them redacted: its payload is set from a read too). Their words are not known
   * any more (their tickets erased), so none are looked for. Documents changed, per collection.
   */
  async rescrubUser(
    teamId: string,
    userId: string,
    before: Date,
    now: Date,
    keep: () => Promise<void> = async () => undefined,
    named: (text: string, mention: RegExp) => string = (text, mention) =>
      text.replace(mention, ERASED),
  ): Promise<Record<string, number>> {
    if (!/^[UW][A-Z0-9]{2,31}$/.test(userId)) throw new Error('not a Slack user id');
    const changed: Record<string, number> = {};
    const count = (name: string, n = 1) => (changed[name] = (changed[name] ?? 0) + n);
    const { mention, bare } = userIdPatterns(userId);
    const eraseId = (s: string) => s.replace(mention, ERASED).replace(bare, ERASED);
    /** Made by `before` (or of no date: older than the field). */
    const made = (field: string) => ({
      $or: [{ [field]: trusted({ $lte: before }) }, { [field]: trusted({ $exists: false }) }],
    });
    const changes = (doc: Doc, next: unknown) =>
      JSON.stringify(next) === JSON.stringify(doc) ? null : (next as Doc);
    // Only the fields they could be in when they were erased (no staff, no guest owner of a
    // customer: refused else): a customer they own as a guest since keeps its owner.
    const typed = (name: FreeTextCollection) => (doc: Doc) => {
      let next: unknown = doc;
      for (const field of FREE_TEXT[name]) next = rewritePath(next, field.split('.'), eraseId);
      if (name === 'tasks' && doc.guestOwner === userId)
        next = { ...(next as Doc), guestOwner: ERASED };
      return changes(doc, next);
    };
    const rendered = (doc: Doc) =>
      changes(
        doc,
        scrub(doc, (s) => eraseId(named(s, mention))),
      );
    await keep();
    const owedFrom = await this.models.customers.updateMany(
      { teamId, 'namesOwed.from': userId, ...made('createdAt') },
      { $pull: { 'namesOwed.from': userId }, ...SCRUBBED },
      { timestamps: false, strict: false },
    );
    if (owedFrom.modifiedCount) {
      count('customers', owedFrom.modifiedCount);
      await this.models.customers.updateMany(
        { teamId, 'namesOwed.from': trusted({ $size: 0 }) },
        { $unset: { 'namesOwed.from': '' } },
        { timestamps: false },
      );
    }
    for (const [name, fields] of Object.entries(FREE_TEXT) as [
      FreeTextCollection,
      readonly string[],
    ][]) {
      if (name === 'tickets') continue;
      const model = this.models[name] as unknown as RawCollection;
      const also = name === 'tasks' ? [{ guestOwner: userId }] : [];
      const filter = {
        teamId,
        $and: [
          { $or: [...fields.map((f) => ({ [f]: trusted({ $regex: userId }) })), ...also] },
          made(name === 'customerChanges' ? 'at' : 'createdAt'),
        ],
      };
      for (const doc of await model.find(filter).lean<Doc[]>()) {
        await keep();
        if (await rewriteUnchanged(model, doc, typed(name))) count(name);
      }
    }
    for (const name of BY_TEAM) {
      const model = this.models[name] as unknown as RawCollection;
      const filter = { teamId, ...made(name === 'digests' ? 'builtAt' : 'createdAt') };
      for (const doc of await model.find(filter).lean<Doc[]>()) {
        await keep();
        if (await rewriteUnchanged(model, doc, rendered)) count(name);
      }
    }
    await this.scrubInboxOf(teamId, userId, eraseId, made('at'), now, async (change) => {
      await keep();
      await change();
      count('slackEvents');
    });
    return changed;
  }

  /**
   * The events inbox's payloads of `teamId` (`filter` besides) scrubbed of `userId` by `erase`:
   * an event that is theirs (their message, its edit, a reaction on their message: redacted, its
   * `item_user` would fail the reaction's schema and its redo quietly mark it done; their action)
   * is done with nothing kept, so it makes no ticket of their message; another's text and error
   * are erased where they name them. `found` is given each event to change, with the write that
   * changes it (the caller keeps its lease, counts it, or only counts it: a dry run).
   */
  private async scrubInboxOf(
    teamId: string,
    userId: string,
    erase: (text: string) => string,
    filter: Record<string, unknown>,
    now: Date,
    found: (write: () => Promise<unknown>) => Promise<void>,
  ): Promise<void> {
    const events = await this.models.seenEvents
      .find({ teamId, payload: trusted({ $exists: true }), ...filter })
      .sort({ at: 1, _id: 1 })
      .select({ _id: 1, payload: 1, error: 1 })
      .lean<{ _id: string; payload: string; error?: string }[]>();
    for (const ev of events) {
      const payload = parsedPayload(ev.payload);
      const e = payload?.event ?? {};
      const message = e.message as { user?: unknown } | undefined;
      if ([e.user, message?.user, e.item_user, payload?.actor].includes(userId)) {
        await found(() =>
          this.models.seenEvents.updateOne(
            { _id: ev._id, teamId },
            {
              $set: { status: 'done', doneAt: now },
              $unset: { payload: 1, error: 1, leaseUntil: 1, nextAttemptAt: 1 },
            },
          ),
        );
        continue;
      }
      if (!scrubbedEvent(payload, ev, erase)) continue;
      await found(() => this.setScrubbedEvent(teamId, ev, erase));
    }
  }

  /**
   * An event's payload and error erased by `erase` (scrubbedEvent), set only while they are as
   * `ev` read them: another erasure's set of them, read before this one's write, misses and
   * erases in them as they are now (neither writes back what the other took out), and an event
   * done meanwhile (its payload gone) is left so. Throws when it kept changing.
   */
  private async setScrubbedEvent(
    teamId: string,
    ev: { _id: string; payload: string; error?: string },
    erase: (text: string) => string,
  ): Promise<void> {
    let current: { payload?: string | null; error?: string | null } | null = ev;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (typeof current?.payload !== 'string') return;
      const read = { payload: current.payload, error: current.error ?? undefined };
      const next = scrubbedEvent(parsedPayload(read.payload), read, erase);
      if (!next) return;
      const res = await this.models.seenEvents.updateOne(
        {
          _id: ev._id,
          teamId,
          payload: read.payload,
          error: read.error === undefined ? trusted({ $exists: false }) : read.error,
        },
        { $set: next },
      );
      if (res.matchedCount) return;
      current = await this.models.seenEvents
        .findOne({ _id: ev._id, teamId })
        .select({ payload: 1, error: 1 })
        .lean<{ payload?: string | null; error?: string | null }>();
    }
    throw new Error('an event kept changing while its personal data was rewritten');
  }

  /**
   * Rewrites the customer document (the raw document: no log) as `rewrite` says of it: the
   * fields to set and those to unset, from `read` (the customer as the erasure read it), written
   * only while its revision is as read. Another write landing between (a contact added, notes
   * typed) is not undone: the customer is read again and `rewrite` asked again of it, a few times
   * at most. Returns the revision this write gave it (none: the customer is gone).
   */
  async rewriteCustomer(
    teamId: string,
    customerId: string,
    read: Doc,
    rewrite: (customer: Doc) => { set: Record<string, unknown>; unset: string[] },
  ): Promise<number | undefined> {
    let current: Doc | null = read;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (!current) return undefined;
      const { set, unset } = rewrite(current);
      const revision = current.revision;
      const doc = await this.models.customers
        .findOneAndUpdate(
          {
            teamId,
            _id: customerId,
            revision: typeof revision === 'number' ? revision : trusted({ $exists: false }),
          },
          {
            ...(Object.keys(set).length ? { $set: set } : {}),
            ...(unset.length ? { $unset: Object.fromEntries(unset.map((k) => [k, 1])) } : {}),
            $inc: { revision: 1 },
          },
          { returnDocument: 'after', projection: { revision: 1 } },
        )
        .lean<{ revision?: number }>();
      if (doc) return doc.revision;
      current = await this.models.customers.findOne({ teamId, _id: customerId }).lean<Doc>();
    }
    throw new Error('a customer kept changing while its personal data was rewritten');
  }

  /**
   * The erased name written on the customer's copies of its name, its channel links and its
   * tasks (open or not), with the revision the erasure gave the file (`revision`, as a rename's
   * copy is: src/db/name-copies.ts): a rename's copy still running when the file was erased, of
   * a lower revision, can no longer write its name back, and a copy it wrote before is
   * overwritten. Only that field is rewritten (channel ids are not text to scan). Returns the
   * links changed.
   */
  async nameErased(
    teamId: string,
    customerId: string,
    customerName: string,
    revision: number,
  ): Promise<number> {
    const set = { $set: { customerName, customerNameRevision: revision } };
    const filter = { teamId, customerId, $or: olderNameCopy(revision) };
    const links = await this.models.channelLinks.updateMany(filter, set);
    await this.models.tasks.updateMany(filter, set);
    return links.modifiedCount;
  }

  /**
   * The erased name of a customer, unique in its workspace (the name key is), with its sort key
   * (which spells the name too).
   */
  static erasedName(code: string) {
    const name = erasedName(code);
    const key = nameKey(name);
    return { name, nameKey: key, ...sortKeyFields(key) };
  }

  /**
   * The tickets retention rewrote in an earlier run whose card refresh and post edits never
   * reached the outbox
   * (the run failed between the rewrite and the outbox's write): handed to `rewritten`
   * RETENTION_PAGE ids at a time, marked done when it says they are written, else left for the
   * next run. Returns how many were written.
   */
  async cardsOwed(teamId: string, rewritten: CardsRewritten): Promise<number> {
    let after: Types.ObjectId | undefined;
    let written = 0;
    for (;;) {
      const page = await this.models.tickets
        .find({ teamId, cardOwed: true, ...(after ? { _id: trusted({ $gt: after }) } : {}) })
        .sort({ _id: 1 })
        .limit(RETENTION_PAGE)
        .select({ _id: 1 })
        .lean<{ _id: Types.ObjectId }[]>();
      const ids = page.map((d) => String(d._id));
      if (ids.length && (await rewritten(ids))) {
        await this.cardsShown(teamId, ids);
        written += ids.length;
      }
      if (page.length < RETENTION_PAGE) return written;
      after = page.at(-1)!._id;
    }
  }

  /** The tickets' cards are in the outbox: nothing owed any more (single-document updates). */
  private async cardsShown(teamId: string, ids: string[]): Promise<void> {
    await this.models.tickets.updateMany(
      { teamId, _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }) },
      { $unset: { cardOwed: 1 } },
    );
  }

  /**
   * Retention: closed tickets (closed before `before`) lose their typed text (every FREE_TEXT
   * field: title, description, resolution, timeline notes, the complaint's contact summary,
   * attempts' summaries, reason for a resolve without the contact, root cause and corrective action, the demand's plan, the survey's comment; and the
   * requester's contact name), interactions before `before` their summary, feedback, next
   * step and upgrade intent, and tasks finished before `before` their words, their outcome's summary and
   * feedback (the interaction they logged, kept on the task) and their cancel's note. Idempotent: what reads `[erased]`
   * already is left alone. Tickets are read and rewritten RETENTION_PAGE at a time (a first run
   * on years of tickets holds one page in memory); after each page, `rewritten` is given the ids
   * of its tickets this run changed (their cards, if posted, show the old text, and the desk's
   * posts about them, their assignees' DMs even with no card posted, too). Such a ticket is
   * marked `cardOwed` in the same write, and the mark is taken off once `rewritten` says its
   * card and edits are in the outbox (CardsOwed). Tasks linked to a ticket are read
   * RETENTION_LINKED_PAGE at a time, each page handed to `tasksTaken` first (the edits of the DMs
   * about them, recorded as their ticket's posts: its ticket may not be anonymised in this run),
   * their words then taken at once; those linked to none RETENTION_PAGE at a time, each page
   * handed to `tasksTaken` first, then its words taken. A page it says were not written is left
   * for the next run. Returns the counts.
   */
  async anonymiseBefore(
    teamId: string,
    before: Date,
    rewritten: CardsRewritten = async () => true,
    tasksTaken: TasksTaken = async () => true,
  ): Promise<{ tickets: number; interactions: number; tasks: number }> {
    const tickets = this.models.tickets as unknown as RawCollection;
    let ticketCount = 0;
    const typed = (field: string) => ({ [field]: trusted({ $exists: true, $ne: ERASED }) });
    /**
     * Any of the fields typed text: a field of an array's elements (the timeline's notes) by
     * `$elemMatch` (a `$ne` on `timeline.text` would pass only when no note at all reads
     * `[erased]`). Not the description alone: an erasure of the requester takes the title and
     * description and leaves the staff's resolution and notes, which retention takes too.
     */
    const anyTyped = (fields: readonly string[], arrays: readonly string[]) =>
      fields.map((field) => {
        const array = arrays.find((a) => field.startsWith(`${a}.`));
        if (!array) return typed(field);
        return { [array]: trusted({ $elemMatch: typed(field.slice(array.length + 1)) }) };
      });
    const filter = {
      teamId,
      status: 'closed' as const,
      closedAt: trusted({ $lt: before }),
      $or: anyTyped(FREE_TEXT.tickets, ['timeline', 'complaint.attempts']),
    };
    // Rewritten as each ticket is now (an erasure or a change made meanwhile stays).
    const anonymised = (doc: Doc): Doc | null => {
      let next: unknown = doc;
      for (const field of FREE_TEXT.tickets)
        next = rewritePath(next, field.split('.'), () => ERASED);
      // The submission keys of its forms go with what was typed in them (the view's id stays).
      for (const field of SUBMISSION_KEY_FIELDS.tickets)
        next = rewritePath(next, field.split('.'), withoutSubmissionDigest);
      if (JSON.stringify(next) === JSON.stringify(doc)) return null;
      // Its card and posts show the old text until their refresh and edits are in the outbox
      // (taken off then); a ticket with no card posted still had its assignees' DMs sent.
      return { ...(next as Doc), cardOwed: true };
    };
    // Read in closing order from the closedAt index, each page after the last one read (the
    // tickets closed at that very instant already read left out): one pass over the index.
    let from: Date | undefined;
    let read: Types.ObjectId[] = [];
    for (;;) {
      const page = await this.models.tickets
        .find({
          ...filter,
          ...(from ? { closedAt: trusted({ $gte: from, $lt: before }) } : {}),
          ...(read.length ? { _id: trusted({ $nin: read }) } : {}),
        })
        .sort({ closedAt: 1 })
        .limit(RETENTION_PAGE)
        .lean<Doc[]>();
      const changed: string[] = [];
      for (const doc of page)
        if (await rewriteUnchanged(tickets, doc, anonymised, true)) {
          ticketCount++;
          changed.push(String(doc._id));
        }
      if (changed.length && (await rewritten(changed))) await this.cardsShown(teamId, changed);
      if (page.length < RETENTION_PAGE) break;
      const last = (page.at(-1)!.closedAt as Date).getTime();
      const tied = page
        .filter((d) => (d.closedAt as Date).getTime() === last)
        .map((d) => d._id as Types.ObjectId);
      read = from?.getTime() === last ? [...read, ...tied] : tied;
      from = new Date(last);
    }
    // Any of its typed texts, not its summary alone (an erasure may have taken that only).
    const interactions = await this.models.interactions.updateMany(
      { teamId, at: trusted({ $lt: before }), $or: anyTyped(FREE_TEXT.interactions, []) },
      { $set: { summary: ERASED }, $unset: { feedback: 1, nextStep: 1, upgradeWhat: 1 } },
    );
    // A task's outcome is the interaction it logged (its summary and feedback, shown as the
    // card's "Last revisit"); its words (`content`) are typed too; and how a person who
    // cancelled it tried, or why it was not needed (Cancel task…).
    const outcome = {
      doneAt: trusted({ $lt: before }),
      $or: anyTyped(['outcome.summary', 'outcome.feedback'], []),
    };
    const content = {
      $or: [{ doneAt: trusted({ $lt: before }) }, { cancelledAt: trusted({ $lt: before }) }],
      ...typed('content'),
    };
    const note = {
      status: 'cancelled' as const,
      cancelledAt: trusted({ $lt: before }),
      ...typed('cancelNote'),
    };
    // Filters built apart from their query (mongoose types a filter only in place).
    const taskModel = this.models.tasks as unknown as Model<Doc>;
    /** Their words taken, of the tasks `scope` picks: how many of each of the three changed. */
    const taskWordsTaken = async (scope: Record<string, unknown>): Promise<number> => {
      const outcomes = await taskModel.updateMany(
        { teamId, ...scope, ...outcome },
        { $set: { 'outcome.summary': ERASED }, $unset: { 'outcome.feedback': 1 } },
      );
      const contents = await taskModel.updateMany(
        { teamId, ...scope, ...content },
        { $set: { content: ERASED } },
      );
      const notes = await taskModel.updateMany(
        { teamId, ...scope, ...note },
        { $set: { cancelNote: ERASED } },
      );
      return outcomes.modifiedCount + contents.modifiedCount + notes.modifiedCount;
    };
    // Tasks linked to a ticket: the DMs about them are its posts (taskPostOf, kind task), edited
    // with it when it is anonymised, but a ticket still open, or closed after its task was done,
    // is not: read a large page at a time (ids and tickets), each page's DM edits written first
    // (tasksTaken: one read of their records), then their words taken at once; when a page's
    // edits could not be written, only those of the pages written are taken (the rest left for
    // the next run).
    const linked = { teamId, ticketId: trusted({ $ne: null }), $or: [outcome, content, note] };
    const linkedTaken: Types.ObjectId[][] = [];
    let linkedMissed = false;
    let afterLinked: Types.ObjectId | undefined;
    for (;;) {
      const page = await taskModel
        .find({ ...linked, ...(afterLinked ? { _id: trusted({ $gt: afterLinked }) } : {}) })
        .sort({ _id: 1 })
        .limit(RETENTION_LINKED_PAGE)
        .select({ _id: 1, ticketId: 1 })
        .lean<{ _id: Types.ObjectId; ticketId: string }[]>();
      if (!page.length) break;
      afterLinked = page.at(-1)!._id;
      const ids = page.map((d) => String(d._id));
      if (await tasksTaken(ids, [...new Set(page.map((d) => String(d.ticketId)))]))
        linkedTaken.push(page.map((d) => d._id));
      else linkedMissed = true;
      if (page.length < RETENTION_LINKED_PAGE) break;
    }
    let taskCount = 0;
    if (!linkedMissed) taskCount += await taskWordsTaken({ ticketId: trusted({ $ne: null }) });
    else
      for (const ids of linkedTaken)
        taskCount += await taskWordsTaken({ _id: trusted({ $in: ids }) });
    // Those linked to no ticket, a page at a time, in id order: the edits of their DMs written
    // first (tasksTaken), then their words taken; a page whose edits could not be written is
    // left for the next run.
    let afterTask: Types.ObjectId | undefined;
    for (;;) {
      const page = await taskModel
        .find({
          teamId,
          ticketId: null,
          $or: [outcome, content, note],
          ...(afterTask ? { _id: trusted({ $gt: afterTask }) } : {}),
        })
        .sort({ _id: 1 })
        .limit(RETENTION_PAGE)
        .select({ _id: 1 })
        .lean<{ _id: Types.ObjectId }[]>();
      if (!page.length) break;
      afterTask = page.at(-1)!._id;
      if (await tasksTaken(page.map((d) => String(d._id))))
        taskCount += await taskWordsTaken({ _id: trusted({ $in: page.map((d) => d._id) }) });
      if (page.length < RETENTION_PAGE) break;
    }
    // The submission that closed a task (Done, Cancel task: a digest of what was typed in it),
    // kept to find that form sent again, goes with its words (not counted: no words of its own).
    await this.models.tasks.updateMany(
      {
        teamId,
        closedForm: trusted({ $exists: true }),
        $or: [{ doneAt: trusted({ $lt: before }) }, { cancelledAt: trusted({ $lt: before }) }],
      },
      { $unset: { closedForm: '' } },
    );
    return {
      tickets: ticketCount,
      interactions: interactions.modifiedCount,
      tasks: taskCount,
    };
  }

  /**
   * The form submission keys written before `before` (a day ago: SUBMISSION_DIGEST_DAYS) lose
   * their digest of what was typed: a ticket's timeline entries dated before then keep the view's
   * id (`view:<id>`, as an erasure leaves them), the tasks done or cancelled before then lose the
   * key that closed them (`closedForm`, as retention takes it). A key only finds a repeat of its
   * form within minutes (Slack's redelivery, a double click), so a day-old one serves nothing,
   * and those stored before the digest was keyed (session 58: an unkeyed SHA-256, which a guess
   * list with the view's id could test) go at the first runs after the upgrade. At most
   * `pages` pages of SUBMISSION_DIGEST_PAGE tickets and as many of tasks per call (a desk with
   * years of old keys is cleared over several days); `more` when a page was full. Each ticket is
   * rewritten as read (rewriteUnchanged: a change meanwhile is read again), each task by a
   * conditional update: several instances, or a second run, change nothing more. Last, the
   * merge locks lapsed before then (`locks`: left on the tickets by a merge cut short, holding the
   * claim id of the form's submission and who sent it: TicketService.lockMerge) are taken off.
   */
  async forgetSubmissionDigests(
    teamId: string,
    before: Date,
    pages = SUBMISSION_DIGEST_PAGES,
  ): Promise<{ tickets: number; tasks: number; left: number; locks: number }> {
    const tickets = this.models.tickets as unknown as RawCollection;
    const old = (entry: unknown) => {
      const e = entry as { at?: unknown; source?: unknown };
      return e.at instanceof Date && e.at < before && isSubmissionKey(e.source);
    };
    const stripped = (doc: Doc): Doc | null => {
      const timeline = doc.timeline;
      if (!Array.isArray(timeline) || !timeline.some(old)) return null;
      return {
        ...doc,
        timeline: timeline.map((e) =>
          old(e) ? { ...(e as Doc), source: withoutSubmissionDigest((e as Doc).source) } : e,
        ),
      };
    };
    // From the `timeline.source` index (its prefix): an entry with a key and dated before.
    const withKey = trusted({
      $elemMatch: { source: { $regex: SUBMISSION_KEY_QUERY }, at: { $lt: before } },
    });
    let ticketCount = 0;
    let taskCount = 0;
    let more = false;
    const ticketsWithKey = { teamId, timeline: withKey };
    for (let i = 0; i < pages; i++) {
      const page = await this.models.tickets
        .find(ticketsWithKey)
        .limit(SUBMISSION_DIGEST_PAGE)
        .select(Object.fromEntries(['timeline', SCRUB_MARK, ...WRITE_MARKS].map((k) => [k, 1])))
        .lean<Doc[]>();
      for (const doc of page) if (await rewriteUnchanged(tickets, doc, stripped)) ticketCount++;
      more = page.length === SUBMISSION_DIGEST_PAGE;
      if (!more) break;
    }
    // Only the tasks still holding a key with its digest (the `{teamId, closedForm}` index's
    // range `view:`…`view;`): those already stripped hold no `closedForm`, or, after an
    // erasure, `view:<id>` (not matched), so a run reads the tasks closed by a form lately, not
    // every closed task, every day.
    const closedBefore = {
      teamId,
      closedForm: trusted({ $regex: SUBMISSION_KEY_QUERY }),
      $or: [{ doneAt: trusted({ $lt: before }) }, { cancelledAt: trusted({ $lt: before }) }],
    };
    // Filters built apart from their query (mongoose types a filter only in place).
    const taskModel = this.models.tasks as unknown as Model<Doc>;
    for (let i = 0; i < pages; i++) {
      const page = await taskModel
        .find(closedBefore)
        .limit(SUBMISSION_DIGEST_PAGE)
        .select({ _id: 1 })
        .lean<{ _id: unknown }[]>();
      if (page.length) {
        const res = await taskModel.updateMany(
          { ...closedBefore, _id: trusted({ $in: page.map((d) => d._id) }) },
          { $unset: { closedForm: '' } },
        );
        taskCount += res.modifiedCount;
      }
      const full = page.length === SUBMISSION_DIGEST_PAGE;
      if (!full) break;
      if (i === pages - 1) more = true;
    }
    // What a next run has to do, counted only when a page was full (the first runs after the
    // upgrade on a big desk): two index counts.
    const left = more
      ? (await this.models.tickets.countDocuments(ticketsWithKey)) +
        (await taskModel.countDocuments(closedBefore))
      : 0;
    // A lapsed lock holds nothing (the next merge takes it over), but would keep its submission's
    // claim id and its person's user id until one does: unset, conditional on its lapse (a lock
    // taken since lapses 30 s on, never a day ago), through the sparse `mergeLock.until` index
    // (only the tickets holding a lock). Nothing the ticket shows changed: no `updatedAt` moved.
    const locks = await this.models.tickets.updateMany(
      { teamId, 'mergeLock.until': trusted({ $lt: before }) },
      { $unset: { mergeLock: '' } },
      { timestamps: false },
    );
    return { tickets: ticketCount, tasks: taskCount, left, locks: locks.modifiedCount };
  }

  /**
   * Everything the desk holds for a workspace, deleted from every collection (the seam the
   * uninstall path calls; nothing here calls it). Returns the documents deleted per collection.
   * A collection is erased by its `teamId` field, or, for one keyed by `_id` (WORKSPACE_BY_ID:
   * the counters, `team:kind:period`), by the `_id`s that start with the team id and a colon. A
   * collection with neither is left: a filter on a field it does not have would match every
   * document were strictQuery on (test/unit/erase-workspace-models.test.ts lists them all).
   */
  async eraseWorkspace(teamId: string): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const [name, model] of Object.entries(this.models)) {
      const filter = workspaceFilter(name, (model as { schema: Schema }).schema, teamId);
      if (!filter) continue;
      const res = await (
        model as unknown as {
          deleteMany(f: unknown): Promise<{ deletedCount: number }>;
        }
      ).deleteMany(filter);
      if (res.deletedCount) deleted[name] = res.deletedCount;
    }
    return deleted;
  }
}
