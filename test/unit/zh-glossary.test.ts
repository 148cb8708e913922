// One name for each role in Chinese: the card's field calls the requester 报告人 and the assignee
// 处理人, so every other message does too. A Chinese reader seeing "报告人 <@U>" on the card and
// "提出人 <@U>" in an alert takes them for two people (revtickets F6). Likewise a thread is 话题.
import { describe, expect, test } from 'vitest';
import { catalogues } from '../../src/i18n/index.js';

const zh = catalogues['zh-CN'];

/** Other names for the requester or the assignee once used, and the one to use instead. */
const SYNONYMS: Record<string, string> = {
  提出人: '报告人',
  请求人: '报告人',
  提交人: '报告人',
  工单负责人: '处理人',
  // A Slack thread is 话题 in every message (the requester's, the Reply modal's): one word.
  讨论串: '话题',
};

describe('zh-CN glossary', () => {
  test('the requester is 报告人 and the assignee 处理人: no message uses another name for them', () => {
    const found = Object.entries(zh).flatMap(([key, message]) =>
      Object.entries(SYNONYMS)
        .filter(([word]) => message.includes(word))
        .map(([word, use]) => `${key}: ${word} (use ${use})`),
    );
    expect(found).toEqual([]);
  });

  test('the card names them so', () => {
    expect(zh['ticket.field.requester']).toBe('报告人');
    expect(zh['ticket.field.assignee']).toBe('处理人');
  });
});
