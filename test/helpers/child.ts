/**
 * The environment of the project's entry points (src/main.ts, the command-line tools) run by a
 * test as a child process: PATH, HOME and TMPDIR, ENV_FILE pointing at an empty file so that the
 * developer's `.env` is never read (test/cli/dotenv.test.ts), and what the test gives.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ENV_FILE: '/dev/null',
    // The operator's temporary folder, as their shell gives it: what a child leaves there is
    // seen in a run with a TMPDIR of its own.
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    ...extra,
  };
}
