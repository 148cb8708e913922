// A service team's quarter (Q3 2026, Shanghai time) with eight normal-tier customers: one service
// lead, two agents who own the customers (../shared/domain.md section 3: normal customers are the
// service team's, cared for on a quarterly cadence, manual B at least once per half year, a
// setting; first response within 24 h; section 7: respect the cadence and the preferred channel,
// do not over-contact). Contacts who opted out of care or of greetings, one who prefers email, a
// customer with no contact at all; a ticket from a normal customer and its 3-7-30 follow-ups; a
// customer left uncalled who goes quiet; the holiday greetings; the weekly digests. The jobs run
// at 09:00:30 every day, at injected times; each step asserts what the agents and the lead read,
// against figures counted by hand from the walk.
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { tasksJob } from '../../jobs/tasks.js';
import { makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  AGENT,
  AGENT2,
  DIGEST,
  MANAGER as LEAD,
  shown,
  texts,
  useWalkDesk,
} from '../helpers/walk.js';

// Wednesday 1 July 2026, 10:00 in Shanghai; business hours 09:00-18:00, weekends off, no
// holidays configured; the default greeting days (Mid-Autumn 25 September, National Day 1 October).
const { app, lastModal, click, onCustomerCard, done, card, ...steps } = useWalkDesk({
  now: '2026-07-01T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
  channels: { digest: true, triage: true },
});

/** What a job run posted, by day: to whom, and everything the message shows. */
interface Seen {
  day: string;
  to: string;
  text: string;
}

// The eight customers: name, owner (the agent who serves it), first contact, the order the lead
// records for it (60,000 CNY each: normal tier, below 500,000), and the contact typed.
const CUSTOMERS: [string, string, string, string, string | undefined][] = [
  ['Anhui Pumps', AGENT, '2026-04-06', '2026-04-08', 'Wang Li'],
  ['Binhai Textiles', AGENT, '2026-05-06', '2026-05-11', 'Zhao Min'], // no holiday greetings
  ['Changzhou Valves', AGENT, '2026-05-18', '2026-05-20', 'Sun Hui'], // prefers email
  ['Dalian Foods', AGENT, '2026-06-01', '2026-06-02', undefined], // no contact on file
  ['Eastlake Printing', AGENT2, '2026-04-20', '2026-04-22', 'Liu Yang'], // no care calls
  ['Fuyang Paper', AGENT2, '2026-04-27', '2026-05-04', 'Chen Jie'], // no greetings; never called
  ['Guilin Tea', AGENT2, '2026-06-08', '2026-06-10', 'Huang Lei'], // files a ticket in July
  ['Hefei Glass', AGENT2, '2026-07-01', '2026-07-01', 'Zhou Qing'], // first met today
];

describe("a service team's quarter with eight normal-tier customers", () => {
  test('Q3 2026: care cadence, opt-outs, preferred channel, a ticket, greetings, churn and digests', async () => {
    await app.setSettings(() => ({ managers: [LEAD], agents: [AGENT, AGENT2] }));

    // 1 July: the lead types in the eight files and records each one's first order (dated back:
    // the history the team brings). Each is normal; none is flagged late (first contacted before
    // the workspace's first record, or today), so the lead is told nothing.
    const code: Record<string, string> = {};
    for (const [name, owner, first, order, contact] of CUSTOMERS) {
      const doc = await steps.newCustomer(LEAD, {
        name,
        industry: 'Manufacturing',
        source: 'referral',
        first_contact: first,
        owner,
        ...(contact ? { contact_name: contact, contact_title: 'Buyer' } : {}),
      });
      code[name] = doc.code;
      expect(await steps.recordOrder(LEAD, doc.code, order, '60,000')).toBe(
        `Recorded an order of 60,000 CNY for *${name}* (${doc.code}). Annual purchases: 60,000 CNY; tier: Normal.`,
      );
    }
    expect(Object.values(code)).toEqual(Array.from({ length: 8 }, (_, i) => `C202600${i + 1}`));
    // The agents fill in what the contacts told them: opt-outs and a preferred channel.
    const contactEdits: [string, string, Record<string, string>][] = [
      ['Binhai Textiles', AGENT, { contact_opt_outs: 'holiday greetings' }],
      ['Changzhou Valves', AGENT, { contact_channel: 'email', contact_email: 'sun.hui@czv.cn' }],
      ['Eastlake Printing', AGENT2, { contact_opt_outs: 'no care calls' }],
      ['Fuyang Paper', AGENT2, { contact_opt_outs: 'no holiday greetings' }],
    ];
    for (const [name, agent, form] of contactEdits)
      await onCustomerCard(code[name]!, 'customer_edit_open', form, agent);
    expect(app.fake.postsTo(LEAD)).toEqual([]);
    // The agent opening Changzhou's card reads that Sun Hui wants email (e96d434), and Binhai's
    // that Zhao Min wants no greetings.
    const czCard = JSON.stringify(
      (await app.slack.command('/customer', code['Changzhou Valves']!, { userId: AGENT })).body,
    );
    expect(czCard).toContain('*Sun Hui* · Buyer · sun.hui@czv.cn · prefers email');
    const bhCard = JSON.stringify(
      (await app.slack.command('/customer', code['Binhai Textiles']!, { userId: AGENT })).body,
    );
    expect(bhCard).toContain('*Zhao Min* · Buyer · opted out of holiday greetings');

    // The quarter, day by day: the tasks and signals runs at 09:00:30, the digest on Mondays.
    // The agents do each task on its due day at 11:00 (Changzhou's by email, as Sun Hui prefers),
    // except Fuyang Paper's: nobody calls it. On 1 September the lead moves the normal tier's
    // care cadence to manual B's half year (180 days).
    const seen: Seen[] = [];
    const collect = (day: string) => {
      for (const c of app.fake.callsTo('chat.postMessage'))
        seen.push({ day, to: String(c.args.channel), text: texts(c).join('\n') });
    };
    /** Tasks done: day, customer, kind, by whom. */
    const doneLog: string[] = [];
    let ticketNumber = '';
    /** How each Done form said the customer was reached, before the agent changed it. */
    const preselected: string[] = [];
    const name = (c: string) => Object.keys(code).find((n) => code[n] === c)!;
    for (
      let t = Date.parse('2026-07-02T01:00:30Z');
      t < Date.parse('2026-10-06T00:00:00Z');
      t += 86_400_000
    ) {
      const iso = new Date(t).toISOString();
      const day = iso.slice(0, 10);
      if (day === '2026-09-01')
        await app.setSettings((s) => ({ cadenceDays: { ...s.cadenceDays, normal: 180 } }));
      await runJobAt(app, tasksJob, iso);
      collect(day);
      await runJobAt(app, customerSignalsJob, iso);
      collect(day);
      if (new Date(t).getUTCDay() === 1) {
        await runJobAt(app, digestJob, `${day}T01:01:00Z`);
        collect(day);
      }
      if (day > '2026-09-30') continue;
      app.clock.set(`${day}T03:00:00Z`);
      for (const task of await app.db.models.tasks.find({ status: 'open', dueDate: day }).lean()) {
        const customer = name(task.customerCode!);
        if (customer === 'Fuyang Paper') continue;
        const form: Record<string, string> =
          task.kind === 'revisit'
            ? { solved: 'yes', satisfaction: '4', nps: '8' }
            : { summary: `${task.kind} done` };
        if (customer === 'Changzhou Valves') form.type = 'email';
        const filled = (modal: Record<string, any>) => {
          const type = modal.blocks.find((b: any) => b.block_id === 'type');
          preselected.push(`${customer} ${type.element.initial_option.value}`);
          return form;
        };
        expect(await done(String(task._id), String(task.assigneeId), filled)).toContain(
          ':white_check_mark: Done:',
        );
        doneLog.push(`${day} ${customer} ${task.kind} ${task.assigneeId}`);
      }
      if (day === '2026-07-16') {
        // Thursday 16 July 16:00: Guilin Tea's label printer jams; AGENT2 (its owner) is told at
        // once. General severity's 8 business hours are stricter than the normal tier's 24 h:
        // 16:00-18:00 (2 h) and Friday 09:00-15:00 (6 h). Resolution: 72 business hours.
        app.clock.set('2026-07-16T08:00:00Z');
        const ticket = await makeTicket(app, {
          customerCode: code['Guilin Tea']!,
          title: 'Label printer jams',
        });
        ticketNumber = ticket.number;
        expect(String(app.fake.postsTo(AGENT2).at(-1)!.args.text)).toContain(
          '(general) for your customer Guilin Tea: Label printer jams',
        );
        const triage = card(ticket.number);
        expect(triage).toContain('Guilin Tea (C2026007) · Normal');
        expect(triage).toContain(`8 h of business time left, due ${shown('2026-07-17 15:00')}`);
        expect(triage).toContain(`72 h of business time left, due ${shown('2026-07-28 16:00')}`);
        // Friday 11:00: AGENT2 claims and resolves it. Day 3 is Monday 20 July, day 7 Friday 24
        // July, day 30 Sunday 16 August, so Monday 17 August; all three are the owner's.
        app.clock.set('2026-07-17T03:00:00Z');
        for (const action of ['ticket_claim', 'ticket_resolve_open'])
          await click(action, ticket.number, AGENT2);
        expect(
          (
            await app.slack.submitView(
              lastModal(),
              { resolution: 'Cleaned the feeder' },
              { userId: AGENT2 },
            )
          ).body,
        ).toBe('');
        const followUps = await app.db.models.tasks.find({ ticketNumber: ticket.number }).lean();
        expect(followUps.map((f) => [f.kind, f.dueDate, f.assigneeId]).sort()).toEqual([
          ['checkin', '2026-08-17', AGENT2],
          ['guide', '2026-07-24', AGENT2],
          ['revisit', '2026-07-20', AGENT2],
        ]);
      }
    }
    const to = (reader: string) => seen.filter((s) => s.to === reader);
    const days = (list: Seen[]) => list.map((s) => s.day);

    // Nobody is messaged on a weekend.
    expect(seen.filter((s) => [0, 6].includes(new Date(`${s.day}T12:00:00Z`).getUTCDay()))).toEqual(
      [],
    );

    // The care plan: manual C's segment rows (a potential customer called every 14 days, a stable
    // one every 30) apply to the strategic and key tiers by default (a setting), so these normal
    // customers are cared for on the normal tier's cadence (manual A: quarterly, 90 days), counted
    // from their last contact, else from their first order (cooperating since). Nothing is due
    // on the first runs: nobody is told anything on 2 July.
    expect(seen.filter((s) => s.day === '2026-07-02')).toEqual([]);
    // Anhui (first order 8 April) is due 90 days later, Tuesday 7 July; told on Friday 3 July (3
    // days ahead is a Saturday), with the reason that applied: the tier's cadence.
    const firstDay = to(AGENT)[0]!;
    expect(firstDay.day).toBe('2026-07-03');
    expect(firstDay.text).toContain('Your follow-up tasks (1)');
    expect(firstDay.text).toContain(
      `*Care contact* · Anhui Pumps (${code['Anhui Pumps']}) · due 2026-07-07 (in 4 days) · Normal customer: a care contact every 90 days; cooperating since 2026-04-08`,
    );
    expect(seen.some((s) => s.text.includes('a care call every'))).toBe(false);
    // AGENT2's first care contact: Fuyang Paper (first order 4 May), due 90 days later, Sunday 2
    // August, so Friday 31 July; told Tuesday 28 July.
    const agent2Care = to(AGENT2).find((s) => s.text.includes('*Care contact*'))!;
    expect(agent2Care.day).toBe('2026-07-28');
    expect(agent2Care.text).toContain(
      `*Care contact* · Fuyang Paper (${code['Fuyang Paper']}) · due 2026-07-31 (in 3 days)`,
    );
    expect(seen.some((s) => s.text.includes('Eastlake Printing') && s.text.includes('Care'))).toBe(
      false,
    );
    // Hefei Glass, first met (and first order) 1 July, would be due 90 days later, Tuesday 29
    // September (planned Friday 25 September); the lead's 180 days of 1 September move it to
    // 28 December: its first message of the quarter is the Mid-Autumn greeting of 22 September.
    expect(to(AGENT2).find((s) => s.text.includes('Hefei Glass'))!.day).toBe('2026-09-22');

    // Every care contact made in the quarter (greetings apart), per customer, counted by hand:
    // 90 days after the first order (a date on a weekend moves to the Friday before), done on its
    // day, so the next one is 90 (from 1 September 180) days later, past the quarter.
    // Anhui: 8 Apr + 90 = 7 Jul. Binhai: 11 May + 90 = 9 Aug, a Sunday: 7 Aug. Changzhou: 20 May
    // + 90 = 18 Aug. Dalian: 2 Jun + 90 = 31 Aug. Guilin: 10 Jun + 90 = 8 Sep, but the ticket's
    // revisit (20 Jul), guide (24 Jul) and check-in (17 Aug) are contacts, so 15 Nov: none.
    // Hefei: none (above). Eastlake: none (opted out). Fuyang: one, never made.
    const careCalls = (n: string) =>
      doneLog
        .filter((l) => / (care|call|visit) /.test(l) && l.includes(` ${n} `))
        .map((l) => l.slice(0, 10));
    expect(careCalls('Anhui Pumps')).toEqual(['2026-07-07']);
    expect(careCalls('Binhai Textiles')).toEqual(['2026-08-07']);
    expect(careCalls('Changzhou Valves')).toEqual(['2026-08-18']);
    expect(careCalls('Dalian Foods')).toEqual(['2026-08-31']);
    expect(careCalls('Guilin Tea')).toEqual([]);
    expect(careCalls('Hefei Glass')).toEqual([]);
    expect(careCalls('Eastlake Printing')).toEqual([]);
    // Sun Hui prefers email: every Done form of Changzhou's calls and greetings started from
    // "email" (the others from "call"), and the reminders say it beside the task's words.
    expect(new Set(preselected.filter((p) => p.startsWith('Changzhou')))).toEqual(
      new Set(['Changzhou Valves email']),
    );
    expect(
      preselected.filter((p) => !p.startsWith('Changzhou')).every((p) => p.endsWith(' call')),
    ).toBe(true);
    expect(
      to(AGENT)
        .find((s) => s.text.includes('*Care contact* · Changzhou Valves'))!
        .text.split('\n')
        .find((l) => l.includes('Changzhou Valves') && l.includes(' · due ')),
    ).toMatch(/ · Sun Hui prefers email$/);
    expect(careCalls('Fuyang Paper')).toEqual([]);
    // 4 care contacts (1 + 1 + 1 + 1) in the quarter, one per customer due, as the normal tier's
    // quarterly cadence asks (was 28 calls to 6 customers while manual C's rows applied to every
    // tier); none is a call of manual C's rows.
    expect(doneLog.filter((l) => / (care|call|visit) /.test(l))).toEqual([
      `2026-07-07 Anhui Pumps care ${AGENT}`,
      `2026-08-07 Binhai Textiles care ${AGENT}`,
      `2026-08-18 Changzhou Valves care ${AGENT}`,
      `2026-08-31 Dalian Foods care ${AGENT}`,
    ]);

    // The ticket's follow-ups were done on their days by its owner.
    expect(doneLog.filter((l) => / (revisit|guide|checkin) /.test(l))).toEqual([
      `2026-07-20 Guilin Tea revisit ${AGENT2}`,
      `2026-07-24 Guilin Tea guide ${AGENT2}`,
      `2026-08-17 Guilin Tea checkin ${AGENT2}`,
    ]);
    expect(ticketNumber).toBe('T20260001');

    // Each task is told at most twice (3 days ahead, and on the day), never twice in one message.
    for (const s of seen) {
      const rows = s.text
        .split('\n')
        .filter((l) => l.startsWith('*Care contact* · ') && l.includes(' · due '));
      expect(new Set(rows).size, `${s.day} ${s.to}`).toBe(rows.length);
    }

    // The holiday greetings, each listed 3 days before its holiday and due the working day before
    // it: Mid-Autumn (Friday 25 September) listed Tuesday 22, due Thursday 24; National Day
    // (Thursday 1 October) listed Monday 28, due Wednesday 30. Six customers each:
    // Binhai and Fuyang opted out of greetings; Eastlake opted out of care calls only, so it is
    // greeted; Dalian has no contact, so its greeting names the company.
    const greetings = doneLog.filter((l) => l.includes(' greeting '));
    expect(greetings.map((l) => l.slice(0, 10) + ' ' + l.split(' ')[1])).toEqual(
      expect.arrayContaining(['2026-09-24 Anhui', '2026-09-30 Anhui']),
    );
    expect(greetings).toHaveLength(12);
    for (const n of ['Binhai Textiles', 'Fuyang Paper'])
      expect(greetings.some((l) => l.includes(n))).toBe(false);
    const agentGreetings = to(AGENT).filter((s) => s.text.includes('Holiday greeting'));
    expect(days(agentGreetings)).toEqual(['2026-09-22', '2026-09-24', '2026-09-28', '2026-09-30']);
    expect(agentGreetings[1]!.text).toContain(
      `*Holiday greeting* · Dalian Foods (${code['Dalian Foods']}) · due *today* · Mid-Autumn Festival (2026-09-25): greet Dalian Foods`,
    );
    expect(agentGreetings[1]!.text).toContain('Mid-Autumn Festival (2026-09-25): greet Sun Hui');
    // The greeting on 24 September was a contact, but no care contact was open beside the
    // greetings. The one cancelled: Fuyang's care contact due 31 July, never made, closed by its
    // win-back call (below).
    const cancelled = await app.db.models.tasks.find({ status: 'cancelled' }).lean();
    expect(cancelled.map((c) => [name(c.customerCode!), c.kind, c.dueDate])).toEqual([
      ['Fuyang Paper', 'care', '2026-07-31'],
    ]);

    // Fuyang Paper, never called: the lead reads it in the overdue list each working day from the
    // first after its due day until AGENT2 is warned of churn on Tuesday 29 September (the tasks
    // run at 09:00:30 lists it before the signals run that day, whose win-back call closes it),
    // 90 days after its file was recorded (its last order, 4 May, is older: the inactivity counts
    // from the record's creation at the earliest). Normal tier: the lead is not told of the churn
    // warning, only the owner.
    const overdue = to(LEAD).filter((s) => s.text.startsWith('Overdue follow-up tasks'));
    expect(overdue[0]!.day).toBe('2026-08-03');
    // August 21 (3-31) + September 21 (1-29) working days.
    expect(overdue.filter((s) => s.day <= '2026-09-30')).toHaveLength(42);
    expect(overdue.at(-1)!.day).toBe('2026-09-29');
    expect(overdue.at(-1)!.text).toContain(
      `*Care contact* · Fuyang Paper (${code['Fuyang Paper']}) · <@${AGENT2}> · due 2026-07-31`,
    );
    const churn = seen.filter((s) => s.text.includes('may churn: no interaction'));
    expect(churn.map((s) => [s.day, s.to])).toEqual([['2026-09-29', AGENT2]]);
    // The one DM says the win-back call replaces the care call overdue since 2 July.
    expect(churn[0]!.text).toContain(
      `*Fuyang Paper* (${code['Fuyang Paper']}) may churn: no interaction or order for 90 days. Lifecycle set to churn warning; a win-back call is planned. It replaces the open *Care contact* due 2026-07-31, now closed: one call to the customer.`,
    );

    // The weekly digests the lead reads: 14 Mondays, 6 July to 5 October (weeks 27 to 40).
    const digests = to(DIGEST);
    expect(digests).toHaveLength(14);
    // Week 27: Hefei Glass is the one new customer (the other seven are the team's history); the
    // eight buy, all normal; retention has no customers at the week's start to count.
    expect(digests[0]!.text).toContain('*New customers*\n1 (+1 vs last week)');
    expect(digests[0]!.text).toContain(
      'Customers per tier (buying customers only): strategic 0 · key 0 · normal 8. Tier changes this week: 0 up, 0 down.',
    );
    expect(digests[0]!.text).toContain('*Retention*\n–');
    // Week 29: the ticket, answered and resolved in 4 business hours (16:00-18:00, 09:00-11:00).
    expect(digests[2]!.text).toContain(
      `<@${AGENT2}>: 1 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 4 h`,
    );
    // Week 30: the revisit's 4 of 5 is 80 (below the target 90), and the revisit and the guide
    // done on their days.
    expect(digests[3]!.text).toContain('*Satisfaction (of 100)*\n80\nof 1 answer\n⚠️ target 90');
    expect(digests[3]!.text).toContain(`<@${AGENT2}>: satisfaction 80 · 2 follow-ups done`);
    // Week 40 (28 September - 4 October): Fuyang's churn warning; nobody churned, so retention
    // stays 100 %; still eight normal buying customers.
    const week40 = digests[13]!.text;
    expect(week40).toContain('Weekly KPI digest · 2026-W40');
    expect(week40).toContain('1 churn warning');
    expect(week40).toContain('*Retention*\n100.0%');
    expect(week40).toContain('normal 8.');

    // Fuyang Paper has one call open for its agent: the win-back call of 6 October stands for
    // the care contact, so the care contact overdue since 31 July was closed when it was planned
    // (as any other contact closes it) and no new one is planned beside it.
    const fuyang = await app.db.models.tasks.find({ customerCode: code['Fuyang Paper'] }).lean();
    expect(fuyang.map((f) => [f.kind, f.dueDate, f.status, f.cancelReason ?? null]).sort()).toEqual(
      [
        ['care', '2026-07-31', 'cancelled', 'contacted'],
        ['winback', '2026-10-06', 'open', null],
      ],
    );
  }, 120_000);
});
