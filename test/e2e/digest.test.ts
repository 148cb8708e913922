import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { chinaPublicCalendar } from '../../src/workspace/holidays.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { JobLedger } from '../../src/schedule/ledger.js';
import { runDue, runSlot } from '../../src/schedule/runner.js';
import type { ActionParams, Severity, TicketType } from '../../src/ticket/types.js';
import { useTestApp } from '../helpers/app.js';
import { openHome, submitLastModal } from '../helpers/clicks.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { importCustomers, importOrders } from '../../src/customer/csv.js';
import { tasksJob } from '../../jobs/tasks.js';
import { weekContaining } from '../../src/digest/service.js';
import { readPng } from '../helpers/chart.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { repeated, titles } from '../helpers/ui.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { captureLogs } from '../helpers/logs.js';
import { jobDepsOf } from '../../src/app.js';

const AGENT2 = 'U0AGENT002';
const DIGEST = 'C0DIGEST01';

// Shanghai, business hours Mon-Fri 09:00-18:00. Week 48 is Mon 23 - Sun 29 November 2026.
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-16T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const local = (day: number, hhmm: string) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);

/** A ticket of the customer taken in by AGENT at `received`. */
async function ticket(
  customerCode: string,
  severity: Severity,
  type: TicketType,
  received: Date,
): Promise<string> {
  app.clock.set(received);
  return (await makeTicket(app, { customerCode, severity, type })).number;
}

/**
 * An action by `by` at `at`, through the flow (resolving plans the follow-ups). A claim here is
 * also the agent's first answer to the requester (a claim alone no longer is one, #10).
 */
async function actAt(number: string, params: ActionParams, by: string, at: Date) {
  app.clock.set(at);
  await act(app, number, params, by);
  if (params.action === 'claim') await respond(app, number, by);
}

/**
 * A general after-sales ticket of `code` received at `at`, claimed by AGENT 30 minutes on and
 * resolved an hour on (planning its revisit): the revisit task's id.
 */
async function resolvedWithRevisit(code: string, at: Date) {
  const number = await ticket(code, 'general', 'after_sales', at);
  await actAt(number, { action: 'claim' }, AGENT, new Date(at.getTime() + 30 * 60_000));
  await actAt(
    number,
    { action: 'resolve', summary: 'fixed' },
    AGENT,
    new Date(at.getTime() + 60 * 60_000),
  );
  const task = await app.db.models.tasks.findOne({ ticketNumber: number, kind: 'revisit' }).lean();
  return String(task!._id);
}

/** The nightly job's store of November's days (to the 30th, 23:59 in Shanghai), no margin. */
const storeNovember = () =>
  app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, 'Asia/Shanghai', local(30, '23:59'), {
    marginMs: 0,
  });

/**
 * With revisits on days 3 and 30, a general ticket received Fri 20 November 10:00 and resolved:
 * its revisit (due Mon 23) closed by AGENT on Thu 26 as "customer not reached", through the
 * Cancel modal.
 */
async function revisitClosedNotReached() {
  await app.setSettings(() => ({ revisitDays: [3, 30] }));
  app.clock.set(local(16, '09:00'));
  const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
  const task = await resolvedWithRevisit(code, local(20, '10:00'));
  app.clock.set(local(26, '10:00'));
  await app.slack.blockAction({ action_id: 'task_cancel_open', value: task }, { userId: AGENT });
  await submitLastModal(app, { reason: 'not_reached' }, AGENT);
}

/**
 * November's days stored by the nightly job, then the days whose follow-ups' items name `field`
 * made what layout `version` stored: `gone` cut out of their items. The days so made (at least
 * one).
 */
async function novemberStoredAs(version: number, field: string, gone: RegExp) {
  await storeNovember();
  const days = await app.db.models.figuresDaily
    .find({ teamId: FAKE_TEAM_ID, part: 'tasks', items: new RegExp(field) })
    .lean();
  expect(days.length).toBeGreaterThan(0);
  for (const d of days)
    await app.db.models.figuresDaily.updateOne(
      { _id: d._id },
      { $set: { version, items: d.items!.replace(gone, '') } },
    );
  return days;
}

async function completeRevisit(number: string, at: Date, satisfaction: number, nps: number) {
  app.clock.set(at);
  const task = await app.db.models.tasks.findOne({ ticketNumber: number, kind: 'revisit' }).lean();
  await app.desk.services.tasks.complete(await ctxOf(app, AGENT), task!._id as string, () => ({
    interactionType: 'call',
    summary: 'ok',
    solved: true,
    satisfaction,
    nps,
  }));
}

/**
 * An important after-sales ticket of `code` received at 10:00 on November `day`, claimed by AGENT
 * at 10:30 (on time) and resolved at 12:00: its number.
 */
async function resolvedSameDay(code: string, day: number) {
  const number = await ticket(code, 'important', 'after_sales', local(day, '10:00'));
  await actAt(number, { action: 'claim' }, AGENT, local(day, '10:30'));
  await actAt(number, { action: 'resolve', summary: 'fixed' }, AGENT, local(day, '12:00'));
  return number;
}

/** From November `day` 10:00, the customer Huadong (revenue 100,000; `more` added): its code. */
async function huadongFrom(day: number, more: Parameters<typeof makeCustomer>[1] = {}) {
  app.clock.set(local(day, '10:00'));
  const customer = await makeCustomer(app, {
    name: 'Huadong',
    industry: 'x',
    source: 'other',
    annualRevenue: 100_000,
    ...more,
  });
  return customer.code;
}

/** From Mon 23 November 10:00, a customer's ticket resolved on each of November's `days`. */
async function resolvedOn(days: number[]) {
  const code = await huadongFrom(23);
  for (const day of days) await resolvedSameDay(code, day);
}

/**
 * The hand-built weeks. Week 47: T0 (important) received Tue 17 10:00, claimed 10:30, resolved
 * Wed 18 10:00 by the same agent. Week 48:
 * - T1 important, Mon 23 10:00, claimed 10:30 (30 min, on time), resolved 12:00 by AGENT (FCR).
 * - T2 urgent, Tue 24 10:00, claimed 13:00 (180 min > 120: late), reassigned to AGENT2, resolved
 *   Wed 25 10:00 (540 business minutes; not FCR).
 * - T3 general complaint, Thu 26 10:00, never claimed: backlog, overdue (due Fri 09:00).
 * - Revisits done in week 48: T0's on Mon 23 (3/5, NPS 6), T1's on Thu 26 (5/5, NPS 10).
 */
async function handBuiltWeeks() {
  const code = await huadongFrom(17, { lifecycle: 'active' });
  const t0 = await ticket(code, 'important', 'after_sales', local(17, '10:00'));
  await actAt(t0, { action: 'claim' }, AGENT, local(17, '10:30'));
  await actAt(t0, { action: 'resolve', summary: 'fixed' }, AGENT, local(18, '10:00'));
  const t1 = await resolvedSameDay(code, 23);
  const t2 = await ticket(code, 'urgent', 'after_sales', local(24, '10:00'));
  await actAt(t2, { action: 'claim' }, AGENT, local(24, '13:00'));
  await actAt(t2, { action: 'reassign', to: AGENT2 }, AGENT, local(24, '13:30'));
  await actAt(t2, { action: 'resolve', summary: 'fixed' }, AGENT2, local(25, '10:00'));
  await ticket(code, 'general', 'complaint', local(26, '10:00'));
  await completeRevisit(t0, local(23, '15:00'), 3, 6);
  await completeRevisit(t1, local(26, '15:00'), 5, 10);
  return code;
}

const runAt = (iso: string, instances?: string[]) => runJobAt(app, digestJob, iso, instances);

const digestPosts = () => app.fake.postsTo(DIGEST);

/** November's monthly report (Tuesday 1 December), the calls before it forgotten: its post. */
async function novemberReport() {
  app.fake.reset();
  await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z');
  return digestPosts()[0]!;
}

/** The digest's fields, label -> the lines under it. */
function fields(message: { args: Record<string, unknown> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of message.args.blocks as any[]) {
    for (const f of block.fields ?? []) {
      const [label, ...rest] = (f.text as string).split('\n');
      out[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  }
  return out;
}

/** The note (a context block) under a section's figures, if any. */
function noteUnder(message: { args: Record<string, unknown> }, title: string): string | undefined {
  const blocks = message.args.blocks as any[];
  const at = blocks.findIndex((b) => b.text?.text === `*${title}*`);
  expect(at, `section ${title}`).toBeGreaterThanOrEqual(0);
  const next = blocks[at + 2];
  return next?.type === 'context' ? (next.elements[0].text as string) : undefined;
}

describe('weekly KPI digest', () => {
  test('in Chinese: a figure and its change read as Chinese writes them, no space before the full-width bracket', async () => {
    await handBuiltWeeks();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runAt('2026-11-30T01:00:00Z');
    const shown = fields(digestPosts()[0]!);
    expect(shown['新建']).toBe('3（较上周 +2）');
    expect(shown['首次响应及时率']).toBe('50.0%（较上周 −50 个百分点） | ⚠️ 目标 95%');
    expect(shown['首次响应中位数（工作时间；全天候计时的工单按自然时间）']).toBe(
      '1 小时 45 分钟（较上周 +1 小时 15 分钟）',
    );
    // Each line of a field (the helper joins them with ' | ').
    expect(
      Object.values(shown).filter((v) => v.split(' | ').some((line) => line.includes(' （'))),
    ).toEqual([]);
  });

  test('the notification text headlines the worse SLA rate: first responses all late, resolutions all on time', async () => {
    app.clock.set(local(23, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Urgent (first response due in 2 h), answered after 3 h, resolved within its day.
    const late = await ticket(code, 'urgent', 'after_sales', local(23, '10:00'));
    await actAt(late, { action: 'claim' }, AGENT, local(23, '13:00'));
    await actAt(late, { action: 'resolve', summary: 'fixed' }, AGENT, local(23, '15:00'));
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runAt('2026-11-30T01:00:00Z');
    expect(digestPosts()[0]!.args.text).toBe(
      '每周 KPI 摘要 · 2026 年第 48 周（2026-11-23 至 2026-11-29）：新建工单 1 张，已解决 1 张；首次响应及时率 0.0%，SLA 内解决率 100.0%；流失预警 0 家',
    );
  });

  test('no heading reads twice in a row: the complaints opened head the Complaints section', async () => {
    await handBuiltWeeks();
    await runAt('2026-11-30T01:00:00Z');
    const en = titles(digestPosts()[0]!);
    expect(repeated(en)).toEqual([]);
    expect(en.slice(en.indexOf('Complaints'), en.indexOf('Complaints') + 2)).toEqual([
      'Complaints',
      'Complaints opened',
    ]);
    expect(en.slice(0, 7)).toEqual([
      'Tickets',
      'Opened',
      'Logged over 1 h after receipt',
      'Resolved',
      'Backlog at week end',
      'Overdue at week end',
      'Complaints',
    ]);
  });

  test('in Chinese too: no heading reads twice in a row', async () => {
    await handBuiltWeeks();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runAt('2026-11-30T01:00:00Z');
    const zh = titles(digestPosts()[0]!);
    expect(repeated(zh)).toEqual([]);
    expect(zh.slice(zh.indexOf('投诉'), zh.indexOf('投诉') + 2)).toEqual(['投诉', '新增投诉']);
  });

  test('in Chinese: each satisfaction score and share says how many answers it is over', async () => {
    await handBuiltWeeks();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runAt('2026-11-30T01:00:00Z');
    const shown = fields(digestPosts()[0]!);
    expect(shown['满意度（百分制）']).toBe('80 | 共 2 份回答 | ⚠️ 目标 90');
    expect(shown['NPS']).toBe('0 | 共 2 份回答 | ⚠️ 目标 85');
    expect(shown['非常满意占比']).toBe('50.0% | 共 2 份回答 | ✅ 目标 30%');
  });

  test('Monday 09:00: the figures of last week with the change and targets, and the chart in its thread', async () => {
    await handBuiltWeeks();
    const [run] = await runAt('2026-11-30T01:00:00Z', ['a', 'b', 'c']);
    expect(run!.counts).toEqual({ queued: 1 });
    expect(digestPosts()).toHaveLength(1);
    const post = digestPosts()[0]!;
    expect(post.args.text).toBe(
      'Weekly KPI digest · 2026-W48 (2026-11-23 – 2026-11-29): 3 new tickets, 2 resolved; first responses on time: 50.0%, resolutions within SLA: 100.0%; 0 churn warnings',
    );
    expect(fields(post)).toEqual({
      Opened: '3 (+2 vs last week)',
      'Logged over 1 h after receipt': '0 (±0 vs last week)',
      Resolved: '2 (+1 vs last week)',
      'Backlog at week end': '1 (+1 vs last week)',
      'Overdue at week end': '1 (+1 vs last week)',
      // The complaints section (#12): T3 is the one complaint of 3 tickets of one customer.
      'Complaints opened': '1 (+1 vs last week)',
      'Complaints per customer served': '100.0% (+100 pts vs last week)',
      'Complaints per 100 tickets': '33.3 (+33.3 vs last week)',
      'Open complaints': '1 (+1 vs last week)',
      'Complaint targets missed': '0 (±0 vs last week)',
      'Complaint contacts missed, customer not reached after trying': '0 (±0 vs last week)',
      'Repeat complaints (90 days)': '0 (±0 vs last week)',
      'First response on time': '50.0% (−50 pts vs last week) | ⚠️ target 95%',
      'Resolved within 72 h': '100.0% (±0 pts vs last week) | ✅ target 95%',
      'Resolved within SLA': '100.0% (±0 pts vs last week)',
      'Next replies on time': '–',
      'First-contact resolution': '50.0% (−50 pts vs last week) | ⚠️ target 85%',
      'Median first response (business time; 24x7 tickets around the clock)':
        '1 h 45 min (+1 h 15 min vs last week)',
      'Median resolution (business time; 24x7 tickets around the clock)':
        '5 h 30 min (−3 h 30 min vs last week)',
      // No requester in Slack here: no survey went out; the revisit calls' scores stand apart.
      'Satisfaction, survey (of 100)': '–',
      'NPS, survey': '–',
      'Survey response rate': '–',
      // Each score says how many answers it is over.
      'Satisfaction (of 100)': '80 | of 2 answers | ⚠️ target 90',
      NPS: '0 | of 2 answers | ⚠️ target 85',
      'Very satisfied': '50.0% | of 2 answers | ✅ target 30%',
      // Due in W48: T0's revisit (day 3 a Saturday: due Mon 23, done then) and guide (not done),
      // T1's revisit (done on time); T2's (Sat 28) is due Mon 30. None was due in W47.
      'Follow-ups done on time': '66.7% | (2 of 3)',
      'New customers': '0 (±0 vs last week)',
      // W47's customer, first contacted (2026-01-05) before the desk's first record (its own), is
      // history the team brought: not recorded late.
      'Recorded after 24 h': '0 (±0 vs last week)',
      'Interactions logged after 24 h': '0 (±0 vs last week)',
      'Churn warnings': '0 (±0 vs last week)',
      'Upgrade intents handed to sales': '0 (±0 vs last week)',
      Churned: '0 (±0 vs last week)',
      Retention: '100.0% (±0 pts vs last week)',
      // No signals run has computed the low churn risk class yet: not known, not 0.
      'Low-risk customers': '–',
    });
    const text = JSON.stringify(post.args.blocks);
    expect(text).toContain('strategic 0 · key 0 · normal 1');
    // Per agent: AGENT gave T1's first response on time and T2's late (before handing T2 to
    // AGENT2), resolved T1 at first contact in 2 business hours and did both revisits; AGENT2
    // resolved T2, handed over, in 9 business hours, answered nothing first and has no rating
    // (those figures are left out, not "–").
    expect(text).toContain(
      `<@${AGENT}>: 1 resolved · 100.0% within SLA · first responses on time 50.0% · first-contact resolution 100.0% · handling time 2 h · satisfaction 80 · 2 follow-ups done`,
    );
    expect(text).toContain(
      `<@${AGENT2}>: 1 resolved · 100.0% within SLA · first-contact resolution 0.0% · handling time 9 h"`,
    );

    // The chart: after the message, the two-step upload of a PNG with its alt text, shared
    // into the digest's thread (W47 and W48 have figures: two weeks, enough for a chart).
    const [url] = app.fake.callsTo('files.getUploadURLExternal');
    expect(url!.args).toMatchObject({ filename: 'kpi-2026-W48.png' });
    expect(String(url!.args.alt_text)).toMatch(
      /^Line chart of 2 weeks to 2026-W48\. Latest week: First response on time 50% \(target 95%\), /,
    );
    expect(app.fake.calls.indexOf(url!)).toBeGreaterThan(app.fake.calls.indexOf(post));
    const png = readPng([...app.fake.uploads.values()][0]!);
    expect([png.width, png.height]).toEqual([1600, 920]);
    expect(app.fake.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({
      channel_id: DIGEST,
      thread_ts: post.answer!.ts,
      files: [{ title: 'KPI trend up to 2026-W48' }],
    });
    expect(JSON.stringify(post.args.blocks)).not.toContain('trend chart comes');
    const stored = await app.db.models.digests.find({}).sort({ week: 1 }).lean();
    expect(stored.map((d) => d.week)).toEqual([
      '2026-W41',
      '2026-W42',
      '2026-W43',
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
    ]);
    expect(stored.at(-1)!.post).toMatchObject({ channel: DIGEST });
  });

  test("a customer first contacted on Friday and recorded on Tuesday, after the week's digest went out, and a file imported late are new customers of the week they were recorded, once", async () => {
    // The desk's first customer, first contacted and recorded on Monday 16 November.
    app.clock.set(local(16, '10:00'));
    await makeCustomer(app, { name: 'Huadong', source: 'other', firstContactDate: '2026-11-16' });
    await runAt('2026-11-23T01:00:00Z');
    expect(fields(digestPosts()[0]!)['New customers']).toBe('1 (+1 vs last week)');
    // Tuesday 24: a customer first contacted on Friday 20 is recorded in Slack, 4 days late.
    app.clock.set(local(24, '10:00'));
    await makeCustomer(app, {
      name: 'Late Co',
      source: 'referral',
      firstContactDate: '2026-11-20',
    });
    // Wednesday 25: an import brings a lead first contacted on the 18th, and a customer of 2025
    // (history: before the desk's first record, not a new customer).
    app.clock.set(local(25, '10:00'));
    const imported = await importCustomers(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      'Name,Industry,Source,First contact,Owner\n' +
        `Expo Co,Retail,online_expo,2026-11-18,${OWNER}\n` +
        `Old Co,Retail,other,2025-06-01,${OWNER}\n`,
    );
    expect(imported).toMatchObject({ created: 2, errors: [] });
    app.fake.reset();

    await runAt('2026-11-30T01:00:00Z');
    expect(fields(digestPosts()[0]!)).toMatchObject({
      'New customers': '2 (+1 vs last week)',
      'Recorded after 24 h': '1 (+1 vs last week)',
    });
    // W47 rebuilt now still counts its one customer: nobody is new twice.
    const rebuilt = await app.desk.services.digests.figures(
      await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' }),
      [weekContaining('2026-11-16', 'Asia/Shanghai')],
      ['2026-W47'],
    );
    expect(rebuilt.get('2026-W47')!.newCustomers).toBe(1);
  });

  test('"Churn warnings" counts the customers warned in the week, each once: one warned, lifted and warned again is one; the same in the monthly report', async () => {
    app.clock.set(local(16, '10:00'));
    const { code: twice } = await makeCustomer(app, {
      name: 'Twice Co',
      source: 'other',
      lifecycle: 'active',
      competitorContact: true,
    });
    const { code: once } = await makeCustomer(app, {
      name: 'Once Co',
      source: 'other',
      lifecycle: 'active',
    });
    const owner = () => ctxOf(app, OWNER);
    const lifecycle = async (code: string) =>
      (await app.db.models.customers.findOne({ code }).lean())!.lifecycle;
    // Monday 23: the competitor contact on file is a churn warning.
    await runJobAt(app, customerSignalsJob, '2026-11-23T01:00:00Z');
    expect(await lifecycle(twice)).toBe('churn_warning');
    // Tuesday 24: the flag is cleared; Wednesday's run lifts the warning.
    app.clock.set(local(24, '10:00'));
    await app.desk.services.customers.update(await owner(), twice, { competitorContact: false });
    await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:00Z');
    expect(await lifecycle(twice)).toBe('stable');
    // Wednesday 25: a competitor contact on both; Thursday's run warns both.
    app.clock.set(local(25, '10:00'));
    for (const code of [twice, once])
      await app.desk.services.customers.update(await owner(), code, { competitorContact: true });
    await runJobAt(app, customerSignalsJob, '2026-11-26T01:00:00Z');
    expect([await lifecycle(twice), await lifecycle(once)]).toEqual([
      'churn_warning',
      'churn_warning',
    ]);
    // Three warnings logged in the week, of two customers.
    expect(
      await app.db.models.customerChanges.countDocuments({
        field: 'lifecycle',
        newValue: 'churn_warning',
      }),
    ).toBe(3);

    app.fake.reset();
    await runAt('2026-11-30T01:00:00Z');
    expect(fields(digestPosts()[0]!)['Churn warnings']).toBe('2 (+2 vs last week)');

    // November's report (Tuesday 1 December), built the same way: two customers warned.
    expect(fields(await novemberReport())['Churn warnings']).toBe('2 (+2 vs 2026-10)');
  });

  test('the per-tier line says it counts buying customers and how many prospects it leaves out, next to the new customers that count them; the same in the monthly report', async () => {
    app.clock.set(local(24, '10:00'));
    const file = (name: string, fields: Record<string, unknown>) =>
      makeCustomer(app, { name, source: 'other', firstContactDate: '2026-11-24', ...fields });
    await file('Key Co', { lifecycle: 'active', annualRevenue: 600_000 });
    await file('Normal Co', { lifecycle: 'active', annualRevenue: 100_000 });
    for (const name of ['Lead 1', 'Lead 2', 'Lead 3']) await file(name, { lifecycle: 'prospect' });

    app.fake.reset();
    await runAt('2026-11-30T01:00:00Z');
    const post = digestPosts()[0]!;
    expect(fields(post)['New customers']).toBe('5 (+5 vs last week)');
    const notes = (post.args.blocks as any[])
      .filter((b) => b.type === 'context')
      .map((b) => b.elements[0].text as string);
    expect(notes).toContain(
      'Customers per tier (buying customers only; 3 prospects not counted): strategic 0 · key 1 · normal 1. Tier changes this week: 0 up, 0 down.',
    );

    // November's report: its per-tier section says the same.
    const report = await novemberReport();
    const headings = (report.args.blocks as any[]).map((b) => b.text?.text as string | undefined);
    expect(headings).toContain('*Per tier (buying customers only; 3 prospects not counted)*');
    expect(JSON.stringify(report.args.blocks)).toContain('*Key*: 1 customer (50.0%)');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.reset();
    await runAt('2026-12-07T01:00:00Z');
    const zh = (digestPosts()[0]!.args.blocks as any[])
      .filter((b) => b.type === 'context')
      .map((b) => b.elements[0].text as string);
    expect(zh).toContain(
      '各等级客户（仅计成交客户，另有 3 家意向客户未计入）：战略 0 · 重点 1 · 普通 1。本周等级变化：上调 0，下调 0。',
    );
  });

  test('scores typed on a care call stay out of "Satisfaction logged on revisit calls": only the follow-ups of a resolution count', async () => {
    const code = await handBuiltWeeks();
    // Tue 24: the owner's care call on the customer, closed from its Done modal with scores.
    app.clock.set(local(24, '09:00'));
    const call = await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
      customerCode: code,
      kind: 'call',
      assigneeId: OWNER,
      dueDate: '2026-11-24',
      content: 'Care call',
      submissionId: 'care-call',
    });
    app.clock.set(local(24, '16:00'));
    await app.slack.blockAction({ action_id: 'task_done_open', value: call.id }, { userId: OWNER });
    await submitLastModal(
      app,
      { type: 'call', summary: 'Unhappy with the prices', satisfaction: '1', nps: '0' },
      OWNER,
    );

    await runAt('2026-11-30T01:00:00Z');
    const shown = fields(digestPosts()[0]!);
    // The revisits of T0 (3, NPS 6) and T1 (5, NPS 10), as without the call.
    expect(shown['Satisfaction (of 100)']).toBe('80 | of 2 answers | ⚠️ target 90');
    expect(shown.NPS).toBe('0 | of 2 answers | ⚠️ target 85');
    expect(shown['Very satisfied']).toBe('50.0% | of 2 answers | ✅ target 30%');
  });

  test('a revisit moved once it was late and done on its new day is late, however and by whom it moved; one moved before its day counts from the new one; the moves are counted', async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ revisitDays: [3, 30], managers: [MANAGER] }));
    app.clock.set(local(16, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    const resolved = (at: Date) => resolvedWithRevisit(code, at);
    /** Change due date, through its button and modal, by `userId` at `at`. */
    const move = async (taskId: string, due: string, userId: string, at: Date) => {
      app.clock.set(at);
      await app.slack.blockAction({ action_id: 'task_due_open', value: taskId }, { userId });
      await submitLastModal(app, { due }, userId);
    };
    const done = async (taskId: string, at: Date) => {
      app.clock.set(at);
      await app.desk.services.tasks.complete(await ctxOf(app, AGENT), taskId, () => ({
        interactionType: 'call',
        summary: 'ok',
        solved: true,
      }));
    };
    // A and C resolved Fri 20 November: revisits due Mon 23. B resolved Tue 24: due Fri 27.
    const a = await resolved(local(20, '10:00'));
    const c = await resolved(local(20, '14:00'));
    const b = await resolved(local(24, '10:00'));
    // Wed 25, two days late: the agent moves A to Thursday and does it then (late, not on time).
    await move(a, '2026-11-26', AGENT, local(25, '10:00'));
    await done(a, local(26, '11:00'));
    // Wed 25, before B's day: a manager moves it to Saturday 28; done then, on time.
    await move(b, '2026-11-28', MANAGER, local(25, '11:00'));
    await done(b, local(28, '10:00'));
    // Fri 27, four days late: a manager moves C to next week; it stays due (and late) in W48.
    await move(c, '2026-12-01', MANAGER, local(27, '10:00'));

    app.fake.reset();
    await runAt('2026-11-30T01:00:00Z');
    const post = digestPosts()[0]!;
    // Due in the week: A and C (Mon 23), B (Sat 28); B alone done by its day.
    expect(fields(post)['Follow-ups done on time']).toBe('33.3% | (1 of 3)');
    expect(noteUnder(post, 'Satisfaction logged on revisit calls, and follow-up')).toBe(
      '3 follow-ups moved to a later day',
    );
    expect(await app.db.models.digests.findOne({ week: '2026-W48' }).lean()).toMatchObject({
      figures: { revisitsDue: 3, followUpsMoved: 3 },
    });

    // November's report (Tuesday 1 December), from the days the nightly job stored, judges
    // them the same way.
    await storeNovember();
    expect(fields(await novemberReport())['Follow-ups done on time']).toBe('33.3% | (1 of 3)');
  });

  test('follow-ups closed as "customer not reached" are said beside the on-time share they leave, in the digest and the monthly report; they rate nothing', async () => {
    await app.setSettings(() => ({ revisitDays: [3, 30] }));
    app.clock.set(local(16, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    const resolved = (at: Date) => resolvedWithRevisit(code, at);
    // A, B and C resolved Fri 20 November: revisits due Mon 23.
    const a = await resolved(local(20, '10:00'));
    const b = await resolved(local(20, '11:00'));
    const c = await resolved(local(20, '14:00'));
    // A done on its day, rated.
    app.clock.set(local(23, '15:00'));
    await app.desk.services.tasks.complete(await ctxOf(app, AGENT), a, () => ({
      interactionType: 'call',
      summary: 'ok',
      solved: true,
      satisfaction: 4,
      nps: 8,
    }));
    // B and C, late, closed by their executor alone as "customer not reached" (Cancel task…).
    for (const id of [b, c]) {
      app.clock.set(local(26, '10:00'));
      await app.slack.blockAction({ action_id: 'task_cancel_open', value: id }, { userId: AGENT });
      await submitLastModal(app, { reason: 'not_reached' }, AGENT);
      expect(await app.db.models.tasks.findById(id).lean()).toMatchObject({
        status: 'cancelled',
        cancelReason: 'not_reached',
      });
    }

    app.fake.reset();
    await runAt('2026-11-30T01:00:00Z');
    const shown = fields(digestPosts()[0]!);
    // Out of the share (A alone was due), and said beside it: two follow-ups, of one customer.
    expect(shown['Follow-ups done on time']).toBe(
      '100.0% | (1 of 1) | 2 follow-ups: customer not reached',
    );
    // And on the line of the agent who closed them so (A done by them too, rated 4).
    expect(JSON.stringify(digestPosts()[0]!.args.blocks)).toContain(
      `<@${AGENT}>: satisfaction 80 · 1 follow-up done · 2 follow-ups: customer not reached"`,
    );
    // The satisfaction is A's answer alone.
    expect(shown['Satisfaction (of 100)']).toBe('80 | of 1 answer | ⚠️ target 90');
    expect(await app.db.models.digests.findOne({ week: '2026-W48' }).lean()).toMatchObject({
      figures: { revisitsDue: 1, followUpsNotReached: 2, satisfactionResponses: 1 },
    });

    // November's report (Tuesday 1 December) says them too.
    await storeNovember();
    expect(fields(await novemberReport())['Follow-ups done on time']).toBe(
      '100.0% | (1 of 1) | 2 follow-ups: customer not reached',
    );
    expect(JSON.stringify(digestPosts()[0]!.args.blocks)).toContain(
      `<@${AGENT}>: 3 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 1 h · satisfaction 80 · 1 follow-up done · 2 follow-ups: customer not reached"`,
    );
  });

  test('a day the nightly job stored before follow-ups kept why they were cancelled (layout 10) is read again: the monthly report says the customer not reached, and the next night stores it anew', async () => {
    // Resolved Fri 20 November: its revisit due Mon 23, closed as "customer not reached".
    await revisitClosedNotReached();

    // The nightly job stores November's days; then they are made what the version before
    // cancelReason stored: layout 10, the task without why it was cancelled.
    const days = await novemberStoredAs(10, 'cancelReason', /,"cancelReason":"not_reached"/g);
    const refresh = (at: Date) =>
      app.desk.services.dailyFigures.refresh(FAKE_TEAM_ID, 'Asia/Shanghai', at, { marginMs: 0 });

    expect(fields(await novemberReport())['Follow-ups done on time']).toBe(
      '– | 1 follow-up: customer not reached',
    );
    // The next night's job stores those days again, in this layout, with the reason.
    expect((await refresh(new Date('2026-12-01T16:30:00Z'))).tasks).toBeGreaterThanOrEqual(
      days.length,
    );
    const again = await app.db.models.figuresDaily.findById(days[0]!._id).lean();
    expect(again!.version).not.toBe(10);
    expect(again!.items).toContain('"cancelReason":"not_reached"');
  });

  test("a day the nightly job stored before follow-ups kept who closed them (layout 11) is read again: the monthly report says on the agent's line the follow-up they closed as customer not reached", async () => {
    // Resolved Fri 20 November: its revisit due Mon 23, closed by the agent as not reached.
    await revisitClosedNotReached();

    // The nightly job stores November's days; then they are made what layout 11 stored: the
    // task without who cancelled it.
    await novemberStoredAs(11, 'cancelledBy', /,"cancelledBy":"[^"]*"/g);

    app.fake.reset();
    await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z');
    const line = JSON.stringify(digestPosts()[0]!.args.blocks).match(/<@U0AGENT001>: [^"]*/);
    expect(line?.[0]).toMatch(
      /^<@U0AGENT001>: 1 resolved · .* · 1 follow-up: customer not reached$/,
    );
  });

  test("delivery revisits and progress notes count as follow-ups: on time, not reached, a week's note superseded as missed, each person's done", async () => {
    app.clock.set(local(16, '09:00'));
    const { code } = await makeCustomer(app, {
      name: 'Project Co',
      lifecycle: 'active',
      contact: { name: '王芳', optOuts: [] },
    });
    // A project running to the year's end; two orders delivered on Friday 20 November.
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
      projectUntil: '2026-12-31',
    });
    app.clock.set(local(20, '18:00'));
    await importOrders(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      [
        'Customer,Date,Amount,Order number,Delivered',
        `${code},2026-11-10,50000,SO-A,2026-11-20`,
        `${code},2026-11-11,60000,SO-B,2026-11-20`,
      ].join('\n'),
    );
    // Monday's run plans both revisits (due Wed 25) and the week's note (due Wed 25).
    await runJobAt(app, tasksJob, '2026-11-23T01:00:00Z');
    const tasks = await app.db.models.tasks
      .find({ customerCode: code, kind: trusted({ $in: ['delivery', 'progress'] }) })
      .sort({ kind: 1, content: 1 })
      .lean();
    expect(tasks.map((t) => [t.kind, t.dueDate])).toEqual([
      ['delivery', '2026-11-25'],
      ['delivery', '2026-11-25'],
      ['progress', '2026-11-25'],
    ]);
    const [revisitA, revisitB] = tasks.map((t) => String(t._id));
    // A's revisit done on Tuesday by the owner.
    app.clock.set(local(24, '15:00'));
    await app.desk.services.tasks.complete(await ctxOf(app, OWNER), revisitA!, () => ({
      interactionType: 'call',
      summary: 'all delivered, in use',
    }));
    // B's customer never picked up: closed by the owner as "customer not reached" (Cancel task…).
    app.clock.set(local(26, '10:00'));
    await app.slack.blockAction(
      { action_id: 'task_cancel_open', value: revisitB! },
      { userId: OWNER },
    );
    await submitLastModal(app, { reason: 'not_reached' }, OWNER);
    expect(await app.db.models.tasks.findById(revisitB).lean()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'not_reached',
    });
    // The week's note was never sent: next Monday's run cancels it, the new week's taking its place.
    await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
    await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
    expect(
      await app.db.models.tasks.findOne({ kind: 'progress', dueDate: '2026-11-25' }).lean(),
    ).toMatchObject({ status: 'cancelled', cancelReason: 'superseded' });

    app.fake.reset();
    await runAt('2026-11-30T01:00:00Z');
    const shown = fields(digestPosts()[0]!);
    // Due: A's revisit (on time) and the note (missed); B's said beside the share.
    expect(shown['Follow-ups done on time']).toBe(
      '50.0% | (1 of 2) | 1 follow-up: customer not reached',
    );
    const stored = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
    expect(stored).toMatchObject({
      figures: { revisitsDue: 2, revisitsOnTime: 0.5, followUpsNotReached: 1 },
    });
    // The owner's follow-up done is theirs (domain 6: per person, follow-ups done), as is the
    // one they closed as not reached.
    expect(
      (stored!.figures as { perAgent: { agentId: string; followUpsDone: number }[] }).perAgent,
    ).toContainEqual(
      expect.objectContaining({ agentId: OWNER, followUpsDone: 1, followUpsNotReached: 1 }),
    );

    // November's report (Tuesday 1 December) counts them alike.
    await storeNovember();
    expect(fields(await novemberReport())['Follow-ups done on time']).toBe(
      '50.0% | (1 of 2) | 1 follow-up: customer not reached',
    );
  });

  test('in Chinese: the follow-ups moved in the week are counted; a week without a move says nothing of it', async () => {
    await handBuiltWeeks();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runAt('2026-11-30T01:00:00Z');
    expect(noteUnder(digestPosts()[0]!, '回访记录的满意度与跟进')).toBeUndefined();
    // The customer's one check-in (due 18 December; T2's resolution joined it) moved by its
    // executor on Wed 2 December, to the 28th.
    const checkin = await app.db.models.tasks
      .findOne({ kind: 'checkin' })
      .sort({ dueDate: -1 })
      .lean();
    expect(checkin!.dueDate).toBe('2026-12-18');
    app.clock.set('2026-12-02T02:00:00Z');
    const userId = checkin!.assigneeId;
    await app.slack.blockAction({ action_id: 'task_due_open', value: checkin!._id }, { userId });
    await submitLastModal(app, { due: '2026-12-28' }, userId);
    await runAt('2026-12-07T01:00:00Z');
    expect(noteUnder(digestPosts()[0]!, '回访记录的满意度与跟进')).toBe(
      '1 个跟进任务改到了更晚的日期',
    );
  });

  test('a desk that drew the chart before, then had eight quiet weeks, is told none of the last 8 weeks has figures: not that the chart comes once there are two weeks (so far: 0)', async () => {
    await resolvedOn([23, 30]);
    // Week 49's digest (Monday 7 December): two weeks of figures, the chart in its thread.
    await runAt('2026-12-07T01:00:00Z');
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    // Eight weeks without a ticket: 2027-W01 to W08. Monday 1 March, the digest of W08.
    await runAt('2027-03-01T01:00:00Z');
    const post = digestPosts()[0]!;
    expect(post.args.text).toContain('2027-W08');
    const notes = (post.args.blocks as any[])
      .filter((b) => b.type === 'context')
      .map((b) => b.elements[0].text as string);
    expect(notes.at(-1)).toBe(
      'No trend chart this week: none of the last 8 weeks has figures to draw.',
    );
    expect(JSON.stringify(post.args.blocks)).not.toContain('so far: 0');
    expect(app.fake.callsTo('files.getUploadURLExternal')).toEqual([]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runJobAt(app, digestJob, '2027-03-08T01:00:00Z');
    const zh = digestPosts()[0]!.args.blocks as any[];
    expect(zh.filter((b) => b.type === 'context').at(-1).elements[0].text).toBe(
      '本周没有趋势图：近 8 周都没有可绘制的数据。',
    );
  });

  test('a first digest with less than two weeks of figures says the chart comes later, and uploads none', async () => {
    await resolvedOn([23]);
    await runAt('2026-11-30T01:00:00Z');
    const post = digestPosts()[0]!;
    expect(fields(post)['First response on time']).toBe('100.0% | ✅ target 95%');
    const blocks = post.args.blocks as { type: string; elements?: { text: string }[] }[];
    expect(blocks.at(-1)).toMatchObject({
      type: 'context',
      elements: [
        {
          text: 'The trend chart comes once there are two weeks of figures (weeks with figures so far: 1).',
        },
      ],
    });
    expect(app.fake.callsTo('files.getUploadURLExternal')).toEqual([]);
    const week = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
    expect(week!.post).toMatchObject({ channel: DIGEST });
    expect(week!.post!.chartFileId).toBeUndefined();
  });

  test("a first response stored without its on-time flag (answered before the flag was kept, imported) counts on time on the managers' Home as in the digest", async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.clock.set(local(23, '10:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Urgent, answered after 3 hours: late. Important, answered after 30 minutes, its flag gone.
    const late = await ticket(code, 'urgent', 'after_sales', local(23, '10:00'));
    await actAt(late, { action: 'claim' }, AGENT, local(23, '13:00'));
    const legacy = await ticket(code, 'important', 'after_sales', local(23, '10:00'));
    await actAt(legacy, { action: 'claim' }, AGENT, local(23, '10:30'));
    await app.db.models.tickets.updateOne(
      { teamId: FAKE_TEAM_ID, number: legacy },
      { $unset: { 'metrics.responseBreached': 1 } },
    );
    app.clock.set(local(27, '10:00'));
    const home = await openHome(app, MANAGER);
    expect(home).toContain('First response on time 50%');
    await runAt('2026-11-30T01:00:00Z');
    expect(fields(digestPosts()[0]!)['First response on time']).toMatch(/^50\.0% /);
  });

  test('not posted twice for a week; --force posts it again; a missed Monday is caught up', async () => {
    await handBuiltWeeks();
    // The app was down on Monday: on Wednesday the slot is still within its catch-up window.
    const [late] = await runAt('2026-12-02T03:00:00Z');
    expect(late!.counts).toMatchObject({ queued: 1 });
    expect(fields(digestPosts()[0]!).Opened).toBe('3 (+2 vs last week)');
    expect(await runAt('2026-12-02T03:01:00Z')).toEqual([]); // same slot: done
    // An operator re-running the week (a new ledger key) is not posted twice without --force.
    const settings = await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const slot = digestJob.slotAt(app.clock.now(), settings);
    // Another slot landing on the same week (the digest day changed mid-week): not posted again.
    expect(
      await app.desk.flows.digests.publish(
        await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' }),
        slot,
        { force: false },
      ),
    ).toEqual({ queued: 0, alreadyPosted: 1 });
    app.fake.reset();
    const again = await runSlot(
      jobDeps(app, 'cli'),
      digestJob,
      FAKE_TEAM_ID,
      slot,
      app.clock.now(),
      { force: true },
    );
    expect(again.counts).toMatchObject({ queued: 1 });
    await app.desk.outbox.drain();
    expect(digestPosts()).toHaveLength(1);
  });

  test("a Monday in the National Day holiday: the digest of the week before waits for the first working day and goes out then, once; the next week's on its Monday", async () => {
    const { holidays, extraWorkdays } = chinaPublicCalendar(2026);
    expect(holidays).toContain('2026-10-05');
    // The desk serves the workspace from September (a digest is of a week that ended after that).
    app.clock.set('2026-09-21T01:00:00Z');
    await app.setSettings(({ businessHours }) => ({
      businessHours: { ...businessHours, holidays, extraWorkdays },
    }));
    // Week 40 (Mon 28 September - Sun 4 October): one ticket, taken in and resolved on Tuesday.
    app.clock.set('2026-09-29T01:00:00Z');
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    const number = await ticket(
      code,
      'important',
      'after_sales',
      new Date('2026-09-29T10:00:00+08:00'),
    );
    await actAt(number, { action: 'claim' }, AGENT, new Date('2026-09-29T10:30:00+08:00'));
    await actAt(
      number,
      { action: 'resolve', summary: 'fixed' },
      AGENT,
      new Date('2026-09-29T12:00:00+08:00'),
    );

    // Monday 5 to Wednesday 7 October 09:00, National Day: nothing goes out.
    for (const day of ['05', '06', '07']) {
      expect(await runAt(`2026-10-${day}T01:00:00Z`)).toEqual([]);
      expect(digestPosts()).toEqual([]);
    }
    // Thursday 8 October, the first working day, 09:00: week 40's digest, once.
    const [run] = await runAt('2026-10-08T01:00:00Z', ['a', 'b']);
    expect(run!.counts).toEqual({ queued: 1 });
    expect(digestPosts()).toHaveLength(1);
    expect(digestPosts()[0]!.args.text).toMatch(
      /^Weekly KPI digest · 2026-W40 \(2026-09-28 – 2026-10-04\): 1 new ticket, 1 resolved;/,
    );
    expect(await runAt('2026-10-08T01:01:00Z')).toEqual([]);
    expect(await runAt('2026-10-09T01:00:00Z')).toEqual([]);
    expect(digestPosts()).toEqual([]);
    // Monday 12 October, a working day: week 41's at 09:00 as usual.
    await runAt('2026-10-12T01:00:00Z');
    expect(digestPosts()[0]!.args.text).toMatch(/^Weekly KPI digest · 2026-W41 /);
  });

  test('the first working day after a holiday Monday missed (the app was down): caught up the next day, for the same week', async () => {
    app.clock.set('2026-09-21T01:00:00Z'); // the desk serves the workspace from September
    await app.setSettings(({ businessHours }) => ({
      businessHours: { ...businessHours, ...chinaPublicCalendar(2026) },
    }));
    // Nothing on Wednesday 7 (holiday); the app is down on Thursday 8; up on Friday 9 at 10:00.
    expect(await runAt('2026-10-07T03:00:00Z')).toEqual([]);
    const [late] = await runAt('2026-10-09T02:00:00Z');
    expect(late!.counts).toEqual({ queued: 1 });
    expect(digestPosts()[0]!.args.text).toMatch(/^Weekly KPI digest · 2026-W40 /);
    expect(await runAt('2026-10-10T02:00:00Z')).toEqual([]);
  });

  test('a digest moved later by holidays (W48 on Thursday 3 December), missed while down until Tuesday 8: posted then, once, before W49', async () => {
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays: ['2026-11-30', '2026-12-01', '2026-12-02'] },
    }));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    await ticket(code, 'general', 'after_sales', local(24, '10:00')); // W48
    await ticket(code, 'general', 'after_sales', new Date('2026-12-01T10:00:00+08:00')); // W49
    // Down from Thursday 3 December 08:00 to Tuesday 8 December 10:00 (W48's slot 5 days late):
    // W48 first, then W49 (in that tick or the next minute's), each once.
    const posted: string[] = [];
    for (const at of ['2026-12-08T02:00:30Z', '2026-12-08T02:01:30Z', '2026-12-08T02:02:30Z']) {
      await runAt(at, ['a', 'b']);
      posted.push(...digestPosts().map((p) => String(p.args.text).split(' (')[0]!));
    }
    expect(posted).toEqual(['Weekly KPI digest · 2026-W48', 'Weekly KPI digest · 2026-W49']);
    expect(await runAt('2026-12-09T02:00:30Z')).toEqual([]);
  });

  test('a digest moved by holidays and missed past its catch-up window: the next week’s run says it was not run', async () => {
    await app.setSettings((s) => ({
      businessHours: { ...s.businessHours, holidays: ['2026-11-30', '2026-12-01', '2026-12-02'] },
    }));
    // Down from Thursday 3 December 08:00 to Thursday 10 December 10:00: W48's window ended
    // Wednesday 9 at 09:00; W49's (Monday 7) is still open.
    app.clock.set('2026-12-10T02:00:00Z');
    app.fake.reset();
    const capture = captureLogs();
    const deps = jobDepsOf(app.desk, { log: capture.log, clock: app.clock, instanceId: 'a' });
    const ran = (await runDue(deps, [digestJob])).filter((r) => r.ran);
    await app.desk.outbox.drain();
    expect(ran.map((r) => r.slot.toISOString())).toEqual(['2026-12-07T01:00:00.000Z']);
    expect(digestPosts().map((p) => String(p.args.text).split(' (')[0])).toEqual([
      'Weekly KPI digest · 2026-W49',
    ]);
    const said = capture.lines.filter((l) => l.msg.startsWith('job period not run'));
    expect(said.map((l) => [l.job, l.period, l.slot, l.until])).toEqual([
      ['digest', '2026-W48', '2026-12-03T01:00:00.000Z', '2026-12-09T01:00:00.000Z'],
    ]);
    // Said by the run, once: not by the next minute's tick.
    app.clock.advance(60_000);
    await runDue(deps, [digestJob]);
    expect(capture.lines.filter((l) => l.msg.startsWith('job period not run'))).toHaveLength(1);
  });

  test('a week run by a version before period keys (its run keyed by its slot): the next week’s run says nothing was missed', async () => {
    // The digest of W48 (Monday 30 November) run by an older version, which keyed it by the slot;
    // this version's first week after the upgrade is W49's (Monday 7 December).
    const ledger = new JobLedger(app.db.models.jobRuns);
    const slot = new Date('2026-11-30T01:00:00Z');
    const claim = await ledger.claim({
      job: 'digest',
      teamId: FAKE_TEAM_ID,
      slot,
      instance: 'older',
      now: slot,
      leaseMs: 60_000,
    });
    await ledger.finish(claim!, { ok: true, counts: { queued: 1 }, now: slot });
    app.clock.set('2026-12-07T02:00:00Z');
    const capture = captureLogs();
    const deps = jobDepsOf(app.desk, { log: capture.log, clock: app.clock, instanceId: 'a' });
    const ran = (await runDue(deps, [digestJob])).filter((r) => r.ran);
    expect(ran.map((r) => r.slot.toISOString())).toEqual(['2026-12-07T01:00:00.000Z']);
    expect(capture.lines.filter((l) => l.msg.startsWith('job period not run'))).toEqual([]);
  });

  test('a workspace first served after the last period’s slot: its first run says nothing was missed', async () => {
    // Served from Saturday 5 December: W48's slot (Thursday 3) came before the desk served it.
    await app.db.models.workspaces.updateMany(
      {},
      { $set: { since: new Date('2026-12-05T02:00:00Z') } },
    );
    app.clock.set('2026-12-10T02:00:00Z');
    const capture = captureLogs();
    const deps = jobDepsOf(app.desk, { log: capture.log, clock: app.clock, instanceId: 'a' });
    expect((await runDue(deps, [digestJob])).filter((r) => r.ran)).toHaveLength(1);
    expect(capture.lines.filter((l) => l.msg.startsWith('job period not run'))).toEqual([]);
  });

  test('a week stored once is read back, not rebuilt, for the comparison', async () => {
    await handBuiltWeeks();
    await runAt('2026-11-30T01:00:00Z');
    // Tamper with the stored week 47: next week's comparison must come from it.
    await app.db.models.digests.updateOne({ week: '2026-W48' }, { $set: { 'figures.opened': 10 } });
    await runAt('2026-12-07T01:00:00Z');
    expect(digestPosts()[0]!.args.text).toBe(
      'Weekly KPI digest · 2026-W49 (2026-11-30 – 2026-12-06): 0 new tickets, 0 resolved; resolutions within SLA: –, first responses on time: –; 0 churn warnings',
    );
    expect(fields(digestPosts()[0]!).Opened).toBe('0 (−10 vs last week)');
  });

  test('Slack refusing the post: nothing recorded as posted, the outbox posts it on its retry', async () => {
    await handBuiltWeeks();
    app.clock.set('2026-11-30T01:00:00Z');
    app.fake.failNext('chat.postMessage', 'internal_error');
    const [run] = await runDue(jobDeps(app), [digestJob]);
    expect(run!.counts).toEqual({ queued: 1 });
    expect(await app.desk.outbox.drain()).toMatchObject({ sent: 0 });
    expect(digestPosts()).toHaveLength(1); // refused
    const week = async () => (await app.db.models.digests.findOne({ week: '2026-W48' }).lean())!;
    expect((await week()).post?.postedAt).toBeUndefined();
    // A second run of the week (another slot) queues nothing more.
    expect(
      await app.desk.flows.digests.publish(
        await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' }),
        new Date('2026-11-30T01:00:00Z'),
        { force: false },
      ),
    ).toEqual({ queued: 1 });
    app.clock.advance(30_000);
    expect(await app.desk.outbox.drain()).toMatchObject({ sent: 1 });
    expect(digestPosts()).toHaveLength(2); // the retry, once
    expect((await week()).post).toMatchObject({ channel: DIGEST });
    expect((await week()).post?.postedAt).toBeInstanceOf(Date);
    expect(app.fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });

  test("Slack rate-limiting the chart's upload: the digest is posted once, the chart follows after Slack's wait", async () => {
    await handBuiltWeeks();
    app.clock.set('2026-11-30T01:00:00Z');
    app.fake.rateLimitNext('files.getUploadURLExternal', 20);
    const [run] = await runDue(jobDeps(app), [digestJob]);
    expect(run!.counts).toEqual({ queued: 1 });
    await app.desk.outbox.drain();
    expect(digestPosts()).toHaveLength(1);
    expect(app.fake.tookCalls('files.completeUploadExternal')).toEqual([]);
    const week = async () => (await app.db.models.digests.findOne({ week: '2026-W48' }).lean())!;
    expect((await week()).post?.postedAt).toBeUndefined();
    // Not before Slack's 20 seconds; then the chart, in the digest's thread, and nothing twice.
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.tookCalls('files.completeUploadExternal')).toEqual([]);
    app.clock.advance(15_000);
    await app.desk.outbox.drain();
    expect(digestPosts()).toHaveLength(1);
    const [chart] = app.fake.tookCalls('files.completeUploadExternal');
    expect(chart!.args).toMatchObject({
      channel_id: DIGEST,
      thread_ts: digestPosts()[0]!.answer!.ts,
      files: [{ title: 'KPI trend up to 2026-W48' }],
    });
    expect((await week()).post).toMatchObject({
      chartFileId: (chart!.args.files as { id: string }[])[0]!.id,
    });
    expect((await week()).post?.postedAt).toBeInstanceOf(Date);
  });

  test("Slack refusing the chart's bytes: the figures are out, the refusal logged with Slack's status", async () => {
    await handBuiltWeeks();
    app.clock.set('2026-11-30T01:00:00Z');
    app.fake.failNextHttp('file_upload', 500);
    await runDue(jobDeps(app), [digestJob]);
    await app.desk.outbox.drain();
    expect(digestPosts()).toHaveLength(1);
    expect(app.fake.callsTo('files.completeUploadExternal')).toEqual([]);
    expect(app.logs).toContainEqual(
      expect.objectContaining({ msg: 'digest chart upload failed', reason: 'http_500' }),
    );
    const week = await app.db.models.digests.findOne({ week: '2026-W48' }).lean();
    expect(week!.post).toMatchObject({ channel: DIGEST });
    expect(week!.post!.chartFileId).toBeUndefined();
  });

  test('tickets left open from an earlier week count in the backlog and, past their targets, as overdue at the week end', async () => {
    app.clock.set(local(16, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Week 47, all still open at the end of week 48 and untouched in it:
    // - general, Mon 16 10:00, never answered: its first answer was due 18:00 the same day;
    // - general, Fri 20 10:00, answered 10:30: resolution due 72 business hours on, in December;
    // - general, Tue 17 10:00, answered 10:30 and waiting on the customer since 11:00 (paused).
    await ticket(code, 'general', 'after_sales', local(16, '10:00'));
    const answered = await ticket(code, 'general', 'after_sales', local(20, '10:00'));
    await actAt(answered, { action: 'claim' }, AGENT, local(20, '10:30'));
    const waiting = await ticket(code, 'general', 'after_sales', local(17, '10:00'));
    await actAt(waiting, { action: 'claim' }, AGENT, local(17, '10:30'));
    await actAt(waiting, { action: 'wait' }, AGENT, local(17, '11:00'));

    await runAt('2026-11-30T01:00:00Z');
    const shown = fields(digestPosts()[0]!);
    expect(shown['Opened']).toBe('0 (−3 vs last week)');
    expect(shown['Backlog at week end']).toBe('3 (±0 vs last week)');
    expect(shown['Overdue at week end']).toBe('1 (±0 vs last week)');
  });

  /** The digest's section after the `title` line: its lines, linked numbers and all. */
  function section(message: { args: Record<string, unknown> }, title: string): string[] {
    const blocks = message.args.blocks as any[];
    const at = blocks.findIndex((b) => b.text?.text === `*${title}*`);
    expect(at, `section ${title}`).toBeGreaterThanOrEqual(0);
    const lines = [blocks[at + 1].text.text as string];
    if (blocks[at + 2]?.type === 'context') lines.push(blocks[at + 2].elements[0].text);
    return lines.join('\n').split('\n');
  }

  /** Tickets carded in a triage channel (their numbers link to the cards). */
  const withTriage = () =>
    app.setSettings((s) => ({ channels: { ...s.channels, triage: 'C0TRIAGE01' } }));

  test('the tickets past their SLA are named, linked, with who holds them: the open ones first', async () => {
    await withTriage();
    await handBuiltWeeks();
    const numbers = (await app.db.models.tickets.find({}).sort({ receivedAt: 1 }).lean()).map(
      (t) => t.number,
    );
    const [, , t2, t3] = numbers;
    await runAt('2026-11-30T01:00:00Z');
    expect(section(digestPosts()[0]!, 'Tickets past their SLA')).toEqual([
      `${await linked(t3!)} (Huadong) · open at the week's end, not answered by its first-response target · *unassigned*`,
      `${await linked(t2!)} (Huadong) · first response late · held by <@${AGENT2}>`,
    ]);
  });

  test('in Chinese, the list of tickets past their SLA; more than ten: ten named, the rest counted', async () => {
    await withTriage();
    app.clock.set(local(16, '09:00'));
    const { code } = await makeCustomer(app, { name: '华东机械', source: 'other' });
    for (let i = 0; i < 12; i++) await ticket(code, 'general', 'after_sales', local(16, '10:00'));
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runAt('2026-11-30T01:00:00Z');
    const lines = section(digestPosts()[0]!, '超出 SLA 的工单');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(
      /^<https:[^|]+\|T\d+>（华东机械） · 本周结束时仍未解决，首次响应已超时 · \*未分配\*$/,
    );
    expect(lines[10]).toBe('……另有 2 张。');
  });
  /** A ticket's number linked to its card, as the digest writes it. */
  const linked = async (n: string) => {
    const t = await app.db.models.tickets.findOne({ number: n }).lean();
    expect(t!.card.permalink).toMatch(/^https:/);
    return `<${t!.card.permalink}|${n}>`;
  };

  test("the list names every ticket the SLA figures count late: answered late but not yet due, waiting past its target, answered only after the week's end", async () => {
    await withTriage();
    app.clock.set(local(16, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Waiting on the customer since Fri 27, past its resolution target (72 business hours from
    // Mon 16 09:00) since Wed 25 18:00: its clocks stand still, no due time stored.
    const waiting = await ticket(code, 'general', 'after_sales', local(16, '09:00'));
    await actAt(waiting, { action: 'claim' }, AGENT, local(16, '09:30'));
    await actAt(waiting, { action: 'wait' }, AGENT, local(27, '10:00'));
    // Urgent, Thu 26 10:00, first answered at 13:00 (target 120 min): late; due for resolution
    // only in December.
    const answeredLate = await ticket(code, 'urgent', 'after_sales', local(26, '10:00'));
    await actAt(answeredLate, { action: 'claim' }, AGENT, local(26, '13:00'));
    // General, Fri 27 10:00: unanswered at the week's end (due 18:00), answered on Monday 08:30,
    // before the digest's run.
    const answeredMonday = await ticket(code, 'general', 'after_sales', local(27, '10:00'));
    await actAt(answeredMonday, { action: 'claim' }, AGENT, new Date('2026-11-30T08:30:00+08:00'));

    await runAt('2026-11-30T01:00:00Z');
    const post = digestPosts()[0]!;
    expect(fields(post)['First response on time']).toMatch(/^0\.0%/);
    expect(fields(post)['Overdue at week end']).toMatch(/^2 /);
    expect(section(post, 'Tickets past their SLA')).toEqual([
      `${await linked(waiting)} (Huadong) · open at the week's end, past its resolution target · held by <@${AGENT}>`,
      `${await linked(answeredMonday)} (Huadong) · open at the week's end, not answered by its first-response target · held by <@${AGENT}>`,
      `${await linked(answeredLate)} (Huadong) · first response late · held by <@${AGENT}>`,
    ]);
  });

  test("a digest run late does not list a ticket that was on time at the week's end and went late after it", async () => {
    await withTriage();
    app.clock.set(local(19, '09:00'));
    const { code } = await makeCustomer(app, { name: 'Huadong', source: 'other' });
    // Thu 19 10:00, answered on time; resolution due Tue 1 December 10:00, resolved at 11:00.
    const number = await ticket(code, 'general', 'after_sales', local(19, '10:00'));
    await actAt(number, { action: 'claim' }, AGENT, local(19, '10:30'));
    await actAt(
      number,
      { action: 'resolve', summary: 'fixed' },
      AGENT,
      new Date('2026-12-01T11:00:00+08:00'),
    );
    const stored = await app.db.models.tickets.findOne({ number }).lean();
    expect(stored!.metrics.resolutionBreached).toBe(true);
    // The app was down on Monday: the week-48 digest goes out on Wednesday.
    await runAt('2026-12-02T03:00:00Z');
    const post = digestPosts()[0]!;
    expect(fields(post)['Overdue at week end']).toMatch(/^0 /);
    expect(section(post, 'Tickets past their SLA')).toEqual([
      'No ticket missed its SLA this week.',
    ]);
  });

  /**
   * Seven customers recorded on Mon 16 November, normal; Firm 7's order on Tue 17 (week 47) makes
   * it key; in week 48 (Tue 24) orders of 510,000 to 560,000 make Firms 1-6 key (manual A's
   * 500,000).
   */
  async function tierMovesInWeek48() {
    app.clock.set(local(16, '10:00'));
    const firms = [];
    for (let i = 1; i <= 7; i++)
      firms.push(await makeCustomer(app, { name: `Firm ${i}`, firstContactDate: '2026-11-16' }));
    const order = async (code: string, day: number, amount: number) => {
      app.clock.set(local(day, '12:00'));
      await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), code, {
        date: `2026-11-${day}`,
        amount,
        number: `${code}-${day}`,
      });
    };
    await order(firms[6]!.code, 17, 900_000);
    for (let i = 0; i < 6; i++) await order(firms[i]!.code, 24, 510_000 + 10_000 * i);
    return firms;
  }

  test('the customers that moved tier in the week are named, from and to, the most valuable first: five, then how many more; their annual purchases are not in the channel', async () => {
    await tierMovesInWeek48();
    await runAt('2026-11-30T01:00:00Z');
    const post = digestPosts()[0]!;
    expect(JSON.stringify(post.args.blocks)).toContain('Tier changes this week: 6 up, 0 down.');
    expect(section(post, 'Tier moves in the week: 6 customers')).toEqual([
      '*Firm 6* (C2026006): Normal → Key',
      '*Firm 5* (C2026005): Normal → Key',
      '*Firm 4* (C2026004): Normal → Key',
      '*Firm 3* (C2026003): Normal → Key',
      '*Firm 2* (C2026002): Normal → Key',
      '…and 1 more.',
    ]);
    // Annual purchases are a personal figure the card masks: everyone in the channel reads this.
    const posted = JSON.stringify(post.args.blocks);
    expect(posted).not.toContain('annual purchases');
    expect(posted).not.toContain('560,000');
    // Firm 7 moved the week before: not one of this week's.
    expect(JSON.stringify(post.args.blocks)).not.toContain('Firm 7');
  });

  test('in Chinese, the customers that moved tier in the week', async () => {
    await tierMovesInWeek48();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runAt('2026-11-30T01:00:00Z');
    const post = digestPosts()[0]!;
    const lines = section(post, '本周等级变动：6 家客户');
    expect(lines[0]).toBe('*Firm 6*（C2026006）：普通客户 → 重点客户');
    expect(JSON.stringify(post.args.blocks)).not.toContain('年采购额');
    expect(JSON.stringify(post.args.blocks)).not.toContain('56万');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('……另有 1 家客户。');
  });

  test('customer names read as typed in the tier moves and the tickets past their SLA: their `*`, `_`, `~` and backticks format nothing', async () => {
    await withTriage();
    app.clock.set(local(16, '10:00'));
    const named = async (name: string) =>
      (await makeCustomer(app, { name, firstContactDate: '2026-11-16' })).code;
    const acme = await named('*ACME*');
    const beta = await named('_Beta_ ~Co~');
    const delta = await named('`Delta` & <Sons>');
    app.clock.set(local(24, '12:00'));
    const owner = await ctxOf(app, OWNER);
    for (const [code, amount] of [
      [acme, 530_000],
      [beta, 520_000],
      [delta, 510_000],
    ] as const)
      await app.desk.services.customers.recordOrder(owner, code, {
        date: '2026-11-24',
        amount,
        number: `${code}-24`,
      });
    // Fri 27 10:00, never answered: past its first-response target (18:00) at the week's end.
    const late = await ticket(acme, 'general', 'after_sales', local(27, '10:00'));
    await runAt('2026-11-30T01:00:00Z');
    const post = digestPosts()[0]!;
    expect(section(post, 'Tier moves in the week: 3 customers')).toEqual([
      `*∗ACME∗* (${acme}): Normal → Key`,
      `*ˍBetaˍ ∼Co∼* (${beta}): Normal → Key`,
      `*ˋDeltaˋ &amp; &lt;Sons&gt;* (${delta}): Normal → Key`,
    ]);
    expect(section(post, 'Tickets past their SLA')).toEqual([
      `${await linked(late)} (∗ACME∗) · open at the week's end, not answered by its first-response target · *unassigned*`,
    ]);
  });

  test('a week in which no customer moved tier has no list of them', async () => {
    await handBuiltWeeks();
    await runAt('2026-11-30T01:00:00Z');
    expect(JSON.stringify(digestPosts()[0]!.args.blocks)).not.toContain('Tier moves');
  });
});
