package model

// The daily step's kernels. Each is a loop over a block (one store's
// category on one day) in a file named for its mechanism; its doc comment
// states what the loop does for one cell, and it is the specification.
// A kernel whose vector twin pays for itself has one beside it (file
// *_simd.go, GOEXPERIMENT=simd builds), with the same signature and the
// same results (TestKernelsSIMD names the first cell and field where they
// differ): the build and the block choose (b.k), not the caller.
//
//	kernel     file          events (doc.go)
//	receive    perish.go     0. the DC's allocation of yesterday's orders,
//	                         1. receive, 2. age
//	draw       demand.go     4. the demand draws
//	sell       shoppers.go   3. open, 4. sell, 5. the five-way split
//	record     records.go    6. shrink and the book, 7. zero-sales counts
//	poolRates  substitute.go 5. the substitution pool's cumulative rates
//	                         (run by substitute, on a block with attempts)
//	orders     replenish.go  8. the system's (or the fallback's) orders
//
// The store-level steps are plain functions: cycleCount (records.go),
// substitute (substitute.go), coreOrders (replenish.go), traffic
// (traffic.go).

// kernels is one implementation of each kernel.
type kernels struct {
	receive, draw, sell, record, poolRates, orders func(*block)
}

// plain is the specification: the kernels in plain Go.
var plain = kernels{
	receive:   receive,
	draw:      draw,
	sell:      sell,
	record:    record,
	poolRates: poolRates,
	orders:    orders,
}

// block is one store's category on one day: its cells' parameters and
// state, resliced to its m cells (so the kernels' loops need no bounds
// checks), what the day decides for it, and the scratch in which one
// kernel leaves per-cell outcomes for the next. Sums are added to sum
// (weight units, see wScale) and groupSales.
type block struct {
	k            *kernels
	vec, vecDraw bool // the vector twins take the block (SIMD builds only)
	clo, m       int  // cells clo to clo+m-1 of the estate
	n            int  // cells of the estate: the stride of state.Pipe and state.Ret rows
	d            int  // simulated day
	cells        []cellParam
	skus         []skuParam // every SKU
	mode         uint8      // ordering mode (modeAuto or the outage fallback)
	auto         bool       // mode == modeAuto
	pendOn       bool       // the system is back, with outage flows to post (state.Pend)
	dowBit       uint8      // today's weekday bit (skuParam.orderDays)
	catDays      uint8      // the weekdays some SKU of the category orders (engine.catDays)
	dmod         *[maxTrackedLife + 1]int32
	kA, kD, kS   uint64    // keys of the allocation, demand and order streams
	kF           uint64    // key of the store's central forecast error (allocError)
	fill         []float32 // per SKU: the DC's fill fraction of yesterday's orders
	req          []int64   // per SKU: units ordered today x wScale, for the DC
	pd           float64   // the category's weekday weight today (vector draw)
	pdAll        []float64 // per profile: today's weekday weight
	traffic      float64   // the store's traffic
	demandX      float64   // the store's demand multiplier: traffic x (1 + basket uplift)
	gq           []float32 // gamma quantile tables (engine.gq)
	p            *Params   // the replicate's parameters
	sc           *Scenario
	keepLast     bool // orders are kept in last (the Repeat fallback)
	cLost        float64
	cDelay       float64
	dsd          float64 // the share of today's supply suppliers deliver direct (0: all through the DC)
	shelf, book  []int32
	onOrder      []int32
	pipe         []int16 // state.Pipe, every row
	pipeIn       []int16 // today's row, the block's cells
	ret          []uint64
	retIn        []uint64 // today's slot's word, the block's cells: bits rsh to rsh+15
	rslot        int
	rsh          uint
	delayW       int
	creq         []int16
	pend         []float32
	zrun         []uint8
	last         []int16 // nil without the Repeat fallback
	cohort       []int16 // state.Cohort, every store
	rgroup       []uint8
	gmask        uint8   // engine.gmask
	cellSold     []int64 // nil, or per cell of the estate: units sold
	// Vector-kernel facts: perishable with one shelf life (engine.catUniform),
	// its cohorts a block from cb; state.CohLo; the category's lead time (-1:
	// mixed); the DC ships the category in full (state.FullCat).
	perish bool
	cb     int32
	cohLo  *int32
	lead   int32
	full   bool

	// Per cell, from the kernels: random bits and demand (draw; sell adds
	// returning demand); units received, wasted (receive); sold from the
	// own shelf, lost, deferred, to the substitution pool (sell); shrunk
	// (record); the pool's cumulative rates (poolRates).
	rnd                      []uint64
	dem, recv, waste         []int32
	own, lost, del, sub, shr []int32
	cum                      []float64
	slowJ                    []int32
	slowMu                   []float64
	sum                      *[nRaw + 1]int64
	groupSales               *[4]int64
	gaps                     int     // cells without stock at opening (sell)
	pool                     int32   // substitution attempts (sell)
	poolW                    int64   // and their weights summed
	total                    float64 // the pool's rates summed (poolRates)
	expire                   []int32 // vector twins: stock expiring before an order arrives (recordSIMD, for ordersSIMD)
	outBits                  []uint16
	w                        *worker
}

// block prepares store s's category cat for today (after today), or
// reports that it has no cells. The block is the worker's: its fields for
// the store-day are set by today, and the category's here, one by one
// (not a struct literal: its copy would be a memmove with write barriers
// per block).
func (w *worker) block(s, cat int) (*block, bool) {
	en, st := w.en, w.st
	cs := en.catStart[s*(en.nCats+1):]
	clo, chi := int(cs[cat]), int(cs[cat+1])
	if clo == chi {
		return nil, false
	}
	n, m := en.nCells, chi-clo
	b := &w.b
	b.clo, b.m = clo, m
	b.cells = en.cell[clo:chi]
	b.mode = w.mode[cat]
	b.auto = b.mode == modeAuto
	sc := s*en.nCats + cat
	b.pendOn = b.auto && st.pendCat[sc]
	st.pendCat[sc] = !b.auto
	b.cLost, b.cDelay, b.dsd = w.cLost[cat], w.cDelay[cat], w.cDSD[cat]
	if !b.auto && en.sc.Outage.DSDAffected {
		b.dsd = 0
	}
	b.shelf, b.book, b.onOrder = st.Shelf[clo:chi], st.Book[clo:chi], st.OnOrder[clo:chi]
	b.pipeIn = st.Pipe[w.slot*n+clo : w.slot*n+chi]
	b.retIn = st.Ret[b.rslot/4*n+clo : b.rslot/4*n+chi]
	b.creq, b.pend, b.zrun = st.Req[clo:chi], st.Pend[clo:chi], st.ZRun[clo:chi]
	if st.Last != nil {
		b.last = st.Last[clo:chi]
	}
	b.rgroup = en.rgroup[clo:chi]
	b.perish, b.cb, b.cohLo = en.catUniform[cat], en.catCoh[sc], &st.CohLo[sc]
	b.lead, b.full, b.catDays = en.catLead[cat], st.FullCat[w.dcCatRow+cat], en.catDays[cat]
	b.rnd, b.dem, b.recv, b.waste = w.rnd[:m], w.dem[:m], w.recv[:m], w.waste[:m]
	b.own, b.lost, b.del, b.sub, b.shr = w.own[:m], w.lost[:m], w.del[:m], w.sub[:m], w.shr[:m]
	b.cum, b.slowJ, b.slowMu = w.cum[:m], w.slowJ[:m], w.slowMu[:m]
	b.gaps, b.pool, b.poolW, b.total = 0, 0, 0, 0
	clear(w.sum[:])
	w.sum[rCells] = en.catW[sc]
	b.pd = w.pd[cat]
	b.vecDraw = useSIMD && m >= simdMin && en.catProfiles
	b.vec = useSIMD && m >= simdMin && en.simd.pass && b.auto && !b.pendOn && (en.catAmbient[cat] || en.catUniform[cat])
	b.k = &plain
	if b.vec || b.vecDraw {
		b.k = &vector
	}
	return b, true
}

// dayBlock sets the block's fields that hold for the store-day.
func (w *worker) dayBlock(s, d int) {
	en, st := w.en, w.st
	b := &w.b
	b.w, b.n, b.d = w, en.nCells, d
	b.skus, b.dmod, b.dowBit, b.gmask = en.sku, &w.dmod, uint8(1)<<w.dow, en.gmask
	b.kA, b.kD, b.kS, b.kF = w.kA, w.kD, w.kS, w.kF
	b.fill, b.req = st.Fill[w.dcRow:][:en.nSKUs], w.req[w.dcRow:][:en.nSKUs]
	b.pdAll, b.traffic, b.gq, b.p, b.sc = w.pd, st.Traffic[s], en.gq, &w.p, &en.sc
	b.demandX = st.Traffic[s] * (1 + st.Basket[s])
	b.keepLast, b.cellSold = w.keepLast, w.cellSold
	b.pipe, b.ret, b.cohort = st.Pipe, st.Ret, st.Cohort
	b.rslot = d % (en.delayW + 1)
	b.rsh, b.delayW = uint(16*(b.rslot%4)), en.delayW
	b.sum, b.groupSales, b.expire, b.outBits = &w.sum, &w.groupSales, w.ebuf, w.outBits
}
