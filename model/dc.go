package model

// dcStep runs the DCs after all stores have ordered on simulated day d of a
// run with recovery time R: supplier deliveries land; each DC fills its
// stores' orders from stock, then within its pick capacity (reduced during
// the outage, raised by the surge after it), sharing what is scarce
// proportionally or priority stores first; the fill fractions are applied
// by each store the next morning (step, event 0). Then each DC orders from
// its suppliers up to its target stock.
//
// DCs are independent of each other, so they are spread over the workers
// (fanOut: the results do not depend on which worker takes a DC). Run on
// one goroutine their work was 8% of the default run's time. In quick mode
// a DC that serves no store of the sample is skipped (dcIdle).
func (ru *runner) dcStep(d, R int) {
	en := ru.en
	sc := &en.sc
	p := &ru.workers[0].p
	t0 := en.warm + sc.Outage.StartDay
	ru.dd = dcDay{
		d:       d,
		down:    R > 0 && d >= t0 && d < t0+R,
		surge:   R > 0 && d >= t0+R && d < t0+R+sc.Restart.SurgeDays,
		supFill: sc.Replenish.SupplierFill,
		prio:    sc.Restart.Allocation == PriorityFirst,
	}
	if R > 0 && d >= t0 && d < t0+R+sc.Restart.SurgeDays {
		ru.dd.supFill = p.SupplierFill
	}
	fanOut(len(ru.workers), en.nDCs, 1, ru.dcFn)
}

// dcCapacity returns the DCs' pick capacity, as a fraction of normal, on
// day j of the outage (j = 0 its first day): falling linearly from 1 on
// day 0 to c on day n, c from then on (Outage.DCCapacityDays; n = 0: c
// from the first day).
func dcCapacity(c float64, j, n int) float64 {
	if j >= n {
		return c
	}
	return 1 - (1-c)*float64(j)/float64(n)
}

// dcDay is what a DC's step needs to know about the day.
type dcDay struct {
	d           int
	down, surge bool    // the outage; the catch-up surge after it
	supFill     float64 // suppliers' fill rate
	prio        bool    // scarce stock to priority stores first
}

// dcOne is dcStep for DC dc, with worker g's scratch.
func (ru *runner) dcOne(g, dc int) {
	en, st := ru.en, ru.st
	if en.dcIdle(dc) {
		return
	}
	dd, w := &ru.dd, ru.workers[g]
	nk, nd := en.nSKUs, en.nDCs
	sc := &en.sc
	p := &w.p
	ks, need := en.dcSKUs(dc)
	cases0, cases1 := ru.dcRequests(w, dc, ks)
	capF := 1.0
	if en.dcScope[dc] {
		if dd.down {
			capF = dcCapacity(p.DCCapacity, dd.d-(en.warm+sc.Outage.StartDay), sc.Outage.DCCapacityDays)
		} else if dd.surge {
			capF = p.Surge
		}
	}
	r0, r1 := w.dcReq[:nk], w.dcReq[nk:2*nk]
	rc0, rc1 := 1.0, 1.0
	if c := float64(en.dcCap[dc]) * capF; en.dcCap[dc] > 0 && sc.Outage.DCByNeed && c < cases0+cases1 {
		en.byNeed(need, c, r0, r1, w.f0[:nk], w.f1[:nk], dd.prio)
	} else if en.dcCap[dc] > 0 {
		rc1, rc0 = split(c, cases1, cases0, dd.prio)
	}
	full0 := st.FullCat[dc*en.nCats:][:en.nCats]
	full1 := st.FullCat[(nd+dc)*en.nCats:][:en.nCats]
	for c := range full0 {
		full0[c], full1[c] = true, true
	}
	ru.dcShip(w, dc, ks, rc0, rc1)
}

// dcRequests sums today's orders to DC dc, per class, over the workers
// (into w.dcReq), lands its supplier deliveries, and fills the orders
// from stock (the fractions into w.f0, w.f1); it returns the cases the
// orders then take, per class.
func (ru *runner) dcRequests(w *worker, dc int, ks []int32) (cases0, cases1 float64) {
	en, st, dd := ru.en, ru.st, &ru.dd
	nk, nd := en.nSKUs, en.nDCs
	r0, r1 := w.dcReq[:nk], w.dcReq[nk:2*nk]
	stock := st.Stock[dc*nk:][:nk]
	on := st.SupOn[dc*nk:][:nk]
	arr := st.SupPipe[(dd.d%pipeSlots)*nd*nk+dc*nk:][:nk]
	f0s, f1s := w.f0[:nk], w.f1[:nk]
	limited := en.dcLimited[dc]
	for i, x := range ru.workers {
		q0, q1 := x.req[dc*nk:][:nk], x.req[(nd+dc)*nk:][:nk]
		for _, k := range ks {
			if i == 0 {
				r0[k], r1[k] = q0[k], q1[k]
			} else {
				r0[k] += q0[k]
				r1[k] += q1[k]
			}
			q0[k], q1[k] = 0, 0
		}
	}
	for _, k := range ks {
		stock[k] += arr[k]
		on[k] -= arr[k]
		arr[k] = 0
		if r0[k] == 0 && r1[k] == 0 {
			// Nothing asked: filled in full, no cases (what split and
			// the sums below give, skipped: most SKUs on most days).
			f0s[k], f1s[k] = 1, 1
			continue
		}
		a, b := float64(r1[k]), float64(r0[k])
		f1, f0 := 1.0, 1.0
		if limited {
			f1, f0 = split(float64(stock[k]), a, b, dd.prio)
		}
		f0s[k], f1s[k] = f0, f1
		cp := float64(en.sku[k].casepack)
		cases1 += a * f1 / cp
		cases0 += b * f0 / cp
	}
	return cases0, cases1
}

// dcShip sets DC dc's fills (stock's fractions w.f0, w.f1 times the
// capacity's rc0, rc1) and the categories' full-shipment flags, takes
// what it ships from stock and orders from its suppliers up to its target
// stock. One pass over the DC's SKUs ks.
func (ru *runner) dcShip(w *worker, dc int, ks []int32, rc0, rc1 float64) {
	en, st, dd := ru.en, ru.st, &ru.dd
	nk, nd := en.nSKUs, en.nDCs
	sl := en.sc.Replenish.SupplierLeadDays
	r0, r1 := w.dcReq[:nk], w.dcReq[nk:2*nk]
	f0s, f1s := w.f0[:nk], w.f1[:nk]
	fill0 := st.Fill[dc*nk:][:nk]
	fill1 := st.Fill[(nd+dc)*nk:][:nk]
	full0 := st.FullCat[dc*en.nCats:][:en.nCats]
	full1 := st.FullCat[(nd+dc)*en.nCats:][:en.nCats]
	stock := st.Stock[dc*nk:][:nk]
	on := st.SupOn[dc*nk:][:nk]
	limited := en.dcLimited[dc]
	days := en.dcStockDays[dc]
	daily := en.dcDaily[dc*nk:][:nk]
	lump := en.dcLump[dc*nk:][:nk]
	out := st.SupPipe[((dd.d+1+sl)%pipeSlots)*nd*nk+dc*nk:][:nk]
	for _, k := range ks {
		F0, F1 := f0s[k]*rc0, f1s[k]*rc1
		fill0[k], fill1[k] = float32(F0), float32(F1)
		if fill0[k] < 1 {
			full0[en.skuCat[k]] = false
		}
		if fill1[k] < 1 {
			full1[en.skuCat[k]] = false
		}
		if !limited {
			continue
		}
		stock[k] = max(0, stock[k]-int64(float64(r1[k])*F1+float64(r0[k])*F0))
		target := float64(daily[k])*(days+float64(sl+1)) + float64(lump[k])
		if ip := stock[k] + on[k]; float64(ip) < target {
			x := int64((target - float64(ip)) * dd.supFill)
			out[k] += x
			on[k] += x
		}
	}
}

// split shares a supply between the priority stores' request a and the
// other stores' request b, and returns the fractions of each it fills:
// priority first, or both by the same fraction.
func split(supply, a, b float64, prio bool) (fa, fb float64) {
	if prio {
		fa = share(supply, a)
		return fa, share(supply-a*fa, b)
	}
	fa = share(supply, a+b)
	return fa, fa
}

// share returns the fraction of a request r that a supply s fills: 1 if r
// is zero, else s/r clamped to [0, 1].
func share(s, r float64) float64 {
	if r <= 0 {
		return 1
	}
	return max(0, min(1, s/r))
}

// byNeed shares a DC's pick capacity capC (cases) when it binds, by need
// (Outage.DCByNeed): SKUs in the DC's order need (engine.dcNeed) each get all the cases
// their requests r0, r1 ask for (as filled from stock, f0, f1) until the
// capacity runs out; the SKU at the edge gets what is left, the rest none.
// With prio the priority stores' requests (r1) go first over every SKU.
// The fractions of capacity are folded into f0 and f1.
func (en *engine) byNeed(need []int32, capC float64, r0, r1 []int64, f0, f1 []float64, prio bool) {
	left := capC
	take := func(x float64) float64 {
		g := share(left, x)
		left = max(0, left-x*g)
		return g
	}
	cp := func(k int32) float64 { return float64(en.sku[k].casepack) }
	if prio {
		for _, k := range need {
			f1[k] *= take(float64(r1[k]) * f1[k] / cp(k))
		}
		for _, k := range need {
			f0[k] *= take(float64(r0[k]) * f0[k] / cp(k))
		}
		return
	}
	for _, k := range need {
		g := take((float64(r1[k])*f1[k] + float64(r0[k])*f0[k]) / cp(k))
		f0[k] *= g
		f1[k] *= g
	}
}
