import { describe, expect, test } from 'vitest';
import { periodWindow, storedOrBuilt } from '../../src/digest/periods.js';

// A stored week or period is read back only when it was built in the workspace's time zone:
// after `/desk settings` moves the zone, one built in the old zone counted other days'
// tickets ("vs last week" and the charts would compare with it). [digesttz F1]
describe('stored figures and the time zone they were built in', () => {
  const LA = 'America/Los_Angeles';
  const SH = 'Asia/Shanghai';
  const builtAt = new Date('2026-12-01T00:00Z');

  async function read(stored: { timeZone?: string; zoneOfBounds: string }) {
    const window = periodWindow('2026-W44', SH)!;
    const old = periodWindow('2026-W44', stored.zoneOfBounds)!;
    const built: string[] = [];
    const figures = await storedOrBuilt(
      'period',
      [window],
      [
        {
          period: '2026-W44',
          from: old.from,
          to: old.to,
          ...(stored.timeZone ? { timeZone: stored.timeZone } : {}),
          builtAt,
          figures: 'stored',
        },
      ],
      SH,
      [],
      async (w) => {
        built.push(w.period);
        return 'built';
      },
    );
    return { figure: figures.get('2026-W44'), built };
  }

  test('a week built in the zone the workspace had before is built again in the current one', async () => {
    expect(await read({ timeZone: LA, zoneOfBounds: LA })).toEqual({
      figure: 'built',
      built: ['2026-W44'],
    });
  });

  test('a week built in the current zone is read back', async () => {
    expect(await read({ timeZone: SH, zoneOfBounds: SH })).toEqual({ figure: 'stored', built: [] });
  });

  test('a record stored before records named their zone is read back only when its bounds are the current zone’s', async () => {
    expect(await read({ zoneOfBounds: SH })).toEqual({ figure: 'stored', built: [] });
    expect(await read({ zoneOfBounds: LA })).toEqual({ figure: 'built', built: ['2026-W44'] });
  });
});
