import { beforeEach, describe, expect, test, vi } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { ALERTS, slaSteps, TRIAGE, useSlaAlertsApp } from '../helpers/sla-alerts.js';
import { failCalls } from '../helpers/faults.js';
import { captureLogs } from '../helpers/logs.js';
import { createLogger } from '../../src/logger.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import type { WorkspaceJob } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { slackTime } from '../../src/ui/text.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useSlaAlertsApp();

/** An urgent ticket's first response due, received at 10:00: 12:00 Shanghai, as a date token. */
const DUE_NOON = slackTime(new Date('2026-11-24T04:00:00Z'), 'Asia/Shanghai');

/** Every ticket is Huadong's (normal tier), created as each test starts. */
let customerCode = '';
beforeEach(async () => {
  customerCode = (await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 })).code;
});

const { ticket, sweepAt, posts } = slaSteps(app, () => customerCode);

describe('SLA alerts', () => {
  test('a warning at 75 % of the response time, once, batched, in the thread and to the owner', async () => {
    const number = await ticket('urgent'); // normal tier: urgent 2 h is the stricter target
    await sweepAt('2026-11-24T03:29:00Z'); // 11:29: 89 min used
    expect(posts(ALERTS)).toEqual([]);
    await sweepAt('2026-11-24T03:30:30Z', ['a', 'b', 'c']); // 11:30:30, three instances
    const list = posts(ALERTS);
    expect(list).toHaveLength(1);
    const line = `:warning: *${number}* Issue 0 · Huadong · Urgent: first response due soon (by ${DUE_NOON})`;
    // The team's list also says who answers for it: nobody took it, its account manager is told.
    const listed = `${line} · unassigned: account manager <@${OWNER}> told`;
    expect(list[0]!.args.text).toBe(`SLA alerts (1)\n${listed}`);
    expect(JSON.stringify(list[0]!.args.blocks)).toContain(listed);
    expect(posts(TRIAGE).map((c) => [c.args.thread_ts !== undefined, c.args.text])).toEqual([
      [true, line],
    ]);
    // Unassigned: the account manager is told, in one DM with all of theirs, not as their own
    // ticket: the line says nobody holds it, without naming its reader in the third person.
    const dmLine = `${line} · unassigned`;
    expect(posts(OWNER).map((c) => c.args.text)).toEqual([
      `SLA alerts for you to follow up (1)\n${dmLine}`,
    ]);
    expect(JSON.stringify(posts(OWNER)[0]!.args.blocks)).toContain(dmLine);
    expect(JSON.stringify(posts(OWNER)[0]!.args.blocks)).not.toContain(OWNER);
    const card = (await app.db.models.tickets.findOne({ number }).lean())!.card!;
    expect(JSON.stringify(app.fake.postsTo(OWNER)[0]!.args.blocks)).toContain(
      `*<${card.permalink}|${number}>*`,
    );
    await sweepAt('2026-11-24T03:31:30Z');
    expect(posts(ALERTS)).toEqual([]);
  });

  test('on breach: the alert, then automatic escalation to L2; a normal-tier customer gets no L3', async () => {
    const number = await ticket('urgent');
    await act(app, number, { action: 'claim' });
    // Claiming assigns; the first-response clock still runs (its warning at 75 % of 2 h).
    let stored = await app.db.models.tickets.findOne({ number }).lean();
    expect(stored!.nextAlertAt).toEqual(new Date('2026-11-24T03:30:00Z'));
    // The first answer to the requester stops it: only the resolution clock (72 h) is left.
    await respond(app, number);
    stored = await app.db.models.tickets.findOne({ number }).lean();
    expect(stored!.nextAlertAt).toEqual(new Date('2026-12-02T02:00:00Z')); // 75 % of 72 business hours: 6 working days
    // Force a response breach instead: a new unclaimed ticket.
    const late = await ticket('urgent', 1);
    await sweepAt('2026-11-24T04:00:01Z'); // 12:00:01: due 12:00
    stored = await app.db.models.tickets.findOne({ number: late }).lean();
    // L2 on breach: raised and announced for an expert to take; nobody answered the customer.
    expect(stored).toMatchObject({ level: 2 });
    expect(stored!.assigneeId).toBeUndefined();
    expect(stored!.firstResponseAt).toBeUndefined();
    expect(JSON.stringify(posts('C0ESCAL001')[0]!.args.blocks)).toContain(
      `*${late}* Issue 1 · Huadong: escalated to L2 on breach`,
    );
    const text = JSON.stringify(posts(ALERTS)[0]!.args.blocks);
    expect(text).toContain(`*${late}* Issue 1 · Huadong · Urgent: first response overdue`);
    expect(text).toContain(`*${late}* Issue 1 · Huadong: escalated to L2 on breach`);
    // 240 business minutes after the L2 escalation: no L3 for Huadong (100,000 a year, under
    // the key line): L3, the account manager one to one, is for key and strategic customers.
    await sweepAt('2026-11-24T08:00:02Z');
    expect((await app.db.models.tickets.findOne({ number: late }).lean())!.level).toBe(2);
    expect(JSON.stringify(app.fake.postsTo(ALERTS))).not.toContain('L3');
    expect(app.fake.postsTo('C0ESCAL001')).toEqual([]);
    await sweepAt('2026-11-25T08:00:02Z');
    expect((await app.db.models.tickets.findOne({ number: late }).lean())!.level).toBe(2);
    expect(JSON.stringify(app.fake.postsTo(ALERTS))).not.toContain('L3');
    // Its card offers no Escalate at L2, and a click of one from an older card is refused.
    const card = app.fake.callsTo('chat.update').at(-1) ?? app.fake.postsTo(TRIAGE).at(-1);
    expect(JSON.stringify(card?.args.blocks ?? '')).not.toContain('ticket_escalate_open');
    await app.slack.blockAction(
      { action_id: 'ticket_escalate_open', value: late, block_id: 'ticket_actions' },
      { userId: OWNER, channelId: TRIAGE },
    );
    expect(String(app.fake.callsTo('response_url').at(-1)?.args.text)).toBe(
      `${late} is at L2, the top level for its customer: L3 (the account manager, one to one) is for key and strategic customers only.`,
    );
    expect((await app.db.models.tickets.findOne({ number: late }).lean())!.level).toBe(2);
  });

  test('a key customer (over 500,000 a year): L2 on breach, then L3 4 business hours later', async () => {
    customerCode = (await makeCustomer(app, { name: 'Jiangnan', annualRevenue: 600_000 })).code;
    const late = await ticket('urgent', 1);
    await sweepAt('2026-11-24T04:00:01Z');
    expect((await app.db.models.tickets.findOne({ number: late }).lean())!.level).toBe(2);
    // 240 business minutes after the L2 escalation: L3, the account manager.
    await sweepAt('2026-11-24T07:59:00Z');
    expect((await app.db.models.tickets.findOne({ number: late }).lean())!.level).toBe(2);
    await sweepAt('2026-11-24T08:00:02Z');
    expect(await app.db.models.tickets.findOne({ number: late }).lean()).toMatchObject({
      level: 3,
      assigneeId: OWNER,
    });
    expect(JSON.stringify(posts(ALERTS)[0]!.args.blocks)).toContain(
      'escalated to L3, the account manager',
    );
  });

  test("a warning for a ticket whose card is not out yet goes into the card's thread once it is", async () => {
    await app.setSettings(({ channels: { triage: _, ...channels } }) => ({ channels }));
    const number = await ticket('urgent'); // no triage channel: the card waits
    await sweepAt('2026-11-24T03:30:30Z'); // the warning: list and DM now, the reply waits
    expect(posts(ALERTS)).toHaveLength(1);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts)).toEqual([]);
    await app.setSettings(({ channels }) => ({ channels: { ...channels, triage: TRIAGE } }));
    app.clock.advance(60_000);
    await app.desk.outbox.drain(); // the card goes out, its replies after it, in its channel
    const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts;
    expect(
      posts(TRIAGE)
        .filter((c) => c.args.thread_ts === ts)
        .map((c) => c.args.text),
    ).toEqual([
      `<@U0AGENT001> opened this ticket.`,
      `:warning: *${number}* Issue 0 · Huadong · Urgent: first response due soon (by ${DUE_NOON})`,
    ]);
    expect(posts(ALERTS).filter((c) => c.args.thread_ts)).toEqual([]);
  });

  test('warned, then breached: the breach and the escalation are still told after the warning', async () => {
    const number = await ticket('urgent');
    await sweepAt('2026-11-24T03:30:30Z'); // 11:30:30: the warning
    expect(JSON.stringify(posts(ALERTS)[0]!.args.blocks)).toContain('first response due soon');
    await sweepAt('2026-11-24T04:00:30Z'); // 12:00:30: breached
    const text = JSON.stringify(posts(ALERTS)[0]!.args.blocks);
    expect(text).toContain(`*${number}* Issue 0 · Huadong · Urgent: first response overdue`);
    expect(text).toContain(`*${number}* Issue 0 · Huadong: escalated to L2 on breach`);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.level).toBe(2);
  });

  test("warned and breached while Slack refused the alerts channel: the list that goes out once it is back says the breach, not 'due soon' as well", async () => {
    const number = await ticket('urgent');
    const other = await ticket('important', 1); // 4 h: warned at 13:00, not breached by 12:00
    await app.desk.outbox.drain();
    const sweep = async (iso: string) => {
      app.clock.set(iso);
      await runDue(jobDeps(app), [slaAlertsJob]);
      await app.desk.outbox.drain();
    };
    app.fake.reset();
    app.fake.refuseChannel(ALERTS, 'not_in_channel');
    await sweep('2026-11-24T03:30:30Z'); // 11:30:30: the warning, refused
    await sweep('2026-11-24T04:00:30Z'); // 12:00:30: breached, refused
    await sweep('2026-11-24T05:00:30Z'); // 13:00:30: the other ticket's warning, refused
    expect(app.fake.tookPostsTo(ALERTS)).toEqual([]);
    // The app is invited again: the worker's next try sends what was held, as one list.
    app.fake.reset();
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
    const [list, ...more] = posts(ALERTS);
    expect(more).toEqual([]);
    const text = String(list!.args.text);
    expect(text).toMatch(/^SLA alerts \(3\)\n/);
    expect(text).toContain(`*${number}* Issue 0 · Huadong · Urgent: first response overdue`);
    expect(text).toContain(`*${number}* Issue 0 · Huadong: escalated to L2 on breach`);
    expect(text).not.toContain(`*${number}* Issue 0 · Huadong · Urgent: first response due soon`);
    // A warning whose ticket is not breached stays.
    expect(text).toContain(`*${other}* Issue 1 · Huadong · Important: first response due soon`);
    // Nothing is left owed for the channel: the warning went with its breach.
    const owed = await app.db.models.outbox.find({ to: ALERTS }).lean();
    expect(owed.map((e) => e.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  test("a long title is cut the same on a ticket's breach line and its escalation line in one message", async () => {
    const title = 'Label printer on line 3 shows offline after every firmware update since Monday';
    const input = { customerCode, severity: 'urgent' as const, title, description: 'x' };
    const number = (await makeTicket(app, input)).number;
    await sweepAt('2026-11-24T04:00:30Z'); // 12:00:30: breached, escalated to L2
    const lines = String(posts(ALERTS)[0]!.args.text)
      .split('\n')
      .filter((l) => l.includes(`*${number}*`));
    expect(lines).toHaveLength(2);
    const titles = lines.map((l) => l.split(`*${number}* `)[1]!.split(' · ')[0]);
    expect(titles[0]).not.toBe(title); // the breach line has its due time to keep: cut
    expect(titles[1]).toBe(titles[0]);
    const thread = posts(TRIAGE)
      .filter((c) => c.args.thread_ts)
      .at(-1)!;
    const inThread = String(thread.args.text)
      .split('\n')
      .map((l) => l.split(`*${number}* `)[1]!.split(' · ')[0]);
    expect(inThread).toHaveLength(2);
    expect(inThread[1]).toBe(inThread[0]);
  });

  test('an L2 escalation with no experts set goes to a manager, who is told why and what to set', async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER], experts: [] }));
    const number = await ticket('urgent');
    await sweepAt('2026-11-24T04:00:30Z'); // 12:00:30: first response overdue, escalated
    expect((await app.db.models.tickets.findOne({ number }).lean())!.assigneeId).toBe(MANAGER);
    const dm = posts(MANAGER).map((c) => c.args.text);
    expect(dm).toEqual([
      `Your tickets with SLA alerts (1)\n:arrow_double_up: *${number}* Issue 0 · Huadong: escalated to L2 on breach; no L2 experts are set, so a manager takes it. Name experts in \`/desk roles\``,
    ]);
    expect(JSON.stringify(posts('C0ESCAL001')[0]!.args.blocks)).toContain(
      'no L2 experts are set, so a manager takes it',
    );
  });

  test('said again after a sweep died before announcing it, an L2 escalation to a manager still says no experts are set', async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER], experts: [] }));
    const number = await ticket('urgent');
    // Marked and escalated, then the alerts' outbox write fails: they stay owed.
    const restore = failCalls(app.desk.services.outbox, 'enqueue', {
      times: Infinity,
      when: (_ctx, entries) => entries.some((e) => e.kind === 'alert'),
    });
    try {
      await sweepAt('2026-11-24T04:00:30Z');
    } finally {
      restore();
    }
    expect(posts(MANAGER)).toEqual([]);
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(stored.assigneeId).toBe(MANAGER);
    expect(stored.alertsOwed).toContain('escalateL2');
    await sweepAt('2026-11-24T04:01:30Z');
    const dm = posts(MANAGER).map((c) => String(c.args.text));
    expect(dm).toHaveLength(1);
    expect(dm[0]).toContain(
      `:arrow_double_up: *${number}* Issue 0 · Huadong: escalated to L2 on breach; no L2 experts are set, so a manager takes it. Name experts in \`/desk roles\``,
    );
    expect(JSON.stringify(posts('C0ESCAL001'))).toContain(
      'no L2 experts are set, so a manager takes it',
    );
  });

  /** A sweep whose alerts' outbox write fails (the process dying then): they stay owed. */
  async function sweepDyingAt(iso: string) {
    const restore = failCalls(app.desk.services.outbox, 'enqueue', {
      times: Infinity,
      when: (_ctx, entries) => entries.some((e) => e.kind === 'alert'),
    });
    try {
      await sweepAt(iso);
    } finally {
      restore();
    }
  }

  test('said again after a sweep died, an escalation goes to whom it handed the ticket, its breach to whoever holds it now', async () => {
    const EXPERT = 'U0EXPERT01';
    const AGENT2 = 'U0AGENT002';
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    const number = await ticket('urgent');
    await act(app, number, { action: 'claim' });
    await sweepDyingAt('2026-11-24T04:00:30Z'); // breached, escalated to the expert, not told
    expect((await app.db.models.tickets.findOne({ number }).lean())!.assigneeId).toBe(EXPERT);
    // Before the next sweep, the expert hands it on.
    await act(app, number, { action: 'reassign', to: AGENT2 }, EXPERT);
    app.fake.reset();
    await sweepAt('2026-11-24T04:01:30Z');
    const dm = (to: string) => posts(to).map((c) => String(c.args.text));
    // The line saying "it is yours now" goes to the one it names.
    expect(dm(EXPERT)).toHaveLength(1);
    expect(dm(EXPERT)[0]).toContain(
      `*${number}* Issue 0 · Huadong: escalated to L2 on breach, and it is yours now, taken over from <@${AGENT}>`,
    );
    // The one it was taken from reads who it went to.
    expect(dm(AGENT).join('\n')).toContain(`<@${EXPERT}> has it now`);
    // The breach is for whoever must act on it now: its holder, who is not told of the escalation.
    expect(dm(AGENT2)).toHaveLength(1);
    expect(dm(AGENT2)[0]).toContain(
      `*${number}* Issue 0 · Huadong · Urgent: first response overdue`,
    );
    expect(dm(AGENT2)[0]).not.toContain('escalated');
  });

  test("said again after a sweep died, a complaint's missed contact goes to its account manager, not to the agent who holds the ticket", async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { number } = await makeTicket(app, {
      customerCode,
      type: 'complaint',
      complaintUrgency: 'urgent',
      title: 'Broken on arrival',
    });
    await act(app, number, { action: 'claim' });
    await respond(app, number);
    const contactLine =
      'the account manager has not contacted the customer by the complaint target';
    await sweepDyingAt('2026-11-24T06:00:30Z'); // 14:00:30: the 4 h contact target missed
    expect((await app.db.models.tickets.findOne({ number }).lean())!.alertsOwed).toContain(
      'contactBreach',
    );
    app.fake.reset();
    await sweepAt('2026-11-24T06:01:30Z');
    // The account manager's own DM says "you"; the manager's names the account manager.
    expect(JSON.stringify(posts(OWNER))).toContain(
      'you have not contacted the customer by the complaint target',
    );
    expect(JSON.stringify(posts(OWNER))).not.toContain(contactLine);
    expect(JSON.stringify(posts(MANAGER))).toContain(contactLine);
    expect(JSON.stringify(posts(AGENT))).not.toContain(contactLine);
  });

  test("a breach DM's notification names each ticket and what happened, most urgent first, in the workspace's language", async () => {
    const general = await ticket('general', 1);
    const urgent = await ticket('urgent', 2);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await sweepAt('2026-11-25T04:00:30Z'); // both first responses overdue: breached, escalated
    const generalDue = (await app.db.models.tickets.findOne({ number: general }).lean())!
      .responseDueAt!;
    // What the owner's phone shows of the DM: which tickets, what happened since when, urgent
    // first; not "your tickets": nobody took them, the account manager is told to follow them up.
    // The DM is the account manager's own: its lines say unassigned, not "account manager <@them>
    // told" about its reader.
    const told = ` · 未分配`;
    expect(posts(OWNER).map((c) => c.args.text)).toEqual([
      [
        '需要你跟进的 SLA 告警（4）',
        `:rotating_light: *${urgent}* Issue 2 · Huadong · 严重：首次响应已于 ${DUE_NOON} 超时${told}`,
        `:arrow_double_up: *${urgent}* Issue 2 · Huadong：超时自动升级到 L2${told}`,
        `:rotating_light: *${general}* Issue 1 · Huadong · 一般：首次响应已于 ${slackTime(generalDue, 'Asia/Shanghai')} 超时${told}`,
        `:arrow_double_up: *${general}* Issue 1 · Huadong：超时自动升级到 L2${told}`,
      ].join('\n'),
    ]);
    expect(String(posts(OWNER)[0]!.args.text)).not.toContain(OWNER);
    // The escalation channel's post says which tickets went up, not only how many.
    expect(posts('C0ESCAL001').map((c) => c.args.text)).toEqual([
      [
        'SLA 超时自动升级（2）',
        `:arrow_double_up: *${urgent}* Issue 2 · Huadong：超时自动升级到 L2 · 未分配，已通知客户经理 <@${OWNER}>`,
        `:arrow_double_up: *${general}* Issue 1 · Huadong：超时自动升级到 L2 · 未分配，已通知客户经理 <@${OWNER}>`,
      ].join('\n'),
    ]);
  });

  test("the alerts channel's list says who answers for each ticket: its handler, the expert an escalation gave it to, or the account manager told of an unassigned one", async () => {
    await app.setSettings(() => ({
      locale: 'zh-CN',
      experts: [{ userId: 'U0EXPERT01', skills: [] }],
    }));
    const taken = await ticket('urgent', 1);
    await act(app, taken, { action: 'claim' });
    const waiting = await ticket('urgent', 2);
    await sweepAt('2026-11-24T03:30:30Z'); // both at 75 % of their first response time
    expect(String(posts(ALERTS)[0]!.args.text).split('\n')).toEqual([
      'SLA 告警（2）',
      `:warning: *${taken}* Issue 1 · Huadong · 严重：首次响应即将到期（截止 ${DUE_NOON}） · 处理人 <@${AGENT}>`,
      `:warning: *${waiting}* Issue 2 · Huadong · 严重：首次响应即将到期（截止 ${DUE_NOON}） · 未分配，已通知客户经理 <@${OWNER}>`,
    ]);
    await sweepAt('2026-11-24T04:00:30Z'); // breached: escalated to the expert
    const lines = String(posts('C0ESCAL001')[0]!.args.text).split('\n');
    expect(lines).toContain(
      `:arrow_double_up: *${waiting}* Issue 2 · Huadong：超时自动升级到 L2 · 处理人 <@U0EXPERT01>`,
    );
    // The account manager's DM of the breach does not name its reader, nor say the ticket is
    // still unassigned: it names the expert the escalation gave it to, as the list does.
    const dm = String(posts(OWNER)[0]!.args.text);
    expect(dm).not.toContain(`<@${OWNER}>`);
    expect(dm).not.toContain('未分配');
    expect(dm).toMatch(/超时 · 处理人 <@U0EXPERT01>$/m);
  });

  test('a customer name that pings is shown, not sent as a ping, in the alert notifications', async () => {
    await app.setSettings(() => ({ locale: 'en' }));
    const hostile = (await makeCustomer(app, { name: '<!channel> Acme & <@U0BOSS0001>' })).code;
    const input = {
      customerCode: hostile,
      severity: 'urgent' as const,
      title: '<!here> down',
      description: 'x',
    };
    const number = (await makeTicket(app, input)).number;
    await sweepAt('2026-11-24T04:00:30Z');
    for (const to of [ALERTS, OWNER]) {
      const text = String(posts(to)[0]!.args.text);
      // (The channel's line, which also says who answers, cuts the name short.)
      expect(text).toContain(`*${number}* &lt;!here&gt; down · &lt;!channel&gt; Acme &amp; &lt;@`);
      expect(text).toContain(` · Urgent: first response overdue since ${DUE_NOON}`);
      // The only mention is the account manager the list names as told (and the due time's date).
      expect(
        text.replace(new RegExp(`<@${OWNER}>`, 'g'), '').replace(`since ${DUE_NOON}`, ''),
      ).not.toMatch(/<!|<@/);
    }
  });

  test('a ticket reopened long after its L2 escalation is not pushed to L3 at once', async () => {
    const number = await ticket('urgent');
    await sweepAt('2026-11-24T04:00:01Z'); // breach: L2
    await act(app, number, { action: 'resolve', summary: 'ok' });
    app.clock.set('2026-12-01T02:00:00Z'); // a week later
    await act(app, number, { action: 'reopen' });
    await sweepAt('2026-12-01T02:01:00Z');
    expect((await app.db.models.tickets.findOne({ number }).lean())!.level).toBe(2);
  });

  test('an instance that dies in the middle of its sweep holds the sweep up two minutes at most: the breach is still alerted in time', async () => {
    const number = await ticket('urgent'); // received 10:00: first response due 12:00
    // Instance b starts the sweep of 12:00 and dies in it (SIGKILL, a frozen VM): its run never
    // ends and nothing renews its hold on the sweep.
    let die!: () => void;
    const dead = new Promise<void>((resolve) => (die = resolve));
    const dying: WorkspaceJob = {
      ...slaAlertsJob,
      run: async () => {
        await dead;
        return {};
      },
    };
    app.clock.set('2026-11-24T04:00:30Z');
    const b = runDue(jobDeps(app, 'b'), [dying]);
    await vi.waitFor(
      async () =>
        expect(
          await app.db.models.jobRuns.countDocuments({
            _id: `sla-alerts:${FAKE_TEAM_ID}:2026-11-24T04:00:00.000Z`,
          }),
        ).toBe(1),
      { timeout: 15_000 },
    );
    // Instance a sweeps on as every minute: three minutes on, the breach is in the alerts channel
    // (it was held for ten minutes, the daily jobs' lease).
    await sweepAt('2026-11-24T04:01:30Z');
    expect(posts(ALERTS)).toEqual([]);
    await sweepAt('2026-11-24T04:03:30Z');
    expect(posts(ALERTS).map((c) => c.args.text)).toEqual([
      expect.stringMatching(new RegExp(`${number}.*overdue since`)),
    ]);
    die();
    await b;
  });

  test("a workspace whose waiting tickets' due-time backfill fails every minute still gets its warnings, breaches and escalations; the failure is logged and the pass given back", async () => {
    const number = await ticket('urgent'); // received 10:00: first response due 12:00
    const workspace = async () =>
      (await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    // Not stamped: the minute job owes it the whole pass (installed after start-up, or its pass
    // failed). A record that pass cannot compute fails it the same way every minute; the hour of
    // look-back does not meet it.
    expect((await workspace()).migrations?.pausedDueAt).toBeUndefined();
    const tickets = app.desk.services.tickets;
    const pass = tickets.backfillPausedDueAt.bind(tickets);
    const failing = vi
      .spyOn(tickets, 'backfillPausedDueAt')
      .mockImplementation(async (ctx, options = {}) => {
        if (!options.changedSince)
          throw new Error("Cannot read properties of undefined (reading 'start')");
        return pass(ctx, options);
      });
    const logs = captureLogs();
    const sweep = async (iso: string) => {
      app.clock.set(iso);
      app.fake.reset();
      const runs = await runDue({ ...jobDeps(app), log: logs.log }, [slaAlertsJob]);
      await app.desk.outbox.drain();
      return runs.filter((r) => r.ran);
    };
    try {
      // (The version before stopped at the failing pass: no warning, no breach, no escalation.)
      const [warned] = await sweep('2026-11-24T03:30:30Z'); // 11:30:30: the warning
      expect(warned!.error).toBeUndefined();
      expect(posts(ALERTS).map((c) => c.args.text)).toEqual([
        expect.stringContaining(`${number}* Issue 0 · Huadong · Urgent: first response due soon`),
      ]);
      await sweep('2026-11-24T04:00:30Z'); // 12:00:30: breached, escalated to L2
      const text = JSON.stringify(posts(ALERTS)[0]!.args.blocks);
      expect(text).toContain(`*${number}* Issue 0 · Huadong · Urgent: first response overdue`);
      expect(text).toContain(`*${number}* Issue 0 · Huadong: escalated to L2 on breach`);
      expect((await app.db.models.tickets.findOne({ number }).lean())!.level).toBe(2);
      // Each minute's failure is told the operator, and the pass is given back for the next try.
      expect(
        logs.lines.filter(
          (l) =>
            l.msg ===
            'could not give waiting tickets the due time they had run out before their pause (tried again the next minute)',
        ),
      ).toHaveLength(2);
      expect((await workspace()).migrationLeases?.pausedDueAt).toBeUndefined();
      expect((await workspace()).migrations?.pausedDueAt).toBeUndefined();
    } finally {
      failing.mockRestore();
    }
  });

  test('a ticket waiting on the customer gets no alerts; resuming brings them back', async () => {
    const number = await ticket('urgent');
    await act(app, number, { action: 'claim' });
    await respond(app, number);
    await act(app, number, { action: 'wait' });
    expect((await app.db.models.tickets.findOne({ number }).lean())!.nextAlertAt).toBeUndefined();
    await sweepAt('2026-12-10T02:00:00Z');
    expect(posts(ALERTS)).toEqual([]);
    // Resumed a fortnight later: the clock runs again from where it stopped.
    await act(app, number, { action: 'resume' });
    const next = (await app.db.models.tickets.findOne({ number }).lean())!.nextAlertAt!;
    expect(next.getTime()).toBeGreaterThan(app.clock.now().getTime());
    await sweepAt(new Date(next.getTime() + 1000).toISOString());
    expect(JSON.stringify(posts(ALERTS)[0]!.args.blocks)).toContain('resolution due soon');
  });

  test('quiet hours: urgent breaches go out at night, other alerts wait for the next business window', async () => {
    await app.setSettings((s) => ({ sla: { ...s.sla, urgentAroundTheClock: true } }));
    const general = await ticket('general', 1); // Tuesday 10:00, business hours: due 18:00
    app.clock.set('2026-11-24T12:00:00Z'); // 20:00: an urgent ticket on 24x7
    const urgent = await ticket('urgent', 2);
    await sweepAt('2026-11-24T13:31:00Z'); // 21:31: the general one is breached, the urgent one warned: both wait
    expect(posts(ALERTS)).toEqual([]);
    await sweepAt('2026-11-24T14:00:30Z'); // 22:00:30: the urgent one is breached: it goes out
    const night = JSON.stringify(posts(ALERTS)[0]!.args.blocks);
    expect(night).toContain(`*${urgent}* Issue 2 · Huadong · Urgent: first response overdue`);
    expect(night).not.toContain(general);
    expect(night).not.toContain('due soon'); // the warning after its breach would be noise
    await sweepAt('2026-11-25T01:00:30Z'); // Wednesday 09:00:30
    const morning = JSON.stringify(posts(ALERTS)[0]!.args.blocks);
    expect(morning).toContain(`*${general}* Issue 1 · Huadong · General: first response overdue`);
    expect(morning).not.toContain(`*${urgent}* Issue 2 · Huadong · Urgent: first response`);
  });
});

describe("the sweep's escalation and the App Homes", () => {
  test("a ticket nobody held that the sweep escalated to an expert leaves the account manager's list of their customers' tickets nobody holds, and is on the expert's Home", async () => {
    const EXPERT = 'U0EXPERT01';
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      experts: [{ userId: EXPERT, skills: [] }],
    }));
    const number = await ticket('important');
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    await app.slack.event({ type: 'app_home_opened', user: OWNER, tab: 'home' });
    const opened = app.fake.callsTo('views.publish').at(-1)!;
    expect(opened.args.user_id).toBe(OWNER);
    expect(JSON.stringify(opened.args.view)).toContain('nobody holds* (1)');
    app.fake.reset();

    // Unanswered past 14:00: the 14:30 sweep escalates it to the expert.
    await sweepAt('2026-11-24T06:30:00Z');
    expect(await app.db.models.tickets.findOne({ number }).lean()).toMatchObject({
      level: 2,
      assigneeId: EXPERT,
    });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.homesPublishedTo(EXPERT)).toHaveLength(1);
    expect(JSON.stringify(app.fake.homesPublishedTo(EXPERT)[0]!.args.view)).toContain(number);
    expect(app.fake.homesPublishedTo(OWNER)).toHaveLength(1);
    expect(JSON.stringify(app.fake.homesPublishedTo(OWNER)[0]!.args.view)).toContain(
      'nobody holds* (0)',
    );
  });
});

describe('a held SLA DM, the ticket handed on overnight', () => {
  const MANAGER = 'U0MANAGER1';
  const AGENT2 = 'U0AGENT002';
  const EXPERT = 'U0EXPERT01';
  /** Business hours into the evening (to 23:30), quiet hours 22:00-08:00, Shanghai. */
  const evenings = () =>
    app.setSettings((s) => ({
      managers: [MANAGER],
      experts: [{ userId: EXPERT, skills: [] }],
      businessHours: { ...s.businessHours, windows: [{ start: '09:00', end: '23:30' }] },
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
      sla: { ...s.sla, l3AfterMinutes: 15 },
    }));
  const dm = (to: string) => posts(to).map((c) => String(c.args.text));

  test('a warning DM to the agent held at 22:00 (quiet hours), the ticket reassigned to another agent by a manager at 23:00: at 08:00 the first agent gets no alert about it; the channel list names who has it now', async () => {
    await evenings();
    // Tuesday 19:00: an important ticket (first response in 4 h, warned at 3 h), the agent's.
    app.clock.set('2026-11-24T11:00:00Z');
    const number = await ticket('important');
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    app.fake.reset();
    // 22:00:30: the warning is written, its DM and list held for the morning.
    await sweepAt('2026-11-24T14:00:30Z');
    expect(posts(AGENT)).toEqual([]);
    expect(posts(ALERTS)).toEqual([]);

    // 23:00: a manager hands the ticket to another agent.
    app.clock.set('2026-11-24T15:00:00Z');
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
      { userId: MANAGER, channelId: TRIAGE },
    );
    const view = app.fake.calls
      .filter((c) => ['views.open', 'views.push', 'views.update'].includes(c.method))
      .at(-1)!.args.view as Record<string, unknown>;
    expect((await app.slack.submitView(view, { assignee: AGENT2 }, { userId: MANAGER })).body).toBe(
      '',
    );
    await app.desk.outbox.drain();

    // Wednesday 08:00:30: the held lists go out. The first agent reads no SLA alert about the
    // ticket (not theirs any more); the team's list names who has it now.
    app.clock.set('2026-11-25T00:00:30Z');
    await app.desk.outbox.drain();
    expect(dm(AGENT).filter((t) => t.includes('SLA alert') || t.includes('due soon'))).toEqual([]);
    const list = JSON.stringify(posts(ALERTS));
    expect(list).toContain(`*${number}* Issue 0 · Huadong · Important: first response due soon`);
    expect(list).toContain(`handled by <@${AGENT2}>`);
    // The agent's held line is done with, not left waiting.
    const left = await app.db.models.outbox.find({ kind: 'alert', to: AGENT }).lean();
    expect(left.length).toBeGreaterThan(0);
    expect(left.map((e) => e.state)).toEqual(left.map(() => 'sent'));
  });

  test("the sweep's own escalations hand the ticket on overnight (to the expert at 23:00, to the account manager at 23:16): at 08:00 the held DMs keep their lines, naming who has it now", async () => {
    await evenings();
    // Huadong a key customer (L3 is for key and strategic customers only), as its owner saves it.
    await app.desk.services.customers.update(await ctxOf(app, OWNER), customerCode, {
      annualRevenue: 600_000,
    });
    app.clock.set('2026-11-24T11:00:00Z');
    const number = await ticket('important');
    await act(app, number, { action: 'claim' });
    app.fake.reset();
    await sweepAt('2026-11-24T14:00:30Z'); // 22:00:30: the warning, held
    await sweepAt('2026-11-24T15:00:30Z'); // 23:00:30: breached, escalated to the expert, held
    await sweepAt('2026-11-24T15:16:00Z'); // 23:16: L3, the account manager, held
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(stored).toMatchObject({ level: 3, assigneeId: OWNER });
    expect(dm(AGENT)).toEqual([]);
    expect(dm(EXPERT)).toEqual([]);

    app.clock.set('2026-11-25T00:00:30Z');
    await app.desk.outbox.drain();
    // The expert reads the L2 escalation that gave them the ticket (and who has it now) and
    // the L3 one that took it on: nothing of theirs was left out.
    expect(dm(EXPERT)).toHaveLength(1);
    const expert = dm(EXPERT)[0]!;
    expect(expert).toContain(`*${number}* Issue 0 · Huadong: escalated to L2 on breach`);
    expect(expert).toContain(`*${number}* Issue 0 · Huadong: escalated to L3`);
    expect(expert).not.toMatch(/left out/);
    // The agent reads the breach of the ticket the sweep took from them, and who has it now.
    expect(dm(AGENT)).toHaveLength(1);
    expect(dm(AGENT)[0]).toContain(
      `*${number}* Issue 0 · Huadong · Important: first response overdue`,
    );
  });
});

describe('an automatic escalation that could not be done', () => {
  test('with the database failing then, it is done by the next sweep, and said once', async () => {
    const number = await ticket('urgent');
    // The escalation fails, and so does taking its mark back (the database gone for a moment).
    const restore = [
      failCalls(app.desk.flows.tickets, 'act', {
        times: Infinity,
        when: (_ctx, _number, params) => params.action === 'escalate',
      }),
      failCalls(app.desk.services.tickets, 'unmarkAlert', { times: Infinity }),
    ];
    try {
      await sweepAt('2026-11-24T04:00:01Z'); // breached: L2 due
      expect((await app.db.models.tickets.findOne({ number }).lean())!.level).toBe(1);
      expect(posts('C0ESCAL001')).toEqual([]);
    } finally {
      restore.forEach((r) => r());
    }
    await sweepAt('2026-11-24T04:01:01Z');
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(stored.level).toBe(2);
    expect(stored.alertsOwed ?? []).toEqual([]);
    const said = JSON.stringify(posts('C0ESCAL001'));
    expect(said).toContain(`*${number}* Issue 0 · Huadong: escalated to L2 on breach`);
    await sweepAt('2026-11-24T04:02:01Z');
    expect(posts('C0ESCAL001')).toEqual([]);
  });
});

/**
 * The repair of a change cut short (the process died between its save and its outbox write):
 * what the ticket owes Slack written again, without what went out already.
 */
describe('a change saved while the sweep looks at the ticket', () => {
  test('the customer wrote between the sweep’s read and its next-alert write: the reply owed keeps its sooner alert time', async () => {
    const number = await ticket('urgent');
    await act(app, number, { action: 'claim' });
    app.clock.set('2026-11-24T02:10:00Z');
    await respond(app, number); // the first response at 10:10
    const stored = async () => (await app.db.models.tickets.findOne({ number }).lean())!;
    // Nothing left to tell but the resolution warning, hours on; the sweep looks at 10:30.
    const stale = (await stored()).nextAlertAt!;
    await app.db.models.tickets.updateOne(
      { number },
      { $set: { nextAlertAt: new Date('2026-11-24T02:20:00Z') } },
    );
    // Right before the sweep writes its next look (planned from its copy), the customer's call
    // is recorded: a reply owed by the response target, its alert sooner.
    const service = app.desk.services.tickets;
    const setNextAlert = service.setNextAlert;
    let fresh: Date | undefined;
    service.setNextAlert = async function (this: unknown, ...args) {
      service.setNextAlert = setNextAlert;
      await app.desk.flows.tickets.customerWrote(await ctxOf(app, AGENT), number, {
        via: 'phone',
        at: new Date('2026-11-24T02:30:00Z'),
        text: 'Still broken',
        source: 'wrote:sweep-race',
      });
      fresh = (await stored()).nextAlertAt;
      return setNextAlert.apply(this, args);
    };
    try {
      await sweepAt('2026-11-24T02:30:00Z');
    } finally {
      service.setNextAlert = setNextAlert;
    }
    expect(fresh!.getTime()).toBeLessThan(stale.getTime());
    expect((await stored()).nextAlertAt).toEqual(fresh);
    // Told when it is due, not at the stale time.
    await sweepAt(fresh!.toISOString());
    expect(app.fake.postsTo(AGENT).map((p) => String(p.args.text))).toEqual([
      expect.stringContaining(number),
    ]);
  });
});

describe('notices repaired after a change was cut short', () => {
  const EXPERT = 'U0EXPERT01';

  async function cutShortThenRepair(number: string) {
    await app.db.models.tickets.updateOne({ number }, { $set: { noticesOwedAt: app.clock.now() } });
    app.clock.advance(10 * 60_000);
    app.fake.reset();
    const log = createLogger('silent');
    expect(await app.desk.flows.tickets.repairNotices(app.clock.now(), log)).toEqual({
      repaired: 1,
    });
    await app.desk.outbox.drain();
  }

  test("the sweep's own escalation is not announced a second time", async () => {
    const number = await ticket('urgent');
    await sweepAt('2026-11-24T04:00:01Z'); // breached: the sweep raises it to L2 and says so
    expect(posts('C0ESCAL001')).toHaveLength(1);

    await cutShortThenRepair(number);
    // The card is shown again; no escalation post, thread reply or DM repeats the sweep's.
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(app.fake.callsTo('chat.update').length).toBeGreaterThan(0);
  });

  test('a ticket over a week old: only the card and what changed lately, not its whole history again', async () => {
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    const number = await ticket('urgent');
    // Saved at the test clock's time, as in production (mongoose stamps it by the wall clock).
    await app.db.models.tickets.collection.updateOne(
      { number },
      { $set: { createdAt: app.clock.now() } },
    );
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'escalate', reason: 'needs firmware', expertId: EXPERT });
    await app.desk.outbox.drain();
    expect(posts('C0ESCAL001')).toHaveLength(1);
    expect(posts(EXPERT)).toHaveLength(1);

    // Eight days on, the entries sent then are purged (kept 7 days); a note is cut short.
    app.clock.advance(8 * 86_400_000);
    await app.desk.services.outbox.purge(app.clock.now());
    await act(app, number, { action: 'note', text: 'Firmware 2.2 flashed' }, EXPERT);
    await app.desk.outbox.drain();
    await cutShortThenRepair(number);

    // Nothing of the first day is posted again: no "opened", no escalation post, no DMs.
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(app.fake.callsTo('chat.update').length).toBeGreaterThan(0);
  });
});
