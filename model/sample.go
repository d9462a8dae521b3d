package model

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Quick mode simulates, in each replicate, a sample of the estate's stores
// at their full range, and weights them up to the estate. A store is
// simulated exactly as at full resolution (its random numbers are keyed
// by its index in the estate), so substitution, gap density, the manual
// core range, traffic and every kernel see whole categories and whole
// stores; what sampling changes is which stores the DCs serve and how many
// stores each stands for.
//
// The design, for a sample of n stores per replicate (n a multiple of 4):
//
//   - Strata: the stores in the outage's scope, and the others (a partial
//     outage's lost sales come from the first). The stores out of scope
//     get a quarter or less of the sample (at least 4 stores), the rest go
//     to the stores in scope.
//   - In each stratum, stores are listed by priority, format and size,
//     and drawn systematically with probability proportional to size
//     (PPS; Cochran 1977, "Sampling Techniques", 3rd ed., section 9A.13):
//     a random start and a fixed step along their cumulative sizes.
//     Sorting the list first stratifies the sample implicitly by its keys,
//     chosen for what a store's lost sales per £ of its size vary with:
//     its format (a supermarket loses a larger share of its sales than a
//     convenience store), and within a format its size (a larger store's
//     shelves hold fewer days of its demand). Its region and DC explain
//     little of that variance (on the default estate, 2-6% at every
//     recovery time), so they only break ties. What neither explains is
//     each store's own chance: in a 3-day outage a store's lost share of
//     sales correlates at only 0.2 between two seeds (0.9 at 14 days and
//     more), so short outages' sampling error is mostly that.
//   - Size: the store's expected sales (rate x price summed over its
//     range), so a store's weight, 1/(its inclusion probability), is
//     inversely proportional to its sales, and lost sales, which grow
//     with a store's sales, are estimated with little variance. A store as large as the step is taken in every replicate,
//     with weight 1.
//   - Rotation: replicate r starts at (u + r)/R of the step (u uniform,
//     R replicates), so the replicates' samples interleave: together they
//     are one systematic sample R times as large, and no store is drawn
//     twice unless it is larger than a replicate's step divided by R.
//   - Random groups: the j-th store drawn in a stratum is in group j mod
//     4, so each group is itself a systematic sample with four times the
//     step; the spread of the four groups' estimates gives each
//     replicate's sampling error (Wolter 2007, "Introduction to Variance
//     Estimation", chapter 2). Stores taken with certainty add no
//     sampling error; their cells are spread over the groups by a hash.
//
// Because each replicate draws its own stores, the replicates' spread (the
// P10-P90 bands) includes the sample's error as well as the uncertain
// parameters and demand noise, and the mean over replicates has the
// sampling error of all R x n stores: Result.SampleSE is that error of the
// mean, and Result.SampleSERep one replicate's, the part of a band's width
// that is sampling.

// quickMode is the engine's quick-mode state: the design, and the
// replicate whose stores the engine holds.
type quickMode struct {
	design *design
	rep    int
	stores []int32 // the stores simulated, in index order; nil = every store
	group  []int8  // per store: its random group, or -1 (certainty, or not sampled)
	dcUsed []bool  // per DC: serves a store of the sample; nil = every DC
}

// dcIdle reports whether DC dc serves no store the engine simulates: its
// step can be skipped, as no store orders from it or reads its fill.
func (en *engine) dcIdle(dc int) bool {
	return en.quick.dcUsed != nil && !en.quick.dcUsed[dc]
}

// design is quick mode's sample: per replicate, the stores drawn.
type design struct {
	reps    [][]pick
	dcCases []float64 // per DC: its demand at full resolution (dcCases)
}

// pick is a store drawn into a replicate's sample.
type pick struct {
	store int32
	wq    int32 // weight x wScale
	group int8  // random group 0-3, or -1: taken with certainty
}

// sampleStores returns the number of stores a replicate simulates for a
// sample share f of the estate's n stores: f x n rounded, then down to a
// multiple of 4 (the random groups), at least 4.
func sampleStores(f float64, n int) int {
	k := int(math.Round(f * float64(n)))
	return min(n, max(4, k/4*4))
}

// storeSizes returns each store's expected sales a day (£ at shelf price):
// its cells' rates times their SKUs' prices, the PPS size.
func storeSizes(r *Range) []float64 {
	n := len(r.Start) - 1
	size := make([]float64, n)
	for s := range n {
		for c := r.Start[s]; c < r.Start[s+1]; c++ {
			size[s] += float64(r.Rate[c]) * r.SKUs[r.SKU[c]].Price
		}
	}
	return size
}

// sweepDays returns the days one replicate of sc simulates after the runs
// share their common prefix: the days before the outage once, the baseline
// after it, and each recovery time from where the previous one ended.
func sweepDays(sc *Scenario) int {
	days := sc.WarmupDays + sc.Days
	t0 := min(sc.WarmupDays+sc.Outage.StartDay, days)
	n := t0 + (days - t0) // prefix + baseline
	prev := 0
	for _, R := range sc.Recovery {
		n += days - min(days, t0+prev)
		prev = R
	}
	return n
}

// QuickSample returns the share of the estate's stores (Scenario.Sample)
// that each replicate of sc simulates so that the whole run takes about
// cellDays store-SKU-days of work: 1 (the full estate, no sampling) when
// the full run fits, else the share of as many stores as fit, counting a
// store's cells as the size-weighted mean (the sample favours large
// stores), at least 8.
func QuickSample(e *Estate, r *Range, sc Scenario, cellDays int64) float64 {
	n := len(e.Stores)
	per := int64(max(1, sc.Replicates)) * int64(sweepDays(&sc))
	if n == 0 || int64(r.Cells())*per <= cellDays {
		return 1
	}
	size := storeSizes(r)
	var tot, wc float64
	for s := range n {
		tot += size[s]
		wc += size[s] * float64(r.Start[s+1]-r.Start[s])
	}
	cells := float64(r.Cells()) / float64(n)
	if tot > 0 {
		cells = wc / tot
	}
	k := int(float64(cellDays) / (float64(per) * max(cells, 1)))
	k = max(8, k/4*4)
	if k >= n {
		return 1
	}
	return float64(k) / float64(n)
}

// newDesign draws quick mode's sample of stores for every replicate.
func newDesign(e *Estate, r *Range, sc *Scenario, inScope []bool) *design {
	ns := len(e.Stores)
	n := sampleStores(sc.Sample, ns)
	size := storeSizes(r)
	mean := 0.0
	for _, v := range size {
		mean += v / float64(ns)
	}
	for s := range size {
		// A store that sells nothing still counts in availability: give
		// it a small size, so it can be drawn.
		size[s] = max(size[s], 0.01*mean, 1e-9)
	}
	var strata [2][]int32 // in scope, out of scope
	var tot [2]float64
	for s := range ns {
		h := 0
		if !inScope[s] {
			h = 1
		}
		strata[h] = append(strata[h], int32(s))
		tot[h] += size[s]
	}
	alloc := [2]int{n, 0}
	switch {
	case len(strata[0]) == 0:
		alloc = [2]int{0, n}
	case len(strata[1]) > 0:
		share := tot[1] / (tot[0] + tot[1])
		alloc[1] = 4 * max(1, int(float64(n/4)*share/4))
		alloc[0] = max(4, n-alloc[1])
	}
	d := &design{reps: make([][]pick, sc.Replicates), dcCases: dcCases(e, r)}
	for h, list := range strata {
		if len(list) == 0 || alloc[h] == 0 {
			continue
		}
		slices.SortStableFunc(list, func(a, b int32) int {
			sa, sb := &e.Stores[a], &e.Stores[b]
			if sa.Priority != sb.Priority {
				if sa.Priority {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(sa.Format, sb.Format), cmp.Compare(size[a], size[b]),
				cmp.Compare(sa.Region, sb.Region), cmp.Compare(sa.DC, sb.DC), cmp.Compare(a, b))
		})
		u := unit53(bits(key(sc.Seed, 0, h, 0, streamSample), 0))
		for rep, picks := range ppsSystematic(list, size, alloc[h], sc.Replicates, u) {
			d.reps[rep] = append(d.reps[rep], picks...)
		}
	}
	return d
}

// ppsSystematic draws, for each of reps replicates, a systematic sample
// with probability proportional to size of n stores from list (in its
// order), starting at (u+rep)/reps of the step. Stores at least as large
// as the step are taken with certainty; the others' count is kept a
// multiple of 4.
func ppsSystematic(list []int32, size []float64, n, reps int, u float64) [][]pick {
	cert := make([]bool, len(list))
	nc := 0
	var rest float64
	var k int // stores drawn by PPS
	var step float64
	for {
		rest = 0
		for i, s := range list {
			if !cert[i] {
				rest += size[s]
			}
		}
		k = (n - nc) / 4 * 4
		if len(list)-nc <= k || k <= 0 {
			// Every store left fits: take them all.
			for i := range cert {
				cert[i] = true
			}
			nc, k = len(list), 0
			break
		}
		step = rest / float64(k)
		more := false
		for i, s := range list {
			if !cert[i] && size[s] >= step {
				cert[i], nc, more = true, nc+1, true
			}
		}
		if !more {
			break
		}
	}
	out := make([][]pick, reps)
	for rep := range reps {
		var picks []pick
		for i, s := range list {
			if cert[i] {
				picks = append(picks, pick{store: s, wq: wScale, group: -1})
			}
		}
		if k > 0 {
			x := (u + float64(rep)) / float64(reps) * step // the next point
			cum, j := 0.0, 0
			for i, s := range list {
				if cert[i] {
					continue
				}
				cum += size[s]
				for j < k && x < cum {
					w := step / size[s]
					picks = append(picks, pick{store: s, wq: int32(math.Round(w * wScale)), group: int8(j % 4)})
					j++
					x += step
				}
			}
		}
		out[rep] = picks
	}
	return out
}

// forReplicate returns the engine of replicate rep's sample: a copy of en
// that shares its per-SKU and per-store tables and has rep's stores'
// cells.
func (en *engine) forReplicate(e *Estate, r *Range, rep int) (*engine, error) {
	c := *en
	c.quick.rep = rep
	c.simd = simdCells{}
	if err := c.cells(e, r); err != nil {
		return nil, err
	}
	c.buildSIMD()
	c.dcs(e)
	c.scaleDCs(e)
	return &c, nil
}

// scaleDCs scales each DC's pick capacity by the ratio of the demand, in
// cases a day, of the stores the sample gives it (weighted) to that of all
// the stores it serves. A replicate's sample gives a DC one or two stores
// that stand for many, so its weighted demand is an estimate that can be
// half or twice the true one; the capacity, a fixed number of cases, would
// then bind twice as often or never. Scaled, the DC's load (demand over
// capacity) is the full estate's, and its rationing starts when it would.
// The DC's stock targets follow the sampled demand already (dcs).
func (en *engine) scaleDCs(e *Estate) {
	d := en.quick.design
	for dc := range en.nDCs {
		var got float64
		for k := range en.nSKUs {
			got += float64(en.dcDaily[dc*en.nSKUs+k]) / wScale / float64(en.sku[k].casepack)
		}
		if full := d.dcCases[dc]; full > 0 && en.dcCap[dc] > 0 {
			en.dcCap[dc] = max(1, int64(math.Round(e.DCs[dc].PickCapacity*wScale*got/full)))
		}
	}
}

// dcCases returns each DC's demand at full resolution, in cases a day: its
// stores' rates over their SKUs' case packs, summed.
func dcCases(e *Estate, r *Range) []float64 {
	out := make([]float64, len(e.DCs))
	for s, st := range e.Stores {
		for c := r.Start[s]; c < r.Start[s+1]; c++ {
			out[st.DC] += float64(r.Rate[c]) / float64(max(r.SKUs[r.SKU[c]].CasePack, 1))
		}
	}
	return out
}

// steppedStores returns the number of stores the engine simulates.
func (en *engine) steppedStores() int {
	if en.quick.stores != nil {
		return len(en.quick.stores)
	}
	return en.nStores
}

// storeAt returns the index in the estate of the i-th store simulated.
func (en *engine) storeAt(i int) int {
	if en.quick.stores != nil {
		return int(en.quick.stores[i])
	}
	return i
}

// use makes the runner simulate en (another replicate's sample), with
// fresh states of its size.
func (ru *runner) use(en *engine) {
	ru.en = en
	ru.st = newState(en)
	if ru.snapA != nil {
		ru.snapA = newState(en)
	}
	if ru.snapB != nil {
		ru.snapB = newState(en)
	}
	if ru.cellSold != nil {
		ru.cellSold = make([]int64, en.nCells)
	}
	for _, w := range ru.workers {
		w.en, w.st, w.runSold = en, ru.st, ru.cellSold
	}
}

// cells builds the per-cell arrays: every store's full range, or in quick
// mode the full ranges of the replicate's sample of stores, with weights.
func (en *engine) cells(e *Estate, r *Range) error {
	sc := &en.sc
	en.sampled = sc.Sample > 0 && sc.Sample < 1
	en.start = make([]int, en.nStores+1)
	if en.sampled {
		en.sampledCells(e, r)
	} else {
		en.quick.stores, en.quick.group, en.quick.dcUsed = nil, nil, nil
		en.nCells = r.Cells()
		copy(en.start, r.Start)
		en.cell = make([]cellParam, en.nCells)
		en.orig = make([]int32, en.nCells)
		for i := range en.cell {
			en.orig[i], en.cell[i].wq = int32(i), wScale
		}
	}
	n := en.nCells
	en.rgroup = make([]uint8, n)
	en.gq = make([]float32, len(gammaLevels)<<gammaBits)
	for i := range gammaSize {
		en.gq[i] = 1 // level 0, Poisson: a multiplier of 1 (drawSIMD)
	}
	en.catStart = make([]int32, en.nStores*(en.nCats+1))
	en.catW = make([]int64, en.nStores*en.nCats)
	en.catCoh = make([]int32, en.nStores*en.nCats)
	en.coreLimit = make([]int32, en.nStores)
	z := sc.Replenish.SafetyZ

	// The stores' cells are built in parallel (fanOut), each store
	// writing only its own; first the cohort rows each store needs, so
	// that its offsets are known.
	nw := runtime.GOMAXPROCS(0)
	cohAt := make([]int, en.nStores+1)
	fanOut(nw, en.nStores, 1, func(_, s int) {
		x := 0
		for i := en.start[s]; i < en.start[s+1]; i++ {
			if sp := &en.sku[r.SKU[en.orig[i]]]; sp.life > 0 {
				x += int(sp.ring)
			}
		}
		cohAt[s+1] = x
	})
	for s := range en.nStores {
		cohAt[s+1] += cohAt[s]
	}
	en.nCohort = cohAt[en.nStores]
	haveGamma := make([][]bool, nw) // per goroutine of fanOut
	for g := range haveGamma {
		haveGamma[g] = make([]bool, len(gammaLevels))
	}
	errs := make([]error, en.nStores)
	fanOut(nw, en.nStores, 1, func(g, s int) {
		errs[s] = en.storeCells(e, r, s, z, cohAt[s], haveGamma[g])
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for t := range gammaLevels {
		for g := range haveGamma {
			if t != 0 && haveGamma[g][t] {
				copy(en.gq[t<<gammaBits:(t+1)<<gammaBits], gammaTable(uint8(t)))
				break
			}
		}
	}
	en.dcNeed(e, r)
	en.dcActive()
	en.basketPrices()
	if en.needCore != 0 {
		return en.corePriority(r, nw)
	}
	return nil
}

// sampledCells lays out the cells of the replicate's sample of stores
// (en.quick.rep), each cell weighted by its store's weight.
func (en *engine) sampledCells(e *Estate, r *Range) {
	if en.quick.design == nil {
		en.quick.design = newDesign(e, r.design(), &en.sc, en.inScope)
	}
	picks := slices.Clone(en.quick.design.reps[en.quick.rep])
	slices.SortFunc(picks, func(a, b pick) int { return cmp.Compare(a.store, b.store) })
	// Within a replicate a store is drawn at most once: the points are
	// a step apart, and a store as large as the step is taken with
	// certainty.
	// A store without cells in r (a part of the estate, OnlyStores)
	// is not simulated, and its DC only if another store needs it.
	en.quick.stores = make([]int32, 0, len(picks))
	en.quick.group = make([]int8, en.nStores)
	for s := range en.quick.group {
		en.quick.group[s] = -1
	}
	en.quick.dcUsed = make([]bool, en.nDCs)
	wq := make([]int32, en.nStores)
	for _, p := range picks {
		if r.Start[p.store+1] == r.Start[p.store] {
			continue
		}
		en.quick.stores = append(en.quick.stores, p.store)
		en.quick.group[p.store] = p.group
		en.quick.dcUsed[e.Stores[p.store].DC] = true
		wq[p.store] = p.wq
	}
	for s := range en.nStores {
		n := 0
		if wq[s] > 0 {
			n = r.Start[s+1] - r.Start[s]
		}
		en.start[s+1] = en.start[s] + n
	}
	en.nCells = en.start[en.nStores]
	en.cell = make([]cellParam, en.nCells)
	en.orig = make([]int32, en.nCells)
	for s := range en.nStores {
		for i := en.start[s]; i < en.start[s+1]; i++ {
			en.orig[i] = int32(r.Start[s] + i - en.start[s])
			en.cell[i].wq = wq[s]
		}
	}
}

// storeCells builds store s's cells' parameters, category offsets and
// cohort offsets (from x); used records the gamma levels its cells need.
func (en *engine) storeCells(e *Estate, r *Range, s int, z float64, x int, used []bool) error {
	sc := &en.sc
	lo, hi := en.start[s], en.start[s+1]
	scale := e.Formats[e.Stores[s].Format].ShelfScale
	if scale <= 0 {
		scale = 1
	}
	group := int8(-1)
	if en.quick.group != nil {
		group = en.quick.group[s]
	}
	cs := en.catStart[s*(en.nCats+1) : (s+1)*(en.nCats+1)]
	for i := lo; i < hi; i++ {
		o := en.orig[i]
		k := r.SKU[o]
		en.cell[i].sku = k
		en.cell[i].rate = r.Rate[o]
		if group >= 0 {
			en.rgroup[i] = uint8(group)
		} else {
			en.rgroup[i] = uint8(bits(key(sc.Seed, 0, s, int(k), streamSample), 1) >> 62)
		}
		cat := int(en.skuCat[k])
		if r.Profile != nil {
			en.cell[i].prof = int32(en.nCats) + r.Profile[o]
		} else {
			en.cell[i].prof = int32(cat)
		}
		kc := r.Categories[cat].Dispersion
		if r.Dispersion != nil {
			kc = float64(r.Dispersion[o])
		}
		en.cell[i].ktab = gammaLevel(kc)
		used[en.cell[i].ktab] = true
	}
	// category offsets
	cat := 0
	cs[0] = int32(lo)
	for i := lo; i < hi; i++ {
		for int(en.skuCat[en.cell[i].sku]) > cat {
			cat++
			cs[cat] = int32(i)
		}
	}
	for cat++; cat <= en.nCats; cat++ {
		cs[cat] = int32(hi)
	}
	for i := lo; i < hi; i++ {
		en.catW[s*en.nCats+int(en.skuCat[en.cell[i].sku])] += int64(en.cell[i].wq)
	}
	for i := lo; i < hi; i++ {
		k := en.cell[i].sku
		mu := float64(en.cell[i].rate)
		en.cell[i].orderUpTo = orderUpTo(mu, gammaLevels[en.cell[i].ktab], &en.sku[k], r.SKUs[k].ShelfCap, scale, z, sc.Replenish.CoverDays.of(en.skuClass[k]))
		if sc.Records.ZeroRunUnits > 0 && mu > 0 {
			en.cell[i].zth = uint8(math.Min(255, math.Max(2, math.Ceil(sc.Records.ZeroRunUnits/mu))))
		}
		en.cell[i].coff = -1
	}
	// Cohorts: a block per category of the store's perishable cells,
	// ring rows of them (state.Cohort).
	for cat := range en.nCats {
		np, L := 0, int32(0)
		for i := cs[cat]; i < cs[cat+1]; i++ {
			if sp := &en.sku[en.cell[i].sku]; sp.life > 0 {
				np++
				L = sp.ring
			}
		}
		if np > math.MaxUint16 {
			return fmt.Errorf("model: store %s has %d perishable SKUs in category %q; at most %d are supported",
				e.Stores[s].ID, np, r.Categories[cat].Name, math.MaxUint16)
		}
		en.catCoh[s*en.nCats+cat] = -1
		if np > 0 {
			en.catCoh[s*en.nCats+cat] = int32(x)
		}
		x0 := x
		for i := cs[cat]; i < cs[cat+1]; i++ {
			if en.sku[en.cell[i].sku].life > 0 {
				en.cell[i].coff, en.cell[i].cstr = int32(x), uint16(np)
				x++
			}
		}
		x = x0 + np*int(L)
	}
	en.coreLimit[s] = int32(math.Round(sc.Outage.CoreShare * float64(hi-lo)))
	return nil
}

// runSampled is runSums in quick mode. Each replicate has its own sample
// of a few stores, too few to share out over the workers day by day (each
// day ends with the DCs' step, which waits for every store), so the
// replicates run side by side instead, one runner of one worker each, each
// on its replicate's engine (forReplicate). A replicate's sums are emitted
// in replicate order: one finished before those below it waits for them,
// so what emit sees does not depend on the number of workers.
func runSampled(ctx context.Context, e *Estate, r *Range, en0 *engine, opt Options, from, to int, emit func(rep int, s Sums) error) (Counts, []float64, error) {
	sc := &en0.sc
	nw := opt.Workers
	if nw <= 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	nw = max(1, min(nw, to-from))
	ctx2, stop := context.WithCancel(ctx)
	defer stop()
	sr := &sampledRun{
		ctx: ctx2, stop: stop, e: e, r: r, en0: en0, opt: opt, to: to, emit: emit,
		size:     (1 + len(sc.Recovery)) * sc.Days * en0.nGroups * NumSums,
		total:    int64(to-from) * int64(en0.steppedStores()) * int64(sweepDays(sc)),
		pending:  map[int]Sums{},
		nextEmit: from,
	}
	sr.next.Store(int64(from))
	if opt.CellSales {
		sr.sold, sr.seen = make([]int64, en0.cellsFull), make([]int32, en0.cellsFull)
	}
	var wg sync.WaitGroup
	for range nw {
		wg.Go(sr.work)
	}
	wg.Wait()
	if sr.firstErr != nil {
		if err := ctx.Err(); err != nil {
			return Counts{}, nil, err
		}
		return Counts{}, nil, sr.firstErr
	}
	if err := ctx.Err(); err != nil {
		return Counts{}, nil, err
	}
	return sr.counts(), sr.cellSales(), nil
}

// sampledRun is what runSampled's goroutines share: the replicates to
// take (next, up to to), the progress, the finished replicates' sums
// waiting for their turn to be emitted, the cells' sales, and the first
// error. mu guards everything below it but the atomics.
type sampledRun struct {
	ctx   context.Context
	stop  context.CancelFunc
	e     *Estate
	r     *Range
	en0   *engine
	opt   Options
	to    int
	emit  func(rep int, s Sums) error
	size  int   // the length of one replicate's Sums
	total int64 // the work of every replicate, store-days

	next      atomic.Int64 // the next replicate to take
	cancelled atomic.Bool

	mu       sync.Mutex
	done     int64
	pending  map[int]Sums // finished replicates not yet emitted
	spare    []Sums
	nextEmit int
	firstErr error
	cellDays int64
	sold     []int64 // per cell of the estate: units sold, summed over replicates
	seen     []int32 // per cell of the estate: the replicates that simulated it
}

// work runs replicates, one after another, until none is left or the run
// is cancelled.
func (sr *sampledRun) work() {
	var ru *runner
	for !sr.cancelled.Load() {
		rep := int(sr.next.Add(1)) - 1
		if rep >= sr.to {
			return
		}
		en, err := sr.en0.forReplicate(sr.e, sr.r, rep)
		if err != nil {
			sr.fail(err)
			return
		}
		ru = sr.runnerFor(ru, en)
		if err := ru.replicate(sr.ctx, rep, en.params(rep)); err != nil {
			sr.fail(err)
			return
		}
		sr.finish(ru, en, rep)
	}
}

// fail records err (the first one is returned) and cancels the run.
func (sr *sampledRun) fail(err error) {
	sr.mu.Lock()
	if sr.firstErr == nil {
		sr.firstErr = err
	}
	sr.mu.Unlock()
	sr.cancelled.Store(true)
	sr.stop()
}

// runnerFor returns a runner of one worker on en, ru reused if not nil,
// whose progress adds to the run's.
func (sr *sampledRun) runnerFor(ru *runner, en *engine) *runner {
	var last int64
	o := sr.opt
	o.Workers = 1
	o.Progress = func(d, _ int64) {
		sr.mu.Lock()
		sr.done += d - last
		last = d
		if sr.opt.Progress != nil {
			sr.opt.Progress(sr.done, sr.total)
		}
		sr.mu.Unlock()
	}
	if ru == nil {
		return newRunner(en, o)
	}
	ru.use(en)
	ru.opt, ru.done = o, 0
	return ru
}

// finish collects replicate rep's sums and cell sales from ru, then emits,
// in replicate order, every finished replicate whose turn has come.
func (sr *sampledRun) finish(ru *runner, en *engine, rep int) {
	sr.mu.Lock()
	var buf Sums
	if n := len(sr.spare); n > 0 {
		buf, sr.spare = sr.spare[n-1], sr.spare[:n-1]
	} else {
		buf = make(Sums, sr.size)
	}
	sr.mu.Unlock()
	ru.collect(buf)
	sr.mu.Lock()
	defer sr.mu.Unlock()
	sr.cellDays += int64(en.nCells) * int64(sweepDays(&sr.en0.sc))
	for i, v := range ru.cellSold {
		sr.sold[en.orig[i]] += v
		sr.seen[en.orig[i]]++
	}
	sr.pending[rep] = buf
	for sr.firstErr == nil {
		b, ok := sr.pending[sr.nextEmit]
		if !ok {
			break
		}
		delete(sr.pending, sr.nextEmit)
		if err := sr.emit(sr.nextEmit, b); err != nil {
			sr.firstErr = err
			sr.cancelled.Store(true)
			sr.stop()
		}
		sr.spare = append(sr.spare, b)
		sr.nextEmit++
	}
}

// counts returns the run's counts: the estate's, the work done, and the
// sample's stores and cells (a replicate's, the first's).
func (sr *sampledRun) counts() Counts {
	en0 := sr.en0
	c := Counts{CellsFull: en0.cellsFull, CellDays: sr.cellDays, StoresFull: en0.nStores}
	d := en0.quick.design
	c.Stores = len(d.reps[0])
	for _, picks := range d.reps {
		for _, p := range picks {
			c.Cells += sr.r.Start[p.store+1] - sr.r.Start[p.store]
		}
	}
	return c
}

// cellSales returns, with Options.CellSales, each cell's baseline units
// sold, mean over the replicates that simulated it (NaN: none did).
func (sr *sampledRun) cellSales() []float64 {
	if !sr.opt.CellSales {
		return nil
	}
	cs := make([]float64, sr.en0.cellsFull)
	for i := range cs {
		cs[i] = math.NaN()
		if sr.seen[i] > 0 {
			cs[i] = float64(sr.sold[i]) / float64(sr.seen[i])
		}
	}
	return cs
}
