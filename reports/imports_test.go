package reports

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestImports enforces the package's place in the import graph
// (../shared/style.md): reports reads model and writes files, so it must
// not import data, cmd or the YAML library.
func TestImports(t *testing.T) {
	forbidden := []string{
		"github.com/shelfgap/shelfgap/data",
		"github.com/shelfgap/shelfgap/cmd",
		"gopkg.in/yaml.v3",
	}
	es, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, e := range es {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbidden {
				if path == bad || strings.HasPrefix(path, bad+"/") {
					t.Errorf("%s imports %s; reports must not", fset.Position(imp.Pos()), path)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no Go files found")
	}
}
