package main

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
	"github.com/shelfgap/shelfgap/reports"
)

// defaultPartsOut is where 'run --shard' writes its part without --out.
const defaultPartsOut = "shelfgap-parts"

// Environment variables that 'run --shard auto/N' reads the part's index
// from, in this order: Kubernetes sets the first in the pods of an Indexed
// Job, Slurm the second in the tasks of a job array.
var shardEnv = []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"}

// shardFlag is --shard I/N or auto/N.
type shardFlag struct {
	set          bool
	auto         bool
	index, parts int
}

var _ flag.Value = (*shardFlag)(nil)

func (s *shardFlag) String() string {
	switch {
	case s == nil || !s.set:
		return ""
	case s.auto:
		return fmt.Sprintf("auto/%d", s.parts)
	}
	return fmt.Sprintf("%d/%d", s.index, s.parts)
}

func (s *shardFlag) Set(v string) error {
	i, n, ok := strings.Cut(v, "/")
	parts, err := strconv.Atoi(n)
	if !ok || err != nil || parts < 1 {
		return fmt.Errorf("want I/N or auto/N with N parts >= 1 and I from 0 to N-1, got %q", v)
	}
	*s = shardFlag{set: true, parts: parts}
	if i == "auto" {
		s.auto = true
		return nil
	}
	idx, err := strconv.Atoi(i)
	if err != nil || idx < 0 || idx >= parts {
		return fmt.Errorf("want I/N with I from 0 to %d, got %q", parts-1, v)
	}
	s.index = idx
	return nil
}

// resolve returns the part's index, reading it from the environment for
// auto/N.
func (s *shardFlag) resolve(getenv func(string) string) (int, error) {
	if !s.auto {
		return s.index, nil
	}
	for _, name := range shardEnv {
		v := getenv(name)
		if v == "" {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= s.parts {
			return 0, fmt.Errorf("--shard auto/%d: %s is %q; want a whole number from 0 to %d (Kubernetes: completions: %d; Slurm: --array=0-%d)",
				s.parts, name, v, s.parts-1, s.parts, s.parts-1)
		}
		return i, nil
	}
	return 0, fmt.Errorf("--shard auto/%d: neither %s nor %s is set; run it as a pod of a Kubernetes Indexed Job or a task of a Slurm job array, or give the index: --shard I/%d",
		s.parts, shardEnv[0], shardEnv[1], s.parts)
}

func (f *runFlags) bindShard(fs *flag.FlagSet) {
	fs.Var(&f.shard, "shard", "run only part `I/N` of the sweep (I from 0) and write it to --out (default "+defaultPartsOut+")\nfor 'shelfgap merge'; auto/N reads I from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	fs.IntVar(&f.dcGroups, "dc-groups", 1, "with --shard, split the estate into `G` groups of DCs with their stores, and the N parts\ninto N/G blocks of replicates times G groups (for estates too large for one machine)")
}

// partPlan is where part index of a sweep in parts falls.
type partPlan struct {
	blocks, groups int
	block, group   int
	from, to       int // replicates
}

// planPart splits a sweep of reps replicates and dcs DCs into parts parts
// of groups DC groups, and returns part index's place.
func planPart(index, parts, groups, reps, dcs int) (partPlan, error) {
	if groups < 1 || groups > dcs {
		return partPlan{}, fmt.Errorf("--dc-groups: want 1 to %d (the estate's DCs), got %d", dcs, groups)
	}
	if parts%groups != 0 {
		return partPlan{}, fmt.Errorf("--shard %d/%d: %d parts do not split into %d DC groups; want N a multiple of --dc-groups", index, parts, parts, groups)
	}
	blocks := parts / groups
	if blocks > reps {
		return partPlan{}, fmt.Errorf("--shard %d/%d: %d blocks of replicates, but the sweep has %d replicates; want at most %d parts, or more --replicates or --dc-groups",
			index, parts, blocks, reps, reps*groups)
	}
	p := partPlan{blocks: blocks, groups: groups, block: index / groups, group: index % groups}
	p.from, p.to = p.block*reps/blocks, (p.block+1)*reps/blocks
	return p, nil
}

// runShard runs part --shard of the sweep sc and writes it into --out:
// the sums of its replicates, per run, replicate, day and group, and its
// manifest (reports.Part).
func runShard(ctx context.Context, c command, f *runFlags, fs *flag.FlagSet, args []string, sc model.Scenario,
	in *data.Inputs, source string, e *model.Estate, r *model.Range, stdout, stderr io.Writer) error {
	out := f.out
	given := false
	fs.Visit(func(fl *flag.Flag) { given = given || fl.Name == "out" })
	if !given {
		out = defaultPartsOut
	}
	index, err := f.shard.resolve(os.Getenv)
	if err != nil {
		return usagef(c, "%v", err)
	}
	pl, err := planPart(index, f.shard.parts, f.dcGroups, sc.Replicates, len(e.DCs))
	if err != nil {
		return usagef(c, "%v", err)
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return &outError{fmt.Sprintf("parts directory %q exists and is not a directory; choose another --out", out)}
	}
	if err := os.MkdirAll(out, 0o777); err != nil {
		return err
	}
	groups := model.Groups(e, r)
	p := &reports.Part{
		Version: version(), Index: index, Parts: f.shard.parts,
		Blocks: pl.blocks, DCGroups: pl.groups, Block: pl.block, DCGroup: pl.group,
		Replicates: [2]int{pl.from, pl.to}, Seed: sc.Seed,
		InputsSHA256: inputsDigest(e, r),
		Inputs:       reports.Inputs{Source: source, Files: inputFiles(in.Files)},
		Scenario:     sc, Groups: reports.PartGroups(groups),
		Command: append([]string{"shelfgap", c.Name()}, args...),
	}
	part := r
	if pl.groups > 1 {
		dcg, err := model.DCGroups(e, r, pl.groups)
		if err != nil {
			return err
		}
		part = r.OnlyStores(func(s int) bool { return dcg[e.Stores[s].DC] == pl.group })
		for i, d := range e.DCs {
			if dcg[i] == pl.group {
				p.DCs = append(p.DCs, d.ID)
			}
		}
	} else {
		for _, d := range e.DCs {
			p.DCs = append(p.DCs, d.ID)
		}
	}
	pw, err := reports.NewPartWriter(out, p)
	if err != nil {
		return err
	}
	t0 := time.Now()
	bar := newProgress(stderr, fmt.Sprintf("part %d/%d", index, f.shard.parts), f.quiet)
	cnt, err := model.RunSums(ctx, e, part, sc, model.Options{Workers: f.workers, Progress: bar.update}, pl.from, pl.to, pw.Add)
	bar.done()
	if err != nil {
		pw.Abort()
		return err
	}
	p.Cells, p.CellsFull, p.CellDays = cnt.Cells, cnt.CellsFull, cnt.CellDays
	p.Stores, p.StoresFull = cnt.Stores, cnt.StoresFull
	p.SimulateSeconds = math.Round(time.Since(t0).Seconds()*1e3) / 1e3
	m := reports.NewManifest("", nil)
	p.GOMAXPROCS, p.GoVersion, p.Workers = m.GOMAXPROCS, m.GoVersion, f.workers
	if p.Workers == 0 {
		p.Workers = p.GOMAXPROCS
	}
	p.PeakMemoryBytes = peakMemory()
	if err := ctx.Err(); err != nil {
		pw.Abort()
		return err
	}
	if err := pw.Commit(); err != nil {
		return err
	}
	mem := "unknown"
	if p.PeakMemoryBytes > 0 {
		mem = fmt.Sprintf("%.0f MiB", float64(p.PeakMemoryBytes)/(1<<20))
	}
	fmt.Fprintf(stderr, "shelfgap: part %d of %d: replicates %d-%d of %d, %d of %d DCs, %s cells: %.1f s, peak memory %s\n",
		index, p.Parts, pl.from, pl.to-1, sc.Replicates, len(p.DCs), len(e.DCs), count(partCells(p)), p.SimulateSeconds, mem)
	_, err = fmt.Fprintf(stdout, "Wrote %s (part %d of %d); merge all %d with 'shelfgap merge %s --out DIR'.\n",
		filepath.Join(out, reports.PartName(index, p.Parts)+".json"), index, p.Parts, p.Parts, filepath.Clean(out))
	return err
}

// inputsDigest returns the hex SHA-256 of the estate and range as the
// engine sees them, so that parts from different inputs are told apart
// whether the inputs came from files or are built in.
func inputsDigest(e *model.Estate, r *model.Range) string {
	h := sha256.New()
	str := func(s string) { binary.Write(h, binary.LittleEndian, uint64(len(s))); io.WriteString(h, s) }
	num := func(vs ...any) {
		for _, v := range vs {
			binary.Write(h, binary.LittleEndian, v)
		}
	}
	num(uint64(len(e.Regions)))
	for _, s := range e.Regions {
		str(s)
	}
	num(uint64(len(e.Formats)))
	for _, f := range e.Formats {
		str(f.Name)
		num(f.ShelfScale)
	}
	num(uint64(len(e.DCs)))
	for _, d := range e.DCs {
		str(d.ID)
		num(int64(d.Region), d.PickCapacity, d.StockDays)
	}
	num(uint64(len(e.Stores)))
	for _, s := range e.Stores {
		str(s.ID)
		num(int64(s.Region), int64(s.Format), int64(s.DC), s.WeeklySales, s.Priority)
	}
	num(uint64(len(r.Categories)))
	for _, c := range r.Categories {
		str(c.Name)
		num(uint8(c.Class), c.Response, c.Dispersion, c.Weekday)
	}
	num(uint64(len(r.SKUs)))
	for _, k := range r.SKUs {
		str(k.ID)
		num(int64(k.Category), k.Price, k.Margin, int64(k.ShelfLife), int64(k.CasePack), int64(k.ShelfCap),
			int64(k.LeadDays), k.Delivery, int64(k.Core))
	}
	ints := make([]int64, len(r.Start))
	for i, v := range r.Start {
		ints[i] = int64(v)
	}
	slice(h, "start", ints)
	slice(h, "sku", r.SKU)
	slice(h, "rate", r.Rate)
	slice(h, "dispersion", r.Dispersion)
	slice(h, "profile", r.Profile)
	num(uint64(len(r.Profiles)))
	for _, p := range r.Profiles {
		num(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// slice hashes a named slice of fixed-size numbers, in chunks.
func slice[T int32 | int64 | float32](h hash.Hash, name string, xs []T) {
	io.WriteString(h, name)
	binary.Write(h, binary.LittleEndian, uint64(len(xs)))
	const chunk = 1 << 14
	buf := make([]byte, 0, 8*chunk)
	for i := 0; i < len(xs); i += chunk {
		buf, _ = binary.Append(buf[:0], binary.LittleEndian, xs[i:min(i+chunk, len(xs))])
		h.Write(buf)
	}
}

// partCells is the cells a part simulates in each replicate: in quick mode
// its Cells are summed over the sweep's replicates (model.Counts).
func partCells(p *reports.Part) int {
	if sc := &p.Scenario; sc.Sample > 0 && sc.Sample < 1 {
		return p.Cells / sc.Replicates
	}
	return p.Cells
}
