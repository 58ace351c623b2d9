// Package calendar holds the model's unit of time: the calendar month.
//
// Every series in cartelsim is monthly. A Month is a plain integer so that
// it can index slices and be compared and subtracted without allocation.
package calendar

import (
	"fmt"
	"time"
)

// Month is a calendar month counted from January of year 0:
//
//	Month = 12·year + (month − 1)
//
// The zero value is 0000-01, which no model uses.
type Month int32

// Of returns the Month of the given year and month (1–12).
// It panics on a month outside 1–12, which is a programmer error.
func Of(year, month int) Month {
	if month < 1 || month > 12 {
		panic(fmt.Sprintf("calendar: month %d outside 1-12", month))
	}
	return Month(year*12 + month - 1)
}

// Parse reads a month written as YYYY-MM.
func Parse(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, fmt.Errorf("calendar: %q is not a month written as YYYY-MM", s)
	}
	y, m := 0, 0
	for i, c := range []byte(s) {
		switch {
		case i == 4:
			continue
		case c < '0' || c > '9':
			return 0, fmt.Errorf("calendar: %q is not a month written as YYYY-MM", s)
		case i < 4:
			y = y*10 + int(c-'0')
		default:
			m = m*10 + int(c-'0')
		}
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("calendar: %q has month %d, want 01-12", s, m)
	}
	if y < 1900 || y > 2200 {
		return 0, fmt.Errorf("calendar: %q has year %d, want 1900-2200", s, y)
	}
	return Of(y, m), nil
}

// Year is the calendar year of m.
func (m Month) Year() int { return int(m) / 12 }

// Num is the month of the year, 1–12.
func (m Month) Num() int { return int(m)%12 + 1 }

// String writes m as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.Num()) }

// FiscalYear is the US federal fiscal year that m falls in: FY N runs from
// October of year N−1 to September of year N (31 USC 1102), the year CBP
// reports seizures by.
func (m Month) FiscalYear() int {
	if m.Num() >= 10 {
		return m.Year() + 1
	}
	return m.Year()
}

// Days is the number of days in m.
func (m Month) Days() int {
	return time.Date(m.Year(), time.Month(m.Num())+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Between is the number of months from a to b inclusive, zero when b is
// before a.
func Between(a, b Month) int {
	if b < a {
		return 0
	}
	return int(b-a) + 1
}

// Years returns the inclusive months of calendar year y.
func Years(y int) (first, last Month) { return Of(y, 1), Of(y, 12) }

// FiscalYear returns the first and last month of US fiscal year fy.
func FiscalYear(fy int) (first, last Month) { return Of(fy-1, 10), Of(fy, 9) }

// FromYYYYMM reads a month written as the number YYYYMM (202003 is March
// 2020), the unit in which the parameter registry holds dates.
func FromYYYYMM(x float64) (Month, error) {
	if x != float64(int(x)) {
		return 0, fmt.Errorf("calendar: %g is not a month written as YYYYMM", x)
	}
	y, m := int(x)/100, int(x)%100
	if m < 1 || m > 12 || y < 1900 || y > 2200 {
		return 0, fmt.Errorf("calendar: %g is not a month written as YYYYMM (year 1900-2200, month 01-12)", x)
	}
	return Of(y, m), nil
}

// Ordered checks dates read with FromYYYYMM: each is a month (not the zero
// Month, which marks one that did not read) and none is before the one
// before it. names[i] names ms[i] in the error.
func Ordered(names []string, ms ...Month) error {
	for i, m := range ms {
		if m == 0 {
			return fmt.Errorf("%s is not a month written as YYYYMM (e.g. 202003)", names[i])
		}
		if i > 0 && m < ms[i-1] {
			return fmt.Errorf("%s (%v) is before %s (%v)", names[i], m, names[i-1], ms[i-1])
		}
	}
	return nil
}
