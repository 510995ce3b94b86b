package cleanheating

import (
	"errors"
	"fmt"
	"slices"
)

// Column is one of the eight category columns of the table, in printed
// order: area then households of central heating, coal-to-electric,
// coal-to-gas and other.
type Column int

// The category columns.
const (
	CentralHeatingArea Column = iota
	CentralHeatingHouseholds
	CoalToElectricArea
	CoalToElectricHouseholds
	CoalToGasArea
	CoalToGasHouseholds
	OtherArea
	OtherHouseholds
	NumColumns = 8
)

// Category names as the JSON keys of the statistics.
var categoryKeys = [NumColumns / 2]string{"central_heating", "coal_to_electric", "coal_to_gas", "other"}

// Households reports whether the column counts households (else area).
func (c Column) Households() bool { return c%2 == 1 }

// String names the column as "<category>.<measure>", e.g.
// "coal_to_gas.area_10k_m2".
func (c Column) String() string {
	if c < 0 || c >= NumColumns {
		return fmt.Sprintf("column(%d)", int(c))
	}
	if c.Households() {
		return categoryKeys[c/2] + ".households"
	}
	return categoryKeys[c/2] + ".area_10k_m2"
}

// Placement maps the category values of one row, in reading order, to
// columns (strictly increasing).
type Placement []Column

// sums is a vector of column sums in hundredths (households × 100).
type sums [NumColumns]int64

// MaxPartialStates bounds the partial column-sum vectors the solver keeps
// per row boundary, so a pathological table fails with an error instead
// of exhausting memory.
const MaxPartialStates = 1 << 20

// ErrNoSolution is returned when no placement of the values satisfies every
// row and column sum: the transcription (or the gazette) is inconsistent.
var ErrNoSolution = errors.New("no placement satisfies every row and column sum")

// Solution is the outcome of Solve.
type Solution struct {
	// Placements has one placement per row: the first global solution
	// (rows in order, each row's placements in lexicographic order).
	Placements []Placement
	// Count is the number of global solutions (saturating at MaxInt64).
	Count int64
	// Candidates[row][value] lists the columns the value takes in some
	// global solution, ascending; more than one means it is ambiguous.
	Candidates [][][]Column
}

// Ambiguous reports whether any value can take more than one column.
func (s Solution) Ambiguous() bool { return s.Count > 1 }

// RowPlacements enumerates the placements of a row's category values
// (values after the two totals) into the eight columns, preserving their
// order, for which the row's area columns sum to its total area and its
// household columns to its total households. A value printed with a
// decimal point cannot be a household count.
func RowPlacements(r TranscribedRow) []Placement {
	if len(r.Values) < 2 {
		return nil
	}
	want := [2]int64{r.Values[0].Hundredths, r.Values[1].Hundredths}
	vals := r.Values[2:]
	var out []Placement
	cur := make(Placement, 0, len(vals))
	var got [2]int64
	var rec func(k int, from Column)
	rec = func(k int, from Column) {
		if k == len(vals) {
			if got == want {
				out = append(out, slices.Clone(cur))
			}
			return
		}
		// Leave room for the values still to place.
		for c := from; c <= Column(NumColumns-(len(vals)-k)); c++ {
			v := vals[k]
			if c.Households() && !v.Integer() {
				continue
			}
			m := c % 2
			if got[m]+v.Hundredths > want[m] {
				continue
			}
			got[m] += v.Hundredths
			cur = append(cur, c)
			rec(k+1, c+1)
			cur = cur[:len(cur)-1]
			got[m] -= v.Hundredths
		}
	}
	rec(0, 0)
	return out
}

// columnVector is what a row adds to the column sums under a placement.
func columnVector(r TranscribedRow, p Placement) sums {
	var s sums
	for k, c := range p {
		s[c] += r.Values[2+k].Hundredths
	}
	return s
}

// Solve recovers the columns of the rows' category values: it keeps each
// row's placements whose row sums hold (RowPlacements) and then the
// choices of one placement per row whose column sums equal the total
// row's category values (which must be complete: ten numbers), and the
// rows' totals must add up to the total row's. It counts the global
// solutions and, for every value, the columns it takes in any of them.
func Solve(total TranscribedRow, rows []TranscribedRow) (Solution, error) {
	if len(total.Values) != 2+NumColumns {
		return Solution{}, fmt.Errorf("the %s row has %d numbers; it needs all %d to check the columns", total.County, len(total.Values), 2+NumColumns)
	}
	var target sums
	for c := range NumColumns {
		target[c] = total.Values[2+c].Hundredths
	}
	var area, hh int64
	for _, r := range rows {
		if len(r.Values) < 2 {
			return Solution{}, fmt.Errorf("row %s: no totals", r.County)
		}
		area += r.Values[0].Hundredths
		hh += r.Values[1].Hundredths
	}
	if area != total.Values[0].Hundredths || hh != total.Values[1].Hundredths {
		return Solution{}, fmt.Errorf("%w: the rows' totals add up to %s and %s, the %s row says %s and %s",
			ErrNoSolution, fmtHundredths(area), fmtHundredths(hh), total.County, total.Values[0].Text, total.Values[1].Text)
	}

	opts := make([][]Placement, len(rows))
	vecs := make([][]sums, len(rows))
	for i, r := range rows {
		opts[i] = RowPlacements(r)
		if len(opts[i]) == 0 {
			return Solution{}, fmt.Errorf("%w: row %s: no placement of its values sums to its totals %s and %s",
				ErrNoSolution, r.County, r.Values[0].Text, r.Values[1].Text)
		}
		for _, p := range opts[i] {
			vecs[i] = append(vecs[i], columnVector(r, p))
		}
	}

	if !prune(opts, vecs, target) {
		return Solution{}, fmt.Errorf("%w: no choice of placements gives the %s row's column sums", ErrNoSolution, total.County)
	}

	// forward[i]: column sums of rows [0, i) → number of ways;
	// backward[i]: column sums of rows [i, n) → number of ways. Both keep
	// only vectors that fit under the target.
	n := len(rows)
	forward := make([]map[sums]int64, n+1)
	backward := make([]map[sums]int64, n+1)
	forward[0] = map[sums]int64{{}: 1}
	backward[n] = map[sums]int64{{}: 1}
	for i := range n {
		next, err := extend(forward[i], vecs[i], target)
		if err != nil {
			return Solution{}, fmt.Errorf("after row %s: %w", rows[i].County, err)
		}
		forward[i+1] = next
	}
	for i := n - 1; i >= 0; i-- {
		prev, err := extend(backward[i+1], vecs[i], target)
		if err != nil {
			return Solution{}, fmt.Errorf("before row %s: %w", rows[i].County, err)
		}
		backward[i] = prev
	}
	sol := Solution{Count: forward[n][target]}
	if sol.Count == 0 {
		return Solution{}, fmt.Errorf("%w: the rows' placements cannot give the %s row's column sums", ErrNoSolution, total.County)
	}

	// A placement is used by some solution iff a prefix state and a suffix
	// state complete it to the target.
	sol.Candidates = make([][][]Column, n)
	for i := range n {
		sol.Candidates[i] = make([][]Column, len(rows[i].Values)-2)
		for j, v := range vecs[i] {
			if !usable(forward[i], backward[i+1], v, target) {
				continue
			}
			for k, c := range opts[i][j] {
				if !slices.Contains(sol.Candidates[i][k], c) {
					sol.Candidates[i][k] = append(sol.Candidates[i][k], c)
				}
			}
		}
		for k := range sol.Candidates[i] {
			slices.Sort(sol.Candidates[i][k])
		}
	}

	// The first solution: walk the rows, taking the first placement that
	// the already chosen prefix and some suffix complete.
	var prefix sums
	for i := range n {
		for j, v := range vecs[i] {
			rest := sub(sub(target, prefix), v)
			if fits(rest) && backward[i+1][rest] > 0 {
				sol.Placements = append(sol.Placements, opts[i][j])
				prefix = add(prefix, v)
				break
			}
		}
	}
	return sol, nil
}

// extend adds each vector to each state, keeping sums under target and
// adding up the ways.
func extend(states map[sums]int64, vecs []sums, target sums) (map[sums]int64, error) {
	out := make(map[sums]int64, len(states))
	for s, ways := range states {
		for _, v := range vecs {
			t := add(s, v)
			if !fits(sub(target, t)) {
				continue
			}
			out[t] = satAdd(out[t], ways)
			if len(out) > MaxPartialStates {
				return nil, fmt.Errorf("more than %d partial column sums: the table is too ambiguous to solve", MaxPartialStates)
			}
		}
	}
	return out, nil
}

func usable(prefix, suffix map[sums]int64, v, target sums) bool {
	for s := range prefix {
		rest := sub(sub(target, s), v)
		if fits(rest) && suffix[rest] > 0 {
			return true
		}
	}
	return false
}

func add(a, b sums) sums {
	for c := range a {
		a[c] += b[c]
	}
	return a
}

func sub(a, b sums) sums {
	for c := range a {
		a[c] -= b[c]
	}
	return a
}

// fits reports whether no component is negative.
func fits(a sums) bool {
	for _, v := range a {
		if v < 0 {
			return false
		}
	}
	return true
}

func satAdd(a, b int64) int64 {
	if a > (1<<63-1)-b {
		return 1<<63 - 1
	}
	return a + b
}

// fmtHundredths formats hundredths as a decimal, trailing zeros dropped.
func fmtHundredths(v int64) string {
	s := fmt.Sprintf("%d.%02d", v/100, v%100)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
