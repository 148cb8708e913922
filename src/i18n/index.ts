import { fillMrkdwn, type Kept, type Mrkdwn, type PlainText } from '../ui/text.js';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type MessageParams = Record<string, string | number>;

function template(locale: Locale, key: MessageKey): string {
  return catalogues[locale][key] ?? en[key];
}

/**
 * Looks a message up and fills its `{name}` parameters as they are, for text that is not mrkdwn
 * (CSV cells, inline modal errors, stored summaries); a missing parameter is left visible.
 */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return template(locale, key).replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** A parameter of a mrkdwn message: text (escaped), a number, or `keep()`-ed mrkdwn. */
export type MrkdwnParam = string | number | Kept;

/** Mrkdwn passed bare would be escaped a second time: the compiler asks for `keep()`. */
export type CheckedParams<P> = { [K in keyof P]: P[K] extends Mrkdwn ? Kept : P[K] };

/**
 * A translator bound to one locale, handed to renderers. Called, it gives mrkdwn: the
 * catalogue's template (ours, mrkdwn already) with every parameter escaped, so a customer name
 * or a search word cannot ping or link, unless the parameter is `keep()`-ed mrkdwn (a mention,
 * another message). `plain` gives the message for plain_text (labels, titles, buttons, options)
 * and for text that is stored, with the parameters as they are.
 */
export interface Translate {
  <P extends Record<string, MrkdwnParam>>(key: MessageKey, params?: CheckedParams<P>): Mrkdwn;
  plain(key: MessageKey, params?: MessageParams): PlainText;
}

export function translator(locale: Locale): Translate {
  const mrkdwn = (key: MessageKey, params: Record<string, unknown> = {}) =>
    fillMrkdwn(template(locale, key), params);
  return Object.assign(mrkdwn, {
    plain: (key: MessageKey, params?: MessageParams) => t(locale, key, params) as PlainText,
  }) as Translate;
}

/** Whether a key built at run time (`tier.${value}`) names a message. */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
