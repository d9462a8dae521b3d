package model

// dcLists are the SKUs each DC's step covers (dcOne). At full resolution
// that is every SKU. In quick mode a DC steps only the SKUs that the
// sample's stores it serves carry: no store orders the others, and their
// stock targets are zero (dcs: a DC's targets follow the demand of the
// stores it simulates), so nothing is ever ordered, received or shipped
// for them, and they take no capacity (the proportional split adds zero
// cases for them; byNeed's take of zero cases leaves the capacity as it
// was). The sampled stores therefore see the same fills either way. An
// idle SKU could clear its category's full-shipment flag (state.FullCat:
// its fill is the capacity's fraction), but only a category no sampled
// store of the DC carries has none but idle SKUs, and the flag is read
// only for a store's cells of the category (allocateSIMD).
type dcLists struct {
	all  []int32 // every SKU, ascending
	at   []int   // per DC+1: offsets into sku and need; nil: every DC steps every SKU
	sku  []int32 // per DC: its SKUs, ascending
	need []int32 // per DC: its SKUs in the order it picks scarce capacity (engine.need)
}

// dcEverySKU makes quick mode's DCs step every SKU too (tests compare).
var dcEverySKU = false

// dcSKUs returns the SKUs DC dc steps, ascending and in need order.
func (en *engine) dcSKUs(dc int) (ks, need []int32) {
	l := &en.dcSKU
	if l.at == nil {
		return l.all, en.need[dc*en.nSKUs:][:en.nSKUs]
	}
	return l.sku[l.at[dc]:l.at[dc+1]], l.need[l.at[dc]:l.at[dc+1]]
}

// dcActive sets en.dcSKU from the cells and en.need: every SKU for every
// DC at full resolution; in quick mode, per DC, the SKUs of the sampled
// stores it serves.
func (en *engine) dcActive() {
	nk := en.nSKUs
	l := dcLists{all: make([]int32, nk)}
	for k := range nk {
		l.all[k] = int32(k)
	}
	if en.quick.stores != nil && !dcEverySKU {
		used := make([]bool, en.nDCs*nk)
		for _, s := range en.quick.stores {
			u := used[int(en.storeDC[s])*nk:][:nk]
			for i := en.start[s]; i < en.start[s+1]; i++ {
				u[en.cell[i].sku] = true
			}
		}
		l.at = make([]int, en.nDCs+1)
		for dc := range en.nDCs {
			u := used[dc*nk:][:nk]
			for k := range nk {
				if u[k] {
					l.sku = append(l.sku, int32(k))
				}
			}
			for _, k := range en.need[dc*nk:][:nk] {
				if u[k] {
					l.need = append(l.need, k)
				}
			}
			l.at[dc+1] = len(l.sku)
		}
	}
	en.dcSKU = l
}
