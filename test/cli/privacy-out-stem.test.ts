// `npm run privacy -- export … --out subject.csv`: --out is the files' stem, as the usage says
// ("export writes subject.json and subject.csv"): a `.csv` or `.json` typed at its end is dropped,
// so the operator finds subject.json and subject.csv, not subject.csv.json and subject.csv.csv.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runTool, toolArgs } from '../helpers/jobs.js';
import { makeCustomer } from '../helpers/factories.js';
import { tempDir } from '../helpers/temp.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

describe('privacy export --out', { timeout: 90_000 }, () => {
  test.each(['subject.csv', 'subject.JSON'])(
    '--out %s writes subject.json and subject.csv, and says so',
    async (typed) => {
      const { code } = await makeCustomer(app, {
        contact: { name: '王芳', phone: '+8613800138000' },
      });
      const dir = tempDir('privacy-');
      const run = await runTool(
        app,
        toolArgs('privacy'),
        [
          'export',
          '--team',
          FAKE_TEAM_ID,
          '--as',
          ADMIN,
          '--customer',
          code,
          '--out',
          join(dir, typed),
        ],
        { ADMIN_USER_IDS: ADMIN },
      );
      const stem = join(dir, 'subject');
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`to ${stem}\\.json and ${stem}\\.csv\\n$`));
      expect(readFileSync(`${stem}.json`, 'utf8')).toContain('王芳');
      expect(readFileSync(`${stem}.csv`, 'utf8')).toContain('王芳');
      expect(existsSync(join(dir, `${typed}.json`))).toBe(false);
      expect(existsSync(join(dir, `${typed}.csv`))).toBe(false);
    },
  );
});
