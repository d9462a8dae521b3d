package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestChartsRender draws every chart of testResult into testdata/ (the
// files are git-ignored) so that they can be looked at.
func TestChartsRender(t *testing.T) {
	res := testResult()
	for _, c := range charts {
		f, err := c.draw(res)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := os.WriteFile(filepath.Join("testdata", c.name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
