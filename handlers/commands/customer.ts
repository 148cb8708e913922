// Usage: /customer new | /customer find <text> | /customer <code> | /customer help
import { createDefaults } from '../../src/customer/fields.js';
import { CUSTOMER_CODE, foldCode, withoutInvisibles } from '../../src/customer/rules.js';
import { isBlank } from '../../src/forms/kinds.js';
import { allowed } from '../../src/permissions.js';
import { markdown } from '../../src/ui/blocks.js';
import { customerList, customerModal } from '../../src/ui/customer.js';
import { COMMANDS } from '../../src/ui/ids.js';
import { customerCardFor } from '../cards.js';
import type { HandlerDeps } from '../deps.js';
import { modalSubcommand, unquote, type CommandSpec, type Subcommand } from './router.js';

export function customerCommand(deps: HandlerDeps): CommandSpec {
  const create = modalSubcommand(
    {
      name: 'new',
      usage: '/customer new',
      summary: 'help.customer.new',
      words: 0,
      permission: 'customer.create',
    },
    async ({ command, ctx }) => {
      // Asked first (no form to be refused at its end); the tag families' pick lists offer the
      // workspace's tags in use (one quick read each).
      const { tagsInUse } = await deps.services.customers.forCreating(ctx);
      return customerModal(ctx.t, {
        mode: 'create',
        values: { ...createDefaults(), owner: ctx.actor, first_contact: ctx.today },
        metadata: JSON.stringify({ responseUrl: command.response_url }),
        currency: ctx.settings.currency,
        showOverride: false,
        revenueFromOrders: false,
        tagsInUse,
      });
    },
  );

  const find: Subcommand = {
    name: 'find',
    usage: '/customer find <text>',
    reads: true,
    summary: 'help.customer.find',
    async run({ rest, ctx, reply }) {
      // Looked for and quoted back without the invisible characters the names' keys leave out
      // (a zero-width space pasted with the text); text that shows nothing is no text.
      const text = unquote(withoutInvisibles(rest));
      if (!text || isBlank(text)) {
        const message = ctx.t('customer.error.findNeedsText');
        await reply({ text: message, blocks: [markdown(message)] });
        return;
      }
      const { items, total } = await deps.services.customers.find(ctx, text);
      await reply(customerList(ctx.t, text, items, total, allowed(ctx, 'customer.create')));
    },
  };

  const show: CommandSpec['fallback'] = {
    name: 'show',
    usage: '/customer C2026001',
    reads: true,
    summary: 'help.customer.show',
    words: 0,
    // `Ｃ２０２６００１` as a Chinese IME types it is the same code.
    matches: (word) => CUSTOMER_CODE.test(foldCode(word)),
    async run({ rest, ctx, reply }) {
      await reply(await customerCardFor(deps, ctx, rest));
    },
  };

  return {
    command: COMMANDS.customer,
    title: 'help.customer.title',
    subcommands: [create, find],
    fallback: show,
    // Account managers type a customer's name where its code goes: say how to look it up.
    unknownHint: 'customer.unknownFindHint',
  };
}
