// The requester's view names the person behind a question, an answer or words in the
// conversation; where only the desk is on record (no person) it names nobody, in en and zh-CN.
import { expect, test } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { requesterTicketCard } from '../../src/ui/requester.js';
import type { RequesterTicket } from '../../src/ticket/types.js';

const at = new Date('2026-11-24T02:00:00Z');
const ticket: RequesterTicket = {
  id: 'x',
  number: 'T20261124-0001',
  title: 'Line 3 stopped',
  description: 'Line 3 stopped',
  status: 'assigned',
  receivedAt: at,
  steps: [
    { kind: 'asked', at, text: 'Which controller serial?' },
    { kind: 'answered', at, text: 'Firmware 2.1 fixes it' },
    { kind: 'said', at, text: 'Also on line 4' },
    { kind: 'said', at, by: 'U0COWORK01', text: 'Line 5 too' },
  ],
  mayReopen: false,
  surveyOpen: false,
};

test.each([
  [
    'en',
    [
      'We asked you: Which controller serial?',
      'We answered: Firmware 2.1 fixes it',
      'Written in the conversation: Also on line 4',
      '<@U0COWORK01> wrote: Line 5 too',
    ],
  ],
  [
    'zh-CN',
    [
      '我们向您提问：Which controller serial?',
      '我们答复：Firmware 2.1 fixes it',
      '对话中写道：Also on line 4',
      '<@U0COWORK01> 写道：Line 5 too',
    ],
  ],
] as const)('%s: a step with no person names nobody', (locale, lines) => {
  const card = JSON.stringify(requesterTicketCard(translator(locale), ticket, 'Asia/Shanghai'));
  for (const line of lines) expect(card).toContain(line);
  expect(card).not.toContain('<@undefined>');
  expect(card).not.toContain('<@>');
});
