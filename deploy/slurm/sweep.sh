#!/usr/bin/env bash
# One task of the sweep's job array: part SLURM_ARRAY_TASK_ID of PARTS.
# Submit with submit.sh, which sets --array=0-(PARTS-1) to match. --mem:
# a full-resolution part of the built-in default estate peaks at about
# 870 MiB; each part prints its peak on its log and records it in its
# manifest, so size a large estate's from one part run first.
#SBATCH --job-name=shelfgap-sweep
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --output=logs/shelfgap-sweep-%A_%a.out
set -euo pipefail
parts="${PARTS:-8}"
if [ -n "${SLURM_ARRAY_TASK_COUNT:-}" ] && [ "$SLURM_ARRAY_TASK_COUNT" != "$parts" ]; then
	echo "sweep.sh: the array has $SLURM_ARRAY_TASK_COUNT tasks but PARTS is $parts; submit with --array=0-$((parts - 1))" >&2
	exit 2
fi
# SHELFGAP_ARGS is split into words on purpose: it holds the run's flags.
# shellcheck disable=SC2086
exec "${SHELFGAP:-shelfgap}" run ${SHELFGAP_ARGS:-} --shard "auto/$parts" \
	--workers "${SLURM_CPUS_PER_TASK:-0}" --out "${PARTS_DIR:-shelfgap-parts}" --quiet
