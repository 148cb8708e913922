// Makes the chart's font: Noto Sans SC (SIL Open Font License 1.1) cut down to the characters the
// digest chart can draw, so the repository carries a few hundred kilobytes instead of 20 MB.
//
//   npm run font:subset [-- --from DIR]
//
// DIR holds NotoSansSC_400Regular.ttf and NotoSansSC_700Bold.ttf; without --from, the script
// takes them from the npm package @expo-google-fonts/noto-sans-sc (Google Fonts' static
// builds, ~57 MB, fetched with `npm pack` into a temporary folder, never installed). Run it after
// changing the chart's messages in the catalogue: test/unit/ui/chart-image.test.ts fails when a
// character the chart draws is missing from the committed subset.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import subsetFont from 'subset-font';
import { CHART_FONT_DIR, CHART_FONT_FILES } from '../src/ui/chart.js';
import { chartCharacters } from '../src/ui/digest.js';

const SOURCE_PACKAGE = '@expo-google-fonts/noto-sans-sc@0.4.3';
const SOURCE_FILES = {
  regular: join('400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: join('700Bold', 'NotoSansSC_700Bold.ttf'),
} as const;

function sourceDir(): { dir: string; cleanup: () => void } {
  const at = process.argv.indexOf('--from');
  if (at > 0 && process.argv[at + 1]) return { dir: process.argv[at + 1]!, cleanup: () => {} };
  const tmp = mkdtempSync(join(tmpdir(), 'chart-font-'));
  const tarball = execFileSync('npm', ['pack', SOURCE_PACKAGE, '--silent'], { cwd: tmp })
    .toString()
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync(
    'tar',
    [
      'xzf',
      tarball,
      '--strip-components=1',
      ...Object.values(SOURCE_FILES).map((f) => `package/${f}`),
    ],
    {
      cwd: tmp,
    },
  );
  return { dir: tmp, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

const text = chartCharacters();
const { dir, cleanup } = sourceDir();
try {
  for (const weight of ['regular', 'bold'] as const) {
    const source = readFileSync(join(dir, SOURCE_FILES[weight]));
    const subset = await subsetFont(source, text, {
      targetFormat: 'sfnt',
      // copyright, family, style, unique id, full name, version, PostScript name, licence
      preserveNameIds: [0, 1, 2, 3, 4, 5, 6, 13, 14],
    });
    writeFileSync(join(CHART_FONT_DIR, CHART_FONT_FILES[weight]), subset);
    console.log(
      `${CHART_FONT_FILES[weight]}: ${[...text].length} characters, ${subset.length} bytes (from ${source.length})`,
    );
  }
} finally {
  cleanup();
}
