package model

import "math"

// poolRates sums, in cell order, the rates of the block's SKUs still in
// stock after the day's own sales and shrink: for each cell j,
//
//	total += rate if shelf[j] > 0; cum[j] = total
//
// the cumulative rates in which a substitution attempt finds its SKU
// (substitute, which runs it only when there are attempts). The sum is in float64, without a branch (adding 0 leaves
// the total unchanged).
func poolRates(b *block) {
	cells := b.cells
	m := len(cells)
	shelf, cum := b.shelf[:m], b.cum[:m]
	total := 0.0
	for j := range cells {
		total += float64(cells[j].rate) * float64(uint32(-shelf[j])>>31)
		cum[j] = total
	}
	b.total = total
}

// substitute sends the block's substitution attempts (sell's pool) to
// in-stock SKUs of the category in proportion to their rates (poolRates):
// a share of the attempts walks away, rising with the density of gaps
// above Shoppers.GapOnset to Shoppers.GapWalkaway (Musalem et al. 2010);
// an attempt that finds the chosen SKU empty too is lost. Each substitute
// sale is recorded by subSale. Pool-level losses carry the pool's mean
// weight (in quick mode the attempts come from cells of different
// weights).
func substitute(w *worker, b *block, s, cat int) {
	if b.pool <= 0 {
		return
	}
	// The pool's rates, after the day's own sales and shrink (orders
	// leave the shelf as it is), only for a block with attempts to place.
	b.k.poolRates(b)
	en := w.en
	m, pool := b.m, b.pool
	kU := bits(w.kU, uint64(cat))
	gapShare := float64(b.gaps) / float64(m)
	wa := 0.0
	if on := b.sc.Shoppers.GapOnset; gapShare > on {
		wa = b.sc.Shoppers.GapWalkaway * min(1, (gapShare-on)/math.Max(1e-9, 1-on))
	}
	walk := int32(float64(pool)*wa + unit53(bits(kU, 0)))
	walk = min(walk, pool)
	tries := pool - walk
	failed := int32(0)
	// A category of one shelf life has its cells' cohorts side by side
	// from its first cell's (en.cell is then not read again).
	cb := int32(-1)
	if en.catUniform[cat] {
		cb = b.cb
	}
	total, cum, shelf := b.total, b.cum[:m], b.shelf[:m]
	if total <= 0 {
		failed, tries = tries, 0
	}
	// The attempts' SKUs are searched for first, up to 64 at a time (the
	// rates do not change), so that the processor runs several searches at
	// once; then they buy, in order.
	var js [64]int32
	for t0 := int32(0); t0 < tries; t0 += int32(len(js)) {
		jt := js[:min(tries-t0, int32(len(js)))]
		for x := range jt {
			u := unit53(bits(kU, uint64(t0)+uint64(x)+1)) * total
			jt[x] = int32(min(findRate(w.cum, m, u), m-1))
		}
		for _, j := range jt {
			for j > 0 && cum[j] == cum[j-1] && shelf[j] == 0 {
				j-- // land on the in-stock SKU that owns x
			}
			if shelf[j] <= 0 {
				failed++
				continue
			}
			co := int32(-1)
			if cb >= 0 {
				co = cb + j
			}
			w.subSale(b.clo+int(j), co, int32(m), b.mode, b.dowBit, b.req, b.cellSold)
			if w.trace != nil {
				w.trace.subIn[b.clo-en.start[s]+int(j)]++
			}
		}
	}
	b.sum[rLost] += int64(walk+failed) * b.poolW / int64(pool)
	if w.trace != nil {
		w.trace.walk += walk
		w.trace.failed += failed
	}
}

// findRate returns the first j < m with cum[j] >= u, or m: by counting
// the values below u where the build has a vector count (countBelow) and
// the block is small enough for it to be faster, else by bisection.
func findRate(cum []float64, m int, u float64) int {
	if useSIMD && m <= countMax {
		return countBelow(cum[:m+8], m, u)
	}
	return lowerBound(cum[:m], u)
}

// subSale sells one unit of cell i to a shopper substituting from another
// SKU of the category, after the cell's own kernels: the shelf, the
// cohorts, the records, the zero-sales run (a sale clears it), the sales
// metrics and, on an order day under automatic ordering, the order,
// placed again from the corrected book. Substitute sales are a few per
// cent of sales, so the kernels do not wait for them.
//
// co and str locate the cell's cohorts if the caller knows them (co >= 0).
func (w *worker) subSale(i int, co, str int32, mode, dowBit uint8, req, cellSold []int64) {
	en, st := w.en, w.st
	var k, upTo int32
	var wq int64
	var rg uint8
	if useSIMD && en.simd.pass {
		// The vector kernels stream the packed copies of the cells'
		// parameters, not en.cell: read those, which are in cache.
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
	w.groupSales[rg&en.gmask] += v
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
