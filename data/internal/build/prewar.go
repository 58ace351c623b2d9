package main

import (
	"fmt"
	"path/filepath"

	"github.com/cartelsim/cartelsim/calendar"
	"github.com/cartelsim/cartelsim/data"
)

// buildINEGIStateMonthPre2015 writes the INEGI state-month homicides of
// 2000–2014, before the fit window, with the tabulation's population
// estimates: the violence module takes each state's homicide rate before
// the drug war (2000–2007) as its baseline and the conflict homicides of
// 2008–2014 as the starting point of its territorial consolidation
// (docs/violence.md). The same raw file gives mx_homicides_inegi_state_month
// for 2015 on.
func buildINEGIStateMonthPre2015(dir string) (*data.Table, error) {
	const f = "homicides/mexico-state-month-homicide-rates-2000-2022.csv"
	r, err := readRaw(filepath.Join(dir, f), '|', true)
	if err != nil {
		return nil, err
	}
	first, last := calendar.Of(2000, 1), calendar.Of(2014, 12)
	type key struct {
		state string
		m     calendar.Month
	}
	type rec struct {
		n   int64
		pop string
	}
	got := map[key]rec{}
	national := map[int]int64{}
	for _, row := range r.rows {
		m, err := ymonth(r.get(row, "year"), r.get(row, "month"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if m < first || m > last {
			continue
		}
		st := r.get(row, "cve_ent")
		if err := stateCode(st); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		n, err := integer(r.get(row, "homicides"))
		if err != nil {
			return nil, fmt.Errorf("%s %s %s: %w", f, st, m, err)
		}
		pop, err := num(r.get(row, "pop_est"))
		if err != nil || !(pop > 0) {
			return nil, fmt.Errorf("%s %s %s: population %q", f, st, m, r.get(row, "pop_est"))
		}
		k := key{st, m}
		if _, dup := got[k]; dup {
			return nil, fmt.Errorf("%s: state %s month %s twice", f, st, m)
		}
		got[k] = rec{n, itoa(int64(pop + 0.5))}
		national[m.Year()] += n
	}
	t := &data.Table{
		Meta: data.Meta{
			Title: "Homicides in Mexico by state and month of occurrence, 2000-2014, with population (INEGI death certificates)",
			Source: "INEGI, Estadísticas de defunciones registradas (vital statistics, deaths by homicide), by place and month of occurrence, and population estimates, as tabulated by Gargiulo, Aburto & Floridi (2023), OSF doi:10.17605/OSF.IO/U8DC3; " +
				"read from thegargiulian/mexico-homicide-rates mexico-state-month-homicide-rates-2000-2022.csv at commit 6869d42f7e4e0d7ad790bc46bd3b4704ce8b31dc.",
			Licence: "CC BY 4.0 (cite Gargiulo, M., Aburto, J. M. & Floridi, G. (2023), OSF, doi:10.17605/OSF.IO/U8DC3); underlying INEGI data under INEGI's Términos de libre uso de la información (attribution required)",
			Unit:    "homicides per month; population = persons (the tabulation's pop_est, rounded)",
			Notes: []string{
				"recipe: from the pipe-separated file keep cve_ent, year, month, homicides and pop_est for 2000-01..2014-12; state = cve_ent (2-digit INEGI code); month = YYYY-MM; population = pop_est rounded to a person; the homicide_rate column is dropped." + rerun,
				"use: data before the 2015-2022 fit window: the violence module's state baselines (2000-2007 rates) and the initial territorial consolidation (2008-2014 excess homicides); never a fit target.",
				"caveat: as mx_homicides_inegi_state_month, deaths with missing municipality, country or cause, or that occurred abroad, are excluded by the tabulation.",
			},
		},
		Header: []string{"state", "month", "homicides", "population"},
	}
	for s := 1; s <= 32; s++ {
		st := fmt.Sprintf("%02d", s)
		for m := first; m <= last; m++ {
			x, ok := got[key{st, m}]
			if !ok {
				return nil, fmt.Errorf("%s: state %s month %s missing", f, st, m)
			}
			t.Rows = append(t.Rows, []string{st, m.String(), itoa(x.n), x.pop})
		}
	}
	// National totals of the tabulation, checked so that a changed input
	// cannot slip through (sums of the raw file at the commit above).
	for y, want := range map[int]int64{2000: 10559, 2007: 8837, 2010: 26046, 2014: 19563} {
		if national[y] != want {
			return nil, fmt.Errorf("check failed: INEGI national %d = %d, want %d", y, national[y], want)
		}
	}
	return t, nil
}
