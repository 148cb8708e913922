// The digest chart in tests and the bench: eight sample weeks of figures, earlier weeks stored
// for a digest run, and a PNG reader to look at what was drawn.
import { inflateSync } from 'node:zlib';
import { reportedWeek, weeksEnding } from '../../src/digest/service.js';
import type { WeekFigures, WeekWindow } from '../../src/digest/types.js';
import type { Database } from '../../src/db/connection.js';
import { FAKE_TEAM_ID } from './fake-slack.js';
import { weekFigures } from './records.js';

const TIME_ZONE = 'Asia/Shanghai';

/** Week 2026-W48 (Mon 23 - Sun 29 November 2026, Shanghai). */
export const CHART_WEEK: WeekWindow = {
  week: '2026-W48',
  from: new Date('2026-11-22T16:00:00Z'),
  to: new Date('2026-11-29T16:00:00Z'),
  fromDate: '2026-11-23',
  toDate: '2026-11-30',
};

/**
 * Eight weeks to 2026-W48 with figures that move like a real desk's: the rates below and above
 * their targets, a week without satisfaction answers (a gap), and a last week where three rates
 * are all 100 % (the points must stay apart). `first` weeks before the last have figures; the
 * earlier ones are empty, as before a desk started.
 */
export function sampleChartWeeks(first = 8): {
  week: WeekWindow;
  weeks: WeekWindow[];
  figures: Map<string, WeekFigures>;
} {
  const weeks = weeksEnding(CHART_WEEK, 8, TIME_ZONE);
  const rows: [number | null, number | null, number | null, number | null][] = [
    [0.88, 0.8, 0.78, 84.2],
    [0.91, 0.86, 0.8, 86],
    [0.94, 0.9, 0.84, null],
    [0.9, 0.92, 0.86, 88.5],
    [0.96, 0.93, 0.83, 90.4],
    [0.97, 0.96, 0.88, 89],
    [0.93, 0.97, 0.9, 91.2],
    [1, 1, 1, 92],
  ];
  const empty = weekFigures({
    responseOnTime: null,
    resolvedWithin72h: null,
    resolvedWithinSla: null,
    firstContactResolution: null,
    satisfaction: null,
  });
  const figures = new Map(
    weeks.map((w, i) => {
      const [responseOnTime, resolvedWithin72h, firstContactResolution, satisfaction] = rows[i]!;
      const has = i >= weeks.length - first;
      return [
        w.week,
        has
          ? weekFigures({ responseOnTime, resolvedWithin72h, firstContactResolution, satisfaction })
          : empty,
      ];
    }),
  );
  return { week: weeks.at(-1)!, weeks, figures };
}

export interface Pixels {
  width: number;
  height: number;
  /** [r, g, b, a] */
  at(x: number, y: number): [number, number, number, number];
}

/** Reads an 8-bit RGB or RGBA PNG (what resvg writes), undoing every row filter. */
export function readPng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8) throw new Error(`bit depth ${body[8]}`);
      channels = { 2: 3, 6: 4 }[body[9]!] ?? 0;
      if (!channels) throw new Error(`colour type ${body[9]}`);
      if (body[12] !== 0) throw new Error('interlaced');
    }
    if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`filter ${filter}`);
      out[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    at(x, y) {
      const i = y * stride + x * channels;
      return [out[i]!, out[i + 1]!, out[i + 2]!, channels === 4 ? out[i + 3]! : 255];
    },
  };
}

/**
 * Stores `count` weeks of figures before the week a digest run at `slot` reports (as if the
 * desk had run for a while), so the digest has enough weeks for its chart.
 */
export async function storeEarlierWeeks(
  app: { db: Database },
  slot: string,
  count = 2,
): Promise<void> {
  const week = reportedWeek(new Date(slot), TIME_ZONE);
  const earlier = weeksEnding(week, count + 1, TIME_ZONE).slice(0, count);
  await app.db.models.digests.insertMany(
    earlier.map((w) => ({
      _id: `${FAKE_TEAM_ID}:${w.week}`,
      teamId: FAKE_TEAM_ID,
      week: w.week,
      from: w.from,
      to: w.to,
      figures: weekFigures(),
      builtAt: w.to,
    })),
  );
}
