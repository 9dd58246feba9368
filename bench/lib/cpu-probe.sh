#!/usr/bin/env bash
# Prints how fast this machine is right now: the CPU time of a fixed piece of work (SHA-256 of 1 GB
# of zeros), and the time of a random memory read (MemProbe.java). On the 2-core build machine the
# same SHA-256 has taken from 4.3 s to 8.4 s of CPU within an hour (other guests on the host), and
# CPU-bound figures move with it; a benchmark prints both before and after it runs, to help tell a
# slow host from a slow change. They are a hint, not a correction: a run can be slow while both
# probes are fast (see BENCHMARKS.md).
set -euo pipefail
TIMEFORMAT=%U
t="$( { time head -c 1000000000 /dev/zero | sha256sum >/dev/null; } 2>&1 )"
echo "cpu probe: ${t} s of CPU for SHA-256 of 1 GB (lower is faster; 4.3-5.5 s on a quiet host)"
java -Xmx1g "$(dirname "$0")/MemProbe.java" || true
