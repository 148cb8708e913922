// A click whose response_url is spent (Slack answers 404 after 30 minutes or 5 uses, or 200 with
// ok:false): the same URL cannot carry the answer nor the error reply, so the bot says it instead,
// as an ephemeral message in the channel of the click (else by DM). Only when Slack refused the
// ephemeral is it sent by DM: one Slack may have taken (no answer in time, a gateway's 5xx) is
// not sent again. Bolt's listener client sends the ephemeral again only when Slack cannot have
// it (call-limit.ts's onlyUnsentRetried: the connection refused before it was sent).
import { afterAll, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

// Each Web API call's time limit (SLACK_CALL_TIMEOUT_MS), ended when a test says.
const limits: (() => void)[] = [];
const realFetch = globalThis.fetch;
const app = useTestApp({
  now: '2026-11-24T02:00:00Z',
  slackCallWait: () => new Promise<void>((expire) => limits.push(expire)),
  // The app's clients fetch through the fake, which can refuse one call's connection.
  prepareFake: (fake) => (globalThis.fetch = fake.fetch(realFetch)),
});
afterAll(() => {
  globalThis.fetch = realFetch;
});
const CHANNEL = 'C0SUPPORT1';

const open = (number: string) =>
  app.slack.blockAction(
    { action_id: 'ticket_open', value: number, block_id: 'ticket_row_0' },
    { userId: AGENT, channelId: CHANNEL, ephemeral: true },
  );

const toldAgent = () =>
  [...app.fake.callsTo('chat.postEphemeral'), ...app.fake.callsTo('chat.postMessage')].filter(
    (c) => c.args.user === AGENT || c.args.channel === AGENT,
  );

test('Open on a list row whose response_url answers 404: the card comes as an ephemeral message from the bot', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 404, 5);
  const res = await open(ticket.number);
  expect(res.status).toBe(200);
  const told = toldAgent();
  expect(told).toHaveLength(1);
  expect(told[0]!.method).toBe('chat.postEphemeral');
  expect(told[0]!.args).toMatchObject({ channel: CHANNEL, user: AGENT });
  expect(JSON.stringify(told[0]!.args.blocks)).toContain('Line 3 stopped');
});

test('a refusal of a click in a thread on a message Slack gave no response_url: the error reply is said in that thread; at the top level for a thread’s parent', async () => {
  app.fake.reset();
  const refused = (messageTs: string) =>
    app.slack.blockAction(
      { action_id: 'ticket_open', value: 'T20269999', block_id: 'ticket_row_0' },
      {
        userId: AGENT,
        channelId: CHANNEL,
        messageTs,
        threadTs: '1700000000.000100',
        noResponseUrl: true,
      },
    );
  await refused('1700000000.000300');
  await refused('1700000000.000100');
  const told = toldAgent().map((c) => c.args);
  expect(told).toEqual([
    expect.objectContaining({
      channel: CHANNEL,
      user: AGENT,
      thread_ts: '1700000000.000100',
      text: expect.stringContaining('No ticket has the number T20269999.'),
    }),
    expect.objectContaining({
      channel: CHANNEL,
      user: AGENT,
      text: expect.stringContaining('No ticket has the number T20269999.'),
    }),
  ]);
  expect(told[1]!.thread_ts).toBeUndefined();
});

test('a refusal whose reply finds the response_url spent (200 ok:false): the person is told the error privately', async () => {
  app.fake.failNext('response_url', 'expired_url', 5);
  await open('T-2099-99999');
  const told = toldAgent();
  expect(told).toHaveLength(1);
  expect(told[0]!.args).toMatchObject({ channel: CHANNEL, user: AGENT });
  expect(app.logs.map((l) => l.msg)).not.toContain('could not tell the user about the failure');
});

test('the channel refuses the bot too: told by DM', async () => {
  app.fake.failNextHttp('response_url', 404, 5);
  app.fake.failNext('chat.postEphemeral', 'channel_not_found');
  await open('T-2099-99999');
  const dms = app.fake.postsTo(AGENT);
  expect(dms).toHaveLength(1);
});

test('the ephemeral said instead is taken by Slack but not answered within its limit: no DM of the same card, no error notice', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 404, 5);
  const taken = app.fake.takeAndHang('chat.postEphemeral');
  limits.length = 0;
  const res = open(ticket.number);
  await taken;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).status).toBe(200);
  expect(app.fake.tookCalls('chat.postEphemeral')).toHaveLength(1);
  // Slack took the ephemeral (the card was shown): a DM would be a second copy.
  expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === AGENT)).toEqual([]);
  expect(app.logs.filter((l) => String(l.msg).includes('it may have been shown'))).toHaveLength(1);
});

test('the ephemeral said instead is taken by Slack but a gateway answers 504: not sent again, by DM or otherwise', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 404, 5);
  app.fake.takeAndFailHttp('chat.postEphemeral', 504);
  expect((await open(ticket.number)).status).toBe(200);
  expect(app.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
  expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === AGENT)).toEqual([]);
});

test('the ephemeral said instead is refused before it was sent (connection refused): sent again by the listener client, taken once, no DM', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 404, 5);
  app.fake.refuseConnectionNext('chat.postEphemeral');
  expect((await open(ticket.number)).status).toBe(200);
  expect(app.fake.refusedCalls).toEqual(['chat.postEphemeral']);
  const told = toldAgent();
  expect(told).toHaveLength(1);
  expect(told[0]!.method).toBe('chat.postEphemeral');
  expect(told[0]!.outcome).toBe('ok');
  expect(JSON.stringify(told[0]!.args.blocks)).toContain('Line 3 stopped');
  expect(app.logs.filter((l) => String(l.msg).includes('it may have been shown'))).toEqual([]);
});

test('the ephemeral said instead is taken by Slack, then the connection drops before the answer: not sent again, by DM or otherwise', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 404, 5);
  app.fake.takeAndDrop('chat.postEphemeral');
  expect((await open(ticket.number)).status).toBe(200);
  expect(app.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
  expect(app.fake.tookCalls('chat.postEphemeral')).toHaveLength(1);
  expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === AGENT)).toEqual([]);
  expect(app.logs.filter((l) => String(l.msg).includes('it may have been shown'))).toHaveLength(1);
});

test('the response_url itself answers 504 (Slack may have shown the card): not followed by "Something went wrong", logged', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  app.fake.failNextHttp('response_url', 504, 1);
  expect((await open(ticket.number)).status).toBe(200);
  const posts = app.fake.callsTo('response_url');
  expect(posts).toHaveLength(1);
  expect(JSON.stringify(posts[0]!.args)).toContain('Line 3 stopped');
  expect(toldAgent()).toEqual([]);
  expect(
    app.logs.filter((l) =>
      String(l.msg).includes('did not answer the message (it may have been shown)'),
    ),
  ).toEqual([expect.objectContaining({ reason: 'HTTP 504' })]);
});

test('the response_url takes the card and gives no answer within its limit: no error notice after it', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  const held = app.fake.holdNext('response_url');
  limits.length = 0;
  const res = open(ticket.number);
  await held.arrived;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).status).toBe(200);
  held.release();
  expect(app.fake.callsTo('response_url')).toHaveLength(1);
  expect(toldAgent()).toEqual([]);
  expect(
    app.logs.filter((l) =>
      String(l.msg).includes('did not answer the message (it may have been shown)'),
    ),
  ).toEqual([expect.objectContaining({ reason: 'TimeoutError' })]);
});
