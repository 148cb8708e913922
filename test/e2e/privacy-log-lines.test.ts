// `/desk privacy log` as an auditor reads it: a CSV export's line says how many customers and
// whether their personal data was in clear; `all` and the desk's own runs (retention) are said
// in the reader's language, never `<@care-desk>`; and a data-subject export by Slack user of
// someone who requested no ticket names them (not " contact") in its files and messages.
import { beforeEach, describe, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const DM = `D${ADMIN.slice(1)}`;
const OTHER = 'U0OTHERPE1';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

/** ADMIN's `/desk privacy log`: its blocks' text. */
async function logText(): Promise<string> {
  await app.slack.command('/desk', 'privacy log', { userId: ADMIN });
  const blocks = app.fake.callsTo('response_url').at(-1)!.args.blocks as {
    text?: { text?: string };
  }[];
  return blocks.map((b) => b.text?.text ?? '').join('\n');
}

let code = '';
beforeEach(async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  code = (await makeCustomer(app, { notes: 'Gate code 4471' })).code;
});

describe('the privacy log lines', () => {
  test('a customer CSV export in clear, and its contacts: counts and "in clear"; zh-CN too', async () => {
    // As `npm run customers -- export --as ADMIN --contacts-out …` records them.
    const ctx = await ctxOf(app, ADMIN);
    await app.desk.services.privacyLog.record(ctx, 'export.customers', 'all', {
      customers: 250,
      masked: false,
      via: 'cli',
    });
    await app.desk.services.privacyLog.record(ctx, 'export.contacts', 'all', {
      contacts: 1,
      masked: true,
      via: 'cli',
    });
    const en = await logText();
    expect(en).toContain(
      `customer CSV export · <@${ADMIN}> · all customers · 250 customers, personal data in clear · from the command line`,
    );
    expect(en).toContain(
      `contacts CSV export · <@${ADMIN}> · all customers · 1 contact, personal data masked`,
    );
    await app.setSettings((s) => ({ ...s, locale: 'zh-CN' }));
    const zh = await logText();
    expect(zh).toContain('全部客户 · 250 家客户，个人信息未脱敏');
    expect(zh).not.toMatch(/· all\b/);
  });

  test('a retention run is "the desk (retention)", not a mention of no user', async () => {
    const t = await makeTicket(app, { customerCode: code, description: 'Gate code 4471' });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'resolve', summary: 'Replaced the board' }, AGENT);
    await act(app, t.number, { action: 'close' }, AGENT);
    await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    const en = await logText();
    expect(en).toContain('retention · the desk (retention) · all customers');
    expect(en).not.toContain('<@care-desk>');
  });
});

test('an export by Slack user of someone who requested no ticket names them', async () => {
  // Named in a customer's notes only (they requested nothing, worked on nothing).
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
    notes: `Ask <@${OTHER}> for the drawings`,
  });
  await app.slack.command('/desk', `privacy export user:<@${OTHER}>`, { userId: ADMIN });
  const files = app.fake.sharedFiles(DM);
  expect(files.map((f) => f.title)).toEqual([
    `Data-subject export of Slack user ${OTHER} (JSON)`,
    `Data-subject export of Slack user ${OTHER} (CSV)`,
  ]);
  // Named without their id, and apart from another person's export of the same day.
  const [json, csv] = files.map((f) => f.filename);
  expect(json).toMatch(/^slack-user-[0-9a-f]{8}-2026-11-24\.json$/);
  expect(csv).toBe(json!.replace(/json$/, 'csv'));
  expect(json).not.toContain(OTHER);
  expect(told().at(-1)).toContain(`The export of Slack user <@${OTHER}> (`);
});
