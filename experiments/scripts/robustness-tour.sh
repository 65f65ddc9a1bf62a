#!/usr/bin/env bash
# Issue #12's cases as a new user would try them, each with its exit code and what it printed on stderr, in a
# fresh temporary directory (removed at the end; KEEP_TOUR=1 keeps it). About two minutes on 2 cores.
# The same cases are tests (BadInputTest, KnownFailuresTest, DivergedRunTest, TrainResumeCommandTest,
# OutputDirectoryTest); this shows them end to end. The full-disk case needs root (it mounts a 64 KiB tmpfs).
set -uo pipefail
set -m  # background jobs keep SIGINT, as in an interactive shell
errorprop="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/errorprop"
tour="$(mktemp -d /tmp/errorprop-tour.XXXXXX)"
trap '[ "${KEEP_TOUR:-0}" = 1 ] && echo "kept $tour" || rm -rf "$tour"' EXIT
cd "$tour" || exit 1
"$errorprop" info >/dev/null 2>&1  # build once, before anything is timed

show() {
  echo "\$ errorprop ${*:2}"
  "$@" >out.txt 2>err.txt
  local code=$?
  grep -v 'incubator' err.txt | sed 's/^/  stderr: /'
  echo "  exit $code"
}
e="$errorprop"

mkdir -p w/data && echo x > w/report.md && echo keep > w/thesis.tex
show "$e" reproduce supp6 --replace --out w; echo "  w still holds: $(ls w | tr '\n' ' ')"
show "$e" train --hidden 100000,100000 --out a
show "$e" train --hidden 40000,40000 --out b
echo "epochs: 10000000000" > big.yaml; show "$e" train --spec big.yaml --out c
echo "hidden: []" > nohidden.yaml; show "$e" train --spec nohidden.yaml --epochs 1 --out d
: > empty.yaml; show "$e" train --spec empty.yaml --out e
printf "epochs: 1\nepochs: 2\n" > dup.yaml; show "$e" train --spec dup.yaml --out f
show "$e" reproduce table2 --data embedded --out g
show "$e" train --batch-size 1 --out h
printf "batch_norm: false\noptimizer: sgd\nlearning_rate: 10\nepochs: 3\n" > hot.yaml
show "$e" train --spec hot.yaml --out diverged; sed 's/^/  status.yaml: /' diverged/status.yaml
echo keep > exists.csv; show "$e" bench --csv exists.csv --steps 5; echo "  exists.csv: $(cat exists.csv)"

"$e" train --epochs 200 --hidden 64 --out busy >/dev/null 2>&1 & first=$!
sleep 4; show "$e" train --epochs 1 --out busy; kill -TERM "$first"; wait "$first" 2>/dev/null

"$e" train --epochs 200 --checkpoint-every 1 --hidden 64 --out stopped >/dev/null 2>err.txt & run=$!
sleep 5; kill -INT "$run"; wait "$run"; echo "\$ (SIGINT) exit $?"; sed 's/^/  stderr: /' err.txt | grep -v incubator
echo "  left: $(ls -A | grep stopped | tr '\n' ' ')"
show "$e" train --resume stopped --checkpoint-every 0; grep -v incubator out.txt | sed 's/^/  stdout: /'
show "$e" train --resume stopped

if [ "$(id -u)" = 0 ] && mkdir -p full && mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
  show "$e" train --epochs 1 --hidden 16 --out full/run; umount full
fi
umask 022; show "$e" train --epochs 1 --hidden 16 --out perms; echo "  $(stat -c '%A %n' perms)"
