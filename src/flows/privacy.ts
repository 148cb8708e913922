import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { actingAs, SYSTEM_ACTOR, type Ctx } from '../context.js';
import type { CustomerService } from '../customer/service.js';
import type { HomeNotifier } from '../notify/home.js';
import type { OutboxWorker } from '../notify/outbox.js';
import type { PrivacyNotifier, UpkeepAdmins } from '../notify/privacy.js';
import { repairOwed } from './owed.js';
import { homesShowingCustomer } from './refresh-homes.js';
import type { TicketNotifier } from '../notify/tickets.js';
import type { TaskNotifier } from '../notify/tasks.js';
import {
  ErasureLeaseLost,
  type DataSubjectService,
  type ErasePlan,
  type ErasureLeases,
  type UserErasePlan,
} from '../privacy/service.js';
import { AppError, notFoundAsNull } from '../errors.js';
import { ERASED } from '../erased.js';
import { may } from '../permissions.js';
import type { TaskService } from '../task/service.js';
import type { TicketService } from '../ticket/service.js';
import type { WorkspaceService } from '../workspace/service.js';
import { heldRead } from '../workspace/types.js';
import type { Logger } from '../logger.js';
import type { UserKeys } from '../privacy/user-key.js';
import {
  OPEN_STATUSES,
  resumedAtErasure,
  waitsOn,
  type TicketEvent,
  type TicketRecord,
} from '../ticket/types.js';

/** A customer's tickets read at a time when their cards are refreshed after an erasure. */
export const ERASE_CARD_PAGE = 100;

/**
 * How long after an erasure by Slack user was done the outbox's upkeep announces a resume it
 * still owes (its own announcement failed, or its process stopped before it): as for any
 * ticket's notices (TicketFlows.repairNotices), time for the erasure's own first.
 */
export const RESUME_REPAIR_MS = 2 * 60_000;

/**
 * How far apart the retention job's card refreshes are due, per RETENTION_PAGE (100) cards: 4
 * minutes, half of chat.update's pace (about 50 a minute per workspace), so that a first run on
 * years of tickets leaves the other half to the cards of today's tickets and never holds up the
 * outbox behind it.
 */
export const RETENTION_CARD_SPACING_MS = 4 * 60_000;

/**
 * How often the upkeep logs that an erasure waiting on a guest owner has no admin to tell (tried
 * every 30 minutes): once a day, and again at the first try after an admin was told.
 */
export const NO_ADMIN_WARN_MS = 24 * 3_600_000;

/**
 * How often the upkeep logs as a warning that an erasure waiting on a guest owner is kept and
 * tried again (at its first try, then once a day; as info at the tries between).
 */
export const WAIT_WARN_MS = 24 * 3_600_000;

/** What the upkeep tells the admins of a cut erasure with (tellAdmins). */
type UpkeepNotices = Pick<
  PrivacyNotifier,
  'erasureFinished' | 'erasureGivenUp' | 'erasureWaitsOnOwner'
>;

/**
 * The log lines of an erasure finished by the upkeep, given up by it, and waiting on a guest
 * owner: its admin told nobody as the workspace has no admin (`noAdmin`), or none but the person
 * erased (`onlyThem`: made one since, not told of their own erasure), the workspace's admins
 * told in its admin's place (`admins`), the DM not written (`failed`).
 */
type UpkeepLines = { noAdmin: string; onlyThem: string; admins: string; failed: string };
const FINISHED: UpkeepLines = {
  noAdmin:
    'erasure by Slack user finished by the outbox upkeep: no admin told, the workspace has none, or only ones Slack said are of another organisation, or only one held (a customer owner not a member of the workspace); make one to be told of such erasures',
  onlyThem:
    'erasure by Slack user finished by the outbox upkeep: no admin told, the workspace’s only admin is the person erased (not told of their own erasure); make another to be told of such erasures',
  admins:
    'erasure by Slack user finished by the outbox upkeep: its admin not one any more (or not recorded), the workspace’s admins told',
  failed: 'erasure finished by the upkeep: its admin not told',
};
const GIVEN_UP: UpkeepLines = {
  noAdmin:
    'erasure by Slack user given up by the outbox upkeep: no admin told, the workspace has none, or only ones Slack said are of another organisation, or only one held (a customer owner not a member of the workspace); make one to be told of such erasures',
  onlyThem:
    'erasure by Slack user given up by the outbox upkeep: no admin told, the workspace’s only admin is the person erased (made one since: not told of their own erasure); make another to be told of such erasures',
  admins:
    'erasure by Slack user given up by the outbox upkeep: its admin not one any more (or not recorded), the workspace’s admins told',
  failed: 'erasure given up by the upkeep: its admin not told',
};
const WAITS_ON_OWNER: UpkeepLines = {
  noAdmin:
    'erasure by Slack user waiting on a guest owner: no admin told, the workspace has none, or only ones Slack said are of another organisation, or only one held (a customer owner not a member of the workspace); make one, told at the next try, to have the customers given another owner',
  onlyThem:
    'erasure by Slack user waiting on a guest owner: no admin told, the workspace’s only admin is the person erased (not told of their own erasure); make another, told at the next try, to have the customers given another owner',
  admins:
    'erasure by Slack user waiting on a guest owner: its admin not one any more (or not recorded), the workspace’s admins told',
  failed: 'erasure waiting on a guest owner: its admin not told',
};

/**
 * The erasure of `user` in its admins' finished and given-up DMs' keys: a digest of its own id
 * (`erasure`, random: erasureResumeId, the least its marks and record hold), the same for every
 * run of it (two instances' on one read alike, a record of it surviving) and another for a later
 * erasure of the same person; nothing of the person in it. Marks written before that id was
 * recorded: a digest of their key (the person's userKey as written now: the same for every
 * erasure of theirs).
 */
function upkeepErasure(keys: UserKeys, teamId: string, user: string, erasure?: string): string {
  return createHash('sha256')
    .update(erasure ? `erasure:${erasure}` : `upkeep:${keys.of(teamId, user)}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Whether `admin` is one of the desk's admins now, told of the erasure of `user` (not them), and
 * not held (`held`: heldOwners, the desk's only admin made a guest owner, whom nothing reaches).
 */
function upkeepAdmin(ctx: Ctx, admin: string, user: string, held: readonly string[] = []): boolean {
  return (
    admin !== user &&
    !held.includes(admin) &&
    may(ctx.settings, admin, 'privacy.manage', {}, ctx.now)
  );
}

/**
 * Whether the record `kept` (erasureOutran, erasureTellOwed) was written: its failure logged as
 * `failed`; written, its check of who on it was erased since failing (the database), as
 * `unchecked`. The team only in either line.
 */
async function keptLogged(
  log: Logger,
  teamId: string,
  kept: Promise<{ err: unknown } | undefined>,
  unchecked: string,
  failed: string,
): Promise<boolean> {
  try {
    const notChecked = await kept;
    if (notChecked) log.warn({ err: notChecked.err, teamId }, unchecked);
    return true;
  } catch (err) {
    log.warn({ err, teamId }, failed);
    return false;
  }
}

/**
 * The admins told that the erasure of `user` waits on a guest owner in its starter's place
 * (`toldTo`: "the desk then finishes it and tells you") who are still admins and not among those
 * told of its end as they stand (`to`: its starter an admin again since), each once: told too.
 */
function upkeepAsked(
  ctx: Ctx,
  toldTo: string[] | undefined,
  to: UpkeepAdmins,
  user: string,
): string[] {
  return [...new Set(toldTo ?? [])].filter(
    (a) => !to.ids.includes(a) && upkeepAdmin(ctx, a, user, to.held),
  );
}

/**
 * How tellAdmins tells the admins of a cut erasure: its log lines (`lines`), its DMs (`tell`,
 * to the admins it found), and, when nobody can be told, no warning logged (`quiet`: logged
 * earlier) or `warned` called once it is; `untold` called when the DMs failed.
 */
interface UpkeepTelling {
  lines: UpkeepLines;
  tell: (privacy: UpkeepNotices, ctx: Ctx, to: UpkeepAdmins) => Promise<unknown>;
  quiet?: boolean;
  warned?: () => void;
  untold?: () => void;
}

/**
 * The DMs of the end of the erasure of `user` (`dm`: finished, or given up), keyed by `key` and
 * saying `resumed`: to the admins found (`to`), and to those told it waited on a guest owner in
 * its starter's place (`toldTo`) that they leave out (upkeepAsked), as `asked`.
 */
function tellEnded(
  dm: 'erasureFinished' | 'erasureGivenUp',
  user: string,
  toldTo: string[] | undefined,
  key: string,
  resumed: number,
): UpkeepTelling['tell'] {
  return async (privacy, ctx, to) => {
    await privacy[dm](ctx, to, key, resumed);
    const asked = upkeepAsked(ctx, toldTo, to, user);
    if (asked.length) await privacy[dm](ctx, { ids: asked, started: 'asked' }, key, resumed);
  };
}

/**
 * Whom the upkeep tells of a cut erasure of `user`: the admins who started it (`by`, each
 * recorded on its marks: run again by another admin, both) that still are (`you`); else the
 * workspace's admins as they now stand (those holding the role: never one Slack said is of
 * another organisation), each once, saying whether whoever started it is an
 * admin no longer (`other`) or the desk has no record of who (`unknown`: marks older than that
 * record, the upkeep's own run, or its starter erased since); none: nobody. Never the person
 * erased (given up as they were made staff since: an admin now, they are not told of their own
 * erasure).
 */
function upkeepAdmins(
  ctx: Ctx,
  by: string[],
  user: string,
  held: readonly string[] = [],
): UpkeepAdmins {
  const starters = [...new Set(by)].filter((a) => upkeepAdmin(ctx, a, user, held));
  if (starters.length) return { ids: starters, started: 'you', held };
  return {
    // Never an admin Slack said is of another organisation (they hold no role: `upkeepAdmin`),
    // nor one held (`heldOwners`).
    ids: [...new Set(ctx.settings.admins)].filter((a) => upkeepAdmin(ctx, a, user, held)),
    started: by.length ? 'other' : 'unknown',
    held,
  };
}

/**
 * Data-subject requests that change what the desk keeps up to date in Slack: an erasure, then
 * the customer's ticket cards in the triage channel (and those of other customers' tickets whose
 * typed text named what was erased) and the App Homes that list them, its tasks or signals
 * rendered again, without what was erased; and the desk's posts about those tickets the outbox
 * recorded (thread lines, assignees' DMs, SLA alerts and lists, escalation posts, other notices
 * naming them: TicketNotifier.postEdits, mergeLineEdits) edited through the outbox, an erasure's
 * before retention's. Posts not recorded (made before they were, the requester's notices, task
 * DMs) are not edited.
 */
export class PrivacyFlows {
  constructor(
    private readonly deps: {
      dataSubjects: DataSubjectService;
      customers: CustomerService;
      tickets: TicketService;
      tasks: TaskService;
      /** A workspace's context for the upkeep's repairs (repairResumes). */
      workspaces?: Pick<WorkspaceService, 'context'>;
      /** The erasures' lease, for the upkeep's (finishErasures). */
      erasureLeases?: Pick<ErasureLeases, 'hold'>;
      /**
       * The desk's clock: when the upkeep's run of an erasure that outran its lease ended (what
       * was made by then is scrubbed again: rescrubOutran). Without it, its pass's time.
       */
      clock?: Clock;
      notify: {
        tickets: Pick<
          TicketNotifier,
          'cards' | 'changed' | 'changedButCard' | 'postEdits' | 'mergeLineEdits'
        >;
        homes: Pick<HomeNotifier, 'refresh' | 'erased'>;
        /** The edits of the DMs about tasks linked to no ticket (retention's, an erasure's). */
        tasks?: Pick<TaskNotifier, 'postEdits'>;
        outbox: Pick<OutboxWorker, 'kick'>;
        /** The admins told of an erasure the upkeep finished, gave up or waits with (finishErasures). */
        privacy?: Pick<
          PrivacyNotifier,
          'erasureFinished' | 'erasureGivenUp' | 'erasureWaitsOnOwner'
        >;
      };
    },
  ) {}

  /**
   * Erases a contact (`contact`) or the whole customer (DataSubjectService.erase), then writes to
   * the outbox a refresh of every posted card of the customer's tickets (read a page at a time,
   * any status: a closed ticket's card shows its customer too) and of the Homes that can show
   * them: the customer's owner (its signals), whoever holds an open task of it, the assignees of
   * its open tickets and whom they wait on, and, when it has open tickets, the managers and
   * admins (the team queue). Other customers' tickets whose typed text the erasure changed
   * (`mentionedIn`) are refreshed the same way (their cards, and the Homes listing them when
   * open). The outbox delivers them at its pace (chat.update's tier). A failure there is logged
   * and does not fail the erasure, which is done and recorded. An erasure stopped once it began
   * to write (its lease lost, the database failing) has the same written for what it rewrote
   * so far before its error goes on.
   */
  async erase(
    ctx: Ctx,
    code: string,
    contact?: string,
    /** Between the erasure's steps (its lease renewed: ErasureLease.step). */
    step?: () => Promise<void>,
    /** Within them, before each document rewritten or page of cards (ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
  ): Promise<{ plan: ErasePlan; changed: Record<string, number>; cards: number }> {
    let done: Awaited<ReturnType<DataSubjectService['erase']>>;
    // What it rewrote so far, told as it writes: whether it began, and the other customers'
    // tickets it rewrote.
    let began = false;
    const rewritten: string[] = [];
    try {
      done = await this.deps.dataSubjects.erase(ctx, code, contact, step, keep, (ids) => {
        began = true;
        rewritten.push(...ids);
      });
    } catch (err) {
      // Stopped once it began to rewrite, however (its lease lost, the database failing): a
      // re-run finds nothing left in the other customers' tickets it rewrote, so their cards
      // (and the customer's, part erased) are drawn now.
      if (began)
        await this.refreshViews(ctx, code, rewritten, keep).catch((e: unknown) =>
          ctx.log.warn({ err: e, code }, 'cards and homes not refreshed after erasure stopped'),
        );
      throw err;
    }
    const { mentionedIn, ...erased } = done;
    let cards = 0;
    try {
      cards = await this.refreshViews(ctx, erased.plan.code, mentionedIn, keep);
    } catch (err) {
      ctx.log.warn({ err, code: erased.plan.code }, 'cards and homes not refreshed after erasure');
    }
    return { ...erased, cards };
  }

  /**
   * Erases a Slack user's personal data (DataSubjectService.eraseUser), then writes to the
   * outbox a refresh of the posted cards of every ticket it rewrote (theirs and those quoting
   * them) and of the Homes listing the open ones, as an erasure of a contact does. A failure
   * there is logged and does not fail the erasure, which is done and recorded; stopped after it
   * rewrote tickets (the database failing), those are written all the same. First, the
   * tickets waiting on them are resumed by the desk (a Resume entry by the desk, the pause
   * closed): with their id gone, nobody would be left to answer, and such a ticket would wait on
   * its filer (a staff member's "Waiting on you") or on nobody, its SLA paused for good. Each
   * resume is announced as any change is (TicketNotifier.changed, as TicketFlows.act does), once
   * the erasure is done so that nothing of theirs goes in it: its line in the card's thread and
   * the assignee's DM that the ticket is back with them and why (never whom), kicked to the
   * outbox at once rather than left to the notices repair (which would replay the ticket's
   * steps with their words still in it: its notices are marked written as it is resumed). Each
   * is marked owed on the ticket before it is resumed (`erasureResumeOwed`, by their userKey), so
   * an erasure that fails after its resumes announces them when it is run again and done. Once
   * the erasure is done the marks say so (`erasureResumeReady`): an announcement that fails then
   * (or never runs: the process stopped) is the outbox upkeep's (repairResumes), and `untold`
   * says how many resumes were not announced by the run itself; `earlier` how many resumes of a
   * run of it cut short before (lease lost, the database failing) it announced; `resumed` the
   * ids of the tickets this run resumed. Done, their own App Home is written to the outbox to be
   * published again (homeOfErased).
   */
  async eraseUser(
    ctx: Ctx,
    user: string,
    /**
     * Between the erasure's steps (its lease renewed: ErasureLease.step; marked erasing at the
     * first past the refusal check).
     */
    step?: (erasing?: boolean) => Promise<void>,
    /** Within them, before each document rewritten or page of cards (ErasureLease.keep). */
    keep: () => Promise<void> = async () => undefined,
    /** Who started it, when the outbox upkeep finishes it: named in its privacy log entry. */
    startedBy: readonly string[] = [],
  ): Promise<{
    plan: UserErasePlan;
    changed: Record<string, number>;
    cards: number;
    untold: number;
    earlier: number;
    resumed: string[];
  }> {
    const desk = actingAs(ctx, SYSTEM_ACTOR);
    // The resumes, by ticket id: announced once the erasure is done (with those of a run of it
    // that failed after its resumes, marked owed on their tickets).
    const resumes = new Map<string, TicketEvent>();
    // The tickets it rewrote so far, told as it writes: stopped however (the database failing)
    // after some, their cards are drawn all the same (a re-run finds nothing of theirs there).
    const rewritten: string[] = [];
    let done: Awaited<ReturnType<DataSubjectService['eraseUser']>>;
    try {
      done = await this.eraseUserData(
        ctx,
        user,
        desk,
        resumes,
        step,
        keep,
        (ids) => rewritten.push(...ids),
        startedBy,
      );
    } catch (err) {
      if (rewritten.length)
        await this.refreshTickets(ctx, rewritten, keep).catch((e: unknown) =>
          ctx.log.warn(
            { err: e },
            'cards and homes not refreshed after erasure by Slack user stopped',
          ),
        );
      throw err;
    }
    const { tickets, ...erased } = done;
    // Done: nothing of theirs left in the tickets, their resumes may be announced by the
    // upkeep should this run's announcement fail. Should this write fail, the marks still say
    // whose erasure it is (erasureResumeUser): the upkeep runs it again to its end
    // (finishErasures), which announces them; so `untold` ("the desk tells them within a few
    // minutes") holds either way.
    await this.deps.dataSubjects
      .resumesReady(desk, user)
      .catch((err: unknown) =>
        ctx.log.warn({ err }, 'resumes at an erasure not marked ready for the upkeep'),
      );
    const { untold, earlier } = await this.announceResumes(desk, user, resumes);
    let cards = 0;
    try {
      cards = await this.refreshTickets(ctx, tickets, keep);
    } catch (err) {
      ctx.log.warn({ err }, 'cards and homes not refreshed after erasure by Slack user');
    }
    await this.homeOfErased(ctx, user);
    return { ...erased, cards, untold, earlier, resumed: [...resumes.keys()] };
  }

  /**
   * The erased person's App Home (it showed their tickets' titles) published again from the
   * records (nothing of theirs left) once their erasure is done, whoever ran it (the Erase form,
   * the CLI, the upkeep finishing a cut run): through the outbox in a self-deleting entry
   * (HomeNotifier.erased: tried again when Slack fails, read as the outbox reads any Home, deleted
   * once published or given up, so that no record keeps their id), kicked (the CLI's kick does
   * nothing: the running app's worker finds it due). A failure is logged (never the person).
   */
  private async homeOfErased(ctx: Ctx, user: string): Promise<void> {
    const { homes, outbox } = this.deps.notify;
    try {
      await homes.erased(ctx, user);
      outbox.kick();
    } catch (err) {
      ctx.log.warn({ err }, 'erased Slack user: App Home not written to the outbox');
    }
  }

  /** DataSubjectService.eraseUser, the tickets waiting on them resumed by the desk (`resumes`). */
  private eraseUserData(
    ctx: Ctx,
    user: string,
    desk: Ctx,
    resumes: Map<string, TicketEvent>,
    step: ((erasing?: boolean) => Promise<void>) | undefined,
    keep: () => Promise<void>,
    rewrote: (ticketIds: string[]) => void,
    startedBy: readonly string[],
  ) {
    // The erasure's id on the marks this run writes: the one an earlier run of it (cut, not
    // done) wrote, read once as it resumes (its marks, its record: the least), so that a run
    // marking other tickets than the cut one's writes the same (privfix 2); none, or the read
    // failing, this run's own (resumeOwed keeps one a mark has): its admins' DMs' key should
    // the upkeep finish it (upkeepErasure).
    let erasure: string | undefined;
    return this.deps.dataSubjects.eraseUser(
      ctx,
      user,
      async (numbers) => {
        erasure ??=
          (await this.deps.dataSubjects.erasureIdOf(desk.teamId, user).catch(() => undefined)) ??
          randomUUID();
        for (const number of numbers) {
          await keep();
          const current = await this.deps.tickets.get(desk, number);
          // Answered or resolved meanwhile: no longer waiting on them.
          if (current.status !== 'waiting') continue;
          // Who started it (an admin; the upkeep's own run names nobody): told should the
          // upkeep have to finish it (finishErasures).
          const by = ctx.actor === SYSTEM_ACTOR ? undefined : ctx.actor;
          const unchecked = await this.deps.dataSubjects.resumeOwed(
            desk,
            current.id,
            user,
            by,
            erasure,
          );
          // Another erasure's mark taken, its record kept: who on it was erased since not
          // checked (the database failing). With the team only.
          if (unchecked)
            ctx.log.warn(
              { err: unchecked.err, teamId: ctx.teamId },
              'erasure by Slack user whose ticket mark an erasure took kept for the outbox upkeep, but who on it was erased since was not checked: their ids stay until it is done',
            );
          const { ticket, event, before } = await this.deps.tickets.act(
            desk,
            number,
            { action: 'resume' },
            current,
          );
          // Announced once the erasure is done (announceResumes), not by the notices repair
          // meanwhile, which would replay the ticket with their words. But for one still owing an
          // earlier change's notices (a Note whose write was refused, say): its mark is left, so
          // that the repair, held until the erasure is done, replays that change's line and DMs
          // from the ticket as erased (the resume's under the same key: not twice). Judged on the
          // ticket the resume was written on (`before`: read again should a step have landed
          // since `current`, whose mark that then is). Said on the ticket (`erasureResumeLeft`):
          // its announcement leaves the resume's line to that replay, after the change's.
          if (!before.noticesOwedAt) await this.deps.tickets.noticesWritten([ticket]);
          else await this.deps.dataSubjects.resumeLeft(desk, ticket.id, user);
          resumes.set(ticket.id, event);
        }
        return resumes.size;
      },
      step,
      keep,
      rewrote,
      startedBy,
    );
  }

  /**
   * The posted cards of `ids` (tickets) written to the outbox a page at a time, and the Homes
   * listing the open ones; the cards written.
   */
  private async refreshTickets(
    ctx: Ctx,
    ids: string[],
    keep: () => Promise<void>,
  ): Promise<number> {
    let cards = 0;
    const users = new Set<string>();
    let open = false;
    for (let i = 0; i < ids.length; i += ERASE_CARD_PAGE) {
      await keep();
      const page = await this.deps.tickets.byIds(ctx, ids.slice(i, i + ERASE_CARD_PAGE));
      const r = await this.refreshPage(ctx, page, users);
      cards += r.cards;
      open ||= r.open;
    }
    if (open) for (const u of [...ctx.settings.managers, ...ctx.settings.admins]) users.add(u);
    await this.deps.notify.homes.refresh(ctx, users);
    if (cards) this.deps.notify.outbox.kick();
    return cards;
  }

  /**
   * The desk's resumes at a Slack user's erasure, announced from the tickets as stored after it
   * (nothing of theirs in the lines or DMs): the card, the thread's line, the assignee's DM, as
   * TicketFlows.act writes them. Those of this run (`resumes`) and those a run of the same
   * erasure resumed before it failed (marked owed on their tickets: `erasureResumeOwed`), then
   * marked announced. A failure is logged; the marks stay, and the outbox's upkeep announces
   * them (repairResumes; the erasure run again would too: the outbox's keys write each once).
   * How many resumes were not announced (`untold`, 0: all were), and how many of those a run
   * before resumed were (`earlier`).
   */
  private async announceResumes(
    ctx: Ctx,
    user: string,
    resumes: Map<string, TicketEvent>,
  ): Promise<{ untold: number; earlier: number }> {
    let ids = [...resumes.keys()];
    try {
      const owed = await this.deps.dataSubjects.resumesOwed(ctx, user);
      ids = [...new Set([...ids, ...owed])];
      if (!ids.length) return { untold: 0, earlier: 0 };
      const written: TicketRecord[] = [];
      for (const ticket of await this.deps.tickets.byIds(ctx, ids)) {
        const event = resumes.get(ticket.id);
        if (await this.announceResume(ctx, ticket, event)) written.push(ticket);
      }
      await this.deps.dataSubjects.resumesAnnounced(ctx, ids, user);
      if (written.length) this.deps.notify.outbox.kick();
      return { untold: 0, earlier: written.filter((t) => !resumes.has(t.id)).length };
    } catch (err) {
      ctx.log.warn({ err }, 'resumes at an erasure not announced (the outbox upkeep will)');
      return { untold: ids.length, earlier: 0 };
    }
  }

  /**
   * A resume at an erasure announced from the ticket as stored: its line in the thread and the
   * assignee's DM (TicketNotifier.changed); one told while the erasure waited on a guest owner
   * (`erasureResumeToldWaiting`), its card only. At `event` (this run's), else (resumed by a run
   * before) at the desk's last resume at an erasure; false when the ticket has none.
   */
  private async announceResume(
    ctx: Ctx,
    ticket: TicketRecord,
    event?: TicketEvent,
  ): Promise<boolean> {
    // Its place in the thread (the created event is 0).
    const at = event
      ? ticket.timeline.findLastIndex(
          (e) =>
            e.action === event.action && e.by === event.by && e.at.getTime() === event.at.getTime(),
        )
      : ticket.timeline.findLastIndex((e) => resumedAtErasure(e));
    if (at < 0) return false;
    // Still owing an earlier change's notices (its mark left at the resume: eraseUserData,
    // `erasureResumeLeft`), whatever step came after: the notices repair's replay, or a later
    // step's, writes that change's line, then this one's, in the thread's order. Otherwise a
    // mark is a later step's: it read the ticket without one and will not replay the resume, so
    // it is written here (under its own key: a replay that also writes it sends it once). A
    // resume whose process stopped before it said so: left while it is the last step, as before.
    if (ticket.noticesOwedAt && (ticket.erasureResumeLeft || at === ticket.timeline.length - 1))
      return true;
    // Its line and DM told already while the erasure waited on a guest owner
    // (announceWhileWaiting), maybe over a week ago (the outbox's keys of them purged since, the
    // ticket worked meanwhile): not again, only its card drawn as erased.
    if (ticket.erasureResumeToldWaiting) {
      await this.deps.notify.tickets.cards(ctx, [ticket]);
      return true;
    }
    await this.deps.notify.tickets.changed(ctx, ticket, ticket.timeline[at]!, at + 1);
    return true;
  }

  /**
   * The outbox's upkeep, across workspaces: resumes at an erasure by Slack user that erasure
   * was done with but did not announce (its announcement failed, or its process stopped before
   * it), RESUME_REPAIR_MS on: announced now from the tickets as stored (nothing of theirs left),
   * as the erasure would have (the outbox's keys write each once), then owed no more. How many.
   */
  async repairResumes(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const workspaces = this.deps.workspaces;
    if (!workspaces) return { repaired: 0 };
    const repaired = await repairOwed(
      workspaces,
      { now, log, limit, waitMs: RESUME_REPAIR_MS },
      {
        owed: (before, max) => this.deps.dataSubjects.resumesDue(before, max),
        // Its error line names the workspace only, as it did.
        of: (owed) => ({ teamId: owed.teamId, ref: {} }),
        repair: async (ctx, owed) => {
          const [ticket] = await this.deps.tickets.byIds(ctx, [owed.id]);
          if (ticket) await this.announceResume(ctx, ticket);
          await this.deps.dataSubjects.resumeAnnounced(owed.teamId, owed.id, owed.key);
          return true;
        },
        failed: 'resume at an erasure: announcement repair failed',
      },
    );
    if (repaired) this.deps.notify.outbox.kick();
    return { repaired };
  }

  /**
   * The outbox's upkeep, across workspaces: erasures by Slack user that resumed tickets waiting
   * on them and were never done (their process stopped, or they failed and nobody ran them
   * again), their notices held meanwhile (TicketRepository.noticesOwed), are run again by the
   * desk, each under the workspace's erasure lease once nobody holds it (the run that stopped
   * no longer renews it: ERASURE_LEASE_MS after its last renewal), as an admin would from Slack
   * or the CLI: done, their resumes are announced from the erased tickets and their notices go
   * out without their words. Whose erasure it is comes from the tickets' marks
   * (TicketRecord.erasureResumeUser); logged by ticket ids, never the person. One the desk
   * refuses now (they became staff; run by hand too) is logged once and given up, its resumes
   * announced (repairResumes) and its admin told; one refused as the person owns a customer now
   * as a guest is kept, its admin told once to give it another owner; any other failure is tried
   * again at a later pass. How many were finished.
   */
  async finishErasures(now: Date, log: Logger, limit = 100): Promise<{ finished: number }> {
    const { workspaces, erasureLeases } = this.deps;
    if (!workspaces || !erasureLeases) return { finished: 0 };
    let finished = 0;
    let ran = false;
    await this.finishOrphaned(now, log, limit);
    finished += await this.rescrubOutran(now, log, limit);
    await this.tellOwed(now, log, limit);
    for (const unfinished of await this.deps.dataSubjects.erasuresUnfinished(now, limit)) {
      const {
        teamId,
        user,
        by,
        ids,
        tries,
        named,
        toldTo,
        noAdminWarned,
        waitWarned,
        erasure: id,
      } = unfinished;
      // One erasure run per pass (a whole erasure is long: the outbox job's other repairs wait on
      // it); the others at the next passes, the longest due first.
      if (ran) break;
      let lease: Awaited<ReturnType<ErasureLeases['hold']>> = null;
      let marks: { id: string; tries: number }[] = [];
      // Read once (the waits-on-owner DM's check of whom it went to reads it).
      let read: Ctx | undefined;
      try {
        const ctx = await jobCtx(workspaces, teamId, now, log);
        read = ctx;
        // Held by an erasure (that one still running, or its lease not run out yet): later.
        lease = await erasureLeases.hold(ctx, { user });
        if (!lease) continue;
        // Every mark of it as it stands (the read above stops at `limit` tickets), for a lost
        // lease's back-off: none left due at the next pass.
        marks = await this.deps.dataSubjects.erasureMarks(teamId, user);
        // Read above before another instance finished it or gave it up and gave its lease back
        // (done, no mark says whose any more, nor a record of it another erasure's took): not run
        // again, not counted, nobody told a second time.
        if (!marks.length && !(await this.deps.dataSubjects.erasureUnmarkedKept(teamId, user))) {
          log.info(
            { teamId, tickets: ids },
            'erasure by Slack user finished or given up meanwhile (another instance): not run again by the outbox upkeep',
          );
          continue;
        }
        ran = true;
        const done = await this.eraseUser(ctx, user, lease.step, lease.keep, by);
        // Given back before it is counted: run out within its last step and taken over by
        // another instance's erasure, which may have run beside it, it is not taken as done.
        const held = lease;
        lease = null;
        const kept = await held.release().catch((err: unknown) => {
          log.warn({ err, teamId }, 'erasure lease not given back: free when it runs out');
          return true;
        });
        // A ticket the cut run marked but did not resume (stopped within its resume) the
        // upkeep's run resumed: counted once.
        const resumedIds = [...new Set([...ids, ...done.resumed])];
        const resumed = resumedIds.length;
        const key = upkeepErasure(this.deps.dataSubjects.keys, teamId, user, id);
        // What a record of it kept for a later pass holds (whom to tell, of which tickets).
        const tellRecord = { by, ownerTo: toldTo ?? [], ids: resumedIds, resumed };
        if (!kept) {
          // Its marks say done now (resumesReady). An erasure beside it of an instance older
          // than the erasures' rewrite count (SCRUB_MARK: one of this version writes nothing
          // back) may have written their id back where both rewrote a document whole (not a
          // ticket: rescrubUser): recorded
          // (revfix F1) for a later pass to scrub that again once the lease is free, only what
          // was made by the time this run ended (nothing the person did since: not run again in
          // full, which would erase it, or be refused as they were made staff since and be told
          // as given up), then tell its admins under the same keys.
          const again = await keptLogged(
            log,
            teamId,
            this.deps.dataSubjects.erasureOutran(
              teamId,
              user,
              key,
              tellRecord,
              this.deps.clock?.now() ?? now,
              now,
            ),
            'erasure by Slack user kept for the outbox upkeep, but who on it was erased since was not checked: their ids stay until it is done',
            'erasure by Slack user not kept for the outbox upkeep',
          );
          log.warn(
            { teamId, tickets: ids, again },
            'erasure by Slack user left unfinished: the outbox upkeep outran its lease, which another erasure took (not counted as finished; what that one may have written back scrubbed again at a later pass, then its admins told)',
          );
          continue;
        }
        finished++;
        log.warn(
          { teamId, tickets: ids, untold: done.untold },
          'erasure by Slack user left unfinished (its resumes owed) finished by the outbox upkeep',
        );
        // A DM the outbox does not take (the database failing): a record of it alone is kept
        // (by the person's userKey, with whom to tell as read here), and a later pass only tells
        // them under the same keys (tellOwed), nobody twice. The erasure is not kept to be run
        // again for it: that run would erase what the person did since, or be refused and told
        // as given up (revpriv3 F1, F2).
        if (!(await this.tellFinished(ctx, user, by, toldTo, ids, key, resumed))) {
          const owed = await keptLogged(
            log,
            teamId,
            this.deps.dataSubjects.erasureTellOwed(teamId, user, key, tellRecord, now),
            'erasure by Slack user whose admins are owed its DM: who on its record was erased since was not checked: their ids stay until they are told',
            'erasure by Slack user: its owed DM not recorded',
          );
          log.warn(
            { teamId, tickets: ids, owed },
            'erasure by Slack user finished by the outbox upkeep, its admins not told: told at a later pass',
          );
        }
      } catch (err) {
        // Only the desk's refusal of this erasure (the person made staff since) gives it up: any
        // other failure (a resume's passing refusal: changed meanwhile, being merged) is tried
        // again at a later pass.
        // Given up, its resumes are announced by the upkeep (repairResumes: the tickets keep the
        // person's words, as the desk keeps what staff did), their notices sent, and the admin
        // who started it told.
        if (err instanceof AppError && err.messageKey === 'privacy.error.userOwnsCustomers') {
          // A guest who owns a customer now (no staff): erasable once the customer has another
          // owner. Kept, tried again backing off as after any other failure; its admin told
          // once which customers to give another owner, the upkeep then finishes it.
          await this.deps.dataSubjects
            .erasureUnfinishedFailed(teamId, user, tries + 1, now)
            .catch(() => undefined);
          await this.announceWhileWaiting(
            teamId,
            user,
            [...marks.map((m) => m.id), ...ids],
            now,
            log,
          );
          // Its DM written first, keyed per erasure (its own random key, kept on its marks: not a
          // ticket another erasure may mark too), then its marks told with the customers it
          // named: a failure in between leaves it owed to the next pass, which writes the same key
          // for the same list (nothing new; nor does another instance's run that read the marks
          // before they were told). The admin is told again only when the person owns a customer
          // that no DM of it recorded as told named (the ten named handed on, the rest left: "and
          // N more"). Keyed by the list it shows (a hash of the codes), not by whether a told mark
          // is there: a told write that failed, then customers handed on before the next try,
          // gives that try a new list and so a new DM (keyed by the erasure alone, it was the
          // first DM's key: never sent, the rest then marked named). Once per list.
          // Told before, to admins none of whom is one now (its starter demoted, or erased: their
          // scrub takes them off `toldTo`; or told before whom was recorded): the admins as they
          // now stand are told the whole list (keyed per admin and list: once each).
          let adminTold = false;
          const stillTold = !!read && !!toldTo?.some((a) => upkeepAdmin(read!, a, user));
          // None any more (handed on since the refusal): nobody told, the next try finishes it.
          const owned = await this.deps.dataSubjects.guestOwned(teamId, user).catch(() => null);
          const before = new Set(stillTold ? (named ?? []) : []);
          const unnamed = owned?.codes.filter((c) => !before.has(c)) ?? [];
          if (owned && unnamed.length) {
            const mark = [...marks.map((m) => m.id), ...ids].sort()[0]!;
            const erasure = await this.deps.dataSubjects
              .erasureOwnerKey(teamId, user, mark)
              .catch(() => undefined);
            const list = createHash('sha256')
              .update(owned.codes.join('\n'))
              .digest('hex')
              .slice(0, 16);
            // No admin to tell: warned once a day (and after an admin was told), not every try.
            const warn =
              !noAdminWarned || now.getTime() - noAdminWarned.getTime() >= NO_ADMIN_WARN_MS;
            // Marked as warned only when the warning was logged (not when its key was not read).
            let warned = false;
            const to = erasure
              ? await this.tellUpkeepAdmin(teamId, user, by, ids, now, log, {
                  lines: WAITS_ON_OWNER,
                  tell: (privacy, ctx, to) =>
                    privacy.erasureWaitsOnOwner(ctx, to, erasure, owned.codes, owned.count, list),
                  quiet: !warn,
                  warned: () => (warned = true),
                })
              : [];
            if (warned)
              await this.deps.dataSubjects
                .erasureNoAdminWarned(teamId, user, now)
                .catch(() => undefined);
            adminTold =
              to.length > 0 &&
              (await this.deps.dataSubjects
                .erasureOwnerTold(teamId, user, now, owned.codes, to)
                .then(() => true)
                .catch(() => false));
          }
          // A warning at its first try, then once a day (tried every 30 minutes, for days maybe),
          // and at a try that told an admin a new list: info between.
          const loud =
            adminTold || !waitWarned || now.getTime() - waitWarned.getTime() >= WAIT_WARN_MS;
          log[loud ? 'warn' : 'info'](
            { teamId, tickets: ids, tries: tries + 1, adminTold },
            'erasure by Slack user left unfinished: refused to the outbox upkeep as the person owns a customer now as a guest of the workspace; kept, tried again (finished once the customer has another owner)',
          );
          if (loud)
            await this.deps.dataSubjects
              .erasureWaitWarned(teamId, user, now)
              .catch(() => undefined);
        } else if (err instanceof AppError && err.messageKey === 'privacy.error.userIsStaff') {
          // Its admins told first (keyed by the erasure and admin: a second write of it sends
          // nothing new), then given up: a DM the outbox does not take keeps it unfinished
          // (backing off), for a later pass to tell them and give it up then; given up first,
          // its marks gone, nothing would tell them (privlow 3, revpriv2 F3).
          let untold = false;
          // Those told it waits on a guest owner in its starter's place too, as when finished.
          await this.tellUpkeepAdmin(teamId, user, by, ids, now, log, {
            lines: GIVEN_UP,
            tell: tellEnded(
              'erasureGivenUp',
              user,
              toldTo,
              upkeepErasure(this.deps.dataSubjects.keys, teamId, user, id),
              ids.length,
            ),
            untold: () => (untold = true),
          });
          if (untold) {
            await this.deps.dataSubjects
              .erasureUnfinishedFailed(teamId, user, tries + 1, now)
              .catch(() => undefined);
            log.warn(
              { teamId, tickets: ids, tries: tries + 1 },
              'erasure by Slack user refused to the outbox upkeep (the person made staff since): its admins not told, kept (given up at a later pass, once they are)',
            );
          } else {
            await this.deps.dataSubjects
              .erasureUnfinishedLeft(teamId, user, now)
              .catch(() => undefined);
            log.error(
              { err, teamId, tickets: ids },
              'erasure by Slack user left unfinished, refused to the outbox upkeep (the person made staff since): given up, its resumes announced',
            );
          }
        } else if (err instanceof ErasureLeaseLost) {
          // Held up past its lease at a step, which another erasure took: stopped there; its
          // marks stay for a later pass, backing off as after any other failure (not run in
          // full at every pass should it keep being held up). Only the marks it read as it
          // started (all of them, however many), as it read them: those the erasure that took
          // the lease wrote since (resumeOwed unset their back-off) are that one's, taken by the
          // upkeep once its lease runs out should it be cut too (5 minutes, not this back-off).
          await this.deps.dataSubjects
            .erasureUnfinishedFailed(teamId, user, tries + 1, now, marks)
            .catch(() => undefined);
          log.warn(
            { teamId, tickets: ids, tries: tries + 1 },
            'erasure by Slack user left unfinished: the outbox upkeep lost its lease to another erasure (tried again)',
          );
        } else {
          // Tried again later, backing off (ERASURE_RETRY_FIRST_MS doubled up to
          // ERASURE_RETRY_MAX_MS): a failing erasure is not run in full at every pass.
          await this.deps.dataSubjects
            .erasureUnfinishedFailed(teamId, user, tries + 1, now)
            .catch(() => undefined);
          log.error(
            { err, teamId, tickets: ids, tries: tries + 1 },
            'erasure by Slack user left unfinished: the outbox upkeep could not finish it (tried again)',
          );
        }
      } finally {
        await lease?.release().catch(() => true);
      }
    }
    return { finished };
  }

  /**
   * An erasure by Slack user kept by the upkeep as its person owns a customer now as a guest (for
   * as long as nobody gives it another owner: hours, days): the tickets its cut run resumed are
   * back in progress, their SLA clocks running, so each one's resume is told now (its thread line
   * and its assignee's DM), once, as the erasure's own announcement would (that one then redraws
   * only the card: `erasureResumeToldWaiting`) but without the person's words (their report as
   * its requester, their entries' texts: `[erased]`). The ticket's other notices (its card, drawn
   * from the ticket as stored: not redrawn now; Homes) still wait for the erasure. Not one still
   * owing an earlier change's notices (`erasureResumeLeft`): its resume's line would come before
   * that change's in the thread. A failure is logged: the next try tells them.
   */
  private async announceWhileWaiting(
    teamId: string,
    user: string,
    ids: string[],
    now: Date,
    log: Logger,
  ): Promise<void> {
    const { workspaces } = this.deps;
    if (!workspaces) return;
    try {
      const ctx = await jobCtx(workspaces, teamId, now, log);
      const told: string[] = [];
      for (const ticket of await this.deps.tickets.byIds(ctx, [...new Set(ids)])) {
        if (ticket.erasureResumeUser !== user || ticket.erasureResumeToldWaiting) continue;
        if (ticket.erasureResumeLeft) continue;
        const at = ticket.timeline.findLastIndex((e) => resumedAtErasure(e));
        // Marked, not resumed yet (cut within its resume): nothing to tell.
        if (at < 0 || ticket.status === 'waiting') continue;
        const theirs = ticket.requester?.userId === user;
        const without: TicketRecord = {
          ...ticket,
          ...(theirs ? { title: ERASED, description: ERASED } : {}),
          timeline: ticket.timeline.map((e) =>
            e.by === user || e.writer === user ? { ...e, text: ERASED } : e,
          ),
        };
        // Not its card: drawn at delivery from the ticket as stored, not yet erased.
        await this.deps.notify.tickets.changedButCard(ctx, without, without.timeline[at]!, at + 1);
        told.push(ticket.id);
      }
      if (!told.length) return;
      this.deps.notify.outbox.kick();
      await this.deps.dataSubjects.resumesToldWaiting(teamId, user, told, now);
    } catch (err) {
      log.warn(
        { err, teamId, tickets: ids },
        'erasure waiting on a guest owner: its resumes not told yet (tried again)',
      );
    }
  }

  /**
   * Erasures the upkeep ran to their end whose lease another erasure took meanwhile
   * (DataSubjectService.erasureOutran): what that one may have written back, made by the time
   * the run ended, is scrubbed again under the workspace's erasure lease once it is free
   * (rescrubUser: nothing the person did since, no refusal check: the erasure was done, no second
   * privacy-log entry), then its record says its admins' "finished" DM is owed, which tellOwed
   * tells (the same keys: nobody twice). One run per pass (it reads the workspace's outbox and
   * digests). Its lease taken again meanwhile, or a failure: kept, scrubbed again at a later pass.
   * How many were finished (counted as the erasure's finish: 1 or 0).
   */
  private async rescrubOutran(now: Date, log: Logger, limit: number): Promise<number> {
    const { workspaces, erasureLeases } = this.deps;
    if (!workspaces || !erasureLeases) return 0;
    let outran: Awaited<ReturnType<DataSubjectService['erasuresOutran']>>;
    try {
      outran = await this.deps.dataSubjects.erasuresOutran(limit);
    } catch (err) {
      log.warn({ err }, 'erasures by Slack user that outran their lease not read');
      return 0;
    }
    for (const { teamId, user, before, dm, ids } of outran) {
      let lease: Awaited<ReturnType<ErasureLeases['hold']>> = null;
      try {
        const ctx = await jobCtx(workspaces, teamId, now, log);
        // Held by an erasure (that one still running, or its lease not run out yet): later.
        lease = await erasureLeases.hold(ctx, { user });
        if (!lease) continue;
        const changed = await this.deps.dataSubjects.rescrubUser(ctx, user, before, lease.keep);
        const held = lease;
        lease = null;
        const kept = await held.release().catch((err: unknown) => {
          log.warn({ err, teamId }, 'erasure lease not given back: free when it runs out');
          return true;
        });
        if (!kept) {
          log.warn(
            { teamId, tickets: ids },
            'erasure by Slack user that outran its lease scrubbed again, outrunning its lease again: scrubbed again at a later pass',
          );
          return 0;
        }
        if (!(await this.deps.dataSubjects.erasureRescrubbed(teamId, dm, now))) {
          // Another instance's pass scrubbed it first (on the same read): counted there.
          log.info(
            { teamId, tickets: ids },
            'erasure by Slack user that outran its lease scrubbed again meanwhile (another instance): not counted again',
          );
          return 0;
        }
        log.warn(
          { teamId, tickets: ids, changed },
          'erasure by Slack user left unfinished (its resumes owed) finished by the outbox upkeep: what another erasure may have written back scrubbed again',
        );
        return 1;
      } catch (err) {
        log.warn(
          { err, teamId, tickets: ids },
          'erasure by Slack user that outran its lease not scrubbed again (tried again at a later pass)',
        );
        return 0;
      } finally {
        await lease?.release().catch(() => true);
      }
    }
    return 0;
  }

  /**
   * Erasures the upkeep finished whose admins' "finished" DM the outbox did not take
   * (DataSubjectService.erasureTellOwed): their admins told now, as they would have been then
   * (tellAdmins: the starters still admins, else the workspace's; never the person, known by
   * their userKey), under the same keys, nobody twice; then the record is deleted. Nothing of the
   * erasure is run again. A DM not written again: kept for the next pass.
   */
  private async tellOwed(now: Date, log: Logger, limit: number): Promise<void> {
    const { workspaces } = this.deps;
    if (!workspaces || !this.deps.notify.privacy) return;
    let owed: Awaited<ReturnType<DataSubjectService['erasuresTellOwed']>>;
    try {
      owed = await this.deps.dataSubjects.erasuresTellOwed(limit);
    } catch (err) {
      log.warn({ err }, 'erasures by Slack user whose finished DM is owed not read');
      return;
    }
    for (const { teamId, dm, owedOf, by, ownerTo, ids, resumed } of owed) {
      let ctx: Ctx;
      try {
        ctx = await jobCtx(workspaces, teamId, now, log);
      } catch (err) {
        log.warn({ err, teamId, tickets: ids }, FINISHED.failed);
        continue;
      }
      // The person, should they be staff now, by their userKey: not told of their own erasure.
      const user =
        [...ctx.settings.admins, ...by, ...ownerTo].find((a) =>
          this.deps.dataSubjects.keys.forms(teamId, a).includes(owedOf),
        ) ?? '';
      if (!(await this.tellFinished(ctx, user, by, ownerTo, ids, dm, resumed))) continue;
      await this.deps.dataSubjects.erasureToldOwed(teamId, dm).catch((err: unknown) => {
        // Told: a next pass writes the same keys again, nobody told twice.
        log.warn({ err, teamId }, 'erasure by Slack user: its owed DM written, its record kept');
      });
      log.info(
        { teamId, tickets: ids },
        'erasure by Slack user finished by the outbox upkeep: its admins told at a later pass',
      );
    }
  }

  /**
   * Resumes owed by erasures whose marks do not say whose (written before erasureResumeUser
   * was recorded, 3a8bdacd), their tickets' notices held meanwhile. A ticket that still names
   * the person (its requester, or filer, whose userKey is the mark: the erasure stopped before
   * it rewrote it) says whose: its erasure's marks say so from now on and the upkeep finishes it
   * as any other (logged as a warning with the ticket numbers). Each of the others is logged once
   * as an error (team, ticket id and number, nothing of the person), with what an operator
   * runs (a mark an older upkeep logged without this check, before 728032d1, is checked once
   * too: finished, or logged once more with this line): the CLI's erase by user of the ticket's requester, read in Slack (finishes it: its
   * resumes announced, the notices then sent). A failure is logged: the next pass tries again.
   */
  private async finishOrphaned(now: Date, log: Logger, limit: number): Promise<void> {
    try {
      const { named, unnamed } = await this.deps.dataSubjects.erasuresOrphaned(now, limit);
      for (const { teamId, numbers } of named)
        log.warn(
          { teamId, tickets: numbers },
          'resume at an erasure by Slack user owed, its mark older than whose erasure it is: whose read from its ticket (the person it names, whose key the mark is); the outbox upkeep finishes that erasure',
        );
      for (const { teamId, id, number } of unnamed)
        log.error(
          {
            teamId,
            ticket: id,
            number,
            run: `npm run privacy -- erase --team ${teamId} --as <admin> --user <the Slack user who requested ${number}: who asked, in its thread in Slack> --yes`,
          },
          'resume at an erasure by Slack user owed, its mark older than whose erasure it is and its ticket naming them no more: the outbox upkeep cannot finish it; read who requested that ticket and run their erasure again by hand',
        );
    } catch (err) {
      log.warn({ err }, 'erasures by Slack user with unnamed marks not read');
    }
  }

  /**
   * Tells the admins of the erasure of `user` (its starters `by`, else the admins) that it is
   * finished, under the DM key `key`, and the admins told it waited on a guest owner in its
   * starter's place (`toldTo`: "the desk then finishes it and tells you") not told so (its
   * starter an admin again since), still admins, each once. Whether the outbox took the DMs
   * (false: a later pass tells them, erasuresTellOwed).
   */
  private async tellFinished(
    ctx: Ctx,
    user: string,
    by: string[],
    toldTo: string[] | undefined,
    ids: string[],
    key: string,
    resumed: number,
  ): Promise<boolean> {
    let untold = false;
    await this.tellAdmins(ctx, user, by, ids, {
      lines: FINISHED,
      tell: tellEnded('erasureFinished', user, toldTo, key, resumed),
      untold: () => (untold = true),
    });
    return !untold;
  }

  /**
   * What became of a cut erasure (`tell`, never whom: finished by the upkeep, given up as the
   * person was made staff since, or waiting on the person's customers' owner) told by DM through
   * the outbox to the admin who started the run that was cut (`by`, recorded on its marks), or,
   * they an admin no longer or none recorded, to the workspace's admins (upkeepAdmins, never
   * `user`, the person erased: logged,
   * `admins`, without whom); none at all: nobody, logged as a warning (`noAdmin`, the team and
   * tickets' ids, with what to run; `onlyThem` when the one admin is the person erased; not
   * when `quiet`, logged earlier; `warned` called once it is logged). Failures are logged
   * (`failed`; `untold` called then, for the caller to tell them at a later pass: the same
   * keys, nobody twice). The admins told: none when it failed or nobody could be told, to be
   * told at a next try (the workspace given an admin by then, they are told).
   */
  private async tellAdmins(
    ctx: Ctx,
    user: string,
    by: string[],
    ids: string[],
    how: UpkeepTelling,
  ): Promise<string[]> {
    const { lines, tell, quiet = false, warned, untold } = how;
    const { privacy, outbox } = this.deps.notify;
    if (!privacy) return [];
    const { teamId } = ctx;
    // The desk's only admin made a guest owner is held (nothing reaches them): not told, and
    // the erasure's notice not taken as told (told at a next try, an admin made by then).
    let held: string[];
    try {
      held = await heldRead(ctx.settings, () => this.deps.customers.awayOwners(ctx));
    } catch (err) {
      ctx.log.warn({ err, teamId, tickets: ids }, lines.failed);
      untold?.();
      return [];
    }
    const to = upkeepAdmins(ctx, by, user, held);
    const starter = by.length ? 'no longer an admin' : 'not recorded';
    if (!to.ids.length) {
      if (quiet) return [];
      ctx.log.warn(
        {
          teamId,
          tickets: ids,
          by: starter,
          run: `npm run admins -- --team ${teamId} --add <the Slack user to make the desk's admin>`,
        },
        ctx.settings.admins.includes(user) ? lines.onlyThem : lines.noAdmin,
      );
      warned?.();
      return [];
    }
    if (to.started !== 'you')
      ctx.log.info({ teamId, tickets: ids, by: starter, admins: to.ids.length }, lines.admins);
    try {
      await tell(privacy, ctx, to);
      outbox.kick();
      return to.ids;
    } catch (err) {
      ctx.log.warn({ err, teamId, tickets: ids }, lines.failed);
      untold?.();
      return [];
    }
  }

  /**
   * tellAdmins for a workspace (`teamId`), its context read first (a failure there logged as
   * `failed`, told at a next try as any).
   */
  private async tellUpkeepAdmin(
    teamId: string,
    user: string,
    by: string[],
    ids: string[],
    now: Date,
    log: Logger,
    how: UpkeepTelling,
  ): Promise<string[]> {
    const { workspaces } = this.deps;
    if (!this.deps.notify.privacy || !workspaces) return [];
    let ctx: Ctx;
    try {
      ctx = await jobCtx(workspaces, teamId, now, log);
    } catch (err) {
      log.warn({ err, teamId, tickets: ids }, how.lines.failed);
      how.untold?.();
      return [];
    }
    return this.tellAdmins(ctx, user, by, ids, how);
  }

  /**
   * A page of tickets: its posted cards written to the outbox, the people whose Homes list its
   * open ones added to `users`; the cards written and whether one was open.
   */
  private async refreshPage(
    ctx: Ctx,
    page: TicketRecord[],
    users: Set<string>,
  ): Promise<{ cards: number; open: boolean }> {
    const posted = page.filter((t) => t.card.ts);
    const cards = posted.length ? (await this.deps.notify.tickets.cards(ctx, posted)).length : 0;
    // Their posts (thread lines, SLA alerts there, assignees' DMs) edited as the tickets read now:
    // every ticket's, not only those with a card (a ticket whose card never went out, no triage
    // channel then, still had its assignees' DMs sent).
    // An erasure's (a data subject's request): before retention's routine edits on their lane.
    if (page.length)
      await this.deps.notify.tickets.postEdits(ctx, page, undefined, { erasure: true });
    // And of those merged into another ticket, the line in its thread naming who asked for them.
    await this.mergeLineEdits(ctx, page, undefined, { erasure: true });
    let open = false;
    for (const t of page) {
      if (!OPEN_STATUSES.includes(t.status)) continue;
      open = true;
      if (t.assigneeId) users.add(t.assigneeId);
      if (t.status === 'waiting') users.add(waitsOn(t));
    }
    return { cards, open };
  }

  /**
   * Of a page of tickets, those merged into another: the line their target's thread got at the
   * merge, naming who asked for each and quoting their words, edited as the duplicate reads now
   * when it reads `[erased]` (TicketNotifier.mergeLineEdits), each target read once (any
   * customer's: a merge may cross customers). The keys written.
   */
  private async mergeLineEdits(
    ctx: Ctx,
    page: readonly TicketRecord[],
    notBefore?: Date,
    opts: { erasure?: boolean } = {},
  ): Promise<string[]> {
    const merged = page.filter((t) => t.mergedInto);
    if (!merged.length) return [];
    const targets = new Map<string, TicketRecord | null>();
    for (const number of new Set(merged.map((t) => t.mergedInto!)))
      targets.set(number, await this.deps.tickets.get(ctx, number).catch(notFoundAsNull));
    const pairs = merged.flatMap((duplicate) => {
      const target = targets.get(duplicate.mergedInto!);
      return target ? [{ duplicate, target }] : [];
    });
    return this.deps.notify.tickets.mergeLineEdits(ctx, pairs, notBefore, opts);
  }

  /**
   * The retention job's run (DataSubjectService.retention) and then the posted cards of the
   * tickets it anonymised shown again through the outbox, so the triage channel no longer shows
   * their old text: written a page (RETENTION_PAGE) at a time as the tickets are rewritten, each
   * page due RETENTION_CARD_SPACING_MS after the one before (the first now). Only tickets this
   * run changed, and those an earlier run could not write: a run that changes nothing shows
   * nothing again. A failure to write a page to the outbox is logged and does not fail the run
   * (its tickets are anonymised and recorded, and stay marked: the next run writes their cards).
   */
  async retention(ctx: Ctx): Promise<{
    tickets?: number;
    interactions?: number;
    tasks?: number;
    submissionKeys?: number;
    submissionKeysLeft?: number;
    mergeLocks?: number;
    userKeys?: number;
    userKeysLeft?: number;
    cards?: number;
    cardsMissed?: number;
  }> {
    const { tickets, notify } = this.deps;
    let cards = 0;
    let pages = 0;
    let missed = 0;
    // A page of tasks it is about to anonymise: the edits of the DMs about them (of those linked
    // to a ticket, `ticketIds`, recorded as its posts: its own edits write the same key when it
    // is anonymised too), spaced as the cards' pages.
    const tasksTaken = async (ids: string[], ticketIds?: string[]) => {
      try {
        const due = new Date(ctx.now.getTime() + pages * RETENTION_CARD_SPACING_MS);
        const edits = await notify.tasks?.postEdits(
          ctx,
          { taskIds: ids, ...(ticketIds ? { ticketIds } : {}) },
          pages ? due : undefined,
        );
        if (edits?.length && !pages++) notify.outbox.kick();
        return true;
      } catch (err) {
        ctx.log.warn(
          { err, tasks: ids.length },
          'retention: task DM edits not written to the outbox',
        );
        return false;
      }
    };
    const counts = await this.deps.dataSubjects.retention(
      ctx,
      async (ids) => {
        try {
          const page = await tickets.byIds(ctx, ids);
          const posted = page.filter((t) => t.card.ts);
          const due = new Date(ctx.now.getTime() + pages * RETENTION_CARD_SPACING_MS);
          // The lines under their cards, the SLA alerts there and the assignees' DMs: edited, of
          // every ticket of the page (one whose card never went out, no triage channel then, still
          // had its assignees' DMs sent); the cards, of those posted.
          if (posted.length)
            cards += (await notify.tickets.cards(ctx, posted, pages ? due : undefined)).length;
          const edits = [
            ...(await notify.tickets.postEdits(ctx, page, pages ? due : undefined)),
            // Those merged into another ticket: the line in its thread naming who asked for them.
            ...(await this.mergeLineEdits(ctx, page, pages ? due : undefined)),
          ];
          if (!posted.length && !edits.length) return true;
          if (!pages++) notify.outbox.kick();
          return true;
        } catch (err) {
          missed += ids.length;
          ctx.log.warn({ err, tickets: ids.length }, 'retention: cards not written to the outbox');
          return false;
        }
      },
      tasksTaken,
    );
    return { ...counts, ...(cards ? { cards } : {}), ...(missed ? { cardsMissed: missed } : {}) };
  }

  /**
   * The customer's cards and the Homes listing it, and the cards of the other tickets
   * `mentionedIn` (ids) and the Homes listing those, written to the outbox; the cards written.
   */
  private async refreshViews(
    ctx: Ctx,
    code: string,
    mentionedIn: string[],
    /** Before each page (the erasure's lease kept while they are written: ErasureLease.keep). */
    keep: () => Promise<void>,
  ): Promise<number> {
    const { customers, tickets, notify } = this.deps;
    const customer = await customers.get(ctx, code);
    // Its owner and its open tasks' people; its open tickets' people (and, while it has some, the
    // managers and admins) are noted from the pages below, which read every ticket of it anyway.
    const users = await homesShowingCustomer(this.deps, ctx, customer, { tickets: false });
    let open = false;
    let cards = 0;
    /** A page of tickets: its posted cards written, the Homes that list its open ones noted. */
    const refresh = async (page: TicketRecord[]) => {
      await keep();
      const r = await this.refreshPage(ctx, page, users);
      cards += r.cards;
      open ||= r.open;
    };
    let after: string | undefined;
    for (;;) {
      const page = await tickets.ofCustomerPage(ctx, customer.id, after, ERASE_CARD_PAGE);
      await refresh(page);
      if (page.length < ERASE_CARD_PAGE) break;
      after = page.at(-1)!.id;
    }
    for (let i = 0; i < mentionedIn.length; i += ERASE_CARD_PAGE)
      await refresh(await tickets.byIds(ctx, mentionedIn.slice(i, i + ERASE_CARD_PAGE)));
    // The DMs about its tasks linked to no ticket (they name it and quote the task; a contact's
    // reach too), an erasure's edits: every one recorded, whole or a contact erased.
    await keep();
    const taskEdits = await notify.tasks?.postEdits(ctx, { customerId: customer.id }, undefined, {
      erasure: true,
    });
    if (open) for (const u of [...ctx.settings.managers, ...ctx.settings.admins]) users.add(u);
    // A Home is due a few seconds from now (coalesced), which the outbox's poll finds.
    await notify.homes.refresh(ctx, users);
    if (cards || taskEdits?.length) notify.outbox.kick();
    return cards;
  }
}

/** An upkeep's context in a workspace: the workspace's, acting as the desk itself, as a job. */
function jobCtx(
  workspaces: Pick<WorkspaceService, 'context'>,
  teamId: string,
  now: Date,
  log: Logger,
): Promise<Ctx> {
  return workspaces.context({ teamId, actor: SYSTEM_ACTOR, now, log, origin: 'job' });
}
