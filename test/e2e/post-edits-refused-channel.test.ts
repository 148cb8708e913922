// An edit of a ticket's post in a channel the app was removed from (`not_in_channel`, as after the
// triage channel moved) or that was archived (`is_archived`) is done at its first answer, as one
// in a channel gone: nothing the desk can edit there. Not retried for hours, and not given up one
// by one as messages on the managers' and admins' Home (revposts F2).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

test.each(['not_in_channel', 'is_archived'])(
  'edits refused with %s are done at their one try: none retried, none given up',
  async (error) => {
    const { code } = await makeCustomer(app, {
      contact: { name: '王芳', phone: '+8613800138000' },
    });
    const t = await makeTicket(app, { customerCode: code, description: 'Gate code 4471' });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'note', text: 'Met 王芳 at gate code 4471' }, AGENT);
    await act(app, t.number, { action: 'resolve', summary: 'Gate code 4471 noted' }, AGENT);
    await act(app, t.number, { action: 'close' }, AGENT);
    await app.desk.outbox.drain();
    const lines = await app.db.models.ticketPosts.countDocuments({ kind: 'line' });
    expect(lines).toBeGreaterThanOrEqual(4);
    await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
    app.clock.set('2027-01-05T01:00:00Z');
    // (runDue rather than runJobAt: the latter resets the fake, which lifts the refusal.)
    app.fake.reset();
    app.fake.refuseChannel(TRIAGE, error);
    await runDue(jobDeps(app), [privacyRetentionJob]);
    await app.desk.outbox.drain();
    // Hours go by: nothing is tried again.
    for (let i = 0; i < 14; i++) {
      app.clock.advance(3 * 3600_000);
      await app.desk.outbox.drain();
    }
    const edits = await app.db.models.outbox.find({ kind: 'message.edit', to: TRIAGE }).lean();
    expect(edits).toHaveLength(lines);
    expect(edits.map((e) => e.state)).toEqual(edits.map(() => 'sent'));
    // One chat.update an edit (the card's own update carries blocks; an edit clears them).
    const tries = app.fake
      .callsTo('chat.update')
      .filter(
        (c) => c.args.channel === TRIAGE && !(c.args.blocks as unknown[] | undefined)?.length,
      );
    expect(tries).toHaveLength(lines);
  },
);
