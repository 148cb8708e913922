/**
 * The settings modals' forms (pure): each group's fields as form text (the modal's initial
 * values, the history's old and new), and the form read back into settings. Every bad value is
 * a problem on its own field (inline in the modal); nothing is saved until all are good, and
 * the result is checked once more by the settings schema (zod) when it is saved.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FieldErrors, type FieldProblem as Problem } from '../errors.js';
import { typedExcerpt } from '../text/clip.js';
import type { MessageKey } from '../i18n/index.js';
import { amount, choice, time, yesNo, type FormData, type Kind } from '../forms/kinds.js';
import { readForm, required, optional } from '../forms/read.js';
import { LOCALES } from '../i18n/index.js';
import { addDaysToDate, parseDateOnly } from '../time.js';
import { formatGreetingDays, parseGreetingDays, type GreetingDay } from './greeting-days.js';
import type { SettingsGroup, WorkspaceSettings } from './settings.js';

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(key: MessageKey, params?: Problem['params']): Parsed<T> => ({
  ok: false,
  problem: params ? { key, params } : { key },
});

/** A kind of field read with a zod schema: its first issue's message is the catalogue key. */
function zodKind<T>(schema: z.ZodType<T, string>, format: (v: T) => string, max = 3000): Kind<T> {
  return {
    parse(raw) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) return ok(parsed.data);
      const issue = parsed.error.issues[0];
      return fail(
        (issue?.message ?? 'form.error.required') as MessageKey,
        (issue as { params?: Problem['params'] } | undefined)?.params,
      );
    },
    format,
    cleared: null,
    input: { type: 'text', max },
    max,
  };
}

/** `2`, `1.5`, `2h`, `90 min`, `1h30m`, `2 小时`, `30 分钟` -> minutes. */
export function parseDuration(raw: string): number | undefined {
  const text = raw.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  let m = /^(\d+(?:\.\d+)?)(h|hours?|小时)?$/.exec(text);
  if (m) return Math.round(Number(m[1]) * 60);
  m = /^(\d+)(m|mins?|minutes?|分钟)$/.exec(text);
  if (m) return Number(m[1]);
  m = /^(\d+)(?:h|小时)(\d+)(?:m|mins?|分钟)?$/.exec(text);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  return undefined;
}

/** Minutes as the modal shows them: hours (`4`, `1.5`), or `1h40m` when not a clean fraction. */
export function formatDuration(minutes: number): string {
  if (minutes % 15 === 0) return String(minutes / 60);
  return `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

/** Business time in hours (or minutes), at least one minute and at most a year. */
const duration = () =>
  zodKind(
    z.string().transform((raw, ctx) => {
      const minutes = parseDuration(raw);
      if (minutes === undefined || minutes < 1 || minutes > 525_600) {
        ctx.addIssue({ code: 'custom', message: 'settings.error.duration' });
        return z.NEVER;
      }
      return minutes;
    }),
    formatDuration,
    20,
  );

/** A whole number from `min` to `max`. */
const whole = (min: number, max: number) =>
  zodKind(
    z.string().transform((raw, ctx) => {
      const value = /^-?\d{1,12}$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!(value >= min && value <= max)) {
        ctx.addIssue({ code: 'custom', message: 'settings.error.whole', params: { min, max } });
        return z.NEVER;
      }
      return value;
    }),
    String,
    14,
  );

/** A percentage from `min` to `max` (`75`, `75%`, `75.5`), as a fraction (0.75). */
const percent = (min: number, max: number) =>
  zodKind(
    z.string().transform((raw, ctx) => {
      const m = /^(-?\d+(?:\.\d+)?)\s*[%％]?$/.exec(raw.trim());
      const value = m ? Number(m[1]) : NaN;
      if (!(value >= min && value <= max)) {
        ctx.addIssue({ code: 'custom', message: 'settings.error.percent', params: { min, max } });
        return z.NEVER;
      }
      return Math.round(value * 100) / 10_000;
    }),
    (v) => String(Math.round(v * 10_000) / 100),
    10,
  );

/** An IANA time zone (`Asia/Shanghai`), spelled as Intl spells it. */
const timeZone = () =>
  zodKind(
    z.string().transform((raw, ctx) => {
      try {
        if (!raw.includes('/') && raw.toUpperCase() !== 'UTC') throw new RangeError(raw);
        return new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'settings.error.timeZone' });
        return z.NEVER;
      }
    }),
    String,
    64,
  );

/** A channel id (what conversations_select gives). */
const channel = () =>
  zodKind(z.string().regex(/^[CG][A-Z0-9]{2,31}$/, 'settings.error.channel'), String, 40);

/** Weekdays 1-7 (checkbox values joined with commas); at least one. */
const weekdays = () =>
  zodKind(
    z
      .string()
      .transform((raw) => raw.split(',').map((d) => d.trim()))
      .pipe(z.array(z.enum(['1', '2', '3', '4', '5', '6', '7'], 'settings.error.weekdays')))
      .transform((days) => [...new Set(days.map(Number))].sort()),
    (days) => days.join(','),
    20,
  );

/**
 * The most dates a list holds: as many as its input (3000 characters) shows again, one
 * `YYYY-MM-DD` a line, however short they were typed.
 */
export const MAX_DATES = Math.floor((3000 + 1) / 11);

/** The longest range of dates typed as one (`2026-10-01~2026-10-07`): a month. */
export const MAX_RANGE_DAYS = 31;

/**
 * The words of a list of dates as typed (one per line, or separated by commas or spaces); a
 * range (`2026-10-01~2026-10-07`, `2026-10-01 - 2026-10-07`, `2026年10月1日至2026年10月7日`,
 * on one line) is one word, its ends joined by `~`.
 */
export const dateWords = (raw: string): string[] =>
  raw
    .replace(/[ \t\u3000]*[~～至到–—][ \t\u3000]*|[ \t\u3000]+-[ \t\u3000]+/g, '~')
    .split(/[\s,，;；、]+/)
    .filter(Boolean);

/** The days a word of a date list stands for: one date, or each day of a range; else undefined. */
export function datesOfWord(word: string): string[] | undefined {
  const ends = word.split('~');
  if (ends.length === 1) {
    const date = parseDateOnly(word);
    return date ? [date] : undefined;
  }
  const [first, last] = ends.map((end) => parseDateOnly(end));
  if (ends.length !== 2 || !first || !last || first > last) return undefined;
  const days: string[] = [];
  for (let day = first; day <= last; day = addDaysToDate(day, 1)) {
    if (days.length === MAX_RANGE_DAYS) return undefined;
    days.push(day);
  }
  return days;
}

/** Bad dates named in the error, at most. */
const BAD_DATES_SHOWN = 5;

/** Dates, one per line or separated by commas or spaces, or ranges; sorted, duplicates dropped. */
export function parseDates(raw: string): Parsed<string[]> {
  const dates = new Set<string>();
  // Every word that is not a date is named at once (the first few), not one per save.
  const bad = new Set<string>();
  let badRange: string | undefined;
  for (const word of dateWords(raw)) {
    const days = datesOfWord(word);
    if (!days) {
      if (!word.includes('~')) bad.add(word.slice(0, 20));
      else badRange ??= word.slice(0, 45);
      continue;
    }
    days.forEach((day) => dates.add(day));
  }
  if (bad.size)
    return {
      ok: false,
      problem: {
        key: 'settings.error.dates',
        params: { count: bad.size },
        lists: { value: [...bad].slice(0, BAD_DATES_SHOWN) },
      },
    };
  if (badRange !== undefined)
    return fail('settings.error.dateRange', { value: badRange, max: MAX_RANGE_DAYS });
  if (dates.size > MAX_DATES) return fail('settings.error.tooManyDates', { max: MAX_DATES });
  return ok([...dates].sort());
}

const dates = (): Kind<string[]> => ({
  parse: (raw) => parseDates(raw),
  format: (v) => v.join('\n'),
  cleared: [],
  input: { type: 'text', max: 3000, multiline: true },
  max: 3000,
});

/**
 * Business windows `09:00-12:00, 13:00-18:00` (also `09:00 - 18:00`, `09:00至18:00`): each start
 * before its end, in order, apart.
 */
export function parseWindows(raw: string): Parsed<{ start: string; end: string }[]> {
  const windows: { start: string; end: string }[] = [];
  // Spaces around the dash join its two times: they are one window, not two words.
  const joined = raw.replace(/\s*([-–—~～至到])\s*/g, '$1');
  for (const part of joined.split(/[,，;；、\s]+/).filter(Boolean)) {
    const m = /^([01]?\d|2[0-3]):([0-5]\d)[-–—~～至到]([01]?\d|2[0-4]):([0-5]\d)$/.exec(part);
    const start = m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : '';
    const end = m ? `${m[3]!.padStart(2, '0')}:${m[4]}` : '';
    if (!m || end > '24:00' || start >= end)
      return fail('settings.error.window', { value: typedExcerpt(part, 20) });
    windows.push({ start, end });
  }
  if (!windows.length || windows.length > 6) return fail('settings.error.windows');
  windows.sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < windows.length; i++)
    if (windows[i]!.start < windows[i - 1]!.end) return fail('settings.error.windowsOverlap');
  return ok(windows);
}

const windowsKind = (): Kind<{ start: string; end: string }[]> => ({
  parse: (raw) => parseWindows(raw),
  format: (v) => v.map((w) => `${w.start}-${w.end}`).join(', '),
  cleared: null,
  input: { type: 'text', max: 200 },
  max: 200,
});

/** Revisit days `3, 7, 30`: whole days 1-365, in order, at most ten. */
const dayList = () =>
  zodKind(
    z
      .string()
      .transform((raw) => raw.split(/[\s,，;；、]+/).filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(/^\d{1,3}$/, 'settings.error.dayList'))
          .min(1, 'settings.error.dayList')
          .max(10, 'settings.error.dayList'),
      )
      .transform((days) => [...new Set(days.map(Number))].sort((a, b) => a - b))
      .pipe(
        z.array(z.number().min(1, 'settings.error.dayList').max(365, 'settings.error.dayList')),
      ),
    (days) => days.join(', '),
    60,
  );

/** Tiers (checkbox values joined with commas), in the tiers' order. */
const tierList = () =>
  zodKind(
    z
      .string()
      .transform((raw) => raw.split(',').map((tier) => tier.trim()))
      .pipe(z.array(z.enum(['strategic', 'key', 'normal'], 'settings.error.tiers')))
      .transform((tiers) => TIER_COLUMNS.filter((tier) => tiers.includes(tier))),
    (tiers) => tiers.join(','),
    40,
  );

const SEVERITY_ROWS = ['urgent', 'important', 'general'] as const;
const TIER_COLUMNS = ['strategic', 'key', 'normal'] as const;
const cell = (s: string, t: string) => `resp_${s}_${t}`;

/** The first-response matrix as stored, or as the stricter-wins rule gives it. */
export function responseMatrix(
  sla: WorkspaceSettings['sla'],
): NonNullable<WorkspaceSettings['sla']['responseMinutesMatrix']> {
  const row = (s: (typeof SEVERITY_ROWS)[number]) =>
    Object.fromEntries(
      TIER_COLUMNS.map((t) => [
        t,
        sla.responseMinutesMatrix?.[s][t] ??
          Math.min(sla.responseMinutesBySeverity[s], sla.responseMinutesByTier[t]),
      ]),
    ) as Record<(typeof TIER_COLUMNS)[number], number>;
  return { urgent: row('urgent'), important: row('important'), general: row('general') };
}

/**
 * A check across two fields refused: on `field` (its message), unless the admin changed `other`
 * and not `field` (`touched`, what they changed from what the modal showed): then on `other`,
 * with its message naming `field`, so the error is where they made the change.
 */
function across(
  problems: Record<string, Problem>,
  touched: ReadonlySet<string> | undefined,
  field: string,
  problem: Problem,
  other: string,
  otherProblem: Problem,
): void {
  if (touched && !touched.has(field) && touched.has(other)) problems[other] ??= otherProblem;
  else problems[field] ??= problem;
}

/**
 * The fields of a modal the admin changed from what its inputs were drawn with (`shown`: their
 * initial values), as typed (spaces around them aside).
 */
export function touchedFields(form: FormData, shown: FormData): ReadonlySet<string> {
  const norm = (text: string | null | undefined) => (text ?? '').trim();
  return new Set(Object.keys(form).filter((field) => norm(form[field]) !== norm(shown[field])));
}

/** The resolution target of a severity (`resolution_urgent`, ...): one field each. */
const resolutionField = (s: string) => `resolution_${s}`;

/**
 * The targets that may not invert severity, each a column of fields by severity, with the
 * messages of a more severe field longer than a less severe one (`longer`) and of a less severe
 * one shorter than a more severe one (`shorter`): each tier's first response, and the resolution.
 */
const SEVERITY_COLUMNS: readonly {
  field: (severity: string) => string;
  longer: MessageKey;
  shorter: MessageKey;
}[] = [
  ...TIER_COLUMNS.map((t) => ({
    field: (sev: string) => cell(sev, t),
    longer: 'settings.error.slaOrder' as const,
    shorter: 'settings.error.slaOrderLess' as const,
  })),
  {
    field: resolutionField,
    longer: 'settings.error.resolutionOrder',
    shorter: 'settings.error.resolutionOrderLess',
  },
];

/** A complaint's urgencies, most severe first, as the complaints group's fields name them. */
const COMPLAINT_ROWS = ['critical', 'urgent', 'general'] as const;

/**
 * A complaint's contact and resolution targets by urgency (`complaint_contact_critical`, ...):
 * a more urgent complaint is contacted and resolved at least as fast as a less urgent one.
 */
const COMPLAINT_COLUMNS: typeof SEVERITY_COLUMNS = [
  {
    field: (urgency: string) => `complaint_contact_${urgency}`,
    longer: 'settings.error.complaintContactOrder',
    shorter: 'settings.error.complaintContactOrderLess',
  },
  {
    field: (urgency: string) => `complaint_resolution_${urgency}`,
    longer: 'settings.error.complaintResolutionOrder',
    shorter: 'settings.error.complaintResolutionOrderLess',
  },
];

/**
 * Within a tier, a more severe ticket is answered at least as fast as a less severe one (domain
 * 4: urgent 2 h, important 4 h, general 8 h), and resolved at least as fast (manual D): a more
 * severe target longer than a less severe one of its column (`SEVERITY_COLUMNS`) is refused on
 * the more severe field, naming the shortest less severe target it exceeds; when the admin
 * changed only the less severe field (`touched`), on that one, naming the longest more severe
 * target it is under. Fields that did not read are left to their own problem.
 */
function refuseInvertedTargets(
  values: Record<string, unknown>,
  problems: Record<string, Problem>,
  touched?: ReadonlySet<string>,
  columns: typeof SEVERITY_COLUMNS = SEVERITY_COLUMNS,
  rows: readonly string[] = SEVERITY_ROWS,
) {
  for (const { field, longer, shorter } of columns)
    rows.forEach((sev, i) => {
      const mine = values[field(sev)];
      if (typeof mine !== 'number' || problems[field(sev)]) return;
      let shortest: { less: string; minutes: number } | undefined;
      for (const less of rows.slice(i + 1)) {
        const theirs = values[field(less)];
        if (typeof theirs === 'number' && theirs < (shortest?.minutes ?? Infinity))
          shortest = { less, minutes: theirs };
      }
      if (!shortest || mine <= shortest.minutes) return;
      const [here, there] = [field(sev), field(shortest.less)];
      if (!touched || touched.has(here) || !touched.has(there)) {
        problems[here] ??= {
          key: longer,
          params: { less: shortest.less, hours: Math.round((shortest.minutes / 60) * 100) / 100 },
        };
        return;
      }
      // Only the less severe field changed: refused there, naming the longest target it is under.
      const hours = Math.round((mine / 60) * 100) / 100;
      const had = problems[there];
      if (had && !(had.key === shorter && Number(had.params?.hours) < hours)) return;
      problems[there] = { key: shorter, params: { more: sev, hours } };
    });
}

/** Each group's fields as form text: what its modal shows and its history compares. */
export function settingsFormData(group: SettingsGroup, s: WorkspaceSettings): FormData {
  const pct = (v: number) => String(Math.round(v * 10_000) / 100);
  const yes = (v: boolean) => (v ? 'yes' : 'no');
  switch (group) {
    case 'channels':
      return {
        channel_triage: s.channels.triage,
        channel_escalation: s.channels.escalation,
        channel_alerts: s.channels.alerts,
        channel_digest: s.channels.digest,
      };
    case 'locale':
      return { locale: s.locale, time_zone: s.timeZone };
    case 'hours':
      return {
        working_days: [...s.businessHours.workingDays].sort().join(','),
        windows: s.businessHours.windows.map((w) => `${w.start}-${w.end}`).join(', '),
        urgent_24x7: yes(s.sla.urgentAroundTheClock),
      };
    case 'holidays':
      return {
        holidays: s.businessHours.holidays.join('\n'),
        extra_workdays: s.businessHours.extraWorkdays.join('\n'),
      };
    case 'sla': {
      const matrix = responseMatrix(s.sla);
      return {
        ...Object.fromEntries(
          SEVERITY_ROWS.flatMap((sev) =>
            TIER_COLUMNS.map((t) => [cell(sev, t), formatDuration(matrix[sev][t])]),
          ),
        ),
        ...Object.fromEntries(
          SEVERITY_ROWS.map((sev) => [
            resolutionField(sev),
            formatDuration(s.sla.resolutionMinutesBySeverity[sev]),
          ]),
        ),
        warn_at: pct(s.sla.warnAtFraction),
        auto_escalate: yes(s.sla.autoEscalate),
        l3_after: formatDuration(s.sla.l3AfterMinutes),
        urgent_breaches: yes(s.sla.urgentBreachesAnyTime),
        progress_note_hours: String(s.progressNoteHours),
      };
    }
    case 'customers':
      return {
        tier_strategic: String(s.tiers.strategicMin),
        tier_key: String(s.tiers.keyMin),
        cadence_strategic: String(s.cadenceDays.strategic),
        cadence_key: String(s.cadenceDays.key),
        cadence_normal: String(s.cadenceDays.normal),
        segment_tiers: TIER_COLUMNS.filter((t) => s.segmentCadence.tiers.includes(t)).join(','),
        segment_vip_visit: String(s.segmentCadence.vipVisit),
        segment_potential_call: String(s.segmentCadence.potentialCall),
        segment_stable_call: String(s.segmentCadence.stableCall),
        revisit_days: s.revisitDays.join(', '),
        vip_min: String(s.valueClasses.vipMin),
        vip_years: String(s.valueClasses.vipYears),
        high_value_min: String(s.valueClasses.highValueMin),
      };
    case 'signals':
      return {
        churn_days: String(s.churnInactivityDays),
        upsell_growth: pct(s.upsellGrowth),
        upsell_min_orders: String(s.upsellMinOrders),
        contract_notice_days: String(s.contractNoticeDays),
        upgrade_intent_days: String(s.upgradeIntentWorkingDays),
        order_fall: pct(s.orderFall),
      };
    case 'digest': {
      const t = s.digest.targets;
      return {
        digest_weekday: String(s.digest.weekday),
        digest_time: s.digest.time,
        target_response: pct(t.responseOnTime),
        target_72h: pct(t.resolvedWithin72h),
        target_fcr: pct(t.firstContactResolution),
        target_satisfaction: String(t.satisfaction),
        target_nps: String(t.nps),
        target_very_satisfied: pct(t.verySatisfiedShare),
        tier_satisfaction_strategic: String(s.digest.tierSatisfaction.strategic),
        tier_satisfaction_key: String(s.digest.tierSatisfaction.key),
        tier_satisfaction_normal: String(s.digest.tierSatisfaction.normal),
        target_repurchase: pct(t.repurchaseRate),
        target_referral: pct(t.referralShare),
      };
    }
    case 'complaints': {
      const c = s.complaints;
      return {
        complaint_contact_general: formatDuration(c.contactMinutes.general),
        complaint_contact_urgent: formatDuration(c.contactMinutes.urgent),
        complaint_contact_critical: formatDuration(c.contactMinutes.critical),
        complaint_resolution_general: formatDuration(c.resolutionMinutes.general),
        complaint_resolution_urgent: formatDuration(c.resolutionMinutes.urgent),
        complaint_resolution_critical: formatDuration(c.resolutionMinutes.critical),
        demand_plan_days: String(s.demandPlanDays),
      };
    }
    case 'privacy':
      return {
        retention_days: String(s.retentionDays),
        erase_on_uninstall: yes(s.eraseOnUninstall),
      };
    case 'greetings':
      return { greeting_days: formatGreetingDays(s.greetingDays, s.locale) };
    case 'replies':
      // Kept one by one in a list modal of their own (src/workspace/saved-replies.ts): no form.
      return {};
    case 'quiet':
      return {
        quiet_enabled: yes(s.quietHours.enabled),
        quiet_start: s.quietHours.start,
        quiet_end: s.quietHours.end,
      };
  }
}

const days = () => whole(1, 3650);

/** The greeting days, one a line (src/workspace/greeting-days.ts); empty: no greetings. */
const greetingList = (locale: WorkspaceSettings['locale']): Kind<GreetingDay[]> => ({
  parse: (raw) => parseGreetingDays(raw),
  format: (v) => formatGreetingDays(v, locale),
  cleared: [],
  input: { type: 'text', max: 3000, multiline: true },
  max: 3000,
  asTyped: true,
});

/**
 * Reads a group's modal into new settings: `current` with that group's fields replaced. Throws
 * FieldErrors with a problem per bad field (the modal's block ids); a check across two fields
 * on the one the admin changed (`touched`: `touchedFields`; none, on the first's).
 */
export function parseSettingsForm(
  group: SettingsGroup,
  form: FormData,
  current: WorkspaceSettings,
  touched?: ReadonlySet<string>,
): WorkspaceSettings {
  const s = structuredClone(current);
  switch (group) {
    case 'channels': {
      const v = readForm(
        form,
        {
          channel_triage: optional(channel()),
          channel_escalation: optional(channel()),
          channel_alerts: optional(channel()),
          channel_digest: optional(channel()),
        },
        undefined,
      );
      const channels = {
        triage: v.channel_triage,
        escalation: v.channel_escalation,
        alerts: v.channel_alerts,
        digest: v.channel_digest,
      };
      s.channels = Object.fromEntries(Object.entries(channels).filter(([, id]) => id));
      // A channel the form sets (checked by it) is no longer one the desk cleared as shared: it
      // is then kept or left as any other desk channel. One the settings named along with the
      // list already (set again before this was pruned) goes from it too.
      const named = new Set([...Object.values(current.channels), ...Object.values(s.channels)]);
      s.clearedChannels = current.clearedChannels.filter((c) => !named.has(c));
      return s;
    }
    case 'locale': {
      const v = readForm(
        form,
        { locale: required(choice(LOCALES, 'settings.locale')), time_zone: required(timeZone()) },
        undefined,
      );
      s.locale = v.locale;
      s.timeZone = v.time_zone;
      return s;
    }
    case 'hours': {
      const v = readForm(
        form,
        {
          working_days: required(weekdays()),
          windows: required(windowsKind()),
          urgent_24x7: required(yesNo()),
        },
        undefined,
      );
      s.businessHours.workingDays = v.working_days;
      s.businessHours.windows = v.windows;
      s.sla.urgentAroundTheClock = v.urgent_24x7;
      return s;
    }
    case 'holidays': {
      const v = readForm(
        form,
        { holidays: optional(dates()), extra_workdays: optional(dates()) },
        undefined,
        (values, problems) => {
          const both = (values.extra_workdays ?? []).find((d) => values.holidays?.includes(d));
          if (both)
            across(
              problems,
              touched,
              'extra_workdays',
              { key: 'settings.error.both', params: { date: both } },
              'holidays',
              { key: 'settings.error.bothHoliday', params: { date: both } },
            );
        },
      );
      s.businessHours.holidays = v.holidays ?? [];
      s.businessHours.extraWorkdays = v.extra_workdays ?? [];
      return s;
    }
    case 'sla': {
      // A modal drawn before resolution targets varied by severity (open across a deploy) has
      // one Resolution input: its value is each severity's, as the stored settings read.
      if (form.resolution !== undefined && form[resolutionField('urgent')] === undefined)
        form = {
          ...form,
          ...Object.fromEntries(
            SEVERITY_ROWS.map((sev) => [resolutionField(sev), form.resolution]),
          ),
        };
      const cells = Object.fromEntries(
        SEVERITY_ROWS.flatMap((sev) =>
          TIER_COLUMNS.map((t) => [cell(sev, t), required(duration())]),
        ),
      );
      const v = readForm(
        form,
        {
          ...cells,
          ...Object.fromEntries(
            SEVERITY_ROWS.map((sev) => [resolutionField(sev), required(duration())]),
          ),
          warn_at: required(percent(1, 99)),
          auto_escalate: required(yesNo()),
          l3_after: required(duration()),
          urgent_breaches: required(yesNo()),
          progress_note_hours: required(whole(0, 720)),
        },
        undefined,
        (values, problems) =>
          refuseInvertedTargets(values as Record<string, unknown>, problems, touched),
      ) as Record<string, unknown>;
      const row = (sev: string) =>
        Object.fromEntries(TIER_COLUMNS.map((t) => [t, v[cell(sev, t)] as number])) as Record<
          (typeof TIER_COLUMNS)[number],
          number
        >;
      s.sla.responseMinutesMatrix = {
        urgent: row('urgent'),
        important: row('important'),
        general: row('general'),
      };
      s.sla.resolutionMinutesBySeverity = {
        urgent: v[resolutionField('urgent')] as number,
        important: v[resolutionField('important')] as number,
        general: v[resolutionField('general')] as number,
      };
      s.sla.warnAtFraction = v.warn_at as number;
      s.sla.autoEscalate = v.auto_escalate as boolean;
      s.sla.l3AfterMinutes = v.l3_after as number;
      s.sla.urgentBreachesAnyTime = v.urgent_breaches as boolean;
      s.progressNoteHours = v.progress_note_hours as number;
      return s;
    }
    case 'customers': {
      const v = readForm(
        form,
        {
          tier_strategic: required(amount()),
          tier_key: required(amount()),
          cadence_strategic: required(days()),
          cadence_key: required(days()),
          cadence_normal: required(days()),
          segment_tiers: optional(tierList()),
          segment_vip_visit: required(days()),
          segment_potential_call: required(days()),
          segment_stable_call: required(days()),
          revisit_days: required(dayList()),
          vip_min: required(amount()),
          vip_years: required(whole(0, 50)),
          high_value_min: required(amount()),
        },
        undefined,
        (values, problems) => {
          if (
            values.tier_key !== undefined &&
            values.tier_strategic !== undefined &&
            values.tier_key >= values.tier_strategic
          )
            across(
              problems,
              touched,
              'tier_key',
              { key: 'settings.error.tierOrder' },
              'tier_strategic',
              { key: 'settings.error.tierOrderStrategic' },
            );
          if (
            values.high_value_min !== undefined &&
            values.vip_min !== undefined &&
            values.high_value_min >= values.vip_min
          )
            across(
              problems,
              touched,
              'high_value_min',
              { key: 'settings.error.valueClassOrder' },
              'vip_min',
              { key: 'settings.error.valueClassOrderVip' },
            );
        },
      );
      s.tiers = { strategicMin: v.tier_strategic, keyMin: v.tier_key };
      s.cadenceDays = {
        strategic: v.cadence_strategic,
        key: v.cadence_key,
        normal: v.cadence_normal,
      };
      s.segmentCadence = {
        vipVisit: v.segment_vip_visit,
        potentialCall: v.segment_potential_call,
        stableCall: v.segment_stable_call,
        tiers: v.segment_tiers ?? [],
      };
      s.revisitDays = v.revisit_days;
      s.valueClasses = {
        vipMin: v.vip_min,
        vipYears: v.vip_years,
        highValueMin: v.high_value_min,
      };
      return s;
    }
    case 'signals': {
      const v = readForm(
        form,
        {
          churn_days: required(days()),
          upsell_growth: required(percent(1, 1000)),
          upsell_min_orders: required(whole(1, 1000)),
          contract_notice_days: required(days()),
          upgrade_intent_days: required(whole(1, 30)),
          order_fall: required(percent(1, 100)),
        },
        undefined,
      );
      s.orderFall = v.order_fall;
      s.churnInactivityDays = v.churn_days;
      s.upsellGrowth = v.upsell_growth;
      s.upsellMinOrders = v.upsell_min_orders;
      s.contractNoticeDays = v.contract_notice_days;
      s.upgradeIntentWorkingDays = v.upgrade_intent_days;
      return s;
    }
    case 'digest': {
      // A modal drawn before the reports' targets were there (open across a deploy) has no
      // input of them: they stay as stored.
      const stored = settingsFormData('digest', current);
      for (const id of ['target_repurchase', 'target_referral'])
        if (form[id] === undefined) form = { ...form, [id]: stored[id] };
      const v = readForm(
        form,
        {
          digest_weekday: required(choice(['1', '2', '3', '4', '5', '6', '7'], 'settings.weekday')),
          digest_time: required(time()),
          target_response: required(percent(0, 100)),
          target_72h: required(percent(0, 100)),
          target_fcr: required(percent(0, 100)),
          target_satisfaction: required(whole(0, 100)),
          target_nps: required(whole(-100, 100)),
          target_very_satisfied: required(percent(0, 100)),
          tier_satisfaction_strategic: required(whole(0, 100)),
          tier_satisfaction_key: required(whole(0, 100)),
          tier_satisfaction_normal: required(whole(0, 100)),
          target_repurchase: required(percent(0, 100)),
          target_referral: required(percent(0, 100)),
        },
        undefined,
      );
      s.digest = {
        weekday: Number(v.digest_weekday),
        time: v.digest_time,
        targets: {
          responseOnTime: v.target_response,
          resolvedWithin72h: v.target_72h,
          firstContactResolution: v.target_fcr,
          satisfaction: v.target_satisfaction,
          nps: v.target_nps,
          verySatisfiedShare: v.target_very_satisfied,
          repurchaseRate: v.target_repurchase,
          referralShare: v.target_referral,
        },
        tierSatisfaction: {
          strategic: v.tier_satisfaction_strategic,
          key: v.tier_satisfaction_key,
          normal: v.tier_satisfaction_normal,
        },
      };
      return s;
    }
    case 'privacy': {
      const v = readForm(
        form,
        { retention_days: required(whole(0, 3650)), erase_on_uninstall: required(yesNo()) },
        undefined,
      );
      s.retentionDays = v.retention_days;
      s.eraseOnUninstall = v.erase_on_uninstall;
      return s;
    }
    case 'greetings': {
      const v = readForm(
        form,
        { greeting_days: optional(greetingList(current.locale)) },
        undefined,
      );
      s.greetingDays = v.greeting_days ?? [];
      return s;
    }
    case 'replies':
      // Edited one by one (SettingsAdminService.saveReply / deleteReply): a form changes nothing.
      return s;
    case 'quiet': {
      const v = readForm(
        form,
        {
          quiet_enabled: required(yesNo()),
          quiet_start: required(time()),
          quiet_end: required(time()),
        },
        undefined,
        (values, problems) => {
          if (values.quiet_enabled && values.quiet_start && values.quiet_start === values.quiet_end)
            across(
              problems,
              touched,
              'quiet_end',
              { key: 'settings.error.quietEmpty' },
              'quiet_start',
              { key: 'settings.error.quietEmptyStart' },
            );
        },
      );
      s.quietHours = { enabled: v.quiet_enabled, start: v.quiet_start, end: v.quiet_end };
      return s;
    }
    case 'complaints': {
      const v = readForm(
        form,
        {
          complaint_contact_general: required(duration()),
          complaint_contact_urgent: required(duration()),
          complaint_contact_critical: required(duration()),
          complaint_resolution_general: required(duration()),
          complaint_resolution_urgent: required(duration()),
          complaint_resolution_critical: required(duration()),
          demand_plan_days: required(whole(1, 60)),
        },
        undefined,
        (values, problems) =>
          refuseInvertedTargets(
            values as Record<string, unknown>,
            problems,
            touched,
            COMPLAINT_COLUMNS,
            COMPLAINT_ROWS,
          ),
      );
      s.complaints = {
        contactMinutes: {
          general: v.complaint_contact_general,
          urgent: v.complaint_contact_urgent,
          critical: v.complaint_contact_critical,
        },
        resolutionMinutes: {
          general: v.complaint_resolution_general,
          urgent: v.complaint_resolution_urgent,
          critical: v.complaint_resolution_critical,
        },
      };
      s.demandPlanDays = v.demand_plan_days;
      return s;
    }
  }
}

/** A field's text as a modal's metadata keeps what it showed: a digest (10 characters). */
export function shownDigest(text: string | undefined): string {
  return createHash('sha256')
    .update(text ?? '')
    .digest('base64url')
    .slice(0, 10);
}

/**
 * What a group's modal shows when it opens, field by field (`shownDigest` of its text), kept in
 * its metadata (`settingsShown`): its save writes only the fields changed from these.
 */
export function settingsShown(group: SettingsGroup, s: WorkspaceSettings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settingsFormData(group, s)).map(([field, text]) => [field, shownDigest(text)]),
  );
}

/**
 * The fields that are lists of items, and how their form text (as `settingsFormData` writes it)
 * splits into items (`sep`): each item's key (what makes it the same item) and its text. Two admins'
 * changes to one of these are merged item by item (`mergeItems`).
 */
/** How a list's text splits into items (`sep`), and what makes two items the same one (`key`). */
export interface ListItems {
  sep: string;
  key?: (item: string) => string;
  /** The text as shown, drawn in `locale` (the language may have changed since it was). */
  redraw?: (text: string, locale: WorkspaceSettings['locale']) => string;
}

const LIST_FIELDS: Record<string, ListItems> = {
  holidays: { sep: '\n' },
  extra_workdays: { sep: '\n' },
  revisit_days: { sep: ', ' },
  working_days: { sep: ',' },
  segment_tiers: { sep: ',' },
  // `Name: date`: a day is the same day by its date (renamed, it is that day changed). Both,
  // `lunar` and a default day's name, are in the workspace's language: what the modal showed is
  // drawn again in today's, as the list as typed and as stored are, before they are compared.
  greeting_days: {
    sep: '\n',
    key: (line) => line.slice(line.indexOf(': ') + 2),
    redraw: (text, locale) => {
      const days = parseGreetingDays(text);
      return days.ok ? formatGreetingDays(days.value, locale) : text;
    },
  },
};

const itemsOf = (list: ListItems, text: string | undefined): Map<string, string> => {
  const items = text ? text.split(list.sep).filter(Boolean) : [];
  return new Map(items.map((item) => [list.key?.(item) ?? item, item]));
};

/** Dates as `listsShown` keeps them: each `YYYY-MM-DD` as 3 characters (days since 1900). */
const DATE_LISTS = new Set(['holidays', 'extra_workdays']);
const PACK = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1900, 0, 1);

function packDates(text: string): string | undefined {
  let out = '';
  for (const date of text.split('\n').filter(Boolean)) {
    const day = (Date.parse(`${date}T00:00:00Z`) - EPOCH) / DAY_MS;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !(day >= 0 && day < 64 ** 3)) return undefined;
    out += [day >> 12, (day >> 6) & 63, day & 63].map((n) => PACK[n]).join('');
  }
  return out;
}

function unpackDates(packed: string): string {
  const dates: string[] = [];
  for (let i = 0; i + 3 <= packed.length; i += 3) {
    const [a, b, c] = [...packed.slice(i, i + 3)].map((ch) => PACK.indexOf(ch));
    dates.push(new Date(EPOCH + ((a! << 12) + (b! << 6) + c!) * DAY_MS).toISOString().slice(0, 10));
  }
  return dates.join('\n');
}

/**
 * The lists a settings modal redrawn by Load public holidays / Restore the default days showed
 * when it opened, for its metadata (`listsShown`): its inputs are drawn again with what was
 * loaded, so their initial values no longer say it. Kept: a list `carried` holds already (an
 * earlier redraw); a list whose initial value in the view redrawn (`initial`, by field) is what
 * the modal opened with (its digest in `shown`) and which the redraw changes (`values`). A date
 * list is packed (3 characters a date: 272 of them in 816). The save reads them back
 * (`listsAsShown`) as the lists' text as shown, merged item by item as without a redraw.
 */
export function carryListsShown(
  initial: FormData,
  shown: Record<string, string> | undefined,
  carried: Record<string, string> | undefined,
  values: FormData,
): Record<string, string> | undefined {
  const out: Record<string, string> = { ...carried };
  for (const [field, digest] of Object.entries(shown ?? {})) {
    if (!LIST_FIELDS[field] || field in out || !(field in values)) continue;
    const text = initial[field] ?? '';
    if (shownDigest(text) !== digest || text === (values[field] ?? '')) continue;
    const packed = DATE_LISTS.has(field) ? packDates(text) : text;
    if (packed !== undefined) out[field] = packed;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The lists' text as a redrawn modal showed them when it opened (`carryListsShown`), by field. */
export function listsAsShown(carried: Record<string, string> | undefined): FormData {
  return Object.fromEntries(
    Object.entries(carried ?? {})
      .filter(([field]) => LIST_FIELDS[field])
      .map(([field, text]) => [field, DATE_LISTS.has(field) ? unpackDates(text) : text]),
  );
}

/**
 * A list (split as `list` says: a settings list field, a `/desk roles` list) as the save writes
 * it: the admin's own changes (the items they added, removed or changed from what the modal
 * showed, `shown`) applied to the list as stored, whatever else someone changed in it meanwhile
 * (its order kept, what they added at its end). An item they changed that someone else changed
 * too, to something else, is refused, named (`conflict`).
 */
export function mergeItems(
  list: ListItems,
  shown: string | undefined,
  typed: string | undefined,
  stored: string | undefined,
): { text: string; conflict?: string } {
  const [was, mine, now] = [itemsOf(list, shown), itemsOf(list, typed), itemsOf(list, stored)];
  const out = new Map(now);
  for (const key of new Set([...was.keys(), ...mine.keys()])) {
    const [before, after, theirs] = [was.get(key), mine.get(key), now.get(key)];
    if (before === after || theirs === after) continue;
    if (theirs !== before) return { text: '', conflict: after ?? before! };
    if (after === undefined) out.delete(key);
    else out.set(key, after);
  }
  return { text: [...out.values()].join(list.sep) };
}

/**
 * A group's modal as its save writes it on the settings as stored (`current`): a field the
 * admin left as the modal showed it (`shown`, by digest; read as the form reads it, so `2h` is
 * `2`) is taken as stored now, whoever changed it meanwhile (another admin, the desk clearing a
 * shared channel); a field they changed is taken as typed. One they changed that someone else
 * changed too since the modal opened (to something else) is refused on its field: they saw it
 * no more. A list (`LIST_FIELDS`: holidays, extra working days, revisit days, working days,
 * segment tiers, greeting days) whose text as shown the modal's view still carries
 * (`shownText`, its inputs' initial values, checked against the digest) is merged item by item
 * instead: the items the admin added, removed or changed are applied to the list as stored, and
 * only an item someone else changed too is refused, named on its field (as is a date the admin
 * made a holiday that someone else made an extra working day meanwhile, or the other way
 * round). A field `shown` does not name (a modal drawn before it was kept) is taken as typed.
 * `touched`: the fields the admin changed (`touchedFields` on `shownText`), when the caller has
 * them already. The form to read into the settings (`parseSettingsForm` on `current`).
 */
export function changedSinceShown(
  group: SettingsGroup,
  form: FormData,
  current: WorkspaceSettings,
  shown: Record<string, string>,
  shownText: FormData = {},
  touched: ReadonlySet<string> = touchedFields(form, shownText),
): FormData {
  const typed = settingsFormData(group, parseSettingsForm(group, form, current, touched));
  const stored = settingsFormData(group, current);
  const problems: Record<string, Problem> = {};
  const merged: FormData = { ...form };
  const mergedItems = new Set<string>();
  for (const field of Object.keys(stored)) {
    const was = shown[field];
    if (was === undefined) continue;
    if (shownDigest(typed[field]) === was) merged[field] = stored[field];
    else if (LIST_FIELDS[field] && shownDigest(shownText[field]) === was) {
      // An input drawn empty carries no initial value: shown as ''.
      const redraw = LIST_FIELDS[field].redraw;
      const seen =
        redraw && shownText[field] ? redraw(shownText[field], current.locale) : shownText[field];
      const { text, conflict } = mergeItems(LIST_FIELDS[field], seen, typed[field], stored[field]);
      if (conflict !== undefined)
        problems[field] = {
          key: 'settings.error.itemChangedMeanwhile',
          params: { item: typedExcerpt(conflict, 40) },
        };
      merged[field] = text;
      mergedItems.add(field);
    } else if (shownDigest(stored[field]) !== was && (typed[field] ?? '') !== (stored[field] ?? ''))
      problems[field] = { key: 'settings.error.changedMeanwhile' };
  }
  // A day the admin made a holiday that someone else made an extra working day meanwhile (or
  // the other way round): refused on the admin's list, naming the day.
  if (group === 'holidays' && !Object.keys(problems).length) {
    const lines = (text: string | undefined) => new Set((text ?? '').split('\n').filter(Boolean));
    const [holidays, workdays] = [lines(merged.holidays), lines(merged.extra_workdays)];
    for (const [field, other] of [
      ['holidays', workdays],
      ['extra_workdays', holidays],
    ] as const) {
      if (!mergedItems.has(field)) continue;
      const [wasShown, typedOther] = [
        lines(shownText[field]),
        lines(typed[field === 'holidays' ? 'extra_workdays' : 'holidays']),
      ];
      const mine = [...lines(typed[field])].filter((d) => !wasShown.has(d));
      const clash = mine.find((d) => other.has(d) && !typedOther.has(d));
      if (clash)
        problems[field] = { key: 'settings.error.itemChangedMeanwhile', params: { item: clash } };
    }
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return merged;
}

/** Fields whose history shows the lines removed and added rather than the whole list. */
const LISTS = new Set(['greeting_days']);

/** The fields of a group that differ between two settings, as form text (old and new). */
export function settingsDiff(
  group: SettingsGroup,
  before: WorkspaceSettings,
  after: WorkspaceSettings,
): { old: Record<string, string>; new: Record<string, string> } {
  const a = settingsFormData(group, before);
  const b = settingsFormData(group, after);
  const out = { old: {} as Record<string, string>, new: {} as Record<string, string> };
  for (const key of Object.keys(b))
    if ((a[key] ?? '') !== (b[key] ?? '')) {
      out.old[key] = a[key] ?? '';
      out.new[key] = b[key] ?? '';
      if (LISTS.has(key)) {
        // A list (one item a line) is logged as what left it -> what joined it.
        const lines = (text: string | undefined) => (text ?? '').split('\n').filter(Boolean);
        const [before, now] = [lines(a[key]), lines(b[key])];
        out.old[key] = before.filter((l) => !now.includes(l)).join('\n');
        out.new[key] = now.filter((l) => !before.includes(l)).join('\n');
        // Only the order changed: logged whole.
        if (!out.old[key] && !out.new[key]) [out.old[key], out.new[key]] = [a[key]!, b[key]!];
      }
    }
  return out;
}
