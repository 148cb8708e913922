// The digest's "Tickets past their SLA" list with long customer names (100 characters, as the
// form allows, with ampersands: `&` is 5 escaped): each name is clipped to 40 before it is
// escaped, the lines are laid over as many sections as they need (none split, none cut), and
// every ticket is either named or counted in "…and N more".
import { describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, makeTicket } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { DIGEST_CHANNEL_ID: DIGEST, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-16T02:00:00Z',
});

type Posted = { type: string; text?: { text: string }; elements?: { text: string }[] };

describe('digest past-SLA list with long customer names', () => {
  test('ten lines shown whole with the names clipped (no entity cut), the other two counted in "…and 2 more"', async () => {
    // 12 urgent tickets received Mon 23 Nov 10:00 (Shanghai), never answered: past their SLA at
    // the week's end.
    for (let i = 0; i < 12; i++) {
      app.clock.set('2026-11-23T02:00:00Z');
      const name = `${String(i).padStart(2, '0')} Wang & Li & Zhang & Chen & Liu & Yang & Zhao & Huang & Zhou & Wu & Xu & Sun & Ma & He & Lu`;
      const { code } = await makeCustomer(app, { name, firstContactDate: '2026-11-01' });
      await makeTicket(app, {
        customerCode: code,
        severity: 'urgent',
        type: 'other',
        assigneeId: 'U0AGENT001',
      } as never);
    }
    // Monday 30 Nov 09:00 Shanghai: the digest of week 48.
    await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
    const post = app.fake.postsTo(DIGEST).find((p) => JSON.stringify(p).includes('past their SLA'));
    expect(post).toBeDefined();
    const blocks = (post!.args as unknown as { blocks: Posted[] }).blocks;
    const at = blocks.findIndex((b) => b.text?.text.includes('past their SLA'));
    // The list's sections: those after the heading up to the "…and N more" context.
    const end = blocks.findIndex((b, i) => i > at && b.type === 'context');
    const sections = blocks.slice(at + 1, end);
    expect(sections.every((b) => b.type === 'section' && b.text!.text.length <= 3000)).toBe(true);
    const lines = sections.flatMap((b) => b.text!.text.split('\n'));
    const named = lines.filter((l) => l.includes('open at the week'));
    const counted = Number(/and (\d+) more/.exec(blocks[end]!.elements![0]!.text)?.[1] ?? 0);
    expect({ named: named.length, counted }).toEqual({ named: 10, counted: 2 });
    // Each line whole: who holds it at the end, the name clipped to 40 characters then escaped.
    for (const line of named) {
      expect(line).toMatch(/· \*unassigned\*$/);
      expect(line).toMatch(/\(\d\d Wang &amp; Li &amp; Zhang &amp; Chen &amp; Liu &amp;…\)/);
    }
  });
});
