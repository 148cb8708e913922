// A B2B sales rep's quarter (Q3 2026) with their 15 customers, and their manager: customers
// created and edited, orders, a ticket and its 3-7-30 follow-ups, a contract nearing its end, a
// customer going quiet, the weekly digests, the quarterly review and the CSV export. Everything
// goes through Slack's signed requests and the scheduled jobs; each check is what the rep or the
// manager reads, against figures counted from the walk itself (../shared/domain.md).
import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { tasksJob } from '../../jobs/tasks.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { exportCustomers } from '../../src/customer/csv.js';
import type { TaskKind } from '../../src/task/types.js';
import { AGENT, ctxOf, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  DIGEST,
  fieldLines as fields,
  MANAGER,
  textsIn as texts,
  useWalkDesk,
} from '../helpers/walk.js';

const REP = 'U0REP00001';

// Wednesday 1 July 2026, 10:00 in Shanghai; no holidays configured, weekends off.
const { app, lastModal, lastReply, click, onCustomerCard, done, ...steps } = useWalkDesk({
  now: '2026-07-01T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
  channels: { digest: true, triage: true },
});

/** The rep types /customer new and fills in the modal; the card they are answered with. */
async function newCustomer(name: string, revenue: number, contact: string) {
  const doc = await steps.newCustomer(REP, {
    name,
    industry: 'Manufacturing',
    source: 'referral',
    first_contact: '2026-07-01',
    owner: REP,
    annual_revenue: String(revenue),
    contact_name: contact,
    contact_title: 'Buyer',
  });
  // Created on the desk's clock, from which inactivity counts.
  expect(doc.createdAt).toEqual(app.clock.now());
  return { code: doc.code, card: texts(app.fake.callsTo('response_url').at(-1)!.args.blocks) };
}

const recordOrder = (code: string, date: string, amount: string) =>
  steps.recordOrder(REP, code, date, amount);

async function edit(code: string, form: Record<string, string>) {
  await onCustomerCard(code, 'customer_edit_open', form, REP);
  return texts(app.fake.callsTo('response_url').at(-1)!.args.blocks);
}

async function logInteraction(code: string, form: Record<string, string>) {
  await onCustomerCard(code, 'customer_interaction_open', form, REP);
  return lastReply();
}

/** What a job run posted (DMs and channel posts), by day. */
interface Seen {
  day: string;
  weekday: number;
  to: string;
  text: string;
  blocks: string[];
}

describe("a sales rep's quarter with 15 customers, and what their manager reads", () => {
  test('Q3 2026, walked day by day', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));

    // 1 July: the rep records the 15 customers met that day, the annual purchases each expects.
    // Tiers (manual A, the default): strategic >= 1,000,000; key 500,000 to 1,000,000; normal below.
    const typed: [string, number, string][] = [
      ['Customer A', 1_200_000, 'Strategic'],
      ['Customer B', 1_000_000, 'Strategic'],
      ['Customer C', 999_999, 'Key'],
      ['Customer D', 800_000, 'Key'],
      ['Customer E', 500_000, 'Key'],
      ['Customer F', 499_999, 'Normal'],
      ...[300_000, 200_000, 150_000, 100_000, 80_000, 50_000, 30_000, 20_000, 10_000].map(
        (r, i): [string, number, string] => [
          `Customer ${String.fromCharCode(71 + i)}`,
          r,
          'Normal',
        ],
      ),
    ];
    const codes: Record<string, string> = {};
    for (const [i, [name, revenue, tier]] of typed.entries()) {
      const { code, card } = await newCustomer(name, revenue, `Contact ${i}`);
      codes[name.slice(-1)] = code;
      expect(card[0]).toBe(`Created customer *${name}* (${code}).`);
      expect(card.find((l) => l.startsWith('*Tier*'))).toMatch(
        new RegExp(`^\\*Tier\\*\\n${tier} · `),
      );
      expect(card).toContain(`*Annual purchases*\n${revenue.toLocaleString('en')} CNY`);
    }
    const { A, B, C, D, E, G } = codes as Record<string, string>;
    expect(Object.values(codes)).toEqual(
      Array.from({ length: 15 }, (_, i) => `C2026${String(i + 1).padStart(3, '0')}`),
    );

    // 2 July: the first orders. Annual purchases now come from the orders: G's 600,000 moves it
    // up to key; C's and D's first orders, far below what was typed, move them down, and the
    // confirmation says so.
    app.clock.set('2026-07-02T02:00:00Z');
    expect(await recordOrder(A!, '2026-07-01', '1,300,000')).toBe(
      `Recorded an order of 1,300,000 CNY for *Customer A* (${A}). Annual purchases: 1,300,000 CNY; tier: Strategic.`,
    );
    expect(await recordOrder(G!, '2026-07-02', '600,000')).toBe(
      `Recorded an order of 600,000 CNY for *Customer G* (${G}). Annual purchases, from the orders of the last 12 months: 600,000 CNY; tier moved from Normal to Key.`,
    );
    expect(await recordOrder(D!, '2026-07-02', '200,000')).toContain(
      'Annual purchases, from the orders of the last 12 months: 200,000 CNY; tier moved from Key to Normal.',
    );
    expect(await recordOrder(C!, '2026-07-02', '100,000')).toContain(
      'Annual purchases, from the orders of the last 12 months: 100,000 CNY; tier moved from Key to Normal.',
    );
    // E (no order yet) is revised down by hand: 450,000 is normal.
    const eCard = await edit(E!, { annual_revenue: '450000' });
    expect(eCard.find((l) => l.startsWith('*Tier*'))).toMatch(/^\*Tier\*\nNormal · /);

    // A kick-off visit with A; the next step (send the quote by Monday 13 July) becomes a task.
    app.clock.set('2026-07-02T03:00:00Z');
    expect(
      await logInteraction(A!, {
        type: 'visit',
        summary: 'Kick-off visit',
        feedback: 'Wants a quote',
        next_step: 'Send the quote',
        next_step_date: '2026-07-13',
      }),
    ).toBe(`Logged a visit with *Customer A* (${A}).\nNext step: a task for you, due 2026-07-13.`);
    // D's contract ends on Thursday 20 August.
    const dCard = await edit(D!, { contract_end: '2026-08-20' });
    expect(dCard).toContain('Contract end date: 2026-08-20');

    // Thursday 2 July 11:00: A's line stops; the agent claims and resolves it. Day 3 is a Sunday
    // and day 30 a Saturday: each is due the working day after; day 7 is Thursday 9 July.
    app.clock.set('2026-07-02T03:00:00Z');
    const ticket = await makeTicket(app, { customerCode: A!, title: 'Line stops' });
    expect(app.fake.postsTo(REP).at(-1)!.args.text).toContain(
      `(general) for your customer Customer A: Line stops`,
    );
    for (const action of ['ticket_claim', 'ticket_resolve_open'])
      await click(action, ticket.number, AGENT);
    const resolved = await app.slack.submitView(
      lastModal(),
      { resolution: 'Replaced the sensor' },
      { userId: AGENT },
    );
    expect(resolved.body).toBe('');
    const followUps = await app.db.models.tasks.find({ ticketNumber: ticket.number }).lean();
    expect(followUps.map((t) => [t.kind, t.dueDate, t.assigneeId]).sort()).toEqual([
      ['checkin', '2026-08-03', REP],
      ['guide', '2026-07-09', AGENT],
      ['revisit', '2026-07-06', AGENT],
    ]);

    // Every day of the quarter: the tasks and signals runs at 09:00, the digest on Mondays; the
    // follow-ups are done on their day; monthly calls on 12 August with A, D and G (not C).
    const seen: Seen[] = [];
    const collect = (day: string) => {
      for (const c of app.fake.callsTo('chat.postMessage'))
        seen.push({
          day,
          weekday: new Date(`${day}T12:00:00Z`).getUTCDay(),
          to: String(c.args.channel),
          text: String(c.args.text),
          blocks: texts(c.args.blocks),
        });
    };
    const doneOn: Record<string, [TaskKind, string, Record<string, string>]> = {
      '2026-07-06': ['revisit', AGENT, { solved: 'yes', satisfaction: '5', nps: '9' }],
      '2026-07-09': ['guide', AGENT, { summary: 'Sent the guide' }],
      '2026-07-13': ['other', REP, { summary: 'Sent the quote' }],
      '2026-08-03': ['checkin', REP, { summary: 'Usage fine, wants a second line' }],
    };
    for (
      let t = Date.parse('2026-07-03T01:00:30Z');
      t < Date.parse('2026-10-02T00:00:00Z');
      t += 86_400_000
    ) {
      const iso = new Date(t).toISOString();
      const day = iso.slice(0, 10);
      await runJobAt(app, tasksJob, iso);
      collect(day);
      await runJobAt(app, customerSignalsJob, iso);
      collect(day);
      if (new Date(t).getUTCDay() === 1) {
        await runJobAt(app, digestJob, `${day}T01:01:00Z`);
        collect(day);
      }
      const todo = doneOn[day];
      if (todo) {
        const [kind, who, form] = todo;
        const task = (await app.db.models.tasks.findOne({ kind, status: 'open' }).lean())!;
        expect(await done(String(task._id), who, form)).toContain(':white_check_mark: Done:');
      }
      if (day === '2026-08-12') {
        app.clock.set('2026-08-12T03:00:00Z');
        for (const code of [A!, D!, G!])
          await logInteraction(code, { type: 'call', summary: 'Monthly call' });
      }
    }
    const dms = (to: string) => seen.filter((s) => s.to === to);

    // Nobody is messaged on a Saturday or Sunday.
    expect(seen.filter((s) => s.weekday === 0 || s.weekday === 6)).toEqual([]);

    // The follow-up reminders: 3 days ahead (Friday 3 July for Monday's revisit), then on the day.
    const agentReminders = dms(AGENT).map((s) => `${s.day} ${s.text}`);
    expect(
      agentReminders.filter((r) => r.includes('*Revisit*')).map((r) => r.slice(0, 10)),
    ).toEqual(['2026-07-03', '2026-07-06']);
    expect(agentReminders.find((r) => r.startsWith('2026-07-03'))).toContain(
      'due 2026-07-06 (in 3 days)',
    );
    // The quote's reminder: Friday 10 July (3 days ahead) and Monday 13 July.
    const quote = dms(REP).filter((s) => s.text.includes('Send the quote'));
    expect(quote.map((s) => s.day)).toEqual(['2026-07-10', '2026-07-13']);
    // Care after the 12 August calls. Manual C's segment rows (a potential customer called every
    // 14 days) apply to the strategic and key tiers by default: D and C, normal since their first
    // orders, are cared for on the normal tier's quarterly cadence. D (called 12 August) has no care
    // contact before 10 November: only the greetings name it. C (not called): 90 days after its
    // first order of 2 July is Wednesday 30 September, told on Friday 25 September (3 days ahead is
    // a Sunday), not first on Monday "in 2 days". G (key, high-value: the key tier's 30 days):
    // Friday 11 September, told Tuesday 8 September.
    const careRows = (name: string) =>
      dms(REP)
        .filter((s) => s.day > '2026-08-12')
        .flatMap((s) =>
          s.blocks
            .filter(
              (b) =>
                b.startsWith(`*Care contact* · Customer ${name}`) ||
                b.startsWith(`*Care call* · Customer ${name}`),
            )
            .map((b) => `${s.day} ${b.split('\n')[1]}`),
        );
    expect(careRows('D')).toEqual([]);
    expect(careRows('C')).toEqual([
      '2026-09-25 Normal customer: a care contact every 90 days; cooperating since 2026-07-02 · due 2026-09-30 (in 5 days)',
      '2026-09-30 Normal customer: a care contact every 90 days; cooperating since 2026-07-02 · due *today*',
    ]);
    expect(careRows('G')).toEqual([
      '2026-09-08 Key customer: a care contact every 30 days; last contact 2026-08-12 · due 2026-09-11 (in 3 days)',
      '2026-09-11 Key customer: a care contact every 30 days; last contact 2026-08-12 · due *today*',
    ]);

    // The contract: told once, 30 days ahead, to the rep (D is normal now: not to the manager).
    const contract = seen.filter((s) => s.text.includes('The contract of'));
    expect(contract.map((s) => [s.day, s.to])).toEqual([['2026-07-21', REP]]);
    expect(contract[0]!.text).toContain(
      `:date: The contract of *Customer D* (${D}) ends on 2026-08-20 (in 30 days).`,
    );

    // C went quiet after its order of 2 July: warned once, on day 90 (30 September); nobody else.
    const churn = seen.filter((s) => s.text.includes('may churn'));
    expect(churn.map((s) => [s.day, s.to])).toEqual([['2026-09-30', REP]]);
    expect(churn[0]!.text).toContain(
      `*Customer C* (${C}) may churn: no interaction or order for 90 days. Lifecycle set to churn warning; a win-back call is planned.`,
    );

    // The weekly digests, as the manager reads them in the channel.
    const digests = seen.filter((s) => s.to === DIGEST);
    expect(digests).toHaveLength(13); // Mondays 6 July to 28 September: weeks 27 to 39
    const week27 = digests[0]!;
    expect(week27.text).toBe(
      'Weekly KPI digest · 2026-W27 (2026-06-29 – 2026-07-05): 1 new ticket, 1 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    );
    expect(week27.blocks).toContain('*New customers*\n15 (+15 vs last week)');
    // Buying customers at the week's end (the 11 leads left out, and the line says so): A
    // strategic, G key, C and D normal; moved: G up, C, D and E (revised by hand) down.
    expect(week27.blocks).toContain(
      'Customers per tier (buying customers only; 11 prospects not counted): strategic 1 · key 1 · normal 2. Tier changes this week: 1 up, 3 down.',
    );
    const week28 = digests[1]!;
    expect(week28.blocks).toContain('*Satisfaction (of 100)*\n100\nof 1 answer\n✅ target 90');
    expect(week28.blocks).toContain('*Follow-ups done on time*\n100.0%\n(2 of 2)');
    // From week 36 none of the chart's 8 weeks has a figure: said so, not "so far: 0".
    for (const quiet of digests.slice(9))
      expect(quiet.blocks.at(-1)).toBe(
        'No trend chart this week: none of the last 8 weeks has figures to draw.',
      );

    // 1 October 06:00: the quarterly tier review moves nobody (the orders are all in the window).
    await runJobAt(app, tierReviewJob, '2026-09-30T22:01:00Z');
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);

    // The manager asks for the quarterly review in Slack.
    app.clock.set('2026-10-08T02:00:00Z');
    app.fake.reset();
    await app.slack.command('/desk', 'report quarter 2026-Q3', { userId: MANAGER });
    expect(lastReply()).toBe('The 2026-Q3 report is in your direct messages from the desk.');
    const report = app.fake.callsTo('chat.postMessage').at(-1)!;
    expect(report.args.text).toBe(
      'Quarterly review · 2026-Q3 (2026-07-01 – 2026-09-30): 1 new ticket, 1 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 1 churn warning',
    );
    const figures = fields(report.args.blocks);
    expect(figures).toMatchObject({
      'New customers': '15 (+15 vs 2026-Q2)',
      'Churn warnings': '1 (+1 vs 2026-Q2)',
      Churned: '0 (±0 vs 2026-Q2)',
      'Referrals among new customers': '100.0% | 15 of 15 new customers | ✅ target 25%',
      'Revenue (orders)': '2,200,000 CNY | 2026-Q2: 0 CNY', // 1,300,000 + 600,000 + 200,000 + 100,000
      'Satisfaction (of 100)': '100 | ✅ target 90',
      'Follow-ups done on time': '100.0% | (3 of 3)',
    });
    const lines = texts(report.args.blocks).join('\n');
    expect(lines).toContain('Quarterly survey: 0 of 2 key customers surveyed'); // A and G
    expect(lines).toContain('*Strategic*: 1 customer (25.0%) · revenue 1,300,000 CNY');
    expect(lines).toContain('*Key*: 1 customer (25.0%) · revenue 600,000 CNY');
    expect(lines).toContain('*Normal*: 2 customers (50.0%) · revenue 300,000 CNY');
    expect(lines).toContain('*Tier moves in the quarter: 4 customers*');
    expect(lines).toContain(`*Customer G* (${G}): Normal → Key`);
    expect(lines).toContain(`*Customer C* (${C}): Key → Normal`);
    // Revisit, guide and check-in; A, C, D and G went from lead to buying customer.
    expect(lines).toContain(`<@${REP}>: 3 follow-ups done · 4 conversions · revenue 2,200,000 CNY`);

    // The rep's customers exported as CSV: the 15 of them, their stages as the walk left them.
    const csv = await exportCustomers(app.desk.services.customers, await ctxOf(app, REP), 'en');
    const rows = parse(csv.csv.replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.Owner === REP)).toBe(true);
    const stage = Object.fromEntries(rows.map((r) => [r.Name!.slice(-1), r.Lifecycle]));
    expect(stage).toMatchObject({
      A: 'stable',
      B: 'prospect',
      C: 'churn_warning',
      D: 'growing',
      E: 'prospect',
      G: 'growing',
    });
    expect(B).toBe('C2026002');
  }, 600_000);
});
