#!/usr/bin/env bash
# make check-slurm: starts a private single-node Slurm cluster (munge and
# Slurm daemons with their own key, sockets, state and config in a temporary
# directory: nothing of the machine's own setup is used or changed), runs
# scripts/explore-slurm.sh with a 4-task array and a dependent merge on the
# test network and space, and checks that the merged result equals a
# single-process run point for point. Needs root (slurmd) and the Debian
# packages slurm-wlm and munge (SLURM=1 scripts/setup.sh).
#
#   test/Explore/slurm-test.sh BUILD_DIR
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$src/build}" && pwd)"
explore="$build/bin/zigzag-explore"
inputs="$src/test/Explore/Inputs"
for tool in munged slurmctld slurmd sbatch sinfo; do
  command -v "$tool" > /dev/null || { echo "slurm-test: $tool is missing (SLURM=1 scripts/setup.sh)" >&2; exit 1; }
done

t="$(mktemp -d /tmp/zigzag-slurm.XXXXXX)"
chmod 755 "$t"
cleanup() {
  # Only the daemons this script started, by their pid files.
  for f in "$t/slurmd.pid" "$t/slurmctld.pid" "$t/munged.pid"; do
    if [ -s "$f" ]; then kill "$(cat "$f")" 2> /dev/null || true; fi
  done
  sleep 1
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$t"; fi
}
trap cleanup EXIT

# munge: a fresh key and socket of our own.
mkdir -p "$t/munge" "$t/spool/ctld" "$t/spool/d" "$t/out"
chmod 700 "$t/munge"
dd if=/dev/urandom of="$t/munge/munge.key" bs=1 count=1024 status=none
chmod 400 "$t/munge/munge.key"
munged --force --key-file="$t/munge/munge.key" --socket="$t/munge/munge.sock" \
  --pid-file="$t/munged.pid" --log-file="$t/munged.log" \
  --seed-file="$t/munge/seed"

host="$(hostname -s)"
port=$((20000 + RANDOM % 20000))
cat > "$t/slurm.conf" <<CONF
ClusterName=zigzagtest
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$t/munge/munge.sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
StateSaveLocation=$t/spool/ctld
SlurmdSpoolDir=$t/spool/d
SlurmctldPidFile=$t/slurmctld.pid
SlurmdPidFile=$t/slurmd.pid
SlurmctldLogFile=$t/slurmctld.log
SlurmdLogFile=$t/slurmd.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$t/slurm.conf"
slurmctld -i
slurmd
for _ in $(seq 60); do
  if sinfo -h -o %T 2> /dev/null | grep -qx idle; then break; fi
  sleep 1
done
sinfo -h -o "%P %T %D" | grep -q idle || {
  echo "slurm-test: the node did not come up" >&2
  tail -20 "$t/slurmctld.log" "$t/slurmd.log" >&2
  exit 1
}

"$explore" "$inputs/net.mlir" --space="$inputs/space.yaml" --out="$t/single" --quiet > /dev/null
start=$(date +%s)
"$src/scripts/explore-slurm.sh" --shards=4 --out="$t/out" --explore="$explore" \
  --sbatch-args="--cpus-per-task=1" --wait -- \
  "$inputs/net.mlir" --space="$inputs/space.yaml" --threads=1 --quiet
echo "slurm-test: 4 shards and the merge took $(( $(date +%s) - start )) s"
for i in 0 1 2 3; do
  test -s "$t/out/shard_$i/results.jsonl" || { echo "slurm-test: shard $i wrote nothing" >&2; cat "$t/out/logs/shard_$i.log" >&2; exit 1; }
done
cat "$t/out/logs/merge.log"
/usr/bin/python3 "$inputs/check_explore.py" same "$t/single" "$t/out"
echo "slurm-test: merged Slurm run == single run"
