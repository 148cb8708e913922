// withoutCutForms: a rendered line cut at its limit within an erased person's words reads
// "[erased]…"; an ellipsis someone typed, or their words' start within another's, is no cut.
import { expect, test } from 'vitest';
import { type CutForm, withoutCutForms } from '../../src/privacy/subjects.js';

const forms: CutForm[] = [
  { text: 'The printer is jammed again on dock 7, please send someone', head: 'The printer ' },
  { text: '打印机又卡纸了，请尽快派人来修理', head: '打印机又卡纸' },
];

// Their own mentions read [erased] by then (DataSubjectRepository.scrubUser's eraseId).
test.each([
  ['[erased] replied: The printer is jammed again on dock…', '[erased] replied: [erased]…'],
  ['客户方的 [erased] 回复：打印机又卡纸了，请尽快…', '客户方的 [erased] 回复：[erased]…'],
  // No mention says whose it is: read as a cut, as is another person's whole text ending with
  // a "…" they typed there (README Limits: the stored message does not say where a renderer cut).
  ['head\nThe printer is jammed again…\nnext', 'head\n[erased]…\nnext'],
  ['[erased] wrote: The printer is jammed again… · today', '[erased] wrote: [erased]… · today'],
])('a cut where a renderer quotes: %s', (text, erased) => {
  expect(withoutCutForms(text, forms)).toBe(erased);
});

test.each([
  // A typed ellipsis, followed by more of the line.
  '<@U2> replied: The printer is jammed… again? It was fixed on Monday',
  '<@U2> replied: 打印机又卡纸了……上周刚修过',
  // Their words' start within another person's (no line start or template's lead before).
  '<@U2> replied: Yes, The printer is jammed again on dock…',
  '<@U2> replied: 我的打印机又卡纸了，请尽快…',
  // Another person's whole words, the start of theirs, with an ellipsis they typed at the end.
  '<@U2> replied: The printer is jammed again on dock…',
  '客户方的 <@U2> 回复：打印机又卡纸了，请尽快…',
])('no cut of theirs: %s', (text) => {
  expect(withoutCutForms(text, forms)).toBe(text);
});
