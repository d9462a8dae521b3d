// Package data turns input files into validated model values and back, and
// owns the built-in estates and the example scenarios.
//
// Every path to a model.Estate and model.Range goes through Inputs: Load
// reads an inputs directory, Default and Small generate the synthetic UK
// estate, the calibrator fits one from a sales history, and (*Inputs).Build
// turns the tables into dense model values. WriteInputs writes Inputs back
// as files that Load reads to the same Build result.
//
// # Errors
//
// Input errors are *Error values that print as
//
//	stores.csv:5:3: weekly_sales_gbp: want a number >= 0, got "-12"
//
// (file, 1-based line and column, field, what was expected and what was
// found). Load reports up to 10 per file, joined with errors.Join, and
// refuses: a missing file, an empty file or one with no data rows, a
// semicolon-separated file, a missing, unknown (with the nearest valid
// name) or repeated column, a number that is not one, is NaN or infinite,
// or is negative or out of range, a bad boolean, enum or weekday list, a
// duplicate key (with the line of the first), a reference to an unknown
// format, DC, category, store or SKU (with the nearest valid name), response
// shares that do not sum to 1, a weekday profile that does not average 1.
// Excel exports are accepted: a UTF-8 byte-order mark, CRLF line ends,
// quoted fields with commas or quotes.
//
// # The inputs directory
//
// Units: money in £ (GBP), stock in selling units, orders and DC capacity
// in cases, time in days. Column names are case-insensitive and may come in
// any order; optional columns may be absent or empty (the default applies);
// spaces around a value are ignored.
// IDs are text exactly as the retailer has them. Regions are the distinct
// region names of dcs.csv and stores.csv, sorted; all other tables keep
// their file order, which is the order of the model's indices.
//
// formats.csv (required), one row per store format:
//
//	format       text, required, unique
//	shelf_scale  number >= 0, optional, default 1 (0 = 1): multiplies shelf_capacity_units
//	lines        whole number >= 0, optional, default 0 = all: SKUs carried by stores not
//	             listed in ranges.csv, lowest core_rank first, ties by higher rate
//
// dcs.csv (required), one row per distribution centre:
//
//	dc_id                        text, required, unique
//	region                       text, required
//	pick_capacity_cases_per_day  number >= 0, optional, default 0 = unlimited
//	stock_days                   number >= 0, optional, default 0 = unlimited supply;
//	                             DC stock of each SKU in days of its average demand
//
// stores.csv (required), one row per store:
//
//	store_id          text, required, unique
//	region            text, required
//	format            text, required: a format of formats.csv
//	dc_id             text, required: a dc_id of dcs.csv
//	weekly_sales_gbp  number >= 0, required: £ a week in normal trading
//	priority          true/false, 1/0, yes/no, optional, default false: a lifeline store
//
// categories.csv (required), one row per category:
//
//	category     text, required, unique
//	class        ambient | fresh | frozen, required (fresh includes chilled)
//	dispersion   number >= 0, optional, default 0 = Poisson: negative binomial shape k,
//	             variance = mean + mean^2/k
//	elsewhere, no_buy, delay, same_brand, other_brand
//	             shares in [0, 1], optional, all five or none, summing to 1 (within 1e-6);
//	             none = the scenario's shoppers.response
//	mon, tue, wed, thu, fri, sat, sun
//	             numbers >= 0, optional, all seven or none, averaging 1 (within 0.005,
//	             then rescaled); none = flat
//	dsd_share    share in [0, 1], optional, default 0: the share of supply suppliers
//	             deliver straight to stores and order themselves (model.Category.DSD)
//
// skus.csv (required), one row per SKU:
//
//	sku_id                text, required, unique
//	category              text, required: a category of categories.csv
//	price_gbp             number >= 0, required: £ a unit
//	margin_pct            number 0-100, required: gross margin, percent of price
//	shelf_life_days       whole number >= 0, optional, default 0 = not perishable
//	case_pack             whole number >= 0, optional, default 0 = 1: units a case
//	shelf_capacity_units  whole number >= 0, required: units on the shelf at shelf_scale 1
//	lead_days             whole number 0 to model.MaxLead, required: 0 = ordered day D,
//	                      on the shelf D+1
//	delivery_days         "daily" or day names ("Mon Wed Fri"), optional, default daily
//	core_rank             whole number >= 0, optional, default 0: lower is ordered first
//	                      under a manual core range
//	rate_units_per_day    number >= 0, required: mean units a day in a store with
//	                      weekly_sales_gbp = ReferenceWeeklySales (£60,000)
//
// ranges.csv (optional), one row per store x SKU the store carries:
//
//	store_id            text, required: a store_id of stores.csv
//	sku_id              text, required: a sku_id of skus.csv
//	rate_units_per_day  number >= 0, required: mean units a day in this store
//	dispersion          number >= 0, optional, default the category's
//	mon, tue, wed, thu, fri, sat, sun
//	                    numbers >= 0, optional, all seven or none, averaging 1;
//	                    none = the category's profile
//
// A store listed in ranges.csv carries exactly its listed SKUs at those
// rates. A store not listed gets its format's rule: the format's lines
// lowest-core_rank SKUs, each at rate_units_per_day x weekly_sales_gbp /
// ReferenceWeeklySales. ranges.csv is streamed: rows are kept as indices,
// so millions of rows cost a few dozen bytes each.
//
// WriteInputs writes the same files plus README.txt (Templates), and
// formats numbers with the fewest digits that read back exactly.
//
// # Scenarios
//
// LoadScenario reads a YAML scenario that overlays model.DefaultScenario:
// keys are the yaml tags of model.Scenario, every key is optional, unknown
// keys are refused with the nearest valid key, and model.Scenario.Validate's
// errors come back with the line and column of the offending key. The
// example scenarios (ScenarioNames, ExampleScenario) are embedded from
// scenarios/; default.yaml spells out every key with its default, unit and
// source. CheckScope checks a scenario's names against Inputs.
package data
