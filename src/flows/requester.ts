import type { ChannelService } from '../channel/service.js';
import { ERASED, SYSTEM_ACTOR, type Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { catalogues, LOCALES } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { readsDesk, withinReopenDays } from '../permissions.js';
import type { Notifiers } from '../notify/index.js';
import { addBusinessMinutes, slaStatus } from '../sla/business-time.js';
import { recoveryTaskId, type TaskService } from '../task/service.js';
import { ticketCalendar } from '../ticket/clock.js';
import type { SurveyPlace, TicketService } from '../ticket/service.js';
import {
  bySubmission,
  DM_ANSWER_LISTED,
  type DmAnswered,
  type MergedEnd,
  type DraftKind,
  type ProgressCandidate,
  requesterInSlack,
  type TicketRecord,
  type TicketSurvey,
} from '../ticket/types.js';
import { addDaysToDate, localDate } from '../time.js';
import { workingDayOnOrAfter } from '../workspace/calendar.js';
import type { WorkspaceService } from '../workspace/service.js';
import { fillSavedReply } from '../workspace/saved-replies.js';
import { clipAtCharacter } from '../text/clip.js';
import { DESCRIPTION_MAX } from '../ticket/form.js';
import { messageSource, sideOf, worksTicketsByRole } from './channels.js';
import { owedTicket, repairOwed } from './owed.js';
import { THREAD_REPLIES_MAX } from '../channel/types.js';
import { tellOwed } from './task-notices.js';
import { NOTICES_REPAIR_MS, type TicketFlows } from './tickets.js';

/**
 * The `[placeholders]` a draft is prefilled with (in either language) still in `text`: left as
 * drafted, the requester would read "because [reason]".
 */
export function draftPlaceholdersLeft(kind: DraftKind, text: string): string[] {
  // A reply is the agent's own words, drafted by nobody.
  if (kind === 'reply') return [];
  const key = kind === 'delay' ? 'requester.draft.delayText' : 'requester.draft.progressText';
  const drafted = LOCALES.flatMap((l) => catalogues[l][key].match(/\[[^\]\n]+\]/g) ?? []);
  return [...new Set(drafted)].filter((p) => text.includes(p));
}

/** A score this low (1-5) is a complaint signal: a follow-up and the managers told. */
export const LOW_SATISFACTION = 2;
/** NPS this low (0-10), with a comment, is one too. */
export const LOW_NPS = 6;

/** How far back the requester job repairs a low answer's follow-up: what a crash can have lost. */
const REPAIR_DAYS = 2;
/** A low answer younger than this is its own request's to follow up (still running, maybe). */
const REPAIR_GRACE_MS = 2 * 60_000;

export type { DraftKind };

/** How many progress-note candidates the requester job reads at a time (by id). */
const PROGRESS_PAGE = 500;
/**
 * The most progress-note drafts one requester job run writes in a workspace (the oldest tickets
 * first): each is a DM to an assignee, so a run stays short and the outbox is not flooded; the
 * rest are written by the next run (a quarter of an hour on).
 */
export const PROGRESS_DRAFTS_MAX = 500;

/** What a draft's button carries: the ticket and the kind of draft. */
export function draftValue(ticket: Pick<TicketRecord, 'number'>, kind: DraftKind): string {
  return `${kind}:${ticket.number}`;
}

/** A draft's kind and ticket, from a button's value (`delay:T…`, `progress:T…`, `reply:T…`). */
export function readDraftValue(value: string): { kind: DraftKind; number: string } | null {
  const m = /^(delay|progress|reply):(T\d{8,})$/i.exec(value);
  return m ? { kind: m[1] as DraftKind, number: m[2]!.toUpperCase() } : null;
}

/** Whether an answer is a low one (satisfaction 1-2, or NPS 0-6 with a comment). */
export function isLow(survey: NonNullable<TicketRecord['survey']>): boolean {
  if (survey.satisfaction !== undefined && survey.satisfaction <= LOW_SATISFACTION) return true;
  return survey.nps !== undefined && survey.nps <= LOW_NPS && !!survey.comment;
}

/**
 * Whether a ticket's survey answer is a low one whose follow-up its resolution still owes: given
 * in the resolution the ticket is in now (reopened since, that one is no longer solved) and not
 * marked followed up for it (a mark from before resolutions were told apart is the first's).
 */
export function lowScoreOwed(ticket: TicketRecord): boolean {
  const survey = ticket.survey;
  if (!survey || !isLow(survey)) return false;
  const cycle = ticket.metrics.reopenCount;
  if (survey.cycle !== undefined && survey.cycle !== cycle) return false;
  const marked = survey.followUpCycle ?? (survey.followUpAt ? 0 : -1);
  return marked < cycle;
}

/**
 * Whether an answer from the survey's modal (NPS, comment) adds to a low answer whose follow-up
 * this resolution already opened and told (at the click, before the modal): owed to staff.
 */
export function detailsOwed(
  ticket: TicketRecord,
  answer: { nps?: number | null; comment?: string | null },
): boolean {
  const survey = ticket.survey;
  if (!survey || (answer.nps === undefined && answer.comment === undefined)) return false;
  if (survey.nps === undefined && !survey.comment) return false;
  const cycle = ticket.metrics.reopenCount;
  if (survey.cycle !== undefined && survey.cycle !== cycle) return false;
  return (survey.followUpCycle ?? (survey.followUpAt ? 0 : -1)) === cycle;
}

/**
 * Whether a low answer's NPS and comment are told in their own DM, not in its low notice: the
 * modal's, owed since its write (`detailsOwedAt`), completing a low click of the score it still
 * carries, written by an earlier write (`click`: a modal's write never sets it, so one of the
 * same millisecond is earlier too): that click's follow-up, whose notice says the score only.
 * Whichever of the click's request, the modal's or a repair writes the notice first, it says the
 * same, and the details DM tells the rest. An answer given whole in one write (score, NPS and
 * comment together, with no click of that score before it) is told in its notice, once.
 */
export function toldApart(survey: TicketSurvey): boolean {
  const { click, detailsOwedAt, satisfaction } = survey;
  return (
    !!detailsOwedAt &&
    !!click &&
    click.at.getTime() <= detailsOwedAt.getTime() &&
    satisfaction !== undefined &&
    click.satisfaction === satisfaction &&
    satisfaction <= LOW_SATISFACTION &&
    (survey.nps !== undefined || !!survey.comment)
  );
}

/**
 * The requester's side of a ticket beyond its steps (#10): the survey's answers (a low one opens
 * the account manager's follow-up and tells the managers), its reminder after a day, and the
 * drafts an assignee is given (a delay notice when the resolution target will be missed, a
 * progress note at the workspace's cadence), sent to the requester only when the agent confirms.
 */
export class RequesterFlows {
  constructor(
    private readonly deps: {
      tickets: TicketService;
      tasks: TaskService;
      ticketFlows: TicketFlows;
      /** A conversation's channel link (shared with the customer's organisation or not). */
      channels: Pick<ChannelService, 'forChannel'>;
      notify: Pick<Notifiers, 'requester' | 'outbox' | 'homes' | 'tasks' | 'tickets'>;
      /** The outbox job's repair runs across workspaces: each one's context. */
      workspaces: Pick<WorkspaceService, 'context'>;
    },
  ) {}

  /**
   * The requester answered (a satisfaction button, or the modal's NPS and comment). A low answer
   * opens the account manager's follow-up (due within 24 h) and tells the managers, once per
   * ticket. `first`: what the answer's request must do before any of that Slack work, with the
   * answer saved (a click's modal: its trigger_id lives 3 s, and the managers' DMs, Slack slow
   * or several of them, would outlast it); the follow-up runs even when it fails.
   */
  async answer(
    ctx: Ctx,
    ticketId: string,
    answer: { satisfaction?: number; nps?: number | null; comment?: string | null },
    /** Where it was given (a ticket with no Slack requester is answered from its conversation). */
    from: SurveyPlace = {},
    first?: (ticket: TicketRecord) => Promise<void>,
  ): Promise<TicketRecord> {
    const { ticket, owesDetails, redraw } = await this.deps.tickets.answerSurvey(
      ctx,
      ticketId,
      answer,
      async (channel) => (await this.deps.channels.forChannel(ctx, channel))?.shared === true,
      from,
    );
    // The scores, and whether a comment came: its words are the requester's (personal data).
    const { comment, ...scores } = answer;
    ctx.log.info(
      { ticket: ticket.number, ...scores, comment: Boolean(comment) },
      'survey answered',
    );
    // `first` failing (Slack refused the modal: its trigger expired) is rethrown once the rest
    // is done: the answer is saved, its follow-up and the card's refresh must not be lost.
    let failed: { err: unknown } | undefined;
    try {
      await first?.(ticket);
    } catch (err) {
      failed = { err };
    }
    let details: string[] = [];
    if (lowScoreOwed(ticket)) {
      // The follow-up not marked yet: this answer's own, or a click's whose request is still on
      // its way (or dead). Done here as that request would do it, and a modal completing that
      // click has its details told apart, whichever request writes first.
      await this.followUpLowScore(ctx, ticket);
      if (owesDetails && toldApart(ticket.survey!))
        details = await this.lowScoreDetails(ctx, ticket);
    } else if (owesDetails && detailsOwed(ticket, answer))
      details = await this.lowScoreDetails(ctx, ticket);
    // The modal's answer owed its details since its write: written (or none owed, or the low
    // notice just written says them), owed no more; left owed, the outbox job's repair sees to
    // them (under the same keys: never twice). The modal sent again unchanged owed none (its
    // details were told already): an earlier answer's mark is left to that answer.
    const owedAt = ticket.survey?.detailsOwedAt;
    if (owesDetails && owedAt)
      await this.deps.tickets
        .surveyDetailsTold(ctx, ticket, owedAt)
        .catch((err: unknown) =>
          ctx.log.warn({ err, ticket: ticket.number }, 'survey details not marked told'),
        );
    if (details.length) await this.deps.notify.outbox.deliver(ctx.teamId, details);
    // The card shows the answer (its comment too, low or not): staff read what was said. Drawn
    // again only when what it shows changed in this answer's write (the same score clicked
    // again, or the modal sent again unchanged, costs Slack nothing), the refresh drawing the
    // ticket as it stands when it goes: of two answers at once, the card ends on the later.
    // An earlier answer's redraw still owed (its request died before writing it) is drawn now
    // too, and its mark taken off (`cardAt`: whichever answer's the write left).
    const cardAt = ticket.survey?.cardOwedAt;
    await (redraw ? this.deps.notify.tickets.cards(ctx, [ticket]) : Promise.resolve([]))
      .then(async () => {
        if (redraw) this.deps.notify.outbox.kick();
        if (cardAt) await this.deps.tickets.surveyCardDrawn(ctx, ticket, cardAt);
      })
      .catch((err: unknown) => ctx.log.warn({ err, ticket: ticket.number }, 'card not refreshed'));
    if (failed) throw failed.err;
    return ticket;
  }

  /**
   * A low answer's work, once per resolution (the answer's own request, or the requester job's
   * repair of one a crash left undone): the account manager's follow-up planned (keyed by the
   * resolution: never twice, two instances or not), the managers told, the ticket marked for
   * this resolution, and the account manager DMed at once (the DM owed on the task since its
   * insert: the outbox job repairs it).
   */
  private async followUpLowScore(ctx: Ctx, ticket: TicketRecord): Promise<void> {
    // A modal's NPS and comment told apart (toldApart) are not this notice's: it is the click's,
    // the same whoever writes it, and the details DM comes after it.
    const survey: TicketSurvey = toldApart(ticket.survey!)
      ? { ...ticket.survey!, nps: undefined, comment: undefined }
      : ticket.survey!;
    const { satisfaction, nps } = survey;
    const recovery = await this.deps.tasks.planRecovery(
      ctx,
      ticket,
      ctx.t.plain('task.content.requesterRecovery', {
        number: ticket.number,
        satisfaction: satisfaction ?? 'none',
        nps: nps ?? 'none',
      }),
    );
    // The managers are told a follow-up is due only of one this resolution still has open:
    // planned now, or by an earlier answer that died before marking the ticket (its notice's
    // keys are one per ticket, cycle and manager, so told of it, or of a call's low score of
    // this resolution, they are not told again). One done already is not due.
    const due = recovery.planned || recovery.task?.status === 'open';
    // Named as the one whose follow-up it is (the customer's owner now, not the ticket's).
    const owner = recovery.task?.assigneeId ?? ticket.accountManagerId;
    // Written before the ticket is marked: a failure between the two cannot lose the notice.
    const keys = due
      ? await this.deps.notify.requester.lowScore(
          ctx,
          { ...ticket, accountManagerId: owner },
          {
            ...(satisfaction !== undefined ? { satisfaction } : {}),
            ...(nps !== undefined ? { nps } : {}),
            ...(survey.comment ? { comment: survey.comment } : {}),
            // Who answered (the requester job's repair runs in the desk's name).
            by: survey.by ?? ctx.actor,
          },
        )
      : [];
    if (await this.deps.tickets.surveyFollowedUp(ctx, ticket)) {
      await this.deps.notify.outbox.deliver(ctx.teamId, keys);
      await this.deps.notify.homes.refresh(ctx, [owner]).catch(() => {});
    }
    // The account manager told at once, in a DM with Done (once per follow-up: its key). The
    // desk planned it, not the requester: their user id is kept nowhere on a task (an
    // erasure by Slack user would take them for staff).
    if (recovery.planned && recovery.task)
      await tellOwed(this.deps, ctx, recovery.task, {
        what: 'planned',
        by: SYSTEM_ACTOR,
        at: ctx.now,
      });
  }

  /**
   * The NPS and comment added to a low answer whose notice went before them: the managers and
   * the follow-up's owner (its assignee) read them, once per answer (the notice said "no NPS
   * given yet", and the owner calls without knowing the complaint otherwise). Written to the
   * outbox, keyed by the answer (its `detailsOwedAt`): the keys, for the caller to deliver.
   */
  private async lowScoreDetails(ctx: Ctx, ticket: TicketRecord): Promise<string[]> {
    const survey = ticket.survey!;
    const task = await this.deps.tasks.byId(ctx, recoveryTaskId(ticket));
    const keys = await this.deps.notify.requester.lowScoreDetails(
      ctx,
      ticket,
      [...ctx.settings.managers, ...(task ? [task.assigneeId] : [])],
      {
        ...(survey.satisfaction !== undefined ? { satisfaction: survey.satisfaction } : {}),
        ...(survey.nps !== undefined ? { nps: survey.nps } : {}),
        ...(survey.comment ? { comment: survey.comment } : {}),
        by: survey.by ?? ctx.actor,
        at: survey.detailsOwedAt ?? survey.at ?? ctx.now,
      },
    );
    return keys;
  }

  /**
   * The outbox job's pass, across workspaces: modal answers whose request died (or failed)
   * between saving the answer and writing its details DMs, NOTICES_REPAIR_MS on (before that,
   * their request's own): the DMs written now when still owed (the low notice went before the
   * answer, in the resolution the ticket is in, or is written now first when the click's request
   * died too and the details are told apart; not for an answer whose person was erased since),
   * under the answer's keys (one written already is left alone: nothing goes twice), and the
   * mark taken off. Counts the answers whose DMs were written.
   */
  async repairDetails(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const repaired = await repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (before, max) => this.deps.tickets.surveyDetailsOwed(before, max),
        of: owedTicket,
        repair: async (ctx, ticket) => {
          const survey = ticket.survey!;
          // The low answer's follow-up not opened yet (the click's request died too): opened
          // now, as the requester job's repair would (keyed: once), its notice without these
          // details when they are told apart.
          const low = lowScoreOwed(ticket);
          if (low) await this.followUpLowScore(ctx, ticket);
          const owed =
            survey.by !== ERASED &&
            (low ? toldApart(survey) : detailsOwed(ticket, { nps: survey.nps ?? null }));
          const keys = owed ? await this.lowScoreDetails(ctx, ticket) : [];
          await this.deps.tickets.surveyDetailsTold(ctx, ticket, survey.detailsOwedAt!);
          return keys.length > 0;
        },
        repaired: 'survey details repaired',
        failed: 'survey details repair failed',
      },
    );
    if (repaired) this.deps.notify.outbox.kick();
    return { repaired };
  }

  /**
   * The outbox job's pass, across workspaces: survey answers whose request died (or failed)
   * between saving the answer and writing the card's refresh, NOTICES_REPAIR_MS on: the card
   * refreshed now (a keyed refresh: drawn once as it stands) and the mark taken off.
   */
  async repairCards(now: Date, log: Logger, limit = 100): Promise<{ repaired: number }> {
    const repaired = await repairOwed(
      this.deps.workspaces,
      { now, log, limit, waitMs: NOTICES_REPAIR_MS },
      {
        owed: (before, max) => this.deps.tickets.surveyCardsOwed(before, max),
        of: owedTicket,
        repair: async (ctx, ticket) => {
          await this.deps.notify.tickets.cards(ctx, [ticket]);
          await this.deps.tickets.surveyCardDrawn(ctx, ticket, ticket.survey!.cardOwedAt!);
          return true;
        },
        repaired: 'survey card repaired',
        failed: 'survey card repair failed',
      },
    );
    if (repaired) this.deps.notify.outbox.kick();
    return { repaired };
  }

  /**
   * The requester's "Not solved, reopen" on the resolved notice (in the conversation thread or
   * their DM): refused to anyone else and after REOPEN_DAYS, then the ticket's own reopen (its
   * permission check, the card, the assignee's Home and the follow-ups as for any reopen).
   */
  async reopen(
    ctx: Ctx,
    number: string,
    where: { channel?: string | undefined } = {},
  ): Promise<TicketRecord> {
    // One who does not read the desk (a guest, another organisation's person) is told of a
    // number that is no ticket as of another person's ticket: clicks tell them not which exist.
    const current = await this.deps.tickets.get(ctx, number).catch((err: unknown) => {
      if (readsDesk(ctx) || !(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      throw new AppError('FORBIDDEN', 'requester.reopen.notYours', { number: number.trim() });
    });
    try {
      this.deps.tickets.assertRequesterMayReopen(ctx, current);
    } catch (err) {
      throw this.replyInstead(ctx, current, err, where.channel);
    }
    const { ticket } = await this.deps.ticketFlows.act(
      ctx,
      current.number,
      { action: 'reopen' },
      { current },
    );
    ctx.log.info({ ticket: ticket.number }, 'reopened by its requester');
    return ticket;
  }

  /**
   * The refusal of another person's "Not solved, reopen" in a ticket's conversation thread: one
   * of the customer's people there (not our staff) reopens it with a reply in the thread while
   * it may be reopened, so the refusal says so instead of leaving them without a way.
   */
  private replyInstead(
    ctx: Ctx,
    ticket: TicketRecord,
    err: unknown,
    channel: string | undefined,
  ): unknown {
    if (!(err instanceof AppError) || err.messageKey !== 'requester.reopen.notYours') return err;
    const conversation = ticket.conversation;
    // Only a click in the ticket's own conversation: elsewhere (another customer's channel
    // naming this ticket) a reply would reopen nothing.
    if (!conversation || channel !== conversation.channel) return err;
    if (!withinReopenDays(ticket, ctx.now)) return err;
    const author = { user: ctx.actor, external: Boolean(ctx.external), guest: ctx.guest };
    // Only the customer's: our staff's reply answers, and one Slack did not describe reopens nothing.
    if (
      sideOf(ctx.settings, { shared: conversation.shared === true }, author, ticket) !== 'customer'
    )
      return err;
    return new AppError('FORBIDDEN', 'requester.reopen.notYoursThread', { number: ticket.number });
  }

  /**
   * A message of the actor in their DM with the app (the Messages tab, where a requester outside
   * any conversation thread hears from the desk), as their ticket takes it:
   * - in the thread of one of the desk's messages about a ticket of theirs (its received notice,
   *   a step, its survey: ticketOfDmThread), about that ticket; else, when one ticket waits on
   *   them, their answer to it; else, when they have one open ticket, about that one;
   * - a ticket waiting on them resumes with it as with a reply in a conversation thread (the line
   *   in the card's thread, the assignee told); an open one takes it as such a reply does (a line
   *   in the card's thread, a next reply owed, and here the assignee told by DM);
   * - none is guessed: `several` wait, or several are open (`open`, listed: they are told to
   *   reply in the thread of a message about the one it is for); the ticket it is about, or with
   *   none open those they may still reopen, is resolved (`resolved`: Not solved, reopen on its
   *   message, as the resolved notice says) or closed (`closed`); with none open nor
   *   reopenable, their newest ticket is closed (or past its reopen window: `closed`, `latest`),
   *   and how to file a new one; a closed one merged into another ticket names that one and
   *   where it stands for them (`merged`). Null: no ticket of theirs as its Slack requester (or an empty
   *   message where one would take it): they get the help.
   * Either way they are answered through the outbox (in `thread`, the message's thread, if any):
   * the thank-you is written in the same command as the ticket's notices, keyed by the message
   * (dmAnswerKey), and delivered at once; Slack refusing it leaves it owed, never lost (Slack
   * sends the event no retry, Bolt having acked it) nor sent twice.
   * Our staff (agents, experts, managers, admins) are never answering a ticket here, even one
   * they reported themselves: what they type is for the app (null: they get the usual help).
   * `redo`: an earlier delivery of this message began the work (and failed after it, or died):
   * a ticket it already resumed (or took it) is the answer again, not changed twice (its line is
   * keyed by the message), and its thank-you is written if that delivery did not (once: its key).
   */
  async answerByDm(
    ctx: Ctx,
    msg: { channel: string; ts: string; text: string; thread?: string | undefined; redo?: boolean },
  ): Promise<DmAnswered | null> {
    const author = { user: ctx.actor, external: Boolean(ctx.external) };
    if (worksTicketsByRole(ctx.settings, author)) return null;
    const to = { user: ctx.actor, channel: msg.channel, ts: msg.ts, thread: msg.thread };
    const told = async (answered: DmAnswered) => {
      const keys = await this.deps.notify.requester.dmAnswer(ctx, to, answered);
      await this.deps.notify.outbox.deliver(ctx.teamId, keys);
      return answered;
    };
    const source = messageSource(msg.channel, msg.ts);
    if (msg.redo) {
      const done = await this.deps.tickets.requestedWithSource(ctx, source);
      if (done) {
        const added = done.timeline.some((e) => e.source === source && e.action === 'note');
        return told(added ? { added: done } : { resumed: done });
      }
    }
    const about = msg.thread ? await this.ticketOfDmThread(ctx, msg.channel, msg.thread) : null;
    if (about) {
      if (about.status === 'waiting') return this.takenByDm(ctx, about, msg, to, 'resume');
      if (about.status === 'new' || about.status === 'assigned')
        return this.takenByDm(ctx, about, msg, to, 'note');
      if (withinReopenDays(about, ctx.now)) return told({ resolved: [about] });
      return told({ closed: about, ...(await this.mergedOf(ctx, about)) });
    }
    const waiting = await this.deps.tickets.waitingOnRequester(ctx);
    if (waiting.length > 1) return told({ several: waiting });
    if (waiting[0]) return this.takenByDm(ctx, waiting[0], msg, to, 'resume');
    const open = await this.deps.tickets.requestedInSlack(
      ctx,
      ['new', 'assigned'],
      DM_ANSWER_LISTED,
    );
    if (open.total > 1) return told({ open: open.items, total: open.total });
    if (open.items[0]) return this.takenByDm(ctx, open.items[0], msg, to, 'note');
    const resolved = await this.deps.tickets.reopenableRequestedInSlack(ctx, DM_ANSWER_LISTED);
    if (resolved.length) return told({ resolved });
    // Nothing of theirs to add it to: what they wrote (a new problem, often) is not lost without
    // a word, they are told their newest ticket is closed and how to ask again.
    const latest = await this.deps.tickets.latestRequestedInSlack(ctx, ['resolved', 'closed']);
    return latest
      ? told({ closed: latest, latest: true, ...(await this.mergedOf(ctx, latest)) })
      : null;
  }

  /**
   * Where the work of `ticket`, merged into another, goes on for the actor (`merged`: the ticket
   * at the end of its merges and who they are there, or that it is resolved or closed), so a
   * merged ticket is never named only as closed; nothing when it was not merged (or that ticket
   * is gone).
   */
  private async mergedOf(ctx: Ctx, ticket: TicketRecord): Promise<{ merged?: MergedEnd }> {
    if (!ticket.mergedInto) return {};
    const merged = await this.deps.tickets.mergedEnd(ctx, ticket.mergedInto);
    return merged ? { merged } : {};
  }

  /**
   * The ticket of the actor's (its Slack requester) that the desk's message posted as `ts` in
   * their DM with the app is about (RequesterNotifier.ticketsOfDm), if any.
   */
  private async ticketOfDmThread(
    ctx: Ctx,
    channel: string,
    ts: string,
  ): Promise<TicketRecord | null> {
    const ids = await this.deps.notify.requester.ticketsOfDm(ctx, channel, ts);
    if (!ids.length) return null;
    const tickets = await this.deps.tickets.byIds(ctx, ids);
    return tickets.find((t) => t.requester?.userId === ctx.actor) ?? null;
  }

  /**
   * The requester's DM taken by their ticket: the answer that resumes it (`resume`), or their
   * words added to it as a reply in its conversation thread is (`note`, `said: 'reply'`: a line
   * in the card's thread, a next reply owed, the assignee told), thanked in the same command.
   * Null for an empty message (a file alone), or past the replies a ticket takes
   * (THREAD_REPLIES_MAX, as in a conversation thread: only logged).
   */
  private async takenByDm(
    ctx: Ctx,
    current: TicketRecord,
    msg: { channel: string; ts: string; text: string },
    to: { user: string; channel: string; ts: string; thread?: string | undefined },
    action: 'resume' | 'note',
  ): Promise<DmAnswered | null> {
    if (!msg.text.trim()) return null;
    const source = messageSource(msg.channel, msg.ts);
    const text = clipAtCharacter(msg.text, DESCRIPTION_MAX);
    // The same message handled again (another delivery of it): taken already, thanked once.
    const taken = current.timeline.find((e) => e.source === source);
    if (taken) {
      const again: DmAnswered = taken.action === 'note' ? { added: current } : { resumed: current };
      await this.deps.notify.outbox.deliver(
        ctx.teamId,
        await this.deps.notify.requester.dmAnswer(ctx, to, again),
      );
      return again;
    }
    if (action === 'note') {
      const replies = current.timeline.filter((e) => e.said === 'reply').length;
      if (replies >= THREAD_REPLIES_MAX) {
        ctx.log.warn(
          { ticket: current.number, replies },
          'requester DM not added: the ticket has taken its most replies',
        );
        return null;
      }
    }
    const { ticket } = await this.deps.ticketFlows.act(
      ctx,
      current.number,
      action === 'resume'
        ? { action: 'resume', reply: text, source }
        : { action: 'note', text, source, said: 'reply' },
      {
        current,
        also: (batched, changed) =>
          this.deps.notify.requester.dmAnswer(
            batched,
            to,
            action === 'resume' ? { resumed: changed } : { added: changed },
          ),
      },
    );
    ctx.log.info(
      { ticket: ticket.number, action },
      action === 'resume'
        ? 'resumed by its requester in their DM'
        : 'requester DM added to their ticket',
    );
    return action === 'resume' ? { resumed: ticket } : { added: ticket };
  }

  /**
   * The job's pass: survey reminders a day after an unanswered survey went (never after it
   * expired), and progress note drafts at the workspace's cadence. Idempotent: a reminder's key
   * is fixed per ticket and it is marked after it is written; a draft's key names its period.
   */
  async sweep(
    ctx: Ctx,
  ): Promise<{ reminded: number; drafts: number; followedUp: number; draftsLeft?: number }> {
    // Low answers whose follow-up a crash left unopened (the answer is saved first, in its own
    // write with the resolution it was given in; the follow-up after it): opened now, as the
    // answer would have (keyed per resolution: nothing twice, whichever instance runs it).
    let followedUp = 0;
    for (const ticket of await this.deps.tickets.lowSurveysOwed(ctx, REPAIR_DAYS, REPAIR_GRACE_MS, {
      satisfaction: LOW_SATISFACTION,
      nps: LOW_NPS,
    })) {
      if (!lowScoreOwed(ticket)) continue;
      try {
        await this.followUpLowScore(ctx, ticket);
        followedUp++;
        ctx.log.info({ ticket: ticket.number }, 'low score follow-up repaired');
      } catch (err) {
        ctx.log.error({ err, ticket: ticket.number }, 'low score follow-up repair failed');
      }
    }
    let reminded = 0;
    for (const ticket of await this.deps.tickets.surveysToRemind(ctx)) {
      try {
        await this.deps.notify.requester.survey(ctx, ticket, true);
        if (await this.deps.tickets.surveyMark(ctx, ticket, 'remindedAt')) reminded++;
      } catch (err) {
        ctx.log.error({ err, ticket: ticket.number }, 'survey reminder failed');
      }
    }
    let drafts = 0;
    let draftsLeft = 0;
    const hours = ctx.settings.progressNoteHours;
    if (hours > 0) {
      // Business hours on the ticket's SLA calendar (working days, windows, holidays; every
      // hour for a 24x7 one), not counting time waiting on the customer, and drafted only in
      // the ticket's working time: on business hours never on a holiday or at night, even when
      // a period ended at the close of a day (the next working morning's run drafts it); a 24x7
      // ticket's at any hour, holidays and nights too, as its clock runs (urgent, so quiet
      // hours do not hold the assignee's DM). The candidates are read by calendar hours, which
      // are never fewer.
      const period = hours * 60;
      // Every candidate, a page at a time by id: each is checked in code (its calendar, its
      // pauses), so a capped read alone would give the same first ones every run and none of
      // the rest. The writes are capped instead (PROGRESS_DRAFTS_MAX): a draft written is keyed,
      // so the next run skips it and writes those left. The pages carry only what the check
      // reads; the tickets drafted (at most the cap) are read whole. Once the cap is reached the
      // run reads no further page: the candidates left are counted, in one count.
      let after: string | undefined;
      for (;;) {
        const page = await this.deps.tickets.progressCandidates(ctx, hours, after, PROGRESS_PAGE);
        const due: { ticket: ProgressCandidate; stamp: string }[] = [];
        for (const ticket of page) {
          if (!ticket.assigneeId) continue;
          const calendar = ticketCalendar(ctx.settings, ticket);
          if (addBusinessMinutes(calendar, ctx.now, 0).getTime() !== ctx.now.getTime()) continue;
          const since = ticket.progressNoteAt ?? ticket.receivedAt;
          const { elapsedMinutes } = slaStatus(calendar, {
            receivedAt: since,
            targetMinutes: 0,
            pauses: ticket.pauses,
            now: ctx.now,
          });
          const periods = Math.floor(elapsedMinutes / period);
          if (periods < 1) continue;
          // One draft per period since the last note (or the receipt): ignored, it is not
          // repeated before the next period. `progress-b`: business-hour periods, counted anew
          // from those of the calendar-hour versions (`progress:`), whose keys (kept a week)
          // would otherwise hold back the drafts of a ticket already open for days until it
          // passed their count.
          due.push({ ticket, stamp: `progress-b:${since.getTime()}:${periods}` });
        }
        // Those drafted for this period already (one read for the page) take none of the cap.
        const owed = await this.deps.notify.requester.undrafted(ctx, due);
        const now = owed.slice(0, PROGRESS_DRAFTS_MAX - drafts);
        draftsLeft += owed.length - now.length;
        const whole = new Map(
          (
            await this.deps.tickets.byIds(
              ctx,
              now.map((d) => d.ticket.id),
            )
          ).map((t) => [t.id, t]),
        );
        for (const { ticket, stamp } of now) {
          const read = whole.get(ticket.id);
          if (read && (await this.draft(ctx, read, 'progress', stamp))) drafts++;
        }
        if (page.length < PROGRESS_PAGE) break;
        after = page.at(-1)!.id;
        if (drafts >= PROGRESS_DRAFTS_MAX || draftsLeft) {
          draftsLeft += await this.deps.tickets.countProgressCandidates(ctx, hours, after);
          break;
        }
      }
      if (draftsLeft)
        ctx.log.info(
          { drafts, left: draftsLeft },
          'progress note drafts written up to a run’s cap; the rest (at most that many) next run',
        );
    }
    if (reminded || drafts) this.deps.notify.outbox.kick();
    return { reminded, drafts, followedUp, ...(draftsLeft ? { draftsLeft } : {}) };
  }

  /**
   * A delay notice drafted for the assignee (the SLA sweep found the resolution target will be
   * missed: its warning), with the new date proposed a working day after the current due time.
   * None when the requester was already sent a delay notice whose new date is past that due
   * time (someone told them before the sweep did): a second one would only repeat it.
   */
  async delayDraft(ctx: Ctx, ticket: TicketRecord, markedAt: Date): Promise<boolean> {
    if (!requesterInSlack(ticket) || !ticket.assigneeId) return false;
    const due = ticket.resolutionDueAt;
    if (ticket.promisedDate && due && ticket.promisedDate > localDate(due, ctx.settings.timeZone))
      return false;
    return this.draft(ctx, ticket, 'delay', `delay:${markedAt.getTime()}`);
  }

  /**
   * The SLA sweep's pass over the dates delay notices promised: an open ticket whose promised date
   * is over (the workspace's day now) gets its assignee a delay draft saying so, once per promised
   * date (its outbox key names the date, and the ticket is marked after it is written: several
   * instances running the sweep write it once), and its card shows the date passed. A new delay
   * notice promises anew. One held by nobody waits until someone holds it (not read until then:
   * promisesPassed). Never fails the sweep.
   */
  async promiseDrafts(ctx: Ctx): Promise<number> {
    let drafts = 0;
    const passed: TicketRecord[] = [];
    for (const ticket of await this.deps.tickets.promisesPassed(ctx)) {
      const promised = ticket.promisedDate;
      if (!promised || !ticket.assigneeId) continue;
      try {
        if (await this.draft(ctx, ticket, 'delay', `promise:${promised}`, promised)) drafts++;
        await this.deps.tickets.promiseLapsed(ctx, ticket, promised);
        passed.push(ticket);
      } catch (err) {
        ctx.log.warn({ err, ticket: ticket.number }, 'delay draft for a passed promise failed');
      }
    }
    // No version changed (`promiseLapsed`): a notices mark on one is an earlier change's, left
    // for the notices repair (cleared here, that change's thread line would never be written).
    if (passed.length)
      await this.deps.ticketFlows
        .refreshCards(ctx, passed, [], new Set(passed.map((t) => t.id)))
        .catch((err) => ctx.log.warn({ err }, 'cards of passed promises not refreshed'));
    return drafts;
  }

  private async draft(
    ctx: Ctx,
    ticket: TicketRecord,
    kind: Exclude<DraftKind, 'reply'>,
    stamp: string,
    promised?: string,
  ): Promise<boolean> {
    if (!ticket.assigneeId || !requesterInSlack(ticket)) return false;
    const keys = await this.deps.notify.requester.draft(ctx, ticket, {
      kind,
      stamp,
      to: ticket.assigneeId,
      value: draftValue(ticket, kind),
      ...(promised ? { promised } : {}),
    });
    return keys.length > 0;
  }

  /**
   * The workspace's saved reply `id`, as inserted into ticket `number`'s message to its
   * requester (`{customer}` and `{ticket}` filled in), with the ticket; undefined when there is
   * no such reply. Only for someone who may send that message: the ticket's requester an update
   * (`update`: the delay notice / progress note), or set the ticket waiting on them (`wait`).
   */
  async savedReply(ctx: Ctx, number: string, id: string, purpose: 'update' | 'wait') {
    const reply = ctx.settings.savedReplies.find((r) => r.id === id);
    if (!reply) return undefined;
    const ticket = await this.deps.tickets.forStaff(ctx, number);
    if (purpose === 'wait') await this.deps.tickets.assertMayOpen(ctx, ticket, 'wait');
    else this.deps.tickets.assertMaySendUpdate(ctx, ticket);
    return { title: reply.title, text: fillSavedReply(reply.text, ticket), ticket };
  }

  /**
   * What the draft's modal opens with: the ticket, its proposed text and new date (a reply: no
   * text, the agent writes it, and no date).
   */
  async draftFor(
    ctx: Ctx,
    number: string,
    kind: DraftKind,
  ): Promise<{ ticket: TicketRecord; text: string; date?: string }> {
    const ticket = await this.deps.tickets.forStaff(ctx, number);
    this.deps.tickets.assertMaySendUpdate(ctx, ticket);
    if (kind === 'reply') return { ticket, text: '' };
    const zone = ctx.settings.timeZone;
    // The working day after the current due date, or after the date the requester was last
    // promised or today if later (a weekend or a holiday is skipped): never a day gone by.
    const after = [
      localDate(ticket.resolutionDueAt ?? ctx.now, zone),
      ticket.promisedDate ?? '',
      localDate(ctx.now, zone),
    ].sort()[2]!;
    const date = workingDayOnOrAfter(ctx.settings, addDaysToDate(after, 1));
    const text = ctx.t.plain(
      kind === 'delay' ? 'requester.draft.delayText' : 'requester.draft.progressText',
      { number: ticket.number, title: ticket.title },
    );
    return { ticket, text, date };
  }

  /**
   * The agent confirmed a draft: sent to the requester (once per modal submission), noted on the
   * ticket's internal thread (the note keyed by the modal: `view:` and its id), and the progress
   * cadence starts again. The modal delivered again (Slack's redelivery, a double click) after
   * its note was written sends, notes and moves nothing more, whatever the ticket's state since;
   * two deliveries at once write one message (its outbox key) and one note (`key`).
   */
  async sendDraft(
    ctx: Ctx,
    input: { number: string; kind: DraftKind; text: string; date?: string; submission: string },
    saved: () => Promise<void>,
    checked: () => Promise<void> = async () => {},
  ): Promise<TicketRecord> {
    if (input.kind === 'reply') return this.reply(ctx, input, saved, checked);
    const ticket = await this.deps.tickets.forStaff(ctx, input.number);
    const source = `view:${input.submission}`;
    const again = !!bySubmission(ticket, source, ctx.actor, { action: 'note' });
    // Refused (a ticket resolved meanwhile, no requester in Slack) before `checked`: a
    // submission's saving view comes after.
    if (!again) this.deps.tickets.assertMaySendUpdate(ctx, ticket);
    await checked();
    if (again) {
      await saved();
      return ticket;
    }
    // The message first (keyed by the submission: the modal submitted again writes nothing new),
    // then the cadence: a failure in between leaves the message owed, not lost.
    const keys = await this.deps.notify.requester.confirmed(ctx, ticket, input.submission, {
      kind: input.kind,
      by: ctx.actor,
      text: input.text,
      ...(input.date ? { date: input.date } : {}),
    });
    await this.deps.tickets.progressNoted(
      ctx,
      ticket,
      input.kind === 'delay' ? input.date : undefined,
    );
    await saved();
    await this.deps.notify.outbox.deliver(ctx.teamId, keys);
    // A message to the requester answers the reply they were owed since they wrote again (the
    // next-reply clock); it is no first response (that rule is unchanged).
    if (ticket.firstResponseAt && ticket.replyFrom)
      await this.deps.ticketFlows.recordResponse(ctx, ticket.id, {
        by: ctx.actor,
        at: ctx.now,
        via: 'slack',
      });
    await this.deps.ticketFlows.act(
      ctx,
      ticket.number,
      {
        action: 'note',
        text: ctx.t.plain(
          input.kind === 'delay' ? 'requester.draft.notedDelay' : 'requester.draft.notedProgress',
          { text: input.text, date: input.date ?? '-' },
        ),
      },
      { key: source },
    );
    return ticket;
  }

  /**
   * Reply to requester… (#F1): the agent's `text` sent to the ticket's requester in Slack where
   * they hear from the desk (its conversation thread, else their DM, with the notices' fallback:
   * `requesterPlace`), through the outbox once per modal submission, and recorded as an answer
   * (`recordResponse`, via slack, keyed by the submission): the first response, or the next reply
   * owed, as an agent's reply in the conversation thread is; its event is the card's thread line
   * ("replied to the requester: …"). The progress cadence starts again. A ticket waiting on the
   * customer stays waiting: only their answer (or Resume) resumes it. A submission sent again
   * (recorded already) sends and records nothing more, whatever the ticket's state since.
   */
  private async reply(
    ctx: Ctx,
    input: { number: string; text: string; submission: string },
    saved: () => Promise<void>,
    checked: () => Promise<void>,
  ): Promise<TicketRecord> {
    const ticket = await this.deps.tickets.forStaff(ctx, input.number);
    const source = `view:${input.submission}`;
    const again = ticket.timeline.some((e) => e.source === source);
    // Who may answer the requester, on an open ticket with a requester in Slack.
    if (!again) this.deps.tickets.assertMaySendUpdate(ctx, ticket);
    await checked();
    // The message first (keyed by the submission), then the answer's record (keyed the same):
    // a failure in between leaves the message owed, not lost, and the submission sent again
    // records the answer without a second message.
    const keys = await this.deps.notify.requester.confirmed(ctx, ticket, input.submission, {
      kind: 'reply',
      by: ctx.actor,
      text: input.text,
    });
    if (!again) await this.deps.tickets.progressNoted(ctx, ticket);
    const answered = await this.deps.ticketFlows.recordResponse(
      ctx,
      ticket.id,
      { by: ctx.actor, at: ctx.now, via: 'slack', text: input.text, source },
      { saved },
    );
    await this.deps.notify.outbox.deliver(ctx.teamId, keys);
    return answered.ticket;
  }
}
