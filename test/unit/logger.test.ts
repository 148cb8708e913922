import { describe, expect, test, vi } from 'vitest';
import { lazyChild } from '../../src/logger.js';
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

describe("a request's logger", () => {
  test('is made on its first line, which carries its bindings; one that logs nothing makes none', () => {
    const { log, lines } = captureLogs();
    const child = vi.spyOn(log, 'child');
    const quiet = lazyChild(log, { listener: 'view:ticket_create', teamId: 'T0TEAM0001' });
    void quiet;
    expect(child).not.toHaveBeenCalled();

    const request = lazyChild(log, { listener: 'action:ticket_claim', teamId: 'T0TEAM0001' });
    request.info({ ticket: 'T20260001' }, 'ticket action');
    request.info('again');
    expect(child).toHaveBeenCalledTimes(1);
    request.child({ component: 'x' }).warn({ phone: '13812345678' }, 'nested');
    expect(lines).toEqual([
      expect.objectContaining({
        listener: 'action:ticket_claim',
        teamId: 'T0TEAM0001',
        ticket: 'T20260001',
        msg: 'ticket action',
      }),
      expect.objectContaining({ listener: 'action:ticket_claim', msg: 'again' }),
      expect.objectContaining({
        listener: 'action:ticket_claim',
        component: 'x',
        phone: '[redacted]',
        msg: 'nested',
      }),
    ]);
  });
});
