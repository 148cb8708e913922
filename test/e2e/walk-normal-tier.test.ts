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
        ...(contact ? { contact_name: contact } : {}),
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
    expect(czCard).toContain('*Sun Hui* · sun.hui@czv.cn · prefers email');
    const bhCard = JSON.stringify(
      (await app.slack.command('/customer', code['Binhai Textiles']!, { userId: AGENT })).body,
    );
    expect(bhCard).toContain('*Zhao Min* · opted out of holiday greetings');

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
        expect(triage).toContain(
          `8 h 0 min of business time left, due ${shown('2026-07-17 15:00')}`,
        );
        expect(triage).toContain(
          `72 h 0 min of business time left, due ${shown('2026-07-28 16:00')}`,
        );
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

    // 2 July, the first run: every customer cared for is owed a contact (long overdue: due today).
    // Eastlake (its only contact opted out of care) gets none; Hefei Glass, first met yesterday,
    // is due on Wednesday 15 July and told on Friday 10 July (3 days ahead is a Sunday).
    const firstDay = to(AGENT).find((s) => s.day === '2026-07-02')!.text;
    expect(firstDay).toContain('Your follow-up tasks (4)');
    for (const n of ['Anhui Pumps', 'Binhai Textiles', 'Changzhou Valves', 'Dalian Foods'])
      expect(firstDay).toContain(`*Care call* · ${n} (${code[n]}) · due *today*`);
    // FINDING: the care plan takes manual C's segment rows before the tier: a normal customer in
    // its first 90 days of orders (value class "potential") is owed a care call every 14 days, a
    // stable one every 30, so the normal tier's quarterly cadence (90 days, or manual B's 180)
    // applies to none of these buying customers. Domain 3/7: normal customers are the service
    // team's, cared for quarterly; calling them every two weeks over-contacts them.
    expect(firstDay).toContain(
      'Potential customer: a care call every 14 days (usage, new needs); cooperating since 2026-04-08',
    );
    const agent2First = to(AGENT2).find((s) => s.day === '2026-07-02')!.text;
    expect(agent2First).toContain('Your follow-up tasks (2)');
    expect(agent2First).toContain(`*Care call* · Fuyang Paper (${code['Fuyang Paper']})`);
    expect(agent2First).toContain(`*Care call* · Guilin Tea (${code['Guilin Tea']})`);
    expect(seen.some((s) => s.text.includes('Eastlake Printing') && s.text.includes('Care'))).toBe(
      false,
    );
    expect(to(AGENT2).find((s) => s.text.includes('Hefei Glass'))!.day).toBe('2026-07-10');

    // Every care call made in the quarter (greetings apart), per customer, counted by hand: a
    // "new" customer (first order at most 90 days old) is called 14 days after its last contact,
    // a stable one 30 days after (a date on a weekend moves to the Friday before).
    // Binhai and Changzhou: 2, 16, 30 Jul, 13 Aug (stable from 9 and 18 August), then 12 Sep, a
    // Saturday: 11 Sep. Dalian: 2, 16, 30 Jul, 13, 27 Aug (stable from 31 August; its 26 Sep call
    // moved to 25 Sep and was cancelled, below). Anhui (stable from 7 July): 2 Jul, 1 Aug (a
    // Saturday: 31 Jul), 30 Aug (a Sunday: 28 Aug). Guilin: 2 and 16 Jul; the revisit (20 Jul)
    // and the guide (24 Jul) are contacts, so 7 Aug; the check-in (17 Aug), so 31 Aug. Hefei:
    // every 14 days from 1 July. Eastlake: none (opted out). Fuyang: one, never made.
    const careCalls = (n: string) =>
      doneLog.filter((l) => l.includes(` ${n} call `)).map((l) => l.slice(0, 10));
    expect(careCalls('Anhui Pumps')).toEqual(['2026-07-02', '2026-07-31', '2026-08-28']);
    expect(careCalls('Binhai Textiles')).toEqual([
      '2026-07-02',
      '2026-07-16',
      '2026-07-30',
      '2026-08-13',
      '2026-09-11',
    ]);
    expect(careCalls('Changzhou Valves')).toEqual(careCalls('Binhai Textiles'));
    expect(careCalls('Dalian Foods')).toEqual([
      '2026-07-02',
      '2026-07-16',
      '2026-07-30',
      '2026-08-13',
      '2026-08-27',
    ]);
    expect(careCalls('Guilin Tea')).toEqual([
      '2026-07-02',
      '2026-07-16',
      '2026-08-07',
      '2026-08-31',
    ]);
    expect(careCalls('Hefei Glass')).toEqual([
      '2026-07-15',
      '2026-07-29',
      '2026-08-12',
      '2026-08-26',
      '2026-09-09',
      '2026-09-23',
    ]);
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
      firstDay.split('\n').find((l) => l.includes('Changzhou Valves') && l.includes(' · due ')),
    ).toMatch(/ · Sun Hui prefers email$/);
    expect(careCalls('Fuyang Paper')).toEqual([]);
    // FINDING: 28 care calls (3 + 5 + 5 + 5 + 4 + 6) to 6 normal customers in a quarter where the
    // normal tier's cadence asks for one each; and manual B's 180 days, set on 1 September,
    // changed nothing (Binhai's 11 September call, Hefei's 9 and 23 September ones).
    expect(doneLog.filter((l) => l.includes(' call ')).length).toBe(28);

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
        .filter((l) => l.startsWith('*Care call* · ') && l.includes(' · due '));
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
    // The greeting on 24 September was a contact: Anhui's and Dalian's care calls due on the 25th
    // were cancelled, not made the day after a greeting.
    // (Fuyang's care call due 2 July, never made, was closed by its win-back call: below.)
    const cancelled = await app.db.models.tasks.find({ status: 'cancelled', kind: 'call' }).lean();
    expect(cancelled.map((c) => [name(c.customerCode!), c.dueDate]).sort()).toEqual([
      ['Anhui Pumps', '2026-09-25'],
      ['Dalian Foods', '2026-09-25'],
      ['Fuyang Paper', '2026-07-02'],
    ]);

    // Fuyang Paper, never called: the lead reads it in the overdue list each working day until
    // AGENT2 is warned of churn on Tuesday 29 September (63 working days from 3 July to 29
    // September; the tasks run at 09:00:30 lists it before the signals run that day), 90 days
    // after its file was recorded (its last order, 4 May, is older: the inactivity counts from
    // the record's creation at the earliest). Normal tier: the lead is not told of the churn
    // warning, only the owner.
    const overdue = to(LEAD).filter((s) => s.text.startsWith('Overdue follow-up tasks'));
    expect(overdue[0]!.day).toBe('2026-07-03');
    // July 21 + August 21 + September 21 working days (to the 29th).
    expect(overdue.filter((s) => s.day <= '2026-09-30')).toHaveLength(63);
    expect(overdue.at(-1)!.day).toBe('2026-09-29');
    expect(overdue.at(-1)!.text).toContain(
      `*Care call* · Fuyang Paper (${code['Fuyang Paper']}) · <@${AGENT2}> · due 2026-07-02`,
    );
    const churn = seen.filter((s) => s.text.includes('may churn: no interaction'));
    expect(churn.map((s) => [s.day, s.to])).toEqual([['2026-09-29', AGENT2]]);
    // The one DM says the win-back call replaces the care call overdue since 2 July.
    expect(churn[0]!.text).toContain(
      `*Fuyang Paper* (${code['Fuyang Paper']}) may churn: no interaction or order for 90 days. Lifecycle set to churn warning; a win-back call is planned. It replaces the open *Care call* due 2026-07-02, now closed: one call to the customer.`,
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
      `<@${AGENT2}>: 1 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 4 h 0 min`,
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
    // the care contact, so the care call overdue since 2 July was closed when it was planned (as
    // any other contact closes it) and no new one is planned beside it.
    const fuyang = await app.db.models.tasks.find({ customerCode: code['Fuyang Paper'] }).lean();
    expect(fuyang.map((f) => [f.kind, f.dueDate, f.status, f.cancelReason ?? null]).sort()).toEqual(
      [
        ['call', '2026-07-02', 'cancelled', 'contacted'],
        ['winback', '2026-10-06', 'open', null],
      ],
    );
  }, 120_000);
});
