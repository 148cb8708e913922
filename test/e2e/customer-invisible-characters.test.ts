// Invisible characters in customer names: a zero-width space, a joiner, a word joiner, a BOM or
// a soft hyphen pasted into a name does not make it another name (the duplicate check, the
// picker, `/customer find`), files saved before that are keyed again once the app starts, and
// an emoji's ZWJ sequence stays one emoji. And a stored text longer than a Slack input opens
// in Edit cut between characters, never inside an emoji.
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { nameSortKey } from '../../src/customer/rules.js';
import { useTestApp } from '../helpers/app.js';
import { openCustomerEdit } from '../helpers/clicks.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const valid = {
  name: 'Huadong Machinery',
  industry: 'Manufacturing',
  source: 'referral',
  first_contact: '2026-11-20',
};

/** The invisible characters a name may carry from a web page or a chat. */
const INVISIBLES: [string, string][] = [
  ['zero-width space', '\u200B'],
  ['zero-width non-joiner', '\u200C'],
  ['zero-width joiner', '\u200D'],
  ['word joiner', '\u2060'],
  ['zero-width no-break space (BOM)', '\uFEFF'],
  ['soft hyphen', '\u00AD'],
];

/** Types `/customer new`, then fills in and submits the modal the app opened. */
async function submitNewCustomer(form: Record<string, string>) {
  const before = app.fake.callsTo('views.open').length;
  await app.slack.command('/customer', 'new', { userId: OWNER });
  const view = app.fake.callsTo('views.open')[before]!.args.view as Record<string, unknown>;
  return app.slack.submitView(view, { ...valid, ...form }, { userId: OWNER });
}

/** The codes `/customer find <text>` lists. */
async function found(text: string): Promise<string[]> {
  const res = await app.slack.command('/customer', `find ${text}`);
  return (res.body.blocks as any[])
    .filter((b) => b.accessory?.action_id === 'customer_card_open')
    .map((b) => b.accessory.value as string);
}

/** The codes the customer picker offers for typed text. */
async function picked(value: string): Promise<string[]> {
  const res = await app.slack.blockSuggestion({ action_id: 'customer_picker', value });
  return res.body.options.map((o: any) => o.value as string);
}

/** A name's key as versions before 2 computed it: invisible characters kept. */
const oldKey = (name: string) =>
  name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

/** Makes a customer's stored keys what an older version saved for `name`. */
async function savedByOlderVersion(code: string, name: string, terms: string[]) {
  await app.db.models.customers.updateOne(
    { teamId: FAKE_TEAM_ID, code },
    {
      $set: {
        name,
        nameKey: oldKey(name),
        sortKey: nameSortKey(oldKey(name)),
        sortKeyVersion: 1,
        searchTerms: [code.toLowerCase(), oldKey(name), ...terms],
      },
    },
  );
}

describe('invisible characters in customer names', () => {
  test.each(INVISIBLES)(
    'a name that differs only by a %s inside it is refused as taken',
    async (_, char) => {
      expect((await submitNewCustomer({})).body).toBe('');
      const res = await submitNewCustomer({ name: `Hua${char}dong Machinery` });
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: { name: 'A customer with this name already exists: C2026001.' },
      });
      expect(await app.db.models.customers.countDocuments()).toBe(1);
    },
  );

  test('a name with an emoji ZWJ sequence is stored as typed, and is another name than its emoji apart', async () => {
    const coder = '👩\u200D💻 Studio';
    expect((await submitNewCustomer({ name: coder })).body).toBe('');
    expect((await submitNewCustomer({ name: '👩💻 Studio' })).body).toBe('');
    // A joiner after an emoji but before a letter joins nothing: the same name as without it.
    expect((await submitNewCustomer({ name: '👩💻\u200D Studio' })).body).toMatchObject({
      response_action: 'errors',
      errors: { name: 'A customer with this name already exists: C2026002.' },
    });
    const names = (await app.db.models.customers.find().sort({ code: 1 }).lean()).map(
      (c) => c.name,
    );
    expect(names).toEqual([coder, '👩💻 Studio']);
  });

  test('a name saved with a zero-width space is found and picked by its visible letters', async () => {
    const acme = await makeCustomer(app, { name: 'Ac\u200Bme Trading' });
    expect(await found('acme')).toEqual([acme.code]);
    expect(await picked('Acme')).toEqual([acme.code]);
  });

  test('files saved before keys left invisible characters out are keyed again once the app starts', async () => {
    const acme = await makeCustomer(app, { name: 'Acme Trading' });
    const zeta = await makeCustomer(app, { name: 'Zeta Optics' });
    const twin = await makeCustomer(app, { name: 'Zeta Optics Twin' });
    // As an older version saved them: the invisible characters in their keys; and a second
    // "Zeta Optics" an older version let in, with a word joiner inside.
    await savedByOlderVersion(acme.code, 'Ac\u200Bme Trading', ['wang\u00ADfang']);
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code: acme.code },
      { $set: { 'contacts.0.name': 'Wang\u00ADFang' } },
    );
    await savedByOlderVersion(twin.code, 'Zeta\u2060 Optics', []);
    expect(await found('acme')).toEqual([]);
    // (Typed otherwise than below: this instance keeps a prefix's options for a second.)
    expect(await picked('ACME')).toEqual([]);

    const next = app.instance('upgraded');
    await next.start();
    await next.stop();
    expect(await found('acme')).toEqual([acme.code]);
    expect(await found('wangfang')).toEqual([acme.code]);
    expect(await picked('acme')).toEqual([acme.code]);
    expect((await submitNewCustomer({ name: 'Acme Trading' })).body).toEqual({
      response_action: 'errors',
      errors: { name: `A customer with this name already exists: ${acme.code}.` },
    });
    // The two Zeta Optics stay apart (the second keeps its old name key) and both are found;
    // the operator is told which to rename.
    expect((await found('zeta optics')).sort()).toEqual([zeta.code, twin.code]);
    expect((await picked('zeta')).sort()).toEqual([zeta.code, twin.code]);
    const stored = await app.db.models.customers.findOne({ code: twin.code }).lean();
    expect(stored!.nameKey).toBe('zeta\u2060 optics');
    expect(app.logs.filter((l) => l.customers)).toEqual([
      expect.objectContaining({ level: 40, teamId: FAKE_TEAM_ID, customers: [twin.code] }),
    ]);

    // Done once: the next minute's job finds nothing left to key.
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T02:01:00Z');
    expect(run!.counts!.sortKeys).toBeUndefined();
  });
});

describe('invisible characters in /customer find', () => {
  test('a zero-width space in the text is left out: the customer is found and the text quoted without it', async () => {
    const acme = await makeCustomer(app, { name: 'Acme Trading' });
    await makeCustomer(app, { name: 'Zeta Optics' });
    for (const typed of ['Ac\u200Bme', '\u200BAcme\u2060', '"Ac\u00ADme\uFEFF"']) {
      const res = await app.slack.command('/customer', `find ${typed}`);
      expect(res.body.text, typed).toBe('1 customer matches “Acme”');
      expect(await found(typed)).toEqual([acme.code]);
    }
    const none = await app.slack.command('/customer', 'find no\u200Bbody');
    expect(none.body.text).toBe(
      'No customer matches “nobody”. Try part of the name or code, or add the customer with `/customer new`.',
    );
  });

  test('text of invisible characters only is no text: told what to look for, as with none', async () => {
    await makeCustomer(app, { name: 'Acme Trading' });
    await makeCustomer(app, { name: 'Zeta Optics' });
    const empty = (await app.slack.command('/customer', 'find')).body;
    expect(empty.text).toContain('Say what to look for');
    for (const typed of ['\u200B', '\u200B\u2060\u00AD', '“\u200D”', '\uFEFF \u200C', '\u200E']) {
      const res = await app.slack.command('/customer', `find ${typed}`);
      expect(res.body, JSON.stringify(typed)).toEqual(empty);
    }
  });
});

describe('long texts in the Edit modal', () => {
  test("notes past the input's 3,000 characters with an emoji across the cut open cut before the emoji, and saving another field keeps them", async () => {
    const huadong = await makeCustomer(app);
    // Kept from before the limit: 3,009 characters, a ZWJ emoji (👩‍💻) on characters 2996-3000.
    const notes = `${'x'.repeat(2995)}👩\u200D💻 and more`;
    await app.db.models.customers.updateOne({ code: huadong.code }, { $set: { notes } });

    const open = await openCustomerEdit(app, huadong.code, OWNER);
    expect(open.args.view).toMatchObject({ callback_id: 'customer_edit' });
    expect(open.outcome).toBe('ok');
    const input = (open.args.view as any).blocks.find((b: any) => b.block_id === 'notes');
    expect(input.element.initial_value).toBe(`${'x'.repeat(2995)}…`);

    const res = await app.slack.submitView(
      open.args.view as Record<string, unknown>,
      { region: 'North' },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    const saved = (await app.db.models.customers.findOne({ code: huadong.code }).lean())!;
    expect(saved.region).toBe('North');
    expect(saved.notes).toBe(notes);
  });
});
