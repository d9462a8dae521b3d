package data

import (
	"bufio"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"

	"github.com/shelfgap/shelfgap/model"
)

// formatFloat formats v with the fewest digits that parse back to exactly
// v. It uses 'f' rather than 'g' so that spreadsheets never see exponents
// like 2.4e+05; both round-trip exactly.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// WriteInputs writes in as an inputs directory: the CSV files that Load
// reads (ranges.csv only if in has ranges) and README.txt, which documents
// every file and column. dir must exist; the caller stages it. Load(dir)
// gives back Inputs whose Build equals in's. WriteInputs refuses Inputs
// that Build refuses.
func WriteInputs(dir string, in *Inputs) error {
	// Never write files that Load would refuse or Build could not use.
	if _, _, err := in.Build(); err != nil {
		return err
	}
	if err := checkRows(in); err != nil {
		return err
	}
	w := func(name string, cols []column, rows int, row func(i int, rec []string) []string) error {
		return writeCSV(filepath.Join(dir, name), cols, rows, row)
	}
	err := errors.Join(
		w(FormatsFile, formatCols, len(in.Formats), func(i int, rec []string) []string {
			f := in.Formats[i]
			return append(rec, f.Name, formatFloat(f.ShelfScale), strconv.Itoa(f.Lines))
		}),
		w(DCsFile, dcCols, len(in.DCs), func(i int, rec []string) []string {
			d := in.DCs[i]
			return append(rec, d.ID, d.Region, formatFloat(d.PickCapacity), formatFloat(d.StockDays))
		}),
		w(StoresFile, storeCols, len(in.Stores), func(i int, rec []string) []string {
			s := in.Stores[i]
			return append(rec, s.ID, s.Region, s.Format, s.DC, formatFloat(s.WeeklySales), strconv.FormatBool(s.Priority))
		}),
		w(CategoriesFile, categoryCols, len(in.Categories), func(i int, rec []string) []string {
			c := in.Categories[i]
			rec = append(rec, c.Name, c.Class.String(), formatFloat(c.Dispersion))
			if r := c.Response; r != (model.Response{}) {
				rec = append(rec, formatFloat(r.Elsewhere), formatFloat(r.NoBuy), formatFloat(r.Delay),
					formatFloat(r.SameBrand), formatFloat(r.OtherBrand))
			} else {
				rec = append(rec, "", "", "", "", "")
			}
			rec = appendWeekday(rec, c.Weekday, c.Weekday != (model.Weekday{}))
			return append(rec, formatFloat(c.DSD))
		}),
		w(SKUsFile, skuCols, len(in.SKUs), func(i int, rec []string) []string {
			k := in.SKUs[i]
			return append(rec, k.ID, k.Category, formatFloat(k.Price), formatFloat(k.MarginPct),
				strconv.Itoa(k.ShelfLife), strconv.Itoa(k.CasePack), strconv.Itoa(k.ShelfCap),
				strconv.Itoa(k.LeadDays), formatDays(k.Delivery), strconv.Itoa(k.Core), formatFloat(k.Rate))
		}),
	)
	if err != nil {
		return err
	}
	if len(in.Ranges) > 0 {
		var hasDisp, hasProf bool
		for _, g := range in.Ranges {
			hasDisp = hasDisp || g.Dispersion >= 0
			hasProf = hasProf || g.Profile >= 0
		}
		cols := rangeCols[:3]
		if hasDisp {
			cols = rangeCols[:4]
		}
		if hasProf {
			cols = append(append([]column(nil), cols...), weekdayCols...)
		}
		err := w(RangesFile, cols, len(in.Ranges), func(i int, rec []string) []string {
			g := in.Ranges[i]
			rec = append(rec, in.Stores[g.Store].ID, in.SKUs[g.SKU].ID, formatFloat(g.Rate))
			if hasDisp {
				d := ""
				if g.Dispersion >= 0 {
					d = formatFloat(g.Dispersion)
				}
				rec = append(rec, d)
			}
			if hasProf {
				var w model.Weekday
				if g.Profile >= 0 {
					w = in.Profiles[g.Profile]
				}
				rec = appendWeekday(rec, w, g.Profile >= 0)
			}
			return rec
		})
		if err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "README.txt"), []byte(Templates), 0o644)
}

func appendWeekday(rec []string, w model.Weekday, present bool) []string {
	for _, v := range w {
		if present {
			rec = append(rec, formatFloat(v))
		} else {
			rec = append(rec, "")
		}
	}
	return rec
}

// writeCSV writes a header and rows to path.
func writeCSV(path string, cols []column, rows int, row func(i int, rec []string) []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	cw := csv.NewWriter(bw)
	rec := make([]string, 0, len(cols))
	for _, c := range cols {
		rec = append(rec, c.name)
	}
	cw.Write(rec)
	for i := range rows {
		cw.Write(row(i, rec[:0]))
	}
	cw.Flush()
	err = errors.Join(cw.Error(), bw.Flush(), f.Sync(), f.Close())
	if err != nil {
		return err
	}
	return nil
}
