//go:build goexperiment.simd && amd64

package model

import "simd/archsimd"

// receiveSIMD is receive's vector twin, eight cells at a time, for a block
// without outage postings (b.vec): the DC's allocation (allocateSIMD),
// then the deliveries and waste. A perishable block's cells have one shelf
// life, so today's cohorts are one row of the block (state.Cohort): it is
// wasted and today's deliveries take it.
func receiveSIMD(b *block) {
	if !b.vec {
		receive(b)
		return
	}
	allocateSIMD(b)
	m, clo := b.m, b.clo
	shelf, book, onOrder := b.shelf[:m+8], b.book[:m+8], b.onOrder[:m+8]
	pipeIn, recv, wasted := b.pipeIn[:m+8], b.recv[:m+8], b.waste[:m+8]
	var row0 []int16
	if b.perish {
		L := int(b.skus[b.w.en.simd.sku[clo]].ring)
		r := int(b.cb) + int(b.dmod[L&31])*m
		row0 = b.cohort[r : r+m+8]
	}
	zero := archsimd.BroadcastInt32x8(0)
	for j := 0; j < m; j += 8 {
		e := min(j+8, m)
		arr := ld16(pipeIn, j).ExtendToInt32()
		sh := ld32(shelf, j).Add(arr)
		bk := ld32(book, j).Add(arr)
		waste := zero
		if b.perish {
			waste = ld16(row0, j).ExtendToInt32()
			st16(arr.TruncateToInt16(), row0, j, e)
			sh = sh.Sub(waste)
			bk = bk.Sub(waste).Max(zero)
		}
		st32(sh, shelf, j, e)
		st32(bk, book, j, e)
		st32(ld32(onOrder, j).Sub(arr), onOrder, j, e)
		arr.Store(at(recv, j))
		waste.Store(at(wasted, j))
		st16(archsimd.BroadcastInt16x8(0), pipeIn, j, e)
	}
	if b.perish {
		sc := &b.w.en.simd
		pk2s, wasteVs := sc.pk2[clo:clo+m+8], sc.wasteV[clo:clo+m+8]
		m16 := archsimd.BroadcastUint32x8(1<<16 - 1)
		var accWaste, accWasteV archsimd.Int64x8
		for j := 0; j < m; j += 8 {
			vm := archsimd.Mask64x8FromBits(lanes(j, m))
			wq := archsimd.LoadUint32x8(at(pk2s, j)).And(m16).AsInt32x8().ExtendToInt64().Masked(vm)
			w64 := ld32(wasted, j).ExtendToInt64().Mul(wq)
			accWaste = accWaste.Add(w64)
			accWasteV = accWasteV.Add(w64.Mul(ld32(wasteVs, j).ExtendToInt64()))
		}
		b.sum[rWaste] += hsum(accWaste)
		b.sum[rWasteV] += hsum(accWasteV)
	}
	archsimd.ClearAVXUpperBits()
}
