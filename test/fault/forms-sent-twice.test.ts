// A ticket form sent again with the same view id (Slack's redelivery, a double click, the person
// trying again after a lost ack, as README "Socket Mode stop" tells them to) is saved once and
// closes as saved: Add note and Plan and dates add their line once, Escalate escalates once and
// does not answer the repeat "already at L2" on the form [revforge F1].
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { lastModalView } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });
const NOTE = 'Called the plant, waiting for parts';
const EXPERT = 'U0EXPERT01';
const AGENT2 = 'U0AGENT002';

/** The modal `open` opens on the ticket's card, with the view id Slack gives every delivery of it. */
async function openForm(open: string, number: string, id: string) {
  await app.slack.blockAction(
    { action_id: open, value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: 'C0TRIAGE01' },
  );
  return { ...lastModalView(app), id };
}
const timeline = async (number: string) =>
  ((await app.db.models.tickets.findOne({ number }).lean()) as any).timeline as any[];
const notes = async (number: string) =>
  (await timeline(number)).filter((e) => e.action === 'note' && e.text === NOTE).length;

async function claimed(extra: Record<string, unknown> = {}) {
  await app.setSettings(() => ({
    agents: [AGENT],
    accountManagers: [OWNER],
    experts: [{ userId: EXPERT, skills: [] }],
  }));
  const t = await makeTicket(app, extra as never);
  await act(app, t.number, { action: 'claim' });
  return t;
}

describe('a ticket form sent more than once', () => {
  test('Add note delivered twice at once (a double click): the ticket has the note once, both close', async () => {
    const t = await claimed();
    const view = await openForm('ticket_note_open', t.number, 'V0NOTE0001');
    const answers = await Promise.all([
      app.slack.submitView(view, { note: NOTE }, { userId: AGENT }),
      app.slack.submitView(view, { note: NOTE }, { userId: AGENT }),
    ]);
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    expect(await notes(t.number)).toBe(1);
  });

  test('Add note sent again after it saved (its ack lost): still once; another form adds its own', async () => {
    const t = await claimed();
    const view = await openForm('ticket_note_open', t.number, 'V0NOTE0002');
    await app.slack.submitView(view, { note: NOTE }, { userId: AGENT });
    expect(await notes(t.number)).toBe(1);
    const again = await app.slack.submitView(view, { note: NOTE }, { userId: AGENT });
    expect(again.body).toBe('');
    expect(await notes(t.number)).toBe(1);
    // The same words in a new Add note form are a second note.
    const other = await openForm('ticket_note_open', t.number, 'V0NOTE0003');
    await app.slack.submitView(other, { note: NOTE }, { userId: AGENT });
    expect(await notes(t.number)).toBe(2);
  });

  test('Plan and dates delivered twice at once: the plan is recorded once, its notices written once', async () => {
    const t = await claimed({ type: 'demand' });
    const view = await openForm('ticket_plan_open', t.number, 'V0PLAN0001');
    const form = { plan_summary: 'Phase 1: the new spindle', plan_dates: 'Phase 1 by 15 Dec' };
    const before = await app.db.models.outbox.countDocuments();
    await app.slack.submitView(view, form, { userId: AGENT });
    const once = (await app.db.models.outbox.countDocuments()) - before;
    const answers = await Promise.all([
      app.slack.submitView(view, form, { userId: AGENT }),
      app.slack.submitView(view, form, { userId: AGENT }),
    ]);
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    expect((await timeline(t.number)).filter((e) => e.action === 'plan')).toHaveLength(1);
    expect((await app.db.models.outbox.countDocuments()) - before).toBe(once);
  });

  test('Escalate sent again after it saved: escalated once, the repeat closes as saved', async () => {
    const t = await claimed();
    const view = await openForm('ticket_escalate_open', t.number, 'V0ESC00001');
    const first = await app.slack.submitView(
      view,
      { reason: 'Beyond L1', expert: EXPERT },
      { userId: AGENT },
    );
    expect(first.body).toBe('');
    const again = await app.slack.submitView(
      view,
      { reason: 'Beyond L1', expert: EXPERT },
      { userId: AGENT },
    );
    expect(again.body).toBe('');
    expect(JSON.stringify(app.fake.calls.slice(-5))).not.toContain('top level');
    const tk = (await app.db.models.tickets.findOne({ number: t.number }).lean()) as any;
    expect([tk.level, tk.assigneeId]).toEqual([2, EXPERT]);
    expect(tk.timeline.filter((e: any) => e.action === 'escalate')).toHaveLength(1);
  });

  test('Add note submitted again with its words changed (the ack lost, the note typed again): a second submission, saved', async () => {
    const t = await claimed();
    const view = await openForm('ticket_note_open', t.number, 'V0NOTE0004');
    await app.slack.submitView(view, { note: NOTE }, { userId: AGENT });
    const changed = `${NOTE} (Friday)`;
    const again = await app.slack.submitView(view, { note: changed }, { userId: AGENT });
    expect(again.body).toBe('');
    const texts = (await timeline(t.number)).filter((e) => e.action === 'note').map((e) => e.text);
    expect(texts).toEqual([NOTE, changed]);
    // Its redelivery is still once.
    await app.slack.submitView(view, { note: changed }, { userId: AGENT });
    expect((await timeline(t.number)).filter((e) => e.action === 'note')).toHaveLength(2);
  });

  test('Escalate submitted again with another reason after it saved: not taken as a repeat, the ticket at L2 says so on the form', async () => {
    const t = await claimed();
    const view = await openForm('ticket_escalate_open', t.number, 'V0ESC00002');
    await app.slack.submitView(view, { reason: 'Beyond L1', expert: EXPERT }, { userId: AGENT });
    const again = await app.slack.submitView(
      view,
      { reason: 'Beyond L1: firmware', expert: EXPERT },
      { userId: AGENT },
    );
    expect(JSON.stringify(again.body)).toContain('top level');
    const tk = (await app.db.models.tickets.findOne({ number: t.number }).lean()) as any;
    expect(tk.timeline.filter((e: any) => e.action === 'escalate')).toHaveLength(1);
  });

  test('Resolve, Reassign and Wait sent again after they saved: once each, the repeat closes as saved, not "resolved now" / "only the assignee" / "waiting now"', async () => {
    await app.setSettings(() => ({ agents: [AGENT, AGENT2], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app);
    for (const [open, form, id] of [
      ['ticket_resolve_open', { resolution: 'Replaced the encoder' }, 'V0RES00001'],
      ['ticket_reassign_open', { assignee: AGENT2 }, 'V0REA00001'],
      ['ticket_wait_open', { question: 'The serial number?' }, 'V0WAI00001'],
    ] as const) {
      const t = await makeTicket(app, { customerCode: code });
      await act(app, t.number, { action: 'claim' });
      const view = await openForm(open, t.number, id);
      expect((await app.slack.submitView(view, form, { userId: AGENT })).body).toBe('');
      await app.desk.outbox.drain();
      const steps = (await timeline(t.number)).length;
      const outbox = await app.db.models.outbox.countDocuments();
      const again = await app.slack.submitView(view, form, { userId: AGENT });
      expect([open, again.body]).toEqual([open, '']);
      await app.desk.outbox.drain();
      expect((await timeline(t.number)).length).toBe(steps);
      expect(await app.db.models.outbox.countDocuments()).toBe(outbox);
    }
  });
});
