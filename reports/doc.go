// Package reports turns a *model.Result into what people read: CSV files
// for spreadsheets, PNG charts for a report, a short table for the
// terminal, and run.json, the record of how the run was made.
//
// Write writes every file into a directory; Table writes the terminal
// summary. Nothing here recomputes the simulation: every figure is a
// model.Band (P10, P50, P90 and mean over the Monte Carlo replicates) of
// a Result's daily values, or of a model.Summary of them.
//
// # Conventions of every CSV file
//
//   - UTF-8 without a byte order mark, comma-separated, one header row,
//     lines ended by '\n' (not CRLF), fields quoted by encoding/csv's rules
//     (a name with a comma or quote, say). Columns are always in the order
//     listed here.
//   - Numbers use a dot for decimals, no thousands separators and never an
//     exponent. Money (columns ending _gbp, in £, or the lower-case code of
//     the scenario's report.currency: _usd) and percentages (_pct)
//     have 2 decimals; counts (_units, _lines, _cases, days) are whole
//     numbers, and their _mean columns have 1 decimal.
//   - A value that does not exist (NaN, such as the availability of a
//     group with no cells) is an empty cell. "NaN" never appears.
//   - recovery_days is the run's recovery time in days, the days from the
//     outage start until automatic ordering resumes; 0 is the baseline,
//     the same estate and random numbers without an outage. Runs appear in
//     increasing order, the baseline first.
//   - day is the reported day, 0 being the scenario's start date; date is
//     its calendar date, ISO 8601 (2006-01-02).
//   - Every banded quantity X has four columns: X_p10, X_p50, X_p90 (the
//     10th, 50th and 90th percentiles over replicates, empirical quantiles,
//     not interpolated: the ceil(pR)-th smallest of R replicate values, so
//     each is one replicate's value; of 20 replicates, the 2nd, 10th and
//     18th) and X_mean. With 10 replicates or fewer, X_p10 is the smallest
//     value, and below 10 X_p90 the largest; run.json's quantiles and the
//     terminal table say so. Percentiles of a total are not totals of
//     percentiles: sum _mean columns, not _p50 columns.
//   - The replicates differ in their demand random numbers and in the
//     uncertain parameters drawn for them (model.Uncertainty), so a band
//     shows both; in quick mode each replicate also simulates its own
//     sample of stores, and the band includes that sample's error too
//     (run.json's sample_se_replicate says how much).
//
// # daily.csv
//
// One row per run and day, for the whole estate: recovery_days, day,
// date, then the band of each metric, in this order:
//
//	availability_pct    on-shelf availability: % of store-SKUs with stock on the shelf at opening
//	fill_rate_pct       % of demand served from the wanted SKU's shelf
//	demand_units        units shoppers wanted, including delayed demand returning
//	sales_units         units sold, including substitutes
//	sales_gbp           sales at shelf price, £
//	lost_sales_gbp      sales below the baseline's on the same random numbers, £
//	lost_margin_gbp     gross margin below the baseline's, £
//	substituted_units   demand moved to another SKU of the same category
//	deferred_units      demand delayed to a later day
//	unmet_units         demand not met (bought elsewhere, not bought, failed
//	                    substitution): an absolute count, which normal trading has too
//	waste_units         units wasted past their shelf life
//	waste_gbp           waste written off at cost, £
//	frozen_lines        store-SKUs with phantom stock: the book shows stock, the shelf is empty
//	dc_backlog_cases    cases ordered from DCs but not yet picked
//	traffic_pct         store traffic as a % of normal
//
// # summary.csv
//
// One row per run, whole-horizon figures for the estate: recovery_days,
// then the band of each of:
//
//	min_availability_pct   the lowest daily availability
//	days_below_threshold   days with availability below the scenario's threshold_pct
//	days_to_recover        days from the outage start until availability is back,
//	                       and stays, within 1 point of the baseline's. A replicate
//	                       not back by the horizon's end is censored: it ranks
//	                       above every measured one, so a percentile that falls
//	                       on it is empty, and so is the mean if any is censored
//	days_to_recover_censored  (one column, not banded) the number of censored
//	                       replicates
//	sales_gbp              sales over the horizon, £
//	lost_sales_gbp         lost sales over the horizon, £
//	lost_margin_gbp        lost margin over the horizon, £
//	waste_gbp              waste at cost over the horizon, £
//	extra_waste_gbp        waste at cost beyond the baseline's over the horizon,
//	                       replicate by replicate (negative: the outage wasted
//	                       less, as less was delivered), £
//	substituted_units      demand substituted over the horizon
//	lost_units             demand not met over the horizon beyond the baseline's,
//	                       replicate by replicate
//	extra_day_cost_gbp     lost sales per extra day of recovery: the difference
//	                       from the previous run's lost sales divided by the
//	                       difference in recovery days, replicate by replicate
//	                       (for the first recovery time, its lost sales divided
//	                       by its recovery days)
//
// The baseline row leaves empty what is not defined for it: its figures
// against itself (lost sales, lost margin, lost units, extra-day cost)
// and days to recover. daily.csv and the breakdowns leave the baseline's
// lost_sales and lost_margin empty likewise.
//
// and, only when the run simulated a sample of the stores (quick mode),
// sample_se_gbp: the standard error, £, that sampling adds to the run's
// mean lost sales over the replicates (lost_sales_gbp_mean).
//
// # breakdown_<kind>.csv and summary_<kind>.csv
//
// For each kind of group, region, format, category and dc, two files:
//
// breakdown_<kind>.csv has one row per run, group and day: recovery_days,
// <kind> (the group's name), day, date, then the bands of
// availability_pct, fill_rate_pct, sales_gbp, lost_sales_gbp, waste_gbp
// and frozen_lines, and, in breakdown_dc.csv only, dc_backlog_cases.
// Groups appear in the estate's order.
//
// summary_<kind>.csv has one row per run and group: recovery_days,
// <kind>, then summary.csv's columns (without sample_se_gbp).
//
// # replicates.csv, exceedance.csv and sensitivity.csv
//
// replicates.csv has one row per recovery time (not the baseline) and
// replicate: recovery_days, replicate (0, 1, ...: the index of run.json's
// params, and the same random numbers in every run of the same estate and
// seed), lost_sales_gbp, lost_margin_gbp, waste_gbp, lost_units (against
// the baseline), min_availability_pct, days_below_threshold,
// days_to_recover (empty when censored), days_to_recover_censored (1 or
// 0), then each uncertain parameter as drawn, to 4 decimals: lost_share,
// sales_posted, receipts_posted, surge, supplier_fill, dc_capacity,
// churn.
//
// exceedance.csv has, per recovery time and exceedance_pct of 50, 20, 10,
// 5 and 1: replicates (how many there are), lost_sales_gbp (the loss that
// that share of replicates reaches or exceeds: the k-th largest, k =
// ceil(p n)), lost_sales_replicates_at_or_above (how many do), and the
// same for lost_margin_gbp. When p n < 1 the replicates cannot show a
// tail that thin, and the cells are empty: 1% needs 100 replicates.
//
// sensitivity.csv explains the estate's lost sales for one recovery time:
// the one nearest the scenario's report.sensitivity_days (default 14; the
// shorter on a tie; --sensitivity-days). One row per uncertain parameter,
// largest swing first: recovery_days, parameter, low and high (its range
// in the scenario), replicates, spearman_rho (Spearman's rank correlation
// of its draws with lost sales over the replicates), rho_noise_95
// (1.96/sqrt(n-1): a |rho| below it is indistinguishable from chance),
// lost_sales_at_low_gbp and lost_sales_at_high_gbp (a least-squares line
// of lost sales on the parameter, at the two ends of its range) and
// swing_gbp (their difference). A parameter that did not vary has empty
// cells. The rank correlation uses the replicates already run, needs no
// extra simulation, and measures each input under the joint uncertainty
// of the others; with few replicates it is noisy, which rho_noise_95
// says.
//
// # compare.csv
//
// Written by 'shelfgap run --vs' and 'shelfgap compare --csv': one row per
// recovery time both runs have: recovery_days, replicates, then the band
// (_p10, _p50, _p90, _mean) over replicates of B minus A, replicate by
// replicate, of diff_lost_sales_gbp, diff_lost_margin_gbp and
// diff_waste_gbp, from replicates.csv's values (to the penny).
//
// # results.xlsx
//
// The workbook holds the same tables, parsed back from the CSV files
// (which stay the reference): an Overview sheet (the headline, the
// estate's summary per recovery time, the manifest without timings and
// the scenario as run, one key a row), one sheet per CSV file named after
// it (numbers as numbers, the date column as dates, empty cells empty,
// the header row frozen), and Charts, with every chart as PNG. Its bytes
// depend only on the run: the same Result gives the same file.
//
// # Charts
//
// Each chart is a PNG of 16 x 10 cm at 150 dpi (945 x 591 pixels), with
// its legend or colour scale to the right of the data. Time axes show
// calendar dates. Lines are the P50 over replicates; shaded bands and
// error bars span P10 to P90.
//
//	availability.png            estate availability by day for each run and the
//	                            baseline; the threshold and the outage start dashed
//	cumulative_lost_sales.png   estate lost sales summed from day 0, by day, for
//	                            each recovery time
//	recovery_cost.png           lost sales and lost margin over the horizon
//	                            against recovery time; each point is labelled
//	                            with the lost sales per extra day (P50)
//	category_heatmap.png        P50 availability of each category by day, for the
//	                            14-day recovery time if the sweep has it, else the
//	                            longest (the title says which); dashed lines at
//	                            the outage start and the restart
//	regions.png                 each region's lowest daily availability for each
//	                            run, with the threshold
//	exceedance.png              for each recovery time, the share of replicates
//	                            whose lost sales reach each amount, a point per
//	                            replicate; dashed at the 50%, 10% and 1% levels
//	                            that the replicates support
//	tornado.png                 sensitivity.csv as bars from the fitted lost sales
//	                            at each parameter's low end to its high end,
//	                            about the mean
//
// Every chart has a footer naming the scenario, the estate, the seed, the
// replicates and shelfgap's version. When the outage has a scope (regions,
// DCs, formats or categories), availability.png draws up to three of the
// scope's groups, dashed, beside the estate. The heatmap's colour scale is
// sequential (darker is lower availability) and marks the baseline's
// level. With the scenario's report.chart_format svg (--format svg) the
// charts are SVG files for print, named .svg.
//
// A chart without groups to show (no categories, no regions) is not
// written.
//
// # run.json
//
// An indented JSON object:
//
//	manifest     how the run was made: version, command (the command line),
//	             seed, inputs {source, files [{name, sha256, rows}]},
//	             gomaxprocs, workers, go_version, and timings {load_s,
//	             simulate_s, report_s} in seconds
//	scenario     the scenario as run, every parameter resolved (the scenario
//	             YAML's keys)
//	recovery     the recovery days of each run, 0 (the baseline) first
//	days, replicates
//	cells        {simulated, full}: store-SKU cells simulated (in quick
//	             mode, per replicate on average) and in the estate
//	stores       {simulated, full}: stores simulated in each replicate and
//	             in the estate
//	cell_days    store-SKU-days simulated
//	sampling     how the estate was simulated, in words: in full, or quick
//	             mode's design (model/sample.go): in each replicate a
//	             systematic sample of stores with probability proportional
//	             to expected sales, at their full range, weighted up
//	quantiles    what the _p10, _p50 and _p90 figures are, and whether the
//	             replicates are too few for them to be quantiles
//	sample_se    per run, the standard error that sampling adds to the mean
//	             lost sales over replicates, £ (from four random groups of
//	             each replicate's stores); null unless quick mode
//	sample_se_replicate
//	             per run, one replicate's sampling error, £ (root mean
//	             square over replicates): the part of a band's spread that
//	             is sampling; null unless quick mode
//	param_draws  per uncertain parameter, how the replicates draw it
//	             (model.Draw: held, default range, centred, range set)
//	params       per replicate, the uncertain parameters drawn
//	files        the output files written beside run.json
//	outputs      the same files, [{name, sha256}] sorted by name: the
//	             manifest by which shelfgap recognises a previous output
//	             that it may replace (see HashOutputs)
//
// WriteManifest writes a run.json of only manifest and outputs into a
// directory of other outputs (the files of 'shelfgap estate' and
// 'shelfgap calibrate').
//
// Timings are rounded to milliseconds and the sampling errors to the penny.
//
// # Calibration outputs
//
// 'shelfgap calibrate' writes calibration.csv, holdout.csv and
// calibration.png with WriteCalibration and prints CalibrationSummary; the
// comment above WriteCalibration lists their columns. They follow the CSV
// conventions above, with their own decimals.
//
// # Determinism
//
// The same Result and Manifest give byte-identical CSV and PNG files, and
// the same run.json but for manifest.timings, the one object that holds
// wall-clock measurements.
package reports
