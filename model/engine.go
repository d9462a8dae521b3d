package model

import (
	"fmt"
	"math"
	"slices"
)

// wScale is the fixed-point scale of cell weights: a cell of the full range
// weighs wScale; in quick mode a sampled store's cells weigh wScale/π,
// π the store's inclusion probability (sample.go). Every
// metric is summed as int64 in these units, so sums do not depend on the
// order of addition.
const wScale = 256

// Ring sizes. An order placed after close on day d with lead L arrives
// before opening on day d+1+L <= d+MaxLead+1.
const pipeSlots = MaxLead + 2

// engine is everything a run derives once from (Estate, Range, Scenario):
// flat per-cell, per-SKU, per-store and per-DC arrays that the daily step
// reads. It is read-only while the run proceeds.
type engine struct {
	sc                           Scenario
	nStores, nCats, nSKUs, nDCs  int
	nGroups                      int
	gRegion, gFormat, gCat, gDC  int // index of the first group of each kind
	warm, days                   int // warm-up days; all simulated days
	dow0                         int // weekday (Monday = 0) of simulated day 0
	nCells, cellsFull            int
	start                        []int // per store: cells start[s]:start[s+1]
	fullStart                    []int // per store: the full range's offsets
	catClass                     []Class
	cats                         []Category
	gq                           []float32   // gamma quantile tables, gammaSize per level (index ktab<<gammaBits)
	sku                          []skuParam  // per SKU: what the step reads
	cell                         []cellParam // per cell: read-only parameters
	rgroup                       []uint8     // per cell: random group (quick mode)
	orig                         []int32     // per cell: index in the full range
	nCohort                      int
	catStart                     []int32   // per store x (nCats+1): absolute cell offsets
	catW                         []int64   // per store x category: the cells' weights summed (metric rCells)
	catCoh                       []int32   // per store x category: the first perishable cell's cohort offset (state.Cohort), or -1
	prio                         []int32   // per cell slot: cells in core-range priority order (store CSR)
	storeValue                   []float64 // per store: its normal day's demand value, pence x weight (basketPrices)
	catPrice                     []float64 // per store x category: the mean price of its demand, pence
	need                         []int32   // per DC x SKU: the SKUs in the order the DC picks scarce capacity (dcNeed)
	profiles                     [][7]float32
	skuCat                       []int32
	skuClass                     []Class
	delivery                     []uint8
	storeRegion, storeFormat     []int32
	storeDC                      []int32
	storePri                     []bool
	inScope                      []bool // store in outage scope
	catScope                     []bool
	catFallback                  []Fallback
	stageDelay                   [NumClasses]int
	coreLimit                    []int32 // per store: core-range lines a day
	dcScope                      []bool
	dcCap                        []int64 // per DC: cases a day x wScale; 0 = unlimited
	dcLimited                    []bool  // per DC: holds finite stock
	dcStockDays                  []float64
	dcDaily                      []int64 // per DC x SKU: mean demand, units a day x wScale
	dcLump                       []int64 // per DC x SKU: one case per store served, units x wScale
	dcSKU                        dcLists // per DC: the SKUs its step covers, and their need order (dcActive)
	needCore, needRepeat, delayW int
	catProfiles                  bool      // every cell has its category's weekday profile
	catAmbient                   []bool    // per category: no SKU is perishable
	catUniform                   []bool    // per category: every SKU is perishable, with one life and one expiry horizon
	catLead                      []int32   // per category: the lead time of all its SKUs, or -1 if they differ
	catDays                      []uint8   // per category: the weekdays on which some SKU orders (skuParam.orderDays)
	sampled                      bool      // quick mode: a sample of the stores (Scenario.Sample < 1)
	quick                        quickMode // quick mode's sample of stores (sample.go)
	gmask                        uint8     // 3 in quick mode, else 0: the mask of a cell's random group (sales by group are for the sampling error)
	simd                         simdCells // per cell, for drawSIMD (SIMD builds only, with catProfiles)
}

// simdCells holds the cells' demand parameters as struct-of-arrays, for
// loading eight at a time (drawSIMD).
type simdCells struct {
	sku   []uint32
	rate  []float32
	gbase []uint32 // ktab << gammaBits: the cell's gamma table in gq

	// For passSIMD, cellParam's and skuParam's fields per cell, packed
	// to stream fewer bytes: pk1 holds the order-up-to level (bits 0-14),
	// the zero-run threshold (15-22), the order days (23-29) and the
	// random group (30-31); pk2 the weight (bits 0-15) and the case pack
	// (16-31); price, margin and waste value are pence. pass says they fit (else the
	// step keeps to its scalar pass).
	pk1, pk2              []uint32
	price, margin, wasteV []int32
	pass                  bool
	// exactCum says every partial sum of a category's rates is exact in
	// float64 (the rates are float32, their exponents and the category's
	// size span fewer than 53 bits), so the sums may be formed in any order.
	exactCum bool
}

func newEngine(e *Estate, r *Range, sc *Scenario) (*engine, error) {
	en := &engine{
		sc:      *sc,
		nStores: len(e.Stores), nCats: len(r.Categories), nSKUs: len(r.SKUs), nDCs: len(e.DCs),
		warm: sc.WarmupDays, days: sc.WarmupDays + sc.Days,
		cellsFull: r.Cells(),
		delayW:    sc.Shoppers.DelayDays,
	}
	en.gRegion = 1
	en.gFormat = en.gRegion + len(e.Regions)
	en.gCat = en.gFormat + len(e.Formats)
	en.gDC = en.gCat + en.nCats
	en.nGroups = en.gDC + en.nDCs
	wd := (int(sc.StartDate.Weekday()) + 6) % 7 // Monday = 0
	en.dow0 = ((wd-en.warm)%7 + 7) % 7

	en.skus(r)

	// Profiles: one per category, then the range's own.
	en.profiles = make([][7]float32, 0, en.nCats+len(r.Profiles))
	for _, c := range r.Categories {
		en.profiles = append(en.profiles, profile32(c.Weekday))
	}
	for _, p := range r.Profiles {
		en.profiles = append(en.profiles, profile32(p))
	}

	// Per store.
	en.storeRegion = make([]int32, en.nStores)
	en.storeFormat = make([]int32, en.nStores)
	en.storeDC = make([]int32, en.nStores)
	en.storePri = make([]bool, en.nStores)
	for i, s := range e.Stores {
		en.storeRegion[i], en.storeFormat[i], en.storeDC[i] = int32(s.Region), int32(s.Format), int32(s.DC)
		en.storePri[i] = s.Priority
	}
	if err := en.scope(e, r); err != nil {
		return nil, err
	}

	en.fullStart = r.Start
	en.cats = r.Categories
	en.catClass = make([]Class, en.nCats)
	for i, c := range r.Categories {
		en.catClass[i] = c.Class
	}
	if err := en.cells(e, r); err != nil {
		return nil, err
	}
	en.catFacts(r)
	en.buildSIMD()
	en.dcs(e)
	return en, nil
}

// skus builds the per-SKU arrays: prices, case packs, lead times, shelf
// lives, order days, and the cohort rows of each category.
func (en *engine) skus(r *Range) {
	sc := &en.sc
	// Per SKU.
	en.skuCat = make([]int32, en.nSKUs)
	en.skuClass = make([]Class, en.nSKUs)
	en.delivery = make([]uint8, en.nSKUs)
	en.sku = make([]skuParam, en.nSKUs)
	for i, k := range r.SKUs {
		en.skuCat[i] = int32(k.Category)
		en.skuClass[i] = r.Categories[k.Category].Class
		p := &en.sku[i]
		p.price = int64(math.Round(k.Price * 100))
		p.margin = int64(math.Round(k.Price * k.Margin * 100))
		p.wasteV = int64(math.Round(k.Price * sc.Shoppers.WasteAtCost * 100))
		p.casepack = int32(max(k.CasePack, 1))
		p.lead = int32(k.LeadDays)
		if k.ShelfLife > 0 && k.ShelfLife <= maxTrackedLife {
			p.life = int32(k.ShelfLife)
		}
		m := k.Delivery & 0x7F
		if m == 0 {
			m = 0x7F
		}
		en.delivery[i] = m
		p.gap = int32(deliveryGap(m))
		for wd := range 7 {
			if m&(1<<((wd+1+k.LeadDays)%7)) != 0 {
				p.orderDays |= 1 << wd
			}
		}
		p.setCases()
	}

	// Cohort rows: a category's perishable cells share the period of
	// their rows (state.Cohort), its longest shelf life.
	ring := make([]int32, en.nCats)
	for k, p := range en.sku {
		ring[en.skuCat[k]] = max(ring[en.skuCat[k]], p.life)
	}
	for k := range en.sku {
		if en.sku[k].life > 0 {
			en.sku[k].ring = ring[en.skuCat[k]]
		}
	}
}

// catFacts records what the vector kernels need to know of each category
// (engine.catAmbient, catUniform, catLead) and of the run (gmask,
// catProfiles).
func (en *engine) catFacts(r *Range) {
	if en.sampled {
		en.gmask = 3
	}
	en.catProfiles = r.Profile == nil
	en.catAmbient = make([]bool, en.nCats)
	en.catUniform = make([]bool, en.nCats)
	en.catLead = make([]int32, en.nCats)
	en.catDays = make([]uint8, en.nCats)
	for k, p := range en.sku {
		en.catDays[en.skuCat[k]] |= p.orderDays
	}
	first := make([]int, en.nCats)
	for i := range en.catAmbient {
		en.catAmbient[i], en.catUniform[i], first[i] = true, true, -1
	}
	for k, p := range en.sku {
		cat := en.skuCat[k]
		if p.life > 0 {
			en.catAmbient[cat] = false
		} else {
			en.catUniform[cat] = false
		}
		f := first[cat]
		if f < 0 {
			first[cat] = k
			en.catLead[cat] = p.lead
			continue
		}
		q := &en.sku[f]
		if p.lead != q.lead {
			en.catLead[cat] = -1
		}
		if p.life != q.life || min(p.life, 1+p.lead) != min(q.life, 1+q.lead) {
			en.catUniform[cat] = false
		}
	}
}

// fullCells returns the number of cells store s has in the full range.
func (en *engine) fullCells(s int) int { return en.fullStart[s+1] - en.fullStart[s] }

// cellParam holds a cell's read-only parameters, packed together so that
// the daily step reads them in one stream (the state it updates is
// struct-of-arrays in state).
type cellParam struct {
	sku       int32   // index into Range.SKUs
	rate      float32 // mean units a day
	orderUpTo int32   // S, units
	coff      int32   // cohort offset (see state.Cohort); -1 if not perishable
	wq        int32   // weight x wScale
	prof      int32   // index into engine.profiles
	zth       uint8   // zero-sales days that trigger a count; 0 = never
	ktab      uint8   // dispersion level (index into gq); 0 = Poisson
	cstr      uint16  // cohort row stride: perishable cells in the store's category
}

// skuParam holds a SKU's read-only parameters, packed together as the
// daily step reads them.
type skuParam struct {
	price, margin, wasteV int64 // pence per unit
	casepack, lead, life  int32
	ring                  int32 // cohort rows: the longest life in the SKU's category (state.Cohort)
	gap                   int32
	orderDays             uint8  // weekdays (bit 0 = Monday) on which an order can be placed
	cpM, cpOne            uint64 // for cases: see setCases
}

// maxTrackedLife is the longest shelf life whose ageing is simulated; SKUs
// that keep longer are treated as not perishable (ambient and frozen lines
// with 90+ days [ref] waste little within a horizon of weeks).
const maxTrackedLife = 31

func profile32(w Weekday) [7]float32 {
	if w == (Weekday{}) {
		w = Flat
	}
	var p [7]float32
	for i, v := range w {
		p[i] = float32(v)
	}
	return p
}

// scope resolves the outage scope and fallback names against the estate.
func (en *engine) scope(e *Estate, r *Range) error {
	o := en.sc.Outage
	set := func(field string, names []string, valid []string) ([]bool, error) {
		in := make([]bool, len(valid))
		if len(names) == 0 {
			for i := range in {
				in[i] = true
			}
			return in, nil
		}
		for _, n := range names {
			i := slices.Index(valid, n)
			if i < 0 {
				return nil, &FieldError{Field: field, Msg: fmt.Sprintf("unknown name %q", n)}
			}
			in[i] = true
		}
		return in, nil
	}
	regions := e.Regions
	formats := make([]string, len(e.Formats))
	for i, f := range e.Formats {
		formats[i] = f.Name
	}
	dcs := make([]string, len(e.DCs))
	for i, d := range e.DCs {
		dcs[i] = d.ID
	}
	cats := make([]string, len(r.Categories))
	for i, c := range r.Categories {
		cats[i] = c.Name
	}
	inR, err := set("outage.scope.regions", o.Scope.Regions, regions)
	if err != nil {
		return err
	}
	inF, err := set("outage.scope.formats", o.Scope.Formats, formats)
	if err != nil {
		return err
	}
	inD, err := set("outage.scope.dcs", o.Scope.DCs, dcs)
	if err != nil {
		return err
	}
	if en.catScope, err = set("outage.scope.categories", o.Scope.Categories, cats); err != nil {
		return err
	}
	en.inScope = make([]bool, en.nStores)
	en.dcScope = make([]bool, en.nDCs)
	for i, s := range e.Stores {
		en.inScope[i] = inR[s.Region] && inF[s.Format] && inD[s.DC]
		if en.inScope[i] {
			en.dcScope[s.DC] = true
		}
	}
	en.catFallback = make([]Fallback, en.nCats)
	for i := range en.catFallback {
		en.catFallback[i] = o.Fallback
	}
	for name, f := range o.Categories {
		i := slices.Index(cats, name)
		if i < 0 {
			return &FieldError{Field: "outage.category_fallback." + name, Msg: "unknown category"}
		}
		en.catFallback[i] = f
	}
	for _, f := range append([]Fallback{o.Initial}, en.catFallback...) {
		switch f {
		case CoreRange:
			en.needCore = 1
		case Repeat:
			en.needRepeat = 1
		}
	}
	for _, s := range en.sc.Restart.Stages {
		en.stageDelay[s.Class] = s.Delay
	}
	return nil
}
