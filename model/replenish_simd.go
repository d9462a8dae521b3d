//go:build goexperiment.simd && amd64

package model

import (
	"math"
	mbits "math/bits"
	"simd/archsimd"
)

// ordersSIMD is orders' vector twin for a block under automatic ordering
// (b.vec), sixteen cells at a time, from the final book and, for a
// perishable block, the stock expiring before the order arrives that
// recordSIMD left in b.expire. With direct deliveries (b.dsd > 0), the
// supplier's share of each order is drawn as direct draws it, eight cells
// at a time (ordersDirectSIMD; an automatic order of nothing sends nothing
// direct).
func ordersSIMD(b *block) {
	if !b.vec || b.catDays&b.dowBit == 0 { // orders returns at once if no SKU orders today
		orders(b)
		return
	}
	m, clo := b.m, b.clo
	sc := &b.w.en.simd
	pk1s, pk2s, skuS := sc.pk1[clo:clo+m+16], sc.pk2[clo:clo+m+16], sc.sku[clo:clo+m+16]
	creq, book, onOrder, expire := b.creq[:m+16], b.book[:m+16], b.onOrder[:m+16], b.expire[:m+16]
	var last []int16
	if b.last != nil {
		last = b.last[:m+16]
	}
	zero, one := archsimd.BroadcastInt32x16(0), archsimd.BroadcastInt32x16(1)
	m15 := archsimd.BroadcastUint32x16(1<<15 - 1)
	max16 := archsimd.BroadcastInt32x16(math.MaxInt16)
	od := archsimd.BroadcastInt32x16(int32(b.dowBit))
	var qbuf [16]int32
	for j := 0; j < m; j += 16 {
		e := min(j+16, m)
		pk1 := archsimd.LoadUint32x16(at16(pk1s, j))
		pk2 := archsimd.LoadUint32x16(at16(pk2s, j))
		ip := archsimd.LoadInt32x16(at16(book, j)).Add(archsimd.LoadInt32x16(at16(onOrder, j)))
		if b.perish {
			ip = ip.Sub(archsimd.LoadInt32x16(at16(expire, j)))
		}
		ob := pk1.ShiftAllRight(23).AsInt32x16().And(od).Greater(zero)
		cp := pk2.ShiftAllRight(16).AsInt32x16()
		need := pk1.And(m15).AsInt32x16().Sub(ip).Max(zero)
		// Whole cases: the quotient of (need+cp-1)/cp truncated. In
		// float32 it is exact here: need < 2^15 and cp < 2^16, so the
		// quotient is an integer k (exact) or at least 1/cp away from the
		// next, more than float32's rounding error of (k+1)2^-24.
		q := need.Add(cp).Sub(one).ConvertToFloat32().Div(cp.ConvertToFloat32()).ConvertToInt32().Min(max16).Masked(ob)
		// A cell that does not order today stores 0: its request, which
		// receive cleared.
		st16x16(q.TruncateToInt16(), creq, j, e)
		if last != nil && b.keepLast {
			st16x16(q.Merge(archsimd.LoadInt16x16(at16(last, j)).ExtendToInt32(), ob).TruncateToInt16(), last, j, e)
		}
		if b.dsd > 0 {
			continue // ordersDirectSIMD sends the direct deliveries and requests
		}
		if qb := q.Greater(zero).ToBits() & lanes16(j, m); qb != 0 {
			q.Store(&qbuf)
			for ; qb != 0; qb &= qb - 1 {
				l := mbits.TrailingZeros16(qb)
				c := j + l
				b.req[skuS[c]] += int64(qbuf[l]) * int64(pk2s[c]>>16) * int64(pk2s[c]&0xFFFF)
			}
		}
	}
	if b.dsd > 0 {
		ordersDirectSIMD(b)
	}
	archsimd.ClearAVXUpperBits()
}

// ordersDirectSIMD is ordersSIMD's direct-delivery loop (direct, under
// automatic ordering), eight cells at a time: of each order q > 0,
// qd = floor(q x ds + u) cases go direct (sendDirect), u = bits(kS, SKU +
// SKUs) as in direct, and the DC's request gets the rest.
func ordersDirectSIMD(b *block) {
	m, clo := b.m, b.clo
	sc := &b.w.en.simd
	pk2s, skuS := sc.pk2[clo:clo+m+8], sc.sku[clo:clo+m+8]
	creq := b.creq[:m+8]
	zero := archsimd.BroadcastInt32x8(0)
	ds := archsimd.BroadcastFloat64x8(b.dsd)
	k := archsimd.BroadcastUint64x8(b.kS)
	g := archsimd.BroadcastUint64x8(golden)
	nk := archsimd.BroadcastUint64x8(uint64(len(b.skus)) + 1)
	m1 := archsimd.BroadcastUint64x8(0xBF58476D1CE4E5B9)
	m2 := archsimd.BroadcastUint64x8(0x94D049BB133111EB)
	s32 := archsimd.BroadcastFloat64x8(0x1p-32)
	var qdBuf, rBuf [8]int32
	for j := 0; j < m; j += 8 {
		q := ld16(creq, j).ExtendToInt32()
		qb := q.Greater(zero).ToBits() & lanes(j, m)
		if qb == 0 {
			continue
		}
		// u = hi32(bits(kS, SKU+SKUs)) = hi32(mix(kS + (SKU+SKUs+1)*golden)).
		x := k.Add(archsimd.LoadUint32x8(at(skuS, j)).ExtendToUint64().Add(nk).Mul(g))
		x = x.Xor(x.ShiftAllRight(30)).Mul(m1)
		x = x.Xor(x.ShiftAllRight(27)).Mul(m2)
		u := x.Xor(x.ShiftAllRight(31)).ShiftAllRight(32).ConvertToFloat64().Mul(s32)
		qd := q.ConvertToFloat64().Mul(ds).Add(u).ConvertToInt32()
		r := q.Sub(qd)
		// A lane without an order keeps it: floor(0 x ds + u) = 0.
		st16(r.TruncateToInt16(), creq, j, min(j+8, m))
		qd.Store(&qdBuf)
		r.Store(&rBuf)
		for ; qb != 0; qb &= qb - 1 {
			l := mbits.TrailingZeros8(qb)
			c := j + l
			kc := skuS[c]
			if qdBuf[l] > 0 {
				b.sendDirect(c, &b.skus[kc], qdBuf[l])
			}
			b.req[kc] += int64(rBuf[l]) * int64(pk2s[c]>>16) * int64(pk2s[c]&0xFFFF)
		}
	}
}
