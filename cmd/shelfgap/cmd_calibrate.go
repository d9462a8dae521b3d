package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
	"github.com/shelfgap/shelfgap/reports"
)

// holdoutReplicates is the number of replicates of the simulated baseline
// compared with the hold-out: the comparison is of sums over many cells and
// days, whose Monte Carlo error at 5 replicates is well under 1% for the
// real histories (M5 subset: about 27,000 units in 28 days).
const holdoutReplicates = 5

// calibrateMemory is the soft memory limit of calibrate unless GOMEMLIMIT
// is set: the fit keeps about 1.4 KiB per store x item series whatever the
// rows, and with the garbage collector's default headroom a history of
// 555,556 series x 90 days (50 million rows) peaked at 1.39 GB; at a
// 1 GiB limit it took 1.05 GB and no longer. 1.5 GiB keeps well inside
// the 2 GiB that issue 4 allows.
const calibrateMemory = 3 << 29

type calibrateCommand struct{}

func newCalibrateCommand() command { return calibrateCommand{} }

func (calibrateCommand) Name() string { return "calibrate" }
func (calibrateCommand) Synopsis() string {
	return "fit an estate's demand to a sales history"
}

type calibrateFlags struct {
	sales, stores, out string
	holdout            int
	class              string
	replicates         int
	seed               uint64
	workers            int
	quiet              bool
}

var classNames = []string{"ambient", "fresh", "frozen"}

func (c calibrateCommand) flags(f *calibrateFlags) *flag.FlagSet {
	fs := newFlagSet(c)
	fs.StringVar(&f.sales, "sales", "", "read the daily sales history `FILE` (CSV, plain or gzip; - for standard input; required)")
	fs.StringVar(&f.stores, "stores", "", "read the store list `FILE` in stores.csv's format (region, format, DC);\ndefault: one store per store of the history, one format and one DC")
	fs.StringVar(&f.out, "out", "", "write the inputs and the calibration report into the new directory `DIR` (required)")
	fs.IntVar(&f.holdout, "holdout-days", f.holdout, "hold back the last `N` days of the history from the fit, and compare the\nsimulated baseline with their actual sales; 0: no hold-out")
	fs.Var(choice{&f.class, classNames}, "class", "storage `CLASS` of every category: ambient, fresh (shelf life 5 days) or frozen")
	fs.IntVar(&f.replicates, "replicates", f.replicates, "replicates `N` of the hold-out simulation")
	fs.Uint64Var(&f.seed, "seed", f.seed, "random seed `N` of the hold-out simulation")
	fs.IntVar(&f.workers, "workers", 0, "`N` goroutines to simulate with; 0 means one per CPU")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar (there is none unless stderr is a terminal)")
	return fs
}

func newCalibrateFlags() *calibrateFlags {
	return &calibrateFlags{holdout: 28, class: "ambient", replicates: holdoutReplicates, seed: 1}
}

func (c calibrateCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap calibrate --sales FILE --out DIR [--stores FILE] [--holdout-days 28] [flags]

Fits each store x item series of a daily sales history: its rate (units a
day), weekday profile (shrunk towards its category's when the series is
short or sparse) and negative binomial dispersion; and writes an inputs
directory that 'shelfgap run --inputs DIR' reads, with:

  calibration.csv   the fit of every series, and its hold-out figures
  holdout.csv       actual vs simulated units in the held-back days, by item
                    and overall, with the error in percent
  calibration.png   observed vs fitted weekday profile; spread of velocities

The history has columns store_id,item_id,date,units and, optionally, price
(empty: not ranged that day), stockout_hours (of 16 trading hours) or
in_stock, category and discount, in any order; within a store and item,
dates must increase (series may be interleaved, so a file sorted by date is
fine). --sales - reads standard input. Days an item was not ranged
(no price, before its first sale) are absent, not zero demand. Stock-out
days are censored: by stockout_hours (part-days count by their exposure) or
in_stock; with neither, zero-sales runs with probability under 1% at the
series' rate. Items are grouped into categories by the category column, or
by M5-style IDs (FOODS_3_586 is in FOODS_3), else into one category.
Prices are the mean observed price in the file's currency (1 when the file
has none, so that money reads as units); rates are in the file's units.

The file is read as a stream: memory grows with the number of series, not
rows. The last --holdout-days are held back, the baseline is simulated over
them and compared with what sold.

Flags:
`)
	printFlags(w, c.flags(newCalibrateFlags()))
	fmt.Fprint(w, `
Examples:
  $ shelfgap calibrate --sales sales.csv.gz --out my-estate
  $ shelfgap calibrate --sales sales.csv --stores stores.csv --holdout-days 56 --out my-estate
  $ shelfgap run --inputs my-estate
`)
}

// countingReader counts the bytes read through it, for progress, and
// stops with ctx's error once ctx is cancelled (Ctrl-C while reading a
// large history).
type countingReader struct {
	ctx context.Context
	r   io.Reader
	n   int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c calibrateCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newCalibrateFlags()
	fs := c.flags(f)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef(c, "want no arguments, got %q (flags start with --)", fs.Arg(0))
	case f.sales == "":
		return usagef(c, "want --sales FILE: the daily sales history to fit")
	case f.out == "":
		return usagef(c, "want --out DIR: the directory to write the inputs and report into")
	case f.holdout < 0 || f.holdout > data.MaxHoldoutDays:
		return usagef(c, "--holdout-days: want 0 to %d days, got %d", data.MaxHoldoutDays, f.holdout)
	case f.replicates < 1:
		return usagef(c, "--replicates: want a number >= 1, got %d", f.replicates)
	case f.workers < 0:
		return usagef(c, "--workers: want a number >= 0, got %d", f.workers)
	}
	// Refuse a --out that cannot be written before any work is done.
	out, err := prepareOut(f.out, stderr)
	if err != nil {
		return err
	}
	defer out.abort()
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(calibrateMemory))
	}
	class, _ := model.ParseClass(f.class)
	opt := data.CalibrateOptions{HoldoutDays: f.holdout, Class: class, StoresFile: f.stores}
	if f.stores != "" {
		rows, err := data.ReadStores(f.stores)
		if err != nil {
			return err
		}
		opt.Stores = rows
	}

	file, name := os.Stdin, "stdin"
	if f.sales != "-" {
		var err error
		if file, err = os.Open(f.sales); err != nil {
			return &data.Error{File: f.sales, Err: fmt.Errorf("%w: %v", data.ErrMissingFile, err)}
		}
		defer file.Close()
		name = f.sales
	}
	var size int64 // 0 (no bar) for a pipe
	if st, err := file.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	cr := &countingReader{ctx: ctx, r: file}
	bar := newProgress(stderr, "reading sales", f.quiet)
	opt.Progress = func(rows int64) { bar.update(cr.n, size) }
	in, cal, err := data.Calibrate(name, cr, opt)
	bar.done()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	if cal.HoldoutStart <= cal.Last {
		e, r, err := in.Build()
		if err != nil {
			return err
		}
		data.LinkCells(cal, e, r)
		sc := data.HoldoutScenario(cal, model.DefaultScenario(), f.replicates)
		sc.Seed = f.seed
		bar := newProgress(stderr, "simulating hold-out", f.quiet)
		res, err := model.Run(ctx, e, r, sc, model.Options{Workers: f.workers, Progress: bar.update, CellSales: true})
		bar.done()
		if err != nil {
			return err
		}
		if err := data.CompareHoldout(cal, res.CellSales, sc.Days); err != nil {
			return err
		}
	}

	if err := out.commit(ctx, func(dir string) error {
		if err := data.WriteInputs(dir, in); err != nil {
			return err
		}
		return reports.WriteCalibration(dir, cal)
	}); err != nil {
		return err
	}
	if err := reports.CalibrationSummary(stdout, cal); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "\nWrote %s%c (inputs, calibration.csv, holdout.csv, calibration.png).\nRun on it with: shelfgap run --inputs %s\n",
		f.out, os.PathSeparator, f.out)
	return err
}
