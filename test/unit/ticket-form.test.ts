import { describe, expect, test } from 'vitest';
import type { FormData } from '../../src/forms/kinds.js';
import { parseTicketForm } from '../../src/ticket/form.js';
import { fieldErrors } from '../helpers/field-errors.js';

/** Tuesday 2026-11-24 10:00 in Shanghai. */
const NOW = new Date('2026-11-24T02:00:00Z');

const parse = (form: FormData, timeZone = 'Asia/Shanghai', now = NOW) =>
  parseTicketForm(form, { now, timeZone, submissionId: 'V0123VIEW' });

const complete: FormData = {
  customer: 'C2026001',
  type: 'complaint',
  severity: 'urgent',
  channel: 'phone',
  title: 'ERP export fails',
  description: 'Since this morning every export ends with error 500.',
  received_date: '2026-11-24',
  received_time: '09:30',
};

const REQUIRED = ['customer', 'type', 'severity', 'channel', 'title', 'description'];
const required = { key: 'form.error.required' };
const tooLong = (max: number) => ({ key: 'form.error.tooLong', params: { max } });
/** A refused choice: the ids, and the list's labels for the message to name them by. */
const choiceError = (choices: string) => ({
  key: 'form.error.choice',
  params: { choices },
  choices: { values: choices.split(', '), labels: expect.any(String) },
});

describe('parseTicketForm', () => {
  test('a complete form is the ticket input', () => {
    expect(parse(complete)).toEqual({
      customerCode: 'C2026001',
      type: 'complaint',
      severity: 'urgent',
      // A complaint's own scale: general when the form does not say (the modal preselects it).
      complaintUrgency: 'general',
      channel: 'phone',
      title: 'ERP export fails',
      description: 'Since this morning every export ends with error 500.',
      receivedAt: new Date('2026-11-24T01:30:00Z'),
      // The filer typed the Received time: held to the 1 h logging rule (loggedLateMinutes).
      receivedTyped: true,
      submissionId: 'V0123VIEW',
    });
  });

  test('an empty form names every required field', () => {
    expect(fieldErrors(() => parse({}))).toEqual(
      Object.fromEntries(
        [...REQUIRED, 'received_date', 'received_time'].map((field) => [field, required]),
      ),
    );
  });

  test.each(REQUIRED)('%s left blank is required', (field) => {
    expect(fieldErrors(() => parse({ ...complete, [field]: '  ' }))).toEqual({
      [field]: required,
    });
  });

  test('the time is required once the date is given', () => {
    expect(fieldErrors(() => parse({ ...complete, received_time: undefined }))).toEqual({
      received_time: required,
    });
  });

  test('text is trimmed and kept as typed (Chinese punctuation too); the code is folded and upper-cased', () => {
    expect(
      parse({
        ...complete,
        customer: ' ｃ2026001 ',
        title: '  ＥＲＰ 无法登录（生产环境） ',
        description: ' 客户反馈：打印失败，请尽快处理！ ',
      }),
    ).toMatchObject({
      customerCode: 'C2026001',
      title: 'ＥＲＰ 无法登录（生产环境）',
      description: '客户反馈：打印失败，请尽快处理！',
    });
  });

  test.each(['Acme Trading', 'C26001', 'T20260001', 'C2026001 Acme'])(
    'customer %s is not a customer code',
    (customer) => {
      expect(fieldErrors(() => parse({ ...complete, customer }))).toEqual({
        customer: { key: 'ticket.error.pickCustomer' },
      });
    },
  );

  test.each([
    ['type', 'question', 'consultation, complaint, after_sales, demand, other'],
    ['severity', 'critical', 'urgent, important, general'],
    ['channel', 'fax', 'phone, email, portal, review, slack, visit, wechat'],
  ])('%s %s is refused with the choices', (field, raw, choices) => {
    expect(fieldErrors(() => parse({ ...complete, [field]: raw }))).toEqual({
      [field]: choiceError(choices),
    });
  });

  test.each([
    ['type', ['consultation', 'complaint', 'after_sales', 'demand', 'other']],
    ['severity', ['urgent', 'important', 'general']],
    ['channel', ['phone', 'email', 'portal', 'review', 'slack', 'visit', 'wechat']],
  ] as const)('every %s is taken', (field, values) => {
    for (const value of values) expect(parse({ ...complete, [field]: value })[field]).toBe(value);
  });

  test.each([
    ['type', 'Complaint', 'complaint'],
    ['severity', '严重', 'urgent'],
  ] as const)('%s given by its label %s is taken as %s', (field, label, value) => {
    expect(parse({ ...complete, [field]: label })[field]).toBe(value);
  });

  test.each([
    ['title', 150],
    ['description', 3000],
  ] as const)('%s takes %d characters and no more', (field, max) => {
    expect(parse({ ...complete, [field]: 'x'.repeat(max) })[field]).toHaveLength(max);
    expect(fieldErrors(() => parse({ ...complete, [field]: 'x'.repeat(max + 1) }))).toEqual({
      [field]: tooLong(max),
    });
  });

  test.each([
    ['2026-11-24', '10:00', 'Asia/Shanghai', '2026-11-24T02:00:00Z'],
    ['2026-11-24', '00:00', 'Asia/Shanghai', '2026-11-23T16:00:00Z'],
    ['2026-11-23', '23:59', 'Asia/Shanghai', '2026-11-23T15:59:00Z'],
    ['2026-11-23', '10:00', 'America/New_York', '2026-11-23T15:00:00Z'],
    ['2026-07-01', '10:00', 'America/New_York', '2026-07-01T14:00:00Z'],
    ['2026-11-24', '02:00', 'UTC', '2026-11-24T02:00:00Z'],
  ])('received %s %s in %s is %s', (date, time, zone, instant) => {
    expect(
      parse({ ...complete, received_date: date, received_time: time }, zone).receivedAt,
    ).toEqual(new Date(instant));
  });

  test.each([
    ['10:00', true],
    ['10:01', true],
    ['10:02', false],
    ['23:00', false],
  ])('received today at %s (now 10:00) accepted: %s', (time, accepted) => {
    const form = { ...complete, received_time: time };
    if (accepted) expect(() => parse(form)).not.toThrow();
    else
      expect(fieldErrors(() => parse(form))).toEqual({
        received_date: { key: 'form.error.futureDate' },
      });
  });

  test('tomorrow is in the future', () => {
    expect(
      fieldErrors(() =>
        parse({ ...complete, received_date: '2026-11-25', received_time: '00:00' }),
      ),
    ).toEqual({ received_date: { key: 'form.error.futureDate' } });
  });

  test('a date that does not exist is refused', () => {
    expect(fieldErrors(() => parse({ ...complete, received_date: '2026-02-30' }))).toEqual({
      received_date: { key: 'form.error.date' },
    });
  });
});
