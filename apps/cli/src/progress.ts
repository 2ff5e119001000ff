/** Reports a long command's progress on stderr: a redrawn bar in a terminal, plain lines elsewhere. */
export interface Progress {
  /** Starts a step; the previous one, if any, is finished first. */
  step(name: string, total?: number): void;
  /** How far the current step is (`done` of the step's total, or of `total` when given). */
  update(done: number, total?: number): void;
  /** Finishes the current step with a short note (a count, a duration). */
  finish(note?: string): void;
}

const BAR_WIDTH = 28;

/**
 * A progress reporter writing to `write`. In a terminal (`terminal` true) the current step is one
 * line redrawn in place (`\r`) with a bar and a count, at most every 100 ms; otherwise (a log, CI,
 * a pipe) each step prints one line when it finishes, so logs stay readable.
 */
export function createProgress(
  write: (text: string) => void,
  terminal: boolean,
  now: () => number = Date.now,
): Progress {
  let current: { name: string; total: number; done: number; startedAt: number } | null = null;
  let drawnAt = 0;

  const draw = (force: boolean): void => {
    if (!terminal || !current) return;
    const time = now();
    if (!force && time - drawnAt < 100) return;
    drawnAt = time;
    const { name, total, done } = current;
    const counter =
      total > 0
        ? ` [${'#'.repeat(Math.round((BAR_WIDTH * Math.min(done, total)) / total)).padEnd(BAR_WIDTH, '-')}] ${done}/${total}`
        : '';
    write(`\r\x1b[2K  ${name}${counter}`);
  };

  const finish = (note?: string): void => {
    if (!current) return;
    const seconds = ((now() - current.startedAt) / 1000).toFixed(1);
    const detail = note ? `: ${note}` : current.total > 0 ? `: ${current.done}/${current.total}` : '';
    write(`${terminal ? '\r\x1b[2K' : ''}  ${current.name}${detail} (${seconds} s)\n`);
    current = null;
  };

  return {
    step(name, total = 0) {
      finish();
      current = { name, total, done: 0, startedAt: now() };
      draw(true);
    },
    update(done, total) {
      if (!current) return;
      current.done = done;
      if (total !== undefined) current.total = total;
      draw(false);
    },
    finish,
  };
}
