package model

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// corePriority sets en.prio: each store's cells in the order a manual core
// range orders them (step, event 8: staff order up to coreLimit lines a
// day, walking this list).
//
// The list is built the way the Co-op described its fallback in 2025, "a
// minimum range of products that customers and members need the most",
// fresh, chilled and frozen sent "alongside cupboard essentials" [ref]:
// essentials across every category and temperature class, not the
// fastest-selling units of the whole range (which fill a short list with
// cheap ambient and milk lines and leave out fresh meat, chilled and
// bakery). So:
//
//   - Every category of the store gets a share of the list's lines in
//     proportion to its share of the store's expected sales value (rate x
//     price), whatever its class: the merchandiser's "space to sales" rule
//     (shelf space in proportion to sales share; estimate: the rule is
//     common practice, not the Co-op's published method), applied to the
//     line budget. The lines are interleaved by the
//     Sainte-Lague rule, the j-th line (from 0) of category c at key
//     (j + 1/2) / W_c, W_c the category's sales value, lowest key first
//     (ties by category order, then j). Any prefix of the list, so any
//     core_share, then splits its lines between categories in proportion
//     to what shoppers spend on them.
//   - Within a category, lines go by SKU.Core (skus.csv core_rank: lower
//     first), then by rate, fastest first: each category's own staples
//     (the four-pint milk, the white loaf, the eggs) come first. A user
//     sets the lines of their own manual range with core_rank.
//   - Outage.CoreCategories, if set, names the categories whose lines come
//     first (interleaved as above among themselves); the others' follow,
//     ordered only on days the listed lines leave some of the day's line
//     budget unused.
//
// A single-category estate (a history without categories) gets its lines
// by core rank and velocity, the lines that carry the most demand.
func (en *engine) corePriority(r *Range, nw int) error {
	first := make([]bool, en.nCats)
	for i, name := range en.sc.Outage.CoreCategories {
		c := slices.IndexFunc(r.Categories, func(c Category) bool { return c.Name == name })
		if c < 0 {
			return &FieldError{Field: fmt.Sprintf("outage.core_categories[%d]", i), Msg: fmt.Sprintf("unknown category %q", name)}
		}
		first[c] = true
	}
	listed := len(en.sc.Outage.CoreCategories) > 0
	en.prio = make([]int32, len(en.cell))
	type ranked struct {
		cell int32
		tier uint8 // 0: a listed category (or every category, with no list)
		cat  int32
		j    int32
		key  float64
	}
	scratch := make([][]ranked, nw)
	fanOut(nw, en.nStores, 1, func(g, s int) {
		lo, hi := en.start[s], en.start[s+1]
		p := en.prio[lo:hi]
		for i := range p {
			p[i] = int32(lo + i)
		}
		// Within each category (a contiguous block of the store's cells):
		// core rank, then rate.
		cs := en.catStart[s*(en.nCats+1):][:en.nCats+1]
		rk := scratch[g][:0]
		for c := range en.nCats {
			a, b := int(cs[c])-lo, int(cs[c+1])-lo
			blk := p[a:b]
			slices.SortStableFunc(blk, func(x, y int32) int {
				kx, ky := r.SKUs[en.cell[x].sku].Core, r.SKUs[en.cell[y].sku].Core
				if kx != ky {
					return cmp.Compare(kx, ky)
				}
				return cmp.Compare(en.cell[y].rate, en.cell[x].rate)
			})
			w := 0.0
			for _, i := range blk {
				cl := &en.cell[i]
				w += float64(cl.rate) * r.SKUs[cl.sku].Price * float64(cl.wq)
			}
			tier := uint8(0)
			if listed && !first[c] {
				tier = 1
			}
			for j, i := range blk {
				key := math.Inf(1) // a category that sells nothing goes last
				if w > 0 {
					key = (float64(j) + 0.5) / w
				}
				rk = append(rk, ranked{cell: i, tier: tier, cat: int32(c), j: int32(j), key: key})
			}
		}
		slices.SortFunc(rk, func(x, y ranked) int {
			return cmp.Or(cmp.Compare(x.tier, y.tier), cmp.Compare(x.key, y.key),
				cmp.Compare(x.j, y.j), cmp.Compare(x.cat, y.cat))
		})
		for i, x := range rk {
			p[i] = x.cell
		}
		scratch[g] = rk
	})
	return nil
}

// dcNeed sets en.need: per DC, the estate's SKUs in the order the DC
// picks them when its pick capacity binds (dcOne, Outage.DCByNeed): the
// manual range's rule (corePriority) applied to the demand of the DC's
// stores, so the lines the stores' ranges list first are picked first.
// Each category gets a share of the places in proportion to its expected
// sales value, interleaved by the Sainte-Lague rule; within a category, by
// core rank, then by the DC's rate, fastest first; the categories of
// Outage.CoreCategories, if any, before all others. Each DC's order depends
// only on its own stores, so a sweep split into parts by DC orders alike.
func (en *engine) dcNeed(e *Estate, r *Range) {
	nk := en.nSKUs
	rate := make([]float64, en.nDCs*nk)
	for s := range en.nStores {
		dr := rate[e.Stores[s].DC*nk:][:nk]
		for i := en.start[s]; i < en.start[s+1]; i++ {
			c := &en.cell[i]
			dr[c.sku] += float64(c.rate) * float64(c.wq)
		}
	}
	first := make([]bool, en.nCats)
	for _, name := range en.sc.Outage.CoreCategories {
		if c := slices.IndexFunc(r.Categories, func(c Category) bool { return c.Name == name }); c >= 0 {
			first[c] = true // an unknown name is corePriority's error
		}
	}
	en.need = make([]int32, en.nDCs*nk)
	for dc := range en.nDCs {
		needOrder(en.need[dc*nk:][:nk], rate[dc*nk:][:nk], en.skuCat, first, r)
	}
}

// needOrder writes into need the SKUs in dcNeed's order, given their
// rates, categories, the range's core ranks and the categories that come
// first (all false: none does).
func needOrder(need []int32, rate []float64, skuCat []int32, first []bool, r *Range) {
	nCats := len(first)
	listed := slices.Contains(first, true)
	w := make([]float64, nCats)
	byCat := make([][]int32, nCats)
	for k := range need {
		c := skuCat[k]
		w[c] += rate[k] * r.SKUs[k].Price
		byCat[c] = append(byCat[c], int32(k))
	}
	type ranked struct {
		sku, cat, j int32
		tier        uint8 // 0: a listed category (or every category, with no list)
		key         float64
	}
	rk := make([]ranked, 0, len(need))
	for c, ks := range byCat {
		slices.SortStableFunc(ks, func(x, y int32) int {
			return cmp.Or(cmp.Compare(r.SKUs[x].Core, r.SKUs[y].Core), cmp.Compare(rate[y], rate[x]))
		})
		for j, k := range ks {
			key := math.Inf(1)
			if w[c] > 0 {
				key = (float64(j) + 0.5) / w[c]
			}
			var tier uint8
			if listed && !first[c] {
				tier = 1
			}
			rk = append(rk, ranked{sku: k, cat: int32(c), j: int32(j), tier: tier, key: key})
		}
	}
	slices.SortFunc(rk, func(x, y ranked) int {
		return cmp.Or(cmp.Compare(x.tier, y.tier), cmp.Compare(x.key, y.key), cmp.Compare(x.j, y.j), cmp.Compare(x.cat, y.cat))
	})
	for i, x := range rk {
		need[i] = x.sku
	}
}
