// Usage: /ticket new [title] | /ticket mine | /ticket requests
//        /ticket list [open|overdue|unassigned|waiting|mine]
//        /ticket T20260001 | /ticket help
import { TICKET_NUMBER } from '../../src/ticket/rules.js';
import { TICKET_LIST_KINDS, type TicketListKind } from '../../src/ticket/types.js';
import { markdown } from '../../src/ui/blocks.js';
import { COMMANDS } from '../../src/ui/ids.js';
import { requestsList, REQUESTS_SHOWN } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import { guestNewTicket, newTicketModal, ticketCardFor, ticketListFor } from '../tickets.js';
import {
  keyword,
  unquote,
  type CommandSpec,
  type Subcommand,
  type SubcommandInput,
} from './router.js';

export function ticketCommand(deps: HandlerDeps): CommandSpec {
  const list = async ({ ctx, reply }: SubcommandInput, kind: TicketListKind) => {
    await reply(await ticketListFor(deps, ctx, kind));
  };

  const create: Subcommand = {
    name: 'new',
    usage: '/ticket new [title]',
    // A modal opened: the save is the modal's own listener.
    reads: true,
    guests: true,
    summary: 'help.ticket.new',
    async run({ args, command, rest, ctx }) {
      // A guest of the workspace reads no customer file: their channel's customer, or their own.
      const guest = await guestNewTicket(deps, ctx, command.channel_id);
      // A workspace just installed has no customer file yet: the picker would find nothing.
      const noCustomersYet = !guest && !(await deps.services.customers.any(ctx));
      const source = guest?.source;
      await args.client.views.open({
        trigger_id: command.trigger_id,
        view: newTicketModal(ctx, {
          metadata: JSON.stringify({
            responseUrl: command.response_url,
            // Signed for this person (handlers/views/ticket-create.ts): the customer they file for.
            ...(source
              ? {
                  ...source,
                  ...deps.modalProofs.sign({ teamId: ctx.teamId, userId: ctx.actor }, source),
                }
              : {}),
          }),
          title: unquote(rest) || undefined,
          ...(noCustomersYet ? { noCustomersYet } : {}),
          ...(guest ? { guest: guest.guest } : {}),
        }),
      });
    },
  };

  const mine: Subcommand = {
    name: 'mine',
    usage: '/ticket mine',
    reads: true,
    summary: 'help.ticket.mine',
    words: 0,
    run: (input) => list(input, 'mine'),
  };

  // The requester's side: the tickets they asked for (`mine` is the tickets one works).
  const requests: Subcommand = {
    name: 'requests',
    usage: '/ticket requests',
    reads: true,
    guests: true,
    summary: 'help.ticket.requests',
    words: 0,
    async run({ ctx, reply }) {
      const page = await deps.services.tickets.requests(ctx, REQUESTS_SHOWN);
      await reply(
        requestsList(ctx.t, {
          rows: page.items,
          total: page.total,
          timeZone: ctx.settings.timeZone,
          merged: page.merged,
        }),
      );
    },
  };

  const listSub: Subcommand = {
    name: 'list',
    usage: '/ticket list [open|overdue|unassigned|waiting|mine]',
    reads: true,
    summary: 'help.ticket.list',
    words: 1,
    async run(input) {
      const kind = (keyword(input.rest.trim()).toLowerCase() || 'open') as TicketListKind;
      if (!TICKET_LIST_KINDS.includes(kind)) {
        const text = input.ctx.t('ticket.error.listKind');
        await input.reply({ text, blocks: [markdown(text)] });
        return;
      }
      await list(input, kind);
    },
  };

  const show: CommandSpec['fallback'] = {
    name: 'show',
    usage: '/ticket T20260001',
    reads: true,
    guests: true,
    summary: 'help.ticket.show',
    words: 0,
    matches: (word) => TICKET_NUMBER.test(word),
    async run({ rest, ctx, reply }) {
      await reply(await ticketCardFor(deps, ctx, rest));
    },
  };

  return {
    command: COMMANDS.ticket,
    title: 'help.ticket.title',
    subcommands: [create, mine, requests, listSub],
    fallback: show,
  };
}
