// Orders and what they move on the customer file (stage, cooperation start, annual purchases,
// tier, value class), through the services the Slack modals and the CSV import call, and the
// daily signals run that reads the result.
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { importContacts, importCustomers, importOrders } from '../../src/customer/csv.js';
import { inTerminal } from '../../src/cli/shared.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

// 2026-11-24 10:00 in Shanghai, the workspace's zone.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** Orders imported from CSV (`Customer,Date,Amount` rows) as OWNER, now. */
async function importRows(rows: string[]) {
  const report = await importOrders(
    app.desk.services.customers,
    await ctxOf(app, OWNER, { origin: 'import' }),
    ['Customer,Date,Amount', ...rows].join('\n'),
  );
  expect(report.errors).toEqual([]);
  return report;
}

const stored = (code: string) => app.db.models.customers.findOne({ code }).lean();

/** Records an order through the card's Record order button and modal; the confirmation. */
async function recordOrder(code: string, amount: string) {
  await app.slack.blockAction(
    { action_id: 'customer_order_open', value: code, block_id: 'customer_actions' },
    { userId: OWNER },
  );
  const view = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(view, { amount }, { userId: OWNER });
  expect(res.body).toBe('');
  return String(app.fake.callsTo('response_url').at(-1)!.args.text);
}

const dmText = (user: string) => app.fake.postsTo(user).map((c) => JSON.stringify(c.args.blocks));

describe('a churned customer and its orders', () => {
  test('an order dated before the customer was marked churned (history imported) leaves it churned: no churn warning, win-back or DM follows; an order from that day on brings it back', async () => {
    app.clock.set('2026-01-05T02:00:00Z');
    const { code } = await makeCustomer(app, { name: 'Gone Co', firstContactDate: '2025-11-01' });
    await importRows([`${code},2026-01-05,80000`]);
    // Written off by the owner on 14 August.
    app.clock.set('2026-08-14T03:00:00Z');
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
      lifecycle: 'churned',
    });
    // 24 November: last year's order history is imported.
    app.clock.set('2026-11-24T02:00:00Z');
    expect(await importRows([`${code},2025-12-10,50000`])).toMatchObject({ added: 1 });
    expect(await stored(code)).toMatchObject({ lifecycle: 'churned' });
    const [run] = await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:00Z');
    expect(run!.counts).toMatchObject({ churnRisks: 0 });
    expect(dmText(OWNER)).toEqual([]);
    expect(await app.db.models.tasks.countDocuments({ kind: 'winback' })).toBe(0);
    expect(await stored(code)).toMatchObject({ lifecycle: 'churned' });
    // An order dated the day it was marked churned is a new order: the customer is back.
    app.clock.set('2026-11-25T03:00:00Z');
    await importRows([`${code},2026-08-14,30000`]);
    expect((await stored(code))!.lifecycle).not.toBe('churned');
  });
});

describe('cooperation start: the earliest order', () => {
  /** The card as OWNER sees it (`/customer <code>`), as one string. */
  const cardText = async (code: string) =>
    JSON.stringify((await app.slack.command('/customer', code, { userId: OWNER })).body.blocks);

  test('an import sorted newest first starts the cooperation at its oldest order: 2 years, VIP', async () => {
    const { code } = await makeCustomer(app, { name: 'Long Co', firstContactDate: '2024-05-01' });
    // 1,100,000 in the last 12 months, ordering since June 2024: manual C's VIP.
    await importRows([
      `${code},2026-10-01,500000`,
      `${code},2025-12-01,600000`,
      `${code},2024-06-01,100000`,
    ]);
    expect(await stored(code)).toMatchObject({
      cooperationStartDate: '2024-06-01',
      annualRevenue: 1_100_000,
      valueClass: 'vip',
    });
    const card = await cardText(code);
    expect(card).toContain('*Cooperation*\\n2 years (since 2024-06-01)');
    expect(card).toContain('VIP');
  });

  test('a date a person typed stays; the daily run moves a start fixed at the first order recorded', async () => {
    const typed = await makeCustomer(app, { name: 'Typed Co', firstContactDate: '2024-05-01' });
    await app.desk.services.customers.update(await ctxOf(app, OWNER), typed.code, {
      cooperationStartDate: '2025-03-01',
    });
    await importRows([`${typed.code},2024-06-01,100000`]);
    expect(await stored(typed.code)).toMatchObject({ cooperationStartDate: '2025-03-01' });

    // A file whose start was fixed at its first order recorded (2026-10-01), before the rule.
    const fixed = await makeCustomer(app, { name: 'Fixed Co', firstContactDate: '2024-05-01' });
    await importRows([`${fixed.code},2026-10-01,500000`, `${fixed.code},2024-06-01,100000`]);
    await app.db.models.customers.updateOne(
      { code: fixed.code },
      { $set: { cooperationStartDate: '2026-10-01' } },
    );
    await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:00Z');
    expect(await stored(fixed.code)).toMatchObject({ cooperationStartDate: '2024-06-01' });
    expect(await stored(typed.code)).toMatchObject({ cooperationStartDate: '2025-03-01' });
  });
});

describe('sums of amounts with fen', () => {
  test('orders summing to exactly the key threshold make a key customer: 123,456.09 + 234,567.11 + 141,976.80 = 500,000', async () => {
    const { code } = await makeCustomer(app, { name: 'Fen Co', firstContactDate: '2026-01-05' });
    await importRows([
      `${code},2026-03-02,123456.09`,
      `${code},2026-06-15,234567.11`,
      `${code},2026-09-20,141976.80`,
    ]);
    expect(await stored(code)).toMatchObject({
      annualRevenue: 500_000,
      tier: 'key',
      valueClass: 'high_value',
    });
    const card = JSON.stringify(
      (await app.slack.command('/customer', code, { userId: OWNER })).body.blocks,
    );
    expect(card).toContain('*Historic total*\\n500,000 CNY');
    expect(card).toContain('*Annual purchases*\\n500,000 CNY');
  });
});

describe('the value class follows a revenue typed in', () => {
  /** The modal the app last opened or updated (Edit opens a loading view, then fills it). */
  const lastView = () =>
    app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
      .args.view as Record<string, any>;

  test('Edit and a CSV customer import change it at once, not at the next daily run', async () => {
    const { code } = await makeCustomer(app, {
      name: 'Typed Co',
      firstContactDate: '2026-11-20',
      annualRevenue: 100_000,
    });
    expect(await stored(code)).toMatchObject({ tier: 'normal', valueClass: 'potential' });
    // The owner types 600,000 in the Edit modal: key tier and high-value.
    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const res = await app.slack.submitView(
      lastView(),
      { annual_revenue: '600000' },
      { userId: OWNER },
    );
    expect(res.body, JSON.stringify(res.body)).toBe('');
    expect(await stored(code)).toMatchObject({ tier: 'key', valueClass: 'high_value' });
    const card = JSON.stringify(
      (await app.slack.command('/customer', code, { userId: OWNER })).body.blocks,
    );
    expect(card).toContain('High-value');
    const logged = await app.db.models.customerChanges.findOne({ field: 'valueClass' }).lean();
    expect(logged).toMatchObject({ oldValue: 'potential', newValue: 'high_value', by: OWNER });

    // A spreadsheet: 1,200,000 a year since 2023 makes it VIP; a new row is classed as created.
    const report = await importCustomers(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      'Code,Name,Industry,Source,First contact,Annual revenue,Cooperation start\n' +
        `${code},Typed Co,Retail,referral,2026-11-20,"1,200,000",2023-01-01\n` +
        ',New Co,Retail,referral,2026-11-20,600000,\n',
    );
    expect(report).toMatchObject({ updated: 1, created: 1, errors: [] });
    expect(await stored(code)).toMatchObject({ tier: 'strategic', valueClass: 'vip' });
    const created = await app.db.models.customers.findOne({ name: 'New Co' }).lean();
    expect(created).toMatchObject({ tier: 'key', valueClass: 'high_value' });
  });
});

describe("Record order's confirmation when the order moves the tier", () => {
  test('the first order of a file typed in at 999,999 a year (key) says the tier moved down to normal, and why the figure changed; a next order that moves nothing says the tier as before', async () => {
    const { code } = await makeCustomer(app, { name: 'Estimate Co', annualRevenue: 999_999 });
    expect(await stored(code)).toMatchObject({ tier: 'key' });
    expect(await recordOrder(code, '100000')).toBe(
      `Recorded an order of 100,000 CNY for *Estimate Co* (${code}). Annual purchases, from the orders of the last 12 months: 100,000 CNY; tier moved from Key to Normal.`,
    );
    expect(await stored(code)).toMatchObject({ tier: 'normal', annualRevenue: 100_000 });
    expect(await recordOrder(code, '50000')).toBe(
      `Recorded an order of 50,000 CNY for *Estimate Co* (${code}). Annual purchases: 150,000 CNY; tier: Normal.`,
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await recordOrder(code, '40万')).toBe(
      `已为 *Estimate Co*（${code}）录入 40万元的订单。年采购额（按近 12 个月订单计）：55万元；客户等级由普通客户调整为重点客户。`,
    );
  });
});

describe('Record order in Chinese', () => {
  test('the confirmation sets the amount off from the Chinese only where it starts or ends with a Latin letter or digit', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { code } = await makeCustomer(app, { name: '北京中关村科技' });
    expect(await recordOrder(code, '50万')).toBe(
      `已为 *北京中关村科技*（${code}）录入 50万元的订单。年采购额（按近 12 个月订单计）：50万元；客户等级由普通客户调整为重点客户。`,
    );
    // A workspace keeping its customers in dollars: the amount ends with Latin letters.
    await app.setSettings(() => ({ currency: 'USD' }));
    const dollars = await makeCustomer(app, { name: '深圳腾飞电子' });
    expect(await recordOrder(dollars.code, '1500')).toMatch(
      new RegExp(`^已为 \\*深圳腾飞电子\\*（${dollars.code}）录入 1,500 USD 的订单。`),
    );
  });
});

test('an import by someone with no role (an open desk) is not told to run an export --as them, which is refused: an admin, manager or account manager runs it; someone with a role is given the line', async () => {
  const nobody = 'U0NOBODY01';
  const ctx = await ctxOf(app, nobody, { origin: 'import' });
  expect(ctx.settings.openDesk).toBe(true);
  const hint = async (who: string, locale: 'en' | 'zh-CN') => {
    const r = await importOrders(
      app.desk.services.customers,
      await ctxOf(app, who, { origin: 'import' }),
      'Customer,Date,Amount\nNOPE,2026-01-05,100',
      { locale, instead: (key, params) => inTerminal(key, params, { team: ctx.teamId, as: who }) },
    );
    return r.errors.map((e) => e.reason).join('\n');
  };
  const en = await hint(nobody, 'en');
  expect(en).not.toContain(`--as ${nobody}`);
  expect(en).toContain(
    `${nobody} holds no role on the desk, so ask an admin, a manager or an account manager to run \`npm run customers -- export --team ${ctx.teamId} --out customer-codes.csv\` with --as set to their own Slack user ID`,
  );
  const zh = await hint(nobody, 'zh-CN');
  expect(zh).not.toContain(`--as ${nobody}`);
  expect(zh).toContain('请让管理员、主管或客户经理运行');
  await app.setSettings(() => ({ accountManagers: [OWNER] }));
  expect(await hint(OWNER, 'en')).toContain(
    `\`npm run customers -- export --team ${ctx.teamId} --as ${OWNER} --out customer-codes.csv\``,
  );
});

test('an orders or contacts file with a code column and a name column (客户编号,客户名称): the code finds the customer whatever the name cell says; a row without a code is found by its name', async () => {
  const customer = await makeCustomer(app, { name: '华东机械' });
  const ctx = await ctxOf(app, OWNER, { origin: 'import' });
  const orders = await importOrders(
    app.desk.services.customers,
    ctx,
    '客户编号,客户名称,订单日期,金额,订单号\n' +
      `${customer.code},华东机械有限公司,2026-11-01,1000,N1\n` +
      `${customer.code},,2026-11-02,2000,N2\n` +
      ',华东机械,2026-11-03,3000,N3\n',
  );
  expect(orders).toMatchObject({ added: 3, errors: [], ignoredColumns: [] });
  const contacts = await importContacts(
    app.desk.services.customers,
    ctx,
    `客户编号,客户名称,联系人,职务,手机\n${customer.code},华东机械有限公司,王芳,采购经理,13800138000\n`,
  );
  expect(contacts).toMatchObject({ added: 1, errors: [], ignoredColumns: [] });
  const saved = (await stored(customer.code))!;
  expect(saved.contacts.map((c) => c.name)).toContain('王芳');
});

test('an ERP file whose 客户编号 holds the ERP’s own numbers (10023, not desk codes) and 客户名称 the desk’s name: orders and contacts rows are found by the name (revlandA)', async () => {
  const customer = await makeCustomer(app, { name: '华东机械' });
  const ctx = await ctxOf(app, OWNER, { origin: 'import' });
  const orders = await importOrders(
    app.desk.services.customers,
    ctx,
    '客户编号,客户名称,订单日期,金额,订单号\n' +
      '10023,华东机械,2026-11-01,1000,N1\n' +
      '10024,华东机械有限公司,2026-11-02,2000,N2\n',
  );
  expect(orders).toMatchObject({ added: 1, errors: [{ line: 3 }] });
  // Neither cell names a customer: the name (the cell looked up) is the one said, not 10024.
  expect(orders.errors[0]!.reason).toMatch(/^No customer has the code or name 华东机械有限公司\./);
  const contacts = await importContacts(
    app.desk.services.customers,
    ctx,
    '客户编号,客户名称,联系人,职务,手机\n10023,华东机械,王芳,采购经理,13800138000\n',
  );
  expect(contacts).toMatchObject({ added: 1, errors: [] });
  const saved = (await stored(customer.code))!;
  expect(saved.contacts.map((c) => c.name)).toContain('王芳');
  expect(await app.db.models.orders.countDocuments({ customerId: saved._id })).toBe(1);
});

test('a row whose code cell and name cell name two customers is refused, saying both (en and zh-CN); a desk code no customer has is refused, not attached by the name beside it, saying whose that name is (not to import the customer again)', async () => {
  const huadong = await makeCustomer(app, { name: '华东机械' });
  const jiangnan = await makeCustomer(app, { name: '江南贸易' });
  const ctx = await ctxOf(app, OWNER, { origin: 'import' });
  const csv =
    '客户编号,客户名称,订单日期,金额,订单号\n' +
    `${huadong.code},江南贸易,2026-11-01,1000,N1\n` +
    'C2099999,江南贸易,2026-11-02,2000,N2\n';
  const en = await importOrders(app.desk.services.customers, ctx, csv);
  expect(en).toMatchObject({ added: 0, errors: [{ line: 2 }, { line: 3 }] });
  expect(en.errors[0]!.reason).toBe(
    `This row names two customers: “${huadong.code}” is ${huadong.code} and “江南贸易” is ${jiangnan.code}. Correct the cell that is wrong, or leave it empty, and import the row again.`,
  );
  expect(en.errors[1]!.reason).toBe(
    `No customer has the code C2099999, and “江南贸易” is ${jiangnan.code}. Correct the code, or leave it empty, and import the row again.`,
  );
  const zh = await importContacts(
    app.desk.services.customers,
    ctx,
    `客户编号,客户名称,联系人\n${huadong.code},江南贸易,王芳\nC2099999,江南贸易,王芳\n`,
    { locale: 'zh-CN' },
  );
  expect(zh).toMatchObject({ added: 0, errors: [{ line: 2 }, { line: 3 }] });
  expect(zh.errors[1]!.reason).toBe(
    `没有编号为“C2099999”的客户，而“江南贸易”是 ${jiangnan.code}。请改正编号或将其留空，再导入这一行。`,
  );
  expect(zh.errors[0]!.reason).toBe(
    `这一行指向两个客户：“${huadong.code}”是 ${huadong.code}，“江南贸易”是 ${jiangnan.code}。请改正有误的单元格或将其留空，再导入这一行。`,
  );
  expect(await app.db.models.orders.countDocuments({})).toBe(0);
  expect((await stored(huadong.code))!.contacts).toEqual([]);
  expect((await stored(jiangnan.code))!.contacts).toEqual([]);
});

test("a file's control characters (a header retitling the terminal, a cell clearing it) come back in the report as \\u{1b} escapes, a long quoted cell cut", async () => {
  const ctx = await ctxOf(app, OWNER, { origin: 'import' });
  const long = 'X'.repeat(80);
  const report = await importOrders(
    app.desk.services.customers,
    ctx,
    'Customer,Date,Amount,\u001b]0;owned\u0007X\n' +
      '\u001b[2J\u001b[31mACME,2026-11-01,100,\n' +
      `${long},2026-11-01,100,\n`,
  );
  expect(JSON.stringify(report)).not.toMatch(/\\u001b|\\u0007|\\u009b/);
  expect(report.ignoredColumns).toEqual(['\\u{1b}]0;owned\\u{7}X']);
  expect(report.errors.map((e) => e.line)).toEqual([2, 3]);
  expect(report.errors[0]!.reason).toContain('or name \\u{1b}[2J\\u{1b}[31mACME. ');
  expect(report.errors[1]!.reason).toContain(`or name ${'X'.repeat(59)}…. `);
});

test('a ;-separated file (Excel where the decimal mark is a comma): amounts read with the comma as decimal mark, one that cannot be read so refused with its line, never 1.25 for 1.250', async () => {
  const customer = await makeCustomer(app);
  const ctx = await ctxOf(app, OWNER, { origin: 'import' });
  const orders = await importOrders(
    app.desk.services.customers,
    ctx,
    'Customer;Date;Amount;Order number\n' +
      `${customer.code};2026-11-01;1.250;N1\n` +
      `${customer.code};2026-11-02;12,50;N2\n` +
      `${customer.code};2026-11-03;1.25;N3\n` +
      `${customer.code};2026-11-04;¥ 1.250.000,5;N4\n` +
      `${customer.code};2026-11-05;1,250;N5\n`,
  );
  expect(orders).toMatchObject({ added: 3 });
  expect(orders.errors.map((e) => e.line)).toEqual([4, 6]);
  expect(orders.errors[0]!.reason).toBe(
    'Amount: In a file separated by semicolons an amount has the comma as decimal mark and the point between thousands (`1.250` is 1250, `12,50` is 12.5): 1.25 cannot be read so. Write it as `1250` or `1.250,00`.',
  );
  const amounts = await app.db.models.orders.find({}).lean();
  expect(amounts.map((o) => o.amount).sort((a, b) => a - b)).toEqual([12.5, 1250, 1250000.5]);

  const customers = await importCustomers(
    app.desk.services.customers,
    ctx,
    `Code;Budget\n${customer.code};1.200.000\n`,
  );
  expect(customers).toMatchObject({ updated: 1, errors: [] });
  expect((await stored(customer.code))!.needs?.budget).toBe(1200000);
});
