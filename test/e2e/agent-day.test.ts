// An agent's working day, the steps where what they read was wrong or missing: each test drives
// the app through Slack's signed requests and asserts what the agent (or who else) sees.
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { complaintContactTaskId } from '../../src/task/types.js';
import { slackTime } from '../../src/ui/text.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS },
  now: '2026-11-24T02:00:00Z',
});

function click(actionId: string, number: string, userId = AGENT) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

/** The ephemeral answers the clicks got, in order. */
const ephemerals = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

describe('a double click on Claim', () => {
  test('the second click tells the agent the ticket is theirs, not that they claimed it from someone', async () => {
    const { number } = await makeTicket(app);
    await Promise.all([click('ticket_claim', number), click('ticket_claim', number)]);
    await click('ticket_claim', number);
    await app.desk.outbox.drain();

    const said = ephemerals();
    expect(said.length).toBeGreaterThanOrEqual(2);
    for (const text of said) {
      expect(text).toBe(
        `You already have ${number}: it is assigned to you, nothing more to claim.`,
      );
      expect(text).not.toContain(`<@${AGENT}>`);
    }
    // Claimed once: one "claimed it" line in the card's thread.
    const claimed = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts && String(c.args.text).includes('claimed it'));
    expect(claimed).toHaveLength(1);
  });

  test('someone else still reads who has it; in Chinese the agent reads it is theirs', async () => {
    const { number } = await makeTicket(app);
    await click('ticket_claim', number);
    await click('ticket_claim', number, 'U0AGENT002');
    expect(ephemerals().at(-1)).toBe(`${number} is already claimed (by <@${AGENT}>).`);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await click('ticket_claim', number);
    expect(ephemerals().at(-1)).toBe(`${number} 已分配给你，无需再次认领。`);
  });
});

/** Where an SLA alert is said: the alerts channel, the account manager's DM, the card's thread. */
const alertPosts = () => [
  ...app.fake.postsTo(ALERTS),
  ...app.fake.postsTo(OWNER),
  ...app.fake.postsTo(TRIAGE).filter((c) => c.args.thread_ts),
];

describe('an SLA warning', () => {
  test('says by when the response is due, in the alerts channel, the DM and the thread, even for a long title', async () => {
    const customer = await makeCustomer(app, {
      name: 'Huadong Precision Machinery and Automation Equipment Group',
    });
    const title =
      'The label printer in the east warehouse shows offline after the firmware update and nothing prints';
    const { number } = await makeTicket(app, {
      customerCode: customer.code,
      severity: 'important', // a normal-tier customer: important is the stricter 4 h
      title,
    });
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    const due = slackTime(stored.responseDueAt!, 'Asia/Shanghai');
    expect(due).toContain('2026-11-24 14:00 GMT+8');

    await runJobAt(app, slaAlertsJob, '2026-11-24T05:00:30Z'); // 13:00: 75 % of 4 h
    const told = alertPosts();
    expect(told).toHaveLength(3);
    for (const post of told) {
      expect(String(post.args.text)).toContain(`first response due soon (by ${due})`);
      expect(JSON.stringify(post.args.blocks ?? [])).not.toContain('due soon…');
    }
    expect(JSON.stringify(app.fake.postsTo(ALERTS)[0]!.args.blocks)).toContain(
      `first response due soon (by ${due})`,
    );
  });

  test('in Chinese too', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { number } = await makeTicket(app, { severity: 'important' });
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    await runJobAt(app, slaAlertsJob, '2026-11-24T05:00:30Z');
    expect(String(app.fake.postsTo(ALERTS)[0]!.args.text)).toContain(
      `首次响应即将到期（截止 ${slackTime(stored.responseDueAt!, 'Asia/Shanghai')}）`,
    );
  });
});

describe('an SLA breach', () => {
  test('says since when it is overdue, in the alerts channel, the DM and the thread', async () => {
    const { number } = await makeTicket(app, { severity: 'important' }); // first response in 4 h
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    const due = slackTime(stored.responseDueAt!, 'Asia/Shanghai');
    expect(due).toContain('2026-11-24 14:00 GMT+8');

    // Nobody answered: at 16:30 the sweep finds it 2 h 30 min overdue.
    await runJobAt(app, slaAlertsJob, '2026-11-24T08:30:00Z');
    const told = alertPosts();
    expect(told).toHaveLength(3);
    for (const post of told) {
      expect(String(post.args.text)).toContain(`first response overdue since ${due}`);
      if (post.args.blocks)
        expect(JSON.stringify(post.args.blocks)).toContain(
          JSON.stringify(`first response overdue since ${due}`).slice(1, -1),
        );
    }
  });

  test('in Chinese too', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { number } = await makeTicket(app, { severity: 'important' });
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    await runJobAt(app, slaAlertsJob, '2026-11-24T08:30:00Z');
    const due = slackTime(stored.responseDueAt!, 'Asia/Shanghai');
    expect(String(app.fake.postsTo(OWNER)[0]!.args.text)).toContain(`首次响应已于 ${due} 超时`);
    expect(String(app.fake.postsTo(ALERTS)[0]!.args.text)).toContain(`首次响应已于 ${due} 超时`);
  });
});

describe("the customer answers the agent's question in the channel", () => {
  const ADMIN = 'U0ADMIN001';
  const CUST = 'C0CUSTCH01';
  const CUSTOMER_USER = 'U0CUSTUSR1';
  let events = 0;
  const say = (text: string, ts: string, thread?: string) =>
    app.slack.eventDelivery(
      {
        type: 'message',
        channel_type: 'channel',
        channel: CUST,
        user: CUSTOMER_USER,
        text,
        ts,
        ...(thread ? { thread_ts: thread } : {}),
      },
      { eventId: `Ev0AGDAY${String(++events).padStart(5, '0')}` },
    );
  const dmsTo = (user: string) => app.fake.postsTo(user).map((c) => String(c.args.text));

  /** A ticket from the customer's message (at `root`), claimed by the agent. */
  async function claimedTicket(root = '1795482000.000100'): Promise<string> {
    const { code } = await makeCustomer(app);
    await app.setSettings(() => ({ admins: [ADMIN], agents: [AGENT], openDesk: false }));
    await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
    await say('Our line 3 stopped with error E42', root);
    const { number } = (await app.db.models.tickets.findOne({}).lean())!;
    await click('ticket_claim', number);
    return number;
  }

  /** The same, waiting on the customer. */
  async function waitingTicket(): Promise<string> {
    const number = await claimedTicket();
    await click('ticket_wait_open', number);
    await submitLastModal(app, { question: 'The serial number?' }, AGENT);
    await app.desk.outbox.drain();
    return number;
  }

  test('the agent who asked gets a DM with the ticket link and Open: it no longer waits', async () => {
    const number = await waitingTicket();
    const before = dmsTo(AGENT).length;
    await say('SN 4471-220', '1795483800.000200', '1795482000.000100');
    await app.desk.outbox.drain();

    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(ticket.status).toBe('assigned');
    const dms = app.fake.postsTo(AGENT).slice(before);
    expect(dms.map((c) => String(c.args.text))).toEqual([
      `<${ticket.card!.permalink}|${number}> for Huadong Machinery (“Our line 3 stopped with error E42”) is back in progress: <@${CUSTOMER_USER}> replied in its conversation. It no longer waits on the customer; the SLA clock runs again.`,
    ]);
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain(`"value":"${number}"`);
  });

  /** The lines posted in the ticket card's thread in the triage channel, from `from` on. */
  const threadLines = (from = 0) =>
    app.fake
      .postsTo(TRIAGE)
      .filter((c) => c.args.thread_ts)
      .slice(from)
      .map((c) => String(c.args.text));

  test("the card's thread reads the customer's reply as one line: they replied, what, and that the clock runs again", async () => {
    await waitingTicket();
    const before = threadLines().length;
    await say('SN 4471-220', '1795483800.000200', '1795482000.000100');
    await app.desk.outbox.drain();
    expect(threadLines(before)).toEqual([
      `<@${CUSTOMER_USER}> replied, so the SLA clock runs again: SN 4471-220`,
    ]);

    // Resolved, then the customer writes again: one line says it reopened it, in Chinese too.
    const { number } = (await app.db.models.tickets.findOne({}).lean())!;
    await click('ticket_resolve_open', number);
    await submitLastModal(app, { resolution: 'Firmware updated.' }, AGENT);
    await app.desk.outbox.drain();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const reopenedFrom = threadLines().length;
    await say('It stopped again', '1795490000.000300', '1795482000.000100');
    await app.desk.outbox.drain();
    expect(threadLines(reopenedFrom)).toEqual([
      `<@${CUSTOMER_USER}> 回复了，工单已重新打开：It stopped again`,
    ]);
  });

  test('a reply on a ticket that waits on nobody reads as their reply, not as a note that resumed something, in Chinese too', async () => {
    const number = await claimedTicket();
    await app.desk.outbox.drain();
    const before = threadLines().length;
    const dms = dmsTo(AGENT).length;
    await say('SN 4471-220', '1795483800.000200', '1795482000.000100');
    await app.desk.outbox.drain();
    expect(threadLines(before)).toEqual([`<@${CUSTOMER_USER}> replied: SN 4471-220`]);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).toBe('assigned');
    expect(dmsTo(AGENT).slice(dms)).toEqual([]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = threadLines().length;
    await say('还有 E43', '1795483900.000300', '1795482000.000100');
    await app.desk.outbox.drain();
    expect(threadLines(zh)).toEqual([`<@${CUSTOMER_USER}> 回复：还有 E43`]);
  });

  test('a follow-up and an edit read as what the customer added and changed, not as their note, in Chinese too', async () => {
    // Their message now (a follow-up is one within minutes of it).
    const root = '1795485600.000100';
    const edit = (before: string, after: string, editTs: string) =>
      app.slack.eventDelivery(
        {
          type: 'message',
          subtype: 'message_changed',
          channel: CUST,
          hidden: true,
          ts: editTs,
          message: { type: 'message', user: CUSTOMER_USER, text: after, ts: root },
          previous_message: { type: 'message', user: CUSTOMER_USER, text: before, ts: root },
        },
        { eventId: `Ev0AGDAY${String(++events).padStart(5, '0')}` },
      );
    await claimedTicket(root);
    await app.desk.outbox.drain();
    const before = threadLines().length;
    await say('Line 4 too', '1795485660.000200');
    await edit(
      'Our line 3 stopped with error E42',
      'Our line 3 stopped with E43',
      '1795485720.000300',
    );
    await app.desk.outbox.drain();
    expect(threadLines(before)).toEqual([
      `<@${CUSTOMER_USER}> added: Line 4 too`,
      `<@${CUSTOMER_USER}> edited their message: Our line 3 stopped with E43`,
    ]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = threadLines().length;
    await say('还有 5 号线', '1795485780.000400');
    await edit('Our line 3 stopped with E43', '3 号线报错 E43', '1795485840.000500');
    await app.desk.outbox.drain();
    expect(threadLines(zh)).toEqual([
      `<@${CUSTOMER_USER}> 补充：还有 5 号线`,
      `<@${CUSTOMER_USER}> 修改了消息，现为：3 号线报错 E43`,
    ]);
    expect(await app.db.models.tickets.countDocuments({})).toBe(1);
  });

  test('a reopen by the customer tells the agent too; the agent resuming it themselves is not told', async () => {
    const number = await waitingTicket();
    await click('ticket_resume', number);
    await app.desk.outbox.drain();
    expect(dmsTo(AGENT).filter((t) => t.includes('back in progress'))).toEqual([]);

    await click('ticket_resolve_open', number);
    await submitLastModal(app, { resolution: 'Firmware updated.' }, AGENT);
    await app.desk.outbox.drain();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await say('It stopped again', '1795490000.000300', '1795482000.000100');
    await app.desk.outbox.drain();
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).toBe('assigned');
    expect(dmsTo(AGENT).at(-1)).toMatch(
      new RegExp(
        `Huadong Machinery 的工单 <[^|]+\\|${number}>（“Our line 3 stopped with error E42”）已重新打开，仍由你处理：<@${CUSTOMER_USER}> 表示问题未解决。$`,
      ),
    );
  });
});

describe('a revisit on App Home', () => {
  test("its ticket's number links to the card, as in /task mine and the reminders", async () => {
    const { number } = await makeTicket(app);
    await click('ticket_claim', number);
    await click('ticket_resolve_open', number);
    await submitLastModal(app, { resolution: 'Replaced the encoder.' }, AGENT);
    await app.desk.outbox.drain();
    const { permalink } = (await app.db.models.tickets.findOne({ number }).lean())!.card!;
    expect(permalink).toBeTruthy();

    // Day 3: the revisit is due today.
    app.clock.set('2026-11-27T01:00:00Z');
    await app.slack.event({
      type: 'app_home_opened',
      user: AGENT,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    const home = app.fake.callsTo('views.publish').at(-1)!.args.view as { blocks: any[] };
    const row = home.blocks.find(
      (b) => b.type === 'section' && String(b.text?.text).startsWith('*Revisit*'),
    );
    expect(row.text.text).toContain(`· <${permalink}|${number}>`);
    expect(row.accessory.text.text).toBe('Done');
  });
});

describe('a refusal of what someone may not do', () => {
  const ADMIN = 'U0ADMIN001';
  const AGENT2 = 'U0AGENT002';

  test('names the action, the same way for the roles, the settings and a ticket, with whom to ask', async () => {
    const { number } = await makeTicket(app);
    await app.setSettings(() => ({ admins: [ADMIN], agents: [AGENT, AGENT2], openDesk: false }));
    const said = async (text: string) =>
      String((await app.slack.command('/desk', text, { userId: AGENT })).body.text);
    expect(await said('roles')).toBe(
      `Only an admin of the desk can see or change the roles: ask <@${ADMIN}>.`,
    );
    expect(await said('settings')).toBe(
      `Only an admin of the desk can see or change the desk settings: ask <@${ADMIN}>.`,
    );

    await click('ticket_claim', number);
    await click('ticket_resolve_open', number, AGENT2);
    expect(ephemerals().at(-1)).toBe(
      `Only the assignee (<@${AGENT}>) or a manager can resolve this ticket.`,
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await said('roles')).toBe(`只有服务台管理员可以查看或修改角色：请联系 <@${ADMIN}>。`);
    expect(await said('settings')).toBe(
      `只有服务台管理员可以查看或修改服务台设置：请联系 <@${ADMIN}>。`,
    );
    await click('ticket_resolve_open', number, AGENT2);
    expect(ephemerals().at(-1)).toBe(`只有处理人（<@${AGENT}>）或主管可以解决该工单。`);
  });

  test('on a ticket nobody has, it says "the assignee", never an empty mention', async () => {
    const { number } = await makeTicket(app);
    await app.setSettings(() => ({ admins: [ADMIN], agents: [AGENT], openDesk: false }));
    await click('ticket_resolve_open', number, 'U0NOROLE01');
    expect(ephemerals().at(-1)).toBe('Only the assignee or a manager can resolve this ticket.');
  });
});

describe('an empty /ticket mine', () => {
  const CUSTOMER_USER = 'U0CUSTUSR1';
  const mine = async (userId: string) => {
    const res = await app.slack.command('/ticket', 'mine', { userId, channelId: 'C0CUSTCH01' });
    return JSON.stringify(res.body);
  };

  test('suggests claiming only to who may claim; a customer is pointed to /ticket requests and told how to ask for help instead', async () => {
    await app.setSettings(() => ({ admins: ['U0ADMIN001'], agents: [AGENT], openDesk: false }));
    const customer = await mine(CUSTOMER_USER);
    expect(customer).toContain(
      'No open tickets are assigned to you. The tickets you asked for are in `/ticket requests`; to ask the service team for help, open one with `/ticket new`.',
    );
    expect(customer).not.toContain('Claim');
    expect(customer).not.toContain('unassigned');
    const agent = await mine(AGENT);
    expect(agent).toContain(
      'No open tickets are assigned to you. Claim one from `/ticket list unassigned`, or open one with `/ticket new`.',
    );
    expect(agent).not.toContain('/ticket requests');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await mine(CUSTOMER_USER)).toContain(
      '没有分配给你的未结工单。你提交的请求可用 `/ticket requests` 查看；如需服务团队帮助，可用 `/ticket new` 新建工单。',
    );
    expect(await mine(AGENT)).toContain('可以从 `/ticket list unassigned` 认领');
  });
});

describe("the account manager's DM of a new ticket", () => {
  const ADMIN = 'U0ADMIN001';
  const CUST = 'C0CUSTCH01';
  let events = 0;

  /** The customer posts in their linked channel: the desk opens a general ticket. */
  async function customerPosts(text: string, ts: string, name?: string) {
    const { code } = await makeCustomer(app, name ? { name } : {});
    await app.setSettings(() => ({ admins: [ADMIN], agents: [AGENT], openDesk: false }));
    await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
    await app.slack.eventDelivery(
      { type: 'message', channel_type: 'channel', channel: CUST, user: 'U0CUSTUSR1', text, ts },
      { eventId: `Ev0AMDM${String(++events).padStart(5, '0')}` },
    );
    await app.desk.outbox.drain();
    return (await app.db.models.tickets.findOne({}).lean())!;
  }

  test('reads "New ticket T… (general)", its number linked to the card, with Open', async () => {
    const ticket = await customerPosts('Conveyor belt squeaks loudly', '1795482000.000100');
    const permalink = ticket.card!.permalink!;
    expect(permalink).toBeTruthy();
    const [dm] = app.fake.postsTo(OWNER);
    const line = `New ticket <${permalink}|${ticket.number}> (general) for your customer Huadong Machinery: Conveyor belt squeaks loudly`;
    expect(dm!.args.text).toBe(line);
    expect(JSON.stringify(dm!.args.blocks)).toContain(JSON.stringify(line).slice(1, -1));
    expect(JSON.stringify(dm!.args.blocks)).toContain(`"value":"${ticket.number}"`);
  });

  test('in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const ticket = await customerPosts('传送带异响', '1795482000.000200');
    expect(app.fake.postsTo(OWNER)[0]!.args.text).toBe(
      `新工单 <${ticket.card!.permalink}|${ticket.number}>（一般），来自你的客户 Huadong Machinery：传送带异响`,
    );
  });

  test('in Chinese, a Chinese customer name sits against the words around it', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const ticket = await customerPosts('传送带异响', '1795482000.000300', '华东机械');
    expect(app.fake.postsTo(OWNER)[0]!.args.text).toBe(
      `新工单 <${ticket.card!.permalink}|${ticket.number}>（一般），来自你的客户华东机械：传送带异响`,
    );
  });

  test('a DM written before notices were rendered on delivery (its number plain, linkTicket) still goes out, linked to the card', async () => {
    const ticket = await customerPosts('Conveyor belt squeaks loudly', '1795482000.000400');
    const permalink = ticket.card!.permalink!;
    const plainLine = `New ticket ${ticket.number} (general) for your customer Huadong Machinery: Conveyor belt squeaks loudly`;
    // The entry as the previous version wrote it, still waiting in the outbox (quiet hours).
    const key = `ticket:${String(ticket._id)}:account-manager`;
    await app.db.models.outbox.updateOne(
      { teamId: ticket.teamId, key },
      {
        $set: {
          state: 'pending',
          nextAt: app.clock.now(),
          attempts: 0,
          data: {
            message: {
              text: plainLine,
              blocks: [
                {
                  type: 'section',
                  text: { type: 'mrkdwn', text: plainLine },
                  accessory: {
                    type: 'button',
                    action_id: 'ticket_open',
                    text: { type: 'plain_text', text: 'Open' },
                    value: ticket.number,
                  },
                },
              ],
            },
            linkTicket: { id: String(ticket._id), number: ticket.number },
            after: { accountManagerTold: String(ticket._id) },
          },
        },
        $unset: { sentAt: 1, result: 1, leaseOwner: 1, leaseUntil: 1 },
      },
    );
    await app.db.models.tickets.updateOne(
      { _id: ticket._id },
      { $set: { accountManagerNotified: false } },
    );
    const before = app.fake.postsTo(OWNER).length;
    expect(await app.desk.outbox.drain()).toMatchObject({ sent: 1, failed: 0, dead: 0 });
    const dm = app.fake.postsTo(OWNER)[before]!;
    const line = `New ticket <${permalink}|${ticket.number}> (general) for your customer Huadong Machinery: Conveyor belt squeaks loudly`;
    expect(dm.args.text).toBe(line);
    expect(JSON.stringify(dm.args.blocks)).toContain(JSON.stringify(line).slice(1, -1));
    expect(JSON.stringify(dm.args.blocks)).toContain(`"value":"${ticket.number}"`);
    // Told back as before: the ticket records its account manager was told.
    expect((await app.db.models.tickets.findById(ticket._id).lean())!.accountManagerNotified).toBe(
      true,
    );
  });

  test('sent before any card exists (no triage channel yet), the number is plain and Open is there', async () => {
    await app.setSettings(({ channels: { triage: _, ...channels } }) => ({ channels }));
    const ticket = await customerPosts('Conveyor belt squeaks loudly', '1795482000.000300');
    expect(ticket.card?.permalink).toBeFalsy();
    const [dm] = app.fake.postsTo(OWNER);
    expect(dm!.args.text).toBe(
      `New ticket ${ticket.number} (general) for your customer Huadong Machinery: Conveyor belt squeaks loudly`,
    );
    expect(JSON.stringify(dm!.args.blocks)).toContain(`"value":"${ticket.number}"`);
  });
});

describe('an automatic escalation on breach', () => {
  const EXPERT = 'U0EXPERT01';
  const dm = (to: string) => app.fake.postsTo(to).map((c) => String(c.args.text));

  /** The agent's ticket, breached and escalated by the sweep to the expert. */
  async function escalated(): Promise<string> {
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    const { number } = await makeTicket(app, { severity: 'important', title: 'Printer offline' });
    await click('ticket_claim', number);
    await runJobAt(app, slaAlertsJob, '2026-11-24T06:30:00Z'); // 14:30: due 14:00
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(stored).toMatchObject({ level: 2, assigneeId: EXPERT });
    return number;
  }

  test('tells the expert the ticket is theirs now and from whom, and the agent who has it and what to do', async () => {
    const number = await escalated();
    const expert = dm(EXPERT);
    expect(expert).toHaveLength(1);
    expect(expert[0]).toMatch(
      new RegExp(
        `\\|${number}>\\* Printer offline · Huadong Machinery: escalated to L2 on breach, and it is yours now, taken over from <@${AGENT}>\\. Its SLA is already breached: answer it first\\.$`,
      ),
    );
    const agent = dm(AGENT).join('\n');
    expect(agent).toContain(
      'Printer offline · Huadong Machinery · Important: first response overdue',
    );
    expect(agent).toContain(
      `Printer offline · Huadong Machinery: escalated to L2 on breach; <@${EXPERT}> has it now. Hand over what you know in its thread.`,
    );
    // The team's lists keep their wording.
    expect(String(app.fake.postsTo(ALERTS)[0]!.args.text)).toContain(
      `escalated to L2 on breach · handled by <@${EXPERT}>`,
    );
  });

  /** The DMs' headings (their first line). */
  const headings = (to: string) => dm(to).map((text) => text.split('\n')[0]);

  test("the agent's DM is not headed as their tickets when it says the ticket is no longer theirs", async () => {
    await escalated();
    expect(headings(AGENT)).toEqual(['No longer yours: escalated on SLA breach (1)']);
    // The expert's is theirs.
    expect(headings(EXPERT)).toEqual(['Your tickets with SLA alerts (1)']);
  });

  test('with a ticket still theirs in the same DM, its heading is true of both', async () => {
    const other = await twoClaimedOneSweep();
    expect((await app.db.models.tickets.findOne({ number: other }).lean())!.assigneeId).toBe(AGENT);
    // Its breach and its escalation, and the other's warning.
    expect(headings(AGENT)).toEqual(['SLA alerts for you to follow up (3)']);
    expect(dm(AGENT)[0]).toContain('Label jam');
    expect(dm(AGENT)[0]).toContain(`<@${EXPERT}> has it now`);
    // The ticket still theirs says so, not "handled by" its own reader named in the third person.
    expect(dm(AGENT)[0]).toMatch(/Label jam · .* · handled by you$/m);
    expect(dm(AGENT)[0]).not.toContain(`handled by <@${AGENT}>`);
    // The line that says who has it now does not say it twice.
    expect(dm(AGENT)[0]).toMatch(/has it now\. Hand over what you know in its thread\.$/m);
    expect(dm(AGENT)[0]).not.toContain(`handled by <@${EXPERT}>`);
  });

  /**
   * The agent claims a ticket, and another an hour later on the same customer; one SLA sweep at
   * 14:30 breaches and escalates the first and only warns of the other. Returns the other's number.
   */
  async function twoClaimedOneSweep(): Promise<string> {
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    const first = await makeTicket(app, { severity: 'important', title: 'Printer offline' });
    await click('ticket_claim', first.number);
    // Another, an hour later: at 14:30 it is only warned of (due 15:00), and stays the agent's.
    app.clock.advance(60 * 60_000);
    const { number: other } = await makeTicket(app, {
      severity: 'important',
      title: 'Label jam',
      customerCode: first.customerCode,
    });
    await click('ticket_claim', other);
    await runJobAt(app, slaAlertsJob, '2026-11-24T06:30:00Z');
    return other;
  }

  /**
   * The agent's ticket breached and escalated to the expert, and another of theirs warned of, in
   * one sweep: their DM lists both, each line saying who holds the ticket.
   */
  async function handedAwayAmongOwn(): Promise<{ dm: string; list: string }> {
    await twoClaimedOneSweep();
    expect(dm(AGENT)).toHaveLength(1);
    return { dm: dm(AGENT)[0]!, list: String(app.fake.postsTo(ALERTS)[0]!.args.text) };
  }

  test('the breach line of the ticket escalated away says who has it now, not that it is still theirs', async () => {
    const { dm: text, list } = await handedAwayAmongOwn();
    const breach = text
      .split('\n')
      .find((l) => l.includes('Printer offline · Huadong Machinery · Important'));
    expect(breach).toMatch(
      new RegExp(`first response overdue since .* · handed over to <@${EXPERT}>$`),
    );
    expect(breach).not.toContain('handled by you');
    // Its escalation line, next, says the same; the ticket still theirs is still theirs.
    expect(text).toContain(`<@${EXPERT}> has it now`);
    expect(text).toMatch(/Label jam · .* · handled by you$/m);
    // The alerts channel names the expert on both of the ticket's lines, not the agent.
    const lines = list.split('\n').filter((l) => l.includes('Printer offline'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(new RegExp(` · handled by <@${EXPERT}>$`));
  });

  test('the breach line of the ticket escalated away, in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const { dm: text, list } = await handedAwayAmongOwn();
    const breach = text
      .split('\n')
      .find((l) => l.includes('Printer offline · Huadong Machinery · 重要'));
    expect(breach).toMatch(new RegExp(`首次响应已于 .* 超时 · 已转交 <@${EXPERT}>$`));
    expect(breach).not.toContain('由你处理');
    expect(text).toMatch(/Label jam · .* · 由你处理$/m);
    const lines = list.split('\n').filter((l) => l.includes('Printer offline'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(new RegExp(` · 处理人 <@${EXPERT}>$`));
  });

  /**
   * The account manager is the expert too: the sweep escalates the agent's ticket to them, and
   * warns them of their customer's ticket nobody took, in one DM.
   */
  async function yoursAmongOthers(): Promise<string> {
    await app.setSettings(() => ({ experts: [{ userId: OWNER, skills: [] }] }));
    const first = await makeTicket(app, { severity: 'important', title: 'Printer offline' });
    await click('ticket_claim', first.number);
    app.clock.advance(60 * 60_000);
    await makeTicket(app, {
      severity: 'important',
      title: 'Label jam',
      customerCode: first.customerCode,
    });
    await runJobAt(app, slaAlertsJob, '2026-11-24T06:30:00Z');
    expect((await app.db.models.tickets.findOne({ number: first.number }).lean())!).toMatchObject({
      level: 2,
      assigneeId: OWNER,
    });
    expect(dm(OWNER)).toHaveLength(1);
    return dm(OWNER)[0]!;
  }

  test('in a DM that also lists tickets not theirs, the escalation that says it is theirs now does not add "handled by you"', async () => {
    const text = await yoursAmongOthers();
    expect(text.split('\n')[0]).toBe('SLA alerts for you to follow up (2)');
    expect(text).toMatch(/Label jam · .* · unassigned$/m);
    expect(text).toMatch(
      new RegExp(
        `escalated to L2 on breach, and it is yours now, taken over from <@${AGENT}>\\. Its SLA is already breached: answer it first\\.$`,
        'm',
      ),
    );
    expect(text).not.toContain('handled by you');
  });

  test('the same in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const text = await yoursAmongOthers();
    expect(text.split('\n')[0]).toBe('需要你跟进的 SLA 告警（2）');
    expect(text).toMatch(/Label jam · .* · 未分配$/m);
    expect(text).toMatch(
      new RegExp(
        `超时自动升级到 L2，现由你负责（接手自 <@${AGENT}>）。该工单已超出 SLA，请优先处理。$`,
        'm',
      ),
    );
    expect(text).not.toContain('由你处理');
  });

  test('the headings in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await escalated();
    expect(headings(AGENT)).toEqual(['已不再由你负责：SLA 超时自动升级（1）']);
  });

  test('in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await escalated();
    expect(dm(EXPERT)[0]).toContain(
      `Printer offline · Huadong Machinery：超时自动升级到 L2，现由你负责（接手自 <@${AGENT}>）。该工单已超出 SLA，请优先处理。`,
    );
    expect(dm(AGENT).join('\n')).toContain(
      `Printer offline · Huadong Machinery：超时自动升级到 L2，现由 <@${EXPERT}> 负责。请在工单话题中交接你已了解的情况。`,
    );
  });
});

describe("a complaint's DMs", () => {
  const MANAGER = 'U0MANAGER1';
  const ESCALATION = 'C0ESCAL001';

  /** /ticket new, Complaint chosen (the modal adds its urgency), submitted for the customer. */
  async function fileComplaint(urgency: 'urgent' | 'critical') {
    const { code } = await makeCustomer(app);
    await app.setSettings(({ channels }) => ({
      managers: [MANAGER],
      channels: { ...channels, escalation: ESCALATION },
    }));
    await app.slack.command('/ticket', 'new Wrong parts delivered', { userId: AGENT });
    const opened = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    await app.slack.blockAction(
      {
        action_id: 'ticket_type_changed',
        block_id: 'type',
        type: 'static_select',
        selected_option: { value: 'complaint' },
      },
      {
        userId: AGENT,
        view: {
          ...opened,
          id: 'V0NEWTICKET',
          hash: 'h1',
          state: {
            values: {
              type: {
                ticket_type_changed: {
                  type: 'static_select',
                  selected_option: { value: 'complaint' },
                },
              },
            },
          },
        },
      },
    );
    const withUrgency = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(
      withUrgency,
      {
        customer: code,
        type: 'complaint',
        complaint_urgency: urgency,
        severity: 'general',
        description: 'Second time this month',
      },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    return (await app.db.models.tickets.findOne({ type: 'complaint' }).lean())!;
  }

  test("the account manager's and the managers' DMs link the ticket's number to its card", async () => {
    const ticket = await fileComplaint('urgent');
    const permalink = ticket.card!.permalink!;
    expect(permalink).toBeTruthy();
    const linked = `<${permalink}|${ticket.number}>`;
    const [owner] = app.fake.postsTo(OWNER);
    expect(String(owner!.args.text)).toMatch(
      new RegExp(
        `^:telephone_receiver: Urgent \\(紧急\\) complaint ${linked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} from your customer Huadong Machinery: Wrong parts delivered\n`,
      ),
    );
    expect(JSON.stringify(owner!.args.blocks)).toContain(linked);
    // Its contact target, Customer contacted (the task assigned to them) and Open, as before.
    expect(String(owner!.args.text)).toContain(
      `by ${slackTime(ticket.complaint!.contactDueAt, 'Asia/Shanghai')}.`,
    );
    const buttons = JSON.stringify(owner!.args.blocks);
    expect(buttons).toContain(`"value":"${complaintContactTaskId(ticket)}"`);
    expect(buttons).toContain('Customer contacted');
    expect(buttons).toContain(`"value":"${ticket.number}"`);
    const [manager] = app.fake.postsTo(MANAGER);
    expect(String(manager!.args.text)).toContain(`New Urgent (紧急) complaint ${linked} from`);
    expect(JSON.stringify(manager!.args.blocks)).toContain(linked);
  });

  test("a critical one's page in the escalation channel too, and in Chinese", async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const ticket = await fileComplaint('critical');
    const linked = `<${ticket.card!.permalink}|${ticket.number}>`;
    expect(String(app.fake.postsTo(OWNER)[0]!.args.text)).toContain(`投诉 ${linked}：`);
    expect(String(app.fake.postsTo(MANAGER)[0]!.args.text)).toContain(`投诉 ${linked}，`);
    expect(String(app.fake.postsTo(ESCALATION)[0]!.args.text)).toContain(`投诉 ${linked}，`);
  });
});
