package model

// draw draws each cell's demand for the day (event 4), for each cell j of
// the block, from 64 random bits b = bits(kD, SKU):
//
//	mu = rate x weekday weight x store traffic x (1 + basket uplift) x gamma
//	multiplier (bits 0-11: its quantile); the uplift is basket.go's
//	dem[j] = the Poisson(mu) quantile at u = bits 32-63; rnd[j] = b
//
// so demand is negative binomial (a gamma-Poisson mixture) where the
// category has dispersion, Poisson where not (see gammaLevel, poisson).
// Bits 12-31 are left to the five-way split or shrink (sell, record).
// The draws the shortcuts leave undecided (about one in four) are listed
// and searched after, so that the processor overlaps the chains of
// several cells.
func draw(b *block) {
	cells := b.cells
	m := len(cells)
	dem, rnd := b.dem[:m], b.rnd[:m]
	slowJ, slowMu := b.slowJ[:m], b.slowMu[:m]
	pd, gq, traffic := b.pdAll, b.gq, b.demandX
	ns := 0
	for j := range cells {
		c := &cells[j]
		r := bits(b.kD, uint64(c.sku))
		rnd[j] = r
		mu := float64(c.rate) * pd[c.prof] * traffic
		if t := c.ktab; t != 0 {
			mu *= float64(gq[int(t)<<gammaBits|int(r&(gammaSize-1))])
		}
		q, ok := poissonQuick(mu, hi32(r))
		dem[j] = q
		slowJ[ns], slowMu[ns] = int32(j), mu // kept only if undecided
		ns += int(1 - ok)
	}
	for x, j := range slowJ[:ns] {
		dem[j] = poissonSlow(slowMu[x], hi32(rnd[j]))
	}
}
