#!/usr/bin/env bash
# Runs `errorprop reproduce all --full` in the background, from a checkout pinned at one revision, so that it
# survives the end of a terminal session (not an environment that kills every process when it stops) and can be
# resumed after any kill or a reboot by running this script again with the same arguments: the run store keeps every finished training run, and it only accepts runs of
# the same revision, scale, seed, data and precision (RunStore).
#
#   experiments/scripts/reproduce-full-background.sh REVISION WORKDIR [EXTRA REPRODUCE OPTIONS...]
#
# REVISION: the commit to run (its criteria must be registered: paper-notes/criteria.yaml at that commit).
# WORKDIR:  where the pinned checkout (WORKDIR/checkout), the run store (WORKDIR/runs), the report
#           (WORKDIR/reproduction-full) and the log (WORKDIR/reproduce.log) go.
# EXPERIMENTS (environment, default all): the experiments to run, separated by commas (a rerun of some of them, e.g.
# EXPERIMENTS=fig3,fig5,supp8); its report goes to WORKDIR/reproduction-full all the same.
# Prints the process id and returns at once; `tail -f WORKDIR/reproduce.log` follows it. When the report exists the
# run is done: copy WORKDIR/reproduction-full into paper-notes/ and commit it.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 REVISION WORKDIR [EXTRA REPRODUCE OPTIONS...]" >&2; exit 2; }
revision="$1"
work="$(mkdir -p "$2" && cd "$2" && pwd)"
shift 2
repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -f "$work/reproduction-full/report.md" ]; then
  echo "done already: $work/reproduction-full/report.md" >&2
  exit 0
fi
if [ -f "$work/reproduce.pid" ] && kill -0 "$(cat "$work/reproduce.pid")" 2>/dev/null; then
  echo "running already: process $(cat "$work/reproduce.pid"); log $work/reproduce.log" >&2
  exit 0
fi
if [ ! -d "$work/checkout" ]; then
  git -C "$repository" worktree add --detach "$work/checkout" "$revision" >/dev/null
fi
[ "$(git -C "$work/checkout" rev-parse HEAD)" = "$(git -C "$repository" rev-parse "$revision^{commit}")" ] \
  || { echo "$work/checkout is not at $revision; remove it (git worktree remove) or give its revision" >&2; exit 2; }
cd "$work/checkout"
setsid nohup ./errorprop reproduce "${EXPERIMENTS:-all}" --full --data mnist --matmul-precision float32 --runs "$work/runs" \
  --out "$work/reproduction-full" "$@" >>"$work/reproduce.log" 2>&1 < /dev/null &
echo $! > "$work/reproduce.pid"
echo "started process $! at $(date -u +%FT%TZ); log $work/reproduce.log" | tee -a "$work/reproduce.log"
