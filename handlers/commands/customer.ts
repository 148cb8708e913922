// Usage: /customer new | /customer find <text> | /customer <code> | /customer help
import { CUSTOMER_CODE } from '../../src/customer/rules.js';
import { localDate } from '../../src/time.js';
import { customerList, customerModal } from '../../src/ui/customer.js';
import { customerCardFor } from '../cards.js';
import { markdown } from '../../src/ui/blocks.js';
import { COMMANDS } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import type { CommandSpec, Subcommand } from './router.js';

export function customerCommand(deps: HandlerDeps): CommandSpec {
  const { customers } = deps.services;

  const create: Subcommand = {
    name: 'new',
    usage: '/customer new',
    summary: 'help.customer.new',
    async run({ args, command, settings, t }) {
      await args.ack();
      const today = localDate(deps.clock.now(), settings.timeZone);
      await args.client.views.open({
        trigger_id: command.trigger_id,
        view: customerModal(t, {
          mode: 'create',
          values: { owner: command.user_id, first_contact: today },
          metadata: JSON.stringify({ responseUrl: command.response_url }),
          currency: settings.currency,
          showOverride: false,
          revenueFromOrders: false,
        }),
      });
    },
  };

  const find: Subcommand = {
    name: 'find',
    usage: '/customer find <text>',
    summary: 'help.customer.find',
    async run({ args, command, rest, t }) {
      const text = rest.trim();
      if (!text) {
        const message = t('customer.error.findNeedsText');
        await args.ack({ response_type: 'ephemeral', text: message, blocks: [markdown(message)] });
        return;
      }
      const { items, total } = await customers.find(command.team_id, text);
      await args.ack({ response_type: 'ephemeral', ...customerList(t, text, items, total) });
    },
  };

  const show: CommandSpec['fallback'] = {
    name: 'show',
    usage: '/customer C2026001',
    summary: 'help.customer.show',
    matches: (word) => CUSTOMER_CODE.test(word),
    async run({ args, command, rest }) {
      const card = await customerCardFor(deps, command.team_id, rest, command.user_id);
      await args.ack({ response_type: 'ephemeral', ...card });
    },
  };

  return {
    command: COMMANDS.customer,
    title: 'help.customer.title',
    subcommands: [create, find],
    fallback: show,
  };
}
