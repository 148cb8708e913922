// Line breaks in one-line fields: a CSV cell may hold them ("Gamma⏎Co"), and a request may
// carry them in a one-line input. They read as spaces, so the card shows the name on one line,
// a contact's bold name is not broken, and Edit's one-line input opens with no line break; a
// multi-line field (notes) keeps them.
import { describe, expect, test } from 'vitest';
import { importCustomers } from '../../src/customer/csv.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit } from '../helpers/clicks.js';
import { ctxOf, OWNER } from '../helpers/factories.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

describe('line breaks in one-line customer fields', () => {
  test('a CSV name and contact with line breaks show on one line on the card and in Edit', async () => {
    const report = await importCustomers(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      'Code,Name,Industry,Source,First contact,Contact,Contact title,Notes\r\n' +
        'C2026080,"Gamma\r\nCo",Retail,referral,2026-11-20,"Li\u2028Na",Buyer,"one\ntwo"\r\n',
    );
    expect(report).toMatchObject({ created: 1, errors: [] });

    const card = JSON.stringify((await app.slack.command('/customer', 'C2026080')).body.blocks);
    expect(card).toContain('Gamma Co');
    expect(card).toContain('*Li Na*');
    expect(card).not.toMatch(/Gamma\\n|Li\\u2028|Li\u2028/);

    const open = await openCustomerEdit(app, 'C2026080', OWNER);
    const blocks = (open.args.view as any).blocks as any[];
    const name = blocks.find((b) => b.block_id === 'name');
    expect(name.element).toMatchObject({ initial_value: 'Gamma Co' });
    expect(name.element.multiline).toBeFalsy();
    const notes = blocks.find((b) => b.block_id === 'notes');
    expect(notes.element.initial_value).toBe('one\ntwo');
  });

  test("Edit's one-line input sent with a line break saves a space; notes keep theirs", async () => {
    await importCustomers(
      app.desk.services.customers,
      await ctxOf(app, OWNER, { origin: 'import' }),
      'Code,Name,Industry,Source,First contact\nC2026081,Delta,Retail,referral,2026-11-20\n',
    );
    const open = await openCustomerEdit(app, 'C2026081', OWNER);
    const res = await app.slack.submitView(
      open.args.view as Record<string, unknown>,
      { name: 'Delta\nWorks', industry: 'Retail\r\nTrade', notes: 'a\nb' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    const saved = (await app.db.models.customers.findOne({ code: 'C2026081' }).lean())!;
    expect([saved.name, saved.industry, saved.notes]).toEqual([
      'Delta Works',
      'Retail Trade',
      'a\nb',
    ]);
  });
});
