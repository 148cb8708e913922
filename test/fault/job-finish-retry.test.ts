// The runner records a run's outcome with one retry. When the first write landed but its reply
// was lost (the database answered after the socket dropped), the retry finds the run already
// recorded "failed": its own outcome, not a give-up by another instance. It is not warned about
// as one ('job run finished after it was given up'), and the outcome stands.
import { describe, expect, test, vi } from 'vitest';
import { runSlot } from '../../src/schedule/runner.js';
import { jobDepsOf } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { useTestApp } from '../helpers/app.js';
import { failingWeeklyJob } from '../helpers/setups-7-jobs.js';

const app = useTestApp({ now: '2026-11-23T01:00:30Z' });
const TEAM = 'T0SCHED001';
const SLOT = new Date('2026-11-23T01:00:00Z');

const logged: Record<string, unknown>[] = [];
const jobDeps = () =>
  jobDepsOf(app.desk, {
    log: createLogger('info', { write: (line: string) => logged.push(JSON.parse(line)) }),
    clock: app.clock,
    instanceId: 'a',
  });

const failing = failingWeeklyJob('boom');

describe('the finish write retried after its reply was lost', () => {
  test('a failed run whose first finish write landed is recorded failed once, with no "given up" warning', async () => {
    await app.desk.services.workspaces.settings(TEAM);
    const { jobLedger } = app.desk.services;
    const finish = jobLedger.finish.bind(jobLedger);
    let calls = 0;
    // The first write lands; its reply is lost.
    const spy = vi.spyOn(jobLedger, 'finish').mockImplementation(async (...args) => {
      const held = await finish(...args);
      if (++calls === 1) throw new Error('connection reset after the write');
      return held;
    });
    try {
      const result = await runSlot(jobDeps(), failing, TEAM, SLOT, app.clock.now());
      expect(result).toMatchObject({ ran: true, error: 'boom' });
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(await jobLedger.find(failing.name, TEAM, SLOT)).toMatchObject({
      status: 'failed',
      error: 'boom',
      attempts: 1,
    });
    const msgs = logged.map((l) => l.msg);
    expect(msgs).not.toContain(
      'job run finished after it was given up: its outcome recorded over "failed"',
    );
    expect(msgs).not.toContain('could not record the job run');
    expect(msgs).toContain('job run failed');
  });
});
