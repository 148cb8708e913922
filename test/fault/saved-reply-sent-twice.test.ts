// A new saved reply's form sent again with the same view id (Slack's redelivery, the admin trying
// again after a lost ack) adds the reply once and closes as saved, instead of answering the
// repeat "Another reply is titled …: choose another title" on the form [revforge F1].
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { settingsKit, type View } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
const { lastOpened } = settingsKit(app, ADMIN);

/** Add reply pushed from `/desk settings replies`, with the view id Slack gives its deliveries. */
async function addForm(id: string): Promise<View> {
  await app.slack.command('/desk', 'settings replies', { userId: ADMIN });
  const list = { ...lastOpened(), id: 'V0LIST0001', hash: 'h-list' };
  const before = app.fake.callsTo('views.push').length;
  await app.slack.blockAction(
    { action_id: 'settings_reply_add', value: 'add', block_id: 'b1' },
    { userId: ADMIN, view: { ...list, state: { values: {} } } },
  );
  return { ...(app.fake.callsTo('views.push').slice(before)[0]!.args.view as View), id };
}
const titles = async () =>
  ((await app.db.models.workspaces.findOne().lean()) as any).settings.savedReplies.map(
    (r: any) => r.title,
  );

describe('a new saved reply sent more than once', () => {
  test('sent again after it saved: one reply, the repeat closes as saved; another form of the same title is refused', async () => {
    const typed = { reply_title: 'Part on its way', reply_text: 'The part ships today.' };
    const form = await addForm('V0REPLY001');
    expect((await app.slack.submitView(form, typed, { userId: ADMIN })).body).toBe('');
    const again = await app.slack.submitView(form, typed, { userId: ADMIN });
    expect(again.body).toBe('');
    expect(await titles()).toEqual(['Part on its way']);
    expect(JSON.stringify(app.fake.callsTo('views.update').at(-1)!.args)).toContain(
      'Saved “Part on its way”.',
    );
    // A second form is a second reply: its title is another reply's.
    const other = await addForm('V0REPLY002');
    const refused = await app.slack.submitView(other, typed, { userId: ADMIN });
    expect(refused.body).toMatchObject({
      response_action: 'errors',
      errors: { reply_title: expect.stringContaining('Another reply is titled') },
    });
    expect(await titles()).toEqual(['Part on its way']);
  });

  test('two deliveries at once: one reply, both close', async () => {
    const typed = { reply_title: 'Engineer booked', reply_text: 'An engineer comes {ticket}.' };
    const form = await addForm('V0REPLY003');
    const answers = await Promise.all([
      app.slack.submitView(form, typed, { userId: ADMIN }),
      app.slack.submitView(form, typed, { userId: ADMIN }),
    ]);
    expect(answers.map((a) => a.body)).toEqual(['', '']);
    expect(await titles()).toEqual(['Engineer booked']);
  });

  test('submitted again with something changed after it saved: another submission, judged as one (its title taken, refused; retitled, added)', async () => {
    const typed = { reply_title: 'Invoice sent', reply_text: 'The invoice went out today.' };
    const form = await addForm('V0REPLY004');
    expect((await app.slack.submitView(form, typed, { userId: ADMIN })).body).toBe('');
    const reworded = { ...typed, reply_text: 'The invoice went out this morning.' };
    const refused = await app.slack.submitView(form, reworded, { userId: ADMIN });
    expect(refused.body).toMatchObject({
      response_action: 'errors',
      errors: { reply_title: expect.stringContaining('Another reply is titled') },
    });
    const retitled = { ...reworded, reply_title: 'Invoice sent (am)' };
    expect((await app.slack.submitView(form, retitled, { userId: ADMIN })).body).toBe('');
    expect(await titles()).toEqual(['Invoice sent', 'Invoice sent (am)']);
  });
});
