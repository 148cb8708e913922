import { describe, expect, test } from 'vitest';
import { LOCALES, t, type MessageKey } from '../../../src/i18n/index.js';

/** Every modal title and submit/close text the builders use (src/ui/*: formModal, customerModal). */
const MODAL_TEXTS: MessageKey[] = [
  'modal.save',
  'modal.cancel',
  'modal.close',
  'customer.modal.newTitle',
  'customer.modal.editTitle',
  'customer.modal.createSubmit',
  'interaction.modal.title',
  'interaction.modal.submit',
  'order.modal.title',
  'order.modal.submit',
  'ticket.modal.newTitle',
  'ticket.modal.createSubmit',
  'ticket.modal.reassignTitle',
  'ticket.modal.reassignSubmit',
  'ticket.modal.escalateTitle',
  'ticket.modal.escalateSubmit',
  'ticket.modal.noteTitle',
  'ticket.modal.noteSubmit',
  'ticket.modal.resolveTitle',
  'ticket.modal.resolveSubmit',
  'task.done.title',
  'task.done.submit',
];

describe.each(LOCALES)('modal titles and buttons fit Slack (%s)', (locale) => {
  // plain() would cut a longer one silently: hold the catalogue itself to Slack's 24 characters,
  // with a ticket number longer than any the desk hands out in a year (T + year + 5 digits).
  test.each(MODAL_TEXTS)('%s: at most 24 characters, with the ticket number', (key) => {
    const text = t(locale, key, { number: 'T202610000' });
    expect(text.length, text).toBeLessThanOrEqual(24);
    expect(text).not.toMatch(/\{\w+\}/);
  });

  test('the action modals say what they do, not "Save"', () => {
    const save = t(locale, 'modal.save');
    for (const key of MODAL_TEXTS.filter((k) => /Submit$|\.submit$/.test(k)))
      expect(t(locale, key), key).not.toBe(save);
  });
});
