// An org-wide install (Enterprise Grid): a person of a sibling workspace of the org follows a
// ticket; the daily follower check judges them ours by the installs. When the read of the
// installs fails during the run, the rule cannot tell: the follower is kept and asked again the
// next run (they were once taken for another organisation's and taken off for good).
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { installFromPage, oauthEnv, ORG_INSTALL, orgCommand } from '../helpers/oauth.js';

const app = useTestApp({ env: oauthEnv(), now: '2026-11-24T02:00:00Z' });
const ORG = ORG_INSTALL;
const E = ORG.enterpriseId!;
const HOME = 'T0INITECH1';
const OTHER_WS = 'T0INITECH2';
const ADMIN = ORG.installerUserId;
const SIBLING = 'U0SIBLING1';
const EXT = 'U0EXTERN01';

test('the installs not read during the daily run: a sibling-workspace follower is kept and asked again; one of another organisation is still taken off', async () => {
  await installFromPage(app, 'code-org', ORG);
  // Both workspaces of the org served by the org-wide install.
  for (const teamId of [HOME, OTHER_WS])
    expect((await orgCommand(app, ORG, '/ticket', 'help', { teamId, userId: ADMIN })).status).toBe(
      200,
    );
  app.fake.users.set(SIBLING, {
    id: SIBLING,
    real_name: 'Sib Ling',
    enterprise: { id: E, teams: [OTHER_WS] },
  });
  app.fake.users.set(EXT, { id: EXT, real_name: 'Sam Ext', team: 'T0OTHERORG' });
  const ctx = await ctxOf(app, ADMIN, { teamId: HOME });
  const customer = await app.desk.services.customers.create(ctx, {
    name: 'Huadong Machinery',
    industry: 'Manufacturing',
    source: 'referral',
    firstContactDate: '2026-01-05',
    ownerId: ADMIN,
  });
  const { ticket } = await app.desk.flows.tickets.create(ctx, {
    submissionId: 'grid-follower-1',
    type: 'other',
    severity: 'general',
    channel: 'phone',
    title: 'Spindle error',
    description: 'E42',
    receivedAt: app.clock.now(),
    customerCode: customer.code,
  });
  await app.db.models.tickets.updateOne(
    { _id: ticket.id },
    { $set: { followers: [SIBLING, EXT] } },
  );
  const followers = async () =>
    (await app.db.models.tickets.findOne({ _id: ticket.id }).lean())!.followers;

  // Every read of whether the sibling workspace is the org's fails during this run.
  const restore = failCalls(app.desk.services.installations, 'inOrg', {
    times: Infinity,
    when: (_enterpriseId, teamId) => teamId === OTHER_WS,
  });
  try {
    const runs = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
    const home = runs.find((r) => r.teamId === HOME)!;
    expect(home.counts).toMatchObject({
      followersChecked: 1,
      followersExternalRemoved: 1,
      followerTicketsChanged: 1,
    });
  } finally {
    restore();
  }
  expect(await followers()).toEqual([SIBLING]);

  // The next run reads the installs: the sibling is ours, kept, and counted as checked.
  const runs = await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  expect(runs.find((r) => r.teamId === HOME)!.counts).toMatchObject({
    followersChecked: 1,
    followersExternalRemoved: 0,
  });
  expect(await followers()).toEqual([SIBLING]);
});
