// The forms left after forms-sent-twice-rest: Log response, Customer wrote…, a message to the
// requester (Tell of a delay…, Reply to requester…), Record order, Log interaction, New ticket
// and New customer, each submitted twice with the same view id and the same values (Slack's
// redelivery of a view_submission it got no ack for in time, a double click, Submit pressed
// again after a lost ack). The second delivery writes nothing and sends nothing: the database as
// the first left it, no second post, DM, private reply or card. And a Merge delivered again while
// its first delivery holds the two tickets: it waits for that one (not "busy"). Through the real
// Bolt stack: signed view_submissions, the fake Slack, the test database.
import { describe, expect, onTestFinished, test, vi } from 'vitest';
import { MergeInFlight } from '../../src/ticket/service.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FULL_CUSTOMER_FORM } from '../helpers/records.js';
import { submittedTwice } from '../helpers/sent-twice.js';
import { SlackRequests } from '../helpers/slack-requests.js';

const REQ = 'U0REQUEST1';
const TRIAGE = 'C0TRIAGE01';
type View = Record<string, any>;

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const twice = (view: View, form: Record<string, string | null>, userId: string) =>
  submittedTwice(app, view, form, userId);

/** The modal the app last opened (or redrew in place), with the id Slack gives its deliveries. */
const lastModal = (id: string): View => ({
  ...(app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
    .args.view as View),
  id,
});

/** AGENT clicks `action` on ticket `number`'s card in the triage channel. */
const onCard = (action: string, number: string) =>
  app.slack.blockAction(
    { action_id: action, value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );

/** `userId` clicks `action` on customer `code`'s card. */
const onCustomer = (action: string, code: string, userId = OWNER) =>
  app.slack.blockAction(
    { action_id: action, value: code, block_id: 'customer_actions' },
    { userId },
  );

/** What the person was told privately (the modal's confirmation), as texts. */
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

/** A ticket claimed by AGENT, filed for REQ (in Slack) or for a contact outside Slack. */
async function claimed(inSlack: boolean) {
  const { code } = await makeCustomer(app);
  await app.setSettings(() => ({ agents: [AGENT], openDesk: false }));
  const t = await makeTicket(app, {
    customerCode: code,
    requester: inSlack ? { userId: REQ } : { contactName: 'Li Lei', via: 'phone' },
  });
  await act(app, t.number, { action: 'claim' });
  await app.desk.outbox.drain();
  return { code, number: t.number };
}

const ticketOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean()) as any;

describe('a ticket form sent twice', () => {
  test('Log response: the answer and its interaction recorded once, the repeat sends nothing', async () => {
    const { number } = await claimed(false);
    app.clock.set('2026-11-24T03:00:00Z');
    await onCard('ticket_log_response_open', number);
    const view = lastModal('V0LOGRESP1');
    const { first, again } = await twice(
      view,
      { via: 'phone', time: '10:30', said: 'Restart it' },
      AGENT,
    );
    expect([first.body, again.body]).toEqual(['', '']);
    const tk = await ticketOf(number);
    expect(tk.timeline.filter((e: any) => e.action === 'response')).toHaveLength(1);
    expect(await app.db.models.interactions.countDocuments({ source: 'view:V0LOGRESP1' })).toBe(1);
  });

  test('Customer wrote…: their words and the interaction recorded once, the repeat sends nothing', async () => {
    const { number } = await claimed(false);
    app.clock.set('2026-11-24T03:00:00Z');
    await onCard('ticket_customer_wrote_open', number);
    const view = lastModal('V0WROTE001');
    const { first, again } = await twice(
      view,
      { via: 'phone', time: '10:45', said: 'The error is back' },
      AGENT,
    );
    expect([first.body, again.body]).toEqual(['', '']);
    const tk = await ticketOf(number);
    expect(tk.timeline.filter((e: any) => e.source === 'view:V0WROTE001')).toHaveLength(1);
    expect(await app.db.models.interactions.countDocuments({ source: 'view:V0WROTE001' })).toBe(1);
  });

  test('Tell of a delay…: the requester told once, the ticket noted once', async () => {
    const { number } = await claimed(true);
    await onCard('ticket_delay_open', number);
    const view = lastModal('V0DELAY001');
    const words = 'The spindle is on back-order; a loaner arrives Thursday.';
    const { first, again, sent } = await twice(view, { text: words, date: '2026-12-15' }, AGENT);
    expect([first.body, again.body]).toEqual(['', '']);
    expect(sent).toContain('chat.postMessage');
    const dms = app.fake.postsTo(REQ).filter((c) => JSON.stringify(c.args).includes('back-order'));
    expect(dms).toHaveLength(1);
    const tk = await ticketOf(number);
    expect(tk.timeline.filter((e: any) => e.action === 'note')).toHaveLength(1);
  });

  test('Tell of a delay… delivered twice at once: the requester told once, the ticket noted once', async () => {
    const { number } = await claimed(true);
    await onCard('ticket_delay_open', number);
    const view = lastModal('V0DELAY002');
    const form = { text: 'Customs held the part.', date: '2026-12-15' };
    const answers = await Promise.all([
      app.slack.submitView(view, form, { userId: AGENT }),
      app.slack.submitView(view, form, { userId: AGENT }),
    ]);
    await app.desk.outbox.drain();
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    const dms = app.fake.postsTo(REQ).filter((c) => JSON.stringify(c.args).includes('Customs'));
    expect(dms).toHaveLength(1);
    const tk = await ticketOf(number);
    expect(tk.timeline.filter((e: any) => e.action === 'note')).toHaveLength(1);
  });

  test('Reply to requester…: sent and recorded once', async () => {
    const { number } = await claimed(true);
    await onCard('ticket_reply_open', number);
    const view = lastModal('V0REPLY001');
    const { first, again } = await twice(view, { text: 'A loaner leaves today.' }, AGENT);
    expect([first.body, again.body]).toEqual(['', '']);
    const dms = app.fake.postsTo(REQ).filter((c) => JSON.stringify(c.args).includes('loaner'));
    expect(dms).toHaveLength(1);
  });

  test('New ticket: one ticket, its card and confirmation once', async () => {
    const { code } = await makeCustomer(app);
    await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
    const view = lastModal('V0NEWTICK1');
    const { first, again, sent } = await twice(
      view,
      { customer: code, severity: 'urgent', type: 'after_sales', description: 'E42' },
      AGENT,
    );
    expect([first.body, again.body]).toEqual(['', '']);
    expect(sent).toContain('response_url');
    expect(await app.db.models.tickets.countDocuments({})).toBe(1);
  });
});

describe('a customer form sent twice', () => {
  test('New customer: one customer, confirmed once', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = lastModal('V0NEWCUST1');
    const { first, again, sent } = await twice(view, FULL_CUSTOMER_FORM, OWNER);
    expect([first.body, again.body]).toEqual(['', '']);
    expect(sent).toContain('response_url');
    expect(told().filter((t) => t.startsWith('Created customer'))).toHaveLength(1);
    expect(await app.db.models.customers.countDocuments({})).toBe(1);
  });

  test('Record order: one order, confirmed once', async () => {
    const { code } = await makeCustomer(app, { lifecycle: 'active' } as never);
    await onCustomer('customer_order_open', code);
    const view = lastModal('V0ORDER001');
    const { first, again, sent } = await twice(
      view,
      { date: '2026-11-20', amount: '30000' },
      OWNER,
    );
    expect([first.body, again.body]).toEqual(['', '']);
    expect(sent).toContain('response_url');
    expect(await app.db.models.orders.countDocuments({})).toBe(1);
  });

  test('Record order delivered twice at once: one order, confirmed once', async () => {
    const { code } = await makeCustomer(app, { lifecycle: 'active' } as never);
    await onCustomer('customer_order_open', code);
    const view = lastModal('V0ORDER002');
    const before = told().length;
    const form = { date: '2026-11-20', amount: '30000' };
    const answers = await Promise.all([
      app.slack.submitView(view, form, { userId: OWNER }),
      app.slack.submitView(view, form, { userId: OWNER }),
    ]);
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    expect(told().slice(before)).toHaveLength(1);
    expect(await app.db.models.orders.countDocuments({})).toBe(1);
  });

  test('Log interaction: logged once, confirmed once', async () => {
    const { code } = await makeCustomer(app);
    await onCustomer('customer_interaction_open', code);
    const view = lastModal('V0INTERAC1');
    const { first, again, sent } = await twice(
      view,
      { type: 'call', summary: 'Asked about the invoice' },
      OWNER,
    );
    expect([first.body, again.body]).toEqual(['', '']);
    expect(sent).toContain('response_url');
    expect(await app.db.models.interactions.countDocuments({ source: 'view:V0INTERAC1' })).toBe(1);
  });

  test('Log interaction delivered twice at once: logged once, confirmed once', async () => {
    const { code } = await makeCustomer(app);
    await onCustomer('customer_interaction_open', code);
    const view = lastModal('V0INTERAC2');
    const before = told().length;
    const form = { type: 'call', summary: 'Asked about the invoice' };
    const answers = await Promise.all([
      app.slack.submitView(view, form, { userId: OWNER }),
      app.slack.submitView(view, form, { userId: OWNER }),
    ]);
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    expect(told().slice(before)).toHaveLength(1);
    expect(await app.db.models.interactions.countDocuments({ source: 'view:V0INTERAC2' })).toBe(1);
  });
});

describe('Merge delivered twice at the same moment', () => {
  /** T2 (REQ's, claimed by AGENT) and T1, of one customer; AGENT's Merge modal open on T2. */
  async function mergeForm(id: string) {
    await app.setSettings(() => ({ agents: [AGENT] }));
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const t1 = await makeTicket(app, { customerCode: code, title: 'Line 3 down' });
    app.clock.advance(60_000);
    const t2 = await makeTicket(app, {
      customerCode: code,
      title: 'Production stopped',
      requester: { userId: REQ },
    });
    await act(app, t2.number, { action: 'claim' });
    await app.desk.outbox.drain();
    await onCard('ticket_merge_open', t2.number);
    return { t1, t2, view: lastModal(id) };
  }

  /**
   * The first delivery held once it holds both tickets (before its merge is written, as a slow
   * instance), its release; `met` resolves once a later delivery met that hold (MergeInFlight).
   */
  function holdFirstMerge(fail = false) {
    const svc = app.desk.services.tickets;
    const act = svc.act.bind(svc);
    const lockMerge = svc.lockMerge.bind(svc);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reach!: () => void;
    const reached = new Promise<void>((resolve) => (reach = resolve));
    let meet!: () => void;
    const met = new Promise<void>((resolve) => (meet = resolve));
    let first = true;
    const acts = vi.spyOn(svc, 'act').mockImplementation(async (...args) => {
      if (args[2].action === 'merge' && first) {
        first = false;
        reach();
        await held;
        if (fail) throw new Error('the first instance died mid-merge');
      }
      return act(...args);
    });
    const locks = vi.spyOn(svc, 'lockMerge').mockImplementation(async (...args) => {
      try {
        return await lockMerge(...args);
      } catch (err) {
        if (err instanceof MergeInFlight) meet();
        throw err;
      }
    });
    onTestFinished(() => {
      release();
      acts.mockRestore();
      locks.mockRestore();
    });
    return { reached, met, release };
  }

  const merges = async (number: string) =>
    (await ticketOf(number)).timeline.filter((e: any) => e.action === 'merge').length;

  test('the second meets the first holding the tickets: it waits, then closes as saved (not "busy"); merged once, its notices once', async () => {
    const { t1, t2, view } = await mergeForm('V0MERGE002');
    const hold = holdFirstMerge();
    const form = { target: t1.number, note: 'Same outage' };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    const second = app.slack.submitView(view, form, { userId: AGENT });
    await hold.met;
    hold.release();
    expect([(await first).body, (await second).body]).toEqual(['', '']);
    await app.desk.outbox.drain();
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(await merges(t2.number)).toBe(1);
    expect(
      (await ticketOf(t1.number)).timeline.filter((e: any) => e.mergedFrom === t2.number),
    ).toHaveLength(1);
    const told = app.fake.postsTo(REQ).filter((c) => JSON.stringify(c.args).includes(t1.number));
    expect(told).toHaveLength(1);
    expect(await app.db.models.tickets.countDocuments({ mergeLock: { $exists: true } })).toBe(0);
  });

  test('the first dies holding the tickets: the second, waiting for it, merges them itself', async () => {
    const { t1, t2, view } = await mergeForm('V0MERGE003');
    const hold = holdFirstMerge(true);
    const form = { target: t1.number };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    const second = app.slack.submitView(view, form, { userId: AGENT });
    await hold.met;
    hold.release();
    await first;
    expect((await second).body).toBe('');
    await app.desk.outbox.drain();
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(await merges(t2.number)).toBe(1);
  });

  test('the second delivered to another instance while the first merges: it looks again until merged, then closes as saved', async () => {
    const { t1, t2, view } = await mergeForm('V0MERGE006');
    const hold = holdFirstMerge();
    const other = app.instance('other');
    const port = await other.start();
    onTestFinished(() => other.stop());
    const svc = other.services.tickets;
    const lockMerge = svc.lockMerge.bind(svc);
    let meet!: () => void;
    const met = new Promise<void>((resolve) => (meet = resolve));
    const locks = vi.spyOn(svc, 'lockMerge').mockImplementation(async (...args) => {
      try {
        return await lockMerge(...args);
      } catch (err) {
        if (err instanceof MergeInFlight) meet();
        throw err;
      }
    });
    onTestFinished(() => locks.mockRestore());
    const form = { target: t1.number, note: 'Same outage' };
    const first = app.slack.submitView(view, form, { userId: AGENT });
    await hold.reached;
    const there = new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake);
    const second = there.submitView(view, form, { userId: AGENT });
    await met;
    hold.release();
    expect([(await first).body, (await second).body]).toEqual(['', '']);
    expect(await ticketOf(t2.number)).toMatchObject({ status: 'closed', mergedInto: t1.number });
    expect(await merges(t2.number)).toBe(1);
  });

  test('another person submitting a Merge of the same tickets meanwhile is still told "busy"', async () => {
    const { t1, t2, view } = await mergeForm('V0MERGE004');
    await app.setSettings(() => ({ agents: [AGENT], managers: [OWNER] }));
    const hold = holdFirstMerge();
    const first = app.slack.submitView(view, { target: t1.number }, { userId: AGENT });
    await hold.reached;
    const other = await app.slack.submitView(
      { ...view, id: 'V0MERGE005' },
      { target: t1.number },
      { userId: OWNER },
    );
    hold.release();
    expect((await first).body).toBe('');
    expect(JSON.stringify(other.body)).toContain(
      `${t1.number} is being merged with another ticket right now`,
    );
    expect(await merges(t2.number)).toBe(1);
  });
});
