import { parseTicketForm } from '../../src/ticket/form.js';
import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { markdown } from '../../src/ui/blocks.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of New ticket: the ticket is saved, then the modal closes, then the card goes to the
 * triage channel and the account manager gets a DM. Whatever Slack refuses is owed and retried;
 * the creator is told exactly what happened.
 */
export function ticketCreate(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:ticket_create',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { form, meta, settings, t, now } = await readSubmission(body, deps, req);
      const permalink =
        meta.sourceChannel && meta.sourceTs
          ? await client.chat
              .getPermalink({ channel: meta.sourceChannel, message_ts: meta.sourceTs })
              .then((r) => r.permalink)
              .catch(() => undefined)
          : undefined;
      const input = parseTicketForm(form, {
        now,
        timeZone: settings.timeZone,
        sourcePermalink: permalink,
      });
      const ticket = await deps.services.tickets.create(req.teamId, input, req.userId, now);
      await ack();
      req.log.info({ ticket: ticket.number, severity: ticket.severity }, 'ticket created');

      const result = await deps.ticketFlows.announce(ticket, now);
      const done = result.channel
        ? t('ticket.created', { number: ticket.number, channel: result.channel })
        : result.error === 'no_triage_channel'
          ? t('ticket.createdNoChannel', { number: ticket.number })
          : t('ticket.createdCardPending', { number: ticket.number, error: result.error ?? '' });
      await replyPrivately(
        client,
        { responseUrl: meta.responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done)] },
      );
    },
  );
}
