package reports

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shelfgap/shelfgap/model"
)

// TestPartRoundTrip writes a part's sums and manifest and reads them back:
// the same manifest, the same sums, also for a group whose name needs CSV
// quoting; and a manifest that claims other replicates than its sums file
// holds is refused at the first row that differs.
func TestPartRoundTrip(t *testing.T) {
	dir := t.TempDir()
	sc := model.DefaultScenario()
	sc.Days, sc.Recovery = 2, []int{3}
	p := &Part{
		Version: "v0", Index: 1, Parts: 2, Blocks: 2, DCGroups: 1, Block: 1, Replicates: [2]int{1, 3},
		Scenario: sc, Groups: []PartGroup{{"estate", "all"}, {"category", `beer, wine "and" cider`}},
	}
	n := 2 * sc.Days * len(p.Groups) * model.NumSums
	want := map[int]model.Sums{}
	w, err := NewPartWriter(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	for rep := 1; rep < 3; rep++ {
		s := make(model.Sums, n)
		for i := range s {
			s[i] = int64(rep*1000003+i*7919) - 1<<40 // negative too: ReadSums must take any int64
		}
		want[rep] = s
		if err := w.Add(rep, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "part-0001-of-0002.json")
	back, err := ReadPart(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Rows != int64(2*2*sc.Days*len(p.Groups)) || back.SumsFile != "part-0001-of-0002.csv.gz" || len(back.SumsSHA256) != 64 {
		t.Errorf("manifest: rows %d, sums file %q, SHA-256 %q", back.Rows, back.SumsFile, back.SumsSHA256)
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("manifest read back differs:\n got %+v\nwant %+v", back, p)
	}
	got := map[int]model.Sums{}
	if err := ReadSums(path, back, func(rep int, s model.Sums) error { got[rep] = slices.Clone(s); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("sums read back differ from those written")
	}
	back.Replicates = [2]int{0, 2}
	err = ReadSums(path, back, func(int, model.Sums) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "part-0001-of-0002.csv.gz:2: want the row of recovery 0, replicate 0, day 0, estate all") {
		t.Errorf("sums of replicates 1-2 read as 0-1: %v", err)
	}
}
