#!/usr/bin/env bash
# Prints how fast this machine's CPU is right now: the user time of a fixed piece of work (SHA-256 of
# 1 GB of zeros). On the 2-core build machine the same work has taken from 4.5 s to 8.4 s of CPU
# within an hour (other guests on the host), and every CPU-bound figure moves with it — so a
# benchmark prints this before and after it runs, to tell a slow host from a slow change.
set -euo pipefail
TIMEFORMAT=%U
t="$( { time head -c 1000000000 /dev/zero | sha256sum >/dev/null; } 2>&1 )"
echo "cpu probe: ${t} s of CPU for SHA-256 of 1 GB (lower is faster; 4.5-5.5 s on a quiet host)"
