#!/usr/bin/env bash
# Runs every test of every module, and the format check. Usage: ./test.sh [extra Maven args]
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
