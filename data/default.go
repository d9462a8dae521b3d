package data

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/shelfgap/shelfgap/model"
)

// Sources: [ref] is docs/sources.md (the project's sourced facts, in its
// own words, with the publications they come from); [M5] is the Walmart
// M5 competition data (docs/sources.md), whose figures are quoted for the
// subset used. Figures marked "estimate" have no source; the comment says why
// the value is reasonable.

// Default returns the built-in synthetic UK estate, Co-op-shaped: about
// 2,300 stores (~2,180 convenience, 60 supermarkets, 60 forecourts) over
// the 12 UK ITL1 regions, 8 DCs, 23 grocery categories and 3,000 SKUs
// (a convenience store carries 2,800 of them, a forecourt 1,500, a
// supermarket all). It is seeded and deterministic, does no I/O, and its
// Build takes well under a second for its ~6.4M cells.
func Default() *Inputs { return generate(ukEstate) }

// Small returns a 40-store, 300-SKU version of Default (3 regions, 2 DCs,
// the same 23 categories and the same rules), for tests and CI.
func Small() *Inputs { return generate(smallEstate) }

// estateConfig parameterises the synthetic estate generator.
type estateConfig struct {
	seed    uint64
	regions []regionSpec
	dcs     []dcSpec
	formats []formatSpec
	// skuScale multiplies each category's SKU count (rounded, at least 2).
	skuScale float64
}

type regionSpec struct {
	name string
	// weight is the region's share of stores: its population in millions
	// (estimate: ONS mid-2022 figures, rounded; [ref] gives no regional
	// split, and a convenience estate follows where people live).
	weight float64
	// priority is the share of its stores that are "lifeline" stores
	// (rural, island) [ref: Co-op diverted stock to rural and island
	// stores; Scottish islands and Highlands worst hit].
	priority float64
}

type dcSpec struct {
	id      string
	region  string   // where the DC is
	serves  []string // regions whose stores it serves
	stockDy float64  // stock_days
}

type formatSpec struct {
	name   string
	stores int
	// sales is the format's weekly sales as a multiple of a convenience
	// store's.
	sales float64
	// lines is the SKUs carried of 3,000 (scaled with skuScale); 0 = all.
	lines int
	// shelfScale multiplies shelf capacity.
	shelfScale float64
}

// lifeline shares of stores with priority = true (estimate: "a few per
// cent", more in Scotland where the Highlands and islands depend on one
// shop [ref]).
const (
	lifelineShare         = 0.02
	lifelineShareScotland = 0.12
)

// ukRegions are the 12 UK ITL1 regions weighted by population (millions,
// estimate: ONS mid-2022, rounded).
var ukRegions = []regionSpec{
	{"North East", 2.7, lifelineShare},
	{"North West", 7.5, lifelineShare},
	{"Yorkshire and The Humber", 5.5, lifelineShare},
	{"East Midlands", 4.9, lifelineShare},
	{"West Midlands", 6.0, lifelineShare},
	{"East of England", 6.4, lifelineShare},
	{"London", 8.9, 0}, // no rural stores
	{"South East", 9.4, lifelineShare},
	{"South West", 5.8, lifelineShare},
	{"Wales", 3.1, lifelineShare},
	{"Scotland", 5.5, lifelineShareScotland}, // incl. Highlands and islands
	{"Northern Ireland", 1.9, lifelineShare},
}

// dcStockDays is each DC's stock in days of demand (estimate: an ambient
// DC holds one to two weeks of stock and a fresh one a day or two; a week
// is between, and a DC-level number cannot be finer).
const dcStockDays = 7

// ukDCs: 8 regional DCs, each serving its own and nearby regions
// (estimate: "single DCs 1-2m cases a week" [ref] against 11m a week at
// peak implies 6-10 DCs; Northern Ireland is served from the North West).
var ukDCs = []dcSpec{
	{"DC-SCOT", "Scotland", []string{"Scotland"}, dcStockDays},
	{"DC-NE", "North East", []string{"North East", "Yorkshire and The Humber"}, dcStockDays},
	{"DC-NW", "North West", []string{"North West", "Northern Ireland"}, dcStockDays},
	{"DC-MID", "East Midlands", []string{"East Midlands", "West Midlands"}, dcStockDays},
	{"DC-EAST", "East of England", []string{"East of England"}, dcStockDays},
	{"DC-SE", "South East", []string{"London", "South East"}, dcStockDays},
	{"DC-SW", "South West", []string{"South West"}, dcStockDays},
	{"DC-WAL", "Wales", []string{"Wales"}, dcStockDays},
}

// ukFormats: about 2,300 food stores, mostly convenience [ref]; 60
// supermarkets and 60 forecourts (estimate, from the brief's shape of the
// estate). A convenience store carries about 2,800 lines [ref]; a
// forecourt about half (estimate: a forecourt shop is about half the
// floor area); supermarkets the whole 3,000 here (real ones carry
// 15,000-60,000 [ref], but the model's range is the convenience range).
// Supermarket sales are 4x a convenience store's and forecourt 0.6x
// (estimates); shelf capacity scales with sales (estimate: shelves are
// planned to days of cover).
var ukFormats = []formatSpec{
	{"convenience", 2180, 1, 2800, 1},
	{"supermarket", 60, 4, 0, 4},
	{"forecourt", 60, 0.6, 1500, 0.6},
}

var ukEstate = estateConfig{seed: 20250430, regions: ukRegions, dcs: ukDCs, formats: ukFormats, skuScale: 1}

var smallEstate = estateConfig{
	seed: 20250430,
	regions: []regionSpec{
		{"Scotland", 5.5, lifelineShareScotland},
		{"North West", 7.5, lifelineShare},
		{"London", 8.9, 0},
	},
	dcs: []dcSpec{
		{"DC-SCOT", "Scotland", []string{"Scotland"}, dcStockDays},
		{"DC-NW", "North West", []string{"North West", "London"}, dcStockDays},
	},
	formats: []formatSpec{
		{"convenience", 36, 1, 2800, 1},
		{"supermarket", 2, 4, 0, 4},
		{"forecourt", 2, 0.6, 1500, 0.6},
	},
	skuScale: 0.1,
}

// Store sales.
const (
	// convenienceWeeklySales is a convenience store's mean weekly sales, £:
	// £7.4bn food revenue / ~2,300 stores / 52 weeks = £56-62k [ref]; the
	// midpoint.
	convenienceWeeklySales = 59000
	// salesSpread is the sigma of log weekly sales across stores of a
	// format (estimate: +-35% covers small rural shops to busy urban ones).
	salesSpread = 0.35
)

// Range shape.
const (
	// casesPerDay is the cases a reference store (a convenience store
	// selling ReferenceWeeklySales) receives a day: about 270 [ref]. Prices
	// are scaled so that the default range needs exactly this.
	casesPerDay = 270
	// velocitySpread is the sigma of log value sales across the SKUs of a
	// category (estimate: 1.4 gives the top 20% of lines about 70% of
	// sales, the usual Pareto shape of a grocery range).
	velocitySpread = 1.4
	// priceSpread is the sigma of log price within a category (estimate).
	priceSpread = 0.3
	// dispersionK is each category's negative binomial shape k (Var = mu +
	// mu^2/k): 1.9, the median k that `shelfgap calibrate` fits to the 280
	// M5 series (quartiles 0.74 and 4.5; median rate 1.9 units a day,
	// median variance/mean 2.1) [M5]. A variance/mean ratio cannot be
	// carried across velocities: applied to a line selling 0.3 a day it
	// implies k = 0.18, spikier than any M5 series.
	dispersionK = 1.9
	// freshSpread is velocitySpread for perishable categories (estimate:
	// fresh ranges are kept tight, since a line that cannot sell a case
	// within its shelf life is wasted and gets delisted).
	freshSpread = 0.8
	// marginLow, marginHigh: gross margins are 25-32% [ref]; each SKU
	// draws one uniformly.
	marginLow, marginHigh = 25, 32
)

// m5Weekday is mean units by weekday Mon..Sun in M5 [M5] (Tue-Thu 4.8-4.9:
// 4.85); generate rescales it to average 1.
var m5Weekday = model.Weekday{5.06, 4.85, 4.85, 4.85, 5.63, 6.72, 6.35}

// Delivery patterns (bit 0 = Monday).
const (
	daily    = 0                                       // fresh and chilled: every day, at least 6 a week [ref]
	sixDays  = 1<<0 | 1<<1 | 1<<2 | 1<<3 | 1<<4 | 1<<5 // Mon-Sat
	fourDays = 1<<0 | 1<<2 | 1<<4 | 1<<5               // Mon Wed Fri Sat
	three    = 1<<0 | 1<<2 | 1<<4                      // Mon Wed Fri
)

// categorySpec describes one category of the synthetic range.
type categorySpec struct {
	name  string
	class model.Class
	// share is the category's share of sales, percent (estimate: fresh,
	// chilled and frozen together 40%, inside the 35-45% of [ref]; the
	// split within reflects a UK convenience basket, with alcohol,
	// confectionery and soft drinks the big ambient categories).
	share float64
	skus  int     // lines, of 3,000 (estimate)
	price float64 // typical unit price, £, before the cases-per-day scaling (estimate)
	// life is the shelf life in days, 0 = not perishable (90+ days) [ref:
	// sandwiches 2-3, bakery 2-5, fresh meat 4-8, milk 7-12, bagged salad
	// 4-7, ready meals 5-10, yoghurt 14-28]; the midpoints. Fruit & veg 6
	// and cooked meats & cheese 14 are estimates.
	life int
	// lead is lead_days: fresh and chilled are ordered D for D+1 (0)
	// [ref]; ambient D+1 to D+2 (0 or 1) [ref]; frozen D+2 (estimate).
	lead     int
	delivery uint8
	casePack int // units a case (estimate: typical outer sizes)
	// resp is the category's shopper response, percent [ref: Gruen et al.
	// 2002 presets]; zero = the worldwide split.
	resp [5]float64
}

// Presets from [ref]'s category table: elsewhere, no buy, delay, same
// brand, other brand.
var (
	respSaltedSnacks = [5]float64{21, 25, 9, 20, 25}
	respCoffee       = [5]float64{29, 17, 21, 13, 20}
	respLaundry      = [5]float64{32, 9, 19, 20, 20}
	respPaperTowels  = [5]float64{21, 12, 17, 18, 32}
	respPetFood      = [5]float64{35, 8, 21, 20, 16}
	respDiapers      = [5]float64{41, 7, 11, 20, 21}
	// respHealthBeauty is the mean of the shampoo, toothpaste and
	// cosmetics rows.
	respHealthBeauty = [5]float64{(32 + 35 + 43) / 3.0, (10 + 9 + 15) / 3.0, (21 + 17 + 22) / 3.0,
		(19 + 22 + 12) / 3.0, (18 + 17 + 8) / 3.0}
)

var ukCategories = []categorySpec{
	// fresh and chilled: 35% of sales
	{"food to go & sandwiches", model.Fresh, 6, 120, 3.0, 3, 0, daily, 6, [5]float64{}},
	{"bakery", model.Fresh, 5, 120, 1.4, 4, 0, daily, 6, [5]float64{}},
	{"milk", model.Fresh, 5, 30, 1.4, 10, 0, daily, 12, [5]float64{}},
	{"dairy & yoghurt", model.Fresh, 4, 130, 1.6, 21, 0, daily, 8, [5]float64{}},
	{"fresh meat", model.Fresh, 3, 100, 4.0, 6, 0, daily, 6, [5]float64{}},
	{"fruit & veg", model.Fresh, 5, 150, 1.2, 6, 0, daily, 10, [5]float64{}},
	{"bagged salad", model.Fresh, 1, 40, 1.2, 5, 0, daily, 8, [5]float64{}},
	{"chilled ready meals", model.Fresh, 3, 120, 3.5, 7, 0, daily, 6, [5]float64{}},
	{"cooked meats & cheese", model.Fresh, 3, 120, 2.5, 14, 0, daily, 8, [5]float64{}},
	// frozen: 5%
	{"frozen food", model.Frozen, 3, 110, 2.5, 0, 1, three, 8, [5]float64{}},
	{"ice cream", model.Frozen, 2, 70, 3.0, 0, 1, three, 8, [5]float64{}},
	// ambient: 60%
	{"tins & packets", model.Ambient, 8, 300, 1.2, 0, 1, fourDays, 12, [5]float64{}},
	{"cereals & breakfast", model.Ambient, 3, 120, 2.5, 0, 1, fourDays, 8, [5]float64{}},
	{"confectionery", model.Ambient, 9, 240, 1.0, 0, 0, sixDays, 24, [5]float64{}},
	{"crisps & snacks", model.Ambient, 6, 200, 1.3, 0, 0, sixDays, 24, respSaltedSnacks},
	{"soft drinks", model.Ambient, 9, 210, 1.5, 0, 0, sixDays, 12, [5]float64{}},
	{"beer, wine & spirits", model.Ambient, 13, 250, 7.0, 0, 0, sixDays, 12, [5]float64{}},
	{"tea & coffee", model.Ambient, 2, 100, 3.5, 0, 1, fourDays, 6, respCoffee},
	{"household & laundry", model.Ambient, 3, 110, 3.0, 0, 1, three, 6, respLaundry},
	{"health & beauty", model.Ambient, 3, 150, 3.0, 0, 1, three, 6, respHealthBeauty},
	{"pet food", model.Ambient, 1.5, 100, 1.5, 0, 1, three, 12, respPetFood},
	{"paper & tissue", model.Ambient, 2, 60, 3.0, 0, 1, three, 8, respPaperTowels},
	{"baby", model.Ambient, 0.5, 50, 3.5, 0, 1, three, 4, respDiapers},
}

// ukDSD is each category's share of supply that suppliers deliver straight
// to the stores and order themselves (categories.csv dsd_share). The
// categories are those the GMA's direct store delivery study (2008, US
// grocery: 24% of unit sales, seven of the top ten categories) names:
// bread and bakery, milk, carbonated drinks, salty snacks, beer, fresh
// produce, frozen prepared food; plus food to go, which UK sandwich makers
// deliver direct to many stores. The shares are estimates: the UK share is
// not published, and a UK convenience chain runs most supply, bread and
// milk included, through its own depots (Allied Bakeries delivers to
// stores and to regional DCs), so the shares add up to about half the US
// figure (12% of sales). Uncertainty.DSDShare scales them.
var ukDSD = map[string]float64{
	"bakery":                  0.5, // branded bread delivered daily by the bakers
	"milk":                    0.3,
	"soft drinks":             0.3,
	"crisps & snacks":         0.2,
	"beer, wine & spirits":    0.2,
	"food to go & sandwiches": 0.2,
	"fruit & veg":             0.1,
	"frozen food":             0.1,
}

// shelfCoverDays is the days of reference-store demand the shelf holds
// beyond one case (estimate: enough for the order-up-to level over the
// longest protection period, lead plus the longest gap between deliveries,
// with room for safety stock).
func shelfCoverDays(lead int, delivery uint8) float64 {
	gap := 1
	if delivery != 0 {
		// longest run of days without a delivery, plus one
		for d := range 7 {
			g := 1
			for delivery&(1<<((d+g)%7)) == 0 && g < 7 {
				g++
			}
			gap = max(gap, g)
		}
	}
	return 2 * float64(lead+1+gap)
}

// dcHeadroom is normal DC throughput as a share of pick capacity: pick
// capacity = normal cases a day / 0.85 (estimate: DCs plan to run at about
// 85% of capacity, leaving room for peaks; surge is +10-25% [ref]).
const dcHeadroom = 0.85

// generate builds the synthetic estate described by cfg.
func generate(cfg estateConfig) *Inputs {
	rnd := rand.New(rand.NewPCG(cfg.seed, 0x5eed))
	in := &Inputs{}

	// Categories.
	// Rounded to 4 decimals for the files; Build rescales to mean 1.
	var wk model.Weekday
	for i, v := range m5Weekday {
		wk[i] = math.Round(v*7/(m5Weekday[0]+m5Weekday[1]+m5Weekday[2]+m5Weekday[3]+m5Weekday[4]+m5Weekday[5]+m5Weekday[6])*1e4) / 1e4
	}
	var shareSum float64
	for _, c := range ukCategories {
		shareSum += c.share
	}

	// SKUs: value share = category share x lognormal weight; unit price =
	// category price x lognormal; rate = value / price. Rates are for the
	// reference store and are scaled below.
	dailySales := float64(ReferenceWeeklySales) / 7
	type skuGen struct {
		value float64 // £ a day at the reference store
		price float64
	}
	var gens []skuGen
	catFirst := make([]int, len(ukCategories)+1)
	for ci, c := range ukCategories {
		n := max(2, int(math.Round(float64(c.skus)*cfg.skuScale)))
		w := make([]float64, n)
		var sum float64
		for j := range w {
			spread := velocitySpread
			if c.life > 0 {
				spread = freshSpread
			}
			w[j] = math.Exp(spread * rnd.NormFloat64())
			sum += w[j]
		}
		for j := range w {
			value := dailySales * c.share / shareSum * w[j] / sum
			price := c.price * math.Exp(priceSpread*rnd.NormFloat64()-priceSpread*priceSpread/2)
			gens = append(gens, skuGen{value, price})
			m := marginLow + (marginHigh-marginLow)*rnd.Float64()
			in.SKUs = append(in.SKUs, SKURow{
				ID:        fmt.Sprintf("K%05d", len(in.SKUs)+1),
				Category:  c.name,
				MarginPct: math.Round(m*10) / 10,
				ShelfLife: c.life,
				CasePack:  c.casePack,
				LeadDays:  c.lead,
				Delivery:  c.delivery,
			})
		}
		catFirst[ci+1] = len(in.SKUs)
	}
	// Core rank: 1 = the line with the highest unit rate (estimate: a
	// manual core range orders the fastest sellers first).
	nk := len(in.SKUs)
	byRate := make([]int, nk)
	for k := range byRate {
		byRate[k] = k
	}
	unitRate := func(k int) float64 { return gens[k].value / gens[k].price }
	slices.SortStableFunc(byRate, func(a, b int) int { return cmp.Compare(unitRate(b), unitRate(a)) })
	for rank, k := range byRate {
		in.SKUs[k].Core = rank + 1
	}
	// Price scale: the reference convenience store, carrying the
	// convenience range (its lowest core ranks), needs casesPerDay cases.
	convLines := nk
	if l := scaledLines(cfg.formats[0].lines, cfg.skuScale, nk); l > 0 {
		convLines = l
	}
	var cases float64
	for _, k := range byRate[:convLines] {
		cases += unitRate(k) / float64(in.SKUs[k].CasePack)
	}
	scale := cases / casesPerDay // multiplies prices, divides rates
	for k := range in.SKUs {
		s := &in.SKUs[k]
		s.Price = math.Round(gens[k].price*scale*100) / 100 // whole pence
		if s.Price < 0.1 {
			s.Price = 0.1
		}
		s.Rate = roundDigits(gens[k].value/s.Price, 4)
		c := ukCategories[categoryOf(catFirst, k)]
		if c.life > 0 {
			// Stores order fresh in split packs sized to sell within half
			// the shelf life; the DC picks them into trays of the
			// category's outer size, which is what casesPerDay counts
			// (estimate: a line that cannot sell its pack before it goes
			// out of date would be all waste, and would be delisted).
			s.CasePack = max(1, min(s.CasePack, int(s.Rate*float64(c.life)/2)))
		}
		s.ShelfCap = s.CasePack + int(math.Ceil(s.Rate*shelfCoverDays(c.lead, c.delivery)))
	}
	for _, c := range ukCategories {
		row := CategoryRow{Name: c.name, Class: c.class, Weekday: wk, Dispersion: dispersionK, DSD: ukDSD[c.name]}
		if c.resp != ([5]float64{}) {
			row.Response = model.Response{Elsewhere: c.resp[0] / 100, NoBuy: c.resp[1] / 100,
				Delay: c.resp[2] / 100, SameBrand: c.resp[3] / 100, OtherBrand: c.resp[4] / 100}
		}
		in.Categories = append(in.Categories, row)
	}

	// Formats.
	for _, f := range cfg.formats {
		in.Formats = append(in.Formats, FormatRow{Name: f.name, ShelfScale: f.shelfScale,
			Lines: scaledLines(f.lines, cfg.skuScale, nk)})
	}

	// Stores: each format's count split over regions by weight (largest
	// remainder), region by region in config order.
	dcOf := make(map[string]string)
	for _, d := range cfg.dcs {
		for _, r := range d.serves {
			dcOf[r] = d.id
		}
	}
	counts := make([][]int, len(cfg.formats)) // [format][region]
	for fi, f := range cfg.formats {
		counts[fi] = apportion(f.stores, cfg.regions)
	}
	for ri, r := range cfg.regions {
		first := len(in.Stores)
		for fi, f := range cfg.formats {
			for range counts[fi][ri] {
				ws := convenienceWeeklySales * f.sales *
					math.Exp(salesSpread*rnd.NormFloat64()-salesSpread*salesSpread/2)
				in.Stores = append(in.Stores, StoreRow{
					ID:          fmt.Sprintf("S%04d", len(in.Stores)+1),
					Region:      r.name,
					Format:      f.name,
					DC:          dcOf[r.name],
					WeeklySales: math.Round(ws),
				})
			}
		}
		markLifeline(in.Stores[first:], r.priority)
	}

	// DCs: pick capacity = the normal cases a day of the stores served /
	// dcHeadroom. A store's cases a day are its format's lines' cases at
	// the reference store, scaled by its weekly sales. Core ranks are
	// 1..nk, so a format's lines are the SKUs with Core <= lines.
	formatCases := make(map[string]float64)
	for _, f := range in.Formats {
		for _, k := range in.SKUs {
			if f.Lines == 0 || k.Core <= f.Lines {
				formatCases[f.Name] += k.Rate / float64(k.CasePack)
			}
		}
	}
	dcCases := make(map[string]float64)
	for _, s := range in.Stores {
		dcCases[s.DC] += formatCases[s.Format] * s.WeeklySales / ReferenceWeeklySales
	}
	for _, d := range cfg.dcs {
		in.DCs = append(in.DCs, DCRow{ID: d.id, Region: d.region,
			PickCapacity: math.Round(dcCases[d.id] / dcHeadroom), StockDays: d.stockDy})
	}
	return in
}

// markLifeline sets Priority on round(share x n) of stores (at least one
// if share > 0), choosing the smallest by weekly sales among convenience
// stores and forecourts: lifeline stores are small rural and island shops
// (estimate).
func markLifeline(stores []StoreRow, share float64) {
	if share == 0 || len(stores) == 0 {
		return
	}
	var cand []int
	for i, s := range stores {
		if s.Format != "supermarket" {
			cand = append(cand, i)
		}
	}
	slices.SortStableFunc(cand, func(a, b int) int { return cmp.Compare(stores[a].WeeklySales, stores[b].WeeklySales) })
	n := min(len(cand), max(1, int(math.Round(share*float64(len(stores))))))
	for _, i := range cand[:n] {
		stores[i].Priority = true
	}
}

// roundDigits rounds v to n significant digits, via its decimal form so
// that the files show exactly n digits.
func roundDigits(v float64, n int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', n, 64), 64)
	return r
}

func categoryOf(first []int, k int) int {
	i, _ := slices.BinarySearch(first, k+1)
	return i - 1
}

// scaledLines scales a format's line count from the 3,000-line range to
// nk lines; 0 stays 0 (all).
func scaledLines(lines int, scale float64, nk int) int {
	if lines == 0 {
		return 0
	}
	return min(nk, int(math.Round(float64(lines)*scale)))
}

// apportion splits n over regions by weight with the largest-remainder
// method (ties to the earlier region), so the total is exactly n.
func apportion(n int, regions []regionSpec) []int {
	var total float64
	for _, r := range regions {
		total += r.weight
	}
	out := make([]int, len(regions))
	rem := make([]float64, len(regions))
	left := n
	for i, r := range regions {
		q := float64(n) * r.weight / total
		out[i] = int(q)
		rem[i] = q - float64(out[i])
		left -= out[i]
	}
	order := make([]int, len(regions))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for _, i := range order[:left] {
		out[i]++
	}
	return out
}
