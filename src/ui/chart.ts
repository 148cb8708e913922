/**
 * Dependency-free line chart renderer for the weekly KPI digest: draws rates into an RGB raster
 * with a built-in 5x7 bitmap font and encodes it as a PNG by hand (node:zlib only).
 */
import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

export interface ChartSeries {
  color: Rgb;
  /** one per label; null = no data that week (gap in the line) */
  values: (number | null)[];
}

export interface RateChartInput {
  /** x-axis labels, oldest first, e.g. ['W41', ..., 'W48']; only characters 0-9 A-Z a-z % . - / : and space need to render */
  labels: string[];
  series: ChartSeries[];
  /** y axis from 0 to yMax (default 100); values are clamped into range */
  yMax?: number;
  /** dashed horizontal target lines */
  targets?: { value: number; color: Rgb }[];
  width?: number; // default 800
  height?: number; // default 360
}

/** Okabe-Ito colours (colour-blind friendly) for series. */
export const PALETTE: readonly Rgb[] = [
  [0, 114, 178], // blue
  [230, 159, 0], // orange
  [0, 158, 115], // bluish green
  [213, 94, 0], // vermillion
  [204, 121, 167], // reddish purple
  [86, 180, 233], // sky blue
];

const WHITE: Rgb = [255, 255, 255];
const GRID: Rgb = [225, 225, 225];
const TEXT: Rgb = [90, 90, 90];
const SCALE = 2; // font scale
const LINE_THICKNESS = 3;
const DOT_RADIUS = 4;

/**
 * 5x7 glyphs: the character, then 7 rows top to bottom, each a base-32 digit whose 5 bits are the
 * pixels left to right (e.g. 'v' = 11111). Space and unknown characters are handled in `text`.
 */
const FONT_DATA =
  '0ehjlphe 14c4444e 2eh1248v 3v2421he 426aiv22 5vgu11he 668guhhe 7v124888 8ehhehhe 9ehhf12c ' +
  'Aehhvhhh Buhhuhhu Cehggghe Dsihhhis Evgguggv Fvgguggg Gehgnhhf Hhhhvhhh Ie44444e J72222ic ' +
  'Khikokih Lggggggv Mhrllhhh Nhhpljhh Oehhhhhe Puhhuggg Qehhhlid Ruhhukih Sfgge11u Tv444444 ' +
  'Uhhhhhhe Vhhhhha4 Whhhllla Xhha4ahh Yhha4444 Zv1248gv ' +
  'a00e1fhf bggmphhu c00egghe d11djhhf e00ehvge f698s888 g0fhhf1e hggmphhh i40c444e j20622ic ' +
  'kggikoki lc44444e m00qllhh n00mphhh o00ehhhe p00uhugg q00djf11 r00mpggg s00ege1u t88s8896 ' +
  'u00hhhjd v00hhha4 w00hhlla x00ha4ah y00hhf1e z00v248v ' +
  '%op248j3 .00000cc -000v000 /01248g0 :0cc0cc0';
const FONT = new Map<string, number[]>(
  FONT_DATA.split(' ').map((g) => [g[0]!, [...g.slice(1)].map((d) => parseInt(d, 32))]),
);
const TOFU = [31, 17, 17, 17, 17, 17, 31];

/** Width in pixels of `s` drawn at `scale` (6 columns per glyph incl. spacing, minus trailing). */
function textWidth(s: string, scale = SCALE): number {
  return s.length === 0 ? 0 : (s.length * 6 - 1) * scale;
}

/** A simple 8-bit RGB raster; all drawing clips to the canvas. */
class Raster {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
    bg: Rgb,
  ) {
    this.data = Buffer.alloc(width * height * 3);
    this.fillRect(0, 0, width, height, bg);
  }

  setPixel(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.setPixel(xx, yy, c);
  }

  /** Bresenham line stamped with a `t`x`t` square brush (row/column 0 of the brush is on the line). */
  line(x0: number, y0: number, x1: number, y1: number, t: number, c: Rgb): void {
    const o = -Math.floor(t / 2);
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.fillRect(x0 + o, y0 + o, t, t, c);
      if (x0 === x1 && y0 === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }

  /** Horizontal dashed line from x0 to x1 on row y (plus rows above for thickness `t`). */
  dashedHLine(x0: number, x1: number, y: number, dash: number, gap: number, t: number, c: Rgb) {
    for (let x = x0; x <= x1; x += dash + gap) {
      this.fillRect(x, y - t + 1, Math.min(dash, x1 - x + 1), t, c);
    }
  }

  /** Filled circle. */
  circle(cx: number, cy: number, r: number, c: Rgb): void {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++)
        if (dx * dx + dy * dy <= r * r + r) this.setPixel(cx + dx, cy + dy, c);
    }
  }

  /** Draws `s` with its top-left corner at (x, y) in the built-in font. */
  text(x: number, y: number, s: string, c: Rgb, scale = SCALE): void {
    for (const ch of s) {
      const rows = ch === ' ' ? [] : (FONT.get(ch) ?? TOFU);
      rows.forEach((bits, row) => {
        for (let col = 0; col < 5; col++) {
          if (bits & (16 >> col)) this.fillRect(x + col * scale, y + row * scale, scale, scale, c);
        }
      });
      x += 6 * scale;
    }
  }
}

interface Layout {
  width: number;
  height: number;
  yMax: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
  ticks: { value: number; label: string }[];
  /** pixel x of label i */
  x(i: number): number;
  /** pixel y of value v (clamped into 0..yMax) */
  y(v: number): number;
}

/** Validates the input and computes where everything goes; shared by renderRateChart and pointAt. */
function layout(input: RateChartInput): Layout {
  const { labels, series, yMax = 100, width = 800, height = 360 } = input;
  if (labels.length === 0) throw new Error('chart: labels must not be empty');
  series.forEach((s, i) => {
    if (s.values.length !== labels.length) {
      throw new Error(
        `chart: series ${i} has ${s.values.length} values but there are ${labels.length} labels`,
      );
    }
    if (s.values.some((v) => v !== null && Number.isNaN(v))) {
      throw new Error(`chart: series ${i} contains NaN (use null for missing data)`);
    }
  });
  if (!(yMax > 0 && Number.isFinite(yMax))) throw new Error(`chart: yMax must be > 0, got ${yMax}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 160 || height < 100) {
    throw new Error(
      `chart: width/height must be integers of at least 160x100, got ${width}x${height}`,
    );
  }
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    value: f * yMax,
    label: String(Math.round(f * yMax * 10) / 10),
  }));
  const left = 12 + Math.max(...ticks.map((t) => textWidth(t.label)));
  const top = 16;
  const right = width - 16;
  const bottom = height - (16 + 7 * SCALE);
  const step = (right - left) / labels.length;
  return {
    width,
    height,
    yMax,
    left,
    top,
    right,
    bottom,
    ticks,
    x: (i) => Math.round(left + (i + 0.5) * step),
    y: (v) => Math.round(bottom - (Math.min(Math.max(v, 0), yMax) / yMax) * (bottom - top)),
  };
}

/** Where a data point is drawn (pixel coordinates). Throws if that value is null (no point drawn). */
export function pointAt(
  input: RateChartInput,
  seriesIndex: number,
  labelIndex: number,
): { x: number; y: number } {
  const l = layout(input);
  const v = input.series[seriesIndex]?.values[labelIndex];
  if (v === undefined) throw new Error(`chart: no point ${seriesIndex}/${labelIndex}`);
  if (v === null) throw new Error(`chart: series ${seriesIndex} has no value at ${labelIndex}`);
  return { x: l.x(labelIndex), y: l.y(v) };
}

/** Renders the chart and returns PNG bytes. */
export function renderRateChart(input: RateChartInput): Buffer {
  const l = layout(input);
  const r = new Raster(l.width, l.height, WHITE);
  const glyphH = 7 * SCALE;

  for (const t of l.ticks) {
    const y = l.y(t.value);
    r.fillRect(l.left, y, l.right - l.left + 1, 1, GRID);
    r.text(l.left - 8 - textWidth(t.label), y - glyphH / 2, t.label, TEXT);
  }
  for (const t of input.targets ?? []) {
    r.dashedHLine(l.left, l.right, l.y(t.value), 8, 6, 2, t.color);
  }
  input.labels.forEach((label, i) => {
    r.text(l.x(i) - Math.floor(textWidth(label) / 2), l.bottom + 10, label, TEXT);
  });
  for (const s of input.series) {
    const pts = s.values.map((v, i) => (v === null ? null : { x: l.x(i), y: l.y(v) }));
    pts.forEach((p, i) => {
      const next = pts[i + 1];
      if (p && next) r.line(p.x, p.y, next.x, next.y, LINE_THICKNESS, s.color);
    });
    for (const p of pts) if (p) r.circle(p.x, p.y, DOT_RADIUS, s.color);
  }
  return encodePng(r);
}

/** PNG: signature, IHDR (8-bit RGB), one IDAT (filter 0 on every row), IEND. */
function encodePng(r: Raster): Buffer {
  const rowLen = r.width * 3;
  const raw = Buffer.alloc((rowLen + 1) * r.height);
  for (let y = 0; y < r.height; y++)
    r.data.copy(raw, y * (rowLen + 1) + 1, y * rowLen, (y + 1) * rowLen);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(r.width, 0);
  ihdr.writeUInt32BE(r.height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth, colour type RGB, compression, filter, interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}
