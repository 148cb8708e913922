// An agent leaves (Shanghai, 2026-11-30 to 2026-12-18, business hours 09:00-18:00, Wednesday
// 9 December a holiday): a lead (manager), three agents, an expert and two account managers.
// Agent A holds tickets in every state, tasks as executor, helper and approver, and owns two
// customers. A leaves on Monday evening: Slack answers `user_disabled` to every DM for them; the
// lead is told once; the lead hands A's tickets and tasks to agent B, then the customers (and what
// B could not take) to agent C, with `/desk handover`. The weeks go on: SLA sweeps, reminders, the
// waiting ticket's customer answers, the revisits fall due, two weekly digests. Each step goes
// through signed requests or a scheduled job with an injected clock, and asserts what each person
// reads: A nothing after leaving, B one DM per hand-over, the cards naming the new holder, nobody
// told twice.
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { Job } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';
import {
  ADMIN,
  AGENT as A, // Zhao Lei, the agent who leaves
  AGENT2 as B, // Qian Hao, takes A's tickets and tasks
  ALERTS,
  at,
  DIGEST,
  EXPERT, // Sun Wei, L2
  MANAGER as LEAD, // Liu Yang, the service lead
  OWNER as AM1, // Zhou Min, account manager
  postLog,
  saved,
  TRIAGE,
  useWalkDesk,
} from '../helpers/walk.js';

const C = 'U0AGENT003'; // Wu Fang, takes A's customers and what B could not take
const AM2 = 'U0OWNER002'; // Zheng Kai, account manager
const SHARED = 'C0SHARED02';
const BUYER = 'U0BUYER001'; // a buyer of Shenzhen Trading, in their shared channel

// Monday 2026-11-30 08:30 in Shanghai.
const { app, lastModal, click, ticket, card, say } = useWalkDesk({
  now: '2026-11-30T00:30:00Z',
  admin: ADMIN,
  channels: { triage: true, alerts: true, digest: true },
});
const log = postLog(app);
const told = log.told;

/** Slack answers `user_disabled` to every DM for A from `leave()` on (the fake's reset clears it). */
let left = false;
/** Every post Slack was asked to make to A after they left (each refused). */
const triedA: string[] = [];
const leave = () => {
  left = true;
  app.fake.refuseChannel(A, 'user_disabled');
};
/** The fake's record cleared (what Slack took is in `log`), A still refused once they left. */
function slackBack() {
  log.collect();
  const calls = [...app.fake.calls];
  app.fake.reset();
  log.cleared();
  for (const c of calls)
    if (left && c.method === 'chat.postMessage' && c.args.channel === A)
      triedA.push(String(c.args.text));
  if (left) app.fake.refuseChannel(A, 'user_disabled');
}
/** A job's due slots as of a Shanghai time, then the worker's passes (past any back-off). */
async function runJob(job: Job, local: string) {
  slackBack();
  app.clock.set(at(local).toISOString());
  await runDue(jobDeps(app), [job]);
  await passes(3);
}
/** Worker passes 31 minutes apart (past the longest back-off), `n` of them. */
async function passes(n: number) {
  for (let i = 0; i < n; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
}
const set = (local: string) => app.clock.set(at(local).toISOString());
/** The lead's "no longer receives Slack messages" DMs in the whole walk. */
const unreachableDms = () => told(LEAD).filter((m) => m.includes('no longer receives Slack'));

/** /task new by `by`, saved. */
async function newTask(by: string, form: Record<string, string>) {
  await app.slack.command('/task', 'new', { userId: by });
  saved(await app.slack.submitView(lastModal(), form, { userId: by }));
}
/** /desk handover by the lead, saved: the lead's summary (a DM). */
async function handOver(to: string, what: string) {
  await app.slack.command('/desk', 'handover', { userId: LEAD });
  saved(await app.slack.submitView(lastModal(), { from: A, to, what }, { userId: LEAD }));
  await passes(1);
  return log
    .toldText(LEAD)
    .filter((m) => m.startsWith('Hand-over'))
    .at(-1);
}
const openTasksOf = async (user: string) =>
  (
    await app.db.models.tasks
      .find({
        status: 'open',
        $or: [{ assigneeId: user }, { helperId: user }, { approverId: user }],
      })
      .lean()
  ).map((t: any) => t.kind as string);

describe('an agent leaves', () => {
  test('tickets in every state, tasks in every role and customers handed over in two goes; three weeks of sweeps, reminders, an answer, revisits and digests', async () => {
    await app.setSettings((s) => ({
      managers: [LEAD],
      agents: [A, B, C],
      experts: [{ userId: EXPERT, skills: ['optics'] }],
      accountManagers: [AM1, AM2],
      timeZone: 'Asia/Shanghai',
      locale: 'en',
      businessHours: { ...s.businessHours, holidays: ['2026-12-09'] },
    }));
    set('2026-11-30 08:30');
    // A's customers: a key one and a normal one (its care call due, an upgrade intent to come).
    const optics = await makeCustomer(app, {
      name: 'Beijing Optics',
      annualRevenue: 600_000,
      ownerId: A,
      lifecycle: 'active',
    });
    const trading = await makeCustomer(app, {
      name: 'Shenzhen Trading',
      annualRevenue: 80_000,
      ownerId: A,
      firstContactDate: '2026-08-31',
      lifecycle: 'active',
    });
    const huadong = await makeCustomer(app, { name: 'Huadong Machinery', ownerId: AM1 });
    const fuyang = await makeCustomer(app, { name: 'Fuyang Paper', ownerId: AM2 });
    await linkSharedChannel(app, SHARED, trading.code, ADMIN);

    // Monday 09:00 the daily tasks: a care contact for each of A's customers, due today.
    await runJob(tasksJob, '2026-11-30 09:00');
    expect((await openTasksOf(A)).sort()).toEqual(['care', 'care']);

    // Monday morning, A's tickets: one A filed (new, nobody's yet), one A claimed, one from
    // Shenzhen Trading's shared channel waiting on its buyer, one A escalated to the expert, one
    // A resolved (its 3-7-30 follow-ups A's: revisit, guide, and the owner's check-in).
    set('2026-11-30 09:10');
    const tNew = await makeTicket(app, { customerCode: huadong.code, title: 'Manual request' }, A);
    const tAssigned = await makeTicket(app, {
      customerCode: optics.code,
      title: 'Lens coating spots',
      severity: 'important',
      type: 'after_sales',
    });
    await click('ticket_claim', tAssigned.number, A);
    const root = await say(SHARED, BUYER, 'Scanner drops the connection every hour');
    const tWaiting = (await app.db.models.tickets
      .findOne({ 'conversation.channel': SHARED })
      .lean())!;
    await click('ticket_claim', tWaiting.number, A);
    set('2026-11-30 09:40');
    await click('ticket_wait_open', tWaiting.number, A);
    saved(await app.slack.submitView(lastModal(), { question: 'Which firmware?' }, { userId: A }));
    const tL2 = await makeTicket(app, {
      customerCode: optics.code,
      title: 'Optics calibration drifts',
      type: 'after_sales',
    });
    await click('ticket_claim', tL2.number, A);
    await click('ticket_escalate_open', tL2.number, A);
    saved(
      await app.slack.submitView(lastModal(), { reason: 'Needs the optics bench' }, { userId: A }),
    );
    const tDone = await makeTicket(app, { customerCode: optics.code, title: 'Invoice copy' });
    await click('ticket_claim', tDone.number, A);
    set('2026-11-30 10:30');
    await click('ticket_resolve_open', tDone.number, A);
    saved(await app.slack.submitView(lastModal(), { resolution: 'Sent the copy' }, { userId: A }));
    await passes(1);
    expect((await ticket(tL2.number)).assigneeId).toBe(EXPERT);

    // Tasks: A's own visit, A helping AM1's call, A signing off B's call.
    await newTask(AM1, {
      customer: huadong.code,
      kind: 'visit',
      executor: A,
      due: '2026-12-03',
      content: 'Visit the plant',
    });
    await newTask(AM1, {
      customer: huadong.code,
      kind: 'call',
      executor: AM1,
      helper: A,
      due: '2026-12-02',
      content: 'Price list call',
    });
    await newTask(AM1, {
      customer: fuyang.code,
      kind: 'call',
      executor: B,
      approver: A,
      due: '2026-12-04',
      content: 'Paper grade survey',
    });
    // 11:00 agent C logs an upgrade intent on Shenzhen Trading: a task for its owner, A.
    set('2026-11-30 11:00');
    await app.slack.blockAction(
      { action_id: 'customer_interaction_open', value: trading.code, block_id: 'customer_actions' },
      { userId: C },
    );
    saved(
      await app.slack.submitView(
        lastModal(),
        {
          type: 'call',
          summary: 'Asked about scanners',
          upgrade_intent: 'yes',
          upgrade_what: '20 more scanners',
        },
        { userId: C },
      ),
    );
    await passes(1);
    expect((await openTasksOf(A)).sort()).toEqual(
      ['call', 'call', 'care', 'care', 'checkin', 'guide', 'revisit', 'upgrade', 'visit'].sort(),
    );

    // Monday 18:30 A leaves: Slack answers `user_disabled` to their DMs from now on.
    set('2026-11-30 18:30');
    leave();
    const m1 = log.mark();
    // Tuesday: the tasks run (C's call logged on Shenzhen Trading closed its care contact), then
    // the 09:30 sweep escalates A's unanswered Lens ticket to the expert (L2) on breach. Their
    // DMs to A are refused; the lead reads once what A still holds: Optics calibration is the
    // expert's, so 2 tickets (Lens coating at that moment, the waiting one); 8 tasks (the 9
    // above but Shenzhen Trading's care contact); 2 customers.
    await runJob(tasksJob, '2026-12-01 09:00');
    await runJob(slaAlertsJob, '2026-12-01 09:30');
    expect(triedA.length).toBeGreaterThan(0);
    expect(told(A, m1)).toEqual([]);
    expect(unreachableDms()).toEqual([
      expect.stringContaining(
        `:warning: <@${A}> no longer receives Slack messages and holds 2 open tickets, 8 open tasks, 2 customers. Hand them over with \`/desk handover\`.`,
      ),
    ]);
    expect((await ticket(tAssigned.number)).assigneeId).toBe(EXPERT);
    expect((await ticket(tNew.number)).assigneeId).toBe(EXPERT);

    // Tuesday 10:00 the lead hands A's tickets and tasks to B. The call A signs off is B's own:
    // not moved, said why; the owner's tasks of A's customers (the upgrade intent, the 30-day
    // check-in, Beijing Optics' care contact) go with the customers, said why.
    set('2026-12-01 10:00');
    const m2 = log.mark();
    const withCustomer = `An owner’s task: it goes with its customer to whoever takes the customer (tick “Customers they own”).`;
    expect(await handOver(B, 'tickets,tasks')).toBe(
      `Hand-over from <@${A}> to <@${B}>: 1 ticket, 4 tasks, 0 customers moved; 4 not moved:\n` +
        `• Task *Care call* · Fuyang Paper (${fuyang.code}): Pick someone other than who does it: nobody signs off their own task.\n` +
        `• Task *Care contact* · Beijing Optics (${optics.code}): ${withCustomer}\n` +
        `• Task *Upgrade intent: contact* · Shenzhen Trading (${trading.code}): ${withCustomer}\n` +
        `• Task *Account check-in* · Beijing Optics (${optics.code}) · ${tDone.number}: ${withCustomer}`,
    );
    // B reads one DM for the whole hand-over, not one per record.
    const toB = told(B, m2);
    expect(toB).toHaveLength(1);
    expect(toB[0]).toContain(
      `:inbox_tray: <@${LEAD}> handed you the work of <@${A}>: 1 open ticket, 4 tasks, 0 customers.`,
    );
    expect(toB[0]).not.toContain('Upgrade intent');
    expect(toB[0]).not.toContain('Account check-in');
    // The waiting ticket is B's, still waiting; its card names B; its thread says so once.
    expect(await ticket(tWaiting.number)).toMatchObject({ assigneeId: B, status: 'waiting' });
    expect(card(tWaiting.number)).toContain(`<@${B}>`);
    expect(told(TRIAGE, m2)).toEqual([`<@${LEAD}> assigned it to <@${B}>.`]);
    // AM1 is told who helps with their call now; A and the lead nothing.
    expect(told(AM1, m2)).toEqual([
      expect.stringContaining(
        `:pencil2: <@${LEAD}> changed your task *Care call* · Huadong Machinery (${huadong.code}): who helps.`,
      ),
    ]);
    // The lead: the summary alone.
    expect(told(LEAD, m2)).toEqual([expect.stringMatching(/^Hand-over from /)]);
    expect(told(A, m2)).toEqual([]);

    // Wednesday 10:00 the rest to C: the customers and the call to sign off.
    set('2026-12-02 10:00');
    const m3 = log.mark();
    expect(await handOver(C, 'tickets,tasks,customers')).toBe(
      `Hand-over from <@${A}> to <@${C}>: 0 tickets, 4 tasks, 2 customers moved.\n` +
        `3 tasks that come with owning a customer went with the customers to their new owner.\n` +
        `:warning: <@${C}> holds no account manager role: the L3 escalations of these customers go to them as “the account manager”. Make them one in \`/desk roles\`, or hand the customers to an account manager.`,
    );
    expect(told(C, m3)).toEqual([
      expect.stringContaining(
        `:inbox_tray: <@${LEAD}> handed you the work of <@${A}>: 0 open tickets, 4 tasks, 2 customers.`,
      ),
    ]);
    expect(told(C, m3)[0]).toContain(
      `• Task: *Upgrade intent: contact* · Shenzhen Trading (${trading.code}) (with its customer: an owner’s task)`,
    );
    expect(told(C, m3)[0]).toContain(
      `• Task: *Account check-in* · Beijing Optics (${optics.code}) · ${tDone.number} (with its customer: an owner’s task)`,
    );
    expect(told(C, m3)[0]).toContain(
      `• Customers: Beijing Optics (${optics.code}), Shenzhen Trading (${trading.code})`,
    );
    expect(told(B, m3)).toEqual([
      expect.stringContaining(
        `changed your task *Care call* · Fuyang Paper (${fuyang.code}): approver.`,
      ),
    ]);
    expect(await openTasksOf(A)).toEqual([]);
    slackBack();
    const triedBefore = triedA.length;

    // The owner's tasks went with the customers: the upgrade intent (meant for the customer's
    // owner, "goes to sales"), the 30-day check-in and Beijing Optics' care contact are C's, as
    // the files are; the daily planning keeps giving them to the owner.
    expect((await openTasksOf(C)).sort()).toEqual(['call', 'care', 'checkin', 'upgrade']);
    expect(
      (await openTasksOf(B)).filter((k) => ['upgrade', 'checkin', 'care'].includes(k)),
    ).toEqual([]);
    expect((await app.db.models.customers.findOne({ code: trading.code }).lean())!.ownerId).toBe(C);

    // Wednesday 14:00 the buyer answers in their thread: the ticket runs again, B is told once.
    set('2026-12-02 14:00');
    const m4 = log.mark();
    await say(SHARED, BUYER, 'Firmware 2.0.1', root);
    await passes(1);
    expect(told(B, m4)).toEqual([
      expect.stringContaining(
        `for Shenzhen Trading (“Scanner drops the connection every hour”) is back in progress: <@${BUYER}> replied in its conversation.`,
      ),
    ]);
    expect(await ticket(tWaiting.number)).toMatchObject({ assigneeId: B, status: 'assigned' });

    // The weeks go on: the tasks each working morning, the sweep at 10:00, the digests on
    // Mondays; Tuesday 8 December 11:00 each open ticket is resolved by whoever holds it.
    const m5 = log.mark();
    for (const d of ['03', '04', '07', '08', '10', '11', '14', '15', '16', '17', '18']) {
      await runJob(tasksJob, `2026-12-${d} 09:00`);
      await runJob(slaAlertsJob, `2026-12-${d} 10:00`);
      if (d === '07' || d === '14') await runJob(digestJob, `2026-12-${d} 09:05`);
      if (d === '03') {
        // The 10:00 sweep escalates Lens coating and Optics calibration (the expert's since A's
        // L2 and the breach) to L3 "the account manager": the customer's owner, C, an agent, as
        // the hand-over's summary warned (Edit customer takes any owner too).
        expect((await ticket(tAssigned.number)).assigneeId).toBe(C);
        expect(told(ALERTS, m5).join('\n')).toContain(
          `Lens coating spots · Beijing Optics: escalated to L3, the account manager · handled by <@${C}>`,
        );
      }
      if (d === '08') {
        set('2026-12-08 11:00');
        for (const t of [tWaiting, tAssigned, tNew, tL2]) {
          const by = (await ticket(t.number)).assigneeId!;
          await click('ticket_resolve_open', t.number, by);
          saved(await app.slack.submitView(lastModal(), { resolution: 'Fixed' }, { userId: by }));
        }
        await passes(1);
      }
    }
    // B is reminded of what they took (the revisit and visit due 3 December, the guide of
    // 7 December...), and of the follow-ups of the ticket they resolved; C of theirs.
    expect(told(C, m5).join('\n')).toContain(
      `*Upgrade intent: contact* · Shenzhen Trading (${trading.code}) · due 2026-12-02 (*1 day late*) · 20 more scanners`,
    );
    expect(told(B, m5).join('\n')).not.toContain('Upgrade intent');
    expect(told(B, m5).join('\n')).toContain(`*Revisit* · Shenzhen Trading (${trading.code})`);
    expect(told(C, m5).join('\n')).toContain(`*Revisit* · Beijing Optics (${optics.code})`);

    // The digests, counted by hand. W49 (30 Nov - 6 Dec): 5 tickets opened (Manual request, Lens
    // coating, Scanner, Optics calibration, Invoice copy), 1 resolved (Invoice copy, by A at
    // 10:30 Monday, answered at first contact in 50 business minutes): A's line, 1 resolved.
    // The handed-over tickets are credited to nobody yet. W50 (7-13 Dec): the 4 others
    // resolved on 8 December: C 2 (Lens coating and Optics calibration, at L3), B 1 (Scanner,
    // its first response A's question: B has no first-response figure), the expert 1 (Manual
    // request: Huadong is under the key line, so it stayed with him at L2, no L3 to AM1).
    const digests = told(DIGEST, m5);
    expect(digests).toHaveLength(2);
    expect(digests[0]).toMatch(
      /^Weekly KPI digest · 2026-W49 \(2026-11-30 – 2026-12-06\): 5 new tickets, 1 resolved;/,
    );
    expect(digests[0]).toContain(
      `*Per agent*\n<@${A}>: 1 resolved · 100.0% within SLA · first responses on time 100.0% · first-contact resolution 100.0% · handling time 50 min`,
    );
    expect(digests[0]).not.toContain(`<@${B}>:`);
    expect(digests[1]).toMatch(
      /^Weekly KPI digest · 2026-W50 \(2026-12-07 – 2026-12-13\): 0 new tickets, 4 resolved;/,
    );
    const perAgent = digests[1]!.split('*Per agent*\n')[1]!.split('\n');
    expect(perAgent).toEqual([
      `<@${C}>: 2 resolved · 100.0% within SLA · first responses on time 0.0% · first-contact resolution 0.0% · handling time 55 h 35 min`,
      `<@${B}>: 1 resolved · 100.0% within SLA · first-contact resolution 0.0% · handling time 33 h 30 min`,
      `<@${EXPERT}>: 1 resolved · 100.0% within SLA · first responses on time 0.0% · first-contact resolution 0.0% · handling time 55 h 50 min`,
    ]);

    // A read nothing after leaving, and once they held nothing the desk stopped writing to them;
    // the lead was told once in three weeks; nothing went out twice.
    slackBack();
    expect(told(A, m1)).toEqual([]);
    expect(triedA.length).toBe(triedBefore);
    expect(unreachableDms()).toHaveLength(1);
    const seen = log.taken.map((c) => `${c.args.channel} ${c.args.thread_ts ?? ''} ${c.args.text}`);
    expect(seen.filter((s, i) => seen.indexOf(s) !== i)).toEqual([]);
  }, 120_000);
});
