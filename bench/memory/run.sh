#!/usr/bin/env bash
# Initial sync of N contacts per side memory ↔ memory (half matching by email), then an incremental
# sync of K changes, in a 1 GB heap. Usage: bench/memory/run.sh [N=1000000] [K=10000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
mvn -B -q -ntp ${MVN_OPTS:-} -DskipTests -Dspotless.check.skip=true -pl tandem-engine -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="tandem-engine/target/test-classes:tandem-engine/target/classes:$(cat "$cp_file")"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; $(java -version 2>&1 | head -1)"
"$root/bench/lib/cpu-probe.sh"
trap '"$root/bench/lib/cpu-probe.sh"' EXIT
# The collector `./tandem serve` runs a service with (see the tandem script); BENCH_JAVA_OPTS
# replaces it and the heap size, e.g. BENCH_JAVA_OPTS="-Xmx1g -XX:+UseG1GC".
java ${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.dev.tandem.engine.sync.WriteBehindStore=debug -cp "$cp" dev.tandem.bench.MemoryBench "${1:-1000000}" "${2:-10000}"
