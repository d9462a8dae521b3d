package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/shelfgap/shelfgap/data"
	"github.com/shelfgap/shelfgap/model"
	"github.com/shelfgap/shelfgap/reports"
)

// Built-in estates, by the name --estate takes.
var estates = map[string]func() *data.Inputs{
	"default": data.Default,
	"small":   data.Small,
}

// estateNames lists the built-in estates in the order help shows them.
var estateNames = []string{"default", "small"}

// inputFlags are the flags that choose the inputs, shared by run and
// validate: --inputs DIR or --estate NAME, never both.
type inputFlags struct {
	dir    string
	estate string
}

func (f *inputFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&f.dir, "inputs", "", "read the estate and range from the CSV files in `DIR`\n(write a template with 'shelfgap estate --out DIR')")
	fs.Var(choice{&f.estate, estateNames}, "estate", "use the built-in estate `NAME`: default (about 2,300 UK stores; used\nwhen neither --inputs nor --estate is given) or small (about 40 stores, for trials)")
}

// load returns the inputs the flags choose (the built-in default estate if
// none) and a description for messages and run.json.
func (f *inputFlags) load(c command) (*data.Inputs, string, error) {
	if f.dir != "" && f.estate != "" {
		return nil, "", usagef(c, "want --inputs or --estate, not both")
	}
	if f.dir != "" {
		if fi, err := os.Stat(f.dir); err != nil || !fi.IsDir() {
			return nil, "", usagef(c, "--inputs %s: no such directory", f.dir)
		}
		in, err := data.Load(f.dir)
		return in, f.dir, err
	}
	name := f.estate
	if name == "" {
		name = "default"
	}
	return estates[name](), "built-in " + name + " estate", nil
}

// build turns inputs into model values and checks that the scenario's
// names exist in them.
func build(in *data.Inputs, sc model.Scenario) (*model.Estate, *model.Range, error) {
	e, r, err := in.Build()
	if err != nil {
		return nil, nil, err
	}
	if err := data.CheckScope(sc, in); err != nil {
		return nil, nil, err
	}
	return e, r, nil
}

// loadScenario loads --scenario's file or example name, or returns the
// default scenario if name is empty.
func loadScenario(name string) (model.Scenario, error) {
	if name == "" {
		return model.DefaultScenario(), nil
	}
	sc, err := data.LoadScenario(name)
	if err != nil {
		return model.Scenario{}, err
	}
	return sc, nil
}

// inputFiles converts data's file sums for run.json.
func inputFiles(fs []data.FileSum) []reports.InputFile {
	out := make([]reports.InputFile, len(fs))
	for i, f := range fs {
		out[i] = reports.InputFile{Name: f.Name, SHA256: f.SHA256, Rows: f.Rows}
	}
	return out
}

// count formats n with thousands separators: 6400000 -> "6,400,000".
func count(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
