// A response URL that is not spent but does not take the message: a POST that never left (the
// connection refused: Slack has nothing) is said another way, as for a refusal, rather than
// failing into an error reply sent the same way. One that gave no answer within its time limit
// is not posted to again by the request: what follows goes by the ephemeral message or the DM.
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Socket } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { freePort, useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FULL_CUSTOMER_FORM } from '../helpers/records.js';
import { SELF_SIGNED } from '../helpers/self-signed.js';
import { openTasksOf } from '../helpers/tasks.js';

// An origin the response URLs may have (SLACK_RESPONSE_URL_ORIGINS) where nothing listens.
const DEAD = `http://127.0.0.1:${await freePort()}`;
// An https origin whose server takes the TCP connection and never answers: the TLS handshake
// never completes, so no byte of a request leaves this host (as with a host that drops packets).
const sockets: Socket[] = [];
let connected!: () => void;
let arrived = new Promise<void>((resolve) => (connected = resolve));
const silent = createServer((socket) => {
  sockets.push(socket);
  connected();
});
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
const SILENT = `https://127.0.0.1:${(silent.address() as { port: number }).port}`;
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  await new Promise((resolve) => silent.close(resolve));
});
// An https origin whose certificate is self-signed (test/helpers/self-signed.ts): the handshake
// refuses it before a byte of a request is sent.
let untrustedRequests = 0;
const untrusted = createHttpsServer(SELF_SIGNED, (_req, res) => {
  untrustedRequests++;
  res.end('ok');
});
await new Promise<void>((resolve) => untrusted.listen(0, '127.0.0.1', resolve));
const UNTRUSTED = `https://127.0.0.1:${(untrusted.address() as { port: number }).port}`;
afterAll(() => new Promise((resolve) => untrusted.close(resolve)));
const ADMIN = 'U0ADMIN001';
// Each Slack call's time limit (SLACK_CALL_TIMEOUT_MS), ended when a test says.
const limits: (() => void)[] = [];
const app = useTestApp({
  now: '2026-11-24T02:00:00Z',
  env: { SLACK_RESPONSE_URL_ORIGINS: `${DEAD},${SILENT},${UNTRUSTED}`, ADMIN_USER_IDS: ADMIN },
  slackCallWait: () => new Promise<void>((expire) => limits.push(expire)),
});
const CHANNEL = 'C0SUPPORT1';

const toldPrivately = (user: string) =>
  [...app.fake.callsTo('chat.postEphemeral'), ...app.fake.callsTo('chat.postMessage')].filter(
    (c) => c.args.user === user || c.args.channel === user,
  );

test('Open on a list row whose response_url refuses the connection: the card comes as an ephemeral message from the bot, no error reply', async () => {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, { customerCode: customer.code, title: 'Line 3 stopped' });
  app.fake.reset();
  const res = await app.slack.blockAction(
    { action_id: 'ticket_open', value: ticket.number, block_id: 'ticket_row_0' },
    { userId: AGENT, channelId: CHANNEL, ephemeral: true, responseUrl: `${DEAD}/response/r1` },
  );
  expect(res.status).toBe(200);
  const told = toldPrivately(AGENT);
  expect(told).toHaveLength(1);
  expect(told[0]!.method).toBe('chat.postEphemeral');
  expect(told[0]!.args).toMatchObject({ channel: CHANNEL, user: AGENT });
  expect(JSON.stringify(told[0]!.args.blocks)).toContain('Line 3 stopped');
  const msgs = app.logs.map((l) => l.msg);
  expect(msgs).not.toContain('listener failed');
  expect(msgs).not.toContain('could not tell the user about the failure');
});

/**
 * `/customer new` (its response_url `responseUrl`, else one of the fake's), the modal submitted
 * (`beforeSubmit` is asked first).
 */
async function newCustomer(responseUrl?: string, beforeSubmit?: () => void) {
  await app.slack.command('/customer', 'new', {
    userId: OWNER,
    ...(responseUrl ? { responseUrl } : {}),
  });
  beforeSubmit?.();
  const view = app.fake.callsTo('views.open')[0]!.args.view as Record<string, unknown>;
  return app.slack.submitView(view, FULL_CUSTOMER_FORM, { userId: OWNER });
}

test('a modal’s confirmation whose response_url refuses the connection: sent by DM instead', async () => {
  const res = await newCustomer(`${DEAD}/response/r2`);
  expect(res.body).toBe('');
  const dms = app.fake.postsTo(OWNER);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toBe('Created customer *Shanghai Huadong Machinery* (C2026001).');
  expect(app.logs.map((l) => l.msg)).toContain(
    'response URL not reached (the request never left): said another way',
  );
});

test('a command’s response_url gives no answer within its limit, then the listener fails: the error is said as an ephemeral message, not posted to that URL again', async () => {
  const held = app.fake.holdNext('response_url');
  limits.length = 0;
  // The export says "Preparing…" first, then finds no such customer.
  const res = app.slack.command('/desk', 'privacy export C2099999', {
    userId: ADMIN,
    channelId: CHANNEL,
  });
  await held.arrived;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).status).toBe(200);
  held.release();
  const posts = app.fake.callsTo('response_url');
  expect(posts).toHaveLength(1);
  expect(String(posts[0]!.args.text)).toContain('Preparing the export');
  const told = toldPrivately(ADMIN);
  expect(told.map((c) => c.method)).toEqual(['chat.postEphemeral']);
  expect(told[0]!.args).toMatchObject({ channel: CHANNEL, user: ADMIN });
  expect(String(told[0]!.args.text)).toContain('C2099999');
  const msgs = app.logs.map((l) => l.msg);
  expect(msgs).toContain('request refused');
  expect(msgs).toContain('response URL not answering: said as an ephemeral message instead');
});

test('a modal’s confirmation whose response_url takes it and gives no answer within its limit: not said again by ephemeral or DM', async () => {
  let res!: ReturnType<typeof newCustomer>;
  // The confirmation's POST held once the modal is open (the submission's limit ends it).
  const held = await new Promise<ReturnType<typeof app.fake.holdNext>>((holding) => {
    res = newCustomer(undefined, () => {
      holding(app.fake.holdNext('response_url'));
      limits.length = 0;
    });
  });
  await held.arrived;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).body).toBe('');
  held.release();
  expect(app.fake.callsTo('response_url')).toHaveLength(1);
  expect(toldPrivately(OWNER)).toEqual([]);
  expect(app.logs.map((l) => l.msg)).toContain(
    'response URL did not answer (it may have been shown): not said another way',
  );
});

test('a modal’s confirmation whose response_url refuses it (404) but holds the rest of its answer: a refusal at its limit, sent by DM', async () => {
  let res!: ReturnType<typeof newCustomer>;
  const read = await new Promise<Promise<void>>((reading) => {
    res = newCustomer(undefined, () => {
      reading(app.fake.failNextHttpSlowly('response_url', 404));
      limits.length = 0;
    });
  });
  // Its limit ends once the app has read the 404's headers (the body still held).
  await read;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).body).toBe('');
  expect(app.fake.callsTo('response_url')).toHaveLength(1);
  const dms = app.fake.postsTo(OWNER);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toBe('Created customer *Shanghai Huadong Machinery* (C2026001).');
});

/** `count` open tasks of OWNER's (`openTasksOf`), and `/task mine` drawn (its answer). */
async function taskMine(count: number) {
  await openTasksOf(app, OWNER, count);
  await app.slack.command('/task', 'mine', { userId: OWNER });
  return app.fake.callsTo('response_url').at(-1)!.args as { blocks: any[] };
}

/** Done clicked on the row of `content` (its response URL `responseUrl`): the modal to submit. */
async function doneModal(answer: { blocks: any[] }, content: string, responseUrl?: string) {
  const row = answer.blocks.find(
    (b) => b.accessory?.action_id === 'task_done_open' && b.text.text.includes(content),
  );
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: row.accessory.value, block_id: row.block_id },
    { userId: OWNER, ephemeral: true, ...(responseUrl ? { responseUrl } : {}) },
  );
  return app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
}

test('Done on a /task mine row whose list’s response_url refuses the connection: the confirmation by DM, that URL not posted to again', async () => {
  const modal = await doneModal(await taskMine(3), 'Task 02', `${DEAD}/response/r4`);
  const res = await app.slack.submitView(modal, { summary: 'Called them' }, { userId: OWNER });
  expect(res.body).toBe('');
  const dms = app.fake.postsTo(OWNER);
  expect(dms).toHaveLength(1);
  expect(String(dms[0]!.args.text)).toContain('Done: *Care call*');
  const msgs = app.logs.map((l) => l.msg);
  expect(msgs).toContain(
    'message not replaced: its response URL not reached (the request never left)',
  );
  // Not tried a second time (as a new message) before the DM.
  expect(msgs).not.toContain('response URL not reached (the request never left): said another way');
});

test('Done on a /task mine row whose list’s replacement gives no answer within its limit: nothing more (it may have been shown)', async () => {
  const modal = await doneModal(await taskMine(3), 'Task 02');
  const before = app.fake.callsTo('response_url').length;
  const held = app.fake.holdNext('response_url');
  limits.length = 0;
  const res = app.slack.submitView(modal, { summary: 'Called them' }, { userId: OWNER });
  await held.arrived;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).body).toBe('');
  held.release();
  const posts = app.fake.callsTo('response_url').slice(before);
  expect(posts.map((p) => p.args.replace_original)).toEqual([true]);
  expect(toldPrivately(OWNER)).toEqual([]);
  expect(app.logs.map((l) => l.msg)).toContain(
    'message replacement not answered (it may have been shown): nothing more',
  );
});

test('a modal’s confirmation whose response_url was not connected to within its limit (TLS handshake stalled): sent by DM', async () => {
  arrived = new Promise<void>((resolve) => (connected = resolve));
  await app.slack.command('/customer', 'new', { userId: OWNER, responseUrl: `${SILENT}/r/1` });
  const view = app.fake.callsTo('views.open')[0]!.args.view as Record<string, unknown>;
  limits.length = 0;
  const res = app.slack.submitView(
    view,
    {
      name: 'Shanghai Huadong Machinery',
      industry: 'Manufacturing',
      source: 'referral',
      first_contact: '2026-11-20',
    },
    { userId: OWNER },
  );
  await arrived;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).body).toBe('');
  const msgs = app.logs.map((l) => l.msg);
  expect(msgs).toContain('response URL not reached (the request never left): said another way');
  const dms = app.fake.postsTo(OWNER);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toBe('Created customer *Shanghai Huadong Machinery* (C2026001).');
});

test('a modal’s confirmation whose response_url’s certificate is refused (self-signed): sent by DM, nothing reached that server', async () => {
  const res = await newCustomer(`${UNTRUSTED}/r/3`);
  expect(res.body).toBe('');
  expect(untrustedRequests).toBe(0);
  const dms = app.fake.postsTo(OWNER);
  expect(dms).toHaveLength(1);
  expect(dms[0]!.args.text).toBe('Created customer *Shanghai Huadong Machinery* (C2026001).');
  expect(app.logs.map((l) => l.msg)).toContain(
    'response URL not reached (the request never left): said another way',
  );
});

test('Done on a /task mine row whose list’s response_url was not connected to within its limit: the confirmation by DM', async () => {
  const modal = await doneModal(await taskMine(3), 'Task 02', `${SILENT}/r/2`);
  arrived = new Promise<void>((resolve) => (connected = resolve));
  app.fake.reset();
  limits.length = 0;
  const res = app.slack.submitView(modal, { summary: 'Called them' }, { userId: OWNER });
  await arrived;
  limits.splice(0).forEach((expire) => expire());
  expect((await res).body).toBe('');
  expect(app.logs.map((l) => l.msg)).toContain(
    'message not replaced: its response URL not reached (the request never left)',
  );
  const dms = app.fake.postsTo(OWNER);
  expect(dms).toHaveLength(1);
  expect(String(dms[0]!.args.text)).toContain('Done: *Care call*');
});

test('Next on a /task mine page whose response_url refuses the connection: told privately Slack could not be reached (not that the list expired), no error reference', async () => {
  const first = await taskMine(21);
  const next = first.blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .find((e) => e.text.text === 'Next');
  app.fake.reset();
  const since = app.logs.length;
  await app.slack.blockAction(
    { action_id: next.action_id, value: next.value, block_id: 'task_mine_nav' },
    { userId: OWNER, channelId: CHANNEL, ephemeral: true, responseUrl: `${DEAD}/response/r9` },
  );
  const told = toldPrivately(OWNER);
  expect(told).toHaveLength(1);
  expect(told[0]!.args).toMatchObject({
    channel: CHANNEL,
    user: OWNER,
    text: 'Slack could not be reached to show that page. Try again, or run `/task mine` again.',
  });
  expect(JSON.stringify(told[0]!.args)).not.toMatch(/E-[0-9A-Z]{8}/);
  const msgs = app.logs.slice(since).map((l) => l.msg);
  expect(msgs).toContain(
    'task list page: response URL not reached, told Slack could not be reached',
  );
  expect(msgs).not.toContain('listener failed');
});

test('Next on a /ticket list whose response_url refuses the connection, in zh-CN: told its own line, not that the list expired', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const customer = await makeCustomer(app);
  for (let i = 0; i < 12; i++) await makeTicket(app, { customerCode: customer.code });
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'ticket_list_page', value: 'open:10', block_id: 'ticket_list_nav' },
    { userId: AGENT, channelId: CHANNEL, ephemeral: true, responseUrl: `${DEAD}/response/r10` },
  );
  const told = toldPrivately(AGENT);
  expect(told.map((c) => c.args.text)).toEqual([
    '无法连接 Slack 来显示该页。请重试，或重新运行 `/ticket list`。',
  ]);
  expect(app.logs.map((l) => l.msg)).toContain(
    'ticket list page: response URL not reached, told Slack could not be reached',
  );
});
