import { describe, expect, test } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import {
  finishSaving,
  refusedView,
  savingView,
  type SubmittedView,
} from '../../../src/ui/submit-states.js';
import { escape } from '../../../src/ui/text.js';

const view: SubmittedView = {
  id: 'V1',
  callback_id: 'customer_create',
  private_metadata: '{"code":"C1"}',
  previous_view_id: null,
  title: { type: 'plain_text', text: '新客户' },
  submit: { type: 'plain_text', text: '添加客户' },
  blocks: [
    { type: 'input', block_id: 'name', label: { text: 'Name <b>' } },
    { type: 'input', block_id: 'industry', label: { text: 'Industry' } },
  ],
};
/** The same form, pushed over another view (a contact form over the contacts list). */
const pushed: SubmittedView = { ...view, previous_view_id: 'V0' };
const en = translator('en');
const texts = (v: { blocks: unknown[] }) => JSON.stringify(v.blocks);

describe('the states of a submission acked before its save', () => {
  test("over a modal's first view a small saving view is pushed, in the workspace language, named for its later updates", () => {
    const saving = savingView(translator('zh-CN'), view, 'V1-x');
    expect(saving.over).toBe('V1-x');
    expect(saving.view).toMatchObject({
      external_id: 'V1-x',
      title: { text: '新客户' },
      close: { text: '返回' },
    });
    // No inputs repeated and no submit button: the form stays under it as it was typed.
    expect(saving.view.submit).toBeUndefined();
    expect(saving.view.blocks).toHaveLength(1);
    expect(texts(saving.view)).toContain('正在保存');
  });

  test('a pushed form is updated in place: title, metadata and inputs kept, the button says saving', () => {
    const saving = savingView(translator('zh-CN'), pushed, 'V1-x');
    expect(saving.over).toBeUndefined();
    expect(saving.view).toMatchObject({
      callback_id: 'customer_create',
      private_metadata: '{"code":"C1"}',
      title: { text: '新客户' },
      submit: { text: '保存中…' },
    });
    expect(saving.view.blocks.slice(1)).toEqual(view.blocks);
  });

  test('saved: the pushed view says so and its Close closes the whole modal; in place, the form says so', () => {
    const over = finishSaving(en, view, savingView(en, view, 'V1-x'), { saved: true });
    expect(over).toEqual([
      { external_id: 'V1-x', view: expect.objectContaining({ clear_on_close: true }) },
    ]);
    expect(texts(over[0]!.view)).toContain('Saved.');
    const inPlace = finishSaving(en, pushed, savingView(en, pushed, 'V1-x'), { saved: true });
    expect(inPlace).toEqual([
      { view_id: 'V1', view: expect.objectContaining({ blocks: expect.any(Array) }) },
    ]);
    expect(inPlace[0]!.view.clear_on_close).toBeUndefined();
  });

  test('saved, with what was saved: the line names it, in the workspace language', () => {
    const line = translator('zh-CN')('customer.savedAs', { name: 'A <!here> Co', code: 'C1' });
    const [over] = finishSaving(translator('zh-CN'), view, savingView(en, view, 'V1-x'), {
      saved: true,
      line,
    });
    expect((over!.view.blocks[0] as { text: { text: string } }).text.text).toBe(
      '已保存为客户 *A &lt;!here&gt; Co*（C1）。可以关闭此窗口。',
    );
  });

  test('refused: the form under the pushed view names what was refused, and the pushed view sends the person Back to it', () => {
    const refused = { fields: { name: 'Taken' }, text: escape('unused') };
    const [form, over, ...rest] = finishSaving(en, view, savingView(en, view, 'V1-x'), { refused });
    expect(rest).toEqual([]);
    expect(form).toMatchObject({ view_id: 'V1', view: { submit: view.submit } });
    expect(texts(form!.view)).toContain('*Name &lt;b&gt;:* Taken');
    expect(form!.view.blocks.slice(1)).toEqual(view.blocks);
    expect(over).toMatchObject({ external_id: 'V1-x', view: { close: { text: 'Back' } } });
    expect(texts(over!.view)).toContain('Press Back to correct it');
    expect(texts(over!.view)).toContain('*Name &lt;b&gt;:* Taken');
  });

  test('refused a second time: the form says only the latest refusal, its inputs as they were', () => {
    const refused = { fields: { name: 'Taken' }, text: escape('unused') };
    const first = refusedView(en, view, refused);
    // Slack sends the form back as it shows it: the first refusal's line on top.
    const again = refusedView(
      en,
      { ...view, blocks: first.blocks as unknown as SubmittedView['blocks'] },
      { fields: { industry: 'Unknown' }, text: escape('unused') },
    );
    expect(again.blocks).toHaveLength(view.blocks.length + 1);
    expect(texts(again)).toContain('Unknown');
    expect(texts(again)).not.toContain('Taken');
    expect(again.blocks.slice(1)).toEqual(view.blocks);
  });

  test("the listener's own next view replaces the saving view, wherever it is", () => {
    const next = { type: 'modal' as const, title: view.title, blocks: [] };
    expect(finishSaving(en, view, savingView(en, view, 'V1-x'), { view: next })).toEqual([
      { external_id: 'V1-x', view: next },
    ]);
    expect(finishSaving(en, pushed, savingView(en, pushed, 'V1-x'), { view: next })).toEqual([
      { view_id: 'V1', view: next },
    ]);
  });

  test('what was refused is escaped: a label or message cannot ping or link', () => {
    const refused = refusedView(en, view, {
      fields: { name: 'Taken by <!channel>', elsewhere: 'not an input here' },
      text: escape('unused'),
    });
    expect((refused.blocks[0] as { text: { text: string } }).text.text).toBe(
      ':warning: Not saved:\n*Name &lt;b&gt;:* Taken by &lt;!channel&gt;',
    );
    expect(refused.submit).toEqual(view.submit);
  });

  test('a refusal not about a field is said as one message', () => {
    const refused = refusedView(en, view, { text: escape('Try again <now>') });
    expect((refused.blocks[0] as { text: { text: string } }).text.text).toBe(
      ':warning: Not saved:\nTry again &lt;now&gt;',
    );
  });
});
