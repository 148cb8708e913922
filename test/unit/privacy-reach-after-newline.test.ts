// 56e95ba4 takes a reach phrase only right after " · " or at a text's start, but
// the task-moved DM (src/ui/task.ts taskMoved) puts it on its own line after the heading
// ("…\n王芳 prefers 微信 liwei88"): after the contact's erasure her preferred channel stays
// (f8620e68 erased it there).
import { expect, test } from 'vitest';
import { type Locale, translator } from '../../src/i18n/index.js';
import {
  ERASED,
  type ReachPhrase,
  scrub,
  withoutReachPhrases,
} from '../../src/privacy/subjects.js';
import { reachPhrase } from '../../src/task/types.js';
import { overdueList, taskMoved, whatText } from '../../src/ui/task.js';
import { md } from '../../src/ui/text.js';
import { task, TODAY } from '../helpers/records.js';

const phrases: ReachPhrase[] = [
  ['en', '王芳', '微信 liwei88', '王芳 prefers'],
  ['zh-CN', '王芳', '微信 liwei88', '王芳偏好'],
].map(([locale, name, channel, head]) => {
  const t = translator(locale as Locale);
  return { find: reachPhrase(t, name!, channel!), erased: reachPhrase(t, ERASED, ERASED), head };
});

test.each([
  ['王芳 prefers 微信 liwei88', '[erased] prefers [erased]'],
  ['王芳偏好“微信 liwei88”', '[erased]偏好“[erased]”'],
])('the task-moved DM, the reach on its own line: %s', (reach, erased) => {
  const head = '*T-12* for *Huadong* moved to Friday by <@U0OWNER01>';
  expect(withoutReachPhrases(`${head}\n${reach}`, phrases)).toBe(`${head}\n${erased}`);
});

// Every renderer that prints a reach phrase (reachText's call sites in src/ui/task.ts), as the
// outbox stores what it renders: after the contact's erasure none of her channel is left.
test.each(['en', 'zh-CN'] as const)(
  'every rendered reach phrase is found where its renderer puts it (%s)',
  (locale) => {
    const t = translator(locale);
    const reached = task({ reach: { contact: '王芳', channel: '微信 liwei88' } });
    const verbs = { done: true, due: true, edit: true };
    const rendered = [
      whatText(t, reached),
      overdueList(t, [reached], TODAY),
      taskMoved(
        t,
        md`
_T-12_ moved to Friday
        `,
        reached,
        verbs,
      ),
    ];
    for (const message of rendered) {
      expect(JSON.stringify(message)).toContain('liwei88');
      const erased = scrub(message, (s) => withoutReachPhrases(s, phrases));
      expect(JSON.stringify(erased)).not.toContain('liwei88');
      expect(JSON.stringify(erased)).toContain(ERASED);
    }
  },
);
