# Sourced by the demo and packaging scripts: run a build phase quietly, but never hide a failure.
#
#   phase "what" cmd args...   prints "== what", runs the command with its output in a log file,
#                              prints "   ok (N s)" on success; on failure prints the reason (the
#                              command, its exit status and the last 80 lines of its output) and
#                              exits with the command's status.
#
# Set VERBOSE=1 to stream every phase's output as it runs.

phase() {
  local what="$1"
  shift
  local start log status
  start=$(date +%s)
  echo "== $what"
  if [ "${VERBOSE:-0}" = 1 ]; then
    "$@" && status=0 || status=$?
  else
    log="$(mktemp)"
    "$@" >"$log" 2>&1 && status=0 || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    echo "!! $what failed (exit status $status): $*" >&2
    if [ -n "${log:-}" ]; then
      echo "!! its last 80 lines of output:" >&2
      tail -n 80 "$log" | sed 's/^/   /' >&2
      rm -f "$log"
    fi
    exit "$status"
  fi
  [ -n "${log:-}" ] && rm -f "$log"
  echo "   ok ($(( $(date +%s) - start )) s)"
}
