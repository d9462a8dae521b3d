package model

import "math"

// traffic returns a store's traffic (a fraction of normal) for tomorrow
// t from today's, given its demand and unmet demand today (event 9): where
// the unmet share g is above Shoppers.ChurnOnset, shoppers who met gaps
// move trips elsewhere,
//
//	traffic = max(MinTraffic, traffic - churn x (g - ChurnOnset))
//
// and below it they come back gradually, traffic += (1 - traffic) /
// ReturnDays. A day without demand leaves it as it is. churn is the
// replicate's Params.Churn.
func traffic(sh *Shoppers, churn, t float64, demand, unmet int64) float64 {
	if demand <= 0 {
		return t
	}
	g := float64(unmet) / float64(demand)
	if g > sh.ChurnOnset {
		return math.Max(sh.MinTraffic, t-churn*(g-sh.ChurnOnset))
	}
	if sh.ReturnDays > 0 && t < 1 {
		return math.Min(1, t+(1-t)/sh.ReturnDays)
	}
	return t
}
