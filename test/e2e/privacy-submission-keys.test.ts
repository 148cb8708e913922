// A form's submission key (view id and a keyed digest of the values submitted: how the same
// submission delivered again is found) is kept on ticket events (`source`) and tasks
// (`closedForm`) only, in the fields SUBMISSION_KEY_FIELDS declares; an erasure takes the digest
// off the records it reaches (the customer's; a Slack user's: their entries and the tickets they
// requested) and a data-subject export does not list it. Through the real Bolt stack: signed
// view_submissions, the fake Slack, the test database.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { SUBMISSION_KEY_FIELDS } from '../../src/privacy/repository.js';
import { useTestApp } from '../helpers/app.js';
import { lastModalView } from '../helpers/clicks.js';
import { scanStrings } from '../helpers/db.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { tryEraseUser } from '../helpers/privacy.js';
import { expectIndexCreated } from '../helpers/setups-7-db-commands.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const APPROVER = 'U0APPROVE1';
const DM = `D${ADMIN.slice(1)}`;
const KEY = /^view:[^#\s]+#[A-Za-z0-9_-]{16}$/;
/** What an agent types about the customer's person: a short value a guess list would hold. */
const NOTE = '王芳 13812345678';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});
const opened = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;

/** Every stored submission key, as `collection.path` (array indexes dropped): value. */
async function keysHeld(): Promise<string[]> {
  await app.desk.outbox.drain();
  return (await scanStrings(app.db, ['view:']))
    .map((hit) => {
      const at = hit.indexOf(': ');
      return [hit.slice(0, at).replace(/\[\d+\]/g, ''), hit.slice(at + 2)] as const;
    })
    .filter(([, value]) => KEY.test(value))
    .map(([path, value]) => `${path}: ${value}`);
}

/** The declared fields, as `keysHeld` names them. */
const declared = Object.entries(SUBMISSION_KEY_FIELDS).flatMap(([name, fields]) =>
  fields.map((f) => `${name}.${f}`),
);

/** AGENT's Add note on `number`'s card, as view `id`. */
async function addNote(number: string, id: string) {
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: 'C0TRIAGE01' },
  );
  const res = await app.slack.submitView(
    { ...lastModalView(app), id },
    { note: NOTE },
    {
      userId: AGENT,
    },
  );
  expect(res.body).toBe('');
}

/** A visit OWNER plans for AGENT on `code`, which AGENT marks done (Done, view `id`). */
async function visitDone(code: string, id: string) {
  await app.slack.command('/task', 'new', { userId: OWNER });
  await app.slack.submitView(
    { ...opened(), id: `${id}N` } as never,
    {
      customer: code,
      kind: 'visit',
      executor: AGENT,
      approver: APPROVER,
      due: '2026-11-27',
      content: 'Visit the plant',
    },
    { userId: OWNER },
  );
  const task = (await app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'visit' }).lean())!;
  await app.slack.blockAction(
    { action_id: 'task_done_open', value: String(task._id), block_id: 'task_actions' },
    { userId: AGENT },
  );
  const res = await app.slack.submitView(
    { ...opened(), id } as never,
    { type: 'visit', summary: NOTE },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
}

/** ADMIN's export (`/desk privacy export <subject>`): the JSON and CSV shared in their DM. */
async function exported(subject: string): Promise<string> {
  const before = app.fake.sharedFiles(DM).length;
  await app.slack.command('/desk', `privacy export ${subject}`, { userId: ADMIN });
  app.clock.advance(4000);
  await app.desk.outbox.drain();
  const files = app.fake.sharedFiles(DM).slice(before);
  expect(files.length).toBeGreaterThan(0);
  return files.map((f) => String(f.content)).join('\n');
}

async function setUp() {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613812345678' } });
  const { number } = await makeTicket(app, {
    customerCode: code,
    title: 'Spindle error',
    requester: { userId: REQ, via: 'slack' },
  } as never);
  await act(app, number, { action: 'claim' }, AGENT);
  await addNote(number, 'V0NOTEKEY1');
  await visitDone(code, 'V0DONEKEY1');
  return { code, number };
}

describe('submission keys and the privacy tools', () => {
  test('kept only where declared; an export (by customer, by Slack user) lists none', async () => {
    const { code } = await setUp();
    const held = await keysHeld();
    // The note's event and the task Done closed hold one each.
    expect(held.map((h) => h.slice(0, h.indexOf(':'))).sort()).toEqual([
      'tasks.closedForm',
      'tickets.timeline.source',
    ]);
    expect(held.filter((h) => !declared.includes(h.slice(0, h.indexOf(':'))))).toEqual([]);
    const values = held.map((h) => h.slice(h.indexOf(': ') + 2));
    const files = (await exported(code)) + (await exported(`user:<@${REQ}>`));
    // The export has the note (what was typed, as stored), never the key made from it.
    expect(files).toContain('Spindle error');
    for (const v of values) {
      expect(files).not.toContain(v);
      expect(files).not.toContain(v.split('#')[1]);
    }
  });

  test('the customer erased: no submission key is left on its records', async () => {
    const { code } = await setUp();
    expect(await keysHeld()).toHaveLength(2);
    await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await keysHeld()).toEqual([]);
    // The view's id stays where the key was (what a repeat of the form is no longer told by).
    const ticket = (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean()) as any;
    expect(ticket.timeline.map((e: any) => e.source).filter(Boolean)).toEqual(['view:V0NOTEKEY1']);
  });

  test('the requester erased by Slack user: the keys of the entries on their ticket go; the task, not theirs, keeps its key', async () => {
    await setUp();
    await tryEraseUser(app, ADMIN, REQ);
    expect((await keysHeld()).map((h) => h.slice(0, h.indexOf(':')))).toEqual(['tasks.closedForm']);
  });

  test('the requester of a complaint erased by Slack user: the key of the Done that closed its contact task goes too', async () => {
    await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app);
    const { number } = await makeTicket(app, {
      customerCode: code,
      type: 'complaint',
      complaintUrgency: 'urgent',
      title: 'Wrong parts delivered',
      requester: { userId: REQ, via: 'slack' },
    } as never);
    await act(app, number, { action: 'claim' }, AGENT);
    const task = (await app.db.models.tasks.findOne({ kind: 'complaint_contact' }).lean())!;
    app.clock.set('2026-11-24T02:30:00Z');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id) },
      { userId: OWNER },
    );
    const form = {
      contact_outcome: 'reached',
      type: 'call',
      contacted_date: '2026-11-24',
      contacted_time: '10:20',
      summary: NOTE,
    };
    const res = await app.slack.submitView({ ...opened(), id: 'V0REACHED1' } as never, form, {
      userId: OWNER,
    });
    expect(res.body).toBe('');
    expect((await keysHeld()).map((h) => h.slice(0, h.indexOf(':')))).toContain('tasks.closedForm');
    await tryEraseUser(app, ADMIN, REQ);
    expect(await keysHeld()).toEqual([]);
  });

  test('retention: a task done before its limit loses the key of its Done with its words', async () => {
    await setUp();
    await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
    // Within the day: both keys kept (retention or not, a day-old key loses its digest).
    await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z');
    expect((await keysHeld()).map((h) => h.slice(0, h.indexOf(':'))).sort()).toEqual([
      'tasks.closedForm',
      'tickets.timeline.source',
    ]);
    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    expect(await keysHeld()).toEqual([]);
    const task = (await app.db.models.tasks.findOne({ kind: 'visit' }).lean()) as any;
    expect(task.content).toBe('[erased]');
    expect(task.closedForm).toBeUndefined();
  });

  test('a daily run takes the digest off every key older than a day (those stored unkeyed before the upgrade too); a fresh key stays', async () => {
    const { number } = await setUp();
    const fresh = await keysHeld();
    expect(fresh).toHaveLength(2);
    // As versions before the keyed digest stored them: an unkeyed SHA-256 of view id and values.
    const legacy = (id: string) =>
      `view:${id}#${createHash('sha256').update(`${id}{"note":"${NOTE}"}`).digest('base64url').slice(0, 16)}`;
    const ticket = await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number });
    const at = new Date('2026-11-20T03:00:00Z');
    await app.db.models.tickets.updateOne(
      { _id: ticket!._id },
      {
        $push: {
          timeline: {
            $each: [
              { action: 'note', by: AGENT, at, text: 'old', source: legacy('V0OLDNOTE1') },
              { action: 'note', by: AGENT, at, text: 'old too', source: 'D0AGENT001:1.2' },
            ],
            $position: 0,
          },
        },
      },
    );
    // A task done on the 20th by such a form: the visit's copy.
    const visit = (await app.db.models.tasks.findOne({ kind: 'visit' }).lean())!;
    const oldId = `${visit._id}:old`;
    await app.db.models.tasks.collection.insertOne({
      ...visit,
      _id: oldId,
      doneAt: at,
      closedForm: legacy('V0OLDDONE1'),
    } as never);
    expect(await keysHeld()).toHaveLength(4);

    // Retention off, two instances at once: the keys of the 20th lose their digest.
    const runs = await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z', ['a', 'b']);
    expect(runs).toHaveLength(1);
    expect((await keysHeld()).sort()).toEqual(fresh.sort());
    const after = (await app.db.models.tickets.findOne({ _id: ticket!._id }).lean()) as any;
    expect(after.timeline.map((e: any) => e.source).filter(Boolean)).toEqual([
      'view:V0OLDNOTE1',
      'D0AGENT001:1.2',
      fresh.find((k) => k.startsWith('tickets.'))!.slice('tickets.timeline.source: '.length),
    ]);
    expect(after.timeline[0].text).toBe('old');
    expect((await app.db.models.tasks.findById(oldId).lean())!.closedForm).toBeUndefined();

    // The next day: the keys of the 24th go too.
    await runJobAt(app, privacyRetentionJob, '2026-11-26T01:00:00Z');
    expect(await keysHeld()).toEqual([]);
  });
});

describe('the daily key step reads only the tasks still holding a key', () => {
  test('a closed task whose key an erasure stripped (`view:<id>`) is neither read nor changed; one with its digest is', async () => {
    await setUp();
    const visit = (await app.db.models.tasks.findOne({ kind: 'visit' }).lean())!;
    const at = new Date('2026-11-20T03:00:00Z');
    await app.db.models.tasks.collection.insertMany([
      { ...visit, _id: `${visit._id}:stripped`, doneAt: at, closedForm: 'view:V0STRIPD01' },
      {
        ...visit,
        _id: `${visit._id}:keyed`,
        doneAt: at,
        closedForm: 'view:V0KEYED001#AbCdEfGhIjKlMnOp',
      },
    ] as never);
    const client = app.db.conn.getClient();
    const filters: Record<string, unknown>[] = [];
    const started = (e: { commandName: string; command: Record<string, any> }) => {
      if (
        e.commandName === 'find' &&
        e.command.find === 'tasks' &&
        'closedForm' in (e.command.filter ?? {})
      )
        filters.push(e.command.filter);
    };
    client.on('commandStarted', started);
    let runs;
    try {
      runs = await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z');
    } finally {
      client.off('commandStarted', started);
    }
    // The key of the 20th only: the fresh ones (24th) stay, the stripped one is not counted.
    expect(runs[0]!.counts).toMatchObject({ submissionKeys: 1 });
    expect(filters.length).toBeGreaterThan(0);
    for (const f of filters) expect(f.closedForm).toHaveProperty('$regex');
    const tasks = app.db.models.tasks;
    expect((await tasks.findById(`${visit._id}:stripped`).lean())!.closedForm).toBe(
      'view:V0STRIPD01',
    );
    expect((await tasks.findById(`${visit._id}:keyed`).lean())!.closedForm).toBeUndefined();
  });

  test('the tasks index {teamId, closedForm} is declared and created without error', async () => {
    await expectIndexCreated(app, 'tasks', { teamId: 1, closedForm: 1 });
  });
});
