import { translator } from '../src/i18n/index.js';
import type { ActionParams } from '../src/ticket/service.js';
import { localDate, localTime } from '../src/time.js';
import { ticketCard, ticketModal, type TicketModalInput } from '../src/ui/ticket.js';
import type { Message } from '../src/ui/blocks.js';
import type { HandlerDeps } from './deps.js';

/** A ticket's card as it stands now (for `/ticket T…` and lists). */
export async function ticketCardFor(
  deps: HandlerDeps,
  teamId: string,
  number: string,
): Promise<Message> {
  const settings = await deps.services.workspaces.settings(teamId);
  const ticket = await deps.services.tickets.get(teamId, number);
  const clock = deps.services.tickets.clock(settings, ticket, deps.clock.now());
  return ticketCard(translator(settings.locale), ticket, clock, settings.timeZone);
}

/**
 * Applies an action, then (after `saved`, e.g. the modal's ack: Slack's 3 s are for saving,
 * not for Slack calls) shows it in Slack: the card updated in place and a thread reply.
 */
export async function actOnTicket(
  deps: HandlerDeps,
  teamId: string,
  number: string,
  params: ActionParams,
  userId: string,
  saved: () => Promise<void> = async () => {},
): Promise<void> {
  const now = deps.clock.now();
  const { ticket, event } = await deps.services.tickets.act(teamId, number, params, userId, now);
  try {
    // The 3-7-30 follow-ups: planned on resolution, cancelled on reopen. The daily tasks run
    // repairs both if this fails, so the saved change is never reported as failed.
    if (event.action === 'resolve') await deps.services.tasks.planFollowUps(ticket, now);
    if (event.action === 'reopen') await deps.services.tasks.cancelFollowUps(ticket, now);
  } catch (err) {
    deps.log.warn({ err, teamId, ticket: ticket.number }, 'follow-up tasks not updated');
  }
  await saved();
  await deps.ticketFlows.publishChange(ticket, event, now);
}

/** The New ticket modal, with "received" defaulting to now in the workspace's zone. */
export async function newTicketModal(
  deps: HandlerDeps,
  teamId: string,
  input: Omit<TicketModalInput, 'receivedDate' | 'receivedTime' | 'timeZone'>,
) {
  const settings = await deps.services.workspaces.settings(teamId);
  const now = deps.clock.now();
  return ticketModal(translator(settings.locale), {
    ...input,
    receivedDate: localDate(now, settings.timeZone),
    receivedTime: localTime(now, settings.timeZone),
    timeZone: settings.timeZone,
  });
}
