import type { BusinessCalendar } from '../sla/business-time.js';
import type { WorkspaceSettings } from './settings.js';

/** The business calendar of a workspace; `aroundTheClock` for tickets that count every minute. */
export function calendarFromSettings(
  settings: Pick<WorkspaceSettings, 'timeZone' | 'businessHours'>,
  opts: { aroundTheClock?: boolean } = {},
): BusinessCalendar {
  const hours = settings.businessHours;
  return {
    timeZone: settings.timeZone,
    workingDays: [...hours.workingDays],
    windows: hours.windows.map((w) => ({ start: w.start, end: w.end })),
    holidays: [...hours.holidays],
    extraWorkdays: [...hours.extraWorkdays],
    aroundTheClock: opts.aroundTheClock ?? false,
  };
}

/** When the workspace's business day starts: its first window's opening (daily jobs run then). */
export function dayStart(settings: Pick<WorkspaceSettings, 'businessHours'>): string {
  return settings.businessHours.windows[0]?.start ?? '09:00';
}
