// An agent on a revisit call types what the customer said; meanwhile the ticket is reopened,
// which cancels the revisit. The call happened (domain 3: every interaction is recorded), so
// their Done is not refused: the call is logged on the customer, what the customer said is noted
// on the reopened ticket for whoever holds it now, and they are told so. The task stays
// cancelled (the resolution it followed up is undone).
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { lastModalView, submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { resolvedTicketOf } from '../helpers/tasks.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';
// Shanghai; Tuesday 2026-11-24 10:00.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const FEEDBACK = 'Encoder fails again every morning; wants an engineer on site';

test('a revisit call submitted after its ticket was reopened meanwhile: logged, noted on the ticket, said so; once', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
  const number = await resolvedTicketOf(app, code, TRIAGE, 'important');
  await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  const revisit = String((await app.db.models.tasks.findOne({ kind: 'revisit' }).lean())!._id);
  app.clock.set('2026-11-27T03:00:00Z');
  await app.slack.blockAction({ action_id: 'task_done_open', value: revisit }, { userId: AGENT });
  const modal = lastModalView(app);

  // While AGENT is on the phone, a manager reopens the ticket: the revisit is cancelled.
  await act(app, number, { action: 'reopen' } as any, MANAGER);
  expect((await app.db.models.tasks.findById(revisit).lean())!.status).toBe('cancelled');

  const form = { solved: 'no', satisfaction: '2', feedback: FEEDBACK };
  await submitLastModal(app, form, AGENT);
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
    `:white_check_mark: *Revisit*: your call is logged on the customer. The task itself was cancelled while you typed: *${number}* was reopened. What the customer said is added to *${number}* as a note.`,
  );
  const logged = async () =>
    (await app.db.models.interactions.find({}).lean()).map((i: any) => [i.by, i.feedback]);
  expect(await logged()).toEqual([[AGENT, FEEDBACK]]);
  const notes = async () =>
    (await app.db.models.tickets.findOne({ number }).lean())!.timeline
      .filter((e: any) => e.action === 'note')
      .map((e: any) => [e.by, e.text]);
  expect(await notes()).toEqual([
    [
      AGENT,
      `Revisit call, logged after this ticket was reopened: Revisit of ${number}: NOT solved. Satisfaction 2/5, NPS -.\nWhat the customer said: ${FEEDBACK}`,
    ],
  ]);
  // The task stays cancelled: no revisit is counted done.
  expect((await app.db.models.tasks.findById(revisit).lean())!.status).toBe('cancelled');

  // The same modal sent again (a retry): nothing more logged or noted.
  await app.slack.submitView(modal, form, { userId: AGENT });
  expect(await logged()).toHaveLength(1);
  expect(await notes()).toHaveLength(1);
});
