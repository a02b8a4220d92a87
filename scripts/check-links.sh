#!/usr/bin/env bash
# scripts/check-links.sh [file.md ...]: every relative link in the documentation resolves.
#
# Checks the Markdown links `[text](target)` of README.md, ARCHITECTURE.md and docs/*.md (or the files given):
# a target without a scheme must name a file or directory that exists, relative to the file that links to it,
# and a `#anchor` on a Markdown file must be one of its headings (GitHub's rule: lower case, punctuation other
# than `-` and `_` dropped, spaces to `-`). Links in code blocks and code spans are not links. Prints each
# broken one as file:line: target, and exits 1 if there is any.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  set -- README.md ARCHITECTURE.md docs/*.md
fi

# The anchors of a Markdown file's headings, one a line (a repeated heading gets -1, -2, ... as on GitHub).
anchors() {
  awk '/^```/ { code = !code; next } !code && /^#+ / { sub(/^#+ +/, ""); print }' "$1" |
    sed -e 's/`//g' -e 's/\[\([^]]*\)\]([^)]*)/\1/g' | tr '[:upper:]' '[:lower:]' |
    sed -e 's/[^[:alnum:] _-]//g' -e 's/ /-/g' |
    awk '{ n = seen[$0]++; print (n ? $0 "-" n : $0) }'
}

broken=0
for file in "$@"; do
  [ -f "$file" ] || { echo "$file: no such file"; broken=1; continue; }
  dir=$(dirname "$file")
  # Each link as line<TAB>target, outside fenced code blocks and with code spans removed.
  while IFS=$'\t' read -r line target; do
    case "$target" in
      http://* | https://* | mailto:*) continue ;;
    esac
    path=${target%%#*}
    anchor=
    [ "$path" != "$target" ] && anchor=${target#*#}
    if [ -z "$path" ]; then
      resolved=$file
    else
      resolved=$dir/$path
    fi
    if [ ! -e "$resolved" ]; then
      echo "$file:$line: $target (no such file)"
      broken=1
    elif [ -n "$anchor" ] && [[ "$resolved" == *.md ]] && ! anchors "$resolved" | grep -qxF -- "$anchor"; then
      echo "$file:$line: $target (no such heading in $resolved)"
      broken=1
    fi
  done < <(awk '/^ *```/ { code = !code; next } !code { gsub(/`[^`]*`/, ""); s = $0
             while (match(s, /\]\([^) ]+\)/)) { print FNR "\t" substr(s, RSTART + 2, RLENGTH - 3); s = substr(s, RSTART + RLENGTH) } }' "$file")
done
if [ "$broken" -ne 0 ]; then
  echo "check-links: broken links above" >&2
  exit 1
fi
echo "check-links: every relative link resolves ($# files)"
