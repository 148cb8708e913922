import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../../src/logger.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose lines tests can read. */
export function captureLogs(level: 'debug' | 'info' = 'info'): {
  log: Logger;
  lines: LogLine[];
  raw: string[];
} {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const destination: DestinationStream = {
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line) as LogLine);
    },
  };
  return { log: createLogger(level, destination), lines, raw };
}
