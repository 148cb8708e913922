import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { SLACK_ID } from '../../src/slack-ids.js';
import { boundary, ofOtherOrganisation } from '../../src/slack/boundary.js';
import {
  parsePayload,
  messageShortcutSchema,
  type ModalMetadata,
} from '../../src/slack/payloads.js';
import { DESCRIPTION_MAX } from '../../src/ticket/form.js';
import type { HandlerDeps } from '../deps.js';
import { messagePlainText, titleFromMessage } from '../../src/ui/ticket.js';
import { guestNewTicket, newTicketModal } from '../tickets.js';
import { holdsNoRole, readsDesk } from '../../src/permissions.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Create ticket" on a message: the modal prefilled with its text as people read it (links as
 * their labels, entities decoded) and a title from its first line, cut at a word; the ticket
 * links to the message. A message of a person erased since they wrote it (the reaction's rule,
 * `PrivacyLog.erasedSinceWritten`) fills in neither them nor their words, and says why; the
 * modal's metadata holds no id of theirs.
 */
export function ticketFromMessage(deps: HandlerDeps) {
  return boundary<Args>(
    'shortcut:ticket_from_message',
    deps.boundary,
    async ({ ack, body, client }, ctx) => {
      await ack();
      const shortcut = parsePayload(messageShortcutSchema, body);
      const text = messagePlainText(shortcut.message.text);
      const author = shortcut.message.user;
      // In a linked customer channel the customer is known (#10). Whether the message's author
      // is of another organisation: the boundary's rule, said of them.
      const person = author !== undefined && SLACK_ID.user.test(author) ? author : undefined;
      const linking = deps.services.channels.forChannel(ctx, shortcut.channel.id);
      // The author's Slack team, as the event path reads it (`user_team`, else `team`).
      const team = shortcut.message.user_team ?? shortcut.message.team;
      const ofOther = ofOtherOrganisation(
        deps.boundary.orgs,
        { teamId: ctx.teamId },
        {
          team,
          ...(author ? { userId: author } : {}),
        },
      );
      // In a Slack Connect channel a guest of our workspace is the customer's, as for the
      // channel's intake (`sideOf`): its author, of our workspace and in no role, is asked of
      // Slack as the intake asks (remembered; at most GUEST_CHECK_MS, alongside the reads above,
      // so that the modal opens within Slack's 3 s).
      const standing = Promise.all([linking, ofOther]).then(([link, other]) =>
        person && link?.shared && !other && holdsNoRole(ctx.settings, person)
          ? deps.guests.standing(client, ctx.teamId, person, ctx.log)
          : 'member',
      );
      const [linked, external, erased, said] = await Promise.all([
        linking,
        ofOther,
        person
          ? deps.services.privacyLog.erasedSinceWritten(ctx, person, shortcut.message_ts)
          : false,
        standing,
      ]);
      // A guest of the workspace reads no customer file: the channel's customer, fixed, or their own.
      // (In a linked channel the customer is already signed in the source fields below.)
      const guest = linked
        ? readsDesk(ctx)
          ? undefined
          : { fixed: { code: linked.customerCode, name: linked.customerName } }
        : (await guestNewTicket(deps, ctx, undefined))?.guest;
      const thread = shortcut.message.thread_ts;
      const source: ModalMetadata = {
        sourceChannel: shortcut.channel.id,
        sourceTs: shortcut.message_ts,
        ...(thread && thread !== shortcut.message_ts ? { sourceThreadTs: thread } : {}),
        // Whose message it is: a customer's thread becomes the ticket's conversation (not an
        // erased person's: no thread of theirs, their id not even in the metadata).
        ...(author && !erased ? { sourceUser: author } : {}),
        ...(external && !erased ? { sourceExternal: true } : {}),
        ...(said !== 'member' && !erased ? { sourceGuest: said } : {}),
        // Its channel's customer: its author is not a requester of another customer's ticket.
        ...(linked
          ? {
              sourceCustomer: linked.customerCode,
              ...(linked.shared ? { sourceShared: true } : {}),
            }
          : {}),
        // In a shared channel, whose organisation it is (the event path's `conversation.team`):
        // once the channel is unlinked, another organisation's reply changes nothing of it.
        ...(linked?.shared && author && !erased && team && SLACK_ID.workspace.test(team)
          ? { sourceTeam: team }
          : {}),
      };
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: newTicketModal(ctx, {
          metadata: JSON.stringify({
            responseUrl: shortcut.response_url,
            ...source,
            // Signed for this person: a submission with other source fields, or by someone
            // else, is not taken as made from this message (handlers/views/ticket-create.ts).
            ...deps.modalProofs.sign({ teamId: ctx.teamId, userId: ctx.actor }, source),
          }),
          ...(linked ? { customer: { code: linked.customerCode, name: linked.customerName } } : {}),
          ...(guest ? { guest } : {}),
          ...(erased
            ? { authorErased: true }
            : {
                title: titleFromMessage(shortcut.message.text),
                // The message's author reported it: proposed as the requester (a bot's message has none).
                requester: person,
                description: text,
                truncated: text.length > DESCRIPTION_MAX,
              }),
        }),
      });
    },
    // A modal opened: the save is the modal's own listener.
    { readOnly: true },
  );
}
