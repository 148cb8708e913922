// A guest owner's customer with signals is listed on their stand-in's Home as theirs ("yours:
// the owner is a guest"). Edit customer handing it to someone else draws the former stand-in's
// Home again, through the outbox, so the row goes; before, only the guest's and the new owner's
// Homes were drawn and the stand-in's kept it until their next refresh or open. Likewise
// /desk handover with the guest as From.
import { expect, test } from 'vitest';
import { openCustomerEdit } from '../helpers/clicks.js';
import { useTestApp } from '../helpers/app.js';
import { OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { guestOwnedKeyCustomer, MANAGER, OTHER_MANAGER } from '../helpers/setups-6-guests.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** The "Your customers with signals" section of a published Home. */
function signals(view: unknown): string {
  const home = JSON.stringify(view);
  const from = home.indexOf('*Your customers with signals*');
  return from < 0 ? '' : home.slice(from, home.indexOf('"divider"', from));
}

test('Edit customer handing a guest-owned customer with signals to a member draws the former stand-in’s Home again, without it', async () => {
  const code = await guestOwnedKeyCustomer(app);
  const edit = async (fields: Record<string, string>, by = MANAGER) => {
    const view = (await openCustomerEdit(app, code, by)).args.view as Record<string, unknown>;
    app.fake.reset();
    expect((await app.slack.submitView(view, fields, { userId: by })).body).toBe('');
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    return app.fake.homesPublishedTo(MANAGER);
  };
  const ending = await edit({ contract_end: '2026-12-20' });
  expect(signals(ending[0]!.args.view)).toContain('contract ends 2026-12-20');
  const after = await edit({ owner: OWNER });
  const saved = (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  expect(saved.ownerId).toBe(OWNER);
  expect(after.length).toBeGreaterThan(0);
  expect(signals(after.at(-1)!.args.view)).not.toContain('contract ends 2026-12-20');
});

test('/desk handover of a guest owner’s customer with signals to a member draws the former stand-in’s Home again, without it', async () => {
  const code = await guestOwnedKeyCustomer(app);
  const edit = (await openCustomerEdit(app, code, MANAGER)).args.view as Record<string, unknown>;
  app.fake.reset();
  const ended = await app.slack.submitView(
    edit,
    { contract_end: '2026-12-20' },
    { userId: MANAGER },
  );
  expect(ended.body).toBe('');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(signals(app.fake.homesPublishedTo(MANAGER)[0]!.args.view)).toContain(
    'contract ends 2026-12-20',
  );

  app.fake.reset();
  await app.slack.command('/desk', 'handover', { userId: OTHER_MANAGER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const done = await app.slack.submitView(
    view,
    { from: GUEST, to: OWNER, what: 'customers' },
    { userId: OTHER_MANAGER },
  );
  expect(done.body).toBe('');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  const saved = (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  expect(saved).toMatchObject({ ownerId: OWNER });
  // Before: no Home published to MANAGER, whose Home kept the row until their next refresh.
  const after = app.fake.homesPublishedTo(MANAGER);
  expect(after.length).toBeGreaterThan(0);
  expect(signals(after.at(-1)!.args.view)).not.toContain('contract ends 2026-12-20');
});
