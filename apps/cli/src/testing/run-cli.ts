import { run } from '../program';

/** What one `prospect` invocation did: its exit code and everything it printed. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `prospect` in process, as a test would from a shell, capturing both output streams. */
export async function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string>>; stdin?: string },
): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: options.env ?? { NODE_ENV: 'test' },
    cwd: options.cwd,
    readStdin: async () => options.stdin ?? '',
  });
  return { code, stdout, stderr };
}
