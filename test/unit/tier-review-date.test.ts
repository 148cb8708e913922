// The date a tier threshold change names as "the quarterly tier review" is the review job's next
// run: the first day of a quarter at 06:00 in the workspace's zone. On that day before 06:00 it
// is today; from 06:00 on, the next quarter's first day.
import { describe, expect, test } from 'vitest';
import { SettingsFlows } from '../../src/flows/settings.js';
import { nextQuarterlySlot } from '../../src/schedule/slots.js';
import type { SettingsSaved } from '../../src/workspace/admin.js';
import { defaultSettings, type WorkspaceSettings } from '../../src/workspace/settings.js';
import { tierReviewJob } from '../../jobs/tier-review.js';
import { localDate } from '../../src/time.js';

function settingsIn(timeZone: string): WorkspaceSettings {
  return defaultSettings({ locale: 'en', timeZone, admins: ['U0ADMIN001'], channels: {} });
}

/** A request's time, and its day in the workspace's zone (as makeCtx gives them). */
function requestAt(now: string, settings: WorkspaceSettings) {
  return { now: new Date(now), today: localDate(new Date(now), settings.timeZone), settings };
}

/** The date the settings modal names after a thresholds change saved at `now`. */
function namedReview(now: string, timeZone: string): string | undefined {
  const before = settingsIn(timeZone);
  const after = { ...before, tiers: { strategicMin: 2_000_000, keyMin: 800_000 } };
  const saved: SettingsSaved = { before, after, changed: { old: {}, new: { tiers: 'x' } } };
  return new SettingsFlows({} as never).nextTierReview(requestAt(now, after), saved);
}

describe('the next quarterly tier review, as a threshold change names it', () => {
  test.each([
    // Asia/Shanghai (UTC+8): 1 Jan 2027 06:00 local = 2026-12-31T22:00Z.
    ['2026-12-31T21:59:59Z', 'Asia/Shanghai', '2027-01-01'], // 05:59:59 on the quarter's first day
    ['2026-12-31T16:30:00Z', 'Asia/Shanghai', '2027-01-01'], // 00:30 local, still 31 Dec in UTC
    ['2026-12-31T22:00:00Z', 'Asia/Shanghai', '2027-04-01'], // 06:00: the review is due now
    ['2026-12-31T23:00:00Z', 'Asia/Shanghai', '2027-04-01'], // 07:00: it has run
    ['2026-12-31T15:59:00Z', 'Asia/Shanghai', '2027-01-01'], // 23:59 on 31 Dec
    ['2026-11-24T02:00:00Z', 'Asia/Shanghai', '2027-01-01'], // mid-quarter
    ['2027-03-31T21:00:00Z', 'Asia/Shanghai', '2027-04-01'], // 1 Apr 05:00 local
    // America/Los_Angeles (UTC-7 in July): 1 Jul 06:00 local = 13:00Z, 1 Jul 03:00 local = 10:00Z.
    ['2027-07-01T10:00:00Z', 'America/Los_Angeles', '2027-07-01'],
    ['2027-07-01T13:00:00Z', 'America/Los_Angeles', '2027-10-01'],
    ['2027-07-01T05:00:00Z', 'America/Los_Angeles', '2027-07-01'], // 30 Jun 22:00 local
  ])('saved at %s in %s: %s', (now, zone, date) => {
    expect(namedReview(now, zone)).toBe(date);
  });

  test('the date named is the day of the review job’s next run', () => {
    for (const now of ['2026-12-31T21:59:59Z', '2026-12-31T22:00:00Z', '2027-05-10T08:00:00Z']) {
      const settings = settingsIn('Asia/Shanghai');
      const current = tierReviewJob.slotAt(new Date(now), settings).getTime();
      const next = nextQuarterlySlot(new Date(now), settings.timeZone, '06:00');
      expect(next.getTime()).toBeGreaterThan(new Date(now).getTime());
      expect(current).toBeLessThanOrEqual(new Date(now).getTime());
      // No run of the job between now and the one named.
      expect(tierReviewJob.slotAt(new Date(next.getTime() - 1), settings).getTime()).toBe(current);
      expect(tierReviewJob.slotAt(next, settings).getTime()).toBe(next.getTime());
    }
  });

  test('thresholds unchanged: no date', () => {
    const before = settingsIn('Asia/Shanghai');
    const saved: SettingsSaved = { before, after: before, changed: { old: {}, new: {} } };
    const ctx = requestAt('2026-12-31T21:00:00Z', before);
    expect(new SettingsFlows({} as never).nextTierReview(ctx, saved)).toBeUndefined();
  });
});
