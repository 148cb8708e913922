// Erasure in other customers' typed text (#12): a name is found as a whole word or phrase (any
// case, any spacing; CJK names inside running text), a phone number by its digits in any
// spacing but not inside a longer number, an email in any case; names too short to be told
// apart from ordinary words are not looked for; a customer's own namesake is left alone.
import { describe, expect, test } from 'vitest';
import { type Locale, translator } from '../../src/i18n/index.js';
import {
  ERASED,
  eraseMentions,
  mentionPatterns,
  type ReachPhrase,
  replaceAll,
  searchableName,
  termPatterns,
  withoutCutTerms,
  withoutReachPhrases,
} from '../../src/privacy/subjects.js';
import { reachPhrase } from '../../src/task/types.js';

const erase = (text: string, skip: string[] = []) =>
  eraseMentions(
    text,
    mentionPatterns(
      [{ name: 'Li Wei', phone: '+8613912345678', email: 'li.wei@acme.cn' }, { name: '王芳' }],
      ['ACME Trading'],
    ),
    new Set(skip),
  );

describe('mentions of an erased person in other customers’ text', () => {
  test.each([
    ['called Li Wei of ACME Trading', 'called [erased] of [erased]'],
    ['called li  wei (LI WEI) again', 'called [erased] ([erased]) again'],
    ['called Li\nWei, then Ｌｉ　Ｗｅｉ', 'called [erased], then [erased]'],
    ['Li Weiming and Eli Wei are other people', 'Li Weiming and Eli Wei are other people'],
    ['联系王芳确认订单', '联系[erased]确认订单'],
    ['call 139 1234 5678 or +86-139-1234-5678', 'call [erased] or [erased]'],
    ['order 913912345678 and 139123456789', 'order 913912345678 and 139123456789'],
    ['mail Li.Wei@ACME.cn today', 'mail [erased] today'],
    ['mail xli.wei@acme.cn.example', 'mail xli.wei@acme.cn.example'],
  ])('%s', (text, expected) => {
    expect(erase(text)).toBe(expected);
  });

  test('a name the document’s own customer has as a contact is left; phone and email are not', () => {
    expect(erase('Li Wei: 13912345678', ['li wei'])).toBe('Li Wei: [erased]');
  });

  test('a name and email with & < > are found as Slack escapes them too (the inbox holds messages as sent)', () => {
    const patterns = mentionPatterns([{ name: 'Anna & Ben <Ops>', email: 'a&b@acme.cn' }]);
    expect(
      eraseMentions(
        'ask Anna &amp; Ben &lt;Ops&gt; (a&amp;b@acme.cn), not Anna',
        patterns,
        new Set(),
      ),
    ).toBe('ask [erased] ([erased]), not Anna');
    expect(
      eraseMentions('Anna &amp; Ben &lt;Ops&gt;', patterns, new Set(['anna & ben <ops>'])),
    ).toBe('Anna &amp; Ben &lt;Ops&gt;');
  });

  test('a name is not erased from within a longer name of a person who stays (spared), but anywhere else', () => {
    const spare = ['李王芳', 'Li Wei Ming'];
    const mentions = mentionPatterns([{ name: '王芳' }, { name: 'Li Wei' }], [], spare);
    expect(eraseMentions('李王芳来电，联系王芳确认；王芳华', mentions, new Set())).toBe(
      '李王芳来电，联系[erased]确认；[erased]华',
    );
    expect(eraseMentions('Li Wei Ming and Li Wei; li\nwei ming', mentions, new Set())).toBe(
      'Li Wei Ming and [erased]; li\nwei ming',
    );
    const own = termPatterns([{ name: '王芳' }], [], true, spare);
    expect(replaceAll('李王芳和王芳', own, false)).toBe('李王芳和[erased]');
  });

  test('a spared longer name is spared in another case ("LI Wei Ming" for "Li Wei") and escaped ("Anna &amp; Ben Ltd")', () => {
    const mentions = mentionPatterns([{ name: 'Li Wei' }], [], ['LI Wei Ming']);
    expect(eraseMentions('Call LI Wei Ming today, not Li Wei', mentions, new Set())).toBe(
      'Call LI Wei Ming today, not [erased]',
    );
    const own = termPatterns([{ name: 'Li Wei' }], [], true, ['LI Wei Ming']);
    expect(replaceAll('Call LI Wei Ming today', own, false)).toBe('Call LI Wei Ming today');
    const anna = mentionPatterns([{ name: 'Anna & Ben' }], [], ['Anna & Ben Ltd']);
    expect(eraseMentions('Order for Anna &amp; Ben Ltd; ask Anna &amp; Ben', anna, new Set())).toBe(
      'Order for Anna &amp; Ben Ltd; ask [erased]',
    );
    expect(eraseMentions('Anna & Ben Ltd, Anna & Ben', anna, new Set())).toBe(
      'Anna & Ben Ltd, [erased]',
    );
  });

  test('a phone stored with its extension is found by the number’s own digits', () => {
    const patterns = mentionPatterns([{ phone: '+861012345678;ext=123' }]);
    expect(eraseMentions('call 010-1234 5678 or 010 12345678', patterns, new Set())).toBe(
      'call [erased] or [erased]',
    );
  });

  test('short names are not looked for: 2 characters with a CJK one, else 3', () => {
    expect(searchableName('王')).toBe(false);
    expect(searchableName('王芳')).toBe(true);
    expect(searchableName('Li')).toBe(false);
    expect(searchableName('Wu Li')).toBe(true);
    expect(mentionPatterns([{ name: 'Al' }, { name: '芳' }])).toEqual([]);
    expect(eraseMentions('Al called', mentionPatterns([{ name: 'Al' }]), new Set())).toBe(
      'Al called',
    );
  });
});

describe('the erased person in their own customer’s text', () => {
  const own = (text: string) =>
    replaceAll(text, termPatterns([{ name: 'Li Wei' }, { name: '王芳' }], ['ACME Trading']), false);
  test.each([
    ['called Li  Wei of ACME\nTrading', 'called [erased] of [erased]'],
    ['Ｌｉ Ｗｅｉ and LI\r\nWEI', '[erased] and [erased]'],
    ['联系王芳确认订单', '联系[erased]确认订单'],
    ['Li Weiming and Eli Wei are other people', 'Li Weiming and Eli Wei are other people'],
  ])('%s', (text, expected) => {
    expect(own(text)).toBe(expected);
  });
});

describe('a rendered line cut within an erased contact’s name or IM (withoutCutTerms)', () => {
  const forms = ['Anna &amp; Ben &lt;Ops&gt;', 'wangfang_wx', 'WeChat 139****5678', '欧阳娜娜'];
  test.each([
    ['wrote to Anna &amp; Ben…', 'wrote to [erased]…'],
    ['a · Anna &amp; Ben… · b\nnext', 'a · [erased]… · b\nnext'],
    ['x wangfang…', 'x [erased]…'],
    ['reach WeChat 139*…', 'reach [erased]…'],
    ['联系欧阳…', '联系[erased]…'],
    // Too little of it, a first word alone, ways of contact only, inside a word, a typed ellipsis.
    ['x wangf…', 'x wangf…'],
    ['wrote to Anna…', 'wrote to Anna…'],
    ['reach WeChat…', 'reach WeChat…'],
    ['联系欧…', '联系欧…'],
    ['Banna &amp; Ben…', 'Banna &amp; Ben…'],
    ['ok Anna &amp; Ben… again', 'ok Anna &amp; Ben… again'],
  ])('%s', (text, expected) => {
    expect(withoutCutTerms(text, forms)).toBe(expected);
  });
  test('a run that is, whole, the name of someone who stays (王芳, another customer’s contact, when 王芳华 is erased) is kept; a longer or shorter run is not', () => {
    const staying = ['王芳', 'Anna Smith', 'Tom & Co'];
    expect(withoutCutTerms('客户来电，请尽快联系王芳…', ['王芳华'], staying)).toBe(
      '客户来电，请尽快联系王芳…',
    );
    expect(withoutCutTerms('请尽快联系王芳华…', ['王芳华集团'], staying)).toBe(
      '请尽快联系[erased]…',
    );
    expect(withoutCutTerms('wrote to Anna Smith…', ['Anna Smithson'], staying)).toBe(
      'wrote to Anna Smith…',
    );
    expect(withoutCutTerms('wrote to Anna Smiths…', ['Anna Smithson'], staying)).toBe(
      'wrote to [erased]…',
    );
    expect(withoutCutTerms('for TOM &amp; CO…', ['Tom &amp; Co Ltd'], staying)).toBe(
      'for TOM &amp; CO…',
    );
    expect(withoutCutTerms('联系王芳…', ['王芳华'])).toBe('联系[erased]…');
  });
});

describe('an erased contact’s reach phrase in a rendered DM (withoutReachPhrases)', () => {
  // As DataSubjectService.reachPhrases makes them: "Li" who prefers WeChat, 王芳 who prefers 微信.
  const phrases: ReachPhrase[] = [
    ['en', 'Li', 'WeChat li_88, evenings', 'Li prefers'],
    ['zh-CN', '王芳', '微信 liwei88', '王芳偏好'],
  ].map(([locale, name, channel, head]) => {
    const t = translator(locale as Locale);
    return { find: reachPhrase(t, name!, channel!), erased: reachPhrase(t, ERASED, ERASED), head };
  });
  const line = (reach: string) => `• T-12 · <@U0OWNER01> · 3 days overdue · ${reach}`;

  test.each([
    ['Li prefers WeChat li_88, evenings', '[erased] prefers [erased]'],
    ['Li prefers WeChat li_88, eve…', '[erased] prefers [erased]…'],
    ['王芳偏好“微信 liwei88”', '[erased]偏好“[erased]”'],
    ['王芳偏好“微信 liw…', '[erased]偏好“[erased]”…'],
  ])('hers, whole or cut at its limit: %s', (reach, erased) => {
    expect(withoutReachPhrases(line(reach), phrases)).toBe(line(erased));
    expect(withoutReachPhrases(reach, phrases)).toBe(erased);
  });

  test.each([
    'Wei Li prefers …',
    'Wei Li prefers WeChat wl…',
    'Wei Li prefers WeChat li_88, evenings',
    'Wei Li prefers WeChat li_88, eve…',
    '李王芳偏好“…',
    '李王芳偏好“微信 liw…',
    '李王芳偏好“微信 liwei88”',
  ])('another contact’s whose name ends with hers stays his: %s', (reach) => {
    expect(withoutReachPhrases(line(reach), phrases)).toBe(line(reach));
  });
});
