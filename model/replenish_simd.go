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
// recordSIMD left in b.expire. With direct deliveries (b.dsd > 0), each
// cell that orders sends its supplier's share through direct, as in orders
// (an automatic order of nothing sends nothing direct).
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
			continue // the orders go through direct after the loop
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
	archsimd.ClearAVXUpperBits()
	if b.dsd > 0 {
		// Scalar, after the vector registers' upper halves are cleared
		// (direct's floating-point arithmetic would otherwise pay the
		// processor's penalty for mixing the two), with the SKU from the
		// packed parameters the vector kernels read, not from the cell's
		// (b.cells, which no vector kernel has brought into the cache).
		for c, q := range creq[:m] {
			if q > 0 {
				k := skuS[c]
				r := b.direct(c, int32(k), q)
				creq[c] = r
				b.req[k] += int64(r) * int64(pk2s[c]>>16) * int64(pk2s[c]&0xFFFF)
			}
		}
	}
}
