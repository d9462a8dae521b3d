package reports

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/shelfgap/shelfgap/model"
)

// The workbook, results.xlsx, is a typed view of the CSV files, which stay
// the canonical output: each CSV is parsed back, so that the two cannot
// disagree. Its sheets are Overview (the headline, the summary, the
// manifest and the scenario as run), one sheet per CSV file named after
// it, and Charts (the PNG charts).

// sheetName is the sheet of a CSV file: its name without ".csv", which
// fits Excel's 31 characters.
func sheetName(file string) string { return strings.TrimSuffix(file, ".csv") }

// workbookTable is one CSV file's bytes for the workbook.
type workbookTable struct {
	name string
	data []byte
}

// workbookPicture is one chart as PNG for the Charts sheet.
type workbookPicture struct {
	name string
	png  []byte
}

// writeWorkbook writes results.xlsx. Its bytes depend only on res, the
// tables and pictures, and man's version, seed, Go version and inputs
// (not the timings, GOMAXPROCS, workers or command line), so the same run
// gives the same file.
func writeWorkbook(w io.Writer, res *model.Result, man Manifest, tables []workbookTable, pics []workbookPicture) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} })
	// Document properties from the scenario, not the clock: the start
	// date stands for "when" so that the bytes are reproducible.
	when := res.Scenario.StartDate.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "shelfgap " + man.Version, Title: "shelfgap results: " + res.Scenario.Name,
		Created: when, Modified: when, LastModifiedBy: "shelfgap",
	}); err != nil {
		return err
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Overview"); err != nil {
		return err
	}
	if err := writeOverview(f, st, res, man); err != nil {
		return fmt.Errorf("Overview: %w", err)
	}
	for _, t := range tables {
		if err := writeTableSheet(f, st, sheetName(t.name), t.data); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	if len(pics) > 0 {
		if _, err := f.NewSheet("Charts"); err != nil {
			return err
		}
		// 945 x 591 pixel charts at 70%, one under another: about 21
		// default rows (20 pixels) each, with a gap.
		row := 1
		for _, p := range pics {
			if err := f.SetCellStr("Charts", "A"+strconv.Itoa(row), p.name); err != nil {
				return err
			}
			if err := f.AddPictureFromBytes("Charts", "A"+strconv.Itoa(row+1), &excelize.Picture{
				Extension: ".png", File: p.png, Format: &excelize.GraphicOptions{ScaleX: 0.7, ScaleY: 0.7, AltText: p.name},
			}); err != nil {
				return fmt.Errorf("Charts %s: %w", p.name, err)
			}
			row += 23
		}
	}
	// Overview, the first sheet, is the active one already. (SetActiveSheet
	// would parse every streamed sheet back into memory.)
	_, err = f.WriteTo(w)
	return err
}

// sheetStyles are the cell styles of the workbook.
type sheetStyles struct {
	header, date, money, pct, count, text, bold int
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	mk := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	yyyymmdd := "yyyy-mm-dd"
	twoDec := "#,##0.00"
	whole := "#,##0"
	mk(&s.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8E8E8"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	mk(&s.date, &excelize.Style{CustomNumFmt: &yyyymmdd})
	mk(&s.money, &excelize.Style{CustomNumFmt: &twoDec})
	mk(&s.pct, &excelize.Style{CustomNumFmt: &twoDec})
	mk(&s.count, &excelize.Style{CustomNumFmt: &whole})
	mk(&s.text, &excelize.Style{})
	mk(&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	return s, err
}

// writeTableSheet writes one CSV file as a sheet with the stream writer:
// the header row bold and frozen, dates as dates (the date column), every
// other cell that parses as a number as a number, empty cells empty.
func writeTableSheet(f *excelize.File, st sheetStyles, sheet string, data []byte) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		return err
	}
	for i, h := range head {
		width := float64(len(h))*0.9 + 2
		if h == "date" {
			width = 11
		}
		if err := sw.SetColWidth(i+1, i+1, min(max(width, 9), 40)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", cells, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	styles := make([]int, len(head))
	for i, h := range head {
		styles[i] = st.columnStyle(h)
	}
	for n := 2; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		for i, v := range rec {
			cells[i] = typedCell(head[i], v, styles[i])
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, cells[:len(rec)]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// columnStyle is the number format of a column, from its name's unit.
func (st sheetStyles) columnStyle(name string) int {
	base := name
	for _, s := range bandStats {
		base = strings.TrimSuffix(base, s.suffix)
	}
	switch {
	case name == "date":
		return st.date
	case strings.HasSuffix(base, "_pct"):
		return st.pct
	case strings.Contains(name, "_units") || strings.Contains(name, "days") || strings.HasSuffix(base, "_lines") ||
		strings.HasSuffix(base, "_cases") || strings.HasSuffix(base, "_censored") || name == "replicates" || name == "replicate" ||
		strings.HasSuffix(name, "_at_or_above"):
		if strings.HasSuffix(name, "_mean") {
			return st.money // a mean count keeps its decimal
		}
		return st.count
	case strings.Count(base, "_") > 0 && len(base) > 4 && base[len(base)-4] == '_':
		return st.money // a currency code suffix: _gbp, _usd
	}
	return 0
}

// typedCell is the workbook cell of a CSV field of column name: a date
// for the date column, a number if it parses as one, nothing if empty,
// else the text.
func typedCell(name, v string, style int) any {
	if v == "" {
		return nil
	}
	if name == "date" {
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return excelize.Cell{StyleID: style, Value: t}
		}
	}
	if x, err := strconv.ParseFloat(v, 64); err == nil && name != "parameter" {
		return excelize.Cell{StyleID: style, Value: x}
	}
	return excelize.Cell{Value: v}
}

// writeOverview writes the first sheet: the headline, the summary of the
// estate per recovery time, the manifest and the scenario as run.
func writeOverview(f *excelize.File, st sheetStyles, res *model.Result, man Manifest) error {
	const sh = "Overview"
	row := 1
	// put writes a row of values; an excelize.Cell sets its value and
	// style, nil leaves the cell empty.
	put := func(vals ...any) error {
		defer func() { row++ }()
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			switch v := v.(type) {
			case nil:
				continue
			case excelize.Cell:
				if err := f.SetCellValue(sh, cell, v.Value); err != nil {
					return err
				}
				if err := f.SetCellStyle(sh, cell, cell, v.StyleID); err != nil {
					return err
				}
			default:
				if err := f.SetCellValue(sh, cell, v); err != nil {
					return err
				}
			}
		}
		return nil
	}
	style := func(r, style int) error {
		return f.SetCellStyle(sh, "A"+strconv.Itoa(r), "J"+strconv.Itoa(r), style)
	}
	section := func(title string) error {
		row++
		if err := put(title); err != nil {
			return err
		}
		return f.SetCellStyle(sh, "A"+strconv.Itoa(row-1), "A"+strconv.Itoa(row-1), st.bold)
	}
	sums := make([]model.Summary, len(res.Recovery))
	for run := range res.Recovery {
		sums[run] = res.Summary(run, 0)
	}
	if err := put("shelfgap results: scenario " + res.Scenario.Name); err != nil {
		return err
	}
	if err := style(1, st.bold); err != nil {
		return err
	}
	if err := put(headline(res, sums)); err != nil {
		return err
	}
	if err := put(fmt.Sprintf("Bands are over %d replicates; the CSV files, on the other sheets, are the canonical output.", res.Replicates)); err != nil {
		return err
	}
	if err := section("Estate per recovery time (P50 over replicates; P10-P90 beside lost sales)"); err != nil {
		return err
	}
	c := strings.ToUpper(code(res))
	sym := symbol(res)
	head := []any{"recovery_days", "lost_sales_p50_" + c, "lost_sales_p10_" + c, "lost_sales_p90_" + c,
		"lost_margin_p50_" + c, "waste_p50_" + c, "extra_waste_p50_" + c, "min_availability_p50_pct", "days_to_recover_p50", "days_to_recover_censored",
		"extra_day_cost_p50_" + c}
	if err := put(head...); err != nil {
		return err
	}
	if err := style(row-1, st.header); err != nil {
		return err
	}
	numCell := func(v float64, style int) any {
		if !finite(v) {
			return nil
		}
		return excelize.Cell{StyleID: style, Value: v}
	}
	for _, s := range sums {
		cens := any(nil)
		if s.Recovery > 0 {
			cens = s.Censored
		}
		if err := put(s.Recovery, numCell(s.LostSales.P50, st.money), numCell(s.LostSales.P10, st.money), numCell(s.LostSales.P90, st.money),
			numCell(s.LostMargin.P50, st.money), numCell(s.WasteValue.P50, st.money), numCell(s.ExtraWaste.P50, st.money), numCell(s.MinAvailability.P50, st.pct),
			numCell(s.DaysToRecover.P50, st.count), cens, numCell(s.ExtraDayCost.P50, st.money)); err != nil {
			return err
		}
	}
	if err := section("Manifest"); err != nil {
		return err
	}
	kv := [][2]any{
		{"version", man.Version}, {"seed", res.Scenario.Seed}, {"go_version", man.GoVersion},
		{"estate", man.Inputs.Source}, {"currency", c + " (" + strings.TrimSpace(sym) + ")"},
		{"replicates", res.Replicates}, {"days", res.Days}, {"start_date", res.Scenario.StartDate},
		{"cells_simulated", res.Cells}, {"cells_full", res.CellsFull},
	}
	for _, p := range kv {
		v := p[1]
		if t, ok := v.(time.Time); ok {
			v = excelize.Cell{StyleID: st.date, Value: t}
		}
		if err := put(p[0], v); err != nil {
			return err
		}
	}
	for _, in := range man.Inputs.Files {
		if err := put("input "+in.Name, in.SHA256, in.Rows); err != nil {
			return err
		}
	}
	if err := section("Scenario as run (the scenario YAML's keys)"); err != nil {
		return err
	}
	kvs, err := flatten(res.Scenario)
	if err != nil {
		return err
	}
	for _, p := range kvs {
		if err := put(p[0], p[1]); err != nil {
			return err
		}
	}
	for col, w := range map[string]float64{"A": 34, "B": 22, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16, "H": 16, "I": 16, "J": 16} {
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// flatten returns v's JSON encoding as dotted key paths and values, in
// the encoding's order: numbers as float64, strings and booleans as they
// are, lists as their JSON text.
func flatten(v any) ([][2]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out [][2]any
	var walk func(prefix string, raw json.RawMessage) error
	walk = func(prefix string, raw json.RawMessage) error {
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] == '{' {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			if _, err := dec.Token(); err != nil {
				return err
			}
			for dec.More() {
				tk, err := dec.Token()
				if err != nil {
					return err
				}
				var sub json.RawMessage
				if err := dec.Decode(&sub); err != nil {
					return err
				}
				key := tk.(string)
				if prefix != "" {
					key = prefix + "." + key
				}
				if err := walk(key, sub); err != nil {
					return err
				}
			}
			return nil
		}
		var x any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&x); err != nil {
			return err
		}
		switch t := x.(type) {
		case json.Number:
			fv, _ := t.Float64()
			out = append(out, [2]any{prefix, fv})
		case string, bool:
			out = append(out, [2]any{prefix, t})
		case nil:
			out = append(out, [2]any{prefix, ""})
		default:
			out = append(out, [2]any{prefix, string(raw)})
		}
		return nil
	}
	return out, walk("", b)
}

var contentDefault = regexp.MustCompile(`<Default Extension="[^"]*" ContentType="[^"]*"></Default>`)

// sortDefaults puts the <Default> elements of [Content_Types].xml, which
// excelize lists in map order when pictures are added, in name order.
func sortDefaults(b []byte) []byte {
	locs := contentDefault.FindAllIndex(b, -1)
	elems := make([][]byte, len(locs))
	for i, l := range locs {
		elems[i] = slices.Clone(b[l[0]:l[1]])
	}
	slices.SortFunc(elems, bytes.Compare)
	var out []byte
	prev := 0
	for i, l := range locs {
		out = append(out, b[prev:l[0]]...)
		out = append(out, elems[i]...)
		prev = l[1]
	}
	return append(out, b[prev:]...)
}

// sortedZip is the workbook's zip writer: it keeps every entry until
// Close and then writes them in name order, with no timestamps, because
// excelize writes the sheets of stream writers in map order, which
// changes from run to run.
type sortedZip struct {
	w       io.Writer
	entries []*zipEntry
}

type zipEntry struct {
	name string
	buf  bytes.Buffer
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	e := &zipEntry{name: name}
	z.entries = append(z.entries, e)
	return &e.buf, nil
}

func (z *sortedZip) AddFS(fs.FS) error {
	return fmt.Errorf("reports: workbook zip writer does not add file systems")
}

func (z *sortedZip) Close() error {
	slices.SortStableFunc(z.entries, func(a, b *zipEntry) int {
		// [Content_Types].xml first, as Office writes it; then by name.
		ka, kb := a.name != "[Content_Types].xml", b.name != "[Content_Types].xml"
		if ka != kb {
			if !ka {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	zw := zip.NewWriter(z.w)
	for _, e := range z.entries {
		if e.name == "[Content_Types].xml" {
			b := sortDefaults(e.buf.Bytes())
			e.buf.Reset()
			e.buf.Write(b)
		}
		method := zip.Deflate
		if strings.HasSuffix(e.name, ".png") {
			method = zip.Store // compressed already
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.buf.Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}
