import { describe, expect, test } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { refusedView, savingView, type SubmittedView } from '../../../src/ui/submit-states.js';
import { escape } from '../../../src/ui/text.js';

const view: SubmittedView = {
  id: 'V1',
  callback_id: 'customer_create',
  private_metadata: '{"code":"C1"}',
  title: { type: 'plain_text', text: '新客户' },
  submit: { type: 'plain_text', text: '添加客户' },
  blocks: [
    { type: 'input', block_id: 'name', label: { text: 'Name <b>' } },
    { type: 'input', block_id: 'industry', label: { text: 'Industry' } },
  ],
};

describe('the states of a slow submission', () => {
  test('saving keeps title, metadata and inputs, in the workspace language', () => {
    const saving = savingView(translator('zh-CN'), view);
    expect(saving).toMatchObject({
      callback_id: 'customer_create',
      private_metadata: '{"code":"C1"}',
      title: { text: '新客户' },
      submit: { text: '保存中…' },
    });
    expect(saving.blocks.slice(1)).toEqual(view.blocks);
  });

  test('what was refused is escaped: a label or message cannot ping or link', () => {
    const refused = refusedView(translator('en'), view, {
      fields: { name: 'Taken by <!channel>', elsewhere: 'not an input here' },
      text: escape('unused'),
    });
    expect((refused.blocks[0] as { text: { text: string } }).text.text).toBe(
      ':warning: Not saved:\n*Name &lt;b&gt;:* Taken by &lt;!channel&gt;',
    );
    expect(refused.submit).toEqual(view.submit);
  });

  test('a refusal not about a field is said as one message', () => {
    const refused = refusedView(translator('en'), view, { text: escape('Try again <now>') });
    expect((refused.blocks[0] as { text: { text: string } }).text.text).toBe(
      ':warning: Not saved:\nTry again &lt;now&gt;',
    );
  });
});
