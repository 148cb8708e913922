// Saved replies (`/desk settings replies`): an admin keeps them; an agent inserts one into the
// delay notice / progress note modal (the message to the requester), its {customer} and {ticket}
// filled in, and sends it.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { settingsKit, type View } from '../helpers/settings.js';
import { submitLastModal } from '../helpers/clicks.js';

const ADMIN = 'U0ADMIN001';
const ADMIN2 = 'U0ADMIN002';
const TRIAGE = 'C0TRIAGE01';
/** The person who reported the ticket, a Slack user of the workspace. */
const REQ = 'U0REQUEST1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { ADMIN_USER_IDS: `${ADMIN},${ADMIN2}`, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});
const { settings, lastOpened, block } = settingsKit(app, ADMIN);

/** A ticket of `customer` reported by REQ and claimed by AGENT; its number. */
async function claimedTicket(customer: string): Promise<string> {
  const { code } = await makeCustomer(app, { name: customer });
  await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
  await submitLastModal(
    app,
    {
      customer: code,
      severity: 'general',
      type: 'after_sales',
      description: 'E42',
      requester: REQ,
    },
    AGENT,
  );
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

/**
 * `userId` (the agent) picks saved reply `value` in the modal `view` (Tell of a delay's, Wait's),
 * with `typed` in the other inputs; the update, if any.
 */
async function pick(
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

const textBlock = (view: View) =>
  view.blocks.find((b: any) => /^text(~\d+)?$/.test(b.block_id ?? ''));

/** What a person read in their DMs, in order. */
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));

/** `/desk settings replies` by `userId`: the list, as Slack shows it (with an id and a hash). */
async function openList(userId = ADMIN, id = 'V0LIST0001'): Promise<View> {
  await app.slack.command('/desk', 'settings replies', { userId });
  return { ...lastOpened(), id, hash: 'h-list' };
}

/** A button `actionId` with `value` clicked in the list `view`: the modal it pushed, if any. */
async function clickIn(view: View, actionId: string, value: string, userId = ADMIN) {
  const before = app.fake.callsTo('views.push').length;
  const res = await app.slack.blockAction(
    { action_id: actionId, value, block_id: 'b1' },
    { userId, view: { ...view, state: { values: {} } } },
  );
  expect(res.status).toBe(200);
  return app.fake.callsTo('views.push').slice(before)[0]?.args.view as View;
}

/** The list as the last views.update drew it (with its id and hash). */
function lastUpdate(): { view_id: string; hash?: string; view: View } {
  return app.fake.callsTo('views.update').at(-1)!.args as any;
}

/** Add reply in the list, then Save with `title` and `text`: the submission's answer. */
async function addReply(title: string, text: string, userId = ADMIN) {
  const form = await clickIn(await openList(userId), 'settings_reply_add', 'add', userId);
  const res = await app.slack.submitView(
    form,
    { reply_title: title, reply_text: text },
    { userId },
  );
  return res.body;
}

/** The replies' titles and first lines as the list shows them. */
const listed = (view: View) =>
  view.blocks
    .filter((b: any) => b.type === 'section' && /^\*/.test(b.text.text))
    .map((b: any) => b.text.text);

describe('saved replies', () => {
  test('an admin adds two replies one by one (a bad one refused inline first); the agent picks one in the delay notice, gets it filled in, and sends it to the requester once', async () => {
    // The admin: a reply with a title and no text is refused on its input; nothing is saved.
    const list = await openList();
    expect(list.title.text).toBe('Saved replies');
    const form = await clickIn(list, 'settings_reply_add', 'add');
    const bad = await app.slack.submitView(
      form,
      { reply_title: 'Follow-up', reply_text: '' },
      { userId: ADMIN },
    );
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: { reply_text: 'Write the text agents insert.' },
    });
    expect((await settings()).savedReplies).toEqual([]);
    await addReply('Part on its way', 'Dear {customer}, the spare part for {ticket} has shipped.');
    await addReply('Engineer visit', 'An engineer visits {customer} this week about {ticket}.');
    expect((await settings()).savedReplies.map((r) => r.title)).toEqual([
      'Part on its way',
      'Engineer visit',
    ]);
    const [part, visit] = (await settings()).savedReplies.map((r) => r.id);
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
    const first = (await pick(opened, part!, { date: '2026-12-09' }))!;
    expect(first).toMatchObject({ view_id: 'V0DRAFT001', hash: 'h-open' });
    const filled = `Dear Huadong & Sons, the spare part for ${number} has shipped.`;
    expect(textBlock(first.view)).toMatchObject({
      block_id: 'text~1',
      element: { initial_value: filled },
    });
    expect(block(first.view, 'date').element.initial_date).toBe('2026-12-09');
    expect(first.view.callback_id).toBe('requester_draft');

    // The agent writes a line of their own, then picks the other reply: kept, the saved text under it.
    const second = (await pick({ ...first.view, id: 'V0DRAFT001', hash: 'h2' }, visit!, {
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
    await app.setSettings(() => ({
      savedReplies: [{ id: 'rOnly', title: 'Only', text: 'One text.' }],
    }));
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openDelay(number);
    // A position (as menus were before ids), another id, a value no id is: nothing.
    for (const forged of ['0', 'rOther', '-1', 'x y', '0.5'])
      expect(await pick(opened, forged, {}), forged).toBeUndefined();
    const update = (await pick(opened, 'rOnly', {}))!;
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
    await app.setSettings(() => ({
      savedReplies: [{ id: 'rLong', title: 'Long', text: 'y'.repeat(1500) }],
    }));
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openDelay(number);
    const typed = 'x'.repeat(600);
    const update = (await pick(opened, 'rLong', { text: typed }))!;
    expect(textBlock(update.view).block_id).toBe('text');
    expect(update.view.blocks.map((b: any) => b.type)).toContain('context');
    expect(JSON.stringify(update.view.blocks)).toContain(
      '“Long” was not added: with your text it would pass 2000 characters.',
    );
  });
});

describe('saved replies kept one by one (/desk settings replies)', () => {
  test('add, edit, delete from the list: each pushed modal returns to the list updated (its hash sent), a duplicate title refused inline, a 2,000-character text kept (what a message to a requester holds) and one longer refused, the delay menu shows the replies as they are', async () => {
    const empty = await openList();
    expect(empty.callback_id).toBe('settings_replies');
    expect(JSON.stringify(empty.blocks)).toContain('0 of at most 50');
    expect(JSON.stringify(empty.blocks)).toContain('No saved replies yet');

    // Add reply: a modal pushed over the list, title (75) and text (2,000: a message to a
    // requester holds no more, so every reply saved can be inserted).
    const form = await clickIn(empty, 'settings_reply_add', 'add');
    expect(form.callback_id).toBe('settings_reply');
    expect(block(form, 'reply_title').element.max_length).toBe(75);
    expect(block(form, 'reply_text').element).toMatchObject({ multiline: true, max_length: 2000 });
    const long = `Dear {customer},\n${'x'.repeat(1983)}`;
    expect(long).toHaveLength(2000);
    // One character more (Slack's input would stop it; a crafted submission is refused inline).
    expect(
      (
        await app.slack.submitView(
          form,
          { reply_title: 'Long letter', reply_text: `${long}x` },
          { userId: ADMIN },
        )
      ).body,
    ).toEqual({
      response_action: 'errors',
      errors: { reply_text: 'A text has at most 2000 characters.' },
    });
    const saved = await app.slack.submitView(
      form,
      { reply_title: 'Long letter', reply_text: long },
      { userId: ADMIN },
    );
    expect(saved.body).toBe('');
    // Back to the list, drawn again with the list's hash: the reply, its first line, a line.
    const back = lastUpdate();
    expect(back).toMatchObject({ view_id: 'V0LIST0001', hash: 'h-list' });
    expect(listed(back.view)).toEqual(['*Long letter*\nDear {customer},']);
    expect(JSON.stringify(back.view.blocks)).toContain('Saved “Long letter”.');
    expect((await settings()).savedReplies[0]!.text).toBe(long);

    expect(await addReply('Part on its way', 'Dear {customer}, it has shipped.')).toBe('');
    // The same title again (another case): refused on the title; nothing added.
    expect(await addReply('part ON its way', 'Another text.')).toEqual({
      response_action: 'errors',
      errors: { reply_title: 'Another reply is titled “part ON its way”: choose another title.' },
    });
    expect((await settings()).savedReplies.map((r) => r.title)).toEqual([
      'Long letter',
      'Part on its way',
    ]);
    const [longId, partId] = (await settings()).savedReplies.map((r) => r.id);

    // Edit: the pushed modal holds the reply; renamed onto another's title, refused; saved.
    const list = await openList();
    expect(listed(list)).toEqual([
      '*Long letter*\nDear {customer},',
      '*Part on its way*\nDear {customer}, it has shipped.',
    ]);
    const edit = await clickIn(list, 'settings_reply_edit', partId!);
    expect(block(edit, 'reply_title').element.initial_value).toBe('Part on its way');
    expect(block(edit, 'reply_text').element.initial_value).toBe(
      'Dear {customer}, it has shipped.',
    );
    expect(
      (
        await app.slack.submitView(
          edit,
          { reply_title: 'LONG LETTER', reply_text: 'x' },
          { userId: ADMIN },
        )
      ).body,
    ).toMatchObject({ response_action: 'errors', errors: { reply_title: expect.any(String) } });
    expect(
      (
        await app.slack.submitView(
          edit,
          { reply_title: 'Part shipped', reply_text: 'Dear {customer}, it left today.' },
          { userId: ADMIN },
        )
      ).body,
    ).toBe('');
    expect((await settings()).savedReplies).toEqual([
      { id: longId, title: 'Long letter', text: long },
      { id: partId, title: 'Part shipped', text: 'Dear {customer}, it left today.' },
    ]);
    expect(listed(lastUpdate().view)[1]).toBe('*Part shipped*\nDear {customer}, it left today.');

    // Delete: Slack's confirmation dialog first, then the list without it (the view's hash).
    const del = block(list, `reply_${longId}`).elements[1];
    expect(del).toMatchObject({
      action_id: 'settings_reply_delete',
      style: 'danger',
      confirm: {
        title: { text: 'Delete this saved reply?' },
        text: {
          text: '“Long letter” is deleted for everyone: agents no longer find it in the menu.',
        },
        confirm: { text: 'Delete' },
        style: 'danger',
      },
    });
    await clickIn(list, 'settings_reply_delete', longId!);
    expect(lastUpdate()).toMatchObject({ view_id: 'V0LIST0001', hash: 'h-list' });
    expect(listed(lastUpdate().view)).toEqual(['*Part shipped*\nDear {customer}, it left today.']);
    expect(JSON.stringify(lastUpdate().view.blocks)).toContain('Deleted “Long letter”.');
    expect((await settings()).savedReplies.map((r) => r.title)).toEqual(['Part shipped']);

    // The agent's delay notice offers the replies as they are now, and inserts by id.
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openDelay(number);
    expect(block(opened, 'saved_reply').element.options).toEqual([
      { text: { type: 'plain_text', text: 'Part shipped', emoji: true }, value: partId },
    ]);
    expect(textBlock((await pick(opened, partId!, {}))!.view).element.initial_value).toBe(
      'Dear Huadong Machinery, it left today.',
    );
    // The deleted one's id names nothing now.
    expect(await pick(opened, longId!, {})).toBeUndefined();
  });

  test("at most 50: the 51st is refused on its title; the list shows 50 a page at a time within Slack's 100 blocks", async () => {
    await app.setSettings(() => ({
      savedReplies: Array.from({ length: 50 }, (_, i) => ({
        id: `r${i}`,
        title: `Reply ${i + 1}`,
        text: `Text ${i + 1}.`,
      })),
    }));
    const list = await openList();
    expect(list.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(list.blocks)).toContain('50 of at most 50');
    expect(listed(list)).toHaveLength(20);
    expect(JSON.stringify(list.blocks)).toContain('Page 1 of 3');
    await app.slack.blockAction(
      { action_id: 'settings_replies_page', value: '2', block_id: 'reply_pages' },
      { userId: ADMIN, view: { ...list, state: { values: {} } } },
    );
    expect(listed(lastUpdate().view)).toEqual(
      Array.from({ length: 10 }, (_, i) => `*Reply ${41 + i}*\nText ${41 + i}.`),
    );
    expect(await addReply('Reply 51', 'One too many.')).toEqual({
      response_action: 'errors',
      errors: { reply_title: 'There are 50 saved replies already, the most: delete one first.' },
    });
    expect((await settings()).savedReplies).toHaveLength(50);
    // The delay notice's menu offers all 50 (a menu holds 100).
    const number = await claimedTicket('Huadong Machinery');
    expect(block(await openDelay(number), 'saved_reply').element.options).toHaveLength(50);
  });

  test('two admins editing two replies at once both keep theirs; replies stored before they had ids are edited by the id they read with', async () => {
    // Stored as the one box saved them: no ids.
    await settings();
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $set: {
          'settings.savedReplies': [
            { title: 'Part on its way', text: 'Shipped.' },
            { title: 'Engineer visit', text: 'An engineer visits.' },
          ],
        },
      },
    );
    app.desk.services.workspaces.forget();
    const [one, two] = [await openList(ADMIN), await openList(ADMIN2, 'V0LIST0002')];
    const ids = (await settings()).savedReplies.map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect(block(one, `reply_${ids[0]}`)).toBeDefined();
    // Both modals open before either is saved; saved at the same time.
    const formA = await clickIn(one, 'settings_reply_edit', ids[0]!, ADMIN);
    const formB = await clickIn(two, 'settings_reply_edit', ids[1]!, ADMIN2);
    const [a, b] = await Promise.all([
      app.slack.submitView(
        formA,
        { reply_title: 'Part on its way', reply_text: 'Left today.' },
        {
          userId: ADMIN,
        },
      ),
      app.slack.submitView(
        formB,
        { reply_title: 'Engineer visit', reply_text: 'Visit on Friday.' },
        {
          userId: ADMIN2,
        },
      ),
    ]);
    expect([a.body, b.body]).toEqual(['', '']);
    expect((await settings()).savedReplies).toEqual([
      { id: ids[0], title: 'Part on its way', text: 'Left today.' },
      { id: ids[1], title: 'Engineer visit', text: 'Visit on Friday.' },
    ]);
    // Each change bumped the version (other instances' caches read it again).
    const stored = await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean();
    expect(stored!.version).toBeGreaterThanOrEqual(2);
    expect((stored!.settings as any).savedReplies.map((r: any) => r.id)).toEqual(ids);
  });

  test('Edit on Saved replies in the group picker pushes the list over it', async () => {
    await app.slack.command('/desk', 'settings', { userId: ADMIN });
    const chooser = { ...lastOpened(), id: 'V0CHOOSER01', hash: 'h-chooser' };
    const list = await clickIn(chooser, 'settings_edit', 'replies');
    expect(list.callback_id).toBe('settings_replies');
    expect(list.blocks.some((b: any) => b.type === 'input')).toBe(false);
  });

  test("only an admin may change a reply: an agent's forged save and delete change nothing", async () => {
    await app.setSettings(() => ({
      savedReplies: [{ id: 'rOnly', title: 'Only', text: 'One text.' }],
    }));
    const form = { ...(await clickIn(await openList(), 'settings_reply_edit', 'rOnly')) };
    const res = await app.slack.submitView(
      form,
      { reply_title: 'Mine', reply_text: 'x' },
      {
        userId: AGENT,
      },
    );
    expect(res.status).toBe(200);
    await app.slack.blockAction(
      { action_id: 'settings_reply_delete', value: 'rOnly', block_id: 'reply_rOnly' },
      { userId: AGENT, view: { ...(await openList()), state: { values: {} } } },
    );
    expect((await settings()).savedReplies).toEqual([
      { id: 'rOnly', title: 'Only', text: 'One text.' },
    ]);
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

  const question = (view: View) =>
    view.blocks.find((b: any) => /^question(~\d+)?$/.test(b.block_id ?? ''));
  const asked = () => dms(REQ).filter((m) => m.includes('is waiting on you'));

  test('the agent picks a reply, adds a line, picks another: the question is filled in, and the requester is asked it once', async () => {
    await app.setSettings(() => ({
      savedReplies: [
        {
          id: 'rSerial',
          title: 'Serial number',
          text: 'Please send the serial number of the {customer} unit.',
        },
        { id: 'rPhoto', title: 'Photo', text: 'A photo of the error on {ticket} helps us too.' },
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
    const first = (await pick(opened, 'rSerial', {}))!;
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
    const second = (await pick({ ...first.view, id: 'V0WAIT0001', hash: 'h2' }, 'rPhoto', {
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
    await app.setSettings(() => ({
      savedReplies: [{ id: 'rOnly', title: 'Only', text: 'One question?' }],
    }));
    const number = await claimedTicket('Huadong Machinery');
    const update = (await pick(await openWait(number), 'rOnly', {}))!;
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
    await app.setSettings(() => ({
      savedReplies: [{ id: 'rOnly', title: 'Only', text: 'One question?' }],
    }));
    const number = await claimedTicket('Huadong Machinery');
    const opened = await openWait(number);
    for (const forged of ['0', 'rOther', '-1', 'x y'])
      expect(await pick(opened, forged, {}), forged).toBeUndefined();
    // Another agent may send the requester an update, not set another's ticket waiting.
    expect(await pick(opened, 'rOnly', {}, 'U0AGENT002')).toBeUndefined();
    expect(question((await pick(opened, 'rOnly', {}))!.view).element.initial_value).toBe(
      'One question?',
    );
  });
});

describe('saved replies in /desk settings history', () => {
  test('each change is said by title (added, changed, renamed, removed, escaped), in en and zh-CN', async () => {
    expect(await addReply('Part on its way', 'Dear {customer}, it has shipped.')).toBe('');
    expect(await addReply('Engineer visit', 'An engineer visits.')).toBe('');
    const [part, visit] = (await settings()).savedReplies.map((r) => r.id);
    const edit = async (id: string, title: string, text: string) => {
      const form = await clickIn(await openList(), 'settings_reply_edit', id);
      expect(
        (
          await app.slack.submitView(
            form,
            { reply_title: title, reply_text: text },
            { userId: ADMIN },
          )
        ).body,
      ).toBe('');
    };
    await edit(part!, 'Part on its way', 'Dear {customer}, it left today.');
    await edit(visit!, '<!channel> & Urgent', 'We are on it.');
    await clickIn(await openList(), 'settings_reply_delete', part!);
    const entries = async () =>
      (
        (await app.slack.command('/desk', 'settings history', { userId: ADMIN })).body
          .blocks as any[]
      )
        .slice(1, 6)
        .map((b) => String(b.text.text).split('\n').slice(1).join('\n'));
    expect(await entries()).toEqual([
      'Saved replies: removed: “Part on its way”',
      'Saved replies: renamed: “Engineer visit” → “&lt;!channel&gt; &amp; Urgent”',
      'Saved replies: changed: “Part on its way”',
      'Saved replies: added: “Engineer visit”',
      'Saved replies: added: “Part on its way”',
    ]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await entries()).slice(0, 2)).toEqual([
      '常用回复：删除：“Part on its way”',
      '常用回复：改名：“Engineer visit” → “&lt;!channel&gt; &amp; Urgent”',
    ]);
  });

  test('a save of the box replies were kept in before is still said reply by reply', async () => {
    await app.db.models.settingsChanges.create({
      teamId: FAKE_TEAM_ID,
      version: 7,
      group: 'replies',
      by: ADMIN,
      at: new Date('2026-11-20T02:00:00Z'),
      old: { saved_replies: 'Engineer visit\nAn engineer visits.' },
      new: { saved_replies: 'Part on its way\nShipped.\n---\nUrgent\nOn it.' },
    });
    const res = await app.slack.command('/desk', 'settings history', { userId: ADMIN });
    expect(String((res.body.blocks as any[])[1].text.text).split('\n')[1]).toBe(
      'Saved replies: added: “Part on its way”, added: “Urgent”, removed: “Engineer visit”',
    );
  });
});
