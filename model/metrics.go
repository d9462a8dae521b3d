package model

// Raw metrics: int64 sums in weight units (x wScale), per run, day and
// group. Result's metrics are computed from them in collect
// (run.go) with metrics.
const (
	rCells    = iota // cells
	rAvail           // cells with shelf stock at opening
	rDemand          // units demanded
	rOwn             // units served from the SKU's own shelf
	rSold            // units sold (own + substitutes)
	rSales           // pence of sales
	rMargin          // pence of gross margin
	rSubIn           // units sold as substitutes
	rDeferred        // units of demand delayed
	rLost            // units of demand lost
	rWaste           // units wasted
	rWasteV          // pence written off
	rFrozen          // cells with phantom stock under automatic ordering
	rUnfilled        // cases ordered and not picked
	rTraffic         // traffic x 1e4, per cell
	rSalesG0         // pence of sales in random group 0..3 (estate only)
	nRaw      = rSalesG0 + 4
	rUnmet    = nRaw // units of demand unmet (step only)
)

// metrics converts raw sums to metric values (LostSales and LostMargin are
// set by the caller).
func metrics(v []float64, raw []int64) {
	ratio := func(a, b int64) float64 {
		if b == 0 {
			return 100
		}
		return 100 * float64(a) / float64(b)
	}
	units := func(x int64) float64 { return float64(x) / wScale }
	v[Availability] = ratio(raw[rAvail], raw[rCells])
	v[FillRate] = ratio(raw[rOwn], raw[rDemand])
	v[Demand] = units(raw[rDemand])
	v[Sales] = units(raw[rSold])
	v[SalesValue] = units(raw[rSales]) / 100
	v[Substituted] = units(raw[rSubIn])
	v[Deferred] = units(raw[rDeferred])
	v[Lost] = units(raw[rLost])
	v[Waste] = units(raw[rWaste])
	v[WasteValue] = units(raw[rWasteV]) / 100
	v[FrozenLines] = units(raw[rFrozen])
	v[Backlog] = units(raw[rUnfilled])
	v[Traffic] = 100
	if raw[rCells] > 0 {
		v[Traffic] = float64(raw[rTraffic]) / float64(raw[rCells]) / 100
	}
}
