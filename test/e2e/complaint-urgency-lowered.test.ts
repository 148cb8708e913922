// revcomplaint F5: the agent who holds a critical complaint lowers it to general with Classify…:
// its contact moves from 1 h to 24 h of business time and its resolution from 24 h to 72 h. The
// managers (told "critical, contact by 11:00") and the account manager (who holds the contact
// task) are told: from which urgency to which, who lowered it, the due times now.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const MANAGER = 'U0MANAGER1';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
const drain = async () => {
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
};

async function lowered(locale: 'en' | 'zh-CN') {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT], locale }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const t = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'critical',
    title: 'Line down',
  });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await drain();
  const before = { m: app.fake.textsTo(MANAGER).length, o: app.fake.textsTo(OWNER).length };
  const agent = app.fake.textsTo(AGENT).length;
  await act(
    app,
    t.number,
    { action: 'classify', type: 'complaint', severity: 'general', complaintUrgency: 'general' },
    AGENT,
  );
  await drain();
  const doc = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  expect(doc.complaint!.urgency).toBe('general');
  // Whoever lowered it is not told of their own change.
  expect(app.fake.textsTo(AGENT).length).toBe(agent);
  return {
    number: t.number,
    manager: app.fake.textsTo(MANAGER).slice(before.m),
    owner: app.fake.textsTo(OWNER).slice(before.o),
  };
}

test('a critical complaint lowered by its agent: the managers and the account manager are told', async () => {
  const { number, manager, owner } = await lowered('en');
  expect(manager).toHaveLength(1);
  expect(owner).toEqual(manager);
  expect(manager[0]).toContain(`|${number}> from Huadong (Line down)`);
  expect(manager[0]).toContain(
    `is now General (一般), was Critical (特急): <@${AGENT}> changed it with *Classify…*.`,
  );
  // The general targets now, not the critical one's "contact by Tuesday 11:00".
  expect(manager[0]).toContain('|2026-11-26 16:00 GMT+8>; resolution due');
  // Another drain sends nothing twice.
  const sent = app.fake.textsTo(MANAGER).length;
  await drain();
  expect(app.fake.textsTo(MANAGER)).toHaveLength(sent);
});

test('zh-CN: the lowered urgency reads 特急 -> 一般', async () => {
  const { manager, owner } = await lowered('zh-CN');
  expect(manager).toHaveLength(1);
  expect(owner).toHaveLength(1);
  expect(manager[0]).toContain(`的紧急程度已由 <@${AGENT}> 在“分类…”中从特急改为一般。`);
  expect(manager[0]).toContain('联系期限');
});
