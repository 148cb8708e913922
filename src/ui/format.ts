/**
 * Numbers for people, in the workspace's language: amounts with their currency, percentages,
 * counts. Pure. Chinese amounts read in 万 and 亿 where that is exact to the yuan shown
 * (`120万元`, `1.5亿元`); English ones carry the ISO code after the figure (`1,200,000 CNY`).
 */
import type { Locale, Translate } from '../i18n/index.js';

const grouped = (locale: Locale, digits: number) =>
  new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
    maximumFractionDigits: digits,
  });

/** A whole or decimal number with the locale's grouping: `1,200,000`, `12.5`. */
export function formatNumber(value: number, locale: Locale, maxDigits = 2): string {
  return grouped(locale, maxDigits).format(value);
}

/** The unit Chinese puts after a figure for a currency: 元 for CNY, else the ISO code. */
function zhUnit(currency: string): string {
  return currency === 'CNY' ? '元' : ` ${currency}`;
}

/** A multiple of `unit` with at most `digits` decimals, or undefined when that is not exact. */
function exactIn(amount: number, unit: number, digits: number): number | undefined {
  const scaled = amount / unit;
  const rounded = Math.round(scaled * 10 ** digits) / 10 ** digits;
  return Math.abs(rounded - scaled) * unit < 0.005 ? rounded : undefined;
}

/**
 * An amount of money: `1,200,000 CNY` in English; in Chinese `120万元`, `1.5亿元`, `3,500元`,
 * with 万/亿 only when the figure stays exact (123.45万 yes, 123.4567万 no: `1,234,567元`).
 */
export function formatAmount(amount: number | undefined, currency: string, locale: Locale): string {
  const value = amount ?? 0;
  if (locale !== 'zh-CN') return `${formatNumber(value, locale)} ${currency}`;
  const abs = Math.abs(value);
  const yi = abs >= 1e8 ? exactIn(value, 1e8, 4) : undefined;
  if (yi !== undefined) return `${formatNumber(yi, locale, 4)}亿${zhUnit(currency)}`;
  const wan = abs >= 1e4 ? exactIn(value, 1e4, 2) : undefined;
  if (wan !== undefined) return `${formatNumber(wan, locale)}万${zhUnit(currency)}`;
  return `${formatNumber(value, locale)}${zhUnit(currency)}`;
}

/** A share (0-1) as a percentage with one decimal: `93.3%`, `100.0%`. */
export function formatPercent(share: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

/**
 * A calendar day (`YYYY-MM-DD`, a day of the workspace's zone) as its reader's language writes
 * it: `Tuesday, December 8, 2026`, `2026年12月8日星期二`. A day is no instant: it is written as
 * it is, never moved into another zone (a Slack date token would show some readers the day
 * before or after). Anything that is not such a day is returned as it is.
 */
export function formatDay(date: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(at.getTime())) return date;
  let format = dayFormats.get(locale);
  if (!format)
    dayFormats.set(
      locale,
      (format = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      })),
    );
  return format.format(at);
}

/**
 * A workspace's time zone as its reader knows it: mainland China's one zone (Intl spells its
 * links, Asia/Chongqing or PRC, so) is 北京时间 to a Chinese reader, where `Asia/Shanghai` is a
 * setting's value; any other zone, and every zone in English, is its IANA id.
 */
export function zoneName(t: Translate, timeZone: string): string {
  return timeZone === 'Asia/Shanghai' ? t.plain('zone.china') : timeZone;
}
