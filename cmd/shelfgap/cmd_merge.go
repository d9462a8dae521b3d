package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shelfgap/shelfgap/model"
	"github.com/shelfgap/shelfgap/reports"
)

type mergeCommand struct{}

func newMergeCommand() command { return mergeCommand{} }

func (mergeCommand) Name() string { return "merge" }
func (mergeCommand) Synopsis() string {
	return "merge the parts of a sweep run with 'run --shard' into one run's outputs"
}

func (c mergeCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap merge [flags] PARTS...

Merges the N parts of a sweep run with 'shelfgap run --shard I/N' and writes
into --out exactly what one 'shelfgap run' of the whole sweep writes: the
CSV files and charts are the same byte for byte, and run.json records the
parts' inputs and scenario. Each of PARTS is a part's manifest
(part-IIII-of-NNNN.json, with its sums file beside it) or a directory of
them.

The merge refuses, and writes nothing, unless every part from 0 to N-1 is
given exactly once and every part was made by the same version of shelfgap
from the same inputs, scenario and seed with the same N and --dc-groups.
The parts' sums are added, and the quantiles, charts and tables computed
from the totals as one run computes them.

Flags:
`)
	printFlags(w, newMergeFlags().flagSet(c))
	fmt.Fprint(w, `
Examples:
  $ shelfgap run --estate small --shard 0/2 --out parts
  $ shelfgap run --estate small --shard 1/2 --out parts
  $ shelfgap merge parts --out small-out
`)
}

type mergeFlags struct {
	out string
}

func newMergeFlags() *mergeFlags { return &mergeFlags{out: defaultOut} }

func (f *mergeFlags) flagSet(c command) *flag.FlagSet {
	fs := newFlagSet(c)
	fs.StringVar(&f.out, "out", f.out, "write the outputs into directory `DIR`, replacing a previous run's output")
	return fs
}

// loadedPart is a part's manifest and where it was read from.
type loadedPart struct {
	path string
	p    *reports.Part
}

func (c mergeCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newMergeFlags()
	fs := f.flagSet(c)
	// Flags may follow the parts: 'shelfgap merge parts/*.json --out DIR'.
	var paths []string
	for rest := args; ; {
		if err := parseFlags(c, fs, rest, stdout); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(paths) == 0 {
		return usagef(c, "want the parts to merge: part manifests (part-IIII-of-NNNN.json) or directories of them")
	}
	out, err := prepareOut(f.out, stderr)
	if err != nil {
		return err
	}
	defer out.abort()
	start := time.Now()
	parts, err := c.load(paths)
	if err != nil {
		return err
	}
	byIndex, err := c.check(parts)
	if err != nil {
		return err
	}
	first := byIndex[0].p
	groups, err := reports.ModelGroups(first.Groups)
	if err != nil {
		return usagef(c, "%s: %v", byIndex[0].path, err)
	}
	sc := first.Scenario
	// Stores are of the whole estate in every part (model.Counts).
	cnt := model.Counts{Stores: first.Stores, StoresFull: first.StoresFull}
	simulate := 0.0
	for _, lp := range byIndex {
		if lp.p.Block == 0 {
			cnt.Cells += lp.p.Cells
			cnt.CellsFull += lp.p.CellsFull
		}
		cnt.CellDays += lp.p.CellDays
		simulate += lp.p.SimulateSeconds
	}
	// The parts are read a block of replicates at a time, its DC groups'
	// sums added, so the merge holds one part's worth of sums at once.
	var block []model.Sums
	from := 0
	res, err := model.Assemble(sc, groups, cnt, func(rep int) (model.Sums, error) {
		if rep < from || rep >= from+len(block) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			b := rep * first.Blocks / sc.Replicates
			for (b+1)*sc.Replicates/first.Blocks <= rep {
				b++
			}
			from = b * sc.Replicates / first.Blocks
			block = make([]model.Sums, (b+1)*sc.Replicates/first.Blocks-from)
			for _, lp := range byIndex[b*first.DCGroups : (b+1)*first.DCGroups] {
				err := reports.ReadSums(lp.path, lp.p, func(rep int, s model.Sums) error {
					dst := &block[rep-from]
					if *dst == nil {
						*dst = make(model.Sums, len(s))
					}
					for i, v := range s {
						(*dst)[i] += v
					}
					return nil
				})
				if err != nil {
					return nil, &outError{err.Error()}
				}
			}
		}
		return block[rep-from], nil
	})
	if err != nil {
		return err
	}
	res.Elapsed = time.Duration(simulate * float64(time.Second))
	loaded := time.Now()

	man := reports.NewManifest(version(), append([]string{"shelfgap", c.Name()}, args...))
	man.Seed = sc.Seed
	man.Inputs = first.Inputs
	man.Workers = man.GOMAXPROCS
	man.Timings.Load = loaded.Sub(start).Seconds()
	man.Timings.Simulate = simulate
	fmt.Fprintf(stderr, "shelfgap: merged %d parts in %.1f s (their simulation took %.1f s in all)\n",
		len(byIndex), loaded.Sub(start).Seconds(), simulate)
	return writeOutputs(ctx, out, res, man, drawNotes(&res.Scenario), nil, stdout)
}

// load reads the manifests named by paths, expanding directories.
func (c mergeCommand) load(paths []string) ([]loadedPart, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, usagef(c, "%s: no such part or directory", p)
		}
		if !fi.IsDir() {
			files = append(files, strings.TrimSuffix(p, ".csv.gz")+strings.Repeat(".json", btoi(strings.HasSuffix(p, ".csv.gz"))))
			continue
		}
		m, err := filepath.Glob(filepath.Join(p, "part-*-of-*.json"))
		if err != nil {
			return nil, err
		}
		if len(m) == 0 {
			return nil, usagef(c, "%s: no parts (part-IIII-of-NNNN.json) in the directory", p)
		}
		files = append(files, m...)
	}
	var out []loadedPart
	for _, name := range files {
		p, err := reports.ReadPart(name)
		if err != nil {
			return nil, &outError{err.Error()}
		}
		out = append(out, loadedPart{name, p})
	}
	return out, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// check refuses parts that are not exactly the N parts of one sweep, and
// returns them by index.
func (c mergeCommand) check(parts []loadedPart) ([]loadedPart, error) {
	refuse := func(format string, args ...any) error {
		return &outError{"merge: " + fmt.Sprintf(format, args...)}
	}
	a := parts[0]
	for _, b := range parts[1:] {
		if d := partDiff(a.p, b.p); d != "" {
			return nil, refuse("%s and %s are not parts of the same sweep: %s", a.path, b.path, d)
		}
	}
	n := a.p.Parts
	byIndex := make([]loadedPart, n)
	for _, lp := range parts {
		p := lp.p
		if p.Index < 0 || p.Index >= n {
			return nil, refuse("%s: part %d of %d is out of range", lp.path, p.Index, n)
		}
		if prev := byIndex[p.Index]; prev.p != nil {
			return nil, refuse("part %d of %d is given twice: %s and %s", p.Index, n, prev.path, lp.path)
		}
		pl, err := planPart(p.Index, n, p.DCGroups, p.Scenario.Replicates, max(p.DCGroups, len(p.DCs)))
		if err != nil || pl.block != p.Block || pl.group != p.DCGroup || pl.blocks != p.Blocks ||
			pl.from != p.Replicates[0] || pl.to != p.Replicates[1] {
			return nil, refuse("%s: part %d of %d does not cover the replicates and DC group it should (made by another version?)", lp.path, p.Index, n)
		}
		byIndex[p.Index] = lp
	}
	var missing []string
	for i, lp := range byIndex {
		if lp.p == nil {
			missing = append(missing, fmt.Sprint(i))
		}
	}
	if len(missing) > 0 {
		return nil, refuse("%d of %d parts missing: %s; run them (shelfgap run --shard I/%d with the same inputs, scenario and flags) and merge again",
			len(missing), n, strings.Join(missing, ", "), n)
	}
	// Within a block, the DC groups must hold each DC once; every block the
	// same groups.
	seen := map[string]int{}
	for _, lp := range byIndex[:a.p.DCGroups] {
		for _, d := range lp.p.DCs {
			if g, ok := seen[d]; ok {
				return nil, refuse("DC %s is in DC groups %d and %d", d, g, lp.p.DCGroup)
			}
			seen[d] = lp.p.DCGroup
		}
	}
	for _, g := range a.p.Groups {
		if _, ok := seen[g.Name]; g.Kind == "dc" && !ok {
			return nil, refuse("DC %s is in none of the %d DC groups", g.Name, a.p.DCGroups)
		}
	}
	for _, lp := range byIndex[a.p.DCGroups:] {
		if g := byIndex[lp.p.DCGroup].p; !slices.Equal(lp.p.DCs, g.DCs) || lp.p.Cells != g.Cells || lp.p.CellsFull != g.CellsFull {
			return nil, refuse("%s: DC group %d holds other DCs than in %s", lp.path, lp.p.DCGroup, byIndex[lp.p.DCGroup].path)
		}
	}
	return byIndex, nil
}

// partDiff says how two parts' manifests disagree on what must be the same
// for every part of a sweep, or returns "".
func partDiff(a, b *reports.Part) string {
	switch {
	case a.Version != b.Version:
		return fmt.Sprintf("made by shelfgap %s and %s", a.Version, b.Version)
	case a.Parts != b.Parts:
		return fmt.Sprintf("parts of %d and of %d", a.Parts, b.Parts)
	case a.DCGroups != b.DCGroups:
		return fmt.Sprintf("%d and %d DC groups", a.DCGroups, b.DCGroups)
	case a.Seed != b.Seed:
		return fmt.Sprintf("seeds %d and %d", a.Seed, b.Seed)
	case a.InputsSHA256 != b.InputsSHA256:
		return fmt.Sprintf("different inputs (SHA-256 %.12s... and %.12s...)", a.InputsSHA256, b.InputsSHA256)
	case !slices.Equal(a.Groups, b.Groups):
		return "different result groups"
	}
	ja, _ := json.Marshal(a.Scenario)
	jb, _ := json.Marshal(b.Scenario)
	if !bytes.Equal(ja, jb) {
		return "different scenarios (" + scenarioDiff(ja, jb) + ")"
	}
	return ""
}

// scenarioDiff names the scenario fields whose values differ between two
// scenarios as JSON, one level deep: "replicates, outage.start_day".
func scenarioDiff(ja, jb []byte) string {
	var ma, mb map[string]json.RawMessage
	json.Unmarshal(ja, &ma)
	json.Unmarshal(jb, &mb)
	var diff []string
	for k, va := range ma {
		vb := mb[k]
		if bytes.Equal(va, vb) {
			continue
		}
		var sa, sb map[string]json.RawMessage
		if json.Unmarshal(va, &sa) == nil && json.Unmarshal(vb, &sb) == nil {
			for k2, v2 := range sa {
				if !bytes.Equal(v2, sb[k2]) {
					diff = append(diff, k+"."+k2)
				}
			}
			continue
		}
		diff = append(diff, k)
	}
	slices.Sort(diff)
	return strings.Join(diff, ", ")
}
