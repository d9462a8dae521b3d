package model

import (
	"fmt"
	"math"
)

// Class is a category's storage class. The staged restart brings classes
// back one after another (Restart.Stages).
type Class uint8

const (
	Ambient Class = iota
	Fresh         // chilled and fresh produce, bakery
	Frozen
	NumClasses
)

var classNames = [NumClasses]string{"ambient", "fresh", "frozen"}

func (c Class) String() string {
	if c < NumClasses {
		return classNames[c]
	}
	return fmt.Sprintf("Class(%d)", uint8(c))
}

// ParseClass returns the Class named s ("ambient", "fresh", "frozen").
func ParseClass(s string) (Class, bool) {
	for i, n := range classNames {
		if n == s {
			return Class(i), true
		}
	}
	return 0, false
}

// Weekday is a demand profile Monday..Sunday: the multiplier of a day's mean
// demand relative to the weekly average. A valid profile averages 1.
type Weekday [7]float64

// Flat is the profile with no weekday effect.
var Flat = Weekday{1, 1, 1, 1, 1, 1, 1}

// Category is a grocery category. SKUs of a category substitute for each
// other when the shelf is empty.
type Category struct {
	Name  string
	Class Class
	// Response is how shoppers who meet an empty shelf in this category
	// respond. A zero Response means Shoppers.Response (the worldwide split).
	Response Response
	// Dispersion is the shape k of the gamma multiplier that makes daily
	// demand negative binomial: Var = mu + mu^2/k. Zero means Poisson.
	Dispersion float64
	// Weekday is the category's demand profile; the zero value means Flat.
	Weekday Weekday
	// DSD is the share (0-1) of the category's supply that suppliers
	// deliver straight to the stores and order for them (direct store
	// delivery): it never passes through the retailer's DC, so the DC's
	// capacity does not ration it, and during an outage the supplier keeps
	// ordering it from the stock it sees on the shelf (unless
	// Outage.DSDAffected). Zero: all supply comes through the DC.
	// Params.DSDShare scales it per replicate.
	DSD float64
}

// SKU is one product line.
type SKU struct {
	ID       string
	Category int
	Price    float64 // £ per unit, shelf price
	Margin   float64 // gross margin as a fraction of Price (0.25 = 25%)
	// ShelfLife is the days a unit can be sold after it reaches the store.
	// Zero means the SKU is not perishable and no waste is tracked (ambient
	// and frozen lines with 90+ days of life).
	ShelfLife int
	CasePack  int // units per case; orders are whole cases. Zero means 1.
	// ShelfCap is the units the shelf (with its backroom allowance) holds in
	// a convenience store; Format.ShelfScale scales it for other formats.
	ShelfCap int
	// LeadDays is the whole days between an order, placed after close, and
	// its delivery, which arrives before opening: 0 means an order placed on
	// day D is on the shelf when the store opens on D+1 (fresh "ordered D for
	// D+1" [ref]; the textbook periodic-review model with lead time 0),
	// 1 means D+2. At most MaxLead.
	LeadDays int
	// Delivery is the weekdays (bit 0 = Monday) on which deliveries of this
	// SKU can arrive. Zero means every day.
	Delivery uint8
	// Core ranks the line for a manual "core range" fallback: stores order
	// the lines with the lowest Core first. Ties break by velocity.
	Core int
}

// Range is the product range: categories, SKUs, and each store's
// assortment as cells (store x SKU pairs) in compressed rows.
//
// The cells of store s are Start[s]:Start[s+1]; within a store they are
// sorted by category (so a category's cells are contiguous) and then by
// SKU index.
type Range struct {
	Categories []Category
	SKUs       []SKU
	Start      []int     // len(Estate.Stores)+1
	SKU        []int32   // per cell: index into SKUs
	Rate       []float32 // per cell: mean units per day in normal trading
	// Dispersion, if not nil, gives each cell its own negative binomial
	// shape k (0 = Poisson); nil means the category's Dispersion.
	Dispersion []float32
	// Profile, if not nil, gives each cell an index into Profiles; nil
	// means the category's Weekday.
	Profile  []int32
	Profiles []Weekday

	// whole is the range this one was cut from by OnlyStores, or nil.
	whole *Range
}

// design returns the range quick mode draws its sample of stores over: the
// whole range a part was cut from, so that every part draws the same
// stores.
func (r *Range) design() *Range {
	if r.whole != nil {
		return r.whole
	}
	return r
}

// Cells returns the number of store x SKU cells.
func (r *Range) Cells() int { return len(r.SKU) }

// Validate checks r against e: lengths, indices, ordering and finite,
// non-negative parameters.
func (r *Range) Validate(e *Estate) error {
	if len(r.Start) != len(e.Stores)+1 {
		return fmt.Errorf("model: range has %d store offsets, want %d", len(r.Start), len(e.Stores)+1)
	}
	n := len(r.SKU)
	if r.Start[0] != 0 || r.Start[len(r.Start)-1] != n {
		return fmt.Errorf("model: range offsets must run from 0 to %d", n)
	}
	if len(r.Rate) != n {
		return fmt.Errorf("model: range has %d rates for %d cells", len(r.Rate), n)
	}
	if r.Dispersion != nil && len(r.Dispersion) != n {
		return fmt.Errorf("model: range has %d dispersions for %d cells", len(r.Dispersion), n)
	}
	if r.Profile != nil && len(r.Profile) != n {
		return fmt.Errorf("model: range has %d profiles for %d cells", len(r.Profile), n)
	}
	for i, c := range r.Categories {
		if c.Dispersion < 0 || math.IsNaN(c.Dispersion) {
			return fmt.Errorf("model: category %d (%s): dispersion must be >= 0", i, c.Name)
		}
		if c.Class >= NumClasses {
			return fmt.Errorf("model: category %d (%s): bad class", i, c.Name)
		}
		if !(c.DSD >= 0 && c.DSD <= 1) {
			return fmt.Errorf("model: category %d (%s): direct delivery share must be in [0, 1]", i, c.Name)
		}
	}
	for i, k := range r.SKUs {
		switch {
		case k.Category < 0 || k.Category >= len(r.Categories):
			return fmt.Errorf("model: sku %d (%s): category %d out of range", i, k.ID, k.Category)
		case !(k.Price >= 0) || math.IsInf(k.Price, 0):
			return fmt.Errorf("model: sku %d (%s): price must be a finite number >= 0", i, k.ID)
		case !(k.Margin >= 0 && k.Margin <= 1):
			return fmt.Errorf("model: sku %d (%s): margin must be in [0,1]", i, k.ID)
		case k.ShelfLife < 0 || k.CasePack < 0 || k.ShelfCap < 0 || k.LeadDays < 0:
			return fmt.Errorf("model: sku %d (%s): negative shelf life, case pack, capacity or lead time", i, k.ID)
		case k.LeadDays > MaxLead:
			return fmt.Errorf("model: sku %d (%s): lead time %d days exceeds %d", i, k.ID, k.LeadDays, MaxLead)
		case k.Delivery&0x80 != 0:
			return fmt.Errorf("model: sku %d (%s): delivery mask has bit 7 set", i, k.ID)
		}
	}
	for s := 0; s < len(e.Stores); s++ {
		lo, hi := r.Start[s], r.Start[s+1]
		if hi < lo {
			return fmt.Errorf("model: store %d: offsets decrease", s)
		}
		prevCat, prevSKU := -1, int32(-1)
		for c := lo; c < hi; c++ {
			k := r.SKU[c]
			if k < 0 || int(k) >= len(r.SKUs) {
				return fmt.Errorf("model: cell %d: sku %d out of range", c, k)
			}
			cat := r.SKUs[k].Category
			if cat < prevCat || (cat == prevCat && k <= prevSKU) {
				return fmt.Errorf("model: store %d: cells must be sorted by category then sku, without repeats", s)
			}
			prevCat, prevSKU = cat, k
			if v := r.Rate[c]; !(v >= 0) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("model: cell %d: rate must be a finite number >= 0", c)
			}
			if r.Dispersion != nil && !(r.Dispersion[c] >= 0) {
				return fmt.Errorf("model: cell %d: dispersion must be >= 0", c)
			}
			if r.Profile != nil && (r.Profile[c] < 0 || int(r.Profile[c]) >= len(r.Profiles)) {
				return fmt.Errorf("model: cell %d: profile %d out of range", c, r.Profile[c])
			}
		}
	}
	return nil
}
