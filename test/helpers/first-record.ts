import { Types } from 'mongoose';
import type { TestApp } from './app.js';
import { FAKE_TEAM_ID } from './fake-slack.js';

/**
 * The desk in use since `at`: the workspace's first customer record (the change log's earliest
 * `created` entry, which `isStartupHistory` reads) dated then, so that what a test dates before
 * its own customers' creation is not history the team brought to the desk. The entry alone (a
 * customer long gone), outside any period the tests report on.
 */
export async function deskInUseSince(app: TestApp, at = '2026-01-05T02:00:00Z'): Promise<void> {
  await app.db.models.customerChanges.create({
    teamId: FAKE_TEAM_ID,
    customerId: new Types.ObjectId(),
    field: 'created',
    by: 'U0FIRST01',
    at: new Date(at),
    source: 'slack',
  });
}
