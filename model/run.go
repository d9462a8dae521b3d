package model

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"time"
)

// Options are knobs of a run that do not change its results.
type Options struct {
	// Workers is the number of goroutines; zero means GOMAXPROCS. Results
	// do not depend on it.
	Workers int
	// Progress, if not nil, is called from one goroutine with the work
	// done and the total, in store-days, as the run proceeds.
	Progress func(done, total int64)
	// CellSales asks for Result.CellSales: each cell's baseline units sold
	// over the reported days, mean over replicates.
	CellSales bool

	// inspect, if not nil, sees every store-day's per-cell flows (tests).
	inspect func(*flows)
}

// Groups returns the groups results are reported for: the estate, then each
// region, format, category and DC, in index order.
func Groups(e *Estate, r *Range) []Group {
	gs := []Group{{EstateGroup, "all"}}
	for _, n := range e.Regions {
		gs = append(gs, Group{RegionGroup, n})
	}
	for _, f := range e.Formats {
		gs = append(gs, Group{FormatGroup, f.Name})
	}
	for _, c := range r.Categories {
		gs = append(gs, Group{CategoryGroup, c.Name})
	}
	for _, d := range e.DCs {
		gs = append(gs, Group{DCGroup, d.ID})
	}
	return gs
}

// worker is one goroutine's scratch: it simulates whole stores, one at a
// time, and sums their metrics into its own accumulators.
type worker struct {
	en         *engine
	st         *state
	p          Params
	cLost      []float64 // per category: lost share of the five-way split
	cDSD       []float64 // per category: the share of supply delivered direct (Category.DSD x Params.DSDShare)
	lostCat    []int64   // per category: today's lost units x weight (basket)
	cDelay     []float64 // per category: lost + delay share
	mode       []uint8   // per category: today's ordering mode
	core       bool      // some category orders its core range by hand today
	dow        int       // today's weekday, Monday = 0
	slot       int       // today's row of state.Pipe
	dcRow      int       // the store's class x DC row of per-SKU arrays (state.Fill, req)
	dcCatRow   int       // and of per-category arrays (state.FullCat)
	kD, kA     uint64    // today's keys of the store's demand and allocation streams,
	kS, kU     uint64    // and of its order and substitution streams
	kF         uint64    // the store's key of the central forecast error (allocError)
	tot        [nRaw]int64
	groupSales [4]int64
	acc        [][]int64 // per run: days x groups x nRaw
	req        []int64   // per class x DC x SKU: units ordered today x wScale
	dcReq      []int64   // scratch of dcOne: per class x SKU, req summed over workers
	f0, f1     []float64 // scratch of dcOne: per SKU fill fractions
	runSold    []int64   // per cell: baseline units sold (Options.CellSales)
	cellSold   []int64   // runSold on the days it counts, else nil
	dayOf      int       // the day pd and dmod hold
	keepLast   bool      // today's orders are kept in state.Last
	pd         []float64 // per profile: today's weekday weight
	dmod       [maxTrackedLife + 1]int32
	sum        [nRaw + 1]int64 // the block's sums; sum[rUnmet]: unmet demand
	b          block           // the block being stepped

	// Per cell of a block: the kernels' scratch (see block), with room
	// for a vector kernel's last group of sixteen.
	dem, recv, waste, own []int32
	lost, del, sub, shr   []int32
	rnd                   []uint64
	cum                   []float64
	slowJ                 []int32   // draws left to the Poisson search: cells
	slowMu                []float64 // and their means
	gm                    []float32 // drawSIMD: the cells' gamma multipliers
	slowU                 []float64 // drawSIMD: the undecided draws' uniforms,
	slowM                 []int64   // their exponents in expNeg,
	slowT                 []float64 // their expNeg table entries,
	slowK                 []int32   // and their draws
	ebuf                  []int32   // vector kernels: stock expiring before an order arrives
	outBits               []uint16  // sellSIMD, per group of eight cells: in stock at opening (low byte), frozen (high byte)
	trace                 *flows
	inspect               func(*flows)
}

// runner runs the sweep of one scenario.
type runner struct {
	en          *engine
	st          *state
	snapA       *state
	snapB       *state
	workers     []*worker
	opt         Options
	done, total int64
	cellSold    []int64
	runs        int
	dd          dcDay           // today, for the DCs' step
	dcFn        func(g, dc int) // ru.dcOne, bound once (a method value allocates)
}

// Run simulates sc on the estate e and range r: the baseline and each
// recovery time of sc.Recovery, sc.Replicates times, and returns the
// daily metrics. It stops early with ctx's error if ctx is cancelled.
//
// The recovery times share their common prefix: every run is identical
// until the outage starts, and every outage run until the shortest
// recovery ends, so that part is simulated once and the state copied.
//
// Run is RunSums over every replicate followed by what Assemble does, so
// a sweep split into parts and assembled from their sums gives the same
// Result.
func Run(ctx context.Context, e *Estate, r *Range, sc Scenario, opt Options) (*Result, error) {
	t0 := time.Now()
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	res := NewResult(sc, Groups(e, r), append([]int{0}, sc.Recovery...), sc.Days, sc.Replicates)
	se := make([]float64, len(res.Recovery))
	c, cs, err := runSums(ctx, e, r, sc, opt, 0, sc.Replicates, func(rep int, s Sums) error {
		res.addReplicate(rep, s, se)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.finish(c, se)
	res.CellSales = cs
	res.Elapsed = time.Since(t0)
	return res, nil
}

// Counts are the size of a simulated part of a sweep, as Result records
// them: Cells and CellDays add up over parts that split the stores, and
// CellDays over parts that split the replicates. In quick mode, where each
// replicate simulates its own sample of stores, Cells is the cells of
// every replicate's sample summed over all the sweep's replicates (also
// those the part does not run, so that it is the same in every block of
// replicates), and Result.Cells that over the replicates; Stores is the
// stores a replicate simulates (of the whole estate's design, the same in
// every part), and StoresFull the estate's.
type Counts struct {
	Cells, CellsFull   int
	CellDays           int64
	Stores, StoresFull int
}

// RunSums simulates replicates [from, to) of sc on e and r, exactly as Run
// does, and passes each replicate's raw sums to emit, in replicate order.
// The Sums passed are reused after emit returns; emit copies what it
// keeps. Replicate rep's random numbers depend only on sc, rep and each
// store's index in e, never on from and to, so the replicates can be run
// in any number of parts. A Range that gives some stores no cells
// simulates only the others; as stores interact only through their DC,
// the sums of parts that split the estate by DC (each with every store of
// its DCs) add up to the whole estate's. In quick mode the sample of
// stores is drawn over the range a part was cut from (Range.OnlyStores),
// so a part simulates the whole run's sampled stores of its DCs.
func RunSums(ctx context.Context, e *Estate, r *Range, sc Scenario, opt Options, from, to int, emit func(rep int, s Sums) error) (Counts, error) {
	if err := sc.Validate(); err != nil {
		return Counts{}, err
	}
	if from < 0 || to > sc.Replicates || from >= to {
		return Counts{}, fmt.Errorf("model: replicates [%d, %d) out of range for %d replicates", from, to, sc.Replicates)
	}
	opt.CellSales = false
	c, _, err := runSums(ctx, e, r, sc, opt, from, to, emit)
	return c, err
}

// runSums is RunSums; with opt.CellSales it also returns Result.CellSales
// over replicates [from, to).
func runSums(ctx context.Context, e *Estate, r *Range, sc Scenario, opt Options, from, to int, emit func(rep int, s Sums) error) (Counts, []float64, error) {
	if err := e.Validate(); err != nil {
		return Counts{}, nil, err
	}
	if err := r.Validate(e); err != nil {
		return Counts{}, nil, err
	}
	en, err := newEngine(e, r, &sc)
	if err != nil {
		return Counts{}, nil, err
	}
	if en.sampled {
		return runSampled(ctx, e, r, en, opt, from, to, emit)
	}
	ru := newRunner(en, opt)
	ru.total = int64(to-from) * int64(en.nStores) * int64(ru.daysPerReplicate())
	s := make(Sums, ru.runs*sc.Days*en.nGroups*NumSums)
	for rep := from; rep < to; rep++ {
		if err := ru.replicate(ctx, rep, en.params(rep)); err != nil {
			return Counts{}, nil, err
		}
		ru.collect(s)
		if err := emit(rep, s); err != nil {
			return Counts{}, nil, err
		}
	}
	c := Counts{
		Cells: en.nCells, CellsFull: en.cellsFull,
		CellDays: int64(to-from) * int64(en.nCells) * int64(ru.daysPerReplicate()),
		Stores:   en.nStores, StoresFull: en.nStores,
	}
	var cs []float64
	if opt.CellSales {
		cs = make([]float64, en.cellsFull)
		for i := range cs {
			cs[i] = math.NaN()
		}
		for i, v := range ru.cellSold {
			cs[en.orig[i]] = float64(v) / float64(to-from)
		}
	}
	return c, cs, nil
}

// newRunner allocates the state, snapshots and workers of a run.
func newRunner(en *engine, opt Options) *runner {
	sc := &en.sc
	nw := opt.Workers
	if nw <= 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	nw = max(1, min(nw, en.nStores))
	ru := &runner{en: en, opt: opt, runs: 1 + len(sc.Recovery)}
	ru.dcFn = ru.dcOne
	ru.st = newState(en)
	if len(sc.Recovery) > 0 {
		ru.snapA = newState(en)
	}
	if len(sc.Recovery) > 1 {
		ru.snapB = newState(en)
	}
	if opt.CellSales {
		ru.cellSold = make([]int64, en.nCells)
	}
	maxCells := 0 // over the full ranges, so that any sample of stores fits (use)
	for s := range en.nStores {
		maxCells = max(maxCells, en.fullStart[s+1]-en.fullStart[s])
	}
	for range nw {
		pad := maxCells + 16
		w := &worker{
			en: en, st: ru.st,
			cLost:   make([]float64, en.nCats),
			cDelay:  make([]float64, en.nCats),
			cDSD:    make([]float64, en.nCats),
			lostCat: make([]int64, en.nCats),
			mode:    make([]uint8, en.nCats),
			req:     make([]int64, 2*en.nDCs*en.nSKUs),
			dcReq:   make([]int64, 2*en.nSKUs),
			f0:      make([]float64, en.nSKUs),
			f1:      make([]float64, en.nSKUs),
			acc:     make([][]int64, ru.runs),
			dem:     make([]int32, pad),
			recv:    make([]int32, pad),
			waste:   make([]int32, pad),
			own:     make([]int32, pad),
			lost:    make([]int32, pad),
			del:     make([]int32, pad),
			sub:     make([]int32, pad),
			shr:     make([]int32, pad),
			rnd:     make([]uint64, pad),
			cum:     make([]float64, pad),
			slowJ:   make([]int32, pad),
			slowMu:  make([]float64, pad),
			runSold: ru.cellSold,
			inspect: opt.inspect,
			pd:      make([]float64, len(en.profiles)),
			dayOf:   -1,
		}
		if useSIMD {
			w.gm, w.slowU, w.slowM = make([]float32, pad), make([]float64, pad), make([]int64, pad)
			w.slowT, w.slowK, w.ebuf = make([]float64, pad), make([]int32, pad), make([]int32, pad)
			w.outBits = make([]uint16, maxCells/8+1)
		}
		for i := range w.acc {
			w.acc[i] = make([]int64, sc.Days*en.nGroups*nRaw)
		}
		if opt.inspect != nil {
			w.trace = &flows{}
		}
		ru.workers = append(ru.workers, w)
	}
	return ru
}

// groupSE returns the random-groups standard error of a run's total lost
// sales (£): each of the 4 groups, scaled by 4, estimates the whole.
func groupSE(run, base []float64) float64 {
	var est [4]float64
	mean := 0.0
	for g := range 4 {
		est[g] = 4 * (base[g] - run[g])
		mean += est[g] / 4
	}
	v := 0.0
	for _, x := range est {
		v += (x - mean) * (x - mean)
	}
	return math.Sqrt(v / (4 * 3))
}

// daysPerReplicate counts the days simulated per replicate, after sharing.
func (ru *runner) daysPerReplicate() int { return sweepDays(&ru.en.sc) }

// params draws replicate rep's uncertain parameters.
func (en *engine) params(rep int) Params { return drawParams(&en.sc, rep) }

// drawParams draws replicate rep's uncertain parameters under sc, over the
// replicates as a Latin hypercube (draws.go).
func drawParams(sc *Scenario, rep int) Params {
	u := sc.Uncertainty
	k := key(sc.Seed, rep, 0, 0, streamParams)
	i := uint64(0)
	draw := func(point float64, r [2]float64) float64 {
		i++
		if u.Off || r[0] == r[1] && r[0] == 0 {
			return point
		}
		return r[0] + (r[1]-r[0])*lhsUnit(sc.Seed, i, rep, sc.Replicates, unit53(bits(k, i))) // draws.go
	}
	return Params{
		LostShare:      draw(1, u.LostShare),
		SalesPosted:    draw(sc.Records.SalesPosted, u.SalesPosted),
		ReceiptsPosted: draw(sc.Records.ReceiptsPosted, u.ReceiptsPosted),
		Surge:          draw(sc.Restart.Surge, u.Surge),
		SupplierFill:   draw(sc.Restart.SupplierFill, u.SupplierFill),
		DCCapacity:     draw(sc.Outage.DCCapacity, u.DCCapacity),
		Churn:          draw(sc.Shoppers.Churn, u.Churn),
		DSDShare:       draw(1, u.DSDShare),
		GapScans:       draw(sc.Records.GapScans, u.GapScans),
		AllocError:     draw(sc.Outage.AllocError, u.AllocError),
		Basket:         draw(sc.Shoppers.Basket, u.Basket),
	}
}

// response returns the cumulative lost and lost+delay shares of category
// cat under replicate parameters p.
func (en *engine) response(r Response, p Params) (lost, delay float64) {
	if r == (Response{}) {
		r = en.sc.Shoppers.Response
	}
	l := r.Elsewhere + r.NoBuy
	sub := r.SameBrand + r.OtherBrand
	nl := math.Min(l*p.LostShare, l+sub)
	return nl, math.Min(1, nl+r.Delay)
}

// replicate simulates one replicate: the shared prefix, each recovery time
// (sharing the outage days with the longer ones), then the baseline.
func (ru *runner) replicate(ctx context.Context, rep int, p Params) error {
	en := ru.en
	for _, w := range ru.workers {
		w.p = p
		for c := range en.nCats {
			w.cLost[c], w.cDelay[c] = en.response(en.cats[c].Response, p)
			w.cDSD[c] = min(1, en.cats[c].DSD*p.DSDShare)
		}
		for _, a := range w.acc {
			clear(a)
		}
	}
	nw := len(ru.workers)
	ru.st.reset(en, nw)
	ru.st.phase(en, rep, nw)
	t0 := min(en.warm+en.sc.Outage.StartDay, en.days)
	if err := ru.sim(ctx, rep, 0, t0, 0, 0); err != nil {
		return err
	}
	// A saved state is resumed by swapping it in (ru.swap), not copied
	// back: a copy of the state is memory bound and costs several days'
	// simulation of the estate.
	rec := en.sc.Recovery
	if len(rec) > 0 {
		ru.snapA.copyFrom(ru.st, nw)
		prev := 0
		for i, R := range rec {
			end := min(t0+R, en.days)
			if err := ru.sim(ctx, rep, min(t0+prev, en.days), end, i+1, R); err != nil {
				return err
			}
			last := i == len(rec)-1
			if !last {
				ru.snapB.copyFrom(ru.st, nw)
			}
			if err := ru.sim(ctx, rep, end, en.days, i+1, R); err != nil {
				return err
			}
			if !last {
				ru.swap(&ru.snapB)
			}
			prev = R
		}
		ru.swap(&ru.snapA)
	}
	return ru.sim(ctx, rep, t0, en.days, 0, 0)
}

// swap makes the state saved in *snap the current state (ru.st, which the
// workers step), and the current state the spare in *snap.
func (ru *runner) swap(snap **state) {
	ru.st, *snap = *snap, ru.st
	for _, w := range ru.workers {
		w.st = ru.st
	}
}

// sim simulates days [from, to) of run idx (recovery time R), in parallel
// over stores, with the DC step after each day.
func (ru *runner) sim(ctx context.Context, rep, from, to, idx, R int) error {
	en := ru.en
	dys := make([]day, len(ru.workers))
	n := en.steppedStores() // quick mode: the sample's
	for d := from; d < to; d++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		for g, w := range ru.workers {
			dys[g] = day{d: d, rep: rep, R: R, acc: w.acc[idx], record: d >= en.warm, base: idx == 0}
		}
		// Stores eight at a time: a worker's next stores follow in memory.
		fanOut(len(ru.workers), n, 8, func(g, i int) { ru.workers[g].step(en.storeAt(i), &dys[g]) })
		ru.dcStep(d, R)
		ru.done += int64(n)
		if ru.opt.Progress != nil {
			ru.opt.Progress(ru.done, ru.total)
		}
	}
	return nil
}

func (w *worker) inspectFlows(f *flows) {
	if w.inspect != nil {
		w.inspect(f)
	}
}

// collect sums the workers' accumulators of the replicate just simulated
// into s, per run, reported day and group: a run's day before its own
// part of the sweep began is the day of the run it shared it with.
func (ru *runner) collect(s Sums) {
	en := ru.en
	t0 := en.sc.Outage.StartDay
	rec := en.sc.Recovery
	clear(s)
	for run := range ru.runs {
		for day := range en.sc.Days {
			src := run
			if run > 0 {
				if day < t0 {
					src = 0
				} else {
					for i := 1; i < run; i++ {
						if day < t0+rec[i-1] {
							src = i
							break
						}
					}
				}
			}
			for g := range en.nGroups {
				off := (day*en.nGroups + g) * nRaw
				dst := s[((run*en.sc.Days+day)*en.nGroups+g)*NumSums:][:NumSums]
				for _, w := range ru.workers {
					for m, v := range w.acc[src][off : off+nRaw] {
						dst[m] += v
					}
				}
			}
		}
	}
}
