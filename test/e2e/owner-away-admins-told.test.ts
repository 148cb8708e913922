// A customer owner the daily owners' check finds is not a member of the workspace (a guest, or of
// another organisation: Slack Connect) and who still owns customers: the staff admins are told
// once, through the outbox, who stands in for them and to give those customers another owner.
// Never an admin Slack said is of another organisation; once across runs and instances.
import { expect, test, vi } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { CustomerRepository } from '../../src/customer/repository.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import type { FakeUser } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const FOREIGN = 'U0FOREIGN1';
const MANAGER = 'U0MANAGER1';
const MEMBER = 'U0MEMBER01';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const texts = (userId: string) => app.fake.tookPostsTo(userId).map((c) => String(c.args.text));

/** Two customers MEMBER owns (Slack says they are ours), one with an open ticket. */
async function memberOwns(): Promise<void> {
  await app.setSettings(() => ({
    admins: [ADMIN, FOREIGN],
    externalHolders: [FOREIGN],
    managers: [MANAGER],
    accountManagers: [OWNER],
  }));
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', team: FAKE_TEAM_ID });
  // The marked admin, as Slack describes them to the daily holders' check: still of another one.
  app.fake.users.set(FOREIGN, { id: FOREIGN, real_name: 'Sam Ext', team: 'T0OTHERORG' });
  // Made by OWNER, an account manager: MEMBER did nothing on the desk but own them.
  const { code } = await makeCustomer(app, { ownerId: OWNER });
  const other = await makeCustomer(app, { ownerId: OWNER, name: 'Xinda Tools' });
  for (const c of [code, other.code])
    await app.desk.services.customers.update(await ctxOf(app, OWNER), c, { ownerId: MEMBER });
  await makeTicket(app, { customerCode: code });
  await app.desk.outbox.drain();
}

/** The daily run at `at` on `instances`, users.info describing MEMBER as `said`. */
async function dailyRun(at: string, said: Partial<FakeUser>, instances = ['a']) {
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', ...said });
  app.fake.reset();
  const runs = await runJobAt(app, tasksJob, at, instances);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  return runs;
}

test('an owner Slack now says is of another organisation: the staff admin is told once, the marked admin and the owner never', async () => {
  await memberOwns();
  try {
    const [run] = await dailyRun('2026-11-25T01:00:00Z', { team: 'T0OTHERORG' });
    expect(run!.counts).toMatchObject({ customersMarkedExternalOwned: 2, ownersAwayTold: 1 });
    expect(texts(ADMIN)).toEqual([
      `:warning: Slack says <@${MEMBER}> is of another organisation (Slack Connect), yet they own 2 customers. The desk no longer gives them those customers’ work: <@${MANAGER}> stands in for them. Give those customers another owner with *Edit* on each customer, or move them all with \`/desk handover\`.`,
    ]);
    expect(texts(FOREIGN)).toEqual([]);
    expect(texts(MEMBER).join('\n')).not.toContain('another owner');
    expect(
      await app.db.models.outbox.countDocuments({ key: new RegExp(`^owner-away:${MEMBER}:`) }),
    ).toBe(1);

    // The next days: still theirs, nobody told again.
    for (const day of ['2026-11-26', '2026-11-27']) {
      const [again] = await dailyRun(`${day}T01:00:00Z`, { team: 'T0OTHERORG' });
      expect(again!.counts).toMatchObject({ ownersAwayTold: 0 });
      expect(texts(ADMIN)).toEqual([]);
    }
  } finally {
    app.fake.users.delete(MEMBER);
    app.fake.users.delete(FOREIGN);
  }
});

test('an owner made a guest, two instances running the day at once: told once, in Chinese, as a guest', async () => {
  await memberOwns();
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  try {
    await dailyRun('2026-11-25T01:00:00Z', { team: FAKE_TEAM_ID, is_restricted: true }, ['a', 'b']);
    expect(texts(ADMIN)).toEqual([
      `:warning: Slack 显示 <@${MEMBER}> 是本工作区的访客，但此人仍负责 2 家客户。服务台已不再把这些客户的工作交给此人：由 <@${MANAGER}> 代为处理。请在各客户上用“编辑”为这些客户指定其他负责人，或用 \`/desk handover\` 一并转交。`,
    ]);
    expect(texts(FOREIGN)).toEqual([]);
  } finally {
    app.fake.users.delete(MEMBER);
    app.fake.users.delete(FOREIGN);
  }
});

test('with only admins of another organisation, the staff manager is told', async () => {
  await memberOwns();
  await app.setSettings(() => ({ externalHolders: [FOREIGN, ADMIN] }));
  app.fake.users.set(ADMIN, { id: ADMIN, real_name: 'Wang Fang', team: 'T0OTHERORG' });
  try {
    await dailyRun('2026-11-25T01:00:00Z', { is_stranger: true });
    expect(texts(MANAGER).filter((t) => t.includes('another owner'))).toHaveLength(1);
    expect(texts(ADMIN)).toEqual([]);
    expect(texts(FOREIGN)).toEqual([]);
  } finally {
    app.fake.users.delete(MEMBER);
    app.fake.users.delete(FOREIGN);
    app.fake.users.delete(ADMIN);
  }
});

test('a run whose marks fail after the DM was written: the next run marks them, and the admin is still told once', async () => {
  await memberOwns();
  const cut = vi
    .spyOn(CustomerRepository.prototype, 'update')
    .mockRejectedValueOnce(new Error('database down'));
  try {
    const [first] = await dailyRun('2026-11-25T01:00:00Z', { team: 'T0OTHERORG' });
    cut.mockRestore();
    expect(first!.counts).toMatchObject({ customersMarkedGuestOwned: 0, ownersAwayTold: 1 });
    expect(texts(ADMIN)).toHaveLength(1);
    const [next] = await dailyRun('2026-11-26T01:00:00Z', { team: 'T0OTHERORG' });
    expect(next!.counts).toMatchObject({ customersMarkedGuestOwned: 2 });
    expect(texts(ADMIN)).toEqual([]);
    expect(
      await app.db.models.outbox.countDocuments({ key: new RegExp(`^owner-away:${MEMBER}:`) }),
    ).toBe(1);
  } finally {
    cut.mockRestore();
    app.fake.users.delete(MEMBER);
    app.fake.users.delete(FOREIGN);
  }
});

test('an owner found of another organisation is refused erasure by Slack user as not a member of the workspace, not called a guest (en, zh-CN)', async () => {
  await memberOwns();
  try {
    await dailyRun('2026-11-25T01:00:00Z', { team: 'T0OTHERORG' });
    const said = await tryEraseUser(app, ADMIN, MEMBER);
    expect(said).toContain(
      `<@${MEMBER}> owns 2 customers now, and is not a member of the workspace (a guest, or of another organisation): a customer's owner is part of its file`,
    );
    expect(said).not.toContain('as a guest');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.fake.reset();
    const zh = await tryEraseUser(app, ADMIN, MEMBER);
    expect(zh).toContain(
      `<@${MEMBER}> 不是本工作区成员（访客，或其他组织的人），目前仍负责 2 家客户`,
    );
    expect(zh).not.toContain('工作区访客');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
  } finally {
    app.fake.users.delete(MEMBER);
    app.fake.users.delete(FOREIGN);
  }
});
