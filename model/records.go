package model

import "math"

// record takes unrecorded shrink, updates the records from the day's sales
// and runs the zero-sales count (events 6 and 7), for each cell j of the
// block, with o = own[j] and u = bits 12-31 of rnd[j]:
//
//	shr[j] = 1 if u < Shrink x rate and shelf[j] > 0, else 0; shelf[j] -= shr[j]
//	(a cell with unmet demand, whose split used u, has an empty shelf)
//	o + shr[j] units leave the perishable stock that expires first (fifoTake)
//	book[j] = max(0, book[j] - o) under automatic ordering, else
//	pend[j] -= SalesPosted*o (posted at restart)
//	zrun[j] = 0 after a sale, else zrun[j]+1 (at most 255); a run of the
//	cell's threshold (cellParam.zth) under automatic ordering counts the
//	line: book[j] = shelf[j], zrun[j] = 0
//
// Shrink is unrecorded loss (theft, damage, mis-scans): it is what makes
// the book drift from the shelf (Records.Shrink; DeHoratius & Raman 2008).
// The zero-sales count is the correction stores run against phantom stock
// (Records.ZeroRunUnits). Outcomes that are random are computed without
// branches: a processor mispredicts a branch on random data.
func record(b *block) {
	cells := b.cells
	m := len(cells)
	shelf, book, pend, zrun := b.shelf[:m], b.book[:m], b.pend[:m], b.zrun[:m]
	own, shrunk, rnd := b.own[:m], b.shr[:m], b.rnd[:m]
	shrink, sp0 := b.sc.Records.Shrink, b.p.SalesPosted
	auto, skus, cohort, dmod := b.auto, b.skus, b.cohort, b.dmod
	for j := range cells {
		c := &cells[j]
		o, sh := own[j], shelf[j]
		shr := int32(1-ge(mid20(rnd[j]), shrink*float64(c.rate))) & int32(uint32(-sh)>>31)
		sh -= shr
		shelf[j], shrunk[j] = sh, shr
		if take := o + shr; c.coff >= 0 && take > 0 {
			sp := &skus[c.sku]
			fifoTake(cohort, c.coff, int32(c.cstr), sp.ring, dmod[sp.ring&31], take)
		}
		if auto {
			book[j] = max(0, book[j]-o)
		} else {
			pend[j] -= float32(sp0 * float64(o))
		}
		// The zero-sales run, without branches (whether a cell sells is
		// random): z+1 capped at 255, or 0 after a sale.
		z := uint32(zrun[j]) + 1
		z -= z >> 8
		z &= uint32(-o)>>31 - 1 // o > 0: the mask is 0
		if zt := uint32(c.zth); auto && zt > 0 && z >= zt {
			book[j] = sh // a count
			z = 0
		}
		zrun[j] = uint8(z)
	}
}

// cycleCount is the rolling cycle count (event 0): Records.CountsPerDay
// lines a day (scaled to the store's sampled cells) reset book to shelf,
// where the system is up, from the store's pointer (state.Count),
// wrapping. The cells are taken a category's run at a time (cells are in
// category order), so that a cell's category is not looked up.
func cycleCount(w *worker, s int) {
	en, st := w.en, w.st
	lo, hi := en.start[s], en.start[s+1]
	nc := int(math.Round(float64(en.sc.Records.CountsPerDay) * float64(hi-lo) / float64(max(1, en.fullCells(s)))))
	if nc <= 0 {
		return
	}
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

// gapScan is the daily gap scan (event 0, after the cycle count):
// staff walk the store and scan its empty shelves, up to Params.GapScans
// lines a day (scaled to the store's sampled cells), where the system is
// up; a line found empty whose book shows stock has its book set to zero,
// so the system orders it today. The walk starts where the cycle count's
// pointer is, so the lines a short capacity misses change from day to day.
// (Tesco's stock routines scan every gap on the food areas daily and hold
// book stock accuracy "critical" to automatic replenishment [ref].)
func gapScan(w *worker, s int) {
	en, st := w.en, w.st
	lo, hi := en.start[s], en.start[s+1]
	left := int(math.Round(w.p.GapScans * float64(hi-lo) / float64(max(1, en.fullCells(s)))))
	if left <= 0 {
		return
	}
	cs := en.catStart[s*(en.nCats+1):][:en.nCats+1]
	ptr := lo + int(st.Count[s])
	scan := func(a, b int) {
		for cat := range en.nCats {
			x, y := max(int(cs[cat]), a), min(int(cs[cat+1]), b)
			if x >= y || w.mode[cat] != modeAuto {
				continue
			}
			shelf, book := st.Shelf[x:y], st.Book[x:y]
			for j, v := range shelf {
				if v != 0 {
					continue
				}
				if book[j] > 0 {
					book[j] = 0
				}
				if left--; left == 0 {
					return
				}
			}
		}
	}
	scan(ptr, hi)
	if left > 0 {
		scan(lo, ptr)
	}
}
