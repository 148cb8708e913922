// The acks as production sends them (processBeforeResponse: false, a submission acked as soon as
// what was typed passed its checks): the response is the ack, and the listener's work after it
// (the save, the "Saved" update, the list through the response URL) still happens.
import { describe, expect, test, vi } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

describe('a submission acked at once, as in production', () => {
  const app = useTestApp({ ackAtOnce: true, submitAckBudgetMs: 0 });

  test('a submission: its "Saving…" view as the ack, then the customer saved and the view says saved', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    // The modal opens after the command's ack.
    const opened = await vi.waitFor(
      () => app.fake.callsTo('views.open')[0]!.args.view as Record<string, unknown>,
    );
    const res = await app.slack.submitView(
      { ...opened, id: 'V0ATONCE01' },
      { name: 'Ningbo <!channel> Tools', industry: 'Manufacturing', source: 'referral' },
      { userId: OWNER },
    );

    const body = res.body as { response_action: string; view: { external_id: string } };
    expect(res.status).toBe(200);
    expect(body.response_action).toBe('push');
    // The save follows the ack: the ack says it is saving.
    expect(JSON.stringify(body.view)).toContain('Saving…');

    await app.stop(); // waits for the work after the ack
    const saved = await app.db.models.customers.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(saved.map((c) => c.name)).toEqual(['Ningbo <!channel> Tools']);
    const update = app.fake
      .callsTo('views.update')
      .find((c) => c.args.external_id === body.view.external_id);
    expect(JSON.stringify(update?.args.view)).toContain('Saved.');
  });
});

describe('options and empty acks, as in production', () => {
  const app = useTestApp({ ackAtOnce: true, submitAckBudgetMs: 0 });

  test("the picker's options are the ack; a command's empty ack, then its list by the response URL", async () => {
    await makeCustomer(app, { name: 'Hangzhou Spindle Works' });

    const options = await app.slack.blockSuggestion(
      { action_id: 'customer_picker', value: 'hangzhou' },
      { userId: OWNER },
    );
    const listed = options.body as { options: { text: { text: string } }[] };
    expect(listed.options.map((o) => o.text.text).join()).toContain('Hangzhou Spindle Works');

    const list = await app.slack.command('/ticket', 'list', { userId: OWNER });
    expect(list).toEqual({ status: 200, body: '' });
    await app.stop();
    // The list itself came after the ack, through the command's response URL.
    expect(app.fake.callsTo('response_url')).toHaveLength(1);
  });
});
