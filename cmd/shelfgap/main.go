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
// DC, the charts and run.json into ./shelfgap-out. The default run
// simulates, in each of its 20 replicates, a sample of stores at their
// full range (quick mode), in about 10 s, and reports the sampling error;
// --full simulates every store.
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
// # Exit codes
//
// 0: success. 2: bad usage (an unknown command or flag, a bad value) or bad
// input: a problem in an input file or a scenario, reported as
// file:line:col: field: what was wanted and what was found. 1: any other
// failure. Errors are printed once to stderr, prefixed "shelfgap: ".
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
