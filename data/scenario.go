package data

import (
	"bytes"
	"embed"
	"encoding"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/shelfgap/shelfgap/model"
)

//go:embed scenarios/*.yaml
var scenarioFS embed.FS

// ScenarioNames returns the names of the example scenarios, sorted.
func ScenarioNames() []string {
	ents, _ := fs.ReadDir(scenarioFS, "scenarios")
	var names []string
	for _, e := range ents {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// ExampleScenario returns the YAML text of the example scenario name (with
// or without ".yaml").
func ExampleScenario(name string) ([]byte, error) {
	name = strings.TrimSuffix(name, ".yaml")
	b, err := scenarioFS.ReadFile("scenarios/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no example scenario %q; want one of %s", name, strings.Join(ScenarioNames(), ", "))
	}
	return b, nil
}

// LoadScenario reads a scenario YAML file. path is a file, or, if no such
// file exists, the name of an example scenario (see ScenarioNames). The
// file overlays model.DefaultScenario(): keys it leaves out keep their
// defaults, a key with an empty value (or ~) sets the field's zero value
// (an empty list, 0, false). Keys are the yaml tags of model.Scenario's
// fields. Errors are *Error values with the file, line, column and dotted
// key path, joined: unknown keys (with the nearest valid key), values of
// the wrong type, enum names (fallback: none, core_range, repeat, push;
// allocation: proportional, priority; class: ambient, fresh, frozen), dates
// (YYYY-MM-DD), and then every problem model.Scenario.Validate finds.
//
// A point value the file sets for a parameter with an uncertainty range,
// when the file does not set that range, is drawn around: the default
// range is re-centred on it (model.Scenario.Centre). A range the file sets
// is kept as written.
func LoadScenario(path string) (model.Scenario, error) {
	b, err := readScenarioFile(path)
	var de *Error
	if errors.As(err, &de) {
		return model.Scenario{}, err
	}
	name := path
	if errors.Is(err, fs.ErrNotExist) {
		if ex, exErr := ExampleScenario(path); exErr == nil {
			b, err, name = ex, nil, strings.TrimSuffix(path, ".yaml")+".yaml"
		} else {
			return model.Scenario{}, &Error{File: path, Err: fmt.Errorf("%w: no such file, and %v", ErrMissingFile, exErr)}
		}
	}
	if err != nil {
		return model.Scenario{}, &Error{File: path, Err: err}
	}
	return ParseScenario(name, b)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ParseScenario is LoadScenario on the bytes b of a file named file (for
// error messages).
func ParseScenario(file string, b []byte) (model.Scenario, error) {
	sc := model.DefaultScenario()
	if err := checkScenarioText(file, b); err != nil {
		return sc, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		e := &Error{File: file, Err: err}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Err = errors.New(m[2])
		}
		if line, col, ok := tabIndent(b, e.Line); ok {
			e.Line, e.Column = line, col
			e.Err = errors.New("tab character in the indentation: YAML indents with spaces only; replace the tabs with spaces")
		}
		return sc, e
	}
	d := &decoder{file: file, nodes: make(map[string]*yaml.Node)}
	// An empty document (no content, or a lone null) keeps the defaults.
	if len(doc.Content) > 0 && doc.Content[0].Tag != "!!null" {
		d.decode(doc.Content[0], reflect.ValueOf(&sc).Elem(), "")
	}
	if len(d.errs) > 0 {
		return sc, d.joined()
	}
	if err := CheckScenario(sc); err != nil {
		return sc, d.positioned(err)
	}
	d.centre(&sc)
	if err := sc.Validate(); err != nil {
		return sc, d.positioned(err)
	}
	return sc, nil
}

// joined returns the decoder's errors, at most maxErrors of them: a file
// of a million unknown keys gets ten lines and a count, not a million.
func (d *decoder) joined() error {
	if d.dropped == 0 {
		return errors.Join(d.errs...)
	}
	errs := append(d.errs[:len(d.errs):len(d.errs)], &Error{File: d.file,
		Err: fmt.Errorf("and %d more errors (only the first %d are shown)", d.dropped, maxErrors)})
	return errors.Join(errs...)
}

// centre re-centres the uncertainty range of every parameter whose point
// value the file sets and whose range it does not (model.Scenario.Centre):
// a value as written is drawn around, not replaced by the default range.
func (d *decoder) centre(sc *model.Scenario) {
	for _, u := range model.UncertainParams() {
		if u.Point != "" && d.set(u.Point) && !d.set("uncertainty."+u.Key) {
			sc.Centre(u.Key)
		}
	}
}

// set reports whether the file gives a value at path: the key itself, or
// an ancestor set to null (which zeroes everything below it).
func (d *decoder) set(path string) bool {
	if _, ok := d.nodes[path]; ok {
		return true
	}
	for p := parentPath(path); p != ""; p = parentPath(p) {
		if n, ok := d.nodes[p]; ok && n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return true
		}
	}
	return false
}

// decoder overlays a yaml.Node tree on a Go value, recording each path's
// node for positions.
type decoder struct {
	file  string
	nodes map[string]*yaml.Node // dotted path -> value node
	errs  []error
	// dropped counts the errors past maxErrors.
	dropped int
}

func (d *decoder) fail(n *yaml.Node, path string, format string, args ...any) {
	if len(d.errs) >= maxErrors {
		d.dropped++ // counted by joined, not kept
		return
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Column: n.Column, Field: path, Err: fmt.Errorf(format, args...)})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// yamlKey returns the key of a struct field: its yaml tag's name.
func yamlKey(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	return name
}

// decode overlays node n on v (at path).
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if path != "" {
		d.nodes[path] = n
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		v.SetZero()
		return
	}
	t := v.Type()
	switch {
	case t == timeType:
		if !d.scalar(n, path, "a date YYYY-MM-DD") {
			return
		}
		tm, err := time.Parse(time.DateOnly, n.Value)
		if err != nil {
			d.fail(n, path, "want a date YYYY-MM-DD, got %q", n.Value)
			return
		}
		v.Set(reflect.ValueOf(tm))
		return
	case reflect.PointerTo(t).Implements(unmarshalerType):
		if !d.scalar(n, path, "a name") {
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.fail(n, path, "%v", err)
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, "want a mapping of keys, got %s", describe(n))
			return
		}
		var keys []string
		for i := range t.NumField() {
			if k := yamlKey(t.Field(i)); k != "" {
				keys = append(keys, k)
			}
		}
		seen := make(map[string]int)
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			key := kn.Value
			p := join(path, key)
			if first, dup := seen[key]; dup {
				d.fail(kn, p, "%w key (first on line %d)", ErrDuplicate, first)
				continue
			}
			seen[key] = kn.Line
			fi := slices.Index(keys, key)
			if fi < 0 {
				hint := didYouMean(key, keys)
				if elsewhere := keyElsewhere(key, path); elsewhere != "" {
					hint = fmt.Sprintf("; did you mean %s? (%s is a key of %s, not of %s)", elsewhere, key, parentPath(elsewhere), levelName(path))
				}
				d.fail(kn, p, "%w%s", ErrUnknownKey, hint)
				continue
			}
			for j := range t.NumField() {
				if yamlKey(t.Field(j)) == key {
					d.decode(vn, v.Field(j), p)
					break
				}
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, "want a list, got %s", describe(n))
			return
		}
		if len(n.Content) == 0 {
			v.SetZero() // nil, as in the defaults
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, e := range n.Content {
			d.decode(e, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Array:
		if n.Kind != yaml.SequenceNode || len(n.Content) != t.Len() {
			d.fail(n, path, "want a list of %d values, got %s", t.Len(), describe(n))
			return
		}
		for i, e := range n.Content {
			d.decode(e, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, "want a mapping, got %s", describe(n))
			return
		}
		if len(n.Content) == 0 {
			v.SetZero()
			return
		}
		m := reflect.MakeMap(t)
		seen := make(map[string]int)
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			p := join(path, kn.Value)
			if first, dup := seen[kn.Value]; dup {
				d.fail(kn, p, "%w key (first on line %d)", ErrDuplicate, first)
				continue
			}
			seen[kn.Value] = kn.Line
			ev := reflect.New(t.Elem()).Elem()
			d.decode(vn, ev, p)
			m.SetMapIndex(reflect.ValueOf(kn.Value).Convert(t.Key()), ev)
		}
		v.Set(m)
	case reflect.String:
		if d.scalar(n, path, "text") {
			v.SetString(n.Value)
		}
	case reflect.Bool:
		if !d.scalar(n, path, "true or false") {
			return
		}
		b, err := strconv.ParseBool(n.Value)
		if err != nil {
			d.fail(n, path, "want true or false, got %q", n.Value)
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		if !d.scalar(n, path, "a whole number") {
			return
		}
		i, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil || v.OverflowInt(i) {
			d.fail(n, path, "want a whole number, got %q", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Uint64, reflect.Uint, reflect.Uint32:
		if !d.scalar(n, path, "a whole number >= 0") {
			return
		}
		u, err := strconv.ParseUint(n.Value, 10, 64)
		if err != nil || v.OverflowUint(u) {
			d.fail(n, path, "want a whole number >= 0, got %q", n.Value)
			return
		}
		v.SetUint(u)
	case reflect.Float64, reflect.Float32:
		if !d.scalar(n, path, "a number") {
			return
		}
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.fail(n, path, "want a number, got %q", n.Value)
			return
		}
		v.SetFloat(f)
	default:
		panic(fmt.Sprintf("data: scenario field %s has unsupported type %s", path, t))
	}
}

// scalar checks that n is a scalar, recording an error if not.
func (d *decoder) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, "want %s, got %s", want, describe(n))
		return false
	}
	return true
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// positioned maps Validate's *model.FieldError values to *Error values at
// the node of their field path (or its nearest ancestor in the file).
func (d *decoder) positioned(err error) error {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	out := make([]error, 0, len(list))
	for _, e := range list {
		var fe *model.FieldError
		if !errors.As(e, &fe) {
			out = append(out, &Error{File: d.file, Err: e})
			continue
		}
		pe := &Error{File: d.file, Field: fe.Field, Err: errors.New(fe.Msg)}
		for p := fe.Field; p != ""; p = parentPath(p) {
			if n, ok := d.nodes[p]; ok {
				pe.Line, pe.Column = n.Line, n.Column
				break
			}
		}
		out = append(out, pe)
	}
	// In file order, as the decoder's own errors are.
	slices.SortStableFunc(out, func(a, b error) int {
		ea, oka := a.(*Error)
		eb, okb := b.(*Error)
		if !oka || !okb || ea.Line == 0 || eb.Line == 0 {
			return 0
		}
		if ea.Line != eb.Line {
			return ea.Line - eb.Line
		}
		return ea.Column - eb.Column
	})
	if len(out) > maxErrors {
		out = append(out[:maxErrors:maxErrors], &Error{File: d.file,
			Err: fmt.Errorf("and %d more errors (only the first %d are shown)", len(out)-maxErrors, maxErrors)})
	}
	return errors.Join(out...)
}

// parentPath strips the last ".key" or "[i]" from a path.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// CheckScope checks the names a scenario uses against the inputs: every
// region, DC, format and category in sc.Outage.Scope, and every category
// in sc.Outage.Categories (category_fallback). Each error is an *Error
// naming the field and the nearest valid name.
func CheckScope(sc model.Scenario, in *Inputs) error {
	var regions, dcs, formats, cats []string
	for _, d := range in.DCs {
		regions = append(regions, d.Region)
		dcs = append(dcs, d.ID)
	}
	for _, s := range in.Stores {
		regions = append(regions, s.Region)
	}
	slices.Sort(regions)
	regions = slices.Compact(regions)
	for _, f := range in.Formats {
		formats = append(formats, f.Name)
	}
	for _, c := range in.Categories {
		cats = append(cats, c.Name)
	}
	var errs []error
	check := func(field, what string, names, valid []string) {
		for i, n := range names {
			if !slices.Contains(valid, n) {
				errs = append(errs, &Error{Field: fmt.Sprintf("%s[%d]", field, i),
					Err: fmt.Errorf("%w %s %q: not in the inputs%s", ErrUnknownName, what, n, didYouMean(n, valid))})
			}
		}
	}
	s := sc.Outage.Scope
	check("outage.scope.regions", "region", s.Regions, regions)
	check("outage.scope.dcs", "dc", s.DCs, dcs)
	check("outage.scope.formats", "format", s.Formats, formats)
	check("outage.scope.categories", "category", s.Categories, cats)
	check("outage.core_categories", "category", sc.Outage.CoreCategories, cats)
	keys := make([]string, 0, len(sc.Outage.Categories))
	for k := range sc.Outage.Categories {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(cats, k) {
			errs = append(errs, &Error{Field: "outage.category_fallback." + k,
				Err: fmt.Errorf("%w category %q: not in the inputs%s", ErrUnknownName, k, didYouMean(k, cats))})
		}
	}
	return errors.Join(errs...)
}

// readScenarioFile reads a scenario file within the limits of the text
// files shelfgap reads (see openText): a regular file of at most
// MaxScenarioBytes.
func readScenarioFile(path string) ([]byte, error) {
	f, err := openText(path, path, MaxScenarioBytes)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxScenarioBytes+1))
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	if len(b) > MaxScenarioBytes {
		return nil, &Error{File: path, Err: fmt.Errorf("want a file of at most %s", bytesText(MaxScenarioBytes))}
	}
	return b, nil
}

// checkScenarioText refuses scenario text that is not UTF-8 (with the
// line), UTF-16, or has lines longer than MaxLineBytes.
func checkScenarioText(file string, b []byte) error {
	if len(b) > MaxScenarioBytes {
		return &Error{File: file, Err: fmt.Errorf("want a file of at most %s, got %s", bytesText(MaxScenarioBytes), sizeText(int64(len(b))))}
	}
	if isUTF16(b) {
		return &Error{File: file, Line: 1, Err: errors.New("UTF-16 file: want UTF-8; save it as UTF-8")}
	}
	if _, err := io.Copy(io.Discard, newTextReader(bytes.NewReader(b), file)); err != nil {
		return err
	}
	return nil
}

// tabIndent returns the position of a tab in the indentation of line (or
// of the lines around it, where the YAML parser often reports the error),
// if there is one.
func tabIndent(b []byte, line int) (l, col int, ok bool) {
	lines := bytes.Split(b, []byte("\n"))
	try := []int{line, line - 1, line + 1}
	if line == 0 {
		try = nil
		for i := range lines {
			try = append(try, i+1)
		}
	}
	for _, n := range try {
		if n < 1 || n > len(lines) {
			continue
		}
		s := lines[n-1]
		for i, c := range s {
			if c == '\t' {
				return n, i + 1, true
			}
			if c != ' ' {
				break
			}
		}
	}
	return 0, 0, false
}

// scenarioKeys lists every key path of the scenario file, such as
// "outage.dc_capacity", in field order.
var scenarioKeys = func() []string {
	var keys []string
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for i := range t.NumField() {
			k := yamlKey(t.Field(i))
			if k == "" {
				continue
			}
			p := join(path, k)
			keys = append(keys, p)
			ft := t.Field(i).Type
			if ft.Kind() == reflect.Struct && ft != timeType {
				walk(ft, p)
			}
		}
	}
	walk(reflect.TypeFor[model.Scenario](), "")
	return keys
}()

// keyElsewhere returns the path of a key named key at another level of
// the file than path (the mapping it was found in), if there is exactly
// one: "dc_capacity" at the top is "outage.dc_capacity". A key that
// exists at several levels (supplier_fill) gives the first.
func keyElsewhere(key, path string) string {
	for _, p := range scenarioKeys {
		if p == key || strings.HasSuffix(p, "."+key) {
			if parentPath(p) != path {
				return p
			}
		}
	}
	return ""
}

// levelName names the mapping at path for messages.
func levelName(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}
