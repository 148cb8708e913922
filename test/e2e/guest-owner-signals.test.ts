// A guest of the workspace may own a customer, but reads no desk: the customer's signals (contract
// end, churn risk, tier moves with their revenue, …) go to whom the desk names in their place
// (`ownerExecutor`: their linked manager, else any manager, else an admin), saying the owner is a
// guest; the guest's other managers get the managers' copies; the guest is told nothing. Before,
// the guest was DMed them (revland45b F1).
import { expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { openCustomerEdit, openHome } from '../helpers/clicks.js';
import {
  guestOwnedKeyCustomer,
  MANAGER,
  OTHER_MANAGER,
  THIRD_MANAGER,
} from '../helpers/setups-6-guests.js';
import { FULL_CUSTOMER_FORM } from '../helpers/records.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const dmText = (user: string) => app.fake.postsTo(user).map((c) => JSON.stringify(c.args.blocks));

test("a guest-owned key customer's contract end: the stand-in is told it as theirs, the guest's other manager a manager's copy; the guest nothing", async () => {
  const code = await guestOwnedKeyCustomer(app);
  await app.db.models.customers.updateOne({ code }, { $set: { contractEndDate: '2026-12-20' } });
  app.fake.reset();
  await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:00Z');
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(GUEST)).toEqual([]);
  expect(app.fake.postsTo(OTHER_MANAGER)).toEqual([]);
  expect(dmText(MANAGER)).toHaveLength(1);
  expect(dmText(MANAGER)[0]).toContain(
    `(${code}) ends on 2026-12-20 (in 25 days). _Yours: the owner <@${GUEST}> is not a member of the workspace._`,
  );
  expect(dmText(THIRD_MANAGER)).toHaveLength(1);
  expect(dmText(THIRD_MANAGER)[0]).toContain(
    `(${code}) ends on 2026-12-20 (in 25 days). _A key customer of <@${GUEST}>._`,
  );
  // The next day's run tells nothing again.
  app.fake.reset();
  await runJobAt(app, customerSignalsJob, '2026-11-26T01:00:00Z');
  await app.desk.outbox.drain();
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
});

test("a guest-owned customer's tier move (its revenue) goes to the stand-in and the guest's managers, not to the guest", async () => {
  const code = await guestOwnedKeyCustomer(app);
  // New thresholds, which wait for the review: 600,000 a year is strategic then.
  await app.setSettings(() => ({ tiers: { strategicMin: 500_000, keyMin: 300_000 } }));
  app.fake.reset();
  // 1 January 2027 06:00 in Shanghai (a holiday: told on Monday 4 January's working day).
  const [run] = await runJobAt(app, tierReviewJob, '2026-12-31T22:00:00Z');
  expect(run!.counts).toMatchObject({ moved: 1, told: 2 });
  app.clock.set('2027-01-04T01:00:00Z');
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(GUEST)).toEqual([]);
  expect(app.fake.postsTo(OTHER_MANAGER)).toEqual([]);
  expect(dmText(MANAGER)).toHaveLength(1);
  expect(dmText(MANAGER)[0]).toContain(code);
  expect(dmText(MANAGER)[0]).toContain(
    `_Yours: the owner <@${GUEST}> is not a member of the workspace._`,
  );
  expect(dmText(THIRD_MANAGER)).toHaveLength(1);
  expect(dmText(THIRD_MANAGER)[0]).toContain(`_Account manager: <@${GUEST}>._`);
});

test('a signal held over a weekend whose customer was handed to a guest meanwhile goes to the stand-in, saying why, not to the guest', async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const { code } = await makeCustomer(app, { name: 'Quiet Co', lifecycle: 'active' });
  await app.db.models.customers.updateOne({ code }, { $set: { contractEndDate: '2026-12-21' } });
  // Saturday 28 November 09:00: found, held for Monday.
  await runJobAt(app, customerSignalsJob, '2026-11-28T01:00:00Z');
  expect(app.fake.postsTo(OWNER)).toEqual([]);
  // Sunday: the customer is the guest's now (marked as every path that sets an owner marks it).
  app.clock.set('2026-11-29T03:00:00Z');
  await app.db.models.customers.updateOne({ code }, { $set: { ownerId: GUEST, ownerGuest: true } });
  // Monday 09:00 (passed on at the worker's next pass).
  app.clock.set('2026-11-30T01:00:00Z');
  await app.desk.outbox.drain();
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(OWNER)).toEqual([]);
  expect(app.fake.postsTo(GUEST)).toEqual([]);
  expect(dmText(MANAGER)).toHaveLength(1);
  expect(dmText(MANAGER)[0]).toContain(
    `(${code}) ends on 2026-12-21 (in 21 days). _Yours: the owner <@${GUEST}> is not a member of the workspace._`,
  );
  expect(await app.db.models.outbox.countDocuments({ kind: 'signal', state: 'pending' })).toBe(0);
});

test('App Home: a guest-owned customer with signals is listed for the stand-in, saying the owner is a guest (en, zh-CN), beside their own; not for the guest nor the other managers', async () => {
  const code = await guestOwnedKeyCustomer(app);
  await app.db.models.customers.updateOne({ code }, { $set: { contractEndDate: '2026-12-20' } });
  // The stand-in's own customer, in churn warning.
  const own = await makeCustomer(app, { name: 'Own Works', ownerId: MANAGER });
  await app.db.models.customers.updateOne(
    { code: own.code },
    { $set: { lifecycle: 'churn_warning' } },
  );
  const signals = (home: string) => {
    const from = home.indexOf('*Your customers with signals*');
    return from < 0 ? '' : home.slice(from, home.indexOf('"divider"', from));
  };
  const stand = signals(await openHome(app, MANAGER));
  expect(stand).toContain('*Your customers with signals* (2)');
  expect(stand).toContain(
    `*Shanghai Huadong Machinery* (${code}) · contract ends 2026-12-20 · yours: the owner <@${GUEST}> is not a member of the workspace`,
  );
  expect(stand).toContain(`*Own Works* (${own.code}) · churn risk`);
  expect(stand).not.toContain(`(${own.code}) · churn risk · yours`);
  // The guest's other linked manager and the first manager do not stand in: not theirs.
  for (const other of [THIRD_MANAGER, OTHER_MANAGER])
    expect(await openHome(app, other)).not.toContain('Shanghai Huadong Machinery');
  // The guest reads only their own tickets: nothing of the customer.
  expect(await openHome(app, GUEST)).not.toContain('Shanghai Huadong Machinery');

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await openHome(app, MANAGER)).toContain(
    `合同 2026-12-20 到期 · 由你负责：客户负责人 <@${GUEST}> 不是本工作区成员`,
  );
});

test('a held signal of a guest-owned key customer whose stand-in changes before it goes: the new stand-in reads it once, as theirs, each other manager once (revland47 F3)', async () => {
  const FOURTH_MANAGER = 'U0MANAGER4';
  const links = (ms: string[]) => ms.map((m) => ({ managerId: m, manages: [GUEST] }));
  await app.setSettings(() => ({
    managers: [MANAGER, THIRD_MANAGER, FOURTH_MANAGER],
    managerLinks: links([MANAGER, THIRD_MANAGER, FOURTH_MANAGER]),
  }));
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(
    view,
    { ...FULL_CUSTOMER_FORM, owner: GUEST, annual_revenue: '600000' },
    { userId: OWNER },
  );
  const c = (await app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
  expect(c).toMatchObject({ ownerGuest: true, tier: 'key' });
  await app.db.models.customers.updateOne(
    { _id: c._id },
    { $set: { contractEndDate: '2026-12-21' } },
  );
  app.fake.reset();
  // Saturday: found, held for Monday.
  await runJobAt(app, customerSignalsJob, '2026-11-28T01:00:00Z');
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  // Sunday: MANAGER, who stands in, leaves the managers: THIRD_MANAGER stands in.
  app.clock.set('2026-11-29T03:00:00Z');
  await app.setSettings(() => ({
    managers: [THIRD_MANAGER, FOURTH_MANAGER],
    managerLinks: links([THIRD_MANAGER, FOURTH_MANAGER]),
  }));
  app.clock.set('2026-11-30T01:00:00Z');
  for (let i = 0; i < 3; i++) await app.desk.outbox.drain();
  const lines = (user: string) => dmText(user).join('\n').split('ends on 2026-12-21').length - 1;
  expect({ m1: lines(MANAGER), m3: lines(THIRD_MANAGER), m4: lines(FOURTH_MANAGER) }).toEqual({
    m1: 0,
    m3: 1,
    m4: 1,
  });
  expect(dmText(THIRD_MANAGER).join('\n')).toContain('Yours');
  expect(dmText(GUEST)).toEqual([]);
});

test('Edit customer giving a guest-owned customer a contract end and then a churn warning draws the stand-in’s App Home again through the outbox, listing it among their customers with signals', async () => {
  const code = await guestOwnedKeyCustomer(app);
  const signals = (view: unknown) => {
    const home = JSON.stringify(view);
    const from = home.indexOf('*Your customers with signals*');
    return from < 0 ? '' : home.slice(from, home.indexOf('"divider"', from));
  };
  const edit = async (fields: Record<string, string>) => {
    const view = (await openCustomerEdit(app, code, MANAGER)).args.view as Record<string, unknown>;
    app.fake.reset();
    expect((await app.slack.submitView(view, fields, { userId: MANAGER })).body).toBe('');
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    return app.fake.homesPublishedTo(MANAGER);
  };
  const ending = await edit({ contract_end: '2026-12-20' });
  expect(ending).toHaveLength(1);
  expect(signals(ending[0]!.args.view)).toContain(
    `*Shanghai Huadong Machinery* (${code}) · contract ends 2026-12-20 · yours: the owner <@${GUEST}> is not a member of the workspace`,
  );
  const churn = await edit({ lifecycle: 'churn_warning' });
  expect(churn).toHaveLength(1);
  expect(signals(churn[0]!.args.view)).toContain(
    `*Shanghai Huadong Machinery* (${code}) · churn risk · contract ends 2026-12-20 · yours: the owner <@${GUEST}> is not a member of the workspace`,
  );
  // The guest's other managers do not stand in: their Homes are not drawn for it.
  expect(app.fake.homesPublishedTo(THIRD_MANAGER)).toEqual([]);
  expect(app.fake.homesPublishedTo(OTHER_MANAGER)).toEqual([]);
});
