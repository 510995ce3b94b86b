package wire

import (
	"errors"
	"math"
	"strconv"
)

// errNotDecimal is the reason ParseFloat and ParseInt give for text that is
// not a plain decimal number.
var errNotDecimal = errors.New("not a decimal number (digits with an optional '-', '.' and exponent; no '+', '_', hex, Inf or NaN)")

// errOutOfRange is the reason for a number too large to represent.
var errOutOfRange = errors.New("out of range")

// ParseFloat reads a number the API was sent as text (a query parameter or
// header): -?digits(.digits)?([eE][+-]?digits)?, finite. strconv.ParseFloat
// alone also takes "1_0", "0x1p4", "+1", "Inf" and "NaN"; every handler
// parses numbers through this function or ParseInt instead.
func ParseFloat(s string) (float64, error) {
	if !isDecimal(s, true) {
		return 0, errNotDecimal
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, errOutOfRange
	}
	return f, nil
}

// ParseInt reads an integer the API was sent as text: -?digits, within
// int64.
func ParseInt(s string) (int64, error) {
	if !isDecimal(s, false) {
		return 0, errNotDecimal
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errOutOfRange
	}
	return n, nil
}

// isDecimal reports whether s is -?digits, followed, when fraction is set,
// by an optional .digits and an optional exponent [eE][+-]?digits.
func isDecimal(s string, fraction bool) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > start
	}
	if !digits() {
		return false
	}
	if fraction && i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if fraction && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}
