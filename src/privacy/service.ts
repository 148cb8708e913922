import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { intervalTicker, type Clock, type Ticker } from '../clock.js';
import type { Ctx } from '../context.js';
import type { ForeignPipeline } from '../db/pipeline.js';
import { AppError } from '../errors.js';
import { typedExcerpt } from '../text/clip.js';
import { assertMay } from '../permissions.js';
import { peopleOf, rolesOf } from '../workspace/roles.js';
import { SLACK_ID } from '../slack-ids.js';
import { neutraliseCell } from '../customer/csv.js';
import { contactKey as placeKey, foldCode, nameKey, searchTerms } from '../customer/rules.js';
import {
  DataSubjectRepository,
  SUBMISSION_DIGEST_DAYS,
  type CardsRewritten,
  type TasksTaken,
  type ErasedSince,
  type ErasedUnchecked,
  type ErasureLeaseRepository,
  type MentionHit,
  type PrivacyKeyRepository,
  type PrivacyLogRepository,
} from './repository.js';
import {
  ERASED,
  mentionPatterns,
  renderedForms,
  replaceAll,
  scrub,
  termPatterns,
  heldByOthers,
  withReachTerms,
  type ContactTerms,
  type Doc,
  type ReachPhrase,
} from './subjects.js';
import { maskFreeText, personalIn } from './free-text.js';
import { withoutSubmissionKeys } from '../forms/submission-key.js';
import { escapeMrkdwn } from '../text/mrkdwn.js';
import { erasedPersonIn, LOCALES, translator } from '../i18n/index.js';
import { reachPhrase } from '../task/types.js';
import type { PrivacyKind, PrivacyLogEntry } from './types.js';
import { isLegacyUserKey, type UserKeys } from './user-key.js';

type Actor = Pick<Ctx, 'teamId' | 'actor' | 'now'>;

/** A whole customer's names an erasure looks for (DataSubjectService.namesOf). */
interface CustomerNames {
  /** In its own documents: the name it has and every one it had. */
  own: string[];
  /** In the workspace's texts: those of `own` no other customer bears now. */
  workspace: string[];
}

/** What an erasure would take away, said before it is done (the confirmation names it). */
export interface ErasePlan {
  code: string;
  customerName: string;
  /** The contact erased, or every contact of the customer. */
  contacts: string[];
  whole: boolean;
  /**
   * Documents of OTHER customers of the workspace whose typed text mentions the erased contacts
   * (name, phone, email) or, for a whole customer, its name: erased too (per collection).
   * Absent when not counted (yet).
   */
  elsewhere?: Record<string, number>;
  /**
   * Events of the Events API inbox (customer channel messages not yet made into tickets:
   * pending, failed or given up) that hold the erased details: their text is erased, their work
   * kept. Absent when not counted (yet).
   */
  inbox?: number;
  /**
   * When the whole customer was erased before (its file `[erased]`): an erasure of it again
   * only finishes what one cut short may have left (it is safe), logs no second erasure and
   * keeps this date.
   */
  erasedAt?: Date;
  /**
   * With `erasedAt`: that erasure was cut short (after the customer's rewrite, before its last
   * step, the privacy log entry), so its name may still be on the customer's channel links and
   * tasks. An erasure of it again finishes them and logs the erasure (once).
   */
  unfinished?: true;
}

/**
 * The Slack users erased since `since`, a run's read (DataSubjectRepository.forgetErasedOn): by
 * their `userKey` in the privacy log, logged from ERASURE_LEASE_MS before it (an entry is dated
 * at its erasure's start), or by the workspace's erasure lease held for them (ErasureLeases).
 */
export function erasedSince(keys: UserKeys, teamId: string, since: Date): ErasedSince {
  return {
    since,
    loggedFrom: new Date(since.getTime() - ERASURE_LEASE_MS),
    formsOf: (user) => keys.forms(teamId, user),
    alike: (key) => keys.alike(key),
    leaseId: `${teamId}:${ERASURE_KEY}`,
    leaseSubject: (user) => userLeaseSubject(user),
  };
}

/**
 * How the privacy log knows a contact erased from a customer without their name: a keyed hash
 * (HMAC-SHA256, keyed by the entry's own random `keySalt`) of the workspace, the customer's code
 * and the name's key (`detail.contactKeys`, one per name they had), which a CSV import's row
 * naming them is checked against (PrivacyLog.contactErased). The log alone does not name them;
 * whoever holds the database and guesses a name can confirm it (the key is stored beside it).
 */
export function contactKey(keySalt: string, teamId: string, code: string, name: string): string {
  return createHmac('sha256', keySalt)
    .update(`${teamId}:${foldCode(code)}:${nameKey(name)}`)
    .digest('hex')
    .slice(0, 32);
}

/** What an erasure by Slack user would take away, said before it is done. */
export interface UserErasePlan {
  user: string;
  /** Their tickets' customers' codes (the privacy log's subject). */
  codes: string[];
  /** Tickets they requested: kept, the requester the erasure marker, their report erased. */
  requested: number;
  /** Other tickets with a timeline entry or survey answer of theirs (erased there); absent: not counted. */
  entries?: number;
  /** Tickets they follow (taken off their followers); absent: not counted. */
  followed?: number;
  /**
   * Tickets naming them as the guest owner of the customer (its guest owner, or the one an
   * escalation or reassign found): their id is `[erased]` there; absent: not counted.
   */
  owned?: number;
  /**
   * Tasks naming them as the guest owner of the customer (planned for the one who stood in for
   * them): their id is `[erased]` there; absent: not counted.
   */
  ownedTasks?: number;
  /**
   * The customers' change log entries naming them as the owner before or after the change (its
   * old or new value): their id is `[erased]` there; absent: not counted.
   */
  ownerChanges?: number;
  /** Events inbox messages of theirs (kept no more) or naming them (redacted); absent: not counted. */
  inbox?: number;
  /** Tickets waiting on them (resumed by the desk at the erasure: nobody is left to answer). */
  waiting: number;
}

/** Everything held about a customer or contact, as JSON and as CSV rows. */
export interface SubjectExport {
  /** As the privacy log and the file names have it: `C2026001`, or `C2026001 contact`. */
  subject: string;
  /**
   * The customer's code (by Slack user alone: their tickets' customers' codes, comma-separated,
   * or none), and whether the export is about one person (a contact, a Slack user).
   */
  code: string;
  contact: boolean;
  /**
   * By Slack user: their user id (what the admin's messages name them by) and its `userKey`
   * (what the files are named after, so that the file names carry no id).
   */
  user?: { id: string; key: string };
  json: string;
  csv: string;
  documents: number;
  /** Its privacy log entry's id (to record whether Slack took its files: `delivered`). */
  logId: string;
}

/** Records what is done with personal data (the privacy log) and reads it back for admins. */
export class PrivacyLog {
  constructor(
    private readonly repo: PrivacyLogRepository,
    /** How a Slack user is known in the log and an erasure's marks (src/privacy/user-key.ts). */
    readonly userKeys: UserKeys,
    /** The fingerprints of the secrets each workspace's keys were written under. */
    private readonly keys?: PrivacyKeyRepository,
  ) {}

  /** The workspaces whose fingerprint this instance stored (or found stored) already. */
  private readonly noted = new Set<string>();

  /** Writes an entry; one with a keyed user key stores the secret's fingerprint first. */
  private async append(entry: PrivacyLogEntry): Promise<string> {
    const key = (entry.detail as { userKey?: unknown } | undefined)?.userKey;
    if (typeof key === 'string' && !isLegacyUserKey(key)) await this.noteKey(entry.teamId);
    return this.repo.append(entry);
  }

  /**
   * Stores the fingerprint of the secret keying (UserKeys.fingerprint) for the workspace, before
   * a keyed write: nothing without a secret, or when the workspace has it already.
   */
  async noteKey(teamId: string): Promise<void> {
    const fingerprint = this.userKeys.fingerprint;
    if (!fingerprint || !this.keys || this.noted.has(teamId)) return;
    await this.keys.note(teamId, fingerprint);
    // Once an instance: the key is the process's for its life.
    this.noted.add(teamId);
  }

  /**
   * Whether the workspace's keyed entries were (in part) written under a secret that is not
   * configured (neither PRIVACY_KEY nor PRIVACY_KEY_PREVIOUS, or their fallback): a lookup by
   * Slack user would miss them.
   */
  async keyUnknown(teamId: string): Promise<boolean> {
    if (!this.keys) return false;
    const stored = await this.keys.of(teamId);
    if (!stored.length) await this.noteKeyed(teamId);
    return stored.some((f) => !this.userKeys.fingerprints.includes(f));
  }

  /**
   * A workspace whose log was keyed before fingerprints were stored (a version before them: no
   * record, `uk1.` entries): the secret configured now stored as theirs, once an instance, so
   * that a later change of PRIVACY_KEY is detected (revp69 F3). It cannot be told after the
   * fact which secret keyed them: this takes the one configured at the first start of this
   * version (README Configuration: upgrade before changing PRIVACY_KEY). Nothing without a
   * secret, or when the workspace has no keyed entry.
   */
  async noteKeyed(teamId: string): Promise<void> {
    if (!this.userKeys.fingerprint || !this.keys || this.noted.has(teamId)) return;
    if (!(await this.repo.hasKeyedUserKeys(teamId))) return;
    await this.noteKey(teamId);
  }

  /** The workspaces whose keyed entries were written under a secret not configured. */
  async keysUnknown(): Promise<string[]> {
    if (!this.keys) return [];
    return this.keys.unknownTo(this.userKeys.fingerprints);
  }

  /**
   * One entry: who (`ctx.actor`), what, when (`ctx.now`). A command-line tool's (`origin`
   * import: `npm run privacy`, `npm run customers`) is marked `via: 'cli'`, so that an
   * operator's run in an admin's name (`--as`) is told from that admin's own in Slack.
   */
  record(
    ctx: Actor & Partial<Pick<Ctx, 'origin'>>,
    kind: PrivacyKind,
    subject: string,
    detail: Record<string, unknown> = {},
  ): Promise<string> {
    return this.append({
      teamId: ctx.teamId,
      kind,
      by: ctx.actor,
      subject,
      at: ctx.now,
      detail: ctx.origin === 'import' ? { ...detail, via: 'cli' } : detail,
    });
  }

  /** A data-subject export's entry given Slack's answer to its files (see SubjectExport.logId). */
  settleDelivery(
    ctx: Pick<Ctx, 'teamId'>,
    id: string,
    outcome: { delivered: boolean | null; error?: string },
  ): Promise<void> {
    return this.repo.settleDelivery(ctx.teamId, id, outcome);
  }

  /** Whether the Slack user was erased after `since` (their message then is theirs no more to file). */
  erasedSince(ctx: Pick<Ctx, 'teamId'>, userId: string, since: Date): Promise<boolean> {
    return this.repo.erasedAfter(ctx.teamId, this.userKeys.forms(ctx.teamId, userId), since);
  }

  /**
   * Whether the Slack user was erased after they wrote the message `ts` (Slack's ts: its time):
   * an old message of theirs, which filing would bring back the id and words the erasure took
   * away (a reaction on it, "Create ticket" on it). A message they write after is anyone's.
   */
  async erasedSinceWritten(ctx: Pick<Ctx, 'teamId'>, userId: string, ts: string): Promise<boolean> {
    const written = Math.floor(Number(ts) * 1000);
    return Number.isFinite(written) && (await this.erasedSince(ctx, userId, new Date(written)));
  }

  /**
   * Whether the whole customer `code`'s erasure is in the log (its last step: an erasure cut
   * short after the customer's rewrite has none, and may have left its name on the customer's
   * channel links and tasks).
   */
  customerErasureLogged(ctx: Pick<Ctx, 'teamId'>, code: string): Promise<boolean> {
    return this.repo.erasureLogged(ctx.teamId, code);
  }

  /**
   * Whether a contact of this name (any name they had) was erased from the customer `code`
   * (its contact erasures' keyed hashes, `contactKey`): a CSV row naming them would bring back
   * what the erasure took.
   */
  async contactErased(ctx: Pick<Ctx, 'teamId'>, code: string, name: string): Promise<boolean> {
    if (!nameKey(name)) return false;
    const erasures = await this.repo.contactErasures(ctx.teamId, `${foldCode(code)} contact`);
    return erasures.some(({ keySalt, contactKeys }) =>
      contactKeys.includes(contactKey(keySalt, ctx.teamId, code, name)),
    );
  }

  /**
   * The entries of the workspace still holding a legacy (unkeyed) user key re-keyed (bounded:
   * PrivacyLogRepository.rekeyUserKeys); nothing without a secret (a tool's).
   */
  rekeyUserKeys(ctx: Pick<Ctx, 'teamId'>): Promise<{ rekeyed: number; left: number }> {
    if (!this.userKeys.keyed) return Promise.resolve({ rekeyed: 0, left: 0 });
    return this.repo.hasLegacyUserKeys(ctx.teamId).then(async (some) => {
      if (!some) {
        // Keyed by a version before fingerprints: the secret now stored as theirs (noteKeyed).
        await this.noteKeyed(ctx.teamId);
        return { rekeyed: 0, left: 0 };
      }
      await this.noteKey(ctx.teamId);
      return this.repo.rekeyUserKeys(ctx.teamId, (legacy) => this.userKeys.rekey(legacy));
    });
  }

  /** With `user`, the entries about that Slack user (by their key, in either form). */
  latest(
    ctx: Pick<Ctx, 'teamId'>,
    limit = 20,
    user?: string,
    kinds?: readonly PrivacyKind[],
  ): Promise<{ items: PrivacyLogEntry[]; total: number }> {
    return this.repo.latest(
      ctx.teamId,
      limit,
      user === undefined ? undefined : this.userKeys.forms(ctx.teamId, user),
      kinds,
    );
  }
}

function contactsOf(doc: Record<string, unknown>): ContactTerms[] {
  return (doc.contacts as ContactTerms[] | undefined) ?? [];
}

/**
 * The keys of the contacts named `contact` as the customer is read (CustomerRepository: one
 * saved before contacts had keys has one from its place and name): what their birthday signals
 * are recorded under (`<year>:<key>`).
 */
function keysOfContact(customer: Record<string, unknown>, contact: string): string[] {
  return contactsOf(customer).flatMap((c, i) =>
    sameName(c.name, contact) ? [(c as { key?: string }).key || placeKey(i, c.name ?? '')] : [],
  );
}

/**
 * How long an erasure's lease holds past its last renewal (ErasureLeases): the erasure renews it
 * at each step (ErasureLease.step), within a long one (ErasureLease.keep) and on a timer every
 * ERASURE_KEEP_MS while it runs (one database call held up longer than this keeps it), and gives
 * it back when it ends; one whose instance died is free after this. One whose renewals all fail
 * or stall this long (its database stalled for them too, its process frozen) may find at its
 * next step that another erasure took the lease: it stops there (up to its first write a re-run would not find again; past that it runs
 * to the end), and its admin is asked to run it again (ErasureLeaseLost; at the end, `release`
 * says false).
 */
export const ERASURE_LEASE_MS = 5 * 60_000;
/**
 * An unfinished erasure's run by the outbox's upkeep that failed is run again this long after
 * (PrivacyFlows.finishErasures), doubled at each failure in a row up to ERASURE_RETRY_MAX_MS: an
 * erasure that keeps failing is not run in full every minute.
 */
export const ERASURE_RETRY_FIRST_MS = 60_000;
export const ERASURE_RETRY_MAX_MS = 30 * 60_000;

/**
 * How often an erasure's lease is renewed within one of its steps (ErasureLease.keep), at most:
 * a step rewriting thousands of documents can run past ERASURE_LEASE_MS by itself, and is kept
 * from another erasure starting beside it; a document's write between two renewals costs none.
 */
export const ERASURE_KEEP_MS = 60_000;

/**
 * What an erasure is about: a customer (whole, or one of its contacts: `contact`, its name), or
 * a Slack user.
 */
export type ErasureSubject =
  | {
      code: string;
      contact?: string;
      /**
       * The contact as a running erasure's lease names them (never by name: the lease can
       * outlive the erasure): `leaseContactKey` of their name, keyed by the lease's own `salt`.
       */
      contactKey?: { salt: string; key: string };
    }
  | { user: string };

/**
 * A contact as an erasure's lease names them: an HMAC-SHA256 of the customer's code and the
 * name's key, keyed by a random `salt` written beside it (the lease is one document; whoever
 * guesses the name can confirm it, as with the privacy log's `contactKey`).
 */
function leaseContactKey(salt: string, code: string, name: string): string {
  return createHmac('sha256', salt)
    .update(`${foldCode(code)}:${nameKey(name)}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * An erasure's lease lost while it ran (ErasureLease.step): it ran out within one of its steps
 * and another erasure took it, which may run beside it. The erasure stops at that step, not
 * finished: run it again (erasing twice is safe). It stops only where a re-run finds again what
 * is left: never after its first write that a re-run could not find (a contact's record gone, a
 * Slack user's tickets rewritten), from where it runs to the end (`release` then says false).
 * What it rewrote before it stopped is drawn again all the same (PrivacyFlows.erase).
 */
export class ErasureLeaseLost extends Error {
  constructor() {
    super('erasure lease lost: it ran out and another erasure took it');
    this.name = 'ErasureLeaseLost';
  }
}

/** A workspace's erasure lease, held (ErasureLeases.hold). */
export interface ErasureLease {
  /**
   * Between the erasure's steps: keeps the lease ERASURE_LEASE_MS from now (the desk's clock),
   * or throws ErasureLeaseLost when another erasure took it meanwhile (the erasure stops).
   * `erasing`: a Slack user's erasure past its refusal check (its first step after it) marks the
   * lease so, in the same write (ErasureLeaseDoc.erasing: their id is not written back meanwhile).
   */
  step(erasing?: boolean): Promise<void>;
  /**
   * Within a step, before each document it rewrites: keeps the lease ERASURE_LEASE_MS from now
   * when ERASURE_KEEP_MS have passed since it was last renewed (else nothing: no database call).
   * Never throws for a lease lost (the step runs on; the next `step` stops the erasure, or past
   * its first write a re-run would not find, `release` says false); a database failure does.
   */
  keep(): Promise<void>;
  /**
   * Gives it back: false when it had run out and another erasure took it meanwhile (which may
   * have run beside this one).
   */
  release(): Promise<boolean>;
}

/** The one lease of a workspace's erasures (ErasureLeases). */
const ERASURE_KEY = 'erasure';

/** What the lease says an erasure of Slack user `user` erases (ErasureLeaseDoc.subject). */
const userLeaseSubject = (user: string) => `user:${user}`;

/**
 * The erasures under way, across the desk's instances and the CLI: one lease per workspace, so
 * that erasures run one at a time. Two of them may rewrite the same documents (a Slack user's
 * tickets are a customer's; a customer's erasure rewrites the mentions in other customers'
 * tickets), and a document rewritten by both at once could keep what one of them took out.
 * Erase pressed again, or another erasure started, on any instance while one runs is told what
 * runs, not run beside it.
 */
export class ErasureLeases {
  constructor(
    private readonly repo: ErasureLeaseRepository,
    /** The desk's clock: a step's renewal reads the time then, not the request's. */
    private readonly clock: Clock,
    /**
     * What renews a held lease every ERASURE_KEEP_MS while its erasure runs (default an unref'd
     * setInterval; tests fire it themselves), stopped by `release`.
     */
    private readonly every: Ticker = intervalTicker,
  ) {}

  /**
   * Takes the workspace's erasure lease to erase `subject`, renewed at each of its steps, or null
   * when another erasure holds it (`running` says which).
   */
  async hold(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    subject: ErasureSubject,
  ): Promise<ErasureLease | null> {
    // A contact by a keyed hash of their name, never the name: a lease not given back (its
    // instance died, the release failed) stays until the next erasure takes it over.
    const salt = randomBytes(8).toString('hex');
    const named =
      'user' in subject
        ? userLeaseSubject(subject.user)
        : `customer:${foldCode(subject.code)}${subject.contact ? `#${salt}.${leaseContactKey(salt, subject.code, subject.contact)}` : ''}`;
    const owner = randomUUID();
    const until = new Date(ctx.now.getTime() + ERASURE_LEASE_MS);
    if (!(await this.repo.take(ctx.teamId, ERASURE_KEY, owner, ctx.now, until, named))) return null;
    /** When it was last renewed (the desk's clock), and whether a renewal found it taken. */
    let renewedAt = ctx.now.getTime();
    let lost = false;
    const renew = async (erasing = false) => {
      const now = this.clock.now().getTime();
      const kept = await this.repo.renew(
        ctx.teamId,
        ERASURE_KEY,
        owner,
        new Date(now + ERASURE_LEASE_MS),
        erasing,
      );
      if (kept) renewedAt = now;
      else lost = true;
      return kept;
    };
    // Renewed on a timer too while the erasure runs: one database call of it held up past the
    // lease (a read of a whole collection on a slow database) does not lose it. Only a dead
    // instance (or one whose renewals fail as long) lets it run out. One renewal at a time; a
    // failure is left to the step's own renewal to say.
    let renewing = false;
    const stop = this.every(ERASURE_KEEP_MS, async () => {
      if (lost || renewing || this.clock.now().getTime() - renewedAt < ERASURE_KEEP_MS) return;
      renewing = true;
      try {
        await renew();
      } catch {
        // The database failing: the erasure's next step or write says so.
      } finally {
        renewing = false;
      }
    });
    return {
      step: async (erasing = false) => {
        if (!(await renew(erasing))) throw new ErasureLeaseLost();
      },
      keep: async () => {
        if (lost || this.clock.now().getTime() - renewedAt < ERASURE_KEEP_MS) return;
        await renew();
      },
      release: () => {
        stop();
        return this.repo.release(ctx.teamId, ERASURE_KEY, owner);
      },
    };
  }

  /** What the erasure holding the workspace's lease erases (undefined: none now, or unsaid). */
  async running(ctx: Pick<Ctx, 'teamId' | 'now'>): Promise<ErasureSubject | undefined> {
    return subjectNamed(await this.repo.subjectOf(ctx.teamId, ERASURE_KEY, ctx.now));
  }

  /**
   * Whether the erasure `running` (what `running` said) erases customer `code`'s contact named
   * `contact` (its name now): the customer's whole erasure, or that contact's (the lease's keyed
   * hash of the name), not another contact's of that customer.
   */
  erases(running: ErasureSubject, code: string, contact: string): boolean {
    return sameErasure({ code, contact }, running);
  }

  /** `running` as a pipeline another query runs along (one command for both). */
  runningIn(ctx: Pick<Ctx, 'teamId' | 'now'>): ForeignPipeline {
    return this.repo.subjectPipeline(ctx.teamId, ERASURE_KEY, ctx.now);
  }

  /** What `running` says, from `runningIn`'s raw documents. */
  runningOf(docs: unknown[]): ErasureSubject | undefined {
    return subjectNamed(this.repo.subjectOfDocs(docs));
  }
}

/** The erasure a lease's subject names (`user:U1`, `customer:C2026001`, `customer:C#salt.key`). */
function subjectNamed(named: string | undefined): ErasureSubject | undefined {
  const at = named?.indexOf(':') ?? -1;
  const [kind, id] = at < 0 ? [] : [named!.slice(0, at), named!.slice(at + 1)];
  if (!id) return undefined;
  if (kind === 'user') return { user: id };
  // `customer:C2026001` (the whole customer) or `customer:C2026001#<salt>.<contact's key>`.
  const hash = id.indexOf('#');
  if (hash < 0) return { code: id };
  const [salt = '', key = ''] = id.slice(hash + 1).split('.');
  return { code: id.slice(0, hash), contactKey: { salt, key } };
}

/**
 * Whether erasure `a` is the one running (`b`) already: the same Slack user, or the same
 * customer when the whole customer is being erased or the same contact of it is (not another
 * contact of that customer, nor the whole customer while one contact is).
 */
export function sameErasure(a: ErasureSubject, b: ErasureSubject | undefined): boolean {
  if (!b) return false;
  if ('user' in a) return 'user' in b && a.user === b.user;
  if (!('code' in b) || foldCode(a.code) !== foldCode(b.code)) return false;
  if (b.contactKey)
    return (
      !!a.contact && leaseContactKey(b.contactKey.salt, a.code, a.contact) === b.contactKey.key
    );
  if (!b.contact) return true;
  return !!a.contact && nameKey(a.contact) === nameKey(b.contact);
}

/** A person's subject as the privacy log has it: `C2026001 contact` (codes comma-separated). */
const userSubject = (codes: string[]) => [codes.join(','), 'contact'].filter(Boolean).join(' ');

const sameName = (a: string | undefined, b: string) => !!a && nameKey(a) === nameKey(b);

/** A preferred channel as compared with another (case, width and spacing aside). */
const channelKey = (s: string | undefined) =>
  s?.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ') ?? '';

/**
 * Data-subject requests (PIPL): export everything held about one customer or one of its
 * contacts, and erase it; admins only (`privacy.manage`), from Slack and the CLI alike; every
 * request is recorded in the privacy log, by customer code (never the erased name).
 */
export class DataSubjectService {
  constructor(
    private readonly subjects: DataSubjectRepository,
    private readonly privacyLog: PrivacyLog,
    /** Told of a workspace whose customers were rewritten (the picker's kept options go). */
    private readonly rewritten: (teamId: string) => void = () => undefined,
  ) {}

  /** How a Slack user is known in the privacy log and an erasure's marks (the log's keys). */
  get keys(): UserKeys {
    return this.privacyLog.userKeys;
  }

  /**
   * `spared`: also the longer names an erasure leaves whole (`spare`, a scan of the workspace's
   * customers): not for the erase modal's quick plan, opened before Slack's trigger expires.
   */
  private async load(ctx: Ctx, code: string, contact?: string, spared = true) {
    assertMay(ctx, 'privacy.manage');
    const customer = await this.subjects.customer(ctx.teamId, foldCode(code));
    if (!customer)
      throw new AppError('NOT_FOUND', 'customer.error.notFound', {
        code: typedExcerpt(code, 20),
      });
    const contacts = contactsOf(customer);
    const chosen = contact ? contacts.filter((c) => sameName(c.name, contact)) : contacts;
    if (contact && !chosen.length)
      throw new AppError('NOT_FOUND', 'privacy.error.noContact', {
        code: String(customer.code),
        name: contact.slice(0, 60),
      });
    const names = await this.namesOf(ctx, customer, !contact);
    // What is looked for: the chosen contacts, and the names they (for a whole customer, any
    // contact of it) had before, from the change log; not one a contact that stays bears now.
    const kept = contacts.filter((c) => !chosen.includes(c));
    const former = await this.subjects.formerContactNames(
      ctx.teamId,
      String(customer._id),
      chosen.map((c) => c.name ?? ''),
      !contact,
      kept.map((c) => c.name ?? ''),
    );
    // Every name they had, and the phones, emails, IMs and preferred channels they had before
    // (the change log's entries about them): looked for as the ones they have now.
    const everyName = [...chosen.map((c) => c.name ?? ''), ...former];
    const history = await this.subjects.contactHistory(
      ctx.teamId,
      String(customer._id),
      everyName,
      !contact,
      contacts[0]?.name,
      kept,
    );
    // The phones and emails typed in their preferred channels, and those they had before, but
    // what a contact who stays (of any customer) holds now: that is theirs, and stays.
    const leaving = contact ? new Set(chosen.map((c) => nameKey(c.name ?? ''))) : ('all' as const);
    const typed = [...chosen, ...history.details].map((t) => personalIn(t.preferredChannel));
    const held = await this.subjects.heldByOthers(
      ctx.teamId,
      String(customer._id),
      leaving,
      [...typed.flatMap((t) => t.phones), ...history.details.flatMap((d) => d.phone ?? [])],
      [...typed.flatMap((t) => t.emails), ...history.details.flatMap((d) => d.email ?? [])],
    );
    // Each with the phones and emails of its preferred channel as terms of their own; the
    // channel itself is not looked for whole when a contact who stays has it now ("WeChat,
    // evenings" is hers too: contactHistory leaves such a former one out likewise).
    const keptChannels = new Set(kept.map((c) => channelKey(c.preferredChannel)));
    const terms: ContactTerms[] = withReachTerms(
      [
        ...chosen,
        ...former.map((name) => ({ name })),
        ...history.details.filter((d) => !heldByOthers(d, held)),
      ],
      held,
    ).map(({ preferredChannel, ...t }) =>
      preferredChannel && !keptChannels.has(channelKey(preferredChannel))
        ? { ...t, preferredChannel }
        : t,
    );
    // A whole customer's: also the entries of its former addresses, notes, needs and the rest
    // of what the erasure drops from its file.
    const typedHistory = contact
      ? []
      : await this.subjects.customerHistory(ctx.teamId, String(customer._id));
    const whose = {
      names: contact ? new Set(everyName.map(nameKey)) : ('all' as const),
      entries: new Set([...history.entries, ...typedHistory]),
      reach: DataSubjectService.reachPhrases(
        everyName,
        [...chosen, ...history.details].map((c) => c.preferredChannel ?? ''),
      ),
      // Their names (a whole customer's too) and IMs as rendered: a line cut within one.
      cut: [
        ...new Set([
          ...[...everyName, ...(names?.workspace ?? [])]
            .map((n) => n.normalize('NFKC').trim())
            .filter(Boolean)
            .flatMap((n) => [n, escapeMrkdwn(n)]),
          ...terms.flatMap((t) => (t.im?.trim() ? renderedForms(t.im.trim()) : [])),
        ]),
      ],
    };
    // Longer names of people and customers who stay that hold one of theirs ("李王芳" for "王芳"):
    // not erased from within them.
    const spare = spared
      ? await this.subjects.spareNames(
          ctx.teamId,
          String(customer._id),
          [...everyName, ...(names?.own ?? [])],
          contact ? new Set(everyName.map(nameKey)) : 'all',
        )
      : [];
    // Names of people and customers who stay that begin one of theirs ("王芳" for "王芳华"): a
    // line cut right after one is as likely theirs, and kept (withoutCutTerms).
    const staying = spared
      ? await this.subjects.stayingPrefixes(
          ctx.teamId,
          String(customer._id),
          [...everyName, ...(names?.workspace ?? [])],
          contact ? new Set(everyName.map(nameKey)) : 'all',
        )
      : [];
    return {
      customer,
      contacts,
      chosen,
      names,
      terms,
      whose: { ...whose, staying },
      everyName,
      spare,
    };
  }

  /**
   * How the DMs stored rendered in the outbox (the managers' overdue list, a task's notices) say
   * one of `names` wants to be reached by one of `channels` (as typed and masked, as
   * TaskService.withReach gives them), in each language: erased whole, the channel with the
   * name, however it reads, and cut short by a line's limit (`head`: withoutReachPhrases). The
   * channel alone is not looked for there (another person's reminder may say the same).
   */
  private static reachPhrases(names: string[], channels: string[]): ReachPhrase[] {
    /** Where the channel goes in a rendered phrase (no catalogue escapes or clips it). */
    const CHANNEL_MARK = '\u0001';
    const typed = channels.filter((c) => c.trim());
    const forms = [...new Set([...typed, ...typed.map((c) => maskFreeText(c))])];
    return LOCALES.flatMap((locale) => {
      const t = translator(locale);
      const erased = reachPhrase(t, ERASED, ERASED);
      return names
        .filter((n) => n.trim())
        .flatMap((name) => {
          // Up to the channel, as a line cut within the phrase still holds it.
          const marked = reachPhrase(t, name, CHANNEL_MARK);
          const head = marked
            .slice(0, marked.indexOf(CHANNEL_MARK))
            .replace(/[\s“"'‘「(（]+$/u, '');
          return forms.map((channel) => ({
            find: reachPhrase(t, name, channel),
            erased,
            ...(head ? { head } : {}),
          }));
        });
    });
  }

  /** Refuses anyone but an admin (before a request is answered or its work begins). */
  assertMayManage(ctx: Ctx): void {
    assertMay(ctx, 'privacy.manage');
  }

  /** The privacy log, newest first (admins only); with `user`, the entries about that Slack user. */
  async log(
    ctx: Ctx,
    limit = 20,
    user?: string,
    kinds?: readonly PrivacyKind[],
  ): Promise<{ items: PrivacyLogEntry[]; total: number }> {
    assertMay(ctx, 'privacy.manage');
    if (user !== undefined && !SLACK_ID.user.test(user)) throw new Error('not a Slack user id');
    if (user) await this.assertKeyKnown(ctx);
    return this.privacyLog.latest(ctx, limit, user || undefined, kinds);
  }

  /**
   * Refuses a lookup or erasure by Slack user when the workspace's log has entries keyed under a
   * secret not configured (PrivacyLog.keyUnknown: PRIVACY_KEY set or changed after they were
   * written, without PRIVACY_KEY_PREVIOUS): it would miss them, and say nothing is recorded
   * about that person. The check the command-line tool makes too (one read).
   */
  private async assertKeyKnown(ctx: Ctx): Promise<void> {
    if (await this.privacyLog.keyUnknown(ctx.teamId))
      throw new AppError('INVALID_INPUT', 'privacy.error.privacyKeyUnknown');
  }

  /**
   * Refuses a Slack user who works or ever worked on the desk (staff: what they did is the desk's
   * record, kept with their user id in tickets, tasks and the settings history), then checks the
   * id; admins only. `full`: also what they did (DataSubjectRepository.staffTrace, a read of the
   * tickets); without it, the roles only (before the erase modal opens).
   */
  private async assertErasableUser(ctx: Ctx, user: string, full = true): Promise<void> {
    assertMay(ctx, 'privacy.manage');
    if (!SLACK_ID.user.test(user)) throw new Error('not a Slack user id');
    const inRole = peopleOf(rolesOf(ctx.settings)).includes(user);
    const trace = !inRole && full ? await this.subjects.staffTrace(ctx.teamId, user) : null;
    // A guest who owns a customer now, nothing more: told the step that unblocks it.
    if (trace === 'owner')
      throw new AppError(
        'INVALID_INPUT',
        'privacy.error.userOwnsCustomers',
        { user, count: await this.subjects.guestOwnedCount(ctx.teamId, user) },
        { users: ['user'] },
      );
    if (inRole || trace !== null)
      throw new AppError(
        'INVALID_INPUT',
        'privacy.error.userIsStaff',
        { user },
        { users: ['user'] },
      );
  }

  /**
   * What `eraseUser` would take away (for the confirmation and the CLI's dry run). `quick`: only
   * what the indexes answer at once (the roles, the tickets they requested; `entries` absent),
   * for the erase modal to open before the trigger expires; the rest is counted after.
   */
  async planUser(
    ctx: Ctx,
    user: string,
    { countInbox = true, quick = false }: { countInbox?: boolean; quick?: boolean } = {},
  ): Promise<UserErasePlan> {
    await this.assertErasableUser(ctx, user, !quick);
    // A new erasure by user asked for (the command, its modal) refused while the log's keys are
    // of a secret not configured; one under way (its modal confirmed, the upkeep's resumption)
    // is finished all the same: erasing them goes before the log's lookups.
    await this.assertKeyKnown(ctx);
    if (quick)
      return {
        user,
        codes: [],
        requested: await this.subjects.requestedBy(ctx.teamId, user),
        waiting: (await this.subjects.waitingOn(ctx.teamId, user)).length,
      };
    const found = await this.subjects.scrubUser(ctx.teamId, user, false, ctx.now, countInbox);
    return {
      user,
      codes: found.codes,
      requested: found.requested,
      entries: found.entries,
      followed: found.followed,
      owned: found.owned,
      ownedTasks: found.ownedTasks,
      ownerChanges: found.ownerChanges,
      ...(countInbox ? { inbox: found.inbox } : {}),
      waiting: (await this.subjects.waitingOn(ctx.teamId, user)).length,
    };
  }

  /**
   * Erases what the desk holds of a Slack user who is no staff (a requester in Slack on no
   * contact record), as a contact's erasure does (DataSubjectRepository.scrubUser): their
   * tickets stay with the requester the erasure marker; their typed text and user id are
   * replaced by `[erased]` wherever they are held. Recorded in the privacy log as for a
   * contact (their tickets' customers' codes, `slackUser`, the `userKey`; never the user id).
   * `tickets`: the ids of the tickets rewritten (their cards show the old text).
   */
  async eraseUser(
    ctx: Ctx,
    user: string,
    /**
     * Given the numbers of the tickets waiting on them (once they may be erased, before their
     * id goes): resumes them (PrivacyFlows.eraseUser); returns how many it resumed.
     */
    resume: (numbers: string[]) => Promise<number> = async () => 0,
    /**
     * Between its steps (ErasureLease.step: the erasure's lease renewed); what it throws
     * (ErasureLeaseLost) stops the erasure there. Its first, past the refusal check, with `true`:
     * the lease marked as erasing them (ErasureLeaseDoc.erasing).
     */
    step: (erasing?: boolean) => Promise<void> = async () => undefined,
    /** Within its steps, before each document it rewrites (ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
    /**
     * Told as it writes: each ticket rewritten (its id), so that its card is drawn again even
     * when the erasure stops after it (PrivacyFlows.eraseUser).
     */
    rewrote: (ticketIds: string[]) => void = () => undefined,
    /**
     * The admins who started it, when the outbox upkeep finishes it (ctx.actor the desk):
     * recorded on its privacy log entry (`startedBy`), which names them.
     */
    startedBy: readonly string[] = [],
  ): Promise<{ plan: UserErasePlan; changed: Record<string, number>; tickets: string[] }> {
    await this.assertErasableUser(ctx, user);
    const waiting = await this.subjects.waitingOn(ctx.teamId, user);
    // Erasable: from here their id written back on a record of another erasure's (the upkeep's,
    // DataSubjectRepository.forgetErasedOn) is taken off again, their scrub may have run.
    await step(true);
    const resumed = waiting.length ? await resume(waiting) : 0;
    await step();
    // No step from here: what it rewrote (`tickets`, whose cards are drawn again after it) a
    // re-run would not find, so it runs to the end and is logged (a lost lease said at release).
    const done = await this.subjects.scrubUser(
      ctx.teamId,
      user,
      true,
      ctx.now,
      true,
      keep,
      (id) => rewrote([id]),
      (text, mention) => erasedPersonIn(ctx.locale, text, mention),
    );
    const plan: UserErasePlan = {
      user,
      codes: done.codes,
      requested: done.requested,
      entries: done.entries,
      followed: done.followed,
      owned: done.owned,
      ownedTasks: done.ownedTasks,
      ownerChanges: done.ownerChanges,
      inbox: done.inbox,
      waiting: resumed,
    };
    await this.privacyLog.record(ctx, 'erase', userSubject(plan.codes), {
      contact: true,
      slackUser: true,
      userKey: this.keys.of(ctx.teamId, user),
      requested: plan.requested,
      entries: plan.entries,
      followed: plan.followed,
      owned: plan.owned,
      ownedTasks: plan.ownedTasks,
      ownerChanges: plan.ownerChanges,
      changed: done.changed,
      ...(resumed ? { resumed } : {}),
      ...(startedBy.length ? { startedBy: startedBy.map(String) } : {}),
    });
    return { plan, changed: done.changed, tickets: done.tickets };
  }

  /**
   * A ticket waiting on `user` about to be resumed by the desk at their erasure, marked as owing
   * that resume's announcement (by their `userKey`, never their id): announced once the erasure
   * is done, by a re-run of it after a failure too (PrivacyFlows.eraseUser), never before.
   * `by`: who started the erasure (an admin), told should the outbox's upkeep finish it;
   * `erasure`: the run's own id (random), the erasure's unless it has one (resumeOwed). Whether
   * the check of who was erased since, on the record of another erasure whose mark it took,
   * failed (logged by the flow).
   */
  async resumeOwed(
    ctx: Pick<Ctx, 'teamId' | 'now'>,
    ticketId: string,
    user: string,
    by?: string,
    erasure?: string,
  ): Promise<ErasedUnchecked | undefined> {
    // A keyed mark, maybe the workspace's first keyed write (an erasure cut short before its
    // log entry): the key's fingerprint stored first, as the log's first keyed entry does.
    await this.privacyLog.noteKey(ctx.teamId);
    return this.subjects.resumeOwed(
      ctx.teamId,
      ticketId,
      this.keys.forms(ctx.teamId, user),
      user,
      by,
      erasure,
      erasedSince(this.keys, ctx.teamId, ctx.now),
    );
  }

  /** The ids of the tickets whose resume at the erasure of `user` is not announced yet. */
  resumesOwed(ctx: Pick<Ctx, 'teamId'>, user: string): Promise<string[]> {
    return this.subjects.resumesOwed(ctx.teamId, this.keys.forms(ctx.teamId, user));
  }

  /** That resume left an earlier change's notices mark (DataSubjectRepository.resumeLeft). */
  resumeLeft(ctx: Pick<Ctx, 'teamId'>, ticketId: string, user: string): Promise<void> {
    return this.subjects.resumeLeft(ctx.teamId, ticketId, this.keys.forms(ctx.teamId, user));
  }

  /** Those resumes announced (in the outbox): owed no more. */
  resumesAnnounced(ctx: Pick<Ctx, 'teamId'>, ticketIds: string[], user: string): Promise<void> {
    return this.subjects.resumesAnnounced(ctx.teamId, ticketIds, this.keys.forms(ctx.teamId, user));
  }

  /**
   * The erasure of `user` is done: the resumes it still owes are the outbox upkeep's to announce
   * from now on, should its own announcement fail (PrivacyFlows.repairResumes).
   */
  resumesReady(ctx: Pick<Ctx, 'teamId' | 'now'>, user: string): Promise<void> {
    return this.subjects.resumesReady(ctx.teamId, this.keys.forms(ctx.teamId, user), ctx.now);
  }

  /**
   * Erasures by Slack user with resumes owed that are not done (no run of them got that far),
   * across workspaces, due at `now` (not backing off a failure), the longest due first: whose,
   * their tickets and how many of the upkeep's runs failed in a row (PrivacyFlows.finishErasures).
   */
  erasuresUnfinished(now: Date, limit: number) {
    return this.subjects.erasuresUnfinished(now, limit);
  }

  /**
   * Every mark of the unfinished erasure of `user` (ticket ids, the tries each says), however
   * many: read by the upkeep's run as it starts (DataSubjectRepository.erasureMarks).
   */
  erasureMarks(teamId: string, user: string): Promise<{ id: string; tries: number }[]> {
    return this.subjects.erasureMarks(teamId, user);
  }

  /**
   * Whether the unfinished erasure of `user` is kept findable without marks, another erasure
   * having taken them (DataSubjectRepository.erasureUnmarkedKept).
   */
  erasureUnmarkedKept(teamId: string, user: string): Promise<boolean> {
    return this.subjects.erasureUnmarkedKept(teamId, user);
  }

  /**
   * The upkeep finished the erasure of `user`, its admins' "finished" DM (keyed `dm`) not written:
   * recorded by the person's userKey only, for a later pass to tell them, nothing run again
   * (DataSubjectRepository.erasureTellOwed).
   */
  async erasureTellOwed(
    teamId: string,
    user: string,
    dm: string,
    owed: { by: string[]; ownerTo: string[]; ids: string[]; resumed: number },
    /** When the run read its starters (`by`): one erased since is not written back. */
    since: Date,
  ) {
    // A keyed record: the key's fingerprint stored first (`resumeOwed`).
    await this.privacyLog.noteKey(teamId);
    return this.subjects.erasureTellOwed(
      teamId,
      dm,
      this.keys.of(teamId, user),
      owed.by,
      owed.ownerTo,
      owed.ids,
      owed.resumed,
      since,
      erasedSince(this.keys, teamId, since),
    );
  }

  /** Erasures done whose "finished" DM is owed (DataSubjectRepository.erasuresTellOwed). */
  erasuresTellOwed(limit: number) {
    return this.subjects.erasuresTellOwed(limit);
  }

  /** That owed DM written (DataSubjectRepository.erasureToldOwed). */
  erasureToldOwed(teamId: string, dm: string): Promise<void> {
    return this.subjects.erasureToldOwed(teamId, dm);
  }

  /**
   * The upkeep's run of the erasure of `user` ran to its end but outran its lease: recorded with
   * its admins' "finished" DM (keyed `dm`) and when it ended (`before`), for a later pass to
   * scrub again what an erasure beside it may have written back (rescrubUser: only what was made
   * by then) and tell them; never run again in full (DataSubjectRepository.erasureOutran).
   * Whether the check of who was erased since failed (logged by the flow).
   */
  async erasureOutran(
    teamId: string,
    user: string,
    dm: string,
    owed: { by: string[]; ownerTo: string[]; ids: string[]; resumed: number },
    before: Date,
    /** When the run read its starters (`by`): one erased since is not written back. */
    since: Date,
  ) {
    // A keyed record: the key's fingerprint stored first (`resumeOwed`).
    await this.privacyLog.noteKey(teamId);
    return this.subjects.erasureOutran(
      teamId,
      dm,
      this.keys.of(teamId, user),
      user,
      owed.by,
      owed.ownerTo,
      owed.ids,
      owed.resumed,
      before,
      erasedSince(this.keys, teamId, since),
    );
  }

  /** Erasures that outran their lease, not scrubbed again yet (DataSubjectRepository.erasuresOutran). */
  erasuresOutran(limit: number) {
    return this.subjects.erasuresOutran(limit);
  }

  /**
   * What the erasure of `user` that outran its lease may have left, made by `before` (when it
   * ended), scrubbed again (DataSubjectRepository.rescrubUser): nothing of what the person did
   * since, no refusal check (it was done), no second entry in the privacy log. Its lease held by
   * the caller (`keep`). Documents changed, per collection.
   */
  rescrubUser(
    ctx: Ctx,
    user: string,
    before: Date,
    keep: () => Promise<void> = async () => undefined,
  ): Promise<Record<string, number>> {
    return this.subjects.rescrubUser(ctx.teamId, user, before, ctx.now, keep, (text, mention) =>
      erasedPersonIn(ctx.locale, text, mention),
    );
  }

  /** That erasure scrubbed again: its DM owed from `at` (DataSubjectRepository.erasureRescrubbed). */
  erasureRescrubbed(teamId: string, dm: string, at: Date): Promise<boolean> {
    return this.subjects.erasureRescrubbed(teamId, dm, at);
  }

  /**
   * The upkeep's run of the erasure of `user` failed, its `tries`-th in a row: run again not
   * before ERASURE_RETRY_FIRST_MS after `now`, doubled at each failure, ERASURE_RETRY_MAX_MS at
   * the most. With `asRead` (the marks the run read as it started: ticket ids and the tries
   * each said), only those marks not marked again since
   * (DataSubjectRepository.erasureUnfinishedFailed).
   */
  erasureUnfinishedFailed(
    teamId: string,
    user: string,
    tries: number,
    now: Date,
    asRead?: { id: string; tries: number }[],
  ): Promise<void> {
    const wait = Math.min(
      ERASURE_RETRY_FIRST_MS * 2 ** Math.min(tries - 1, 30),
      ERASURE_RETRY_MAX_MS,
    );
    return this.subjects.erasureUnfinishedFailed(
      teamId,
      user,
      tries,
      new Date(now.getTime() + wait),
      asRead,
    );
  }

  /**
   * Resumes owed by erasures whose marks do not say whose (older than erasureResumeUser), not
   * checked yet (PrivacyFlows.finishErasures; those an older upkeep logged unchecked too, once). A ticket that still names whom it waited on (its
   * requester, its filer), whose userKey is the mark, says whose: its erasure's marks say so
   * from now on (`named`, finished by the upkeep as any other). The others (`unnamed`: their
   * erasure rewrote the ticket before it stopped, or it names someone else now) are marked
   * checked and logged at `now`, for an operator; by team and ticket (id, number), nothing of the person.
   */
  async erasuresOrphaned(
    now: Date,
    limit: number,
  ): Promise<{
    named: { teamId: string; numbers: string[] }[];
    unnamed: { teamId: string; id: string; number: string }[];
  }> {
    const orphans = await this.subjects.erasuresOrphaned(limit);
    // Whose, by erasure (team and key): from any of its tickets that still names them.
    const whose = new Map<string, string>();
    for (const o of orphans) {
      const user = o.names.find(
        (u) => SLACK_ID.user.test(u) && this.keys.forms(o.teamId, u).includes(o.key),
      );
      if (user) whose.set(`${o.teamId}:${o.key}`, user);
    }
    const named = new Map<
      string,
      { teamId: string; key: string; user: string; numbers: string[] }
    >();
    const unnamed: { teamId: string; id: string; number: string }[] = [];
    for (const o of orphans) {
      const at = `${o.teamId}:${o.key}`;
      const user = whose.get(at);
      if (!user) {
        unnamed.push({ teamId: o.teamId, id: o.id, number: o.number });
        continue;
      }
      const one = named.get(at) ?? { teamId: o.teamId, key: o.key, user, numbers: [] };
      one.numbers.push(o.number);
      named.set(at, one);
    }
    for (const one of named.values())
      await this.subjects.erasureOrphanNamed(one.teamId, one.key, one.user);
    for (const teamId of new Set(unnamed.map((o) => o.teamId)))
      await this.subjects.erasureOrphansLogged(
        teamId,
        unnamed.filter((o) => o.teamId === teamId).map((o) => o.id),
        now,
      );
    return {
      named: [...named.values()].map(({ teamId, numbers }) => ({ teamId, numbers })),
      unnamed,
    };
  }

  /**
   * A ticket exported whole for the Slack user `user` (one they requested), without the ids of a
   * guest owner of its customer who is someone else: its `guestOwner`, its events' `owners`'
   * `guestOwner`, and whom a stand-in's DM still owed was for (`standInTakenFor`); nor the
   * entries' `writer` (a person of the customer's who is not the requester: TicketEvent.writer)
   * and their words (`text`) when that is someone else. Staff ids (its assignee, the account
   * manager…) stay: the desk's record.
   */
  private static withoutOtherGuestOwner(t: Doc, user: string): Doc {
    const other = (id: unknown) => id !== undefined && id !== user;
    const out: Doc = { ...t };
    if (other(out.guestOwner)) delete out.guestOwner;
    const standIn = out.standInTakenFor as Doc | undefined;
    if (standIn && other(standIn.guestOwner)) delete out.standInTakenFor;
    const timeline = out.timeline as Doc[] | undefined;
    if (timeline)
      out.timeline = timeline.map((e) => {
        let entry = e;
        if (other(entry.writer)) {
          const { writer: _writer, text: _text, ...rest } = entry;
          entry = rest;
        }
        const owners = entry.owners as Doc | undefined;
        if (!owners || !other(owners.guestOwner)) return entry;
        const { guestOwner: _other, ...rest } = owners;
        return { ...entry, owners: rest };
      });
    return out;
  }

  /**
   * The codes of the customers `user` owns now as a guest of the workspace (up to 10) and how
   * many they own, for the upkeep's DM to the admin of their erasure, refused as they do.
   */
  async guestOwned(teamId: string, user: string): Promise<{ codes: string[]; count: number }> {
    const codes = await this.subjects.guestOwnedCodes(teamId, user, 10);
    const count =
      codes.length < 10 ? codes.length : await this.subjects.guestOwnedCount(teamId, user);
    return { codes, count };
  }

  /**
   * The upkeep's run of the erasure of `user` refused as they own a customer now as a guest of
   * the workspace: its admins (`to`) told so (their DM written, naming the customers `codes`),
   * not again but for customers not named yet, or should none of `to` be an admin any more.
   */
  erasureOwnerTold(
    teamId: string,
    user: string,
    at: Date,
    codes: string[],
    to: string[],
  ): Promise<void> {
    return this.subjects.erasureOwnerTold(teamId, user, at, codes, to);
  }

  /**
   * The erasure of `user` waiting on a guest owner told no admin, none being there, logged so at
   * `at` (DataSubjectRepository.erasureNoAdminWarned).
   */
  erasureNoAdminWarned(teamId: string, user: string, at: Date): Promise<void> {
    return this.subjects.erasureNoAdminWarned(teamId, user, at);
  }

  /**
   * The erasure of `user` waiting on a guest owner logged as kept and tried again at `at`, a
   * warning (DataSubjectRepository.erasureWaitWarned).
   */
  erasureWaitWarned(teamId: string, user: string, at: Date): Promise<void> {
    return this.subjects.erasureWaitWarned(teamId, user, at);
  }

  /** The id of the erasure of `user` not done, if a run of it recorded one (DataSubjectRepository.erasureIdOf). */
  erasureIdOf(teamId: string, user: string): Promise<string | undefined> {
    return this.subjects.erasureIdOf(teamId, user);
  }

  /** The erasure of `user`'s own key, for its admin's DM (DataSubjectRepository.erasureOwnerKey). */
  erasureOwnerKey(teamId: string, user: string, mark: string): Promise<string | undefined> {
    return this.subjects.erasureOwnerKey(teamId, user, mark);
  }

  /**
   * The erasure of `user` waiting on a guest owner: these tickets' resumes told to their
   * assignees meanwhile (not again).
   */
  resumesToldWaiting(teamId: string, user: string, ticketIds: string[], at: Date): Promise<void> {
    return this.subjects.resumesToldWaiting(teamId, user, ticketIds, at);
  }

  /** The upkeep no longer finishes the erasure of `user` (refused): their id kept no more. */
  erasureUnfinishedLeft(teamId: string, user: string, at: Date): Promise<void> {
    return this.subjects.erasureUnfinishedLeft(teamId, user, at);
  }

  /** Resumes owed whose erasure was done before `before`, across workspaces (by `key`). */
  resumesDue(before: Date, limit: number) {
    return this.subjects.resumesDue(before, limit);
  }

  /** A resume the upkeep announced (`key`: the erased person's userKey): owed no more. */
  resumeAnnounced(teamId: string, ticketId: string, key: string): Promise<void> {
    return this.subjects.resumesAnnounced(teamId, [ticketId], [key]);
  }

  /**
   * What `erase` would take away (for the confirmation): with `countElsewhere` (the default),
   * other customers' documents that mention it are counted too (a scan of their typed text).
   */
  async plan(
    ctx: Ctx,
    code: string,
    contact?: string,
    { countElsewhere = true }: { countElsewhere?: boolean } = {},
  ): Promise<ErasePlan> {
    const { customer, chosen, terms, names, spare } = await this.load(
      ctx,
      code,
      contact,
      countElsewhere,
    );
    const id = String(customer._id);
    const mentions = DataSubjectService.mentions(terms, names, spare);
    return {
      code: String(customer.code),
      customerName: String(customer.name),
      contacts: chosen.map((c) => c.name ?? ''),
      whole: !contact,
      ...(await this.erasedBefore(ctx, customer, contact)),
      ...(countElsewhere
        ? {
            elsewhere: (await this.subjects.scrubMentions(ctx.teamId, id, mentions, false)).found,
            inbox: await this.subjects.scrubInbox(
              ctx.teamId,
              id,
              DataSubjectService.ownPatterns(customer, terms, names, true, spare),
              mentions,
              false,
            ),
          }
        : {}),
    };
  }

  /**
   * A whole customer erased before: when, and whether that erasure was cut short (no entry of
   * it in the privacy log, its last step).
   */
  private async erasedBefore(
    ctx: Ctx,
    customer: Record<string, unknown>,
    contact: string | undefined,
  ): Promise<Pick<ErasePlan, 'erasedAt' | 'unfinished'>> {
    if (contact || !(customer.erasedAt instanceof Date)) return {};
    const logged = await this.privacyLog.customerErasureLogged(ctx, String(customer.code));
    return { erasedAt: customer.erasedAt, ...(logged ? {} : { unfinished: true as const }) };
  }

  /**
   * What is looked for in the customer's own documents: the contacts' details (any spacing,
   * masked forms, IM; `chosen` holds the phones and emails typed in their preferred channel too,
   * as `load` gives them) and, for a whole customer, its name and address.
   */
  private static ownPatterns(
    customer: Record<string, unknown>,
    chosen: ContactTerms[],
    names: CustomerNames | null,
    wholeChannels = true,
    /** Longer names of people who stay: not erased from within (DataSubjectRepository.spareNames). */
    spare: readonly string[] = [],
  ): RegExp[] {
    const address = typeof customer.address === 'string' ? [customer.address] : [];
    return termPatterns(chosen, names ? [...names.own, ...address] : [], wholeChannels, spare);
  }

  /**
   * Texts found naming someone (`mentionsOf`, `userMentionsOf`) as an export lists them: one
   * entry per document (its collection and id), with the fields and texts that name them, in the
   * order found.
   */
  private static byDocument(
    hits: readonly { collection: string; id: string; field: string; text: string }[],
  ): Doc[] {
    const entries = new Map<string, Doc>();
    for (const h of hits) {
      const key = `${h.collection}:${h.id}`;
      const entry = entries.get(key) ?? { _id: h.id, collection: h.collection, texts: [] };
      (entry.texts as { field: string; text: string }[]).push({ field: h.field, text: h.text });
      entries.set(key, entry);
    }
    return [...entries.values()];
  }

  /**
   * What is looked for in other customers' text: the contacts' details, the customer's names
   * (those no other customer bears now).
   */
  private static mentions(
    chosen: ContactTerms[],
    names: CustomerNames | null,
    spare: readonly string[] = [],
  ) {
    return mentionPatterns(
      chosen.map((c) => ({
        ...(c.name ? { name: c.name } : {}),
        ...(c.phone ? { phone: c.phone } : {}),
        ...(c.email ? { email: c.email } : {}),
      })),
      names?.workspace ?? [],
      spare,
    );
  }

  /**
   * The names a whole customer's erasure looks for (null for a contact's): the one it has and
   * every one it had before (its change log's renames, DataSubjectRepository.formerNames), in
   * its own documents; in the workspace's texts (other customers', the outbox, digests) those
   * no other customer bears now (there they name that customer).
   */
  private async namesOf(ctx: Ctx, customer: Doc, whole: boolean): Promise<CustomerNames | null> {
    if (!whole) return null;
    const current = String(customer.name);
    const former = await this.subjects.formerNames(ctx.teamId, String(customer._id), current);
    return {
      own: [current, ...former.map((f) => f.name)],
      workspace: [current, ...former.filter((f) => !f.taken).map((f) => f.name)],
    };
  }

  /**
   * Everything held about the customer (or, with `contact`, what names that contact), and
   * (`mentions`) the texts elsewhere an erasure would change: other customers' typed text and
   * the events inbox, found by the erasure's own code (DataSubjectRepository.mentionsOf).
   * With `user` (a Slack user id; with or without a customer): every ticket of the workspace
   * whose Slack requester they are, whole, and under `ticketEntries` what they did on others
   * (their timeline entries and survey answer only), and where the desk's DMs to them went
   * (`ticketPosts`: whom it went to, its channel). Recorded in the privacy log as for a
   * contact (the customer codes, never the user id).
   */
  async export(
    ctx: Ctx,
    code: string | undefined,
    contact?: string,
    user?: string,
    /** Shared in Slack: its log entry says `delivered: null` until `delivered` is told. */
    { toSlack = false }: { toSlack?: boolean } = {},
  ): Promise<SubjectExport> {
    assertMay(ctx, 'privacy.manage');
    if (user !== undefined && !SLACK_ID.user.test(user)) throw new Error('not a Slack user id');
    if (code === undefined && user === undefined) throw new Error('no subject to export');
    if (user !== undefined) await this.assertKeyKnown(ctx);
    let all: Record<string, Doc[]> = {};
    const codes: string[] = [];
    let found = 0;
    /** What names the customer's people outside its documents (`mentionsOf`), as found. */
    let customerHits: MentionHit[] = [];
    if (code !== undefined) {
      const { customer, chosen, names, terms, spare } = await this.load(ctx, code, contact);
      codes.push(String(customer.code));
      all = await this.subjects.everything(ctx.teamId, customer);
      if (contact) {
        // The contact's own record, and every document that names them or their details.
        const patterns = termPatterns(terms);
        const names = (doc: unknown) => {
          let hit = false;
          scrub(doc, (s) => {
            if (patterns.some((p) => s.search(p) >= 0)) hit = true;
            return s;
          });
          return hit;
        };
        // Their birthdays told, recorded under their key (`<year>:<key>`), not their name.
        const theirs = new Set(keysOfContact(customer, contact));
        const told = (k: string, doc: Doc) =>
          k === 'customerSignals' &&
          doc.kind === 'birthday' &&
          theirs.has(String(doc.key).slice(String(doc.key).indexOf(':') + 1));
        const { customers: _c, ...rest } = all;
        all = {
          contacts: chosen as never,
          ...Object.fromEntries(
            Object.entries(rest).map(([k, docs]) => [
              k,
              docs.filter((d) => names(d) || told(k, d)),
            ]),
          ),
        };
      }
      // What names them outside the customer's own documents, found as an erasure finds it: the
      // texts of other customers' documents and of the events inbox, one entry per document.
      customerHits = await this.subjects.mentionsOf(
        ctx.teamId,
        String(customer._id),
        DataSubjectService.ownPatterns(customer, terms, names, true, spare),
        DataSubjectService.mentions(terms, names, spare),
      );
      all.mentions = DataSubjectService.byDocument(customerHits);
      found = all.mentions.length;
    }
    if (user !== undefined) {
      // Their own tickets whole (any customer's); on the others only what they did there.
      const { requested, touched } = await this.subjects.ticketsOfUser(ctx.teamId, user);
      const held = new Set((all.tickets ?? []).map((t) => String(t._id)));
      // Whole, but for the customer's guest owner (another person, not staff: their id is theirs,
      // as in ownerChanges), unless it is them; the customer's own export keeps its owner.
      const added = requested
        .filter((t) => !held.has(String(t._id)))
        .map((t) => DataSubjectService.withoutOtherGuestOwner(t, user));
      all.tickets = [...(all.tickets ?? []), ...added];
      for (const t of all.tickets) held.add(String(t._id));
      if (code === undefined) codes.push(...new Set(requested.map((t) => String(t.customerCode))));
      all.ticketEntries = touched
        .filter((t) => !held.has(String(t._id)))
        .map((t) => {
          const survey = t.survey as Record<string, unknown> | undefined;
          return {
            _id: t._id,
            number: t.number,
            timeline: ((t.timeline as Doc[] | undefined) ?? []).filter(
              (e) => e.by === user || e.writer === user,
            ),
            ...(survey?.by === user
              ? {
                  survey: Object.fromEntries(
                    ['satisfaction', 'nps', 'comment', 'by', 'at']
                      .filter((k) => survey[k] !== undefined)
                      .map((k) => [k, survey[k]]),
                  ),
                }
              : {}),
          };
        });
      // A customer's owner who was a guest of the workspace then: what names them so, which
      // their erasure rewrites (their id `[erased]` there), with only the fields naming them.
      const owner = await this.subjects.ownerTracesOf(ctx.teamId, user);
      const ownedTickets = owner.tickets
        .filter((t) => !held.has(String(t._id)))
        .map((t) => ({
          _id: t._id,
          number: t.number,
          customerCode: t.customerCode,
          ...(t.guestOwner === user ? { guestOwner: t.guestOwner } : {}),
          timeline: ((t.timeline as Doc[] | undefined) ?? [])
            .filter((e) => (e.owners as Doc | undefined)?.guestOwner === user)
            .map((e) => ({ action: e.action, at: e.at, owners: { guestOwner: user } })),
        }));
      if (ownedTickets.length) all.ownedTickets = ownedTickets;
      // Slack said it has no user of their id, who owned customers: the admins' Home named them.
      if (owner.unknown.length)
        all.ownerUnknown = owner.unknown.map((d) => ({
          _id: d._id,
          kind: d.kind,
          key: d.key,
          at: d.at,
        }));
      if (owner.tasks.length)
        all.ownedTasks = owner.tasks.map((t) => ({
          _id: t._id,
          kind: t.kind,
          status: t.status,
          dueDate: t.dueDate,
          guestOwner: t.guestOwner,
        }));
      // Typed text of the workspace naming them (`<@…>` in a task's outcome, an interaction's
      // summary, a note, a change's value…), which their erasure rewrites: one entry per
      // document, with only the texts naming them (a document exported whole, their ticket or
      // the customer's own, is not repeated). With a customer too, a document naming both is
      // one entry: its texts naming them added to those naming the customer's people, a text
      // naming both once.
      const whole = new Set(
        Object.entries(all).flatMap(([collection, docs]) =>
          collection === 'mentions' ? [] : docs.map((d) => `${collection}:${String(d._id)}`),
        ),
      );
      const hitKey = (h: MentionHit) => JSON.stringify([h.collection, h.id, h.field, h.text]);
      const listed = new Set(customerHits.map(hitKey));
      const userHits = (await this.subjects.userMentionsOf(ctx.teamId, user)).filter(
        (h) => !whole.has(`${h.collection}:${h.id}`) && !listed.has(hitKey(h)),
      );
      if (userHits.length)
        all.mentions = DataSubjectService.byDocument([...customerHits, ...userHits]);
      // Where the desk's DMs to them went (ticket_posts: whom it went to, its conversation),
      // which their erasure deletes: the record, not what the DM said.
      const posts = await this.subjects.postsTo(ctx.teamId, user);
      if (posts.length)
        all.ticketPosts = posts.map((p) => ({
          _id: p._id,
          // A DM about a task linked to no ticket: the task, no ticket; a list of several
          // customers' tasks: the tasks (not whose customers they are).
          ...(p.ticketId
            ? { ticketId: p.ticketId }
            : p.taskIds
              ? { taskIds: p.taskIds }
              : { taskId: p.taskId }),
          kind: p.kind,
          channel: p.channel,
          ts: p.ts,
          ...(p.to ? { to: p.to } : {}),
          at: p.at,
        }));
      if (owner.changes.length)
        all.ownerChanges = owner.changes.map((c) => ({
          _id: c._id,
          customerId: c.customerId,
          field: c.field,
          // Only the side naming them: the other is someone else's (another guest's id is theirs).
          ...(c.oldValue === user ? { oldValue: user } : {}),
          ...(c.newValue === user ? { newValue: user } : {}),
          at: c.at,
        }));
    }
    // A form's submission key (a ticket event's `source`, a task's `closedForm`) is not listed.
    all = withoutSubmissionKeys(all) as Record<string, Doc[]>;
    const asContact = !!contact || user !== undefined;
    const subject = asContact ? userSubject(codes) : codes.join(',');
    const rows: string[][] = [['collection', 'id', 'field', 'value']];
    const flatten = (collection: string, id: string, path: string, value: unknown) => {
      if (value === null || value === undefined) return;
      if (value instanceof Date) rows.push([collection, id, path, value.toISOString()]);
      else if (Array.isArray(value))
        value.forEach((v, i) => flatten(collection, id, `${path}[${i}]`, v));
      else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
        for (const [k, v] of Object.entries(value))
          flatten(collection, id, path ? `${path}.${k}` : k, v);
      else rows.push([collection, id, path, String(value)]);
    };
    let documents = 0;
    for (const [collection, docs] of Object.entries(all))
      docs.forEach((doc, i) => {
        documents++;
        const { _id, ...fields } = doc as Record<string, unknown>;
        flatten(collection, _id ? String(_id) : String(i), '', fields);
      });
    const json = JSON.stringify({ subject, exportedAt: ctx.now, ...all }, null, 2);
    const logId = await this.privacyLog.record(ctx, 'export.subject', subject, {
      documents,
      contact: asContact,
      mentions: found,
      ...(user !== undefined ? { slackUser: true, userKey: this.keys.of(ctx.teamId, user) } : {}),
      ...(toSlack ? { delivered: null } : {}),
    });
    // A value typed as a formula (`=HYPERLINK(...)`, from a customer's message too) is kept
    // from running in a spreadsheet, as in the customer export; the JSON has it as stored.
    const cells = rows.map((row) => row.map(neutraliseCell));
    return {
      subject,
      code: codes.join(','),
      contact: asContact,
      ...(user !== undefined ? { user: { id: user, key: this.keys.of(ctx.teamId, user) } } : {}),
      json,
      csv: `\uFEFF${stringify(cells)}`,
      documents,
      logId,
    };
  }

  /**
   * What Slack answered to an export's files, on its privacy log entry (one update of it):
   * delivered, or not with Slack's error code (`missing_scope`, `ratelimited`, `http_500`), or
   * unknown (null) with why, when the share itself got no answer (`request_error`, `http_error`).
   */
  async delivered(ctx: Ctx, logId: string, outcome: { delivered: boolean | null; error?: string }) {
    assertMay(ctx, 'privacy.manage');
    await this.privacyLog.settleDelivery(ctx, logId, outcome);
  }

  /**
   * Erases a contact (their record, and their name and details wherever they were typed or
   * quoted) or a whole customer (its name, contacts, address, needs, tags and typed text in its
   * tickets, interactions, tasks and change log; orders, amounts, dates and tiers stay).
   * `mentionedIn`: the ids of other customers' tickets whose typed text named them (erased now).
   */
  async erase(
    ctx: Ctx,
    code: string,
    contact?: string,
    /**
     * Between its steps (ErasureLease.step: the erasure's lease renewed); what it throws
     * (ErasureLeaseLost) stops the erasure there.
     */
    step: () => Promise<void> = async () => undefined,
    /** Within its steps, before each document it rewrites (ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
    /**
     * Told as it writes: once before its first write (no ids), then each of other customers'
     * tickets it rewrites (its id), so that their cards and the customer's are drawn again even
     * when the erasure stops after them (its lease lost, the database failing: PrivacyFlows.erase).
     */
    rewrote: (ticketIds: string[]) => void = () => undefined,
  ): Promise<{ plan: ErasePlan; changed: Record<string, number>; mentionedIn: string[] }> {
    const { customer, chosen, names, terms, whose, everyName, spare } = await this.load(
      ctx,
      code,
      contact,
    );
    await step();
    const id = String(customer._id);
    const mentions = DataSubjectService.mentions(terms, names, spare);
    const patterns = DataSubjectService.ownPatterns(customer, terms, names, true, spare);
    // In the outbox and digests, a former name another customer bears now is left alone, and a
    // preferred channel is not looked for whole (another person's reminder may say the same; the
    // erased contacts' own reach there goes whole: scrubEverywhere's withoutReach).
    const teamPatterns = DataSubjectService.ownPatterns(
      customer,
      terms,
      names && { ...names, own: names.workspace },
      false,
      spare,
    );
    // Other customers' typed text and the events inbox first, while the names are still known.
    // A re-run finds nothing left in the tickets rewritten there: each is told as it is.
    rewrote([]);
    const { found: elsewhere, tickets: mentionedIn } = await this.subjects.scrubMentions(
      ctx.teamId,
      id,
      mentions,
      true,
      keep,
      (ticketId) => rewrote([ticketId]),
    );
    await step();
    const inbox = await this.subjects.scrubInbox(ctx.teamId, id, patterns, mentions, true, keep);
    await step();
    const plan: ErasePlan = {
      code: String(customer.code),
      customerName: String(customer.name),
      contacts: chosen.map((c) => c.name ?? ''),
      whole: !contact,
      ...(await this.erasedBefore(ctx, customer, contact)),
      elsewhere,
      inbox,
    };
    // The birthdays told of the contacts erased, recorded under their keys (as the customer is
    // read: one saved before contacts had keys has one from its place and name), go; those
    // recorded under their names go with the rewrite below (scrubEverywhere).
    const theirKeys = contact ? keysOfContact(customer, contact) : [];
    const birthdays = await this.subjects.forgetBirthdaysOf(ctx.teamId, id, theirKeys);
    const changed = await this.subjects.scrubEverywhere(
      ctx.teamId,
      id,
      patterns,
      !contact,
      teamPatterns,
      whose,
      step,
      keep,
    );
    if (birthdays) changed.customerSignals = (changed.customerSignals ?? 0) + birthdays;
    // The last step: from the customer's rewrite on (a contact's record gone, which a re-run
    // could not find again), it runs to the end, logged with the contact's keys.
    await step();
    if (inbox) changed.slackEvents = inbox;
    if (contact) {
      // Of the customer as read at the start, or read again when another write (a contact
      // added, its notes typed) landed since: the contact's records go, the others' stay.
      await this.subjects.rewriteCustomer(ctx.teamId, id, customer, (read) => {
        // Those who stay: all but the chosen (load: the contacts of that name).
        const kept = contactsOf(read).filter((c) => !sameName(c.name, contact));
        // The customer's own typed text loses the contact's name, phone and email as the rest
        // of its documents do: its notes, needs, occupation, override reason and upgrade intent.
        const scrubbed = scrub(
          { needs: read.needs ?? {}, tierOverride: read.tierOverride ?? null },
          (s) => replaceAll(s, patterns, false),
        ) as Record<string, unknown>;
        const typed = (field: string) =>
          typeof read[field] === 'string'
            ? { [field]: replaceAll(read[field] as string, patterns, false) }
            : {};
        const intent = read.upgradeIntent as { what?: unknown } | undefined;
        return {
          set: {
            contacts: kept,
            needs: scrubbed.needs,
            ...(read.tierOverride ? { tierOverride: scrubbed.tierOverride } : {}),
            ...typed('notes'),
            ...typed('occupation'),
            ...(typeof intent?.what === 'string'
              ? { 'upgradeIntent.what': replaceAll(intent.what, patterns, false) }
              : {}),
            searchTerms: searchTerms({
              code: String(read.code),
              name: String(read.name),
              contactNames: kept.map((c) => c.name ?? ''),
              tags: (read.tags as string[]) ?? [],
            }),
          },
          unset: [],
        };
      });
    } else {
      const erased = DataSubjectRepository.erasedName(String(customer.code));
      const revision = await this.subjects.rewriteCustomer(ctx.teamId, id, customer, (read) => ({
        set: {
          ...erased,
          // The desk contacts it no more: its planned tasks go (TaskService.planCare). Erased
          // again, it keeps the date it was first erased.
          erasedAt: plan.erasedAt ?? ctx.now,
          contacts: [],
          tags: [],
          searchTerms: searchTerms({
            code: String(read.code),
            name: erased.name,
            contactNames: [],
            tags: [],
          }),
          ...(read.tierOverride ? { 'tierOverride.reason': ERASED } : {}),
          ...(read.upgradeIntent ? { 'upgradeIntent.what': ERASED } : {}),
        },
        // Its own typed text goes whole: notes and occupation may name anyone (its contacts,
        // their numbers, the names it had).
        unset: ['address', 'region', 'needs', 'notes', 'occupation'],
      }));
      // Its links and tasks take the erased name at the revision the file has now, after it is
      // written: a rename saved before the erasure (its name scrubbed or not), whose copy is
      // still running, has a lower one and cannot bring that name back. Cut short before here,
      // the erasure run again writes them.
      if (revision !== undefined) {
        const links = await this.subjects.nameErased(ctx.teamId, id, erased.name, revision);
        if (links) changed.channelLinks = links;
      }
    }
    this.rewritten(ctx.teamId);
    // Which contact, without their name: a keyed hash of each name they had (contactKey), that
    // an old sheet imported again is refused by (the whole customer's rows are, by its name).
    const keySalt = randomBytes(16).toString('hex');
    const contactKeys = contact
      ? [
          ...new Set(
            everyName
              .filter((n) => nameKey(n))
              .map((n) => contactKey(keySalt, ctx.teamId, plan.code, n)),
          ),
        ]
      : [];
    // Erased before: one erasure of it in the privacy log, not one per run; one cut short
    // before its entry is logged by the run that finishes it (with the first erasure's date).
    if (!plan.erasedAt || plan.unfinished)
      await this.privacyLog.record(ctx, 'erase', contact ? `${plan.code} contact` : plan.code, {
        contacts: chosen.length,
        whole: !contact,
        changed,
        elsewhere,
        ...(plan.erasedAt ? { firstErasedAt: plan.erasedAt } : {}),
        ...(contact ? { keySalt, contactKeys } : {}),
      });
    return { plan, changed, mentionedIn };
  }

  /**
   * The retention job's work: with `retentionDays` set (0, the default, is off), closed tickets'
   * typed text, interactions and finished tasks' typed text older than that are anonymised; a
   * run that changed something is recorded in the privacy log. Idempotent. `rewritten` is given
   * the ids of the tickets this run changed (posted card or not), a page at a time, as they
   * are done (DataSubjectRepository.anonymiseBefore); first, those of earlier runs whose cards
   * it could not write then (DataSubjectRepository.cardsOwed), even with retention now off.
   * Then, after the anonymising and retention set or not, the form submission keys older than
   * a day lose their digest (DataSubjectRepository.forgetSubmissionDigests: `submissionKeys`
   * counts the tickets and tasks changed, `submissionKeysLeft` how many are left for the next
   * run, `mergeLocks` the lapsed merge locks taken off the tickets; a failure of that step is
   * logged, not the run's); not in the privacy log (nothing of
   * anyone's is anonymised: what was typed stays, where retention has not taken it).
   */
  async retention(
    ctx: Ctx,
    rewritten?: CardsRewritten,
    /** A page of tasks about to be anonymised: the edits of the DMs about them (TasksTaken). */
    tasksTaken?: TasksTaken,
  ): Promise<{
    tickets?: number;
    interactions?: number;
    tasks?: number;
    submissionKeys?: number;
    submissionKeysLeft?: number;
    mergeLocks?: number;
    userKeys?: number;
    userKeysLeft?: number;
  }> {
    if (rewritten) await this.subjects.cardsOwed(ctx.teamId, rewritten);
    const days = ctx.settings.retentionDays ?? 0;
    let all: { tickets?: number; interactions?: number; tasks?: number } = {};
    if (days) {
      const before = new Date(ctx.now.getTime() - days * 86_400_000);
      const { tasks, ...counts } = await this.subjects.anonymiseBefore(
        ctx.teamId,
        before,
        rewritten,
        tasksTaken,
      );
      all = { ...counts, ...(tasks ? { tasks } : {}) };
      if (counts.tickets || counts.interactions || tasks)
        await this.privacyLog.record(ctx, 'retention', 'all', { ...all, days });
    }
    return { ...all, ...(await this.submissionKeys(ctx)), ...(await this.legacyUserKeys(ctx)) };
  }

  /**
   * The user key step of the retention run, last: the privacy log's entries written before user
   * keys were keyed get their keyed form (PrivacyLog.rekeyUserKeys: `userKeys` counts them,
   * `userKeysLeft` how many are left for the next run). A failure is logged and leaves the run
   * done, the rest to the next run (lookups accept both forms meanwhile).
   */
  private async legacyUserKeys(ctx: Ctx): Promise<{ userKeys?: number; userKeysLeft?: number }> {
    try {
      const { rekeyed, left } = await this.privacyLog.rekeyUserKeys(ctx);
      return { ...(rekeyed ? { userKeys: rekeyed } : {}), ...(left ? { userKeysLeft: left } : {}) };
    } catch (err) {
      ctx.log.warn(
        { err },
        'retention: privacy log user keys not re-keyed (the next run tries again)',
      );
      return {};
    }
  }

  /**
   * The key step of the retention run, after the anonymising: a failure (the database failing
   * then, a ticket that kept changing) is logged and leaves the run done, its keys left for the
   * next run (the step is hygiene; the anonymising, the legal duty, must not wait for it).
   */
  private async submissionKeys(
    ctx: Ctx,
  ): Promise<{ submissionKeys?: number; submissionKeysLeft?: number; mergeLocks?: number }> {
    try {
      const keys = await this.subjects.forgetSubmissionDigests(
        ctx.teamId,
        new Date(ctx.now.getTime() - SUBMISSION_DIGEST_DAYS * 86_400_000),
      );
      return {
        ...(keys.tickets + keys.tasks ? { submissionKeys: keys.tickets + keys.tasks } : {}),
        ...(keys.left ? { submissionKeysLeft: keys.left } : {}),
        ...(keys.locks ? { mergeLocks: keys.locks } : {}),
      };
    } catch (err) {
      ctx.log.warn({ err }, 'retention: submission keys not stripped (the next run tries again)');
      return {};
    }
  }

  /**
   * Deletes everything held for the workspace (every collection, the privacy log too): the
   * seam for the uninstall path (#14), which decides when to call it.
   */
  async eraseWorkspace(teamId: string): Promise<Record<string, number>> {
    const deleted = await this.subjects.eraseWorkspace(teamId);
    this.rewritten(teamId);
    return deleted;
  }
}
