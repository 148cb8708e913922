// A sales and service manager's quarter (Q3 2026): a team of 3 account managers and 2 agents,
// 6 customers across the tiers (leads among them, one whose only order ages out, one going quiet,
// one whose contract nears its end), three tickets whose 3-7-30 follow-ups are done on time and
// late, the quarterly satisfaction surveys, the weekly digests, the month-end reports, the
// quarterly review and the tier review. Every figure checked is counted by hand from the walk
// and the manuals (../shared/domain.md), the count written beside it.
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob, quarterlyReportJob } from '../../jobs/report.js';
import { tasksJob } from '../../jobs/tasks.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import type { TaskKind } from '../../src/task/types.js';
import { makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { DIGEST, fieldLines as fields, textsIn as texts, useWalkDesk } from '../helpers/walk.js';

const R1 = 'U0REPONE01';
const R2 = 'U0REPTWO02';
const R3 = 'U0REPTHR03';
const AG1 = 'U0AGENTA01';
const AG2 = 'U0AGENTB02';
const M = 'U0MANAGER9';

// Wednesday 1 July 2026, 10:00 in Shanghai; no holidays configured, weekends off, 09:00-18:00.
const { app, lastModal, lastReply, click, onCustomerCard, recordOrder, done, ...steps } =
  useWalkDesk({
    now: '2026-07-01T02:00:00Z',
    since: '2026-01-01T00:00:00Z',
    channels: { digest: true, triage: true },
  });

async function newCustomer(
  name: string,
  owner: string,
  revenue: number,
  source: string,
  firstContact = '2026-07-01',
) {
  const customer = await steps.newCustomer(owner, {
    name,
    industry: 'Manufacturing',
    source,
    first_contact: firstContact,
    owner,
    annual_revenue: String(revenue),
    contact_name: `${name} contact`,
    contact_title: 'Buyer',
  });
  return customer.code;
}

/** A ticket for `code` received now, claimed by `agent`; resolved at `resolveAt`. */
async function ticketResolved(code: string, agent: string, title: string, resolveAt: string) {
  const ticket = await makeTicket(app, { customerCode: code, title }, agent);
  await click('ticket_claim', ticket.number, agent);
  app.clock.set(resolveAt);
  await click('ticket_resolve_open', ticket.number, agent);
  const res = await app.slack.submitView(lastModal(), { resolution: 'Fixed' }, { userId: agent });
  expect(res.body).toBe('');
  return ticket.number;
}

interface Seen {
  day: string;
  to: string;
  text: string;
  blocks: unknown;
}

describe("a manager's quarter: 3 account managers, 2 agents, read through the figures", () => {
  test('Q3 2026, the tier review of 1 October, and what the manager reads', async () => {
    await app.setSettings(() => ({
      managers: [M],
      agents: [AG1, AG2],
      accountManagers: [R1, R2, R3],
      managerLinks: [{ managerId: M, manages: [R1, R2, R3] }],
    }));

    // 1 July, the team's first day with the desk: each rep records their customers, the annual
    // purchases typed (manual A: strategic >= 1,000,000, key >= 500,000). Charlie (bought since
    // August 2025) and Delta (met in June, ordered on 20 June) are the history the team brings.
    const ALPHA = (await newCustomer('Alpha Tools', R1, 1_200_000, 'referral'))!; // strategic
    const BRAVO = (await newCustomer('Bravo Foods', R1, 600_000, 'referral'))!; // a lead, all along
    const CHARLIE = (await newCustomer('Charlie Steel', R2, 800_000, 'referral', '2025-06-01'))!;
    const DELTA = (await newCustomer('Delta Paper', R2, 300_000, 'referral', '2026-06-10'))!;
    const ECHO = (await newCustomer('Echo Pumps', R3, 700_000, 'referral'))!; // key
    const FOX = (await newCustomer('Foxtrot Parts', R3, 50_000, 'exhibition'))!; // normal
    expect([ALPHA, BRAVO, CHARLIE, DELTA, ECHO, FOX]).toEqual(
      Array.from({ length: 6 }, (_, i) => `C202600${i + 1}`),
    );
    // Their old orders: Charlie's only one is 11 months old (in the last 12 months today, out of
    // them at the review of 1 October).
    expect(await recordOrder(R2, CHARLIE, '2025-08-20', '800,000')).toBe(
      `Recorded an order of 800,000 CNY for *Charlie Steel* (${CHARLIE}). Annual purchases: 800,000 CNY; tier: Key.`,
    );
    expect(await recordOrder(R2, DELTA, '2026-06-20', '300,000')).toBe(
      `Recorded an order of 300,000 CNY for *Delta Paper* (${DELTA}). Annual purchases: 300,000 CNY; tier: Normal.`,
    );

    const seen: Seen[] = [];
    const collect = (day: string) => {
      for (const c of app.fake.callsTo('chat.postMessage'))
        seen.push({
          day,
          to: String(c.args.channel),
          text: String(c.args.text),
          blocks: c.args.blocks,
        });
    };
    // What happens on a day after the 09:00 runs (Shanghai is UTC+8).
    const tickets: Record<string, string> = {};
    const onDay: Record<string, () => Promise<void>> = {
      // T1: Alpha's spindle, received Thursday 10:00, claimed, resolved 11:00 by AG1 (1 business
      // hour: within strategic's 4 h). Revisit day 3 is a Sunday: Monday 6 July; guide Thursday
      // 9 July; check-in day 30 a Saturday: Monday 3 August.
      '2026-07-02': async () => {
        app.clock.set('2026-07-02T02:00:00Z');
        expect(await recordOrder(R1, ALPHA, '2026-07-02', '1,200,000')).toBe(
          `Recorded an order of 1,200,000 CNY for *Alpha Tools* (${ALPHA}). Annual purchases: 1,200,000 CNY; tier: Strategic.`,
        );
        tickets.t1 = await ticketResolved(ALPHA, AG1, 'Spindle stops', '2026-07-02T03:00:00Z');
      },
      '2026-07-03': async () => {
        app.clock.set('2026-07-03T02:00:00Z');
        await recordOrder(R3, FOX, '2026-07-03', '50,000');
      },
      '2026-07-06': async () => {
        app.clock.set('2026-07-06T02:00:00Z');
        await recordOrder(R3, ECHO, '2026-07-06', '700,000');
      },
      '2026-07-07': async () => {
        app.clock.set('2026-07-07T02:00:00Z');
        await onCustomerCard(ECHO, 'customer_edit_open', { contract_end: '2026-09-10' }, R3);
      },
      // T2: Echo's seal, received Wednesday 8 July 10:00, claimed by AG2, resolved (its first
      // answer) Thursday 10:00: 9 business hours, past key's 8 h. Revisit Monday 13 (day 3 a
      // Sunday), guide Thursday 16, check-in Monday 10 August (day 30 a Saturday).
      '2026-07-08': async () => {
        app.clock.set('2026-07-08T02:00:00Z');
        tickets.t2 = await ticketResolved(ECHO, AG2, 'Seal leaks', '2026-07-09T02:00:00Z');
      },
      '2026-08-05': async () => {
        app.clock.set('2026-08-05T02:00:00Z');
        await recordOrder(R3, FOX, '2026-08-05', '60,000');
      },
      // T3: Delta's feeder, Tuesday 1 September 10:00 to Wednesday 10:00 by AG1 (9 business
      // hours, past general's 8 h). Revisit Monday 7 (day 3 a Saturday), guide Wednesday 9,
      // check-in Friday 2 October.
      '2026-09-01': async () => {
        app.clock.set('2026-09-01T02:00:00Z');
        tickets.t3 = await ticketResolved(DELTA, AG1, 'Feeder jams', '2026-09-02T02:00:00Z');
      },
      '2026-09-08': async () => {
        app.clock.set('2026-09-08T02:00:00Z');
        await recordOrder(R3, FOX, '2026-09-08', '40,000');
      },
      '2026-09-15': async () => {
        app.clock.set('2026-09-15T02:00:00Z');
        await recordOrder(R1, ALPHA, '2026-09-15', '200,000');
      },
    };
    // The follow-ups, done on their day or late (T1's guide 2 working days late, T2's revisit 2
    // days late, T3's guide 2 days late), with the customer's answers.
    const doneOn: Record<string, [TaskKind, string, string, Record<string, string>][]> = {
      '2026-07-06': [['revisit', 't1', AG1, { solved: 'yes', satisfaction: '5', nps: '10' }]],
      '2026-07-13': [['guide', 't1', AG1, { summary: 'Sent the guide', satisfaction: '4' }]],
      '2026-07-15': [['revisit', 't2', AG2, { solved: 'yes', satisfaction: '3', nps: '6' }]],
      '2026-07-16': [['guide', 't2', AG2, { summary: 'Sent the guide' }]],
      '2026-08-03': [['checkin', 't1', R1, { summary: 'All well', satisfaction: '5', nps: '9' }]],
      '2026-08-10': [['checkin', 't2', R3, { summary: 'All well' }]],
      '2026-09-07': [['revisit', 't3', AG1, { solved: 'yes', satisfaction: '2', nps: '3' }]],
      '2026-09-11': [['guide', 't3', AG1, { summary: 'Sent the guide' }]],
    };
    // The quarterly surveys of the key customers (Alpha, Charlie, Echo; not Bravo, a lead): two
    // done on Monday 28 September, Charlie's not.
    const surveysOn: Record<string, [string, string, Record<string, string>][]> = {
      '2026-09-28': [
        [ALPHA, R1, { type: 'visit', satisfaction: '5', nps: '9' }],
        [ECHO, R3, { type: 'call', satisfaction: '4', nps: '8' }],
      ],
    };
    for (
      let t = Date.parse('2026-07-02T01:00:30Z');
      t < Date.parse('2026-10-01T00:00:00Z');
      t += 86_400_000
    ) {
      const iso = new Date(t).toISOString();
      const day = iso.slice(0, 10);
      const weekday = new Date(t).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      await runJobAt(app, tasksJob, iso);
      collect(day);
      await runJobAt(app, customerSignalsJob, iso);
      collect(day);
      if (weekday === 1) {
        await runJobAt(app, digestJob, `${day}T01:01:00Z`);
        collect(day);
      }
      if (day === '2026-08-03' || day === '2026-09-01') {
        await runJobAt(app, monthlyReportJob, `${day}T01:02:00Z`);
        collect(day);
      }
      await onDay[day]?.();
      for (const [kind, tk, who, form] of doneOn[day] ?? []) {
        const task = (await app.db.models.tasks
          .findOne({ kind, ticketNumber: tickets[tk], status: 'open' })
          .lean())!;
        expect(await done(String(task._id), who, form)).toContain(':white_check_mark: Done:');
      }
      for (const [code, who, form] of surveysOn[day] ?? []) {
        const customer = (await app.db.models.customers.findOne({ code }).lean())!;
        const task = (await app.db.models.tasks
          .findOne({ kind: 'survey', customerCode: code, status: 'open' })
          .lean())!;
        expect(
          await done(String(task._id), who, { ...form, contact: customer.contacts[0]!.key }),
        ).toContain(':white_check_mark: Done: *Satisfaction survey*');
      }
    }
    // 1 October: the tier review at 06:00, then the month's and the quarter's reports at 09:00;
    // the digest of week 40 on Monday 5 October; October's report on Monday 2 November.
    await runJobAt(app, tierReviewJob, '2026-09-30T22:01:00Z');
    collect('2026-10-01');
    await runJobAt(app, monthlyReportJob, '2026-10-01T01:02:00Z');
    collect('2026-10-01');
    await runJobAt(app, quarterlyReportJob, '2026-10-01T01:03:00Z');
    collect('2026-10-01');
    await runJobAt(app, digestJob, '2026-10-05T01:01:00Z');
    collect('2026-10-05');
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:02:00Z');
    collect('2026-11-02');

    const to = (who: string) => seen.filter((s) => s.to === who);
    const posted = (start: string) => {
      const post = to(DIGEST).find((s) => s.text.startsWith(start));
      expect(post, start).toBeDefined();
      return { ...post!, fields: fields(post!.blocks), lines: texts(post!.blocks) };
    };

    // The signals: Echo's contract, 30 days ahead, to R3 and (a key customer) to the manager.
    const contract = seen.filter((s) => s.text.includes('The contract of'));
    expect(contract.map((s) => [s.day, s.to])).toEqual([
      ['2026-08-11', R3],
      ['2026-08-11', M],
    ]);
    expect(contract[1]!.text).toBe(
      `Customer signals for you today (1)\n:date: The contract of *Echo Pumps* (${ECHO}) ends on 2026-09-10 (in 30 days). _A key customer of <@${R3}>._`,
    );
    // Charlie went quiet: nothing logged since its file was made on 1 July 10:00 (its order is
    // older): day 90 is Tuesday 29 September; the win-back call is due 7 days on, Tuesday 6 Oct.
    const churn = seen.filter((s) => s.text.includes('may churn'));
    expect(churn.map((s) => [s.day, s.to])).toEqual([
      ['2026-09-29', R2],
      ['2026-09-29', M],
    ]);
    // The win-back call stands for Charlie's care call, never made since 2 July: closed with it.
    expect(churn[1]!.text).toContain(
      `:warning: *Charlie Steel* (${CHARLIE}) may churn: no interaction or order for 90 days. Lifecycle set to churn warning; a win-back call is planned. It replaces the open *Care call* due 2026-07-02, now closed: one call to the customer. _A key customer of <@${R2}>._`,
    );
    const winback = await app.db.models.tasks.find({ kind: 'winback' }).lean();
    expect(winback.map((k) => [k.customerCode, k.dueDate, k.assigneeId])).toEqual([
      [CHARLIE, '2026-10-06', R2],
    ]);
    // The tier review: Charlie's order of 20 August 2025 is out of the last 12 months: 0 CNY,
    // normal (general tickets: the stricter of normal's 24 h and general's 8 h; care every 90
    // days). Nobody else moves (Alpha 1,400,000, Echo 700,000, Delta 300,000, Foxtrot 150,000).
    const review = seen.filter((s) => s.text.includes('Tier review'));
    expect(review.map((s) => [s.day, s.to])).toEqual([
      ['2026-10-01', R2],
      ['2026-10-01', M],
    ]);
    expect(review[1]!.text).toBe(
      `Customer signals for you today (1)\n:arrow_down: Tier review: *Charlie Steel* (${CHARLIE}) moves down from Key to Normal, with 0 CNY of purchases in the last 12 months. Its general tickets now get a first response within 8 business hours, and a care contact every 90 days. _Account manager: <@${R2}>._`,
    );

    // The weekly digests: weeks 27 to 40.
    expect(to(DIGEST).filter((s) => s.text.startsWith('Weekly KPI digest')).length).toBe(14);
    // Week 27: 4 new customers (Charlie and Delta are history, dated by their first contact);
    // buying customers at its end: Alpha strategic, Charlie key, Delta and Foxtrot normal; Bravo
    // and Echo (first order 6 July) are leads.
    const w27 = posted('Weekly KPI digest · 2026-W27');
    expect(w27.text).toBe(
      'Weekly KPI digest · 2026-W27 (2026-06-29 – 2026-07-05): 1 new ticket, 1 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    );
    expect(w27.fields['New customers']).toBe('4 (+4 vs last week)');
    expect(w27.lines).toContain(
      'Customers per tier (buying customers only; 2 prospects not counted): strategic 1 · key 1 · normal 2. Tier changes this week: 0 up, 0 down.',
    );
    // Week 28: T2's answer came after 9 business hours (key: 8 h): late. T1's revisit (5, NPS 10)
    // done; due in the week: T1's revisit (on time) and guide (9 July, done 13th): 1 of 2.
    const w28 = posted('Weekly KPI digest · 2026-W28');
    expect(w28.fields).toMatchObject({
      'First response on time': '0.0% (−100 pts vs last week) | ⚠️ target 95%',
      'Median first response (business time; 24x7 tickets around the clock)':
        '9 h (+8 h vs last week)',
      'Satisfaction (of 100)': '100 | of 1 answer | ✅ target 90',
      NPS: '100 | of 1 answer | ✅ target 85',
      'Follow-ups done on time': '50.0% | (1 of 2)',
    });
    // Week 29: done in it, T1's guide (4) and T2's revisit (3, NPS 6): (4 + 3) / 2 x 20 = 70,
    // NPS one detractor of one: -100; due in it: T2's revisit (13th, done 15th) and guide (16th,
    // on the day): 1 of 2.
    expect(posted('Weekly KPI digest · 2026-W29').fields).toMatchObject({
      'Satisfaction (of 100)': '70 (−30 vs last week) | of 2 answers | ⚠️ target 90',
      NPS: '−100 (−200 vs last week) | of 1 answer | ⚠️ target 85',
      'Very satisfied': '0.0% (−100 pts vs last week) | of 2 answers | ⚠️ target 30%',
      'Follow-ups done on time': '50.0% (±0 pts vs last week) | (1 of 2)',
    });
    // Week 37: T3's revisit (2, NPS 3) on time, its guide 2 days late.
    expect(posted('Weekly KPI digest · 2026-W37').fields).toMatchObject({
      'Satisfaction (of 100)': '40 | of 1 answer | ⚠️ target 90',
      NPS: '−100 | of 1 answer | ⚠️ target 85',
      'Follow-ups done on time': '50.0% | (1 of 2)',
    });
    // Week 40: Charlie's churn warning (29 Sep) and its move down at the review (1 Oct); T3's
    // check-in due Friday 2 October not done.
    const w40 = posted('Weekly KPI digest · 2026-W40');
    expect(w40.fields).toMatchObject({
      'Churn warnings': '1 (+1 vs last week)',
      'Follow-ups done on time': '0.0% | (0 of 1)',
    });
    expect(w40.lines).toContain(
      'Customers per tier (buying customers only; 1 prospect not counted): strategic 1 · key 1 · normal 3. Tier changes this week: 0 up, 1 down.',
    );
    expect(w40.lines).toContain(`*Charlie Steel* (${CHARLIE}): Key → Normal`);

    // July's report (Monday 3 August), in the channel: no owner's revenue.
    const july = posted('Monthly report · 2026-07');
    expect(july.text).toBe(
      'Monthly report · 2026-07 (2026-07-01 – 2026-07-31): 2 new tickets, 2 resolved; first responses on time: 50.0%, resolutions within SLA: 100.0%; 0 churn warnings',
    );
    expect(july.fields).toMatchObject({
      // T1 1 h and T2 9 h: the median of two is their mean.
      'Median first response (business time; 24x7 tickets around the clock)': '5 h',
      // T1's revisit 5 and guide 4, T2's revisit 3: 80; NPS 10 and 6: 0; very satisfied 1 of 3.
      'Satisfaction (of 100)': '80 | ⚠️ target 90',
      NPS: '0 | ⚠️ target 85',
      'Very satisfied': '33.3% | ✅ target 30%',
      'Follow-ups done on time': '50.0% | (2 of 4)', // 4 due, 2 on time
      'New customers': '4 (+3 vs 2026-06)', // June: Delta, first met then
      'Referrals among new customers':
        '75.0% (−25 pts vs 2026-06) | 3 of 4 new customers | ✅ target 25%',
      // June's buyer (Delta) did not order in July.
      'Repurchase rate': '0.0% | 0 of 1 customer who ordered in the period before | ⚠️ target 55%',
      'Revenue (orders)': '1,950,000 CNY | 2026-06: 300,000 CNY', // 1,200,000 + 50,000 + 700,000
    });
    // Owners, by the channel's rule without revenue: R1 T1's two follow-ups and Alpha converted;
    // R3 T2's two, Echo and Foxtrot converted; R2 none (Charlie and Delta bought before the desk).
    expect(july.lines).toContain(
      `<@${R1}>: 2 follow-ups done · 1 conversion\n<@${R3}>: 2 follow-ups done · 2 conversions`,
    );
    // Each agent as the weekly digest says them: AG2's first response (T2's) was late.
    expect(july.lines).toContain(
      `<@${AG1}>: 1 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 1 h · satisfaction 90 · 2 follow-ups done\n<@${AG2}>: 1 resolved · 100.0% within SLA · first responses on time 0.0% · first-contact resolution 100.0% · handling time 9 h · satisfaction 60 · 2 follow-ups done`,
    );
    // August: the check-ins (Alpha's 5, NPS 9; Echo's without scores), both on their day;
    // July's buyers Alpha, Echo, Foxtrot: Foxtrot ordered again.
    expect(posted('Monthly report · 2026-08').fields).toMatchObject({
      'Satisfaction (of 100)': '100 (+20 vs 2026-07) | ✅ target 90',
      'Follow-ups done on time': '100.0% (+50 pts vs 2026-07) | (2 of 2)',
      'Repurchase rate':
        '33.3% (+33.3 pts vs 2026-07) | 1 of 3 customers who ordered in the period before | ⚠️ target 55%',
      'Retention rate': '100.0% | 5 of 5 customers at the start stayed',
      'Churn rate': '0.0% | 0 of 5 customers at the start',
      'Revenue (orders)': '60,000 CNY | 2026-07: 1,950,000 CNY',
    });
    // September: Charlie's warning; the surveys due on the 30th on their own line: 2 of 3,
    // (5 + 4) / 2 x 20 = 90, NPS 9 and 8: one promoter of two, 50.
    const september = posted('Monthly report · 2026-09');
    expect(september.fields).toMatchObject({
      'Satisfaction (of 100)': '40 (−60 vs 2026-08) | ⚠️ target 90',
      'Follow-ups done on time': '50.0% (−50 pts vs 2026-08) | (1 of 2)',
      'Churn warnings': '1 (+1 vs 2026-08)',
      'Repurchase rate':
        '100.0% (+66.7 pts vs 2026-08) | 1 of 1 customer who ordered in the period before | ✅ target 55%',
      'Revenue (orders)': '240,000 CNY | 2026-08: 60,000 CNY',
    });
    expect(september.lines).toContain(
      'Quarterly survey: 2 of 3 key customers surveyed, satisfaction 90, NPS 50',
    );

    // The quarterly review, in the channel.
    const quarter = posted('Quarterly review · 2026-Q3');
    expect(quarter.text).toBe(
      'Quarterly review · 2026-Q3 (2026-07-01 – 2026-09-30): 3 new tickets, 3 resolved; first responses on time: 33.3%, resolutions within SLA: 100.0%; 1 churn warning',
    );
    expect(quarter.fields).toMatchObject({
      'Median first response (business time; 24x7 tickets around the clock)': '9 h', // 1 h, 9 h, 9 h
      // 5, 4, 3, 5, 2 = 19 / 5 x 20; NPS 10, 6, 9, 3: 2 promoters, 2 detractors; 5s: 2 of 5.
      'Satisfaction (of 100)': '76 | ⚠️ target 90',
      NPS: '0 | ⚠️ target 85',
      'Very satisfied': '40.0% | ✅ target 30%',
      // 8 due (T1, T2 revisit, guide, check-in; T3 revisit, guide): late T1 guide, T2 revisit,
      // T3 guide: 5 of 8.
      'Follow-ups done on time': '62.5% | (5 of 8)',
      'New customers': '4 (+3 vs 2026-Q2)',
      'Churn warnings': '1 (+1 vs 2026-Q2)',
      Churned: '0 (±0 vs 2026-Q2)',
      'Repurchase rate': '0.0% | 0 of 1 customer who ordered in the period before | ⚠️ target 55%',
      'Revenue (orders)': '2,250,000 CNY | 2026-Q2: 300,000 CNY',
    });
    expect(quarter.lines).toContain(
      'Quarterly survey: 2 of 3 key customers surveyed, satisfaction 90, NPS 50',
    );
    // The review of 1 October is the next quarter's: no move in Q3.
    expect(quarter.lines).toContain('No customer changed tier in the quarter.');
    // Who did follow-ups is listed too, as in the digest: R1 and R3 each marked one done.
    expect(quarter.lines).toContain(
      `<@${AG1}>: 2 resolved · 100.0% within SLA · first responses on time 50.0% · first-contact resolution 100.0% · handling time 5 h · satisfaction 80 · 4 follow-ups done\n<@${AG2}>: 1 resolved · 100.0% within SLA · first responses on time 0.0% · first-contact resolution 100.0% · handling time 9 h · satisfaction 60 · 2 follow-ups done\n<@${R1}>: 1 follow-up done\n<@${R3}>: 1 follow-up done`,
    );
    // October's report names the move.
    expect(posted('Monthly report · 2026-10').lines).toContain(
      `*Charlie Steel* (${CHARLIE}): Key → Normal`,
    );

    // The manager asks for the quarter: per tier revenue and each owner's, which they manage.
    app.clock.set('2026-11-03T02:00:00Z');
    app.fake.reset();
    await app.slack.command('/desk', 'report quarter 2026-Q3', { userId: M });
    expect(lastReply()).toBe('The 2026-Q3 report is in your direct messages from the desk.');
    const asked = texts(app.fake.callsTo('chat.postMessage').at(-1)!.args.blocks);
    // Q3 at its end: Alpha strategic; Charlie, Echo key; Delta, Foxtrot normal; Bravo a lead.
    // Revenue: Alpha 1,400,000; Echo 700,000; Foxtrot 150,000 (Q2: Delta's 300,000, normal).
    expect(asked).toContain('*Per tier (buying customers only; 1 prospect not counted)*');
    expect(asked).toContain(
      [
        '*Strategic*: 1 customer (20.0%) · revenue 1,400,000 CNY (– vs 2026-Q2), 62.2% of all · satisfaction 93.3 (✅ target 90) · churned 0 · repurchase – · 1 ticket, 0 complaints, first response on time 100.0%, first-contact resolution 100.0%',
        '*Key*: 2 customers (40.0%) · revenue 700,000 CNY (– vs 2026-Q2), 31.1% of all · satisfaction 60 (⚠️ target 90) · churned 0 · repurchase – · 1 ticket, 0 complaints, first response on time 0.0%, first-contact resolution 100.0%',
        '*Normal*: 2 customers (40.0%) · revenue 150,000 CNY (−50% vs 2026-Q2), 6.7% of all · satisfaction 40 (⚠️ target 90) · churned 0 · repurchase 0.0% · 1 ticket, 0 complaints, first response on time 0.0%, first-contact resolution 100.0%',
      ].join('\n'),
    );
    // R1: T1's three follow-ups, Alpha; R3: T2's three, Echo and Foxtrot; R2: T3's two, and no
    // conversion (Charlie and Delta had bought before the desk).
    expect(asked).toContain(
      [
        `<@${R1}>: 3 follow-ups done · 1 conversion · revenue 1,400,000 CNY`,
        `<@${R3}>: 3 follow-ups done · 2 conversions · revenue 850,000 CNY`,
        `<@${R2}>: 2 follow-ups done · 0 conversions · revenue 0 CNY`,
      ].join('\n'),
    );
  }, 900_000);
});
