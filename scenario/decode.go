package scenario

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Limits on what one scenario file may hold. They are far above any real
// scenario and exist so that a hostile or corrupt file (aliases that expand
// exponentially, megabytes of regions) fails fast instead of eating memory.
const (
	maxBytes   = 1 << 20
	maxLevers  = 1000
	maxRegions = 64
	// maxWork bounds the nodes the decoder visits, counting every expansion
	// of an alias or merge key.
	maxWork = 1 << 18
)

// Parse reads a scenario from YAML, applies defaults and validates it.
// origin names the source in messages: a path, or "builtin:NAME".
//
// Every problem found is reported, each as "origin:line: key.path: reason",
// in one *Error. Non-fatal problems are left in the scenario's Warnings.
func Parse(origin string, b []byte) (*Scenario, error) {
	ps := &problems{file: origin}
	d := &decoder{ps: ps, lines: map[string]int{}, bad: map[string]bool{}, params: map[string]int{}}
	s := d.decode(b)
	if s == nil {
		return nil, ps.err()
	}
	s.Origin = origin
	s.lines = d.lines
	if len(s.Params) > 0 {
		s.ParamLines = d.params
	}
	s.validate(ps, d.bad)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// decoder turns a goccy AST into a Scenario.
//
// goccy's own Decoder, even with yaml.Strict(), stops at the first unknown
// field or wrong type, where a scenario author fixing a file wants every
// problem at once; and it is lax about types in ways that hide mistakes: it
// truncates seed: 1.5 to 1, takes the string "5" for a number, and reads
// the state code 02 as "2". So the decoder walks the AST that goccy's
// parser builds, with its positions, checks each key against the struct's
// yaml tags (rejecting unknown ones, as Strict does) and each value against
// the field's type, and carries on past problems.
type decoder struct {
	ps *problems
	// anchors lists each anchor name's definitions in document order.
	anchors map[string][]anchor
	// lines maps each key path decoded to its line.
	lines map[string]int
	// bad holds key paths whose value could not be decoded, so that
	// Validate does not report the zero value left in their place.
	bad map[string]bool
	// params maps each Params key to its line.
	params map[string]int
	work   int
}

// anchor is one &name in the document: where it starts and what it names.
type anchor struct {
	line, col int
	node      ast.Node
}

// decode parses b and decodes its one document. It returns nil when there
// is nothing to validate.
func (d *decoder) decode(b []byte) *Scenario {
	if len(b) > maxBytes {
		d.ps.add(0, "", "file is %d bytes; want at most %d (1 MiB)", len(b), maxBytes)
		return nil
	}
	if !utf8.Valid(b) {
		line := 1 + strings.Count(string(b[:invalidUTF8(b)]), "\n")
		d.ps.add(line, "", "text is not valid UTF-8")
		return nil
	}
	f, err := parseYAML(b)
	if err != nil {
		d.ps.add(errLine(err), "", "%s", errMsg(err))
		return nil
	}
	if f == nil {
		f = &ast.File{}
	}
	var bodies []ast.Node
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, ok := doc.Body.(*ast.CommentGroupNode); ok {
			continue
		}
		bodies = append(bodies, doc.Body)
	}
	switch {
	case len(bodies) == 0:
		d.ps.add(0, "", "empty document; want a scenario with at least a name")
		return nil
	case len(bodies) > 1:
		d.ps.add(lineOf(bodies[1]), "", "a second YAML document starts here; want one scenario per file")
		return nil
	}
	if !d.collectAnchors(bodies[0]) {
		return nil
	}
	root := d.resolve(bodies[0])
	if _, ok := root.(*ast.NullNode); ok {
		d.ps.add(0, "", "empty document; want a scenario with at least a name")
		return nil
	}
	if !isMapping(root) {
		d.ps.add(lineOf(root), "", "document is %s; want a mapping of scenario fields (name, start, levers, ...)", describe(root))
		return nil
	}
	s := &Scenario{}
	d.lines[""] = lineOf(root)
	d.decodeStruct(root, reflect.ValueOf(s).Elem(), "")
	return s
}

// parseYAML runs goccy's lexer and parser. A panic in them is turned into
// an error: a malformed file must never crash the CLI or the web server,
// whatever the state of a third-party parser.
func parseYAML(b []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("cannot parse YAML: %v", r)
		}
	}()
	tokens := lexer.Tokenize(string(b))
	if err := checkNesting(tokens); err != nil {
		return nil, err
	}
	return parser.Parse(tokens, 0)
}

// Nesting limits, far beyond any scenario (which nests four deep). goccy's
// lexer is linear but its parser is quadratic or worse in nesting depth: a
// 100 kB file of open brackets takes it most of a minute. The limits are
// checked on the tokens, before the parser sees them.
const (
	maxFlowDepth = 32
	maxIndent    = 256
)

// checkNesting rejects token streams nested too deep for the parser.
func checkNesting(tokens token.Tokens) error {
	depth := 0
	for _, tk := range tokens {
		if tk == nil || tk.Position == nil {
			continue
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			if depth++; depth > maxFlowDepth {
				return &posError{tk.Position.Line, fmt.Sprintf("brackets nest more than %d deep", maxFlowDepth)}
			}
		case token.SequenceEndType, token.MappingEndType:
			depth = max(depth-1, 0)
		case token.SequenceEntryType, token.MappingKeyType:
			// "- - - x" nests without indenting the line.
			if tk.Position.Column > maxIndent {
				return &posError{tk.Position.Line, fmt.Sprintf("block entries nest past column %d", maxIndent)}
			}
		}
		if tk.Position.IndentNum > maxIndent {
			return &posError{tk.Position.Line, fmt.Sprintf("indented more than %d columns", maxIndent)}
		}
	}
	return nil
}

// invalidUTF8 returns the offset of the first invalid UTF-8 sequence in b.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// posError is an error found before goccy's parser runs, at a line.
type posError struct {
	line int
	msg  string
}

func (e *posError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// errLine is the line a parse error points at, or 0.
func errLine(err error) int {
	if pe, ok := err.(*posError); ok {
		return pe.line
	}
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
		return ye.GetToken().Position.Line
	}
	return 0
}

// errMsg is a goccy error's message without the position and source
// excerpt it carries, which our own prefix replaces.
func errMsg(err error) string {
	if pe, ok := err.(*posError); ok {
		return pe.msg
	}
	var ye yaml.Error
	if errors.As(err, &ye) {
		return ye.GetMessage()
	}
	return err.Error()
}

// collectAnchors records every anchor in document order, so that an alias
// resolves to the nearest anchor of its name before it, as YAML says.
func (d *decoder) collectAnchors(n ast.Node) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			d.ps.add(lineOf(n), "", "cannot read the YAML structure: %v", r)
			ok = false
		}
	}()
	d.anchors = map[string][]anchor{}
	ast.Walk(anchorVisitor{d}, n)
	for _, as := range d.anchors {
		// Walk visits in document order; sorting makes sure of it, as
		// target's binary search depends on it.
		slices.SortStableFunc(as, func(a, b anchor) int { return cmp.Or(a.line-b.line, a.col-b.col) })
	}
	return true
}

type anchorVisitor struct{ d *decoder }

func (v anchorVisitor) Visit(n ast.Node) ast.Visitor {
	if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil && a.Name.GetToken() != nil && a.GetToken() != nil && a.GetToken().Position != nil {
		p, name := a.GetToken().Position, a.Name.GetToken().Value
		v.d.anchors[name] = append(v.d.anchors[name], anchor{p.Line, p.Column, a.Value})
	}
	return v
}

// resolve looks through anchors and aliases to the node they stand for. An
// alias with no anchor before it is returned as is.
func (d *decoder) resolve(n ast.Node) ast.Node {
	// Bounded because an anchor may name an alias of an alias; a cycle
	// stops here and is reported as a type mismatch by the caller.
	for range 32 {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			t := d.target(v)
			if t == nil {
				return v
			}
			n = t
		default:
			return n
		}
	}
	return n
}

// target is the node an alias refers to, or nil.
func (d *decoder) target(a *ast.AliasNode) ast.Node {
	if a.Value == nil || a.Value.GetToken() == nil || a.GetToken() == nil || a.GetToken().Position == nil {
		return nil
	}
	name, p := a.Value.GetToken().Value, a.GetToken().Position
	// The last definition before the alias; a binary search, as a file
	// may hold many thousands of anchors and aliases.
	as := d.anchors[name]
	i := sort.Search(len(as), func(i int) bool {
		return as[i].line > p.Line || as[i].line == p.Line && as[i].col >= p.Column
	})
	if i == 0 {
		return nil
	}
	if as[i-1].node == nil {
		return &ast.NullNode{}
	}
	return as[i-1].node
}

// spend counts one unit of decoding work and reports when the document has
// expanded past maxWork through aliases.
func (d *decoder) spend(line int) bool {
	d.work++
	if d.work == maxWork {
		d.ps.add(line, "", "document expands to more than %d values through aliases and merge keys", maxWork)
	}
	return d.work < maxWork
}

// pair is one key and value of a mapping, after merge keys are expanded.
type pair struct {
	key   string
	value ast.Node
	line  int
}

// pairs lists a mapping's entries. Merge keys (<<: *anchor) are expanded
// with YAML's rule: keys written in the mapping win over merged ones, and
// earlier merged mappings win over later ones.
func (d *decoder) pairs(n ast.Node, path string, depth int) []pair {
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	}
	var explicit, merged []pair
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		line := lineOf(mv.Key)
		if !d.spend(line) {
			return nil
		}
		if mv.Key.IsMergeKey() {
			merged = append(merged, d.merge(mv.Value, path, line, depth)...)
			continue
		}
		key, ok := d.keyText(mv.Key)
		if !ok {
			d.ps.add(line, path, "key %s is not a plain name", describe(mv.Key))
			continue
		}
		explicit = append(explicit, pair{key, mv.Value, line})
	}
	if len(merged) == 0 {
		return explicit
	}
	seen := map[string]bool{}
	for _, p := range explicit {
		seen[p.key] = true
	}
	out := explicit
	for _, p := range merged {
		if !seen[p.key] {
			seen[p.key] = true
			out = append(out, p)
		}
	}
	return out
}

// merge expands the value of a merge key: a mapping or a list of them.
func (d *decoder) merge(v ast.Node, path string, line, depth int) []pair {
	if depth >= 8 {
		d.ps.add(line, path, "merge keys (<<) nest more than 8 deep")
		return nil
	}
	src := d.resolve(v)
	if isMapping(src) {
		return d.pairs(src, path, depth+1)
	}
	seq, ok := src.(*ast.SequenceNode)
	if !ok {
		d.ps.add(line, path, "merge key (<<) is followed by %s; want a mapping or a list of mappings", describe(src))
		return nil
	}
	var out []pair
	for _, e := range seq.Values {
		e = d.resolve(e)
		if !isMapping(e) {
			d.ps.add(lineOr(e, line), path, "merge key (<<) list holds %s; want mappings only", describe(e))
			continue
		}
		out = append(out, d.pairs(e, path, depth+1)...)
	}
	return out
}

// keyText is the text of a scalar mapping key.
func (d *decoder) keyText(k ast.MapKeyNode) (string, bool) {
	var n ast.Node = k
	if mk, ok := n.(*ast.MappingKeyNode); ok {
		n = mk.Value
	}
	switch v := d.resolve(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode, *ast.NullNode:
		if t := v.GetToken(); t != nil {
			return t.Value, true
		}
	}
	return "", false
}

// field is one yaml-tagged struct field.
type field struct {
	name  string
	index int
}

// fieldsOf lists the yaml keys of a struct type, from its tags, so that the
// decoder never drifts from the types.
func fieldsOf(t reflect.Type) []field {
	var fs []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if !f.IsExported() || tag == "-" || tag == "" {
			continue
		}
		fs = append(fs, field{strings.Split(tag, ",")[0], i})
	}
	return fs
}

// decodeStruct decodes mapping n into the struct v.
func (d *decoder) decodeStruct(n ast.Node, v reflect.Value, path string) map[string]bool {
	fs := fieldsOf(v.Type())
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	seen := map[string]bool{}
	for _, p := range d.pairs(n, path, 0) {
		fp := join(path, p.key)
		i := -1
		for _, f := range fs {
			if f.name == p.key {
				i = f.index
			}
		}
		if i < 0 {
			d.ps.add(p.line, fp, "unknown field%s", didYouMean(p.key, names))
			continue
		}
		// An explicit null counts as absent, as it decodes to the zero value.
		seen[p.key] = !isNull(d.resolve(p.value))
		d.lines[fp] = p.line
		d.value(p.value, v.Field(i), fp, p.line)
	}
	return seen
}

// join appends key to a key path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var leverType = reflect.TypeFor[Lever]()

// value decodes n into dst, whose key path is path and key line is line.
func (d *decoder) value(n ast.Node, dst reflect.Value, path string, line int) {
	if !d.spend(line) {
		return
	}
	n = d.resolve(n)
	if a, ok := n.(*ast.AliasNode); ok {
		d.bad[path] = true
		name := "*"
		if a.Value != nil && a.Value.GetToken() != nil {
			name += a.Value.GetToken().Value
		}
		d.ps.add(lineOr(a, line), path, "alias %s has no anchor before it", clip(name))
		return
	}
	if isNull(n) {
		return
	}
	switch dst.Kind() {
	case reflect.Slice:
		d.slice(n, dst, path, line)
	case reflect.Map:
		d.paramMap(n, dst, path, line)
	default:
		d.scalar(n, dst, path, line)
	}
}

// slice decodes a list of levers or of regions.
func (d *decoder) slice(n ast.Node, dst reflect.Value, path string, line int) {
	elem := dst.Type().Elem()
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.typeErr(n, dst.Type(), path, line)
		return
	}
	limit, what := maxRegions, "regions"
	if elem == leverType {
		limit, what = maxLevers, "levers"
	}
	if len(seq.Values) > limit {
		d.bad[path] = true
		d.ps.add(lineOr(n, line), path, "%d %s; want at most %d", len(seq.Values), what, limit)
		return
	}
	out := reflect.MakeSlice(dst.Type(), len(seq.Values), len(seq.Values))
	for i, e := range seq.Values {
		ep := fmt.Sprintf("%s[%d]", path, i)
		el := lineOr(d.resolveForLine(e), line)
		d.lines[ep] = el
		if elem != leverType {
			d.value(e, out.Index(i), ep, el)
			continue
		}
		l := out.Index(i).Addr().Interface().(*Lever)
		l.Line = el
		m := d.resolve(e)
		if !isMapping(m) {
			d.bad[ep] = true
			d.ps.add(el, ep, "lever is %s; want a mapping with kind, start and intensity", describe(m))
			continue
		}
		seen := d.decodeStruct(m, out.Index(i), ep)
		// A missing kind or start leaves "" for Validate to report; a
		// missing intensity would leave 0, which is valid, so the
		// decoder, which knows what the file said, reports it here.
		if !seen["intensity"] {
			d.bad[ep+".intensity"] = true
			d.ps.add(el, ep+".intensity", "missing; want the lever's strength in its kind's unit")
		}
	}
	dst.Set(out)
}

// resolveForLine gives the node whose line best places a list element: the
// element itself, or the first key of a mapping.
func (d *decoder) resolveForLine(n ast.Node) ast.Node {
	if a, ok := n.(*ast.AnchorNode); ok && a.Value != nil {
		return a.Value
	}
	return n
}

// paramMap decodes the parameter overrides.
func (d *decoder) paramMap(n ast.Node, dst reflect.Value, path string, line int) {
	if !isMapping(n) {
		d.typeErr(n, dst.Type(), path, line)
		return
	}
	m := reflect.MakeMap(dst.Type())
	for _, p := range d.pairs(n, path, 0) {
		fp := join(path, p.key)
		d.lines[fp] = p.line
		d.params[p.key] = p.line
		v := reflect.New(dst.Type().Elem()).Elem()
		d.value(p.value, v, fp, p.line)
		if isNull(d.resolve(p.value)) {
			d.bad[fp] = true
			d.ps.add(p.line, fp, "missing value; want a number")
		}
		m.SetMapIndex(reflect.ValueOf(p.key), v)
	}
	dst.Set(m)
}

// scalar decodes a string, number or boolean.
func (d *decoder) scalar(n ast.Node, dst reflect.Value, path string, line int) {
	line = lineOr(n, line)
	if t, ok := n.(*ast.TagNode); ok {
		// Only the core tags mean anything to a scenario, and they mean
		// what the plain value would; anything else is refused rather
		// than decoded by rules the author cannot see.
		switch tag := tagName(t); tag {
		case "!!str":
			if dst.Kind() != reflect.String {
				d.typeErr(n, dst.Type(), path, line)
				return
			}
			if s, ok := scalarText(t.Value); ok {
				dst.SetString(s)
				return
			}
			d.typeErr(t.Value, dst.Type(), path, line)
			return
		case "!!int", "!!float", "!!bool", "!!null":
			d.scalar(t.Value, dst, path, line)
			return
		default:
			d.bad[path] = true
			d.ps.add(line, path, "tag %s is not supported; write a plain value", clip(tag))
			return
		}
	}
	if isNull(n) {
		return
	}
	switch dst.Kind() {
	case reflect.String:
		// A plain 02 is an integer to YAML, but the author of
		// `regions: [02, 25]` means the INEGI codes "02" and "25": a
		// string field takes a scalar's text as written.
		s, ok := scalarText(n)
		if !ok {
			d.typeErr(n, dst.Type(), path, line)
			return
		}
		dst.SetString(s)
	case reflect.Float64:
		text, ok := numberText(n)
		if !ok {
			d.typeErr(n, dst.Type(), path, line)
			return
		}
		v, err := parseNumber(text)
		switch {
		case errors.Is(err, strconv.ErrRange):
			d.bad[path] = true
			d.ps.add(line, path, "%s is out of the range of a number", clip(text))
		case err != nil && isNumberNode(n):
			// goccy took it for a number by YAML 1.1 rules (1_000, 0b11).
			d.bad[path] = true
			d.ps.add(line, path, "%s is not a number as YAML 1.2 writes one; want digits with an optional point and exponent, e.g. 1000 or 2.5e-3", clip(text))
		case err != nil:
			d.typeErr(n, dst.Type(), path, line)
		default:
			dst.SetFloat(v)
		}
	case reflect.Uint64:
		text, ok := numberText(n)
		if !ok {
			d.typeErr(n, dst.Type(), path, line)
			return
		}
		v, err := parseWhole(text)
		switch {
		case errors.Is(err, errNegative):
			d.bad[path] = true
			d.ps.add(line, path, "%s is negative; want a whole number, 0 or more", clip(text))
		case errors.Is(err, strconv.ErrRange):
			d.bad[path] = true
			d.ps.add(line, path, "%s is too large; want at most %d", clip(text), uint64(math.MaxUint64))
		case errors.Is(err, errNotWhole) || err != nil && isNumberNode(n):
			d.bad[path] = true
			d.ps.add(line, path, "%s is not a whole number written in digits", clip(text))
		case err != nil:
			d.typeErr(n, dst.Type(), path, line)
		default:
			dst.SetUint(v)
		}
	case reflect.Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.typeErr(n, dst.Type(), path, line)
			return
		}
		dst.SetBool(b.Value)
	default:
		// Only reached if a field of a new type is added to Scenario or
		// Lever without teaching the decoder about it.
		panic(fmt.Sprintf("scenario: no decoder for %s at %s", dst.Type(), path))
	}
}

// Numbers are read by the YAML 1.2 core schema, from the scalar's text
// rather than from the type goccy's lexer gave it: goccy follows YAML 1.1
// in places (010 is octal 8 to it) and misses others (1e5, with no dot, is
// a string to it). Scenario authors and every other current YAML tool
// expect 1.2.
var (
	floatRE = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	intRE   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	octRE   = regexp.MustCompile(`^0o[0-7]+$`)
	hexRE   = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)

	errNotNumber = errors.New("not a number")
	errNotWhole  = errors.New("not a whole number")
	errNegative  = errors.New("negative")
)

// numberText is the text of a plain (unquoted) scalar that may be a number.
// A quoted "5" is a string, as YAML says, and is not taken for a number.
func numberText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		if t := v.GetToken(); t != nil {
			return t.Value, true
		}
	case *ast.StringNode:
		if v.Token != nil && v.Token.Type == token.StringType {
			return v.Value, true
		}
	}
	return "", false
}

// isNumberNode reports whether goccy's lexer took n for a number.
func isNumberNode(n ast.Node) bool {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return true
	}
	return false
}

// parseNumber reads a YAML 1.2 core-schema number (int or float).
func parseNumber(s string) (float64, error) {
	switch s {
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1), nil
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1), nil
	case ".nan", ".NaN", ".NAN":
		return math.NaN(), nil
	}
	if octRE.MatchString(s) || hexRE.MatchString(s) {
		u, err := parseWhole(s)
		return float64(u), err
	}
	if !floatRE.MatchString(s) {
		return 0, errNotNumber
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// The pattern admits only what ParseFloat reads, so the one
		// error left is a value beyond float64 (1e400).
		return 0, strconv.ErrRange
	}
	return v, nil
}

// parseWhole reads a YAML 1.2 core-schema integer that must be 0 or more.
func parseWhole(s string) (uint64, error) {
	base, digits := 10, strings.TrimPrefix(s, "+")
	switch {
	case octRE.MatchString(s):
		base, digits = 8, s[2:]
	case hexRE.MatchString(s):
		base, digits = 16, s[2:]
	case intRE.MatchString(s):
		if strings.HasPrefix(s, "-") && strings.Trim(s, "-0") != "" {
			return 0, errNegative
		}
		digits = strings.TrimPrefix(digits, "-")
	case floatRE.MatchString(s) || s == ".nan" || strings.HasSuffix(s, ".inf"):
		return 0, errNotWhole
	default:
		return 0, errNotNumber
	}
	u, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return 0, strconv.ErrRange
	}
	return u, nil
}

// tagName is a tag as written, e.g. "!!str".
func tagName(t *ast.TagNode) string {
	if t.Start == nil {
		return "!"
	}
	return t.Start.Value
}

// scalarText is the text of a scalar as written, or its decoded value for
// quoted and block strings.
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		if t := v.GetToken(); t != nil {
			return t.Value, true
		}
	}
	return "", false
}

// typeErr reports a value of the wrong kind.
func (d *decoder) typeErr(n ast.Node, t reflect.Type, path string, line int) {
	d.bad[path] = true
	d.ps.add(lineOr(n, line), path, "want %s, got %s", wantOf(t), describe(n))
}

// wantOf says in words what a field of type t takes.
func wantOf(t reflect.Type) string {
	switch {
	case t == leverType:
		return "a mapping with kind, start and intensity"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Uint64:
		return "a whole number, 0 or more"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Slice && t.Elem() == leverType:
		return "a list of levers"
	case t.Kind() == reflect.Slice:
		return "a list of " + strings.TrimPrefix(wantOf(t.Elem()), "a ") + "s"
	case t.Kind() == reflect.Map:
		return "a mapping of parameter names to numbers"
	}
	return t.String()
}

// describe says in words what a node is, quoting short scalars.
func describe(n ast.Node) string {
	tokenText := func(kind string, tokenNode ast.Node) string {
		t := tokenNode.GetToken()
		if t == nil {
			return kind
		}
		return kind + " " + quote(t.Value)
	}
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return "null"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		return "the string " + quote(v.Value)
	case *ast.LiteralNode:
		return "a block of text"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return tokenText("the number", v)
	case *ast.BoolNode:
		return tokenText("the boolean", v)
	case *ast.AliasNode:
		return "an alias"
	case *ast.TagNode:
		return "a value tagged " + tagName(v)
	case *ast.MappingKeyNode:
		return "a complex key"
	}
	return "a " + n.Type().YAMLName()
}

// isNull reports whether n is absent or null.
func isNull(n ast.Node) bool {
	if n == nil {
		return true
	}
	_, ok := n.(*ast.NullNode)
	return ok
}

// isMapping reports whether n is a mapping.
func isMapping(n ast.Node) bool {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return true
	}
	return false
}

// lineOf is the line n starts on, or 0. For a mapping it is the line of the
// first key, where a reader looks for it.
func lineOf(n ast.Node) int {
	if n == nil {
		return 0
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 && m.Values[0] != nil && m.Values[0].Key != nil {
		return lineOf(m.Values[0].Key)
	}
	if m, ok := n.(*ast.MappingValueNode); ok && m.Key != nil {
		return lineOf(m.Key)
	}
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

// lineOr is n's line, or def when n has none.
func lineOr(n ast.Node, def int) int {
	if l := lineOf(n); l > 0 {
		return l
	}
	return def
}
