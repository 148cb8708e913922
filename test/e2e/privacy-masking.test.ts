// Personal data (#12): who sees what of a customer, through the real Bolt path, on every
// surface that shows a customer (card, History, find list, App Home, the Edit form): an agent
// sees the phone, email, birthday, address and commercial figures masked or hidden; the owner
// and an admin see them in clear.
import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { editFirstContact, openContactsList, submitLastModal } from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';
import { tasksJob } from '../../jobs/tasks.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

let code = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER], openDesk: false }));
  const created = await makeCustomer(app, {
    address: '上海市浦东新区张江路 100 号',
    annualRevenue: 1_234_567,
    contractEndDate: '2026-12-10',
    contact: {
      name: '王芳',
      phone: '+8613800138000',
      email: 'wang.fang@example.cn',
      birthday: '05-12',
    },
  });
  code = created.code;
  // A change of the revenue, so History has a commercial line.
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
    annualRevenue: 2_345_678,
  });
});

const CLEAR = ['138 0013 8000', 'wang.fang@example.cn', '2,345,678'];
const MASKED = ['138****8000', 'w***@example.cn'];

function expectClear(text: string) {
  for (const s of CLEAR) expect(text).toContain(s);
  for (const s of MASKED) expect(text).not.toContain(s);
}
function expectMasked(text: string) {
  for (const s of MASKED) expect(text).toContain(s);
  for (const s of [...CLEAR, '13800138000', '2345678', '1,234,567', '2026-12-10'])
    expect(text).not.toContain(s);
}

const card = async (userId: string) =>
  JSON.stringify((await app.slack.command('/customer', code, { userId })).body);

async function history(userId: string) {
  await app.slack.blockAction(
    { action_id: 'customer_history', value: code, block_id: 'customer_actions' },
    { userId },
  );
  return JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args);
}

async function editForm(userId: string) {
  await app.slack.blockAction(
    { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
    { userId },
  );
  const view = app.fake.calls
    .filter((c) => c.method === 'views.open' || c.method === 'views.update')
    .at(-1)!.args.view as { blocks: { block_id?: string; element?: { initial_value?: string } }[] };
  return view;
}

describe('masking on every surface, per role', () => {
  test('customer card: the agent reads 138****8000, w***@example.cn and *** for the revenue; owner and admin in clear', async () => {
    const agent = await card(AGENT);
    expectMasked(agent);
    expect(agent).toContain('***');
    expectClear(await card(OWNER));
    expectClear(await card(ADMIN));
  });

  test('History: the revenue change reads *** for the agent, the figures for the owner and the admin', async () => {
    const agent = await history(AGENT);
    expect(agent).toContain('***');
    expect(agent).not.toContain('2,345,678');
    expect(agent).not.toContain('1,234,567');
    for (const user of [OWNER, ADMIN]) {
      const text = await history(user);
      expect(text).toContain('2,345,678');
      expect(text).toContain('1,234,567');
    }
  });

  test('History: phones and emails typed into notes, stated needs and the needs matrix are masked for the agent, as on the card', async () => {
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.update(owner, code, {
      notes: 'Evenings: 13900139000, or li.na@example.cn',
    });
    await app.desk.services.customers.update(owner, code, {
      notes: 'Evenings: 13600136000',
      needs: {
        stated: 'Call back on 13700137000',
        items: [{ text: 'Quote to buyer@example.cn', urgent: true, important: false }],
      },
    });
    const agent = await history(AGENT);
    for (const clear of [
      '13900139000',
      'li.na@example.cn',
      '13600136000',
      '13700137000',
      'buyer@example.cn',
    ])
      expect(agent).not.toContain(clear);
    for (const masked of [
      '139****9000',
      'l***@example.cn',
      '136****6000',
      '137****7000',
      'b***@example.cn',
    ])
      expect(agent).toContain(masked);
    const ownerHistory = await history(OWNER);
    for (const clear of [
      '13900139000',
      'li.na@example.cn',
      '13600136000',
      '13700137000',
      'buyer@example.cn',
    ])
      expect(ownerHistory).toContain(clear);
  });

  // revcust F1: an upgrade intent and a tier override's reason are typed text too.
  async function overrideAndIntent() {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const reason = 'CEO Zhang (13700137000, zhang.ceo@example.cn) promised key pricing';
    await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, {
      tierOverride: { tier: 'key', reason },
    });
    const customer = await app.desk.services.customers.get(await ctxOf(app, OWNER), code);
    await app.desk.services.customers.recordUpgradeIntent(await ctxOf(app, AGENT), customer, {
      what: 'Pro plan; call Li 13900139000',
      by: AGENT,
      at: app.clock.now(),
    });
  }

  test("card: phones and emails typed into a tier override's reason and an upgrade intent are masked for the agent, in clear for the owner", async () => {
    await overrideAndIntent();
    const agent = await card(AGENT);
    for (const masked of ['promised key pricing', '137****7000', 'z***@example.cn', '139****9000'])
      expect(agent).toContain(masked);
    for (const clear of ['13700137000', 'zhang.ceo@example.cn', '13900139000'])
      expect(agent).not.toContain(clear);
    const owner = await card(OWNER);
    for (const clear of ['13700137000', 'zhang.ceo@example.cn', '13900139000'])
      expect(owner).toContain(clear);
  });

  test("History: phones and emails typed into a tier override's reason and an upgrade intent are masked for the agent, in clear for the owner", async () => {
    await overrideAndIntent();
    const agent = await history(AGENT);
    for (const masked of [
      'promised key pricing',
      '137****7000',
      'z***@example.cn',
      'Pro plan; call Li 139****9000',
    ])
      expect(agent).toContain(masked);
    for (const clear of ['13700137000', 'zhang.ceo@example.cn', '13900139000'])
      expect(agent).not.toContain(clear);
    const owner = await history(OWNER);
    for (const clear of ['13700137000', 'zhang.ceo@example.cn', '13900139000'])
      expect(owner).toContain(clear);
  });

  test('/customer find lists the customer for everyone, with nothing personal in it', async () => {
    for (const user of [AGENT, OWNER, ADMIN]) {
      const text = JSON.stringify(
        (await app.slack.command('/customer', 'find Huadong', { userId: user })).body,
      );
      expect(text).toContain(code);
      expect(text).not.toContain('13800138000');
    }
  });

  test('the Edit form: the agent (service fields) finds the phone masked, and saving untouched keeps it', async () => {
    const agentForm = await editForm(AGENT);
    const phone = (v: typeof agentForm) =>
      v.blocks.find((b) => b.block_id === 'contact_phone')?.element?.initial_value;
    expect(phone(agentForm)).toBe('138****8000');
    expect(
      agentForm.blocks.find((b) => b.block_id === 'contact_email')?.element?.initial_value,
    ).toBe('w***@example.cn');
    await app.slack.submitView(agentForm as never, { region: 'East China' }, { userId: AGENT });
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.contacts[0]!.phone).toBe('+8613800138000');
    expect(stored.region).toBe('East China');
    expect(phone(await editForm(OWNER))).toBe('138 0013 8000');
  });

  test("the Edit form for a manager who may not see this owner's data: the masked contract end opens empty (Slack refuses `***` in a date picker), and saving keeps the date", async () => {
    // Another owner's manager: a manager, so the commercial section, but not this owner's.
    await app.setSettings(() => ({
      managers: [MANAGER, OTHER_MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [OWNER] }],
    }));
    const form = await editForm(OTHER_MANAGER);
    expect(app.fake.violations).toEqual([]);
    const contractEnd = form.blocks.find((b) => b.block_id === 'contract_end') as Record<
      string,
      any
    >;
    expect(contractEnd.element.type).toBe('datepicker');
    expect(contractEnd.element.initial_date).toBeUndefined();
    expect(contractEnd.hint.text).toContain('the date on file stays');
    expect(JSON.stringify(form)).not.toContain('2026-12-10');

    const res = await app.slack.submitView(
      form as never,
      { name: 'Huadong Machinery Group' },
      { userId: OTHER_MANAGER },
    );
    expect(res.body).toBe('');
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.name).toBe('Huadong Machinery Group');
    expect(stored.contractEndDate).toBe('2026-12-10');
    // Her own manager sees the date, in clear.
    const own = await editForm(MANAGER);
    expect(
      (own.blocks.find((b) => b.block_id === 'contract_end') as Record<string, any>).element
        .initial_date,
    ).toBe('2026-12-10');
  });

  test('the Edit form: phones and emails typed into notes and needs open masked for a reader who may not see them; left as shown or edited around a masked number the number stays, a mask standing for no number is refused', async () => {
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.update(owner, code, {
      notes: 'Boss: 13912345678, li.na@example.cn',
      needs: {
        stated: 'Call back on 13712345678',
        items: [{ text: 'Quote to buyer@example.cn', urgent: true, important: false }],
      },
    });
    const CLEAR = ['13912345678', 'li.na@example.cn', '13712345678', 'buyer@example.cn'];
    const initial = (v: Record<string, any>, id: string) =>
      (v.blocks as any[]).find((b) => b.block_id === id)?.element?.initial_value;

    // The agent (service fields: notes) reads the notes as the card shows them.
    const agentForm = await editForm(AGENT);
    for (const clear of CLEAR) expect(JSON.stringify(agentForm)).not.toContain(clear);
    expect(initial(agentForm, 'notes')).toBe('Boss: 139****5678, l***@example.cn');
    // Saved with another field changed, the notes stay whole.
    expect(
      (await app.slack.submitView(agentForm, { region: 'East' }, { userId: AGENT })).body,
    ).toBe('');
    let stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.notes).toBe('Boss: 13912345678, li.na@example.cn');
    // A line added around the masked number keeps the number as stored.
    expect(
      (
        await app.slack.submitView(
          agentForm,
          { notes: 'Boss: 139****5678, l***@example.cn. Prefers mornings' },
          { userId: AGENT },
        )
      ).body,
    ).toBe('');
    stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.notes).toBe('Boss: 13912345678, li.na@example.cn. Prefers mornings');
    // A mask standing for no number on file would be saved as `***`: refused by the service.
    const res = await app.slack.submitView(
      agentForm,
      { notes: 'Boss: 139****0000. Prefers mornings' },
      { userId: AGENT },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        notes:
          'Part of this is still hidden (***): type the whole value again, or leave it exactly as shown to keep it.',
      },
    });
    stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.notes).toBe('Boss: 13912345678, li.na@example.cn. Prefers mornings');

    // A manager of another owner (commercial fields: the needs) reads them masked too.
    await app.setSettings(() => ({
      managers: [MANAGER, OTHER_MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [OWNER] }],
    }));
    const managerForm = await editForm(OTHER_MANAGER);
    for (const clear of CLEAR) expect(JSON.stringify(managerForm)).not.toContain(clear);
    expect(initial(managerForm, 'needs_stated')).toBe('Call back on 137****5678');
    expect(initial(managerForm, 'need_0')).toBe('Quote to b***@example.cn');
    expect(
      (
        await app.slack.submitView(
          managerForm,
          { industry: 'Machinery' },
          { userId: OTHER_MANAGER },
        )
      ).body,
    ).toBe('');
    stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.industry).toBe('Machinery');
    expect(stored.needs!.stated).toBe('Call back on 13712345678');
    expect(stored.needs!.items![0]!.text).toBe('Quote to buyer@example.cn');
    // Her own manager and the owner read them in clear.
    const own = await editForm(MANAGER);
    expect(initial(own, 'notes')).toBe('Boss: 13912345678, li.na@example.cn. Prefers mornings');
    expect(initial(own, 'need_0')).toBe('Quote to buyer@example.cn');
  });

  test('a masked email or phone edited only in part is refused on the field (typed again whole, it is saved)', async () => {
    const agentForm = await editForm(AGENT);
    const res = await app.slack.submitView(
      agentForm as never,
      { contact_email: 'w***@example.com', contact_phone: '139****8000' },
      { userId: AGENT },
    );
    const hint =
      'Part of this is still hidden (***): type the whole value again, or leave it exactly as shown to keep it.';
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { contact_email: hint, contact_phone: hint },
    });
    let stored = (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
    expect([stored.email, stored.phone]).toEqual(['wang.fang@example.cn', '+8613800138000']);

    const whole = await app.slack.submitView(
      agentForm as never,
      { contact_email: 'wang.fang@example.com' },
      { userId: AGENT },
    );
    expect(whole.body).toBe('');
    stored = (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
    expect([stored.email, stored.phone]).toEqual(['wang.fang@example.com', '+8613800138000']);
  });

  test("the Contacts modal's Edit form: the agent finds the contact masked, and saving a changed title keeps the rest", async () => {
    // Opened with a loading view, then updated to the list.
    const opened = await openContactsList(app, code, AGENT);
    const form = await editFirstContact(app, opened, 'V0CONTACTS1', AGENT);
    const initial = (id: string) =>
      (form.blocks as any[]).find((b) => b.block_id === id)?.element?.initial_value;
    expect(initial('contact_phone')).toBe('138****8000');
    expect(initial('contact_email')).toBe('w***@example.cn');
    expect(initial('contact_birthday')).toBe('***');
    // Nowhere in clear (the phone placeholder is an example number, not hers).
    for (const clear of ['13800138000', '8613800138000', 'wang.fang@example.cn', '05-12'])
      expect(JSON.stringify(form)).not.toContain(clear);

    await submitLastModal(app, { contact_title: 'Purchasing manager' }, { userId: AGENT });
    const stored = (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
    expect(stored).toMatchObject({
      phone: '+8613800138000',
      email: 'wang.fang@example.cn',
      birthday: '05-12',
      title: 'Purchasing manager',
    });
  });

  test('customer card: order figures read *** for the agent, and phones typed in tickets and notes are masked', async () => {
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.recordOrder(owner, code, {
      date: '2026-03-02',
      amount: 88_000,
    });
    await app.desk.services.customers.update(owner, code, { notes: 'Evenings: 13900139000' });
    await makeTicket(app, { customerCode: code, title: 'Call back on 13700137000' });

    const agent = await card(AGENT);
    expect(agent).toContain('*Historic total*\\n***');
    expect(agent).toContain('*Last order*\\n***');
    expect(agent).not.toContain('88,000');
    expect(agent).not.toContain('2026-03-02');
    for (const phone of ['13900139000', '13700137000']) expect(agent).not.toContain(phone);
    expect(agent).toContain('139****9000');
    expect(agent).toContain('137****7000');

    const ownerCard = await card(OWNER);
    expect(ownerCard).toContain('*Historic total*\\n88,000 CNY');
    expect(ownerCard).toContain('13900139000');
    expect(ownerCard).toContain('13700137000');
  });

  describe("the phones and emails typed into a contact's title, preferred channel and opt-outs", () => {
    const HINT =
      'Part of this is still hidden (***): type the whole value again, or leave it exactly as shown to keep it.';
    const TYPED_CLEAR = ['13712341234', 'li.na@example.cn', '13900139000'];
    const TYPED_MASKED = ['137****1234', 'l***@example.cn', '139****9000'];
    const STORED = {
      title: 'Buyer 13712341234',
      preferredChannel: 'Email li.na@example.cn',
      optOuts: ['SMS 13900139000'],
    };
    const typedIn = async () => {
      await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
        contact: { ...STORED },
      });
    };
    const storedContact = async () =>
      (await app.db.models.customers.findOne({ code }).lean())!.contacts[0]!;
    const expectTypedMasked = (text: string) => {
      for (const s of TYPED_CLEAR) expect(text).not.toContain(s);
      for (const s of TYPED_MASKED) expect(text).toContain(s);
    };
    const expectTypedClear = (text: string) => {
      for (const s of TYPED_CLEAR) expect(text).toContain(s);
    };

    test('a task\'s "prefers" line masks the preferred channel\'s email for an agent (/task mine, App Home, Done, reminder) and in the overdue list posted to a channel; the owner reads it in clear', async () => {
      await typedIn();
      const ownerCtx = await ctxOf(app, OWNER);
      const task = (assigneeId: string, n: number) =>
        app.desk.services.tasks.createManual(ownerCtx, {
          customerCode: code,
          kind: 'call',
          assigneeId,
          dueDate: '2026-11-24',
          content: `Call about the renewal ${n}`,
          submissionId: `sub-prefers-${n}`,
        });
      await task(AGENT, 1);
      await task(OWNER, 2);
      const mine = async (userId: string) =>
        JSON.stringify((await app.slack.command('/task', 'mine', { userId })).body);
      const agentMine = await mine(AGENT);
      expect(agentMine).toContain('prefers Email l***@example.cn');
      expect(agentMine).not.toContain('li.na@example.cn');
      expect(await mine(OWNER)).toContain('prefers Email li.na@example.cn');
      await app.slack.event({
        type: 'app_home_opened',
        user: AGENT,
        channel: 'D0HOME0001',
        tab: 'home',
      });
      const home = JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
      expect(home).toContain('l***@example.cn');
      expect(home).not.toContain('li.na@example.cn');
      const agentTask = (await app.db.models.tasks
        .findOne({ content: 'Call about the renewal 1' })
        .lean())!;
      await app.slack.blockAction(
        { action_id: 'task_done_open', value: String(agentTask._id) },
        { userId: AGENT },
      );
      const done = JSON.stringify(app.fake.callsTo('views.open').at(-1)!.args.view);
      expect(done).toContain('l***@example.cn');
      expect(done).not.toContain('li.na@example.cn');
      // The morning reminders (each to its executor) and, no manager set, the overdue list to
      // the alerts channel two days on.
      await app.setSettings((s) => ({
        managers: [],
        channels: { ...s.channels, alerts: 'C0ALERTS01' },
      }));
      await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z');
      const dmsTo = (user: string) =>
        JSON.stringify(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === user));
      expect(dmsTo(AGENT)).toContain('l***@example.cn');
      expect(dmsTo(AGENT)).not.toContain('li.na@example.cn');
      expect(dmsTo(OWNER)).toContain('li.na@example.cn');
      await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
      const posts = JSON.stringify(app.fake.postsTo('C0ALERTS01').map((p) => p.args));
      expect(posts).toContain('prefers Email l***@example.cn');
      expect(posts).not.toContain('li.na@example.cn');
    });

    test('the card masks them for the agent, as the phone; the owner reads them in clear', async () => {
      await typedIn();
      expectTypedMasked(await card(AGENT));
      expectTypedClear(await card(OWNER));
    });

    test('History masks them for the agent; the owner reads them in clear', async () => {
      await typedIn();
      expectTypedMasked(await history(AGENT));
      expectTypedClear(await history(OWNER));
    });

    test('the Edit form opens them masked for the agent; left as shown they stay, edited around the mask they are refused on their fields', async () => {
      await typedIn();
      const initial = (v: Record<string, any>, id: string) =>
        (v.blocks as any[]).find((b) => b.block_id === id)?.element?.initial_value;
      const form = await editForm(AGENT);
      expectTypedMasked(JSON.stringify(form));
      expect(initial(form, 'contact_title')).toBe('Buyer 137****1234');
      expect(
        (await app.slack.submitView(form as never, { region: 'East' }, { userId: AGENT })).body,
      ).toBe('');
      expect(await storedContact()).toMatchObject(STORED);
      const res = await app.slack.submitView(
        form as never,
        {
          contact_title: 'Senior buyer 137****1234',
          contact_channel: 'Email l***@example.cn, mornings',
          contact_opt_outs: 'SMS 139****9000, calls',
        },
        { userId: AGENT },
      );
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: { contact_title: HINT, contact_channel: HINT, contact_opt_outs: HINT },
      });
      expect(await storedContact()).toMatchObject(STORED);
      expectTypedClear(JSON.stringify(await editForm(OWNER)));
    });

    test("the Contacts modal's Edit form opens them masked for the agent; a title edited around the mask is refused on it", async () => {
      await typedIn();
      const opened = await openContactsList(app, code, AGENT);
      // The list masks them too.
      expectTypedMasked(JSON.stringify(opened));
      const form = await editFirstContact(app, opened, 'V0CONTACTS2', AGENT);
      expectTypedMasked(JSON.stringify(form));
      const res = await submitLastModal(
        app,
        { contact_title: 'Senior buyer 137****1234' },
        { userId: AGENT },
        { expect: 'any' },
      );
      expect(res.body).toEqual({ response_action: 'errors', errors: { contact_title: HINT } });
      expect(await storedContact()).toMatchObject(STORED);
    });
  });

  test("App Home: the owner's signals name the contract's end; an agent's Home shows none of it", async () => {
    const home = async (user: string) => {
      await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
      return JSON.stringify(app.fake.callsTo('views.publish').at(-1)!.args.view);
    };
    expect(await home(OWNER)).toContain('2026-12-10');
    expect(await home(AGENT)).not.toContain('2026-12-10');
  });
});
