//go:build goexperiment.simd && amd64

package model

import (
	mbits "math/bits"
	"simd/archsimd"
)

// sellSIMD is sell's vector twin, eight cells at a time, for a block under
// automatic ordering (b.vec). Its loop keeps each cell's outcomes (and
// w.outBits: in stock at opening, frozen), and sellSumsSIMD's loop after
// it sums them: held in registers through the loop, the sums pushed its
// working values out to memory. Sums that follow from others are not
// kept: demand = own + unmet, unmet = lost + deferred + substitution
// attempts, sales = the random groups' sales (integers, so exactly).
func sellSIMD(b *block) {
	if !b.vec {
		sell(b)
		return
	}
	m, clo := b.m, b.clo
	shelf, book, retIn, rnd := b.shelf[:m+8], b.book[:m+8], b.retIn[:m+8], b.rnd[:m+8]
	dem, own, lost, del, sub := b.dem[:m+8], b.own[:m+8], b.lost[:m+8], b.del[:m+8], b.sub[:m+8]
	outBits := b.outBits
	rsh := uint64(b.rsh)
	rclr := archsimd.BroadcastUint64x8(^(uint64(0xFFFF) << rsh))
	zero := archsimd.BroadcastInt32x8(0)
	cL := archsimd.BroadcastFloat64x8(b.cLost)
	cD := archsimd.BroadcastFloat64x8(b.cDelay)
	u20 := archsimd.BroadcastUint64x8(1<<20 - 1)
	s20 := archsimd.BroadcastFloat64x8(0x1p-20)
	gaps := 0
	for j := 0; j < m; j += 8 {
		e := min(j+8, m)
		sh := ld32(shelf, j)
		rw := archsimd.LoadUint64x8(at(retIn, j))
		dm := ld32(dem, j).Add(rw.ShiftAllRight(rsh).TruncateToUint16().AsInt16x8().ExtendToInt32())
		st64(rw.And(rclr), retIn, j, e)
		dm.Store(at(dem, j))
		// 3. Open: availability; frozen lines.
		av := sh.Greater(zero).ToBits()
		gapBits := ^av & lanes(j, m)
		gaps += mbits.OnesCount8(gapBits)
		outBits[j/8] = uint16(av) | uint16(gapBits&ld32(book, j).Greater(zero).ToBits())<<8
		// 4. Sell.
		o := dm.Min(sh)
		st32(sh.Sub(o), shelf, j, e)
		unmet := dm.Sub(o)
		// 5. The five-way split (a cell without unmet demand splits
		// nothing: u < 1 truncates to 0).
		u := archsimd.LoadUint64x8(at(rnd, j)).ShiftAllRight(12).And(u20).ConvertToFloat64().Mul(s20)
		uf := unmet.ConvertToFloat64()
		nl := uf.Mul(cL).Add(u).ConvertToInt32()
		nd := uf.Mul(cD).Add(u).ConvertToInt32()
		unmet.Sub(nd).Store(at(sub, j))
		nd.Sub(nl).Store(at(del, j))
		nl.Store(at(lost, j))
		o.Store(at(own, j))
	}
	b.gaps += gaps
	// Deferred demand returns on the coming days (a call, kept out of the
	// vector loop: every live vector would be saved around it).
	for j := 0; j < m; j += 8 {
		for db := ld32(del, j).Greater(zero).ToBits() & lanes(j, m); db != 0; db &= db - 1 {
			l := j + mbits.TrailingZeros8(db)
			deferDemand(b.ret, b.n, b.delayW, clo+l, b.rslot, del[l])
		}
	}
	sellSumsSIMD(b)
}

// sellSumsSIMD adds the block's sales, shopper-split and availability sums
// (b.sum, b.groupSales, b.pool, b.poolW, b.cellSold) from the per-cell
// outcomes sellSIMD left in b.own, b.lost, b.del, b.sub and b.outBits.
func sellSumsSIMD(b *block) {
	m, clo := b.m, b.clo
	lost, del, sub, own := b.lost[:m+8], b.del[:m+8], b.sub[:m+8], b.own[:m+8]
	outBits := b.outBits
	sc := &b.w.en.simd
	pk1s, pk2s := sc.pk1[clo:clo+m+8], sc.pk2[clo:clo+m+8]
	prices, margins := sc.price[clo:clo+m+8], sc.margin[clo:clo+m+8]
	m16 := archsimd.BroadcastUint32x8(1<<16 - 1)
	var accAvail, accFrozen, accOwn, accMargin archsimd.Int64x8
	var accDef, accLost, accPool, accPoolW archsimd.Int64x8
	// Sales by random group (the sampling error's) only in quick mode;
	// at full resolution they are not used, and all go in group 0.
	var accG [4]archsimd.Int64x8
	sampled := b.w.en.sampled
	for j := 0; j < m; j += 8 {
		vm := archsimd.Mask64x8FromBits(lanes(j, m))
		wq := archsimd.LoadUint32x8(at(pk2s, j)).And(m16).AsInt32x8().ExtendToInt64().Masked(vm)
		ob := outBits[j/8]
		accAvail = accAvail.Add(wq.Masked(archsimd.Mask64x8FromBits(uint8(ob))))
		accFrozen = accFrozen.Add(wq.Masked(archsimd.Mask64x8FromBits(uint8(ob >> 8))))
		sub64 := ld32(sub, j).ExtendToInt64()
		accPool = accPool.Add(sub64.Masked(vm))
		accPoolW = accPoolW.Add(sub64.Mul(wq))
		accDef = accDef.Add(ld32(del, j).ExtendToInt64().Mul(wq))
		accLost = accLost.Add(ld32(lost, j).ExtendToInt64().Mul(wq))
		o64 := ld32(own, j).ExtendToInt64()
		accOwn = accOwn.Add(o64.Mul(wq))
		v := o64.Mul(ld32(prices, j).ExtendToInt64()).Mul(wq)
		accMargin = accMargin.Add(o64.Mul(ld32(margins, j).ExtendToInt64()).Mul(wq))
		if sampled {
			rg := archsimd.LoadUint32x8(at(pk1s, j)).ShiftAllRight(30).AsInt32x8()
			for g := range accG {
				accG[g] = accG[g].Add(v.Masked(archsimd.Mask64x8FromBits(rg.Equal(archsimd.BroadcastInt32x8(int32(g))).ToBits())))
			}
		} else {
			accG[0] = accG[0].Add(v)
		}
	}
	archsimd.ClearAVXUpperBits()

	a := b.sum
	ownW, def, lostW, poolW := hsum(accOwn), hsum(accDef), hsum(accLost), hsum(accPoolW)
	unmet := lostW + def + poolW
	a[rAvail] += hsum(accAvail)
	a[rFrozen] += hsum(accFrozen)
	a[rOwn] += ownW
	a[rMargin] += hsum(accMargin)
	a[rDemand] += ownW + unmet
	a[rDeferred] += def
	a[rLost] += lostW
	a[rUnmet] += unmet
	for g := range accG {
		v := hsum(accG[g])
		b.groupSales[g] += v
		a[rSales] += v
	}
	b.pool += int32(hsum(accPool))
	b.poolW += poolW
	if b.cellSold != nil {
		for j, o := range own[:m] {
			b.cellSold[clo+j] += int64(o)
		}
	}
}
