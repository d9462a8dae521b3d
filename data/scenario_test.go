package data

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/shelfgap/shelfgap/model"
)

func TestExampleScenariosLoad(t *testing.T) {
	names := ScenarioNames()
	want := []string{"coop-2025", "default", "fallback-core-range", "fallback-none", "fallback-push",
		"fallback-repeat", "mns-2025", "partial-scotland"}
	if !slices.Equal(names, want) {
		t.Errorf("ScenarioNames() = %q, want %q", names, want)
	}
	in := Default()
	for _, name := range names {
		sc, err := LoadScenario(name)
		if err != nil {
			t.Errorf("LoadScenario(%q): %v", name, err)
			continue
		}
		if sc.Name != name {
			t.Errorf("LoadScenario(%q).Name = %q, want %q", name, sc.Name, name)
		}
		if err := CheckScope(sc, in); err != nil {
			t.Errorf("CheckScope(%q, Default()): %v", name, err)
		}
	}
}

// TestDefaultYAMLIsDefaultScenario pins the template to the code: loading
// default.yaml gives exactly model.DefaultScenario(), and it spells out
// every key.
func TestDefaultYAMLIsDefaultScenario(t *testing.T) {
	sc, err := LoadScenario("default")
	if err != nil {
		t.Fatal(err)
	}
	want := model.DefaultScenario()
	if !reflect.DeepEqual(sc, want) {
		t.Errorf("default.yaml = %+v\nwant %+v", sc, want)
	}
	b, _ := ExampleScenario("default")
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	have := make(map[string]bool)
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := join(path, n.Content[i].Value)
				have[p] = true
				walk(n.Content[i+1], p)
			}
		}
	}
	walk(doc.Content[0], "")
	for _, key := range structKeys(reflect.TypeFor[model.Scenario](), "") {
		if !have[key] {
			t.Errorf("default.yaml does not spell out %s", key)
		}
	}
}

// structKeys lists the dotted yaml keys of t's fields, recursing into
// nested structs (not into slices, arrays or maps).
func structKeys(t reflect.Type, path string) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		k := yamlKey(f)
		if k == "" {
			continue
		}
		p := join(path, k)
		keys = append(keys, p)
		if f.Type.Kind() == reflect.Struct && f.Type != timeType {
			keys = append(keys, structKeys(f.Type, p)...)
		}
	}
	return keys
}

func TestLoadScenarioOverlay(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.yaml")
	os.WriteFile(path, []byte("outage:\n  fallback: push\nrecovery: [5]\nrestart:\n  stages:\n    - {class: frozen, delay_days: 4}\n"), 0o644)
	sc, err := LoadScenario(path)
	if err != nil {
		t.Fatal(err)
	}
	want := model.DefaultScenario()
	want.Outage.Fallback = model.Push
	want.Recovery = []int{5}
	want.Restart.Stages = []model.Stage{{Class: model.Frozen, Delay: 4}}
	if !reflect.DeepEqual(sc, want) {
		t.Errorf("overlay = %+v\nwant %+v", sc, want)
	}
}

func TestLoadScenarioErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", "outage:\n  fallbak: none\n",
			`s.yaml:2:3: outage.fallbak: unknown key; did you mean "fallback"?`},
		{"unknown top key", "replicate: 3\n",
			`s.yaml:1:1: replicate: unknown key; did you mean "replicates"?`},
		{"bad enum", "outage:\n  fallback: manual\n",
			`s.yaml:2:13: outage.fallback: want one of none, core_range, repeat, push, got "manual"`},
		{"bad class", "restart:\n  stages:\n    - class: chilled\n",
			`s.yaml:3:14: restart.stages[0].class: want one of ambient, fresh, frozen, got "chilled"`},
		{"bad allocation", "restart:\n  allocation: lifeline\n",
			`s.yaml:2:15: restart.allocation: want one of proportional, priority, got "lifeline"`},
		{"bad date", "start_date: 30/04/2025\n",
			`s.yaml:1:13: start_date: want a date YYYY-MM-DD, got "30/04/2025"`},
		{"bad int", "days: ninety\n",
			`s.yaml:1:7: days: want a whole number, got "ninety"`},
		{"bad float", "outage:\n  dc_capacity: .nan\n",
			`s.yaml:2:16: outage.dc_capacity: want a number, got ".nan"`},
		{"list wanted", "recovery: 14\n",
			`s.yaml:1:11: recovery: want a list, got "14"`},
		{"pair wanted", "uncertainty:\n  surge: [1.1]\n",
			`s.yaml:2:10: uncertainty.surge: want a list of 2 values, got a list`},
		{"duplicate key", "days: 10\ndays: 20\n",
			`s.yaml:2:1: days: duplicate key (first on line 1)`},
		{"validate", "replicates: 0\nrecovery: [7, 3]\n",
			"s.yaml:1:13: replicates: want 1 to 10000, got 0\n" +
				"s.yaml:2:15: recovery[1]: want recovery times in increasing order, got 3 after 7"},
		{"validate parent", "shoppers:\n  response: {elsewhere: 0.5}\n",
			`s.yaml:2:13: shoppers.response: want shares that sum to 1, got 1.19`},
		{"currency code", "report:\n  currency: {code: pounds}\n",
			`s.yaml:2:20: report.currency.code: want a three-letter ISO 4217 code such as GBP, got "pounds"`},
		{"chart format", "report:\n  chart_format: pdf\n",
			`s.yaml:2:17: report.chart_format: want png or svg, got "pdf"`},
		{"syntax", "outage: [\n",
			`s.yaml:1: did not find expected node content`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScenario("s.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("ParseScenario(%q) = nil error, want %q", tt.yaml, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("ParseScenario(%q) error\n got %s\nwant %s", tt.yaml, got, tt.want)
			}
			var de *Error
			if !errors.As(err, &de) {
				t.Errorf("error is not a *data.Error")
			}
		})
	}
}

func TestLoadScenarioMissing(t *testing.T) {
	_, err := LoadScenario("no-such-scenario")
	if err == nil || !errors.Is(err, ErrMissingFile) || !strings.Contains(err.Error(), "coop-2025") {
		t.Errorf("LoadScenario(missing) = %v, want a missing-file error listing the examples", err)
	}
}

func TestCheckScope(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Outage.Scope = model.Scope{Regions: []string{"Scotland", "Scotlnd"}, DCs: []string{"DC-SCT"},
		Formats: []string{"forecort"}, Categories: []string{"milk", "mlk"}}
	sc.Outage.Categories = map[string]model.Fallback{"bakry": model.Push}
	sc.Outage.CoreCategories = []string{"milk", "eggs & milk"}
	err := CheckScope(sc, Small())
	want := `outage.scope.regions[1]: unknown region "Scotlnd": not in the inputs; did you mean "Scotland"?
outage.scope.dcs[0]: unknown dc "DC-SCT": not in the inputs; did you mean "DC-SCOT"?
outage.scope.formats[0]: unknown format "forecort": not in the inputs; did you mean "forecourt"?
outage.scope.categories[1]: unknown category "mlk": not in the inputs; did you mean "milk"?
outage.core_categories[1]: unknown category "eggs & milk": not in the inputs
outage.category_fallback.bakry: unknown category "bakry": not in the inputs; did you mean "bakery"?`
	if err == nil || err.Error() != want {
		t.Errorf("CheckScope error\n got %v\nwant %s", err, want)
	}
}

// TestParseScenarioEmpty: a file with no keys (empty, or only comments)
// is the default scenario.
func TestParseScenarioEmpty(t *testing.T) {
	for _, text := range []string{"", "# only a comment\n", "---\n"} {
		sc, err := ParseScenario("e.yaml", []byte(text))
		if err != nil {
			t.Errorf("ParseScenario(%q): %v", text, err)
			continue
		}
		if !reflect.DeepEqual(sc, model.DefaultScenario()) {
			t.Errorf("ParseScenario(%q) = %+v, want the default scenario", text, sc)
		}
	}
}

// TestPointValueWins: a file that sets an uncertain parameter's point value
// and not its range draws around the value written (the default range
// re-centred on it); a range the file sets wins over both; every uncertain
// parameter with a point value is covered.
func TestPointValueWins(t *testing.T) {
	values := map[string]string{
		"records.sales_posted": "0.9", "records.receipts_posted": "0.5", "restart.surge": "1.4",
		"restart.supplier_fill": "0.7", "outage.dc_capacity": "0.8", "shoppers.churn": "0.01", "records.gap_scans": "150", "outage.alloc_error": "0.2", "shoppers.basket": "0.2",
	}
	for _, u := range model.UncertainParams() {
		if u.Point == "" {
			continue
		}
		v, ok := values[u.Point]
		if !ok {
			t.Fatalf("no test value for %s", u.Point)
		}
		sec, key, _ := strings.Cut(u.Point, ".")
		text := sec + ":\n  " + key + ": " + v + "\n"
		sc, err := ParseScenario("s.yaml", []byte(text))
		if err != nil {
			t.Fatalf("ParseScenario(%q): %v", text, err)
		}
		var d model.Draw
		for _, x := range sc.Draws() {
			if x.Key == u.Key {
				d = x
			}
		}
		mid := (d.Range[0] + d.Range[1]) / 2
		if d.How != "centred" || strconv.FormatFloat(d.Value, 'g', -1, 64) != v || math.Abs(mid-d.Value) > 1e-12 || d.Range[0] >= d.Range[1] {
			t.Errorf("ParseScenario(%q): %s draws %+v, want a range centred on %s", text, u.Key, d, v)
		}
		// A range set as well wins.
		text += "uncertainty:\n  " + u.Key + ": [0.3, 0.4]\n"
		sc, err = ParseScenario("s.yaml", []byte(text))
		if err != nil {
			t.Fatalf("ParseScenario(%q): %v", text, err)
		}
		for _, x := range sc.Draws() {
			if x.Key == u.Key && (x.How != "range set" || x.Range != [2]float64{0.3, 0.4} || !x.Outside) {
				t.Errorf("ParseScenario(%q): %s draws %+v, want the range set, not containing %s", text, u.Key, x, v)
			}
		}
	}
	// The case: dc_capacity 0.8 draws from 0.8 -+ 0.2 (the default's
	// +-43% spread, shrunk to stay at or below normal capacity).
	sc, err := ParseScenario("s.yaml", []byte("outage: {dc_capacity: 0.8}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Uncertainty.DCCapacity; math.Abs(got[0]-0.6) > 1e-12 || got[1] != 1 {
		t.Errorf("outage: {dc_capacity: 0.8}: uncertainty.dc_capacity = %v, want [0.6, 1]", got)
	}
	// uncertainty: ~ holds every value as written.
	sc, err = ParseScenario("s.yaml", []byte("outage: {dc_capacity: 0.8}\nuncertainty: ~\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range sc.Draws() {
		if d.How != "held" {
			t.Errorf("uncertainty: ~: %+v, want held", d)
		}
	}
}
