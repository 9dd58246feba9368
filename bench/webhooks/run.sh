#!/usr/bin/env bash
# Real-time latency through webhooks: N edits made through the HubSpot emulator's API (paced at R
# per second over C contacts), each timed until the memory app on the other side has the edit
# (HubSpot webhook → /webhooks/{connection}/a → targeted sync → write). Prints p50/p90/p99/max.
# Usage: bench/webhooks/run.sh [N=1000] [C=200] [R=20]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
mvn -B -q -ntp ${MVN_OPTS:-} -DskipTests -Dspotless.check.skip=true -pl tandem-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="tandem-server/target/test-classes:tandem-server/target/classes:tandem-engine/target/classes:$(cat "$cp_file")"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; $(java -version 2>&1 | head -1)"
echo "load: $(uptime | sed 's/.*load average/load average/')"
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.tandem.bench.WebhookBench "${1:-1000}" "${2:-200}" "${3:-20}"
