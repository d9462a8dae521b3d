package model

import "math"

// receive applies the DC's overnight allocation of yesterday's order,
// lands today's deliveries and wastes perishable stock past its shelf life
// (events 0, 1 and 2), for each cell j of the block:
//
//	the allocation of q = creq[j] cases of SKU k, filled at fill[k] (State.Fill):
//	ship = q if fill[k] = 1, else min(q, floor(q*fill[k] + u)), u uniform (stream alloc, SKU k),
//	so that the expected quantity is exact in whole cases;
//	pipe[day+lead][j] += ship*casepack (at most MaxInt16); onOrder[j] += the same;
//	sum[rUnfilled] += (q - ship) * weight; creq[j] = 0
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
	creq := b.creq[:m]
	for j := range cells {
		c := &cells[j]
		if q := int32(creq[j]); q != 0 {
			creq[j] = 0
			b.allocate(j, q)
		}
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

// allocate ships block cell j's share of the DC's allocation of its
// order of q cases (see receive). It is a call, not inline in receive's
// loop, to keep that loop's values in registers (most cells have no
// order to receive).
//
//go:noinline
func (b *block) allocate(j int, q int32) {
	c := &b.cells[j]
	k := c.sku
	sp := &b.skus[k]
	ship := q
	if f := b.fill[k]; f < 1 {
		ship = min(q, int32(float64(q)*float64(f)+lo32(bits(b.kA, uint64(k)))))
	}
	if ship > 0 {
		units := min(ship*sp.casepack, math.MaxInt16)
		pi := (b.d+int(sp.lead))%pipeSlots*b.n + b.clo + j
		b.pipe[pi] = int16(min(int32(b.pipe[pi])+units, math.MaxInt16))
		b.onOrder[j] += units
	}
	b.sum[rUnfilled] += int64(q-ship) * int64(c.wq)
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
// expire first. It is a call, not inlined: inlined, its loop took the
// registers of record's, whose values were then reloaded on every cell
// (with it out of line, record and the takes run 1.9% fewer instructions
// of the whole default step).
//
//go:noinline
func fifoTake(coh []int16, co, str, ring, ci, n int32) {
	p, end := co+ci*str, co+ring*str
	for range ring {
		if p += str; p == end {
			p = co
		}
		if v := int32(coh[p]); v != 0 {
			t := min(n, v)
			coh[p] = int16(v - t)
			if n -= t; n == 0 {
				return
			}
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
