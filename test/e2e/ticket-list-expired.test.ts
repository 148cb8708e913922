// Paging a /ticket list more than 30 minutes after it was shown: Slack answers 404 to its
// response_url, so the list cannot change and cannot say why either; the bot tells the person
// privately that the list expired and to run the command again.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const page = (value: string) =>
  app.slack.blockAction(
    { action_id: 'ticket_list_page', value, block_id: 'ticket_list_nav' },
    { userId: AGENT, channelId: 'C0SUPPORT1', ephemeral: true },
  );

test('Next on a list whose response_url has expired (404): the person is told privately the list expired and to run /ticket list again', async () => {
  const customer = await makeCustomer(app);
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: customer.code });
  await app.slack.command('/ticket', 'list open', { userId: AGENT });
  app.fake.reset();
  // Every response_url of that click answers 404, as Slack's do after 30 minutes.
  app.fake.failNextHttp('response_url', 404, 5);
  const res = await page('open:10');
  expect(res.status).toBe(200);
  const told = [
    ...app.fake.callsTo('chat.postEphemeral'),
    ...app.fake.callsTo('chat.postMessage'),
  ].filter((c) => c.args.user === AGENT || c.args.channel === AGENT);
  expect(told).toHaveLength(1);
  expect(String(told[0]!.args.text)).toBe(
    'This list can no longer be changed: Slack lets the desk update it for 30 minutes only. Run `/ticket list` again for a fresh one.',
  );
  expect(told[0]!.args).toMatchObject({ channel: 'C0SUPPORT1', user: AGENT });
});

test('Next on an expired list shown in a thread (the command run there): told in that thread, where the list was', async () => {
  const customer = await makeCustomer(app);
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: customer.code });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 404, 5);
  await app.slack.blockAction(
    { action_id: 'ticket_list_page', value: 'open:10', block_id: 'ticket_list_nav' },
    {
      userId: AGENT,
      channelId: 'C0SUPPORT1',
      ephemeral: true,
      messageTs: '1700000000.000300',
      threadTs: '1700000000.000100',
    },
  );
  expect(app.fake.callsTo('chat.postEphemeral').map((c) => c.args)).toEqual([
    expect.objectContaining({
      channel: 'C0SUPPORT1',
      user: AGENT,
      thread_ts: '1700000000.000100',
      text: expect.stringContaining('This list can no longer be changed'),
    }),
  ]);
});

test('the channel refuses the bot and the DM fails too: the failure is logged (no text, no names)', async () => {
  const customer = await makeCustomer(app);
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: customer.code });
  await app.slack.command('/ticket', 'list open', { userId: AGENT });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 404, 5);
  app.fake.failNext('chat.postEphemeral', 'channel_not_found');
  app.fake.failNext('chat.postMessage', 'user_not_found');
  const since = app.logs.length;
  await page('open:10');
  const lines = app.logs
    .slice(since)
    .filter((l) => l.msg === 'could not tell the user privately: response URL and DM both failed');
  expect(lines).toEqual([expect.objectContaining({ level: 40, reason: 'user_not_found' })]);
  expect(JSON.stringify(lines)).not.toContain('list can no longer');
});

test('Next while Slack answers 500 to the response_url: not called "expired", nor followed by an error notice (the page may have been shown)', async () => {
  const customer = await makeCustomer(app);
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: customer.code });
  await app.slack.command('/ticket', 'list open', { userId: AGENT });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 500, 5);
  await page('open:10');
  const told = [
    ...app.fake.callsTo('chat.postEphemeral'),
    ...app.fake.callsTo('chat.postMessage'),
  ].map((c) => String(c.args.text));
  expect(told.filter((t) => t.includes('can no longer be changed'))).toEqual([]);
  expect(told.filter((t) => t.includes('Something went wrong'))).toEqual([]);
  expect(app.fake.callsTo('response_url')).toHaveLength(1);
  expect(app.logs.filter((l) => /list expired/.test(String(l.msg)))).toEqual([]);
});

test('Next on a list whose response_url answers 200 with ok:false (expired_url in the body): taken as a 404, the person is told the list expired', async () => {
  const customer = await makeCustomer(app);
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: customer.code });
  await app.slack.command('/ticket', 'list open', { userId: AGENT });
  app.fake.reset();
  app.fake.failNext('response_url', 'expired_url', 5);
  const since = app.logs.length;
  await page('open:10');
  expect(app.fake.callsTo('response_url')).toHaveLength(1);
  const told = app.fake.callsTo('chat.postEphemeral').map((c) => c.args);
  expect(told).toEqual([
    expect.objectContaining({
      channel: 'C0SUPPORT1',
      user: AGENT,
      text: expect.stringContaining('This list can no longer be changed'),
    }),
  ]);
  expect(app.logs.slice(since)).toContainEqual(
    expect.objectContaining({
      msg: 'ticket list page: response URL refused, list expired',
      error: 'expired_url',
    }),
  );
});
