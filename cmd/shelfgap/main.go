// Shelfgap estimates what an outage of a grocer's automatic replenishment
// system does to shelf availability and sales, store by SKU by day, across
// an estate, and what each extra day of recovery costs.
//
// Usage:
//
//	shelfgap <command> [flags]
//
// The commands are:
//
//	run        simulate an outage and its recovery times; write CSV, charts and run.json
//	estate     write a built-in estate as CSV files to edit and run with --inputs
//	validate   check input files and a scenario without running
//	scenarios  list the example scenarios, or print one as a template
//	calibrate  fit an estate's demand to a sales history
//	merge      merge the parts of a sweep run with 'run --shard' into one run's outputs
//	compare    compare two runs of the same estate and seed, replicate by replicate
//	version    print the version of shelfgap
//	help       show help for a command
//
// Every command takes -h or --help. Flags may be written with one dash or
// two.
//
// # Running the default scenario
//
// With no flags, run simulates the default scenario (an outage of the whole
// estate from Wed 30 Apr 2025, shaped like the Co-op's that spring) on the
// built-in estate of about 2,300 UK stores, comparing recovery times of 3,
// 7, 14, 21 and 28 days with a baseline without an outage:
//
//	$ shelfgap run
//
// It prints a summary table, one row per recovery time, and writes
// daily.csv, summary.csv, the breakdowns by region, format, category and
// DC, the loss per replicate (replicates.csv), its exceedance and
// sensitivity, the charts, results.xlsx (every table in one workbook) and
// run.json into ./shelfgap-out. The default run simulates, in each of its
// 20 replicates, a sample of stores at their full range (quick mode), in
// about 10 s, and reports the sampling error; --full simulates every
// store.
//
// A smaller estate and fewer replicates make a run that takes seconds:
//
//	$ shelfgap run --estate small --replicates 3 --days 35 --recovery 7,14 --out small-out
//
// # Scenarios
//
// A scenario is a YAML file; each key it sets replaces the default, and
// unknown keys are refused with the nearest valid name. The examples that
// ship with shelfgap are templates:
//
//	$ shelfgap scenarios
//	$ shelfgap scenarios coop-2025
//
// Run one by name or from a file you have edited; flags given explicitly
// override the file:
//
//	$ shelfgap run --estate small --scenario coop-2025 --replicates 3 --out coop-out
//
// # Comparing two plans
//
// Two scenarios run on the same estate and seed draw the same random
// numbers replicate by replicate, so their difference is the plans', not
// noise. --vs runs both and writes B minus A into compare.csv; compare does
// the same for two output directories:
//
//	$ shelfgap run --estate small --scenario fallback-core-range --vs fallback-push --replicates 3 --days 35 --recovery 14 --out plans-out
//	$ shelfgap compare plans-out plans-out/vs
//
// # Your own estate
//
// Write a built-in estate as CSV files, edit them to describe your stores,
// DCs, categories and SKUs, check them, and run on them:
//
//	$ shelfgap estate --estate small --out my-estate
//	$ shelfgap validate --inputs my-estate
//	$ shelfgap run --inputs my-estate --replicates 3 --days 35 --out my-out
//
// calibrate fits demand rates, weekday profiles and dispersion to a
// store x item x day sales history and writes inputs the same way.
//
// # Sweeps in parts
//
// A sweep too long for one machine runs as N parts, on a cluster's
// scheduler or one after another; run --shard I/N writes part I's sums into
// a parts directory, and merge adds them and writes exactly what one run
// writes:
//
//	$ shelfgap run --estate small --replicates 4 --days 35 --recovery 7,14 --shard 0/2 --out parts
//	$ shelfgap run --estate small --replicates 4 --days 35 --recovery 7,14 --shard 1/2 --out parts
//	$ shelfgap merge parts --out merged-out
//
// --shard auto/N reads I from JOB_COMPLETION_INDEX (a Kubernetes Indexed
// Job) or SLURM_ARRAY_TASK_ID (a Slurm job array). --dc-groups G splits
// the estate too, into G groups of DCs with the stores they serve.
//
// # Exit codes
//
// 0: success. 2: bad usage (an unknown command or flag, a bad value), bad
// input (a problem in an input file or a scenario, reported as
// file:line:col: field: what was wanted and what was found), a run larger
// than the limit without --allow-large, or an --out that cannot be
// written. 1: an I/O failure or any other failure. 130: interrupted by
// SIGINT or SIGTERM (no output is written). Errors are printed once to
// stderr, prefixed "shelfgap: ".
//
// # Output directories
//
// shelfgap writes an output directory (--out of run, estate and
// calibrate) under a temporary name beside it and renames it into place
// when complete. Its run.json lists every file written, with its SHA-256.
// An existing --out is replaced only if it is empty or a previous output
// that holds exactly the files its run.json lists, unchanged: a directory
// with anything else in it (a file of yours, an edited output) is refused,
// before any work is done, so nothing shelfgap did not write is deleted.
//
// # Determinism
//
// The same inputs, scenario and seed give byte-identical CSV files, charts
// and tables, whatever the number of workers. run.json differs only in its
// timings.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
