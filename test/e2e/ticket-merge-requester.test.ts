// A merged ticket as its requester reads it (a guest of the workspace who holds no role: the
// requester's view): `/ticket requests` keeps it while the ticket it went into is open, saying
// where it is followed, and `/ticket T…` says it was merged, not just closed, by the number only
// (the target's card is in the triage channel, which the requester may not read).
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { useGuestsApp } from '../helpers/guests.js';

const GUEST = FAKE_GUEST_USER_ID;
const OTHER = 'U0ASKER001';
const { app } = useGuestsApp();

/** The text of `/ticket <text>` as GUEST reads it (its ephemeral answer). */
async function ticketCommand(text: string): Promise<string> {
  const res = await app.slack.command('/ticket', text, { userId: GUEST });
  expect(res.body).toMatchObject({ response_type: 'ephemeral' });
  return JSON.stringify(res.body);
}

test('a merged request reads "Merged into T… — followed there" in /ticket requests and its view, with a Merged step, never a link; it leaves the list once the other is resolved', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const { code } = await makeCustomer(app);
  const target = await makeTicket(app, {
    customerCode: code,
    title: 'Line 3 down',
    requester: { userId: OTHER },
  });
  const dup = await makeTicket(app, {
    customerCode: code,
    title: 'Production stopped',
    requester: { userId: GUEST },
  });
  await act(app, dup.number, { action: 'claim' }, AGENT);
  await act(app, dup.number, { action: 'merge', into: target.number }, AGENT);

  const requests = await ticketCommand('requests');
  expect(requests).toContain('*Your open requests (1)*');
  expect(requests).toContain(
    `*${dup.number}* Production stopped\\nMerged into *${target.number}* — followed there · received <!date^`,
  );
  // Nothing of the other ticket but its number: not its title, not its card.
  expect(requests).not.toContain('Line 3 down');
  expect(requests).not.toContain('archives/');

  const view = await ticketCommand(dup.number);
  expect(view).toContain(`Merged into *${target.number}* — followed there · received <!date^`);
  expect(view).not.toContain('Closed');
  expect(view).toMatch(
    new RegExp(`\\*So far\\*[^"]*Merged into \\*${target.number}\\* · <!date\\^`),
  );
  expect(view).not.toContain('Line 3 down');
  expect(view).not.toContain('archives/');

  // In Chinese too.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await ticketCommand('requests')).toContain(
    `已合并到 *${target.number}*，在那里继续跟进 · 提交于 `,
  );
  expect(await ticketCommand(dup.number)).toContain(`已合并到 *${target.number}* · `);
  await app.setSettings(() => ({ locale: 'en' }));

  // Once the ticket it went into is resolved, nothing of it is open for them any more.
  await act(app, target.number, { action: 'claim' }, AGENT);
  await act(app, target.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
  const after = await ticketCommand('requests');
  expect(after).toContain('*Your open requests (0)*');
  expect(after).not.toContain(dup.number);
});
