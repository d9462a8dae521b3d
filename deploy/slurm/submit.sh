#!/usr/bin/env bash
# Submits a sweep in N parts as a Slurm job array, and the merge as a job
# that starts when every task of the array has succeeded.
#
#   PARTS=8 SHELFGAP_ARGS="--full --replicates 40" deploy/slurm/submit.sh
#
# Environment: PARTS (N, default 8), SHELFGAP_ARGS (the run's flags,
# the same for every part), SHELFGAP (the binary, default shelfgap on
# PATH), PARTS_DIR (default ./shelfgap-parts) and OUT (default
# ./shelfgap-out), both on a file system every node sees.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
parts="${PARTS:-8}"
mkdir -p logs
array="$(sbatch --parsable --array=0-$((parts - 1)) --export=ALL,PARTS="$parts" "$here/sweep.sh")"
sbatch --parsable --dependency=afterok:"$array" --export=ALL "$here/merge.sh"
