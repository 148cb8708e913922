import { expect, test } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { taskTitle } from '../../../src/ui/task.js';
import { task } from '../../helpers/records.js';

const guide = task({
  kind: 'guide',
  ticketNumber: 'T20260001',
  alsoTickets: ['T20260002', 'T20260003'],
});

test("a guide's title names the other tickets it covers in the reader's list words", () => {
  expect(taskTitle(translator('en'), guide)).toContain('(also T20260002, T20260003)');
  expect(taskTitle(translator('zh-CN'), guide)).toContain('（另含 T20260002、T20260003）');
});
