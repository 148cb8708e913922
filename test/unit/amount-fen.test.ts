// An amount typed finer than the fen is refused, never rounded (revtiers F1); a minus sign is
// below zero (F2). The order form tells a refund it is no order.
import { describe, expect, test } from 'vitest';
import { parseOrderForm } from '../../src/customer/form.js';
import { FieldErrors } from '../../src/errors.js';
import { readAmount } from '../../src/forms/kinds.js';

describe('readAmount', () => {
  test.each([
    ['499,999.99', 499_999.99],
    ['499999.990', 499_999.99],
    ['0.01', 0.01],
    ['.5', 0.5],
    ['0.1', 0.1],
    ['1.234567万', 12_345.67],
    ['1.2345678901亿', 123_456_789.01],
    ['１２.３４５６７８萬', 123_456.78],
  ])('%j is %d yuan', (raw, value) => {
    expect(readAmount(raw)).toEqual({ value });
  });

  test.each([
    ['499,999.995', 'form.error.amountFen'],
    ['500,000.004', 'form.error.amountFen'],
    ['0.004', 'form.error.amountFen'],
    ['.001', 'form.error.amountFen'],
    ['1.2345678万', 'form.error.amountFen'],
    ['1.23456789012亿', 'form.error.amountFen'],
    ['-5000', 'form.error.amountNegative'],
    ['¥-5,000.00', 'form.error.amountNegative'],
    ['－5万', 'form.error.amountNegative'],
    ['−0.004', 'form.error.amountNegative'],
    ['-abc', 'form.error.amount'],
    ['5-', 'form.error.amount'],
    ['1e6', 'form.error.amount'],
  ])('%j is refused: %s', (raw, refused) => {
    expect(readAmount(raw)).toEqual({ refused });
  });

  // Zero written with a minus sign is zero, as "0" is, not refused as below zero. [revland-d F5]
  test.each(['-0', '−0.00', '¥-0'])('%j is taken as 0', (raw) => {
    expect(readAmount(raw)).toEqual({ value: 0 });
  });
});

describe('the order form', () => {
  const problems = (amount: string) => {
    try {
      parseOrderForm({ date: '2026-11-20', amount }, '2026-11-24');
    } catch (error) {
      if (error instanceof FieldErrors) return error.fields;
      throw error;
    }
    return {};
  };
  test('a negative amount is told a refund is no order; zero is told above zero; extra decimals the fen', () => {
    expect(problems('-5000')).toEqual({ amount: { key: 'order.error.refund' } });
    expect(problems('0')).toEqual({ amount: { key: 'order.error.negative' } });
    expect(problems('0.004')).toEqual({ amount: { key: 'form.error.amountFen' } });
  });
});
