package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/shelfgap/shelfgap/data"
)

type estateCommand struct{}

func newEstateCommand() command { return estateCommand{} }

func (estateCommand) Name() string { return "estate" }
func (estateCommand) Synopsis() string {
	return "write a built-in estate as CSV files to edit and run with --inputs"
}

type estateFlags struct {
	out    string
	estate string
}

func (c estateCommand) flags(f *estateFlags) *flag.FlagSet {
	fs := newFlagSet(c)
	fs.StringVar(&f.out, "out", "", "write the CSV files into the new directory `DIR` (required)")
	fs.Var(choice{&f.estate, estateNames}, "estate", "the built-in estate `NAME` to write: default (about 2,300 UK stores,\nthe default) or small (about 40 stores)")
	return fs
}

func (c estateCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `usage: shelfgap estate --out DIR [--estate default|small]

Writes a built-in estate as the CSV files that 'shelfgap run --inputs DIR'
reads: formats, DCs, stores, categories and SKUs, with a README.txt that
documents every column. Running on the files gives the same results as
running on the built-in estate. Edit them to describe your own estate, check
them with 'shelfgap validate', then run.

DIR must not exist, or be empty, or be an earlier estate output that holds
exactly the files its run.json lists, unchanged: a directory of inputs you
have edited is never overwritten.

Flags:
`)
	printFlags(w, c.flags(&estateFlags{}))
	fmt.Fprint(w, `
Examples:
  $ shelfgap estate --out my-estate
  $ shelfgap estate --estate small --out small-estate
`)
}

func (c estateCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f estateFlags
	fs := c.flags(&f)
	if err := parseFlags(c, fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef(c, "want no arguments, got %q (flags start with --)", fs.Arg(0))
	}
	if f.out == "" {
		return usagef(c, "want --out DIR: the directory to write the CSV files into")
	}
	if f.estate == "" {
		f.estate = "default"
	}
	in := estates[f.estate]()
	if err := stage(ctx, f.out, func(dir string) error { return data.WriteInputs(dir, in) }); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "Wrote the built-in %s estate to %s\nCheck your edits with: shelfgap validate --inputs %s\n", f.estate, f.out, f.out)
	return err
}
