import type { ModalView } from '@slack/types';
import { SYSTEM_ACTOR } from '../context.js';
import type { Translate } from '../i18n/index.js';
import type {
  ErasePlan,
  ErasureSubject,
  SubjectExport,
  UserErasePlan,
} from '../privacy/service.js';
import type { PrivacyLogEntry, PrivacyLogFilter } from '../privacy/types.js';
import { clipAtCharacter } from '../text/clip.js';
import { context, markdown, plain, textMessage, type Block, type Message } from './blocks.js';
import { PRIVACY } from './ids.js';
import { formModal } from './inputs.js';
import { join, keep, md, mention, mrkdwnList, slackTime, type Kept, type Mrkdwn } from './text.js';

/**
 * The confirmation of an erasure: what will go, named, how many documents of other customers
 * mention it (or that they are being counted), and an Erase button.
 */
export function eraseConfirmModal(
  t: Translate,
  plan: ErasePlan,
  metadata: string,
  timeZone: string,
): ModalView {
  // Erased before: Erase only finishes what a run cut short may have left (the CLI's reading).
  const again = plan.erasedAt
    ? t(plan.unfinished ? 'privacy.erase.confirmUnfinished' : 'privacy.erase.confirmAgain', {
        name: plan.customerName,
        code: plan.code,
        when: keep(slackTime(plan.erasedAt, timeZone)),
      })
    : undefined;
  const text = again
    ? again
    : plan.whole
      ? t('privacy.erase.confirmCustomer', {
          name: plan.customerName,
          code: plan.code,
          count: plan.contacts.length,
        })
      : t('privacy.erase.confirmContact', {
          contact: plan.contacts.join(t.plain('common.listSeparator')),
          name: plan.customerName,
          code: plan.code,
        });
  return eraseModal(t, metadata, [
    markdown(text),
    // A contact has no Slack id on file: the desk cannot tell that they also wrote in Slack.
    ...(!plan.whole ? [markdown(t('privacy.alsoSlackUser', { verb: 'erase' }))] : []),
    markdown(elsewhereText(t, plan.elsewhere)),
    ...(plan.inbox ? [markdown(t('privacy.erase.inbox', { count: plan.inbox }))] : []),
  ]);
}

/** The erase confirmation's modal (a contact's, a customer's or a Slack user's): an Erase button. */
function eraseModal(
  t: Translate,
  metadata: string,
  blocks: Parameters<typeof formModal>[1]['blocks'],
): ModalView {
  return formModal(t, {
    callbackId: PRIVACY.eraseView,
    title: 'privacy.erase.title',
    submit: 'privacy.erase.submit',
    metadata,
    blocks,
  });
}

const ERASE_STATES = {
  erasing: 'privacy.erase.erasing',
  running: 'privacy.erase.running',
  pressedAgain: 'privacy.erase.pressedAgain',
  failed: 'privacy.erase.failed',
  unfinished: 'privacy.erase.unfinished',
} as const;

/**
 * The erase modal once Erase is pressed (the ack, before anything is erased): erasing; then what
 * was erased (`done`), or that it failed (the reason in the DM), or that the same erasure is
 * running already, or that this form's Erase was received already (its submission again). No Erase button: it cannot be pressed again.
 */
export function eraseStateModal(
  t: Translate,
  state: keyof typeof ERASE_STATES | { done: Mrkdwn },
): ModalView {
  return {
    type: 'modal',
    title: plain(t.plain('privacy.erase.title'), 24),
    close: plain(t.plain('modal.close'), 24),
    blocks: [markdown(typeof state === 'string' ? t(ERASE_STATES[state]) : state.done)],
  };
}

/**
 * The erase modal when another erasure of the workspace holds its lease (ErasureLeases): what it
 * erases (a customer's code, a Slack user's mention); nothing was erased.
 */
export function eraseOtherRunningModal(t: Translate, running: ErasureSubject): ModalView {
  const subject = 'user' in running ? keep(mention(running.user)) : running.code;
  return eraseStateModal(t, { done: t('privacy.erase.otherRunning', { subject }) });
}

/**
 * The confirmation of an erasure by Slack user: what stays (their tickets, the requester shown
 * as `[erased]`), what goes, that their messages in Slack stay, and (once counted) the inbox's
 * messages of theirs or naming them; an Erase button.
 */
export function eraseUserConfirmModal(
  t: Translate,
  plan: UserErasePlan,
  metadata: string,
): ModalView {
  return eraseModal(t, metadata, [
    markdown(
      t('privacy.erase.confirmUser', {
        user: keep(mention(plan.user)),
        requested: plan.requested,
      }),
    ),
    // Opened before their entries are counted (a read of every ticket), then updated.
    markdown(
      plan.entries === undefined
        ? t('privacy.erase.entriesCounting')
        : t('privacy.erase.entriesUser', { entries: plan.entries }),
    ),
    ...(plan.followed ? [markdown(t('privacy.erase.followedUser', { count: plan.followed }))] : []),
    // A guest who owned a customer once: the tickets naming them as its owner (counted after).
    ...(plan.owned ? [markdown(t('privacy.erase.ownedUser', { count: plan.owned }))] : []),
    // And the tasks planned for the one who stood in for them, naming them as the owner.
    ...(plan.ownedTasks
      ? [markdown(t('privacy.erase.ownedTasksUser', { count: plan.ownedTasks }))]
      : []),
    // And the change log entries of a change of owner from or to them.
    ...(plan.ownerChanges
      ? [markdown(t('privacy.erase.ownerChangesUser', { count: plan.ownerChanges }))]
      : []),
    ...(plan.inbox ? [markdown(t('privacy.erase.inboxUser', { count: plan.inbox }))] : []),
    ...(plan.waiting ? [markdown(t('privacy.erase.waitingUser', { count: plan.waiting }))] : []),
  ]);
}

/** The result of an erasure by Slack user, privately: how many documents changed, the cards. */
export function eraseUserDoneText(
  t: Translate,
  plan: UserErasePlan,
  changed: Record<string, number>,
  cards = 0,
  /** Resumes the erasure did not announce (its writing failed): the upkeep's now. */
  untold = 0,
): Mrkdwn {
  const count = Object.values(changed).reduce((n, c) => n + c, 0);
  const done = t('privacy.erase.doneUser', { user: keep(mention(plan.user)), count });
  return join(
    [
      done,
      ...(plan.owned ? [t('privacy.erase.ownedDoneUser', { count: plan.owned })] : []),
      ...(plan.ownedTasks
        ? [t('privacy.erase.ownedTasksDoneUser', { count: plan.ownedTasks })]
        : []),
      ...(plan.ownerChanges
        ? [t('privacy.erase.ownerChangesDoneUser', { count: plan.ownerChanges })]
        : []),
      ...(plan.waiting ? [t('privacy.erase.resumedUser', { count: plan.waiting })] : []),
      ...(untold ? [t('privacy.erase.resumedUserUntold', { count: untold })] : []),
      ...(cards ? [t('privacy.erase.cardsUser', { count: cards })] : []),
    ],
    t.plain('common.sentenceSeparator'),
  );
}

/**
 * Who started a cut erasure by Slack user, as the upkeep's DMs say it: the admin told (`you`),
 * an admin no longer (`other`: the admin told in their place), or the desk has no record of who
 * (`unknown`: marks older than that record, the upkeep's own run, or its starter erased since).
 */
export type UpkeepStarter = 'you' | 'other' | 'unknown';

/**
 * UpkeepStarter, or (the finished and given-up DMs only) an admin told in the starter's place that
 * it waited on a guest owner ("tells you"), its starter told too as an admin again since (`asked`).
 */
export type UpkeepFinishedStarter = UpkeepStarter | 'asked';

/**
 * The DM to the admin whose erasure by Slack user was cut short (`started`; else each admin of
 * the workspace, its starter no admin any more or not recorded), once the outbox's upkeep has
 * finished it (PrivacyFlows.finishErasures): how many tickets that waited on them were resumed,
 * never whom (the desk keeps nothing of them, its outbox entry neither).
 */
export function erasureFinishedDm(
  t: Translate,
  resumed: number,
  started: UpkeepFinishedStarter = 'you',
): Message & { text: string } {
  return textMessage(t('privacy.erase.finishedByUpkeep', { count: resumed, started }));
}

/**
 * The DM to the admin whose erasure by Slack user was cut short (or the workspace's admins, as
 * erasureFinishedDm), once the outbox's upkeep has given it up (the person made staff since:
 * PrivacyFlows.finishErasures): why, and that the tickets it resumed are back with their
 * assignees, never whom.
 */
export function erasureGivenUpDm(
  t: Translate,
  resumed: number,
  started: UpkeepFinishedStarter = 'you',
): Message & { text: string } {
  return textMessage(t('privacy.erase.givenUpByUpkeep', { count: resumed, started }));
}

/**
 * The DM of an erasure cut short the upkeep cannot finish while they own customers as a guest:
 * `codes` named (the first ten), of `count` in all (the rest counted: "and N more"); to its
 * admin (`started`) or the workspace's, as erasureFinishedDm.
 */
export function erasureWaitsOnOwnerDm(
  t: Translate,
  codes: string[],
  count = codes.length,
  started: UpkeepStarter = 'you',
): Message & { text: string } {
  const all = Math.max(count, codes.length);
  return textMessage(
    t('privacy.erase.waitsOnOwnerByUpkeep', {
      count: all,
      codes: codes.join(', '),
      more: all - codes.length,
      started,
    }),
  );
}

/** The collections other customers' mentions are counted in, in the order they are named. */
const ELSEWHERE = [
  'tickets',
  'interactions',
  'tasks',
  'customers',
  'customerChanges',
  'orders',
] as const;

/** "Also found in the typed text of other customers: 3 tickets, 1 interaction." (or not found) */
export function elsewhereText(t: Translate, elsewhere?: Record<string, number>): Mrkdwn {
  if (!elsewhere) return t('privacy.erase.elsewhereCounting');
  const found = ELSEWHERE.filter((k) => elsewhere[k]).map((k) =>
    t(`privacy.erase.where.${k}`, { count: elsewhere[k]! }),
  );
  return found.length
    ? t('privacy.erase.alsoElsewhere', {
        found: keep(join(found, t.plain('common.listSeparator'))),
      })
    : t('privacy.erase.elsewhereNone');
}

/** The result of an erasure, privately: what went and how many documents changed. */
export function eraseDoneText(
  t: Translate,
  plan: ErasePlan,
  changed: Record<string, number>,
  /**
   * Ticket cards written to the outbox to be shown again without what was erased: every posted
   * card of the customer's tickets (whether it showed the contact or not) and those of other
   * customers' tickets whose text named it; said as such, not as the cards "that showed it".
   */
  cards = 0,
  timeZone = 'UTC',
): Mrkdwn {
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((n, c) => n + c, 0);
  const elsewhere = sum(plan.elsewhere ?? {});
  const what = keep(t(plan.whole ? 'privacy.erase.whatCustomer' : 'privacy.erase.whatContact'));
  // A first erasure rewrites the customer's file besides what `changed` counts; one run again
  // (erased before) finds it erased already, and logs nothing unless the first was cut short.
  const count = sum(changed) + elsewhere + (plan.erasedAt ? 0 : 1);
  const when = plan.erasedAt ? keep(slackTime(plan.erasedAt, timeZone)) : undefined;
  const done = when
    ? t(plan.unfinished ? 'privacy.erase.doneUnfinished' : 'privacy.erase.doneAgain', {
        code: plan.code,
        when,
        count,
      })
    : elsewhere
      ? t('privacy.erase.doneElsewhere', { what, code: plan.code, count, elsewhere })
      : t('privacy.erase.done', { what, code: plan.code, count });
  return join(
    [
      done,
      ...(cards ? [t('privacy.erase.cards', { count: cards })] : []),
      // A contact has no Slack id on file: what they wrote in Slack is theirs to erase apart.
      ...(!plan.whole ? [t('privacy.alsoSlackUser', { verb: 'erase' })] : []),
    ],
    t.plain('common.sentenceSeparator'),
  );
}

/** A file to share: its name, its title in Slack, its content. */
export interface ExportFile {
  filename: string;
  title: string;
  content: string;
}

/**
 * Whom an export is about, in the reader's language: a customer, a contact, or a Slack user (by
 * mention in a message; `asTitle`, a file's title, which Slack shows as plain text: by id).
 */
export function aboutWhom(t: Translate, r: SubjectExport, asTitle = false): string | Kept {
  if (r.user)
    return asTitle
      ? t.plain('privacy.subject.slackUser', { user: r.user.id })
      : keep(t('privacy.subject.slackUser', { user: keep(mention(r.user.id)) }));
  return r.contact ? t.plain('privacy.subject.contact', { code: r.code }) : r.code;
}

/**
 * The files of a data-subject export, in full: the JSON and the CSV, named after the subject
 * and the day (`C2026001-contact-2026-11-24.json`); a Slack user's after the start of their
 * `userKey`'s digest (`slack-user-1a2b3c4d-2026-11-24.json`), no id in a file name, and one person's
 * files told from another's.
 */
export function subjectExportFiles(t: Translate, result: SubjectExport, day: string): ExportFile[] {
  const name = result.user
    ? `slack-user-${result.user.key.replace(/^uk1\./, '').slice(0, 8)}`
    : result.subject.replace(/[^A-Za-z0-9]+/g, '-');
  const base = `${name}-${day}`;
  return [
    {
      filename: `${base}.json`,
      title: t('privacy.export.titleJson', { subject: aboutWhom(t, result, true) }),
      content: result.json,
    },
    {
      filename: `${base}.csv`,
      title: t('privacy.export.titleCsv', { subject: aboutWhom(t, result, true) }),
      content: result.csv,
    },
  ];
}

/** The comment the export's files are shared with, in the admin's DM with the desk. */
export function subjectExportComment(t: Translate, result: SubjectExport): Mrkdwn {
  const done = t('privacy.export.done', {
    subject: aboutWhom(t, result),
    count: result.documents,
  });
  // A contact has no Slack id on file: what they wrote in Slack is exported by Slack user.
  if (!result.contact || result.user) return done;
  return join(
    [done, t('privacy.alsoSlackUser', { verb: 'export' })],
    t.plain('common.sentenceSeparator'),
  );
}

/** Said where the command was typed: the export is on its way to the DM. */
export function subjectExportPreparing(t: Translate, subject: string | Kept): Message {
  return textMessage(t('privacy.export.preparing', { subject }));
}

/** Said where the command was typed: the files are in the admin's DM with the desk. */
export function subjectExportSent(t: Translate, result: SubjectExport): Message {
  return textMessage(
    t('privacy.export.sent', { subject: aboutWhom(t, result), count: result.documents }),
  );
}

/**
 * Slack did not take the files: why, and what to do; the export is logged all the same. A scope
 * the install lacks (`missing_scope`: installed before the manifest asked for `files:write`) is
 * not passing: said as what it is, and that a reinstall grants it, never "try again in a minute".
 */
export function subjectExportFailed(t: Translate, subject: string | Kept, reason: string): Message {
  if (reason === 'missing_scope') return textMessage(t('privacy.export.missingScope', { subject }));
  return textMessage(
    t('privacy.export.failed', { subject, reason: clipAtCharacter(reason, 60, '') }),
  );
}

/**
 * Slack did not answer the share of the files (its time limit, a request error, an HTTP 5xx):
 * they may be in the admin's DM, so the admin looks there before trying again (a second try
 * would share them twice).
 */
export function subjectExportMaybeShared(
  t: Translate,
  subject: string | Kept,
  reason: string,
): Message {
  return textMessage(
    t('privacy.export.maybeShared', { subject, reason: clipAtCharacter(reason, 60, '') }),
  );
}

/**
 * Whether a data-subject export shared in Slack reached the admin: delivered, not (Slack's error
 * code), maybe (the share got no answer: its error), or not answered (the upload was cut off);
 * nothing for the other entries (the CLI's).
 */
function deliveryText(t: Translate, e: PrivacyLogEntry): Mrkdwn | undefined {
  if (e.kind !== 'export.subject' || !('delivered' in e.detail)) return undefined;
  const { delivered, deliveryError } = e.detail;
  if (delivered === true) return t('privacy.log.delivered');
  if (delivered === false)
    return t('privacy.log.notDelivered', {
      error: clipAtCharacter(typeof deliveryError === 'string' ? deliveryError : '', 60, ''),
    });
  if (typeof deliveryError === 'string' && deliveryError)
    return t('privacy.log.deliveryUncertain', { error: clipAtCharacter(deliveryError, 60, '') });
  return t('privacy.log.deliveryUnknown');
}

/**
 * What a CSV export of the customer file held, as an auditor looks for it: how many customers
 * (or contacts) and whether their personal data was masked or in clear (`detail.masked`).
 */
function exportedText(t: Translate, e: PrivacyLogEntry): Mrkdwn | undefined {
  if (e.kind !== 'export.customers' && e.kind !== 'export.contacts') return undefined;
  const count = e.kind === 'export.customers' ? e.detail.customers : e.detail.contacts;
  return t(
    e.kind === 'export.customers'
      ? 'privacy.log.exportedCustomers'
      : 'privacy.log.exportedContacts',
    {
      count: typeof count === 'number' ? count : 0,
      masked: typeof e.detail.masked === 'boolean' ? (e.detail.masked ? 'yes' : 'no') : 'unknown',
    },
  );
}

/**
 * The privacy log, newest first (admins): the entries of one `kind` of PRIVACY_LOG_FILTERS, or
 * without one every kind but views, with a line saying how to list those.
 */
export function privacyLogMessage(
  t: Translate,
  items: PrivacyLogEntry[],
  total: number,
  timeZone: string,
  kind?: PrivacyLogFilter,
): Message {
  const title = kind
    ? t('privacy.log.titleOf', { kind, total })
    : t('privacy.log.title', { total });
  const viewsLeftOut = kind ? [] : [context(t('privacy.log.viewsLeftOut'))];
  if (!items.length)
    return {
      text: title,
      blocks: [
        markdown(title),
        context(kind ? t('privacy.log.noneOf', { kind }) : t('privacy.log.none')),
        ...viewsLeftOut,
      ],
    };
  const lines = items.map((e) => {
    const at = keep(slackTime(e.at, timeZone));
    const kind = keep(t(`privacy.kind.${e.kind}`));
    // Every customer (the CSV exports, a retention run): said in the reader's language.
    const subject = e.subject === 'all' ? keep(t('privacy.log.all')) : e.subject;
    // The desk's own runs (retention, an erasure its upkeep finished): no person to mention.
    // An erasure the upkeep finished (cut short, or held back on a guest owner): who started it.
    const startedBy = Array.isArray(e.detail.startedBy)
      ? e.detail.startedBy.filter((id): id is string => typeof id === 'string')
      : [];
    const line =
      e.by === SYSTEM_ACTOR
        ? t('privacy.log.lineByDesk', {
            at,
            kind,
            why: e.kind === 'erase' && startedBy.length ? 'eraseStarted' : e.kind,
            starters: keep(mrkdwnList(startedBy.map(mention), t.locale)),
            subject,
          })
        : t('privacy.log.line', { at, kind, by: e.by, subject });
    const exported = exportedText(t, e);
    const delivery = deliveryText(t, e);
    // Done by a command-line tool in that admin's name (`--as`), not by them in Slack.
    const via = e.detail.via === 'cli' ? t('privacy.log.viaCli') : undefined;
    return join(
      [
        line,
        ...(exported ? [exported] : []),
        ...(via ? [via] : []),
        ...(delivery ? [delivery] : []),
      ],
      ' · ',
    );
  });
  const blocks: Block[] = [markdown(md`*${title}*`), markdown(join(lines, '\n')), ...viewsLeftOut];
  return { text: title, blocks };
}
