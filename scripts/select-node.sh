# Source this file (`. scripts/select-node.sh`): it makes sure `node` on PATH is one the AWS CDK supports
# (22 or newer; jsii warns that 20 is end-of-life). It keeps the system's node if it qualifies, otherwise
# installs node@22 from the npm registry into .cache/node once and puts it first on PATH. If that cannot be
# done, an older node 18+ is kept with a warning, since it still works.
__pagerstatus_node_major() { "$1" --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }
__pagerstatus_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v node >/dev/null 2>&1 || [ "$(__pagerstatus_node_major node)" -lt 22 ]; then
  __pagerstatus_cached="$__pagerstatus_root/.cache/node/node_modules/node/bin/node"
  if [ ! -x "$__pagerstatus_cached" ] && command -v npm >/dev/null 2>&1; then
    npm install --silent --no-save --no-audit --no-fund --prefix "$__pagerstatus_root/.cache/node" node@22 >/dev/null 2>&1 || true
  fi
  if [ -x "$__pagerstatus_cached" ] && [ "$(__pagerstatus_node_major "$__pagerstatus_cached")" -ge 22 ]; then
    export PATH="$(dirname "$__pagerstatus_cached"):$PATH"
  elif command -v node >/dev/null 2>&1 && [ "$(__pagerstatus_node_major node)" -ge 18 ]; then
    echo "warning: using node $(node --version); the AWS CDK supports 22 and 24" >&2
  else
    echo "the AWS CDK needs Node.js 22 or newer (18+ works with a warning); install one" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
unset -f __pagerstatus_node_major
unset __pagerstatus_root __pagerstatus_cached
