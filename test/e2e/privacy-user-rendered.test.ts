// An erasure by Slack user takes their words from what the outbox holds rendered: the card's
// thread line quoting a reply is stored masked (maskFreeText) and escaped for mrkdwn (& as
// &amp;), and cut at its limit with an ellipsis; the erasure matched their words as typed only
// (revlandK finding 1).
import { beforeEach, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { act, AGENT, makeCustomer, OWNER } from '../helpers/factories.js';
import { messageEvent } from '../helpers/slack-requests.js';

const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const OPENER = 'U0CUSTUSR1';
const COLLEAGUE = 'U0CUSTCOL1';
const OTHER = 'U0CUSTOTH1';
const ROOT = '1795485604.000100';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
let events = 0;
const say = (text: string, user: string, ts: string, thread?: string) =>
  app.slack.eventDelivery(messageEvent(CUST, user, text, ts, thread ? { thread } : {}), {
    eventId: `Ev0RENDER${String(++events).padStart(4, '0')}`,
  });

beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
  await say('The printer is jammed', OPENER, ROOT);
  const opened = (await app.db.models.tickets.findOne({ 'source.ts': ROOT }).lean())!;
  await act(app, opened.number, { action: 'claim' }, AGENT);
  app.clock.advance(60_000);
});

async function erase(user: string) {
  await app.slack.command('/desk', `privacy erase user:<@${user}>`, { userId: ADMIN });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  // Their App Home, written to the outbox by the erasure (a self-deleting entry holding their id
  // until then), published by the worker it kicks.
  await app.desk.outbox.drain();
}

const threadLines = async () =>
  (await app.db.models.outbox.find({}).lean())
    .map((o) => (o.data as { message?: { text?: string } } | undefined)?.message?.text ?? '')
    .filter((text) => text.includes('replied'));

test("a colleague's reply, escaped and masked in the card's thread line, is erased there", async () => {
  // As Slack sends what they typed ("Gate code 4471 & ask … <back door>, …"): escaped.
  await say(
    'Gate code 4471 &amp; ask for Li Wei at dock 7 &lt;back door&gt;, li.wei@huadong.cn or 13800138000',
    COLLEAGUE,
    '1795485664.000100',
    ROOT,
  );
  await app.desk.outbox.drain();
  const held = (await threadLines()).join('\n');
  expect(held).toContain('Gate code 4471 &amp; ask for Li Wei at dock 7 &lt;back door&gt;');
  expect(held).toContain('138****8000');
  await erase(COLLEAGUE);
  const needles = ['Li Wei', 'back door', 'huadong.cn', '138****8000', COLLEAGUE];
  expect(await scanStrings(app.db, needles)).toEqual([]);
  expect(await threadLines()).toContain(
    'Someone whose personal data was erased (customer side) replied: [erased]',
  );
});

test("the requester's reply, cut at the thread line's limit, is erased there up to the cut", async () => {
  const long = `Dock seven report: ${'the feeder rollers slip on every third sheet and jam '.repeat(60)}`;
  await say(long.trim(), OPENER, '1795485664.000100', ROOT);
  await app.desk.outbox.drain();
  const cut = (await threadLines()).find((text) => text.endsWith('…'));
  expect(cut).toMatch(/^<@U0CUSTUSR1> replied: Dock seven report: the feeder rollers slip/);
  await erase(OPENER);
  expect(await scanStrings(app.db, ['feeder rollers', 'Dock seven', OPENER])).toEqual([]);
  expect(await threadLines()).toContain(
    'Someone whose personal data was erased replied: [erased]…',
  );
});

// Erasing a Slack user looks for their words in their masked form too (renderedForms,
// 3bf42e5f), but not where that form is another person's: a masked email is shared by everyone
// of the same domain whose address starts with the same letter.
test("erasing one colleague leaves another person's masked email in their own line", async () => {
  await say('Write to me instead:\nli.wei@huadong.cn', COLLEAGUE, '1795485664.000100', ROOT);
  await say('lucy@huadong.cn will handle the invoice', OTHER, '1795485724.000100', ROOT);
  await app.desk.outbox.drain();
  const before = (await threadLines()).join('\n');
  expect(before).toContain(
    `<@${OTHER}> (customer side) replied: l***@huadong.cn will handle the invoice`,
  );
  await erase(COLLEAGUE);
  // OTHER is not erased: their line keeps their (masked) words.
  const after = (await threadLines()).join('\n');
  expect(after).toContain(
    `<@${OTHER}> (customer side) replied: l***@huadong.cn will handle the invoice`,
  );
  // The colleague's own line, masked, goes whole (their other words come with the mask).
  expect(after).not.toContain('Write to me instead');
  expect(after).toContain(
    'Someone whose personal data was erased (customer side) replied: [erased]',
  );
});

// withoutCutForms (3bf42e5f) takes any "…" after 12 characters (6 CJK) of the
// erased person's words for a cut of theirs, a typed ellipsis too, anywhere in a string: another
// person's own reply on the same ticket, stored as typed, loses its words.
test("erasing one colleague leaves another's typed reply that starts alike and holds an ellipsis", async () => {
  await say(
    'The printer is jammed again on dock 7, please send someone',
    COLLEAGUE,
    '1795485664.000100',
    ROOT,
  );
  await say(
    'The printer is jammed… again? It was fixed on Monday',
    OTHER,
    '1795485724.000100',
    ROOT,
  );
  await say('打印机又卡纸了，请尽快派人来修理', COLLEAGUE, '1795485784.000100', ROOT);
  await say('打印机又卡纸了……上周刚修过', OTHER, '1795485844.000100', ROOT);
  await app.desk.outbox.drain();
  await erase(COLLEAGUE);
  const ticket = (await app.db.models.tickets.findOne({ 'source.ts': ROOT }).lean())!;
  const texts = (ticket.timeline as { text?: string }[]).map((e) => e.text ?? '');
  // OTHER is not erased: their words stay on the ticket.
  expect(texts).toContain('The printer is jammed… again? It was fixed on Monday');
  expect(texts).toContain('打印机又卡纸了……上周刚修过');
  // And in the card's thread lines the outbox holds (rendered: a typed ellipsis is no cut).
  const lines = (await threadLines()).join('\n');
  expect(lines).toContain(
    `<@${OTHER}> (customer side) replied: The printer is jammed… again? It was fixed on Monday`,
  );
  expect(lines).toContain(`<@${OTHER}> (customer side) replied: 打印机又卡纸了……上周刚修过`);
});

// withoutCutForms took a whole reply of another person that is the start of the erased person's
// words and ends with an ellipsis they typed for a cut of theirs: a quote on a line a mention of
// someone else starts is that person's own words.
test("erasing one colleague leaves another's whole reply that is the start of theirs and ends with a typed ellipsis", async () => {
  await say(
    'The printer is jammed again on dock 7, please send someone',
    COLLEAGUE,
    '1795485664.000100',
    ROOT,
  );
  await say('The printer is jammed again on dock…', OTHER, '1795485724.000100', ROOT);
  await app.desk.outbox.drain();
  const line = `<@${OTHER}> (customer side) replied: The printer is jammed again on dock…`;
  expect(await threadLines()).toContain(line);
  await erase(COLLEAGUE);
  expect(await threadLines()).toContain(line);
  expect(await threadLines()).toContain(
    'Someone whose personal data was erased (customer side) replied: [erased]',
  );
  expect(await scanStrings(app.db, ['dock 7', COLLEAGUE])).toEqual([]);
});

// A thread line rendered before the erasure and still waiting in the outbox (Slack rate-limited
// it) names them as a line rendered after it does, not "[erased] replied" (revland67 F1).
test("the requester's thread line still waiting in the outbox at their erasure goes out naming them as someone whose personal data was erased", async () => {
  app.fake.rateLimitNext('chat.postMessage', 60, 3);
  await say('Still jammed, dock seven', OPENER, '1795485664.000100', ROOT);
  await app.desk.outbox.drain();
  expect(await threadLines()).toContain(`<@${OPENER}> replied: Still jammed, dock seven`);
  await erase(OPENER);
  for (let i = 0; i < 4; i++) {
    app.clock.advance(10 * 60_000);
    await app.desk.outbox.drain();
  }
  const posted = app.fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.outcome === 'ok')
    .map((c) => String(c.args.text));
  expect(posted).toContain('Someone whose personal data was erased replied: [erased]');
  expect(posted.filter((text) => text.includes('[erased] replied'))).toEqual([]);
  expect(await scanStrings(app.db, ['Still jammed', OPENER])).toEqual([]);
});
