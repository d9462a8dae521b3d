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
	walk, failed                      int32 // pool-level losses of substitution attempts
}

// step simulates one day of store s: THE daily step. The order of events is
// documented in doc.go; each numbered comment below is one of them.
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
	slot := d % pipeSlots
	rslot := d % (en.delayW + 1)
	dc := int(en.storeDC[s])
	class := 0
	if en.storePri[s] {
		class = 1
	}
	seed, rep := sc.Seed, dy.rep
	traffic := st.Traffic[s]
	clear(w.cat)
	tr := w.trace
	if tr != nil {
		tr.reset(s, d, lo, hi)
	}

	kA := key(seed, rep, s, d, streamAlloc)
	fill := st.Fill[(class*en.nDCs+dc)*en.nSKUs:][:en.nSKUs]
	req := w.req[(class*en.nDCs+dc)*en.nSKUs:][:en.nSKUs]

	// 0. The rolling cycle count: CountsPerDay lines a day reset book to
	// shelf, where the system is up.
	if nc := int(math.Round(float64(sc.Records.CountsPerDay) * float64(hi-lo) / float64(max(1, en.fullCells(s))))); nc > 0 {
		ptr := int(st.Count[s])
		for range nc {
			i := lo + ptr
			if w.mode[en.skuCat[en.cell[i].sku]] == modeAuto {
				st.Book[i] = st.Shelf[i]
			}
			ptr++
			if ptr == hi-lo {
				ptr = 0
			}
		}
		st.Count[s] = int32(ptr)
	}

	kD := key(seed, rep, s, d, streamDemand)
	kS := key(seed, rep, s, d, streamOrder)
	shrink := sc.Records.Shrink
	core := false
	var demandAll, unmetAll int64
	for cat := range en.nCats {
		cs := en.catStart[s*(en.nCats+1):]
		clo, chi := int(cs[cat]), int(cs[cat+1])
		if clo == chi {
			continue
		}
		mode := w.mode[cat]
		auto := mode == modeAuto
		core = core || mode == modeCore
		acc := w.cat[cat*nRaw : (cat+1)*nRaw]
		cLost, cDelay := w.cLost[cat], w.cDelay[cat]
		pool := int32(0)
		poolW := int64(0) // the pool's attempts weighted by their cells' weights
		gaps := 0
		for i := clo; i < chi; i++ {
			k := en.cell[i].sku
			wq := int64(en.cell[i].wq)
			// One 64-bit draw per cell-day: demand uniform (bits 32-63),
			// the five-way split or shrink (bits 12-31; a cell with unmet
			// demand has an empty shelf and cannot shrink), and the
			// gamma quantile (bits 0-11).
			b := bits(kD, uint64(k))

			// 0. The DC's overnight allocation of yesterday's order: whole
			// cases, rounded at random so that the expected quantity is
			// exact.
			if q := int32(st.Req[i]); q != 0 {
				st.Req[i] = 0
				ship := min(q, int32(float64(q)*float64(fill[k])+lo32(bits(kA, uint64(k)))))
				if ship > 0 {
					units := min(ship*en.casepack[k], math.MaxInt16)
					ps := (d + int(en.lead[k])) % pipeSlots
					st.Pipe[ps*n+i] = int16(min(int32(st.Pipe[ps*n+i])+units, math.MaxInt16))
					st.OnOrder[i] += units
				}
				if q > ship {
					acc[rUnfilled] += int64(q-ship) * wq
				}
			}

			// 1. Receive and 2. age: deliveries land; perishable stock
			// that arrived ShelfLife days ago is wasted.
			if auto && st.Pend[i] != 0 {
				// The system is back: post what the outage left unposted,
				// or count the line.
				if sc.Restart.Recount {
					st.Book[i] = st.Shelf[i]
				} else {
					st.Book[i] = max(0, st.Book[i]+int32(math.Round(float64(st.Pend[i]))))
				}
				st.Pend[i] = 0
			}
			sh := st.Shelf[i]
			if tr != nil {
				tr.open[i-lo] = sh
			}
			arr := int32(st.Pipe[slot*n+i])
			if arr != 0 {
				st.Pipe[slot*n+i] = 0
				st.OnOrder[i] -= arr
			}
			var waste int32
			if co := en.cell[i].coff; co >= 0 {
				j := int(co) + d%int(en.life[k])
				waste = int32(st.Cohort[j])
				st.Cohort[j] = int16(arr)
			}
			sh += arr - waste
			if auto {
				st.Book[i] = max(0, st.Book[i]+arr-waste)
			} else if arr != 0 || waste != 0 {
				st.Pend[i] += float32(p.ReceiptsPosted*float64(arr) - sc.Records.WastePosted*float64(waste))
			}
			if waste > 0 {
				acc[rWaste] += int64(waste) * wq
				acc[rWasteV] += int64(waste) * en.wasteV[k] * wq
			}
			// 3. Open: availability; frozen lines (phantom stock).
			if sh > 0 {
				acc[rAvail] += wq
			} else {
				gaps++
				if auto && st.Book[i] > 0 {
					acc[rFrozen] += wq
				}
			}
			acc[rCells] += wq

			// 4. Demand: rate x weekday x traffic x a gamma multiplier,
			// Poisson by inversion (so negative binomial), plus delayed
			// demand returning today; sell from the shelf.
			mu := float64(en.cell[i].rate) * float64(en.profiles[en.cell[i].prof][dow]) * traffic
			if t := en.cell[i].ktab; t != 0 {
				mu *= float64(en.gq[t][b&(gammaSize-1)])
			}
			dem := poisson(mu, hi32(b))
			ri := rslot*n + i
			dem += int32(st.Ret[ri])
			st.Ret[ri] = 0
			own := min(dem, sh)
			sh -= own
			st.Shelf[i] = sh
			unmet := dem - own
			w.own[i-lo] = own
			w.subIn[i-lo] = 0
			// Shrink, decided now from this cell's bits 12-31, happens
			// in the records pass if the shelf still holds stock (a
			// cell with unmet demand, whose split uses the same bits, is
			// empty then).
			w.shrink[i-lo] = shrink > 0 && mid20(b) < shrink*float64(en.cell[i].rate)
			var lost, del, sub int32
			if unmet > 0 {
				// 5. Shoppers: the five-way split, by systematic rounding
				// of the cumulative shares with one uniform.
				u := mid20(b)
				nl := int32(float64(unmet)*cLost + u)
				nd := int32(float64(unmet)*cDelay + u)
				lost, del, sub = nl, nd-nl, unmet-nd
				if del > 0 {
					W := int32(en.delayW)
					for j := int32(1); j <= W; j++ {
						q := del / W
						if j <= del%W {
							q++
						}
						if q > 0 {
							rs := ((d+int(j))%(en.delayW+1))*n + i
							st.Ret[rs] = int16(min(int32(st.Ret[rs])+q, math.MaxInt16))
						}
					}
				}
				pool += sub
				poolW += int64(sub) * wq
				acc[rDeferred] += int64(del) * wq
				acc[rLost] += int64(lost) * wq
				unmetAll += int64(unmet) * wq
			}
			acc[rDemand] += int64(dem) * wq
			acc[rOwn] += int64(own) * wq
			demandAll += int64(dem) * wq
			if tr != nil {
				tr.recv[i-lo], tr.waste[i-lo] = arr, waste
				tr.demand[i-lo], tr.own[i-lo], tr.deferred[i-lo], tr.lost[i-lo], tr.subOut[i-lo] = dem, own, del, lost, sub
			}
		}

		// 5. Substitution: attempts go to in-stock SKUs of the category in
		// proportion to their rates; the walk-away share rises with the
		// density of gaps (Musalem et al. 2010); an attempt that finds the
		// chosen SKU empty too is lost.
		if pool > 0 {
			kU := bits(key(seed, rep, s, d, streamSubst), uint64(cat))
			gapShare := float64(gaps) / float64(chi-clo)
			wa := 0.0
			if on := sc.Shoppers.GapOnset; gapShare > on {
				wa = sc.Shoppers.GapWalkaway * min(1, (gapShare-on)/math.Max(1e-9, 1-on))
			}
			walk := int32(float64(pool)*wa + unit53(bits(kU, 0)))
			walk = min(walk, pool)
			tries := pool - walk
			failed := int32(0)
			cum := w.cum[:0]
			total := 0.0
			for i := clo; i < chi; i++ {
				if st.Shelf[i] > 0 {
					total += float64(en.cell[i].rate)
				}
				cum = append(cum, total)
			}
			for t := int32(0); t < tries; t++ {
				if total <= 0 {
					failed += tries - t
					break
				}
				x := unit53(bits(kU, uint64(t)+1)) * total
				j, _ := slices.BinarySearch(cum, x)
				j = min(j, len(cum)-1)
				for j > 0 && cum[j] == cum[j-1] && st.Shelf[clo+j] == 0 {
					j-- // land on the in-stock SKU that owns x
				}
				i := clo + j
				if st.Shelf[i] > 0 {
					st.Shelf[i]--
					w.subIn[i-lo]++
				} else {
					failed++
				}
			}
			w.cum = cum
			// Pool-level losses carry the pool's mean weight (in quick
			// mode the attempts come from cells of different weights).
			acc[rLost] += int64(walk+failed) * poolW / int64(pool)
			if tr != nil {
				tr.walk += walk
				tr.failed += failed
			}
		}

		// 6. Records, 7. counts and 8. orders.
		for i := clo; i < chi; i++ {
			k := en.cell[i].sku
			wq := int64(en.cell[i].wq)
			subIn := w.subIn[i-lo]
			sold := w.own[i-lo] + subIn
			sh := st.Shelf[i]
			var shr int32
			if sh > 0 && w.shrink[i-lo] {
				shr = 1
				sh--
				st.Shelf[i] = sh
			}
			if co := en.cell[i].coff; co >= 0 && sold+shr > 0 {
				// Sales and shrink take the oldest stock first.
				L := int(en.life[k])
				take := sold + shr
				for j := 1; j <= L && take > 0; j++ {
					c := &st.Cohort[int(co)+(d+j)%L]
					t := min(take, int32(*c))
					*c -= int16(t)
					take -= t
				}
			}
			if sold > 0 {
				acc[rSold] += int64(sold) * wq
				acc[rSubIn] += int64(subIn) * wq
				v := int64(sold) * en.price[k] * wq
				acc[rSales] += v
				acc[rMargin] += int64(sold) * en.margin[k] * wq
				w.groupSales[en.rgroup[i]] += v
				if dy.base && dy.record && w.cellSold != nil {
					w.cellSold[i] += int64(sold)
				}
			}
			if auto {
				st.Book[i] = max(0, st.Book[i]-sold)
			} else {
				st.Pend[i] -= float32(p.SalesPosted * float64(sold))
			}
			if sold == 0 {
				if st.ZRun[i] < 255 {
					st.ZRun[i]++
				}
			} else {
				st.ZRun[i] = 0
			}
			if z := en.cell[i].zth; auto && z > 0 && st.ZRun[i] >= z {
				st.Book[i] = sh // a count
				st.ZRun[i] = 0
			}
			if tr != nil {
				tr.sold[i-lo], tr.subIn[i-lo], tr.shrink[i-lo], tr.close[i-lo], tr.book[i-lo] = sold, subIn, shr, sh, st.Book[i]
			}
			// 8. Orders, on days whose delivery can arrive.
			if en.orderDays[k]&(1<<dow) == 0 {
				continue
			}
			cp := en.casepack[k]
			switch mode {
			case modeAuto:
				var q int32
				ip := st.Book[i] + st.OnOrder[i]
				if co := en.cell[i].coff; co >= 0 {
					// Fresh ordering nets off stock that will be out of date
					// before this order arrives (arrived on or before
					// d+1+lead-life).
					L := int(en.life[k])
					exp := int32(0)
					for j := 1; j <= min(L, 1+int(en.lead[k])); j++ {
						exp += int32(st.Cohort[int(co)+(d+j)%L])
					}
					ip -= min(exp, st.Book[i])
				}
				if ip < en.cell[i].orderUpTo {
					q = (en.cell[i].orderUpTo - ip + cp - 1) / cp
				}
				st.Req[i] = int16(min(q, math.MaxInt16))
				if st.Last != nil {
					st.Last[i] = st.Req[i]
				}
			case modeRepeat:
				st.Req[i] = st.Last[i]
			case modePush:
				x := sc.Outage.PushFactor * float64(en.cell[i].rate) * float64(en.gap[k]) / float64(cp)
				st.Req[i] = int16(min(x+hi32(bits(kS, uint64(k))), math.MaxInt16))
			}
			if q := st.Req[i]; q > 0 {
				req[k] += int64(q) * int64(cp) * wq
			}
		}
		acc[rTraffic] += int64(math.Round(traffic*1e4)) * acc[rCells]
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
			if w.mode[en.skuCat[k]] != modeCore || en.orderDays[k]&(1<<dow) == 0 {
				continue
			}
			need := en.cell[i].orderUpTo - st.Shelf[i] - st.OnOrder[i]
			if need <= 0 {
				continue
			}
			z := normInv(lo32(bits(kS, uint64(k)+uint64(en.nSKUs))) + 0x1p-33)
			x := float64(need) * math.Exp(sig*z-sig*sig/2) / float64(en.casepack[k])
			q := int16(min(math.Max(1, math.Round(x)), math.MaxInt16))
			st.Req[i] = q
			req[k] += int64(q) * int64(en.casepack[k]) * int64(en.cell[i].wq)
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

	// Metrics: categories, then the store's region, format and DC.
	if dy.record {
		day := d - en.warm
		base := day * en.nGroups * nRaw
		a := dy.acc
		tot := w.tot[:]
		clear(tot)
		for cat := range en.nCats {
			src := w.cat[cat*nRaw : (cat+1)*nRaw]
			dst := a[base+(en.gCat+cat)*nRaw:][:nRaw]
			for m, v := range src {
				dst[m] += v
				tot[m] += v
			}
		}
		for gi, v := range w.groupSales {
			tot[rSalesG0+gi] = v
		}
		for _, g := range [4]int{0, en.gRegion + int(en.storeRegion[s]), en.gFormat + int(en.storeFormat[s]), en.gDC + dc} {
			dst := a[base+g*nRaw:][:nRaw]
			for m, v := range tot {
				dst[m] += v
			}
		}
	}
	clear(w.groupSales[:])
	if tr != nil {
		w.inspectFlows(tr)
	}
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
	for _, p := range []*[]int32{&f.open, &f.recv, &f.sold, &f.waste, &f.shrink, &f.close, &f.demand, &f.own, &f.subOut, &f.subIn, &f.deferred, &f.lost, &f.book} {
		*p = slices.Grow((*p)[:0], n)[:n]
		clear(*p)
	}
	f.walk, f.failed = 0, 0
}
