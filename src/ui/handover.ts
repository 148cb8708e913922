import type { ModalView } from '@slack/types';
import type { CustomerRecord } from '../customer/types.js';
import type { SlaStatus } from '../sla/business-time.js';
import {
  HANDOVER_MAX,
  HANDOVER_PARTS,
  type HandoverPart,
  type HandoverRecords,
  type HandoverResult,
  type HandoverRun,
} from '../workspace/types.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { TaskRecord } from '../task/types.js';
import { reopenedSaid, type HandoverDmTicket, type TicketRecord } from '../ticket/types.js';
import {
  clipLinesKeepingTail,
  lineSections,
  lineSectionsWithin,
  markdown,
  MESSAGE_TEXT_MAX,
  type Block,
  type Message,
} from './blocks.js';
import { HANDOVER } from './ids.js';
import { formModal, inputBlock, option } from './inputs.js';
import {
  clipMrkdwn,
  escape,
  escapeClipped,
  join,
  keep,
  mrkdwnList,
  slackTime,
  type Mrkdwn,
} from './text.js';
import { taskTitle } from './task.js';
import { pausedDueText, ticketLink } from './ticket.js';

const PART_LABELS: Record<HandoverPart, MessageKey> = {
  tickets: 'handover.part.tickets',
  tasks: 'handover.part.tasks',
  customers: 'handover.part.customers',
};

/** Records named per part in the receiver's DM; the rest are counted. */
const NAMED = 20;

/** The `/desk handover` modal: from whom, to whom, and what (all ticked). */
export function handoverModal(t: Translate, metadata: string): ModalView {
  const parts = HANDOVER_PARTS.map((p) => option(t.plain(PART_LABELS[p]), p));
  return formModal(t, {
    callbackId: HANDOVER.view,
    title: 'handover.title',
    submit: 'handover.submit',
    metadata,
    blocks: [
      markdown(t('handover.intro')),
      inputBlock(
        { block: 'from', label: t.plain('handover.field.from') },
        { type: 'users_select' },
      ),
      inputBlock(
        { block: 'to', label: t.plain('handover.field.to'), hint: t.plain('handover.hint.to') },
        { type: 'users_select' },
      ),
      inputBlock(
        { block: 'what', label: t.plain('handover.field.what') },
        { type: 'checkboxes', options: parts, initial_options: parts },
      ),
    ],
  });
}

/** Which parts the modal's checkboxes ticked (unknown values left out). */
export function readParts(value: string | undefined): HandoverPart[] {
  const ticked = new Set((value ?? '').split(','));
  return HANDOVER_PARTS.filter((p) => ticked.has(p));
}

function customerName(t: Translate, c: Pick<CustomerRecord, 'name' | 'code'>): Mrkdwn {
  return t('customer.nameCode', { name: keep(escapeClipped(c.name, 60)), code: c.code });
}

function named(t: Translate, items: Mrkdwn[]): Mrkdwn {
  const shown = join(items.slice(0, NAMED), t.plain('common.listSeparator'));
  const more = items.length - NAMED;
  return more > 0 ? join([shown, t('roles.stranded.more', { count: more })], ' ') : shown;
}

/** The receiver's lines of what moved: before the reply lines (the tickets) and after (tasks, customers). */
function lines(
  t: Translate,
  moved: {
    tickets: TicketRecord[];
    tasks: TaskRecord[];
    customers: CustomerRecord[];
    withCustomer: string[];
  },
): { before: Mrkdwn[]; after: Mrkdwn[] } {
  const before: Mrkdwn[] = [];
  const out: Mrkdwn[] = [];
  if (moved.tickets.length)
    before.push(
      t('handover.line.tickets', {
        count: moved.tickets.length,
        list: keep(named(t, moved.tickets.map(ticketLink))),
      }),
    );
  const withCustomer = new Set(moved.withCustomer);
  for (const task of moved.tasks.slice(0, NAMED))
    out.push(
      t(withCustomer.has(task.id) ? 'handover.line.taskWithCustomer' : 'handover.line.task', {
        task: keep(taskTitle(t, task)),
      }),
    );
  if (moved.tasks.length > NAMED)
    out.push(t('roles.stranded.more', { count: moved.tasks.length - NAMED }));
  if (moved.customers.length)
    out.push(
      t('handover.line.customers', {
        count: moved.customers.length,
        list: keep(
          named(
            t,
            moved.customers.map((c) => customerName(t, c)),
          ),
        ),
      }),
    );
  return { before, after: out };
}

/**
 * A ticket whose customer wrote again and awaits a reply: by when (overdue or not, at `at.now`),
 * in the reader's zone; the soonest due first, the rest counted. One waiting on the customer
 * stores no due time (its clock stands still) yet still owes the reply: said paused, as its card
 * says it, with what is left or by how much it is late, sorted by when it would be due resumed.
 */
function replyLines(t: Translate, tickets: readonly HandoverDmTicket[], at: HandoverAt): Mrkdwn[] {
  const out: Mrkdwn[] = [];
  const owed = tickets
    .map((ticket) => {
      const paused = at.pausedReplies?.get(ticket.id);
      if (paused) return { ticket, due: paused.dueAt, paused };
      return ticket.replyDueAt ? { ticket, due: ticket.replyDueAt } : undefined;
    })
    .filter((o) => o !== undefined)
    .sort((a, b) => a.due.getTime() - b.due.getTime());
  for (const { ticket, due, paused } of owed.slice(0, NAMED))
    out.push(
      paused
        ? t('handover.line.replyPaused', {
            ...reopenedSaid(ticket.reopened),
            number: keep(ticketLink(ticket)),
            clock: keep(pausedDueText(t, paused, at.timeZone)),
          })
        : t('handover.line.replyDue', {
            ...reopenedSaid(ticket.reopened),
            number: keep(ticketLink(ticket)),
            due: keep(slackTime(due, at.timeZone)),
            late: due.getTime() < at.now.getTime() ? 'yes' : 'no',
          }),
    );
  if (owed.length > NAMED) out.push(t('roles.stranded.more', { count: owed.length - NAMED }));
  return out;
}

/**
 * When the receiver's DM is written: now, the workspace's zone (for the fallback text), and the
 * next-reply clocks, by ticket id, of the tickets waiting on the customer that owe one.
 */
export interface HandoverAt {
  now: Date;
  timeZone: string;
  pausedReplies?: ReadonlyMap<string, SlaStatus>;
}

/**
 * The receiver's DM as written, besides its reply lines (`handoverReceived`): kept with it in the
 * outbox so that it is drawn again as it goes out, its reply lines from its tickets as they stand
 * then (`handoverReceivedAgain`).
 */
export interface HandoverWritten {
  head: string;
  before: string[];
  after: string[];
  /** The tickets it handed, in their order (their reply lines). */
  ticketIds: string[];
  /**
   * Its reply lines as written (sent so when one of its tickets is gone): absent from those
   * written when the drawn message was kept besides.
   */
  replies?: string[];
}

/**
 * The receiver's one DM: who handed them whose work, and what; the tickets whose customer awaits
 * a next reply, with by when, or paused (`at`). The
 * lines go in as many sections as they need (a large hand-over's reply lines would otherwise push
 * its tasks and customers past one section's 3000 characters); the fallback text is cut. With
 * what it was drawn from besides its reply lines (`written`).
 */
export function handoverReceived(
  t: Translate,
  by: string,
  from: string,
  result: HandoverResult,
  at: HandoverAt,
): Message & { text: string; written: HandoverWritten } {
  const head = t('handover.dm', {
    by,
    from,
    tickets: result.tickets.length,
    tasks: result.tasks.length,
    customers: result.customers.length,
  });
  const { before, after } = lines(t, result);
  const replies = replyLines(t, result.tickets, at);
  const written = { head, before, after, ticketIds: result.tickets.map((x) => x.id), replies };
  return { ...handoverDm([head, ...before, ...replies, ...after]), written };
}

/** The receiver's DM as it was written (`written.replies`: its reply lines then). */
export function handoverAsWritten(written: HandoverWritten): Message & { text: string } {
  return handoverDm(
    [written.head, ...written.before, ...(written.replies ?? []), ...written.after].map(
      (line) => line as Mrkdwn,
    ),
  );
}

/**
 * The receiver's DM drawn again as it goes out (held: Slack failing or asking to wait, or sent
 * again): as written, but its reply lines from `tickets` as they stand now (`at`: the clocks now).
 */
export function handoverReceivedAgain(
  t: Translate,
  written: HandoverWritten,
  tickets: readonly HandoverDmTicket[],
  at: HandoverAt,
): Message & { text: string } {
  const mark = (line: string) => line as Mrkdwn;
  return handoverDm([
    mark(written.head),
    ...written.before.map(mark),
    ...replyLines(t, tickets, at),
    ...written.after.map(mark),
  ]);
}

function handoverDm(all: Mrkdwn[]): Message & { text: string } {
  return { text: clipMrkdwn(join(all, '\n'), MESSAGE_TEXT_MAX), blocks: lineSections(all) };
}

/**
 * A hand-over cut short (a crash, a deploy), its held notice as it goes out, from what its
 * records are now: the receiver's DM of what it moved (none when nothing moved), or the
 * manager's summary (what moved, how much of what it set out to move the leaver still holds; its
 * records all taken up by another run between the same two, that it moved nothing itself).
 */
export function handoverCutShort(
  t: Translate,
  run: HandoverRun,
  cut: { moved: HandoverRecords; left: number; more?: boolean; finished?: boolean },
  at: HandoverAt,
): (Message & { text: string }) | null {
  const { moved } = cut;
  // All it set out to move told of by another run between the same two (its ids trimmed: a
  // re-run after a crash, or a run that moved them after this one read them): nothing of its own
  // to tell the receiver; the manager still hears that it moved nothing itself, and why.
  if (!run.ticketIds.length && !run.taskIds.length && !run.customerCodes.length) {
    if (!run.summary) return null;
    const text = t('handover.cutShortNone', {
      from: run.from,
      to: run.to,
      finished: cut.finished ? 'yes' : 'no',
      more: cut.more ? 'yes' : 'no',
    });
    return { text, blocks: [markdown(text)] as Block[] };
  }
  if (run.summary) {
    // Its run went on to its end, only its own summary not written: said done, not stopped.
    const text = t(cut.finished ? 'handover.summaryLost' : 'handover.cutShort', {
      from: run.from,
      to: run.to,
      tickets: moved.tickets.length,
      tasks: moved.tasks.length,
      customers: moved.customers.length,
      left: cut.left,
      more: cut.more ? 'yes' : 'no',
    });
    return { text, blocks: [markdown(text)] as Block[] };
  }
  if (!moved.tickets.length && !moved.tasks.length && !moved.customers.length) return null;
  // Not its `written`: what it says is drawn again should it be held.
  const { text, blocks } = handoverReceived(
    t,
    run.by,
    run.from,
    { ...moved, withCustomer: [], refused: [] },
    at,
  );
  return { text, blocks };
}

/**
 * How many a person holds of each part, as read (at most HANDOVER_MAX + 1 each): past
 * HANDOVER_MAX, said "more than HANDOVER_MAX" (`<part>More`), not the read's cut.
 */
export function heldCounts(counts: { tickets: number; tasks: number; customers: number }) {
  const more = (n: number) => (n > HANDOVER_MAX ? 'yes' : 'no');
  return {
    ...counts,
    ticketsMore: more(counts.tickets),
    tasksMore: more(counts.tasks),
    customersMore: more(counts.customers),
    max: HANDOVER_MAX,
  };
}

/**
 * A hand-over taken for cut short (its summary gone out saying it stopped) that went on: the
 * manager's line of what it moved that the summary did not tell of as moved (only the kinds it
 * moved, listed), and (`told`) that the receiver has been told of it (their DM of it written).
 */
export function handoverMovedLate(
  t: Translate,
  from: string,
  to: string,
  counts: { tickets: number; tasks: number; customers: number; told: boolean },
): Message & { text: string } {
  const { told, tickets, tasks, customers } = counts;
  const records = mrkdwnList(
    [
      tickets ? t('handover.movedLate.tickets', { count: tickets }) : undefined,
      tasks ? t('handover.movedLate.tasks', { count: tasks }) : undefined,
      customers ? t('handover.movedLate.customers', { count: customers }) : undefined,
    ].filter((x) => x !== undefined),
    t.locale,
  );
  const text = t('handover.movedLate', {
    from,
    to,
    records: keep(records),
    total: tickets + tasks + customers,
    told: told ? 'yes' : 'no',
  });
  return { text, blocks: [markdown(text)] as Block[] };
}

/**
 * The managers' DM of a person Slack no longer delivers to (deactivated, removed) who still
 * holds open work: how much (`counts` as read, at most HANDOVER_MAX + 1 each: past HANDOVER_MAX,
 * "more than"), and the command that hands it over.
 */
export function unreachableDm(
  t: Translate,
  userId: string,
  counts: { tickets: number; tasks: number; customers: number },
): Message & { text: string } {
  const text = t('handover.unreachable', { user: userId, ...heldCounts(counts) });
  return { text, blocks: [markdown(text)] as Block[] };
}

/**
 * The manager's summary: what moved, and each record not moved with why (the one place that
 * names them), then the notes. A large hand-over's refusals go in as many sections as they need,
 * each within 3000 characters, within Slack's 50 blocks ("and N more" past that); the fallback
 * text is cut within the list, its notes kept.
 */
export function handoverDone(
  t: Translate,
  from: string,
  to: string,
  result: HandoverResult,
): Message & { text: Mrkdwn } {
  const head = t('handover.done', {
    from,
    to,
    tickets: result.tickets.length,
    tasks: result.tasks.length,
    customers: result.customers.length,
    refused: result.refused.length + (result.refusedMore ?? 0),
  });
  // Each refusal's line formatted when the summary needs it: past what 50 sections hold, the
  // rest are only counted ("and N more").
  const refusedLine = (r: HandoverResult['refused'][number]) =>
    t('handover.refused', {
      part: r.part,
      record: keep(
        r.ticket
          ? ticketLink(r.ticket)
          : r.task
            ? taskTitle(t, r.task)
            : r.customer
              ? customerName(t, r.customer)
              : escape(''),
      ),
      why: keep(t(r.why.key, r.why.params)),
    });
  // Those refused past the ones the run kept (HandoverResult.refusedMore) are only counted: one
  // "and N more" line after the kept ones, which, when not all the kept ones fit, the line for
  // the rest counts too.
  const kept = result.refused.length;
  const notKept = result.refusedMore ?? 0;
  const refused = {
    length: kept + (notKept ? 1 : 0),
    at: (i: number) => {
      if (i === kept && notKept) return t('handover.refusedMore', { count: notKept });
      const r = result.refused.at(i);
      return r && refusedLine(r);
    },
  };
  const notes: Mrkdwn[] = [];
  if (result.withCustomer.length)
    notes.push(t('handover.withCustomer', { count: result.withCustomer.length }));
  if (result.followLeft) notes.push(t('handover.followLeft', { from, count: result.followLeft }));
  if (result.ownerWithoutRole) notes.push(t('handover.ownerWithoutRole', { to }));
  // A part of which the run did HANDOVER_MAX (read on past those it could not move): a re-run
  // does the next ones.
  for (const part of result.moreLeft ?? [])
    notes.push(t('handover.moreLeft', { from, part, max: HANDOVER_MAX }));
  const { lines, blocks } = lineSectionsWithin(
    { head: [head], items: refused, tail: notes },
    (rest) => t('handover.refusedMore', { count: notKept ? rest - 1 + notKept : rest }),
  );
  // The fallback text cut within the list, its notes (more left, the L3 warning) kept.
  return { text: clipLinesKeepingTail(lines, notes.length, MESSAGE_TEXT_MAX), blocks };
}
