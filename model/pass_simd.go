//go:build goexperiment.simd && amd64

package model

import (
	"math"
	mbits "math/bits"
	"simd/archsimd"
	"unsafe"
)

// passSIMD is the step's pass over the m cells of a category starting at
// cell clo (events 0-8 of doc.go) eight or sixteen cells at a time, for the
// common case: a category whose SKUs are all ambient, or all perishable
// with one shelf life (perish; engine.catUniform, its cohorts a block from
// cb, State.CohLo at cohLo), under automatic ordering, with no outage
// postings pending, not traced. Everything is integer arithmetic or the
// scalar pass's floating-point operations in the same order, so the
// results are identical. It adds the category's sums to w.sum and returns
// what the substitution pool needs: the attempts (and their weights), the
// gaps at opening, and the cumulative rates of the SKUs in stock (in
// w.cum).
//
// It is a series of short loops over the category, each with few values
// live (Go gives vector code 15 registers; a loop holding more reloads
// them on every group): the DCs' allocations (event 0), cell by cell for
// the cells that ordered, as in step, unless the DC ships the category in
// full (full) and it has one lead time (lead >= 0), when they are part of
// the main loop; the main loop, eight cells at a time, for receipts,
// ageing and waste, availability, sales, the five-way split and shrink
// (events 1-6), which stores each cell's outcomes in the worker's scratch
// (w.out, w.outBits); then, from those, the zero-sales counts (event 7,
// sixteen at a time), the delayed demand's scatter (cell by cell), the
// units sold and shrunk taken from the perishable stock that expires
// first and the stock about to expire (sixteen at a time), the pool's
// cumulative rates, the category's weighted sums, and the orders (event 8,
// sixteen at a time) from the final book. A vector load of a category's
// last group reads past its end (the arrays have spare capacity, simdPad);
// those lanes are masked out of every sum and not stored.
func (w *worker) passSIMD(clo, m, d, slot, rslot int, kA uint64, fill []float32, req []int64, dowBit uint8, cLost, cDelay, shrink float64, perish bool, cb int32, cohLo *int32, lead int32, full bool) (pool int32, poolW int64, gaps int, total float64) {
	en, st := w.en, w.st
	n := en.nCells
	sc := &en.simd
	skus := en.sku
	shelf := st.Shelf[clo : clo+m+16]
	book := st.Book[clo : clo+m+16] // +16: the cohort loop's groups
	onOrder := st.OnOrder[clo : clo+m+16]
	pipeIn := st.Pipe[slot*n+clo : slot*n+clo+m+8]
	retIn := st.Ret[rslot/4*n+clo : rslot/4*n+clo+m+8]
	rsh := uint64(16 * (rslot % 4)) // today's slot in its word (State.Ret)
	rclr := archsimd.BroadcastUint64x8(^(uint64(0xFFFF) << rsh))
	creq := st.Req[clo : clo+m+16]
	zrun := st.ZRun[clo : clo+m+16]
	a := &w.sum

	pk1s, pk2s, skuS := sc.pk1[clo:clo+m+16], sc.pk2[clo:clo+m+16], sc.sku[clo:clo+m+16]

	// 0. The DC's overnight allocation of yesterday's order (as in step).
	// Where the DC ships every order in full (FullCat) and the category
	// has one lead time, it is part of the vector loop; else here, for the
	// cells that ordered, found eight at a time.
	vecAlloc := full && lead >= 0
	var prow []int16 // the pipeline row of today's shipments, if not today's
	if vecAlloc && lead > 0 {
		r := (d + int(lead)) % pipeSlots * n
		prow = st.Pipe[r+clo : r+clo+m+8]
	}
	for j := 0; j < m && !vecAlloc; j += 8 {
		ab := ld16(creq, j).NotEqual(archsimd.BroadcastInt16x8(0)).ToBits() & lanes(j, m)
		for ; ab != 0; ab &= ab - 1 {
			c := j + mbits.TrailingZeros8(ab)
			q := int32(creq[c])
			k := int(skuS[c])
			sp := &skus[k]
			creq[c] = 0
			ship := q
			if f := fill[k]; f < 1 {
				ship = min(q, int32(float64(q)*float64(f)+lo32(bits(kA, uint64(k)))))
			}
			if ship > 0 {
				units := min(ship*sp.casepack, math.MaxInt16)
				pi := (d+int(sp.lead))%pipeSlots*n + clo + c
				st.Pipe[pi] = int16(min(int32(st.Pipe[pi])+units, math.MaxInt16))
				onOrder[c] += units
			}
			a[rUnfilled] += int64(q-ship) * int64(pk2s[c]&0xFFFF)
		}
	}

	// Perishable categories (engine.catUniform): the cells' stock by
	// expiry day is a block of L rows of m cells (State.Cohort); rows[k]
	// is the row of what expires on day d+k, k = 0 (today) to L.
	cohort, ebuf := st.Cohort[:len(st.Cohort)+simdPad], w.ebuf[:m+16]
	var rows [maxTrackedLife + 1]int
	L, nE := 0, 0
	kLo, kNZ := 1, maxTrackedLife+1 // first rows that may hold stock, today and (min over groups) tomorrow
	var wasteVs []int32
	if perish {
		sp := &skus[sc.sku[clo]]
		L, nE = int(sp.ring), int(min(sp.life, 1+sp.lead))
		ci := int(w.dmod[L&31])
		for k := range L + 1 {
			rows[k] = int(cb) + (ci+k)%L*m
		}
		kLo = max(1, int(*cohLo)-d)
		wasteVs = sc.wasteV[clo : clo+m+8]
	}
	row0 := cohort[rows[0] : rows[0]+m+8]

	prices, margins := sc.price[clo:clo+m+8], sc.margin[clo:clo+m+8]
	m16 := archsimd.BroadcastUint32x8(1<<16 - 1)
	rates := sc.rate[clo : clo+m+8]
	dem, rnd, cum := w.dem[:m+8], w.rnd[:m+8], w.cum[:m+8]
	var last []int16
	if st.Last != nil {
		last = st.Last[clo : clo+m+16]
	}

	zero := archsimd.BroadcastInt32x8(0)
	max16 := archsimd.BroadcastInt32x8(math.MaxInt16)
	cL := archsimd.BroadcastFloat64x8(cLost)
	cD := archsimd.BroadcastFloat64x8(cDelay)
	shr := archsimd.BroadcastFloat64x8(shrink)
	u20 := archsimd.BroadcastUint64x8(1<<20 - 1)
	s20 := archsimd.BroadcastFloat64x8(0x1p-20)
	// The loop records each cell's outcomes (w.out, w.outBits) and a loop
	// after it sums them: held in registers through the loop, the sums
	// pushed its working values out to memory (measured: Default30 +3.5%).
	xOwn, xLost, xDef, xSub, xWaste, xTake := w.out[0][:m+16], w.out[1][:m+8], w.out[2][:m+8], w.out[3][:m+8], w.out[4][:m+8], w.out[5][:m+16]
	outBits := w.outBits
	exact := sc.exactCum
	for j := 0; j < m; j += 8 {
		e := min(j+8, m)
		vbits := lanes(j, m)
		pk2 := archsimd.LoadUint32x8(at(pk2s, j))
		sh := ld32(shelf, j)
		bk := ld32(book, j)
		oo := ld32(onOrder, j)
		arr := ld16(pipeIn, j).ExtendToInt32()
		if vecAlloc {
			units := ld16(creq, j).ExtendToInt32().Mul(pk2.ShiftAllRight(16).AsInt32x8()).Min(max16)
			oo = oo.Add(units)
			if lead == 0 {
				arr = arr.Add(units).Min(max16) // arrives today
			} else {
				st16(ld16(prow, j).ExtendToInt32().Add(units).Min(max16).TruncateToInt16(), prow, j, e)
			}
		}
		arr16 := arr.TruncateToInt16()
		rw := archsimd.LoadUint64x8(at(retIn, j))
		dm := ld32(dem, j).Add(rw.ShiftAllRight(rsh).TruncateToUint16().AsInt16x8().ExtendToInt32())
		st64(rw.And(rclr), retIn, j, e)
		b := archsimd.LoadUint64x8(at(rnd, j))

		// 1. Receive, and 2. age.
		oo = oo.Sub(arr)
		sh = sh.Add(arr)
		bk = bk.Add(arr)
		if perish {
			// Waste what expires today; today's deliveries take its row
			// (they expire on d+L).
			waste := ld16(row0, j).ExtendToInt32()
			st16(arr16, row0, j, e)
			sh = sh.Sub(waste)
			bk = bk.Sub(waste).Max(zero)
			waste.Store(at(xWaste, j))
		}
		// 3. Open: availability; frozen lines.
		av := sh.Greater(zero).ToBits()
		gapBits := ^av & vbits
		gaps += mbits.OnesCount8(gapBits)
		outBits[j/8] = uint16(av) | uint16(gapBits&bk.Greater(zero).ToBits())<<8
		// 4. Sell.
		o := dm.Min(sh)
		sh = sh.Sub(o)
		unmet := dm.Sub(o)
		// 5. The five-way split (a cell without unmet demand splits
		// nothing: u < 1 truncates to 0).
		u := b.ShiftAllRight(12).And(u20).ConvertToFloat64().Mul(s20)
		uf := unmet.ConvertToFloat64()
		nl := uf.Mul(cL).Add(u).ConvertToInt32()
		nd := uf.Mul(cD).Add(u).ConvertToInt32()
		del := nd.Sub(nl)
		sub := unmet.Sub(nd)
		sub.Store(at(xSub, j))
		del.Store(at(xDef, j))
		nl.Store(at(xLost, j))
		o.Store(at(xOwn, j))
		// 6. Shrink: a unit with probability Shrink x rate, if any is left.
		rate := archsimd.LoadFloat32x8(at(rates, j)).ConvertToFloat64()
		sr := u.Sub(shr.Mul(rate)).AsUint64x8().ShiftAllRight(63).TruncateToUint32().AsInt32x8()
		sr = sr.Masked(sh.Greater(zero))
		sh = sh.Sub(sr)
		st32(sh, shelf, j, e)
		bk = bk.Sub(o).Max(zero)
		st32(bk, book, j, e)
		st32(oo, onOrder, j, e)
		if perish {
			o.Add(sr).Store(at(xTake, j))
		}
		st16(archsimd.BroadcastInt16x8(0), pipeIn, j, e)
	}
	// 7. Counts: the zero-sales run; a run as long as the cell's
	// threshold (pk1 bits 15-22; 0: none) resets the book to the shelf.
	// Sixteen cells at a time.
	{
		zero, one := archsimd.BroadcastInt32x16(0), archsimd.BroadcastInt32x16(1)
		m8 := archsimd.BroadcastUint32x16(1<<8 - 1)
		for j := 0; j < m; j += 16 {
			e := min(j+16, m)
			z := archsimd.LoadUint8x16(at16(zrun, j)).ExtendToUint32().AsInt32x16().Add(one)
			z = z.Sub(z.ShiftAllRight(8)) // saturate at 255
			z = z.Masked(archsimd.LoadInt32x16(at16(xOwn, j)).Equal(zero))
			zt := archsimd.LoadUint32x16(at16(pk1s, j)).ShiftAllRight(15).And(m8).AsInt32x16()
			cnt := zt.Greater(zero).And(z.GreaterEqual(zt))
			st32x16(archsimd.LoadInt32x16(at16(shelf, j)).Merge(archsimd.LoadInt32x16(at16(book, j)), cnt), book, j, e)
			st8x16(zero.Merge(z, cnt).AsUint32x16().TruncateToUint8(), zrun, j, e)
		}
	}
	// Deferred demand returns on the coming days (a call, kept out of the
	// vector loop: every live vector would be saved around it).
	for j := 0; j < m; j += 8 {
		for db := ld32(xDef, j).Greater(zero).ToBits() & lanes(j, m); db != 0; db &= db - 1 {
			l := j + mbits.TrailingZeros8(db)
			w.deferDemand(clo+l, rslot, xDef[l])
		}
	}
	// The units sold and shrunk leave the perishable stock that expires
	// first, in a loop of its own (fewer values live in either loop),
	// sixteen cells at a time (the loop's work is per row and group,
	// whatever the group's width).
	zero32 := archsimd.BroadcastInt32x16(0)
	zero16x := archsimd.BroadcastInt16x16(0)
	for j := 0; j < m && perish; j += 16 {
		e := min(j+16, m)
		vb := lanes16(j, m)
		nt := archsimd.LoadInt32x16(at16(xTake, j)).Masked(archsimd.Mask32x16FromBits(vb))
		// An order counts out what expires before it arrives (within nE
		// days; position in step). Rows before kLo are empty
		// (State.CohLo).
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
			if x16.NotEqual(zero16x).ToBits()&tb != 0 {
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
		st32x16(ex.Min(archsimd.LoadInt32x16(at16(book, j))), ebuf, j, e)
	}
	// The substitution pool's cumulative rates of the SKUs in stock.
	// Where every partial sum is exact (engine.simd.exactCum), a prefix
	// sum within each group gives the scalar chain's values; else the
	// chain, in cell order.
	if exact {
		up1 := archsimd.LoadUint64x8Slice([]uint64{0, 0, 1, 2, 3, 4, 5, 6})
		up2 := archsimd.LoadUint64x8Slice([]uint64{0, 0, 0, 1, 2, 3, 4, 5})
		up4 := archsimd.LoadUint64x8Slice([]uint64{0, 0, 0, 0, 0, 1, 2, 3})
		from1, from2, from4 := archsimd.Mask64x8FromBits(0xFE), archsimd.Mask64x8FromBits(0xFC), archsimd.Mask64x8FromBits(0xF0)
		totV := archsimd.BroadcastFloat64x8(total)
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
		total = cum[m-1]
	}
	archsimd.ClearAVXUpperBits()
	if !exact {
		for l := range m {
			total += float64(rates[l]) * float64(uint32(-shelf[l])>>31)
			cum[l] = total
		}
	}
	if perish {
		// Stock expires on d+kNZ at the earliest; tomorrow's deliveries
		// expire after d+L.
		*cohLo = int32(d + min(kNZ, L))
	}
	// The category's sums, each cell's outcome times its weight. Sums that
	// follow from others are not kept: demand = own + unmet, unmet = lost
	// + deferred + substitution attempts, sales = the random groups' sales
	// (integers, so exactly).
	var accAvail, accFrozen, accOwn, accMargin archsimd.Int64x8
	var accDef, accLost, accPool, accPoolW, accWaste, accWasteV archsimd.Int64x8
	// Sales by random group (the sampling error's) only in quick mode;
	// at full resolution they are not used, and all go in group 0.
	var accG [4]archsimd.Int64x8
	sampled := en.sampled
	for j := 0; j < m; j += 8 {
		vm := archsimd.Mask64x8FromBits(lanes(j, m))
		wq := archsimd.LoadUint32x8(at(pk2s, j)).And(m16).AsInt32x8().ExtendToInt64().Masked(vm)
		ob := outBits[j/8]
		accAvail = accAvail.Add(wq.Masked(archsimd.Mask64x8FromBits(uint8(ob))))
		accFrozen = accFrozen.Add(wq.Masked(archsimd.Mask64x8FromBits(uint8(ob >> 8))))
		sub64 := archsimd.LoadInt32x8(at(xSub, j)).ExtendToInt64()
		accPool = accPool.Add(sub64.Masked(vm))
		accPoolW = accPoolW.Add(sub64.Mul(wq))
		accDef = accDef.Add(archsimd.LoadInt32x8(at(xDef, j)).ExtendToInt64().Mul(wq))
		accLost = accLost.Add(archsimd.LoadInt32x8(at(xLost, j)).ExtendToInt64().Mul(wq))
		o64 := archsimd.LoadInt32x8(at(xOwn, j)).ExtendToInt64()
		accOwn = accOwn.Add(o64.Mul(wq))
		v := o64.Mul(archsimd.LoadInt32x8(at(prices, j)).ExtendToInt64()).Mul(wq)
		accMargin = accMargin.Add(o64.Mul(archsimd.LoadInt32x8(at(margins, j)).ExtendToInt64()).Mul(wq))
		if sampled {
			rg := archsimd.LoadUint32x8(at(pk1s, j)).ShiftAllRight(30).AsInt32x8()
			for g := range accG {
				accG[g] = accG[g].Add(v.Masked(archsimd.Mask64x8FromBits(rg.Equal(archsimd.BroadcastInt32x8(int32(g))).ToBits())))
			}
		} else {
			accG[0] = accG[0].Add(v)
		}
		if perish {
			w64 := archsimd.LoadInt32x8(at(xWaste, j)).ExtendToInt64().Mul(wq)
			accWaste = accWaste.Add(w64)
			accWasteV = accWasteV.Add(w64.Mul(archsimd.LoadInt32x8(at(wasteVs, j)).ExtendToInt64()))
		}
	}

	// 8. Orders, on days whose delivery can arrive, from the final book,
	// sixteen cells at a time.
	{
		zero, one := archsimd.BroadcastInt32x16(0), archsimd.BroadcastInt32x16(1)
		m15 := archsimd.BroadcastUint32x16(1<<15 - 1)
		max16 := archsimd.BroadcastInt32x16(math.MaxInt16)
		od := archsimd.BroadcastInt32x16(int32(dowBit))
		var qbuf [16]int32
		for j := 0; j < m; j += 16 {
			e := min(j+16, m)
			pk1 := archsimd.LoadUint32x16(at16(pk1s, j))
			pk2 := archsimd.LoadUint32x16(at16(pk2s, j))
			ip := archsimd.LoadInt32x16(at16(book, j)).Add(archsimd.LoadInt32x16(at16(onOrder, j)))
			if perish {
				ip = ip.Sub(archsimd.LoadInt32x16(at16(ebuf, j)))
			}
			ob := pk1.ShiftAllRight(23).AsInt32x16().And(od).Greater(zero)
			cp := pk2.ShiftAllRight(16).AsInt32x16()
			need := pk1.And(m15).AsInt32x16().Sub(ip).Max(zero)
			// Whole cases: the quotient of (need+cp-1)/cp truncated. In
			// float32 it is exact here: need < 2^15 and cp < 2^16, so the
			// quotient is an integer k (exact) or at least 1/cp away from
			// the next, more than float32's rounding error of (k+1)2^-24.
			q := need.Add(cp).Sub(one).ConvertToFloat32().Div(cp.ConvertToFloat32()).ConvertToInt32().Min(max16).Masked(ob)
			st16x16(q.TruncateToInt16(), creq, j, e)
			if last != nil {
				st16x16(q.Merge(archsimd.LoadInt16x16(at16(last, j)).ExtendToInt32(), ob).TruncateToInt16(), last, j, e)
			}
			if qb := q.Greater(zero).ToBits() & lanes16(j, m); qb != 0 {
				q.Store(&qbuf)
				for ; qb != 0; qb &= qb - 1 {
					l := mbits.TrailingZeros16(qb)
					c := j + l
					req[skuS[c]] += int64(qbuf[l]) * int64(pk2s[c]>>16) * int64(pk2s[c]&0xFFFF)
				}
			}
		}
	}
	archsimd.ClearAVXUpperBits()

	own, def, lost, poolW := hsum(accOwn), hsum(accDef), hsum(accLost), hsum(accPoolW)
	unmet := lost + def + poolW
	a[rAvail] += hsum(accAvail)
	a[rFrozen] += hsum(accFrozen)
	a[rOwn] += own
	a[rMargin] += hsum(accMargin)
	a[rDemand] += own + unmet
	a[rDeferred] += def
	a[rLost] += lost
	a[rUnmet] += unmet
	a[rWaste] += hsum(accWaste)
	a[rWasteV] += hsum(accWasteV)
	for g := range accG {
		v := hsum(accG[g])
		w.groupSales[g] += v
		a[rSales] += v
	}
	return int32(hsum(accPool)), poolW, gaps, total
}

func hsum(x archsimd.Int64x8) int64 {
	y := x.GetHi().Add(x.GetLo())
	z := y.GetHi().Add(y.GetLo())
	return z.GetElem(0) + z.GetElem(1)
}

// countBelow returns how many of a[:m] are below x, eight at a time: for
// an a that never decreases, the index lowerBound returns. a has room for
// eight values past m. For a category of up to countMax cells this is
// faster than the binary search, whose steps wait on each other.
func countBelow(a []float64, m int, x float64) int {
	xv := archsimd.BroadcastFloat64x8(x)
	c := 0
	for j := 0; j < m; j += 8 {
		c += mbits.OnesCount8(archsimd.LoadFloat64x8(at(a, j)).Less(xv).ToBits() & lanes(j, m))
	}
	archsimd.ClearAVXUpperBits()
	return c
}

// countMax is the most cells a category may have for the substitution's
// search to count (countBelow) rather than bisect (lowerBound).
const countMax = 256

// lanes16 is lanes for a group of sixteen.
func lanes16(j, m int) uint16 {
	if m-j >= 16 {
		return 0xFFFF
	}
	return uint16(1)<<(m-j) - 1
}

// lanes returns the bits of the lanes of the group of eight starting at
// cell j that lie within the category's m cells.
func lanes(j, m int) uint8 {
	if m-j >= 8 {
		return 0xFF
	}
	return uint8(1)<<(m-j) - 1
}

// Loads of the eight cells from j, and stores of those of them before e.
// A load past the category reads the next cells or the arrays' spare
// capacity (simdPad, and the padding of engine.simd and the worker's
// scratch); those lanes are masked out of every sum and never stored.
// Every slice passed here is cut on entry to the pass to the category's
// cells plus eight, so that the slicing checks the bounds once per
// category and at(s, j) for j < m need not.

// at returns s[j:j+8] as a pointer to an array, without checking the
// bounds: the caller knows that j+8 <= len(s). (Checking them for every
// group of eight cost the SIMD build 9%: -gcflags=-B, Default30.)
func at[T any](s []T, j int) *[8]T {
	return (*[8]T)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(j)*unsafe.Sizeof(*new(T))))
}

func ld32(s []int32, j int) archsimd.Int32x8 { return archsimd.LoadInt32x8(at(s, j)) }

func ld16(s []int16, j int) archsimd.Int16x8 { return archsimd.LoadInt16x8(at(s, j)) }

// at16 is at for sixteen elements: j+16 <= len(s).
func at16[T any](s []T, j int) *[16]T {
	return (*[16]T)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(j)*unsafe.Sizeof(*new(T))))
}

func st16x16(x archsimd.Int16x16, s []int16, j, e int) {
	if e-j == 16 {
		x.Store(at16(s, j))
		return
	}
	var t [16]int16
	x.Store(&t)
	tail(t[:], s, j, e)
}

func st8x16(x archsimd.Uint8x16, s []uint8, j, e int) {
	if e-j == 16 {
		x.Store(at16(s, j))
		return
	}
	var t [16]uint8
	x.Store(&t)
	tail(t[:], s, j, e)
}

// tail stores the lanes t holds of a group that ends at e, lane by lane
// (no call to copy's memmove, around which the caller's live vectors
// would be saved and reloaded).
func tail[T any](t, s []T, j, e int) {
	for l := range e - j {
		s[j+l] = t[l]
	}
}

func st32x16(x archsimd.Int32x16, s []int32, j, e int) {
	if e-j == 16 {
		x.Store(at16(s, j))
		return
	}
	x.StoreMasked(at16(s, j), archsimd.Mask32x16FromBits(uint16(1)<<(e-j)-1))
}

func st32(x archsimd.Int32x8, s []int32, j, e int) {
	if e-j == 8 {
		x.Store(at(s, j))
		return
	}
	var t [8]int32
	x.Store(&t)
	copy(s[j:e], t[:])
}

func st16(x archsimd.Int16x8, s []int16, j, e int) {
	if e-j == 8 {
		x.Store(at(s, j))
		return
	}
	var t [8]int16
	x.Store(&t)
	copy(s[j:e], t[:])
}

func st64(x archsimd.Uint64x8, s []uint64, j, e int) {
	if e-j == 8 {
		x.Store(at(s, j))
		return
	}
	var t [8]uint64
	x.Store(&t)
	copy(s[j:e], t[:])
}
