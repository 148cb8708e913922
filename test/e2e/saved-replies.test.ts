// Saved replies (`/desk settings replies`): an admin keeps them; an agent inserts one into the
// delay notice / progress note modal (the message to the requester), its {customer} and {ticket}
// filled in, and sends it.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { settingsKit, type View } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
/** The person who reported the ticket, a Slack user of the workspace. */
const REQ = 'U0REQUEST1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});
const { settings, lastOpened, block, openGroup } = settingsKit(app, ADMIN);

const REPLIES = [
  'Part on its way',
  'Dear {customer}, the spare part for {ticket} has shipped.',
  '---',
  'Engineer visit',
  'An engineer visits {customer} this week about {ticket}.',
].join('\n');

/** A ticket of `customer` reported by REQ and claimed by AGENT; its number. */
async function claimedTicket(customer: string): Promise<string> {
  const { code } = await makeCustomer(app, { name: customer });
  await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
  const res = await app.slack.submitView(
    lastOpened(),
    {
      customer: code,
      severity: 'general',
      type: 'after_sales',
      description: 'E42',
      requester: REQ,
    },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  const number = (await app.db.models.tickets.findOne().sort({ createdAt: -1, _id: -1 }).lean())!
    .number;
  await app.slack.blockAction(
    { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  return number;
}

/** The delay notice modal for `number`, as Slack shows it (with its id and hash). */
async function openDelay(number: string): Promise<View> {
  await app.slack.blockAction(
    { action_id: 'requester_draft_open', value: `delay:${number}`, block_id: 'draft' },
    { userId: AGENT, channelId: 'D0AGENT001' },
  );
  return { ...lastOpened(), id: 'V0DRAFT001', hash: 'h-open' };
}

/** The agent picks saved reply `value` with `typed` in the other inputs; the update, if any. */
async function pick(view: View, value: string, typed: Record<string, string | null>) {
  const before = app.fake.callsTo('views.update').length;
  const res = await app.slack.blockAction(
    {
      action_id: 'requester_saved_reply',
      block_id: 'saved_reply',
      type: 'static_select',
      selected_option: { value },
    },
    {
      userId: AGENT,
      view: {
        ...view,
        state: { values: app.slack.viewState(view, { ...typed, saved_reply: value }) },
      },
    },
  );
  expect(res.status).toBe(200);
  const updates = app.fake.callsTo('views.update').slice(before);
  expect(updates.length).toBeLessThanOrEqual(1);
  return updates[0]?.args as { view_id: string; hash?: string; view: View } | undefined;
}

const textBlock = (view: View) =>
  view.blocks.find((b: any) => /^text(~\d+)?$/.test(b.block_id ?? ''));

/** What a person read in their DMs, in order. */
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));

describe('saved replies', () => {
  test('an admin saves two replies (a bad one refused inline first); the agent picks one in the delay notice, gets it filled in, and sends it to the requester once', async () => {
    // The admin: a reply with a title and no text is named on the field; nothing is saved.
    const group = await openGroup('replies');
    expect(group.title.text).toBe('Saved replies');
    expect(block(group, 'saved_replies').hint.text).toContain('{customer} and {ticket}');
    const bad = await app.slack.submitView(
      group,
      { saved_replies: `${REPLIES}\n---\nFollow-up` },
      { userId: ADMIN },
    );
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: {
        saved_replies:
          'Reply 3 (“Follow-up”) has no text: its first line is the title, the text goes on the lines below it.',
      },
    });
    expect((await settings()).savedReplies).toEqual([]);
    expect(
      (await app.slack.submitView(group, { saved_replies: REPLIES }, { userId: ADMIN })).body,
    ).toBe('');
    expect((await settings()).savedReplies.map((r) => r.title)).toEqual([
      'Part on its way',
      'Engineer visit',
    ]);
    expect(block(await openGroup('replies'), 'saved_replies').element.initial_value).toBe(REPLIES);
    const history = await app.slack.command('/desk', 'settings history', { userId: ADMIN });
    expect((history.body.blocks as any[])[1].text.text).toContain('*Saved replies*');

    // The agent: the modal offers the two titles above the message.
    const number = await claimedTicket('Huadong & Sons');
    const opened = await openDelay(number);
    const menu = block(opened, 'saved_reply');
    expect(menu).toMatchObject({
      type: 'input',
      optional: true,
      dispatch_action: true,
      label: { text: 'Saved reply' },
      element: { type: 'static_select', action_id: 'requester_saved_reply' },
    });
    expect(menu.element.options.map((o: any) => o.text.text)).toEqual([
      'Part on its way',
      'Engineer visit',
    ]);

    // Picked over the desk's draft (as drawn): replaced, filled in, in a new input; the new date
    // as the agent picked it, the view's hash sent.
    const first = (await pick(opened, '0', { date: '2026-12-09' }))!;
    expect(first).toMatchObject({ view_id: 'V0DRAFT001', hash: 'h-open' });
    const filled = `Dear Huadong & Sons, the spare part for ${number} has shipped.`;
    expect(textBlock(first.view)).toMatchObject({
      block_id: 'text~1',
      element: { initial_value: filled },
    });
    expect(block(first.view, 'date').element.initial_date).toBe('2026-12-09');
    expect(first.view.callback_id).toBe('requester_draft');

    // The agent writes a line of their own, then picks the other reply: kept, the saved text under it.
    const second = (await pick({ ...first.view, id: 'V0DRAFT001', hash: 'h2' }, '1', {
      'text~1': `${filled}\nTracking: SF123.`,
      date: '2026-12-09',
    }))!;
    expect(second.hash).toBe('h2');
    const both = `${filled}\nTracking: SF123.\n\nAn engineer visits Huadong & Sons this week about ${number}.`;
    expect(textBlock(second.view)).toMatchObject({
      block_id: 'text~2',
      element: { initial_value: both },
    });

    // Sent: the requester reads it once (escaped where it lands in mrkdwn).
    const sent = await app.slack.submitView(
      { ...second.view, id: 'V0DRAFT001' },
      { date: '2026-12-09' },
      { userId: AGENT },
    );
    expect(sent.body).toBe('');
    const notices = dms(REQ).filter((m) => m.includes('take longer'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(
      'Dear Huadong &amp; Sons, the spare part for ' +
        `${number} has shipped.\nTracking: SF123.\n\nAn engineer visits Huadong &amp; Sons`,
    );
    const stored = await app.db.models.tickets.findOne({ number }).lean();
    expect(stored!.promisedDate).toBe('2026-12-09');
  });

  test('a pick naming no saved reply (forged, or the list changed) updates nothing', async () => {
    await app.setSettings(() => ({ savedReplies: [{ title: 'Only', text: 'One text.' }] }));
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openDelay(number);
    for (const forged of ['1', '7', '-1', 'x', '0.5'])
      expect(await pick(opened, forged, {}), forged).toBeUndefined();
    const update = (await pick(opened, '0', {}))!;
    expect(textBlock(update.view).element.initial_value).toBe('One text.');
    // Emptied before sending: refused on the input as it is named now.
    const res = await app.slack.submitView(
      { ...update.view, id: 'V0DRAFT001' },
      { 'text~1': '', date: '2026-12-09' },
      { userId: AGENT },
    );
    expect(res.body).toMatchObject({
      response_action: 'errors',
      errors: { 'text~1': expect.any(String) },
    });
    expect(dms(REQ).filter((m) => m.includes('take longer'))).toEqual([]);
  });

  test('a workspace without saved replies shows no menu', async () => {
    await app.setSettings(() => ({ savedReplies: [] }));
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openDelay(number);
    expect(block(opened, 'saved_reply')).toBeUndefined();
    expect(opened.blocks.map((b: any) => b.block_id)).toEqual(['text', 'date']);
  });

  test('too long together with what the agent typed: nothing added, a line says so, the typed text stays', async () => {
    await app.setSettings(() => ({ savedReplies: [{ title: 'Long', text: 'y'.repeat(1500) }] }));
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openDelay(number);
    const typed = 'x'.repeat(600);
    const update = (await pick(opened, '0', { text: typed }))!;
    expect(textBlock(update.view).block_id).toBe('text');
    expect(update.view.blocks.map((b: any) => b.type)).toContain('context');
    expect(JSON.stringify(update.view.blocks)).toContain(
      '“Long” was not added: with your text it would pass 2000 characters.',
    );
  });
});

describe('saved replies in the Wait modal (the question to the requester)', () => {
  /** The Wait modal for `number` as `userId` sees it (with its id and hash). */
  async function openWait(number: string, userId = AGENT): Promise<View> {
    await app.slack.blockAction(
      { action_id: 'ticket_wait_open', value: number, block_id: 'ticket_actions' },
      { userId, channelId: TRIAGE },
    );
    return { ...lastOpened(), id: 'V0WAIT0001', hash: 'h-wait' };
  }

  /** `userId` picks saved reply `value` in the Wait modal `view`; the update, if any. */
  async function pickIn(
    view: View,
    value: string,
    typed: Record<string, string | null>,
    userId = AGENT,
  ) {
    const before = app.fake.callsTo('views.update').length;
    const res = await app.slack.blockAction(
      {
        action_id: 'requester_saved_reply',
        block_id: 'saved_reply',
        type: 'static_select',
        selected_option: { value },
      },
      {
        userId,
        view: {
          ...view,
          state: { values: app.slack.viewState(view, { ...typed, saved_reply: value }) },
        },
      },
    );
    expect(res.status).toBe(200);
    const updates = app.fake.callsTo('views.update').slice(before);
    expect(updates.length).toBeLessThanOrEqual(1);
    return updates[0]?.args as { view_id: string; hash?: string; view: View } | undefined;
  }

  const question = (view: View) =>
    view.blocks.find((b: any) => /^question(~\d+)?$/.test(b.block_id ?? ''));
  const asked = () => dms(REQ).filter((m) => m.includes('is waiting on you'));

  test('the agent picks a reply, adds a line, picks another: the question is filled in, and the requester is asked it once', async () => {
    await app.setSettings(() => ({
      savedReplies: [
        { title: 'Serial number', text: 'Please send the serial number of the {customer} unit.' },
        { title: 'Photo', text: 'A photo of the error on {ticket} helps us too.' },
      ],
    }));
    const number = await claimedTicket('Huadong & Sons');
    const opened = await openWait(number);
    expect(opened.callback_id).toBe('ticket_wait');
    const menu = block(opened, 'saved_reply');
    expect(menu).toMatchObject({
      optional: true,
      dispatch_action: true,
      label: { text: 'Saved reply' },
      element: { type: 'static_select', action_id: 'requester_saved_reply' },
    });
    expect(menu.element.options.map((o: any) => o.text.text)).toEqual(['Serial number', 'Photo']);

    // The empty question: replaced by the filled text, in a new input; the view's hash sent.
    const first = (await pickIn(opened, '0', {}))!;
    expect(first).toMatchObject({ view_id: 'V0WAIT0001', hash: 'h-wait' });
    expect(first.view.callback_id).toBe('ticket_wait');
    const serial = 'Please send the serial number of the Huadong & Sons unit.';
    expect(question(first.view)).toMatchObject({
      block_id: 'question~1',
      element: { initial_value: serial },
    });
    // Still names the ticket it asks about.
    expect(JSON.stringify(first.view.blocks[0])).toContain(number);

    // A line of the agent's own, then the other reply: kept, the saved text under it.
    const second = (await pickIn({ ...first.view, id: 'V0WAIT0001', hash: 'h2' }, '1', {
      'question~1': `${serial}\nThe one on line 3.`,
    }))!;
    const both = `${serial}\nThe one on line 3.\n\nA photo of the error on ${number} helps us too.`;
    expect(question(second.view)).toMatchObject({
      block_id: 'question~2',
      element: { initial_value: both },
    });

    // Asked and waiting: the requester reads the question once, escaped.
    const res = await app.slack.submitView(
      { ...second.view, id: 'V0WAIT0001' },
      {},
      {
        userId: AGENT,
      },
    );
    expect(res.body).toBe('');
    expect(asked()).toHaveLength(1);
    expect(asked()[0]).toContain(
      'Please send the serial number of the Huadong &amp; Sons unit.\nThe one on line 3.\n\nA photo of the error on',
    );
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).toBe('waiting');
  });

  test('the question emptied after a pick is refused on its input as named now; nothing is asked', async () => {
    await app.setSettings(() => ({ savedReplies: [{ title: 'Only', text: 'One question?' }] }));
    const number = await claimedTicket('Huadong Machinery');
    const update = (await pickIn(await openWait(number), '0', {}))!;
    const res = await app.slack.submitView(
      { ...update.view, id: 'V0WAIT0001' },
      { 'question~1': '' },
      { userId: AGENT },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { 'question~1': 'Required.' },
    });
    expect(asked()).toEqual([]);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).not.toBe('waiting');
  });

  test('a forged pick, or one by someone who may not set the ticket waiting, updates nothing', async () => {
    await app.setSettings(() => ({ savedReplies: [{ title: 'Only', text: 'One question?' }] }));
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openWait(number);
    for (const forged of ['1', '7', '-1', 'x'])
      expect(await pickIn(opened, forged, {}), forged).toBeUndefined();
    // Another agent may send the requester an update, not set another's ticket waiting.
    expect(await pickIn(opened, '0', {}, 'U0AGENT002')).toBeUndefined();
    expect(question((await pickIn(opened, '0', {}))!.view).element.initial_value).toBe(
      'One question?',
    );
  });
});

describe('saved replies in /desk settings history', () => {
  test('a save is said reply by reply (added, removed, changed, by title, escaped), never line by line', async () => {
    const group = await openGroup('replies');
    expect(
      (await app.slack.submitView(group, { saved_replies: REPLIES }, { userId: ADMIN })).body,
    ).toBe('');
    const next = [
      'Part on its way',
      'Dear {customer}, the spare part for {ticket} left today.',
      '---',
      '<!channel> & Urgent',
      'We are on it.',
    ].join('\n');
    expect(
      (
        await app.slack.submitView(
          await openGroup('replies'),
          { saved_replies: next },
          {
            userId: ADMIN,
          },
        )
      ).body,
    ).toBe('');
    const entries = async () =>
      (
        (await app.slack.command('/desk', 'settings history', { userId: ADMIN })).body
          .blocks as any[]
      )
        .slice(1, 3)
        .map((b) => String(b.text.text).split('\n').slice(1).join('\n'));
    const field = 'Saved replies (a line --- between two)';
    expect(await entries()).toEqual([
      `${field}: added: “&lt;!channel&gt; &amp; Urgent”, removed: “Engineer visit”, changed: “Part on its way”`,
      `${field}: added: “Part on its way”, added: “Engineer visit”`,
    ]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await entries())[0]).toBe(
      '常用回复（两条之间单独一行“---”）：新增：“&lt;!channel&gt; &amp; Urgent”、删除：“Engineer visit”、修改：“Part on its way”',
    );
  });
});
