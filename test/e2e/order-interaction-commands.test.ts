// DB commands of the Record order and Log interaction submissions (revp60's unverified point:
// forms3's confirmation claim, +2, applies to them too, and interaction-commands.test.ts budgets
// only New customer's). Counted on the wire as bench/commands.ts counts them, steady state (each
// submitted once before it is counted), each submission signed and sent as Slack sends it.
import { expect, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import type { SlackResponse } from '../helpers/slack-requests.js';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

/**
 * What each submission may cost (measured 2026-12-07): an order 11 (the customer read twice, by
 * the number check before the ack and by the save; the insert, the order count, the revenue and
 * tier recomputed and written with the change log), an interaction 7 (the customer read twice;
 * its insert, the customer's last contact); each with the confirmation's claim, 2 (taken, then
 * marked done).
 */
const BUDGET = { order: 11, interaction: 7 };

async function cost(send: () => Promise<SlackResponse>): Promise<{ n: number; trace: string }> {
  const counter = countCommands(app.db);
  try {
    const res = await send();
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/"response_action":"errors"|E-[0-9A-F]{8}/);
  } finally {
    counter.stop();
  }
  return { n: counter.commands(), trace: counter.trace().join('; ') };
}

test('Record order and Log interaction stay within their budgets', async () => {
  const { code } = await makeCustomer(app, { ownerId: OWNER, lifecycle: 'active' } as never);
  let views = 0;
  // Each modal as Slack keeps it, with its own view id (what the submission is keyed by).
  const open = async (action: string) => {
    await app.slack.blockAction(
      { action_id: action, value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const shown = app.fake.calls
      .filter((c) => c.method === 'views.open' || c.method === 'views.update')
      .at(-1)!.args.view as Record<string, unknown>;
    return { ...shown, id: `V0BUDGET${++views}` };
  };
  const order = async (amount: string) => {
    const view = await open('customer_order_open');
    return cost(() =>
      app.slack.submitView(view, { date: '2026-11-20', amount }, { userId: OWNER }),
    );
  };
  await order('30000');
  const orderCost = await order('40000');
  const interaction = async (summary: string) => {
    const view = await open('customer_interaction_open');
    return cost(() =>
      app.slack.submitView(view, { type: 'call', date: '2026-11-23', summary }, { userId: OWNER }),
    );
  };
  await interaction('Asked about the spare parts');
  const interactionCost = await interaction('Confirmed the delivery date');
  expect(await app.db.models.orders.countDocuments({})).toBe(2);
  const over = Object.fromEntries(
    (
      [
        ['order', orderCost],
        ['interaction', interactionCost],
      ] as const
    )
      .filter(([kind, c]) => c.n > BUDGET[kind])
      .map(([kind, c]) => [kind, `${c.n} > ${BUDGET[kind]}: ${c.trace}`]),
  );
  expect(over).toEqual({});
});
