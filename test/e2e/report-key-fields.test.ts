// Manual D 1.26 (revmanuals F11): the monthly report says how many customer files miss a key
// field, and which, to the manager who asks for it; its CSV rows say the same.
import { expect, test } from 'vitest';
import { reportCsvRows } from '../../src/ui/report.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const MANAGER = 'U0MANAGER1';
const app = useTestApp({ now: '2026-09-01T02:00:00Z' });

test('the monthly report counts the customer files missing a key field, by field', async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  // Whole: a contact with a title and a phone, a company size, a region.
  await makeCustomer(app, {
    name: 'Whole Co',
    companySize: '200-999',
    region: 'Shanghai',
    contacts: [{ name: 'Zhang Wei', title: 'Buyer', phone: '+8613812345678', optOuts: [] }],
  } as never);
  // No title, no phone or email; size and region given.
  await makeCustomer(app, {
    name: 'Untitled Co',
    companySize: '200-999',
    region: 'Beijing',
    contacts: [{ name: 'Li Na', optOuts: [] }],
  } as never);
  // No contact at all, no size, no region.
  await makeCustomer(app, { name: 'Bare Co' });

  app.clock.set('2026-10-08T02:00:00Z');
  app.fake.reset();
  await app.slack.command('/desk', 'report month 2026-09', { userId: MANAGER });
  const report = JSON.stringify(app.fake.callsTo('chat.postMessage').at(-1)!.args.blocks);
  expect(report).toContain(
    'Customer files missing a key field: 2 of 3 (no contact 1 · no contact title 2 · no contact phone or email 2 · no company size (a person: occupation) 1 · no region 1)',
  );

  const stored = await app.db.models.reports.findOne({ teamId: FAKE_TEAM_ID }).lean();
  const window = { kind: 'month', period: '2026-09' } as Parameters<typeof reportCsvRows>[0];
  const rows = reportCsvRows(window, stored!.figures as never).filter(
    (r) => r[2] === 'dataQuality',
  );
  expect(rows.map((r) => [r[3], r[4], r[5]])).toEqual([
    ['files', '', '3'],
    ['missingKeyField', '', '2'],
    ['missing', 'contact', '1'],
    ['missing', 'title', '2'],
    ['missing', 'reach', '2'],
    ['missing', 'size', '1'],
    ['missing', 'region', '1'],
  ]);
});
