/**
 * Who is a customer, and who the desk, in a customer's channel or conversation: the one rule the
 * channel intake, the message shortcut, the requester's buttons and the survey read.
 */
import type { ChannelLink } from './types.js';
import type { Guest } from '../context.js';
import type { TicketRecord } from '../ticket/types.js';
import { peopleOf } from '../workspace/roles.js';
import type { WorkspaceSettings } from '../workspace/settings.js';

/**
 * Which side of a customer channel a message's author is on (`sideOf`): the desk's (`staff`), the
 * customer's (`customer`), or neither for sure (`unknown`: a person of our workspace in a Slack
 * Connect channel whom Slack did not describe when asked).
 */
export type ChannelSide = 'staff' | 'customer' | 'unknown';

/**
 * The side of a customer channel an author is on. In a channel shared with another organisation
 * (Slack Connect): everyone of our own workspace is staff (the customer's people are the external
 * members) but its guests (Slack's is_restricted / is_ultra_restricted, `guest`: typically a
 * customer invited into a few channels), who are the customer's, and those Slack did not describe
 * when asked (`unknown`: Slack slow or failing; with no users:read, `unchecked`, staff), who are neither:
 * more likely a colleague than a customer, yet not surely ours, so their words are neither the
 * desk's (no first response) nor the customer's (no resume, reopen or new ticket). In one of our
 * own channels (customers as guests), everyone the roles name (`peopleOf`: admins, managers,
 * agents, experts, account managers, and whom a manager manages; an open desk's "everyone" is not
 * taken to mean the customers too) is staff; everyone else is a customer user there, a member of
 * our workspace the roles name nowhere too: the safe side, as taking a customer for staff would
 * open no ticket for their message and count their reply as the desk's first response. A person
 * of another organisation is always the customer's; of our workspace, who works the ticket it is
 * about (its assignee) or owns its customer (`accountManagerId`) is always the desk's. The survey with no Slack requester reads the same
 * rule (src/ticket/service.ts `mayAnswerForCustomer`).
 */
export function sideOf(
  settings: WorkspaceSettings,
  link: Pick<ChannelLink, 'shared'>,
  author: { user: string; external: boolean; guest?: Guest | undefined },
  /** The ticket it is about (a thread reply's, a survey's): who works it is ours whatever else. */
  ticket?: Pick<TicketRecord, 'assigneeId' | 'accountManagerId'>,
): ChannelSide {
  if (author.external) return 'customer';
  if (ticket && ourOn(ticket, author.user)) return 'staff';
  if (link.shared) {
    // No users:read (`unchecked`): Slack will never say; taken for staff, as before 4a5ddd16 (a
    // guest of ours is rare there, a colleague common; the PO to confirm).
    if (author.guest === undefined || author.guest === 'unchecked') return 'staff';
    return author.guest === 'guest' ? 'customer' : 'unknown';
  }
  return peopleOf(settings).includes(author.user) ? 'staff' : 'customer';
}

/** Staff in a customer channel (`sideOf`): one Slack did not describe is not. */
export function isStaff(
  settings: WorkspaceSettings,
  link: Pick<ChannelLink, 'shared'>,
  author: { user: string; external: boolean; guest?: Guest | undefined },
  ticket?: Pick<TicketRecord, 'assigneeId' | 'accountManagerId'>,
): boolean {
  return sideOf(settings, link, author, ticket) === 'staff';
}

/**
 * Whether a person of our workspace is on the ticket for the desk: its assignee, or its customer's
 * owner (`accountManagerId`), though the roles name them nowhere (no account manager role).
 */
function ourOn(
  ticket: Pick<TicketRecord, 'assigneeId' | 'accountManagerId'>,
  user: string,
): boolean {
  return ticket.assigneeId === user || ticket.accountManagerId === user;
}
