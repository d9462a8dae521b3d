package data

import (
	"os"
	"strings"
	"testing"
)

// TestTemplatesDocumentEveryColumn checks that README.txt (Templates) and
// the package documentation name every column of every file.
func TestTemplatesDocumentEveryColumn(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]column{FormatsFile: formatCols, DCsFile: dcCols, StoresFile: storeCols,
		CategoriesFile: categoryCols, SKUsFile: skuCols, RangesFile: rangeCols}
	for file, cols := range files {
		for _, text := range []struct{ name, s string }{{"Templates", Templates}, {"doc.go", string(doc)}} {
			i := strings.Index(text.s, file+" (")
			if i < 0 {
				t.Errorf("%s does not document %s", text.name, file)
				continue
			}
			section := text.s[i:]
			if j := strings.Index(section[len(file):], ".csv ("); j >= 0 {
				section = section[:len(file)+j]
			}
			for _, c := range cols {
				if !strings.Contains(section, c.name) {
					t.Errorf("%s: %s section does not document column %s", text.name, file, c.name)
				}
			}
		}
	}
	if strings.Contains(Templates, "{maxlead}") {
		t.Error("Templates has an unexpanded {maxlead}")
	}
}
