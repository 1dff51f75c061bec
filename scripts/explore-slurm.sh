#!/usr/bin/env bash
# Runs zigzag-explore on a Slurm cluster: a job array with one shard per task
# and a merge job that starts when every task has succeeded (docs/Explore.md).
#
#   scripts/explore-slurm.sh --shards=N --out=DIR [--explore=PATH]
#       [--sbatch-args="..."] [--wait] -- WORKLOAD --space=S.yaml [OPTIONS]
#
# Task I writes DIR/shard_I (zigzag-explore --shard=I/N); the merge job
# writes DIR (points.json, points.csv, pareto.json, hardware/). A task that
# is requeued or rerun resumes its shard. Prints the two job ids; --wait
# returns when the merge job has finished, with its exit status. Paths must be
# visible from the compute nodes (a shared file system).
set -euo pipefail

shards=""
out=""
explore="$(cd "$(dirname "$0")/.." && pwd)/build/bin/zigzag-explore"
sbatch_args=""
wait_merge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --shards=*) shards="${1#*=}" ;;
    --out=*) out="${1#*=}" ;;
    --explore=*) explore="${1#*=}" ;;
    --sbatch-args=*) sbatch_args="${1#*=}" ;;
    --wait) wait_merge=1 ;;
    --) shift; break ;;
    *) echo "explore-slurm.sh: unknown argument '$1' (zigzag-explore's own arguments go after --)" >&2; exit 2 ;;
  esac
  shift
done
if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]] || [ -z "$out" ] || [ $# -eq 0 ]; then
  echo "usage: explore-slurm.sh --shards=N --out=DIR [--explore=PATH] [--sbatch-args=...] [--wait] -- WORKLOAD --space=S.yaml [OPTIONS]" >&2
  exit 2
fi
if [ ! -x "$explore" ]; then
  echo "explore-slurm.sh: '$explore' is not executable (build zigzag-explore or give --explore=PATH)" >&2
  exit 2
fi
mkdir -p "$out/logs"
out="$(cd "$out" && pwd)"

# Relative paths in the explorer's arguments refer to the submit directory;
# the jobs run there too (sbatch's default working directory).
args=""
for a in "$@"; do args+=" $(printf '%q' "$a")"; done

# shellcheck disable=SC2086
array_job=$(sbatch --parsable $sbatch_args --job-name=zigzag-explore \
  --array=0-$((shards - 1)) --output="$out/logs/shard_%a.log" \
  --wrap="exec $(printf '%q' "$explore")$args --shard=\${SLURM_ARRAY_TASK_ID}/$shards --out=$(printf '%q' "$out")/shard_\${SLURM_ARRAY_TASK_ID}")
array_job="${array_job%%;*}"

shard_dirs=""
for ((i = 0; i < shards; ++i)); do shard_dirs+=" $(printf '%q' "$out/shard_$i")"; done
wait_flag=""
if [ "$wait_merge" = 1 ]; then wait_flag="--wait"; fi
# shellcheck disable=SC2086
merge_job=$(sbatch --parsable $sbatch_args $wait_flag --job-name=zigzag-explore-merge \
  --dependency=afterok:"$array_job" --kill-on-invalid-dep=yes \
  --output="$out/logs/merge.log" \
  --wrap="exec $(printf '%q' "$explore") --merge --out=$(printf '%q' "$out")$shard_dirs")
merge_job="${merge_job%%;*}"
echo "array job $array_job ($shards shards), merge job $merge_job -> $out"
