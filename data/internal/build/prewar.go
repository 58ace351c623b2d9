package main

import (
	"fmt"

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
	first, last := calendar.Of(2000, 1), calendar.Of(2014, 12)
	cells, national, err := readINEGIStateMonth(dir, first, last)
	if err != nil {
		return nil, err
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
	for s, row := range cells {
		for i, c := range row {
			t.Rows = append(t.Rows, []string{fmt.Sprintf("%02d", s+1), (first + calendar.Month(i)).String(), itoa(c.n), itoa(int64(c.pop + 0.5))})
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
