import fs from "node:fs";

/**
 * CPU time (user + system) spent by groups of processes, read from /proc (Linux). The benchmark
 * shares one machine between the app, PostgreSQL and its own load generator, so the rate of
 * either route is set by how much CPU an event costs in each of them: this says where it goes.
 * Elsewhere (no /proc) every reading is null and the benchmark prints no split.
 */
const TICKS_PER_SECOND = 100;

type ProcStat = { pid: number; ppid: number; pgrp: number; comm: string; cpuMs: number };

function readStats(): ProcStat[] | null {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  for (const e of entries) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${e}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp … utime(14) stime(15)": comm may hold spaces and parentheses.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const f = text.slice(close + 2).split(" ");
    stats.push({
      pid: Number(e),
      ppid: Number(f[1]),
      pgrp: Number(f[2]),
      comm,
      cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND,
    });
  }
  return stats;
}

/** CPU ms so far per process: of the app (its process group), of every `postgres` process, and of this process. */
export type CpuReading = { app: Map<number, number>; db: Map<number, number>; load: number } | null;

export function readCpu(appGroup: number | null): CpuReading {
  const stats = readStats();
  if (!stats) return null;
  const byPid = (f: (s: ProcStat) => boolean) => new Map(stats.filter(f).map((s) => [s.pid, s.cpuMs]));
  const own = process.cpuUsage();
  return {
    app: appGroup ? byPid((s) => s.pgrp === appGroup) : new Map(),
    db: byPid((s) => s.comm === "postgres" || s.comm.startsWith("postgres:")),
    load: (own.user + own.system) / 1000,
  };
}

/**
 * CPU ms per event between two readings, per group: each process's growth, counting one that
 * started in between from zero. A process that exited in between (an autovacuum worker) is not
 * counted: its time is no longer readable.
 */
export function cpuPerEvent(
  before: CpuReading,
  after: CpuReading,
  events: number,
): { app: number; db: number; load: number } | null {
  if (!before || !after || events <= 0) return null;
  const grown = (b: Map<number, number>, a: Map<number, number>) =>
    [...a].reduce((n, [pid, ms]) => n + Math.max(0, ms - (b.get(pid) ?? 0)), 0);
  return {
    app: grown(before.app, after.app) / events,
    db: grown(before.db, after.db) / events,
    load: (after.load - before.load) / events,
  };
}
