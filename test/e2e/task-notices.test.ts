// A task change and the DMs it owes (planned for someone, moved by someone else, done with an
// approver, a low quarterly survey): owed on the task in the change's own write, so a process
// that dies before they reach the outbox, or an outbox write that fails, loses none. The `outbox`
// job writes them two minutes on, under the same keys: each DM goes once.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { NewOutboxEntry } from '../../src/outbox/types.js';
import type { WorkspaceSettings } from '../../src/workspace/settings.js';
import type { NewCustomerPatch } from '../../src/customer/types.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { submitLastModal } from '../helpers/clicks.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const APPROVER = 'U0APPROVE1';
const MANAGER = 'U0MANAGER1';
const TAKER = 'U0TAKER001';

/** What a person read in their DMs since the fake Slack's record was last cleared. */
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
const lastTold = () => String(app.fake.callsTo('response_url').at(-1)!.args.text);
const deliverAll = async () => {
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
};

/** The outbox job as of `minutes` after the clock's time now: how many tasks it repaired. */
async function outboxJobIn(minutes: number): Promise<number> {
  const at = new Date(app.clock.now().getTime() + minutes * 60_000).toISOString();
  const [run] = await runJobAt(app, outboxJob, at);
  return Number(run!.counts!.tasksRepaired ?? 0);
}

/** The outbox refuses, once, the write of an entry whose key starts so (the database gone). */
const failWriting = (prefix: string) =>
  failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx: unknown, entries: NewOutboxEntry[]) =>
      entries.some((e) => e.key.startsWith(prefix)),
  });

/** OWNER plans a visit for AGENT, signed off by APPROVER (`fields`: the form changed). */
async function plan(fields: Record<string, string | null> = {}) {
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await app.slack.command('/task', 'new', { userId: OWNER });
  const res = await app.slack.submitView(
    { ...lastOpened(), id: 'V0NOTICES1' },
    {
      customer: code,
      kind: 'visit',
      executor: AGENT,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Visit the plant',
      ...fields,
    },
    { userId: OWNER },
  );
  const id = String((await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID }).lean())!._id);
  return { code, res, id };
}

/**
 * A low quarterly survey of Strategic Co (no contact on file) done in its Done modal by OWNER,
 * who typed who answered, while the outbox refuses the managers' DM: they are told nothing yet.
 */
async function lowSurveyTyped() {
  const { survey, customer } = await plannedSurvey(
    { managers: [MANAGER] },
    { name: 'Strategic Co', annualRevenue: 1_200_000 },
  );
  app.clock.set('2026-12-29T03:00:00Z');
  await surveyDone(survey._id, OWNER, {
    form: { type: 'visit', contact: 'Mr Chen, CFO', satisfaction: '1', nps: '8' },
    failing: () => failWriting('survey-low:'),
  });
  await deliverAll();
  return { survey, code: customer.code };
}

const GUEST = 'U0GUEST001';

/**
 * Key Co (or `customer`) under `settings`, and its quarterly survey as the daily run planned it;
 * when `guestOwned`, the customer is GUEST's (a guest) and the survey their stand-in's, MANAGER.
 */
async function plannedSurvey(
  settings: Partial<WorkspaceSettings>,
  customer: Partial<NewCustomerPatch> = {},
  { guestOwned = false } = {},
) {
  await app.setSettings(() => settings);
  const made = await makeCustomer(app, {
    name: 'Key Co',
    annualRevenue: 600_000,
    lifecycle: 'active',
    ...customer,
  });
  if (guestOwned) {
    await app.db.models.customers.updateOne(
      { _id: made.id },
      { $set: { ownerId: GUEST, ownerGuest: true } },
    );
  }
  await runJobAt(app, tasksJob, '2026-12-17T01:00:00Z');
  const survey = (await app.db.models.tasks.findOne({ kind: 'survey' }).lean())!;
  // The guest's stand-in does it.
  if (guestOwned) expect([survey.assigneeId, survey.guestOwner]).toEqual([MANAGER, GUEST]);
  return { survey, id: String(survey._id), customer: made };
}

/**
 * Key Co owned by GUEST (a guest), `managers` managing whom `links` says; its quarterly survey,
 * planned for the guest's stand-in, as of 2026-12-18 11:00.
 */
async function guestOwnedSurvey(managers: string[], links: Record<string, string[]>) {
  const managerLinks = Object.entries(links).map(([managerId, manages]) => ({
    managerId,
    manages,
  }));
  const { survey } = await plannedSurvey({ managers, managerLinks }, {}, { guestOwned: true });
  app.clock.set('2026-12-18T03:00:00Z');
  return survey;
}

/**
 * `by` opens the survey's Done modal (the fake Slack's record cleared first) and submits `form`
 * (a low call by default) while `failing` (a fault it installs, returning its undo) holds.
 */
async function surveyDone(
  surveyId: unknown,
  by: string,
  {
    form = { type: 'call', contact: 'Mr Chen', satisfaction: '1', nps: '2' },
    failing = () => () => {},
  }: { form?: Record<string, string>; failing?: () => () => void } = {},
) {
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: String(surveyId) },
    { userId: by },
  );
  const restore = failing();
  try {
    await submitLastModal(app, form, by);
  } finally {
    restore();
  }
}

const OTHER_MANAGER = 'U0MANAGER2';

/**
 * Key Co's quarterly survey, OWNER's (managed by MANAGER), handed over to TAKER (managed by
 * OTHER_MANAGER) with Edit task on 2026-12-18 at 11:00; its DMs delivered.
 */
async function surveyHandedToTaker() {
  const { id } = await plannedSurvey({
    managers: [MANAGER, OTHER_MANAGER],
    managerLinks: [
      { managerId: MANAGER, manages: [OWNER] },
      { managerId: OTHER_MANAGER, manages: [TAKER] },
    ],
  });
  app.clock.set('2026-12-18T03:00:00Z');
  await app.slack.blockAction({ action_id: 'task_edit_open', value: id }, { userId: OWNER });
  await submitLastModal(app, { executor: TAKER }, OWNER);
  await deliverAll();
  return id;
}

/** The low score Mr Chen gave, recorded by `by`, as the owner's managers read it. */
const lowScoreText = (by: string) =>
  `Low score in the quarterly satisfaction survey of Key Co: Mr Chen gave satisfaction 1/5, NPS 2 (recorded by <@${by}>).\nA follow-up for <@${OWNER}> is due 2026-12-21.`;

/** `plan` with its DMs delivered, the fake Slack's record then cleared. */
async function plannedAndTold(fields: Record<string, string | null> = {}) {
  const planned = await plan(fields);
  await deliverAll();
  app.fake.reset();
  return planned;
}

/** Told once: the outbox job ten minutes on has nothing to repair, and nothing is posted. */
async function expectNothingMoreOwed() {
  expect(await outboxJobIn(10)).toBe(0);
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
}

const plannedText = (code: string) =>
  `:clipboard: <@${OWNER}> planned a task for you to sign off: *Visit* · Huadong Machinery (${code}), done by <@${AGENT}>, due 2026-11-27 (in 3 days).`;

describe('the DMs a task change owes are never lost, and go once', () => {
  test('planned, its DMs sent at once: the outbox job two minutes on sends nothing again', async () => {
    const { code, id } = await plan();
    await deliverAll();
    expect(dms(APPROVER)).toEqual([plannedText(code)]);
    expect(dms(AGENT)).toHaveLength(1);

    expect(await outboxJobIn(3)).toBe(0);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect((await app.db.models.tasks.findById(id).lean())!.noticesOwed ?? []).toEqual([]);
    await expectNothingMoreOwed();
  });

  test('planned while the outbox write fails: the planner is told it is planned, the executor and the approver get their DMs two minutes on, once', async () => {
    const restore = failWriting('assigned:');
    let planned: Awaited<ReturnType<typeof plan>>;
    try {
      planned = await plan();
    } finally {
      restore();
    }
    expect(planned.res.body).toBe('');
    expect(lastTold()).toBe(
      `Visit for Huadong Machinery (${planned.code}) planned for <@${AGENT}>, due 2026-11-27.`,
    );
    await deliverAll();
    expect(dms(AGENT)).toEqual([]);
    expect(dms(APPROVER)).toEqual([]);

    // A minute on the change may still be its request's own: left alone.
    expect(await outboxJobIn(1)).toBe(0);
    expect(dms(APPROVER)).toEqual([]);
    const repaired = await outboxJobIn(2);
    expect(dms(APPROVER)).toEqual([plannedText(planned.code)]);
    const executor = app.fake.postsTo(AGENT);
    expect(executor).toHaveLength(1);
    expect(JSON.stringify(executor[0]!.args.blocks)).toContain(`"value":"${planned.id}"`);
    expect(repaired).toBe(1);

    await expectNothingMoreOwed();
    // Nothing is owed any more: the job does not look at it again.
    expect((await app.db.models.tasks.findById(planned.id).lean())!.noticesOwed ?? []).toEqual([]);
  });

  test("planned while the outbox write fails: the approver's DM written two minutes on says how the customer's primary contact wants to be reached, as at once", async () => {
    const { code } = await makeCustomer(app, {
      name: 'Changzhou Valves',
      contact: { name: 'Sun Hui', preferredChannel: 'E-mail', optOuts: [] },
    });
    const restore = failWriting('assigned:');
    try {
      await plan({ customer: code });
    } finally {
      restore();
    }
    await deliverAll();
    expect(dms(APPROVER)).toEqual([]);
    expect(await outboxJobIn(2)).toBe(1);
    const approver = app.fake.postsTo(APPROVER);
    expect(approver).toHaveLength(1);
    expect(JSON.stringify(approver[0]!.args.blocks)).toContain(
      'Visit the plant · Sun Hui prefers E-mail',
    );
  });

  test('planned while the outbox write fails, then its planner changes the helper and the approver within the two minutes: the new ones are told by the edit alone, those it was planned with get what its planning owed them, once', async () => {
    const HELPER = 'U0HELPER01';
    const NEW_HELPER = 'U0HELPER02';
    const NEW_APPROVER = 'U0APPROVE2';
    const restore = failWriting('assigned:');
    let planned: Awaited<ReturnType<typeof plan>>;
    try {
      planned = await plan({ helper: HELPER });
    } finally {
      restore();
    }
    await deliverAll();
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);

    // A minute on, its planner gives it another helper and approver: the edit's DMs go at once.
    app.clock.advance(60_000);
    await app.slack.blockAction(
      { action_id: 'task_edit_open', value: planned.id },
      { userId: OWNER },
    );
    await submitLastModal(
      app,
      {
        executor: AGENT,
        helper: NEW_HELPER,
        approver: NEW_APPROVER,
        due: '2026-11-27',
        content: 'Visit the plant',
      },
      OWNER,
    );
    await deliverAll();
    expect(dms(NEW_HELPER)).toEqual([
      expect.stringContaining(`<@${OWNER}> asked you to help with a task`),
    ]);
    expect(dms(NEW_APPROVER)).toEqual([
      expect.stringContaining(`<@${OWNER}> made you the approver of a task`),
    ]);
    app.fake.reset();

    // The planning's DMs, two minutes on: to whom it was planned with, as it was planned.
    expect(await outboxJobIn(2)).toBe(1);
    expect(dms(NEW_HELPER)).toEqual([]);
    expect(dms(NEW_APPROVER)).toEqual([]);
    expect(dms(APPROVER)).toEqual([plannedText(planned.code)]);
    expect(dms(HELPER)).toEqual([
      `:handshake: <@${OWNER}> asked you to help with a task: *Visit* · Huadong Machinery (${planned.code}), done by <@${AGENT}>, due 2026-11-27 (in 3 days).`,
    ]);
    expect(JSON.stringify(app.fake.postsTo(HELPER)[0]!.args.blocks)).toContain(
      `helped by <@${HELPER}> · signed off by <@${APPROVER}>`,
    );
    expect(app.fake.postsTo(AGENT)).toHaveLength(1);
    await expectNothingMoreOwed();
  });

  test('moved by its approver, the process dying right after the move was saved: the executor is told two minutes on, once', async () => {
    const { code, id } = await plannedAndTold();
    // The move's one write (the service), then the crash: nothing written for Slack.
    await app.desk.services.tasks.reschedule(await ctxOf(app, APPROVER), id, '2026-11-30');
    expect(await outboxJobIn(1)).toBe(0);
    expect(dms(AGENT)).toEqual([]);
    const repaired = await outboxJobIn(2);
    expect(dms(AGENT)).toEqual([
      `:calendar: <@${APPROVER}> moved your task *Visit* · Huadong Machinery (${code}) from 2026-11-27 to 2026-11-30.`,
    ]);
    expect(repaired).toBe(1);
    await expectNothingMoreOwed();
  });

  test('moved by its executor, with a helper and no approver, the process dying right after the move was saved: the helper is told two minutes on, once', async () => {
    const HELPER = 'U0HELPER01';
    const { code, id } = await plannedAndTold({ approver: null, helper: HELPER });
    await app.desk.services.tasks.reschedule(await ctxOf(app, AGENT), id, '2026-11-30');
    expect(await outboxJobIn(1)).toBe(0);
    expect(dms(HELPER)).toEqual([]);
    expect(await outboxJobIn(2)).toBe(1);
    expect(dms(HELPER)).toEqual([
      `:calendar: <@${AGENT}> moved a task you help with, *Visit* · Huadong Machinery (${code}) (done by <@${AGENT}>), from 2026-11-27 to 2026-11-30.`,
    ]);
    expect(dms(AGENT)).toEqual([]);
    await expectNothingMoreOwed();
  });

  test('done by its executor while the outbox write fails: they are told it is done, the approver gets what was recorded two minutes on, once', async () => {
    const { code, id } = await plannedAndTold();
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    const restore = failWriting('approver:done:');
    try {
      await submitLastModal(app, { type: 'visit', summary: 'Visited; they order in March' }, AGENT);
    } finally {
      restore();
    }
    expect(lastTold()).toBe(
      `:white_check_mark: Done: *Visit* · Huadong Machinery (${code}). Logged as an interaction.`,
    );
    expect((await app.db.models.tasks.findById(id).lean())!.status).toBe('done');
    await deliverAll();
    expect(dms(APPROVER)).toEqual([]);

    const repaired = await outboxJobIn(3);
    expect(dms(APPROVER)).toEqual([
      `:white_check_mark: <@${AGENT}> completed a task you sign off: *Visit* · Huadong Machinery (${code}).`,
    ]);
    expect(JSON.stringify(app.fake.postsTo(APPROVER)[0]!.args.blocks)).toContain(
      'Outcome (Visit): Visited; they order in March',
    );
    expect(repaired).toBe(1);
    await expectNothingMoreOwed();
  });

  test('a low quarterly survey saved just before the process died: two minutes on the recovery call is planned and the managers told, naming the contact, once', async () => {
    // The daily run plans the quarter's survey two weeks before its last working day.
    const { survey, customer: key } = await plannedSurvey(
      { managers: [MANAGER] },
      { contact: { name: 'Li Lei', optOuts: [] } },
    );
    const contactKey = (await app.db.models.customers.findById(key.id).lean())!.contacts[0]!.key;
    app.clock.set('2026-12-29T03:00:00Z');
    // The Done's one write and its interaction (the service), then the crash.
    await app.desk.services.tasks.complete(await ctxOf(app, OWNER), String(survey._id), () => ({
      interactionType: 'call',
      summary: 'Li Lei: unhappy with the delays',
      contactKey,
      satisfaction: 2,
      nps: 5,
    }));
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(0);

    const repaired = await outboxJobIn(3);
    expect(dms(MANAGER)).toEqual([
      `Low score in the quarterly satisfaction survey of Key Co: Li Lei gave satisfaction 2/5, NPS 5 (recorded by <@${OWNER}>).\nA follow-up for <@${OWNER}> is due 2026-12-30.`,
    ]);
    expect(await app.db.models.tasks.find({ kind: 'recovery' }).lean()).toMatchObject([
      { assigneeId: OWNER, dueDate: '2026-12-30', status: 'open' },
    ]);
    expect(repaired).toBe(1);
    await expectNothingMoreOwed();
  });

  test("a quarterly survey handed over with Edit task: its low answer's follow-up is the customer's owner's, who is DMed it at once; the owner's managers read so, once, the executor's never; the next morning's run leaves it with them", async () => {
    const id = await surveyHandedToTaker();
    await surveyDone(id, TAKER);
    expect(lastTold()).toContain(
      `A low score: a *Low-score follow-up* is planned for <@${OWNER}>, due 2026-12-21.`,
    );
    await deliverAll();
    expect(dms(OWNER)).toEqual([expect.stringContaining('*Low-score follow-up*')]);
    expect(dms(TAKER)).toEqual([]);
    expect(dms(MANAGER)).toEqual([lowScoreText(TAKER)]);
    expect(dms(OTHER_MANAGER)).toEqual([]);
    // The owner's manager changes before the repair: told at once, the Done's managers stay the
    // only ones, so nobody is told again.
    await app.setSettings(() => ({
      managers: [MANAGER, OTHER_MANAGER],
      managerLinks: [{ managerId: OTHER_MANAGER, manages: [OWNER, TAKER] }],
    }));
    app.fake.reset();
    expect(await outboxJobIn(3)).toBe(0);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    const recovery = async () =>
      (await app.db.models.tasks.findOne({ kind: 'recovery' }).lean())!.assigneeId;
    expect(await recovery()).toBe(OWNER);
    await runJobAt(app, tasksJob, '2026-12-19T01:00:00Z');
    expect(await recovery()).toBe(OWNER);
  });

  test("a low quarterly survey handed over, its recovery call's planning failing at the Done: two minutes on the call is planned and the owner's managers told, once; the executor's managers never", async () => {
    const id = await surveyHandedToTaker();
    await surveyDone(id, TAKER, {
      failing: () => failCalls(app.desk.services.tasks, 'planSurveyRecovery'),
    });
    await deliverAll();
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(0);
    expect(dms(MANAGER)).toEqual([]);
    expect(dms(OTHER_MANAGER)).toEqual([]);

    expect(await outboxJobIn(3)).toBe(1);
    expect(dms(MANAGER)).toEqual([lowScoreText(TAKER)]);
    expect(dms(OTHER_MANAGER)).toEqual([]);
    expect(await app.db.models.tasks.find({ kind: 'recovery' }).lean()).toMatchObject([
      { assigneeId: OWNER, dueDate: '2026-12-21', status: 'open' },
    ]);
    await expectNothingMoreOwed();
  });

  test("a low quarterly survey whose recovery call's planning failed at the Done, the owner's managers changed in /desk roles before the repair: the managers of the day are told, once; the Done's never", async () => {
    const { id } = await plannedSurvey({
      managers: [MANAGER, OTHER_MANAGER],
      managerLinks: [{ managerId: MANAGER, manages: [OWNER] }],
    });
    app.clock.set('2026-12-18T03:00:00Z');
    await surveyDone(id, OWNER, {
      failing: () => failCalls(app.desk.services.tasks, 'planSurveyRecovery'),
    });
    await deliverAll();
    expect(dms(MANAGER)).toEqual([]);
    // MANAGER leaves the team; OTHER_MANAGER manages the owner now.
    await app.setSettings(() => ({
      managers: [OTHER_MANAGER],
      managerLinks: [{ managerId: OTHER_MANAGER, manages: [OWNER] }],
    }));

    expect(await outboxJobIn(3)).toBe(1);
    expect(dms(OTHER_MANAGER)).toEqual([lowScoreText(OWNER)]);
    expect(dms(MANAGER)).toEqual([]);
    await expectNothingMoreOwed();
  });

  test("a low quarterly survey of a customer with no contact on file, its managers' DM not written (the outbox write failed): two minutes on they read the contact typed in the Done modal, as they would have at once, once", async () => {
    const { survey } = await lowSurveyTyped();
    expect(dms(MANAGER)).toEqual([]);
    // Kept on the DM owed, not on the task: its outcome has the contact only in its summary.
    expect((await app.db.models.tasks.findById(survey._id).lean())!.outcome).not.toHaveProperty(
      'typedContact',
    );

    expect(await outboxJobIn(3)).toBe(1);
    expect(dms(MANAGER)).toEqual([
      `Low score in the quarterly satisfaction survey of Strategic Co: Mr Chen, CFO gave satisfaction 1/5, NPS 8 (recorded by <@${OWNER}>).\nA follow-up for <@${OWNER}> is due 2026-12-30.`,
    ]);
    expect((await app.db.models.tasks.findById(survey._id).lean())!.noticesOwed ?? []).toEqual([]);
    await expectNothingMoreOwed();
  });

  test("a low survey's typed contact, kept on the DM owed, goes with the customer's erasure: the managers' DM repaired after it does not name them", async () => {
    const { survey, code } = await lowSurveyTyped();
    const owed = async () =>
      JSON.stringify((await app.db.models.tasks.findById(survey._id).lean())!.noticesOwed);
    expect(await owed()).toContain('Mr Chen, CFO');
    await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code);
    expect(await owed()).not.toContain('Mr Chen');

    expect(await outboxJobIn(3)).toBe(1);
    expect(dms(MANAGER)).toHaveLength(1);
    expect(dms(MANAGER)[0]).not.toContain('Mr Chen');
  });

  test('handed over twice by its planner, the process dying after each save: each edit tells its own people two minutes on, once', async () => {
    const NEXT = 'U0AGENT002';
    const LAST = 'U0AGENT003';
    const { id } = await plannedAndTold();
    // Two edits, each its one write (the service), then the crash: nothing written for Slack.
    const planner = await ctxOf(app, OWNER);
    await app.desk.services.tasks.edit(planner, id, { assigneeId: NEXT, approverId: APPROVER });
    await app.desk.services.tasks.edit(planner, id, { assigneeId: LAST, approverId: MANAGER });
    expect(await outboxJobIn(1)).toBe(0);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);

    expect(await outboxJobIn(2)).toBe(1);
    // The first edit: NEXT was handed it and AGENT told it went to NEXT; the second: LAST handed
    // it, NEXT told it went to LAST, MANAGER asked to sign it off.
    expect(app.fake.postsTo(AGENT).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(`<@${NEXT}>`),
    ]);
    expect(app.fake.postsTo(NEXT)).toHaveLength(2);
    expect(String(app.fake.postsTo(NEXT)[1]!.args.text)).toContain(`<@${LAST}>`);
    expect(app.fake.postsTo(LAST)).toHaveLength(1);
    expect(app.fake.postsTo(MANAGER)).toHaveLength(1);
    // APPROVER: told of the first hand-over (theirs to sign off still), then that it is no more.
    expect(app.fake.postsTo(APPROVER).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(`(done by <@${NEXT}>): who does it`),
      expect.stringContaining('it is no longer yours to sign off'),
    ]);
    await expectNothingMoreOwed();
    expect((await app.db.models.tasks.findById(id).lean())!.noticesOwed ?? []).toEqual([]);
  });
  // The stand-in who recorded it is never told (revland47 F4: it was, and nobody above them).
  test("a guest-owned customer's low quarterly survey, its managers' DM failing at the Done: two minutes on the guest's managers are told as the Done would have (the stand-in being the guest's only linked manager: the stand-in's own), not the stand-in, not every manager", async () => {
    const BOSS = 'U0MANAGER3';
    const survey = await guestOwnedSurvey([OTHER_MANAGER, MANAGER, BOSS], {
      [MANAGER]: [GUEST],
      [BOSS]: [MANAGER],
    });
    await surveyDone(survey._id, MANAGER, { failing: () => failWriting('survey-low:') });
    await deliverAll();
    expect(await app.db.models.tasks.find({ kind: 'recovery' }).lean()).toMatchObject([
      { assigneeId: MANAGER, guestOwner: GUEST, status: 'open' },
    ]);
    app.fake.reset();
    expect(await outboxJobIn(3)).toBe(1);
    expect(dms(BOSS)).toEqual([
      expect.stringContaining('Low score in the quarterly satisfaction survey of Key Co'),
    ]);
    expect(dms(MANAGER)).toEqual([]);
    expect(dms(OTHER_MANAGER)).toEqual([]);
    expect(dms(GUEST)).toEqual([]);
    expect(await outboxJobIn(10)).toBe(0);
  });

  test("a guest-owned customer's low quarterly survey done by the stand-in: at once the guest's other managers read the low score, the stand-in who recorded it only their recovery call (revland47 F4)", async () => {
    const UNLINKED = 'U0MANAGER3';
    const survey = await guestOwnedSurvey([UNLINKED, MANAGER, OTHER_MANAGER], {
      [MANAGER]: [GUEST],
      [OTHER_MANAGER]: [GUEST],
    });
    await surveyDone(survey._id, MANAGER);
    await deliverAll();
    const low = 'Low score in the quarterly satisfaction survey of Key Co';
    expect(dms(OTHER_MANAGER)).toEqual([expect.stringContaining(low)]);
    expect(dms(MANAGER).filter((text) => text.includes(low))).toEqual([]);
    expect(dms(UNLINKED)).toEqual([]);
    expect(dms(GUEST)).toEqual([]);
    // Told once: the outbox job has nothing more to repair.
    app.fake.reset();
    await expectNothingMoreOwed();
  });
});

describe("the approver's DM of a task done masks the phones and emails typed into its outcome as the customer's card does", () => {
  const typed = {
    type: 'call',
    summary: 'Called Li Wei on 13812345678, quote to li.wei@huadong.cn',
    feedback: 'Call back on 13987654321',
  };
  const doneBy = async (id: string) => {
    await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: AGENT });
    const res = await app.slack.submitView(lastOpened(), typed, { userId: AGENT });
    expect(res.body).toBe('');
    await deliverAll();
  };

  test('an approver who may not see its personal data (neither owner nor their manager): masked in the DM; the card they open masks them too', async () => {
    const { code, id } = await plannedAndTold();
    await doneBy(id);
    const told = JSON.stringify(app.fake.postsTo(APPROVER).at(-1)!.args.blocks);
    expect(told).toContain(
      'Outcome (Call): Called Li Wei on 138****5678, quote to l***@huadong.cn',
    );
    expect(told).toContain('Feedback: Call back on 139****4321');
    expect(told).not.toContain('13812345678');
    expect(told).not.toContain('li.wei@');
    expect(told).not.toContain('13987654321');
    // The card they open shows the interaction masked as well.
    app.fake.reset();
    await app.slack.command('/customer', code, { userId: APPROVER });
    const card = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(card).toContain('138****5678');
    expect(card).not.toContain('13812345678');
  });

  test("an approver who is the owner's manager sees them in clear, as on the card", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { id } = await plannedAndTold({ approver: MANAGER });
    await doneBy(id);
    const told = JSON.stringify(app.fake.postsTo(MANAGER).at(-1)!.args.blocks);
    expect(told).toContain(
      'Outcome (Call): Called Li Wei on 13812345678, quote to li.wei@huadong.cn',
    );
    expect(told).toContain('Feedback: Call back on 13987654321');
  });
});
