//go:build goexperiment.simd && amd64

package model

import (
	"math"
	mbits "math/bits"
	"runtime"
	"simd/archsimd"
	"sync/atomic"
	"unsafe"
)

// useSIMD is set where the build has Go's experimental SIMD package
// (GOEXPERIMENT=simd, Go 1.26) and the processor has AVX-512: the step
// then runs the vector twins of its kernels (vector) on the blocks they
// take. Results are byte-identical either way (TestKernelsSIMD, and every
// golden file).
var useSIMD = archsimd.X86.AVX512()

// vector is the kernels' vector twins: eight or sixteen cells at a time,
// with the plain kernels' results. Each takes the common block (b.vec:
// automatic ordering, no outage postings pending, ambient or perishable
// with one shelf life, at least simdMin cells, parameters that fit
// engine.simd's packing; b.vecDraw for the draw) and hands any other to
// its plain kernel.
var vector = kernels{
	receive:   receiveSIMD,
	draw:      drawSIMDBlock,
	sell:      sellSIMD,
	record:    recordSIMD,
	poolRates: poolRatesSIMD,
	orders:    ordersSIMD,
}

// drawSIMDBlock is draw's twin: drawSIMD on the block's cells.
func drawSIMDBlock(b *block) {
	if !b.vecDraw {
		draw(b)
		return
	}
	b.w.drawSIMD(b.kD, b.clo, b.m, b.pd, b.demandX)
}

// simdPad is the spare capacity of per-cell state arrays (see newState).
const simdPad = 16

// simdMin is the fewest cells of a block that the vector kernels take: each call has a fixed cost (constants, sums across lanes) that a
// quick-mode category of a few sampled cells does not repay. Measured on
// 2 cores: 16 against 32, Default300 +3.6% and quick5pct -0.5%; 8 against
// 16, Default300 the same and quick5pct -12%.
const simdMin = 16

// drawSIMD is draw for the m cells of a category starting at cell clo,
// eight at a time: the same hash, mean and Poisson shortcuts, in the same
// order of floating-point operations, so the same results. It fills
// w.dem[:m] and w.rnd[:m], the draws the shortcuts leave undecided too
// (by poissonSlowSIMD). pd is the category's weekday weight today.
//
// It runs in three passes over the category, so that no vector load waits
// for scalar stores it would read (a load that spans several stores is not
// forwarded from them, and stalls until they reach the cache): the hashes;
// the gamma multipliers, read one by one from the table (the package has
// no gather); then the means and the Poisson shortcuts. The cells'
// parameters are read from engine.simd, padded by eight cells so that the
// last, partial group of eight reads valid memory (its extra lanes are
// discarded).
func (w *worker) drawSIMD(kD uint64, clo, m int, pd, traffic float64) {
	en := w.en
	sc := &en.simd
	sku := sc.sku[clo : clo+m+8]
	rate := sc.rate[clo : clo+m+8]
	gb := sc.gbase[clo : clo+m+8]
	dem, rnd, gm := w.dem[:m+8], w.rnd[:m+8], w.gm[:m+8]
	slowJ, slowMu, slowU := w.slowJ[:m+8], w.slowMu[:m+8], w.slowU[:m+8]
	gq := en.gq

	g := archsimd.BroadcastUint64x8(golden)
	k := archsimd.BroadcastUint64x8(kD)
	one := archsimd.BroadcastUint64x8(1)
	m1 := archsimd.BroadcastUint64x8(0xBF58476D1CE4E5B9)
	m2 := archsimd.BroadcastUint64x8(0x94D049BB133111EB)
	for j := 0; j < m; j += 8 {
		// b = bits(kD, sku) = mix(kD + (sku+1)*golden).
		x := k.Add(archsimd.LoadUint32x8(at(sku, j)).ExtendToUint64().Add(one).Mul(g))
		x = x.Xor(x.ShiftAllRight(30)).Mul(m1)
		x = x.Xor(x.ShiftAllRight(27)).Mul(m2)
		x.Xor(x.ShiftAllRight(31)).Store(at(rnd, j))
	}
	for j := range m + 8 {
		gm[j] = gq[int(gb[j])|int(rnd[j]&(gammaSize-1))]
	}

	zero := archsimd.BroadcastUint64x8(0)
	pt := archsimd.BroadcastFloat64x8(pd)
	tr := archsimd.BroadcastFloat64x8(traffic)
	f1 := archsimd.BroadcastFloat64x8(1)
	fHalf := archsimd.BroadcastFloat64x8(0.5)
	fSixth := archsimd.BroadcastFloat64x8(1.0 / 6)
	s32 := archsimd.BroadcastFloat64x8(0x1p-32)
	lanes := archsimd.LoadInt32x8Slice([]int32{0, 1, 2, 3, 4, 5, 6, 7})
	ns := 0
	for j := 0; j < m; j += 8 {
		// mu = rate x weekday x traffic x gamma multiplier (1 where the
		// cell is Poisson: level 0 of gq is ones).
		mu := archsimd.LoadFloat32x8(at(rate, j)).ConvertToFloat64().Mul(pt).Mul(tr).
			Mul(archsimd.LoadFloat32x8(at(gm, j)).ConvertToFloat64())
		u := archsimd.LoadUint64x8(at(rnd, j)).ShiftAllRight(32).ConvertToFloat64().Mul(s32)
		// poissonQuick, lane by lane.
		hi := f1.Sub(mu.Mul(f1.Sub(mu.Mul(fHalf))))
		lo := hi.Sub(mu.Mul(mu).Mul(mu).Mul(fSixth))
		bl := u.Sub(lo).AsUint64x8().ShiftAllRight(63)
		ok := bl.Or(u.Sub(lo.Mul(f1.Add(mu))).AsUint64x8().AndNot(u.Sub(hi).AsUint64x8()).ShiftAllRight(63))
		one.Sub(bl).TruncateToUint32().AsInt32x8().Store(at(dem, j))
		slow := ok.Equal(zero).ToBits()
		if rem := m - j; rem < 8 {
			slow &= uint8(1)<<rem - 1
		}
		lanes.Add(archsimd.BroadcastInt32x8(int32(j))).Compress(archsimd.Mask32x8FromBits(slow)).Store(at(slowJ, ns))
		sm := archsimd.Mask64x8FromBits(slow)
		mu.Compress(sm).Store(at(slowMu, ns))
		u.Compress(sm).Store(at(slowU, ns))
		ns += mbits.OnesCount8(slow)
	}
	w.poissonSlowSIMD(ns)
	for x, j := range slowJ[:ns] {
		dem[j] = w.slowK[x]
	}
	// The scalar code that follows uses SSE instructions, which run
	// slowly while the upper halves of the vector registers are dirty.
	archsimd.ClearAVXUpperBits()
}

// poissonSlowSIMD is poissonSlow for the n draws listed in w.slowMu and
// w.slowU, eight at a time, into w.slowK: expNeg, then the first simdTerms
// terms of the CDF, with the same operations in the same order. The CDF's
// terms never decrease, so counting those at or below u without branches
// gives the sequential search's answer wherever it stops within them; a
// group with a draw whose uniform lies beyond them goes on with the chain
// until each such draw stops (or reaches poissonSlow's cap). A draw whose
// mean is 30 or more (the normal approximation) is recomputed by
// poissonSlow. expNeg's table is read one lane at a time, in a pass of its
// own (see drawSIMD).
func (w *worker) poissonSlowSIMD(n int) {
	mus, us := w.slowMu[:n+8], w.slowU[:n+8]
	ms, ts, ks := w.slowM[:n+8], w.slowT[:n+8], w.slowK[:n+8]
	kc := archsimd.BroadcastFloat64x8(64 / math.Ln2)
	for x := 0; x < n; x += 8 {
		archsimd.LoadFloat64x8(at(mus, x)).Mul(kc).ConvertToInt64().Store(at(ms, x))
	}
	for x := range n {
		ts[x] = expTab[ms[x]&63]
	}
	l2 := archsimd.BroadcastFloat64x8(math.Ln2 / 64)
	f1 := archsimd.BroadcastFloat64x8(1)
	fHalf := archsimd.BroadcastFloat64x8(0.5)
	fSixth := archsimd.BroadcastFloat64x8(1.0 / 6)
	f24 := archsimd.BroadcastFloat64x8(1.0 / 24)
	f30 := archsimd.BroadcastFloat64x8(30)
	one := archsimd.BroadcastUint64x8(1)
	terms := archsimd.BroadcastUint64x8(simdTerms)
	_ = invInt[simdTerms]
	for x := 0; x < n; x += 8 {
		mu := archsimd.LoadFloat64x8(at(mus, x))
		u := archsimd.LoadFloat64x8(at(us, x))
		m := archsimd.LoadInt64x8(at(ms, x))
		// expNeg(mu)
		r := mu.Sub(m.ConvertToFloat64().Mul(l2))
		e := f1.Sub(r.Mul(f1.Sub(r.Mul(fHalf.Sub(r.Mul(fSixth.Sub(r.Mul(f24))))))))
		v := e.Mul(archsimd.LoadFloat64x8(at(ts, x)))
		p := v.AsUint64x8().Sub(m.AsUint64x8().ShiftAllRight(6).ShiftAllLeft(52)).AsFloat64x8()
		// The first terms of the CDF.
		f := p
		k := archsimd.BroadcastUint64x8(0)
		for j := 1; j <= simdTerms; j++ {
			k = k.Add(one.Sub(u.Sub(f).AsUint64x8().ShiftAllRight(63)))
			p = p.Mul(mu.Mul(archsimd.BroadcastFloat64x8(invInt[j])))
			f = f.Add(p)
		}
		valid := ^uint8(0)
		if rem := n - x; rem < 8 {
			valid = uint8(1)<<rem - 1
		}
		big := mu.GreaterEqual(f30).ToBits() & valid // the normal approximation: poissonSlow
		// Draws beyond the first terms go on with the same chain, up to
		// poissonSlow's cap (len(invInt)-1 terms), until u is below the
		// CDF in each of them (checked every eight terms). Lanes that had
		// stopped count nothing more.
		if ext := k.Equal(terms).ToBits() & valid &^ big; ext != 0 {
			for j := simdTerms + 1; j < len(invInt); j++ {
				k = k.Add(one.Sub(u.Sub(f).AsUint64x8().ShiftAllRight(63)))
				p = p.Mul(mu.Mul(archsimd.BroadcastFloat64x8(invInt[j])))
				f = f.Add(p)
				if j%8 == 0 && u.Less(f).ToBits()&ext == ext {
					break
				}
			}
		}
		k.TruncateToUint32().AsInt32x8().Store(at(ks, x))
		for redo := big; redo != 0; {
			l := x + mbits.TrailingZeros8(redo)
			ks[l] = poissonSlow(mus[l], us[l])
			redo &= redo - 1
		}
	}
}

// simdTerms is how many terms of the Poisson CDF poissonSlowSIMD counts.
// Cells selling more than a few units a day reach beyond poissonTerms
// often, and a term costs a vector little.
const simdTerms = 16

// buildSIMD fills en.simd, the cells' parameters as struct-of-arrays for
// the vector kernels (padded by simdPad cells).
func (en *engine) buildSIMD() {
	if !useSIMD {
		return
	}
	n := en.nCells + simdPad
	sc := &en.simd
	sc.sku, sc.rate = make([]uint32, n), make([]float32, n)
	sc.gbase = make([]uint32, n)
	sc.pk1, sc.pk2 = make([]uint32, n), make([]uint32, n)
	sc.price, sc.margin, sc.wasteV = make([]int32, n), make([]int32, n), make([]int32, n)
	var misfit atomic.Bool
	fanOut(runtime.GOMAXPROCS(0), en.nStores, 1, func(_, st int) {
		for i := en.start[st]; i < en.start[st+1]; i++ {
			c := &en.cell[i]
			sp := &en.sku[c.sku]
			sc.sku[i], sc.rate[i] = uint32(c.sku), c.rate
			sc.gbase[i] = uint32(c.ktab) << gammaBits
			if c.orderUpTo < 0 || c.orderUpTo >= 1<<15 || c.wq < 0 || c.wq >= 1<<16 || sp.casepack >= 1<<16 ||
				sp.price != int64(int32(sp.price)) || sp.margin != int64(int32(sp.margin)) || sp.wasteV != int64(int32(sp.wasteV)) {
				misfit.Store(true)
			}
			sc.pk1[i] = uint32(c.orderUpTo)&(1<<15-1) | uint32(c.zth)<<15 | uint32(sp.orderDays&0x7F)<<23 | uint32(en.rgroup[i]&3)<<30
			sc.pk2[i] = uint32(c.wq)&(1<<16-1) | uint32(sp.casepack)<<16
			sc.price[i], sc.margin[i], sc.wasteV[i] = int32(sp.price), int32(sp.margin), int32(sp.wasteV)
		}
	})
	sc.pass = !misfit.Load()
	sc.exactCum = exactSums(en)
}

// exactSums reports whether every partial sum of float32 rates within a
// store's category is exactly representable in float64: every rate is a
// multiple of 2^(e_min-23), where e_min is the smallest rate's exponent, and
// a category's sum is below m x 2^(e_max+1); so the sums need at most
// (e_max+1) - (e_min-23) + log2(m) bits, which must stay within 53. Then
// additions of them are exact and their order does not matter.
func exactSums(en *engine) bool {
	lo, hi := math.Inf(1), 0.0
	for i := range en.cell {
		if r := float64(en.cell[i].rate); r > 0 {
			lo, hi = min(lo, r), max(hi, r)
		}
	}
	if hi == 0 {
		return true
	}
	mmax := 1
	for s := range en.nStores {
		cs := en.catStart[s*(en.nCats+1):][:en.nCats+1]
		for c := range en.nCats {
			mmax = max(mmax, int(cs[c+1]-cs[c]))
		}
	}
	_, eLo := math.Frexp(lo)
	_, eHi := math.Frexp(hi)
	return eHi-eLo+24+mbits.Len(uint(mmax)) <= 52
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
