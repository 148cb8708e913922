/**
 * The greeting days list as `/desk settings` edits it (pure): one day a line, read into the
 * settings' `greetingDays` and written back. A line is `name: date`, the date a solar `MM-DD`
 * (`Company anniversary: 06-18`), a lunar one (`Qixi: lunar 07-07`, `七夕：农历 07-07`) or one of
 * the default days' keys (`Our Mid-Autumn: mid_autumn`); a default day alone on its line (its
 * key or its name in either language: `spring_festival`, `春节`) is that default. Each bad line
 * is named in the modal's inline error.
 */
import { catalogues, LOCALES, t, type Locale, type MessageKey } from '../i18n/index.js';
import type { FieldProblem } from '../errors.js';
import { clipAtCharacter, typedExcerpt } from '../text/clip.js';
import { GREETING_DAYS, type WorkspaceSettings } from './settings.js';

export type GreetingDay = WorkspaceSettings['greetingDays'][number];

/** At most this many greeting days (one task per customer each). */
export const MAX_GREETING_DAYS = 20;
export const MAX_GREETING_NAME = 40;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const nameKey = (id: string) => `greeting.${id}` as MessageKey;
const isDefaultId = (id: string) => GREETING_DAYS.some((d) => d.id === id);

/** A default day's name in every language (what a line may name it by), lower-cased. */
function defaultNames(id: string): string[] {
  return [id, ...LOCALES.map((l) => catalogues[l][nameKey(id)] ?? '')]
    .filter(Boolean)
    .map((n) => n.toLowerCase());
}

function defaultByName(word: string): (typeof GREETING_DAYS)[number] | undefined {
  const lower = word.trim().toLowerCase();
  return GREETING_DAYS.find((d) => defaultNames(d.id).includes(lower));
}

/** A day's name as the list shows it: its own, else the default day's in `locale`. */
export function greetingDayName(day: Pick<GreetingDay, 'id' | 'name'>, locale: Locale): string {
  if (day.name) return day.name;
  return isDefaultId(day.id) ? t(locale, nameKey(day.id)) : day.id;
}

const LUNAR = { en: 'lunar', 'zh-CN': '农历' } as const;

/** The list as the modal shows it, one day a line, in the workspace's language. */
export function formatGreetingDays(days: readonly GreetingDay[], locale: Locale): string {
  return days
    .map((day) => {
      const date = day.calendar === 'lunar' ? `${LUNAR[locale]} ${day.date}` : day.date;
      return `${greetingDayName(day, locale)}: ${date}`;
    })
    .join('\n');
}

/** Days a solar date has in every year (29 February has not: refused). */
const SOLAR_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthDay(text: string, calendar: 'solar' | 'lunar'): string | undefined {
  const m = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const last = calendar === 'lunar' ? 30 : (SOLAR_DAYS[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > last) return undefined;
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Reads the list; the first bad line is the problem (quoted in the message). */
export function parseGreetingDays(raw: string): Parsed<GreetingDay[]> {
  const bad = (key: MessageKey, line: string): Parsed<GreetingDay[]> => ({
    ok: false,
    problem: { key, params: { line: typedExcerpt(line, 40) } },
  });
  const days: GreetingDay[] = [];
  const lines = raw
    .split(/\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > MAX_GREETING_DAYS)
    return {
      ok: false,
      problem: { key: 'settings.error.greetingTooMany', params: { max: MAX_GREETING_DAYS } },
    };
  for (const line of lines) {
    const colon = line.search(/[:：=]/);
    let day: GreetingDay;
    if (colon < 0) {
      const known = defaultByName(line);
      if (!known) return bad('settings.error.greetingLine', line);
      day = { ...known };
    } else {
      const name = line.slice(0, colon).trim().replace(/\s+/g, ' ');
      // The date is read folded to ASCII (full-width digits); the name stays as typed.
      const spec = line
        .slice(colon + 1)
        .normalize('NFKC')
        .trim();
      if (!name) return bad('settings.error.greetingLine', line);
      if (name.length > MAX_GREETING_NAME)
        return {
          ok: false,
          problem: {
            key: 'settings.error.greetingName',
            params: { line: clipAtCharacter(line, 40, ''), max: MAX_GREETING_NAME },
          },
        };
      const lunar = /^(lunar|農曆|农历|阴历)\s*(.+)$/i.exec(spec);
      const calendar: GreetingDay['calendar'] = lunar ? 'lunar' : 'solar';
      const date = monthDay((lunar ? lunar[2]! : spec).trim(), calendar);
      const known = date ? undefined : defaultByName(spec);
      if (!date && !known) return bad('settings.error.greetingDate', line);
      const at: Pick<GreetingDay, 'calendar' | 'date'> = known
        ? { calendar: known.calendar, date: known.date }
        : { calendar, date: date! };
      // A default day under its own name (in either language) stays that default.
      const same = GREETING_DAYS.find(
        (d) =>
          d.calendar === at.calendar &&
          d.date === at.date &&
          defaultNames(d.id).includes(name.toLowerCase()),
      );
      day = same ? { ...same } : { id: `${at.calendar}_${at.date.replace('-', '')}`, ...at, name };
    }
    if (days.some((d) => d.calendar === day.calendar && d.date === day.date))
      return bad('settings.error.greetingTwice', line);
    days.push(day);
  }
  return { ok: true, value: days };
}

/** The default list (manuals B and C), as a fresh copy. */
export function defaultGreetingDays(): GreetingDay[] {
  return GREETING_DAYS.map((d) => ({ ...d }));
}
