import { describe, expect, test } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import type { SubjectExport } from '../../../src/privacy/service.js';
import {
  subjectExportComment,
  subjectExportFiles,
  subjectExportSent,
} from '../../../src/ui/privacy.js';

const aboutContact: SubjectExport = {
  subject: 'C2026001 contact',
  code: 'C2026001',
  contact: true,
  json: '{}',
  csv: '',
  documents: 3,
};

describe('a data-subject export as the admin reads it', () => {
  test("whom it is about is said in the workspace's language; the file names stay ASCII", () => {
    const zh = translator('zh-CN');
    const files = subjectExportFiles(zh, aboutContact, '2026-11-24');
    expect(files.map((f) => f.filename)).toEqual([
      'C2026001-contact-2026-11-24.json',
      'C2026001-contact-2026-11-24.csv',
    ]);
    const said = [
      ...files.map((f) => String(f.title)),
      String(subjectExportComment(zh, aboutContact)),
      JSON.stringify(subjectExportSent(zh, aboutContact)),
    ];
    for (const text of said) {
      expect(text).toContain('C2026001 的联系人');
      expect(text).not.toMatch(/\bcontact\b/);
    }
    const en = translator('en');
    expect(String(subjectExportComment(en, aboutContact))).toContain('C2026001 contact');
    expect(String(subjectExportComment(en, { ...aboutContact, contact: false }))).not.toContain(
      'contact',
    );
  });
});
