#!/usr/bin/env bash
# Dynamics benchmark: HubSpot ↔ Dynamics initial sync, both emulated in one process. Dynamics holds
# half the contacts and companies; HubSpot the same ones with other fields filled in, plus as many
# again. Prints wall time and the API calls per side against the theoretical minimum.
# Usage: bench/dynamics/run.sh [contacts=20000] [companies=2000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file=tandem-app/target/bench-classpath.txt
# Compiles main and test sources through the reactor (never `install`) and writes tandem-app's
# test classpath; -DskipTests: the benchmark is a main class, not a test.
mvn -B -q -pl tandem-app -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cp_file" -DskipTests ${MVN_OPTS:-}
cp="tandem-app/target/test-classes:tandem-app/target/classes:$(cat "$cp_file")"
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" dev.tandem.bench.DynamicsBench "$@"
