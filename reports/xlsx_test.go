package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWorkbook writes testResult's outputs and reads results.xlsx back:
// it has the Overview, one sheet per CSV file and Charts; every CSV cell
// is in its sheet with the right type (numbers as numbers, dates as dates,
// empty cells empty, names as text); the header row is frozen.
func TestWorkbook(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, testResult(), testManifest()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "results.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []string
	want = append(want, "Overview")
	for _, tb := range tables(testResult()) {
		want = append(want, sheetName(tb.name))
	}
	want = append(want, "Charts")
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if v, _ := f.GetCellValue("Overview", "A1"); v != "shelfgap results: scenario default" {
		t.Errorf("Overview A1 = %q", v)
	}
	// The Overview's summary: a header on row 6, the baseline on row 7
	// (lost sales empty), the 7-day run on row 8 (its P50 lost sales as a
	// number, summary.golden.csv's 39796.30).
	if v, _ := f.GetCellValue("Overview", "B6"); v != "lost_sales_p50_GBP" {
		t.Errorf("Overview B6 = %q, want the summary's header", v)
	}
	if v, _ := f.GetCellValue("Overview", "B7"); v != "" {
		t.Errorf("Overview B7 (baseline lost sales) = %q, want empty", v)
	}
	if v, _ := f.GetCellValue("Overview", "B8", excelize.Options{RawCellValue: true}); !strings.HasPrefix(v, "39796.3") {
		t.Errorf("Overview B8 (7-day lost sales P50) = %q, want 39796.3...", v)
	}
	if ty, _ := f.GetCellType("Overview", "B8"); ty != excelize.CellTypeUnset && ty != excelize.CellTypeNumber {
		t.Errorf("Overview B8 is of type %v, want a number", ty)
	}

	check := func(sheet, cell string, typ excelize.CellType, value string) {
		t.Helper()
		got, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		if got != typ {
			t.Errorf("%s!%s type %v, want %v", sheet, cell, got, typ)
		}
		if value != "" {
			v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if v != value {
				t.Errorf("%s!%s = %q, want %q", sheet, cell, v, value)
			}
		}
	}
	// daily: A recovery_days, B day, C date; D availability_pct_p10.
	check("daily", "A1", excelize.CellTypeInlineString, "recovery_days")
	check("daily", "A2", excelize.CellTypeUnset, "0") // a number: no t attribute
	check("daily", "C2", excelize.CellTypeUnset, "45770")
	if v, _ := f.GetCellValue("daily", "C2"); v != "2025-04-23" {
		t.Errorf("daily!C2 shows %q, want the date 2025-04-23 (serial 45770)", v)
	}
	// The baseline's lost sales (lost_sales_gbp_p10, column 3 + 5*4 + 1 = X) are empty.
	col := 3 + 5*4 + 1
	cell, _ := excelize.CoordinatesToCellName(col, 2)
	if h, _ := f.GetCellValue("daily", mustCell(col, 1)); h != "lost_sales_gbp_p10" {
		t.Fatalf("daily column %d is %q, want lost_sales_gbp_p10", col, h)
	}
	check("daily", cell, excelize.CellTypeUnset, "")
	// breakdown_region: a region name with a comma is text.
	check("breakdown_region", "B2", excelize.CellTypeInlineString, "North")
	// replicates: lost sales of the 7-day run, replicate 0, as a number.
	check("replicates", "C2", excelize.CellTypeUnset, "32889.5")
	// sensitivity: parameter names are text.
	check("sensitivity", "B2", excelize.CellTypeInlineString, "lost_share")

	for _, sh := range want[1 : len(want)-1] {
		p, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", sh, p)
		}
	}
	pics, err := f.GetPictures("Charts", "A2")
	if err != nil || len(pics) != 1 || !bytes.HasPrefix(pics[0].File, []byte("\x89PNG")) {
		t.Errorf("Charts!A2: %d pictures (%v), want the first chart as PNG", len(pics), err)
	}
}

func mustCell(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err)
	}
	return c
}

// TestWriteSVG: with chart_format svg the charts are SVG files (with the
// footer as text), and the workbook still holds them as PNG.
func TestWriteSVG(t *testing.T) {
	res := testResult()
	res.Scenario.Report.ChartFormat = "svg"
	dir := t.TempDir()
	if err := Write(dir, res, testManifest()); err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		name := c.name[:len(c.name)-len(".png")]
		b, err := os.ReadFile(filepath.Join(dir, name+".svg"))
		if err != nil {
			t.Errorf("%s.svg: %v", name, err)
			continue
		}
		if !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("seed 1")) {
			t.Errorf("%s.svg is not an SVG with the footer", name)
		}
		if _, err := os.Stat(filepath.Join(dir, c.name)); err == nil {
			t.Errorf("%s written beside %s.svg", c.name, name)
		}
	}
}
