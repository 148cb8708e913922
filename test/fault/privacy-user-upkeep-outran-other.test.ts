// The outbox upkeep's run of a cut erasure by Slack user (PrivacyFlows.finishErasures), held up
// past its lease within its scrub: another erasure (another person's, from Slack) takes the lease
// and runs beside it. The held-up run's later rewrite of a document it read before the other's
// write must not write back what the other took out: nothing scrubs the other's person again
// (outran finding 2). Set-up as fault/privacy-user-upkeep-told's.
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobLogged } from '../helpers/jobs.js';
import { eraseUserCutAfterResume, heldIn, tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const OTHER = 'U0CUSTREQ2';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

test('the upkeep’s run of an erasure, held up past its lease, and another person’s erasure from Slack beside it: the customer’s notes name neither, and the other person is held nowhere', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  for (const title of ['Coolant leak on line 3', 'Spindle noise on line 4']) {
    const t = await makeTicket(app, {
      customerCode: customer.code,
      title,
      description: 'Coolant on the floor',
      requester: { userId: REQ, via: 'slack' },
    });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'wait', question: 'Which line is it?' }, AGENT);
  }
  await ctxOf(app, REQ);
  app.clock.advance(4000);
  await app.desk.outbox.drain();
  const models = app.db.models;
  await models.customers.updateOne(
    { code: customer.code },
    { $set: { notes: `Escalations go to <@${REQ}>, else <@${OTHER}>` } },
    { timestamps: false },
  );
  // REQ's erasure, started by ADMIN and cut: the upkeep runs it to its end at 02:12.
  await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0OUTRANOTH1');
  // The upkeep's read of the customers whose notes name REQ: once read, its run is held up past
  // its lease, and ADMIN erases OTHER from Slack meanwhile (that erasure takes the lease).
  const realFind = models.customers.find.bind(models.customers);
  let said = '';
  let armed = true;
  const find = vi.spyOn(models.customers, 'find').mockImplementation(((
    filter: Record<string, unknown>,
    ...rest: unknown[]
  ) => {
    const query = (realFind as (...a: unknown[]) => { exec(...a: unknown[]): Promise<unknown> })(
      filter,
      ...rest,
    );
    if (!armed || !filter || !('$or' in filter) || !JSON.stringify(filter).includes(REQ))
      return query;
    armed = false;
    const exec = query.exec.bind(query);
    query.exec = async (...a: unknown[]) => {
      const docs = await exec(...a);
      await models.erasureLeases.updateMany({}, { $set: { until: app.clock.now() } });
      said = await tryEraseUser(app, ADMIN, OTHER);
      return docs;
    };
    return query;
  }) as never);
  let lines: { msg: string }[] = [];
  try {
    ({ lines } = await runJobLogged(app, outboxJob, '2026-11-24T02:12:00Z'));
  } finally {
    find.mockRestore();
  }
  expect(armed).toBe(false);
  expect(said).not.toContain('another erasure is running');
  expect(lines.some((l) => /outran its lease/.test(l.msg))).toBe(true);
  // What a manager reads on the customer's file: neither person named.
  const after = (await models.customers.findOne({ code: customer.code }).lean())!;
  expect(after.notes).toBe('Escalations go to [erased], else [erased]');
  // OTHER's erasure is done, and nothing scrubs them again: held nowhere.
  expect(await heldIn(app, OTHER)).toEqual([]);
});
