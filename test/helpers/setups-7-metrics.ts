// GET /metrics as an operator's scraper reads it.
import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** The app's /metrics page (answered 200). */
export async function scrapeMetrics(app: TestApp): Promise<string> {
  const res = await fetch(`${app.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one sample (`name{labels}`) in a scraped page, 0 when absent. */
export function sampleValue(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
