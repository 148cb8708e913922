// A customer's owner saved before the desk refused people of another organisation as owners
// (or whose account Slack moved to another organisation since): the daily owners' check, which
// already asks users.info about each owner, reads from the same answer whether they are of
// another organisation (src/slack/organisation.ts), and treats them as a guest owner: their files
// are marked, their open tickets and the next ticket's intake notice go to their stand-in (their
// manager), whose DM says why without calling them a guest, and they are told nothing.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { newTicketByModal } from '../helpers/clicks.js';
import { makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import type { FakeUser } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { FULL_CUSTOMER_FORM } from '../helpers/records.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const MEMBER = 'U0MEMBER01';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const customer = () => app.db.models.customers.findOne({ teamId: FAKE_TEAM_ID }).lean();
const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();
const texts = (userId: string) => app.fake.tookPostsTo(userId).map((c) => String(c.args.text));
const strip = (s: string) => s.replace(/<https:\/\/[^|>]+\|(T\d{8})>/g, '$1');
const infoAsked = (user: string) =>
  app.fake.callsTo('users.info').filter((c) => c.args.user === user).length;

/** MEMBER's customer (made by OWNER while Slack says MEMBER is ours), with an open ticket. */
async function memberOwned(): Promise<{ code: string; number: string }> {
  await app.setSettings(() => ({
    managers: [MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [MEMBER] }],
  }));
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', team: FAKE_TEAM_ID });
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(view, { ...FULL_CUSTOMER_FORM, owner: MEMBER }, { userId: OWNER });
  const { code } = (await customer())!;
  expect(await customer()).toMatchObject({ ownerId: MEMBER });
  expect((await customer())!.ownerGuest).toBeUndefined();
  const { number } = await makeTicket(app, { customerCode: code });
  await app.desk.outbox.drain();
  expect(await ticket(number)).toMatchObject({ accountManagerId: MEMBER });
  return { code, number };
}

/** The daily run at `at`, users.info describing MEMBER as `said`. */
async function dailyRun(at: string, said: Partial<FakeUser>) {
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', ...said });
  app.fake.reset();
  const [run] = await runJobAt(app, tasksJob, at);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  return run!;
}

const ANSWERS: [string, Partial<FakeUser>][] = [
  ['another organisation’s workspace (Slack Connect)', { team: 'T0OTHERORG' }],
  ['another Enterprise Grid org', { enterprise: { id: 'E0OTHERORG', teams: ['T0OTHERWS1'] } }],
  ['no channel shared with the workspace (is_stranger)', { is_stranger: true }],
];

test.each(ANSWERS)(
  'an owner Slack now says is of %s: the daily check marks their file, their open ticket and the next intake notice go to their manager, whose DM says they are not a member; they are told nothing',
  async (_what, said) => {
    const { code, number } = await memberOwned();
    try {
      const run = await dailyRun('2026-11-25T01:00:00Z', said);
      expect(run.counts).toMatchObject({
        ownersChecked: 1,
        customersMarkedGuestOwned: 1,
        customersMarkedExternalOwned: 1,
      });
      // One users.info request for the owner: the organisation is read from the same answer.
      expect(infoAsked(MEMBER)).toBe(1);
      expect(await customer()).toMatchObject({ ownerId: MEMBER, ownerGuest: true });
      expect(await ticket(number)).toMatchObject({
        accountManagerId: MANAGER,
        guestOwner: MEMBER,
      });

      // A new ticket for the customer, filed in Slack: the intake notice goes to the stand-in.
      app.fake.reset();
      const next = await newTicketByModal(app, code, {});
      app.clock.advance(10_000);
      await app.desk.outbox.drain();
      expect(await ticket(next)).toMatchObject({ accountManagerId: MANAGER, guestOwner: MEMBER });
      const told = texts(MANAGER).map(strip);
      expect(told).toHaveLength(1);
      expect(told[0]).toContain(
        `Yours as the account manager: the customer’s owner <@${MEMBER}> is not a member of the workspace (a guest, or of another organisation).`,
      );
      expect(told[0]).not.toContain('a guest of the workspace');
      expect(texts(MEMBER)).toEqual([]);

      // The next day Slack still says so: nothing changes, nobody is told again.
      const again = await dailyRun('2026-11-26T01:00:00Z', said);
      expect(again.counts).toMatchObject({
        customersMarkedGuestOwned: 0,
        customersMarkedExternalOwned: 0,
      });
    } finally {
      app.fake.users.delete(MEMBER);
    }
  },
);

test('an owner marked as of another organisation whom Slack describes as a member of the workspace again: unmarked, their ticket back to them', async () => {
  const { number } = await memberOwned();
  try {
    await dailyRun('2026-11-25T01:00:00Z', { team: 'T0OTHERORG' });
    expect(await ticket(number)).toMatchObject({ accountManagerId: MANAGER });
    const run = await dailyRun('2026-11-26T01:00:00Z', { team: FAKE_TEAM_ID });
    expect(run.counts).toMatchObject({ customersUnmarkedGuestOwned: 1 });
    expect((await customer())!.ownerGuest).toBeUndefined();
    expect(await ticket(number)).toMatchObject({ accountManagerId: MEMBER });
  } finally {
    app.fake.users.delete(MEMBER);
  }
});
