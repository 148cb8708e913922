// The operator's way back in (`npm run admins`): when the workspace's only desk admin has left,
// nobody can change settings or roles from Slack, and ADMIN_USER_IDS seeds only a new workspace.
// The tool lists the admins and adds one; the new admin can then run `/desk settings` at once,
// and the history says the operator did it.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { guestOwnedCustomer, openHome } from '../helpers/clicks.js';
import { makeTicket } from '../helpers/factories.js';
import { runJobAt, runTool, toolArgs } from '../helpers/jobs.js';
import { outboxJob } from '../../jobs/outbox.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';

const GONE = 'U0ADMIN001';
const NEW_ADMIN = 'U0NEWADM01';
const AGENT = 'U0AGENT0NA';
const app = useTestApp({ env: { ADMIN_USER_IDS: GONE }, now: '2026-11-24T02:00:00Z' });

const admins = (...args: string[]) =>
  runTool(app, toolArgs('admins'), args, { ADMIN_USER_IDS: GONE });

const ephemeralOf = (res: { body: any }) =>
  [res.body.text, ...(res.body.blocks ?? []).map((b: any) => b.text?.text ?? '')].join('\n');

/** A general complaint on a guest-owned customer, delivered: its ticket and its contact task, read anew. */
async function guestComplaint() {
  const code = await guestOwnedCustomer(app);
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'general',
  });
  await app.desk.outbox.drain();
  return {
    ticket: async () => (await app.db.models.tickets.findOne({ number }).lean())!,
    contact: async () =>
      (await app.db.models.tasks
        .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
        .lean())!,
  };
}

/** The tool run at the app's now adds NEW_ADMIN: exit 0. */
async function addNewAdminAtNow() {
  const run = await runTool(app, toolArgs('admins'), ['--team', FAKE_TEAM_ID, '--add', NEW_ADMIN], {
    ADMIN_USER_IDS: GONE,
    NODE_ENV: 'test',
    CARE_DESK_NOW: app.clock.now().toISOString(),
  });
  expect(run.status, run.stderr).toBe(0);
}

// Each test starts the tool as a process several times, a few seconds each on a busy machine.
describe('admins CLI', { timeout: 90_000 }, () => {
  test('lists the admins, adds one who can then change settings, and the history names the operator', async () => {
    // The workspace exists (its first request made it); its only admin is GONE.
    const refused = await app.slack.command('/desk', 'settings', { userId: NEW_ADMIN });
    expect(ephemeralOf(refused)).toContain('Only an admin');

    expect(await admins('--team', FAKE_TEAM_ID)).toEqual({
      status: 0,
      stdout: `admins of ${FAKE_TEAM_ID}: ${GONE}\n`,
      stderr: '',
    });
    expect(await admins('--team', FAKE_TEAM_ID, '--add', NEW_ADMIN)).toEqual({
      status: 0,
      stdout:
        `${NEW_ADMIN} is now an admin of ${FAKE_TEAM_ID}\n` +
        `${NEW_ADMIN} is not known to the desk (no role, owns no customer): added as given; check the id (in Slack: their profile, ⋮, Copy member ID)\n`,
      stderr: '',
    });
    // Again: nothing to do, nothing written.
    const again = await admins('--team', FAKE_TEAM_ID, '--add', NEW_ADMIN);
    expect(again.stdout).toBe(
      `${NEW_ADMIN} is an admin of ${FAKE_TEAM_ID} already; nothing changed\n`,
    );
    expect(await app.db.models.settingsChanges.countDocuments()).toBe(1);

    // The running app sees the change within seconds (its settings cache checks the version).
    app.clock.advance(60_000);
    await app.slack.command('/desk', 'settings', { userId: NEW_ADMIN });
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    const history = await app.slack.command('/desk', 'settings history', { userId: NEW_ADMIN });
    expect(ephemeralOf(history)).toContain('the operator, from the command line');
    expect(ephemeralOf(history)).toContain(`Admins: <@${GONE}> → <@${GONE}>, <@${NEW_ADMIN}>`);
  });

  test('a workspace with no admin is told the line that adds one, runnable as written (its id put in), in both languages', async () => {
    await app.setSettings(() => ({ admins: [] }));
    const line = `npm run admins -- --team ${FAKE_TEAM_ID} --add U0123ABCD`;
    expect(await admins('--team', FAKE_TEAM_ID)).toEqual({
      status: 0,
      stdout: `${FAKE_TEAM_ID} has no admin; add one (their Slack user id for U0123ABCD): ${line}\n`,
      stderr: '',
    });
    const zh = await admins('--team', FAKE_TEAM_ID, '--locale', 'zh-CN');
    expect(zh.stdout).toBe(
      `工作区 ${FAKE_TEAM_ID} 没有管理员，添加一位（把 U0123ABCD 换成其 Slack 用户 ID）：${line}\n`,
    );
    const args = /npm run admins -- (.*)$/m.exec(zh.stdout)![1]!.replace('U0123ABCD', NEW_ADMIN);
    expect(await admins(...args.split(' '))).toMatchObject({ status: 0, stderr: '' });
    expect(await admins('--team', FAKE_TEAM_ID)).toMatchObject({
      stdout: `admins of ${FAKE_TEAM_ID}: ${NEW_ADMIN}\n`,
    });
  });

  test('--add redraws the Homes /desk roles redraws (through the outbox, the running app delivers them): the no-admin warning goes', async () => {
    await app.setSettings(() => ({ admins: [], agents: [AGENT] }));
    // Open Homes saying the desk has no admin: the agent's, and the person about to be added's.
    expect(await openHome(app, AGENT)).toContain('This desk has no admin yet');
    expect(await openHome(app, NEW_ADMIN)).toContain('This desk has no admin yet');
    const before = {
      agent: app.fake.homesPublishedTo(AGENT).length,
      admin: app.fake.homesPublishedTo(NEW_ADMIN).length,
    };

    expect(await admins('--team', FAKE_TEAM_ID, '--add', NEW_ADMIN)).toMatchObject({ status: 0 });
    const owed = (await app.db.models.outbox.find({ kind: 'home' }).lean()).map((e) => e.to);
    expect(owed.sort()).toEqual([AGENT, NEW_ADMIN].sort());

    // The running app delivers them (the tool wrote them at the machine's time; the app's
    // settings cache sees the change within seconds).
    app.clock.set(new Date(Date.now() + 60_000).toISOString());
    await app.desk.outbox.drain();
    const agentHomes = app.fake.homesPublishedTo(AGENT);
    expect(agentHomes).toHaveLength(before.agent + 1);
    expect(JSON.stringify(agentHomes.at(-1)!.args.view)).not.toContain(
      'This desk has no admin yet',
    );
    const adminHomes = app.fake.homesPublishedTo(NEW_ADMIN);
    expect(adminHomes).toHaveLength(before.admin + 1);
    expect(JSON.stringify(adminHomes.at(-1)!.args.view)).not.toContain(
      'This desk has no admin yet',
    );

    // Added already: nothing changed, no Home owed.
    await admins('--team', FAKE_TEAM_ID, '--add', NEW_ADMIN);
    expect(await app.db.models.outbox.countDocuments({ kind: 'home', state: 'pending' })).toBe(0);
  });

  test('--add on a desk in use: the redraws the app delivers within seconds are drawn from the new admins, not from its cached settings', async () => {
    await app.setSettings(() => ({ admins: [], agents: [AGENT] }));
    // The desk in use: Homes opened just before the tool runs (the app's settings cache checked
    // now, trusted for SETTINGS_FRESH_MS without asking the database again).
    expect(await openHome(app, AGENT)).toContain('This desk has no admin yet');
    expect(await openHome(app, NEW_ADMIN)).toContain('This desk has no admin yet');
    const checkedAt = app.clock.now().getTime();
    const before = app.fake.homesPublishedTo(NEW_ADMIN).length;
    // The tool on the app's time (its clock set there, tests only), as on a machine in step.
    const run = await runTool(
      app,
      toolArgs('admins'),
      ['--team', FAKE_TEAM_ID, '--add', NEW_ADMIN],
      {
        ADMIN_USER_IDS: GONE,
        NODE_ENV: 'test',
        CARE_DESK_NOW: app.clock.now().toISOString(),
      },
    );
    expect(run.status, run.stderr).toBe(0);
    // The worker's pass once the redraws are due (HOME_COALESCE_MS after the write), while the
    // app's copy of the settings is still young enough to be used without a check.
    const owed = await app.db.models.outbox.find({ kind: 'home', state: 'pending' }).lean();
    const due = Math.max(...owed.map((e) => e.nextAt.getTime()));
    expect(due - checkedAt).toBeLessThan(SETTINGS_FRESH_MS);
    app.clock.set(new Date(due).toISOString());
    await app.desk.outbox.drain();
    for (const user of [AGENT, NEW_ADMIN]) {
      const view = JSON.stringify(app.fake.homesPublishedTo(user).at(-1)!.args.view);
      expect(view, user).not.toContain('This desk has no admin yet');
    }
    expect(app.fake.homesPublishedTo(NEW_ADMIN)).toHaveLength(before + 1);
    expect(await app.db.models.outbox.countDocuments({ kind: 'home', state: 'pending' })).toBe(0);
  });

  test("--add while a Home is still owed from the tool's last run, the app's copy of the settings read between: that Home is drawn with the admin just added", async () => {
    const FIRST = 'U0FIRSTAD1';
    const READER = 'U0READER01';
    await app.setSettings(() => ({ admins: [GONE], agents: [AGENT], openDesk: false }));
    const addOnAppTime = async (user: string) => {
      const run = await runTool(app, toolArgs('admins'), ['--team', FAKE_TEAM_ID, '--add', user], {
        ADMIN_USER_IDS: GONE,
        NODE_ENV: 'test',
        CARE_DESK_NOW: app.clock.now().toISOString(),
      });
      expect(run.status, run.stderr).toBe(0);
    };
    await openHome(app, AGENT);
    app.clock.advance(SETTINGS_FRESH_MS - 1_000);
    // A first admin added: the agent's Home owed (due HOME_COALESCE_MS later).
    await addOnAppTime(FIRST);
    const owed = await app.db.models.outbox.findOne({ key: `home:${AGENT}` }).lean();
    expect(owed?.state).toBe('pending');
    // A second later the app reads the settings again (a Home opened, its copy 5 s old), then a
    // second admin is added: the agent's owed Home is written again.
    app.clock.advance(1_000);
    await openHome(app, READER);
    app.clock.advance(500);
    await addOnAppTime(NEW_ADMIN);
    // The app's pass when the agent's Home is due: only what the first run wrote is due.
    app.clock.set(owed!.nextAt.toISOString());
    const published = app.fake.callsTo('views.publish').length;
    await app.desk.outbox.drain();
    const pass = app.fake.callsTo('views.publish').slice(published);
    expect(pass.map((c) => c.args.user_id)).not.toContain(NEW_ADMIN);
    const view = JSON.stringify(app.fake.homesPublishedTo(AGENT).at(-1)!.args.view);
    expect(view).toContain(`<@${FIRST}>`);
    expect(view).toContain(`<@${NEW_ADMIN}>`);
  });

  test('--add making the first admin, who stands in for a guest owner when there is no manager: the write marks the moves owed, and the outbox job a minute on moves the guest’s open ticket and task to them', async () => {
    // GONE stood in for the guest owner (no manager) when the complaint came in; then the
    // workspace was left with no admin.
    const { ticket, contact } = await guestComplaint();
    const owed = async () =>
      ((await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!.settings as any)
        .standInsOwed;
    expect(await ticket()).toMatchObject({ accountManagerId: GONE, guestOwner: GUEST });
    expect(await contact()).toMatchObject({ assigneeId: GONE, guestOwner: GUEST });
    await app.setSettings(() => ({ admins: [] }));

    await addNewAdminAtNow();
    // Owed in the roles' own write, due at once: the tool moves nothing itself.
    // (The tool's clock starts at the app's and runs on with the wall clock: its write may come
    // a few ms after it on a busy machine.)
    const at = app.clock.now().getTime();
    const mark = await owed();
    expect(mark).toMatchObject({ from: { admins: [], managers: [] } });
    expect(mark.at).toBeGreaterThanOrEqual(at);
    expect(mark.at).toBeLessThan(at + 60_000);
    expect(mark.nextAt).toBe(mark.at);
    expect((await ticket()).accountManagerId).toBe(GONE);

    // The running app's minute outbox job moves both to the new admin, not the next daily run.
    const [job] = await runJobAt(app, outboxJob, new Date(at + 60_000).toISOString());
    expect(job!.counts).toMatchObject({ standInsMoved: 1 });
    expect(await ticket()).toMatchObject({ accountManagerId: NEW_ADMIN, guestOwner: GUEST });
    expect(await contact()).toMatchObject({ assigneeId: NEW_ADMIN, guestOwner: GUEST });
    expect(await owed()).toBeUndefined();
  });

  test('--add making the first admin of a desk where nobody could stand in for a guest owner (no manager, no admin): the guest’s open ticket and task, written naming the guest, move to the new admin a minute on, marked as the guest’s', async () => {
    await app.setSettings(() => ({ admins: [], managers: [] }));
    const { ticket, contact } = await guestComplaint();
    // Nobody else was there: both name the guest, with no stand-in's mark.
    expect(await ticket()).toMatchObject({ accountManagerId: GUEST });
    expect((await ticket()).guestOwner).toBeUndefined();
    expect(await contact()).toMatchObject({ assigneeId: GUEST });
    expect((await contact()).guestOwner).toBeUndefined();

    await addNewAdminAtNow();
    const at = app.clock.now().getTime();
    const [job] = await runJobAt(app, outboxJob, new Date(at + 60_000).toISOString());
    expect(job!.counts).toMatchObject({ standInsMoved: 1 });
    expect(await ticket()).toMatchObject({ accountManagerId: NEW_ADMIN, guestOwner: GUEST });
    expect(await contact()).toMatchObject({ assigneeId: NEW_ADMIN, guestOwner: GUEST });
  });

  test('a malformed user id is refused with the usage, exit 2, nothing written', async () => {
    await app.slack.command('/ticket', 'help', { userId: GONE });
    const bad = await admins('--team', FAKE_TEAM_ID, '--add', '<!channel>');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('add: a Slack user id such as U0123ABCD');
    expect(bad.stderr).toContain('Usage: npm run admins -- --team');
    expect(await app.db.models.settingsChanges.countDocuments()).toBe(0);
  });

  test('without --team, it says --team is required, not "Invalid input: expected string, received undefined"', async () => {
    const none = await admins();
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      'team: required (a Slack team id such as T0123ABCD)\nUsage: npm run admins -- --team T0123ABCD [--add U0123ABCD]\n',
    );
  });
});
