package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
	"github.com/shelfgap/shelfgap/reports"
)

// Quick mode: what 'shelfgap run' simulates unless told otherwise, chosen
// so that the default run (the default scenario on the built-in default
// estate) and every example scenario finish in about 10 s on a 2-core
// machine (issue 15). Change it here; the help text and README follow.
const (
	// quickCellDays is the work, in store-SKU-days, that a run is sized to
	// when the scenario's sample is 0 (model.DefaultScenario's, "the full
	// estate" to the library) and neither --sample nor --full is given:
	// the whole estate when its full run fits, else as many stores per
	// replicate as fit (model.QuickSample), at their full range. The
	// engine runs about 40 million store-SKU-days a second on 2 cores
	// (quick mode, a replicate per core, about 27 million), so this is
	// 6-9 s of simulation. The default run simulates 8 stores (quick
	// mode's floor) in each of 20 replicates (160 of 2,300): with the
	// 112-day warm-up that is 258 million store-SKU-days, 16-18 s of CPU;
	// the sampling error of its mean lost sales is 0.7-5.3% (measured; the
	// run reports it).
	quickCellDays = 240_000_000
	// defaultOut is where outputs go without --out.
	defaultOut = "shelfgap-out"
)

type runCommand struct{}

func newRunCommand() command { return runCommand{} }

func (runCommand) Name() string { return "run" }
func (runCommand) Synopsis() string {
	return "simulate an outage and its recovery times; write CSV, charts and run.json"
}

// runFlags holds run's flags. The scenario flags are bound to the fields
// of a scenario (the default one); after parsing, only the flags given
// explicitly are copied onto the scenario actually run (see apply).
type runFlags struct {
	scenario string
	vs       string
	inputs   inputFlags
	out      string
	full     bool
	workers  int
	quiet    bool
	large    bool
	shard    shardFlag // --shard I/N (shard.go)
	dcGroups int
	sc       model.Scenario // flag values for the scenario's fields
}

func newRunFlags() *runFlags {
	return &runFlags{out: defaultOut, sc: model.DefaultScenario()}
}

func (f *runFlags) flagSet(c command) *flag.FlagSet {
	fs := newFlagSet(c)
	fs.StringVar(&f.scenario, "scenario", "", "run the scenario in YAML `FILE`, or the example of that name\n(see 'shelfgap scenarios'); default: the default scenario")
	fs.StringVar(&f.vs, "vs", "", "also run the scenario `B` (a file or example name) on the same estate, seed and flags,\nwrite its outputs into DIR/vs and B minus A, replicate by replicate, into DIR/compare.csv")
	f.inputs.bind(fs)
	fs.StringVar(&f.out, "out", f.out, "write the outputs into directory `DIR`, replacing a previous run's output")
	fs.Uint64Var(&f.sc.Seed, "seed", f.sc.Seed, "random seed `N`: the same inputs and seed give the same outputs")
	fs.Var(intList{&f.sc.Recovery}, "recovery", "comma-separated recovery times in `DAYS` to compare (the baseline is always run)")
	fs.IntVar(&f.sc.Replicates, "replicates", f.sc.Replicates, "Monte Carlo replicates `N` per recovery time")
	fs.IntVar(&f.sc.Days, "days", f.sc.Days, "reported horizon in `N` days from the scenario's start date")
	fs.Float64Var(&f.sc.Sample, "sample", f.sc.Sample, "share `F` of the stores to simulate in each replicate, in (0, 1];\ndefault: as many as fit quick mode's budget (above)")
	fs.BoolVar(&f.full, "full", false, "simulate every line of every store (--sample 1): slow on the default estate")
	fs.IntVar(&f.workers, "workers", 0, "`N` goroutines to simulate with; 0 means one per CPU (results do not depend on it)")
	fs.BoolVar(&f.large, "allow-large", false, "run even if the run's estimate is past the limits (2e11 store-SKU-days\nor 8 GiB of memory; 'shelfgap validate' prints the estimate)")
	fs.StringVar(&f.sc.Report.ChartFormat, "format", f.sc.Report.ChartFormat, "chart file `FORMAT`: png, or svg for print (the workbook always holds PNG)")
	fs.IntVar(&f.sc.Report.SensitivityDays, "sensitivity-days", f.sc.Report.SensitivityDays, "explain the lost sales of the recovery time nearest `DAYS` in sensitivity.csv and tornado.png")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar (there is none unless stderr is a terminal)")
	f.bindShard(fs)
	return fs
}

// apply copies the scenario flags given explicitly onto sc, which came
// from the scenario file (or the default). Explicit flags win over the
// file. Quick mode's sample is chosen once the estate is known (quick).
func (f *runFlags) apply(fs *flag.FlagSet, sc *model.Scenario) {
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "seed":
			sc.Seed = f.sc.Seed
		case "recovery":
			sc.Recovery = f.sc.Recovery
		case "replicates":
			sc.Replicates = f.sc.Replicates
		case "days":
			sc.Days = f.sc.Days
		case "sample":
			sc.Sample = f.sc.Sample
		case "format":
			sc.Report.ChartFormat = f.sc.Report.ChartFormat
		case "sensitivity-days":
			sc.Report.SensitivityDays = f.sc.Report.SensitivityDays
		}
	})
	if f.full {
		sc.Sample = 1
	}
}

// quick sets an unset sample (0) to quick mode's for the estate: the
// full estate if it fits quickCellDays, else a sample of its stores.
func quick(sc *model.Scenario, e *model.Estate, r *model.Range) {
	if sc.Sample == 0 {
		sc.Sample = model.QuickSample(e, r, *sc, quickCellDays)
	}
}

func (c runCommand) Usage(w io.Writer) {
	fmt.Fprintf(w, `usage: shelfgap run [flags]

Simulates the scenario on the estate: a baseline without an outage and one
run per recovery time, each with Monte Carlo replicates on common random
numbers, store by SKU by day. Writes into --out:

  daily.csv            estate metrics per recovery time and day, P10/P50/P90
  summary.csv          one row per recovery time: minimum availability, days
                       below threshold, days to recover, lost sales and margin,
                       waste and waste beyond the baseline's, cost of each
                       extra day of recovery, with bands
  breakdown_*.csv      the same by region, format, category and DC
  replicates.csv       each replicate's lost sales, margin, waste and the
                       uncertain parameters it drew
  exceedance.csv       the loss exceeded with probability 50/20/10/5/1%%
  sensitivity.csv      which uncertain input drives lost sales (tornado.png)
  *.png                charts for a report (--format svg for print)
  results.xlsx         every table and chart in one workbook
  run.json             the resolved scenario, seed, version, input hashes and
                       timings: everything needed to reproduce the run

and prints a summary table. The output directory is written under a
temporary name and renamed into place only when complete, also on Ctrl-C.

Quick mode: when the scenario's sample is 0 (its default) and neither
--sample nor --full is given, the run is sized to about %s
store-SKU-days of work (about 10 s on 2 cores). The whole estate runs at
full resolution when it fits (the small estate does); otherwise each
replicate simulates its own sample of stores at their full range, drawn
with probability proportional to sales from a list sorted by priority,
format, region, DC and size, and weighted up to the estate. The table,
summary.csv and run.json report the error that sampling adds, and the
bands include it. --sample F simulates a share F of the stores in each
replicate. The scenario's replicates (20 unless it sets them) run with or
without --scenario. Flags given explicitly override the scenario file.

With --shard I/N, run simulates only part I (from 0) of N parts of the
sweep, blocks of whole replicates (and with --dc-groups, groups of DCs with
their stores), and writes the part's sums and manifest into --out, a
directory the parts may share; 'shelfgap merge' then writes what one run
writes. --shard auto/N takes I from JOB_COMPLETION_INDEX (Kubernetes) or
SLURM_ARRAY_TASK_ID (Slurm).

Full resolution is faster built with Go's experimental vector package
(GOEXPERIMENT=simd go build ./cmd/shelfgap): on a processor with AVX-512
the engine then runs about 1.8 times as fast, with the same results.
run.json's go_version ends in X:simd for such a build.

Flags:
`, count(quickCellDays))
	printFlags(w, newRunFlags().flagSet(c))
	fmt.Fprint(w, `
Examples:
  $ shelfgap run
  $ shelfgap run --estate small --replicates 5 --out small-out
  $ shelfgap run --scenario coop-2025 --recovery 7,14 --seed 2
  $ shelfgap run --inputs my-estate --scenario my-outage.yaml --full
  $ shelfgap run --full --replicates 40 --shard auto/8 --out /results/parts
  $ shelfgap run --scenario fallback-core-range --vs fallback-push --out plans
`)
}

func (c runCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newRunFlags()
	fs := f.flagSet(c)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef(c, "want no arguments, got %q (flags start with --)", fs.Arg(0))
	}
	if f.workers < 0 {
		return usagef(c, "--workers: want a number >= 0, got %d", f.workers)
	}
	var out *staging
	if !f.shard.set {
		if f.dcGroups != 1 {
			return usagef(c, "--dc-groups: want it only with --shard I/N")
		}
		// Refuse a --out that cannot be written before any work is done.
		var err error
		if out, err = prepareOut(f.out, stderr); err != nil {
			return err
		}
		defer out.abort()
	}
	start := time.Now()
	sc, err := loadScenario(f.scenario)
	if err != nil {
		return err
	}
	f.apply(fs, &sc)
	if err := data.CheckScenario(sc); err != nil {
		return flagErrors(fs, sc.Name, err)
	}
	var scB model.Scenario
	if f.vs != "" {
		if scB, err = loadScenario(f.vs); err != nil {
			return err
		}
		f.apply(fs, &scB)
		if err := scB.Validate(); err != nil {
			return flagErrors(fs, scB.Name, err)
		}
	}
	in, source, err := f.inputs.load(c)
	if err != nil {
		return err
	}
	e, r, err := build(in, sc)
	if err != nil {
		return err
	}
	quick(&sc, e, r)
	if err := checkSize(model.EstimateRun(e, r, sc), f.large); err != nil {
		return err
	}
	var eB *model.Estate
	var rB *model.Range
	if f.vs != "" {
		if eB, rB, err = build(in, scB); err != nil {
			return err
		}
		// B samples the share of the stores A does, unless set: with the
		// same seed, estate and outage scope the two then simulate the
		// same stores, and compare.csv pairs replicates on common random
		// numbers as at full resolution.
		if scB.Sample == 0 {
			scB.Sample = sc.Sample
		}
		quick(&scB, eB, rB)
		if err := checkSize(model.EstimateRun(eB, rB, scB), f.large); err != nil {
			return err
		}
	}
	loaded := time.Now()
	if f.shard.set {
		return runShard(ctx, c, f, fs, args, sc, in, source, e, r, stdout, stderr)
	}

	manifest := func(res *model.Result, sc model.Scenario, simulated time.Duration) reports.Manifest {
		man := reports.NewManifest(version(), append([]string{"shelfgap", c.Name()}, args...))
		man.Seed = sc.Seed
		man.Inputs = reports.Inputs{Source: source, Files: inputFiles(in.Files)}
		man.Workers = f.workers
		if man.Workers == 0 {
			man.Workers = man.GOMAXPROCS
		}
		man.Timings.Load = loaded.Sub(start).Seconds()
		man.Timings.Simulate = simulated.Seconds()
		return man
	}
	simulate := func(e *model.Estate, r *model.Range, sc model.Scenario, label string) (*model.Result, reports.Manifest, error) {
		t0 := time.Now()
		bar := newProgress(stderr, label, f.quiet)
		res, err := model.Run(ctx, e, r, sc, model.Options{Workers: f.workers, Progress: bar.update})
		bar.done()
		if err != nil {
			return nil, reports.Manifest{}, err
		}
		return res, manifest(res, sc, time.Since(t0)), nil
	}
	res, man, err := simulate(e, r, sc, "simulating")
	if err != nil {
		return err
	}
	var resB *model.Result
	var manB reports.Manifest
	var cmp *reports.Comparison
	if f.vs != "" {
		if resB, manB, err = simulate(eB, rB, scB, "simulating B"); err != nil {
			return err
		}
		cmp, err = reports.Compare(reports.NewPaired(res, man), reports.NewPaired(resB, manB))
		if err != nil {
			return usagef(c, "--vs %s: %v", f.vs, err)
		}
	}
	var vs *vsRun
	if cmp != nil {
		vs = &vsRun{res: resB, man: manB, cmp: cmp}
	}
	return writeOutputs(ctx, out, res, man, drawNotes(&sc), vs, stdout)
}

// vsRun is the second scenario of 'run --vs' and its comparison with the
// first.
type vsRun struct {
	res *model.Result
	man reports.Manifest
	cmp *reports.Comparison
}

// writeOutputs writes a sweep's outputs into out, staged, and prints the
// notes on its parameters and the summary table: the one output path of a
// run and of a merge of parts. With vs, the second scenario's outputs go
// into the nested output DIR/vs and B minus A into DIR/compare.csv, before
// the first scenario's run.json lists them all.
func writeOutputs(ctx context.Context, out *staging, res *model.Result, man reports.Manifest, notes []string, vs *vsRun, stdout io.Writer) error {
	if err := out.commit(ctx, func(dir string) error {
		if vs != nil {
			sub := filepath.Join(dir, "vs")
			if err := os.Mkdir(sub, 0o755); err != nil {
				return err
			}
			if err := reports.Write(sub, vs.res, vs.man); err != nil {
				return err
			}
			if err := reports.WriteComparisonFile(dir, vs.cmp); err != nil {
				return err
			}
		}
		return reports.Write(dir, res, man)
	}); err != nil {
		return err
	}
	for _, n := range notes {
		if _, err := fmt.Fprintf(stdout, "note: %s\n", n); err != nil {
			return err
		}
	}
	if err := reports.Table(stdout, res); err != nil {
		return err
	}
	if vs != nil {
		fmt.Fprintln(stdout)
		if err := reports.ComparisonTable(stdout, vs.cmp); err != nil {
			return err
		}
	}
	reps := "replicates"
	if res.Replicates == 1 {
		reps = "replicate"
	}
	_, err := fmt.Fprintf(stdout, "\nWrote %s%c (%s cells, %d %s, seed %d).\n",
		filepath.Clean(out.out), os.PathSeparator, count(res.Cells), res.Replicates, reps, res.Scenario.Seed)
	return err
}

// flagErrors names the flags behind a scenario's validation errors. The
// scenario file (or the default) was valid when loaded, so the problems
// come from the flags given: a field bound to a flag given explicitly is
// reported as that flag ("--replicates: want 1 to 10000, got 0"); others
// (such as outage.start_day beyond a shorter --days) keep their field
// path. The errors stay *model.FieldError, so run exits 2.
func flagErrors(fs *flag.FlagSet, scenario string, err error) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	for _, e := range unjoin(err) {
		var fe *model.FieldError
		if errors.As(e, &fe) {
			name, _, _ := strings.Cut(fe.Field, "[")
			if given[name] {
				e = &model.FieldError{Field: "--" + name, Msg: fe.Msg}
			} else {
				e = &model.FieldError{Field: fe.Field, Msg: fe.Msg + " (scenario " + scenario + " with the flags given)"}
			}
		}
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

// unjoin returns the errors joined in err, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
