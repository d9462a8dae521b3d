package model

// dcStep runs the DCs after all stores have ordered on simulated day d of a
// run with recovery time R: supplier deliveries land; each DC fills its
// stores' orders from stock, then within its pick capacity (reduced during
// the outage, raised by the surge after it), sharing what is scarce
// proportionally or priority stores first; the fill fractions are applied
// by each store the next morning (step, event 0). Then each DC orders from
// its suppliers up to its target stock.
func (ru *runner) dcStep(d, R int) {
	en, st := ru.en, ru.st
	nk, nd := en.nSKUs, en.nDCs
	sc := &en.sc
	p := &ru.workers[0].p
	req := ru.req
	clear(req)
	for _, w := range ru.workers {
		for i, v := range w.req {
			req[i] += v
		}
		clear(w.req)
	}
	t0 := en.warm + sc.Outage.StartDay
	down := R > 0 && d >= t0 && d < t0+R
	surge := R > 0 && d >= t0+R && d < t0+R+sc.Restart.SurgeDays
	supFill := sc.Replenish.SupplierFill
	if R > 0 && d >= t0 && d < t0+R+sc.Restart.SurgeDays {
		supFill = p.SupplierFill
	}
	prio := sc.Restart.Allocation == PriorityFirst
	sl := sc.Replenish.SupplierLeadDays
	for dc := range nd {
		capF := 1.0
		if en.dcScope[dc] {
			if down {
				capF = p.DCCapacity
			} else if surge {
				capF = p.Surge
			}
		}
		stock := st.Stock[dc*nk:][:nk]
		arr := st.SupPipe[(d%pipeSlots)*nd*nk+dc*nk:][:nk]
		for k, v := range arr {
			stock[k] += v
		}
		clear(arr)
		r0 := req[dc*nk:][:nk]
		r1 := req[(nd+dc)*nk:][:nk]
		f0s, f1s := ru.f0, ru.f1
		var cases0, cases1 float64
		limited := en.dcLimited[dc]
		for k := range nk {
			a, b := float64(r1[k]), float64(r0[k])
			f1, f0 := 1.0, 1.0
			if limited {
				f1, f0 = split(float64(stock[k]), a, b, prio)
			}
			f0s[k], f1s[k] = f0, f1
			cp := float64(en.sku[k].casepack)
			cases1 += a * f1 / cp
			cases0 += b * f0 / cp
		}
		rc0, rc1 := 1.0, 1.0
		if en.dcCap[dc] > 0 {
			rc1, rc0 = split(float64(en.dcCap[dc])*capF, cases1, cases0, prio)
		}
		fill0 := st.Fill[dc*nk:][:nk]
		fill1 := st.Fill[(nd+dc)*nk:][:nk]
		for k := range nk {
			F0, F1 := f0s[k]*rc0, f1s[k]*rc1
			fill0[k], fill1[k] = float32(F0), float32(F1)
			if limited {
				stock[k] = max(0, stock[k]-int64(float64(r1[k])*F1+float64(r0[k])*F0))
			}
		}
		if !limited {
			continue
		}
		days := en.dcStockDays[dc]
		daily := en.dcDaily[dc*nk:][:nk]
		lump := en.dcLump[dc*nk:][:nk]
		out := st.SupPipe[((d+1+sl)%pipeSlots)*nd*nk+dc*nk:][:nk]
		for k := range nk {
			target := float64(daily[k])*(days+float64(sl+1)) + float64(lump[k])
			ip := stock[k]
			for slot := range pipeSlots {
				ip += st.SupPipe[slot*nd*nk+dc*nk+k]
			}
			if float64(ip) < target {
				out[k] += int64((target - float64(ip)) * supFill)
			}
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
