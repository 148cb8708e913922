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
  expect(await threadLines()).toContain('[erased] (customer side) replied: [erased]');
});

test("the requester's reply, cut at the thread line's limit, is erased there up to the cut", async () => {
  const long = `Dock seven report: ${'the feeder rollers slip on every third sheet and jam '.repeat(60)}`;
  await say(long.trim(), OPENER, '1795485664.000100', ROOT);
  await app.desk.outbox.drain();
  const cut = (await threadLines()).find((text) => text.endsWith('…'));
  expect(cut).toMatch(/^<@U0CUSTUSR1> replied: Dock seven report: the feeder rollers slip/);
  await erase(OPENER);
  expect(await scanStrings(app.db, ['feeder rollers', 'Dock seven', OPENER])).toEqual([]);
  expect(await threadLines()).toContain('[erased] replied: [erased]…');
});
