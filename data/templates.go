package data

import (
	"strconv"
	"strings"

	"github.com/shelfgap/shelfgap/model"
)

// Templates is the README.txt that WriteInputs puts in an inputs directory:
// every file and column with its type, unit, whether it is required, and
// its default. TestTemplatesDocumentEveryColumn keeps it complete.
var Templates = strings.NewReplacer(
	"{maxlead}", strconv.Itoa(model.MaxLead),
	"{maxscale}", limit(MaxShelfScale),
	"{maxlines}", limit(MaxLines),
	"{maxpick}", limit(MaxPickCapacity),
	"{maxstock}", limit(MaxStockDays),
	"{maxweekly}", limit(MaxWeeklySales),
	"{maxdisp}", limit(MaxDispersion),
	"{maxweekday}", limit(MaxWeekday),
	"{maxprice}", limit(MaxPrice),
	"{maxlife}", limit(MaxShelfLife),
	"{maxpack}", limit(MaxCasePack),
	"{maxcap}", limit(MaxShelfCap),
	"{maxcore}", limit(MaxCoreRank),
	"{maxrate}", limit(MaxSKURate),
	"{maxcellrate}", limit(MaxCellRate),
	"{maxshelf}", limit(MaxShelfUnits),
	"{maxbytes}", bytesText(MaxCSVBytes),
	"{maxline}", bytesText(MaxLineBytes),
).Replace(templates)

// limit formats a plausible maximum for README.txt as a number is
// written in the files: 1e7 as "10000000".
func limit(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

const templates = `shelfgap inputs directory
=========================

shelfgap run --inputs DIR and shelfgap validate --inputs DIR read the CSV
files below. Files are comma-separated UTF-8 (an Excel "CSV UTF-8" export
with a byte-order mark, CRLF line ends and quoted fields containing commas
is fine; semicolon-separated, tab-separated and UTF-16 files, and text that
is not UTF-8, such as a Windows-1252 export, are refused with the line of the
first bad byte). A file may be at most {maxbytes}, a line at most {maxline}.
The first row names the columns, in any order, case-insensitively; every
row has as many fields as the header. Spaces around a value are ignored.
Optional columns may be left out or left empty; an empty optional cell
takes the default. Numbers use a dot for decimals and no thousands
separators. Every number has a plausible range, given below, far beyond
any real estate's: a value outside it is refused with its file, line and
column, so that a typo cannot overflow a total. IDs are text, exactly as your
systems have them (leading zeros are kept). Other files in the directory
(this README, calibration outputs) are ignored.

formats.csv (required): one row per store format
  format        text, required. Format name, e.g. convenience.
  shelf_scale   number 0-{maxscale}, optional, default 1 (0 also means 1). Multiplies
                each SKU's shelf_capacity_units for stores of this format.
  lines         whole number 0-{maxlines}, optional, default 0 = all SKUs. How many
                SKUs a store of this format carries when ranges.csv does not
                list it: the lines with the lowest core_rank, ties broken by
                higher rate_units_per_day, then by order in skus.csv.

dcs.csv (required): one row per distribution centre (DC)
  dc_id                        text, required, unique.
  region                       text, required. Region name (free text; the
                               regions of a run are the distinct names in
                               dcs.csv and stores.csv, sorted).
  pick_capacity_cases_per_day  number 0-{maxpick}, optional, default 0 = unlimited.
                               Cases a day the DC picks in normal trading.
  stock_days                   number 0-{maxstock}, optional, default 0 = unlimited
                               supply. The DC's stock of each SKU in days of
                               its average demand.

stores.csv (required): one row per store
  store_id          text, required, unique.
  region            text, required. Region name.
  format            text, required. A format of formats.csv.
  dc_id             text, required. The store's DC, a dc_id of dcs.csv.
  weekly_sales_gbp  number 0-{maxweekly}, required. Sales in normal trading, GBP a
                    week. Scales the SKU rates of stores not in ranges.csv
                    (rate x weekly_sales_gbp / 60000).
  priority          true/false (also 1/0, yes/no), optional, default false.
                    A "lifeline" store (rural, island) served first by a
                    priority allocation.

categories.csv (required): one row per category
  category     text, required, unique.
  class        ambient, fresh or frozen, required. Storage class: the staged
               restart brings classes back in turn. fresh includes chilled.
  dispersion   number 0-{maxdisp}, optional, default 0 = Poisson. The negative
               binomial shape k of daily demand: variance = mean + mean^2/k.
  elsewhere, no_buy, delay, same_brand, other_brand
               shares in [0, 1], optional, all five or none, summing to 1.
               What shoppers who meet an empty shelf do: buy at another
               store, not buy, come back later, buy another size of the
               same brand, buy another brand. Empty = the scenario's
               shoppers.response (Gruen et al. 2002 worldwide split).
  mon, tue, wed, thu, fri, sat, sun
               numbers 0-{maxweekday}, optional, all seven or none, averaging 1
               (within 0.005; rescaled to exactly 1). The weekday demand
               profile. Empty = flat.
  dsd_share    share in [0, 1], optional, default 0. The share of the
               category's supply that suppliers deliver straight to the
               stores and order for them (bread, milk, soft drinks,
               newspapers): it bypasses the DC's capacity, and during an
               outage the supplier keeps ordering it from what is on the
               shelf (scenario outage.dsd_affected: true stops that).

skus.csv (required): one row per SKU (product line)
  sku_id                text, required, unique.
  category              text, required. A category of categories.csv.
  price_gbp             number 0-{maxprice}, required. Shelf price, GBP a unit.
  margin_pct            number 0-100, required. Gross margin, percent of
                        price.
  shelf_life_days       whole number 0-{maxlife}, optional, default 0 = not
                        perishable (no waste tracked). Days a unit can be
                        sold after it reaches the store.
  case_pack             whole number 0-{maxpack}, optional, default 0 = 1. Units a
                        case; stores order whole cases.
  shelf_capacity_units  whole number 0-{maxcap}, required. Units the shelf (with
                        its backroom allowance) holds in a store whose
                        format's shelf_scale is 1. Times the largest
                        shelf_scale of formats.csv, at most {maxshelf}.
  lead_days             whole number 0-{maxlead}, required. Whole days between an
                        order placed after close and its delivery before
                        opening: 0 = ordered on day D, on the shelf on D+1
                        ("D for D+1"); 1 = D+2.
  delivery_days         optional, default daily. The weekdays deliveries can
                        arrive: "daily", or day names such as
                        "Mon Tue Thu Fri" (separated by spaces, commas or
                        slashes; first three letters, any case).
  core_rank             whole number 0-{maxcore}, optional, default 0. Lower ranks
                        are ordered first under a manual core range, and are
                        the lines a format with a lines limit carries.
  rate_units_per_day    number 0-{maxrate}, required. Mean units a day sold in a
                        store with weekly_sales_gbp = 60000 (the reference
                        store, about a Co-op convenience store's average).
                        A store's rate (rate x weekly_sales_gbp / 60000)
                        must be at most {maxcellrate} too.

ranges.csv (optional): one row per store x SKU the store carries
  A store listed here carries exactly the listed SKUs at these rates;
  stores not listed get their format's rule (formats.csv lines) with rates
  scaled by weekly sales. Rows may come in any order; a store x SKU pair may
  appear once.
  store_id            text, required. A store_id of stores.csv.
  sku_id              text, required. A sku_id of skus.csv.
  rate_units_per_day  number 0-{maxcellrate}, required. Mean units a day in this store.
  dispersion          number 0-{maxdisp}, optional, default = the category's. The
                      cell's negative binomial shape k (0 = Poisson).
  mon, tue, wed, thu, fri, sat, sun
                      numbers 0-{maxweekday}, optional, all seven or none, averaging 1.
                      The cell's weekday profile. Empty = the category's.
`
