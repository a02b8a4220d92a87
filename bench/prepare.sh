# Sourced by the benchmark scripts: from the repository root, select a JDK 21+ and build the shaded jar and the
# benchmark classes (test classes) when they are missing. Rebuild first (./mvnw package) to measure a change.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/select-jdk.sh
if [ ! -f function/target/pagerstatus.jar ] || [ ! -d function/target/test-classes/dev/pagerstatus/bench ]; then
  ./mvnw -q -B -DskipTests -pl function package
fi
