#!/usr/bin/env python3
"""Time from launch to the first prompt of the interactive tutor, in a pseudo-terminal; and its
RSS there. Prints the median over N runs."""
import os, pty, select, statistics, sys, time, tempfile, signal

binary, lessons, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 10
times, rss = [], []
for _ in range(runs):
    state = tempfile.mkdtemp()
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["XDG_STATE_HOME"] = state
        os.environ["NO_COLOR"] = "1"
        os.execv(binary, [binary, "--lessons", lessons])
    out = b""
    while b"crumbs>" not in out:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            break
        out += os.read(fd, 65536)
    times.append((time.perf_counter() - start) * 1000)
    with open(f"/proc/{pid}/status") as f:
        rss.append(next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
print(f"first_prompt_ms {statistics.median(times):.1f}")
print(f"rss_at_prompt_kb {int(statistics.median(rss))}")
