import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { outboxJob } from '../../jobs/outbox.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { requesterJob } from '../../jobs/requester.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { createLogger } from '../../src/logger.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { act, AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { DIGEST, MANAGER, REQ, TRIAGE, useRequesterApp } from '../helpers/requester-kit.js';
import { offeredIds } from '../helpers/ui.js';

const {
  app,
  customer,
  lastView,
  createTicket,
  stored,
  click,
  submitLast,
  dms,
  claimedAndResolved,
  draftsPosted,
} = useRequesterApp();

const lastEphemeral = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);

/** The latest version of the ticket's card. */
function card(): { blocks: any[] } {
  const update =
    app.fake.callsTo('chat.update').at(-1) ??
    app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts)
      .at(-1);
  return update!.args as { blocks: any[] };
}

function field(label: string): string {
  const fields = card().blocks.find((b) => b.fields)!.fields as { text: string }[];
  return fields
    .find((f) => f.text.startsWith(`*${label}*`))!
    .text.split('\n')
    .slice(1)
    .join('\n');
}

const threadReplies = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts)
    .map((c) => String(c.args.text));

/** The survey a requester was sent last: its five buttons. */
function surveyButtons(userId = REQ): { action_id: string; value: string }[] {
  const post = app.fake
    .postsTo(userId)
    .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_survey_'))
    .at(-1)!;
  const blocks = (
    typeof post.args.blocks === 'string' ? JSON.parse(post.args.blocks) : post.args.blocks
  ) as any[];
  return blocks.find((b) => b.type === 'actions').elements;
}

function answerSurvey(score: number, userId = REQ, buttons = surveyButtons()) {
  const button = buttons.find((b) => b.action_id === `requester_survey_${score}`)!;
  return app.slack.blockAction(
    { action_id: button.action_id, value: button.value, block_id: 'survey' },
    { userId, channelId: 'D0REQUEST1' },
  );
}

/** The digest's fields, label -> the lines under it. */
function digestFields(): Record<string, string> {
  const out: Record<string, string> = {};
  const post = app.fake.postsTo(DIGEST)[0]!;
  for (const block of post.args.blocks as any[]) {
    for (const f of block.fields ?? []) {
      const [label, ...rest] = (f.text as string).split('\n');
      out[label!.replace(/\*/g, '')] = rest.join(' | ');
    }
  }
  return out;
}

describe("the requester's view of a ticket", () => {
  test('a Waiting on customer click of an old card (no question asked) opens the question modal, not a bare "Required."', async () => {
    const number = await createTicket({ requester: REQ });
    await click('ticket_claim', number);
    const opened = app.fake.callsTo('views.open').length;
    // `ticket_wait` acts at once: the card shows it for a requester outside Slack only.
    await click('ticket_wait', number);
    expect(app.fake.callsTo('response_url').map((c) => c.args.text)).not.toContain('Required.');
    expect(app.fake.callsTo('views.open')).toHaveLength(opened + 1);
    expect((lastView().title as { text: string }).text).toBe(`Wait on ${number}`);
    expect((await stored(number)).status).toBe('assigned');
    expect((await submitLast({ question: 'Which firmware?' })).body).toBe('');
    expect((await stored(number)).status).toBe('waiting');
    expect(dms(REQ).at(-1)).toContain('asks: Which firmware?');
  });

  test("a complaint's received notice promises the sooner of its first response and the contact its urgency sets", async () => {
    // A general (一般) complaint of a key customer: severity general, first response 8 h; the
    // desk plans the customer's contact within 24 business hours (Thursday 16:00): 8 h promised.
    const number = await createTicket({ requester: REQ, type: 'complaint', severity: 'general' });
    const ticket = await stored(number);
    expect(ticket.sla.responseMinutes).toBe(8 * 60);
    expect(ticket.complaint).toMatchObject({
      urgency: 'general',
      contactDueAt: new Date('2026-11-26T08:00:00Z'),
    });
    const received = String(app.fake.postsTo(REQ).at(-1)!.args.text);
    expect(received.replace(/<!date\^[^>]+>/g, '<date>')).toBe(
      `We have your complaint: ticket *${number}*, “Line 3 is down”. What happens next: we contact you about it within 8 hours of working time (by <date>). You will hear from us here at each step.`,
    );
    expect(received).not.toContain(`<!date^${Date.parse('2026-11-26T08:00:00Z') / 1000}^`);

    // In Chinese too, with the workspace's own contact target for a general complaint, 2 h: sooner
    // than the first response's 8 h, so 2 h is promised (the severity's 8 h before).
    await app.setSettings((s) => ({
      locale: 'zh-CN',
      complaints: {
        ...s.complaints,
        contactMinutes: { ...s.complaints.contactMinutes, general: 120 },
      },
    }));
    const zh = await createTicket({
      customer: ticket.customerCode,
      requester: REQ,
      type: 'complaint',
      severity: 'general',
    });
    expect(dms(REQ).at(-1)).toBe(
      `我们已收到您的投诉：工单 *${zh}*“Line 3 is down”。接下来：我们会在 2 小时工作时间内就此与您联系（最迟 <date>）。每一步进展都会在这里告诉您。`,
    );
    expect(String(app.fake.postsTo(REQ).at(-1)!.args.text)).toContain(
      `<!date^${Date.parse('2026-11-24T04:00:00Z') / 1000}^`,
    );
  });

  test("a complaint titled with a full stop is quoted without it: the notice's sentence ends once", async () => {
    const number = await createTicket({
      requester: REQ,
      type: 'complaint',
      severity: 'general',
      title: 'The third delay this month is not acceptable.',
    });
    const ticket = await stored(number);
    expect(ticket.title).toBe('The third delay this month is not acceptable.');
    expect(dms(REQ).at(-1)).toBe(
      `We have your complaint: ticket *${number}*, “The third delay this month is not acceptable”. What happens next: we contact you about it within 8 hours of working time (by <date>). You will hear from us here at each step.`,
    );

    // A request (not a complaint) is quoted the same way.
    const request = await createTicket({
      customer: ticket.customerCode,
      requester: REQ,
      title: 'Printer offline again.',
    });
    expect(dms(REQ).at(-1)).toContain(
      `ticket *${request}*, “Printer offline again”. What happens next`,
    );

    // In Chinese, a title ending in 。: one 。 after the closing quote; an ellipsis is kept.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = await createTicket({
      customer: ticket.customerCode,
      requester: REQ,
      type: 'complaint',
      severity: 'general',
      title: '第三次延误，无法接受。',
    });
    expect(dms(REQ).at(-1)).toBe(
      `我们已收到您的投诉：工单 *${zh}*“第三次延误，无法接受”。接下来：我们会在 8 小时工作时间内就此与您联系（最迟 <date>）。每一步进展都会在这里告诉您。`,
    );
    const trailing = await createTicket({
      customer: ticket.customerCode,
      requester: REQ,
      type: 'complaint',
      severity: 'general',
      title: 'Line 3 stops again...',
    });
    expect(dms(REQ).at(-1)).toContain(`工单 *${trailing}*“Line 3 stops again...”。`);
  });

  test('a requester in Slack is told each step once, by DM when the ticket has no conversation', async () => {
    const number = await createTicket({ requester: REQ });
    expect((await stored(number)).requester).toEqual({ userId: REQ });
    expect(dms(REQ)).toEqual([
      `We have your request: ticket *${number}*, “Line 3 is down”. What happens next: someone from our service team takes it and answers you within 2 hours of working time (by <date>). You will hear from us here at each step.`,
    ]);
    await click('ticket_claim', number);
    expect(dms(REQ).at(-1)).toBe(`<@${AGENT}> is handling your ticket *${number}* now.`);

    // Waiting on a requester in Slack asks them something: the question is required.
    await click('ticket_wait_open', number);
    expect((await submitLast({})).body).toEqual({
      response_action: 'errors',
      errors: { question: 'Required.' },
    });
    expect((await submitLast({ question: 'Which firmware runs on the controller?' })).body).toBe(
      '',
    );
    expect(dms(REQ).at(-1)).toBe(
      `Ticket *${number}* is waiting on you. <@${AGENT}> asks: Which firmware runs on the controller?\nAnswer here in this conversation and we carry on.`,
    );
    expect(threadReplies().at(-1)).toBe(
      `<@${AGENT}>: waiting on the customer. The SLA clock is paused. Asked the requester: Which firmware runs on the controller?`,
    );
    // The question answered the requester: the first-response clock stopped there.
    expect((await stored(number)).firstResponseAt).toEqual(app.clock.now());
    await click('ticket_resume', number); // not the requester's business
    await click('ticket_note_open', number);
    await submitLast({ note: 'Internal: firmware 2.1 is buggy' }); // notes never reach them
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Firmware updated to 2.2' });
    await click('ticket_reopen', number);
    const told = [
      `Ticket *${number}* is resolved: Firmware updated to 2.2\nIf it is not solved for you, press *Not solved, reopen* below within 7 days and we reopen it.`,
      `Ticket *${number}* is resolved. How satisfied are you with how we handled it?`,
      `Ticket *${number}* is open again; we are back on it.`,
    ];
    expect(dms(REQ).slice(3)).toEqual(told);
    expect(JSON.stringify(app.fake.postsTo(REQ))).not.toContain('buggy');

    // A repair that announces the whole ticket again (a crash between save and outbox) tells
    // the requester nothing twice.
    await app.db.models.tickets.updateOne(
      { number },
      { $set: { noticesOwedAt: new Date('2026-11-24T01:00:00Z') } },
    );
    expect(
      await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent')),
    ).toEqual({ repaired: 1 });
    await app.desk.outbox.drain();
    expect(dms(REQ)).toHaveLength(6);
  });

  test('a resolution cut short after its survey was recorded as sent: the repair sends the survey, once', async () => {
    const number = await createTicket({ requester: REQ });
    await click('ticket_claim', number);
    // The notices' write fails once, after the resolution and the survey's mark were saved.
    const outbox = app.desk.services.outbox;
    const restore = failCalls(outbox, 'batch');
    try {
      await expect(
        act(app, number, { action: 'resolve', summary: 'Encoder replaced' }),
      ).rejects.toThrow('database gone');
    } finally {
      restore();
    }
    expect((await stored(number)).survey?.sentAt).toBeDefined();
    const asked = () => dms(REQ).filter((text) => text.includes('How satisfied are you')).length;
    expect(asked()).toBe(0);

    for (let i = 0; i < 2; i++) {
      await app.db.models.tickets.updateOne(
        { number },
        { $set: { noticesOwedAt: new Date(app.clock.now().getTime() - 10 * 60_000) } },
      );
      await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'));
      await app.desk.outbox.drain();
      expect(asked()).toBe(1);
    }
    expect(dms(REQ).filter((text) => text.includes('is resolved: Encoder replaced'))).toHaveLength(
      1,
    );
  });

  test('a resolution cut short before its survey was recorded, then a Note within the repair’s wait: the requester is told of it and surveyed, once', async () => {
    const number = await createTicket({ requester: REQ });
    await click('ticket_claim', number);
    await app.desk.outbox.drain();
    // The resolution's one write (the service), then the process died: no survey mark, no notices.
    await app.desk.services.tickets.act(await ctxOf(app, AGENT), number, {
      action: 'resolve',
      summary: 'Encoder replaced',
    });
    expect((await stored(number)).survey).toBeUndefined();
    // Thirty seconds on (the repair waits two minutes), a Note on the resolved card.
    app.clock.set(new Date(app.clock.now().getTime() + 30_000));
    await click('ticket_note_open', number);
    expect((await submitLast({ note: 'Parts ordered' })).body).toBe('');
    await app.desk.outbox.drain();
    const told = dms(REQ);
    // The outbox job after the repair's wait (it forgets the calls before it): nothing owed.
    const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    expect(run!.counts).toMatchObject({ repaired: 0 });
    told.push(...dms(REQ));
    expect(told.filter((text) => text.includes('is resolved: Encoder replaced'))).toHaveLength(1);
    expect(told.filter((text) => text.includes('How satisfied are you'))).toHaveLength(1);
    expect((await stored(number)).survey?.sentAt).toBeDefined();
  });

  test('a ticket with a conversation thread tells its steps and sends its survey there, not by DM', async () => {
    const number = await createTicket({ requester: REQ });
    // The customer-channel lane links tickets to their thread; here the link is made by hand.
    const CUSTOMER_CHANNEL = 'C0CUSTOMER';
    await app.db.models.tickets.updateOne(
      { number },
      { $set: { conversation: { channel: CUSTOMER_CHANNEL, ts: '1700000000.000900' } } },
    );
    await click('ticket_claim', number);
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Fixed' });
    const inThread = app.fake
      .postsTo(CUSTOMER_CHANNEL)
      .map((c) => [c.args.thread_ts, String(c.args.text)]);
    expect(inThread).toEqual([
      ['1700000000.000900', `<@${AGENT}> is handling your ticket *${number}* now.`],
      [
        '1700000000.000900',
        `Ticket *${number}* is resolved: Fixed\nIf it is not solved for you, reply in this thread within 7 days and we reopen it.`,
      ],
      [
        '1700000000.000900',
        `Ticket *${number}* is resolved. How satisfied are you with how we handled it?`,
      ],
    ]);
    expect(dms(REQ)).toHaveLength(1); // only "received", sent before the thread was linked
  });

  test('the message shortcut proposes the message author as requester; a contact outside Slack is kept with how they came', async () => {
    const code = await customer();
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'The press stops every hour', user: REQ },
      { userId: AGENT, channelId: 'C0SUPPORT1' },
    );
    const view = lastView();
    expect(view.blocks.find((b) => b.block_id === 'requester').element.initial_user).toBe(REQ);
    await app.slack.submitView(view, { customer: code }, { userId: AGENT });
    const fromMessage = await app.db.models.tickets.findOne().lean();
    expect(fromMessage!.requester).toEqual({ userId: REQ });
    expect(dms(REQ)).toHaveLength(1);

    const outside = await createTicket({
      customer: code,
      contact_name: 'Ms Wang, plant manager',
      channel: 'wechat',
    });
    expect((await stored(outside)).requester).toEqual({
      contactName: 'Ms Wang, plant manager',
      via: 'wechat',
    });
    expect(field('Requester')).toBe('Ms Wang, plant manager, by WeChat');
    // Nobody in Slack to tell: no DM to the filer either (they are not assumed to be it).
    expect(dms(AGENT)).toEqual([]);
  });
  test('an author id not shaped like a Slack user id (too long) is not proposed: the ticket saves without a requester', async () => {
    const code = await customer();
    const odd = `U${'A'.repeat(40)}`;
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'The press stops every hour', user: odd },
      { userId: AGENT, channelId: 'C0SUPPORT1' },
    );
    const view = lastView();
    expect(
      view.blocks.find((b) => b.block_id === 'requester').element.initial_user,
    ).toBeUndefined();
    const res = await app.slack.submitView(view, { customer: code }, { userId: AGENT });
    expect(res.body).toBe('');
    const saved = await app.db.models.tickets.findOne().lean();
    expect(saved!.requester).toBeUndefined();
  });
});

describe('the Waiting on customer and Log response modals', () => {
  test('start with the ticket as every action modal does (number, title, customer, severity) and speak to the agent as the rest of the desk does', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const code = (await makeCustomer(app, { name: '华东机械有限公司' })).code;
    const number = await createTicket({ customer: code, requester: REQ, severity: 'important' });
    await click('ticket_claim', number);
    const about = `*${number}* · Line 3 is down\n华东机械有限公司（${code}） · :large_orange_circle: 重要`;

    await click('ticket_wait_open', number);
    const wait = lastView().blocks.map((b) => b.text?.text);
    expect(wait.slice(0, 2)).toEqual([
      about,
      '报告人会收到你的问题，并得知工单正在等待其回复。恢复处理前 SLA 计时暂停。',
    ]);

    await click('ticket_log_response_open', number);
    expect(lastView().blocks[0].text.text).toBe(about);
  });
});

describe('Log response on a ticket that is gone', () => {
  test('a ticket deleted while its Log response was submitted (the workspace erased on uninstall): the agent reads that it no longer exists, not "No ticket has the number ."', async () => {
    const number = await createTicket({ requester: REQ });
    await click('ticket_claim', number);
    await click('ticket_log_response_open', number);
    // The uninstall's erasure runs between reading the ticket and recording the answer.
    const tickets = app.desk.services.tickets;
    const original = tickets.recordResponse.bind(tickets);
    tickets.recordResponse = async (...args) => {
      await app.desk.services.dataSubjects.eraseWorkspace(FAKE_TEAM_ID);
      return original(...args);
    };
    try {
      expect((await submitLast({ via: 'phone', said: 'Called back' })).body).toEqual({
        response_action: 'errors',
        errors: { via: 'This ticket no longer exists.' },
      });
    } finally {
      tickets.recordResponse = original;
    }
    expect(await app.db.models.interactions.countDocuments()).toBe(0);
  });
});

describe('Log response while others keep changing the ticket', () => {
  test('changed by others at every try: the agent is told which ticket changed, not "Someone changed  at the same moment"', async () => {
    const number = await createTicket({ requester: REQ });
    await click('ticket_claim', number);
    await click('ticket_log_response_open', number);
    // Another instance writes to the ticket right after each read, so each try finds it changed.
    const repo = (app.desk.services.tickets as unknown as { repos: { tickets: any } }).repos
      .tickets;
    const byIds = repo.byIds;
    repo.byIds = async (...args: unknown[]) => {
      const read = await byIds.apply(repo, args);
      await app.db.models.tickets.updateOne({ number }, { $inc: { version: 1 } });
      return read;
    };
    try {
      expect((await submitLast({ via: 'phone', said: 'Called back' })).body).toEqual({
        response_action: 'errors',
        errors: {
          via: `Someone changed ${number} at the same moment. Look at its card and try again.`,
        },
      });
    } finally {
      repo.byIds = byIds;
    }
    expect((await stored(number)).firstResponseAt).toBeUndefined();
  });
});

describe('a true first response', () => {
  test('Log response records the first response and a claim does not: the card, the customer file and the digest show it', async () => {
    const number = await createTicket({
      severity: 'important', // key tier: 4 h
      contact_name: 'Ms Wang',
      channel: 'phone',
    });
    app.clock.set('2026-11-24T02:30:00Z'); // 10:30
    await click('ticket_claim', number);
    expect((await stored(number)).firstResponseAt).toBeUndefined();
    expect(field('First response due')).toContain('3 h 30 min of business time left');

    app.clock.set('2026-11-24T03:00:00Z'); // 11:00: the agent called Ms Wang back
    await click('ticket_log_response_open', number);
    const view = lastView();
    const via = view.blocks.find((b) => b.block_id === 'via').element;
    expect(via.options.map((o: any) => o.value)).toEqual(['phone', 'email', 'wechat', 'visit']);
    expect(via.initial_option.value).toBe('phone');
    expect(view.blocks.find((b) => b.block_id === 'time').element.initial_time).toBe('11:00');
    expect((await submitLast({ said: null })).body).toEqual({
      response_action: 'errors',
      errors: { said: 'Required.' },
    });
    expect((await submitLast({ said: 'Explained the workaround' })).body).toBe('');
    let ticket = await stored(number);
    expect(ticket.firstResponseAt).toEqual(new Date('2026-11-24T03:00:00Z'));
    expect(ticket.metrics).toMatchObject({ firstResponseMinutes: 60, responseBreached: false });
    expect(field('First response')).toMatch(/^Responded /);
    expect(threadReplies().at(-1)).toBe(
      `<@${AGENT}> answered the requester by Phone: Explained the workaround`,
    );
    const interaction = await app.db.models.interactions.findOne().lean();
    expect(interaction).toMatchObject({
      type: 'call',
      summary: `Answered on ticket ${number}: Explained the workaround`,
      by: AGENT,
    });

    // A later answer is logged but is not the first response.
    app.clock.set('2026-11-24T05:00:00Z');
    await click('ticket_log_response_open', number);
    await submitLast({ via: 'email', said: 'Sent the manual' });
    ticket = await stored(number);
    expect(ticket.metrics.firstResponseMinutes).toBe(60);
    expect(await app.db.models.interactions.countDocuments()).toBe(2);

    // The digest's first response is the answer at 11:00, not the claim at 10:30.
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const figures = digestFields();
    expect(figures['Median first response (business time; 24x7 tickets around the clock)']).toMatch(
      /^1 h/,
    );
    expect(figures['First response on time']).toMatch(/^100\.0%/);
  });
});

/** With a manager named, a ticket of REQ's claimed and resolved: its number. */
async function resolvedForRequester() {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const number = await createTicket({ requester: REQ });
  await claimedAndResolved(number);
  return number;
}

/** Ticket `number` reopened the next day and resolved again ("Replaced the cable too"). */
async function resolvedAgainNextDay(number: string) {
  app.clock.set('2026-11-25T02:00:00Z');
  await click('ticket_reopen', number);
  await click('ticket_resolve_open', number);
  await submitLast({ resolution: 'Replaced the cable too' });
}

/**
 * After a first resolution's follow-up, REQ answers the survey of ticket `number`'s second
 * resolution 1/5 with `buttons`: that resolution's follow-up is planned, due the next day, the
 * managers are told and the account manager reads it at once: the ticket, the score, when it is
 * due.
 */
async function secondResolutionAnsweredLow(
  number: string,
  buttons: { action_id: string; value: string }[],
) {
  app.fake.reset();
  await answerSurvey(1, REQ, buttons);
  expect(await recoveries()).toEqual([
    ['open', '2026-11-25'],
    ['open', '2026-11-26'],
  ]);
  const permalink = (await stored(number)).card!.permalink;
  expect(dms(MANAGER)).toEqual([
    `Low score on <${permalink}|${number}> (Huadong Machinery) from <@${REQ}>: satisfaction 1/5 (no NPS given yet). A follow-up for <@${OWNER}> is due within 24 hours.`,
  ]);
  expect(ownersDms()).toHaveLength(1);
  expect(ownersDms()[0]).toContain(
    `The requester of ticket ${number} gave satisfaction 1/5: call within 24 hours, learn what went wrong and put it right · due 2026-11-26 (in 1 day)`,
  );
}

/** The follow-up (recovery) tasks, oldest first: their status and due date. */
const recoveries = async () =>
  (await app.db.models.tasks.find({ kind: 'recovery' }).sort({ createdAt: 1 }).lean()).map((t) => [
    t.status,
    t.dueDate,
  ]);

/** The account manager's DMs, their blocks as JSON. */
const ownersDms = () => app.fake.postsTo(OWNER).map((c) => JSON.stringify(c.args.blocks));

describe('satisfaction from the customer', () => {
  test("a low answer after a reopen and a second resolution plans that resolution's follow-up (a call's low score of the first had one) and DMs the account manager at once; a second low score then plans none and tells nobody", async () => {
    const number = await resolvedForRequester();
    const buttons = surveyButtons();
    const logCall = async (satisfaction: string) => {
      const revisit = (await app.db.models.tasks
        .findOne({ kind: 'revisit', status: 'open' })
        .lean())!;
      await app.slack.blockAction(
        { action_id: 'task_done_open', value: String(revisit._id) },
        { userId: AGENT },
      );
      expect((await submitLast({ solved: 'yes', satisfaction })).body).toBe('');
    };

    // The first resolution's revisit call logs a low score: its follow-up, the managers told.
    await logCall('2');
    expect(await recoveries()).toEqual([['open', '2026-11-25']]);
    // Reopened and resolved again the next day.
    await resolvedAgainNextDay(number);

    // The requester answers the survey low now: this resolution's own follow-up.
    await secondResolutionAnsweredLow(number, buttons);

    // The answer changed, and this resolution's revisit call low too: nothing more.
    app.fake.reset();
    await answerSurvey(2, REQ, buttons);
    await logCall('1');
    expect(await recoveries()).toHaveLength(2);
    await runJobAt(app, outboxJob, '2026-11-25T02:05:00Z');
    expect(dms(MANAGER)).toEqual([]);
    expect(ownersDms()).toEqual([]);
  });

  test('a low answer whose follow-up a crash left unplanned (the answer saved, the app gone before planning): the requester job plans it and DMs the account manager and the managers, once, whichever instance and however often it runs', async () => {
    const number = await resolvedForRequester();
    const id = (await stored(number))._id.toHexString();

    // The answer's own write, as the click makes it; the process dies before anything after it.
    await app.desk.services.tickets.answerSurvey(await ctxOf(app, REQ), id, { satisfaction: 1 });
    expect((await stored(number)).survey!.satisfaction).toBe(1);
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(0);

    // The requester job's next run (two instances at once) opens it: the account manager's
    // follow-up due tomorrow, her DM with it, the managers' notice.
    await runJobAt(app, requesterJob, '2026-11-24T02:15:00Z', ['a', 'b']);
    const tasks = await app.db.models.tasks.find({ kind: 'recovery' }).lean();
    expect(tasks.map((t) => [t.assigneeId, t.ticketNumber, t.dueDate, t.status])).toEqual([
      [OWNER, number, '2026-11-25', 'open'],
    ]);
    expect(ownersDms()).toHaveLength(1);
    expect(ownersDms()[0]).toContain(
      `The requester of ticket ${number} gave satisfaction 1/5: call within 24 hours, learn what went wrong and put it right · due 2026-11-25 (in 1 day)`,
    );
    const permalink = (await stored(number)).card!.permalink;
    expect(dms(MANAGER)).toEqual([
      `Low score on <${permalink}|${number}> (Huadong Machinery) from <@${REQ}>: satisfaction 1/5 (no NPS given yet). A follow-up for <@${OWNER}> is due within 24 hours.`,
    ]);

    // Run again (and the outbox job): nothing twice.
    await runJobAt(app, requesterJob, '2026-11-24T02:30:00Z');
    await runJobAt(app, requesterJob, '2026-11-24T02:30:00Z', ['b']);
    await runJobAt(app, outboxJob, '2026-11-24T02:35:00Z');
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);
    expect(ownersDms()).toEqual([]);
    expect(dms(MANAGER)).toEqual([]);
  });

  test("a low answer whose managers' notice a crash lost (the follow-up planned, the notice gone): the outbox job's notice repair tells the managers within minutes, once; the requester job adds nothing", async () => {
    const number = await resolvedForRequester();
    const id = (await stored(number))._id.toHexString();

    // The answer's write and the follow-up's insert, as the click makes them; the process dies
    // before the managers' notice.
    const ctx = await ctxOf(app, REQ);
    const { ticket: answered } = await app.desk.services.tickets.answerSurvey(ctx, id, {
      satisfaction: 1,
    });
    await app.desk.services.tasks.planRecovery(ctx, answered, 'Call the requester back');
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);
    expect(dms(MANAGER)).toEqual([]);

    // The outbox job two minutes on (two instances at once): the managers told, naming who
    // answered, and the account manager DMed her follow-up.
    await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z', ['a', 'b']);
    const permalink = (await stored(number)).card!.permalink;
    expect(dms(MANAGER)).toEqual([
      `Low score on <${permalink}|${number}> (Huadong Machinery) from <@${REQ}>: satisfaction 1/5 (no NPS given yet). A follow-up for <@${OWNER}> is due within 24 hours.`,
    ]);
    expect(app.fake.postsTo(OWNER)).toHaveLength(1);

    // Again, and the requester job's own repair: nothing twice.
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z', ['b']);
    await runJobAt(app, requesterJob, '2026-11-24T02:15:00Z');
    await runJobAt(app, outboxJob, '2026-11-24T02:20:00Z');
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    expect(dms(MANAGER)).toEqual([]);
  });

  test("a survey answered low again after a reopen and a second resolution plans that resolution's follow-up (the first resolution's was planned on the first low answer), once", async () => {
    const number = await resolvedForRequester();
    const buttons = surveyButtons();

    await answerSurvey(2, REQ, buttons);
    expect(await recoveries()).toEqual([['open', '2026-11-25']]);
    // Reopened and resolved again the next day; the requester answers the same survey low.
    await resolvedAgainNextDay(number);
    await secondResolutionAnsweredLow(number, buttons);

    // Changed again, and the requester job's run: nothing more.
    app.fake.reset();
    await answerSurvey(2, REQ, buttons);
    await runJobAt(app, requesterJob, '2026-11-25T02:15:00Z');
    await runJobAt(app, outboxJob, '2026-11-25T02:20:00Z');
    expect(await recoveries()).toHaveLength(2);
    expect(dms(MANAGER)).toEqual([]);
    expect(ownersDms()).toEqual([]);
  });

  test('survey: answer, change, NPS and comment; one answer per ticket; reminder once after 24 h; expired after 7 days', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const code = await customer();
    const first = await createTicket({ customer: code, requester: REQ });
    await claimedAndResolved(first);
    expect(surveyButtons().map((b) => b.action_id)).toEqual([
      'requester_survey_1',
      'requester_survey_2',
      'requester_survey_3',
      'requester_survey_4',
      'requester_survey_5',
    ]);

    await answerSurvey(4);
    expect((await stored(first)).survey).toMatchObject({
      source: 'customer',
      satisfaction: 4,
      by: REQ,
    });
    expect(lastView().callback_id).toBe('requester_survey');
    expect((await submitLast({ nps: '9', comment: 'Quick and kind' }, REQ)).body).toBe('');
    // The requester is told it was recorded, privately, where the survey is.
    expect(lastEphemeral()).toBe(`Thank you: your feedback on ticket ${first} is recorded.`);
    expect((await stored(first)).survey).toMatchObject({
      satisfaction: 4,
      nps: 9,
      comment: 'Quick and kind',
    });
    // Someone else cannot answer for the requester.
    await answerSurvey(1, AGENT);
    expect(lastEphemeral()).toBe(`The survey for ${first} is for the person who reported it.`);
    expect((await stored(first)).survey!.satisfaction).toBe(4);
    expect(dms(MANAGER)).toEqual([]);

    // A second click changes the answer (still one answer): a 2 is a complaint signal.
    await answerSurvey(2);
    expect((await stored(first)).survey).toMatchObject({ satisfaction: 2, nps: 9 });
    const task = await app.db.models.tasks.findOne({ kind: 'recovery' }).lean();
    expect(task).toMatchObject({ assigneeId: OWNER, ticketNumber: first, dueDate: '2026-11-25' });
    const permalink = (await stored(first)).card!.permalink;
    expect(dms(MANAGER)).toEqual([
      `Low score on <${permalink}|${first}> (Huadong Machinery) from <@${REQ}>: satisfaction 2/5, NPS 9. A follow-up for <@${OWNER}> is due within 24 hours.\nComment: Quick and kind`,
    ]);
    await answerSurvey(1);
    expect(dms(MANAGER)).toHaveLength(1); // told once per ticket
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);

    // A second ticket's survey left unanswered: one reminder a day later, then it closes.
    const second = await createTicket({ customer: code, requester: REQ });
    await click('ticket_claim', second);
    await click('ticket_resolve_open', second);
    await submitLast({ resolution: 'Reset the PLC' });
    await runJobAt(app, requesterJob, '2026-11-25T01:45:00Z'); // 23 h 45 min later
    expect(dms(REQ)).toEqual([]);
    await runJobAt(app, requesterJob, '2026-11-25T02:15:00Z', ['a', 'b']); // two instances
    expect(dms(REQ)).toEqual([
      `A reminder: how satisfied are you with how we handled ticket *${second}*? One click is enough.`,
    ]);
    const reminded = surveyButtons(); // the reminder carries the same buttons
    await runJobAt(app, requesterJob, '2026-11-25T05:00:00Z');
    expect(dms(REQ)).toEqual([]);
    expect((await stored(second)).survey!.remindedAt).toBeDefined();

    app.clock.set('2026-12-01T03:00:00Z'); // 7 days and an hour after it went
    await answerSurvey(5, REQ, reminded);
    expect(lastEphemeral()).toBe(
      `The survey for ${second} has closed (it was open for 7 days). Thank you all the same.`,
    );
    expect((await stored(second)).survey!.satisfaction).toBeUndefined();
  });

  test('a low score told at the click, before NPS is asked: the managers read the score, no "NPS -", and the ticket links to its card (zh-CN)', async () => {
    await app.setSettings(() => ({ managers: [MANAGER], locale: 'zh-CN' }));
    const number = await createTicket({ requester: REQ });
    await click('ticket_claim', number);
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: '更换编码器' });
    await answerSurvey(2);
    const permalink = (await stored(number)).card!.permalink;
    expect(permalink).toBeDefined();
    expect(dms(MANAGER)).toEqual([
      `工单 <${permalink}|${number}>（Huadong Machinery）收到 <@${REQ}> 的低分评价：满意度 2/5（尚未给出 NPS）。已为 <@${OWNER}> 创建“低分回访”任务，须在 24 小时内完成。`,
    ]);
  });

  test("a requester's survey comment is kept on the ticket, never written to the logs", async () => {
    const number = await createTicket({ requester: REQ });
    await claimedAndResolved(number);
    await answerSurvey(4);
    const comment = 'Call Wang Fang back on 13812345678, wang.fang@huadong.cn';
    expect((await submitLast({ nps: '9', comment }, REQ)).body).toBe('');
    expect((await stored(number)).survey).toMatchObject({ satisfaction: 4, nps: 9, comment });
    // The answer is logged (which ticket, the scores), its words are not.
    const answered = app.logs.filter((l) => l.msg === 'survey answered');
    expect(answered.at(-1)).toMatchObject({ ticket: number, nps: 9, comment: true });
    const raw = JSON.stringify(app.logs);
    for (const typed of ['Wang Fang', '13812345678', 'huadong.cn'])
      expect(raw).not.toContain(typed);
  });

  test('a low score whose follow-up could not be marked (the database failing right then): the managers are still told, once', async () => {
    const number = await resolvedForRequester();
    const buttons = surveyButtons();

    // Marking the ticket's follow-up fails once (a fault injected in the service's write).
    const tickets = app.desk.services.tickets;
    const restore = failCalls(tickets, 'surveyFollowedUp');
    try {
      await answerSurvey(2, REQ, buttons);
      await app.desk.outbox.drain(); // the outbox worker's pass
      expect(dms(MANAGER)).toHaveLength(1);
      expect(dms(MANAGER)[0]).toMatch(new RegExp(`^Low score on <[^|]+\\|${number}> `));
      // A second answer marks it; the notice is not sent again.
      await answerSurvey(1, REQ, buttons);
      await app.desk.outbox.drain();
      expect(dms(MANAGER)).toHaveLength(1);
      expect((await stored(number)).survey!.followUpAt).toBeDefined();
    } finally {
      restore();
    }
  });

  test('the digest shows the requesters’ own scores with the response rate, and revisit-logged scores apart', async () => {
    const code = await customer();
    const surveyed = await createTicket({ customer: code, requester: REQ });
    const unanswered = await createTicket({ customer: code, requester: REQ });
    for (const number of [surveyed, unanswered]) {
      await click('ticket_claim', number);
      await click('ticket_resolve_open', number);
      await submitLast({ resolution: 'Fixed' });
    }
    // The requester answers the first survey (5, NPS 10)...
    const [ticket] = await app.db.models.tickets.find({ number: surveyed }).lean();
    await app.desk.flows.requester.answer(await ctxOf(app, REQ), ticket!._id.toHexString(), {
      satisfaction: 5,
      nps: 10,
    });
    // ...and the agent logs a revisit call of the same ticket with 3 and NPS 6.
    const revisit = await app.db.models.tasks
      .findOne({ ticketNumber: surveyed, kind: 'revisit' })
      .lean();
    await app.desk.services.tasks.complete(await ctxOf(app, AGENT), revisit!._id as string, () => ({
      interactionType: 'call',
      summary: 'ok',
      solved: true,
      satisfaction: 3,
      nps: 6,
    }));
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const f = digestFields();
    // Each score says how many answers it is over; the response rate, of how many surveys sent.
    expect(f['Satisfaction, survey (of 100)']).toBe('100 | of 1 answer | ✅ target 90');
    expect(f['NPS, survey']).toBe('100 | of 1 answer | ✅ target 85');
    expect(f['Survey response rate']).toBe('50.0% | of 2 surveys sent');
    expect(f['Satisfaction (of 100)']).toBe('60 | of 1 answer | ⚠️ target 90');
    expect(f.NPS).toMatch(/^[-−]100 \| of 1 answer \| ⚠️ target 85$/);
  });

  test("the month's report shows the requesters' own scores and response rate, as the digest does", async () => {
    const code = await customer();
    const unanswered = await createTicket({ customer: code, requester: REQ });
    const answered = await createTicket({ customer: code, requester: REQ });
    for (const number of [unanswered, answered]) {
      await click('ticket_claim', number);
      await click('ticket_resolve_open', number);
      await submitLast({ resolution: 'Fixed' });
    }
    // The requester answers the latest survey (4, NPS 9), not the first.
    await answerSurvey(4);
    expect((await submitLast({ nps: '9', comment: null }, REQ)).body).toBe('');
    expect((await stored(answered)).survey).toMatchObject({ satisfaction: 4, nps: 9 });
    expect((await stored(unanswered)).survey!.satisfaction).toBeUndefined();

    await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z');
    const f = digestFields();
    // Two surveys sent in November, one answered (4, NPS 9): under the requesters' own heading.
    expect(f['Satisfaction, survey (of 100)']).toBe('80 | of 1 answer | ⚠️ target 90');
    expect(f['NPS, survey']).toBe('100 | of 1 answer | ✅ target 85');
    expect(f['Survey response rate']).toBe('50.0% | of 2 surveys sent');
    expect(JSON.stringify(app.fake.postsTo(DIGEST)[0]!.args.blocks)).toContain(
      'Satisfaction from requesters (their own survey)',
    );
  });
});

/** The agent opens, from their DM, the draft of a delay notice or progress note for `number`. */
const openDraft = (kind: 'delay' | 'progress', number: string) =>
  app.slack.blockAction(
    { action_id: 'requester_draft_open', value: `${kind}:${number}`, block_id: 'draft' },
    { userId: AGENT, channelId: 'D0AGENT001' },
  );

describe('delay notices and progress notes are drafted, and sent only when the agent confirms', () => {
  test('a progress note at the cadence and a delay notice when the target will be missed', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    await click('ticket_log_response_open', number);
    await submitLast({ via: 'phone', said: 'On it' });
    const told = dms(REQ).length;

    // 72 hours later, but 27 business hours (the default cadence is 72 of them): no draft yet.
    await runJobAt(app, requesterJob, '2026-11-27T02:15:00Z');
    expect(dms(AGENT)).toEqual([]);
    expect(app.fake.postsTo(REQ)).toEqual([]);

    // At 75 % of the resolution target the SLA sweep warns, and the assignee gets a draft.
    await runJobAt(app, slaAlertsJob, '2026-12-02T02:00:30Z');
    const draft = app.fake.postsTo(AGENT).find((c) => String(c.args.text).includes('will miss'));
    expect(draft).toBeDefined();
    expect(app.fake.postsTo(REQ)).toEqual([]);
    await app.slack.blockAction(
      { action_id: 'requester_draft_open', value: `delay:${number}`, block_id: 'draft' },
      { userId: AGENT, channelId: 'D0AGENT001' },
    );
    const view = lastView();
    expect(view.blocks.find((b) => b.block_id === 'text').element.initial_value).toContain(
      'We need more time on “Line 3 is down”',
    );
    // Due Friday 2026-12-04: the working day after it is Monday, not Saturday.
    expect(view.blocks.find((b) => b.block_id === 'date').element.initial_date).toBe('2026-12-07');
    expect(
      (
        await submitLast({
          text: 'A spare part is delayed at customs; a loaner unit arrives tomorrow.',
          date: '2026-12-08',
        })
      ).body,
    ).toBe('');
    expect(dms(REQ)).toEqual([
      `An update on ticket *${number}* from <@${AGENT}>: it will take longer than planned. A spare part is delayed at customs; a loaner unit arrives tomorrow.\nNew expected date: Tuesday, December 8, 2026.`,
    ]);
    expect(told).toBeGreaterThan(0);
    expect(threadReplies().at(-1)).toContain(
      'Delay notice sent to the requester (new date 2026-12-08)',
    );
  });

  test('the delay notice gives the requester the new date as their language writes it (zh-CN), not as YYYY-MM-DD', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    await app.slack.blockAction(
      { action_id: 'requester_draft_open', value: `delay:${number}`, block_id: 'draft' },
      { userId: AGENT, channelId: 'D0AGENT001' },
    );
    await submitLast({ text: '备件在海关延误，明天先送备用机。', date: '2026-12-08' });
    expect(dms(REQ).at(-1)).toBe(
      `<@${AGENT}> 关于工单 *${number}* 的说明：处理时间将比计划更长。备件在海关延误，明天先送备用机。\n新的预计日期：2026年12月8日星期二。`,
    );
  });

  test('a progress note falls due after its business hours on the SLA calendar: not at night, not on a holiday; once per period', async () => {
    // Every 8 business hours; Wednesday is a holiday.
    await app.setSettings(({ businessHours }) => ({
      progressNoteHours: 8,
      businessHours: { ...businessHours, holidays: ['2026-11-25'] },
    }));
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    const drafted = `Ticket *${number}* (Huadong Machinery: Line 3 is down) has been open a while.`;

    // Tuesday 22:00: twelve hours since it came in at 10:00, eight of them business hours
    // (until 18:00), the ninth not begun: nothing at night.
    await runJobAt(app, requesterJob, '2026-11-24T14:00:00Z');
    expect(dms(AGENT)).toEqual([]);
    // Wednesday 15:00, a holiday: still nothing.
    await runJobAt(app, requesterJob, '2026-11-25T07:00:00Z');
    expect(dms(AGENT)).toEqual([]);
    // Thursday 09:15, fifteen minutes into the next working day: the draft, once.
    await runJobAt(app, requesterJob, '2026-11-26T01:15:00Z');
    expect(dms(AGENT)).toEqual([expect.stringContaining(drafted)]);
    await runJobAt(app, requesterJob, '2026-11-26T01:30:00Z');
    expect(dms(AGENT)).toEqual([]);
    expect(app.fake.postsTo(REQ)).toEqual([]); // nothing to the requester without a confirm
    // Thursday 18:15: a second period ended at 17:00 (16 business hours), but the working day
    // is over: it waits for the morning.
    await runJobAt(app, requesterJob, '2026-11-26T10:15:00Z');
    expect(dms(AGENT)).toEqual([]);
    // Friday 09:15: the next one.
    await runJobAt(app, requesterJob, '2026-11-27T01:15:00Z');
    expect(dms(AGENT)).toEqual([expect.stringContaining(drafted)]);
  });

  test('a ticket drafted for by the calendar-hour version (its keys kept a week) still gets its first business-hour draft', async () => {
    await app.setSettings(() => ({ progressNoteHours: 8 }));
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
    // What the calendar-hour version wrote for its first three 8-hour periods.
    const at = new Date('2026-11-24T02:00:00Z');
    await app.db.models.outbox.insertMany(
      [1, 2, 3].map((n) => ({
        teamId: FAKE_TEAM_ID,
        key: `requester:${ticket._id.toHexString()}:draft:progress:${ticket.receivedAt.getTime()}:${n}`,
        kind: 'message',
        to: AGENT,
        state: 'sent',
        seq: n,
        rev: 1,
        attempts: 1,
        nextAt: at,
        createdAt: at,
      })),
    );
    // Thursday 09:15: the first 8 business hours are over (Tuesday 10:00-18:00).
    await runJobAt(app, requesterJob, '2026-11-26T01:15:00Z');
    expect(dms(AGENT)).toEqual([expect.stringContaining(`Ticket *${number}*`)]);
  });

  test('a draft sent with its [placeholders] as drafted, or a delay notice with a new date already past, is refused on the field; nothing reaches the requester', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    const open = (kind: 'delay' | 'progress') => openDraft(kind, number);
    const told = dms(REQ).length;
    await open('delay');
    const delay = lastView();
    // As drafted: the reason and the plan still to be written.
    expect((await app.slack.submitView(delay, {}, { userId: AGENT })).body).toEqual({
      response_action: 'errors',
      errors: {
        text: 'Replace what is in brackets with the real thing before sending: [reason], [alternative plan].',
      },
    });
    // One written, one left.
    expect(
      (
        await app.slack.submitView(
          delay,
          {
            text: 'We need more time, because a part is held at customs. Meanwhile we [alternative plan].',
          },
          { userId: AGENT },
        )
      ).body,
    ).toEqual({
      response_action: 'errors',
      errors: {
        text: 'Replace what is in brackets with the real thing before sending: [alternative plan].',
      },
    });
    // Written, but the new date is yesterday (Shanghai), then today: refused, then taken.
    const written = 'A part is held at customs; a loaner unit arrives tomorrow.';
    expect(
      (await app.slack.submitView(delay, { text: written, date: '2026-11-23' }, { userId: AGENT }))
        .body,
    ).toEqual({ response_action: 'errors', errors: { date: 'This date is in the past.' } });
    expect(dms(REQ)).toHaveLength(told);
    expect(
      (await app.slack.submitView(delay, { text: written, date: '2026-11-24' }, { userId: AGENT }))
        .body,
    ).toBe('');
    expect(dms(REQ).at(-1)).toContain(written);

    // The progress note's placeholders too.
    await open('progress');
    expect((await app.slack.submitView(lastView(), {}, { userId: AGENT })).body).toEqual({
      response_action: 'errors',
      errors: {
        text: 'Replace what is in brackets with the real thing before sending: [what was done], [what comes next].',
      },
    });
  });

  test('a delay notice drafted at a breach that escalates the ticket goes to the expert who has it now, not to the agent it was taken from', async () => {
    const EXPERT = 'U0EXPERT01';
    await app.setSettings(() => ({ experts: [{ userId: EXPERT, skills: [] }] }));
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    await click('ticket_log_response_open', number);
    await submitLast({ via: 'phone', said: 'On it' });

    // Due Friday 2026-12-04 10:00: the sweep finds the resolution breached and escalates to L2.
    await runJobAt(app, slaAlertsJob, '2026-12-04T02:00:30Z');
    expect((await stored(number)).assigneeId).toBe(EXPERT);
    const drafts = (userId: string) =>
      app.fake
        .postsTo(userId)
        .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_draft_open'));
    expect(drafts(AGENT)).toEqual([]);
    expect(drafts(EXPERT)).toHaveLength(1);
    expect(String(drafts(EXPERT)[0]!.args.text)).toContain(`Ticket *${number}*`);
    // Drafted at the breach: the target was missed, not "will miss".
    expect(String(drafts(EXPERT)[0]!.args.text)).toContain('missed its resolution target');
    expect(String(drafts(EXPERT)[0]!.args.text)).not.toContain('will miss');
  });

  test('a draft left in the DM of a ticket resolved since is refused: the requester is not sent "it will take longer" or progress after the resolution', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    const open = (kind: 'delay' | 'progress') => openDraft(kind, number);
    await open('progress');
    const modal = lastView();
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Encoder replaced' });
    const told = dms(REQ).length;
    const opened = app.fake.callsTo('views.open').length;

    // The modal opened before the resolution, sent after it.
    const res = await app.slack.submitView(
      modal,
      { text: 'The new encoder is fitted; testing tomorrow.' },
      { userId: AGENT },
    );
    expect(JSON.stringify(res.body)).toContain(
      `${number} is resolved now; that button no longer applies.`,
    );
    // The draft's button pressed after the resolution: no modal, the same answer.
    for (const kind of ['progress', 'delay'] as const) {
      await open(kind);
      expect(app.fake.callsTo('views.open')).toHaveLength(opened);
      expect(lastEphemeral()).toBe(`${number} is resolved now; that button no longer applies.`);
    }
    await app.desk.outbox.drain();
    expect(dms(REQ)).toHaveLength(told);
    expect(JSON.stringify(app.fake.postsTo(REQ))).not.toContain('encoder is fitted');
  });

  test('a confirmed note whose cadence could not be restarted (the database failing then) still reaches the requester, once', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    await app.slack.blockAction(
      { action_id: 'requester_draft_open', value: `progress:${number}`, block_id: 'draft' },
      { userId: AGENT, channelId: 'D0AGENT001' },
    );
    const modal = { ...lastView(), id: 'V0DRAFT001' };
    const form = { text: 'The new encoder is fitted; testing tomorrow.' };
    const tickets = app.desk.services.tickets;
    const restore = failCalls(tickets, 'progressNoted');
    const before = dms(REQ).length;
    try {
      await app.slack.submitView(modal, form, { userId: AGENT });
      await app.desk.outbox.drain(); // the outbox worker's pass
      const sent = app.fake.postsTo(REQ).filter((c) => String(c.args.text).includes('encoder'));
      expect(sent).toHaveLength(1);
      // Submitted again (the person saw the error): not sent twice (the calls so far, all).
      await app.slack.submitView(modal, form, { userId: AGENT });
      await app.desk.outbox.drain();
      expect(
        app.fake.postsTo(REQ).filter((c) => String(c.args.text).includes('encoder')),
      ).toHaveLength(1);
      expect(before).toBeGreaterThan(0);
    } finally {
      restore();
    }
  });
});

describe('drafts in quiet hours', () => {
  const EXPERT = 'U0EXPERT01';
  /** The drafts a person read in their DMs (the posts since the last job run). */
  const drafts = (userId: string) =>
    app.fake
      .postsTo(userId)
      .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_draft_open'))
      .map((c) => String(c.args.text));

  test("an urgent ticket's draft at night goes at once", async () => {
    await app.setSettings(({ sla }) => ({
      sla: { ...sla, urgentAroundTheClock: true },
      progressNoteHours: 8,
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
    }));
    const number = await createTicket({ requester: REQ, severity: 'urgent' });
    await click('ticket_claim', number);
    // Tuesday 22:15: twelve hours of its around-the-clock calendar since 10:00.
    await runJobAt(app, requesterJob, '2026-11-24T14:15:00Z');
    expect(drafts(AGENT)).toEqual([expect.stringContaining(`Ticket *${number}*`)]);
  });

  test('a draft held by quiet hours is not sent to the agent when the ticket was handed on or resolved by then', async () => {
    // Quiet until 09:30; every 8 business hours (09:00-18:00).
    await app.setSettings(() => ({
      experts: [{ userId: EXPERT, skills: [] }],
      managers: [MANAGER],
      progressNoteHours: 8,
      quietHours: { enabled: true, start: '18:00', end: '09:30' },
    }));
    const form = { requester: REQ, severity: 'general', customer: await customer() };
    const handed = await createTicket(form);
    const resolved = await createTicket(form);
    const kept = await createTicket(form);
    for (const number of [handed, resolved, kept]) await click('ticket_claim', number);

    // Wednesday 09:15: the three drafts are written, held until 09:30.
    await runJobAt(app, requesterJob, '2026-11-25T01:15:00Z');
    expect(drafts(AGENT)).toEqual([]);

    // 09:20: a manager hands the first to the expert; the agent resolves the second.
    app.clock.set('2026-11-25T01:20:00Z');
    await click('ticket_reassign_open', handed, MANAGER);
    expect((await submitLast({ assignee: EXPERT }, MANAGER)).body).toBe('');
    await click('ticket_resolve_open', resolved);
    expect((await submitLast({ resolution: 'Replaced the pump' })).body).toBe('');
    await app.desk.outbox.drain();
    expect(drafts(AGENT)).toEqual([]);

    // 09:31: only the draft of the ticket still theirs reaches the agent; none the expert.
    app.clock.set('2026-11-25T01:31:00Z');
    await app.desk.outbox.drain();
    expect(drafts(AGENT)).toEqual([expect.stringContaining(`Ticket *${kept}*`)]);
    expect(drafts(EXPERT)).toEqual([]);
    expect((await stored(handed)).assigneeId).toBe(EXPERT);
    expect((await stored(resolved)).status).toBe('resolved');
  });
  test("a progress note the agent confirms at night goes into the requester's thread at once, not behind the 'handling it' notice quiet hours hold there until the morning", async () => {
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '22:00', end: '08:00' } }));
    // Thursday 2026-11-26 10:00: a general ticket with a conversation thread.
    app.clock.set('2026-11-26T02:00:00Z');
    const number = await createTicket({ requester: REQ, severity: 'general' });
    const CUSTOMER_CHANNEL = 'C0CUSTOMER';
    const TS = '1700000000.000950';
    await app.db.models.tickets.updateOne(
      { number },
      { $set: { conversation: { channel: CUSTOMER_CHANNEL, ts: TS } } },
    );
    const thread = () =>
      app.fake
        .tookPostsTo(CUSTOMER_CHANNEL)
        .filter((c) => c.args.thread_ts === TS)
        .map((c) => String(c.args.text));
    // 22:10, quiet hours: the agent claims it; the requester's notice waits for 08:00.
    app.clock.set('2026-11-26T14:10:00Z');
    await click('ticket_claim', number);
    await app.desk.outbox.drain();
    expect(thread()).toEqual([]);
    // 22:15: the agent writes the requester a progress note and confirms it: it goes now.
    app.clock.set('2026-11-26T14:15:00Z');
    await app.slack.blockAction(
      { action_id: 'requester_draft_open', value: `progress:${number}`, block_id: 'draft' },
      { userId: AGENT, channelId: 'D0AGENT001' },
    );
    expect((await submitLast({ text: 'The spare part ships tomorrow.' })).body).toBe('');
    await app.desk.outbox.drain();
    expect(thread()).toEqual([
      `Progress on ticket *${number}* from <@${AGENT}>: The spare part ships tomorrow.`,
    ]);
    // 08:00: the held notice follows.
    app.clock.set('2026-11-27T00:00:30Z');
    await app.desk.outbox.drain();
    expect(thread()).toHaveLength(2);
    expect(thread()[1]).toBe(`<@${AGENT}> is handling your ticket *${number}* now.`);
  });
});

describe("the card's Tell of a delay…: a delay notice before any sweep drafted one", () => {
  /** What the card offers: its buttons, and its "…" menu's choices as the buttons they were. */
  const buttonIds = () => offeredIds(card().blocks);

  test('opens the delay notice prefilled; a missing or past date is refused on the field; sent once, escaped, and noted on the card', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    expect(buttonIds()).toContain('ticket_delay_open');
    await click('ticket_claim', number);
    // Log response a button; Tell of a delay…, Merge into… then New task last, in the menu;
    // Follow and Followers… in the following row under it.
    expect(buttonIds()).toContain('ticket_log_response_open');
    expect(buttonIds().slice(-5)).toEqual([
      'ticket_delay_open',
      'ticket_merge_open',
      'ticket_card_menu:task',
      'requester_follow',
      'ticket_followers_open',
    ]);
    const told = dms(REQ).length;

    await click('ticket_delay_open', number);
    const view = lastView();
    expect(view.callback_id).toBe('requester_draft');
    expect((view.title as { text: string }).text).toBe(`Delay notice ${number}`);
    expect(view.blocks.find((b) => b.block_id === 'text').element.initial_value).toBe(
      `We need more time on “Line 3 is down” (${number}) than planned, because [reason]. Meanwhile we [alternative plan].`,
    );
    // Due Friday 2026-12-04 (72 business hours): the working day after it is Monday.
    expect(view.blocks.find((b) => b.block_id === 'date').element.initial_date).toBe('2026-12-07');

    const written = 'The spindle is on back-order <!channel>; a loaner arrives Thursday.';
    const submit = (form: Record<string, string | null>) =>
      app.slack.submitView(view, form, { userId: AGENT });
    expect((await submit({ text: written, date: null })).body).toEqual({
      response_action: 'errors',
      errors: { date: 'Required.' },
    });
    expect((await submit({ text: written, date: '2026-11-23' })).body).toEqual({
      response_action: 'errors',
      errors: { date: 'This date is in the past.' },
    });
    expect(dms(REQ)).toHaveLength(told);

    expect((await submit({ text: written, date: '2026-12-15' })).body).toBe('');
    await app.desk.outbox.drain();
    const sent = dms(REQ).slice(told);
    expect(sent).toEqual([
      `An update on ticket *${number}* from <@${AGENT}>: it will take longer than planned. The spindle is on back-order &lt;!channel&gt;; a loaner arrives Thursday.\nNew expected date: Tuesday, December 15, 2026.`,
    ]);
    expect(threadReplies().at(-1)).toContain(
      'Delay notice sent to the requester (new date 2026-12-15)',
    );
    expect(threadReplies().at(-1)).not.toContain('<!channel>');
    expect((await stored(number)).timeline.at(-1)).toMatchObject({
      action: 'note',
      by: AGENT,
      text: `Delay notice sent to the requester (new date 2026-12-15): ${written}`,
    });
  });

  test('once sent, the triage card shows the date promised to the requester beside the SLA, until resolved (a reopen forgets it)', async () => {
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    const { ts } = (await stored(number)).card!;
    /** The fields of the ticket's card as Slack last had it updated. */
    const fields = () =>
      (app.fake.updatesOf(ts!).at(-1)!.args.blocks as any[])
        .flatMap((b) => (b.fields ?? []) as { text: string }[])
        .map((f) => f.text);
    const promised = () => fields().find((f) => f.startsWith('*Promised to the requester*'));
    expect(fields().some((f) => f.startsWith('*Resolution due*'))).toBe(true);
    expect(promised()).toBeUndefined();

    await click('ticket_delay_open', number);
    expect(
      (
        await app.slack.submitView(
          lastView(),
          { text: 'The spindle is on back-order; a loaner arrives Thursday.', date: '2026-12-15' },
          { userId: AGENT },
        )
      ).body,
    ).toBe('');
    await app.desk.outbox.drain();
    expect(promised()).toBe('*Promised to the requester*\nTuesday, December 15, 2026');
    expect(fields().some((f) => f.startsWith('*Resolution due*'))).toBe(true);

    // A later delay notice promises anew: the card says the new date.
    await click('ticket_delay_open', number);
    await app.slack.submitView(
      lastView(),
      { text: 'Customs held the part again; a loaner is on site.', date: '2026-12-18' },
      { userId: AGENT },
    );
    await app.desk.outbox.drain();
    expect(promised()).toBe('*Promised to the requester*\nFriday, December 18, 2026');

    // Resolved, the promise is kept or not: the card no longer shows it.
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Spindle replaced' });
    await app.desk.outbox.drain();
    expect(promised()).toBeUndefined();

    // Reopened, the date promised was for the work that ended: gone from the card and the record.
    await click('ticket_reopen', number);
    await app.desk.outbox.drain();
    expect((await stored(number)).status).toBe('assigned');
    expect(promised()).toBeUndefined();
    expect((await stored(number)).promisedDate).toBeUndefined();
  });

  test('refused in the service to someone who may not answer the requester, and on a ticket resolved since; no button without a requester in Slack or once resolved', async () => {
    const STRANGER = 'U0STRANGE1';
    // A customer outside Slack: no button (their answer is logged).
    const code = await customer();
    const outside = await createTicket({ customer: code, contact_name: 'Ms Wang, plant manager' });
    expect(buttonIds()).not.toContain('ticket_delay_open');
    expect(buttonIds()).toContain('ticket_log_response_open');
    const number = await createTicket({ customer: code, requester: REQ, severity: 'general' });
    await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
    const opened = app.fake.callsTo('views.open').length;
    const told = dms(REQ).length;

    await click('ticket_delay_open', number, STRANGER);
    expect(app.fake.callsTo('views.open')).toHaveLength(opened);
    expect(lastEphemeral()).toBe(
      "Only the service team and the customer's account manager answer the requester for the desk.",
    );
    // The modal (opened by the agent) submitted by the stranger: refused by the service too.
    await click('ticket_delay_open', number);
    const view = lastView();
    const res = await app.slack.submitView(
      view,
      { text: 'A part is held at customs; a loaner arrives tomorrow.', date: '2026-12-15' },
      { userId: STRANGER },
    );
    expect(JSON.stringify(res.body)).toContain('Only the service team');
    await app.desk.outbox.drain();
    expect(dms(REQ)).toHaveLength(told);

    // Resolved: no button, and the old card's refused.
    await click('ticket_claim', number);
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Encoder replaced' });
    expect(buttonIds()).not.toContain('ticket_delay_open');
    const before = app.fake.callsTo('views.open').length;
    await click('ticket_delay_open', number);
    expect(app.fake.callsTo('views.open')).toHaveLength(before);
    expect(lastEphemeral()).toBe(`${number} is resolved now; that button no longer applies.`);

    // The outside customer's old card (drawn before this button could be left off): told how.
    await click('ticket_delay_open', outside);
    expect(app.fake.callsTo('views.open')).toHaveLength(before);
    expect(lastEphemeral()).toBe(
      `${outside} has no requester in Slack to send this to: tell them by phone or email, then record it with *Log response*.`,
    );
  });
});

describe("the SLA sweep's delay draft after a delay notice the assignee already sent", () => {
  const drafts = (userId: string) =>
    app.fake
      .postsTo(userId)
      .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_draft_open'))
      .map((c) => String(c.args.text));

  test('told of a later date with Tell of a delay…: no draft at 75 % nor at the breach; told of a date not past the target: drafted as before', async () => {
    // Received Tuesday 10:00, general: 72 business hours, due Friday 2026-12-04 10:00.
    const code = await customer();
    const told = await createTicket({ customer: code, requester: REQ, severity: 'general' });
    await click('ticket_claim', told);
    await click('ticket_delay_open', told);
    expect(
      (
        await submitLast({
          text: 'The board ships in two weeks; manual mode meanwhile.',
          date: '2026-12-15',
        })
      ).body,
    ).toBe('');
    const early = await createTicket({ customer: code, requester: REQ, severity: 'general' });
    await click('ticket_claim', early);
    await click('ticket_delay_open', early);
    expect(
      (await submitLast({ text: 'A part is late; a loaner meanwhile.', date: '2026-12-04' })).body,
    ).toBe('');
    await app.desk.outbox.drain();
    expect(dms(REQ).filter((m) => m.includes('take longer than planned'))).toHaveLength(2);

    // 75 %: the warning goes out for both; the draft only for the one whose requester was given
    // a date that is not past the target.
    await runJobAt(app, slaAlertsJob, '2026-12-02T02:00:30Z');
    await app.desk.outbox.drain();
    expect(drafts(AGENT)).toEqual([expect.stringContaining(`Ticket *${early}*`)]);
    expect(drafts(AGENT)[0]).toContain('will miss its resolution target');
    // (The warning itself still reaches the assignee: the target is still the target.)
    expect(
      app.fake
        .postsTo(AGENT)
        .map((c) => String(c.args.text))
        .join('\n'),
    ).toContain(told);
    // The breach (a job run starts the fake's record afresh): nothing drafted, for anyone, for
    // the ticket whose requester expects it on the 15th; the other drafted again.
    await runJobAt(app, slaAlertsJob, '2026-12-04T02:00:30Z');
    await app.desk.outbox.drain();
    const drafted = app.fake
      .tookCalls('chat.postMessage')
      .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_draft_open'))
      .map((c) => String(c.args.text));
    expect(drafted).toEqual([expect.stringContaining(`Ticket *${early}*`)]);
    expect(drafted[0]).toContain('missed its resolution target');
    // Nothing more reached the requester.
    expect(dms(REQ).filter((m) => m.includes('take longer than planned'))).toEqual([]);
  });
});

describe('a promised date that passes with the ticket still open', () => {
  const drafted = draftsPosted;

  test('the day after it, the assignee gets one delay draft saying it passed, and the card says so; a new promise starts again', async () => {
    // Received Tuesday 10:00, general: due Friday 2026-12-04 10:00.
    const number = await createTicket({ requester: REQ, severity: 'general' });
    await click('ticket_claim', number);
    const { ts } = (await stored(number)).card!;
    const promised = () =>
      (app.fake.updatesOf(ts!).at(-1)!.args.blocks as any[])
        .flatMap((b) => (b.fields ?? []) as { text: string }[])
        .map((f) => f.text)
        .find((f) => f.startsWith('*Promised to the requester*'));
    await click('ticket_delay_open', number);
    expect(
      (
        await submitLast({
          text: 'The board ships Monday; manual mode meanwhile.',
          date: '2026-12-08',
        })
      ).body,
    ).toBe('');
    await app.desk.outbox.drain();

    // On the promised day itself (Tuesday 14:00): the SLA's own alerts, no draft.
    await runJobAt(app, slaAlertsJob, '2026-12-08T06:00:30Z');
    expect(drafted()).toEqual([]);

    // Wednesday 10:00, the day after, two instances at once: one draft, to the assignee.
    await runJobAt(app, slaAlertsJob, '2026-12-09T02:00:30Z', ['a', 'b']);
    // (The breach escalated it meanwhile: whoever holds it now is the one told.)
    const holder = (await stored(number)).assigneeId!;
    expect(drafted()).toEqual([
      {
        to: holder,
        text: expect.stringContaining(
          `Ticket *${number}* (Huadong Machinery: Line 3 is down) is still open, and the date the requester was promised (Tuesday, December 8, 2026) has passed.`,
        ),
      },
    ]);
    expect(promised()).toBe('*Promised to the requester*\nTuesday, December 8, 2026 · passed');
    expect(app.fake.postsTo(REQ)).toEqual([]);
    // Its draft proposes a day still to come: Thursday.
    await app.slack.blockAction(
      { action_id: 'requester_draft_open', value: `delay:${number}`, block_id: 'draft' },
      { userId: holder, channelId: 'D0HOLDER01' },
    );
    expect(lastView().blocks.find((b) => b.block_id === 'date').element.initial_date).toBe(
      '2026-12-10',
    );

    // Later that day, and the next: nothing more for that date.
    await runJobAt(app, slaAlertsJob, '2026-12-09T06:00:30Z');
    expect(drafted()).toEqual([]);
    await runJobAt(app, slaAlertsJob, '2026-12-10T02:00:30Z');
    expect(drafted()).toEqual([]);

    await app.slack.blockAction(
      { action_id: 'requester_draft_open', value: `delay:${number}`, block_id: 'draft' },
      { userId: holder, channelId: 'D0HOLDER01' },
    );
    // The holder sends it with a new date: the card shows it, not passed; once it passes
    // (Friday the 11th), one draft again.
    expect(
      (
        await submitLast(
          { text: 'Customs held the board; a loaner is on site.', date: '2026-12-11' },
          holder,
        )
      ).body,
    ).toBe('');
    await app.desk.outbox.drain();
    expect(promised()).toBe('*Promised to the requester*\nFriday, December 11, 2026');
    await runJobAt(app, slaAlertsJob, '2026-12-11T02:00:30Z');
    expect(drafted()).toEqual([]);
    await runJobAt(app, slaAlertsJob, '2026-12-12T02:00:30Z');
    expect(drafted()).toEqual([
      {
        to: holder,
        text: expect.stringContaining('promised (Friday, December 11, 2026) has passed'),
      },
    ]);
    await runJobAt(app, slaAlertsJob, '2026-12-12T03:00:30Z');
    expect(drafted()).toEqual([]);
  });
});
