#!/usr/bin/env bash
# HubSpot benchmark: initial sync of 20,000 HubSpot contacts (emulator) with 20,000 memory
# contacts, 10,000 of them shared, then an incremental sync after 200 edits in HubSpot.
# Usage: bench/hubspot/run.sh [contacts=20000] [edits=200] [rate-limit=190]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file=tandem-app/target/bench-classpath.txt
# Compiles main and test sources through the reactor (never `install`) and writes tandem-app's
# test classpath; -DskipTests: the benchmark is a main class, not a test.
mvn -B -q -pl tandem-app -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cp_file" -DskipTests ${MVN_OPTS:-}
# In a reactor build, sibling modules resolve to their target/classes folders.
cp="tandem-app/target/test-classes:tandem-app/target/classes:$(cat "$cp_file")"
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" dev.tandem.bench.HubSpotBench "$@"
