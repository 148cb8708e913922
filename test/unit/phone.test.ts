import { describe, expect, test } from 'vitest';
import { maskPhone } from '../../src/customer/rules.js';
import { phoneExtension } from '../../src/forms/kinds.js';
import { formatPhone, parsePhone } from '../../src/phone.js';

describe('phone numbers (libphonenumber-js)', () => {
  test.each([
    ['138 1234 5678', '+8613812345678', '138 1234 5678', '138****5678'],
    ['010-12345678', '+861012345678', '010 1234 5678', '010****5678'],
    ['0571 8888 1234', '+8657188881234', '0571 8888 1234', '057****1234'],
    ['+86 21 6888 8888', '+862168888888', '021 6888 8888', '021****8888'],
    ['+1 415 555 0123', '+14155550123', '+1 415 555 0123', '+14****0123'],
  ])('%s is stored as %s, shown as %s, masked as %s', (typed, stored, shown, masked) => {
    expect(parsePhone(typed)).toBe(stored);
    expect(formatPhone(stored)).toBe(shown);
    expect(maskPhone(stored)).toBe(masked);
  });

  test.each(['12345', '010-1234', '1381234567', '+0 123 4567', 'call me'])(
    '%s is not a phone number',
    (typed) => {
      expect(parsePhone(typed)).toBeUndefined();
    },
  );

  test.each([
    ['010-12345678 ext. 123'],
    ['010 12345678 x123'],
    ['010-12345678-123'],
    ['010-12345678转123'],
    ['010 1234 5678 转 123'],
    ['０１０－１２３４５６７８转１２３'],
  ])('%s keeps its extension, shown and masked without losing it or leaking it', (typed) => {
    const stored = parsePhone(typed);
    expect(stored).toBe('+861012345678;ext=123');
    expect(formatPhone(stored!)).toBe('010 1234 5678 ext. 123');
    // Written back (modal, CSV) and read again: the same number and extension.
    expect(parsePhone(formatPhone(stored!))).toBe(stored);
    // In Chinese through the catalogue, read back the same.
    const zh = formatPhone(stored!, phoneExtension('zh-CN'));
    expect(zh).toBe('010 1234 5678 转 123');
    expect(parsePhone(zh)).toBe(stored);
    // Masking hides the number's middle digits and never shows the extension's.
    expect(maskPhone(stored!)).toBe('010****5678');
  });

  test('an extension on a number abroad is kept too', () => {
    expect(parsePhone('+1 415 555 0123 ext. 45')).toBe('+14155550123;ext=45');
    expect(formatPhone('+14155550123;ext=45')).toBe('+1 415 555 0123 ext. 45');
    expect(formatPhone('+14155550123;ext=45', phoneExtension('zh-CN'))).toBe(
      '+1 415 555 0123 转 45',
    );
    expect(parsePhone('+1 415 555 0123 转 45')).toBe('+14155550123;ext=45');
    expect(maskPhone('+14155550123;ext=45')).toBe('+14****0123');
  });

  test.each(['138 1234 5678-123', '010-1234-', '010-123', '010-1234567转', '转123'])(
    '%s is refused (`-NNN` only after a complete landline)',
    (typed) => {
      expect(parsePhone(typed)).toBeUndefined();
    },
  );

  test('numbers stored before (national digits) still show and mask', () => {
    expect(formatPhone('13812345678')).toBe('138 1234 5678');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(formatPhone('138****5678')).toBe('138****5678');
  });
});
