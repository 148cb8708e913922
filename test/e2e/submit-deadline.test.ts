// A modal whose save outlasts the ack budget: acked at once with a "saving" view (what was typed
// kept), then finished by views.update: "saved", or the form again with what was refused. With
// a budget of 0 ms (production's default) every submission whose input passed its checks takes
// that path, and what was typed wrong still comes back inline; with a long one nothing changes.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const valid = {
  name: 'Shanghai Huadong Machinery',
  industry: 'Manufacturing',
  source: 'referral',
  first_contact: '2026-11-20',
  contact_name: 'Zhang Wei',
};

type View = {
  id?: string;
  blocks: { type: string; block_id?: string; text?: { text: string } }[];
  submit?: { text: string };
  close?: { text: string };
};

const inputIds = (view: View) =>
  view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
const texts = (view: View) => JSON.stringify(view.blocks);

describe('a submission slower than the ack budget', () => {
  const app = useTestApp({ now: '2026-11-24T02:00:00Z', submitAckBudgetMs: 0 });

  /** Opens New customer and submits it as modal `viewId`. */
  async function submit(viewId: string, form: Record<string, string>) {
    const before = app.fake.callsTo('views.open').length;
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const opened = app.fake.callsTo('views.open')[before]!.args.view as View;
    const res = await app.slack.submitView({ ...opened, id: viewId }, form, { userId: OWNER });
    const updates = app.fake.callsTo('views.update').filter((c) => c.args.view_id === viewId);
    return { opened, res, updates: updates.map((c) => c.args.view as View) };
  }

  test('is acked with a saving view that keeps the inputs, then says saved', async () => {
    const { opened, res, updates } = await submit('V0SLOW0001', valid);

    const body = res.body as { response_action: string; view: View };
    expect(body.response_action).toBe('update');
    expect(body.view.submit?.text).toBe('Saving…');
    expect(texts(body.view)).toContain('Saving… this takes a moment');
    // Same inputs, same ids: Slack keeps what was typed while it saves.
    expect(inputIds(body.view)).toEqual(inputIds(opened));

    expect(updates).toHaveLength(1);
    expect(texts(updates[0]!)).toContain('Saved. You can close this window.');
    expect(inputIds(updates[0]!)).toEqual([]);
    expect(updates[0]!.close?.text).toBe('Close');
    const saved = await app.db.models.customers.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(saved.map((c) => c.name)).toEqual([valid.name]);
  });

  test('what was typed wrong comes back inline in the ack, before any saving view', async () => {
    const { res, updates } = await submit('V0SLOW0004', {
      ...valid,
      first_contact: '2026-12-01',
      contact_email: 'zhang@',
    });

    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        first_contact: 'This date is in the future.',
        contact_email: 'Enter an email address such as name@example.com.',
      },
    });
    expect(updates).toHaveLength(0);
    expect(await app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  });

  test('a refusal found while saving comes back as the form, with the field named and the input kept', async () => {
    await submit('V0SLOW0002', valid);
    const { opened, res, updates } = await submit('V0SLOW0003', valid);

    expect((res.body as { response_action: string }).response_action).toBe('update');
    expect(updates).toHaveLength(1);
    const refused = updates[0]!;
    expect(refused.blocks[0]!.text!.text).toBe(
      ':warning: Not saved:\n*Customer name:* A customer with this name already exists: C2026001.',
    );
    expect(inputIds(refused)).toEqual(inputIds(opened));
    expect(refused.submit?.text).toBe(opened.submit?.text);
    expect(await app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
  });
});

describe('a submission within the budget', () => {
  const app = useTestApp({ now: '2026-11-24T02:00:00Z', submitAckBudgetMs: 60_000 });

  test('closes the modal with the ack, as before, and nothing updates it afterwards', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const opened = app.fake.callsTo('views.open')[0]!.args.view as View;
    const res = await app.slack.submitView({ ...opened, id: 'V0FAST0001' }, valid, {
      userId: OWNER,
    });
    expect(res.body).toBe('');
    expect(app.fake.callsTo('views.update')).toHaveLength(0);
    expect(await app.db.models.customers.countDocuments({ teamId: FAKE_TEAM_ID })).toBe(1);
  });
});
