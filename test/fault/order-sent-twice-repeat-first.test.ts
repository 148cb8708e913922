// revp60 F3: Record order delivered twice at once (a double click, Slack's redelivery). The
// repeat finds the order its own submission recorded (recordOrder: again) and, taking no
// countOrder/refreshRevenue step, may reach the confirmation claim (oncePerSubmission) first:
// it says the order was recorded (never "nothing was added"). Forced here by holding the
// inserting delivery after its insert until the other's claim is done.
import { expect, test, vi } from 'vitest';
import { CustomerRepository } from '../../src/customer/repository.js';
import { EventClaims } from '../../src/events/service.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';

type View = Record<string, any>;
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

const lastModal = (id: string): View => ({
  ...(app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as View),
  id,
});
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

test('Record order twice at once, the repeat first at the claim: the person is told it was recorded', async () => {
  const { code } = await makeCustomer(app, { lifecycle: 'active' } as never);
  await app.slack.blockAction(
    { action_id: 'customer_order_open', value: code, block_id: 'customer_actions' },
    { userId: OWNER },
  );
  const view = lastModal('V0ORDER009');
  const form = { date: '2026-11-20', amount: '30000' };
  let release!: () => void;
  const repeatConfirmed = new Promise<void>((r) => (release = r));
  const done = EventClaims.prototype.done;
  const claimDone = vi.spyOn(EventClaims.prototype, 'done').mockImplementation(async function (
    this: EventClaims,
    ...args
  ) {
    await done.apply(this, args);
    release();
  });
  const count = CustomerRepository.prototype.countOrder;
  const held = vi
    .spyOn(CustomerRepository.prototype, 'countOrder')
    .mockImplementation(async function (this: CustomerRepository, ...args) {
      await repeatConfirmed;
      return count.apply(this, args);
    });
  const before = told().length;
  try {
    await Promise.all([
      app.slack.submitView(view, form, { userId: OWNER }),
      app.slack.submitView(view, form, { userId: OWNER }),
    ]);
  } finally {
    held.mockRestore();
    claimDone.mockRestore();
  }
  const said = told().slice(before);
  expect(await app.db.models.orders.countDocuments({})).toBe(1);
  expect(said).toHaveLength(1);
  expect(said[0]).toMatch(/^Recorded/);
  expect(said[0]).not.toMatch(/nothing was added/);
});
