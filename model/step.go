package model

import (
	"math"
	"slices"
)

// day is what the step needs to know about the day being simulated.
type day struct {
	d      int // simulated day, 0 = first warm-up day
	rep    int
	R      int // recovery time of the run being simulated; 0 = no outage
	acc    []int64
	record bool
	base   bool // the baseline run (for Options.CellSales)
}

// step simulates one day of store s: THE daily step, in the order of events
// of doc.go. Each category's cells are one block (a store's category); the
// kernels below run over it one after another, each a loop over the
// block's cells in its own file (see kernels.go). A kernel may have a
// vector twin (GOEXPERIMENT=simd builds) with the same signature and the
// same results; b.k says which set runs.
func (w *worker) step(s int, dy *day) {
	en, st := w.en, w.st
	lo, hi := en.start[s], en.start[s+1]
	if lo == hi {
		return
	}
	d := dy.d
	w.today(s, dy)
	if w.trace != nil {
		w.trace.reset(s, d, lo, hi)
		w.trace.R = dy.R
	}
	cycleCount(w, s) // 0. counts
	gapScan(w, s)    // 0. gap scans

	var demand, unmet int64
	clear(w.tot[:])
	clear(w.lostCat)
	for cat := range en.nCats {
		b, ok := w.block(s, cat)
		if !ok {
			continue
		}
		if w.trace != nil {
			copy(w.trace.open[b.clo-lo:], b.shelf)
		}
		b.k.receive(b)           // 0. yesterday's orders as the DC filled them, 1. receive, 2. age
		b.k.draw(b)              // 4. demand draws (used by 4-6)
		b.k.sell(b)              // 3. open, 4. sell, 5. the five-way split
		b.k.record(b)            // 6. shrink and records, 7. zero-sales counts
		b.k.orders(b)            // 8. orders
		substitute(w, b, s, cat) // 5. substitution (its pool's rates: poolRates)
		demand += b.sum[rDemand]
		unmet += b.sum[rUnmet]
		w.lostCat[cat] = b.sum[rLost]
		if w.trace != nil {
			w.trace.block(b, lo)
		}
		if dy.record {
			w.recordBlock(b, s, cat, dy)
		}
	}
	if w.core {
		coreOrders(w, s) // 8. the manual core range
	}
	st.Traffic[s] = traffic(&en.sc.Shoppers, w.p.Churn, st.Traffic[s], demand, unmet) // 9.
	st.Basket[s] = en.basket(s, w.p.Basket, w.lostCat)                                // 9. spend moved in the basket
	if dy.record {
		w.recordStore(s, dy)
	}
	clear(w.groupSales[:])
	if w.trace != nil {
		w.trace.cohorts(en, st, d)
		w.inspectFlows(w.trace)
	}
}

// today sets the worker's per-store-day values: the categories' ordering
// modes, the weekday, the ring slots, and the per-day tables.
func (w *worker) today(s int, dy *day) {
	en := w.en
	d := dy.d
	inScope := en.inScope[s]
	w.core = false
	for cat := range en.nCats {
		w.mode[cat] = en.modeOf(cat, inScope, d, dy.R)
		w.core = w.core || w.mode[cat] == modeCore
	}
	w.dow = (en.dow0 + d) % 7
	// The Repeat fallback repeats the last order placed before the outage
	// starts: later orders need not be kept.
	w.keepLast = w.st.Last != nil && d < en.warm+en.sc.Outage.StartDay
	class := 0
	if en.storePri[s] {
		class = 1
	}
	w.dcRow = (class*en.nDCs + int(en.storeDC[s])) * en.nSKUs
	w.dcCatRow = (class*en.nDCs + int(en.storeDC[s])) * en.nCats
	seed, rep := en.sc.Seed, dy.rep
	w.kD = key(seed, rep, s, d, streamDemand)
	w.kA = key(seed, rep, s, d, streamAlloc)
	w.kS = key(seed, rep, s, d, streamOrder)
	w.kU = key(seed, rep, s, d, streamSubst)
	w.kF = key(seed, rep, s, 0, streamForecast)
	w.cellSold = nil
	if dy.base && dy.record {
		w.cellSold = w.runSold
	}
	if w.dayOf != d {
		// Per-day tables: profile weights today and d mod shelf life.
		w.dayOf = d
		for i, pr := range en.profiles {
			w.pd[i] = float64(pr[w.dow])
		}
		for L := 1; L < len(w.dmod); L++ {
			w.dmod[L] = int32(d % L)
		}
	}
	w.slot = d % pipeSlots
	w.dayBlock(s, d)
}

// recordBlock adds a block's sums to today's metrics of its category and
// to the store's total.
func (w *worker) recordBlock(b *block, s, cat int, dy *day) {
	en := w.en
	a := b.sum
	a[rSold] = a[rOwn] + a[rSubIn]
	a[rTraffic] = int64(math.Round(b.traffic*1e4)) * a[rCells]
	dst := dy.acc[w.mbase(dy)+(en.gCat+cat)*nRaw:][:nRaw]
	for r, v := range a[:nRaw] {
		dst[r] += v
		w.tot[r] += v
	}
}

// recordStore adds the store's total (its categories were added by
// recordBlock) to the estate, its region, format and DC.
func (w *worker) recordStore(s int, dy *day) {
	en := w.en
	for g, v := range w.groupSales {
		w.tot[rSalesG0+g] = v
	}
	groups := [4]int{0, en.gRegion + int(en.storeRegion[s]), en.gFormat + int(en.storeFormat[s]), en.gDC + int(en.storeDC[s])}
	for _, g := range groups {
		dst := dy.acc[w.mbase(dy)+g*nRaw:][:nRaw]
		for r, v := range w.tot {
			dst[r] += v
		}
	}
}

// mbase is the offset of today's metrics in dy.acc.
func (w *worker) mbase(dy *day) int { return (dy.d - w.en.warm) * w.en.nGroups * nRaw }

// flows are one store-day's per-cell flows, filled when tracing (tests).
type flows struct {
	store, day                        int
	R                                 int // the run's recovery time (0: the baseline)
	cells                             []int
	open, recv, sold, waste, shrink   []int32
	close, demand, own, subOut, subIn []int32
	deferred, lost                    []int32
	book                              []int32
	order, want                       []int32 // cases ordered; what the final book asks for (-1: not the system's order day)
	cohort, late                      []int32 // perishable cells: stock in the cohorts; in rows past the shelf life (-1: not perishable)
	walk, failed                      int32   // pool-level losses of substitution attempts
	vec                               int     // blocks the vector kernels ran
}

func (f *flows) reset(s, d, lo, hi int) {
	n := hi - lo
	f.store, f.day = s, d
	f.cells = f.cells[:0]
	for i := lo; i < hi; i++ {
		f.cells = append(f.cells, i)
	}
	for _, p := range []*[]int32{&f.open, &f.recv, &f.sold, &f.waste, &f.shrink, &f.close, &f.demand, &f.own, &f.subOut, &f.subIn, &f.deferred, &f.lost, &f.book, &f.order, &f.want, &f.cohort, &f.late} {
		*p = slices.Grow((*p)[:0], n)[:n]
		clear(*p)
	}
	f.walk, f.failed, f.vec = 0, 0, 0
}

// block copies a block's outcomes from its kernels' scratch, after the
// substitution; lo is the store's first cell.
func (f *flows) block(b *block, lo int) {
	x0 := b.clo - lo
	for j := range b.m {
		x := x0 + j
		c := &b.cells[j]
		sp := &b.skus[c.sku]
		f.recv[x], f.waste[x], f.shrink[x] = b.recv[j], b.waste[j], b.shr[j]
		f.demand[x], f.own[x], f.deferred[x], f.lost[x], f.subOut[x] = b.dem[j], b.own[j], b.del[j], b.lost[j], b.sub[j]
		f.sold[x] = f.own[x] + f.subIn[x]
		f.close[x], f.book[x] = b.shelf[j], b.book[j]
		f.order[x], f.want[x] = int32(b.creq[j]), -1
		if b.auto && sp.orderDays&b.dowBit != 0 {
			f.want[x] = int32(sp.order(c.orderUpTo - position(c.coff, int32(c.cstr), sp, b.book[j], b.onOrder[j], b.cohort, b.dmod)))
		}
	}
	if b.vec {
		f.vec++
	}
}

// cohorts sums each perishable cell's stock in its cohorts, and the part in
// rows past its shelf life, at the end of day d.
func (f *flows) cohorts(en *engine, st *state, d int) {
	lo := f.cells[0]
	for x := range f.cohort {
		f.cohort[x], f.late[x] = -1, -1
		c := &en.cell[lo+x]
		if c.coff < 0 {
			continue
		}
		sp := &en.sku[c.sku]
		f.cohort[x], f.late[x] = 0, 0
		for k := range sp.ring {
			// Row k holds what expires on d+k+1 (mod ring).
			v := int32(st.Cohort[int(c.coff)+int((d+1+int(k))%int(sp.ring))*int(c.cstr)])
			f.cohort[x] += v
			if k >= sp.life {
				f.late[x] += v
			}
		}
	}
}
