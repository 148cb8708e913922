// A complaint is resolved only once its customer was contacted (manual B's first step, the
// account manager's Customer contacted): Resolve before it is refused on the modal, naming the
// step, in the reader's language, and nothing changes; once the contact is recorded, the same
// Resolve goes. Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

test('Resolve on a complaint whose customer was not contacted is refused on the modal (en, zh-CN); after the contact it goes', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Wrong parts delivered',
  });
  await act(app, number, { action: 'claim' }, AGENT);

  await app.slack.blockAction(
    { action_id: 'ticket_resolve_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
  const form = {
    resolution: 'Parts replaced',
    root_cause: 'delivery',
    corrective_action: 'Second check at packing',
  };
  const submit = async () => (await app.slack.submitView(view, form, { userId: AGENT })).body;
  expect(await submit()).toEqual({
    response_action: 'errors',
    errors: {
      resolution:
        'The customer has not been contacted about this complaint yet: the account manager (or whoever holds the complaint’s contact task) records it with Customer contacted first, then it can be resolved.',
    },
  });
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await submit()).toEqual({
    response_action: 'errors',
    errors: {
      resolution:
        '尚未就此投诉联系客户：请客户经理（或负责该投诉联系任务的人）先点击“已联系客户”记录联系，之后才能解决。',
    },
  });
  await app.setSettings(() => ({ locale: 'en' }));
  const before = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({ status: before.status, rootCause: before.complaint!.rootCause }).toEqual({
    status: 'assigned',
    rootCause: undefined,
  });

  // The account manager records the call; the same Resolve now goes.
  app.clock.advance(20 * 60_000);
  await act(
    app,
    number,
    { action: 'contact', at: app.clock.now(), via: 'call', summary: 'Called' },
    OWNER,
  );
  expect(await submit()).toBe('');
  const after = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({ status: after.status, rootCause: after.complaint!.rootCause }).toEqual({
    status: 'resolved',
    rootCause: 'delivery',
  });
});
