// The requester's satisfaction survey after a resolution (#10): what staff learn of an answer,
// who is asked, and when.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { requesterJob } from '../../jobs/requester.js';
import { createLogger } from '../../src/logger.js';
import { useTestApp } from '../helpers/app.js';
import { answerLastSurvey, lastSurveyButtons, newTicketByModal } from '../helpers/clicks.js';
import { failCalls } from '../helpers/faults.js';
import { holdFirstCall } from '../helpers/hold.js';
import { act, AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import type { TicketRepository } from '../../src/ticket/repository.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const lastView = () =>
  app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown> & {
    blocks: any[];
  };

/** `/ticket new` by AGENT, the modal filled in; returns the new ticket's number. */
async function createTicket(form: Record<string, string | null>): Promise<string> {
  return newTicketByModal(
    app,
    form.customer ?? (await makeCustomer(app, { annualRevenue: 600_000 })).code,
    form,
  );
}

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

function click(actionId: string, value: string, userId = AGENT) {
  return app.slack.blockAction(
    { action_id: actionId, value, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}
const submitLast = (form: Record<string, string | null>, userId = AGENT) =>
  app.slack.submitView(lastView(), form, { userId });
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));

/** The survey's buttons in the last survey `userId` was sent. */
const surveyButtons = (userId = REQ) => lastSurveyButtons(app, userId);
const answerSurvey = (score: number, userId = REQ, buttons = surveyButtons(userId)) =>
  answerLastSurvey(app, userId, score, buttons);

/** What the triage card of `number` was last updated to. */
async function cardText(number: string): Promise<string> {
  const ts = (await stored(number)).card?.ts;
  expect(ts).toBeDefined();
  return JSON.stringify(app.fake.updatesOf(ts).at(-1)?.args.blocks ?? '');
}

/** A ticket reported by `requester`, taken and resolved by AGENT: its survey sent. */
async function resolved(form: Record<string, string | null> = {}): Promise<string> {
  const number = await createTicket({ requester: REQ, ...form });
  app.fake.reset();
  await click('ticket_claim', number);
  await click('ticket_resolve_open', number);
  expect((await submitLast({ resolution: 'Replaced the encoder' })).body).toBe('');
  return number;
}

describe('requester survey answers', () => {
  test("a low score click opens the 'tell us more' modal before the managers' and account manager's DMs are sent (the trigger_id lives 3 s)", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const number = await resolved();
    const buttons = surveyButtons();
    app.fake.reset();
    // Slack slow with the first DM of the follow-up: the modal was asked for already.
    const held = app.fake.holdNext('chat.postMessage');
    const clicked = answerSurvey(1, REQ, buttons);
    await held.arrived;
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    held.release();
    expect((await clicked).status).toBe(200);
    const order = app.fake.calls.map((c) => c.method);
    expect(order.indexOf('views.open')).toBeLessThan(order.indexOf('chat.postMessage'));
    expect(order.filter((m) => m === 'views.open')).toHaveLength(1);
    // The follow-up still went: the managers told, the recovery call planned.
    expect(dms(MANAGER)).toHaveLength(1);
    expect((await stored(number)).survey).toMatchObject({ satisfaction: 1 });
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);
  });

  test('a survey click whose modal Slack refuses (trigger expired) still shows the answer on the card', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const number = await resolved();
    await app.desk.outbox.drain();
    app.fake.failNext('views.open', 'expired_trigger_id');
    await answerSurvey(2);
    await app.desk.outbox.drain();
    expect((await stored(number)).survey?.satisfaction).toBe(2); // saved
    expect(await cardText(number)).toContain('satisfaction 2/5');
  });
  test('the NPS and comment a requester gives after a low score reach the managers and the account manager (escaped), and the card shows them', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const number = await resolved();
    await answerSurvey(1);
    // Told at the click: no NPS yet, no comment.
    expect(dms(MANAGER)).toHaveLength(1);
    const modal = lastView();
    const comment = 'The agent was rude & it broke again <!channel> call 13812345678';
    expect((await app.slack.submitView(modal, { nps: '2', comment }, { userId: REQ })).body).toBe(
      '',
    );
    await app.desk.outbox.drain();
    for (const user of [MANAGER, OWNER]) {
      const told = dms(user).filter((t) => t.startsWith('More on the low score'));
      expect(told).toHaveLength(1);
      expect(told[0]).toContain(`from <@${REQ}>: satisfaction 1/5, NPS 2.`);
      expect(told[0]).toContain(
        'Comment: The agent was rude &amp; it broke again &lt;!channel&gt;',
      );
      expect(told[0]).toContain('138****5678');
    }
    const card = await cardText(number);
    expect(card).toContain('satisfaction 1/5, NPS 2');
    expect(card).toContain('rude &amp; it broke again &lt;!channel&gt;');
    expect(card).not.toContain('13812345678');
    // The outbox job's next run tells nobody again.
    await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
    expect(dms(MANAGER)).toHaveLength(0);
  });

  test("the NPS and comment given after a low score, whose DMs' write failed after the answer was saved (the process died there): the outbox job's repair sends them to the managers and the account manager, once, whichever instance and however often it runs", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const number = await resolved();
    await answerSurvey(1);
    expect(dms(MANAGER)).toHaveLength(1); // told at the click
    const modal = lastView();
    const restore = failCalls(app.desk.services.outbox, 'enqueue', {
      when: (_ctx, entries) => entries.some((e) => e.key.includes(':details:')),
    });
    try {
      await app.slack.submitView(
        modal,
        { nps: '3', comment: 'Nobody called back' },
        { userId: REQ },
      );
    } finally {
      restore();
    }
    await app.desk.outbox.drain();
    const more = (user: string) => dms(user).filter((t) => t.startsWith('More on the low score'));
    expect(more(MANAGER)).toEqual([]);
    expect((await stored(number)).survey).toMatchObject({ nps: 3, comment: 'Nobody called back' });

    // Within the answer's own two minutes, the repair leaves it to its request.
    await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
    expect(more(MANAGER)).toEqual([]);
    // Five minutes on, on two instances at once: each told once, with what was said.
    await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z', ['a', 'b']);
    for (const user of [MANAGER, OWNER]) {
      expect(more(user)).toHaveLength(1);
      expect(more(user)[0]).toContain(`from <@${REQ}>: satisfaction 1/5, NPS 3.`);
      expect(more(user)[0]).toContain('Comment: Nobody called back');
    }
    expect((await stored(number)).survey?.detailsOwedAt).toBeUndefined();
    // Run again: nothing twice.
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z', ['b', 'a']);
    expect(more(MANAGER)).toEqual([]);
    expect(more(OWNER)).toEqual([]);
  });

  test.each([
    ['before the click wrote its notice', 'tasks', 'planRecovery'],
    [
      'after the click wrote its notice, before it marked the ticket followed up',
      'tickets',
      'surveyFollowedUp',
    ],
  ] as const)(
    "the NPS and comment sent %s reach the managers and the follow-up's owner, once, after the low notice",
    async (_when, service, method) => {
      await app.setSettings(() => ({ managers: [MANAGER] }));
      const number = await resolved();
      const buttons = surveyButtons();
      app.fake.reset();
      // The click's request slow right there: the modal's submission overtakes it.
      const hold = holdFirstCall(app.desk.services[service], method as never);
      try {
        const clicked = answerSurvey(1, REQ, buttons);
        await hold.reached;
        const sent = await app.slack.submitView(
          lastView(),
          { nps: '2', comment: 'Nobody called back' },
          { userId: REQ },
        );
        expect(sent.body).toBe('');
        hold.release();
        expect((await clicked).status).toBe(200);
      } finally {
        hold.restore();
      }
      await app.desk.outbox.drain();
      const more = (user: string) => dms(user).filter((t) => t.startsWith('More on the low score'));
      const low = dms(MANAGER).filter((t) => !t.startsWith('More on the low score'));
      expect(low).toHaveLength(1);
      expect(low[0]).not.toContain('Nobody called back');
      for (const user of [MANAGER, OWNER]) {
        expect(more(user), user).toHaveLength(1);
        expect(more(user)[0]).toContain(`from <@${REQ}>: satisfaction 1/5, NPS 2.`);
        expect(more(user)[0]).toContain('Comment: Nobody called back');
      }
      expect((await stored(number)).survey).toMatchObject({ followUpCycle: 0 });
      expect((await stored(number)).survey?.detailsOwedAt).toBeUndefined();
      // Nothing again from the jobs' repairs.
      await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
      await runJobAt(app, requesterJob, '2026-11-24T02:06:00Z');
      await app.desk.outbox.drain();
      expect(dms(MANAGER)).toEqual([]);
      expect(dms(OWNER)).toEqual([]);
    },
  );

  test.each([
    ['the requester job', requesterJob, outboxJob],
    ["the outbox job's details repair", outboxJob, requesterJob],
  ] as const)(
    "a low click and its modal's NPS and comment whose requests both died before the follow-up: %s opens it, the notice says the score only, and the details reach the managers and the follow-up's owner, once",
    async (_first, first, then) => {
      await app.setSettings(() => ({ managers: [MANAGER] }));
      const number = await resolved();
      const buttons = surveyButtons();
      app.fake.reset();
      // Both requests die where the follow-up begins: the click's and the modal's answers saved.
      const restore = failCalls(app.desk.services.tasks, 'planRecovery', { times: 2 });
      try {
        await answerSurvey(1, REQ, buttons);
        await app.slack.submitView(
          lastView(),
          { nps: '2', comment: 'Nobody called back' },
          { userId: REQ },
        );
      } finally {
        restore();
      }
      await app.desk.outbox.drain();
      expect(dms(MANAGER)).toEqual([]);
      expect((await stored(number)).survey).toMatchObject({ satisfaction: 1, nps: 2 });
      // What each person read over both runs (a run clears the fake Slack's record first).
      const read = new Map<string, string[]>([
        [MANAGER, []],
        [OWNER, []],
      ]);
      for (const [job, at] of [
        [first, '2026-11-24T02:05:00Z'],
        [then, '2026-11-24T02:06:00Z'],
      ] as const) {
        await runJobAt(app, job, at);
        for (const [user, texts] of read) texts.push(...dms(user));
      }
      const more = (user: string) =>
        read.get(user)!.filter((t) => t.startsWith('More on the low score'));
      const low = read.get(MANAGER)!.filter((t) => !t.startsWith('More on the low score'));
      expect(low).toHaveLength(1);
      expect(low[0]).toContain('1/5');
      expect(low[0]).not.toContain('Nobody called back');
      for (const user of [MANAGER, OWNER]) {
        expect(more(user), user).toHaveLength(1);
        expect(more(user)[0]).toContain(`from <@${REQ}>: satisfaction 1/5, NPS 2.`);
        expect(more(user)[0]).toContain('Comment: Nobody called back');
      }
      expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);
      expect((await stored(number)).survey?.detailsOwedAt).toBeUndefined();
      // Both again, later: nothing twice.
      await runJobAt(app, outboxJob, '2026-11-24T02:20:00Z');
      await runJobAt(app, requesterJob, '2026-11-24T02:21:00Z');
      await app.desk.outbox.drain();
      expect(dms(MANAGER)).toEqual([]);
      expect(dms(OWNER)).toEqual([]);
    },
  );

  test("the same low score clicked again and its modal sent unchanged tell the managers and the follow-up's owner nothing again, even when its request dies before it is marked told; a changed comment is told", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const number = await resolved();
    const buttons = surveyButtons();
    const more = (user: string) => dms(user).filter((t) => t.startsWith('More on the low score'));
    await answerSurvey(1, REQ, buttons);
    const comment = 'It broke again';
    const send = async (form: Record<string, string>) =>
      expect((await app.slack.submitView(lastView(), form, { userId: REQ })).body).toBe('');
    await send({ nps: '2', comment });
    await app.desk.outbox.drain();
    for (const user of [MANAGER, OWNER]) expect(more(user), user).toHaveLength(1);
    // A minute on, the same score and the same NPS and comment again: nothing new to tell.
    app.clock.advance(60_000);
    await answerSurvey(1, REQ, buttons);
    await send({ nps: '2', comment });
    await app.desk.outbox.drain();
    for (const user of [MANAGER, OWNER]) expect(more(user), user).toHaveLength(1);
    // Again, its request failing before the answer is marked told (as if it died there): the
    // outbox job's repair finds nothing owed either.
    app.clock.advance(60_000);
    await answerSurvey(1, REQ, buttons);
    const restore = failCalls(app.desk.services.tickets, 'surveyDetailsTold');
    try {
      await send({ nps: '2', comment });
    } finally {
      restore();
    }
    expect((await stored(number)).survey?.detailsOwedAt).toBeUndefined();
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    expect(more(MANAGER)).toEqual([]);
    expect(more(OWNER)).toEqual([]);
    // The comment changed: told, once each, with what it says now.
    await answerSurvey(1, REQ, buttons);
    await send({ nps: '2', comment: 'It broke again, and nobody called' });
    await app.desk.outbox.drain();
    for (const user of [MANAGER, OWNER]) {
      expect(more(user), user).toHaveLength(1);
      expect(more(user)[0]).toContain('Comment: It broke again, and nobody called');
    }
    expect((await stored(number)).survey).toMatchObject({ satisfaction: 1, nps: 2 });
  });

  test('a survey answer redraws the triage card only when what the card shows of it changed: the same score clicked again, or the modal sent unchanged, costs no Slack call', async () => {
    const number = await resolved();
    const buttons = surveyButtons();
    await app.desk.outbox.drain();
    const ts = (await stored(number)).card!.ts!;
    const drawn = () => app.fake.updatesOf(ts).length;
    const first = drawn();
    await answerSurvey(4, REQ, buttons);
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first + 1);
    expect(await cardText(number)).toContain('satisfaction 4/5');
    // The same score again, then its modal sent with nothing in it: the card stays as drawn.
    await answerSurvey(4, REQ, buttons);
    expect((await app.slack.submitView(lastView(), {}, { userId: REQ })).body).toBe('');
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first + 1);
    // An NPS given: drawn again, once; the same modal sent again changes nothing.
    await answerSurvey(4, REQ, buttons);
    const modal = lastView();
    expect((await app.slack.submitView(modal, { nps: '9' }, { userId: REQ })).body).toBe('');
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first + 2);
    expect(await cardText(number)).toContain('satisfaction 4/5, NPS 9');
    expect((await app.slack.submitView(modal, { nps: '9' }, { userId: REQ })).body).toBe('');
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first + 2);
    // Another score: drawn again.
    await answerSurvey(5, REQ, buttons);
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first + 3);
    expect(await cardText(number)).toContain('satisfaction 5/5, NPS 9');
  });

  test.each([
    ['the same score clicked again', 'click'],
    ['the same modal sent again', 'modal'],
  ] as const)(
    "two answers at once leave the card showing the one written last: %s, read before a second click's answer and written after it, draws the card again",
    async (_what, late) => {
      const number = await resolved();
      const buttons = surveyButtons();
      await answerSurvey(4, REQ, buttons);
      const modal = lastView();
      if (late === 'modal')
        expect((await app.slack.submitView(modal, { nps: '9' }, { userId: REQ })).body).toBe('');
      await app.desk.outbox.drain();
      const shown = late === 'modal' ? 'satisfaction 4/5, NPS 9' : 'satisfaction 4/5';
      expect(await cardText(number)).toContain(shown);
      // The first request reads the answer as it stands (4), then is slow to write it again.
      const repo = (
        app.desk.services.tickets as unknown as { repos: { tickets: TicketRepository } }
      ).repos.tickets;
      const hold = holdFirstCall(repo, 'surveyAnswer');
      try {
        const first =
          late === 'modal'
            ? app.slack.submitView(modal, { nps: '9' }, { userId: REQ })
            : answerSurvey(4, REQ, buttons);
        await hold.reached;
        // Meanwhile the requester clicks 5: saved, and the card drawn with it.
        expect((await answerSurvey(5, REQ, buttons)).status).toBe(200);
        await app.desk.outbox.drain();
        expect(await cardText(number)).toContain('satisfaction 5/5');
        hold.release();
        expect((await first).status).toBe(200);
      } finally {
        hold.restore();
      }
      await app.desk.outbox.drain();
      // The 4 written last is what is stored, and what the card shows.
      expect((await stored(number)).survey?.satisfaction).toBe(4);
      expect(await cardText(number)).toContain(shown);
      expect((await stored(number)).survey?.cardOwedAt).toBeUndefined();
    },
  );

  test("a card left stale by an answer whose request died before writing its refresh is drawn by the next answer, even the same score again, or by the outbox job's repair two minutes on", async () => {
    const number = await resolved();
    const buttons = surveyButtons();
    await app.desk.outbox.drain();
    const ts = (await stored(number)).card!.ts!;
    const drawn = () => app.fake.updatesOf(ts).length;
    const first = drawn();
    const lost = () =>
      failCalls(app.desk.services.outbox, 'enqueue', {
        when: (_ctx, entries) => entries.some((e) => e.kind === 'ticket.card'),
      });
    let restore = lost();
    try {
      await answerSurvey(4, REQ, buttons);
    } finally {
      restore();
    }
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first); // stale: the answer saved, its redraw lost
    // The same score again: the card is drawn, once.
    await answerSurvey(4, REQ, buttons);
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first + 1);
    expect(await cardText(number)).toContain('satisfaction 4/5');
    await answerSurvey(4, REQ, buttons);
    await app.desk.outbox.drain();
    expect(drawn()).toBe(first + 1);
    // Lost again, and no answer after it: the outbox job draws it two minutes on, once.
    restore = lost();
    try {
      await answerSurvey(5, REQ, buttons);
    } finally {
      restore();
    }
    // (Each job run counts the card's updates anew.)
    await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
    expect(drawn()).toBe(0);
    await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z', ['a', 'b']);
    expect(drawn()).toBe(1);
    expect(await cardText(number)).toContain('satisfaction 5/5');
    expect((await stored(number)).survey?.cardOwedAt).toBeUndefined();
    await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
    expect(drawn()).toBe(0);
  });

  test('a comment given with a good score (3-5) is shown on the card, and tells nobody', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const number = await resolved();
    await answerSurvey(4);
    expect(
      (
        await app.slack.submitView(
          lastView(),
          { nps: '9', comment: 'Please send the manual in Chinese too' },
          { userId: REQ },
        )
      ).body,
    ).toBe('');
    await app.desk.outbox.drain();
    expect(await cardText(number)).toContain('Please send the manual in Chinese too');
    expect(await cardText(number)).toContain('satisfaction 4/5, NPS 9');
    expect(dms(MANAGER)).toHaveLength(0);
  });

  test('a low answer after the customer changed hands plans the follow-up for its account manager now, and the managers read that name', async () => {
    const OWNER2 = 'U0OWNER002';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const code = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
    await resolved({ customer: code });
    const buttons = surveyButtons();
    // The customer handed to OWNER2 after the resolution (Edit customer, by its owner).
    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const view = app.fake.calls
      .filter((c) => ['views.open', 'views.update'].includes(c.method))
      .at(-1)!.args.view as any;
    expect((await app.slack.submitView(view, { owner: OWNER2 }, { userId: OWNER })).body).toBe('');
    expect((await app.db.models.customers.findOne({ code }).lean())!.ownerId).toBe(OWNER2);
    app.fake.reset();
    await answerSurvey(1, REQ, buttons);
    const task = await app.db.models.tasks.findOne({ kind: 'recovery' }).lean();
    expect(task!.assigneeId).toBe(OWNER2);
    expect(dms(MANAGER).at(-1)).toContain(`A follow-up for <@${OWNER2}>`);
    expect(dms(OWNER2)).toHaveLength(1);
    expect(dms(OWNER)).toHaveLength(0);
  });

  test('a resolution cut short before its survey was recorded as sent: the notices repair sends the survey, once, and its reminder follows', async () => {
    const number = await createTicket({ requester: REQ });
    await click('ticket_claim', number);
    const restore = failCalls(app.desk.services.tickets, 'surveySent');
    try {
      await expect(
        act(app, number, { action: 'resolve', summary: 'Encoder replaced' }),
      ).rejects.toThrow('database gone');
    } finally {
      restore();
    }
    expect((await stored(number)).status).toBe('resolved');
    const asked = () => dms(REQ).filter((t) => t.includes('How satisfied are you')).length;
    for (let i = 0; i < 2; i++) {
      await app.db.models.tickets.updateOne(
        { number },
        { $set: { noticesOwedAt: new Date(app.clock.now().getTime() - 10 * 60_000) } },
      );
      await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'));
      await app.desk.outbox.drain();
      expect(asked()).toBe(1);
    }
    expect(dms(REQ).filter((t) => t.includes('is resolved: Encoder replaced'))).toHaveLength(1);
    expect((await stored(number)).survey?.sentAt).toBeDefined();
    // A day later, unanswered: the reminder goes, once.
    await runJobAt(app, requesterJob, '2026-11-25T02:15:00Z');
    expect(dms(REQ).filter((t) => t.startsWith('A reminder: how satisfied'))).toHaveLength(1);
  });

  test('a requester of our staff gets no survey: the assignee who reported it, a manager of the desk, or an account manager of another customer', async () => {
    // An account manager by role only (sales staff), not this customer's owner.
    const SALES = 'U0SALES002';
    await app.setSettings(() => ({ managers: [MANAGER], accountManagers: [SALES] }));
    const customer = (await makeCustomer(app, { annualRevenue: 600_000 })).code;
    for (const requester of [AGENT, MANAGER, SALES]) {
      const number = await resolved({ customer, requester });
      expect((await stored(number)).status).toBe('resolved');
      expect((await stored(number)).survey).toBeUndefined();
      expect(dms(requester).filter((t) => /satisfied/.test(t))).toHaveLength(0);
    }
    // A customer's requester is still asked.
    await resolved({ customer });
    expect(dms(REQ).filter((t) => t.includes('How satisfied are you'))).toHaveLength(1);
  });
  test("an urgent ticket's survey reminder waits for the end of quiet hours, as the other DMs to a customer do", async () => {
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '22:00', end: '08:00' } }));
    app.clock.set('2026-11-24T15:30:00Z'); // 23:30 Shanghai
    await resolved({ severity: 'urgent' });
    // The next night, 23:45 Shanghai: the reminder is due, not sent.
    await runJobAt(app, requesterJob, '2026-11-25T15:45:00Z');
    const reminded = () => dms(REQ).filter((t) => t.startsWith('A reminder: how satisfied'));
    expect(reminded()).toHaveLength(0);
    await runJobAt(app, outboxJob, '2026-11-25T23:55:00Z'); // 07:55
    expect(reminded()).toHaveLength(0);
    await runJobAt(app, outboxJob, '2026-11-26T00:01:00Z'); // 08:01
    expect(reminded()).toHaveLength(1);
    await runJobAt(app, requesterJob, '2026-11-26T00:15:00Z');
    await runJobAt(app, outboxJob, '2026-11-26T00:20:00Z');
    expect(reminded()).toHaveLength(0);
  });

  test("the same low score clicked again after the modal, both earlier requests dead before the follow-up: managers and the follow-up's owner read the comment once", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    await resolved();
    const buttons = surveyButtons();
    app.fake.reset();
    // The click's and the modal's requests die where the follow-up begins.
    const restore = failCalls(app.desk.services.tasks, 'planRecovery', { times: 2 });
    try {
      await answerSurvey(1, REQ, buttons);
      app.clock.advance(10_000);
      await app.slack.submitView(
        lastView(),
        { nps: '2', comment: 'Nobody called back' },
        { userId: REQ },
      );
    } finally {
      restore();
    }
    // A minute on, the requester clicks the same 1 again (request alive).
    app.clock.advance(60_000);
    expect((await answerSurvey(1, REQ, buttons)).status).toBe(200);
    await app.desk.outbox.drain();
    const read = new Map<string, string[]>([
      [MANAGER, []],
      [OWNER, []],
    ]);
    for (const [user, texts] of read) texts.push(...dms(user));
    for (const [job, at] of [
      [outboxJob, '2026-11-24T02:10:00Z'],
      [requesterJob, '2026-11-24T02:11:00Z'],
    ] as const) {
      await runJobAt(app, job, at);
      for (const [user, texts] of read) texts.push(...dms(user));
    }
    const told = read.get(MANAGER)!.filter((t) => t.includes('Nobody called back'));
    expect(told).toHaveLength(1);
    expect(read.get(OWNER)!.filter((t) => t.includes('Nobody called back'))).toHaveLength(1);
  });
});
