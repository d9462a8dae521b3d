package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/shelfgap/shelfgap/data"
)

type scenariosCommand struct{}

func newScenariosCommand() command { return scenariosCommand{} }

func (scenariosCommand) Name() string { return "scenarios" }
func (scenariosCommand) Synopsis() string {
	return "list the example scenarios, or print one as a template"
}

func (c scenariosCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap scenarios [NAME]

Without NAME, lists the example scenarios that ship with shelfgap. With
NAME, prints that scenario's YAML: every parameter with its default, unit
and source, ready to save, edit and pass to 'shelfgap run --scenario FILE'.
A scenario file need only set the keys it changes; unknown keys are refused.

Examples:
  $ shelfgap scenarios
  $ shelfgap scenarios default
  $ shelfgap scenarios coop-2025
`)
}

func (c scenariosCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(c)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	names := data.ScenarioNames()
	switch fs.NArg() {
	case 0:
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		for _, n := range names {
			b, err := data.ExampleScenario(n)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "%s\t%s\n", n, describe(b))
		}
		fmt.Fprintln(tw, "\nPrint one with 'shelfgap scenarios NAME'; run one with 'shelfgap run --scenario NAME'.")
		return tw.Flush()
	case 1:
	default:
		return usagef(c, "want at most one scenario name, got %d arguments", fs.NArg())
	}
	name := fs.Arg(0)
	known := false
	for _, n := range names {
		known = known || n == name
	}
	if !known {
		if near := nearest(name, names); near != "" {
			return usagef(c, "no example scenario %q; did you mean %q?", name, near)
		}
		return usagef(c, "no example scenario %q; 'shelfgap scenarios' lists them", name)
	}
	b, err := data.ExampleScenario(name)
	if err != nil {
		return err
	}
	_, err = stdout.Write(b)
	return err
}

// describe returns a scenario's one-line description: the first line of
// its YAML, "# shelfgap scenario: <description>", or "" if it has none.
func describe(yaml []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(yaml))
	if !sc.Scan() {
		return ""
	}
	d, ok := strings.CutPrefix(sc.Text(), "# shelfgap scenario:")
	if !ok {
		return ""
	}
	return strings.TrimSpace(d)
}
