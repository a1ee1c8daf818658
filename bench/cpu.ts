import fs from 'node:fs';

/**
 * CPU seconds a process has used (user + system, from /proc; Linux only, 0 elsewhere). CPU per
 * request is the bench's noise-resistant figure: other work on a shared machine slows a run
 * down, but barely changes how much CPU each request costs.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** Starts a CPU meter over some processes; `stop()` gives the CPU seconds each used since. */
export function cpuMeter(pids: Array<number | undefined>): { stop(): number[] } {
  const start = pids.map(cpuSeconds);
  return { stop: () => pids.map((pid, i) => cpuSeconds(pid) - start[i]) };
}
