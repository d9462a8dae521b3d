package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
)

type validateCommand struct{}

func newValidateCommand() command { return validateCommand{} }

func (validateCommand) Name() string { return "validate" }
func (validateCommand) Synopsis() string {
	return "check input files and a scenario without running"
}

type validateFlags struct {
	inputs   inputFlags
	scenario string
	large    bool
}

func (c validateCommand) flags(f *validateFlags) *flag.FlagSet {
	fs := newFlagSet(c)
	f.inputs.bind(fs)
	fs.StringVar(&f.scenario, "scenario", "", "also check the scenario in YAML `FILE` (or the example of that name)\nagainst the inputs")
	fs.BoolVar(&f.large, "allow-large", false, "accept a run whose estimate is past the limits, as 'shelfgap run --allow-large' does")
	return fs
}

func (c validateCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap validate (--inputs DIR | --estate NAME) [--scenario FILE]

Reads and checks the input CSV files (or a built-in estate) and the
scenario, exactly as 'shelfgap run' would, without simulating. Prints a
short summary if all is well. Each problem found is reported with its
file, line and column, the field and what was expected, and the exit code
is 2.

Flags:
`)
	printFlags(w, c.flags(&validateFlags{}))
	fmt.Fprint(w, `
Examples:
  $ shelfgap validate --estate small
  $ shelfgap validate --inputs my-estate
  $ shelfgap validate --estate small --scenario coop-2025
`)
}

func (c validateCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f validateFlags
	fs := c.flags(&f)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef(c, "want no arguments, got %q (flags start with --)", fs.Arg(0))
	}
	sc, err := loadScenario(f.scenario)
	if err != nil {
		return err
	}
	if err := data.CheckScenario(sc); err != nil {
		return fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	in, source, err := f.inputs.load(c)
	if err != nil {
		return err
	}
	e, r, err := build(in, sc)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %s\n", source)
	fmt.Fprintf(stdout, "  %s stores in %s regions and %s formats, served by %s DCs\n",
		count(len(e.Stores)), count(len(e.Regions)), count(len(e.Formats)), count(len(e.DCs)))
	fmt.Fprintf(stdout, "  %s SKUs in %s categories; %s store x SKU cells\n",
		count(len(r.SKUs)), count(len(r.Categories)), count(r.Cells()))
	if len(in.Files) > 0 {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  file\trows\tsha256")
		for _, fl := range in.Files {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", fl.Name, count(fl.Rows), fl.SHA256)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	name := f.scenario
	if name == "" {
		name = "default"
	}
	if sc.Name != "" && sc.Name != name {
		name += " (" + sc.Name + ")"
	}
	if _, err := fmt.Fprintf(stdout, "ok: scenario %s: recovery times %s days, %d days from %s, %d replicates\n",
		name, intList{&sc.Recovery}, sc.Days, sc.StartDate.Format("2006-01-02"), sc.Replicates); err != nil {
		return err
	}
	for _, n := range drawNotes(&sc) {
		if _, err := fmt.Fprintf(stdout, "  note: %s\n", n); err != nil {
			return err
		}
	}
	// The estimate of 'shelfgap run' with the same inputs and scenario,
	// at full resolution unless the scenario samples.
	est := model.EstimateRun(e, r, sc)
	printSize(stdout, est)
	if _, err := fmt.Fprintf(stdout, "  run: %s\n", howRun(e, r, sc)); err != nil {
		return err
	}
	return checkSize(est, f.large)
}

// howRun says how 'shelfgap run' simulates the scenario on the estate:
// quick mode's sample of whole stores, or every store.
func howRun(e *model.Estate, r *model.Range, sc model.Scenario) string {
	set := sc.Sample > 0
	if !set {
		quick(&sc, e, r)
	}
	if sc.Sample >= 1 {
		if set {
			return "full resolution, every line of every store, as the scenario's sample asks"
		}
		return fmt.Sprintf("full resolution: all %s stores are few enough to run every line in quick mode's time",
			count(len(e.Stores)))
	}
	est := model.EstimateRun(e, r, sc)
	how := "quick mode"
	if set {
		how = "the scenario's sample"
	}
	return fmt.Sprintf("%s: each replicate simulates %s of %s stores at their full range, %s; --full simulates every store (the estimate above)",
		how, count(int(math.Round(sc.Sample*float64(len(e.Stores))))), count(len(e.Stores)), describeSize(est))
}

// drawNotes says, one line each, where the values the replicates run
// differ from what the scenario file writes in a way the file does not
// show: a point value drawn around (its default range re-centred on it), a
// point value a range replaces, a range [v, v] that holds another value.
func drawNotes(sc *model.Scenario) []string {
	var notes []string
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	span := func(r [2]float64) string { return "[" + g(r[0]) + ", " + g(r[1]) + "]" }
	for _, d := range sc.Draws() {
		if d.Point == "" {
			continue
		}
		switch {
		case d.How == "centred":
			notes = append(notes, fmt.Sprintf("%s: %s as written; the replicates draw it from %s, the default range re-centred on it (set uncertainty.%s: [%s, %s] to hold it)",
				d.Point, g(d.Value), span(d.Range), d.Key, g(d.Value), g(d.Value)))
		case d.Outside && d.How == "held":
			notes = append(notes, fmt.Sprintf("%s: %s as written, but uncertainty.%s %s holds it at %s in every replicate",
				d.Point, g(d.Value), d.Key, span(d.Range), g(d.Range[0])))
		case d.Outside:
			notes = append(notes, fmt.Sprintf("%s: %s as written, but uncertainty.%s %s replaces it in every replicate (remove the range to draw around %s, or set [%s, %s] to hold it)",
				d.Point, g(d.Value), d.Key, span(d.Range), g(d.Value), g(d.Value), g(d.Value)))
		}
	}
	return notes
}
