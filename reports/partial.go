package reports

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/shelfgap/shelfgap/model"
)

// PartFormat is the version of the partial result's layout (Part and its
// sums file). A merge refuses parts of another format.
const PartFormat = 1

// Part is the manifest of one part of a sweep run in parts (shelfgap run
// --shard I/N), written as PartName(I, N)+".json" beside its sums file.
// A part is a pure function of the inputs, the scenario (with its seed), I
// and N: the sums file of a part run twice is the same byte for byte.
type Part struct {
	Format  int    `json:"format"`  // PartFormat
	Version string `json:"version"` // shelfgap's version
	Index   int    `json:"index"`   // I, from 0
	Parts   int    `json:"parts"`   // N
	// The N parts are Blocks blocks of replicates times DCGroups groups
	// of DCs; part I is block I / DCGroups of group I % DCGroups.
	Blocks   int `json:"replicate_blocks"`
	DCGroups int `json:"dc_groups"`
	Block    int `json:"block"`
	DCGroup  int `json:"dc_group"`
	// Replicates are the replicates simulated, [from, to).
	Replicates [2]int `json:"replicates"`
	// DCs are the DCs whose stores were simulated, in estate order.
	DCs  []string `json:"dcs"`
	Seed uint64   `json:"seed"`
	// InputsSHA256 is the hex SHA-256 of the estate and range as read
	// (every store, DC, SKU and cell), so parts made from different
	// inputs are refused whatever the files' names.
	InputsSHA256 string         `json:"inputs_sha256"`
	Inputs       Inputs         `json:"inputs"`
	Scenario     model.Scenario `json:"scenario"`
	Groups       []PartGroup    `json:"groups"` // the result's groups, in order
	// Cells are the cells simulated (in quick mode summed over every
	// replicate's sample of the sweep, model.Counts), CellsFull the
	// estate's, and CellDays the store-SKU-days the part simulated.
	Cells     int   `json:"cells"`
	CellsFull int   `json:"cells_full"`
	CellDays  int64 `json:"cell_days"`
	// Stores are the stores simulated in each replicate (in quick mode, of
	// the whole estate's sample, the same in every part) and StoresFull
	// the estate's.
	Stores     int `json:"stores"`
	StoresFull int `json:"stores_full"`
	// SumsFile is the name of the sums file beside the manifest, with its
	// hex SHA-256 and its data rows.
	SumsFile   string `json:"sums_file"`
	SumsSHA256 string `json:"sums_sha256"`
	Rows       int64  `json:"rows"`
	// SimulateSeconds is the wall-clock time of the part's simulation and
	// PeakMemoryBytes the process's peak resident memory (0 if unknown):
	// the figures to size a pod or a batch job by.
	SimulateSeconds float64  `json:"simulate_s"`
	PeakMemoryBytes int64    `json:"peak_memory_bytes"`
	Command         []string `json:"command"`
	GOMAXPROCS      int      `json:"gomaxprocs"`
	Workers         int      `json:"workers"`
	GoVersion       string   `json:"go_version"`
}

// PartGroup is a result group as a part's manifest records it.
type PartGroup struct {
	Kind string `json:"kind"` // estate, region, format, category, dc
	Name string `json:"name"`
}

// PartGroups converts groups for a Part.
func PartGroups(gs []model.Group) []PartGroup {
	out := make([]PartGroup, len(gs))
	for i, g := range gs {
		out[i] = PartGroup{g.Kind.String(), g.Name}
	}
	return out
}

// ModelGroups converts a Part's groups back.
func ModelGroups(gs []PartGroup) ([]model.Group, error) {
	out := make([]model.Group, len(gs))
	for i, g := range gs {
		k, ok := groupKinds[g.Kind]
		if !ok {
			return nil, fmt.Errorf("group %d: unknown kind %q", i, g.Kind)
		}
		out[i] = model.Group{Kind: k, Name: g.Name}
	}
	return out, nil
}

var groupKinds = map[string]model.GroupKind{
	"estate": model.EstateGroup, "region": model.RegionGroup, "format": model.FormatGroup,
	"category": model.CategoryGroup, "dc": model.DCGroup,
}

// PartName is the file name stem of part i of n: "part-0003-of-0008".
func PartName(i, n int) string { return fmt.Sprintf("part-%04d-of-%04d", i, n) }

// sumsHeader returns the sums file's header row.
func sumsHeader() []byte {
	b := []byte("recovery_days,replicate,day,group_kind,group")
	for k := range model.NumSums {
		b = append(b, ',')
		b = append(b, model.SumName(k)...)
	}
	return append(b, '\n')
}

// PartWriter writes a part's sums file as replicates are simulated, under
// a temporary name in the parts directory; Commit renames it into place
// and then writes the manifest, so a manifest is only ever seen beside the
// complete sums it describes.
type PartWriter struct {
	dir, name string
	f         *os.File
	h         hash.Hash
	bw        *bufio.Writer
	zw        *gzip.Writer
	p         *Part
	rows      int64
	line      []byte
}

// NewPartWriter starts the sums file of part p (whose Index, Parts,
// Scenario and Groups are set) in dir.
func NewPartWriter(dir string, p *Part) (*PartWriter, error) {
	name := PartName(p.Index, p.Parts)
	f, err := os.CreateTemp(dir, "."+name+".csv.gz.tmp-*")
	if err != nil {
		return nil, err
	}
	w := &PartWriter{dir: dir, name: name, f: f, h: sha256.New(), p: p}
	w.bw = bufio.NewWriterSize(io.MultiWriter(f, w.h), 1<<16)
	// Level 1: the sums compress about fivefold at any level, and the
	// higher ones cost more time than the simulation saves in I/O.
	w.zw, _ = gzip.NewWriterLevel(w.bw, gzip.BestSpeed)
	if _, err := w.zw.Write(sumsHeader()); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// Add writes replicate rep's sums: one row per run, day and group.
func (w *PartWriter) Add(rep int, s model.Sums) error {
	p := w.p
	days, ng := p.Scenario.Days, len(p.Groups)
	rec := append([]int{0}, p.Scenario.Recovery...)
	if want := len(rec) * days * ng * model.NumSums; len(s) != want {
		return fmt.Errorf("reports: replicate %d has %d sums, want %d", rep, len(s), want)
	}
	for run, R := range rec {
		for day := range days {
			for g, grp := range p.Groups {
				b := appendRowKey(w.line[:0], R, rep, day, grp)
				for _, v := range s[((run*days+day)*ng+g)*model.NumSums:][:model.NumSums] {
					b = append(b, ',')
					b = strconv.AppendInt(b, v, 10)
				}
				b = append(b, '\n')
				w.line = b
				if _, err := w.zw.Write(b); err != nil {
					return err
				}
				w.rows++
			}
		}
	}
	return nil
}

// appendField appends a CSV field, quoted if it needs to be.
// appendRowKey appends a sums row's key, "recovery,replicate,day,kind,name",
// as the part writes it and the merge expects it.
func appendRowKey(b []byte, R, rep, day int, grp PartGroup) []byte {
	b = strconv.AppendInt(b, int64(R), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(rep), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, ',')
	b = append(b, grp.Kind...)
	b = append(b, ',')
	return appendField(b, grp.Name)
}

func appendField(b []byte, s string) []byte {
	if !bytes.ContainsAny([]byte(s), ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := range len(s) {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// Commit finishes the sums file, renames it into place and writes the
// manifest (with the sums file's name, hash and rows filled in), also
// through a temporary name. A part written before under the same name is
// replaced.
func (w *PartWriter) Commit() (err error) {
	defer func() {
		if err != nil {
			w.Abort()
		}
	}()
	if err = w.zw.Close(); err != nil {
		return err
	}
	if err = w.bw.Flush(); err != nil {
		return err
	}
	if err = w.f.Sync(); err != nil {
		return err
	}
	if err = w.f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(w.f.Name(), 0o644); err != nil {
		return err
	}
	p := w.p
	p.Format = PartFormat
	p.SumsFile = w.name + ".csv.gz"
	p.SumsSHA256 = hex.EncodeToString(w.h.Sum(nil))
	p.Rows = w.rows
	// The old manifest goes first, so that no manifest describes the new
	// sums file wrongly, even for a moment.
	if err = os.Remove(filepath.Join(w.dir, w.name+".json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err = os.Rename(w.f.Name(), filepath.Join(w.dir, p.SumsFile)); err != nil {
		return err
	}
	return writeFile(w.dir, w.name+".json", func(out io.Writer) error {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(p)
	})
}

// Abort removes the temporary sums file.
func (w *PartWriter) Abort() {
	w.f.Close()
	os.Remove(w.f.Name())
}

// ReadPart reads a part's manifest.
func ReadPart(path string) (*Part, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Part
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: not a part's manifest: %w", path, err)
	}
	if p.Format != PartFormat {
		return nil, fmt.Errorf("%s: part format %d; this shelfgap reads format %d", path, p.Format, PartFormat)
	}
	return &p, nil
}

// ReadSums reads the sums file of part p, whose manifest is at path, and
// calls add with each replicate's sums in order (the slice is reused). It
// checks the file's SHA-256 against the manifest's and every row's
// recovery time, replicate, day and group against the layout.
func ReadSums(path string, p *Part, add func(rep int, s model.Sums) error) error {
	name := filepath.Join(filepath.Dir(path), p.SumsFile)
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	// The hash first: a damaged file is named as such, not by the first
	// row it garbles.
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != p.SumsSHA256 {
		return fmt.Errorf("%s: SHA-256 %s, but its manifest says %s: the file was changed or damaged; run the part again", name, got, p.SumsSHA256)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	line := 1
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	head, err := br.ReadSlice('\n')
	if err != nil || !bytes.Equal(head, sumsHeader()) {
		return bad("want the header %q", bytes.TrimSpace(sumsHeader()))
	}
	days, ng := p.Scenario.Days, len(p.Groups)
	rec := append([]int{0}, p.Scenario.Recovery...)
	s := make(model.Sums, len(rec)*days*ng*model.NumSums)
	var key []byte
	for rep := p.Replicates[0]; rep < p.Replicates[1]; rep++ {
		for run, R := range rec {
			for day := range days {
				for g, grp := range p.Groups {
					line++
					b, err := br.ReadSlice('\n')
					if err != nil {
						return bad("want the row of recovery %d, replicate %d, day %d, %s %s: %v", R, rep, day, grp.Kind, grp.Name, err)
					}
					key = append(appendRowKey(key[:0], R, rep, day, grp), ',')
					if !bytes.HasPrefix(b, key) {
						return bad("want the row of recovery %d, replicate %d, day %d, %s %s", R, rep, day, grp.Kind, grp.Name)
					}
					b = b[len(key) : len(b)-1]
					dst := s[((run*days+day)*ng+g)*model.NumSums:][:model.NumSums]
					for k := range dst {
						f := b
						if i := bytes.IndexByte(b, ','); i >= 0 {
							f, b = b[:i], b[i+1:]
						} else {
							b = nil
						}
						v, err := strconv.ParseInt(string(f), 10, 64)
						if err != nil || (k == len(dst)-1) != (b == nil) {
							return bad("%s: want %d whole numbers", model.SumName(k), model.NumSums)
						}
						dst[k] = v
					}
				}
			}
		}
		if err := add(rep, s); err != nil {
			return err
		}
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return bad("want the end of the file after %d rows", p.Rows)
	}
	return zr.Close()
}
