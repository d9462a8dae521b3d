package model

import "math"

// receive lands today's deliveries and wastes perishable stock past its
// shelf life (events 1 and 2), for each cell j of the block:
//
//	if the system is back with outage flows pending (pendOn, pend[j] != 0):
//	    book[j] = shelf[j] (Restart.Recount), or book[j] + round(pend[j]); pend[j] = 0
//	arr = pipeIn[j]; pipeIn[j] = 0; onOrder[j] -= arr
//	waste = the cohort that expires today (perishable cells); today's delivery takes its row
//	shelf[j] += arr - waste
//	book[j] = max(0, book[j] + arr - waste) under automatic ordering,
//	else pend[j] += ReceiptsPosted*arr - WastePosted*waste (posted at restart)
//	recv[j], waste[j] = arr, waste; sum[rWaste], sum[rWasteV] += waste, its value (x weight)
//
// The receipts and waste an outage leaves unposted, and the shares of
// them posted, are estimates (Records, Params.ReceiptsPosted).
func receive(b *block) {
	cells := b.cells
	m := len(cells)
	shelf, book, onOrder, pend := b.shelf[:m], b.book[:m], b.onOrder[:m], b.pend[:m]
	pipeIn, recv, wasted := b.pipeIn[:m], b.recv[:m], b.waste[:m]
	recount := b.sc.Restart.Recount
	rp, wp := b.p.ReceiptsPosted, b.sc.Records.WastePosted
	a, auto, pendOn, skus, cohort, dmod := b.sum, b.auto, b.pendOn, b.skus, b.cohort, b.dmod
	for j := range cells {
		c := &cells[j]
		if pendOn && pend[j] != 0 {
			if recount {
				book[j] = shelf[j]
			} else {
				book[j] = max(0, book[j]+int32(math.Round(float64(pend[j]))))
			}
			pend[j] = 0
		}
		arr := int32(pipeIn[j])
		pipeIn[j] = 0
		onOrder[j] -= arr
		var waste int32
		if co := c.coff; co >= 0 {
			sp := &skus[c.sku]
			waste = ageCohorts(cohort, co, int32(c.cstr), sp.ring, sp.life, dmod[sp.ring&31], arr)
			wq := int64(c.wq)
			a[rWaste] += int64(waste) * wq
			a[rWasteV] += int64(waste) * sp.wasteV * wq
		}
		shelf[j] += arr - waste
		if auto {
			book[j] = max(0, book[j]+arr-waste)
		} else if arr != 0 || waste != 0 {
			pend[j] += float32(rp*float64(arr) - wp*float64(waste))
		}
		recv[j], wasted[j] = arr, waste
	}
}

// A perishable cell's stock by expiry day (state.Cohort) is in rows
// co + r*str, r < ring; on day d, row ci = d mod ring holds what is wasted
// today, and the rows after it, cyclically, what expires on d+1, d+2, ...

// ageCohorts wastes a perishable cell's stock that expires today and
// returns it; today's delivery arr, with shelf life L, expires on d+L.
func ageCohorts(coh []int16, co, str, ring, L, ci, arr int32) int32 {
	p := co + ci*str
	waste := int32(coh[p])
	coh[p] = 0
	if ci += L; ci >= ring {
		ci -= ring
	}
	coh[co+ci*str] = int16(arr)
	return waste
}

// fifoTake takes n units from a perishable cell's stock, the first to
// expire first.
func fifoTake(coh []int16, co, str, ring, ci, n int32) {
	p, end := co+ci*str, co+ring*str
	for range ring {
		if p += str; p == end {
			p = co
		}
		t := min(n, int32(coh[p]))
		coh[p] -= int16(t)
		if n -= t; n == 0 {
			return
		}
	}
}

// expiring returns a perishable cell's stock that expires within n days
// (on d+1 to d+n).
func expiring(coh []int16, co, str, ring, ci, n int32) int32 {
	p, end := co+ci*str, co+ring*str
	x := int32(0)
	for range n {
		if p += str; p == end {
			p = co
		}
		x += int32(coh[p])
	}
	return x
}
