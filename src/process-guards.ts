// What the process does with a failure nothing else caught. Installed by src/main.ts.
import { classifyError, newErrorRef } from './errors.js';
import type { Logger } from './logger.js';

export interface ProcessGuards {
  /** Takes the handlers off again (tests). */
  remove(): void;
}

/**
 * A promise rejected with nobody waiting on it (Node would exit with code 1) is logged with a
 * reference id and the process keeps serving: the request it belonged to has failed, the others
 * are unaffected. An exception thrown out of a callback leaves the process in a state nobody
 * knows, so it is logged as fatal and `fatal` is called: main.ts stops taking requests, lets
 * those in flight finish within its shutdown limit and exits with code 1 for the supervisor to
 * restart it. A second one while that runs exits at once.
 */
export function installProcessGuards(
  log: Logger,
  fatal: (reason: string) => void,
  proc: NodeJS.Process = process,
): ProcessGuards {
  let failing = false;
  const onRejection = (reason: unknown) => {
    const ref = newErrorRef();
    log.error(
      { err: reason, ref, code: classifyError(reason).code },
      'unhandled promise rejection: logged, still serving',
    );
  };
  const onException = (error: unknown) => {
    const ref = newErrorRef();
    log.fatal(
      { err: error, ref, code: classifyError(error).code },
      'uncaught exception: state unknown, shutting down',
    );
    if (failing) {
      proc.exit(1);
      return;
    }
    failing = true;
    fatal('uncaughtException');
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return {
    remove() {
      proc.off('unhandledRejection', onRejection);
      proc.off('uncaughtException', onException);
    },
  };
}
