# Source this file (`. scripts/select-jdk.sh`): it makes sure JAVA_HOME and PATH point at a JDK 21 or newer.
# It keeps a JAVA_HOME that already qualifies, else takes the `java` on PATH if it qualifies, else looks in
# the usual install places (newest first).
__pagerstatus_java_major() {
  # A JDK's release file says its version without starting a JVM (that alone costs a tenth of a cold sync).
  if [ -f "$1/release" ] && grep -q '^JAVA_VERSION=' "$1/release"; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
  fi
}
__pagerstatus_ok() { [ -x "$1/bin/java" ] && [ "$(__pagerstatus_java_major "$1" 2>/dev/null || echo 0)" -ge 21 ] 2>/dev/null; }
if ! __pagerstatus_ok "${JAVA_HOME:-/nonexistent}"; then
  __pagerstatus_found=""
  if command -v java >/dev/null 2>&1; then
    __pagerstatus_path_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    __pagerstatus_ok "$__pagerstatus_path_home" && __pagerstatus_found="$__pagerstatus_path_home"
  fi
  if [ -z "$__pagerstatus_found" ]; then
    for __pagerstatus_candidate in $(ls -d /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
        "$HOME"/.sdkman/candidates/java/* /opt/java/* 2>/dev/null | sort -rV); do
      if __pagerstatus_ok "$__pagerstatus_candidate"; then
        __pagerstatus_found="$__pagerstatus_candidate"
        break
      fi
    done
  fi
  if [ -z "$__pagerstatus_found" ]; then
    echo "pagerstatus needs JDK 21 or newer; install one (e.g. Temurin 25) or set JAVA_HOME to it" >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME="$__pagerstatus_found"
fi
export PATH="$JAVA_HOME/bin:$PATH"
unset -f __pagerstatus_java_major __pagerstatus_ok
unset __pagerstatus_found __pagerstatus_path_home __pagerstatus_candidate
