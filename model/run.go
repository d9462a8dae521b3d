package model

import (
	"context"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
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
	st         *State
	p          Params
	cLost      []float64 // per category: lost share of the five-way split
	cDelay     []float64 // per category: lost + delay share
	mode       []uint8   // per category: today's ordering mode
	tot        [nRaw]int64
	groupSales [4]int64
	cum        []float64 // per cell of the category: the substitution pool's cumulative rates
	acc        [][]int64 // per run: days x groups x nRaw
	req        []int64   // per class x DC x SKU: units ordered today x wScale
	dcReq      []int64   // scratch of dcOne: per class x SKU, req summed over workers
	f0, f1     []float64 // scratch of dcOne: per SKU fill fractions
	cellSold   []int64
	dayOf      int       // the day pd and dmod hold
	keepLast   bool      // today's orders are kept in State.Last (step)
	pd         []float64 // per profile: today's weekday weight
	dmod       [maxTrackedLife + 1]int32
	sum        [nRaw + 1]int64 // the category's sums; sum[rUnmet]: unmet demand
	dem        []int32         // per cell of the category: demand drawn
	rnd        []uint64        // per cell of the category: its random bits
	gm         []float32       // per cell of the category: its gamma multiplier (drawSIMD)
	slowU      []float64       // drawSIMD: the undecided draws' uniforms,
	slowM      []int64         // their exponents in expNeg,
	slowT      []float64       // their expNeg table entries,
	slowK      []int32         // and their draws
	ebuf       []int32         // passSIMD, per cell of the category: stock expiring before an order arrives
	out        [6][]int32      // passSIMD, per cell of the category: units sold, lost, deferred, to substitute, wasted; sold and shrunk
	outBits    []uint16        // passSIMD, per group of eight cells: in stock at opening (low byte), frozen (high byte)
	slowJ      []int32         // draws left to the Poisson search: cells
	slowMu     []float64       // and their means
	trace      *flows
	inspect    func(*flows)
}

// runner runs the sweep of one scenario.
type runner struct {
	en          *engine
	st          *State
	snapA       *State
	snapB       *State
	workers     []*worker
	opt         Options
	done, total int64
	cellSold    []int64
	runs        int
}

// Run simulates sc on the estate e and range r: the baseline and each
// recovery time of sc.Recovery, sc.Replicates times, and returns the
// daily metrics. It stops early with ctx's error if ctx is cancelled.
//
// The recovery times share their common prefix: every run is identical
// until the outage starts, and every outage run until the shortest
// recovery ends, so that part is simulated once and the state copied.
func Run(ctx context.Context, e *Estate, r *Range, sc Scenario, opt Options) (*Result, error) {
	t0 := time.Now()
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := r.Validate(e); err != nil {
		return nil, err
	}
	en, err := newEngine(e, r, &sc)
	if err != nil {
		return nil, err
	}
	recovery := append([]int{0}, sc.Recovery...)
	res := NewResult(sc, Groups(e, r), recovery, sc.Days, sc.Replicates)
	if en.sampled {
		if err := runSampled(ctx, e, r, en, res, opt); err != nil {
			return nil, err
		}
		res.Elapsed = time.Since(t0)
		return res, nil
	}
	ru := newRunner(en, opt)
	ru.total = int64(sc.Replicates) * int64(en.nStores) * int64(ru.daysPerReplicate())
	sums := make([]float64, 4*ru.runs)
	se := make([]float64, ru.runs)
	for rep := range sc.Replicates {
		p := en.params(rep)
		res.Params[rep] = p
		if err := ru.replicate(ctx, rep, p); err != nil {
			return nil, err
		}
		ru.collect(res, rep, sums)
		for run := range ru.runs {
			se[run] += groupSE(sums[4*run:4*run+4], sums[0:4])
		}
	}
	res.Cells, res.CellsFull = en.nCells, en.cellsFull
	res.Stores, res.StoresFull = en.nStores, en.nStores
	res.CellDays = ru.cellDays()
	if sc.Sample > 0 && sc.Sample < 1 {
		res.SampleSE = make([]float64, ru.runs)
		for run := range se {
			res.SampleSE[run] = se[run] / float64(sc.Replicates)
		}
	}
	if opt.CellSales {
		res.CellSales = make([]float64, en.cellsFull)
		for i := range res.CellSales {
			res.CellSales[i] = math.NaN()
		}
		for i, v := range ru.cellSold {
			res.CellSales[en.orig[i]] = float64(v) / float64(sc.Replicates)
		}
	}
	res.Elapsed = time.Since(t0)
	return res, nil
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
		w := &worker{
			en: en, st: ru.st,
			cLost:    make([]float64, en.nCats),
			cDelay:   make([]float64, en.nCats),
			mode:     make([]uint8, en.nCats),
			req:      make([]int64, 2*en.nDCs*en.nSKUs),
			dcReq:    make([]int64, 2*en.nSKUs),
			f0:       make([]float64, en.nSKUs),
			f1:       make([]float64, en.nSKUs),
			acc:      make([][]int64, ru.runs),
			dem:      make([]int32, maxCells+16), // +16: the SIMD code's last group
			rnd:      make([]uint64, maxCells+16),
			gm:       make([]float32, maxCells+16),
			slowU:    make([]float64, maxCells+16),
			slowM:    make([]int64, maxCells+16),
			slowT:    make([]float64, maxCells+16),
			slowK:    make([]int32, maxCells+16),
			ebuf:     make([]int32, maxCells+16),
			outBits:  make([]uint16, maxCells/8+1),
			slowJ:    make([]int32, maxCells+16),
			slowMu:   make([]float64, maxCells+16),
			cum:      make([]float64, maxCells+16),
			cellSold: ru.cellSold,
			inspect:  opt.inspect,
			pd:       make([]float64, len(en.profiles)),
			dayOf:    -1,
		}
		for i := range w.acc {
			w.acc[i] = make([]int64, sc.Days*en.nGroups*nRaw)
		}
		if useSIMD {
			for i := range w.out {
				w.out[i] = make([]int32, maxCells+16)
			}
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

func (ru *runner) cellDays() int64 {
	return int64(ru.en.sc.Replicates) * int64(ru.en.nCells) * int64(ru.daysPerReplicate())
}

// params draws replicate rep's uncertain parameters, over the replicates
// as a Latin hypercube (draws.go).
func (en *engine) params(rep int) Params {
	sc := &en.sc
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
		}
		for _, a := range w.acc {
			clear(a)
		}
	}
	nw := len(ru.workers)
	ru.st.reset(en, nw)
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
func (ru *runner) swap(snap **State) {
	ru.st, *snap = *snap, ru.st
	for _, w := range ru.workers {
		w.st = ru.st
	}
}

// sim simulates days [from, to) of run idx (recovery time R), in parallel
// over stores, with the DC step after each day.
func (ru *runner) sim(ctx context.Context, rep, from, to, idx, R int) error {
	en := ru.en
	const chunk = 8
	n := en.steppedStores() // quick mode: the sample's
	for d := from; d < to; d++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		for _, w := range ru.workers {
			dy := &day{d: d, rep: rep, R: R, acc: w.acc[idx], record: d >= en.warm, base: idx == 0}
			wg.Go(func() {
				for {
					s0 := int(next.Add(chunk)) - chunk
					if s0 >= n {
						return
					}
					for i := s0; i < min(s0+chunk, n); i++ {
						w.step(en.storeAt(i), dy)
					}
				}
			})
		}
		wg.Wait()
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

// collect turns replicate rep's raw sums into Result values. sums receives
// each run's estate sales by random group (pence).
func (ru *runner) collect(res *Result, rep int, sums []float64) {
	en := ru.en
	t0 := en.sc.Outage.StartDay
	rec := en.sc.Recovery
	raw := make([]int64, nRaw)
	vals := make([]float64, NumMetrics)
	baseSales := make([]float64, en.sc.Days*en.nGroups)
	baseMargin := make([]float64, en.sc.Days*en.nGroups)
	clear(sums)
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
				clear(raw)
				off := (day*en.nGroups + g) * nRaw
				for _, w := range ru.workers {
					for m, v := range w.acc[src][off : off+nRaw] {
						raw[m] += v
					}
				}
				metrics(vals, raw)
				if run == 0 {
					baseSales[day*en.nGroups+g] = vals[SalesValue]
					baseMargin[day*en.nGroups+g] = float64(raw[rMargin]) / wScale / 100
				}
				vals[LostSales] = baseSales[day*en.nGroups+g] - vals[SalesValue]
				vals[LostMargin] = baseMargin[day*en.nGroups+g] - float64(raw[rMargin])/wScale/100
				for m, v := range vals {
					res.Set(run, g, Metric(m), day, rep, v)
				}
				if g == 0 {
					for gi := range 4 {
						sums[4*run+gi] += float64(raw[rSalesG0+gi]) / wScale / 100
					}
				}
			}
		}
	}
}

// metrics converts raw sums to metric values (LostSales and LostMargin are
// set by the caller).
func metrics(v []float64, raw []int64) {
	ratio := func(a, b int64) float64 {
		if b == 0 {
			return 100
		}
		return 100 * float64(a) / float64(b)
	}
	units := func(x int64) float64 { return float64(x) / wScale }
	v[Availability] = ratio(raw[rAvail], raw[rCells])
	v[FillRate] = ratio(raw[rOwn], raw[rDemand])
	v[Demand] = units(raw[rDemand])
	v[Sales] = units(raw[rSold])
	v[SalesValue] = units(raw[rSales]) / 100
	v[Substituted] = units(raw[rSubIn])
	v[Deferred] = units(raw[rDeferred])
	v[Lost] = units(raw[rLost])
	v[Waste] = units(raw[rWaste])
	v[WasteValue] = units(raw[rWasteV]) / 100
	v[FrozenLines] = units(raw[rFrozen])
	v[Backlog] = units(raw[rUnfilled])
	v[Traffic] = 100
	if raw[rCells] > 0 {
		v[Traffic] = float64(raw[rTraffic]) / float64(raw[rCells]) / 100
	}
}
