package model

import "fmt"

// Estate is a retailer's store network: stores, the distribution centres
// (DCs) that serve them, and the regions and formats used to group results.
// Indices into Regions, Formats, DCs and Stores are dense and stable; the
// hot path uses them, never string IDs.
type Estate struct {
	Regions []string // region names, indexed by Store.Region and DC.Region
	Formats []Format // store formats, indexed by Store.Format
	DCs     []DC
	Stores  []Store
}

// Format is a store format (convenience, supermarket, forecourt...).
type Format struct {
	Name string
	// ShelfScale multiplies SKU.ShelfCap for stores of this format (a
	// supermarket's shelf holds more than a convenience store's). Zero
	// means 1.
	ShelfScale float64
}

// DC is a distribution centre.
type DC struct {
	ID     string
	Region int
	// PickCapacity is the cases per day the DC can pick and dispatch in
	// normal trading. Zero means unlimited.
	PickCapacity float64
	// StockDays is the DC's stock of each SKU in normal trading, in days of
	// the SKU's average demand over the stores it serves. Zero means the
	// DC never runs out (supply is unlimited).
	StockDays float64
}

// Store is one shop.
type Store struct {
	ID                 string
	Region, Format, DC int
	// WeeklySales is the store's sales in normal trading, £ per week. It is
	// descriptive (reports, scaling of the default estate); the engine's
	// demand comes from Range.Rate.
	WeeklySales float64
	// Priority marks a "lifeline" store (rural, island) that a priority
	// allocation serves first when stock or DC capacity is scarce.
	Priority bool
}

// Validate reports the first inconsistency in e: an index out of range or
// a negative capacity. It is a programmer-facing check; package data reports
// input errors with file positions before building an Estate.
func (e *Estate) Validate() error {
	if len(e.Stores) == 0 {
		return fmt.Errorf("model: estate has no stores")
	}
	if len(e.DCs) == 0 {
		return fmt.Errorf("model: estate has no DCs")
	}
	for i, d := range e.DCs {
		if d.Region < 0 || d.Region >= len(e.Regions) {
			return fmt.Errorf("model: dc %d (%s): region %d out of range", i, d.ID, d.Region)
		}
		if d.PickCapacity < 0 || d.StockDays < 0 {
			return fmt.Errorf("model: dc %d (%s): negative capacity or stock", i, d.ID)
		}
	}
	for i, s := range e.Stores {
		switch {
		case s.Region < 0 || s.Region >= len(e.Regions):
			return fmt.Errorf("model: store %d (%s): region %d out of range", i, s.ID, s.Region)
		case s.Format < 0 || s.Format >= len(e.Formats):
			return fmt.Errorf("model: store %d (%s): format %d out of range", i, s.ID, s.Format)
		case s.DC < 0 || s.DC >= len(e.DCs):
			return fmt.Errorf("model: store %d (%s): dc %d out of range", i, s.ID, s.DC)
		}
	}
	return nil
}
