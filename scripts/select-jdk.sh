# Source this file (`. scripts/select-jdk.sh`): it makes sure JAVA_HOME and PATH point at a JDK 21 or newer,
# and sets pagerstatus_java_major to that JDK's major version.
# It keeps a JAVA_HOME that already qualifies, else takes the `java` on PATH if it qualifies, else looks in
# the usual install places (newest first). With a JAVA_HOME that qualifies it starts no process: the launcher
# sources it before every command.
__pagerstatus_java_major() {
  # A JDK's release file says its version without starting a JVM (that alone costs a tenth of a cold sync);
  # it is read with the shell's own `read`, as a process to parse it would cost a few milliseconds more.
  pagerstatus_java_major=0
  if [ -f "$1/release" ]; then
    while IFS= read -r __pagerstatus_line || [ -n "$__pagerstatus_line" ]; do
      case "$__pagerstatus_line" in
        JAVA_VERSION=*)
          __pagerstatus_line="${__pagerstatus_line#JAVA_VERSION=}"
          __pagerstatus_line="${__pagerstatus_line#\"}"
          pagerstatus_java_major="${__pagerstatus_line%%[!0-9]*}"
          [ -n "$pagerstatus_java_major" ] || pagerstatus_java_major=0
          return 0 ;;
      esac
    done < "$1/release"
  fi
  pagerstatus_java_major="$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1)"
  [ -n "$pagerstatus_java_major" ] || pagerstatus_java_major=0
}
__pagerstatus_ok() {
  [ -x "$1/bin/java" ] && __pagerstatus_java_major "$1" 2>/dev/null && [ "$pagerstatus_java_major" -ge 21 ] 2>/dev/null
}
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
  if [ -n "$__pagerstatus_found" ]; then
    # pagerstatus_java_major is already this JDK's: it was the last one checked.
    export JAVA_HOME="$__pagerstatus_found"
  else
    echo "pagerstatus needs JDK 21 or newer; install one (e.g. Temurin 25) or set JAVA_HOME to it" >&2
    __pagerstatus_missing=1
  fi
fi
[ -n "${__pagerstatus_missing:-}" ] || export PATH="$JAVA_HOME/bin:$PATH"
unset -f __pagerstatus_java_major __pagerstatus_ok
unset __pagerstatus_found __pagerstatus_path_home __pagerstatus_candidate __pagerstatus_line
if [ -n "${__pagerstatus_missing:-}" ]; then
  unset __pagerstatus_missing
  return 1 2>/dev/null || exit 1
fi
