package model

import (
	"math"
	mbits "math/bits"
)

// Ordering modes of a cell on a day.
const (
	modeAuto   = uint8(0xFF) // the system orders from book stock
	modeCore   = uint8(CoreRange)
	modeRepeat = uint8(Repeat)
	modePush   = uint8(Push)
)

// modeOf returns the ordering mode of category cat in a store on simulated
// day d of a run whose recovery time is R (0: no outage).
func (en *engine) modeOf(cat int, inScope bool, d, R int) uint8 {
	if R <= 0 || !inScope || !en.catScope[cat] {
		return modeAuto
	}
	o := &en.sc.Outage
	t0 := en.warm + o.StartDay
	if d < t0 {
		return modeAuto
	}
	fb := uint8(en.catFallback[cat])
	if d < t0+o.FallbackDay {
		fb = uint8(o.Initial)
	}
	if d < t0+R+en.stageDelay[en.catClass[cat]] {
		return fb
	}
	return modeAuto
}

// orderUpTo returns a cell's order-up-to level S, in units: the mean
// demand over the protection period P = lead + review (mu x P) plus
// SafetyZ (z) standard deviations of it, with the negative binomial's
// variance mu P + (mu P)^2/(k P) for dispersion k (Poisson where k = 0),
// rounded up; at most the shelf's capacity (ShelfCap x the format's
// ShelfScale; 0: none); at least the store's cover, mu x cover days
// (Replenish.CoverDays: the back room holds what the shelf cannot)
// rounded up; for fresh stock, at most mu x the shelf life rounded
// up (what sells before it expires); at least 1 unit for a line that
// sells; at most 30,000 (the state's int16 rows). This is the periodic
// review order-up-to policy of inventory theory; SafetyZ's default is set
// to the UK's normal availability (Replenish.SafetyZ).
func orderUpTo(mu, k float64, sp *skuParam, shelfCap int, scale, z, cover float64) int32 {
	p := float64(sp.lead + sp.gap)
	m := mu * p
	v := m
	if k > 0 {
		v += m * m / (k * p)
	}
	S := math.Ceil(m + z*math.Sqrt(v))
	capU := math.Max(1, math.Round(float64(shelfCap)*scale))
	if shelfCap == 0 {
		capU = math.Inf(1)
	}
	S = math.Min(S, capU)
	S = math.Max(S, math.Ceil(mu*cover))
	if l := sp.life; l > 0 {
		S = math.Min(S, math.Ceil(mu*float64(l)))
	}
	if mu > 0 {
		S = math.Max(S, 1)
	}
	return int32(math.Min(S, 30000))
}

// deliveryGap returns the longest run of days from one delivery day to the
// next in the weekly mask m (bit 0 = Monday): the review period.
func deliveryGap(m uint8) int {
	best, prev, first := 0, -1, -1
	for d := range 7 {
		if m&(1<<d) == 0 {
			continue
		}
		if prev >= 0 {
			best = max(best, d-prev)
		} else {
			first = d
		}
		prev = d
	}
	return max(best, first+7-prev)
}

// orders places the block's orders for tomorrow's allocation (event 8), on
// days whose delivery can arrive (skuParam.orderDays), for each cell j:
//
//	automatic: q = cases(orderUpTo - position); position = book + on
//	order, less fresh stock that expires before the order arrives (position);
//	kept in last[j] before the outage (the Repeat fallback)
//	Repeat: q = last[j]
//	Push: q = floor(PushFactor x rate x e x review period / casepack + u),
//	e the central forecast's error for the store's line (allocError)
//	CoreRange: q = creq[j] as it is (coreOrders places the core range's)
//	with a direct delivery share ds = dsd > 0 (Category.DSD; see direct):
//	    automatic: qd = floor(q x ds + u'); creq[j] = q - qd
//	    Repeat, Push: creq[j] = floor(q x (1 - ds) + u'); CoreRange: creq[j] = q
//	    fallbacks: qd = floor(cases(orderUpTo - position from the shelf) x ds + u')
//	    qd cases go straight to the store (direct)
//	else creq[j] = q
//	req[SKU] += creq[j] x casepack x weight (the DC's request)
//
// This is an order-up-to (periodic review) policy; the level is set by
// orderUpTo. A substitute sold from a cell later corrects its order
// (subSale).
func orders(b *block) {
	if b.catDays&b.dowBit == 0 {
		return // no SKU of the category orders today
	}
	cells := b.cells
	m := len(cells)
	creq, book, onOrder := b.creq[:m], b.book[:m], b.onOrder[:m]
	skus, cohort, dmod, req := b.skus, b.cohort, b.dmod, b.req
	mode, dowBit, keepLast := b.mode, b.dowBit, b.keepLast
	for j := range cells {
		c := &cells[j]
		k := c.sku
		sp := &skus[k]
		if sp.orderDays&dowBit == 0 {
			continue
		}
		var q int16
		switch mode {
		case modeAuto:
			q = sp.order(c.orderUpTo - position(c.coff, int32(c.cstr), sp, book[j], onOrder[j], cohort, dmod))
			if keepLast {
				b.last[j] = q
			}
		case modeRepeat:
			q = b.last[j]
		case modePush:
			x := b.sc.Outage.PushFactor * float64(c.rate) * allocError(b.kF, k, lognormalSigma(b.p.AllocError)) * float64(sp.gap) / float64(sp.casepack)
			q = int16(min(x+hi32(bits(b.kS, uint64(k))), math.MaxInt16))
		default:
			q = creq[j]
		}
		if b.dsd > 0 && (q > 0 || mode != modeAuto) {
			// (An automatic order of nothing sends nothing direct:
			// floor(0 x ds + u') = 0.)
			q = b.direct(j, k, q)
		}
		creq[j] = q
		if q > 0 {
			req[k] += int64(q) * int64(sp.casepack) * int64(c.wq)
		}
	}
}

// direct sends block cell j's (SKU k's) direct store delivery (Category.DSD) and
// returns what is left of the retailer's order q for the DC (see orders):
// the supplier's cases go into the pipe to arrive after the lead time,
// like a shipped order, without passing through the DC's stock, capacity
// or fill. Under automatic ordering the supplier's order is the share ds
// of the system's (in normal trading both order up to the same level);
// under a fallback the supplier keeps ordering its share up to the
// order-up-to level from the stock on the shelf (a supplier's staff see
// the shelf, not the store's book), and the stock-blind fallbacks (Repeat,
// Push) send only the retailer's share; a manual core range counts the
// direct delivery on order. (GMA 2008: suppliers order and deliver direct,
// "about two days against ten"; Co-op 2025: direct deliveries to stores
// kept running [ref].)
func (b *block) direct(j int, k int32, q int16) int16 {
	sp := &b.skus[k]
	u := hi32(bits(b.kS, uint64(k)+uint64(len(b.skus))))
	ds := b.dsd
	var qd int32
	switch b.mode {
	case modeAuto:
		qd = int32(float64(q)*ds + u)
		q -= int16(qd)
	default:
		if b.mode != modeCore {
			q = int16(float64(q)*(1-ds) + u)
		}
		c := &b.cells[j]
		need := c.orderUpTo - position(c.coff, int32(c.cstr), sp, b.shelf[j], b.onOrder[j], b.cohort, b.dmod)
		qd = int32(float64(sp.order(need))*ds + u)
	}
	if qd > 0 {
		b.sendDirect(j, sp, qd)
	}
	return q
}

// sendDirect puts qd cases of block cell j's direct delivery (of SKU sp)
// into the pipe, to arrive after the lead time, and on order (see direct).
func (b *block) sendDirect(j int, sp *skuParam, qd int32) {
	units := min(qd*sp.casepack, math.MaxInt16)
	pi := (b.d+1+int(sp.lead))%pipeSlots*b.n + b.clo + j
	b.pipe[pi] = int16(min(int32(b.pipe[pi])+units, math.MaxInt16))
	b.onOrder[j] += units
}

// coreOrders is the manual core range (event 8, the CoreRange fallback):
// staff order up to coreLimit lines a day, by priority (engine.prio), from
// a look at the shelf, with a lognormal estimation error of coefficient of
// variation Outage.CoreError: for each line needing stock,
//
//	q = max(1, round(need x exp(sigma z - sigma^2/2) / casepack)),
//	need = round(orderUpTo x e) - shelf - on order
//
// with e the central forecast's error for the store's line (allocError):
// the range's quantities come from head office, the shelf from the store.
func coreOrders(w *worker, s int) {
	en, st := w.en, w.st
	lo, hi := en.start[s], en.start[s+1]
	req := w.req[w.dcRow:][:en.nSKUs]
	lines := en.coreLimit[s]
	sig := lognormalSigma(en.sc.Outage.CoreError)
	fsig := lognormalSigma(w.p.AllocError) // the forecast error's (allocError)
	for _, i32 := range en.prio[lo:hi] {
		if lines <= 0 {
			break
		}
		i := int(i32)
		k := en.cell[i].sku
		if w.mode[en.skuCat[k]] != modeCore || en.sku[k].orderDays&(1<<w.dow) == 0 {
			continue
		}
		level := int32(math.Round(float64(en.cell[i].orderUpTo) * allocError(w.kF, k, fsig)))
		need := level - st.Shelf[i] - st.OnOrder[i]
		if need <= 0 {
			continue
		}
		z := normInv(lo32(bits(w.kS, uint64(k)+uint64(en.nSKUs))) + 0x1p-33)
		x := float64(need) * math.Exp(sig*z-sig*sig/2) / float64(en.sku[k].casepack)
		q := int16(min(math.Max(1, math.Round(x)), math.MaxInt16))
		st.Req[i] = q
		req[k] += int64(q) * int64(en.sku[k].casepack) * int64(en.cell[i].wq)
		lines--
	}
}

// position returns the inventory position a cell orders from: book + on
// order, less, for fresh stock (cohorts at offset co >= 0, stride str),
// what will be out of date before an order placed today arrives.
func position(co, str int32, sp *skuParam, book, onOrder int32, cohort []int16, dmod *[maxTrackedLife + 1]int32) int32 {
	ip := book + onOrder
	if co >= 0 {
		ip -= min(expiring(cohort, co, str, sp.ring, dmod[sp.ring&31], min(sp.life, 1+sp.lead)), book)
	}
	return ip
}

// order returns the whole cases that bring a position need units short of
// the order-up-to level back to it, without a branch on whether any are
// needed.
func (p *skuParam) order(need int32) int16 {
	return int16(min(p.cases(max(need, 0)), math.MaxInt16))
}

// setCases sets the constants of cases: ceil(n/casepack) is the high word
// of cpM x (n+casepack-1) with cpM = floor((2^64-1)/casepack)+1, exact for
// 32-bit numerators and divisors (Lemire, Kaser & Kurz 2019, "Faster
// remainder by direct computation", Theorem 1); casepack 1 has cpM = 0 and
// cpOne set, which passes n through.
func (p *skuParam) setCases() {
	if p.casepack == 1 {
		p.cpM, p.cpOne = 0, ^uint64(0)
		return
	}
	p.cpM, p.cpOne = ^uint64(0)/uint64(p.casepack)+1, 0
}

// cases returns ceil(n/casepack) for 0 <= n <= 2^31-casepack, without a
// division (an integer division cost 6% of the step).
func (p *skuParam) cases(n int32) int32 {
	x := uint64(n + p.casepack - 1)
	hi, _ := mbits.Mul64(p.cpM, x)
	return int32(hi | x&p.cpOne)
}

// allocError is the error of the central, stale forecast that manual
// allocations (Push, the core range's levels) are set from, for SKU k of
// the store whose forecast key is kF: lognormal with mean 1 and
// coefficient of variation cv, the same every day of a replicate, so a
// line that the forecast over-supplies is over-supplied all through the
// outage (fresh over-supply becomes waste) and one it under-supplies runs
// short. Central ordering is inflexible for short-life lines whose sales
// vary from store to store (Safeway annual report 2001) [ref]; the size
// of the error is an estimate (Outage.AllocError). sig is
// lognormalSigma(cv), computed once by the caller.
func allocError(kF uint64, k int32, sig float64) float64 {
	if sig == 0 {
		return 1
	}
	z := normInv(lo32(bits(kF, uint64(k))) + 0x1p-33)
	return math.Exp(sig*z - sig*sig/2)
}

// lognormalSigma returns the sigma of the lognormal with mean 1 and
// coefficient of variation cv: sqrt(log(1 + cv^2)).
func lognormalSigma(cv float64) float64 { return math.Sqrt(math.Log1p(cv * cv)) }
