import { describe, expect, test } from 'vitest';
import { maskFreeText, unmaskFreeText } from '../../src/privacy/free-text.js';

describe('phone numbers and emails in typed text are masked; other numbers stay', () => {
  test.each([
    ['客户王芳电话13800138000请回电', '客户王芳电话138****8000请回电'],
    ['call 138 0013 8000 tomorrow', 'call 138****8000 tomorrow'],
    ['手机 138-0013-8000', '手机 138****8000'],
    ['+86 138 0013 8001 or +8613800138002', '138****8001 or 138****8002'],
    ['座机010-6552 8888，分机 2', '座机010****8888，分机 2'],
    ['杭州 0571 8888 1234', '杭州 057****1234'],
    ['上海 +86-21-5012 3456', '上海 021****3456'],
    ['全角 １３８００１３８０００ 号码', '全角 138****8000 号码'],
    ['mail wang.fang@example.cn please', 'mail w***@example.cn please'],
    ['邮箱：王芳@例子.中国', '邮箱：王***@例子.中国'],
    ['US +1 415 555 0123', 'US +14****0123'],
    // The bracket around a number stays the text's (libphonenumber's match takes the opening
    // one); an area code's brackets go with the number (revcust F3).
    ['CEO Zhang (13800138000, z.ceo@example.cn)', 'CEO Zhang (138****8000, z***@example.cn)'],
    ['电话（13800138000）请回电', '电话（138****8000）请回电'],
    ['见 [13800138000] 与【13900139000】', '见 [138****8000] 与【139****9000】'],
    ['座机 (021) 6234 5678', '座机 021****5678'],
    ['座机（010）6552 8888', '座机010****8888'],
  ])('%s', (typed, posted) => {
    expect(maskFreeText(typed)).toBe(posted);
  });

  test.each([
    'CEO Zhang (13800138000, z.ceo@example.cn)',
    '电话（13800138000）请回电',
    '见 [13800138000] 与【13900139000】',
    '座机 (021) 6234 5678',
  ])('masked and put back (Edit, re-import), the text is as typed: %s', (typed) => {
    expect(unmaskFreeText(maskFreeText(typed), [typed])).toBe(typed);
    // Edited around the masked number, the brackets kept: given back once each.
    expect(unmaskFreeText(`${maskFreeText(typed)}!`, [typed])).toBe(`${typed}!`);
  });

  test.each([
    '订单号 20261124001 数量 3',
    '价格 1380013 元，2026-11-24 交货',
    'E42 on spindle 3, firmware 2.4.1',
    'T20261124 and C2026001',
    '',
  ])('left as typed: %s', (typed) => {
    expect(maskFreeText(typed)).toBe(typed);
  });
});
