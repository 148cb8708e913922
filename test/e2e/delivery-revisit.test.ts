// Domain 5: "after any delivery, a revisit within 3 days". An order's delivery date (the orders
// import's Delivered 交付日期 column) makes the daily tasks run plan one revisit for the customer's
// owner, due on the third working day after it, keyed by the order: reminded by DM like any task,
// planned once however often the file is imported or the run repeated; none for a customer whose
// contacts opted out of 回访, nor for old deliveries (history imported).
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { importOrders } from '../../src/customer/csv.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai, the workspace's zone.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Orders imported from CSV as OWNER, now: the import's report. */
async function importRows(header: string, rows: string[]) {
  return importOrders(
    app.desk.services.customers,
    await ctxOf(app, OWNER, { origin: 'import' }),
    [header, ...rows].join('\n'),
  );
}

const revisitsOf = async (code: string) =>
  (
    await app.db.models.tasks
      .find({ teamId: FAKE_TEAM_ID, customerCode: code, kind: 'delivery' })
      .lean()
  ).map((t) => ({ status: t.status, due: t.dueDate, who: t.assigneeId, content: t.content }));

/** The owner's DMs naming a delivery revisit. */
const revisitDms = () =>
  app.fake
    .postsTo(OWNER)
    .map((c) => JSON.stringify(c.args.blocks))
    .filter((b) => b.includes('Delivery revisit'));

async function customer(optOuts: string[] = []) {
  return makeCustomer(app, {
    name: `Delivered Co ${optOuts.join('')}`,
    lifecycle: 'active',
    contact: { name: '王芳', optOuts },
  });
}

test('a delivery plans one revisit for the owner, due the third working day after it, reminded at once; a re-import and a second instance plan nothing more', async () => {
  const { code } = await customer();
  // Ordered on Friday, delivered on Monday 23 November.
  const report = await importRows('Customer,Date,Amount,Order number,Delivered', [
    `${code},2026-11-20,80000,SO-1,2026-11-23`,
  ]);
  expect(report).toMatchObject({ added: 1, errors: [] });
  // Wednesday's run, on two instances at once.
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a', 'b']);
  expect(await revisitsOf(code)).toEqual([
    {
      status: 'open',
      due: '2026-11-26',
      who: OWNER,
      content:
        'Order of 2026-11-20 delivered on 2026-11-23: revisit within 3 working days (complete, working, in use?).',
    },
  ]);
  // Due tomorrow, within the reminder's three days: the owner is told by DM, once.
  expect(revisitDms()).toHaveLength(1);
  // The same file imported again, and Thursday's run: still the one revisit.
  expect(
    await importRows('Customer,Date,Amount,Order number,Delivered', [
      `${code},2026-11-20,80000,SO-1,2026-11-23`,
    ]),
  ).toMatchObject({ added: 0, delivered: 0, duplicates: 1, errors: [] });
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(await revisitsOf(code)).toHaveLength(1);
});

test('an order imported before it was delivered gets its revisit when the file with its delivery date comes in', async () => {
  const { code } = await customer();
  await importRows('Customer,Date,Amount', [`${code},2026-11-20,50000`]);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await revisitsOf(code)).toEqual([]);
  // Delivered on Wednesday; the ERP's export of Thursday says so (交付日期), same order.
  app.clock.set('2026-11-26T03:00:00Z');
  // Said as the order on file given its delivery date, not as a duplicate.
  expect(
    await importRows('客户,订单日期,金额,交付日期', [`${code},2026-11-20,50000,2026-11-25`]),
  ).toMatchObject({ added: 0, delivered: 1, duplicates: 0, errors: [] });
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  // Wednesday 25 + 3 working days: Monday 30 November.
  expect((await revisitsOf(code)).map((t) => t.due)).toEqual(['2026-11-30']);
});

test('no revisit for a customer whose contacts opted out of 回访, nor for a delivery of history imported', async () => {
  const optedOut = await customer(['不要回访']);
  const old = await customer();
  await importRows('Customer,Date,Amount,Delivered', [
    `${optedOut.code},2026-11-20,80000,2026-11-23`,
    `${old.code},2026-09-01,80000,2026-09-10`,
  ]);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(await revisitsOf(optedOut.code)).toEqual([]);
  expect(await revisitsOf(old.code)).toEqual([]);
  expect(revisitDms()).toEqual([]);
});

test('a delivery date before the order date refuses its row, saying why', async () => {
  const { code } = await customer();
  const report = await importRows('Customer,Date,Amount,Delivered', [
    `${code},2026-11-20,80000,2026-11-19`,
  ]);
  expect(report.added).toBe(0);
  expect(report.errors).toHaveLength(1);
  expect(report.errors[0]!.reason).toContain('The delivery date is before the order date.');
});

test("Record order's Delivered on date plans the revisit as the import's does", async () => {
  const { code } = await customer();
  await app.slack.blockAction(
    { action_id: 'customer_order_open', value: code, block_id: 'customer_actions' },
    { userId: OWNER },
  );
  const view = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
  expect(JSON.stringify(view)).toContain('Delivered on');
  const res = await app.slack.submitView(
    view,
    { date: '2026-11-20', amount: '30000', delivered: '2026-11-24' },
    { userId: OWNER },
  );
  expect(res.body).toBe('');
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  // Tuesday 24 + 3 working days: Friday 27 November.
  expect((await revisitsOf(code)).map((t) => [t.due, t.who])).toEqual([['2026-11-27', OWNER]]);
});

test('Record order of an order on file (its number) with Delivered on records the delivery and says so, not "nothing was added"', async () => {
  const { code } = await customer();
  const record = async (form: Record<string, string>) => {
    await app.slack.blockAction(
      { action_id: 'customer_order_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const view = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
    return app.slack.submitView(view, form, { userId: OWNER });
  };
  await record({ date: '2026-11-20', amount: '30000', number: 'SO-7' });
  expect(
    (await record({ date: '2026-11-20', amount: '30000', number: 'SO-7', delivered: '2026-11-23' }))
      .body,
  ).toBe('');
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    'Order SO-7 is already recorded; nothing was added, but its delivery date is now 2026-11-23.',
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect((await revisitsOf(code)).map((t) => t.due)).toEqual(['2026-11-26']);
  // The same again: nothing new to say.
  await record({ date: '2026-11-20', amount: '30000', number: 'SO-7', delivered: '2026-11-23' });
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    'Order SO-7 is already recorded; nothing was added.',
  );
});

/** A card button clicked by `userId`, and the modal it opened (drawn over its loading view). */
async function openFromCard(actionId: string, code: string, userId = OWNER) {
  await app.slack.blockAction(
    { action_id: actionId, value: code, block_id: 'customer_actions' },
    { userId },
  );
  return app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
}

test("an order recorded in Slack without a number gets its delivery date later from the card's Record delivery, which plans its revisit", async () => {
  const { code } = await customer();
  // Recorded on Friday with Record order, not delivered yet, no order number: no import row can
  // name it.
  app.clock.set('2026-11-20T03:00:00Z');
  const order = await openFromCard('customer_order_open', code);
  await app.slack.submitView(order, { date: '2026-11-20', amount: '30000' }, { userId: OWNER });
  app.clock.set('2026-11-24T02:00:00Z');
  // The card's Record delivery lists it, picked already, the date today unless changed.
  const card = JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body);
  expect(card).toContain('customer_delivery_open');
  const modal = await openFromCard('customer_delivery_open', code);
  const select = (modal.blocks as Record<string, any>[]).find((b) => b.block_id === 'order')!;
  expect(select.element.options.map((o: any) => o.text.text)).toEqual(['2026-11-20 · 30,000 CNY']);
  expect(select.element.initial_option.value).toBe(select.element.options[0].value);
  // Delivered before it was ordered: refused on the field, nothing saved.
  const refused = await app.slack.submitView(modal, { delivered: '2026-11-19' }, { userId: OWNER });
  expect(refused.body).toMatchObject({
    response_action: 'errors',
    errors: { delivered: 'The delivery date is before the order date.' },
  });
  // Delivered on Monday 23 November.
  expect(
    (await app.slack.submitView(modal, { delivered: '2026-11-23' }, { userId: OWNER })).body,
  ).toBe('');
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    `Recorded: the order of 2026-11-20 (30,000 CNY) of *Delivered Co * (${code}) was delivered on 2026-11-23; the customer's owner gets a revisit within 3 working days.`,
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect((await revisitsOf(code)).map((t) => [t.due, t.who])).toEqual([['2026-11-26', OWNER]]);
  // Opened again: the order says it was delivered; the same date again changes nothing.
  const again = await openFromCard('customer_delivery_open', code);
  expect(JSON.stringify(again)).toContain('2026-11-20 · 30,000 CNY · delivered 2026-11-23');
  // Nothing picked ahead: every order listed was delivered already.
  const orderId = select.element.options[0].value as string;
  await app.slack.submitView(again, { order: orderId, delivered: '2026-11-23' }, { userId: OWNER });
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    `The order of 2026-11-20 (30,000 CNY) of *Delivered Co * (${code}) already says delivered on 2026-11-23; nothing changed.`,
  );
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(await revisitsOf(code)).toHaveLength(1);
});

test('Record delivery of a delivery more than 7 days back says no revisit is planned (the daily run plans none); one of 6 days back still promises it, and gets it', async () => {
  const { code } = await customer();
  const order = await openFromCard('customer_order_open', code);
  await app.slack.submitView(order, { date: '2026-11-02', amount: '30000' }, { userId: OWNER });
  // Tuesday 24 November: delivered on Monday 9 November, two weeks ago.
  const modal = await openFromCard('customer_delivery_open', code);
  expect(
    (await app.slack.submitView(modal, { delivered: '2026-11-09' }, { userId: OWNER })).body,
  ).toBe('');
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    `Recorded: the order of 2026-11-02 (30,000 CNY) of *Delivered Co * (${code}) was delivered on 2026-11-09. No revisit is planned for it: the desk plans one only for a delivery of the last 7 days (add one with New task if the customer should get it).`,
  );
  // Another order, delivered six days back (Wednesday 18th), recorded the same day after the
  // day's run: the next run plans its revisit, as the confirmation says, and only that one.
  const second = await openFromCard('customer_order_open', code);
  await app.slack.submitView(second, { date: '2026-11-16', amount: '20000' }, { userId: OWNER });
  const again = await openFromCard('customer_delivery_open', code);
  const select = (again.blocks as Record<string, any>[]).find((b) => b.block_id === 'order')!;
  const pick = select.element.options.find((o: any) => o.text.text.startsWith('2026-11-16'));
  expect(
    (
      await app.slack.submitView(
        again,
        { order: pick.value, delivered: '2026-11-18' },
        { userId: OWNER },
      )
    ).body,
  ).toBe('');
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toContain(
    "was delivered on 2026-11-18; the customer's owner gets a revisit within 3 working days.",
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  const planned = await app.db.models.tasks
    .find({ teamId: FAKE_TEAM_ID, customerCode: code, kind: 'delivery' })
    .lean();
  expect(planned.map((t) => [t.assigneeId, String(t.content)])).toEqual([
    [OWNER, expect.stringContaining('2026-11-18')],
  ]);
});

test('Record delivery is refused as Record order is (an agent, not the owner), and says so for a customer with no order', async () => {
  const { code } = await customer();
  const agent = JSON.stringify(await openFromCard('customer_delivery_open', code, AGENT));
  expect(agent).not.toContain('"block_id":"order"');
  expect(agent).toContain('owner');
  const none = JSON.stringify(await openFromCard('customer_delivery_open', code));
  expect(none).toContain(`No order of *Delivered Co * (${code}) is on file`);
  expect(none).not.toContain('"block_id":"order"');
});

test('Record delivery for a customer whose contacts opted out of 回访 says no revisit is planned, as the daily run plans none (en, zh-CN)', async () => {
  const { code } = await customer(['不要回访']);
  const order = await openFromCard('customer_order_open', code);
  await app.slack.submitView(order, { date: '2026-11-20', amount: '30000' }, { userId: OWNER });
  const modal = await openFromCard('customer_delivery_open', code);
  await app.slack.submitView(modal, { delivered: '2026-11-23' }, { userId: OWNER });
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    `Recorded: the order of 2026-11-20 (30,000 CNY) of *Delivered Co 不要回访* (${code}) was delivered on 2026-11-23. No revisit is planned for it: every contact of the customer opted out of revisits (回访).`,
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(await revisitsOf(code)).toEqual([]);
  // In Chinese.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const again = await openFromCard('customer_delivery_open', code);
  const select = (again.blocks as Record<string, any>[]).find((b) => b.block_id === 'order')!;
  await app.slack.submitView(
    again,
    { order: select.element.options[0].value, delivered: '2026-11-24' },
    { userId: OWNER },
  );
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toContain(
    '不会为它安排交付回访：该客户的所有联系人都已选择不接受回访。',
  );
});

test('a corrected delivery date keeps the revisit planned for the first one and says so: its due date while open, that none more is planned once done', async () => {
  const { code } = await customer();
  const order = await openFromCard('customer_order_open', code);
  // Recorded as delivered on Monday 23 by mistake: its revisit is planned for Thursday 26.
  await app.slack.submitView(
    order,
    { date: '2026-11-20', amount: '30000', delivered: '2026-11-23' },
    { userId: OWNER },
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect((await revisitsOf(code)).map((t) => [t.status, t.due])).toEqual([['open', '2026-11-26']]);
  // Really delivered on Wednesday 25: corrected that day.
  app.clock.set('2026-11-25T03:00:00Z');
  const correct = async (delivered: string) => {
    const modal = await openFromCard('customer_delivery_open', code);
    const select = (modal.blocks as Record<string, any>[]).find((b) => b.block_id === 'order')!;
    await app.slack.submitView(
      modal,
      { order: select.element.options[0].value, delivered },
      { userId: OWNER },
    );
    return app.fake.callsTo('response_url').at(-1)!.args.text as string;
  };
  expect(await correct('2026-11-25')).toBe(
    `Recorded: the order of 2026-11-20 (30,000 CNY) of *Delivered Co * (${code}) was delivered on 2026-11-25. Its revisit, planned for the delivery date recorded before, stays due 2026-11-26: move it with *Change due date* if it should follow this one.`,
  );
  // Done; corrected again: no second revisit, as said.
  const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'delivery' }))!;
  await app.db.models.tasks.updateOne({ _id: task._id }, { $set: { status: 'done' } });
  expect(await correct('2026-11-24')).toBe(
    `Recorded: the order of 2026-11-20 (30,000 CNY) of *Delivered Co * (${code}) was delivered on 2026-11-24. Its revisit was planned for the delivery date recorded before and is closed: no second one is planned (add one with New task if the customer should get it).`,
  );
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect((await revisitsOf(code)).map((t) => [t.status, t.due])).toEqual([['done', '2026-11-26']]);
});

test("New order and Record delivery on a guest-owned customer name who gets the revisit, the guest's stand-in, not the owner (en, zh-CN; revland47 F6)", async () => {
  const MANAGER = 'U0MANAGER1';
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const { id, code } = await customer();
  await app.db.models.customers.updateOne(
    { _id: id },
    { $set: { ownerId: GUEST, ownerGuest: true } },
  );
  const order = await openFromCard('customer_order_open', code, MANAGER);
  // The modal's hint names the stand-in too, never "the customer's owner" (mrkdwn: a mention);
  // so does New order's, whose delivery date plans the same revisit.
  const texts = (v: any) => JSON.stringify(v.blocks);
  expect(texts(order)).toContain(
    `When it was delivered: <@${MANAGER}> gets a revisit within 3 working days, standing in for the customer’s owner <@${GUEST}>, not a member of the workspace.`,
  );
  expect(texts(order)).not.toContain("the customer's owner gets a revisit");
  await app.slack.submitView(order, { date: '2026-11-20', amount: '30000' }, { userId: MANAGER });
  const modal = await openFromCard('customer_delivery_open', code, MANAGER);
  expect(texts(modal)).toContain(
    `When it was delivered: <@${MANAGER}> gets a revisit within 3 working days, standing in for the customer’s owner <@${GUEST}>, not a member of the workspace.`,
  );
  expect(texts(modal)).not.toContain("the customer's owner gets a revisit");
  await app.slack.submitView(modal, { delivered: '2026-11-23' }, { userId: MANAGER });
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toBe(
    `Recorded: the order of 2026-11-20 (30,000 CNY) of *Delivered Co * (${code}) was delivered on 2026-11-23; <@${MANAGER}> gets a revisit within 3 working days, standing in for the customer’s owner <@${GUEST}>, not a member of the workspace.`,
  );
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect((await revisitsOf(code)).map((t) => t.who)).toEqual([MANAGER]);
  // In Chinese: a second order, delivered today.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const second = await openFromCard('customer_order_open', code, MANAGER);
  expect(texts(second)).toContain(
    `交付后，<@${MANAGER}> 会收到一个 3 个工作日内的交付回访任务，代客户负责人 <@${GUEST}>（非本工作区成员）负责。`,
  );
  expect(texts(second)).not.toContain('交付后，客户负责人');
  await app.slack.submitView(second, { date: '2026-11-23', amount: '20000' }, { userId: MANAGER });
  const again = await openFromCard('customer_delivery_open', code, MANAGER);
  expect(texts(again)).toContain(
    `交付后，<@${MANAGER}> 会收到一个 3 个工作日内的交付回访任务，代客户负责人 <@${GUEST}>（非本工作区成员）负责。`,
  );
  expect(texts(again)).not.toContain('交付后，客户负责人');
  const select = (again.blocks as Record<string, any>[]).find((b) => b.block_id === 'order')!;
  const pick = select.element.options.find((o: any) => o.text.text.startsWith('2026-11-23'));
  await app.slack.submitView(
    again,
    { order: pick.value, delivered: '2026-11-24' },
    { userId: MANAGER },
  );
  expect(app.fake.callsTo('response_url').at(-1)!.args.text).toContain(
    `<@${MANAGER}> 会收到一个 3 个工作日内的交付回访任务，代客户负责人 <@${GUEST}>（非本工作区成员）负责。`,
  );
});

test('Record delivery of a delivery exactly 7 days back: recorded before that day’s run or after it, the confirmation says none is planned and the runs plan none; recorded the day before, it promises one and the next run plans it', async () => {
  const { code } = await customer();
  /** Record order of `date`, then Record delivery of it on `delivered`: the confirmation. */
  const recorded = async (date: string, amount: string, delivered: string) => {
    const order = await openFromCard('customer_order_open', code);
    await app.slack.submitView(order, { date, amount }, { userId: OWNER });
    const modal = await openFromCard('customer_delivery_open', code);
    const select = (modal.blocks as Record<string, any>[]).find((b) => b.block_id === 'order')!;
    const pick = select.element.options.find((o: any) => o.text.text.startsWith(date));
    expect(
      (await app.slack.submitView(modal, { order: pick.value, delivered }, { userId: OWNER })).body,
    ).toBe('');
    return String(app.fake.callsTo('response_url').at(-1)!.args.text);
  };
  const none =
    'No revisit is planned for it: the desk plans one only for a delivery of the last 7 days';
  const promised = "the customer's owner gets a revisit within 3 working days.";
  // Monday 23 November, in the evening (Shanghai), after that day's run: delivered on Tuesday
  // 17th, 6 days back: promised.
  app.clock.set('2026-11-23T12:00:00Z');
  expect(await recorded('2026-11-16', '10000', '2026-11-17')).toContain(promised);
  // Tuesday 24th, 00:30 in Shanghai, before that day's run: delivered on the 17th, exactly 7
  // days back: none said.
  app.clock.set('2026-11-23T16:30:00Z');
  expect(await recorded('2026-11-12', '20000', '2026-11-17')).toContain(none);
  await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
  // After the run, the same day: none said either.
  app.clock.set('2026-11-24T03:00:00Z');
  expect(await recorded('2026-11-10', '30000', '2026-11-17')).toContain(none);
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  // Only the one promised is planned.
  const planned = await app.db.models.tasks
    .find({ teamId: FAKE_TEAM_ID, customerCode: code, kind: 'delivery' })
    .lean();
  expect(planned.map((t) => String(t.content))).toEqual([expect.stringContaining('2026-11-16')]);
});
