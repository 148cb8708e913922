import { describe, expect, test, vi } from 'vitest';
import { monthlyReportJob, quarterlyReportJob } from '../../jobs/report.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { periodWindow } from '../../src/digest/periods.js';
import { ReportService } from '../../src/digest/report-service.js';
import { reportCsvRows } from '../../src/ui/report.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { repeated, titles } from '../helpers/ui.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT2, local, OWNER2, reportMonths } from '../helpers/report-months.js';

const MANAGER = 'U0MANAGER1';
const DIGEST = 'C0DIGEST01';

// Shanghai, business hours Mon-Fri 09:00-18:00; the months are September and October 2026.
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-09-01T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});

const { ticket, actAt, order, twoMonths } = reportMonths(app);

/** The report's fields, label -> the lines under it. */
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

const text = (message: { args: Record<string, unknown> }) => JSON.stringify(message.args.blocks);

describe('monthly and quarterly reports', { timeout: 60_000 }, () => {
  test('in Chinese: a figure and its change from the period before read without a space before the full-width bracket', async () => {
    await twoMonths();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const shown = fields(app.fake.postsTo(DIGEST)[0]!);
    expect(shown['新建']).toBe('3（较 2026 年 9 月 +2）');
    // Each line of a field (the helper joins them with ' | ').
    expect(
      Object.values(shown).filter((v) => v.split(' | ').some((line) => line.includes(' （'))),
    ).toEqual([]);
  });

  test("in Chinese: customers are counted with 家 (people with 位), a tier line's target reads as every figure's (\"⚠️ 目标 90\"), the chart's alt text has no space after a full-width bracket", async () => {
    await twoMonths();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    const shown = fields(post);
    expect(shown['复购率']).toBe('50.0% | 上一周期下单的 2 家客户中 1 家再次下单 | ⚠️ 目标 55%');
    expect(shown['新客户中转介绍占比']).toBe('50.0% | 2 家新客户中 1 家 | ✅ 目标 25%');
    expect(shown['流失率']).toContain('期初 2 家客户中 1 家');
    expect(shown['需求转化率']).toBe('100.0% | 1 家客户中 1 家在提出需求后下单');
    expect(shown['投诉率']).toContain('服务客户 3 家；');
    expect(shown['满意度（百分制）']).toBe('80 | ⚠️ 目标 90');
    const blocks = text(post);
    expect(blocks).toContain('流失原因：接触竞品 1 家');
    expect(blocks).toContain('*战略客户*：1 家客户（50.0%）');
    expect(blocks).toContain('满意度 100（✅ 目标 90）');
    expect(blocks).toContain('*重点客户*：0 家客户（0.0%）');
    expect(blocks).toContain('满意度 –（目标 90）');
    expect(blocks).toContain('满意度 60（⚠️ 目标 90）');
    expect(blocks).toContain(`<@${OWNER}>：完成跟进 1 次 · 转化 1 家`);
    expect(blocks).not.toMatch(/\d 位/);
    const alt = String(app.fake.callsTo('files.getUploadURLExternal')[0]!.args.alt_text);
    expect(alt).toBe(
      '近 2 个周期（截至 2026 年 10 月）的折线图。最近一个周期：首次响应及时率为 100%（目标 95%）、72 小时内解决率为 100%（目标 95%）、首次接触解决率为 50%（目标 85%）、满意度（百分制）为 80（目标 90）。',
    );
  });

  test('no heading reads twice in a row: the customer figures head the "Customers and revenue" section, the retention rate beside the churn rate', async () => {
    await twoMonths();
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const en = titles(app.fake.postsTo(DIGEST)[0]!);
    expect(repeated(en)).toEqual([]);
    const at = en.indexOf('Customers and revenue');
    expect(en.slice(at - 1, at + 9)).toEqual([
      'Repeat complaints (90 days)',
      'Customers and revenue',
      'New customers',
      'Recorded after 24 h',
      'Interactions logged after 24 h',
      'Churn warnings',
      'Upgrade intents handed to sales',
      'Churned',
      'Low-risk customers',
      'Repurchase rate',
    ]);
    expect(en.slice(en.indexOf('Retention rate'), en.indexOf('Retention rate') + 2)).toEqual([
      'Retention rate',
      'Churn rate',
    ]);
  });

  test('in Chinese too: no heading reads twice in a row', async () => {
    await twoMonths();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const zh = titles(app.fake.postsTo(DIGEST)[0]!);
    expect(repeated(zh)).toEqual([]);
    expect(zh).toContain('客户与营收');
    expect(zh).not.toContain('客户留存');
  });

  test('first working day of November, 09:00: the October report with every figure, posted once by two instances, the chart in its thread', async () => {
    await twoMonths();
    // Monday 2 November 09:00 Shanghai, on two instances at once.
    const runs = await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z', ['a', 'b']);
    expect(runs.map((r) => r.counts)).toEqual([{ queued: 1 }]);
    const posts = app.fake.postsTo(DIGEST);
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.args.text).toBe(
      'Monthly report · 2026-10 (2026-10-01 – 2026-10-31): 3 new tickets, 2 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    );
    expect(fields(post)).toEqual({
      Opened: '3 (+2 vs 2026-09)',
      'Logged over 1 h after receipt': '0 (±0 vs 2026-09)',
      Resolved: '2 (+1 vs 2026-09)',
      'Backlog at period end': '1 (+1 vs 2026-09)',
      'Overdue at period end': '1 (+1 vs 2026-09)',
      'First response on time': '100.0% (±0 pts vs 2026-09) | ✅ target 95%',
      'Resolved within 72 h': '100.0% (±0 pts vs 2026-09) | ✅ target 95%',
      'Resolved within SLA': '100.0% (±0 pts vs 2026-09)',
      'Next replies on time': '–',
      'First-contact resolution': '50.0% (−50 pts vs 2026-09) | ⚠️ target 85%',
      'Median first response (business time; 24x7 tickets around the clock)':
        '1 h 45 min (+1 h 15 min vs 2026-09)',
      'Median resolution (business time; 24x7 tickets around the clock)': '7 h (+5 h vs 2026-09)',
      'Satisfaction (of 100)': '80 | ⚠️ target 90',
      NPS: '0 | ⚠️ target 85',
      'Very satisfied': '50.0% | ✅ target 30%',
      // due in October: T1's day-30 call, T2's and T3's revisit and guide (T2 joins none of
      // T1's: Alpha's guide and check-in of T1 were overdue when T2 was resolved); T2's revisit
      // on time, and T3's (day 3 a Sunday: due Monday 19, done then)
      'Follow-ups done on time': '40.0% (+40 pts vs 2026-09) | (2 of 5)',
      // September: T1 after-sales; October: T2 complaint, T3 after-sales, T4 consultation
      'Opened by type':
        'Consultation: 1 (+1 vs 2026-09) | Complaint: 1 (+1 vs 2026-09) | After-sales: 1 (±0 vs 2026-09) | Demand / custom work: 0 (±0 vs 2026-09) | Other: 0 (±0 vs 2026-09)',
      // no requester in Slack, so no survey sent: the requesters' own figures read none
      'Satisfaction, survey (of 100)': '–',
      'NPS, survey': '–',
      'Survey response rate': '–',
      // the digest's complaint figures (the rate is among the customer figures): October's
      // complaint is resolved, its contact never recorded
      'Open complaints': '0 (±0 vs 2026-09)',
      'Complaint targets missed': '1 (+1 vs 2026-09)',
      'Complaint contacts missed, customer not reached after trying': '0 (±0 vs 2026-09)',
      'Repeat complaints (90 days)': '0 (±0 vs 2026-09)',
      'New customers': '2 (+2 vs 2026-09)',
      'Recorded after 24 h': '0 (±0 vs 2026-09)',
      'Interactions logged after 24 h': '0 (±0 vs 2026-09)',
      'Churn warnings': '0 (±0 vs 2026-09)',
      'Upgrade intents handed to sales': '0 (±0 vs 2026-09)',
      Churned: '1 (+1 vs 2026-09)',
      // no signals run stored a low risk
      // No signals run has computed the low churn risk class yet: not known, not 0.
      'Low-risk customers': '–',
      'Repurchase rate':
        '50.0% | 1 of 2 customers who ordered in the period before | ⚠️ target 55%',
      'Referrals among new customers': '50.0% | 1 of 2 new customers | ✅ target 25%',
      // digest7: beside the churn rate, from the same counts
      'Retention rate': '50.0% (−50 pts vs 2026-09) | 1 of 2 customers at the start stayed',
      'Churn rate': '50.0% (+50 pts vs 2026-09) | 1 of 2 customers at the start',
      'New needs logged': '1 (+1 vs 2026-09)',
      'Need conversion': '100.0% | 1 of 1 customer ordered after the need',
      'Complaint rate':
        '33.3% (+33.3 pts vs 2026-09) | 1 complaint, 3 customers served; complaints per 100 tickets: 33.3',
      'Revenue (orders)': '700,000 CNY | 2026-09: 700,000 CNY',
    });
    const blocks = text(post);
    expect(blocks).toContain('Churn reasons: competitor contact 1');
    // No tier's revenue in the channel: Strategic's would be Alpha's orders.
    expect(blocks).toContain(
      '*Strategic*: 1 customer (50.0%) · satisfaction 100 (✅ target 90) · churned 0 · repurchase 100.0% · 1 ticket, 1 complaint, first response on time 100.0%, first-contact resolution 100.0%',
    );
    expect(blocks).toContain(
      '*Key*: 0 customers (0.0%) · satisfaction – (target 90) · churned 0 · repurchase – · 0 tickets, 0 complaints, first response on time –, first-contact resolution –',
    );
    expect(blocks).toContain(
      '*Normal*: 1 customer (50.0%) · satisfaction 60 (⚠️ target 90) · churned 1 · repurchase 0.0% · 2 tickets, 0 complaints, first response on time 100.0%, first-contact resolution 0.0%',
    );
    expect(blocks).not.toContain('500,000');
    expect(blocks).not.toContain('of all');
    // Per-owner revenue is not posted to the channel (only in a report sent to a manager).
    expect(blocks).toContain(`<@${OWNER}>: 1 follow-up done · 1 conversion`);
    expect(blocks).toContain(`<@${OWNER2}>: 1 follow-up done · 0 conversions`);
    expect(blocks).not.toContain('revenue 700,000 CNY');
    expect(blocks).toContain(
      `<@${AGENT}>: 1 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 5 h · satisfaction 100 · 1 follow-up done`,
    );
    expect(blocks).toContain(
      `<@${AGENT2}>: 1 resolved · 100.0% within SLA · first-contact resolution 0.0% · handling time 9 h · satisfaction 60 · 1 follow-up done`,
    );

    // The chart of September and October in the report's thread.
    const [url] = app.fake.callsTo('files.getUploadURLExternal');
    expect(url!.args).toMatchObject({ filename: 'kpi-2026-10.png' });
    expect(app.fake.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({
      channel_id: DIGEST,
      thread_ts: post.answer!.ts,
      files: [{ title: 'KPI trend up to 2026-10' }],
    });
    const stored = await app.db.models.reports.find({ kind: 'month' }).sort({ period: 1 }).lean();
    expect(stored.map((r) => r.period)).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(stored.at(-1)!.post).toMatchObject({ channel: DIGEST, ts: post.answer!.ts });

    // The same slot again, and a later minute of the same day: nothing more is posted.
    expect(await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:30Z', ['a', 'b'])).toEqual([]);
    const forced = await app.desk.flows.reports.publish(
      await ctxOf(app, 'USYSTEM'),
      'month',
      new Date('2026-11-02T01:00:00Z'),
      { force: false },
    );
    expect(forced).toEqual({ queued: 0, alreadyPosted: 1 });
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(DIGEST)).toHaveLength(0);
  });

  test('a forced run whose names cannot be read, or whose message cannot be queued, counts no forced post; run again, it is counted once', async () => {
    app.clock.set('2026-11-02T01:00:00Z');
    const slot = new Date('2026-11-02T01:00:00Z');
    const forcedCount = async () =>
      (
        (await app.db.models.reports.findOne({ kind: 'month', period: '2026-10' }).lean()) as {
          post?: { forcedCount?: number };
        } | null
      )?.post?.forcedCount;
    /** A forced run that fails as `spy` (made to fail once) does: it throws `message`. */
    const failing = async (spy: { mockRestore(): void }, message: string) => {
      try {
        await expect(
          app.desk.flows.reports.publish(await ctxOf(app, 'USYSTEM'), 'month', slot, {
            force: true,
          }),
        ).rejects.toThrow(message);
      } finally {
        spy.mockRestore();
      }
    };
    await failing(
      vi
        .spyOn(ReportService.prototype, 'customerNames')
        .mockRejectedValueOnce(new Error('the database went away')),
      'the database went away',
    );
    expect(await forcedCount()).toBeUndefined();
    expect(await app.db.models.outbox.countDocuments({ key: /^report:/ })).toBe(0);
    // Nor one whose message could not be queued (the chart or the outbox failed).
    const notifier = (app.desk.flows.reports as any).deps.notify.reports;
    await failing(
      vi.spyOn(notifier, 'queue').mockRejectedValueOnce(new Error('the outbox went away')),
      'the outbox went away',
    );
    expect(await forcedCount()).toBeUndefined();

    expect(
      await app.desk.flows.reports.publish(await ctxOf(app, 'USYSTEM'), 'month', slot, {
        force: true,
      }),
    ).toEqual({ queued: 1 });
    expect(await forcedCount()).toBe(1);
    expect(await app.db.models.outbox.countDocuments({ key: /^report:/ })).toBe(1);
  });

  test('October: a lead and a customer first contacted in October also marked churned; the report says one churned customer in each place', async () => {
    const { beta, gamma, delta } = await twoMonths();
    // Delta, a lead since 20 October, is dropped; Gamma, first contacted on 8 October, who
    // ordered on the 15th, is marked churned; Beta (a customer since February) churned on the
    // 20th, and its owner marks it churned once more after reopening it by mistake.
    app.clock.set(local('10-22', '10:00'));
    await app.desk.services.customers.update(await ctxOf(app, OWNER2), delta.code, {
      lifecycle: 'churned',
    });
    app.clock.set(local('10-23', '10:00'));
    await app.desk.services.customers.update(await ctxOf(app, OWNER2), beta.code, {
      lifecycle: 'active',
    });
    await app.desk.services.customers.update(await ctxOf(app, OWNER2), beta.code, {
      lifecycle: 'churned',
    });
    app.clock.set(local('10-28', '10:00'));
    await app.desk.services.customers.update(await ctxOf(app, OWNER), gamma.code, {
      lifecycle: 'churned',
    });

    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    // Of the 2 customers at October's start (Alpha, Beta), Beta churned: 1, whatever else
    // was marked churned.
    expect(fields(post)).toMatchObject({
      Churned: '1 (+1 vs 2026-09)',
      // digest7: beside the churn rate, from the same counts
      'Retention rate': '50.0% (−50 pts vs 2026-09) | 1 of 2 customers at the start stayed',
      'Churn rate': '50.0% (+50 pts vs 2026-09) | 1 of 2 customers at the start',
    });
    const blocks = text(post);
    expect(blocks).toContain('Churn reasons: competitor contact 1"');
    expect(blocks).toMatch(/\*Normal\*: 0 customers \([^)]*\) · [^"]* · churned 1 · /);
  });

  test('a win-back call that found they stay clears the reason an earlier call gave: churned later without one, the reason is not recorded', async () => {
    /** A win-back call for `code`'s risk `episode`, done at `at` with `answer`. */
    const winBack = async (
      code: string,
      episode: string,
      at: Date,
      answer: { churnReason: 'price' } | { staying: true },
    ) => {
      app.clock.set(at);
      const owner = await ctxOf(app, OWNER);
      const customer = await app.desk.services.customers.get(owner, code);
      expect(await app.desk.services.tasks.planWinBack(owner, customer, episode)).toBe(true);
      const task = (await app.db.models.tasks
        .findOne({ kind: 'winback', customerCode: code, status: 'open' })
        .lean())!;
      await app.desk.services.tasks.complete(owner, String(task._id), () => ({
        interactionType: 'call',
        summary: 'Asked why',
        ...answer,
      }));
    };
    app.clock.set(local('09-01', '10:00'));
    const zeta = await makeCustomer(app, { name: 'Zeta', lifecycle: 'active' });
    const eta = await makeCustomer(app, { name: 'Eta', lifecycle: 'active' });
    // Zeta: price in September, staying in October; Eta the other way round.
    await winBack(zeta.code, 'inactive:2026-06-01', local('09-10', '10:00'), {
      churnReason: 'price',
    });
    await winBack(zeta.code, 'falling:2026-10-05', local('10-05', '10:00'), { staying: true });
    await winBack(eta.code, 'inactive:2026-06-01', local('09-10', '10:00'), { staying: true });
    await winBack(eta.code, 'falling:2026-10-05', local('10-05', '10:00'), {
      churnReason: 'price',
    });
    app.clock.set(local('10-20', '10:00'));
    for (const code of [zeta.code, eta.code])
      await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
        lifecycle: 'churned',
      });

    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    expect(fields(post)).toMatchObject({ Churned: '2 (+2 vs 2026-09)' });
    expect(text(post)).toContain('Churn reasons: Price 1 · reason not recorded 1"');
  });

  test("a referred customer first contacted on 30 September and recorded on 2 October is one of October's new customers and referrals", async () => {
    await twoMonths();
    app.clock.set(local('10-02', '10:00'));
    await makeCustomer(app, {
      name: 'Epsilon',
      source: 'referral',
      firstContactDate: '2026-09-30',
    });

    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    // Gamma (referral), Delta and Epsilon (referral); September, built from the records, has none.
    expect(fields(app.fake.postsTo(DIGEST)[0]!)).toMatchObject({
      'New customers': '3 (+3 vs 2026-09)',
      'Referrals among new customers': '66.7% | 2 of 3 new customers | ✅ target 25%',
    });
  });

  test("scores typed on a care call count neither in the month's satisfaction and NPS nor in its tier's satisfaction", async () => {
    const { alpha } = await twoMonths();
    // 21 October: Alpha's owner closes a care call from its Done modal with low scores.
    app.clock.set(local('10-21', '09:00'));
    const call = await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
      customerCode: alpha.code,
      kind: 'call',
      assigneeId: OWNER,
      dueDate: '2026-10-21',
      content: 'Care call',
      submissionId: 'care-call',
    });
    app.clock.set(local('10-21', '16:00'));
    await app.slack.blockAction({ action_id: 'task_done_open', value: call.id }, { userId: OWNER });
    await submitLastModal(
      app,
      { type: 'call', summary: 'Unhappy with the prices', satisfaction: '1', nps: '0' },
      OWNER,
    );

    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    // T2's revisit (5, NPS 10) and T3's (3, NPS 6), as without the call.
    expect(fields(post)).toMatchObject({
      'Satisfaction (of 100)': '80 | ⚠️ target 90',
      NPS: '0 | ⚠️ target 85',
      'Very satisfied': '50.0% | ✅ target 30%',
    });
    // Alpha is strategic: its tier's satisfaction is T2's revisit alone.
    expect(text(post)).toContain('satisfaction 100 (✅ target 90)');
  });

  test("an owner's follow-ups done are the 3-7-30 follow-ups of their customers' tickets: a complaint's contact and a care call are not", async () => {
    const { alpha } = await twoMonths();
    /** Closes a task from its Done modal, as its executor. */
    const close = async (taskId: string, values: Record<string, string>) => {
      await app.slack.blockAction(
        { action_id: 'task_done_open', value: taskId },
        { userId: OWNER },
      );
      await submitLastModal(app, values, OWNER);
    };
    // 13 October: Alpha's owner records the contact step of the complaint T2.
    app.clock.set(local('10-13', '16:00'));
    const contact = await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean();
    await close(contact!._id as string, {
      type: 'call',
      contacted_date: '2026-10-13',
      contacted_time: '11:00',
      summary: 'Apologised; a refund is on its way',
    });
    // 21 October: a care call on Alpha.
    app.clock.set(local('10-21', '09:00'));
    const call = await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
      customerCode: alpha.code,
      kind: 'call',
      assigneeId: OWNER,
      dueDate: '2026-10-21',
      content: 'Care call',
      submissionId: 'care-call',
    });
    await close(call.id, { type: 'call', summary: 'All well' });

    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const blocks = text(app.fake.postsTo(DIGEST)[0]!);
    // Alpha's one follow-up done in October: T2's revisit.
    expect(blocks).toContain(`<@${OWNER}>: 1 follow-up done · 1 conversion`);
    expect(blocks).toContain(`<@${OWNER2}>: 1 follow-up done · 0 conversions`);
  });

  test('first working day of the quarter: the Q3 review; a quarter without two periods of figures says the chart comes later', async () => {
    await twoMonths();
    // Thursday 1 October 09:00 Shanghai (no holidays configured in this workspace).
    const runs = await runJobAt(app, quarterlyReportJob, '2026-10-01T01:00:00Z');
    expect(runs.map((r) => r.counts)).toEqual([{ queued: 1 }]);
    const post = app.fake.postsTo(DIGEST)[0]!;
    expect(post.args.text).toBe(
      'Quarterly review · 2026-Q3 (2026-07-01 – 2026-09-30): 1 new ticket, 1 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    );
    expect(fields(post)).toMatchObject({
      Opened: '1 (+1 vs 2026-Q2)',
      Resolved: '1 (+1 vs 2026-Q2)',
      'Backlog at period end': '0 (±0 vs 2026-Q2)',
      'First response on time': '100.0% | ✅ target 95%',
      'Repurchase rate': '– | 0 of 0 customers who ordered in the period before',
      'Referrals among new customers': '– | 0 of 0 new customers',
      'Churn rate': '0.0% (±0 pts vs 2026-Q2) | 0 of 2 customers at the start',
      'Complaint rate': '0.0% | 0 complaints, 1 customer served; complaints per 100 tickets: 0',
      'Revenue (orders)': '700,000 CNY | 2026-Q2: 0 CNY',
    });
    const blocks = text(post);
    // At the end of September Alpha was key (600,000), Beta normal.
    // Each tier one customer: its revenue, Alpha's or Beta's orders, is not in the channel.
    expect(blocks).toContain('*Key*: 1 customer (50.0%) · satisfaction – (target 90)');
    expect(blocks).toContain('*Normal*: 1 customer (50.0%) · satisfaction – (target 90)');
    expect(blocks).not.toContain('600,000');
    expect(blocks).not.toContain('100,000');
    expect(blocks).toContain(
      'The trend chart comes once there are two periods of figures (periods with figures so far: 1).',
    );
    // Alpha's first order made it key in September: named, from and to.
    expect(blocks).toContain('*Tier moves in the quarter: 1 customer*');
    expect(blocks).toContain('*Alpha* (C2026001): Normal → Key');
    expect(blocks).not.toContain('annual purchases');
    expect(blocks).not.toContain('1,100,000');
    expect(app.fake.callsTo('files.getUploadURLExternal')).toEqual([]);
    const q3 = await app.db.models.reports.findOne({ kind: 'quarter', period: '2026-Q3' }).lean();
    expect(q3!.post).toMatchObject({ channel: DIGEST });
  });

  test("a quarterly review with no figures in any of its chart's four quarters says so, not that the chart comes once there are two periods (so far: 0); a month's in Chinese names six months", async () => {
    app.clock.set(local('09-01', '10:00'));
    await makeCustomer(app, { name: 'Quiet Co', lifecycle: 'active', annualRevenue: 100_000 });
    await runJobAt(app, quarterlyReportJob, '2026-10-01T01:00:00Z');
    const blocks = text(app.fake.postsTo(DIGEST)[0]!);
    expect(blocks).toContain(
      'No trend chart in this report: none of the last 4 quarters has figures to draw.',
    );
    expect(blocks).not.toContain('so far: 0');
    expect(app.fake.callsTo('files.getUploadURLExternal')).toEqual([]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.reset();
    await runJobAt(app, monthlyReportJob, '2026-10-01T01:00:00Z');
    const zh = text(app.fake.postsTo(DIGEST)[0]!);
    expect(zh).toContain('本报告没有趋势图：近 6 个月都没有可绘制的数据。');
    expect(zh).not.toContain('目前只有 0 个周期');
  });

  test('the quarter of a tier review names the customers that moved, from and to, the most valuable first, with how many more', async () => {
    app.clock.set(local('09-01', '10:00'));
    // Key under the default thresholds (manual A): 610,000 to 740,000.
    for (let i = 1; i <= 14; i++)
      await makeCustomer(app, {
        name: `Firm ${String(i).padStart(2, '0')}`,
        firstContactDate: '2026-01-05',
        lifecycle: 'active',
        annualRevenue: 600_000 + 10_000 * i,
      });
    await makeCustomer(app, {
      name: 'Huadong Machinery',
      firstContactDate: '2026-01-05',
      lifecycle: 'active',
      annualRevenue: 550_000,
    });
    await app.setSettings(() => ({ tiers: { strategicMin: 650_000, keyMin: 600_000 } }));
    // The review on 1 October 06:00: Firm 05-14 up to strategic, Huadong down to normal.
    await runJobAt(app, tierReviewJob, '2026-09-30T22:00:00Z');
    // Q3 had no move; Q4's report, on 1 January 2027 09:00, names them.
    const [run] = await runJobAt(app, quarterlyReportJob, '2027-01-01T01:00:00Z');
    expect(run!.counts).toEqual({ queued: 1 });
    const blocks = (app.fake.postsTo(DIGEST)[0]!.args.blocks as any[]).map((b) =>
      String(b.text?.text ?? b.elements?.[0]?.text ?? ''),
    );
    const heading = blocks.indexOf('*Tier moves in the quarter: 11 customers*');
    expect(heading).toBeGreaterThan(0);
    const lines = blocks[heading + 1]!.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('*Firm 14* (C2026014): Key → Strategic');
    expect(lines[9]).toBe('*Firm 05* (C2026005): Key → Strategic');
    expect(blocks.join()).not.toContain('740,000');
    expect(blocks[heading + 2]).toBe('…and 1 more.');
    expect(blocks.join()).not.toContain('Firm 04');
  });

  /**
   * Seven customers recorded on 1 September, normal; in October orders of 510,000 to 570,000
   * make them key (manual A's 500,000): the October report's tier moves.
   */
  async function sevenMovesInOctober() {
    app.clock.set(local('09-01', '10:00'));
    const firms = [];
    for (let i = 1; i <= 7; i++)
      firms.push(await makeCustomer(app, { name: `Firm ${i}`, firstContactDate: '2026-09-01' }));
    for (let i = 0; i < 7; i++) await order(firms[i]!.code, '10-15', 510_000 + 10_000 * i);
  }

  /** The lines under a heading of the report: the block after it, and the note after that. */
  function under(message: { args: Record<string, unknown> }, heading: string): string[] {
    const blocks = message.args.blocks as any[];
    const at = blocks.findIndex((b) => b.text?.text === `*${heading}*`);
    expect(at, heading).toBeGreaterThan(0);
    const lines = (blocks[at + 1].text.text as string).split('\n');
    if (blocks[at + 2]?.type === 'context') lines.push(blocks[at + 2].elements[0].text);
    return lines;
  }

  test('the monthly report names the customers that moved tier in the month, from and to, the most valuable first: five, then how many more; their annual purchases are not in the channel', async () => {
    await sevenMovesInOctober();
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    expect(under(post, 'Tier moves in the month: 7 customers')).toEqual([
      '*Firm 7* (C2026007): Normal → Key',
      '*Firm 6* (C2026006): Normal → Key',
      '*Firm 5* (C2026005): Normal → Key',
      '*Firm 4* (C2026004): Normal → Key',
      '*Firm 3* (C2026003): Normal → Key',
      '…and 2 more.',
    ]);
    expect(JSON.stringify(post.args.blocks)).not.toContain('annual purchases');
    expect(JSON.stringify(post.args.blocks)).not.toContain('570,000');
    // September's report: nobody moved.
    app.fake.reset();
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.clock.set('2026-11-05T02:00:00Z');
    await app.slack.command('/desk', 'report month 2026-09', { userId: MANAGER });
    const september = app.fake.postsTo(`D${MANAGER.slice(1)}`)[0]!;
    expect(under(september, 'Tier moves in the month')).toEqual([
      'No customer changed tier in the month.',
    ]);
  });

  test('in Chinese, the monthly report names the customers that moved tier', async () => {
    await sevenMovesInOctober();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const post = app.fake.postsTo(DIGEST)[0]!;
    const lines = under(post, '本月等级变动：7 家客户');
    expect(lines[0]).toBe('*Firm 7*（C2026007）：普通客户 → 重点客户');
    expect(JSON.stringify(post.args.blocks)).not.toContain('年采购额');
    expect(JSON.stringify(post.args.blocks)).not.toContain('57万');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('……另有 2 家客户。');
  });

  test("/desk report: the tier moves sent to a manager say the annual purchases of their owners' customers only, in English and Chinese", async () => {
    await sevenMovesInOctober();
    // Firm 7 passes to OWNER2; MANAGER manages OWNER2, MANAGER2 manages OWNER.
    app.clock.set(local('10-20', '10:00'));
    await app.desk.services.customers.update(await ctxOf(app, OWNER), 'C2026007', {
      ownerId: OWNER2,
    });
    const MANAGER2 = 'U0MANAGER2';
    await app.setSettings(() => ({
      managers: [MANAGER, MANAGER2],
      managerLinks: [
        { managerId: MANAGER, manages: [OWNER2] },
        { managerId: MANAGER2, manages: [OWNER] },
      ],
    }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    expect(JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks)).not.toContain('570,000');
    app.clock.set('2026-11-05T02:00:00Z');
    const ask = async (manager: string) => {
      app.fake.reset();
      await app.slack.command('/desk', 'report month 2026-10', { userId: manager });
      return under(
        app.fake.postsTo(`D${manager.slice(1)}`)[0]!,
        'Tier moves in the month: 7 customers',
      );
    };
    expect((await ask(MANAGER)).slice(0, 3)).toEqual([
      '*Firm 7* (C2026007): Normal → Key · annual purchases 570,000 CNY',
      '*Firm 6* (C2026006): Normal → Key',
      '*Firm 5* (C2026005): Normal → Key',
    ]);
    expect((await ask(MANAGER2)).slice(0, 3)).toEqual([
      '*Firm 7* (C2026007): Normal → Key',
      '*Firm 6* (C2026006): Normal → Key · annual purchases 560,000 CNY',
      '*Firm 5* (C2026005): Normal → Key · annual purchases 550,000 CNY',
    ]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.advance(60_000);
    app.fake.reset();
    await app.slack.command('/desk', 'report month 2026-10', { userId: MANAGER2 });
    const lines = under(app.fake.postsTo(`D${MANAGER2.slice(1)}`)[0]!, '本月等级变动：7 家客户');
    expect(lines.slice(0, 2)).toEqual([
      '*Firm 7*（C2026007）：普通客户 → 重点客户',
      '*Firm 6*（C2026006）：普通客户 → 重点客户 · 年采购额 56万元',
    ]);
  });

  test('/desk report: tickets opened by type, each with its change from the period before, in English and Chinese; the CSV has a row per type; a period stored before they were counted shows no change', async () => {
    const { alpha, beta } = await twoMonths();
    // Besides twoMonths' (September: 1 after-sales; October: a complaint, an after-sales, a
    // consultation): September 2 demands and an other, October 3 demands and 2 after-sales more.
    for (const [code, type, day] of [
      [alpha.code, 'demand', '09-14'],
      [beta.code, 'demand', '09-21'],
      [alpha.code, 'other', '09-22'],
      [alpha.code, 'demand', '10-19'],
      [alpha.code, 'demand', '10-20'],
      [beta.code, 'demand', '10-21'],
      [alpha.code, 'after_sales', '10-22'],
      [beta.code, 'after_sales', '10-23'],
    ] as const)
      await ticket(code, 'general', type, local(day, '11:00'));
    await app.setSettings(() => ({ managers: [MANAGER] }));
    app.clock.set('2026-11-05T02:00:00Z');
    await app.desk.outbox.drain();
    app.fake.reset();
    const dm = `D${MANAGER.slice(1)}`;
    let minute = 0;
    const report = async () => {
      // Each ask a minute apart: one DM per ask.
      app.clock.set(new Date(Date.parse('2026-11-05T02:00:00Z') + ++minute * 60_000));
      app.fake.reset();
      const res = await app.slack.command('/desk', 'report month 2026-10', { userId: MANAGER });
      expect(res.body).toMatchObject({ text: expect.stringMatching(/2026-10|2026 年 10 月/) });
      return fields(app.fake.postsTo(dm)[0]!);
    };
    const en = await report();
    expect(en['Opened']).toBe('8 (+4 vs 2026-09)');
    expect(en['Opened by type']).toBe(
      'Consultation: 1 (+1 vs 2026-09) | Complaint: 1 (+1 vs 2026-09) | After-sales: 3 (+2 vs 2026-09) | Demand / custom work: 3 (+1 vs 2026-09) | Other: 0 (−1 vs 2026-09)',
    );
    // The CSV as `npm run report` writes it: one row per type.
    const stored = (await app.db.models.reports.findOne({ period: '2026-10' }).lean())!;
    const rows = reportCsvRows(periodWindow('2026-10', 'Asia/Shanghai')!, stored.figures as never)
      .filter((r) => r[3] === 'openedByType')
      .map((r) => r.join(','));
    expect(rows).toEqual([
      'month,2026-10,overall,openedByType,consultation,1',
      'month,2026-10,overall,openedByType,complaint,1',
      'month,2026-10,overall,openedByType,after_sales,3',
      'month,2026-10,overall,openedByType,demand,3',
      'month,2026-10,overall,openedByType,other,0',
    ]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await report())['按类型新建']).toBe(
      '咨询：1（较 2026 年 9 月 +1） | 投诉：1（较 2026 年 9 月 +1） | 售后：3（较 2026 年 9 月 +2） | 需求/定制：3（较 2026 年 9 月 +1） | 其他：0（较 2026 年 9 月 −1）',
    );

    // September's report stored before the week figures held the counts (kept apart, by
    // receipt): October's change is from those, and its CSV has them.
    await app.db.models.reports.updateOne(
      { period: '2026-09' },
      {
        $unset: { 'figures.overall.openedByType': '' },
        $set: {
          'figures.openedByType': {
            consultation: 0,
            complaint: 0,
            after_sales: 1,
            demand: 2,
            other: 1,
          },
        },
      },
    );
    await app.setSettings(() => ({ locale: 'en' }));
    expect((await report())['Opened by type']).toBe(
      'Consultation: 1 (+1 vs 2026-09) | Complaint: 1 (+1 vs 2026-09) | After-sales: 3 (+2 vs 2026-09) | Demand / custom work: 3 (+1 vs 2026-09) | Other: 0 (−1 vs 2026-09)',
    );
    const september = (await app.db.models.reports.findOne({ period: '2026-09' }).lean())!;
    expect(
      reportCsvRows(periodWindow('2026-09', 'Asia/Shanghai')!, september.figures as never)
        .filter((r) => r[3] === 'openedByType')
        .map((r) => r.slice(4).join(',')),
    ).toEqual(['consultation,0', 'complaint,0', 'after_sales,1', 'demand,2', 'other,1']);

    // September's report stored before the counts were kept: October's read without a change.
    await app.db.models.reports.updateOne(
      { period: '2026-09' },
      { $unset: { 'figures.openedByType': '' } },
    );
    expect((await report())['Opened by type']).toBe(
      'Consultation: 1 | Complaint: 1 | After-sales: 3 | Demand / custom work: 3 | Other: 0',
    );
  });

  test('/desk report month 2026-10: a manager gets the stored report in a DM; an agent is refused', async () => {
    await twoMonths();
    await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const built = await app.db.models.reports.findOne({ period: '2026-10' }).lean();
    app.clock.set('2026-11-05T02:00:00Z');
    app.fake.reset();

    const res = await app.slack.command('/desk', 'report month 2026-10', { userId: MANAGER });
    expect(res.body).toMatchObject({
      text: 'The 2026-10 report is in your direct messages from the desk.',
    });
    const dm = `D${MANAGER.slice(1)}`;
    const [sent] = app.fake.postsTo(dm);
    expect(sent!.args.text).toBe(
      'Monthly report · 2026-10 (2026-10-01 – 2026-10-31): 3 new tickets, 2 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    );
    // Sent to a manager: each owner's revenue is in it.
    expect(JSON.stringify(sent!.args.blocks)).toContain('1 conversion · revenue 700,000 CNY');
    expect(fields(sent!)['Repurchase rate']).toBe(
      '50.0% | 1 of 2 customers who ordered in the period before | ⚠️ target 55%',
    );
    expect(app.fake.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({
      channel_id: dm,
      thread_ts: sent!.answer!.ts,
    });
    // Read back, not rebuilt; the channel's post record untouched; nothing in the channel.
    const after = await app.db.models.reports.findOne({ period: '2026-10' }).lean();
    expect(after!.builtAt).toEqual(built!.builtAt);
    expect(after!.post).toEqual(built!.post);
    expect(app.fake.postsTo(DIGEST)).toEqual([]);

    app.fake.reset();
    const refused = await app.slack.command('/desk', 'report month 2026-10', { userId: AGENT });
    expect(String((refused.body as { text?: string }).text)).toContain(
      'Only managers and admins of the desk can read reports.',
    );
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);

    // A right kind with an impossible period: the period is named, not the whole called no period.
    const said = async (text: string) =>
      String(
        ((await app.slack.command('/desk', text, { userId: MANAGER })).body as { text?: string })
          .text,
      );
    expect(await said('report month 2026-13')).toBe(
      '“2026-13” is not a month: write one as `2026-10`.',
    );
    expect(await said('report week 2026-W99')).toBe(
      '“2026-W99” is not a week: write one as `2026-W44` (weeks 1 to 52 or 53, Monday to Sunday).',
    );
    expect(await said('report quarter 2026-10')).toBe(
      '“2026-10” is not a quarter: write one as `2026-Q3`.',
    );
    expect(await said('report monthly 2026-10')).toContain(
      '“monthly 2026-10” is not a report period.',
    );
    const future = await app.slack.command('/desk', 'report quarter 2026-Q4', {
      userId: MANAGER,
    });
    expect(String((future.body as { text?: string }).text)).toContain(
      'The 2026-Q4 report is available once the period has ended. The last full one is 2026-Q3: `/desk report quarter 2026-Q3`.',
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const futureZh = await app.slack.command('/desk', 'report quarter 2026-Q4', {
      userId: MANAGER,
    });
    expect(String((futureZh.body as { text?: string }).text)).toContain(
      '2026 年第 4 季度的报告要等该周期结束后才能查看。最近一个完整周期是 2026 年第 3 季度：`/desk report quarter 2026-Q3`。',
    );
    expect(await said('report week 2026-W99')).toBe(
      '“2026-W99”不是有效的周：请写成 `2026-W44` 这样的形式（第 1 至 52 或 53 周，周一至周日）。',
    );
    // Asked for in Chinese: the period named as a Chinese reader says it, its days joined by 至;
    // the chart's title and labels likewise (a week as 第 N 周 where the command takes 2026-W44).
    // A later ask (a request is one per asker, report and instant).
    app.clock.set('2026-11-05T03:00:00Z');
    app.fake.reset();
    expect(await said('report month 2026-10')).toBe('2026 年 10 月的报告已通过服务台私信发给你。');
    const [zhSent] = app.fake.postsTo(dm);
    expect(String(zhSent!.args.text)).toMatch(
      /^月度报告 · 2026 年 10 月（2026-10-01 至 2026-10-31）：新建工单 3 张/,
    );
    expect(app.fake.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({
      files: [{ title: 'KPI 趋势（截至 2026 年 10 月）' }],
    });
    app.clock.set('2026-11-05T04:00:00Z');
    app.fake.reset();
    expect(await said('report week 2026-W44')).toBe(
      '2026 年第 44 周的报告已通过服务台私信发给你。',
    );
    expect(String(app.fake.postsTo(dm)[0]!.args.text)).toMatch(
      /^周报 · 2026 年第 44 周（2026-10-26 至 2026-11-01）：/,
    );
  });

  // The per-agent line said only resolved, handling time, FCR and satisfaction, where the weekly
  // digest's also gives first responses on time and follow-ups done; then all of them but
  // "within SLA".
  test("per agent: each agent's resolutions within SLA, first responses on time and follow-ups done, worded as the weekly digest words them; a report stored before reads without them", async () => {
    const { alpha } = await twoMonths();
    // AGENT2 first answers a ticket two working days after it came in: late.
    const t5 = await ticket(alpha.code, 'important', 'after_sales', local('10-21', '10:00'));
    await actAt(t5, { action: 'claim' }, AGENT2, local('10-23', '10:00'));
    await app.setSettings(() => ({ managers: [MANAGER] }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    const posted = text(app.fake.postsTo(DIGEST)[0]!);
    // AGENT answered T2 and T3 on time and did T2's revisit; AGENT2 answered T5 late and did
    // T3's revisit.
    expect(posted).toContain(
      `<@${AGENT}>: 1 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 5 h · satisfaction 100 · 1 follow-up done`,
    );
    expect(posted).toContain(
      `<@${AGENT2}>: 1 resolved · 100.0% within SLA · first responses on time 0.0% · first-contact resolution 0.0% · handling time 9 h · satisfaction 60 · 1 follow-up done`,
    );

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.set('2026-11-05T02:00:00Z');
    app.fake.reset();
    await app.slack.command('/desk', 'report month 2026-10', { userId: MANAGER });
    const zh = text(app.fake.postsTo(`D${MANAGER.slice(1)}`)[0]!);
    expect(zh).toContain(
      `<@${AGENT2}>：解决 1 · SLA 内 100.0% · 首次响应及时 0.0% · 首次接触解决率 0.0% · 处理时长 9 小时 · 满意度 60 · 完成跟进 1`,
    );

    // A report stored before "within SLA", the first responses and follow-ups were kept reads as
    // it did.
    await app.db.models.reports.updateOne(
      { period: '2026-10' },
      {
        $unset: {
          'figures.perAgent.$[].onTime': '',
          'figures.perAgent.$[].responded': '',
          'figures.perAgent.$[].responseOnTime': '',
          'figures.perAgent.$[].followUpsDone': '',
        },
      },
    );
    await app.setSettings(() => ({ locale: 'en' }));
    app.clock.set('2026-11-05T03:00:00Z'); // another ask (one a minute is sent once)
    app.fake.reset();
    await app.slack.command('/desk', 'report month 2026-10', { userId: MANAGER });
    const old = text(app.fake.postsTo(`D${MANAGER.slice(1)}`)[0]!);
    expect(old).toContain(
      `"<@${AGENT}>: 1 resolved · first-contact resolution 100.0% · handling time 5 h · satisfaction 100\\n<@${AGENT2}>: 1 resolved · first-contact resolution 0.0% · handling time 9 h · satisfaction 60"`,
    );
    expect(old).not.toMatch(/undefined|NaN/);
  });

  // A newcomer refused a report was told only that managers read them, not whom to ask.
  test('/desk report refused: names the admins to ask for the manager role (en, zh-CN); with no admin, how one is made', async () => {
    const ADMIN = 'U0ADMIN001';
    const refusal = async () => {
      const res = await app.slack.command('/desk', 'report month', { userId: AGENT });
      return String((res.body as { text?: string }).text);
    };
    expect(await refusal()).toBe(
      `Only managers and admins of the desk can read reports. This desk has no admin yet to give you a role: whoever runs the desk's server makes you its admin with \`npm run admins -- --team ${FAKE_TEAM_ID} --add ${AGENT}\` (or lists your id in \`ADMIN_USER_IDS\` before a workspace first uses the desk), then you give yourself a role in \`/desk roles\`.`,
    );

    await app.setSettings(() => ({ admins: [ADMIN] }));
    expect(await refusal()).toBe(
      `Only managers and admins of the desk can read reports: ask <@${ADMIN}> to make you a manager in \`/desk roles\`.`,
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await refusal()).toBe(
      `只有服务台主管和管理员可以查看报告：请联系 <@${ADMIN}>，在 \`/desk roles\` 中把你设为主管。`,
    );
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  test("/desk report: every owner is listed, each owner's revenue only to the managers of that owner (the others' lines without it, counted); an admin gets every owner's, in English and Chinese", async () => {
    await twoMonths();
    const MANAGER2 = 'U0MANAGER2';
    const ADMIN = 'U0ADMIN001';
    await app.setSettings(() => ({
      admins: [ADMIN],
      managers: [MANAGER, MANAGER2],
      managerLinks: [
        { managerId: MANAGER, manages: [OWNER] },
        { managerId: MANAGER2, manages: [OWNER2] },
      ],
    }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    app.clock.set('2026-11-05T02:00:00Z');
    const ask = async (who: string, heading = 'Per owner') => {
      app.clock.advance(60_000);
      app.fake.reset();
      await app.slack.command('/desk', 'report month 2026-10', { userId: who });
      return under(app.fake.postsTo(`D${who.slice(1)}`)[0]!, heading);
    };
    const owner1 = `<@${OWNER}>: 1 follow-up done · 1 conversion · revenue 700,000 CNY`;
    const owner2 = `<@${OWNER2}>: 1 follow-up done · 0 conversions · revenue 0 CNY`;
    const note = 'Revenue is shown only for the owners you manage (1 owner without).';
    expect(await ask(MANAGER)).toEqual([
      owner1,
      `<@${OWNER2}>: 1 follow-up done · 0 conversions`,
      note,
    ]);
    expect(await ask(MANAGER2)).toEqual([
      `<@${OWNER}>: 1 follow-up done · 1 conversion`,
      owner2,
      note,
    ]);
    expect(await ask(ADMIN)).toEqual([owner1, owner2]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await ask(MANAGER, '按负责人')).toEqual([
      `<@${OWNER}>：完成跟进 1 次 · 转化 1 家 · 销售额 70万元`,
      `<@${OWNER2}>：完成跟进 1 次 · 转化 0 家`,
      '只显示你管理的负责人的销售额（另有 1 位未显示）。',
    ]);
  });

  test("/desk report: tiers' revenue only to those who may read every customer who ordered (all tiers or none: one tier's is the total, in the channel, less the others'); an admin gets every tier's, in English and Chinese", async () => {
    await twoMonths();
    const MANAGER2 = 'U0MANAGER2';
    const ADMIN = 'U0ADMIN001';
    await app.setSettings(() => ({
      admins: [ADMIN],
      managers: [MANAGER, MANAGER2],
      managerLinks: [
        { managerId: MANAGER, manages: [OWNER] },
        { managerId: MANAGER2, manages: [OWNER, OWNER2] },
      ],
    }));
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    app.clock.set('2026-11-05T02:00:00Z');
    const ask = async (
      who: string,
      heading = 'Per tier (buying customers only; 1 prospect not counted)',
    ) => {
      app.clock.advance(60_000);
      app.fake.reset();
      await app.slack.command('/desk', 'report month 2026-10', { userId: who });
      return under(app.fake.postsTo(`D${who.slice(1)}`)[0]!, heading).map((line) =>
        line.replace(/ · satisfaction .*/, ''),
      );
    };
    // Strategic: Alpha (OWNER) in October; Key: Alpha in September; Normal: Gamma (OWNER) in
    // October and Beta (OWNER2) in September.
    const strategic =
      '*Strategic*: 1 customer (50.0%) · revenue 500,000 CNY (– vs 2026-09), 71.4% of all';
    const key = '*Key*: 0 customers (0.0%) · revenue 0 CNY (−100% vs 2026-09), 0.0% of all';
    const normal =
      '*Normal*: 1 customer (50.0%) · revenue 200,000 CNY (+100% vs 2026-09), 28.6% of all';
    const hidden =
      'Tiers’ revenue is shown only when you manage the owners of every customer who ordered: one tier’s could be worked out from the others’ and the total (3 tiers without).';
    // MANAGER may read Strategic's and Key's (Alpha is OWNER's) but not Normal's (Beta is
    // OWNER2's): Normal's would be the channel's total less those two, so none is shown.
    expect(await ask(MANAGER)).toEqual([
      '*Strategic*: 1 customer (50.0%)',
      '*Key*: 0 customers (0.0%)',
      '*Normal*: 1 customer (50.0%)',
      hidden,
    ]);
    // MANAGER2 manages both owners: every tier's.
    expect(await ask(MANAGER2)).toEqual([strategic, key, normal]);
    expect(await ask(ADMIN)).toEqual([strategic, key, normal]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(
      (await ask(MANAGER2, '按客户等级（仅计成交客户，另有 1 家意向客户未计入）'))[0],
    ).toContain('*战略客户*：1 家客户（50.0%）· 销售额 50万元');
    const zh = await ask(MANAGER, '按客户等级（仅计成交客户，另有 1 家意向客户未计入）');
    expect(zh[0]).toMatch(/^\*战略客户\*：1 家客户（50\.0%）· 满意度/);
    expect(zh.slice(0, 3).join('\n')).not.toContain('销售额');
    expect(zh[2]).toBe(
      '*普通客户*：1 家客户（50.0%）· 满意度 60（⚠️ 目标 90）· 流失 1 · 复购率 0.0% · 工单 2 张，投诉 0 件，首次响应及时率 100.0%，首次接触解决率 0.0%',
    );
    expect(zh[3]).toBe(
      '只有所有下单客户的负责人均由你管理时才显示各等级的销售额：否则可由其他等级与总额推算出某一等级的数字（3 个等级未显示）。',
    );
  });
});
