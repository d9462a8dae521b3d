package model

import "math"

// state is the estate's state at the start of a day, as struct-of-arrays
// over cells (store x SKU pairs, store by store) and over DC x SKU pairs.
// Each store's cells are touched by one goroutine at a time.
type state struct {
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
	Basket  []float64 // per store: today's demand uplift from spend moved in yesterday's baskets (basket.go)
	Count   []int32   // per store: next cell of the rolling cycle count

	Stock   []int64   // per DC x SKU: units x wScale
	SupPipe []int64   // [slot][DC x SKU]: supplier deliveries to the DC
	SupOn   []int64   // per DC x SKU: supplier deliveries on their way (SupPipe summed over slots)
	Fill    []float32 // [class][DC x SKU]: fill fraction of today's orders; class 1 = priority stores
	// FullCat, per class x DC x category, says every SKU of the category
	// has Fill 1: the DC ships all that was ordered (passSIMD).
	FullCat []bool
}

// newState allocates a state. Per-cell arrays have simdPad elements of
// capacity beyond their length, so that passSIMD can load eight cells from
// the last category of the last store.
func newState(en *engine) *state {
	n := en.nCells
	st := &state{
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
		Basket:  make([]float64, en.nStores),
		Count:   make([]int32, en.nStores),
		Stock:   make([]int64, en.nDCs*en.nSKUs),
		SupPipe: make([]int64, pipeSlots*en.nDCs*en.nSKUs),
		SupOn:   make([]int64, en.nDCs*en.nSKUs),
		Fill:    make([]float32, 2*en.nDCs*en.nSKUs),
		FullCat: make([]bool, 2*en.nDCs*en.nCats),
	}
	if en.needRepeat != 0 {
		st.Last = make([]int16, n, n+simdPad)
	}
	return st
}

// retWords returns the words per cell of state.Ret for a window of W days.
func retWords(W int) int { return (W + 1 + 3) / 4 }

// reset puts st in its start-of-warm-up state: every shelf and book at its
// order-up-to level, nothing on order, DCs at their target stock. The
// per-cell arrays are written by p goroutines, each its own part (memory
// bound, so two cores go about twice as fast).
func (st *state) reset(en *engine, p int) {
	fanOut(p, p, 1, func(_, k int) {
		lo, hi := part(len(en.cell), k, p)
		for i := lo; i < hi; i++ {
			st.Shelf[i] = en.cell[i].orderUpTo
			st.Book[i] = en.cell[i].orderUpTo
		}
		clear(st.OnOrder[lo:hi])
		clear(st.ZRun[lo:hi])
		clear(st.Pend[lo:hi])
		clear(st.Req[lo:hi])
		if st.Last != nil {
			clear(st.Last[lo:hi])
		}
		clearPart(st.Pipe, k, p)
		clearPart(st.Ret, k, p)
		clearPart(st.Cohort, k, p)
	})
	fanOut(p, p, 1, func(_, k int) { // after the clearing: cells' cohorts are not in cell order
		lo, hi := part(len(en.cell), k, p)
		for i := lo; i < hi; i++ {
			if c := &en.cell[i]; c.coff >= 0 {
				// Initial stock arrived yesterday (day -1): it is wasted on
				// day L-1, row L-1 (L <= ring).
				L := int(en.sku[c.sku].life)
				st.Cohort[int(c.coff)+(L-1)*int(c.cstr)] = int16(min(c.orderUpTo, math.MaxInt16))
			}
		}
	})
	clear(st.CohLo)
	clear(st.pendCat)
	clear(st.Count)
	clear(st.SupPipe)
	clear(st.SupOn)
	for s := range st.Traffic {
		st.Traffic[s] = 1
	}
	clear(st.Basket)
	for i := range st.Stock {
		if en.dcLimited[i/en.nSKUs] {
			st.Stock[i] = int64(en.dcStockDays[i/en.nSKUs]*float64(en.dcDaily[i])) + en.dcLump[i]
		}
	}
	for i := range st.Fill {
		st.Fill[i] = 1
	}
	for i := range st.FullCat {
		st.FullCat[i] = true
	}
}

// copyFrom makes st a copy of src, with p goroutines each copying its
// part of every array.
func (st *state) copyFrom(src *state, p int) {
	fanOut(p, p, 1, func(_, k int) {
		copyPart(st.Shelf, src.Shelf, k, p)
		copyPart(st.Book, src.Book, k, p)
		copyPart(st.OnOrder, src.OnOrder, k, p)
		copyPart(st.Pipe, src.Pipe, k, p)
		copyPart(st.Ret, src.Ret, k, p)
		copyPart(st.Cohort, src.Cohort, k, p)
		copyPart(st.ZRun, src.ZRun, k, p)
		copyPart(st.Last, src.Last, k, p)
		copyPart(st.Pend, src.Pend, k, p)
		copyPart(st.Req, src.Req, k, p)
	})
	copy(st.CohLo, src.CohLo)
	copy(st.pendCat, src.pendCat)
	copy(st.Traffic, src.Traffic)
	copy(st.Basket, src.Basket)
	copy(st.Count, src.Count)
	copy(st.Stock, src.Stock)
	copy(st.SupPipe, src.SupPipe)
	copy(st.SupOn, src.SupOn)
	copy(st.Fill, src.Fill)
	copy(st.FullCat, src.FullCat)
}

func copyPart[T any](dst, src []T, k, p int) {
	lo, hi := part(len(src), k, p)
	copy(dst[lo:hi], src[lo:hi])
}

func clearPart[T any](s []T, k, p int) {
	lo, hi := part(len(s), k, p)
	clear(s[lo:hi])
}
