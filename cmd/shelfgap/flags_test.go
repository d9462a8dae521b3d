package main

import (
	"slices"
	"testing"
)

func TestIntList(t *testing.T) {
	tests := []struct {
		in      string
		want    []int
		str     string // String() after Set
		wantErr bool
	}{
		{"3,7,14,21,28", []int{3, 7, 14, 21, 28}, "3,7,14,21,28", false},
		{" 7 , 14 ", []int{7, 14}, "7,14", false},
		{"14", []int{14}, "14", false},
		{"", nil, "", false},
		{"7,,14", nil, "", true},
		{"7;14", nil, "", true},
		{"7.5", nil, "", true},
	}
	for _, tt := range tests {
		got := []int{99}
		err := intList{&got}.Set(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("intList.Set(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !slices.Equal(got, tt.want) {
			t.Errorf("intList.Set(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if !tt.wantErr {
			if s := (intList{&got}).String(); s != tt.str {
				t.Errorf("intList(%v).String() = %q, want %q", got, s, tt.str)
			}
		}
	}
}

func TestChoice(t *testing.T) {
	var v string
	c := choice{&v, []string{"default", "small"}}
	if err := c.Set("small"); err != nil || v != "small" {
		t.Errorf("choice.Set(small) = %v, value %q; want nil, small", err, v)
	}
	err := c.Set("smal")
	const want = `want one of default, small, got "smal"; did you mean "small"?`
	if err == nil || err.Error() != want {
		t.Errorf("choice.Set(smal) = %v, want %s", err, want)
	}
}

func TestNearest(t *testing.T) {
	cmds := []string{"run", "estate", "validate", "scenarios", "calibrate", "version", "help"}
	tests := []struct {
		in, want string
	}{
		{"rnu", "run"},      // transposition: distance 1
		{"rum", "run"},      // substitution
		{"esate", "estate"}, // deletion
		{"val", "validate"}, // prefix
		{"scenario", "scenarios"},
		{"calibrat", "calibrate"},
		{"verison", "version"},
		{"x", ""},
		{"zzzzzz", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.in, cmds); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int // by hand: optimal string alignment distance
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"run", "run", 0},
		{"rnu", "run", 1},
		{"kitten", "sitting", 3}, // the textbook Levenshtein example
		{"ca", "abc", 3},         // OSA (not Damerau) distance is 3
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
