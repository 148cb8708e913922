import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  PALETTE,
  pointAt,
  renderRateChart,
  type RateChartInput,
  type Rgb,
} from '../../../src/ui/chart.js';

interface Image {
  width: number;
  height: number;
  pixel(x: number, y: number): [number, number, number];
}

/** Minimal PNG decoder for what the chart writes: 8-bit RGB, filter 0 rows, checks every CRC. */
function decodePng(png: Buffer): Image {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: { type: string; body: Buffer }[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + len);
    expect(png.readUInt32BE(off + 8 + len), `CRC of ${type}`).toBe(
      crc32(png.subarray(off + 4, off + 8 + len)),
    );
    chunks.push({ type, body });
    off += 12 + len;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const ihdr = chunks[0]!.body;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
  const raw = inflateSync(chunks[1]!.body);
  const rowLen = width * 3 + 1;
  expect(raw.length).toBe(rowLen * height);
  for (let y = 0; y < height; y++) expect(raw[y * rowLen]).toBe(0);
  return {
    width,
    height,
    pixel(x, y) {
      const i = y * rowLen + 1 + x * 3;
      return [raw[i]!, raw[i + 1]!, raw[i + 2]!];
    },
  };
}

const WHITE = [255, 255, 255];
const rgb = (c: Rgb) => [...c];
const labels = ['W41', 'W42', 'W43', 'W44', 'W45', 'W46', 'W47', 'W48'];

describe('rate chart', () => {
  test('PNG is well-formed and has the requested size', () => {
    const img = decodePng(renderRateChart({ labels, series: [], width: 640, height: 300 }));
    expect([img.width, img.height]).toEqual([640, 300]);
    const def = decodePng(renderRateChart({ labels, series: [] }));
    expect([def.width, def.height]).toEqual([800, 360]);
  });

  test('points are drawn in the series colour, higher values higher up', () => {
    const input: RateChartInput = {
      labels,
      series: [
        { color: PALETTE[0]!, values: [10, 20, 30, 40, 50, 60, 70, 80] },
        { color: PALETTE[1]!, values: [95, 5, 90, 12, 85, 3, 88, 1] },
      ],
    };
    const img = decodePng(renderRateChart(input));
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < labels.length; i++) {
        const p = pointAt(input, s, i);
        expect(img.pixel(p.x, p.y), `series ${s} point ${i}`).toEqual(rgb(input.series[s]!.color));
      }
    }
    expect(pointAt(input, 0, 7).y).toBeLessThan(pointAt(input, 0, 6).y);
    expect(pointAt(input, 1, 0).y).toBeLessThan(pointAt(input, 0, 7).y);
    // Same x for the same label across series, increasing left to right.
    expect(pointAt(input, 0, 3).x).toBe(pointAt(input, 1, 3).x);
    expect(pointAt(input, 0, 4).x).toBeGreaterThan(pointAt(input, 0, 3).x);
    // Values are clamped into 0..yMax.
    const at = (v: number) =>
      pointAt({ labels, series: [{ color: PALETTE[2]!, values: labels.map(() => v) }] }, 0, 0).y;
    expect(at(150)).toBe(at(100));
    expect(at(-5)).toBe(at(0));
    expect(at(100)).toBeLessThan(at(99));
  });

  test('a null value leaves a gap: no dot and no line across it', () => {
    const color = PALETTE[3]!;
    const values = [30, 30, 30, null, 40, 40, 40, 40];
    const input: RateChartInput = { labels, series: [{ color, values }] };
    const img = decodePng(renderRateChart(input));
    const before = pointAt(input, 0, 2);
    const after = pointAt(input, 0, 4);
    // Where the point would be if it had a value (layout does not depend on values).
    const wouldBe = pointAt({ labels, series: [{ color, values: labels.map(() => 35) }] }, 0, 3);
    expect(wouldBe.x).toBe(Math.round((before.x + after.x) / 2));
    expect(img.pixel(wouldBe.x, wouldBe.y)).toEqual(WHITE);
    // The whole column between the neighbours' heights has no series colour.
    for (let y = after.y - 8; y <= before.y + 8; y++) {
      expect(img.pixel(wouldBe.x, y), `y=${y}`).not.toEqual(rgb(color));
    }
    // The neighbours themselves are still connected to their other neighbours.
    const mid = pointAt(input, 0, 1);
    expect(img.pixel(Math.round((mid.x + before.x) / 2), before.y)).toEqual(rgb(color));
    expect(() => pointAt(input, 0, 3)).toThrow(/no value/);
  });

  test('target lines are dashed', () => {
    const color: Rgb = [200, 30, 30];
    const input: RateChartInput = { labels, series: [], targets: [{ value: 90, color }] };
    const img = decodePng(renderRateChart(input));
    const at90: RateChartInput = { labels, series: [{ color, values: labels.map(() => 90) }] };
    const { y } = pointAt(at90, 0, 0);
    const x0 = pointAt(at90, 0, 0).x;
    const xs = Array.from({ length: pointAt(at90, 0, 7).x - x0 + 1 }, (_, i) => x0 + i);
    const row = xs.map((x) => img.pixel(x, y));
    expect(row.some((p) => p.join() === color.join())).toBe(true);
    expect(row.some((p) => p.join() === WHITE.join())).toBe(true);
    expect(row.every((p) => p.join() === color.join() || p.join() === WHITE.join())).toBe(true);
    // Without a target the same row is plain background.
    const plain = decodePng(renderRateChart({ labels, series: [] }));
    expect(xs.every((x) => plain.pixel(x, y).join() === WHITE.join())).toBe(true);
  });

  test('draws tick and x labels as dark text', () => {
    const img = decodePng(renderRateChart({ labels, series: [] }));
    const dark = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) if (img.pixel(x, y).every((c) => c < 128)) return true;
      return false;
    };
    expect(dark(0, 0, 60, img.height - 40)).toBe(true); // y tick labels
    expect(dark(60, img.height - 30, img.width, img.height)).toBe(true); // x labels
    expect(dark(100, 30, img.width - 30, img.height - 40)).toBe(false); // plot area: no text
  });

  test('rejects bad input', () => {
    expect(() => renderRateChart({ labels: [], series: [] })).toThrow(/labels/);
    expect(() =>
      renderRateChart({ labels, series: [{ color: PALETTE[0]!, values: [1, 2, 3] }] }),
    ).toThrow(/series 0 has 3 values but there are 8 labels/);
    expect(() => pointAt({ labels, series: [{ color: PALETTE[0]!, values: [1] }] }, 0, 0)).toThrow(
      /values/,
    );
  });

  test('rendering is deterministic', () => {
    const input: RateChartInput = {
      labels,
      series: [{ color: PALETTE[0]!, values: [50, 60, null, 70, 80, 75, 90, 95] }],
      targets: [{ value: 80, color: [120, 120, 120] }],
    };
    expect(renderRateChart(input).equals(renderRateChart(input))).toBe(true);
  });

  test('PALETTE has 4-6 distinct colours', () => {
    expect(PALETTE.length).toBeGreaterThanOrEqual(4);
    expect(PALETTE.length).toBeLessThanOrEqual(6);
    expect(new Set(PALETTE.map((c) => c.join())).size).toBe(PALETTE.length);
  });
});
