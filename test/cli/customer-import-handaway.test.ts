// A CSV import row handing a guest-owned customer to a member draws again, through the outbox, the
// Home of the manager who stood in for the guest (it listed the customer among their customers
// with signals as theirs), as Edit customer and /desk handover do (d5fe6aae). The CLI as an
// operator runs it (a child process: the cli project, not e2e).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { guestOwnedCustomer } from '../helpers/clicks.js';
import { OWNER } from '../helpers/factories.js';
import { runTool, toolArgs } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const OTHER_MANAGER = 'U0MANAGER2';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});

test('a CSV import handing a guest-owned customer to a member draws the former stand-in’s Home again, without it', async () => {
  await app.setSettings(() => ({
    managers: [OTHER_MANAGER, MANAGER],
    managerLinks: [{ managerId: MANAGER, manages: [GUEST] }],
  }));
  const code = await guestOwnedCustomer(app, { annual_revenue: '600000' });
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    { $set: { contractEndDate: '2026-12-20' } },
  );
  await app.desk.outbox.drain();
  const before = app.fake.calls.length;
  const file = join(mkdtempSync(join(tmpdir(), 'handaway-import-')), 'customers.csv');
  writeFileSync(file, `Code,Owner\n${code},${OWNER}\n`);
  const run = await runTool(
    app,
    toolArgs('customers'),
    ['import', '--team', FAKE_TEAM_ID, '--as', ADMIN, '--file', file],
    { ADMIN_USER_IDS: ADMIN },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(await app.db.models.customers.findOne({ code }).lean()).toMatchObject({ ownerId: OWNER });
  app.clock.set(new Date(Date.now() + 10_000).toISOString());
  await app.desk.outbox.drain();
  const homes = (user: string) =>
    app.fake.calls
      .slice(before)
      .filter((c) => c.method === 'views.publish' && c.args.user_id === user)
      .map((c) => JSON.stringify(c.args.view));
  // The stand-in's (before d5fe6aae: none), without the customer; the new owner's; not the
  // other manager's, who never listed it.
  expect(homes(MANAGER)).toHaveLength(1);
  expect(homes(MANAGER)[0]).not.toContain('contract ends 2026-12-20');
  expect(homes(OTHER_MANAGER)).toHaveLength(0);
  expect(homes(OWNER)).toHaveLength(1);
});
