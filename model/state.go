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
	// Ret is delayed demand returning on days = slot mod (DelayDays+1),
	// four slots of 16 bits to a word: slot r of cell i is bits 16(r%4)
	// to 16(r%4)+15 of Ret[(r/4)*cells + i]. With the default window
	// every slot of a cell is in one word, read with the cell's pass, so
	// demand deferred by a cell is written where the pass just read.
	Ret []uint64
	// Cohort is perishable stock by expiry day, in a block per store and
	// category: with r = the category's longest shelf life (skuParam.ring)
	// and n its perishable cells in the store (cellParam.cstr), the block
	// has r rows of n cells, and a cell's stock that is wasted on day e is
	// at coff + (e mod r)*n. So the cells' stock of one age lies side by
	// side, and a category's cohorts age, sell and expire eight cells at a
	// time (passSIMD).
	Cohort []int16
	// CohLo, per store x category, is a day before which no stock of the
	// block expires: its rows for the days between today and CohLo are
	// empty, and passSIMD starts there. Deliveries expire later than it
	// (it is at most the day it was set plus the shelf life), and stock
	// only leaves the rows, so it stays true until passSIMD moves it.
	CohLo []int32
	ZRun  []uint8 // consecutive zero-sales days
	Last  []int16 // last order placed by the system, cases (Repeat fallback)
	Pend  []float32
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
		Ret:     make([]uint64, retWords(en.delayW)*n, retWords(en.delayW)*n+simdPad),
		Cohort:  make([]int16, en.nCohort, en.nCohort+simdPad),
		ZRun:    make([]uint8, n, n+simdPad),
		Pend:    make([]float32, n),
		Req:     make([]int16, n, n+simdPad),
		pendCat: make([]bool, en.nStores*en.nCats),
		CohLo:   make([]int32, en.nStores*en.nCats),
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

// retWords returns the words per cell of State.Ret for a window of W days.
func retWords(W int) int { return (W + 1 + 3) / 4 }

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
	clear(st.CohLo)
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
		if c := &en.cell[i]; c.coff >= 0 {
			// Initial stock arrived yesterday (day -1): it is wasted on
			// day L-1, row L-1 (L <= ring).
			L := int(en.sku[c.sku].life)
			st.Cohort[int(c.coff)+(L-1)*int(c.cstr)] = int16(min(c.orderUpTo, math.MaxInt16))
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
	copy(st.CohLo, src.CohLo)
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
