import { FieldErrors } from '../../src/errors.js';
import { messageSubmission, sideOf } from '../../src/flows/channels.js';
import { beforeSave, checked, savedAs } from '../../src/slack/boundary.js';
import {
  hasSource,
  withoutGuest,
  withoutSource,
  withoutTeam,
} from '../../src/slack/modal-proof.js';
import { parseTicketForm } from '../../src/ticket/form.js';
import { readsDesk } from '../../src/permissions.js';
import type { TicketRecord } from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import { duration, ticketLink } from '../../src/ui/ticket.js';
import { escape, join, keep, link } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of New ticket: the ticket is saved (once per modal submission), the modal closes,
 * and only then Slack is called: the message link, the card to the triage channel and the
 * account manager's DM. Whatever Slack refuses is owed and retried; the creator is told exactly
 * what happened.
 */
export function ticketCreate(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TICKET.createView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, viewId } = submission;
    // The message the modal says it was opened from counts only with the desk's proof, signed
    // for this person when it opened the modal from that message: else (forged or edited
    // metadata, another person's modal) the ticket is made as from a modal opened anywhere.
    const opener = { teamId: ctx.teamId, userId: ctx.actor };
    const proven = !hasSource(submission.meta) || deps.modalProofs.holds(opener, submission.meta);
    if (!proven)
      ctx.log.warn(
        { listener: `view:${TICKET.createView}` },
        'New ticket submitted with a source message the desk did not sign for its submitter: made without it',
      );
    const signed = proven ? submission.meta : withoutSource(submission.meta);
    // What Slack said of the author counts only with its own proof (the rest may hold without it:
    // signed so that an older instance, dropping it, keeps the source): else it is not known.
    const guestProven =
      signed.sourceGuest === undefined || deps.modalProofs.guestHolds(opener, signed);
    if (!guestProven)
      ctx.log.warn(
        { listener: `view:${TICKET.createView}` },
        'New ticket submitted with what Slack said of its source message’s author unsigned: made without it',
      );
    const guestChecked = guestProven ? signed : withoutGuest(signed);
    // Its author's Slack team, likewise only with its own proof: else none is kept (as before).
    const teamProven =
      guestChecked.sourceTeam === undefined || deps.modalProofs.teamHolds(opener, guestChecked);
    if (!teamProven)
      ctx.log.warn(
        { listener: `view:${TICKET.createView}` },
        'New ticket submitted with its source message’s author’s team unsigned: made without it',
      );
    const meta = teamProven ? guestChecked : withoutTeam(guestChecked);
    // A guest's modal in a linked customer channel shows its customer with no picker: the one
    // the desk signed for them (a person who reads the desk always picks, in the picker).
    const fixed =
      form.customer === undefined && meta.sourceCustomer !== undefined && !readsDesk(ctx)
        ? { ...form, customer: meta.sourceCustomer }
        : form;
    const input = parseTicketForm(fixed, {
      now: ctx.now,
      timeZone: ctx.settings.timeZone,
      submissionId: viewId,
    });
    // Whether the requester named is a person of another organisation (Slack Connect): the
    // message's author as the event said, else asked of Slack (users.info, remembered; a bounded
    // wait, started now and read before the save: Slack late or failing, taken as ours).
    const requesterId = input.requester?.userId;
    const requesterExternal: Promise<boolean> = !requesterId
      ? Promise.resolve(false)
      : requesterId === meta.sourceUser && meta.sourceExternal === true
        ? Promise.resolve(true)
        : deps.people.unfit(args.client, ctx.teamId, [requesterId], ctx.log).then(
            (unfit) => unfit.some((p) => p.reason === 'external'),
            () => false,
          );
    /**
     * Whether the message's author is surely the customer's, as the intake takes them (`sideOf`;
     * src/flows/channels.ts `sideIn`): one Slack did not describe (`unknown`) is taken for neither
     * side, and the channel's customer's owner now (in no role) is the desk's.
     */
    const customersOwn = async (shared: boolean, customerId: () => Promise<string | undefined>) => {
      const author = {
        user: meta.sourceUser!,
        external: meta.sourceExternal === true,
        guest: meta.sourceGuest,
      };
      if (sideOf(ctx.settings, { shared }, author) !== 'customer') return false;
      if (author.external) return true;
      const id = await customerId();
      return !id || (await deps.services.customers.nameNow(ctx, id))?.ownerId !== author.user;
    };
    // A customer's message filed for another customer: its author, proposed as the requester,
    // would be told of that customer's ticket (by DM); said on the field before anything is saved.
    if (
      meta.sourceCustomer &&
      meta.sourceUser &&
      input.customerCode !== meta.sourceCustomer &&
      input.requester?.userId === meta.sourceUser &&
      (await customersOwn(meta.sourceShared === true, async () =>
        meta.sourceChannel
          ? (await deps.services.channels.forChannel(ctx, meta.sourceChannel))?.customerId
          : undefined,
      ))
    )
      throw new FieldErrors({
        requester: {
          key: 'ticket.error.requesterOfOtherCustomer',
          params: { code: meta.sourceCustomer },
        },
      });
    // A guest files only for their channel's customer or their own tickets' (on the field, before
    // the ack; the flow checks it again on every path).
    await deps.flows.tickets.assertMayFileFor(ctx, input.customerCode, meta.sourceCustomer);
    const source =
      meta.sourceChannel && meta.sourceTs
        ? { channel: meta.sourceChannel, ts: meta.sourceTs }
        : undefined;
    // Its requester erased since the message was written (a modal opened before the erasure, or
    // a forged one): refused on the field, before the ack (the flow checks it again).
    await deps.flows.tickets.assertRequesterNotErased(ctx, {
      ...(source ? { source } : {}),
      ...(input.requester ? { requester: input.requester } : {}),
    });
    await beforeSave(args);
    // From a linked customer channel's message: its thread is the ticket's conversation (#10),
    // when the ticket is the channel's customer's and the message surely a customer's (not our staff's):
    // the requester's notices go there, where only that customer reads them.
    const linked = source && (await deps.services.channels.forChannel(ctx, source.channel));
    // A reply's thread that is already a ticket's conversation stays that ticket's: its replies
    // keep going to it (this one's requester hears by DM).
    const threadTaken =
      !!source &&
      !!meta.sourceThreadTs &&
      (await deps.flows.channels.tracksThread(ctx, source.channel, meta.sourceThreadTs));
    const customerThread =
      !threadTaken &&
      linked &&
      input.customerCode === linked.customerCode &&
      meta.sourceUser !== undefined &&
      // Surely the customer's: not one Slack did not describe (`unknown`: slow or failing), nor
      // the customer's owner (their own message opens no ticket through the intake either); their
      // thread is not the customer's (the requester hears by DM).
      (await customersOwn(linked.shared, async () => linked.customerId)) &&
      // Not the thread of a person erased since they wrote it (a modal opened before the erasure).
      !(await deps.services.privacyLog.erasedSinceWritten(ctx, meta.sourceUser, source.ts));
    // A person of another organisation as the requester, the ticket not taking their thread as
    // its conversation: accepted, but no DM of the desk reaches them, so none is written
    // (TicketRequester.external); the agent is told to answer them in the shared channel.
    const external = !customerThread && (await requesterExternal);
    // A linked channel's message makes one ticket whichever way it comes (every-message intake,
    // the emoji, another agent's shortcut): keyed as the channel intake keys it, by its own ts.
    const fromMessage = linked && source ? messageSubmission(source.channel, source.ts) : undefined;
    /** The ticket the message already had, by its number (linked to its card). */
    const existing = (found: TicketRecord) =>
      ctx.t('ticket.messageHasTicket', { number: keep(ticketLink(found)) });
    /**
     * A message's ticket made by another way (the channel's intake, another shortcut): not by
     * this modal (`formView`), whose delivery again (Slack's redelivery, a double click) is
     * answered as its first was, never "already has ticket".
     */
    const madeElsewhere = (found: TicketRecord) => !!fromMessage && found.formView !== viewId;
    const { ticket, announced } = await deps.flows.tickets.create(
      ctx,
      {
        ...input,
        ...(fromMessage ? { submissionId: fromMessage, formView: viewId } : {}),
        ...(external && input.requester
          ? { requester: { ...input.requester, external: true as const } }
          : {}),
        ...(source ? { source } : {}),
        // A thread reply's conversation is its thread (the key stays the reply's own ts).
        ...(customerThread && source
          ? {
              conversation: {
                channel: source.channel,
                ts: meta.sourceThreadTs ?? source.ts,
                shared: linked.shared,
                // Whose organisation it is for, in a shared channel: its author's team, as the
                // channel intake keeps it (`TicketConversation.team`).
                ...(linked.shared && meta.sourceTeam ? { team: meta.sourceTeam } : {}),
              },
            }
          : {}),
      },
      (saved, created) => {
        savedAs(
          args,
          created || !madeElsewhere(saved)
            ? ctx.t('ticket.savedAs', { number: saved.number })
            : existing(saved),
        );
        return args.ack();
      },
      meta.sourceCustomer !== undefined ? { knownCustomer: meta.sourceCustomer } : {},
    );
    if (!announced) {
      // The same modal submitted again is already handled (its first delivery confirms); a
      // message's ticket made before (by the channel's intake or another shortcut) is named to
      // the agent, once per submission of theirs.
      if (madeElsewhere(ticket))
        await oncePerSubmission(deps, ctx, submission, TICKET.createView, () =>
          confirm(deps, args, ctx, meta, existing(ticket)),
        );
      return;
    }
    const { t } = ctx;
    const number = keep(
      announced.permalink
        ? link(announced.permalink, escape(ticket.number))
        : escape(ticket.number),
    );
    // The severity it was saved with: a complaint's may be stricter than the one picked (its
    // urgency's), which the agent reads here rather than on the card alone.
    const severity = {
      severity: keep(t(`ticket.severity.${ticket.severity}`)),
      raised: ticket.severity !== input.severity ? 'yes' : 'no',
    };
    const done = announced.channel
      ? t('ticket.created', { number, channel: announced.channel, ...severity })
      : announced.error === 'no_triage_channel'
        ? t('ticket.createdNoChannel', { number, ...severity })
        : t('ticket.createdCardPending', { number, error: announced.error ?? '', ...severity });
    // Logged over 1 business hour after its receipt (manual A): the filer hears it at once.
    const lateMinutes = ticket.metrics.loggedLateMinutes;
    const late = lateMinutes
      ? t('ticket.loggedLate', { late: keep(duration(t, lateMinutes)) })
      : undefined;
    const unreachable =
      ticket.requester?.external && ticket.requester.userId
        ? t('ticket.requesterExternal', { user: ticket.requester.userId })
        : undefined;
    await confirm(
      deps,
      args,
      ctx,
      meta,
      join([done, ...(late ? [late] : []), ...(unreachable ? [unreachable] : [])], ' '),
    );
  });
}
