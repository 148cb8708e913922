import { describe, expect, test } from 'vitest';
import { captureLogs } from '../helpers/logs.js';

describe('logs keep personal data and secrets out', () => {
  test('phones, emails and tokens are redacted, nested too', () => {
    const { log, raw } = captureLogs();
    log.info(
      {
        token: 'xoxb-secret',
        customer: { contacts: [{ name: 'Zhang', phone: '13812345678', email: 'z@x.cn' }] },
      },
      'x',
    );
    log.info({ payload: { user: { phone: '13900001111' } } }, 'y');
    const text = raw.join('\n');
    for (const secret of ['xoxb-secret', '13812345678', 'z@x.cn', '13900001111'])
      expect(text).not.toContain(secret);
    expect(text).toContain('Zhang');
  });

  test('an error is logged as type, message, code and stack, not its other properties', () => {
    const { log, lines } = captureLogs();
    const dup = Object.assign(new Error('E11000 duplicate key'), {
      name: 'MongoServerError',
      code: 11000,
      keyValue: { 'contacts.phone': '13812345678' },
    });
    log.error({ err: dup }, 'failed');
    expect(lines[0]!.err).toEqual({
      type: 'MongoServerError',
      message: 'E11000 duplicate key',
      code: 11000,
      stack: dup.stack,
    });
  });
});
