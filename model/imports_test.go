package model

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports enforces the layering (style.md): package model is the
// simulation and nothing else. It imports nothing of ours, does no file,
// terminal or network I/O, and uses neither the plotting, data-frame nor
// YAML libraries. Test files are exempt (the default-estate benchmark
// builds its estate with package data).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{
		"github.com/shelfgap/shelfgap",
		"os", "io/fs", "io/ioutil", "net", "bufio", "log",
		"gonum.org/v1/plot",
		"github.com/go-gota/gota",
		"gopkg.in/yaml.v3",
	}
	fset := token.NewFileSet()
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		n++
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbidden {
				if path == bad || strings.HasPrefix(path, bad+"/") {
					t.Errorf("%s imports %s; package model must not (style.md: allowed imports)", fset.Position(imp.Pos()), path)
				}
			}
		}
	}
	if n < 5 {
		t.Fatalf("checked %d files, want the package's sources", n)
	}
}
