package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
	"github.com/cartelsim/cartelsim/geo"
)

// Limits and defaults that Validate applies, beside DefaultStart and
// DefaultEnd.
const (
	// EarliestStart is the first month a run may start: the organisation
	// model's data (the 2020 alliance network, back-cast) begins in 2012.
	EarliestStart = "2012-01"
	// LatestEnd is the last month a run may end; beyond it projections of
	// a system this volatile mean nothing.
	LatestEnd = "2100-12"
	// DefaultSeed replaces a zero seed, so that a scenario that gives none
	// is still reproducible.
	DefaultSeed = 1
	// maxNameLen keeps names usable as file names and table labels.
	maxNameLen = 64
)

// Validate applies defaults, parses the months and checks every value,
// returning all problems as an *Error. Warnings go to s.Warnings. A
// scenario built in code should be validated before it is run; Parse
// validates what it reads.
func (s *Scenario) Validate() error {
	ps := &problems{file: s.Origin}
	s.validate(ps, nil)
	return ps.err()
}

// withDefaults fills in what the scenario leaves out. It is the one place
// defaults are decided; Validate, YAML and Hash all go through it.
func (s *Scenario) withDefaults() {
	if s.Start == "" {
		s.Start = DefaultStart
	}
	if s.End == "" {
		s.End = DefaultEnd
	}
	if s.Seed == 0 {
		s.Seed = DefaultSeed
	}
	for i := range s.Levers {
		l := &s.Levers[i]
		if l.End == "" {
			l.End = s.End
		}
		if len(l.Regions) == 0 && l.Group == "" {
			if k, ok := KindByName(l.Kind); ok && len(k.DefaultRegions) > 0 {
				l.Regions = append([]string(nil), k.DefaultRegions...)
			}
		}
		// -0 and 0 are the same intensity; keep one spelling so that the
		// canonical form, and so the hash, does not depend on it.
		if l.Intensity == 0 {
			l.Intensity = 0
		}
	}
	for k, v := range s.Params {
		if v == 0 {
			s.Params[k] = 0
		}
	}
}

// line is where path, or the nearest enclosing key, is in the file.
func (s *Scenario) line(path string) int {
	for {
		if l, ok := s.lines[path]; ok {
			return l
		}
		if path == "" {
			return 0
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

// validate checks s after applying defaults, adding to ps. bad holds key
// paths that failed to decode and so are not checked again.
func (s *Scenario) validate(ps *problems, bad map[string]bool) {
	skip := func(path string) bool { return bad[path] }
	add := func(path, format string, a ...any) { ps.add(s.line(path), path, format, a...) }

	// Remember which lever ends the file gave, before defaults fill the
	// rest in from the scenario's end: a malformed scenario end is
	// reported once, not again for every lever that inherits it.
	endGiven := make([]bool, len(s.Levers))
	for i, l := range s.Levers {
		endGiven[i] = l.End != ""
	}
	s.withDefaults()

	switch {
	case skip("name"):
	case s.Name == "":
		add("name", "missing; want a name of lower-case letters, digits and '-'")
	default:
		if msg := checkName(s.Name); msg != "" {
			add("name", "%s", msg)
		}
	}

	var horizonOK bool
	s.From, s.To, horizonOK = s.checkHorizon(add, skip)

	for i := range s.Levers {
		s.checkLever(i, endGiven[i], horizonOK, ps, add, skip)
	}

	for _, k := range sortedKeys(s.Params) {
		p := join("params", k)
		switch v := s.Params[k]; {
		case skip(p):
		case strings.TrimSpace(k) == "":
			add(p, "empty parameter name")
		case math.IsNaN(v) || math.IsInf(v, 0):
			add(p, "%v is not a finite number", v)
		}
	}
	s.Warnings = sorted(append([]Problem(nil), ps.warnings...))
}

// checkName returns what is wrong with a scenario name, or "".
func checkName(name string) string {
	ok := len(name) <= maxNameLen && name[0] != '-'
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			ok = false
		}
	}
	if ok {
		return ""
	}
	// A name that leads with '-' would be read as a flag by the CLI.
	msg := fmt.Sprintf("%s is not a valid name; want up to %d lower-case letters, digits and '-', not starting with '-'", quote(name), maxNameLen)
	if fix := fixName(name); fix != "" && fix != name {
		msg += fmt.Sprintf(", e.g. %q", fix)
	}
	return msg
}

// fixName turns a free-form title into a valid name, or "" if nothing of it
// survives.
func fixName(name string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		} else {
			dash = true
		}
		if b.Len() >= maxNameLen {
			break
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// month parses a YYYY-MM value and reports it if malformed.
func month(v, path string, add func(path, format string, a ...any)) (calendar.Month, bool) {
	m, err := calendar.Parse(v)
	switch {
	case err != nil && len(v) != 7:
		add(path, "%s is not a month; want YYYY-MM, e.g. 2026-01", quote(v))
	case err != nil:
		// Seven characters, so calendar's message, which quotes v, is short.
		add(path, "%s; want a month written as YYYY-MM, e.g. 2026-01", strings.TrimPrefix(err.Error(), "calendar: "))
	}
	if err != nil {
		return 0, false
	}
	return m, true
}

// checkHorizon parses and checks the scenario's start and end.
func (s *Scenario) checkHorizon(add func(path, format string, a ...any), skip func(string) bool) (from, to calendar.Month, ok bool) {
	earliest, _ := calendar.Parse(EarliestStart)
	latest, _ := calendar.Parse(LatestEnd)
	var okFrom, okTo bool
	if !skip("start") {
		if from, okFrom = month(s.Start, "start", add); okFrom && from < earliest {
			add("start", "%s is before %s, where the organisation model's data begins", s.Start, EarliestStart)
			okFrom = false
		}
	}
	if !skip("end") {
		if to, okTo = month(s.End, "end", add); okTo && to > latest {
			add("end", "%s is after %s, the latest end supported", s.End, LatestEnd)
			okTo = false
		}
	}
	if okFrom && okTo && to < from {
		add("end", "%s is before start %s", s.End, s.Start)
		return from, to, false
	}
	return from, to, okFrom && okTo
}

// checkLever checks lever i.
func (s *Scenario) checkLever(i int, endGiven, horizonOK bool, ps *problems, add func(path, format string, a ...any), skip func(string) bool) {
	l := &s.Levers[i]
	p := fmt.Sprintf("levers[%d]", i)
	if skip(p) {
		return
	}
	k, kindOK := KindByName(l.Kind)
	switch {
	case skip(p + ".kind"):
	case l.Kind == "":
		add(p+".kind", "missing; want one of %s", strings.Join(kindNames(), ", "))
	case !kindOK:
		add(p+".kind", "unknown lever kind %s%s", quote(l.Kind), didYouMean(l.Kind, kindNames()))
	}

	var fromOK, toOK bool
	switch {
	case skip(p + ".start"):
	case l.Start == "":
		add(p+".start", "missing; want the first month in force, YYYY-MM")
	default:
		l.From, fromOK = month(l.Start, p+".start", add)
	}
	switch {
	case skip(p + ".end"):
	case !endGiven:
		// Inherited from the scenario: valid exactly when its end is.
		l.To, toOK = s.To, horizonOK
	default:
		l.To, toOK = month(l.End, p+".end", add)
	}
	if fromOK && toOK && l.To < l.From {
		add(p+".end", "%s is before start %s", l.End, l.Start)
	} else if fromOK && toOK && horizonOK {
		s.checkInHorizon(l, p, ps)
	}

	ip := p + ".intensity"
	v := l.Intensity
	switch {
	case skip(ip):
	case math.IsNaN(v) || math.IsInf(v, 0):
		add(ip, "%v is not a finite number", v)
	case !kindOK:
	case v < 0:
		add(ip, "%g is negative; want %s", v, rangeText(k))
	case v < k.Min:
		add(ip, "%g is below the minimum %g; want %s", v, k.Min, rangeText(k))
	case v > k.Max:
		add(ip, "%g is above the maximum %g; want %s", v, k.Max, rangeText(k))
	}

	if kindOK && !skip(p+".regions") {
		checkRegions(l, k, p, add, skip)
	}

	if l.Group != "" && !skip(p+".group") {
		checkGroup(l, kindOK, p, add)
		n := 0
		for _, o := range s.Levers[:i+1] {
			if o.Group != "" {
				n++
			}
		}
		if n == MaxGroupLevers+1 {
			add(p+".group", "more than %d levers name a group; combine them", MaxGroupLevers)
		}
	}

	if kindOK && l.Unilateral && !k.Strike && !skip(p+".unilateral") {
		add(p+".unilateral", "%s is not a US strike and cannot be unilateral; only %s can", l.Kind, strings.Join(strikeKinds(), " and "))
	}
}

// checkInHorizon warns about a lever in force outside the scenario's
// months: it is not wrong, a scenario may be cut short on purpose, but the
// months outside have no effect.
func (s *Scenario) checkInHorizon(l *Lever, p string, ps *problems) {
	line := s.line(p)
	switch {
	case l.To < s.From || l.From > s.To:
		ps.warn(line, p, "in force %s to %s, wholly outside the scenario's %s to %s; it has no effect", l.From, l.To, s.From, s.To)
	case l.From < s.From:
		ps.warn(line, p, "starts %s, before the scenario starts %s; the months before have no effect", l.From, s.From)
	case l.To > s.To:
		ps.warn(line, p, "ends %s, after the scenario ends %s; the months after have no effect", l.To, s.To)
	}
}

// groupIDs returns the group ids of the data table cartel_groups, read
// once.
var groupIDs = sync.OnceValues(func() ([]string, error) {
	n, err := data.Cartels()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(n.Groups))
	for i, g := range n.Groups {
		ids[i] = g.ID
	}
	return ids, nil
})

// checkGroup checks a lever's group: a kind that may name one, and an id
// of cartel_groups.
func checkGroup(l *Lever, kindOK bool, p string, add func(path, format string, a ...any)) {
	if kindOK && !slices.Contains(GroupKinds(), l.Kind) {
		add(p+".group", "%s cannot name a group; only %s can", l.Kind, strings.Join(GroupKinds(), ", "))
		return
	}
	ids, err := groupIDs()
	if err != nil {
		add(p+".group", "cannot check the group: %v", err)
		return
	}
	if !slices.Contains(ids, l.Group) {
		add(p+".group", "unknown group %s; want an id of the table cartel_groups (`cartelsim data show cartel_groups`)%s",
			quote(l.Group), didYouMean(l.Group, ids))
	}
}

// checkRegions checks a lever's regions against its kind.
func checkRegions(l *Lever, k Kind, p string, add func(path, format string, a ...any), skip func(string) bool) {
	if k.Regions == National {
		if len(l.Regions) > 0 {
			add(p+".regions", "%s acts nationally and takes no regions", l.Kind)
		}
		return
	}
	first := map[string]int{}
	for j, r := range l.Regions {
		rp := fmt.Sprintf("%s.regions[%d]", p, j)
		if skip(rp) {
			continue
		}
		if prev, dup := first[r]; dup {
			add(rp, "%s is listed twice (also regions[%d])", quote(r), prev)
			continue
		}
		first[r] = j
		switch k.Regions {
		case MexicanStates:
			if _, err := geo.StateIndex(r); err != nil {
				add(rp, "%s is not an INEGI state code%s", quote(r), stateHint(r))
			}
		case FieldOffices:
			if _, port := PortIndex(r); !isOffice(r) && !port {
				add(rp, "%s is not a southwest-border field office or port of entry%s", quote(r), officeHint(r))
			}
		}
	}
}

// stateHint suggests the code a user probably meant.
func stateHint(r string) string {
	states := geo.States()
	if i, err := geo.StateByName(r); err == nil {
		return fmt.Sprintf("; did you mean %q (%s)?", states[i].Code, states[i].Name)
	}
	for _, st := range states {
		if strings.EqualFold(st.Name, r) {
			return fmt.Sprintf("; did you mean %q (%s)?", st.Code, st.Name)
		}
	}
	if len(r) == 1 && r[0] >= '1' && r[0] <= '9' {
		st := states[r[0]-'1']
		return fmt.Sprintf("; did you mean %q (%s)?", st.Code, st.Name)
	}
	return `; want "01" to "32"`
}

// isOffice reports whether r is a field-office label.
func isOffice(r string) bool {
	for _, o := range geo.FieldOffices() {
		if o.Short == r {
			return true
		}
	}
	return false
}

// officeHint suggests the field-office label or port id a user probably
// meant.
func officeHint(r string) string {
	var labels []string
	for _, o := range geo.FieldOffices() {
		if strings.EqualFold(o.Name, r) {
			return fmt.Sprintf("; did you mean %q?", o.Short)
		}
		labels = append(labels, o.Short)
	}
	ports := PortIDs()
	for _, id := range ports {
		// "nogales" for "poe_nogales".
		if strings.EqualFold("poe_"+r, id) {
			return fmt.Sprintf("; did you mean %q?", id)
		}
	}
	if c := suggest(r, append(slices.Clone(labels), ports...)); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return fmt.Sprintf("; want a field office (%s) or the id of one of the %d ports of entry, such as \"poe_nogales\" (cartelsim network show lists them)", strings.Join(labels, ", "), len(ports))
}

// rangeText writes a kind's range and unit, e.g. "0 to 52 strike
// operations per year". A unit that states its own 0-1 range drops it.
func rangeText(k Kind) string {
	return fmt.Sprintf("%g to %g %s", k.Min, k.Max, strings.TrimSuffix(k.Unit, ", 0-1"))
}

// kindNames lists the lever kinds in catalogue order.
func kindNames() []string {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Name)
	}
	return names
}

// strikeKinds lists the kinds that may be unilateral.
func strikeKinds() []string {
	var names []string
	for _, k := range Kinds() {
		if k.Strike {
			names = append(names, k.Name)
		}
	}
	return names
}
