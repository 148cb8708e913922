// A person of a customer's organisation (Slack Connect) given a desk role before the desk read
// users.info's team_id keeps the role as saved. Once Slack says they are of another
// organisation, the desk gives them nothing more by that role: Reassign and Escalate to them are
// refused (asked of Slack, role or not), the desk's own picks skip them, and the admins are told
// once what to do.
import { expect, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import { claimOnCard } from '../helpers/clicks.js';
import { act, makeCustomer, makeTicket } from '../helpers/factories.js';
import { ADMIN, TRIAGE, useGuestsApp } from '../helpers/guests.js';
import { runJobAt } from '../helpers/jobs.js';

const MEMBER = 'U0MEMBER01';
const EXTERNAL = 'U0EXTERN01';
const E1 = 'U0EXPPRN01';
const E2 = 'U0EXPNET01';
const { app } = useGuestsApp();
const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;
const adminDms = () =>
  app.fake
    .postsTo(ADMIN)
    .map((p) => String(p.args.text))
    .filter((text) => text.includes('is of another organisation'));

async function reassignTo(number: string, to: string) {
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_reassign_open', value: number, block_id: 'ticket_actions' },
    { userId: MEMBER, channelId: TRIAGE },
  );
  const view = app.fake.callsTo('views.open')[opened]!.args.view as Record<string, unknown>;
  return app.slack.submitView(view, { assignee: to }, { userId: MEMBER });
}

test('Reassign to an agent saved before the check whom Slack says is external: refused on the field, marked, the admins told once', async () => {
  app.fake.users.set(EXTERNAL, { id: EXTERNAL, real_name: 'Kim Rival', team: 'T0OTHERORG' });
  await app.setSettings(() => ({ agents: [MEMBER, EXTERNAL] }));
  const { number } = await makeTicket(app, { title: 'Rival line down' });
  await claimOnCard(app, number, MEMBER, TRIAGE);
  const refused = await reassignTo(number, EXTERNAL);
  expect((refused.body as { errors?: Record<string, string> }).errors?.assignee).toBe(
    "Kim Rival is of another organisation (Slack Connect), and only this workspace's people work its tickets: pick a member of the workspace.",
  );
  expect((await stored(number)).assigneeId).toBe(MEMBER);
  const settings = await app.desk.services.workspaces.settings('T0TEAM0001');
  expect(settings.externalHolders).toEqual([EXTERNAL]);
  // Still listed (the admin takes them off), but no role while marked.
  expect(settings.agents).toEqual([MEMBER, EXTERNAL]);
  await app.desk.outbox.drain();
  expect(adminDms()).toHaveLength(1);
  expect(adminDms()[0]).toContain(`<@${EXTERNAL}>`);
  expect(adminDms()[0]).toContain('Agents (L1)');
  expect(adminDms()[0]).toContain('/desk roles');
  expect(app.fake.postsTo(EXTERNAL)).toEqual([]);

  // Again: refused again, nobody told twice.
  await reassignTo(number, EXTERNAL);
  await app.desk.outbox.drain();
  expect(adminDms()).toHaveLength(1);
  expect((await stored(number)).assigneeId).toBe(MEMBER);
});

test('a role holder Slack says is of the workspace is handed the ticket as before', async () => {
  app.fake.users.set(E2, { id: E2, real_name: 'Net Expert', team: 'T0TEAM0001' });
  await app.setSettings(() => ({ agents: [MEMBER, E2] }));
  const { number } = await makeTicket(app, { title: 'Switch down' });
  await claimOnCard(app, number, MEMBER, TRIAGE);
  const res = await reassignTo(number, E2);
  expect((res.body as { errors?: unknown } | undefined)?.errors).toBeUndefined();
  expect((await stored(number)).assigneeId).toBe(E2);
  const settings = await app.desk.services.workspaces.settings('T0TEAM0001');
  expect(settings.externalHolders).toEqual([]);
});

test('the escalation on breach skips a marked expert whose skills fit: the other expert takes it', async () => {
  await app.setSettings(() => ({
    experts: [
      { userId: E1, skills: ['printer'] },
      { userId: EXTERNAL, skills: ['printer'] },
      { userId: E2, skills: ['network'] },
    ],
    externalHolders: [EXTERNAL],
  }));
  const customer = await makeCustomer(app, { annualRevenue: 100_000 });
  const t = await makeTicket(app, {
    customerCode: customer.code,
    severity: 'urgent',
    title: 'Printer jams on every job',
  });
  await act(app, t.number, { action: 'claim' }, E1);
  await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:01Z'); // urgent response breach
  const after = await stored(t.number);
  expect([after.level, after.assigneeId]).toEqual([2, E2]);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(EXTERNAL)).toEqual([]);
});

test('a roles save that no longer names a marked person drops the mark', async () => {
  await app.setSettings(() => ({ agents: [MEMBER, EXTERNAL], externalHolders: [EXTERNAL] }));
  await app.slack.command('/desk', 'roles', { userId: ADMIN });
  const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(modal, { agents: MEMBER }, { userId: ADMIN });
  expect((res.body as { errors?: unknown } | undefined)?.errors).toBeUndefined();
  const settings = await app.desk.services.workspaces.settings('T0TEAM0001');
  expect([settings.agents, settings.externalHolders]).toEqual([[MEMBER], []]);
});

test('the daily run asks Slack about the role holders: one of another organisation is marked, the admins told once; one Slack says is ours again is unmarked', async () => {
  app.fake.users.set(EXTERNAL, { id: EXTERNAL, real_name: 'Kim Rival', team: 'T0OTHERORG' });
  app.fake.users.set(MEMBER, { id: MEMBER, team: 'T0TEAM0001' });
  await app.setSettings(() => ({ managers: [EXTERNAL], agents: [MEMBER] }));
  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  expect(run!.counts).toMatchObject({ holdersMarkedExternal: 1, holdersUnmarked: 0 });
  const settings = await app.desk.services.workspaces.settings('T0TEAM0001');
  expect(settings.externalHolders).toEqual([EXTERNAL]);
  expect(adminDms()).toHaveLength(1);
  expect(adminDms()[0]).toContain('Managers');
  // The next day: still external, nobody told again.
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(adminDms()).toHaveLength(0);
  // Slack says they are of the workspace after all: their role is theirs again.
  app.fake.users.set(EXTERNAL, { id: EXTERNAL, real_name: 'Kim Rival', team: 'T0TEAM0001' });
  const [again] = await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  expect(again!.counts).toMatchObject({ holdersMarkedExternal: 0, holdersUnmarked: 1 });
  expect((await app.desk.services.workspaces.settings('T0TEAM0001')).externalHolders).toEqual([]);
});

test('one daily run that marks one holder and unmarks another writes the settings once', async () => {
  const BACK = 'U0BACKOUR1';
  // Not a person an earlier test asked Slack about (what Slack said is remembered a while).
  const OTHER = 'U0EXTERN02';
  app.fake.users.set(OTHER, { id: OTHER, real_name: 'Jo Rival', team: 'T0OTHERORG' });
  app.fake.users.set(BACK, { id: BACK, real_name: 'Lu Back', team: 'T0TEAM0001' });
  await app.setSettings(() => ({
    managers: [OTHER],
    agents: [BACK],
    externalHolders: [BACK],
  }));
  const counter = countCommands(app.db);
  let run;
  try {
    [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  } finally {
    counter.stop();
  }
  expect(run!.counts).toMatchObject({ holdersMarkedExternal: 1, holdersUnmarked: 1 });
  expect((await app.desk.services.workspaces.settings('T0TEAM0001')).externalHolders).toEqual([
    OTHER,
  ]);
  expect(adminDms()).toHaveLength(1);
  // One change of the settings: its read (find or create) and its versioned write.
  expect(counter.trace().filter((c) => c.startsWith('findAndModify workspaces'))).toHaveLength(2);
});
