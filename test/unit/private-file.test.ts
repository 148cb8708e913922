// The files of personal data the tools write (src/cli/private-file.ts): what an operator reads when
// the path cannot be written. The cli project runs a link and a folder end to end
// (test/cli/customer-csv.test.ts); permission denied cannot be staged there as root (the tests may
// run as root, who may write any file): these are its words, from the codes node:fs gives.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sayIn } from '../../src/cli/shared.js';
import { fileProblem, writePrivateFile } from '../../src/cli/private-file.js';
import { tempDir } from '../helpers/temp.js';

const en = sayIn('en');
const zh = sayIn('zh-CN');
const said = (code: string, locale = en) => {
  const err = fileProblem(Object.assign(new Error(code), { code }), '/srv/out.csv');
  return locale(err.messageKey, err.params);
};

describe('a private file that cannot be written, in one line', () => {
  test('EACCES (no write permission) and EPERM (another user’s file, its mode not ours to set) read as permission denied', () => {
    for (const code of ['EACCES', 'EPERM'])
      expect(said(code)).toBe(
        "cannot write /srv/out.csv: permission denied (another user's file, or a folder you may not write in)",
      );
    expect(said('EPERM', zh)).toBe(
      '无法写入 /srv/out.csv：权限不足（其他用户的文件，或无权写入的文件夹）',
    );
  });

  test('EISDIR, ELOOP (a symbolic link under O_NOFOLLOW), ENOENT and any other code', () => {
    expect(said('EISDIR')).toBe(
      '/srv/out.csv is a folder: nothing written (give the name of a file)',
    );
    expect(said('ELOOP')).toBe(
      '/srv/out.csv is a symbolic link: nothing written (give the path of the file itself)',
    );
    expect(said('ENOENT')).toBe('cannot write /srv/out.csv: its folder does not exist');
    expect(said('ENOSPC')).toBe('cannot write /srv/out.csv (ENOSPC)');
    for (const text of [said('EISDIR'), said('ENOSPC', zh)]) expect(text).not.toContain('\n');
  });

  test('a file the import cannot read: a folder, permission denied (EACCES, EPERM), any other code', () => {
    const read = (code: string, locale = en) => {
      const err = fileProblem(Object.assign(new Error(code), { code }), 'a.csv', 'read');
      return locale(err.messageKey, err.params);
    };
    expect(read('EISDIR')).toBe('a.csv is a folder: nothing imported (give the CSV file in it)');
    for (const code of ['EACCES', 'EPERM'])
      expect(read(code)).toBe('cannot read a.csv: permission denied; nothing imported');
    expect(read('EACCES', zh)).toBe('无法读取 a.csv：权限不足；未导入任何内容');
    expect(read('EIO')).toBe('cannot read a.csv (EIO); nothing imported');
  });

  test('a file there before is written over, its mode made 0600', () => {
    const file = join(tempDir('private-'), 'out.csv');
    writeFileSync(file, 'a longer text that was there before', { mode: 0o644 });
    writePrivateFile(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
