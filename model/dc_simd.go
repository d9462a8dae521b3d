//go:build goexperiment.simd && amd64

package model

import (
	"math"
	mbits "math/bits"
	"simd/archsimd"
)

// allocateSIMD is receiveSIMD's first loop, the DC's allocation. Where
// the DC ships the category in full (state.FullCat) and its SKUs share one
// lead time, every cell's order lands whole, eight cells at a time; else
// the cells that ordered are found eight at a time and allocated one by
// one by receive's own (*block).allocate.
func allocateSIMD(b *block) {
	m, n, clo := b.m, b.n, b.clo
	sc := &b.w.en.simd
	creq, onOrder := b.creq[:m+8], b.onOrder[:m+8]
	pk2s := sc.pk2[clo : clo+m+8]
	if b.full && b.lead >= 0 {
		r := (b.d + int(b.lead)) % pipeSlots * n
		row := b.pipe[r+clo : r+clo+m+8]
		max16 := archsimd.BroadcastInt32x8(math.MaxInt16)
		zero := archsimd.BroadcastInt16x8(0)
		for j := 0; j < m; j += 8 {
			q := ld16(creq, j)
			if q.NotEqual(zero).ToBits()&lanes(j, m) == 0 {
				continue // no order in the group: nothing lands
			}
			e := min(j+8, m)
			cp := archsimd.LoadUint32x8(at(pk2s, j)).ShiftAllRight(16).AsInt32x8()
			units := q.ExtendToInt32().Mul(cp).Min(max16)
			st32(ld32(onOrder, j).Add(units), onOrder, j, e)
			st16(ld16(row, j).ExtendToInt32().Add(units).Min(max16).TruncateToInt16(), row, j, e)
			st16(zero, creq, j, e)
		}
		archsimd.ClearAVXUpperBits()
		return
	}
	for j := 0; j < m; j += 8 {
		ab := ld16(creq, j).NotEqual(archsimd.BroadcastInt16x8(0)).ToBits() & lanes(j, m)
		for ; ab != 0; ab &= ab - 1 {
			c := j + mbits.TrailingZeros8(ab)
			q := int32(creq[c])
			creq[c] = 0
			b.allocate(c, q)
		}
	}
	archsimd.ClearAVXUpperBits()
}
