// A complaint is resolved only once its customer was contacted (manual B's first step, the
// account manager's Customer contacted): Resolve before it is refused as it is clicked, naming the
// step, in the reader's language, before any form opens (nobody fills it in to be refused); a
// Resolve form opened before (a stale modal) is refused on submit the same way, and nothing
// changes; once the contact is recorded, Resolve opens and goes. Through the real Bolt HTTP path:
// signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { translator } from '../../src/i18n/index.js';
import { resolveModal } from '../../src/ui/ticket.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const NOT_CONTACTED =
  'The customer has not been contacted about this complaint yet: the account manager (or whoever holds the complaint’s contact task) records it with Customer contacted first, then it can be resolved.';
const NOT_CONTACTED_ZH =
  '尚未就此投诉联系客户：请客户经理（或负责该投诉联系任务的人）先点击“已联系客户”记录联系，之后才能解决。';

/** What the last refused click told its clicker (an ephemeral, by response_url or the API). */
function lastTold(): unknown {
  const told = app.fake.calls
    .filter((c) => c.method === 'response_url' || c.method === 'chat.postEphemeral')
    .at(-1);
  return told?.args.text;
}

test('Resolve on a complaint whose customer was not contacted is refused before its form opens, and a stale form on submit (en, zh-CN); after the contact it goes', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Wrong parts delivered',
  });
  await act(app, number, { action: 'claim' }, AGENT);

  const clickResolve = () =>
    app.slack.blockAction(
      { action_id: 'ticket_resolve_open', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
  await clickResolve();
  expect({ opened: app.fake.callsTo('views.open').length, told: lastTold() }).toEqual({
    opened: 0,
    told: NOT_CONTACTED,
  });
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await clickResolve();
  expect({ opened: app.fake.callsTo('views.open').length, told: lastTold() }).toEqual({
    opened: 0,
    told: NOT_CONTACTED_ZH,
  });
  await app.setSettings(() => ({ locale: 'en' }));

  // A Resolve form opened before (this rule shipped, say), submitted now: refused on its field.
  const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
  const view = resolveModal(translator('en'), {
    metadata: JSON.stringify({ ticket: number, level: ticket.level }),
    ticket: { ...ticket, id: String(ticket._id) } as never,
  }) as Record<string, any>;
  const form = {
    resolution: 'Parts replaced',
    root_cause: 'delivery',
    corrective_action: 'Second check at packing',
  };
  const submit = async () => (await app.slack.submitView(view, form, { userId: AGENT })).body;
  expect(await submit()).toEqual({
    response_action: 'errors',
    errors: {
      resolution: NOT_CONTACTED,
    },
  });
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await submit()).toEqual({
    response_action: 'errors',
    errors: {
      resolution: NOT_CONTACTED_ZH,
    },
  });
  await app.setSettings(() => ({ locale: 'en' }));
  const before = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({ status: before.status, rootCause: before.complaint!.rootCause }).toEqual({
    status: 'assigned',
    rootCause: undefined,
  });

  // The account manager records the call; Resolve now opens its form, and it goes.
  app.clock.advance(20 * 60_000);
  await act(
    app,
    number,
    { action: 'contact', at: app.clock.now(), via: 'call', summary: 'Called' },
    OWNER,
  );
  await clickResolve();
  const opened = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
  expect((await app.slack.submitView(opened, form, { userId: AGENT })).body).toBe('');
  const after = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect({ status: after.status, rootCause: after.complaint!.rootCause }).toEqual({
    status: 'resolved',
    rootCause: 'delivery',
  });
});
