import { describe, expect, test } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import type { SubjectExport } from '../../../src/privacy/service.js';
import {
  eraseDoneText,
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

describe('an erasure’s result as the admin reads it', () => {
  const plan = { code: 'C2026001', customerName: '华东机械', contacts: ['王芳'], whole: false };

  test('its two sentences are joined as the language joins them: a space in English, none in Chinese', () => {
    const zh = String(eraseDoneText(translator('zh-CN'), plan, { tickets: 2 }, 3));
    expect(zh).toContain('已记入隐私日志。分诊频道中显示过这些内容的 3 张工单卡片');
    expect(zh).not.toContain('。 ');
    const en = String(eraseDoneText(translator('en'), plan, { tickets: 2 }, 3));
    expect(en).toMatch(/\. \S/);
  });
});
