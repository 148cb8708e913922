// What an operator reads when a command-line tool fails after its arguments were taken: in the
// tool's language (`--locale`, else LANG), the libraries' own words kept as details only. The
// cli project checks an unreachable MONGODB_URI and a bad configuration end to end
// (test/cli/locale.test.ts); these are the failures a test machine cannot easily stage.
import { describe, expect, test } from 'vitest';
import { failureText, sayIn } from '../../src/cli/shared.js';
import { NoDatabaseError } from '../../src/db/engine.js';
import { DataFileInUseError } from '../../src/db/standin.js';
import { AppError } from '../../src/errors.js';

const zh = sayIn('zh-CN');
const en = sayIn('en');

describe('a tool failure in the operator language', () => {
  test('no database at all: the three ways in Chinese, what was tried as the libraries said it', () => {
    const err = new NoDatabaseError([
      'MONGODB_URI: not set',
      'mongo-java-server: java is not on the PATH',
    ]);
    const text = failureText('job', err, zh);
    expect(text.split('\n')[0]).toBe('没有可用的 MongoDB。请任选以下一种方式：');
    expect(text).toContain(
      '  1. 将 MONGODB_URI 设为一个运行中的 MongoDB（如 mongodb://127.0.0.1:27017）；',
    );
    expect(text.split('\n').slice(-3)).toEqual([
      '已尝试：',
      '  - MONGODB_URI: not set',
      '  - mongo-java-server: java is not on the PATH',
    ]);
    // In English exactly as `npm start` says it.
    expect(failureText('job', err, en)).toBe(err.message);
  });

  test('the embedded database in use by another process, and a database lost on the way', () => {
    const inUse = failureText('report', new DataFileInUseError('/srv/desk/.data/standin.mv'), zh);
    expect(inUse).toMatch(
      /^report：内置数据库的文件 \/srv\/desk\/\.data\/standin\.mv 正被另一个进程使用/,
    );
    expect(inUse).toContain('请先停止该进程');

    const lost = Object.assign(new Error('Server selection timed out after 1500 ms'), {
      name: 'MongoServerSelectionError',
    });
    expect(failureText('privacy', lost, zh)).toBe(
      'privacy：数据库无响应：Server selection timed out after 1500 ms',
    );
    expect(failureText('privacy', new Error('boom'), zh)).toBe('privacy：运行失败：boom');
    expect(failureText('privacy', new Error('boom'), en)).toBe('privacy: failed: boom');
  });

  test('a refusal of the services is the catalogue message, not its key', () => {
    const refused = new AppError('FORBIDDEN', 'cli.args.required');
    expect(failureText('admins', refused, zh)).toBe('admins：必填');
  });
});
