// Quiet hours saved anew (off, a shorter window, another zone) re-time the DMs they already hold:
// each was given the old window's end when it was written; it now goes when the new settings say,
// as a DM written after the save does.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeTicket, OWNER } from '../helpers/factories.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});
const { openGroup } = settingsKit(app, ADMIN);
const save = async (group: 'quiet' | 'locale', form: Record<string, string | null>) =>
  (await app.slack.submitView(await openGroup(group), form, { userId: ADMIN })).body;
const toOwner = () =>
  app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === OWNER)
    .map((c) => String(c.args.text));

/** The account manager's DM of a ticket filed at 23:00 in Shanghai, held by quiet hours 22-08. */
async function heldAt2300() {
  expect(
    await save('quiet', { quiet_enabled: 'yes', quiet_start: '22:00', quiet_end: '08:00' }),
  ).toBe('');
  app.clock.set('2026-11-24T15:00:00Z'); // 23:00 in Shanghai
  const held = await makeTicket(app);
  await app.desk.outbox.drain();
  expect(toOwner()).toEqual([]);
  app.clock.set('2026-11-24T15:10:00Z'); // 23:10: the admin saves
  return held;
}
const told = (number: string) => toOwner().some((t) => t.includes(number));

describe('quiet hours saved anew', { timeout: 120_000 }, () => {
  test('turned off: the DMs they hold go out, as one written after the save does', async () => {
    const held = await heldAt2300();
    expect(await save('quiet', { quiet_enabled: 'no' })).toBe('');
    const after = await makeTicket(app, { customerCode: held.customerCode });
    app.clock.set('2026-11-24T15:11:00Z');
    await app.desk.outbox.drain();
    expect(told(after.number)).toBe(true);
    expect(told(held.number)).toBe(true);
  });

  test('ended earlier: the DMs they hold go at the new end, not at once and not at 08:00', async () => {
    const held = await heldAt2300();
    expect(
      await save('quiet', { quiet_enabled: 'yes', quiet_start: '22:00', quiet_end: '23:30' }),
    ).toBe('');
    app.clock.set('2026-11-24T15:20:00Z'); // 23:20: still quiet
    await app.desk.outbox.drain();
    expect(told(held.number)).toBe(false);
    app.clock.set('2026-11-24T15:30:00Z'); // 23:30: the new end
    await app.desk.outbox.drain();
    expect(told(held.number)).toBe(true);
  });

  test('another time zone: the DMs go when its quiet hours end (16:10 in Berlin: at once)', async () => {
    const held = await heldAt2300();
    expect(await save('locale', { locale: 'en', time_zone: 'Europe/Berlin' })).toBe('');
    app.clock.set('2026-11-24T15:11:00Z');
    await app.desk.outbox.drain();
    expect(told(held.number)).toBe(true);
  });
});
