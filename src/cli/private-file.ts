import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { AppError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';

/** Read and written by its owner only: a file of personal data a tool writes. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * A private file opened for writing: `write` replaces what it held and closes it; `discard`
 * closes it unwritten and removes it when the open made it (nothing left of an export that did
 * not happen), leaving a file that was there as it was.
 */
export interface PrivateFile {
  write(data: string): void;
  close(): void;
  discard(): void;
  /**
   * The file opened (device and inode): two paths naming one file (a symlinked folder, a hard
   * link) open the same one.
   */
  readonly fileId: string;
}

/**
 * Opens `path` for a file of personal data (a data-subject export, the customers' or contacts'
 * export) readable by its owner only, without changing what it holds yet: made with mode 0600 at
 * open, or, already there, made 0600 before anything is written to it, so that it never holds the
 * data readable by others. One open, no check-then-write: a symbolic link (`O_NOFOLLOW`), a folder,
 * anything but a regular file (a FIFO is not waited on), a file the user may not write or whose
 * mode they may not set (another user's) is refused with an AppError the tool says in one line.
 */
export function openPrivateFile(path: string): PrivateFile {
  const flags = constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let fd: number;
  // Made by this open (O_EXCL), else opened as it is: whether `discard` removes it.
  let created = true;
  try {
    try {
      fd = openSync(path, flags | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      created = false;
      fd = openSync(path, flags);
    }
  } catch (err) {
    throw fileProblem(err, path);
  }
  let fileId = '';
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new AppError('INVALID_INPUT', 'cli.file.notFile', { file: path });
    fileId = `${stat.dev}:${stat.ino}`;
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (err) {
    closeSync(fd);
    throw err instanceof AppError ? err : fileProblem(err, path);
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    fileId,
    write(data) {
      try {
        ftruncateSync(fd, 0);
        writeFileSync(fd, data);
      } catch (err) {
        throw fileProblem(err, path);
      } finally {
        close();
      }
    },
    close,
    discard() {
      const wasOpen = open;
      close();
      if (wasOpen && created) rmSync(path, { force: true });
    },
  };
}

/**
 * The bytes of a file to import, refused (an AppError the tool says in one line) when `path` is
 * not a regular file: a folder, or a FIFO, a device or a socket, which would be waited on (or read
 * for ever) as the export side refuses them (`openPrivateFile`). One open (non-blocking, so that
 * opening a FIFO with no writer does not hang), then its kind asked of what was opened.
 */
export function readRegularFile(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fileProblem(err, path, 'read');
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory())
      throw new AppError('INVALID_INPUT', 'cli.file.readIsDirectory', { file: path });
    if (!stat.isFile()) throw new AppError('INVALID_INPUT', 'cli.file.readNotFile', { file: path });
    return readFileSync(fd);
  } catch (err) {
    throw err instanceof AppError ? err : fileProblem(err, path, 'read');
  } finally {
    closeSync(fd);
  }
}

/** Writes a file of personal data readable by its owner only (`openPrivateFile`). */
export function writePrivateFile(path: string, data: string): void {
  openPrivateFile(path).write(data);
}

const WRITE_PROBLEMS: Record<string, MessageKey> = {
  ELOOP: 'cli.file.symlink',
  EISDIR: 'cli.file.isDirectory',
  EACCES: 'cli.file.denied',
  EPERM: 'cli.file.denied',
  EROFS: 'cli.file.denied',
  ENXIO: 'cli.file.notFile',
  ENOENT: 'cli.file.noFolder',
  ENOTDIR: 'cli.file.noFolder',
};

const READ_PROBLEMS: Record<string, MessageKey> = {
  EISDIR: 'cli.file.readIsDirectory',
  EACCES: 'cli.file.readDenied',
  EPERM: 'cli.file.readDenied',
  ENOENT: 'cli.customers.noFile',
};

/**
 * A file the tool could not open, read or write (`err` from node:fs), as the catalogue says it
 * with the file's path: a folder, permission denied, a symbolic link; anything else with its
 * system code (`ENOSPC`).
 */
export function fileProblem(
  err: unknown,
  file: string,
  doing: 'read' | 'write' = 'write',
): AppError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const key = (doing === 'read' ? READ_PROBLEMS : WRITE_PROBLEMS)[code];
  if (key) return new AppError('INVALID_INPUT', key, { file }, { cause: err });
  return new AppError(
    'INVALID_INPUT',
    doing === 'read' ? 'cli.file.readFailed' : 'cli.file.writeFailed',
    { file, code: code || String((err as Error | undefined)?.message) },
    { cause: err },
  );
}
