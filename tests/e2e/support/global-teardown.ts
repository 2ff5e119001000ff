import { readState } from './platform';

export default async function globalTeardown(): Promise<void> {
  const { pids } = readState();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
