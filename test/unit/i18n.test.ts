import { describe, expect, test } from 'vitest';
import { catalogues, t } from '../../src/i18n/index.js';

/** Proper nouns that read the same in every language. */
const SAME_EVERYWHERE = new Set([
  'change.source.slack',
  'ticket.channel.slack',
  'ticket.card.level',
]);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  test('zh-CN has every English key, with the same parameters, and no untranslated copy', () => {
    const en = catalogues.en;
    const zh = catalogues['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      if (
        !SAME_EVERYWHERE.has(key) &&
        /[a-z]{4,}/.test(en[key].replace(/\{\w+\}|`[^`]*`|\*[^*]*\*/g, ''))
      ) {
        expect(zh[key], `${key} looks untranslated`).not.toBe(en[key]);
      }
    }
  });

  test('parameters are filled; a missing one stays visible instead of vanishing', () => {
    expect(t('en', 'home.footer', { timeZone: 'Asia/Shanghai', locale: 'en' })).toBe(
      'Workspace time zone: Asia/Shanghai · language: en',
    );
    expect(t('zh-CN', 'home.footer', { timeZone: 'Asia/Shanghai' })).toBe(
      '工作区时区：Asia/Shanghai · 语言：{locale}',
    );
  });
});
