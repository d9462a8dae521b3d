package model

import "math"

// phase starts each store's rolling count (state.Count) at a uniformly
// drawn line of its range, after reset has set every store's to its first
// line. Real stores' count cycles are not in phase; started together, the
// whole estate's records drift and are corrected in step, and the
// estate's availability and frozen lines swing with the cycle's period (a
// store's lines over Records.CountsPerDay: 2,800 / 30 = 93 days on the
// default estate), which over a 91-day report reads as a drift.
func (st *state) phase(en *engine, rep int, p int) {
	sc := &en.sc
	if sc.Records.CountsPerDay <= 0 {
		return
	}
	fanOut(p, en.nStores, 1, func(_, s int) {
		n := en.start[s+1] - en.start[s]
		nc := int(math.Round(float64(sc.Records.CountsPerDay) * float64(n) / float64(max(1, en.fullCells(s)))))
		if nc <= 0 || n == 0 {
			return
		}
		k := key(sc.Seed, rep, s, 0, streamInit)
		st.Count[s] = int32(unit53(bits(k, 0)) * float64(n))
	})
}
