package model

import "math"

// sell opens the shelf, sells from it and splits unmet demand (events 3-5),
// for each cell j of the block, with sh = shelf[j] after the receipts:
//
//	available at opening if sh > 0 (sum[rAvail]); else a gap, and a frozen
//	line (phantom stock) if the system orders and book[j] > 0 (sum[rFrozen])
//	dem[j] += the delayed demand returning today (state.Ret)
//	own[j] = min(dem[j], sh); shelf[j] = sh - own[j]; unmet = dem[j] - own[j]
//	lost[j] = floor(unmet*cLost + u), lost[j]+del[j] = floor(unmet*cDelay + u),
//	sub[j] = the rest: one uniform u (bits 12-31) rounds the cumulative shares
//	del[j] returns over the next DelayDays days (deferDemand); sub[j] joins the
//	category's substitution pool
//
// and sums demand, own sales, their value (also by random group, in quick
// mode: engine.gmask) and margin, deferred, lost and unmet units (x
// weight). The shares are the category's shopper response
// (Response; Shoppers).
func sell(b *block) {
	cells := b.cells
	m := len(cells)
	shelf, book, retIn := b.shelf[:m], b.book[:m], b.retIn[:m]
	dem, own, lost, del, sub := b.dem[:m], b.own[:m], b.lost[:m], b.del[:m], b.sub[:m]
	rgroup := b.rgroup[:m]
	rsh, auto, skus, gmask := b.rsh&63, b.auto, b.skus, b.gmask&3 // (rsh < 64: no shift check; gmask < 4: no index check)
	rclr := ^(uint64(0xFFFF) << rsh)                              // clears today's slot
	a, gs := b.sum, b.groupSales
	gaps := 0
	// Demand and sales follow from other sums, exactly (integers), and are
	// not kept in the loop: demand = own + unmet, sales = the random
	// groups' sales.
	own0, unmet0, gs0 := a[rOwn], a[rUnmet], gs[0]+gs[1]+gs[2]+gs[3]
	// A cell without unmet demand splits nothing: its lost, deferred and
	// substitution units are 0, set here for all at once.
	clear(lost)
	clear(del)
	clear(sub)
	for j := range cells {
		c := &cells[j]
		sp := &skus[c.sku]
		wq := int64(c.wq)
		sh := shelf[j]
		if sh > 0 {
			a[rAvail] += wq
		} else {
			gaps++
			if auto && book[j] > 0 {
				a[rFrozen] += wq
			}
		}
		q := dem[j] + int32(retIn[j]>>rsh&0xFFFF)
		retIn[j] &= rclr
		o := min(q, sh)
		shelf[j] = sh - o
		unmet := q - o
		if unmet > 0 {
			b.split(j, unmet, wq)
		}
		dem[j], own[j] = q, o
		a[rOwn] += int64(o) * wq
		v := int64(o) * sp.price * wq
		a[rMargin] += int64(o) * sp.margin * wq
		gs[rgroup[j]&gmask] += v
	}
	a[rDemand] += a[rOwn] - own0 + a[rUnmet] - unmet0
	a[rSales] += gs[0] + gs[1] + gs[2] + gs[3] - gs0
	b.gaps += gaps
	if b.cellSold != nil {
		for j, o := range own {
			b.cellSold[b.clo+j] += int64(o)
		}
	}
}

// split splits block cell j's unmet demand of unmet units, of weight wq,
// five ways (see sell) and adds it to the block's sums and its
// substitution pool. It is a call, not inline in sell's loop, to keep that
// loop's values in registers (unmet demand is the uncommon case).
//
//go:noinline
func (b *block) split(j int, unmet int32, wq int64) {
	u := mid20(b.rnd[j])
	nl := int32(float64(unmet)*b.cLost + u)
	nd := int32(float64(unmet)*b.cDelay + u)
	b.lost[j], b.del[j], b.sub[j] = nl, nd-nl, unmet-nd
	if nd > nl {
		deferDemand(b.ret, b.n, b.delayW, b.clo+j, b.rslot, nd-nl)
	}
	b.pool += unmet - nd
	b.poolW += int64(unmet-nd) * wq
	a := b.sum
	a[rDeferred] += int64(nd-nl) * wq
	a[rLost] += int64(nl) * wq
	a[rUnmet] += int64(unmet) * wq
}

// deferDemand spreads del units of cell i's demand evenly over the next W
// days (Shoppers.DelayDays), to return then: day d+jj's slot is
// (rslot+jj) mod (W+1) (state.Ret; n is the estate's cells).
func deferDemand(ret []uint64, n, W, i, rslot int, del int32) {
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
