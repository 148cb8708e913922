import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { parseTicketForm } from '../../src/ticket/form.js';
import { markdown } from '../../src/ui/blocks.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of New ticket: the ticket is saved (once per modal submission), the modal closes,
 * and only then Slack is called: the message link, the card to the triage channel and the
 * account manager's DM. Whatever Slack refuses is owed and retried; the creator is told exactly
 * what happened.
 */
export function ticketCreate(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:ticket_create',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { form, meta, settings, t, now, viewId } = await readSubmission(body, deps, req);
      const input = parseTicketForm(form, {
        now,
        timeZone: settings.timeZone,
        submissionId: viewId,
      });
      const source =
        meta.sourceChannel && meta.sourceTs
          ? { channel: meta.sourceChannel, ts: meta.sourceTs }
          : undefined;
      const { ticket, created } = await deps.services.tickets.create(
        req.teamId,
        { ...input, ...(source ? { source } : {}) },
        req.userId,
        now,
      );
      await ack();
      if (!created) return; // the same modal submitted again: already handled
      req.log.info({ ticket: ticket.number, severity: ticket.severity }, 'ticket created');

      if (source) await deps.ticketFlows.linkSource(ticket);
      const result = await deps.ticketFlows.announce(
        await deps.services.tickets.get(req.teamId, ticket.number),
        now,
      );
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
