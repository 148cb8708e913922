import { describe, expect, test } from 'vitest';
import type { FormData } from '../../src/forms/kinds.js';
import { parseTaskOutcome } from '../../src/task/form.js';
import type { TaskKind, TaskOutcome } from '../../src/task/types.js';
import { fieldErrors } from '../helpers/field-errors.js';

const required = { key: 'form.error.required' };
const satisfactionRange = { key: 'form.error.choice', params: { choices: '1-5' } };
const npsRange = { key: 'form.error.choice', params: { choices: '0-10' } };
const typeChoice = {
  key: 'form.error.choice',
  params: { choices: 'call, visit, email, meeting, message' },
  choices: { values: ['call', 'visit', 'email', 'meeting', 'message'], labels: 'interaction' },
};

describe('parseTaskOutcome', () => {
  test.each<[string, TaskKind, FormData, TaskOutcome]>([
    [
      'a revisit with scores and no summary',
      'revisit',
      { type: 'call', solved: 'yes', satisfaction: '5', nps: '9' },
      { interactionType: 'call', summary: '', solved: true, satisfaction: 5, nps: 9 },
    ],
    [
      'a revisit not solved, lowest scores, with summary and feedback',
      'revisit',
      {
        type: 'visit',
        solved: 'no',
        satisfaction: '1',
        nps: '0',
        summary: ' Export still fails ',
        feedback: 'Wants a call from L2',
      },
      {
        interactionType: 'visit',
        summary: 'Export still fails',
        solved: false,
        satisfaction: 1,
        nps: 0,
        feedback: 'Wants a call from L2',
      },
    ],
    [
      'a revisit without NPS',
      'revisit',
      { type: 'message', solved: 'yes', satisfaction: '4', nps: '' },
      { interactionType: 'message', summary: '', solved: true, satisfaction: 4 },
    ],
    [
      'a guide with its summary',
      'guide',
      { type: 'email', summary: 'Sent the usage guide', feedback: ' ' },
      { interactionType: 'email', summary: 'Sent the usage guide' },
    ],
    [
      'a win-back with its churn reason',
      'winback',
      { type: 'call', summary: 'Moved to a cheaper supplier', churn_reason: 'price' },
      { interactionType: 'call', summary: 'Moved to a cheaper supplier', churnReason: 'price' },
    ],
    [
      'a win-back that finds the customer is not leaving: no churn reason',
      'winback',
      { type: 'call', summary: 'They stay', churn_reason: 'staying' },
      { interactionType: 'call', summary: 'They stay', staying: true },
    ],
    [
      'a check-in keeps no solved answer',
      'checkin',
      { type: 'meeting', summary: 'New needs: API', solved: 'yes' },
      { interactionType: 'meeting', summary: 'New needs: API' },
    ],
    [
      'a visit with optional scores',
      'visit',
      { type: 'visit', summary: 'Plant visit', satisfaction: '4', nps: '10' },
      { interactionType: 'visit', summary: 'Plant visit', satisfaction: 4, nps: 10 },
    ],
    [
      "a care call keeps no scores: it is no customer's answer",
      'care',
      { type: 'call', summary: 'Quarterly care call', satisfaction: '4', nps: '10' },
      { interactionType: 'call', summary: 'Quarterly care call' },
    ],
    [
      'a greeting keeps no scores',
      'greeting',
      { type: 'message', satisfaction: '5', nps: '9' },
      { interactionType: 'message', summary: '' },
    ],
  ])('%s', (_name, kind, form, outcome) => {
    expect(parseTaskOutcome(form, kind)).toEqual(outcome);
  });

  test.each<[string, TaskKind, FormData, Record<string, unknown>]>([
    [
      'an empty revisit',
      'revisit',
      {},
      { type: required, solved: required, satisfaction: required },
    ],
    [
      'a revisit with a blank solved answer',
      'revisit',
      { type: 'call', solved: '', satisfaction: '3' },
      { solved: required },
    ],
    [
      'a revisit with solved not yes or no',
      'revisit',
      { type: 'call', solved: 'maybe', satisfaction: '3' },
      {
        solved: {
          key: 'form.error.choice',
          params: { choices: 'yes, no' },
          choices: { values: ['yes', 'no'], labels: 'task.solved' },
        },
      },
    ],
    ['an unknown contact type', 'guide', { type: 'fax', summary: 'x' }, { type: typeChoice }],
    ['a guide without summary', 'guide', { type: 'call', summary: '  ' }, { summary: required }],
    ['a check-in without summary', 'checkin', { type: 'call' }, { summary: required }],
    ['a care task without summary', 'care', { type: 'call' }, { summary: required }],
    [
      'a win-back without summary or churn reason',
      'winback',
      { type: 'call' },
      { summary: required, churn_reason: required },
    ],
    [
      'too long texts',
      'care',
      { type: 'call', summary: 's'.repeat(2001), feedback: 'f'.repeat(2001) },
      {
        summary: { key: 'form.error.tooLong', params: { max: 2000 } },
        feedback: { key: 'form.error.tooLong', params: { max: 2000 } },
      },
    ],
  ])('%s is refused', (_name, kind, form, problems) => {
    expect(fieldErrors(() => parseTaskOutcome(form, kind))).toEqual(problems);
  });

  test.each(['0', '6', '-1', '3.5', 'five'])('satisfaction %s is out of range', (satisfaction) => {
    expect(
      fieldErrors(() => parseTaskOutcome({ type: 'call', solved: 'yes', satisfaction }, 'revisit')),
    ).toEqual({ satisfaction: satisfactionRange });
  });

  test.each(['11', '-1', '7.5', 'ten'])('NPS %s is out of range', (nps) => {
    expect(
      fieldErrors(() =>
        parseTaskOutcome({ type: 'call', solved: 'yes', satisfaction: '3', nps }, 'revisit'),
      ),
    ).toEqual({ nps: npsRange });
  });

  test('scores are checked on other tasks too', () => {
    expect(
      fieldErrors(() =>
        parseTaskOutcome({ type: 'call', summary: 'x', satisfaction: '9', nps: '12' }, 'care'),
      ),
    ).toEqual({ satisfaction: satisfactionRange, nps: npsRange });
  });
});

describe("a complaint contact's time", () => {
  // Received 10:30:40 in Shanghai; now 11:00.
  const clock = {
    now: new Date('2026-11-24T03:00:00Z'),
    timeZone: 'Asia/Shanghai',
    receivedAt: new Date('2026-11-24T02:30:40Z'),
  };
  const form = (contacted_date: string, contacted_time: string): FormData => ({
    type: 'call',
    summary: 'Apologised',
    contacted_date,
    contacted_time,
  });
  const before = {
    key: 'task.error.contactBeforeReceived',
    params: { received: '2026-11-24 10:30 GMT+8' },
  };

  test.each([
    ['earlier the same day, on the time', '2026-11-24', '10:29', { contacted_time: before }],
    ['the day before, on the date', '2026-11-23', '18:00', { contacted_date: before }],
  ])('before it was received is refused %s', (_name, date, time, problems) => {
    expect(
      fieldErrors(() => parseTaskOutcome(form(date, time), 'complaint_contact', clock)),
    ).toEqual(problems);
  });

  test('the minute it was received is accepted', () => {
    expect(parseTaskOutcome(form('2026-11-24', '10:30'), 'complaint_contact', clock)).toMatchObject(
      {
        contactedAt: new Date('2026-11-24T02:30:00Z'),
      },
    );
  });
});
