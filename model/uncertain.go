package model

import "math"

// Uncertain is one parameter that the replicates draw from a range
// (Scenario.Uncertainty).
type Uncertain struct {
	// Key is the parameter's key in the uncertainty block: "dc_capacity".
	Key string
	// Point is the key of its point value, "outage.dc_capacity", or ""
	// for lost_share, a multiplier (point value 1) of whatever response
	// shares the scenario sets.
	Point string
	// Lo and Hi bound the values the parameter can sensibly take: a
	// re-centred range is shrunk to fit them (see Recentre). DC capacity
	// during the outage is at most normal: capacity above normal is the
	// restart's surge.
	Lo, Hi float64
}

// UncertainParams lists the parameters with an uncertainty range, in the
// order of Params and of the uncertainty block.
func UncertainParams() []Uncertain {
	return []Uncertain{
		{"lost_share", "", 0, 10},
		{"sales_posted", "records.sales_posted", 0, 1},
		{"receipts_posted", "records.receipts_posted", 0, 1},
		{"surge", "restart.surge", 0, 100},
		{"supplier_fill", "restart.supplier_fill", 0, 1},
		{"dc_capacity", "outage.dc_capacity", 0, 1},
		{"churn", "shoppers.churn", 0, 100},
		{"dsd_share", "", 0, 10},
		{"gap_scans", "records.gap_scans", 0, 1e6},
		{"alloc_error", "outage.alloc_error", 0, 1},
		{"basket", "shoppers.basket", 0, 1},
	}
}

// uncertain returns the point value and range of the parameter key in sc
// (the point of lost_share is 1 and cannot be set).
func (sc *Scenario) uncertain(key string) (point *float64, rng *[2]float64) {
	u := &sc.Uncertainty
	switch key {
	case "lost_share":
		one := 1.0
		return &one, &u.LostShare
	case "sales_posted":
		return &sc.Records.SalesPosted, &u.SalesPosted
	case "receipts_posted":
		return &sc.Records.ReceiptsPosted, &u.ReceiptsPosted
	case "surge":
		return &sc.Restart.Surge, &u.Surge
	case "supplier_fill":
		return &sc.Restart.SupplierFill, &u.SupplierFill
	case "dc_capacity":
		return &sc.Outage.DCCapacity, &u.DCCapacity
	case "churn":
		return &sc.Shoppers.Churn, &u.Churn
	case "dsd_share":
		one := 1.0
		return &one, &u.DSDShare
	case "gap_scans":
		return &sc.Records.GapScans, &u.GapScans
	case "alloc_error":
		return &sc.Outage.AllocError, &u.AllocError
	case "basket":
		return &sc.Shoppers.Basket, &u.Basket
	}
	panic("model: no uncertain parameter " + key)
}

// Recentre returns the range to draw a parameter from when the scenario
// sets its point value to point but not its range: the default range r0
// around the default point p0, re-centred on point in proportion,
// [point*r0[0]/p0, point*r0[1]/p0], then shrunk towards point by the one
// factor that makes it fit [lo, hi], so that the draws stay centred where
// the default's are. A point outside [lo, hi], or on its edge, gives
// [point, point]: the value is held. A zero default point shifts the range
// instead of scaling it.
func Recentre(r0 [2]float64, p0, point, lo, hi float64) [2]float64 {
	if r0 == [2]float64{} {
		return r0 // the default holds the point value
	}
	if point <= lo || point >= hi {
		return [2]float64{point, point}
	}
	var a, b float64
	if p0 == 0 {
		a, b = point+r0[0], point+r0[1]
	} else {
		a, b = point*r0[0]/p0, point*r0[1]/p0
	}
	s := 1.0
	if a < lo {
		s = math.Min(s, (point-lo)/(point-a))
	}
	if b > hi {
		s = math.Min(s, (hi-point)/(b-point))
	}
	return [2]float64{point - s*(point-a), point + s*(b-point)}
}

// Centre sets the range of the uncertain parameter key to its default
// range re-centred on sc's point value (Recentre): what a scenario that
// sets the point value and not the range draws from. Package data calls it
// for such a scenario file; a program that builds a Scenario and changes a
// point value calls it to get the same.
func (sc *Scenario) Centre(key string) {
	def := DefaultScenario()
	p0, r0 := def.uncertain(key)
	p, r := sc.uncertain(key)
	for _, u := range UncertainParams() {
		if u.Key == key {
			*r = Recentre(*r0, *p0, *p, u.Lo, u.Hi)
			return
		}
	}
}

// Draw says how the replicates draw one uncertain parameter.
type Draw struct {
	Key   string     `json:"key"`   // in the uncertainty block
	Point string     `json:"point"` // key of the point value; "" for lost_share
	Value float64    `json:"value"` // the point value (1 for lost_share)
	Range [2]float64 `json:"range"` // the values drawn, uniformly; [v, v] when held
	// How is one of:
	//   "held": every replicate uses the point value (uncertainty.off, or a
	//   range of [0, 0] or [v, v]);
	//   "default range": the default range around the default point value;
	//   "centred": the point value differs from the default and the range is
	//   the default's re-centred on it in proportion (Recentre);
	//   "range set": the scenario sets a range, which replaces the point
	//   value in every replicate.
	How string `json:"how"`
	// Outside is true when a range set does not contain the point value,
	// so that no replicate runs at the value written.
	Outside bool `json:"outside,omitempty"`
}

// Draws says, for every uncertain parameter, how the replicates of sc draw
// it. It compares sc with DefaultScenario: a range equal to the default's
// re-centred on the point value is "centred", whoever set it.
func (sc *Scenario) Draws() []Draw {
	def := DefaultScenario()
	var out []Draw
	for _, u := range UncertainParams() {
		p, r := sc.uncertain(u.Key)
		p0, r0 := def.uncertain(u.Key)
		d := Draw{Key: u.Key, Point: u.Point, Value: *p, Range: *r}
		switch {
		case sc.Uncertainty.Off || *r == [2]float64{} || r[0] == r[1]:
			d.How = "held"
			d.Range = [2]float64{*p, *p}
			if r[0] == r[1] && *r != [2]float64{} && !sc.Uncertainty.Off {
				d.Range = *r
				d.Outside = r[0] != *p
			}
		case *p == *p0 && *r == *r0:
			d.How = "default range"
		case *p != *p0 && *r == Recentre(*r0, *p0, *p, u.Lo, u.Hi):
			d.How = "centred"
		default:
			d.How = "range set"
			d.Outside = *p < r[0] || *p > r[1]
		}
		if u.Point == "" {
			d.Outside = false
		}
		out = append(out, d)
	}
	return out
}
