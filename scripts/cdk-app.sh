#!/usr/bin/env bash
# What cdk.json runs for `cdk synth` and `cdk deploy`: builds the function jar and runs the CDK app.
#
# It finds a JDK 21 or newer as ./pagerstatus does, whatever `java` the shell has (the build needs 21+; a
# shell whose java is 17 used to fail here). The jar it builds is newer than ./pagerstatus's ahead-of-time
# cache, which the JVM then refuses, so a cache that was in use is trained again for the new jar; with none,
# training is skipped, as Lambda cannot use it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/select-jdk.sh >&2
aot=function/target/pagerstatus.aot
jar=function/target/pagerstatus.jar
skip=true
if [ -f "$aot" ] && [ -f "$jar" ] && [ "$aot" -nt "$jar" ]; then
  skip=false
  echo "pagerstatus: training ./pagerstatus's start-up cache again for the jar this build makes" >&2
fi
exec ./mvnw -q -B -DskipTests -Dpagerstatus.aot.skip="$skip" package exec:java
