// privsurf (wave p35): F1's acceptance test: once retention took a ticket's words, no line the
// desk posted under its card still reads them in Slack (each one edited: ticket_posts, message.edit).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: 'U0ADMIN001' },
  now: '2026-11-24T02:00:00Z',
});

test('retention leaves no line under the anonymised card with the words', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT] }));
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  const t = await makeTicket(app, { customerCode: code, description: 'Gate code 4471' });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'note', text: 'Met 王芳 at gate code 4471' }, AGENT);
  await act(
    app,
    t.number,
    { action: 'resolve', summary: 'Replaced the board; gate code 4471' },
    AGENT,
  );
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  const threadTs = (await app.db.models.tickets.findOne({ number: t.number }).lean())!.card.ts;
  const posted = app.fake.calls
    .filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === threadTs)
    .map((c) => ({ ts: (c.answer as { ts?: string })?.ts, text: String(c.args.text) }));
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  await app.desk.outbox.drain();
  const touched = new Set(
    app.fake.calls
      .filter((c) => c.method === 'chat.update' || c.method === 'chat.delete')
      .map((c) => String(c.args.ts)),
  );
  expect(posted.filter((p) => p.text.includes('4471') && !touched.has(String(p.ts)))).toEqual([]);
});
