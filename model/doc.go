// Package model simulates what an outage of a retailer's automatic
// replenishment (stock-monitoring) system does to its shelves and its sales,
// day by day, for every store and SKU of an estate.
//
// The model is plain data plus functions over flat slices. It does no file,
// terminal or network I/O: package data builds its inputs and package reports
// turns its Result into files.
//
// # Units and conventions
//
//   - Stock and demand are counted in selling units (integers); orders and DC
//     capacity in cases (SKU.CasePack units).
//   - Money is in pounds sterling (£). Internally every sum is kept in whole
//     pence in int64, so totals do not depend on the order of addition and a
//     run is byte-identical whatever GOMAXPROCS is.
//   - Time is in whole days. Day 0 is Scenario.StartDate; Scenario.WarmupDays
//     days are simulated before day 0 and not reported.
//   - A cell is one store x SKU pair that the store ranges. Cells are stored
//     store by store (Range.Start) and, within a store, grouped by category.
//
// # The types, in the order a reader should meet them
//
// Scenario is the what-if; Estate holds stores, DCs, regions and formats;
// Range holds categories, SKUs and each store's assortment; the unexported
// state is the estate's day as struct-of-arrays; Result holds, for each
// recovery time, day, group and metric, one value per replicate. Run turns
// (Estate, Range, Scenario) into a Result.
//
// # The order of events in a day
//
// (*worker).step in step.go is the one place where a day happens. For each
// store, it runs the store's rolling cycle count, then, for each category
// (a block of the store's cells), the kernels listed in kernels.go, one
// loop each over the block's cells in a file named for the mechanism, then
// the store's manual core range and its traffic. The numbers are the
// kernels' doc comments':
//
//  0. Counts: a rolling cycle count resets book to shelf on a few lines a
//     day, and a gap scan zeroes the book of empty shelves that show
//     stock, where the system is up (cycleCount, gapScan, records.go). The DC's
//     overnight allocation of yesterday's orders lands in the pipeline
//     (receive, perish.go).
//  1. Receive: deliveries due today land on the shelf (and in the book if
//     the system is up; during an outage a share is posted at restart).
//  2. Age: perishable stock past its shelf life is wasted (receive,
//     perish.go).
//  3. Open: availability is measured (a cell is available if its shelf holds
//     stock at opening); frozen lines (book > 0, shelf empty) are counted.
//  4. Demand: each cell draws its demand (rate x weekday x store traffic x
//     the basket's uplift x a gamma multiplier: negative binomial; draw,
//     demand.go) plus returning
//     delayed demand, and sells from the shelf.
//  5. Shoppers: unmet demand splits five ways (elsewhere, no buy, delay,
//     same brand, other brand; sell, shoppers.go).
//  6. Records: unrecorded shrink takes a unit from what is left on the
//     shelf; the book is updated from sales, or during an outage the flows
//     are kept to be posted in part at restart.
//  7. Count: the zero-sales-run detector corrects phantom stock (record,
//     records.go).
//  8. Order: the ordering mode in force (automatic, or the outage fallback)
//     places orders (orders, replenish.go; the manual core range,
//     coreOrders; push and core-range quantities carry a central forecast's
//     error, allocError); suppliers that deliver direct order their share
//     (direct); the DCs fill the rest after all stores have ordered (dc.go),
//     within stock and pick capacity (in the outage a fraction of normal,
//     reached at once or over its first days, dcCapacity), the most needed
//     lines first when capacity binds (byNeed).
//
// Then substitution (substitute.go) moves the same-brand and other-brand
// demand to in-stock SKUs of the category, in proportion to their rates;
// the walk-away share rises with the density of gaps. Each substitute sale
// is recorded like any sale (book, zero-sales run) and the selling cell's
// order is placed again from the corrected book. So shrink and a
// zero-sales count come before the day's substitute sales, as if the
// shoppers who substitute came last.
//
//  9. Traffic: store traffic moves towards its long-run level: shoppers who
//     met gaps move trips elsewhere and come back gradually (traffic.go);
//     a share of the spend lost at gaps becomes tomorrow's demand on the
//     store's other lines (basket, basket.go).
//
// # The vector build
//
// Built with GOEXPERIMENT=simd (Go's experimental simd/archsimd package),
// on a processor with AVX-512, the kernels have vector twins (the files
// *_simd.go) that work eight or sixteen cells at a time, with the same
// signature and the same results; each takes the common block (at least 16
// cells, ambient or perishable with one shelf life, under automatic
// ordering) and hands any other to its plain kernel. The plain kernels are
// the specification: TestKernelsSIMD compares each twin with its kernel
// block by block, and every golden file is checked in both builds.
package model
