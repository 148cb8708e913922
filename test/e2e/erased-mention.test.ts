// A person erased by Slack user (/desk privacy erase user:…) is `[erased]` where the desk kept
// their id (a ticket's guest owner, a task's, a notice waiting in the outbox). A message naming
// them by mention (`<@{user}>`) shows "someone whose personal data was erased" in their place,
// never the literal `<@[erased]>`; a real user id is still a mention. Through the real Bolt stack.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST } from '../helpers/fake-slack.js';
import { guestOwnedCustomer, newTicketByModal } from '../helpers/clicks.js';
import { tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const dms = (user: string) => app.fake.tookPostsTo(user).map((c) => String(c.args.text));

for (const [locale, owner] of [
  [
    'en',
    'the customer’s owner someone whose personal data was erased is not a member of the workspace (a guest, or of another organisation).',
  ],
  ['zh-CN', '客户负责人某人（其个人数据已被删除）不是本工作区成员（访客，或其他组织的人）。'],
] as const) {
  test(`${locale}: the stand-in’s DM of a new ticket, held back by Slack until the guest owner was handed over and erased, names "someone whose personal data was erased" as the owner, not \`<@[erased]>\``, async () => {
    // The first manager stands in for the guest (no link naming the guest in /desk roles).
    await app.setSettings(() => ({ managers: [MANAGER], locale }));
    const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
    // Slack rate-limits the DM to the stand-in: it waits in the outbox a minute.
    app.fake.answerNextPostsTo(MANAGER, [{ ratelimit: 60 }]);
    const number = await newTicketByModal(app, code, {});
    expect(dms(MANAGER)).toEqual([]);
    // Meanwhile the customer is handed to a member, and the guest erased.
    await app.desk.services.customers.update(await ctxOf(app, MANAGER), code, {
      ownerId: OWNER,
    });
    const said = await tryEraseUser(app, ADMIN, GUEST);
    expect(said).not.toContain('works or has worked on the desk');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);

    app.clock.advance(61_000);
    await app.desk.outbox.drain();
    const told = dms(MANAGER).filter((text) => text.includes(number));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(owner);
    expect(told[0]).not.toContain('<@[erased]>');
    expect(told[0]).not.toContain(GUEST);
  });
}
