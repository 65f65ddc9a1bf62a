#!/usr/bin/env bash
# A sweep over a real SLURM cluster, checked against the same sweep on one machine.
#
#   sudo experiments/scripts/slurm-sweep-check.sh [SWEEP_SPEC]
#
# 1. Brings up a single-node SLURM cluster on this machine from Debian's packages (slurmctld, slurmd,
#    slurm-client, munge; installed with apt-get when missing). The daemons are started directly (no
#    systemd), with proctrack/linuxproc and no cgroups, on free loopback ports, with every file (config,
#    state, spool, logs, munge socket) in a fresh temporary directory: job state never carries over.
# 2. Runs the sweep (default experiments/sweeps/example.yaml, 12 cells) as a job array of 4 shards
#    (`errorprop sweep SPEC --shard I/4`), cancels one task while it trains, resubmits it, and merges the
#    shards (`errorprop sweep merge`). The same sweep also runs unsharded on this machine.
# 3. Checks: every cell present exactly once in the merged summary, whose summary.csv equals the
#    single-machine one apart from its timing columns; and, as a control that the check can fail, that a
#    merge with one shard lost is refused.
# 4. A reproduction (fig5 at smoke scale) as a 3-task array of experiments/scripts/reproduce.sbatch into one run
#    store, assembled by a dependent job without training; its claims.csv equals the single-machine one.
# Every daemon it started is stopped by its PID on exit, whatever happened.
#
# Needs: root, Debian 12 (bookworm), Java 17. errorprop is run as $ERRORPROP (a command line, split on
# spaces), by default this checkout's ./errorprop launcher; the test suite passes a `java -cp ...` line.
# Exit 0: every check held; 1: a check failed or a step broke (the reason is the last line on stderr).
# KEEP_SLURM_WORKDIR=1 keeps the temporary directory (logs, shards, summaries) for a look afterwards.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spec="$(realpath "${1:-$root/experiments/sweeps/example.yaml}")"
read -r -a errorprop <<< "${ERRORPROP:-$root/errorprop}"
shards=4
killed_shard=1

say() { echo "slurm-check: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root (it installs packages and starts the SLURM and munge daemons)"
[ -f "$spec" ] || fail "no sweep spec at $spec"

# --- 1. the cluster -------------------------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
    || ! command -v munged >/dev/null; then
  say "installing slurmctld slurmd slurm-client munge"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge >/dev/null \
    || fail "apt-get install slurmctld slurmd slurm-client munge"
fi
[ -s /etc/munge/munge.key ] || fail "no /etc/munge/munge.key (the munge package creates it on install)"

work="$(mktemp -d /tmp/errorprop-slurm.XXXXXX)"
chmod 755 "$work"   # munged, running as the munge user, must reach its socket directory
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log" "$work/sweep"
chown munge:munge "$work/munge"
chmod 711 "$work/munge"
pids=()

stop_everything() {
  local code=$?
  # Jobs first (their steps are children of slurmd), then the daemons, by the PIDs this script recorded.
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$work/slurmctld.started" ]; then
    scancel --quiet --user=root >/dev/null 2>&1 || true
  fi
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_SLURM_WORKDIR:-0}" = 1 ]; then
    say "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$code"
}
trap stop_everything EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
node="$(hostname -s)"
cat > "$work/slurm.conf" <<CONF
ClusterName=errorprop-check
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=check Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

runuser -u munge -- /usr/sbin/munged --socket="$work/munge/munge.socket" --key-file=/etc/munge/munge.key \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" \
  || fail "munged did not start"
pids+=("$(cat "$work/munge/munged.pid")")
/usr/sbin/slurmctld -D -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
pids+=("$!")
touch "$work/slurmctld.started"
/usr/sbin/slurmd -D -f "$SLURM_CONF" >"$work/log/slurmd.out" 2>&1 &
pids+=("$!")
for _ in $(seq 1 100); do
  sinfo -h -o '%T' 2>/dev/null | grep -qx idle && break
  sleep 0.2
done
sinfo -h -o '%T' 2>/dev/null | grep -qx idle || { cat "$work/log/"*.log >&2 || true; fail "the node never became idle"; }
say "cluster up: node $node idle (munged, slurmctld, slurmd: pids ${pids[*]})"

# --- 2. the sweep, unsharded and as a job array ---------------------------------------------------------
say "the sweep on this machine, unsharded"
"${errorprop[@]}" sweep "$spec" --out "$work/sweep/single" >"$work/log/single.out" 2>&1 \
  || { cat "$work/log/single.out" >&2; fail "the unsharded sweep"; }
"${errorprop[@]}" sweep merge "$work/sweep/single" --out "$work/sweep/single-merged" >"$work/log/single-merge.out" 2>&1 \
  || fail "merging the unsharded sweep"

cat > "$work/shard.sbatch" <<'JOB'
#!/usr/bin/env bash
#SBATCH --cpus-per-task=1
set -euo pipefail
read -r -a errorprop <<< "$ERRORPROP_COMMAND"
exec "${errorprop[@]}" sweep "$SWEEP_SPEC" --out "$SWEEP_DIR/shard-$SLURM_ARRAY_TASK_ID" \
  --shard "$SLURM_ARRAY_TASK_ID/$SWEEP_SHARDS"
JOB
export ERRORPROP_COMMAND="${errorprop[*]}" SWEEP_SPEC="$spec" SWEEP_DIR="$work/sweep" SWEEP_SHARDS="$shards"

job="$(sbatch --parsable --array=0-$((shards - 1)) --job-name=errorprop-sweep \
  --output="$work/log/shard-%a.out" "$work/shard.sbatch")" || fail "sbatch"
say "submitted job array $job (tasks 0-$((shards - 1)))"

# Kill task $killed_shard (SIGKILL, no chance to clean up) once it has finished a cell and is training
# the next: a committed cell directory and a staging directory inside its shard directory.
complete_cells() {
  find "$1/cells" -mindepth 1 -maxdepth 1 -type d ! -name '.*' 2>/dev/null | wc -l
}
cancelled=0
for _ in $(seq 1 3000); do
  if [ "$(complete_cells "$work/sweep/shard-$killed_shard")" -ge 1 ] \
      && compgen -G "$work/sweep/shard-$killed_shard/cells/.*.partial-*" >/dev/null; then
    scancel --signal=KILL --full "${job}_${killed_shard}"
    cancelled=1
    break
  fi
  sleep 0.1
done
[ "$cancelled" = 1 ] || fail "task $killed_shard never had a cell finished and another in training"
say "killed task ${job}_${killed_shard} (SIGKILL) while it trained a cell"
while squeue -h -j "$job" 2>/dev/null | grep -q .; do
  sleep 0.5
done
# The killed shard is unfinished; its rerun over the same directory skips its complete cells.
complete_before="$(complete_cells "$work/sweep/shard-$killed_shard")"
say "task $killed_shard had $complete_before cells complete when killed; resubmitting it"
# What identifies each complete cell's files now (inode and modification time): a rerun must leave them be.
done_before="$(find "$work/sweep/shard-$killed_shard/cells" -mindepth 2 -maxdepth 2 -path '*/cells/[!.]*/*' \
  -printf '%p %i %T@\n' 2>/dev/null | sort)"
sbatch --wait --array="$killed_shard" --job-name=errorprop-sweep-again \
  --output="$work/log/shard-$killed_shard-again.out" "$work/shard.sbatch" >/dev/null \
  || { cat "$work/log/shard-$killed_shard-again.out" >&2; fail "the resubmitted task $killed_shard"; }
if [ -n "$done_before" ]; then
  done_after="$(find "$work/sweep/shard-$killed_shard/cells" -mindepth 2 -maxdepth 2 -path '*/cells/[!.]*/*' \
    -printf '%p %i %T@\n' | sort)"
  comm -23 <(echo "$done_before") <(echo "$done_after") | grep -q . \
    && fail "the rerun of task $killed_shard rewrote cells that were complete before it was killed"
fi
for task in $(seq 0 $((shards - 1))); do
  [ -d "$work/sweep/shard-$task" ] || { cat "$work/log/shard-$task.out" >&2 || true; fail "shard $task wrote nothing"; }
done

# --- 3. merge and check ----------------------------------------------------------------------------------
shard_dirs=()
for task in $(seq 0 $((shards - 1))); do
  shard_dirs+=("$work/sweep/shard-$task")
done
"${errorprop[@]}" sweep merge "${shard_dirs[@]}" --out "$work/sweep/merged" >"$work/log/merge.out" 2>&1 \
  || { cat "$work/log/merge.out" >&2; fail "merging the shards"; }

# summary.csv without its timing columns (those whose header names seconds), rows as written.
untimed() {
  python3 - "$1" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))
keep = [i for i, name in enumerate(rows[0]) if "seconds" not in name]
for row in rows:
    print(",".join(row[i] for i in keep))
PY
}
untimed "$work/sweep/single-merged/summary.csv" > "$work/single.csv"
untimed "$work/sweep/merged/summary.csv" > "$work/merged.csv"
cells="$(($(wc -l < "$work/single.csv") - 1))"
[ "$cells" -gt 0 ] || fail "the unsharded summary has no cells"
ids_once="$(tail -n +2 "$work/merged.csv" | cut -d, -f1 | sort | uniq -u | wc -l)"
[ "$ids_once" = "$cells" ] || fail "the merged summary does not hold each of the $cells cells exactly once"
diff -u "$work/single.csv" "$work/merged.csv" >&2 \
  || fail "the merged summary.csv differs from the single-machine one (beyond timing columns)"
say "merged summary.csv: $cells cells, each once, equal to the single-machine sweep's apart from timing columns"

# Control: the same merge with one shard lost must be refused.
lost=("${shard_dirs[@]:0:2}" "${shard_dirs[@]:3}")
if "${errorprop[@]}" sweep merge "${lost[@]}" --out "$work/sweep/merged-without-shard-2" \
    >"$work/log/merge-lost.out" 2>&1; then
  fail "a merge without shard 2 was accepted"
fi
say "control: a merge without shard 2 is refused: $(tail -n 1 "$work/log/merge-lost.out")"
# Control of the comparison itself: the merged summary with one cell's row dropped must differ.
sed 2d "$work/merged.csv" > "$work/merged-row-lost.csv"
if diff -q "$work/single.csv" "$work/merged-row-lost.csv" >/dev/null; then
  fail "the comparison of summaries does not see a lost cell"
fi
say "control: the comparison sees a summary with one cell's row dropped"

# --- 4. a reproduction as a job array (experiments/scripts/reproduce.sbatch), assembled after it ------------
say "reproduce fig5 --smoke: unsharded on this machine, then as a 3-task array and an assembling job"
"${errorprop[@]}" reproduce fig5 --smoke --out "$work/reproduce-single" >"$work/log/reproduce-single.out" 2>&1 \
  || { cat "$work/log/reproduce-single.out" >&2; fail "the unsharded reproduction"; }
export REPRODUCE_ARGS="fig5 --smoke" REPRODUCE_RUNS="$work/reproduce.runs" REPRODUCE_OUT="$work/reproduce-sharded"
array="$(sbatch --parsable --array=0-2 --output="$work/log/reproduce-%a.out" "$root/experiments/scripts/reproduce.sbatch")" \
  || fail "sbatch of the reproduction's array"
sbatch --wait --dependency="afterok:$array" --output="$work/log/reproduce-assemble.out" \
  "$root/experiments/scripts/reproduce.sbatch" >/dev/null \
  || { cat "$work/log/reproduce-"*.out >&2; fail "the assembling job"; }
trained="$(cat "$work/log/reproduce-"[0-2].out | sed -n 's/.*: trained \([0-9]*\) runs.*/\1/p' | awk '{ total += $1 } END { print total + 0 }')"
[ "${trained:-0}" -gt 0 ] || fail "the array's tasks trained no runs"
grep -q "runs_trained_by_this_process: '0'" "$work/reproduce-sharded/provenance.yaml" \
  || fail "the assembling job trained runs itself instead of reading the array's"
diff -u "$work/reproduce-single/claims.csv" "$work/reproduce-sharded/claims.csv" >&2 \
  || fail "the sharded reproduction's claims.csv differs from the single-machine one"
say "the sharded reproduction: $trained runs over 3 tasks, assembled without training; claims.csv equal to the single-machine one"
say "all checks held"
