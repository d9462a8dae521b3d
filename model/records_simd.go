//go:build goexperiment.simd && amd64

package model

import "simd/archsimd"

// recordSIMD is record's vector twin for a block under automatic ordering
// (b.vec): shrink and the book eight cells at a time, the zero-sales
// counts sixteen at a time, then the units sold and shrunk taken from a
// perishable block's stock that expires first, sixteen cells at a time
// (the work is per row and group, whatever the group's width). That last
// loop also leaves in b.expire each cell's stock that expires before an
// order placed today arrives (position), for ordersSIMD, and moves
// state.CohLo to the first row that still holds stock.
func recordSIMD(b *block) {
	if !b.vec {
		record(b)
		return
	}
	m, clo := b.m, b.clo
	sc := &b.w.en.simd
	shelf, book, zrun := b.shelf[:m+16], b.book[:m+16], b.zrun[:m+16]
	own, shrunk, rnd := b.own[:m+16], b.shr[:m+8], b.rnd[:m+8]
	rates, pk1s := sc.rate[clo:clo+m+8], sc.pk1[clo:clo+m+16]
	// take holds the units each cell's stock loses today (sold and shrunk)
	// until the cohort loop below replaces them, group by group, with
	// what expires before an order arrives.
	take := b.expire[:m+16]
	zero := archsimd.BroadcastInt32x8(0)
	shr := archsimd.BroadcastFloat64x8(b.sc.Records.Shrink)
	u20 := archsimd.BroadcastUint64x8(1<<20 - 1)
	s20 := archsimd.BroadcastFloat64x8(0x1p-20)
	for j := 0; j < m; j += 8 {
		e := min(j+8, m)
		sh := ld32(shelf, j)
		o := ld32(own, j)
		u := archsimd.LoadUint64x8(at(rnd, j)).ShiftAllRight(12).And(u20).ConvertToFloat64().Mul(s20)
		rate := archsimd.LoadFloat32x8(at(rates, j)).ConvertToFloat64()
		sr := u.Sub(shr.Mul(rate)).AsUint64x8().ShiftAllRight(63).TruncateToUint32().AsInt32x8()
		sr = sr.Masked(sh.Greater(zero))
		st32(sh.Sub(sr), shelf, j, e)
		sr.Store(at(shrunk, j))
		st32(ld32(book, j).Sub(o).Max(zero), book, j, e)
		if b.perish {
			o.Add(sr).Store(at(take, j))
		}
	}
	// 7. Counts: the zero-sales run; a run as long as the cell's
	// threshold (pk1 bits 15-22; 0: none) resets the book to the shelf.
	{
		zero, one := archsimd.BroadcastInt32x16(0), archsimd.BroadcastInt32x16(1)
		m8 := archsimd.BroadcastUint32x16(1<<8 - 1)
		for j := 0; j < m; j += 16 {
			e := min(j+16, m)
			z := archsimd.LoadUint8x16(at16(zrun, j)).ExtendToUint32().AsInt32x16().Add(one)
			z = z.Sub(z.ShiftAllRight(8)) // saturate at 255
			z = z.Masked(archsimd.LoadInt32x16(at16(own, j)).Equal(zero))
			zt := archsimd.LoadUint32x16(at16(pk1s, j)).ShiftAllRight(15).And(m8).AsInt32x16()
			cnt := zt.Greater(zero).And(z.GreaterEqual(zt))
			st32x16(archsimd.LoadInt32x16(at16(shelf, j)).Merge(archsimd.LoadInt32x16(at16(book, j)), cnt), book, j, e)
			st8x16(zero.Merge(z, cnt).AsUint32x16().TruncateToUint8(), zrun, j, e)
		}
	}
	if b.perish {
		takeCohorts(b, take, book)
	}
	archsimd.ClearAVXUpperBits()
}

// takeCohorts is recordSIMD's cohort loop: take[j] units leave cell j's
// rows, the first to expire first; then take[j] is the cell's stock that
// expires within min(life, 1+lead) days, at most its book. Rows before
// state.CohLo are empty, and the loop stops at the first row after the
// order's horizon that no cell still takes from.
func takeCohorts(b *block, take, book []int32) {
	m := b.m
	cohort := b.cohort[:len(b.cohort)+simdPad]
	sp := &b.skus[b.w.en.simd.sku[b.clo]]
	L, nE := int(sp.ring), int(min(sp.life, 1+sp.lead))
	ci := int(b.dmod[L&31])
	var rows [maxTrackedLife + 1]int // rows[k]: the row of what expires on day d+k
	for k := range L + 1 {
		rows[k] = int(b.cb) + (ci+k)%L*m
	}
	kLo := max(1, int(*b.cohLo)-b.d)
	kNZ := maxTrackedLife + 1 // the first row that may hold stock tomorrow, over groups
	zero32 := archsimd.BroadcastInt32x16(0)
	zero16 := archsimd.BroadcastInt16x16(0)
	for j := 0; j < m; j += 16 {
		e := min(j+16, m)
		vb := lanes16(j, m)
		nt := archsimd.LoadInt32x16(at16(take, j)).Masked(archsimd.Mask32x16FromBits(vb))
		ex := zero32
		nz := L + 1
		for k := kLo; k <= L; k++ {
			r := rows[k]
			x16 := archsimd.LoadInt16x16(at16(cohort, r+j))
			tb := nt.Greater(zero32).ToBits()
			if tb == 0 && k > nE {
				nz = min(nz, k)
				break
			}
			x := x16.ExtendToInt32()
			if x16.NotEqual(zero16).ToBits()&tb != 0 {
				t := nt.Min(x)
				x, nt = x.Sub(t), nt.Sub(t)
				st16x16(x.TruncateToInt16(), cohort, r+j, r+e)
			}
			if k <= nE {
				ex = ex.Add(x)
			}
			if nz > L && x.NotEqual(zero32).ToBits()&vb != 0 {
				nz = k
			}
		}
		kNZ = min(kNZ, nz)
		st32x16(ex.Min(archsimd.LoadInt32x16(at16(book, j))), take, j, e)
	}
	// Stock expires on d+kNZ at the earliest; tomorrow's deliveries expire
	// after d+L.
	*b.cohLo = int32(b.d + min(kNZ, L))
}
