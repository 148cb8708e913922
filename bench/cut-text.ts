// clipMrkdwn (cutText with mrkdwn's atoms, at a word) of a 150,000-character mrkdwn text cut to
// 3,000 characters: the median and p95 of warm cuts, for three texts: lines (a list with
// mentions, links and entities), one paragraph of Latin words without a newline, Chinese lines.
// Each line ends with a digest of the cut, to compare two versions' output. Pure.
//   node --import tsx bench/cut-text.ts
//   BENCH_ROUNDS=50 node --import tsx bench/cut-text.ts
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { clipMrkdwn, type Mrkdwn } from '../src/ui/text.js';

/** The bench's texts are mrkdwn as built (its entities and atoms are ours). */
const trusted = (text: string) => text as Mrkdwn;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const SIZE = 150_000;
const MAX = 3_000;

const fill = (piece: (i: number) => string) => {
  let s = '';
  for (let i = 0; s.length < SIZE; i++) s += piece(i);
  return s.slice(0, SIZE);
};
const TEXTS: Record<string, string> = {
  lines: fill(
    (i) =>
      `• <@U0AGENT${String(i % 100).padStart(3, '0')}> moved T-${i} &amp; told <https://desk.example/t/${i}|the customer> &lt;ok&gt; 👍🏽\n`,
  ),
  paragraph: fill((i) => `word${i} Fête &amp; <#C0CHAN${i % 10}> café, `),
  chinese: fill((i) => `客户服务台第${i}号工单已转交给<@U0AGENT001>处理，请跟进。\n`),
};

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

console.log(`clipMrkdwn ${SIZE} -> ${MAX}: ${ROUNDS} warm cuts; load ${loadavg()[0]!.toFixed(1)}`);
for (const [name, text] of Object.entries(TEXTS)) {
  const out = clipMrkdwn(trusted(text), MAX);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    clipMrkdwn(trusted(text), MAX);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const digest = createHash('sha256').update(out).digest('hex').slice(0, 12);
  console.log(
    `${name.padEnd(9)} median ${quantile(times, 0.5).toFixed(2)} ms  p95 ${quantile(times, 0.95).toFixed(2)} ms  out ${out.length} chars  ${digest}`,
  );
}
