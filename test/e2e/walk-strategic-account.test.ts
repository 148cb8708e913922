// A strategic account's "1+N" group over two months (June and July 2026, Asia/Shanghai): a sales
// director, the account manager who owns the customer and two experts serve one strategic VIP
// (>= 1,000,000 CNY a year, three years of cooperation) and one key-potential prospect. The
// customer's file and contacts (masked for the experts), the director's tier override and what
// the quarterly tier review says of it, the care plan the tier brings, a task with executor,
// helper and approver, an interaction, a ticket on the strategic 4 h target, the orders that lift
// the order frequency, a competitor contact, the contract nearing its end, the weekly digests and
// the quarterly review. Signed requests and scheduled jobs only; each step checks what each
// person reads (../shared/domain.md sections 1, 2, 3, 5, 6, 7).
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import { digestJob } from '../../jobs/digest.js';
import { tasksJob } from '../../jobs/tasks.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  at,
  DIGEST,
  EXPERT as EXPERT1,
  MANAGER as DIRECTOR, // the sales director (a manager)
  OWNER as AM, // the account manager, owner of both customers
  saved,
  textsIn as texts,
  TRIAGE,
  useWalkDesk,
} from '../helpers/walk.js';

const EXPERT2 = 'U0EXPERT02';

// Monday 1 June 2026, 10:00 in Shanghai; weekends off, no holidays configured.
const { app, lastModal, lastReply, click, onCustomerCard, done, ...steps } = useWalkDesk({
  now: '2026-06-01T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
  channels: { triage: true, digest: true },
});

/** The customer's card as `userId` reads it (`/customer C2026001`), one text a line. */
async function card(code: string, userId: string) {
  const res = await app.slack.command('/customer', code, { userId });
  return texts(res.body.blocks).join('\n');
}
async function newCustomer(form: Record<string, string>) {
  const customer = await steps.newCustomer(AM, {
    industry: 'Manufacturing',
    source: 'referral',
    owner: AM,
    ...form,
  });
  return customer.code as string;
}
async function edit(code: string, form: Record<string, string>, userId = AM) {
  await onCustomerCard(code, 'customer_edit_open', form, userId);
  return lastReply();
}
const recordOrder = (code: string, date: string, amount: string) =>
  steps.recordOrder(AM, code, date, amount);
async function logInteraction(code: string, form: Record<string, string>, userId = AM) {
  await onCustomerCard(code, 'customer_interaction_open', form, userId);
  return lastReply();
}
/** What a job run or a click sent (DMs and channel posts), by local day. */
interface Seen {
  day: string;
  to: string;
  text: string;
  blocks: string;
}
const seen: Seen[] = [];
function collect(day: string) {
  for (const c of app.fake.callsTo('chat.postMessage'))
    seen.push({
      day,
      to: String(c.args.channel),
      text: String(c.args.text),
      blocks: texts(c.args.blocks).join('\n'),
    });
}
const to = (who: string) => seen.filter((s) => s.to === who);

/** The Done form of a task, by kind, as its executor fills it in. */
function outcome(kind: string, view: Record<string, any>): Record<string, string> {
  if (kind === 'revisit') return { solved: 'yes', satisfaction: '5', nps: '9' };
  if (kind === 'survey') {
    const contact = (view.blocks as any[]).find((b) => b.block_id === 'contact');
    const wang = contact.element.options.find((o: any) => o.text.text === '王芳');
    return { contact: wang.value, satisfaction: '4', nps: '8' };
  }
  if (kind === 'winback')
    return {
      churn_reason: 'staying',
      summary: 'They stay: our service plan beats the rival offer',
    };
  return { summary: `Done: ${kind}` };
}

describe("a strategic account's 1+N group over two months", () => {
  test('June and July 2026, walked day by day', async () => {
    await app.setSettings(() => ({
      managers: [DIRECTOR],
      managerLinks: [{ managerId: DIRECTOR, manages: [AM] }],
      accountManagers: [AM],
      experts: [
        { userId: EXPERT1, skills: ['hydraulics'] },
        { userId: EXPERT2, skills: ['plc'] },
      ],
      openDesk: false,
      timeZone: 'Asia/Shanghai',
    }));

    // Monday 1 June: the account manager records the strategic customer, three years a customer,
    // with its orders of the last six months, its cooperation start and its contract's end.
    const HD = await newCustomer({
      name: 'Huadong Heavy Industry',
      first_contact: '2023-05-10',
      annual_revenue: '1200000',
      contact_name: '王芳',
      contact_title: 'Purchasing director',
      contact_phone: '138 0013 8000',
      contact_email: 'wang.fang@huadong.cn',
    });
    expect(HD).toBe('C2026001');
    let confirmation = '';
    for (const date of ['2025-12-05', '2025-12-20', '2026-01-15', '2026-03-10', '2026-04-20'])
      confirmation = await recordOrder(HD, date, '200,000');
    expect(await recordOrder(HD, '2026-05-18', '200,000')).toBe(
      `Recorded an order of 200,000 CNY for *Huadong Heavy Industry* (${HD}). Annual purchases: 1,200,000 CNY; tier: Strategic.`,
    );
    expect(confirmation).toContain('1,000,000 CNY; tier moved from Key to Strategic.');
    expect(await edit(HD, { cooperation_start: '2023-05-10', contract_end: '2026-07-10' })).toBe(
      `Saved 3 changes to *Huadong Heavy Industry* (${HD}).`,
    );

    // The file as each of the group reads it: the owner and the director (the owner's manager)
    // in clear, the experts with the phone, email and commercial figures masked.
    for (const who of [AM, DIRECTOR]) {
      const read = await card(HD, who);
      expect(read).toContain('*Tier*\nStrategic · VIP');
      expect(read).toContain('*Cooperation*\n3 years (since 2023-05-10)');
      expect(read).toContain('*Annual purchases*\n1,200,000 CNY');
      expect(read).toContain('*王芳* · Purchasing director · 138 0013 8000 · wang.fang@huadong.cn');
      expect(read).toContain('Contract end date: 2026-07-10');
    }
    for (const who of [EXPERT1, EXPERT2]) {
      const read = await card(HD, who);
      expect(read).toContain('*Tier*\nStrategic · VIP');
      expect(read).toContain('*王芳* · Purchasing director · 138****8000 · w***@huadong.cn');
      expect(read).toContain('*Annual purchases*\n***');
      expect(read).toContain('Contract end date: ***');
      for (const clear of ['138 0013 8000', '13800138000', 'wang.fang@', '1,200,000', '2026-07-10'])
        expect(read).not.toContain(clear);
    }

    // The key-potential prospect, 300,000 a year typed (normal); the director overrides its tier
    // to strategic, a reason required.
    const XR = await newCustomer({
      name: 'Xinhua Robotics',
      first_contact: '2026-06-01',
      annual_revenue: '300000',
      potential: 'key',
      contact_name: 'Zhao Lei',
      contact_title: 'CTO',
      contact_phone: '139 1234 5678',
    });
    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: XR, block_id: 'customer_actions' },
      { userId: DIRECTOR },
    );
    expect(
      (
        await app.slack.submitView(
          lastModal(),
          { tier_override: 'strategic' },
          { userId: DIRECTOR },
        )
      ).body,
    ).toEqual({
      response_action: 'errors',
      errors: { tier_override_reason: 'Say why the tier is overridden.' },
    });
    const REASON = 'Industry leader in robotics: our strategic target for 2026';
    expect(
      await edit(XR, { tier_override: 'strategic', tier_override_reason: REASON }, DIRECTOR),
    ).toBe(`Saved 2 changes to *Xinhua Robotics* (${XR}).`);
    expect(await card(XR, AM)).toContain(
      `*Tier*\nStrategic (overridden from Normal: ${REASON}) · Potential`,
    );

    // The kick-off visit, logged; its next step becomes the owner's task, signed off by the
    // director.
    expect(
      await logInteraction(HD, {
        type: 'visit',
        summary: 'Kick-off with the purchasing director',
        feedback: 'Wants faster on-site service',
        next_step: 'Send the service plan',
        next_step_date: '2026-06-05',
        next_step_approver: DIRECTOR,
      }),
    ).toBe(
      `Logged a visit with *Huadong Heavy Industry* (${HD}).\nNext step: a task for you, due 2026-06-05, signed off by <@${DIRECTOR}>.`,
    );

    // The executive visit: the first expert does it, the second helps, the director signs off.
    await app.slack.command('/task', `new ${HD}`, { userId: AM });
    saved(
      await app.slack.submitView(
        lastModal(),
        {
          customer: HD,
          kind: 'visit',
          executor: EXPERT1,
          helper: EXPERT2,
          approver: DIRECTOR,
          due: '2026-06-12',
          content: 'Executive visit: hydraulic line audit with their plant manager',
        },
        { userId: AM },
      ),
    );
    expect(lastReply()).toBe(
      `Visit for Huadong Heavy Industry (${HD}) planned for <@${EXPERT1}>, due 2026-06-12.`,
    );
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    collect('2026-06-01');
    expect(to(EXPERT2).map((s) => s.text)).toEqual([
      `:handshake: <@${AM}> asked you to help with a task: *Visit* · Huadong Heavy Industry (${HD}), done by <@${EXPERT1}>, due 2026-06-12 (in 11 days).`,
    ]);
    expect(to(DIRECTOR).map((s) => s.text)).toEqual([
      `:clipboard: <@${AM}> planned a task for you to sign off: *Task* · Huadong Heavy Industry (${HD}), done by <@${AM}>, due 2026-06-05 (in 4 days).`,
      `:clipboard: <@${AM}> planned a task for you to sign off: *Visit* · Huadong Heavy Industry (${HD}), done by <@${EXPERT1}>, due 2026-06-12 (in 11 days).`,
    ]);
    expect(to(EXPERT1)[0]!.blocks).toContain(
      `Executive visit: hydraulic line audit with their plant manager · due 2026-06-12 (in 11 days) · planned by <@${AM}> · helped by <@${EXPERT2}> · signed off by <@${DIRECTOR}>`,
    );
    seen.length = 0;

    // Tuesday 2 June 10:00: a general after-sales ticket. Its own target would be 8 business
    // hours; the strategic customer's 4 h is stricter: due at 14:00.
    app.clock.set(at('2026-06-02 10:00'));
    app.fake.reset();
    await app.slack.command('/ticket', 'new Hydraulic press leaks oil', { userId: EXPERT2 });
    saved(
      await app.slack.submitView(
        lastModal(),
        {
          customer: HD,
          type: 'after_sales',
          severity: 'general',
          channel: 'phone',
          description: 'Press 4 leaks oil at the main cylinder',
        },
        { userId: EXPERT2 },
      ),
    );
    const ticket = (await app.db.models.tickets
      .findOne({ title: 'Hydraulic press leaks oil' })
      .lean())!;
    expect(ticket.responseDueAt).toEqual(at('2026-06-02 14:00'));
    const triageCard = texts(app.fake.postsTo(TRIAGE)[0]!.args.blocks).join('\n');
    expect(triageCard).toContain('Huadong Heavy Industry (C2026001) · Strategic');
    expect(triageCard).toContain(
      '*First response due*\n4 h of business time left, due <!date^1780380000^{date_short_pretty} {time}|2026-06-02 14:00 GMT+8>',
    );
    expect(String(app.fake.postsTo(AM)[0]!.args.text)).toContain(
      `(general) for your customer Huadong Heavy Industry: Hydraulic press leaks oil`,
    );
    // The first expert claims it at 11:00 and resolves it at 11:40: the 3-7-30 follow-ups.
    app.clock.set(at('2026-06-02 11:00'));
    for (const action of ['ticket_claim', 'ticket_resolve_open'])
      await click(action, ticket.number, EXPERT1);
    app.clock.set(at('2026-06-02 11:40'));
    saved(
      await app.slack.submitView(
        lastModal(),
        { resolution: 'Replaced the main cylinder seal' },
        { userId: EXPERT1 },
      ),
    );
    const followUps = await app.db.models.tasks.find({ ticketNumber: ticket.number }).lean();
    expect(followUps.map((t) => [t.kind, t.dueDate, t.assigneeId]).sort()).toEqual([
      ['checkin', '2026-07-02', AM],
      ['guide', '2026-06-09', EXPERT1],
      ['revisit', '2026-06-05', EXPERT1],
    ]);

    // Every day of June and July: the tasks and signals runs at 09:00, the digest on Mondays,
    // the tier review on 1 July at 06:00; each task is done on its day by its executor.
    const events: Record<string, () => Promise<string>> = {
      // An order lifts the order frequency: 3 in April to June against 2 in January to March.
      '2026-06-16': () => recordOrder(HD, '2026-06-16', '300,000'),
      // The purchasing director mentions a rival's offer.
      '2026-07-08': () => edit(HD, { competitor_contact: 'yes' }),
    };
    const told: Record<string, string> = {};
    const doneTasks: [string, string, string, string][] = [];
    for (
      let t = Date.parse('2026-06-02T01:00:30Z');
      t < Date.parse('2026-08-01T00:00:00Z');
      t += 86_400_000
    ) {
      const iso = new Date(t).toISOString();
      const day = iso.slice(0, 10);
      if (day === '2026-07-01') {
        await runJobAt(app, tierReviewJob, at('2026-07-01 06:01').toISOString());
        collect(day);
      }
      await runJobAt(app, tasksJob, iso);
      collect(day);
      await runJobAt(app, customerSignalsJob, iso);
      collect(day);
      if (new Date(t).getUTCDay() === 1) {
        await runJobAt(app, digestJob, at(`${day} 09:01`).toISOString());
        collect(day);
      }
      app.clock.set(at(`${day} 15:00`));
      const event = events[day];
      if (event) told[day] = await event();
      for (const task of await app.db.models.tasks
        .find({ status: 'open', dueDate: trusted({ $lte: day }) })
        .lean()) {
        app.fake.reset();
        const form = (modal: Record<string, any>) => outcome(task.kind, modal);
        expect(await done(String(task._id), task.assigneeId, form)).toContain(
          ':white_check_mark: Done:',
        );
        doneTasks.push([day, task.kind, task.assigneeId, String(task.customerId)]);
        app.clock.advance(10_000);
        await app.desk.outbox.drain();
        collect(day);
      }
    }
    const lines = (who: string) => to(who).map((s) => `${s.day} ${s.text}`);
    const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

    // Nobody is messaged on a Saturday or Sunday.
    expect(seen.filter((s) => weekday(s.day) === 0 || weekday(s.day) === 6)).toEqual([]);

    // The executive visit: its executor reminded 3 days ahead (Tuesday 9 June) and on the day;
    // the helper and the approver are not reminded; the approver is told it was done.
    expect(lines(EXPERT1).filter((l) => l.includes('*Visit*'))).toEqual([
      expect.stringMatching(
        /^2026-06-09 .*\*Visit\* · Huadong Heavy Industry \(C2026001\) · due 2026-06-12 \(in 3 days\)/s,
      ),
      expect.stringMatching(
        /^2026-06-12 .*\*Visit\* · Huadong Heavy Industry \(C2026001\) · due \*today\*/s,
      ),
    ]);
    expect(to(EXPERT2)).toEqual([]);
    expect(lines(DIRECTOR).filter((l) => l.includes('completed a task'))).toEqual([
      `2026-06-05 :white_check_mark: <@${AM}> completed a task you sign off: *Task* · Huadong Heavy Industry (${HD}).`,
      `2026-06-12 :white_check_mark: <@${EXPERT1}> completed a task you sign off: *Visit* · Huadong Heavy Industry (${HD}).`,
    ]);

    // The contract's end: told once, 30 days ahead, to the owner and to the director, who reads
    // whose customer it is.
    const contract = seen.filter((s) => s.text.includes('The contract of'));
    expect(contract.map((s) => [s.day, s.to])).toEqual([
      ['2026-06-10', AM],
      ['2026-06-10', DIRECTOR],
    ]);
    expect(contract[1]!.text).toBe(
      `Customer signals for you today (1)\n:date: The contract of *Huadong Heavy Industry* (${HD}) ends on 2026-07-10 (in 30 days). _A key customer of <@${AM}>._`,
    );

    // The care the tiers bring. The VIP: the quarterly business review and the satisfaction
    // survey, due the quarter's last working day (Tuesday 30 June), told on Friday 26 June.
    const am = lines(AM);
    expect(am.find((l) => l.startsWith('2026-06-26'))).toContain(
      '*Quarterly business review* · Huadong Heavy Industry (C2026001) · due 2026-06-30 (in 4 days)',
    );
    expect(am.find((l) => l.startsWith('2026-06-26'))).toContain(
      '*Satisfaction survey* · Huadong Heavy Industry (C2026001) · due 2026-06-30 (in 4 days)',
    );
    // The key-potential prospect, overridden to strategic by the director: a care call every 14
    // days from its first contact, each told 3 days ahead and on the day, never dropped for the
    // override.
    const xinhua = am.filter((l) => l.includes('*Care call* · Xinhua Robotics'));
    expect(xinhua.map((l) => l.slice(0, 10))).toEqual([
      '2026-06-12',
      '2026-06-15',
      '2026-06-26',
      '2026-06-29',
      '2026-07-10',
      '2026-07-13',
      '2026-07-24',
      '2026-07-27',
    ]);
    expect(xinhua[0]).toContain(
      '*Care call* · Xinhua Robotics (C2026002) · due 2026-06-15 (in 3 days) · Potential customer: a care call every 14 days (usage, new needs); first contact 2026-06-01',
    );
    expect(doneTasks.filter(([, kind]) => kind === 'call')).toHaveLength(4);
    // Dragon Boat Festival (Friday 19 June): the VIP's contact greeted, planned on Tuesday 16.
    expect(am.find((l) => l.startsWith('2026-06-16'))).toBe(
      '2026-06-16 Dragon Boat Festival is on 2026-06-19: 1 customer to greet',
    );

    // The order of 16 June lifts the order frequency: the upsell signal on 1 July, to the owner
    // and the sales director (manual B: they meet a customer buying 30 % more).
    expect(told['2026-06-16']).toBe(
      `Recorded an order of 300,000 CNY for *Huadong Heavy Industry* (${HD}). Annual purchases: 1,500,000 CNY; tier: Strategic.`,
    );
    const upsell = seen.filter((s) => s.text.includes('Upsell'));
    expect(upsell.map((s) => [s.day, s.to])).toEqual([
      ['2026-07-01', AM],
      ['2026-07-01', DIRECTOR],
    ]);
    expect(upsell[0]!.text).toContain(
      `:chart_with_upwards_trend: Upsell: *Huadong Heavy Industry* (${HD}) placed 3 orders in the 3 full months before this one, up from 2 in the 3 before those.`,
    );
    expect(upsell[1]!.text).toContain(
      `up from 2 in the 3 before those. _Account manager: <@${AM}>. Worth meeting the customer with them._`,
    );

    // The quarterly tier review on 1 July moves nobody: the VIP's purchases keep it strategic and
    // the director's override stays.
    expect(seen.filter((s) => s.text.includes('tier'))).toEqual([]);
    const xr = (await app.db.models.customers.findOne({ code: XR }).lean())!;
    expect(xr).toMatchObject({
      tier: 'strategic',
      computedTier: 'normal',
      tierOverride: { tier: 'strategic', reason: REASON, by: DIRECTOR },
    });

    // The competitor contact of 8 July: the churn warning on 9 July, to the owner and the
    // director; the win-back call due 7 days later, told on 13 and 16 July, done "not leaving".
    const churn = seen.filter((s) => s.text.includes(':warning:'));
    expect(churn.map((s) => [s.day, s.to])).toEqual([
      ['2026-07-09', AM],
      ['2026-07-09', DIRECTOR],
    ]);
    expect(churn[1]!.text).toContain(
      `:warning: *Huadong Heavy Industry* (${HD}) may churn: a competitor contact is on record. Lifecycle set to churn warning; a win-back call is planned. _A key customer of <@${AM}>._`,
    );
    expect(am.filter((l) => l.includes('*Win-back call*')).map((l) => l.slice(0, 10))).toEqual([
      '2026-07-13',
      '2026-07-16',
    ]);
    // Every task was done on its day: none listed overdue to the director.
    expect(lines(DIRECTOR).filter((l) => l.includes('Overdue'))).toEqual([]);

    // The weekly digests, as the director reads them in the channel.
    const digests = to(DIGEST);
    expect(digests.map((d) => d.day)).toEqual([
      '2026-06-08',
      '2026-06-15',
      '2026-06-22',
      '2026-06-29',
      '2026-07-06',
      '2026-07-13',
      '2026-07-20',
      '2026-07-27',
    ]);
    expect(digests[0]!.text).toBe(
      'Weekly KPI digest · 2026-W23 (2026-06-01 – 2026-06-07): 1 new ticket, 1 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    );
    expect(digests[0]!.blocks).toContain(
      'Customers per tier (buying customers only; 1 prospect not counted): strategic 1 · key 0 · normal 0. Tier changes this week: 1 up, 0 down.',
    );
    // Its move was the director's override, not its purchases: said so (the reason not in the
    // channel).
    expect(digests[0]!.blocks).toContain(
      `*Xinhua Robotics* (${XR}): Normal → Strategic · set by a manager's override, not by its purchases`,
    );
    expect(digests[0]!.blocks).not.toContain(REASON);
    expect(digests[5]!.text).toBe(
      'Weekly KPI digest · 2026-W28 (2026-07-06 – 2026-07-12): 0 new tickets, 0 resolved; resolutions within SLA: –, first responses on time: –; 1 churn warning',
    );

    // The director asks for the quarterly review of Q2 in Slack on 2 July.
    app.clock.set(at('2026-07-02 10:00'));
    app.fake.reset();
    await app.slack.command('/desk', 'report quarter 2026-Q2', { userId: DIRECTOR });
    expect(lastReply()).toBe('The 2026-Q2 report is in your direct messages from the desk.');
    const report = app.fake.callsTo('chat.postMessage').at(-1)!;
    expect(report.args.text).toBe(
      'Quarterly review · 2026-Q2 (2026-04-01 – 2026-06-30): 1 new ticket, 1 resolved; resolutions within SLA: 100.0%, first responses on time: 100.0%; 0 churn warnings',
    );
    const read = texts(report.args.blocks).join('\n');
    // The survey answered 4 and NPS 8 (a passive): satisfaction 80, NPS 0.
    expect(read).toContain(
      'Quarterly survey: 1 of 1 key customer surveyed, satisfaction 80, NPS 0',
    );
    // Orders: 10 March (Q1: with 15 January, 400,000); 20 April, 18 May and 16 June (Q2).
    expect(read).toContain('*Revenue (orders)*\n700,000 CNY\n2026-Q1: 400,000 CNY');
    expect(read).toContain(
      '*Strategic*: 1 customer (100.0%) · revenue 700,000 CNY (+75% vs 2026-Q1), 100.0% of all · satisfaction 100 (✅ target 90)',
    );
    // The director reads the override's reason (from the override in force, not the stored
    // figures), and the quarterly review lists the tier it holds against the purchases' tier.
    expect(read).toContain(
      `*Tier moves in the quarter: 1 customer*\n*Xinhua Robotics* (${XR}): Normal → Strategic · set by a manager's override, not by its purchases: “${REASON}” · annual purchases 300,000 CNY`,
    );
    expect(read).toContain(
      `*Tiers held by an override: 1 customer*\n*Xinhua Robotics* (${XR}): Strategic, its purchases give Normal · set by <@${DIRECTOR}> on 2026-06-01`,
    );
    expect(read).toContain(
      `<@${EXPERT1}>: 1 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 1 h 40 min · satisfaction 100 · 2 follow-ups done`,
    );
  }, 600_000);
});
