// A merge and a Classify… at once (complaintfix's race): the merge's complaint check holds on the
// state it writes. A target lowered between the merge's check and its hold is checked again and
// the merge refused on the field, nothing merged; a Classify… of either ticket while the merge
// holds them is refused ("being merged right now"), and the merge goes as checked. Through the
// real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

type View = Record<string, any>;

async function mergeModal(number: string): Promise<View> {
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  return app.fake.callsTo('views.open').at(-1)!.args.view as View;
}

const ticket = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

async function twoCritical() {
  app.clock.set('2026-09-01T02:00:00Z');
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  app.clock.set('2026-11-24T02:00:00Z');
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const complaint = (title: string) =>
    makeTicket(app, { customerCode: code, type: 'complaint', complaintUrgency: 'critical', title });
  const t1 = (await complaint('Line 3 down')).number;
  app.clock.advance(60_000);
  const t2 = (await complaint('Production stopped, we want compensation')).number;
  await act(app, t1, { action: 'claim' }, AGENT);
  await act(app, t2, { action: 'claim' }, AGENT);
  return { t1, t2 };
}

const lower = (number: string) =>
  act(
    app,
    number,
    { action: 'classify', type: 'complaint', severity: 'general', complaintUrgency: 'general' },
    MANAGER,
  );

test('a target lowered between the merge check and its hold: the merge is checked again and refused, nothing merged', async () => {
  const { t1, t2 } = await twoCritical();
  const view = await mergeModal(t1);
  const svc = app.desk.services.tickets;
  const orig = svc.mergeCheck.bind(svc);
  let once = false;
  svc.mergeCheck = async (...a: Parameters<typeof orig>) => {
    const out = await orig(...a);
    // Checked critical into critical; a manager lowers the target before the merge holds it.
    if (!once) {
      once = true;
      await lower(t2);
    }
    return out;
  };
  const body = (
    await app.slack
      .submitView(view, { target: t2 }, { userId: AGENT })
      .finally(() => (svc.mergeCheck = orig))
  ).body;
  expect(body).toEqual({
    response_action: 'errors',
    errors: {
      target: `${t1} is a critical complaint and ${t2} a general one: merged into it, the complaint would lose its shorter contact and resolution targets. Merge ${t2} into ${t1} instead, or raise ${t2}’s urgency first (Classify…).`,
    },
  });
  const dup = await ticket(t1);
  expect(dup.mergedInto).toBeUndefined();
  expect(dup.status).toBe('assigned');
  expect((await ticket(t2)).complaint!.urgency).toBe('general');
  expect(dup.mergeLock ?? (await ticket(t2)).mergeLock).toBeUndefined();
});

test('a Classify… of the target while the merge holds it is refused, and the merge goes as checked', async () => {
  const { t1, t2 } = await twoCritical();
  const view = await mergeModal(t1);
  const svc = app.desk.services.tickets;
  const orig = svc.lockMerge.bind(svc);
  let refused: unknown;
  svc.lockMerge = async (...a: Parameters<typeof orig>) => {
    const out = await orig(...a);
    refused = await lower(t2).then(
      () => 'classified',
      (err: unknown) => err,
    );
    return out;
  };
  const body = (
    await app.slack
      .submitView(view, { target: t2 }, { userId: AGENT })
      .finally(() => (svc.lockMerge = orig))
  ).body;
  expect(body).toBe('');
  expect(refused).toMatchObject({ messageKey: 'ticket.error.beingMerged' });
  expect((await ticket(t1)).mergedInto).toBe(t2);
  const target = await ticket(t2);
  expect(target.complaint!.urgency).toBe('critical');
  expect(target.timeline.some((e: any) => e.action === 'classify')).toBe(false);
});
