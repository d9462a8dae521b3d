package model

import "math"

// dcs sizes DC capacity and stock (the DCs' targets; dcOne orders up to
// them). A DC's stock target for a SKU is
// DC.StockDays of its stores' mean demand plus the supplier lead time, plus
// one case per store it serves: stores order whole cases, so a slow line's
// daily requests are lumpy and a DC holding only days of mean demand would
// run out on every wave of orders (estimate; DCs hold slow lines for weeks).
func (en *engine) dcs(e *Estate) {
	en.dcCap = make([]int64, en.nDCs)
	en.dcLimited = make([]bool, en.nDCs)
	en.dcStockDays = make([]float64, en.nDCs)
	en.dcDaily = make([]int64, en.nDCs*en.nSKUs)
	en.dcLump = make([]int64, en.nDCs*en.nSKUs)
	for i, d := range e.DCs {
		en.dcCap[i] = int64(math.Round(d.PickCapacity * wScale))
		en.dcLimited[i] = d.StockDays > 0
		en.dcStockDays[i] = d.StockDays
	}
	for s := range en.nStores {
		dc := int(en.storeDC[s])
		for i := en.start[s]; i < en.start[s+1]; i++ {
			k := int(en.cell[i].sku)
			en.dcDaily[dc*en.nSKUs+k] += int64(float64(en.cell[i].rate) * float64(en.cell[i].wq))
			en.dcLump[dc*en.nSKUs+k] += int64(en.sku[k].casepack) * int64(en.cell[i].wq)
		}
	}
}
