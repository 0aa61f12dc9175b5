#!/bin/sh
# Submit a sharded lakwerk run to Slurm: an array of SHARDS tasks, then the
# package job, which starts only when every task ended well (and is
# removed when one failed: --kill-on-invalid-dep). Prints the two job IDs.
#
#   examples/slurm/submit.sh REQUEST_DIR WORK_DIR OUT_DIR SHARDS [KEY_FILE]
#
# CPUS (default 2): CPUs per shard, lakwerk's workers. Extra sbatch options
# (a partition, an account) go in SBATCH_OPTS. A failed array task can be
# resubmitted alone (sbatch --array=I ...): finished documents are kept.
set -eu
[ $# -eq 4 ] || [ $# -eq 5 ] || { echo "usage: $0 REQUEST_DIR WORK_DIR OUT_DIR SHARDS [KEY_FILE]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
req=$1 work=$2 out=$3 shards=$4 key=${5:-}
mkdir -p "$work"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTS:-} --array=0-$((shards - 1)) \
    --cpus-per-task="${CPUS:-2}" --output="$work/shard-%A_%a.out" \
    "$here/lakwerk-shards.sbatch" "$req" "$work")
array=${array%%;*}
# shellcheck disable=SC2086
package=$(sbatch --parsable ${SBATCH_OPTS:-} \
    --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
    --output="$work/package-%j.out" \
    "$here/lakwerk-package.sbatch" "$req" "$work" "$out" ${key:+"$key"})
package=${package%%;*}
echo "$array $package"
