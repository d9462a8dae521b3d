package model

import (
	"math"
	"slices"
)

// Raw metrics: int64 sums in weight units (x wScale), per run, day and
// group. Result's metrics are computed from them in collect.
const (
	rCells    = iota // cells
	rAvail           // cells with shelf stock at opening
	rDemand          // units demanded
	rOwn             // units served from the SKU's own shelf
	rSold            // units sold (own + substitutes)
	rSales           // pence of sales
	rMargin          // pence of gross margin
	rSubIn           // units sold as substitutes
	rDeferred        // units of demand delayed
	rLost            // units of demand lost
	rWaste           // units wasted
	rWasteV          // pence written off
	rFrozen          // cells with phantom stock under automatic ordering
	rUnfilled        // cases ordered and not picked
	rTraffic         // traffic x 1e4, per cell
	rSalesG0         // pence of sales in random group 0..3 (estate only)
	nRaw      = rSalesG0 + 4
	rUnmet    = nRaw // units of demand unmet (step only)
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

// flows are one store-day's per-cell flows, filled when tracing (tests).
type flows struct {
	store, day                        int
	cells                             []int
	open, recv, sold, waste, shrink   []int32
	close, demand, own, subOut, subIn []int32
	deferred, lost                    []int32
	book                              []int32
	order, want                       []int32 // cases ordered; what the final book asks for (-1: not the system's order day)
	cohort, late                      []int32 // perishable cells: stock in the cohorts; in rows past the shelf life (-1: not perishable)
	walk, failed                      int32   // pool-level losses of substitution attempts
}

// step simulates one day of store s: THE daily step. The order of events is
// documented in doc.go; each numbered comment below is one of them.
//
// It is the hot loop. Per category: the demand draws; one pass over the
// cells that does each cell's whole day in order (allocation, receive, age,
// open, sell, the five-way split, shrink, records, counts, orders); then the
// substitution pool, whose sales (a few per cent of sales) are recorded
// against the cells that make them (subSale), correcting their records and
// orders. Cells are independent within the pass. The state arrays are
// resliced to the category so the compiler drops their bounds checks, and
// the metrics are summed in the worker's array. Outcomes that are random
// (does the draw need the Poisson search, did the line sell, is shrink
// taken) are computed with arithmetic rather than branches where that is
// cheap: the processor mispredicts a branch on random data.
func (w *worker) step(s int, dy *day) {
	en, st, p := w.en, w.st, &w.p
	sc := &en.sc
	d := dy.d
	n := en.nCells
	lo, hi := en.start[s], en.start[s+1]
	if lo == hi {
		return
	}
	inScope := en.inScope[s]
	for cat := range en.nCats {
		w.mode[cat] = en.modeOf(cat, inScope, d, dy.R)
	}
	dow := (en.dow0 + d) % 7
	dowBit := uint8(1) << dow
	slot := d % pipeSlots
	rslot := d % (en.delayW + 1)
	rsh := uint(16 * (rslot % 4)) // today's slot in its word (State.Ret)
	dc := int(en.storeDC[s])
	class := 0
	if en.storePri[s] {
		class = 1
	}
	seed, rep := sc.Seed, dy.rep
	// The Repeat fallback repeats the last order placed before the outage
	// starts: later orders need not be kept.
	w.keepLast = st.Last != nil && d < en.warm+sc.Outage.StartDay
	traffic := st.Traffic[s]
	if w.dayOf != d {
		// Per-day tables: profile weights today and d mod shelf life.
		w.dayOf = d
		for i, pr := range en.profiles {
			w.pd[i] = float64(pr[dow])
		}
		for L := 1; L < len(w.dmod); L++ {
			w.dmod[L] = int32(d % L)
		}
	}
	pd := w.pd
	tr := w.trace
	if tr != nil {
		tr.reset(s, d, lo, hi)
	}

	kA := key(seed, rep, s, d, streamAlloc)
	// skus, fill and req have one length, so one bounds check on a SKU
	// index covers all three.
	nk := en.nSKUs
	fill := st.Fill[(class*en.nDCs+dc)*nk:][:nk]
	req := w.req[(class*en.nDCs+dc)*nk:][:nk]

	// 0. The rolling cycle count: CountsPerDay lines a day reset book to
	// shelf, where the system is up.
	// The cells counted run from the store's pointer, wrapping; they are
	// taken a category's run at a time (cells are in category order), so
	// that a cell's category is not looked up.
	if nc := int(math.Round(float64(sc.Records.CountsPerDay) * float64(hi-lo) / float64(max(1, en.fullCells(s))))); nc > 0 {
		cs := en.catStart[s*(en.nCats+1):][:en.nCats+1]
		ptr := int(st.Count[s])
		for left := nc; left > 0; {
			end := min(hi-lo, ptr+left)
			for cat := range en.nCats {
				a, b := max(int(cs[cat]), lo+ptr), min(int(cs[cat+1]), lo+end)
				if a < b && w.mode[cat] == modeAuto {
					copy(st.Book[a:b], st.Shelf[a:b])
				}
			}
			left -= end - ptr
			if ptr = end; ptr == hi-lo {
				ptr = 0
			}
		}
		st.Count[s] = int32(ptr)
	}

	kD := key(seed, rep, s, d, streamDemand)
	kS := key(seed, rep, s, d, streamOrder)
	shrink := sc.Records.Shrink
	cellSold := w.cellSold
	if !dy.base || !dy.record {
		cellSold = nil
	}
	skus := en.sku[:nk]
	gq := en.gq
	cohort := st.Cohort
	dmod := &w.dmod
	core := false
	var demandAll, unmetAll int64
	mbase := (d - en.warm) * en.nGroups * nRaw // today's metrics, if recorded
	tot := &w.tot                              // the store's total
	clear(tot[:])
	for cat := range en.nCats {
		cs := en.catStart[s*(en.nCats+1):]
		clo, chi := int(cs[cat]), int(cs[cat+1])
		if clo == chi {
			continue
		}
		mode := w.mode[cat]
		auto := mode == modeAuto
		core = core || mode == modeCore
		pendFlag := &st.pendCat[s*en.nCats+cat]
		pendOn := auto && *pendFlag
		*pendFlag = !auto
		cLost, cDelay := w.cLost[cat], w.cDelay[cat]

		// The category's cells and state.
		cells := en.cell[clo:chi]
		m := len(cells)
		shelf := st.Shelf[clo:chi][:m]
		book := st.Book[clo:chi][:m]
		onOrder := st.OnOrder[clo:chi][:m]
		pipeIn := st.Pipe[slot*n+clo : slot*n+chi][:m]
		retIn := st.Ret[rslot/4*n+clo : rslot/4*n+chi][:m] // today's slot: bits rsh to rsh+15
		creq := st.Req[clo:chi][:m]
		pend := st.Pend[clo:chi][:m]
		zrun := st.ZRun[clo:chi][:m]
		rgroup := en.rgroup[clo:chi][:m]

		// 4. Demand draws, for the whole category first: rate x weekday
		// x traffic x a gamma multiplier, Poisson by inversion (so
		// negative binomial). One 64-bit draw per cell-day: the demand
		// uniform (bits 32-63), the five-way split or shrink (bits 12-31;
		// a cell with unmet demand has an empty shelf and cannot shrink),
		// and the gamma quantile (bits 0-11). A draw is a long chain of
		// dependent operations (hash, table, Poisson bounds); in a loop of
		// its own, without branches, the processor can overlap the chains
		// of several cells (measured: 2-3% faster than drawing in the
		// stock pass). The draws the shortcuts leave undecided (about one
		// in four) are listed and searched after. Built with
		// GOEXPERIMENT=simd, drawSIMD does all of this eight cells at a
		// time, with the same results.
		dem := w.dem[:m]
		rnd := w.rnd[:m]
		slowJ, slowMu := w.slowJ[:m], w.slowMu[:m]
		ns := 0
		if useSIMD && m >= simdMin && en.catProfiles {
			ns = w.drawSIMD(kD, clo, m, pd[cat], traffic)
		} else {
			for j := range cells {
				c := &cells[j]
				b := bits(kD, uint64(c.sku))
				rnd[j] = b
				mu := float64(c.rate) * pd[c.prof] * traffic
				if t := c.ktab; t != 0 {
					mu *= float64(gq[int(t)<<gammaBits|int(b&(gammaSize-1))])
				}
				q, ok := poissonQuick(mu, hi32(b))
				dem[j] = q
				slowJ[ns], slowMu[ns] = int32(j), mu // kept only if undecided
				ns += int(1 - ok)
			}
		}
		for x, j := range slowJ[:ns] {
			dem[j] = poissonSlow(slowMu[x], hi32(rnd[j]))
		}

		a := &w.sum
		clear(a[:])
		a[rCells] = en.catW[s*en.nCats+cat]
		if tr != nil {
			copy(tr.open[clo-lo:chi-lo], shelf)
		}
		gs := &w.groupSales
		pool := int32(0)
		poolW := int64(0) // the pool's attempts weighted by their cells' weights
		gaps := 0
		cum := w.cum[:m]
		total := 0.0
		if useSIMD && m >= simdMin && en.simd.pass && auto && !pendOn && tr == nil && cellSold == nil && (en.catAmbient[cat] || en.catUniform[cat]) {
			pool, poolW, gaps, total = w.passSIMD(clo, m, d, slot, rslot, kA, fill, req, dowBit, cLost, cDelay, shrink, en.catUniform[cat], en.catCoh[s*en.nCats+cat], &st.CohLo[s*en.nCats+cat],
				en.catLead[cat], st.FullCat[(class*en.nDCs+dc)*en.nCats+cat])
		} else {
			for j := range cells {
				c := &cells[j]
				k := c.sku
				sp := &skus[k]
				wq := int64(c.wq)
				b := rnd[j]

				// 0. The DC's overnight allocation of yesterday's order: whole
				// cases, rounded at random so that the expected quantity is
				// exact (a full fill needs no rounding).
				if q := int32(creq[j]); q != 0 {
					creq[j] = 0
					ship := q
					if f := fill[k]; f < 1 {
						ship = min(q, int32(float64(q)*float64(f)+lo32(bits(kA, uint64(k)))))
					}
					if ship > 0 {
						units := min(ship*sp.casepack, math.MaxInt16)
						pi := (d+int(sp.lead))%pipeSlots*n + clo + j
						st.Pipe[pi] = int16(min(int32(st.Pipe[pi])+units, math.MaxInt16))
						onOrder[j] += units
					}
					a[rUnfilled] += int64(q-ship) * wq
				}

				// 1. Receive and 2. age: deliveries land; perishable stock
				// that arrived ShelfLife days ago is wasted.
				if pendOn && pend[j] != 0 {
					// The system is back: post what the outage left unposted,
					// or count the line.
					if sc.Restart.Recount {
						book[j] = shelf[j]
					} else {
						book[j] = max(0, book[j]+int32(math.Round(float64(pend[j]))))
					}
					pend[j] = 0
				}
				sh := shelf[j]
				arr := int32(pipeIn[j])
				pipeIn[j] = 0
				onOrder[j] -= arr
				var waste int32
				co := c.coff
				if co >= 0 {
					waste = ageCohorts(cohort, co, int32(c.cstr), sp.ring, sp.life, dmod[sp.ring&31], arr)
					a[rWaste] += int64(waste) * wq
					a[rWasteV] += int64(waste) * sp.wasteV * wq
				}
				sh += arr - waste
				if auto {
					book[j] = max(0, book[j]+arr-waste)
				} else if arr != 0 || waste != 0 {
					pend[j] += float32(p.ReceiptsPosted*float64(arr) - sc.Records.WastePosted*float64(waste))
				}
				// 3. Open: availability; frozen lines (phantom stock).
				if sh > 0 {
					a[rAvail] += wq
				} else {
					gaps++
					if auto && book[j] > 0 {
						a[rFrozen] += wq
					}
				}

				// 4. Demand: the draw plus delayed demand returning today;
				// sell from the shelf.
				dem := dem[j]
				dem += int32(retIn[j] >> rsh & 0xFFFF)
				retIn[j] &^= 0xFFFF << rsh
				o := min(dem, sh)
				sh -= o
				unmet := dem - o
				var lost, del, sub int32
				if unmet > 0 {
					// 5. Shoppers: the five-way split, by systematic rounding
					// of the cumulative shares with one uniform (bits 12-31).
					u := mid20(b)
					nl := int32(float64(unmet)*cLost + u)
					nd := int32(float64(unmet)*cDelay + u)
					lost, del, sub = nl, nd-nl, unmet-nd
					if del > 0 {
						w.deferDemand(clo+j, rslot, del)
					}
					pool += sub
					poolW += int64(sub) * wq
					a[rDeferred] += int64(del) * wq
					a[rLost] += int64(lost) * wq
					a[rUnmet] += int64(unmet) * wq
				}
				a[rDemand] += int64(dem) * wq
				a[rOwn] += int64(o) * wq

				// 6. Records: shrink takes a unit of what is left on the shelf,
				// unrecorded, with probability Shrink x rate, decided from the
				// same bits 12-31 without a branch (a cell with unmet demand,
				// whose split used them, has an empty shelf and cannot shrink).
				shr := int32(1-ge(mid20(b), shrink*float64(c.rate))) & int32(uint32(-sh)>>31)
				sh -= shr
				shelf[j] = sh
				if take := o + shr; co >= 0 && take > 0 {
					fifoTake(cohort, co, int32(c.cstr), sp.ring, dmod[sp.ring&31], take)
				}
				v := int64(o) * sp.price * wq
				a[rSales] += v
				a[rMargin] += int64(o) * sp.margin * wq
				gs[rgroup[j]&3] += v
				if cellSold != nil {
					cellSold[clo+j] += int64(o)
				}
				if auto {
					book[j] = max(0, book[j]-o)
				} else {
					pend[j] -= float32(p.SalesPosted * float64(o))
				}
				// 7. Counts: the zero-sales run, without branches (whether a
				// cell sells is random): z+1 capped at 255, or 0 after a sale.
				z := uint32(zrun[j]) + 1
				z -= z >> 8
				z &= uint32(-o)>>31 - 1 // o > 0: the mask is 0
				if zt := uint32(c.zth); auto && zt > 0 && z >= zt {
					book[j] = sh // a count
					z = 0
				}
				zrun[j] = uint8(z)
				if tr != nil {
					x := clo - lo + j
					tr.recv[x], tr.waste[x], tr.shrink[x] = arr, waste, shr
					tr.demand[x], tr.own[x], tr.deferred[x], tr.lost[x], tr.subOut[x] = dem, o, del, lost, sub
				}
				// The substitution pool's cumulative rates of the SKUs in
				// stock, without a branch (adding 0 leaves total unchanged).
				total += float64(c.rate) * float64(uint32(-sh)>>31)
				cum[j] = total

				// 8. Orders, on days whose delivery can arrive. A substitute
				// sold from this cell below corrects its order (subSale).
				if sp.orderDays&dowBit == 0 {
					continue
				}
				var q int16
				switch mode {
				case modeAuto:
					q = sp.order(c.orderUpTo - position(c.coff, int32(c.cstr), sp, book[j], onOrder[j], cohort, dmod))
					if w.keepLast {
						st.Last[clo+j] = q
					}
				case modeRepeat:
					q = st.Last[clo+j]
				case modePush:
					x := sc.Outage.PushFactor * float64(c.rate) * float64(sp.gap) / float64(sp.casepack)
					q = int16(min(x+hi32(bits(kS, uint64(k))), math.MaxInt16))
				default:
					q = creq[j]
				}
				creq[j] = q
				if q > 0 {
					req[k] += int64(q) * int64(sp.casepack) * wq
				}
			}
		}
		demandAll += a[rDemand]
		unmetAll += a[rUnmet]

		// 5. Substitution: attempts go to in-stock SKUs of the category in
		// proportion to their rates; the walk-away share rises with the
		// density of gaps (Musalem et al. 2010); an attempt that finds the
		// chosen SKU empty too is lost.
		if pool > 0 {
			kU := bits(key(seed, rep, s, d, streamSubst), uint64(cat))
			gapShare := float64(gaps) / float64(m)
			wa := 0.0
			if on := sc.Shoppers.GapOnset; gapShare > on {
				wa = sc.Shoppers.GapWalkaway * min(1, (gapShare-on)/math.Max(1e-9, 1-on))
			}
			walk := int32(float64(pool)*wa + unit53(bits(kU, 0)))
			walk = min(walk, pool)
			tries := pool - walk
			failed := int32(0)
			// A category of one shelf life has its cells' cohorts side by
			// side from its first cell's (en.cell is then not read again).
			cb := int32(-1)
			if en.catUniform[cat] {
				cb = en.catCoh[s*en.nCats+cat]
			}
			if total <= 0 {
				failed, tries = tries, 0
			}
			// The attempts' SKUs are searched for first, up to 64 at a
			// time (the rates do not change), so that the processor runs
			// several searches at once; then they buy, in order.
			var js [64]int32
			for t0 := int32(0); t0 < tries; t0 += int32(len(js)) {
				jt := js[:min(tries-t0, int32(len(js)))]
				for x := range jt {
					u := unit53(bits(kU, uint64(t0)+uint64(x)+1)) * total
					var i int
					if useSIMD && m <= countMax {
						i = countBelow(w.cum[:m+8], m, u)
					} else {
						i = lowerBound(cum, u)
					}
					jt[x] = int32(min(i, len(cum)-1))
				}
				for _, j := range jt {
					for j > 0 && cum[j] == cum[j-1] && shelf[j] == 0 {
						j-- // land on the in-stock SKU that owns x
					}
					if shelf[j] > 0 {
						co := int32(-1)
						if cb >= 0 {
							co = cb + j
						}
						w.subSale(clo+int(j), co, int32(m), mode, dowBit, req, cellSold)
						if tr != nil {
							tr.subIn[clo-lo+int(j)]++
						}
					} else {
						failed++
					}
				}
			}
			// Pool-level losses carry the pool's mean weight (in quick
			// mode the attempts come from cells of different weights).
			a[rLost] += int64(walk+failed) * poolW / int64(pool)
			if tr != nil {
				tr.walk += walk
				tr.failed += failed
			}
		}
		a[rSold] = a[rOwn] + a[rSubIn]
		if tr != nil {
			for j := range cells {
				c := &cells[j]
				sp := &skus[c.sku]
				x := clo - lo + j
				tr.sold[x] = tr.own[x] + tr.subIn[x]
				tr.close[x], tr.book[x] = shelf[j], book[j]
				tr.order[x], tr.want[x] = int32(creq[j]), -1
				if auto && sp.orderDays&dowBit != 0 {
					tr.want[x] = int32(sp.order(c.orderUpTo - position(c.coff, int32(c.cstr), sp, book[j], onOrder[j], cohort, dmod)))
				}
			}
		}
		if dy.record {
			// Metrics: the category's group, and the store's total.
			a[rTraffic] = int64(math.Round(traffic*1e4)) * a[rCells]
			dst := dy.acc[mbase+(en.gCat+cat)*nRaw:][:nRaw]
			for r, v := range a[:nRaw] {
				dst[r] += v
				tot[r] += v
			}
		}
	}

	// 8. Manual core range: staff order up to coreLimit lines a day, by
	// priority, from a look at the shelf, with a lognormal estimation error.
	if core {
		lines := en.coreLimit[s]
		cv := sc.Outage.CoreError
		sig := math.Sqrt(math.Log1p(cv * cv))
		for _, i32 := range en.prio[lo:hi] {
			if lines <= 0 {
				break
			}
			i := int(i32)
			k := en.cell[i].sku
			if w.mode[en.skuCat[k]] != modeCore || en.sku[k].orderDays&(1<<dow) == 0 {
				continue
			}
			need := en.cell[i].orderUpTo - st.Shelf[i] - st.OnOrder[i]
			if need <= 0 {
				continue
			}
			z := normInv(lo32(bits(kS, uint64(k)+uint64(en.nSKUs))) + 0x1p-33)
			x := float64(need) * math.Exp(sig*z-sig*sig/2) / float64(en.sku[k].casepack)
			q := int16(min(math.Max(1, math.Round(x)), math.MaxInt16))
			st.Req[i] = q
			req[k] += int64(q) * int64(en.sku[k].casepack) * int64(en.cell[i].wq)
			lines--
		}
	}

	// 9. Traffic: shoppers who meet gaps move trips elsewhere; they come
	// back gradually once gaps are rare again.
	if demandAll > 0 {
		sh := &sc.Shoppers
		g := float64(unmetAll) / float64(demandAll)
		if g > sh.ChurnOnset {
			traffic = math.Max(sh.MinTraffic, traffic-p.Churn*(g-sh.ChurnOnset))
		} else if sh.ReturnDays > 0 && traffic < 1 {
			traffic = math.Min(1, traffic+(1-traffic)/sh.ReturnDays)
		}
		st.Traffic[s] = traffic
	}

	// Metrics: the store's total (its categories were added above) to the
	// estate, its region, format and DC.
	if dy.record {
		for gi, v := range w.groupSales {
			tot[rSalesG0+gi] = v
		}
		for _, g := range [4]int{0, en.gRegion + int(en.storeRegion[s]), en.gFormat + int(en.storeFormat[s]), en.gDC + dc} {
			dst := dy.acc[mbase+g*nRaw:][:nRaw]
			for m, v := range tot {
				dst[m] += v
			}
		}
	}
	clear(w.groupSales[:])
	if tr != nil {
		for x := range tr.cohort {
			tr.cohort[x], tr.late[x] = -1, -1
			c := &en.cell[lo+x]
			if c.coff < 0 {
				continue
			}
			sp := &en.sku[c.sku]
			tr.cohort[x], tr.late[x] = 0, 0
			for k := range sp.ring {
				// Row k holds what expires on d+k+1 (mod ring).
				v := int32(st.Cohort[int(c.coff)+int((d+1+int(k))%int(sp.ring))*int(c.cstr)])
				tr.cohort[x] += v
				if k >= sp.life {
					tr.late[x] += v
				}
			}
		}
		w.inspectFlows(tr)
	}
}

// deferDemand spreads del units of cell i's demand evenly over the next
// DelayDays days, to return then: day d+jj's slot is (rslot+jj) mod (W+1)
// (State.Ret). It is a call, not inline in the step's pass, to keep that
// loop's values in registers (unmet demand is the uncommon case).
func (w *worker) deferDemand(i, rslot int, del int32) {
	W := w.en.delayW
	n := w.en.nCells
	ret := w.st.Ret
	q0, r := del/int32(W), del%int32(W)
	rs := rslot
	for jj := range int32(W) {
		if rs++; rs > W {
			rs = 0
		}
		q := q0
		if jj < r {
			q++
		}
		if q > 0 {
			x := &ret[rs/4*n+i]
			sh := uint(16 * (rs % 4))
			v := min(int32(*x>>sh&0xFFFF)+q, math.MaxInt16)
			*x = *x&^(0xFFFF<<sh) | uint64(v)<<sh
		}
	}
}

// subSale sells one unit of cell i to a shopper substituting from another
// SKU of the category, after the cell's own pass: the shelf, the cohorts,
// the records, the zero-sales run (a sale clears it), the sales metrics and,
// on an order day under automatic ordering, the order, placed again from
// the corrected book. Substitute sales are a few per cent of sales, so the
// pass does not wait for them.
//
// co and str locate the cell's cohorts if the caller knows them (co >= 0).
func (w *worker) subSale(i int, co, str int32, mode, dowBit uint8, req, cellSold []int64) {
	en, st := w.en, w.st
	var k, upTo int32
	var wq int64
	var rg uint8
	if useSIMD && en.simd.pass {
		// passSIMD streams the packed copies of the cells' parameters,
		// not en.cell: read those, which are in cache.
		p1 := en.simd.pk1[i]
		k, wq, upTo, rg = int32(en.simd.sku[i]), int64(en.simd.pk2[i]&0xFFFF), int32(p1&0x7FFF), uint8(p1>>30)
	} else {
		c := &en.cell[i]
		k, wq, upTo, rg = c.sku, int64(c.wq), c.orderUpTo, en.rgroup[i]
	}
	sp := &en.sku[k]
	if sp.life == 0 {
		co = -1 // cohorts: a SKU has them exactly if it has a shelf life
	} else if co < 0 {
		co, str = en.cell[i].coff, int32(en.cell[i].cstr)
	}
	st.Shelf[i]--
	if co >= 0 {
		fifoTake(st.Cohort, co, str, sp.ring, w.dmod[sp.ring&31], 1)
	}
	a := &w.sum
	a[rSubIn] += wq
	v := sp.price * wq
	a[rSales] += v
	a[rMargin] += sp.margin * wq
	w.groupSales[rg&3] += v
	if cellSold != nil {
		cellSold[i]++
	}
	st.ZRun[i] = 0
	if mode != modeAuto {
		st.Pend[i] -= float32(w.p.SalesPosted)
		return
	}
	st.Book[i] = max(0, st.Book[i]-1)
	if sp.orderDays&dowBit != 0 {
		old := st.Req[i]
		q := sp.order(upTo - position(co, str, sp, st.Book[i], st.OnOrder[i], st.Cohort, &w.dmod))
		st.Req[i] = q
		if w.keepLast {
			st.Last[i] = q
		}
		req[k] += int64(q-old) * int64(sp.casepack) * wq
	}
}

// A perishable cell's stock by expiry day (State.Cohort) is in rows
// co + r*str, r < ring; on day d, row ci = d mod ring holds what is wasted
// today, and the rows after it, cyclically, what expires on d+1, d+2, ...

// ageCohorts wastes a perishable cell's stock that expires today and
// returns it; today's delivery arr, with shelf life L, expires on d+L.
func ageCohorts(coh []int16, co, str, ring, L, ci, arr int32) int32 {
	p := co + ci*str
	waste := int32(coh[p])
	coh[p] = 0
	if ci += L; ci >= ring {
		ci -= ring
	}
	coh[co+ci*str] = int16(arr)
	return waste
}

// fifoTake takes n units from a perishable cell's stock, the first to
// expire first.
func fifoTake(coh []int16, co, str, ring, ci, n int32) {
	p, end := co+ci*str, co+ring*str
	for range ring {
		if p += str; p == end {
			p = co
		}
		t := min(n, int32(coh[p]))
		coh[p] -= int16(t)
		if n -= t; n == 0 {
			return
		}
	}
}

// expiring returns a perishable cell's stock that expires within n days
// (on d+1 to d+n).
func expiring(coh []int16, co, str, ring, ci, n int32) int32 {
	p, end := co+ci*str, co+ring*str
	x := int32(0)
	for range n {
		if p += str; p == end {
			p = co
		}
		x += int32(coh[p])
	}
	return x
}

// position returns the inventory position a cell orders from: book + on
// order, less, for fresh stock (cohorts at offset co >= 0, stride str),
// what will be out of date before an order placed today arrives.
func position(co, str int32, sp *skuParam, book, onOrder int32, cohort []int16, dmod *[maxTrackedLife + 1]int32) int32 {
	ip := book + onOrder
	if co >= 0 {
		ip -= min(expiring(cohort, co, str, sp.ring, dmod[sp.ring&31], min(sp.life, 1+sp.lead)), book)
	}
	return ip
}

// order returns the whole cases that bring a position need units short of
// the order-up-to level back to it, without a branch on whether any are
// needed.
func (p *skuParam) order(need int32) int16 {
	return int16(min(p.cases(max(need, 0)), math.MaxInt16))
}

// lowerBound returns the first index i with a[i] >= x, or len(a) if there
// is none (as slices.BinarySearch), by a binary search whose steps are
// chosen without branches. a must not be empty.
func lowerBound(a []float64, x float64) int {
	base, n := 0, len(a)
	for n > 1 {
		half := n >> 1
		base += half & -int(1-ge(a[base+half], x)) // a[base+half] < x
		n -= half
	}
	return base + int(1-ge(a[base], x))
}

// fullCells returns the number of cells store s has in the full range.
func (en *engine) fullCells(s int) int { return en.fullStart[s+1] - en.fullStart[s] }

// modeOf returns the ordering mode of category cat in a store on simulated
// day d of a run whose recovery time is R (0: no outage).
func (en *engine) modeOf(cat int, inScope bool, d, R int) uint8 {
	if R <= 0 || !inScope || !en.catScope[cat] {
		return modeAuto
	}
	o := &en.sc.Outage
	t0 := en.warm + o.StartDay
	if d < t0 {
		return modeAuto
	}
	fb := uint8(en.catFallback[cat])
	if d < t0+o.FallbackDay {
		fb = uint8(o.Initial)
	}
	if d < t0+R+en.stageDelay[en.catClass[cat]] {
		return fb
	}
	return modeAuto
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
	f.walk, f.failed = 0, 0
}
