#!/usr/bin/env bash
# The receiver's Lambda cold start without SnapStart: a fresh JVM under the real Runtime Interface Client,
# handling one signed API Gateway webhook, next to a plain JVM and an empty handler under the same client,
# all in the same run. Also prints the shaded jar's size.
#   bench/lambda-cold-start.sh [runs]
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
./mvnw -q -B -pl function dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
java -Dpagerstatus.jar=function/target/pagerstatus.jar \
  -cp "function/target/test-classes:function/target/classes:$(cat function/target/test-classpath.txt)" \
  dev.pagerstatus.bench.LambdaColdStartBenchmark "${1:-10}"
