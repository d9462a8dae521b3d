//go:build goexperiment.simd && amd64

package model

import "simd/archsimd"

// poolRatesSIMD is poolRates' twin. Where every partial sum is exact
// (engine.simd.exactCum), a prefix sum within each group of eight gives
// the chain's values; else it is poolRates.
func poolRatesSIMD(b *block) {
	sc := &b.w.en.simd
	if !b.vec || !sc.exactCum {
		poolRates(b)
		return
	}
	m, clo := b.m, b.clo
	shelf, cum, rates := b.shelf[:m+8], b.cum[:m+8], sc.rate[clo:clo+m+8]
	zero := archsimd.BroadcastInt32x8(0)
	up1 := archsimd.LoadUint64x8Slice([]uint64{0, 0, 1, 2, 3, 4, 5, 6})
	up2 := archsimd.LoadUint64x8Slice([]uint64{0, 0, 0, 1, 2, 3, 4, 5})
	up4 := archsimd.LoadUint64x8Slice([]uint64{0, 0, 0, 0, 0, 1, 2, 3})
	from1, from2, from4 := archsimd.Mask64x8FromBits(0xFE), archsimd.Mask64x8FromBits(0xFC), archsimd.Mask64x8FromBits(0xF0)
	totV := archsimd.BroadcastFloat64x8(0)
	last7 := archsimd.BroadcastUint64x8(7)
	for j := 0; j < m; j += 8 {
		x := archsimd.LoadFloat32x8(at(rates, j)).ConvertToFloat64().Masked(archsimd.Mask64x8FromBits(ld32(shelf, j).Greater(zero).ToBits()))
		x = x.Add(x.Permute(up1).Masked(from1))
		x = x.Add(x.Permute(up2).Masked(from2))
		x = x.Add(x.Permute(up4).Masked(from4))
		x = x.Add(totV)
		x.Store(at(cum, j))
		totV = x.Permute(last7) // lane 7
	}
	archsimd.ClearAVXUpperBits()
	b.total = cum[m-1]
}
