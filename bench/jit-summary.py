#!/usr/bin/env python3
"""Summarises HotSpot JIT compilation logs (-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=x%p.log).

Usage: bench/jit-summary.py [--top N] LOG...

For each log: how many C1 (tiers 1-3) and C2 (tier 4) compilations ran, their summed duration (wall time of each task,
so it grows when the machine is loaded), and the load-independent measures of C2 work: the native code produced
(nmsize) and the bytecode inlined into compiled methods (inlined_bytes). Then the C2 compilations by origin (JDK,
Netty, Kafka, Samsa) and the N largest ones by native size, with the time (s since JVM start) each one started.
"""
import collections
import re
import sys

TASK = re.compile(r"<task (?:[^>]*?)compile_id='(\d+)'[^>]*?method='([^']*)'[^>]*?bytes='(\d+)'[^>]*?stamp='([\d.]+)'")
LEVEL = re.compile(r"level='(\d)'")
OSR = re.compile(r"osr_bci='(\d+)'")
DONE = re.compile(r"<task_done success='(\d)'[^>]*?nmsize='(\d+)'(?:[^>]*?inlined_bytes='(\d+)')?[^>]*?stamp='([\d.]+)'")


def origin(method):
    parts = method.split(' ')[0].split('.')
    if parts[0] in ('java', 'jdk', 'sun'):
        return 'jdk'
    if parts[:2] == ['io', 'netty']:
        return 'netty'
    if parts[:2] == ['org', 'apache']:
        return 'kafka'
    if parts[:2] == ['dev', 'samsa']:
        return 'samsa tool' if len(parts) > 2 and parts[2] == 'samples' else 'samsa'
    return 'other'


def read(path):
    rows, current = [], None
    with open(path, errors='replace') as f:
        for line in f:
            m = TASK.search(line)
            if m:
                lvl, osr = LEVEL.search(line), OSR.search(line)
                current = dict(method=m.group(2).replace('/', '.'), bytes=int(m.group(3)), start=float(m.group(4)),
                               level=int(lvl.group(1)) if lvl else 4, osr=osr.group(1) if osr else None)
                continue
            d = DONE.search(line)
            if d and current:
                current.update(ok=d.group(1) == '1', nmsize=int(d.group(2)), inlined=int(d.group(3) or 0),
                               secs=float(d.group(4)) - current['start'])
                rows.append(current)
                current = None
    return rows


def main(argv):
    top = 15
    if argv[:1] == ['--top']:
        top, argv = int(argv[1]), argv[2:]
    if not argv:
        sys.exit(__doc__)
    for path in argv:
        rows = read(path)
        c1 = [r for r in rows if r['level'] != 4]
        c2 = [r for r in rows if r['level'] == 4]
        last = max((r['start'] + r['secs'] for r in rows), default=0)
        print(f"{path}: C1 {len(c1)} compilations {sum(r['secs'] for r in c1):.2f} s; C2 {len(c2)} compilations "
              f"{sum(r['secs'] for r in c2):.2f} s, native {sum(r['nmsize'] for r in c2) / 1024:.0f} KiB, inlined "
              f"{sum(r['inlined'] for r in c2) / 1024:.0f} KiB of bytecode; last compilation ended at {last:.2f} s")
        by = collections.defaultdict(lambda: [0, 0, 0.0])
        for r in c2:
            b = by[origin(r['method'])]
            b[0] += 1
            b[1] += r['nmsize']
            b[2] += r['secs']
        for k, (n, nm, s) in sorted(by.items(), key=lambda kv: -kv[1][1]):
            print(f"  C2 {k:<11} {n:4d} compilations {nm / 1024:7.0f} KiB native {s:6.2f} s")
        print(f"  largest C2 compilations (native KiB, inlined KiB, s, started at s):")
        for r in sorted(c2, key=lambda r: -r['nmsize'])[:top]:
            osr = f" (OSR at bci {r['osr']})" if r['osr'] else ''
            print(f"    {r['nmsize'] / 1024:5.1f} {r['inlined'] / 1024:5.1f} {r['secs']:5.2f} {r['start']:6.2f}  "
                  f"{r['method'][:120]}{osr}")


if __name__ == '__main__':
    main(sys.argv[1:])
