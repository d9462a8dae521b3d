package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/shelfgap/shelfgap/reports"
)

type compareCommand struct{}

func newCompareCommand() command { return compareCommand{} }

func (compareCommand) Name() string { return "compare" }
func (compareCommand) Synopsis() string {
	return "compare two runs of the same estate and seed, replicate by replicate"
}

type compareFlags struct {
	csv string
}

func (c compareCommand) flags(f *compareFlags) *flag.FlagSet {
	fs := newFlagSet(c)
	fs.StringVar(&f.csv, "csv", "", "also write the comparison as CSV to `FILE` (the columns of compare.csv)")
	return fs
}

func (c compareCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap compare [--csv FILE] RUN_A RUN_B

Compares two output directories of 'shelfgap run' made on the same estate
with the same seed (say, two fallback plans): for each recovery time both
have, the difference B minus A in the estate's lost sales, lost margin and
waste, paired replicate by replicate, with its P10-P90 band. Replicate k of
both runs drew the same demand and the same uncertain parameters (common
random numbers), so the difference is the plans', not noise between runs.

Runs that did not draw the same random numbers are refused, with every
reason: a different seed, estate (input files by SHA-256), start date,
warm-up, horizon, number of replicates, sample or currency, or no recovery
time in common. 'shelfgap run --scenario A --vs B' does both runs and the
comparison at once.

Flags:
`)
	printFlags(w, c.flags(&compareFlags{}))
	fmt.Fprint(w, `
Examples:
  $ shelfgap compare core-out push-out
  $ shelfgap compare --csv push-vs-core.csv core-out push-out
`)
}

func (c compareCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f compareFlags
	fs := c.flags(&f)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef(c, "want two output directories RUN_A RUN_B (flags first), got %d arguments", fs.NArg())
	}
	a, err := reports.ReadPaired(fs.Arg(0))
	if err != nil {
		return usagef(c, "%v", err)
	}
	b, err := reports.ReadPaired(fs.Arg(1))
	if err != nil {
		return usagef(c, "%v", err)
	}
	cmp, err := reports.Compare(a, b)
	var pe *reports.PairError
	if errors.As(err, &pe) {
		return usagef(c, "%s and %s: %v", fs.Arg(0), fs.Arg(1), err)
	}
	if err != nil {
		return err
	}
	if f.csv != "" {
		if err := writeCompareCSV(f.csv, cmp); err != nil {
			return err
		}
	}
	return reports.ComparisonTable(stdout, cmp)
}

// writeCompareCSV writes the comparison to path, through a temporary file
// renamed into place.
func writeCompareCSV(path string, c *reports.Comparison) (err error) {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = reports.WriteComparison(f, c); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
