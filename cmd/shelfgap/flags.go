package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// intList is a flag.Value for a comma-separated list of whole numbers,
// such as --recovery 3,7,14,21,28. It writes through to the slice it
// points at, so it can be bound to a field of model.Scenario. An empty
// value sets an empty list.
type intList struct{ p *[]int }

var _ flag.Value = intList{}

func (l intList) String() string {
	if l.p == nil {
		return ""
	}
	s := make([]string, len(*l.p))
	for i, v := range *l.p {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

func (l intList) Set(s string) error {
	var out []int
	if strings.TrimSpace(s) != "" {
		for f := range strings.SplitSeq(s, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return fmt.Errorf("want comma-separated whole numbers, got %q", f)
			}
			out = append(out, v)
		}
	}
	*l.p = out
	return nil
}

// choice is a flag.Value for a string that must be one of a fixed set.
type choice struct {
	p       *string
	allowed []string
}

var _ flag.Value = choice{}

func (c choice) String() string {
	if c.p == nil {
		return ""
	}
	return *c.p
}

func (c choice) Set(s string) error {
	for _, a := range c.allowed {
		if s == a {
			*c.p = s
			return nil
		}
	}
	msg := fmt.Sprintf("want one of %s, got %q", strings.Join(c.allowed, ", "), s)
	if near := nearest(s, c.allowed); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	return fmt.Errorf("%s", msg)
}
