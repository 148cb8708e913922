import { describe, expect, test } from 'vitest';
import {
  validateMessage,
  validateOptionsResponse,
  validateView,
  validateViewResponse,
} from '../helpers/block-kit.js';

// The checker every test's fake Slack runs (test/helpers/block-kit.ts): each rule refuses what
// Slack refuses (a payload that must fail) and lets through what Slack takes (one that passes).
type Json = Record<string, unknown>;

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const option = (text: string, value = text) => ({ text: plain(text), value });
const message = (...blocks: Json[]) => ({ text: 'fallback', blocks });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const actions = (...elements: Json[]) => ({ type: 'actions', elements });
const button = (text: string, extra: Json = {}) => ({
  type: 'button',
  action_id: `b-${text}`,
  text: plain(text),
  ...extra,
});
const input = (element: Json, label = 'Label') => ({
  type: 'input',
  label: plain(label),
  element,
});
const modal = (...blocks: Json[]) => ({
  type: 'modal',
  title: plain('Title'),
  submit: plain('Save'),
  blocks,
});
const select = (extra: Json) => ({ type: 'static_select', action_id: 's', ...extra });

/** The problems of a message, or of a modal for an element that lives in an input. */
const inMessage = (...blocks: Json[]) => validateMessage(message(...blocks));
const inModal = (...blocks: Json[]) => validateView(modal(...blocks));

describe('empty texts', () => {
  test('a section text of "" or only spaces is refused; one character is fine', () => {
    expect(inMessage(section(''))).toEqual(['blocks[0](section).text is empty']);
    expect(inMessage(section('  \n '))).toEqual(['blocks[0](section).text is empty']);
    expect(inMessage({ type: 'section', text: plain(' ') })).toEqual([
      'blocks[0](section).text is empty',
    ]);
    expect(inMessage(section('x'))).toEqual([]);
  });

  test('a section with neither text nor fields, or with no fields, is refused', () => {
    expect(inMessage({ type: 'section' })).toEqual([
      'blocks[0](section) has neither text nor fields',
    ]);
    expect(inMessage({ type: 'section', fields: [] })).toEqual([
      'blocks[0](section).fields is empty',
    ]);
    expect(inMessage({ type: 'section', fields: [mrkdwn('a')] })).toEqual([]);
  });

  test('an empty field is refused', () => {
    expect(inMessage({ type: 'section', fields: [mrkdwn('a'), mrkdwn('')] })).toEqual([
      'blocks[0](section).fields[1] is empty',
    ]);
  });

  test('a header, a context element, a button, a label or a modal title of "" is refused', () => {
    expect(inMessage({ type: 'header', text: plain(' ') })).toEqual([
      'blocks[0](header).text is empty',
    ]);
    expect(inMessage({ type: 'context', elements: [mrkdwn('')] })).toEqual([
      'blocks[0](context).elements[0] is empty',
    ]);
    expect(inMessage(actions(button('')))).toEqual([
      'blocks[0](actions).elements[0].text is empty',
    ]);
    expect(inModal(input({ type: 'plain_text_input' }, ''))).toEqual([
      'view.blocks[0](input).label is empty',
    ]);
    expect(validateView({ ...modal(), title: plain('') })).toEqual(['view.title is empty']);
    expect(inMessage({ type: 'header', text: plain('H') }, actions(button('Go')))).toEqual([]);
  });

  test('an option with an empty text, or no value, is refused', () => {
    expect(inModal(input(select({ options: [option('a'), option(' ', 'b')] })))).toEqual([
      'view.blocks[0](input).element.options[1].text is empty',
    ]);
    expect(inModal(input(select({ options: [{ text: plain('a'), value: '' }] })))).toEqual([
      'view.blocks[0](input).element.options[0].value is missing',
    ]);
    expect(validateOptionsResponse({ options: [option('', 'v')] })).toEqual([
      'options.options[0].text is empty',
    ]);
    expect(inModal(input(select({ options: [option('a'), option('b')] })))).toEqual([]);
  });
});

describe('lone surrogates', () => {
  const half = '\uD83D'; // the first half of 😀 (U+1F600) without its second
  test('in a message text, a block or a value', () => {
    expect(validateMessage({ text: `a${half}`, blocks: [] })).toEqual([
      'message.text has a lone UTF-16 surrogate',
    ]);
    expect(inMessage(section(`x${half}`))).toEqual([
      'message.blocks[0].text.text has a lone UTF-16 surrogate',
    ]);
    expect(inMessage(actions(button('Go', { value: `\uDE00v` })))).toEqual([
      'message.blocks[0].elements[0].value has a lone UTF-16 surrogate',
    ]);
  });

  test('in a view and an options response', () => {
    expect(validateView({ ...modal(section('x')), private_metadata: half })).toEqual([
      'view.private_metadata has a lone UTF-16 surrogate',
    ]);
    expect(validateOptionsResponse({ options: [option(`a${half}`)] })).toEqual([
      'options response.options[0].text.text has a lone UTF-16 surrogate',
      'options response.options[0].value has a lone UTF-16 surrogate',
    ]);
  });

  test("in a view_submission's errors", () => {
    expect(
      validateViewResponse({ response_action: 'errors', errors: { name: `Bad ${half}` } }),
    ).toEqual(['errors.name has a lone UTF-16 surrogate']);
    expect(validateViewResponse({ response_action: 'errors', errors: { name: 'Bad 😀' } })).toEqual(
      [],
    );
  });

  test('whole pairs (emoji, rare CJK) pass', () => {
    expect(validateMessage({ text: '😀 𠀀', blocks: [section('👍🏽 😀')] })).toEqual([]);
  });
});

describe("the rest of Slack's Block Kit reference", () => {
  test('text objects: plain_text only where Slack says so; emoji only on plain_text', () => {
    expect(inMessage({ type: 'header', text: mrkdwn('H') })).toEqual([
      'blocks[0](header).text must be plain_text, not mrkdwn',
    ]);
    expect(inMessage(actions({ ...button('Go'), text: mrkdwn('Go') }))).toEqual([
      'blocks[0](actions).elements[0].text must be plain_text, not mrkdwn',
    ]);
    expect(inMessage({ type: 'section', text: { ...mrkdwn('x'), emoji: true } })).toEqual([
      'blocks[0](section).text: emoji on mrkdwn',
    ]);
    expect(inMessage({ type: 'section', text: { type: 'markdown', text: 'x' } })).toEqual([
      'blocks[0](section).text.type "markdown" is not plain_text or mrkdwn',
    ]);
    expect(inMessage({ type: 'section', text: { ...plain('x'), emoji: true } })).toEqual([]);
  });

  test('option value at most 150; option text and description at most 75', () => {
    const long = (n: number) => 'v'.repeat(n);
    expect(inModal(input(select({ options: [option('a', long(151))] })))).toEqual([
      'view.blocks[0](input).element.options[0].value is 151 chars (max 150)',
    ]);
    expect(
      inModal(input(select({ options: [{ ...option('a'), description: plain(long(76)) }] }))),
    ).toEqual(['view.blocks[0](input).element.options[0].description is 76 chars (max 75)']);
    expect(inModal(input(select({ options: [option(long(75), long(150))] })))).toEqual([]);
  });

  test('a select has 1 to 100 options, or option groups with labels', () => {
    expect(inModal(input(select({ options: [] })))).toEqual([
      'view.blocks[0](input).element has 0 options (min 1)',
    ]);
    expect(inModal(input(select({})))).toEqual([
      'view.blocks[0](input).element has neither options nor option_groups',
    ]);
    expect(
      inModal(input(select({ option_groups: [{ label: plain(''), options: [option('a')] }] }))),
    ).toEqual(['view.blocks[0](input).element.option_groups[0].label is empty']);
    expect(
      inModal(input(select({ option_groups: [{ label: plain('G'), options: [option('a')] }] }))),
    ).toEqual([]);
  });

  test('an initial option must be one of the options, text and value alike', () => {
    const options = [option('One', '1'), option('Two', '2')];
    expect(inModal(input(select({ options, initial_option: option('Three', '3') })))).toEqual([
      'view.blocks[0](input).element.initial_option "Three" is not one of its options',
    ]);
    expect(inModal(input(select({ options, initial_option: option('One', '2') })))).toEqual([
      'view.blocks[0](input).element.initial_option "One" is not one of its options',
    ]);
    expect(
      inModal(
        input({ type: 'checkboxes', action_id: 'c', options, initial_options: [option('x')] }),
      ),
    ).toEqual(['view.blocks[0](input).element.initial_options[0] "x" is not one of its options']);
    expect(inModal(input(select({ options, initial_option: option('Two', '2') })))).toEqual([]);
  });

  test('an overflow menu has 2 to 5 options; checkboxes and radio buttons 1 to 10', () => {
    const overflow = (n: number) => ({
      type: 'overflow',
      action_id: 'o',
      options: Array.from({ length: n }, (_, i) => option(`o${i}`)),
    });
    expect(inMessage(actions(overflow(1)))).toEqual([
      'blocks[0](actions).elements[0] has 1 options (min 2)',
    ]);
    expect(inMessage(actions(overflow(6)))).toEqual([
      'blocks[0](actions).elements[0] has 6 options (max 5)',
    ]);
    expect(inModal(input({ type: 'radio_buttons', action_id: 'r', options: [] }))).toEqual([
      'view.blocks[0](input).element has 0 options (min 1)',
    ]);
    expect(inMessage(actions(overflow(2)), actions(overflow(5)))).toEqual([]);
  });

  test('a confirmation dialog: title 100, text 300, confirm and deny 30, none empty', () => {
    const confirm = {
      title: plain('Sure?'),
      text: mrkdwn('x'.repeat(301)),
      confirm: plain('Yes'),
      deny: plain(''),
    };
    expect(inMessage(actions(button('Go', { confirm })))).toEqual([
      'blocks[0](actions).elements[0].confirm.text is 301 chars (max 300)',
      'blocks[0](actions).elements[0].confirm.deny is empty',
    ]);
    expect(
      inMessage(
        actions(button('Go', { confirm: { ...confirm, text: mrkdwn('x'), deny: plain('No') } })),
      ),
    ).toEqual([]);
  });

  test('a button: style primary or danger, accessibility label 75', () => {
    expect(inMessage(actions(button('Go', { style: 'default' })))).toEqual([
      'blocks[0](actions).elements[0].style "default" is not primary or danger',
    ]);
    expect(inMessage(actions(button('Go', { accessibility_label: 'a'.repeat(76) })))).toEqual([
      'blocks[0](actions).elements[0].accessibility_label is 76 chars (max 75)',
    ]);
    expect(inMessage(actions(button('Go', { style: 'danger' })))).toEqual([]);
  });

  test('actions and context blocks hold at least one element; action_ids differ within a block', () => {
    expect(inMessage(actions())).toEqual(['blocks[0](actions).elements is empty']);
    expect(inMessage({ type: 'context', elements: [] })).toEqual([
      'blocks[0](context).elements is empty',
    ]);
    expect(inMessage(actions(button('Go'), button('Go')))).toEqual([
      'blocks[0](actions) has action_id "b-Go" twice',
    ]);
    expect(inMessage(actions(button('Go')), actions(button('Go')))).toEqual([]);
  });

  test('block_ids differ within a message or view', () => {
    const b = { ...section('x'), block_id: 'same' };
    expect(inMessage(b, b)).toEqual(['blocks[1](section).block_id "same" is used twice']);
    expect(inMessage(b, { ...b, block_id: 'other' })).toEqual([]);
  });

  test('an input has an element; a time picker opens at HH:mm', () => {
    expect(inModal({ type: 'input', label: plain('L') })).toEqual([
      'view.blocks[0](input) has no element',
    ]);
    expect(inModal(input({ type: 'timepicker', action_id: 't', initial_time: '9:00' }))).toEqual([
      'view.blocks[0](input).element.initial_time "9:00" is not HH:mm',
    ]);
    expect(inModal(input({ type: 'timepicker', action_id: 't', initial_time: '09:00' }))).toEqual(
      [],
    );
  });

  test('an image has alt text; a placeholder is plain_text of at most 150', () => {
    expect(inMessage({ type: 'image', image_url: 'https://x/y.png', alt_text: '' })).toEqual([
      'blocks[0](image).alt_text is missing',
    ]);
    expect(inModal(input({ type: 'plain_text_input', placeholder: mrkdwn('p') }))).toEqual([
      'view.blocks[0](input).element.placeholder must be plain_text, not mrkdwn',
    ]);
    expect(inMessage({ type: 'image', image_url: 'https://x/y.png', alt_text: 'chart' })).toEqual(
      [],
    );
  });
});

describe('view_submission acks', () => {
  test('errors are not empty; an updated or pushed view is checked as a view', () => {
    expect(validateViewResponse({ response_action: 'errors', errors: { name: ' ' } })).toEqual([
      'errors.name is empty',
    ]);
    expect(validateViewResponse({ response_action: 'errors', errors: {} })).toEqual([
      'errors response has no errors',
    ]);
    expect(
      validateViewResponse({ response_action: 'update', view: { ...modal(), title: plain('') } }),
    ).toEqual(['view.title is empty']);
    expect(
      validateViewResponse({ response_action: 'errors', errors: { name: 'Required' } }),
    ).toEqual([]);
    expect(validateViewResponse({ response_action: 'push', view: modal(section('x')) })).toEqual(
      [],
    );
    expect(validateViewResponse({})).toEqual([]);
  });
});
