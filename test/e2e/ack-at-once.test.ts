// The acks as production sends them (processBeforeResponse: false, a submission acked as soon as
// what was typed passed its checks): the response is the ack, sent while the listener's work
// after it (the save, the "Saved" update, the list through the response URL) is still to come,
// which then happens. Slack holding that work's call shows the ack did not wait for it.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { slashCommandPayload } from '../helpers/slack-requests.js';

describe('acks sent at once, as in production', () => {
  const app = useTestApp({ ackAtOnce: true, submitAckBudgetMs: 0 });

  test('a submission: its "Saving…" view is the ack, then the customer is saved and the view says saved', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    // The modal opens after the command's ack.
    await app.fake.callArrives((c) => c.method === 'views.open');
    const opened = app.fake.callsTo('views.open')[0]!.args.view as Record<string, unknown>;
    const savedUpdate = app.fake.holdNext('views.update');

    const res = await app.slack.submitView(
      { ...opened, id: 'V0ATONCE01' },
      { name: 'Ningbo <!channel> Tools', industry: 'Manufacturing', source: 'referral' },
      { userId: OWNER },
    );
    const body = res.body as { response_action: string; view: { external_id: string } };
    expect(res.status).toBe(200);
    expect(body.response_action).toBe('push');
    expect(JSON.stringify(body.view)).toContain('Saving…');

    // Answered while its "Saved" update is still held by Slack: the ack did not wait for it.
    await savedUpdate.arrived;
    const saved = await app.db.models.customers.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(saved.map((c) => c.name)).toEqual(['Ningbo <!channel> Tools']);
    const update = app.fake.callsTo('views.update').at(-1)!;
    expect(update.args.external_id).toBe(body.view.external_id);
    // Naming the customer saved, its name escaped: nobody is pinged.
    expect(JSON.stringify(update.args.view)).toContain(
      'Saved as customer *Ningbo &lt;!channel&gt; Tools* (C',
    );
    savedUpdate.release();
    // Last, the private confirmation where the modal was opened from (the command's response URL).
    await app.fake.callArrives((c) => c.method === 'response_url');
    expect(JSON.stringify(app.fake.callsTo('response_url')[0]!.args)).toContain('Ningbo');
  });

  test("the picker's options are the ack; a command's ack is empty and its list follows by the response URL", async () => {
    await makeCustomer(app, { name: 'Hangzhou Spindle Works' });
    const options = await app.slack.blockSuggestion(
      { action_id: 'customer_picker', value: 'hangzhou' },
      { userId: OWNER },
    );
    const listed = options.body as { options: { text: { text: string } }[] };
    expect(listed.options.map((o) => o.text.text).join()).toContain('Hangzhou Spindle Works');

    const list = app.fake.holdNext('response_url');
    const responseUrl = app.fake.responseUrl();
    const ack = await app.slack.post(
      new URLSearchParams(
        slashCommandPayload('/ticket', 'list', { userId: OWNER }, responseUrl),
      ).toString(),
      'application/x-www-form-urlencoded',
    );
    // Answered while the list is still held by Slack: the ack did not wait for it.
    expect(ack).toEqual({ status: 200, body: '' });
    await list.arrived;
    list.release();
    const target = responseUrl.split('/').at(-1);
    expect(app.fake.callsTo('response_url').filter((c) => c.target === target)).toHaveLength(1);
  });
});
