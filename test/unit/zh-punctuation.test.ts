// Chinese messages use Chinese punctuation: a half-width comma or bracket, a space before a
// full-width mark or a doubled mark reads as a typo to a Chinese reader.
import { describe, expect, test } from 'vitest';
import { catalogues, tPlainText, translator } from '../../src/i18n/index.js';

const zh = catalogues['zh-CN'];
const HAN = /\p{Script=Han}/u;

/**
 * Messages whose half-width marks are not sentence punctuation: tag suggestions are a list the
 * code splits into tags (`parseTags`), never shown as a sentence.
 */
const ALLOWED = new Set([
  'customer.tagSuggestions.industry',
  'customer.tagSuggestions.value',
  'customer.tagSuggestions.needs',
]);

/**
 * A message without what legitimately holds half-width marks: code spans (`/desk roles`),
 * Slack's `<@U1>`, `<#C1>` and `<url|label>`, emoji codes (`:warning:`, `:{emoji}:`), entities,
 * URLs, ICU syntax (`{count, plural, …}`), times (09:00) and digit groups (1,200,000).
 */
function prose(message: string): string {
  return message
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/<[^<>\n]*>/g, ' ')
    .replace(/:(?:[a-z0-9_+-]+|\{\w+\}):/g, ' ')
    .replace(/&(?:lt|gt|amp);/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\{\s*\w+\s*,\s*(?:plural|select|selectordinal|number)\s*(?:,\s*\w+\s*)?,?/g, '{')
    .replace(/\d(?:,\d{3})+/g, '0')
    .replace(/\d{1,2}:\d{2}/g, '0');
}

const chinese = Object.entries(zh).filter(([key, m]) => HAN.test(m) && !ALLOWED.has(key));

describe('zh-CN punctuation', () => {
  test('no half-width , ; : ! ? ( ) . in a Chinese sentence', () => {
    const found = chinese.flatMap(([key, m]) => {
      const text = prose(m);
      const hits = [
        ...text.matchAll(/[,;:!?()]/g),
        // A half-width full stop right after Chinese (not `...`, not a decimal).
        ...text.matchAll(/(?<=\p{Script=Han})\.(?!\.)/gu),
      ];
      return hits.map((h) => `${key}: …${text.slice(Math.max(0, h.index - 8), h.index + 8)}…`);
    });
    expect(found).toEqual([]);
  });

  test('no space before a full-width mark or after one, and no doubled marks', () => {
    const found = chinese.flatMap(([key, m]) =>
      [
        ...m.matchAll(/[ \t][，。；：！？、）”]/gu),
        ...m.matchAll(/[，。；：！？、（“…][ \t]/gu),
        ...m.matchAll(
          /[，。；：！？、][，。；：！？、]|[,;:!?][,;:!?]|([，。；：！？、,;:!?])\s*\1/gu,
        ),
      ].map((h) => `${key}: …${m.slice(Math.max(0, h.index - 8), h.index + 8)}…`),
    );
    expect(found).toEqual([]);
  });

  test('no space written between Chinese and a name: the name decides (a Latin one gets it)', () => {
    // `{customer}的`: a Chinese name sits against the characters, a Latin one is set off by a
    // space at fill time (latinSpaced); a space in the template would set off a Chinese name too.
    const NAME = String.raw`\{(?:customer|name|contact|subject|task|title)\}`;
    const spaced = new RegExp(String.raw`\p{Script=Han} ${NAME}|${NAME} \p{Script=Han}`, 'gu');
    const found = chinese.flatMap(([key, m]) =>
      [...m.matchAll(spaced)].map((h) => `${key}: ${h[0]}`),
    );
    expect(found).toEqual([]);
  });

  test('a word the person typed is quoted “…” (or a code span), not set off by spaces', () => {
    // `{text}` and `{word}` hold what was typed (a search, a command's argument): against the
    // Chinese around it, with or without spaces, it does not read as one word (没有编号为 华东 的).
    const bare = /\p{Script=Han} ?\{(?:text|word)\}|\{(?:text|word)\} ?\p{Script=Han}/gu;
    const found = chinese.flatMap(([key, m]) =>
      [...prose(m).matchAll(bare)].map((h) => `${key}: ${h[0]}`),
    );
    expect(found).toEqual([]);
    expect(tPlainText('zh-CN', 'customer.error.notFound', { code: '西南' })).toMatch(
      /^没有编号为“西南”的客户。/,
    );
  });

  test('a Chinese name sits against the Chinese around it, a Latin one is set off, where these messages name one', () => {
    const tr = translator('zh-CN');
    expect(tPlainText('zh-CN', 'task.error.unfit', { reason: 'bot', name: '王芳' })).toBe(
      '王芳是机器人，请选择工作区中的成员。',
    );
    expect(tPlainText('zh-CN', 'task.error.unfit', { reason: 'guest', name: 'Wang Fang' })).toBe(
      'Wang Fang 是访客（其账号只限部分频道），请选择工作区成员。',
    );
    expect(
      tPlainText('zh-CN', 'settings.error.customerChannel', { customer: '华东机械', code: 'C1' }),
    ).toMatch(/^这是客户华东机械（C1）的客户频道：/);
    expect(tr('privacy.export.preparing', { subject: '王芳' })).toBe(
      '正在准备王芳的导出……文件将发送到你与服务台的私信中。',
    );
    expect(
      tr('task.surveyLow.notice', {
        customer: '华东机械',
        contact: '陈经理',
        satisfaction: 2,
        nps: 3,
        by: 'U0OWNER001',
      }),
    ).toBe(
      '华东机械的季度满意度调查得分较低：陈经理给出满意度 2/5，NPS 3（由 <@U0OWNER001> 记录）。',
    );
  });
});
