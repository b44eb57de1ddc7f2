#!/usr/bin/env python3
"""Start time of Parley processes (reference-impl/BENCHMARKS.md, "Start time").

Starts each configuration N times, the configurations taking turns (round robin) so that the load of a shared
machine hits them alike. Per start it measures, from the spawn of the process:
  READY   ms until the first stdout line (which must be READY <port>),
  reply   ms until the reply to a first request ({"id":1,"op":"stats"}), the moment a scenario can use the node,
  CPU     ms of CPU the process used in all (user + system, every thread), read from wait4 after it exits on EOF.
and prints the median and p90 of each.

usage: start_time.py N 'label::command with args' ['label::command with args' ...]
A command is split like a shell would, without running one; it runs in the current directory.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_once(command):
    t0 = time.perf_counter()
    p = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = p.stdout.readline()
    t1 = time.perf_counter()
    if not first.startswith("READY "):
        p.kill()
        raise SystemExit("first line is not READY: %r from %s" % (first, command))
    p.stdin.write('{"id":1,"op":"stats"}\n')
    p.stdin.flush()
    reply = p.stdout.readline()
    t2 = time.perf_counter()
    if '"ok":true' not in reply.replace(" ", ""):
        p.kill()
        raise SystemExit("bad reply: %r from %s" % (reply, command))
    p.stdin.close()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        raise SystemExit("exit status %d from %s" % (status, command))
    return (t1 - t0) * 1000, (t2 - t0) * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    n = int(sys.argv[1])
    configs = [(arg.split("::", 1)[0], shlex.split(arg.split("::", 1)[1])) for arg in sys.argv[2:]]
    results = {label: [] for label, _ in configs}
    loads = []
    for _ in range(n):
        for label, command in configs:
            results[label].append(start_once(command))
        loads.append(os.getloadavg()[0])
    cell = lambda values: "%5.0f /%5.0f" % (statistics.median(values), percentile(values, 0.9))
    print("n=%d per configuration; 1-minute load average during the run %.1f..%.1f" % (n, min(loads), max(loads)))
    print("%-32s %14s %14s %14s" % ("configuration", "READY med/p90", "reply med/p90", "CPU med/p90"))
    for label, _ in configs:
        runs = results[label]
        print("%-32s %14s %14s %14s" % (label, cell([r[0] for r in runs]), cell([r[1] for r in runs]),
                                        cell([r[2] for r in runs])), flush=True)


if __name__ == "__main__":
    main()
