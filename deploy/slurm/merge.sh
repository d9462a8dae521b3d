#!/usr/bin/env bash
# The merge step: after every task of the sweep's array has succeeded
# (submit.sh makes it depend on them with afterok).
#SBATCH --job-name=shelfgap-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=4G
#SBATCH --time=00:30:00
#SBATCH --output=logs/shelfgap-merge-%j.out
set -euo pipefail
exec "${SHELFGAP:-shelfgap}" merge "${PARTS_DIR:-shelfgap-parts}" --out "${OUT:-shelfgap-out}"
