/**
 * The environment of the project's entry points (src/main.ts, the command-line tools) run by a
 * test as a child process: PATH and HOME, ENV_FILE pointing at an empty file so that the
 * developer's `.env` is never read (test/cli/dotenv.test.ts), and what the test gives.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ENV_FILE: '/dev/null',
    ...extra,
  };
}
