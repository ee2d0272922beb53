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
    stats.push({ pid: Number(e), ppid: Number(f[1]), pgrp: Number(f[2]), comm, cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND });
  }
  return stats;
}

export type CpuReading = { app: number; db: number; load: number } | null;

/** CPU ms so far of the app (its process group), of every `postgres` process, and of this process. */
export function readCpu(appGroup: number | null): CpuReading {
  const stats = readStats();
  if (!stats) return null;
  const sum = (f: (s: ProcStat) => boolean) => stats.filter(f).reduce((n, s) => n + s.cpuMs, 0);
  const own = process.cpuUsage();
  return {
    app: appGroup ? sum((s) => s.pgrp === appGroup) : 0,
    db: sum((s) => s.comm === "postgres" || s.comm.startsWith("postgres:")),
    load: (own.user + own.system) / 1000,
  };
}

/** CPU ms per event between two readings, per group. */
export function cpuPerEvent(before: CpuReading, after: CpuReading, events: number): CpuReading {
  if (!before || !after || events <= 0) return null;
  return { app: (after.app - before.app) / events, db: (after.db - before.db) / events, load: (after.load - before.load) / events };
}
