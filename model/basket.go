package model

// The basket-level response: a shopper who meets a gap and does not buy
// the item (the lost share of the five-way split, and failed substitutions)
// spends part of that money on other lines of the same trip. Stock-outs
// lower what shoppers buy of the item more than what they spend: retailer
// losses stay limited while the manufacturer's can be large (Campo, Gijsbrechts
// & Nisol 2003), and category switching, though a small share of answers at
// any one gap (Sloot, Verhoef & Franses 2005: cancel and category switch
// together about 5% of them), adds up over a basket with many gaps [ref].
// The share of lost spend moved is Shoppers.Basket (an estimate, with its
// uncertainty range). The moved spend becomes extra demand on the store's
// lines the next day, in proportion to their normal sales: at a daily step
// the trip's other categories are simulated beside the gap's, not after
// it. That demand meets the same shelves, so the share that lands falls
// as gaps thicken: at 50% availability half of it meets a gap and is lost
// (or moved) again.

// basketPrices sets en.storeValue: per store, the value (pence x weight)
// of its normal day's demand, and en.catPrice, per store x category, the
// mean price (pence) of a unit of its demand.
func (en *engine) basketPrices() {
	en.storeValue = make([]float64, en.nStores)
	en.catPrice = make([]float64, en.nStores*en.nCats)
	units := make([]float64, en.nCats)
	for s := range en.nStores {
		clear(units)
		cp := en.catPrice[s*en.nCats:][:en.nCats]
		for i := en.start[s]; i < en.start[s+1]; i++ {
			c := &en.cell[i]
			cat := en.skuCat[c.sku]
			u := float64(c.rate) * float64(c.wq)
			units[cat] += u
			cp[cat] += u * float64(en.sku[c.sku].price)
		}
		for cat, u := range units {
			en.storeValue[s] += cp[cat]
			if u > 0 {
				cp[cat] /= u
			}
		}
	}
}

// maxBasket caps tomorrow's demand uplift from spend moved in the basket.
const maxBasket = 0.5

// basket returns store s's demand uplift for tomorrow (state.Basket): the
// share p.Basket of the value of today's lost units (lost, per category,
// units x weight) as a fraction of the store's normal day's demand value.
func (en *engine) basket(s int, share float64, lost []int64) float64 {
	if share == 0 || en.storeValue[s] == 0 {
		return 0
	}
	cp := en.catPrice[s*en.nCats:][:en.nCats]
	v := 0.0
	for cat, n := range lost {
		v += float64(n) * cp[cat]
	}
	return min(maxBasket, share*v/en.storeValue[s])
}
