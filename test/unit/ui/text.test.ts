import { describe, expect, test } from 'vitest';
import { LOCALES, t as plainT, translator } from '../../../src/i18n/index.js';
import { header, markdown, plain } from '../../../src/ui/blocks.js';
import { textInput } from '../../../src/ui/inputs.js';
import {
  channelLink,
  clipMrkdwn,
  escape,
  escapeClipped,
  join,
  keep,
  link,
  literal,
  literalClipped,
  md,
  mention,
  slackTime,
  type Mrkdwn,
} from '../../../src/ui/text.js';
import { HOSTILE, HOSTILE_ESCAPED } from '../../helpers/records.js';
import { expectEscaped } from '../../helpers/ui.js';

/** An entity cut in half: `&` without its `;`, or `&am…`. */
const BROKEN_ENTITY = /&(?!(?:amp|lt|gt);)|&(?:a|am|amp|l|lt|g|gt)…$/;
/** A lone half of a surrogate pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('escape', () => {
  test.each([
    [HOSTILE, HOSTILE_ESCAPED],
    ['<!channel> <!here> <!everyone>', '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt;'],
    ['<@U0EVIL> <#C0CHAN> <!subteam^S1>', '&lt;@U0EVIL&gt; &lt;#C0CHAN&gt; &lt;!subteam^S1&gt;'],
    ['&lt;!channel&gt; typed as is', '&amp;lt;!channel&amp;gt; typed as is'],
    ['a < b > c & d', 'a &lt; b &gt; c &amp; d'],
    ['*bold* _it_ ~s~ `code` 客户 🎉', '*bold* _it_ ~s~ `code` 客户 🎉'],
  ])('escape(%j) = %j', (text, expected) => {
    expect(escape(text)).toBe(expected);
  });

  test('escaping twice shows the first escape literally: text is escaped exactly once', () => {
    // Why `t()` refuses bare Mrkdwn: escaping is not idempotent, and must not be.
    expect(escape(escape('<!channel>'))).toBe('&amp;lt;!channel&amp;gt;');
  });
});

describe('literal (a name read as typed)', () => {
  test.each([
    ['*ACME*', '∗ACME∗'],
    ['_Beta_ ~Co~ `Delta`', 'ˍBetaˍ ∼Co∼ ˋDeltaˋ'],
    ['＊华东＊ ＿机械＿ ｀注意｀', '﹡华东﹡ ⸏机械⸏ ˋ注意ˋ'],
    ['<!channel> & Sons', '&lt;!channel&gt; &amp; Sons'],
    ['Huadong Machinery 华东机械 🎉', 'Huadong Machinery 华东机械 🎉'],
  ])('literal(%j) = %j', (text, expected) => {
    expect(literal(text)).toBe(expected);
  });

  test('clipped as typed (at a word), then the marks replaced and escaped', () => {
    expect(literalClipped('*A* & B', 5)).toBe('∗A∗…');
    expect(literalClipped('*A* & B', 60)).toBe('∗A∗ &amp; B');
  });
});

describe('the text input opens with a clip at a character', () => {
  test("a stored text past the input's 3000 opens cut between characters, with an ellipsis", () => {
    const notes = `${'x'.repeat(2995)}👩\u200D💻 and more`;
    const block = textInput({ block: 'notes', label: 'Notes' }, notes, {
      multiline: true,
      max: 3000,
    }) as unknown as { element: { initial_value: string; max_length: number } };
    expect(block.element.initial_value).toBe(`${'x'.repeat(2995)}…`);
    expect(block.element.max_length).toBe(3000);
    const whole = textInput({ block: 'notes', label: 'Notes' }, 'x'.repeat(3000)) as unknown as {
      element: { initial_value: string };
    };
    expect(whole.element.initial_value).toBe('x'.repeat(3000));
  });
});

describe('clipMrkdwn: never inside an entity, a mention of ours or a surrogate pair', () => {
  test('every cut of escaped hostile text leaves only whole entities', () => {
    const text = escape(`${HOSTILE} & <<>> 😀 &&&`);
    for (let max = 1; max <= text.length + 1; max++) {
      const cut = clipMrkdwn(text, max);
      expect(cut.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(cut, `max ${max}`).not.toMatch(BROKEN_ENTITY);
      expect(cut, `max ${max}`).not.toMatch(LONE_SURROGATE);
      expect(cut, `max ${max}`).not.toMatch(/[<>]/);
    }
  });

  test('a mention or link of ours is kept whole or left out', () => {
    const text = md`${escape('abc ')}${mention('U0123ABCD')} ${link('https://x.slack.com/archives/C1/p1', escape('source'))}`;
    for (let max = 1; max <= text.length; max++) {
      const cut = clipMrkdwn(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      const opens = (cut.match(/</g) ?? []).length;
      const closes = (cut.match(/>/g) ?? []).length;
      expect(opens, `max ${max}: ${cut}`).toBe(closes);
    }
  });

  test('clip before escaping (escapeClipped) never cuts an entity either', () => {
    const cut = escapeClipped('&&&&&&&&&&', 5);
    expect(cut).toBe('&amp;&amp;&amp;&amp;…');
  });

  test('the section builder clips with it: 3000 `<` make whole entities only', () => {
    const block = markdown(escape('<'.repeat(3000))) as { text: { text: string } };
    expect(block.text.text.length).toBeLessThanOrEqual(3000);
    expect(block.text.text).not.toMatch(BROKEN_ENTITY);
    expect(block.text.text.endsWith('&lt;…')).toBe(true);
  });
});

describe('mentions, channels and links of ours', () => {
  test('a mention of a Slack id is a mention; anything else is shown escaped', () => {
    expect(mention('U0123ABCD')).toBe('<@U0123ABCD>');
    expect(mention('W0123ABCD')).toBe('<@W0123ABCD>');
    expect(mention('U1> <!channel')).toBe('U1&gt; &lt;!channel');
    expect(channelLink('C0TRIAGE01')).toBe('<#C0TRIAGE01>');
    expect(channelLink('C1>|<!here>')).toBe('C1&gt;|&lt;!here&gt;');
  });

  test('a link only to an https URL that cannot break out of the brackets', () => {
    const label = escape('From a Slack message');
    expect(link('https://x.slack.com/archives/C1/p1?thread_ts=1&cid=C1', label)).toBe(
      '<https://x.slack.com/archives/C1/p1?thread_ts=1&cid=C1|From a Slack message>',
    );
    expect(link('https://evil.example|x> <!channel', label)).toBe(label);
    expect(link('javascript:alert(1)', label)).toBe(label);
  });
});

describe('md and join', () => {
  test('literal parts are ours, values go in as they are (already mrkdwn)', () => {
    const name = escape('<!channel> & co');
    expect(md`*${name}* · ${3} · ${mention('U1AB')}`).toBe(
      '*&lt;!channel&gt; &amp; co* · 3 · <@U1AB>',
    );
    expect(join([escape('<a>'), mention('U1AB')], ' · ')).toBe('&lt;a&gt; · <@U1AB>');
  });
});

describe.each(LOCALES)('the catalogue in mrkdwn (%s)', (locale) => {
  const t = translator(locale);

  test('every text parameter is escaped: a name cannot ping, mention or link', () => {
    const text = t('customer.created', { name: HOSTILE, code: 'C2026001' });
    expectEscaped(text);
    expect(t('customer.find.none', { text: HOSTILE })).toContain(HOSTILE_ESCAPED);
    expect(t('ticket.escalation.post', { customer: HOSTILE, text: HOSTILE })).not.toContain(
      '<!channel>',
    );
  });

  test('the mentions the templates make from ids keep working', () => {
    expect(t('ticket.event.claim', { by: 'U0AGENT001' })).toContain('<@U0AGENT001>');
    expect(t('ticket.created', { number: 'T20260001', channel: 'C0TRIAGE01' })).toContain(
      '<#C0TRIAGE01>',
    );
  });

  test('keep() puts mrkdwn of ours in as is; a number goes in as a number', () => {
    const label: Mrkdwn = t('tier.key');
    const text = t('customer.card.tierOverridden', {
      tier: keep(md`*${label}*`),
      computed: keep(mention('U0OWNER001')),
      reason: '<!here>',
    });
    expect(text).toContain(`*${label}*`);
    expect(text).toContain('<@U0OWNER001>');
    expect(text).toContain('&lt;!here&gt;');
    expect(t('list.more', { count: 3 })).toContain('3');
  });

  test('plain() fills parameters as they are, for plain_text and stored text', () => {
    expect(t.plain('customer.created', { name: '<A & B>', code: 'C1' })).toBe(
      plainT(locale, 'customer.created', { name: '<A & B>', code: 'C1' }),
    );
    expect(t.plain('customer.created', { name: '<A & B>', code: 'C1' })).toContain('<A & B>');
  });
});

describe('the compiler keeps the two kinds apart', () => {
  test('raw text is refused where mrkdwn goes, mrkdwn where plain text goes', () => {
    const t = translator('en');
    // @ts-expect-error: a raw string is not mrkdwn
    markdown('<!channel>');
    // @ts-expect-error: mrkdwn passed bare to t() would be escaped twice: keep() it
    t('customer.created', { name: escape('x'), code: 'C1' });
    // @ts-expect-error: md`` takes mrkdwn values only
    md`*${'<!channel>'}*`;
    // @ts-expect-error: plain_text shows text as typed: escaped text would show `&amp;`
    plain(t('modal.save'));
    // @ts-expect-error: a header is plain text too
    header(escape('<x>'));
    plain(t.plain('modal.save'));
    expect(true).toBe(true);
  });
});

describe('slackTime', () => {
  test("a Slack date token, so each reader sees their own time; the workspace's time as fallback", () => {
    const at = new Date('2026-11-24T02:00:00Z');
    expect(slackTime(at, 'Asia/Shanghai')).toBe(
      '<!date^1795485600^{date_short_pretty} {time}|2026-11-24 10:00 GMT+8>',
    );
    expect(slackTime(at, 'Asia/Kolkata')).toBe(
      '<!date^1795485600^{date_short_pretty} {time}|2026-11-24 07:30 GMT+5:30>',
    );
    expect(slackTime(at, 'UTC')).toMatch(/\|2026-11-24 02:00 GMT(\+0)?>$/);
  });

  test('clipping never cuts a date token', () => {
    const line = md`${slackTime(new Date('2026-11-24T02:00:00Z'), 'Asia/Shanghai')} abc`;
    expect(clipMrkdwn(line, 20)).toBe('…');
  });
});

describe('clipMrkdwn of a long text reads only what it keeps, cutting as on the whole text', () => {
  /** 150,000 characters after `head`: more of the same kind, no newline unless `tail` has one. */
  const long = (head: string, tail: string) => head + tail.repeat(Math.ceil(150_000 / tail.length));
  const cut = (head: string, tail: string, max: number) =>
    clipMrkdwn(long(head, tail) as never, max);

  test('a cut inside a mention, a link or a channel keeps none of it', () => {
    expect(cut('Handed to ', '<@U0AGENT001> ', 20)).toBe('Handed to…');
    expect(cut('See ab ', '<https://desk.example/t/1|the ticket page> ', 30)).toBe('See ab…');
    expect(cut('In ', '<#C0TRIAGE01|triage> x ', 12)).toBe('In…');
  });

  test('a cut inside an entity keeps none of it', () => {
    expect(cut('Tom &amp; Ann', ' &lt;ok&gt;', 16)).toBe('Tom &amp; Ann…');
    expect(cut('Tom &amp;', '&amp;', 12)).toBe('Tom &amp;…');
  });

  test('a cut inside a surrogate pair, an emoji with a skin tone or a flag keeps none of it', () => {
    expect(cut('ok 👍🏽', '👍🏽', 8)).toBe('ok 👍🏽…');
    expect(cut('ok ', '🇨🇳 ', 5)).toBe('ok…');
    expect(cut('abcd', '😀', 6)).toBe('abcd…');
  });

  test('Chinese: at a dictionary word, with or without a newline after the cut', () => {
    expect(cut('客户服务台第一号工单', '已转交给同事处理。', 12)).toBe('客户服务台第一号工单已…');
    expect(cut('客户服务台第一号工单', '已转交给同事处理。\n', 12)).toBe('客户服务台第一号工单已…');
    expect(cut('', '客户服务台', 3000)).toHaveLength(3000);
  });
});
