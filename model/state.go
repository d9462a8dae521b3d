package model

import "math"

// State is the estate's state at the start of a day, as struct-of-arrays
// over cells (store x SKU pairs, store by store) and over DC x SKU pairs.
// Each store's cells are touched by one goroutine at a time.
type State struct {
	Shelf   []int32 // units on the shelf (and in the backroom)
	Book    []int32 // units the system believes the store holds
	OnOrder []int32 // units shipped and not yet arrived
	Pipe    []int16 // [slot*cells + cell]: units arriving on days = slot mod pipeSlots
	Ret     []int16 // [slot*cells + cell]: delayed demand returning on days = slot mod (DelayDays+1)
	Cohort  []int16 // perishable stock by day of arrival (engine.coff)
	ZRun    []uint8 // consecutive zero-sales days
	Last    []int16 // last order placed by the system, cases (Repeat fallback)
	Pend    []float32
	// Pend is the book correction for flows during the outage that will be
	// posted when the system returns: receipts, sales and waste times the
	// shares posted.
	Req []int16 // cases ordered today, allocated by the DC overnight

	// pendCat, per store x category, is set on a day the category orders
	// without the system (when Pend changes); while it is clear, every
	// Pend of the store's category is zero and the step skips them.
	pendCat []bool

	Traffic []float64 // per store: traffic as a fraction of normal
	Count   []int32   // per store: next cell of the rolling cycle count

	Stock   []int64   // per DC x SKU: units x wScale
	SupPipe []int64   // [slot][DC x SKU]: supplier deliveries to the DC
	SupOn   []int64   // per DC x SKU: supplier deliveries on their way (SupPipe summed over slots)
	Fill    []float32 // [class][DC x SKU]: fill fraction of today's orders; class 1 = priority stores
}

// newState allocates a state. Per-cell arrays have simdPad elements of
// capacity beyond their length, so that passSIMD can load eight cells from
// the last category of the last store.
func newState(en *engine) *State {
	n := en.nCells
	st := &State{
		Shelf:   make([]int32, n, n+simdPad),
		Book:    make([]int32, n, n+simdPad),
		OnOrder: make([]int32, n, n+simdPad),
		Pipe:    make([]int16, pipeSlots*n, pipeSlots*n+simdPad),
		Ret:     make([]int16, (en.delayW+1)*n, (en.delayW+1)*n+simdPad),
		Cohort:  make([]int16, en.nCohort),
		ZRun:    make([]uint8, n, n+simdPad),
		Pend:    make([]float32, n),
		Req:     make([]int16, n, n+simdPad),
		pendCat: make([]bool, en.nStores*en.nCats),
		Traffic: make([]float64, en.nStores),
		Count:   make([]int32, en.nStores),
		Stock:   make([]int64, en.nDCs*en.nSKUs),
		SupPipe: make([]int64, pipeSlots*en.nDCs*en.nSKUs),
		SupOn:   make([]int64, en.nDCs*en.nSKUs),
		Fill:    make([]float32, 2*en.nDCs*en.nSKUs),
	}
	if en.needRepeat != 0 {
		st.Last = make([]int16, n, n+simdPad)
	}
	return st
}

// reset puts st in its start-of-warm-up state: every shelf and book at its
// order-up-to level, nothing on order, DCs at their target stock.
func (st *State) reset(en *engine) {
	for i := range en.cell {
		st.Shelf[i] = en.cell[i].orderUpTo
		st.Book[i] = en.cell[i].orderUpTo
	}
	clear(st.OnOrder)
	clear(st.Pipe)
	clear(st.Ret)
	clear(st.Cohort)
	clear(st.ZRun)
	clear(st.Last)
	clear(st.Pend)
	clear(st.Req)
	clear(st.pendCat)
	clear(st.Count)
	clear(st.SupPipe)
	clear(st.SupOn)
	for s := range st.Traffic {
		st.Traffic[s] = 1
	}
	for i := range en.cell {
		if co := en.cell[i].coff; co >= 0 {
			// Initial stock arrived yesterday (day -1): slot L-1.
			L := int(en.sku[en.cell[i].sku].life)
			st.Cohort[int(co)+L-1] = int16(min(en.cell[i].orderUpTo, math.MaxInt16))
		}
	}
	for i := range st.Stock {
		if en.dcLimited[i/en.nSKUs] {
			st.Stock[i] = int64(en.dcStockDays[i/en.nSKUs]*float64(en.dcDaily[i])) + en.dcLump[i]
		}
	}
	for i := range st.Fill {
		st.Fill[i] = 1
	}
}

// copyFrom makes st a copy of src.
func (st *State) copyFrom(src *State) {
	copy(st.Shelf, src.Shelf)
	copy(st.Book, src.Book)
	copy(st.OnOrder, src.OnOrder)
	copy(st.Pipe, src.Pipe)
	copy(st.Ret, src.Ret)
	copy(st.Cohort, src.Cohort)
	copy(st.ZRun, src.ZRun)
	copy(st.Last, src.Last)
	copy(st.Pend, src.Pend)
	copy(st.Req, src.Req)
	copy(st.pendCat, src.pendCat)
	copy(st.Traffic, src.Traffic)
	copy(st.Count, src.Count)
	copy(st.Stock, src.Stock)
	copy(st.SupPipe, src.SupPipe)
	copy(st.SupOn, src.SupOn)
	copy(st.Fill, src.Fill)
}
